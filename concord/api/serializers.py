"""What the API returns (read-only serializers) and the documented shape of its errors."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from concord.accounts.models import Role, UnitKind
from concord.cases.models import Case, CaseEvent, Channel, Outcome, Party, PartyKind, PartyRole, RejectionReason, Status
from concord.cases.queries import timeline, visible_cases
from concord.cases.workflow import CASES
from concord.crypto import decrypt_value, mask_phone
from concord.risk.engine.factors import LEVEL_CODES
from concord.risk.queries import risk_evidence

if not apps.ready:  # the steps declare themselves at start-up: read them only after it
    raise ImproperlyConfigured("concord.api.serializers was imported before every app was ready")
# The steps people take through the API (each has its own endpoint).
ACTION_CHOICES = [action.code for action in CASES.actions.values() if action.offered]


def person_name(user: User | None) -> str | None:
    return None if user is None else (user.get_full_name() or user.username)


class ErrorBodySerializer(serializers.Serializer[Any]):
    code = serializers.CharField(
        help_text=_(
            "Machine-readable: not_found, invalid, illegal_transition, no_handling_unit, not_authenticated, "
            "authentication_failed, permission_denied, parse_error, method_not_allowed, not_acceptable, "
            "unsupported_media_type, throttled, server_error."
        )
    )
    message = serializers.CharField(help_text=_("For people, in the language of the request (Accept-Language)."))
    allowed_actions = serializers.ListField(
        child=serializers.ChoiceField(choices=ACTION_CHOICES),
        required=False,
        help_text=_("On illegal_transition: the actions allowed now."),
    )

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # "fields" is a Serializer attribute, so it cannot be declared as a class attribute.
        fields = super().get_fields()
        fields["fields"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text=_("On invalid: messages per input field (non_field_errors for the input as a whole)."),
        )
        return fields


class ErrorSerializer(serializers.Serializer[Any]):
    """Every error of this API has this shape."""

    error = ErrorBodySerializer()


class CategoryRefSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()


class RegionRefSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField(help_text=_("1 province, 2 city, 3 district, 4 street, 5 community, 6 grid."))


class UnitRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=UnitKind.choices)


class PersonRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user: User) -> str:
        return person_name(user) or ""


class CaseSummarySerializer(serializers.Serializer[Any]):
    """A case as the list shows it."""

    id = serializers.IntegerField()
    receipt = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    channel = serializers.ChoiceField(choices=Channel.choices)
    category = CategoryRefSerializer()
    region = RegionRefSerializer()
    unit = UnitRefSerializer()
    assignee = PersonRefSerializer(allow_null=True)
    description = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True, help_text=_("The deadline that applies now, if any."))
    is_overdue = serializers.SerializerMethodField()
    risk_level = serializers.SerializerMethodField(help_text=_("The risk level in force (high and critical first)."))

    def get_is_overdue(self, case: Case) -> bool:
        return case.due_at is not None and case.due_at <= timezone.now()

    @extend_schema_field(serializers.ChoiceField(choices=list(LEVEL_CODES)))
    def get_risk_level(self, case: Case) -> str:
        return LEVEL_CODES[case.risk_level]


class RiskRuleSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    reason = serializers.CharField()


class RiskFactorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.IntegerField()
    counted = serializers.BooleanField(help_text=_("False when a worker answered no to what the text found."))
    found_in = serializers.ChoiceField(choices=["text", "checklist", "text+checklist"], source="source")
    answer = serializers.ChoiceField(choices=["yes", "no", "unknown"])
    words = serializers.ListField(child=serializers.CharField(), help_text=_("The exact words that raised it."))


class RiskSerializer(serializers.Serializer[Any]):
    """The evidence of the last risk assessment."""

    level = serializers.ChoiceField(choices=list(LEVEL_CODES), help_text=_("What the assessment gave."))
    score = serializers.IntegerField()
    text_level = serializers.ChoiceField(choices=list(LEVEL_CODES), help_text=_("What the text alone gave."))
    rules = RiskRuleSerializer(many=True)
    factors = RiskFactorSerializer(many=True)
    assessed_at = serializers.DateTimeField()


class EventSerializer(serializers.Serializer[Any]):
    """One entry of a case's timeline."""

    id = serializers.IntegerField()
    action = serializers.CharField(help_text=_("Dotted name, e.g. case.accepted."))
    created_at = serializers.DateTimeField()
    actor = serializers.SerializerMethodField(help_text=_("Display name; null for the system."))
    from_status = serializers.ChoiceField(choices=Status.choices, allow_blank=True)
    to_status = serializers.ChoiceField(choices=Status.choices, allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    is_public = serializers.BooleanField(help_text=_("Shown to the resident on the tracking page."))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, event: CaseEvent) -> str | None:
        return person_name(event.actor)


class PartySerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=PartyRole.choices)
    kind = serializers.ChoiceField(choices=PartyKind.choices)
    name = serializers.CharField(allow_blank=True)
    phone_masked = serializers.SerializerMethodField(help_text=_("Only the last four digits are shown."))

    def get_phone_masked(self, party: Party) -> str:
        phone = decrypt_value(party.phone_encrypted)
        return mask_phone(phone) if phone else ""


class CaseSerializer(CaseSummarySerializer):
    """A case with its deadlines, parties (phones masked), timeline and what the caller may do now."""

    sign_for_deadline = serializers.DateTimeField()
    resolution_deadline = serializers.DateTimeField()
    follow_up_deadline = serializers.DateTimeField(allow_null=True)
    escalation_count = serializers.IntegerField()
    reporter_anonymous = serializers.BooleanField()
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    resolution_summary = serializers.CharField(allow_blank=True)
    rejection_reason = serializers.ChoiceField(choices=RejectionReason.choices, allow_blank=True)
    duplicate_of = serializers.SerializerMethodField(help_text=_("Receipt code of the original case."))
    accepted_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    parties = PartySerializer(many=True, source="parties.all")
    timeline = serializers.SerializerMethodField()
    risk = serializers.SerializerMethodField(help_text=_("The evidence behind the risk level, if any."))
    allowed_actions = serializers.SerializerMethodField(
        help_text=_("Actions the caller may take now (each has its own endpoint).")
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_duplicate_of(self, case: Case) -> str | None:
        # Only a case the caller may read: a receipt opens that case's tracking page.
        if not case.duplicate_of_id:
            return None
        visible = visible_cases(self.context["request"].user).filter(pk=case.duplicate_of_id)
        return visible.values_list("receipt", flat=True).first()

    @extend_schema_field(RiskSerializer(allow_null=True))
    def get_risk(self, case: Case) -> Any:
        evidence = risk_evidence(case)
        return None if evidence is None else RiskSerializer(evidence).data

    @extend_schema_field(EventSerializer(many=True))
    def get_timeline(self, case: Case) -> Any:
        return EventSerializer(timeline(case), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ACTION_CHOICES)))
    def get_allowed_actions(self, case: Case) -> list[str]:
        return [action.code for action in CASES.offered(case, self.context["request"].user)]


class MembershipSerializer(serializers.Serializer[Any]):
    unit = UnitRefSerializer()
    role = serializers.ChoiceField(choices=Role.choices)
    area = RegionRefSerializer(help_text=_("The area this membership covers."))
    handles_cases = serializers.BooleanField(help_text=_("Whether this role acts on the unit's cases."))


class MeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    memberships = MembershipSerializer(many=True)
