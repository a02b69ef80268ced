"""The zh-Hans catalogue is complete, compiled and up to date with the source strings.

When a test here fails: run `make messages`, translate the new entries in
concord/locale/zh_Hans/LC_MESSAGES/django.po (no "fuzzy" left), run `make messages`
again to compile, and commit both the .po and the .mo files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = PROJECT_ROOT / "concord"
LOCALE = PACKAGE / "locale"
ZH_PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
ZH_MO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"

FIX_HINT = "run `make messages`, translate the new entries in the zh_Hans django.po, then `make messages` again"

# %(name)s / %(n)d / %s / %d (python-format), {name} (python-brace-format), {{ name }} (templates)
_PERCENT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_DOUBLE_BRACE = re.compile(r"\{\{\s*[^{}]*?\s*\}\}")
_BRACE = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_.\[\]]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def placeholders(text: str) -> set[str]:
    """The set of placeholders in a message; ``%%`` is a literal, not a placeholder."""
    found = {p for p in _PERCENT.findall(text) if p != "%%"}
    found |= {re.sub(r"\s+", "", p) for p in _DOUBLE_BRACE.findall(text)}
    found |= set(_BRACE.findall(_DOUBLE_BRACE.sub("", text)))
    return found


def translations(entries: polib.POFile | polib.MOFile) -> dict[tuple[str, str], tuple[str, ...]]:
    """(msgctxt, msgid) -> the translation(s), ignoring the header entry."""
    table: dict[tuple[str, str], tuple[str, ...]] = {}
    for entry in entries:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = (entry.msgctxt or "", entry.msgid)
        if entry.msgid_plural:
            table[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            table[key] = (entry.msgstr,)
    return table


@pytest.fixture(scope="module")
def zh_po() -> polib.POFile:
    assert ZH_PO.is_file(), f"{ZH_PO} is missing: {FIX_HINT}"
    return polib.pofile(str(ZH_PO))


def test_placeholder_scanner() -> None:
    assert placeholders("%(what)s is too long (at most %(n)d characters). 100%%") == {"%(what)s", "%(n)d"}
    assert placeholders("You cannot {action} a case that is {status}.") == {"{action}", "{status}"}
    assert placeholders("kept for {{ years }} years, {{n}}") == {"{{years}}", "{{n}}"}
    assert placeholders("%s of %d") == {"%s", "%d"}


def test_zh_catalogue_header_declares_one_plural_form(zh_po: polib.POFile) -> None:
    assert zh_po.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in zh_po.metadata.get("Content-Type", "")
    assert not zh_po.metadata_is_fuzzy, "the header of the zh_Hans catalogue is marked fuzzy"


def test_every_zh_entry_is_translated_and_not_fuzzy(zh_po: polib.POFile) -> None:
    live = [entry for entry in zh_po if not entry.obsolete]
    assert len(live) > 100, "the zh_Hans catalogue looks truncated"
    fuzzy = [entry.msgid for entry in live if "fuzzy" in entry.flags]
    assert not fuzzy, f"fuzzy entries (check the translation, then remove the flag): {fuzzy}"
    untranslated = []
    for entry in live:
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(max(1, len(entry.msgstr_plural)))]
            if not forms or not all(form.strip() for form in forms):
                untranslated.append(entry.msgid)
        elif not entry.msgstr.strip():
            untranslated.append(entry.msgid)
    assert not untranslated, f"untranslated zh_Hans entries ({FIX_HINT}): {untranslated}"


def test_zh_placeholders_match_the_source(zh_po: polib.POFile) -> None:
    wrong = []
    for entry in zh_po:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            # one Chinese form stands for singular and plural: it must carry what both use
            expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            targets = list(entry.msgstr_plural.values())
        else:
            expected = placeholders(entry.msgid)
            targets = [entry.msgstr]
        for target in targets:
            if placeholders(target) != expected:
                wrong.append(f"{entry.msgid!r}: expected {sorted(expected)}, got {sorted(placeholders(target))}")
    assert not wrong, "placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


def test_report_page_strings_have_the_agreed_chinese(zh_po: polib.POFile) -> None:
    by_id = {entry.msgid: entry.msgstr for entry in zh_po}
    assert "反映" in by_id["Report a dispute"]
    assert by_id["Please choose what the dispute is about."].startswith("请选择")
    assert by_id["sign for"] == "签收"


@pytest.mark.parametrize(("po_path", "mo_path"), [(ZH_PO, ZH_MO), (EN_PO, EN_MO)], ids=["zh_Hans", "en"])
def test_compiled_catalogue_matches_the_po(po_path: Path, mo_path: Path) -> None:
    assert mo_path.is_file(), f"{mo_path} is missing: run `make messages` (compilemessages) and commit the .mo"
    compiled = translations(polib.mofile(str(mo_path)))
    # msgfmt leaves out entries without a translation, so compare only the translated ones
    source = {key: value for key, value in translations(polib.pofile(str(po_path))).items() if all(value)}
    stale = sorted(msgid for (_ctx, msgid) in set(source) ^ set(compiled))
    stale += sorted(key[1] for key, value in source.items() if key in compiled and compiled[key] != value)
    assert not stale, f"{mo_path.name} is out of date with {po_path.name}, run `make messages`: {stale}"


def _copy_ignore(directory: str, names: list[str]) -> set[str]:
    return {name for name in names if name == "__pycache__" or name.endswith((".mo", ".pyc"))}


def test_catalogue_has_every_source_string(tmp_path: Path, zh_po: polib.POFile) -> None:
    """Re-extract the strings (as `make messages` does) in a copy of the tree; none may be missing."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed")
    shutil.copytree(PACKAGE, tmp_path / "concord", ignore=_copy_ignore)
    shutil.copy2(PROJECT_ROOT / "manage.py", tmp_path / "manage.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "concord.settings", "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "../manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location"],
        cwd=tmp_path / "concord",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    regenerated = polib.pofile(str(tmp_path / "concord" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = {(entry.msgctxt or "", entry.msgid) for entry in zh_po if entry.msgid and not entry.obsolete}
    wanted = {(entry.msgctxt or "", entry.msgid) for entry in regenerated if entry.msgid and not entry.obsolete}
    missing = sorted(msgid for (_ctx, msgid) in wanted - committed)
    assert not missing, f"source strings missing from the zh_Hans catalogue ({FIX_HINT}):\n" + "\n".join(missing)


@pytest.mark.django_db
def test_tracking_page_speaks_chinese_and_english(client: Client, zh_po: polib.POFile) -> None:
    chinese = zh_po.find("Follow your case")
    assert chinese is not None and chinese.msgstr
    zh = client.get("/t/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert zh.status_code == 200
    body = zh.content.decode()
    assert chinese.msgstr in body and "Follow your case" not in body
    assert '<html lang="zh-hans">' in body

    en = client.get("/t/", HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 200
    assert "Follow your case" in en.content.decode()
    assert chinese.msgstr not in en.content.decode()
