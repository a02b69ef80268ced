"""The staff help page on risk levels: the factors, their weights, the levels table and the
rules that decide on their own, straight from the code that applies them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from concord.risk.engine.factors import CRITICAL_RULES, FACTORS, GROUPS, LEVELS


@login_required
@require_safe
def risk_help(request: HttpRequest) -> HttpResponse:
    upper = [level.min_score - 1 for level in LEVELS[1:]] + [None]
    return render(
        request,
        "staff/risk_help.html",
        {
            "levels": list(zip(LEVELS, upper, strict=True)),
            "groups": [(group, [f for f in FACTORS if f.group == group.code]) for group in GROUPS],
            "rules": CRITICAL_RULES,
            "urgent_minutes": settings.CONCORD_URGENT_SIGN_FOR_MINUTES,
        },
    )
