"""Steps on staff pages, for any workflow: the forms of the steps a user may take, and running
the one a form posts (errors shown on the page with what was typed, success as a message)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from concord.workflow.errors import DomainError
from concord.workflow.forms import ActionForm
from concord.workflow.kernel import Action, Workflow

# (code, label, form): what a page shows for one step.
Offered = tuple[str, Promise, ActionForm]
# render(forms sent back, extra context, status) -> the page again
Render = Callable[[dict[str, ActionForm], dict[str, Any], int], HttpResponse]


def offered_forms(
    workflow: Workflow[Any, Any], subject: models.Model, user: User, bound: dict[str, ActionForm]
) -> dict[str, list[Offered]]:
    """The forms of the steps ``user`` may take now, by the group of the page that shows them;
    a form sent back with errors (``bound``) replaces the empty one."""
    groups: dict[str, list[Offered]] = {}
    for action in workflow.offered(subject, user):
        form = bound.get(action.code) or action.bind(subject)
        groups.setdefault(action.group, []).append((action.code, action.label, form))
    return groups


def post_step(
    request: HttpRequest,
    workflow: Workflow[Any, Any],
    subject: models.Model,
    code: str,
    *,
    render: Render,
    done_url: str,
) -> HttpResponse:
    """Run the step ``code`` with the posted form; the page again (400 for input to fix, the
    refusal's status otherwise) or a redirect to ``done_url``."""
    action: Action[Any, Any] | None = workflow.actions.get(code)
    if action is None or not action.offered:
        raise Http404
    user = request.user
    assert isinstance(user, User)
    form = action.bind(subject, request.POST)
    if not form.is_valid():
        return render({code: form}, {"open_action": code}, 400)
    try:
        action(subject, actor=user, **form.to_inputs(user))
    except DomainError as error:
        subject.refresh_from_db()
        return render({code: form}, {"open_action": code, "error": error.message}, error.status_code)
    messages.success(request, _("Done: %(action)s.") % {"action": action.label})
    return redirect(done_url)
