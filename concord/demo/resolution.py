"""Resolution in the demo city: channels linked to the units that serve them, then a few dozen
open cases taken down realistic paths — through the real steps, at past times — so that the
pages show referrals waiting, accepted and declined, cases at labour arbitration, joint
handling with the police, mediation sessions held and planned, agreements signed, confirmed
by a court, kept, past due and broken, in both languages."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from concord.accounts.access import HANDLER_ROLES
from concord.accounts.models import Membership, Unit, UnitKind
from concord.cases.models import Case, Party, PartyKind, PartyRole, Status
from concord.cases.services import start_mediation
from concord.resolution.catalogue import seed_channels
from concord.resolution.fulfilment import record_term
from concord.resolution.joint import add_assisting_unit
from concord.resolution.mediation import draft_agreement, end_mediation, plan_session, record_session, sign_agreement
from concord.resolution.models import Agreement, ResolutionChannel
from concord.resolution.referrals import (
    accept_referral,
    complete_referral,
    decline_referral,
    record_confirmation,
    refer_case,
    request_confirmation,
)

# How many open cases go down each path.
STORIES = {"street": 8, "arbitration": 6, "agreement": 14, "legal_aid": 3, "police": 4}
MEDIATED = ("neighbour_noise", "neighbour_leak", "neighbour_boundary", "neighbour_pets", "housing", "debt", "family")


def _morning(now: datetime, *, days: int) -> datetime:
    """10:00 local time ``days`` after ``now``: when a session is planned."""
    day = timezone.localdate(now) + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(10)))


def _text(case: Case, zh: str, en: str) -> str:
    return en if case.language == "en" else zh


class _Demo:
    def __init__(self, now: datetime, seed: int) -> None:
        self.now = now
        self.rng = random.Random(seed)
        self.handlers: dict[int, User] = {}
        for membership in (
            Membership.objects.filter(role__in=HANDLER_ROLES).select_related("user").order_by("role", "id")
        ):
            self.handlers.setdefault(membership.unit_id, membership.user)
        self.units_of: dict[tuple[str, int], Unit] = {
            (unit.kind, unit.region_id): unit for unit in Unit.objects.filter(is_active=True)
        }
        self.counts: dict[str, int] = {}

    def unit(self, kind: str, case: Case, level: str) -> Unit | None:
        return self.units_of.get((kind, getattr(case, f"{level}_id")))

    def at(self, case: Case, hours: float) -> datetime:
        """A moment ``hours`` after the case was last touched, never after now."""
        return min(max(case.updated_at, self.now - timedelta(days=6)) + timedelta(hours=hours), self.now)

    def counted(self, story: str) -> None:
        self.counts[story] = self.counts.get(story, 0) + 1

    def other_party(self, case: Case) -> None:
        """An agreement binds two parties: name them as a mediator would (an anonymous reporter
        gives their name to sign)."""
        roles = set(case.parties.values_list("role", flat=True))
        if PartyRole.REPORTER not in roles:
            name = _text(case, "申请人", "The applicant")
            Party.objects.create(case=case, role=PartyRole.REPORTER, kind=PartyKind.PERSON, name=name)
        if PartyRole.OTHER_PARTY not in roles:
            name = _text(case, "对方当事人", "The other party")
            Party.objects.create(case=case, role=PartyRole.OTHER_PARTY, kind=PartyKind.PERSON, name=name)

    # -- the paths -------------------------------------------------------------------------

    def agreement(self, case: Case, n: int) -> None:
        """Mediated at its own unit: a session held, an agreement signed; then kept, past due,
        broken or sent to the court for confirmation."""
        actor = self.handlers[case.unit_id]
        self.other_party(case)
        if case.status == Status.ACCEPTED:
            start_mediation(case, actor=actor, now=self.at(case, 1))
            case = Case.objects.get(pk=case.pk)
        held = self.at(case, 20)
        mediators = _text(case, "调解员 " + actor.first_name, "Mediator " + actor.first_name)
        record_session(
            case,
            actor=actor,
            now=self.at(case, 22),
            starts_at=held,
            place=_text(case, "社区调解室", "Community mediation room"),
            mediators=mediators,
            present=["reporter", "other_party"],
            summary=_text(case, "双方陈述了情况，同意按时间约定处理。", "Both sides spoke; they agreed on times."),
        )
        if n % 7 == 1:  # still mediating: the next session is planned
            plan_session(
                Case.objects.get(pk=case.pk),
                actor=actor,
                now=self.at(case, 23),
                starts_at=_morning(self.now, days=1 + n % 3),
                place=_text(case, "社区调解室", "Community mediation room"),
                mediators=mediators,
            )
            self.counted("mediating")
            return
        today = timezone.localdate(self.now)
        drafted_at = self.at(case, 24)
        # Some terms fall due the day after the agreement: by now the sweep makes them tasks.
        soon = timezone.localdate(drafted_at) + timedelta(days=1)
        first_due = soon if n % 3 == 0 else today + timedelta(days=7 + n)
        terms = [
            (
                _text(case, "被申请人每日22:00后不再制造噪音", "No noise from the respondent after 22:00"),
                None,
                first_due,
            ),
            (
                _text(case, "被申请人赔偿维修费", "The respondent pays for the repairs"),
                800 + 100 * n,
                today + timedelta(days=20),
            ),
        ]
        draft_agreement(
            Case.objects.get(pk=case.pk),
            actor=actor,
            now=drafted_at,
            facts=_text(
                case,
                "双方因噪音和漏水发生纠纷，经调解自愿达成如下协议。",
                "A dispute over noise and a leak; after mediation both sides agree as follows.",
            ),
            terms=[(text, None if amount is None else Decimal(amount), due) for text, amount, due in terms],
        )
        agreement = Agreement.objects.filter(case=case).latest("created_at")
        for party in range(1, len(agreement.parties) + 1):
            sign_agreement(
                Case.objects.get(pk=case.pk),
                actor=actor,
                now=self.at(case, 25),
                agreement=agreement.pk,
                party=party,
                how="in_person",
            )
        end_mediation(
            Case.objects.get(pk=case.pk),
            actor=actor,
            now=self.at(case, 26),
            outcome="agreement",
            note=_text(case, "签署协议。", "Signed."),
        )
        case = Case.objects.get(pk=case.pk)
        court = self.unit(UnitKind.COURT, case, "district")
        if n % 5 == 0 and court is not None:
            request_confirmation(case, actor=actor, now=self.at(case, 30), agreement=agreement.pk, unit=court.pk)
            request = agreement.confirmations.get()
            if n % 10 == 0:
                reference = f"(2026)川01{court.pk:02d}民特{100 + n}号"
                record_confirmation(
                    Case.objects.get(pk=case.pk),
                    actor=actor,
                    now=self.at(case, 60),
                    referral=request.pk,
                    reference=reference,
                    result="confirmed",
                )
            self.counted("confirmation")
        case = Case.objects.get(pk=case.pk)
        first = agreement.terms.get(number=1)
        if n % 4 == 1:
            record_term(case, actor=actor, now=self.at(case, 40), term=first.pk, result="fulfilled")
        elif n % 4 == 2 and first_due > today:
            note = _text(case, "对方又在深夜装修，协议未履行。", "Renovating at night again: not kept.")
            record_term(case, actor=actor, now=self.at(case, 40), term=first.pk, result="broken", note=note)
            self.counted("broken")
        self.counted("agreement")

    def arbitration(self, case: Case, n: int) -> None:
        """Unpaid wages: to the district labour arbitration committee, filed, some decided."""
        committee = self.unit(UnitKind.LABOUR_ARBITRATION, case, "district")
        if committee is None or case.status not in (Status.ACCEPTED, Status.IN_MEDIATION):
            return
        actor = self.handlers[case.unit_id]
        reason = _text(
            case,
            "欠薪数额较大，用人单位拒绝调解，引导申请劳动仲裁。",
            "A large wage claim and the employer refuses mediation: apply for arbitration.",
        )
        refer_case(
            case,
            actor=actor,
            now=self.at(case, 2),
            channel="labour_arbitration",
            unit=committee.pk,
            reason=reason,
            consent="given",
        )
        reference = f"锦劳人仲案字〔2026〕第{200 + n}号"
        accept_referral(Case.objects.get(pk=case.pk), actor=actor, now=self.at(case, 30), reference=reference)
        if n % 2 == 1:
            outcome = _text(case, "仲裁裁决用人单位支付拖欠工资。", "Award: the employer pays the wages owed.")
            complete_referral(
                Case.objects.get(pk=case.pk), actor=actor, now=self.at(case, 100), result="decided", outcome=outcome
            )
        self.counted("arbitration")

    def street(self, case: Case, n: int) -> None:
        """From the community office to the street's mediation committee: waiting (some past
        their deadline), or accepted with a session planned."""
        committee = self.unit(UnitKind.MEDIATION_COMMITTEE, case, "street")
        if committee is None or case.unit_id == committee.pk:
            return
        actor = self.handlers[case.unit_id]
        reason = _text(
            case,
            "多次协调未果，需要街道人民调解委员会正式调解。",
            "Several talks failed: the street committee should mediate formally.",
        )
        sent = self.now - timedelta(hours=40 if n % 3 == 0 else 3)
        refer_case(
            case, actor=actor, now=sent, channel="people_mediation", unit=committee.pk, reason=reason, consent="given"
        )
        if n % 2 == 1:
            receiver = self.handlers.get(committee.pk)
            if receiver is not None:
                accept_referral(Case.objects.get(pk=case.pk), actor=receiver, now=sent + timedelta(hours=1))
                if n % 4 == 1:
                    outcome = _text(case, "经街道调解，双方和解。", "Settled at the street committee.")
                    complete_referral(
                        Case.objects.get(pk=case.pk),
                        actor=receiver,
                        now=sent + timedelta(hours=2),
                        result="agreement",
                        outcome=outcome,
                    )
                    self.counted("street")
                    return
                plan_session(
                    Case.objects.get(pk=case.pk),
                    actor=receiver,
                    now=sent + timedelta(hours=2),
                    starts_at=_morning(self.now, days=2 + n % 3),
                    place=_text(case, "街道调解中心二楼", "Street mediation centre, 2nd floor"),
                    mediators=receiver.first_name,
                )
        self.counted("street")

    def legal_aid(self, case: Case, n: int) -> None:
        centre = self.unit(UnitKind.LEGAL_AID, case, "district")
        if centre is None:
            return
        actor = self.handlers[case.unit_id]
        reason = _text(case, "当事人经济困难，需要法律援助。", "The resident cannot afford a lawyer.")
        refer_case(
            case, actor=actor, now=self.at(case, 2), channel="legal_aid", unit=centre.pk, reason=reason, consent="given"
        )
        lawyer = self.handlers.get(centre.pk)
        if lawyer is not None:
            answer = _text(case, "不属于法律援助范围，建议先行调解。", "Not within legal aid: mediate first.")
            decline_referral(Case.objects.get(pk=case.pk), actor=lawyer, now=self.at(case, 6), reason=answer)
        self.counted("legal_aid")

    def police(self, case: Case, n: int) -> None:
        station = self.unit(UnitKind.POLICE_STATION, case, "street")
        if station is None:
            return
        actor = self.handlers[case.unit_id]
        title = _text(
            case, "民警陪同上门，防止冲突升级", "An officer comes on the home visit so that it does not turn violent"
        )
        add_assisting_unit(
            case,
            actor=actor,
            now=self.at(case, 3),
            unit=station.pk,
            title=title,
            due_on=timezone.localdate(self.now) + timedelta(days=2),
        )
        self.counted("police")


def add_resolution_stories(now: datetime, seed: int) -> dict[str, int]:
    """Link channels to units and take open demo cases down the paths above; what was made."""
    seed_channels(ResolutionChannel, Unit)
    demo = _Demo(now, seed)
    open_cases = list(
        Case.objects.filter(status__in=[Status.ACCEPTED, Status.IN_MEDIATION], unit_id__in=list(demo.handlers))
        .select_related("category")
        .order_by("-created_at", "id")[:2000]
    )
    demo.rng.shuffle(open_cases)
    used: set[int] = set()

    def pick(story: str, test: Callable[[Case], bool], run: Callable[[Case, int], Any], english: int = 0) -> None:
        found = [c for c in open_cases if c.pk not in used and test(c)]
        # A few English reports first, so that both languages show.
        first = [c for c in found if c.language == "en"][:english]
        found = first + [c for c in found if c not in first]
        for n, case in enumerate(found[: STORIES[story]]):
            used.add(case.pk)
            run(case, n)

    pick("street", lambda c: c.category.code.startswith("neighbour") and c.status == Status.ACCEPTED, demo.street)
    pick("arbitration", lambda c: c.category.code == "labour", demo.arbitration)
    pick("agreement", lambda c: c.category.code in MEDIATED, demo.agreement, english=2)
    pick("legal_aid", lambda c: c.category.code in ("debt", "family", "inheritance"), demo.legal_aid)
    pick("police", lambda c: c.category.code not in ("labour", "medical"), demo.police)
    return demo.counts
