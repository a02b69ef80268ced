"""Reads of the API's own data and of what a case's notes list shows."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404

from concord.accounts.models import Membership
from concord.api.models import ApiToken
from concord.cases.models import Case, CaseEvent


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (revoked ones too, for the record)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_of(user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; anyone else's does not exist for them (404)."""
    token = tokens_of(user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, unit__is_active=True)
        .select_related("unit__region", "region")
        .defer("unit__region__boundary", "region__boundary")
        .order_by("unit_id", "role", "id")
    )


def notes_of(case: Case) -> QuerySet[CaseEvent]:
    """Timeline entries that carry a note (internal and public), for staff who may read the case."""
    return case.events.exclude(note="").select_related("actor")


def latest_note_by(case: Case, actor: User) -> CaseEvent:
    return case.events.filter(action="case.note_added", actor=actor).select_related("actor").latest("id")
