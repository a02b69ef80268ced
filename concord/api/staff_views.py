"""Staff page where people manage their own API tokens (create, see, revoke)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from concord.accounts.access import signed_in_user
from concord.api.queries import token_of, tokens_of
from concord.api.services import create_token, revoke_token

PAGE_SIZE = 50


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What the token is for, e.g. “weekly report script”."),
    )


@login_required
@never_cache  # the page that shows a new key must not be kept by any cache
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    new_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Shown in this response only: never stored, never put in a redirect or the session.
        _token, new_key = create_token(user, form.cleaned_data["name"])
        form = TokenForm()
    page = Paginator(tokens_of(user), PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if request.method == "POST" and new_key is None else 200
    return render(request, "staff/api_tokens.html", {"form": form, "page": page, "new_key": new_key}, status=status)


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = signed_in_user(request)
    token = revoke_token(token_of(user, token_id), user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
