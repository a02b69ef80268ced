"""The layer order written in the README is the one the code keeps: a module imports only from
its own layer or below (tests and migrations aside). The rule list is read from the README's
``layers`` block, so that the order is written down once and enforced from there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "concord"
README = ROOT / "README.md"
# The site itself (settings, URL map, templates' context): it puts the layers together.
SITE = "site"


def layers() -> dict[str, int | str]:
    """Module prefix -> its layer number (or "site"), from the README's layers block."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- layers -->\s*```text\n(.*?)```", text, re.DOTALL)
    assert block, "README.md has no <!-- layers --> block"
    table: dict[str, int | str] = {}
    for line in block.group(1).splitlines():
        name, _, modules = line.partition(":")
        level: int | str = SITE if name.strip() == SITE else int(name.split()[-1])
        for module in modules.split():
            table[module] = level
    return table


def layer_of(module: str, table: dict[str, int | str]) -> int | str | None:
    """The layer of the longest prefix of ``module`` in the table (``concord.risk.engine.text``
    is in ``concord.risk.engine``'s layer, not ``concord.risk``'s)."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        found = table.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None


def module_name(path: Path, root: Path = ROOT) -> str:
    relative = path.relative_to(root).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of a concord module, at any depth of the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("concord")]
        elif isinstance(node, ast.ImportFrom) and node.level:
            # A relative import would hide where it reaches: the code names modules in full.
            found.append((node.lineno, "." * node.level + (node.module or "")))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("concord"):
            # "from concord.cases import services" imports the module concord.cases.services.
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return sorted(found)


def checked_files() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not {"tests", "tests_i18n", "migrations"} & set(path.relative_to(PACKAGE).parts)
        and path.name not in ("testing.py", "conftest.py")
        and path != PACKAGE / "__init__.py"
    ]


def violations(files: list[Path], root: Path = ROOT) -> list[str]:
    table = layers()
    wrong = []
    for path in files:
        own = layer_of(module_name(path, root), table)
        assert own is not None, f"{module_name(path, root)} is in no layer of the README"
        if own == SITE:
            continue
        for line, imported in imports_of(path):
            if imported.startswith("."):
                wrong.append(f"{path.relative_to(root)}:{line} imports {imported} relatively")
                continue
            theirs = layer_of(imported, table)
            assert theirs is not None, f"{path}:{line} imports {imported}, which is in no layer"
            if theirs == SITE or int(theirs) > int(own):
                wrong.append(f"{path.relative_to(root)}:{line} (layer {own}) imports {imported} (layer {theirs})")
    return wrong


def test_every_module_imports_only_from_its_layer_or_below() -> None:
    assert violations(checked_files()) == []


def test_a_package_holding_a_lower_layer_imports_nothing() -> None:
    """Importing ``concord.risk.engine`` (layer 0) runs ``concord/risk/__init__.py`` (layer 5)
    first: such a package's ``__init__`` must import nothing, or the lower layer would."""
    table = layers()
    for module, level in table.items():
        parts = module.split(".")
        for end in range(2, len(parts)):
            parent = ".".join(parts[:end])
            init = ROOT.joinpath(*parent.split("."), "__init__.py")
            if init.exists() and layer_of(parent, table) != level:
                assert imports_of(init) == [], f"{init} imports what {module} (layer {level}) would then import"


def test_the_check_finds_an_upward_import(tmp_path: Path) -> None:
    """The check is not vacuous: a lower layer importing a higher one is reported, also from
    inside a function; an import from the same layer or below is not."""
    table = layers()
    assert layer_of("concord.risk.engine.text", table) == 0
    assert layer_of("concord.risk.services", table) == 5
    probe = tmp_path / "concord" / "geo" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "from concord.geo.models import Region\nfrom concord.risk.engine import text\n"
        "def f():\n    from concord.cases import services\n"
        "from . import models\n",
        encoding="utf-8",
    )
    assert violations([probe], root=tmp_path) == [
        "concord/geo/probe.py:4 (layer 0) imports concord.cases.services (layer 3)",
        "concord/geo/probe.py:5 imports . relatively",
    ]
