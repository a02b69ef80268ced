"""Every read of cases, scoped to the acting user's jurisdiction."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Case as SqlCase
from django.db.models import F, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.access import scope_for
from concord.cases.models import OPEN_STATUSES, Case, CaseEvent, CaseShare, Category, Relation, Status
from concord.cases.workflow import CASES
from concord.dates import day_start
from concord.refcache import reference_cache
from concord.risk.engine.levels import URGENT

AnyUser = User | AnonymousUser
# What the cached reads of categories depend on.
CATEGORIES = ("cases.Category",)

# What a case list row shows, loaded with the cases in one query (without the regions'
# boundaries, which can be large and are never shown there).
LIST_RELATED = ("category", "region", "unit", "assignee")
LIST_DEFERRED = ("region__boundary",)


def _shared_with(unit_ids: list[int], relations: tuple[str, ...] = tuple(Relation)) -> Q:
    """Cases shared with one of these units (a referral, joint handling) in one of ``relations``."""
    shares = CaseShare.objects.filter(unit_id__in=unit_ids, relation__in=relations).values("case_id")
    return Q(pk__in=shares) if unit_ids else Q(pk__in=[])


def visible_cases(user: AnyUser) -> QuerySet[Case]:
    """Cases the user may read: located in their areas, handled by their units, or shared with
    them (referred to one of their units, or one they assist with)."""
    scope = scope_for(user)
    return Case.objects.filter(scope.case_filter() | _shared_with(scope.unit_ids))


def get_case_for_user(user: AnyUser, case_id: int | str, *, write: bool = False) -> Case:
    """The case if the user may read it (and, with ``write``, act on it).

    Outside the user's jurisdiction it does not exist for them: Http404, never a 403
    that would confirm it exists. Readable but not theirs to act on: PermissionDenied.
    """
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise Http404 from None
    case = (
        visible_cases(user)
        .select_related(*LIST_RELATED, "unit__region")
        .defer(*LIST_DEFERRED, "unit__region__boundary")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    # A supervisor above the handling unit may take a few steps (lowering a risk level).
    if write and not scope_for(user).handles(case.unit_id) and not CASES.allowed(case, user):
        raise PermissionDenied(_("You can see this case but it is handled by another unit."))
    return case


INBOX_TABS = ("mine", "unit", "shared", "due_soon", "overdue", "follow_up", "risk", "area")
# What the "shared" tab lists: referrals waiting for an answer or in hand, and joint handling.
_WORKING_RELATIONS = (Relation.REFERRED, Relation.RECEIVING, Relation.ASSISTING)


def inbox(user: AnyUser, tab: str) -> QuerySet[Case]:
    """One inbox tab, ordered by the deadline that applies now (soonest first).

    mine: open cases assigned to the user; unit: open cases of the units the user
    handles cases for; shared: open cases referred to those units or that they assist with;
    due_soon / overdue: those two by deadline; follow_up: resolved cases of those units whose
    next follow-up visit is due by the end of today, soonest first; risk: open cases at high
    or critical risk in the user's jurisdiction; area: every open case in the user's
    jurisdiction (read-only above their own level). In every tab, high and critical cases
    come first.
    """
    scope = scope_for(user)
    now = timezone.now()
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES)
    handled_units = [unit for unit in scope.unit_ids if scope.handles(unit)]
    if tab == "mine":
        qs = open_cases.filter(assignee_id=user.pk)
    elif tab == "unit":
        qs = open_cases.filter(unit_id__in=handled_units)
    elif tab == "shared":
        qs = open_cases.filter(_shared_with(handled_units, _WORKING_RELATIONS))
    elif tab == "due_soon":
        soon = now + timedelta(hours=settings.CONCORD_DUE_SOON_HOURS)
        qs = open_cases.filter(unit_id__in=handled_units, due_at__gt=now, due_at__lte=soon)
    elif tab == "overdue":
        qs = open_cases.filter(unit_id__in=handled_units, due_at__lte=now)
    elif tab == "follow_up":
        return (
            Case.objects.filter(
                status=Status.RESOLVED, unit_id__in=handled_units, follow_up_deadline__lte=follow_up_due_by(now)
            )
            .select_related(*LIST_RELATED)
            .defer(*LIST_DEFERRED)
            .order_by("follow_up_deadline", "id")
        )
    elif tab == "risk":
        qs = open_cases.filter(scope.case_filter(), risk_level__gte=URGENT)
    elif tab == "area":
        qs = open_cases.filter(scope.case_filter())
    else:
        raise Http404
    urgent_first = When(risk_level__gte=URGENT, then=Value(0))
    return (
        qs.select_related(*LIST_RELATED)
        .defer(*LIST_DEFERRED)
        .order_by(SqlCase(urgent_first, default=Value(1)), F("due_at").asc(nulls_last=True), "-created_at", "-id")
    )


def follow_up_due_by(now: datetime) -> datetime:
    """A visit is due when its time falls today or earlier (local time): the end of today."""
    return day_start(timezone.localdate(now) + timedelta(days=1))


def report_categories() -> list[Category]:
    """The categories a resident can choose from (active, without sub-categories), in
    display order; cached per process."""
    return reference_cache.get(
        "report_categories",
        lambda: list(Category.objects.filter(is_active=True, children__isnull=True).order_by("order", "code")),
        depends=CATEGORIES,
    )


def all_categories() -> dict[int, Category]:
    """Every category by id, active or not (cached per process: treat as read-only)."""
    return reference_cache.get("all_categories", lambda: {c.pk: c for c in Category.objects.all()}, depends=CATEGORIES)


def category_by_code(code: str) -> Category | None:
    """The category with this code, active or not, or None (from the cached read)."""
    return next((category for category in all_categories().values() if category.code == code), None)


def category_and_children(code: str) -> list[int]:
    """Ids of the category with this code and of its sub-categories (empty if there is none)."""
    found = category_by_code(code)
    if found is None:
        return []
    return [found.pk] + [c.pk for c in all_categories().values() if c.parent_id == found.pk]


def timeline(case: Case) -> QuerySet[CaseEvent]:
    """The whole timeline, for staff who may read the case."""
    return case.events.select_related("actor").order_by("created_at", "id")


def public_case(receipt: str) -> Case | None:
    """The case behind a receipt code, for the resident's tracking page."""
    return Case.objects.select_related("category", "region").filter(receipt=receipt).first()


def public_timeline(case: Case) -> QuerySet[CaseEvent]:
    """Status changes and public notes only: no staff names, no internal notes."""
    return (
        case.events.filter(is_public=True)
        .only("action", "created_at", "to_status", "note")
        .order_by("created_at", "id")
    )
