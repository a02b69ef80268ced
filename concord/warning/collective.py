"""Collective disputes: many cases naming the same counterparty (an employer, a
property-management company, a developer, a school...) in a short window, wherever they
were reported, become one alert listing the cases.

A counterparty is an organisation named as the other party: matched by its code (the keyed
hash of a registration number, never the number) or by its name normalised (width, case,
spaces and punctuation, legal-form suffixes such as 有限公司 or "Co., Ltd."). Unnamed ones
("某小学", "a private clinic") are never matched: they are different places.

The rule: at least ``CONCORD_COLLECTIVE_MIN_CASES`` cases in the last
``CONCORD_COLLECTIVE_WINDOW_DAYS`` days, and more than the counterparty's own past year
makes likely: at least twice its usual number and unlikely by chance (Poisson, p < 0.001).
The second condition keeps a large landlord's steady trickle of complaints from alarming
every day; a counterparty with no past is judged by the first alone. Only parties to
reported cases are ever matched, and only organisations here.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

from concord.cases.counting import counted
from concord.cases.models import Party, PartyKind, PartyRole
from concord.cases.queries import all_categories
from concord.dates import days_between
from concord.geo.models import Region
from concord.geo.queries import ANCESTOR_PATH
from concord.routing.services import route
from concord.warning.findings import Finding, episode_of
from concord.warning.models import Alert, AlertKind, AlertStatus
from concord.warning.stats import poisson_sf, poisson_threshold

BASELINE_DAYS = 365
# Judged every day for every counterparty: a stricter level than the weekly count detector's,
# and a wave is at least twice the usual number, not a wobble in a large landlord's trickle.
ALPHA = 0.001
WAVE_FACTOR = 2.0
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


@lru_cache(maxsize=65_536)
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


def detect_collective(day: date) -> list[Finding]:
    """Signals for the window of days ending with ``day``."""
    window_days = settings.CONCORD_COLLECTIVE_WINDOW_DAYS
    first = day - timedelta(days=window_days - 1)
    start, end = days_between(first - timedelta(days=BASELINE_DAYS), day)
    rows = (
        Party.objects.filter(counted("case__"), role=PartyRole.OTHER_PARTY, kind=PartyKind.ORGANISATION)
        .filter(case__created_at__gte=start, case__created_at__lt=end)
        .values_list("case_id", "name", "id_number_hash", "case__created_at", "case__region_id", "case__category_id")
    )
    local = timezone.get_current_timezone()
    groups = _Groups()
    mentions: list[tuple[str, tuple[int, str, date, int, int]]] = []
    for case_id, name, code_hash, created, region_id, category_id in rows:
        keys = [key for key in (f"code:{code_hash}" if code_hash else "", _name_key(name)) if key]
        if not keys:
            continue
        for key in keys[1:]:
            groups.union(keys[0], key)
        mentions.append((keys[0], (case_id, name, created.astimezone(local).date(), region_id, category_id)))
    by_group: dict[str, list[tuple[int, str, date, int, int]]] = defaultdict(list)
    for key, mention in mentions:
        by_group[groups.find(key)].append(mention)
    findings = []
    for key, found in by_group.items():
        finding = _judge(key, found, first, day)
        if finding is not None:
            findings.append(finding)
    return findings


def _name_key(name: str) -> str:
    normalised = counterparty_name(name)
    return f"name:{normalised}" if normalised else ""


def _judge(key: str, found: list[tuple[int, str, date, int, int]], first: date, day: date) -> Finding | None:
    """The finding for one counterparty's cases (the past year and the window), if any.

    The rule is judged on the window. An alert keeps counting the whole episode: the cases
    since it began (its evidence never shrinks as old cases leave the window), against the
    counterparty's daily rate in the year before the window.
    """
    minimum = settings.CONCORD_COLLECTIVE_MIN_CASES
    if sum(first <= mention[2] <= day for mention in found) < minimum:
        return None  # too few in the window whatever its history: no need to look it up
    thread = hashlib.sha256(key.encode()).hexdigest()[:24]
    latest = Alert.objects.filter(kind=AlertKind.COLLECTIVE, thread=thread).order_by("-window_end").first()
    ongoing = latest if latest is not None and latest.status != AlertStatus.CLOSED else None
    # After a review is closed, only cases reported since its window start a new episode.
    since = first if latest is None or ongoing else max(first, latest.window_end + timedelta(days=1))
    window = [mention for mention in found if since <= mention[2] <= day]
    past = [mention for mention in found if mention[2] < first]
    days = (day - first).days + 1
    expected = len(past) * days / BASELINE_DAYS
    if len(window) < minimum or len(window) < WAVE_FACTOR * expected:
        return None
    if poisson_sf(len(window), expected) >= ALPHA:
        return None
    episode = episode_of(ongoing.key) if ongoing else min(mention[2] for mention in window)
    # The usual daily rate is the one before the episode began (kept on the alert): later
    # windows would count the episode's own first cases as its past.
    daily_rate = ongoing.details.get("daily_rate", 0.0) if ongoing else len(past) / BASELINE_DAYS
    cases = {mention[0]: mention for mention in found if episode <= mention[2] <= day}
    last = max(mention[2] for mention in cases.values())
    episode_expected = daily_rate * ((last - episode).days + 1)
    region = _common_region({mention[3] for mention in cases.values()})
    category_id = Counter(mention[4] for mention in cases.values()).most_common(1)[0][0]
    return Finding(
        kind=AlertKind.COLLECTIVE,
        thread=thread,
        episode=episode,
        region=region,
        unit=route(region.ancestors(), all_categories()[category_id]),
        window_start=episode,
        window_end=last,
        detector="collective",
        observed=float(len(cases)),
        expected=episode_expected,
        threshold=float(max(minimum, poisson_threshold(expected, ALPHA), math.ceil(WAVE_FACTOR * expected))),
        p_value=poisson_sf(len(cases), episode_expected),
        subject=Counter(mention[1] for mention in cases.values()).most_common(1)[0][0][:200],
        case_ids=sorted(cases),
        details={
            "days": days,
            "daily_rate": daily_rate,
            "areas": len({mention[3] for mention in cases.values()}),
        },
    )


def _common_region(region_ids: set[int]) -> Region:
    """The smallest region holding all of these (their deepest common ancestor)."""
    regions = Region.objects.select_related(ANCESTOR_PATH).in_bulk(region_ids)
    chains = [regions[pk].ancestors() for pk in sorted(region_ids)]
    shared = set.intersection(*({region.pk for region in chain} for chain in chains))
    return next(region for region in chains[0] if region.pk in shared)
