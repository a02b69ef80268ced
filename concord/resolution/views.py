"""Pages of resolution: the printable agreement (staff, scoped like its case) and the public
check of a printed agreement's QR code (no names, no terms' text)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from concord.accounts.access import signed_in_user
from concord.accounts.services import log_action
from concord.cases.queries import get_case_for_user
from concord.resolution.documents import document_for, fingerprint
from concord.resolution.models import Agreement
from concord.resolution.queries import agreement_by_code


@login_required
def agreement_document(request: HttpRequest, case_id: int, agreement_id: int) -> HttpResponse:
    """The agreement as an A4 page to print, in the language of the case."""
    user = signed_in_user(request)
    case = get_case_for_user(user, case_id)
    agreement = (
        Agreement.objects.select_related("unit")
        .prefetch_related("terms", "attestations")
        .filter(case=case, pk=agreement_id)
        .first()
    )
    if agreement is None:
        raise Http404
    log_action(user, "agreement.printed", "case", case.pk, agreement=agreement.code)
    with translation.override(agreement.language):
        return render(
            request,
            "resolution/agreement.html",
            {"doc": document_for(request, agreement), "case": case, "language": agreement.language},
        )


def agreement_check(request: HttpRequest, code: str) -> HttpResponse:
    """What a QR code on a printed agreement leads to: whether it is genuine and how it stands."""
    agreement = agreement_by_code(code)
    if agreement is None:
        return render(request, "resolution/agreement_check.html", {"code": code}, status=404)
    terms = list(agreement.terms.all())
    return render(
        request,
        "resolution/agreement_check.html",
        {
            "code": code,
            "agreement": agreement,
            "fingerprint": fingerprint(agreement, terms),
            "terms": terms,
            "signatures": len(agreement.attestations.all()),
        },
    )
