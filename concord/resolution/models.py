"""Diversified resolution (多元化解): the channels a dispute can go down and the units that
serve them, referrals, joint handling with its tasks, mediation with its sessions, and the
mediation agreement with its terms and signatures. Every change to these is a step of the
case workflow (``resolution.services``): one event on the case's one timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from concord.i18n import pick


class ResolutionChannel(models.Model):
    """A way a dispute can be resolved: a mediation committee, arbitration, the court…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    # A body outside Concord (a court, an arbitration committee): the handling unit records its
    # reference number and its outcome; nobody there signs in.
    external = models.BooleanField(_("outside Concord"), default=False)
    documents_zh = models.TextField(_("what to bring (Chinese, one per line)"), blank=True)
    documents_en = models.TextField(_("what to bring (English, one per line)"), blank=True)
    units = models.ManyToManyField(
        "accounts.Unit", verbose_name=_("units that serve it"), blank=True, related_name="resolution_channels"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("resolution channel")
        verbose_name_plural = _("resolution channels")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)

    @property
    def documents(self) -> list[str]:
        return [line.strip() for line in pick(self.documents_zh, self.documents_en).splitlines() if line.strip()]


class Purpose(models.TextChoices):
    HANDLING = "handling", _("handling the dispute")
    CONFIRMATION = "confirmation", _("judicial confirmation of an agreement")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")
    RETURNED = "returned", _("returned")
    REVOKED = "revoked", _("revoked")


REFERRAL_OPEN = (ReferralStatus.PENDING, ReferralStatus.ACCEPTED)


class Consent(models.TextChoices):
    GIVEN = "given", _("the resident agreed to share their details")
    NOT_NEEDED = "not_needed", _("not needed")


class ReferralResult(models.TextChoices):
    AGREEMENT = "agreement", _("settled by agreement")
    DECIDED = "decided", _("decided (judgment, award or ruling)")
    WITHDRAWN = "withdrawn", _("withdrawn")
    NOT_RESOLVED = "not_resolved", _("not resolved there")
    CONFIRMED = "confirmed", _("confirmed by the court")
    REFUSED = "refused", _("confirmation refused")


class Referral(models.Model):
    """A case sent to another unit or channel (转办·移交), or an agreement sent to a court for
    judicial confirmation (司法确认)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals", db_index=False)
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.HANDLING)
    channel = models.ForeignKey(
        ResolutionChannel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="+"
    )
    from_unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    to_unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices)
    reason = models.TextField(_("reason"))
    consent = models.CharField(_("consent to share personal details"), max_length=16, choices=Consent.choices)
    consent_note = models.CharField(_("why consent was not needed"), max_length=300, blank=True)
    # The case's status before it was referred: where a declined, returned or revoked one goes back.
    previous_status = models.CharField(max_length=16, blank=True)
    agreement = models.ForeignKey(
        "resolution.Agreement", null=True, blank=True, on_delete=models.CASCADE, related_name="confirmations"
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    deadline = models.DateTimeField(_("answer by"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalations = models.PositiveSmallIntegerField(default=0)
    reference = models.CharField(_("their reference number"), max_length=64, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=ReferralResult.choices, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    answer = models.TextField(_("answer"), blank=True)  # why declined, returned or revoked

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["case", "created_at"], name="referral_case"),
            # The figures per receiving unit, and "referrals waiting for us".
            models.Index(fields=["to_unit", "status", "created_at"], name="referral_to_unit"),
            models.Index(fields=["from_unit", "created_at"], name="referral_from_unit"),
        ]
        constraints = [
            # One handover at a time: a double click cannot refer a case twice.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(purpose="handling", status__in=["pending", "accepted"]),
                name="referral_one_open_handover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.to_unit_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in REFERRAL_OPEN


class Task(models.Model):
    """A piece of joint handling (联动): one unit's job on a case, with its due date."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks", db_index=False)
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due"), null=True, blank=True)
    term = models.ForeignKey("resolution.Term", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["case", "created_at"], name="task_case")]

    def __str__(self) -> str:
        return self.title


class MediationOutcome(models.TextChoices):
    AGREEMENT = "agreement", _("agreement reached")
    NO_AGREEMENT = "no_agreement", _("no agreement")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Mediation(models.Model):
    """One unit's attempt at mediating a case: its sessions, and how it ended."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="mediations", db_index=False)
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=MediationOutcome.choices, blank=True)

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        indexes = [models.Index(fields=["case", "started_at"], name="mediation_case")]
        constraints = [
            models.UniqueConstraint(fields=["case", "unit"], condition=models.Q(ended_at=None), name="mediation_open")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.outcome or 'open'}"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class MediationSession(models.Model):
    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sessions", db_index=False)
    status = models.CharField(_("status"), max_length=16, choices=SessionStatus.choices)
    starts_at = models.DateTimeField(_("when"))
    place = models.CharField(_("where"), max_length=200)
    mediators = models.CharField(_("mediators"), max_length=200)
    # party role -> present (True) or absent (False), as recorded when it was held.
    attendance = models.JSONField(default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        indexes = [models.Index(fields=["case", "starts_at"], name="session_case")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.starts_at:%Y-%m-%d}"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft, not signed")
    SIGNED = "signed", _("signed")
    FULFILLED = "fulfilled", _("fulfilled")
    BROKEN = "broken", _("broken")


class Agreement(models.Model):
    """A mediation agreement (调解协议书): the parties, the facts, the terms, the signatures."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="agreements", db_index=False)
    mediation = models.ForeignKey(Mediation, null=True, on_delete=models.SET_NULL, related_name="agreements")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    # Printed on the document and in its QR code: what verifies a paper copy.
    code = models.CharField(max_length=16, unique=True)
    language = models.CharField(max_length=8)
    status = models.CharField(_("status"), max_length=16, choices=AgreementStatus.choices)
    # [{"role": "reporter", "name": "…"}, …]: who is bound, as named when it was drafted.
    parties = models.JSONField(default=list)
    facts = models.TextField(_("facts"))
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(_("judicially confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # fulfilled or broken

    class Meta:
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")
        indexes = [models.Index(fields=["case", "created_at"], name="agreement_case")]

    def __str__(self) -> str:
        return self.code


class TermKind(models.TextChoices):
    PAYMENT = "payment", _("a payment")
    ACTION = "action", _("an action")


class TermStatus(models.TextChoices):
    OPEN = "open", _("to be fulfilled")
    FULFILLED = "fulfilled", _("fulfilled")
    BROKEN = "broken", _("broken")


class Term(models.Model):
    """One obligation of an agreement: an amount to pay or an action to take, by a date."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=16, choices=TermKind.choices)
    text = models.CharField(_("what"), max_length=300)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=16, choices=TermStatus.choices, default=TermStatus.OPEN)
    settled_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    # Set when the term passed its due date unfulfilled and became a task (once).
    overdue_task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("agreement term")
        verbose_name_plural = _("agreement terms")
        ordering = ["agreement_id", "number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="term_number")]
        # The fulfilment sweep: open terms past their date that have no task yet.
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(status="open", overdue_task__isnull=True),
                name="term_overdue_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}.{self.number}"


class SignedHow(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    REMOTE = "remote", _("remotely (video or e-signature)")


class Attestation(models.Model):
    """A party's signature on an agreement, as a mediator witnessed and recorded it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="attestations")
    party = models.PositiveSmallIntegerField()  # its place (1, 2, …) in the agreement's parties
    name = models.CharField(_("name"), max_length=120)
    how = models.CharField(_("how"), max_length=16, choices=SignedHow.choices)
    signed_at = models.DateTimeField(_("signed at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="attestation_once")]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.party}"
