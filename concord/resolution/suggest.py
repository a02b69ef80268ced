""" "Suggest a channel" for a case: its category and facts (what was reported and noted, an
organisation as party, a failed mediation) read by the pure rules in ``engine/paths.toml``,
ranked, each with the units near the case that serve it. A suggestion never acts: a worker
refers, or not."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language

from concord.accounts.models import Unit
from concord.cases.models import Case, CaseEvent, PartyKind
from concord.cases.queries import all_categories
from concord.resolution.engine.facts import CaseFacts
from concord.resolution.engine.paths import Suggestion, suggest
from concord.resolution.models import Mediation, MediationOutcome, Referral, ReferralResult, ResolutionChannel
from concord.resolution.queries import ResolutionView, channels, referral_targets


@dataclass(frozen=True)
class ChannelSuggestion:
    suggestion: Suggestion
    channel: ResolutionChannel | None  # None: no unit of the catalogue serves it yet
    units: list[Unit]


def facts_of(case: Case, known: ResolutionView | None = None) -> CaseFacts:
    """What the rules read about a case: its words and notes, its parties, whether a mediation
    or a referral failed (``known``: the case's resolution, when a page has read it already)."""
    notes = CaseEvent.objects.filter(case=case, action="case.note_added").values_list("note", flat=True)[:50]
    if known is not None:
        failed = any(m.outcome == MediationOutcome.NO_AGREEMENT for m in known.mediations) or any(
            r.result == ReferralResult.NOT_RESOLVED for r in known.referrals
        )
    else:
        failed = (
            Mediation.objects.filter(case=case, outcome=MediationOutcome.NO_AGREEMENT).exists()
            or Referral.objects.filter(case=case, result=ReferralResult.NOT_RESOLVED).exists()
        )
    category = case.category
    parent = all_categories().get(category.parent_id) if category.parent_id else None
    return CaseFacts(
        category=category.code,
        parent=parent.code if parent else "",
        text="\n".join([case.description, *notes]),
        organisation_party=case.parties.filter(kind=PartyKind.ORGANISATION).exists(),
        failed_mediation=failed,
        days_open=(timezone.now() - case.created_at).days,
    )


def suggest_channels(case: Case, *, limit: int = 5, known: ResolutionView | None = None) -> list[ChannelSuggestion]:
    """The ranked channels for the case, each with the units near it that serve it."""
    near = {channel.code: units for channel, units in referral_targets(case)}
    catalogue = channels()
    return [
        ChannelSuggestion(found, catalogue.get(found.channel), near.get(found.channel, []))
        for found in suggest(facts_of(case, known), language=get_language() or "zh-hans", limit=limit)
    ]
