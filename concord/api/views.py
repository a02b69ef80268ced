"""The staff API's endpoints. Thin like the pages: reads through cases.queries (scoped to
the caller); one endpoint per step the case workflow declares with a form, generated from
the declaration (its input, its summary, where it is legal and who may take it); errors
through api.errors."""

from __future__ import annotations

import json
from typing import Any

from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from concord.accounts.access import HANDLER_ROLES, signed_in_user
from concord.accounts.services import log_action
from concord.api.filters import CASE_FILTER_PARAMETERS, filter_cases
from concord.api.inputs import clean_action_input, request_serializer
from concord.api.pagination import NewestFirst, OldestFirst
from concord.api.queries import latest_note_by, memberships_of, notes_of
from concord.api.schema import CASE_ID, responses
from concord.api.serializers import CaseSerializer, CaseSummarySerializer, EventSerializer, MeSerializer, person_name
from concord.cases.models import Case, CaseEvent
from concord.cases.queries import LIST_DEFERRED, LIST_RELATED, get_case_for_user, visible_cases
from concord.cases.workflow import CASES
from concord.workflow.kernel import Action

ADD_NOTE = CASES.actions["add_note"]


class MeView(APIView):
    @extend_schema(summary=_("Who am I: my units, roles and areas"), responses=responses({200: MeSerializer}))
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        memberships = [
            {
                "unit": membership.unit,
                "role": membership.role,
                "area": membership.region or membership.unit.region,
                "handles_cases": membership.role in HANDLER_ROLES,
            }
            for membership in memberships_of(user)
        ]
        me = {"id": user.pk, "username": user.username, "name": person_name(user), "memberships": memberships}
        return Response(MeSerializer(me).data)


@extend_schema_view(
    get=extend_schema(
        summary=_("Cases in my jurisdiction, newest first"),
        parameters=CASE_FILTER_PARAMETERS,
        responses=responses({200: CaseSummarySerializer(many=True)}, 400),
    )
)
class CaseListView(ListAPIView):  # type: ignore[type-arg]
    serializer_class = CaseSummarySerializer
    pagination_class = NewestFirst

    def get_queryset(self) -> Any:
        cases = visible_cases(signed_in_user(self.request)).select_related(*LIST_RELATED).defer(*LIST_DEFERRED)
        return filter_cases(cases, self.request.query_params)


class CaseDetailView(APIView):
    @extend_schema(
        summary=_("One case with its timeline and the actions I may take"),
        parameters=[CASE_ID],
        responses=responses({200: CaseSerializer}, 404),
    )
    def get(self, request: Request, case_id: str) -> Response:
        user = signed_in_user(request)
        case = get_case_for_user(user, case_id)
        # Personal data is shown (names, description): every read is audited, as on the pages.
        log_action(user, "case.viewed", "case", case.pk, via="api")
        return Response(CaseSerializer(case, context={"request": request}).data)


def _detail(request: Request, case: Case) -> Response:
    fresh = get_case_for_user(signed_in_user(request), case.pk)
    return Response(CaseSerializer(fresh, context={"request": request}).data)


class CaseNotesView(GenericAPIView):  # type: ignore[type-arg]
    pagination_class = OldestFirst
    serializer_class = EventSerializer

    @extend_schema(
        summary=_("The notes on a case's timeline, oldest first"),
        parameters=[CASE_ID],
        responses=responses({200: EventSerializer(many=True)}, 400, 404),
    )
    def get(self, request: Request, case_id: str) -> Response:
        user = signed_in_user(request)
        case = get_case_for_user(user, case_id)
        # Notes can carry personal details: every read is audited, like the case page.
        log_action(user, "case.notes_viewed", "case", case.pk, via="api")
        page = self.paginate_queryset(notes_of(case))
        return self.get_paginated_response(EventSerializer(page, many=True).data)

    @extend_schema(
        summary=_("Add a note (internal unless public is true)"),
        parameters=[CASE_ID],
        request=request_serializer(ADD_NOTE),
        responses=responses({201: EventSerializer}, 400, 403, 404, 409, 415),
    )
    def post(self, request: Request, case_id: str) -> Response:
        user = signed_in_user(request)
        case = get_case_for_user(user, case_id, write=True)
        ADD_NOTE(case, actor=user, **clean_action_input(ADD_NOTE, request.data, user))
        return Response(EventSerializer(latest_note_by(case, user)).data, status=201)


class CaseActionView(APIView):
    """One step on a case; subclasses name it. Answers with the case as it is afterwards."""

    action: Action[Case, CaseEvent]

    def post(self, request: Request, case_id: str) -> Response:
        user = signed_in_user(request)
        case = get_case_for_user(user, case_id, write=True)
        self.action(case, actor=user, **clean_action_input(self.action, request.data, user))
        return _detail(request, case)


def action_path(code: str) -> str:
    return code.replace("_", "-")


def _roles(roles: frozenset[str]) -> str:
    return ", ".join(sorted(roles)) or "—"


def _action_view(action: Action[Case, CaseEvent]) -> type[CaseActionView]:
    description = format_lazy(
        _("{help} Allowed in these statuses: {statuses}. Roles in the handling unit that may take it: {roles}."),
        help=action.help,
        statuses=", ".join(action.states),
        roles=_roles(action.who.in_unit),
    )
    if action.who.in_area:
        description = format_lazy(
            _("{description} Also roles whose area holds the case: {roles}."),
            description=description,
            roles=_roles(action.who.in_area),
        )
    if action.who.through:
        description = format_lazy(
            _("{description} Also, in a unit the case is shared with: {roles}."),
            description=description,
            roles=", ".join(sorted(f"{role} ({relation})" for relation, role in action.who.through)),
        )
    name = f"Case{action.code.title().replace('_', '')}View"
    view = type(name, (CaseActionView,), {"action": action})
    schema = extend_schema(
        operation_id=f"cases_{action.code}",
        summary=capfirst(action.label),  # type: ignore[type-var]
        description=description,
        tags=["actions"],
        parameters=[CASE_ID],
        request=request_serializer(action),
        responses=responses({200: CaseSerializer}, 400, 403, 404, 409, 415),
    )
    return extend_schema_view(post=schema)(view)


# One endpoint per step people take (its own request body in the schema): POST /api/cases/{id}/sign-for/ ...
ACTION_VIEWS: dict[str, type[CaseActionView]] = {
    action.code: _action_view(action) for action in CASES.actions.values() if action.offered
}


class DocsView(SpectacularSwaggerView):
    """Swagger UI from the vendored assets; the online validator badge is off (nothing external)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response: Response = super().get(request, *args, **kwargs)  # type: ignore[no-untyped-call]
        # Swagger UI would otherwise send the schema to validator.swagger.io for a badge.
        ui_settings = {**spectacular_settings.SWAGGER_UI_SETTINGS, "validatorUrl": None}
        response.data["settings"] = json.dumps(ui_settings)
        return response


class RedocView(SpectacularRedocView):
    """ReDoc without the web fonts its default page loads from a CDN."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    template_name = "api/redoc.html"
