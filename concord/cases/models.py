"""Dispute categories, cases, the parties to them and each case's timeline."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from concord.accounts.models import UnitKind
from concord.dates import parse_day_list
from concord.geo.models import Placed
from concord.i18n import pick
from concord.risk.engine.levels import URGENT


def validate_day_list(text: str) -> None:
    if not text.strip():
        return
    try:
        parse_day_list(text)
    except ValueError:
        raise ValidationError(_("Give whole days in ascending order, separated by commas, e.g. 7,30.")) from None


class Category(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_zh = models.CharField(_("plain description (Chinese)"), max_length=300)
    description_en = models.CharField(_("plain description (English)"), max_length=300)
    resolution_days = models.PositiveSmallIntegerField(_("resolution deadline (days)"), null=True, blank=True)
    # Days after a resolution when each follow-up visit (回访) falls due, e.g. "7,30"; blank:
    # CONCORD_FOLLOW_UP_DAYS.
    follow_up_days = models.CharField(
        _("follow-up visits (days after the resolution)"),
        max_length=40,
        blank=True,
        validators=[validate_day_list],
        help_text=_("Comma-separated, ascending, e.g. 7,30. Blank: the site's default."),
    )
    default_unit_kind = models.CharField(
        _("default handling unit kind"), max_length=32, choices=UnitKind.choices, default=UnitKind.COMMUNITY_OFFICE
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    # Whether cases of this kind appear in public lists (Open311). Family and health matters do
    # not: even a category and a grid can say too much about a household.
    publicly_listed = models.BooleanField(_("listed publicly"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)

    @property
    def description(self) -> str:
        return pick(self.description_zh, self.description_en)


class Status(models.TextChoices):
    REPORTED = "reported", _("reported")
    ACCEPTED = "accepted", _("signed for")
    IN_MEDIATION = "in_mediation", _("in mediation")
    # Handed to another unit or channel (concord.resolution): it waits for the referral to be
    # accepted, then for its outcome; a declined, returned or revoked referral gives it back.
    REFERRED = "referred", _("referred")
    ESCALATED = "escalated", _("escalated")
    RESOLVED = "resolved", _("resolved")
    FOLLOWED_UP = "followed_up", _("followed up")
    CLOSED = "closed", _("closed")
    REJECTED = "rejected", _("rejected")
    REOPENED = "reopened", _("reopened")


OPEN_STATUSES = (
    Status.REPORTED,
    Status.ACCEPTED,
    Status.IN_MEDIATION,
    Status.REFERRED,
    Status.ESCALATED,
    Status.REOPENED,
)
# Waiting for someone to sign for the case: the sign-for deadline applies.
AWAITING_SIGN_FOR = (Status.REPORTED, Status.ESCALATED, Status.REOPENED)
# Signed for and being handled: the resolution deadline applies.
IN_HANDS = (Status.ACCEPTED, Status.IN_MEDIATION)


def deadline_in_force(
    status: str,
    sign_for_deadline: datetime,
    resolution_deadline: datetime,
    referral_deadline: datetime | None = None,
    follow_up_deadline: datetime | None = None,
) -> datetime | None:
    """The deadline a case in ``status`` must meet next (what the SLA sweep watches), or None."""
    if status in AWAITING_SIGN_FOR:
        return sign_for_deadline
    if status in IN_HANDS:
        return resolution_deadline
    if status == Status.REFERRED:
        return referral_deadline  # a referral waiting to be accepted; none once it is
    if status == Status.RESOLVED:
        return follow_up_deadline  # the next follow-up visit (concord.followup)
    return None


class Channel(models.TextChoices):
    WEB = "web", _("web form / QR code")
    HOTLINE = "hotline", _("hotline")
    OPEN311 = "open311", _("Open311 app")
    STAFF = "staff", _("recorded by staff")


class Outcome(models.TextChoices):
    AGREEMENT = "agreement", _("mediated agreement")
    ADVICE = "advice", _("advice given")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # The resolution was advice to take the dispute elsewhere (a court, arbitration); the
    # case is resolved here. Handing a case over is a referral, not this outcome.
    REFERRED = "referred_elsewhere", _("referred elsewhere")
    # Decided by a body outside the community: a judgment, an arbitration award, a ruling.
    DECIDED = "decided", _("decided by a court, arbitration or ruling")
    UNRESOLVED = "unresolved", _("unresolved")


class RejectionReason(models.TextChoices):
    NOT_A_DISPUTE = "not_a_dispute", _("not a dispute")
    DUPLICATE = "duplicate", _("duplicate of another case")
    PRIVATE = "private", _("private matter, not to be listed publicly")


class Case(Placed):
    receipt = models.CharField(_("receipt code"), max_length=16, unique=True)
    # Set by the form or client so that a resubmitted report is not recorded twice.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REPORTED)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    description = models.TextField(_("description"))
    language = models.CharField(max_length=8, blank=True)
    reporter_anonymous = models.BooleanField(_("anonymous"), default=False)

    # Where the dispute is: the located region (and, from Placed, its ancestor at every level).
    region = models.ForeignKey(
        "geo.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    # Who handles it now.
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        db_index=False,
    )
    escalation_count = models.PositiveSmallIntegerField(default=0)
    # The risk level in force (concord.risk.models.RiskLevel: 0 standard … 3 critical); the
    # evidence is on concord.risk.models.CaseRisk. High and critical cases come first.
    risk_level = models.PositiveSmallIntegerField(_("risk level"), default=0)

    # Deadlines. due_at is the one that applies now (sign-for or resolution), null when
    # none does: the SLA sweep and the inbox order read it through one index.
    sign_for_deadline = models.DateTimeField(_("sign-for deadline"))
    resolution_deadline = models.DateTimeField(_("resolution deadline"))
    # When the next follow-up visit is due (concord.followup), while the case is resolved.
    follow_up_deadline = models.DateTimeField(_("follow-up deadline"), null=True, blank=True)
    # While a referral waits for the receiving unit to accept it (concord.resolution).
    referral_deadline = models.DateTimeField(_("referral acceptance deadline"), null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    resolution_summary = models.TextField(_("resolution summary"), blank=True)
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=16, choices=RejectionReason.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    created_at = models.DateTimeField(_("reported at"))
    updated_at = models.DateTimeField(_("updated at"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # Every index costs every report a write: only those that a query here needs.
        indexes = [
            models.Index(fields=["assignee", "status", "due_at"], name="case_assignee_status_due"),
            models.Index(fields=["unit", "status", "due_at"], name="case_unit_status_due"),
            models.Index(fields=["due_at"], condition=models.Q(due_at__isnull=False), name="case_due_pending"),
            # Time windows: the public Open311 list and, later, the early-warning rollups.
            models.Index(fields=["created_at"], name="case_created"),
            # "Open cases in my area by deadline", at every level of the tree.
            models.Index(fields=["grid", "status", "due_at"], name="case_grid_status_due"),
            models.Index(fields=["community", "status", "due_at"], name="case_community_status_due"),
            models.Index(fields=["street", "status", "due_at"], name="case_street_status_due"),
            models.Index(fields=["district", "status", "due_at"], name="case_district_status_due"),
            models.Index(fields=["city", "status", "due_at"], name="case_city_status_due"),
            models.Index(fields=["province", "status", "due_at"], name="case_province_status_due"),
            # The few urgent cases (high or critical risk), for the "high risk" tab and filters.
            models.Index(
                fields=["risk_level", "due_at"], condition=models.Q(risk_level__gte=int(URGENT)), name="case_urgent"
            ),
            # The "To follow up" tab: resolved cases of a unit by the next visit's due time.
            models.Index(
                fields=["unit", "follow_up_deadline"],
                condition=models.Q(status="resolved"),
                name="case_unit_follow_up",
            ),
            # Deleting a case checks that no duplicate points at it: without this, one scan of
            # every case per case deleted.
            models.Index(
                fields=["duplicate_of"], condition=models.Q(duplicate_of__isnull=False), name="case_duplicate_of"
            ),
        ]

    def __str__(self) -> str:
        return self.receipt

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PartyRole(models.TextChoices):
    REPORTER = "reporter", _("reporter")
    OTHER_PARTY = "other_party", _("other party")


class PartyKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")


class Party(models.Model):
    """A party to a dispute. Phone and ID numbers are encrypted; matching uses keyed hashes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices, default=PartyKind.PERSON)
    name = models.CharField(_("name"), max_length=120, blank=True)
    phone_encrypted = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A reporter's e-mail address (Open311 clients send one), encrypted like the phone.
    email_encrypted = models.TextField(blank=True, editable=False)
    id_number_encrypted = models.TextField(blank=True, editable=False)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [
            models.Index(fields=["phone_hash"], condition=~models.Q(phone_hash=""), name="party_phone_hash"),
            models.Index(fields=["id_number_hash"], condition=~models.Q(id_number_hash=""), name="party_id_hash"),
        ]

    def __str__(self) -> str:
        return self.name or str(self.get_role_display())


class Relation(models.TextChoices):
    """How a unit other than the handling one stands to a case (the kernel's ``Who.through``)."""

    REFERRED = "referred", _("referral waiting for an answer")
    RECEIVING = "receiving", _("handling a referral")
    ASSISTING = "assisting", _("assisting in joint handling")
    PAST = "past", _("handled a referral before")


class CaseShare(models.Model):
    """A unit besides the handling one that may read a case, and in what relation: written by
    the resolution steps (a referral, joint handling), read by the one access helper."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.CASCADE, related_name="+", db_index=False)
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    since = models.DateTimeField()

    class Meta:
        verbose_name = _("shared case")
        verbose_name_plural = _("shared cases")
        constraints = [models.UniqueConstraint(fields=["case", "unit"], name="case_share_unique")]
        # "The cases shared with my units": the access helper and the inbox tab.
        indexes = [models.Index(fields=["unit", "relation", "case"], name="case_share_unit")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.unit_id} ({self.relation})"


class CaseEvent(models.Model):
    """One entry on a case's append-only timeline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    action = models.CharField(max_length=40)  # dotted: "case.accepted"
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    note = models.TextField(blank=True)
    # Public events (status changes, public notes) show on the resident's tracking page.
    is_public = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "created_at"], name="event_case_created"),
            # The public updates of every case in a time window (Open311 servicerequestupdates).
            models.Index(fields=["created_at"], condition=models.Q(is_public=True), name="event_public_created"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"
