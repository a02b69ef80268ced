"""Collective disputes: many cases naming the same counterparty (an employer, a
property-management company, a developer, a school...) in a short window, wherever they
were reported, become one alert listing the cases.

A counterparty is an organisation named as the other party: matched by its code (the keyed
hash of a registration number, never the number) or by its name normalised (width, case,
spaces and punctuation, legal-form suffixes such as 有限公司 or "Co., Ltd."). Unnamed ones
("某小学", "a private clinic") are never matched: they are different places.

The rule: at least ``CONCORD_COLLECTIVE_MIN_CASES`` cases in the last
``CONCORD_COLLECTIVE_WINDOW_DAYS`` days, and more than the counterparty's own past year
makes likely (Poisson, at ``CONCORD_WARNING_ALPHA``). The second condition keeps a large
landlord's steady trickle of complaints from alarming every day; a counterparty with no
past is judged by the first alone. Only people who are parties to reported cases are ever
matched, and only organisations here.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from concord.cases.models import Party, PartyKind, PartyRole
from concord.cases.queries import all_categories
from concord.dates import days_between
from concord.geo.models import Region
from concord.geo.queries import ANCESTOR_PATH
from concord.routing.services import route
from concord.warning.models import Alert, AlertKind, AlertStatus
from concord.warning.rollups import counted
from concord.warning.signals import Signal, episode_of
from concord.warning.stats import poisson_sf, poisson_threshold

BASELINE_DAYS = 365
_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
    "coltd",
    "companylimited",
    "limited",
    "ltd",
    "inc",
    "company",
    "co",
)
_NOT_WORD = re.compile(r"[\W_]+")


def counterparty_name(name: str) -> str:
    """The name as matched: "恒达服装厂有限公司" and "恒达 服装厂" are the same; "" for no
    usable name (empty, too short, or unnamed like "某小学" or "a private clinic")."""
    folded = unicodedata.normalize("NFKC", name).casefold().strip()
    if folded.startswith(("某", "a ", "an ")):
        return ""
    text = _NOT_WORD.sub("", folded)
    if text in _SUFFIXES:
        return ""
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text.removesuffix(suffix)
            break
    return text if len(text) >= 2 else ""


class _Groups:
    """Union-find over counterparty keys: a name and a code seen together are one party."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def detect_collective(day: date) -> list[Signal]:
    """Signals for the window of days ending with ``day``."""
    window_days = settings.CONCORD_COLLECTIVE_WINDOW_DAYS
    first = day - timedelta(days=window_days - 1)
    start, end = days_between(first - timedelta(days=BASELINE_DAYS), day)
    rows = (
        Party.objects.filter(counted("case__"), role=PartyRole.OTHER_PARTY, kind=PartyKind.ORGANISATION)
        .filter(case__created_at__gte=start, case__created_at__lt=end)
        .values_list("case_id", "name", "id_number_hash", "case__created_at", "case__region_id", "case__category_id")
    )
    groups = _Groups()
    mentions: list[tuple[str, tuple[int, str, date, int, int]]] = []
    for case_id, name, code_hash, created, region_id, category_id in rows:
        keys = [key for key in (f"code:{code_hash}" if code_hash else "", _name_key(name)) if key]
        if not keys:
            continue
        for key in keys[1:]:
            groups.union(keys[0], key)
        mentions.append((keys[0], (case_id, name, timezone.localdate(created), region_id, category_id)))
    by_group: dict[str, list[tuple[int, str, date, int, int]]] = defaultdict(list)
    for key, mention in mentions:
        by_group[groups.find(key)].append(mention)
    signals = []
    for key, found in by_group.items():
        signal = _judge(key, found, first, day)
        if signal is not None:
            signals.append(signal)
    return signals


def _name_key(name: str) -> str:
    normalised = counterparty_name(name)
    return f"name:{normalised}" if normalised else ""


def _judge(key: str, found: list[tuple[int, str, date, int, int]], first: date, day: date) -> Signal | None:
    thread = hashlib.sha256(key.encode()).hexdigest()[:24]
    latest = Alert.objects.filter(kind=AlertKind.COLLECTIVE, thread=thread).order_by("-window_end").first()
    ongoing = latest if latest is not None and latest.status != AlertStatus.CLOSED else None
    # After a review is closed, only cases reported since its window start a new episode.
    since = first if latest is None or ongoing else max(first, latest.window_end + timedelta(days=1))
    window = {case_id: (name, d, region, cat) for case_id, name, d, region, cat in found if since <= d <= day}
    past = {case_id for case_id, _name, d, _region, _cat in found if d < first}
    minimum = settings.CONCORD_COLLECTIVE_MIN_CASES
    if len(window) < minimum:
        return None
    expected = len(past) * ((day - first).days + 1) / BASELINE_DAYS
    p_value = poisson_sf(len(window), expected)
    if p_value >= settings.CONCORD_WARNING_ALPHA:
        return None
    region = _common_region({region for _n, _d, region, _c in window.values()})
    category_id = Counter(cat for _n, _d, _r, cat in window.values()).most_common(1)[0][0]
    days = sorted(d for _n, d, _r, _c in window.values())
    episode = episode_of(ongoing.key) if ongoing else days[0]
    return Signal(
        kind=AlertKind.COLLECTIVE,
        thread=thread,
        episode=episode,
        region=region,
        unit=route(region.ancestors(), all_categories()[category_id]),
        window_start=episode,
        window_end=day,
        detector="collective",
        observed=float(len(window)),
        expected=expected,
        threshold=float(poisson_threshold(expected, settings.CONCORD_WARNING_ALPHA, at_least=minimum)),
        p_value=p_value,
        subject=Counter(name for name, _d, _r, _c in window.values()).most_common(1)[0][0][:200],
        case_ids=sorted(window),
        details={
            "days": (day - first).days + 1,
            "past_year_cases": len(past),
            "areas": len({r for _n, _d, r, _c in window.values()}),
            "categories": dict(Counter(str(c) for _n, _d, _r, c in window.values())),
        },
    )


def _common_region(region_ids: set[int]) -> Region:
    """The smallest region holding all of these (their deepest common ancestor)."""
    regions = Region.objects.select_related(ANCESTOR_PATH).in_bulk(region_ids)
    chains = [regions[pk].ancestors() for pk in sorted(region_ids)]
    shared = set.intersection(*({region.pk for region in chain} for chain in chains))
    return next(region for region in chains[0] if region.pk in shared)
