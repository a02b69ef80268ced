"""Diversified resolution on the demo city: the case page of a case with 3 referrals, 4 mediation
sessions, an agreement and 20+ events; "suggest a channel" per case; the printed agreement.

    .venv/bin/python bench/resolution.py                  # var/concord.sqlite3 (the `make demo` database)
    DATABASE_URL=... .venv/bin/python bench/resolution.py # any database holding the demo city
    .venv/bin/python bench/resolution.py --build          # fresh temporary SQLite + demo_city (~1 min)

In-process with django.test.Client (server time: middleware, session, queries, templates). One
open demo case of a community office is taken down a long path through the real steps — three
referrals (declined, revoked, then accepted and mediated), four sessions, an agreement signed by
both parties, notes — inside a transaction rolled back at the end (the demo city is left as it
was). The case page is requested as its grid worker after the first referral and session, and
again with everything: the query count must not grow. Then ``suggest_channels`` (the reads of a
case's facts and the rules) on up to 500 demo cases, and the A4 agreement page.

Targets: case page p50 < 50 ms and p95 < 150 ms, the same query count for 1 and 3 referrals;
suggest < 20 ms per case (p95); the agreement document < 300 ms (p95). The last stdout line is
one JSON object. Exit status: 0 targets met, 1 missed, 2 no demo city in the database.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import log, percentile, rounded, run_on_demo_city, setup_django_here

DEFAULT_DATABASE_URL = "sqlite:///var/concord.sqlite3"
CASE_P50_MS, CASE_P95_MS, SUGGEST_MS, DOCUMENT_MS = 50.0, 150.0, 20.0, 300.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="measured requests per page (default 30)")
    parser.add_argument("--suggest-cases", type=int, default=500, help="cases to suggest channels for (default 500)")
    parser.add_argument("--build", action="store_true", help="build a fresh temporary SQLite demo database first")
    parser.add_argument("--seed", type=int, default=7, help="demo_city seed for --build (default 7)")
    parser.add_argument("--cases", type=int, default=62000, help="demo_city cases for --build (default 62000)")
    return parser.parse_args(argv)


def timed(call: Any, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def stats(times: list[float]) -> dict[str, float | None]:
    return {"p50_ms": rounded(percentile(times, 50)), "p95_ms": rounded(percentile(times, 95))}


def page_cost(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def long_path(case: Any, worker: Any, committee: Any, receiver: Any, now: Any) -> Any:
    """Three referrals and four sessions, an agreement, notes: the steps a long case takes."""
    from django.utils import timezone

    from concord.cases.models import Case, Party, PartyKind, PartyRole
    from concord.cases.services import add_note, start_mediation
    from concord.resolution.mediation import draft_agreement, end_mediation, record_session, sign_agreement
    from concord.resolution.models import Agreement
    from concord.resolution.referrals import accept_referral, decline_referral, refer_case, revoke_referral

    def fresh() -> Any:
        return Case.objects.get(pk=case.pk)

    def refer(at: Any) -> None:
        refer_case(
            fresh(), actor=worker, now=at, channel="people_mediation", unit=committee.pk, reason="r", consent="given"
        )

    def session(at: Any, actor: Any) -> None:
        record_session(
            fresh(), actor=actor, now=at, starts_at=at - timedelta(hours=1), place="Office", mediators="Li", summary="s"
        )

    if not case.parties.filter(role=PartyRole.OTHER_PARTY).exists():
        Party.objects.create(case=case, role=PartyRole.OTHER_PARTY, kind=PartyKind.PERSON, name="Zhao Lei")
    start = now - timedelta(days=3)
    start_mediation(fresh(), actor=worker, now=start)
    session(start + timedelta(hours=2), worker)
    refer(start + timedelta(hours=3))
    decline_referral(fresh(), actor=receiver, now=start + timedelta(hours=4), reason="busy")
    refer(start + timedelta(hours=5))
    revoke_referral(fresh(), actor=worker, now=start + timedelta(hours=6), reason="back")
    refer(start + timedelta(hours=7))
    accept_referral(fresh(), actor=receiver, now=start + timedelta(hours=8))
    for hour in (10, 20, 30):
        session(start + timedelta(hours=hour), receiver)
    today = timezone.localdate(now)
    draft_agreement(
        fresh(),
        actor=receiver,
        now=start + timedelta(hours=31),
        facts="Noise.",
        terms=[("Quiet after 22:00", None, today + timedelta(days=5))],
    )
    agreement = Agreement.objects.filter(case=case).latest("created_at")
    for party in range(1, len(agreement.parties) + 1):
        sign_agreement(
            fresh(),
            actor=receiver,
            now=start + timedelta(hours=32),
            agreement=agreement.pk,
            party=party,
            how="in_person",
        )
    end_mediation(fresh(), actor=receiver, now=start + timedelta(hours=33), outcome="agreement", note="Signed.")
    for n in range(6):
        add_note(fresh(), actor=worker, now=start + timedelta(hours=40 + n), note=f"Called the parties ({n}).")
    return agreement


def measure(args: argparse.Namespace, database_url: str) -> tuple[dict[str, Any], int]:
    setup_django_here(database_url)
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from concord.accounts.models import Membership, UnitKind
    from concord.cases.models import Case, CaseEvent, Status
    from concord.cases.services import accept_case
    from concord.demo.build import demo_city
    from concord.resolution.models import MediationSession, Referral
    from concord.resolution.suggest import suggest_channels

    if demo_city() is None:
        log(f"no demo city in {database_url}")
        return {"error": "no demo city"}, 2
    now = timezone.now()
    result: dict[str, Any] = {"database": database_url.split(":", 1)[0]}
    with transaction.atomic():
        case = (
            Case.objects.filter(status=Status.REPORTED, unit__kind=UnitKind.COMMUNITY_OFFICE)
            .select_related("unit")
            .order_by("-created_at")
            .first()
        )
        assert case is not None
        worker = Membership.objects.filter(unit=case.unit, role="grid_worker").select_related("user").first().user  # type: ignore[union-attr]
        from concord.accounts.models import Unit

        committee = Unit.objects.get(kind=UnitKind.MEDIATION_COMMITTEE, region_id=case.street_id)
        receiver = Membership.objects.filter(unit=committee, role="mediator").select_related("user").first().user  # type: ignore[union-attr]
        accept_case(case, actor=worker, now=now - timedelta(days=3, hours=1))
        client = Client()
        client.force_login(worker)
        url = f"/staff/cases/{case.pk}"
        agreement = long_path(case, worker, committee, receiver, now)
        events = CaseEvent.objects.filter(case=case).count()
        referrals = Referral.objects.filter(case=case).count()
        sessions = MediationSession.objects.filter(case=case).count()
        log(f"case {case.receipt}: {referrals} referrals, {sessions} sessions, {events} events")
        client.get(url)  # warm the caches
        queries_full = page_cost(client, url)
        times = timed(lambda: client.get(url), args.rounds)
        result["case_page"] = {
            **stats(times),
            "queries": queries_full,
            "referrals": referrals,
            "sessions": sessions,
            "events": events,
        }
        # The same page with one referral and one session (the others deleted in a savepoint).
        with transaction.atomic():
            keep = list(Referral.objects.filter(case=case).order_by("id").values_list("id", flat=True)[:1])
            Referral.objects.filter(case=case).exclude(id__in=keep).delete()
            first_session = MediationSession.objects.filter(case=case).order_by("id").values_list("id", flat=True)[:1]
            MediationSession.objects.filter(case=case).exclude(id__in=list(first_session)).delete()
            result["case_page"]["queries_with_1_referral_1_session"] = page_cost(client, url)
            transaction.set_rollback(True)
        document = f"/staff/cases/{case.pk}/agreements/{agreement.pk}"
        client.get(document)
        result["agreement_document"] = stats(timed(lambda: client.get(document), args.rounds))
        # Suggest a channel: the case's facts read from the database, then the rules.
        sample = list(Case.objects.select_related("category", "unit").order_by("-id")[: args.suggest_cases])
        suggest_channels(sample[0])
        per_case = []
        for one in sample:
            started = time.perf_counter()
            suggest_channels(one)
            per_case.append((time.perf_counter() - started) * 1000)
        result["suggest"] = {**stats(per_case), "max_ms": rounded(max(per_case)), "cases": len(per_case)}
        transaction.set_rollback(True)
    page = result["case_page"]
    met = (
        page["p50_ms"] < CASE_P50_MS
        and page["p95_ms"] < CASE_P95_MS
        and page["queries"] == page["queries_with_1_referral_1_session"]
        and result["suggest"]["p95_ms"] < SUGGEST_MS
        and result["agreement_document"]["p95_ms"] < DOCUMENT_MS
    )
    result["targets_met"] = met
    return result, 0 if met else 1


def main() -> int:
    args = parse_args()
    return run_on_demo_city(args, measure, "concord_bench_resolution", DEFAULT_DATABASE_URL)


if __name__ == "__main__":
    raise SystemExit(main())
