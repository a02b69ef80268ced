"""The staff API's view of a case's resolution: its referrals, tasks, mediation sessions,
agreements with their terms and signatures, and the channels suggested for it. Read with
the same access helper as the case; every change is a step (``POST /api/cases/{id}/refer/`` …)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from concord.accounts.access import signed_in_user
from concord.accounts.services import log_action
from concord.api.schema import CASE_ID, responses
from concord.api.serializers import UnitRefSerializer, person_name
from concord.cases.queries import get_case_for_user
from concord.resolution.models import (
    AgreementStatus,
    Consent,
    MediationOutcome,
    Purpose,
    ReferralResult,
    ReferralStatus,
    SessionStatus,
    SignedHow,
    TermKind,
    TermStatus,
)
from concord.resolution.queries import resolution_of
from concord.resolution.suggest import suggest_channels


class ChannelRefSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    external = serializers.BooleanField(help_text=_("A body outside Concord (a court, arbitration)."))


class ReferralSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    channel = ChannelRefSerializer()
    from_unit = UnitRefSerializer()
    to_unit = UnitRefSerializer()
    reason = serializers.CharField()
    consent = serializers.ChoiceField(choices=Consent.choices)
    consent_note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(allow_null=True, help_text=_("When the receiving unit must answer by."))
    answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    escalations = serializers.IntegerField()
    reference = serializers.CharField(allow_blank=True)
    result = serializers.ChoiceField(choices=ReferralResult.choices, allow_blank=True)
    outcome = serializers.CharField(allow_blank=True)
    answer = serializers.CharField(allow_blank=True, help_text=_("Why it was declined, returned or revoked."))
    agreement = serializers.IntegerField(source="agreement_id", allow_null=True)


class TaskSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    unit = UnitRefSerializer()
    title = serializers.CharField()
    assignee = serializers.SerializerMethodField()
    due_on = serializers.DateField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    done_note = serializers.CharField(allow_blank=True)
    term = serializers.IntegerField(source="term_id", allow_null=True)

    def get_assignee(self, task: Any) -> str | None:
        return person_name(task.assignee)


class SessionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=SessionStatus.choices)
    starts_at = serializers.DateTimeField()
    place = serializers.CharField()
    mediators = serializers.CharField()
    attendance = serializers.DictField(child=serializers.BooleanField(), help_text=_("Party role: present or not."))
    summary = serializers.CharField(allow_blank=True)


class MediationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    unit = UnitRefSerializer()
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.ChoiceField(choices=MediationOutcome.choices, allow_blank=True)


class TermSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=TermKind.choices)
    text = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=TermStatus.choices)
    settled_at = serializers.DateTimeField(allow_null=True)
    overdue_task = serializers.IntegerField(source="overdue_task_id", allow_null=True)


class SignatureSerializer(serializers.Serializer[Any]):
    party = serializers.IntegerField(help_text=_("The party's place (1, 2, …) in the agreement's parties."))
    name = serializers.CharField()
    how = serializers.ChoiceField(choices=SignedHow.choices)
    signed_at = serializers.DateTimeField()


class PartyNameSerializer(serializers.Serializer[Any]):
    role = serializers.CharField()
    name = serializers.CharField()


class AgreementSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text=_("Printed on the agreement and in its QR code."))
    status = serializers.ChoiceField(choices=AgreementStatus.choices)
    language = serializers.CharField()
    unit = UnitRefSerializer()
    parties = PartyNameSerializer(many=True)
    facts = serializers.CharField()
    created_at = serializers.DateTimeField()
    signed_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    terms = TermSerializer(many=True, source="terms.all")
    signatures = SignatureSerializer(many=True, source="attestations.all")


class ResolutionSerializer(serializers.Serializer[Any]):
    referrals = ReferralSerializer(many=True)
    tasks = TaskSerializer(many=True)
    mediations = MediationSerializer(many=True)
    sessions = SessionSerializer(many=True)
    agreements = AgreementSerializer(many=True)


class SuggestionSerializer(serializers.Serializer[Any]):
    channel = serializers.CharField(source="suggestion.channel")
    name = serializers.SerializerMethodField()
    score = serializers.IntegerField(source="suggestion.score")
    reasons = serializers.ListField(child=serializers.CharField(), source="suggestion.reasons")
    documents = serializers.ListField(child=serializers.CharField(), source="suggestion.documents")
    warnings = serializers.ListField(child=serializers.CharField(), source="suggestion.warnings")
    units = UnitRefSerializer(many=True, help_text=_("Units near the case that serve it."))

    def get_name(self, found: Any) -> str:
        return str(found.channel.name if found.channel else found.suggestion.channel)


class CaseResolutionView(APIView):
    @extend_schema(
        summary=_("A case's referrals, tasks, mediation sessions and agreements"),
        parameters=[CASE_ID],
        responses=responses({200: ResolutionSerializer}, 404),
    )
    def get(self, request: Request, case_id: str) -> Response:
        user = signed_in_user(request)
        case = get_case_for_user(user, case_id)
        # Agreements name the parties: every read is audited, like the case itself.
        log_action(user, "case.resolution_viewed", "case", case.pk, via="api")
        return Response(ResolutionSerializer(resolution_of(case)).data)


class CaseChannelsView(APIView):
    @extend_schema(
        summary=_("The channels suggested for a case, best first (a suggestion never acts)"),
        parameters=[CASE_ID],
        responses=responses({200: SuggestionSerializer(many=True)}, 404),
    )
    def get(self, request: Request, case_id: str) -> Response:
        case = get_case_for_user(signed_in_user(request), case_id)
        return Response(SuggestionSerializer(suggest_channels(case), many=True).data)
