"""Every read of alerts, scoped to the acting user's jurisdiction (like cases: an alert
outside it does not exist for them)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from concord.accounts.access import scope_for
from concord.cases.models import Case
from concord.cases.queries import LIST_DEFERRED, LIST_RELATED, AnyUser, all_categories, visible_cases
from concord.geo.models import Region
from concord.warning.models import Alert, AlertEvent, AlertOutcome, AlertStatus
from concord.warning.workflow import REVIEWERS

# What an alert row shows, in the same query as the alerts.
LIST_RELATED_ALERT = ("region", "unit", "category")
LIST_DEFERRED_ALERT = ("region__boundary",)
OPEN = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.ACTIONED)


def visible_alerts(user: AnyUser) -> QuerySet[Alert]:
    """Alerts in the user's areas (and everything below them) or assigned to their units:
    the same condition as for cases, on the same columns."""
    return Alert.objects.filter(scope_for(user).case_filter())


def alert_list(user: AnyUser, filters: dict[str, Any]) -> QuerySet[Alert]:
    """The user's alerts, newest first, narrowed by ``filters`` (status group or status,
    kind, category id, detector)."""
    alerts = visible_alerts(user)
    status = filters.get("status") or "open"
    if status == "open":
        alerts = alerts.filter(status__in=OPEN)
    elif status != "all":
        alerts = alerts.filter(status=status)
    for field in ("kind", "category", "detector"):
        if filters.get(field):
            alerts = alerts.filter(**{field: filters[field]})
    return alerts.select_related(*LIST_RELATED_ALERT).defer(*LIST_DEFERRED_ALERT).order_by("-created_at", "-id")


def get_alert_for_user(user: AnyUser, alert_id: int | str, *, write: bool = False) -> Alert:
    """The alert if the user may read it (and, with ``write``, review it); Http404 outside
    the user's jurisdiction, PermissionDenied if readable but not theirs to review."""
    try:
        pk = int(alert_id)
    except (TypeError, ValueError):
        raise Http404 from None
    alert = visible_alerts(user).select_related(*LIST_RELATED_ALERT).defer(*LIST_DEFERRED_ALERT).filter(pk=pk).first()
    if alert is None:
        raise Http404
    if write and not scope_for(user).standing(alert.unit_id, alert).may(REVIEWERS):
        raise PermissionDenied(_("You can see this alert but another unit reviews it."))
    return alert


def alert_cases(alert: Alert, user: AnyUser) -> QuerySet[Case]:
    """The cases behind the alert that the user may read (others are only counted)."""
    linked = alert.alert_cases.values("case_id")
    return (
        visible_cases(user)
        .filter(pk__in=linked)
        .select_related(*LIST_RELATED)
        .defer(*LIST_DEFERRED)
        .order_by("-created_at", "-id")
    )


def alert_timeline(alert: Alert) -> QuerySet[AlertEvent]:
    return alert.events.select_related("actor").order_by("created_at", "id")


def precision_by_detector(user: AnyUser) -> list[dict[str, Any]]:
    """For the user's closed alerts, per detector: how many were closed and the share
    confirmed as real (the rest were false alarms)."""
    rows = (
        visible_alerts(user)
        .filter(status=AlertStatus.CLOSED)
        .values("detector")
        .annotate(closed=Count("id"), confirmed=Count("id", filter=Q(outcome=AlertOutcome.CONFIRMED)))
        .order_by("detector")
    )
    return [{**row, "precision": row["confirmed"] / row["closed"]} for row in rows if row["closed"]]


def open_alert_count(user: AnyUser) -> int:
    return visible_alerts(user).filter(status__in=OPEN).count()


def series_names(keys: list[list[int]]) -> list[str]:
    """ "Area · category" for (region id, category id) pairs, in the reader's language."""
    regions = Region.objects.only("name_zh", "name_en").in_bulk({region for region, _category in keys})
    categories = all_categories()
    return [
        f"{regions[region].name} · {categories[category].name}"
        for region, category in keys
        if region in regions and category in categories
    ]
