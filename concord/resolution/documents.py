"""The mediation agreement as a printed document: what it says, its fingerprint (a short hash
of its text, printed on it and shown by the public check) and where its QR code points."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from concord.qr import public_url, qr_svg_inline
from concord.resolution.models import Agreement, Attestation, MediationSession, SessionStatus, Term


def fingerprint(agreement: Agreement, terms: list[Term]) -> str:
    """16 hex digits of the SHA-256 of the agreement's parties, facts and terms: a paper copy
    whose fingerprint matches the check page says what was recorded."""
    content = {
        "code": agreement.code,
        "parties": agreement.parties,
        "facts": agreement.facts,
        "terms": [[t.number, t.text, str(t.amount or ""), t.due_on.isoformat()] for t in terms],
    }
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4)).upper()


def check_url(request: HttpRequest, agreement: Agreement) -> str:
    return public_url(request, reverse("agreement_check", args=[agreement.code]))


@dataclass(frozen=True)
class AgreementDocument:
    agreement: Agreement
    terms: list[Term]
    signatures: list[tuple[dict[str, Any], Attestation | None]]
    mediators: list[str]
    fingerprint: str
    url: str
    qr: str


def document_for(request: HttpRequest, agreement: Agreement) -> AgreementDocument:
    """Everything the printed agreement shows (two queries beyond the agreement itself)."""
    terms = list(agreement.terms.all())
    signed = {a.party: a for a in agreement.attestations.all()}
    sessions = MediationSession.objects.filter(mediation=agreement.mediation, status=SessionStatus.HELD)
    mediators = sorted(
        {name.strip() for s in sessions for name in s.mediators.replace("、", ",").split(",") if name.strip()}
    )
    url = check_url(request, agreement)
    return AgreementDocument(
        agreement=agreement,
        terms=terms,
        signatures=[(party, signed.get(n)) for n, party in enumerate(agreement.parties, start=1)],
        mediators=mediators,
        fingerprint=fingerprint(agreement, terms),
        url=url,
        qr=qr_svg_inline(url),
    )
