"""Suggest resolution channels for a dispute, ranked, from the rule table in ``paths.toml``.

The rules are data: which categories a channel fits, which facts raise it or rule it out, what
to tell the resident (reasons, documents, warnings), in zh and en. The schema is described at
the top of the TOML file. It is loaded, checked and compiled once; a call then costs a few
regular expressions and a loop over fifteen channels.
"""

from __future__ import annotations

import functools
import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from concord.resolution.engine.facts import (
    EN_NUMERALS,
    CaseFacts,
    Facts,
    extract,
    mentions,
    normalise,
    word_pattern,
)


@dataclass(frozen=True)
class Suggestion:
    """One channel suggested for a case, with what to tell the resident in one language."""

    channel: str
    score: int  # higher is better
    reasons: tuple[str, ...]
    documents: tuple[str, ...]
    warnings: tuple[str, ...]


_BOOLEAN_FACTS = frozenset(f.name for f in fields(Facts) if f.name not in ("amount", "days_ago"))
_PRESENCE = frozenset({"amount", "ago"})  # a sum / a start date is known
_THRESHOLDS = {"amount_at_least": "yuan", "amount_below": "yuan", "days_at_least": "days"}
_PLACEHOLDERS = {"amount", "ago"}
_WARN_WITHIN_DAYS = 60


@dataclass(frozen=True)
class _Condition:
    name: str
    value: int | bool = True  # the truth wanted, or a threshold's number


@dataclass(frozen=True)
class _Text:
    zh: str
    en: str
    conditions: tuple[_Condition, ...] = ()
    limit_days: int | None = None
    warn_within_days: int = _WARN_WITHIN_DAYS


@dataclass(frozen=True)
class _Channel:
    code: str
    categories: frozenset[str]
    base: int
    elsewhere: int | None
    alongside: bool
    rule_out: tuple[_Condition, ...]
    weights: tuple[tuple[_Condition, int], ...]
    reasons: tuple[_Text, ...]
    notes: tuple[_Text, ...]
    warnings: tuple[_Text, ...]
    documents_zh: tuple[str, ...]
    documents_en: tuple[str, ...]


@dataclass(frozen=True)
class _Rules:
    channels: tuple[_Channel, ...]
    cues: tuple[tuple[str, re.Pattern[str], bool], ...]  # name, words, negatable


def rules_path() -> Path:
    """The TOML file holding the rules."""
    return Path(__file__).with_name("paths.toml")


def channel_codes() -> tuple[str, ...]:
    """Every channel code the rules know, in catalogue order."""
    return tuple(channel.code for channel in _rules().channels)


def suggest(case: CaseFacts, *, language: str = "zh-hans", limit: int = 5) -> list[Suggestion]:
    """The channels that fit ``case``, best first, at most ``limit``.

    Channels ruled out, or scoring 0 or less, are left out; ties keep the catalogue order. Texts
    are Chinese for a ``language`` starting with "zh", English otherwise.
    """
    rules = _rules()
    facts = extract(case)
    norm = normalise(case.text)
    cues = frozenset(name for name, pattern, negatable in rules.cues if mentions(pattern, norm, negatable=negatable))
    scored: list[tuple[int, int, _Channel]] = []
    for order, channel in enumerate(rules.channels):
        score = _score(channel, case, facts, cues)
        if score is not None and score > 0:
            scored.append((-score, order, channel))
    scored.sort(key=lambda item: item[:2])
    # A channel "alongside" (counselling) goes with resolving the dispute, never before it.
    ranked = [channel for _, _, channel in scored]
    first = next((i for i, channel in enumerate(ranked) if not channel.alongside), 0)
    if first:
        ranked.insert(0, ranked.pop(first))
    scores = {channel.code: -negative for negative, _, channel in scored}
    zh = language.lower().startswith("zh")
    return [_suggestion(channel, scores[channel.code], facts, cues, zh) for channel in ranked[: max(limit, 0)]]


def _score(channel: _Channel, case: CaseFacts, facts: Facts, cues: frozenset[str]) -> int | None:
    fits = bool({"*", case.category, case.parent} & channel.categories)
    score = channel.base if fits else channel.elsewhere
    if score is None or any(_holds(condition, facts, cues) for condition in channel.rule_out):
        return None
    return score + sum(weight for condition, weight in channel.weights if _holds(condition, facts, cues))


def _holds(condition: _Condition, facts: Facts, cues: frozenset[str]) -> bool:
    name, value = condition.name, condition.value
    if name == "amount_at_least":
        return facts.amount is not None and facts.amount >= value
    if name == "amount_below":
        return facts.amount is not None and facts.amount < value
    if name == "days_at_least":
        return facts.days_ago is not None and facts.days_ago >= value
    if name == "amount":
        present = facts.amount is not None
    elif name == "ago":
        present = facts.days_ago is not None
    elif name in _BOOLEAN_FACTS:
        present = bool(getattr(facts, name))
    else:
        present = name in cues
    return present == value


def _suggestion(channel: _Channel, score: int, facts: Facts, cues: frozenset[str], zh: bool) -> Suggestion:
    def shown(texts: Iterable[_Text]) -> list[str]:
        return [_render(text, facts, zh) for text in texts if all(_holds(c, facts, cues) for c in text.conditions)]

    def due(text: _Text) -> bool:
        if text.limit_days is None:
            return True
        return facts.days_ago is not None and facts.days_ago >= text.limit_days - text.warn_within_days

    reason = shown(channel.reasons)[:1]  # the first row that holds; the last row always does
    return Suggestion(
        channel=channel.code,
        score=score,
        reasons=(*reason, *shown(channel.notes)),
        documents=channel.documents_zh if zh else channel.documents_en,
        warnings=tuple(shown(text for text in channel.warnings if due(text))),
    )


def _render(text: _Text, facts: Facts, zh: bool) -> str:
    template = text.zh if zh else text.en
    values = {
        "amount": f"¥{facts.amount:,}" if facts.amount is not None else "",
        "ago": format_ago(facts.days_ago, zh=zh) if facts.days_ago is not None else "",
    }
    return template.format_map(values)


_ZH_NUMERALS = "零一两三四五六七八九十"


def format_ago(days: int, *, zh: bool) -> str:
    """How long ago, in plain words: "约两年前" / "about two years ago", "约3个月前" / "about three months ago"."""
    units = ((365, "年", "year"), (30, "个月", "month"), (7, "周", "week"), (1, "天", "day"))
    size, zh_unit, en_unit = next((unit for unit in units if days >= unit[0]), (0, "", ""))
    if not size:
        return "今天" if zh else "today"
    count = round(days / size)
    if zh:
        return f"约{_ZH_NUMERALS[count] if count <= 10 else count}{zh_unit}前"
    word = EN_NUMERALS[count] if count <= 12 else str(count)
    return f"about {'a' if count == 1 else word} {en_unit}{'' if count == 1 else 's'} ago"


# --- Loading and checking the rules ---------------------------------------------------------------


@functools.cache
def _rules() -> _Rules:
    with rules_path().open("rb") as file:
        data = tomllib.load(file)
    cue_names = frozenset(data.get("cue", {}))
    cues = tuple(
        (name, word_pattern(cue.get("zh", []), cue.get("en", [])), bool(cue.get("negatable", True)))
        for name, cue in data.get("cue", {}).items()
    )
    channels = tuple(_channel(code, table, cue_names) for code, table in data["channel"].items())
    return _Rules(channels=channels, cues=cues)


def _channel(code: str, table: Mapping[str, Any], cues: frozenset[str]) -> _Channel:
    def where() -> str:
        return f"{rules_path().name}: channel {code!r}"

    def condition(name: str, value: Any) -> _Condition:
        if name in _THRESHOLDS:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{where()}: {name} needs a number, not {value!r}")
        elif name not in _BOOLEAN_FACTS | _PRESENCE | cues:
            raise ValueError(f"{where()}: unknown fact or cue {name!r}")
        elif not isinstance(value, bool):
            raise ValueError(f"{where()}: {name} should be true or false, not {value!r}")
        return _Condition(name, value)

    def weights(when: Mapping[str, Any]) -> Iterable[tuple[_Condition, int]]:
        for name, value in when.items():
            if name in _THRESHOLDS:
                for row in value if isinstance(value, list) else [value]:
                    yield condition(name, row[_THRESHOLDS[name]]), int(row["score"])
            else:
                yield condition(name, True), int(value)

    def texts(rows: list[Mapping[str, Any]], *, warning: bool = False) -> tuple[_Text, ...]:
        built = []
        for row in rows:
            names = [(item.removeprefix("not "), not item.startswith("not ")) for item in row.get("if", [])]
            text = _Text(
                zh=row["zh"],
                en=row["en"],
                conditions=tuple(condition(name, wanted) for name, wanted in names),
                limit_days=row.get("limit_days") if warning else None,
                warn_within_days=row.get("warn_within_days", _WARN_WITHIN_DAYS),
            )
            known = {name for name, wanted in names if wanted} | ({"ago"} if text.limit_days is not None else set())
            for template in (text.zh, text.en):
                used = {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
                if used - _PLACEHOLDERS or used - known:
                    raise ValueError(f"{where()}: {template!r} uses {sorted(used)} without them in its `if`")
            built.append(text)
        return tuple(built)

    missing = {"name_zh", "name_en", "external", "categories", "base", "documents_zh", "documents_en"} - set(table)
    if missing:
        raise ValueError(f"{where()}: missing {sorted(missing)}")
    reasons = texts(table.get("reason", []))
    if not reasons or reasons[-1].conditions:
        raise ValueError(f"{where()}: the last reason must have no `if` (it is the default)")
    elsewhere = table.get("elsewhere")
    return _Channel(
        code=code,
        categories=frozenset(table["categories"]),
        base=int(table["base"]),
        elsewhere=None if elsewhere is None else int(elsewhere),
        alongside=bool(table.get("alongside", False)),
        rule_out=tuple(condition(name, value) for name, value in table.get("rule_out", {}).items()),
        weights=tuple(weights(table.get("when", {}))),
        reasons=reasons,
        notes=texts(table.get("note", [])),
        warnings=texts(table.get("warning", []), warning=True),
        documents_zh=tuple(table["documents_zh"]),
        documents_en=tuple(table["documents_en"]),
    )
