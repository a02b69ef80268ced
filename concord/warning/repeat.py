"""Repeat disputes: the same people in a third (or later) dispute within twelve months.

People are matched only through the keyed hashes of their normalised phone and ID numbers
(never the numbers themselves), and only people who are parties to reported cases. Each
new case that makes such a group raises (or continues) an alert on that latest case, for
the unit handling it; its leads are told.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from concord.accounts.models import Membership, Role
from concord.cases.counting import counted
from concord.cases.models import Case, Party, PartyKind
from concord.dates import days_between
from concord.geo.queries import ANCESTOR_PATH
from concord.warning.findings import Finding, episode_of
from concord.warning.models import Alert, AlertKind, AlertStatus

MIN_CASES = 3
WITHIN_DAYS = 365
# Hashes looked up per query.
CHUNK = 500


def _hashes(rows: list[tuple[int, str, str]]) -> dict[int, set[str]]:
    """The people of each case, as tagged hashes ("p:" phone, "i:" ID number)."""
    found: dict[int, set[str]] = defaultdict(set)
    for case_id, phone_hash, id_hash in rows:
        if phone_hash:
            found[case_id].add(f"p:{phone_hash}")
        if id_hash:
            found[case_id].add(f"i:{id_hash}")
    return found


def _person_parties() -> Q:
    return Q(kind=PartyKind.PERSON) & (~Q(phone_hash="") | ~Q(id_number_hash=""))


def same_people_cases(case: Case) -> list[int]:
    """The counted cases of the twelve months up to this one that share a person with it
    (matched by keyed hash), this one included."""
    rows = Party.objects.filter(_person_parties(), case=case).values_list("case_id", "phone_hash", "id_number_hash")
    hashes = _hashes(list(rows)).get(case.pk, set())
    if not hashes:
        return [case.pk]
    phones = [h[2:] for h in hashes if h.startswith("p:")]
    ids = [h[2:] for h in hashes if h.startswith("i:")]
    found = Party.objects.filter(
        Q(phone_hash__in=phones) | Q(id_number_hash__in=ids),
        _person_parties(),
        counted("case__"),
        case__created_at__gte=case.created_at - timedelta(days=WITHIN_DAYS),
        case__created_at__lte=case.created_at,
    )
    return sorted({case.pk, *found.values_list("case_id", flat=True)})


def detect_repeats(day: date) -> list[Finding]:
    """Signals for the cases reported on ``day`` that are the third or later dispute of the
    same people within twelve months."""
    start, end = days_between(day, day)
    recent_rows = Party.objects.filter(
        _person_parties(), counted("case__"), case__created_at__gte=start, case__created_at__lt=end
    ).values_list("case_id", "phone_hash", "id_number_hash")
    recent = _hashes(list(recent_rows))
    if not recent:
        return []
    phones = sorted({h[2:] for hashes in recent.values() for h in hashes if h.startswith("p:")})
    ids = sorted({h[2:] for hashes in recent.values() for h in hashes if h.startswith("i:")})
    since = start - timedelta(days=WITHIN_DAYS)
    earlier: dict[int, set[str]] = defaultdict(set)
    for field, values in (("phone_hash", phones), ("id_number_hash", ids)):
        for i in range(0, len(values), CHUNK):
            rows = Party.objects.filter(
                _person_parties(),
                counted("case__"),
                case__created_at__gte=since,
                case__created_at__lt=end,
                **{f"{field}__in": values[i : i + CHUNK]},
            ).values_list("case_id", "phone_hash", "id_number_hash")
            for case_id, hashes in _hashes(list(rows)).items():
                earlier[case_id] |= hashes
    cases = Case.objects.select_related(f"region__{ANCESTOR_PATH}", "unit", "category").in_bulk(
        set(recent) | set(earlier)
    )
    findings = []
    for case_id in sorted(recent):
        latest = cases[case_id]
        window_start = latest.created_at - timedelta(days=WITHIN_DAYS)
        group = sorted(
            other
            for other, hashes in earlier.items()
            if hashes & recent[case_id] and window_start <= cases[other].created_at <= latest.created_at
        )
        if len(group) >= MIN_CASES:
            findings.append(_finding(latest, [cases[pk] for pk in group]))
    return findings


def _finding(latest: Case, group: list[Case]) -> Finding:
    first = min(group, key=lambda case: (case.created_at, case.pk))
    thread = f"case:{first.pk}"
    ongoing = Alert.objects.filter(kind=AlertKind.REPEAT, thread=thread).exclude(status=AlertStatus.CLOSED).first()
    latest_day = timezone.localdate(latest.created_at)
    episode = episode_of(ongoing.key) if ongoing else latest_day
    leads = [
        membership.user
        for membership in Membership.objects.filter(unit=latest.unit, role=Role.UNIT_LEAD, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]
    return Finding(
        kind=AlertKind.REPEAT,
        thread=thread,
        episode=episode,
        region=latest.region,
        unit=latest.unit,
        category=latest.category,
        window_start=min(episode, timezone.localdate(first.created_at)),
        window_end=latest_day,
        detector="repeat",
        observed=float(len(group)),
        threshold=float(MIN_CASES),
        case_ids=[case.pk for case in group],
        subject=latest.receipt,
        details={"latest_case": latest.pk, "within_days": WITHIN_DAYS},
        notify_users=leads,
    )
