"""One short sentence per alert saying what was seen and against what, in the reader's
language ("14 labour disputes in Jinjiang Street, 2026-11-23 to 11-29; 3.1 expected;
threshold 8"). Built from the alert's fields when shown, so it is always in the language
of whoever reads it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concord.warning.models import Alert, AlertKind


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def explain(alert: Alert) -> str:
    """The alert in one sentence, with its evidence."""
    values = {
        "n": _number(alert.observed),
        "expected": _number(alert.expected),
        "threshold": _number(alert.threshold),
        "category": alert.category.name if alert.category else "",
        "region": alert.region.name,
        "start": alert.window_start.isoformat(),
        "end": alert.window_end.isoformat(),
        "subject": alert.subject,
        "days": alert.details.get("days", ""),
    }
    count = int(alert.observed)
    if alert.kind == AlertKind.COUNT_SPIKE:
        text = ngettext(
            "%(n)s %(category)s dispute in %(region)s from %(start)s to %(end)s",
            "%(n)s %(category)s disputes in %(region)s from %(start)s to %(end)s",
            count,
        )
        text += "; " + _("%(expected)s expected; threshold %(threshold)s")
    elif alert.kind == AlertKind.COLLECTIVE:
        text = ngettext(
            "%(n)s dispute naming %(subject)s from %(start)s to %(end)s",
            "%(n)s disputes naming %(subject)s from %(start)s to %(end)s",
            count,
        )
        text += "; " + _("%(expected)s expected from its past year")
    elif alert.kind == AlertKind.REPEAT:
        text = ngettext(
            "%(n)s dispute between the same parties in 12 months, the latest in %(region)s",
            "%(n)s disputes between the same parties in 12 months, the latest in %(region)s",
            count,
        )
    else:
        text = ngettext(
            "%(n)s case with nothing recorded for %(days)s days or more",
            "%(n)s cases with nothing recorded for %(days)s days or more",
            count,
        )
    return text % values
