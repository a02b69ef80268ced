"""The numbers behind an alert's chart: its weekly series with the expected count and the
threshold at the weeks that alarmed, or the cases per day behind a signal."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.utils import timezone

from concord.cases.models import Case
from concord.warning.counts import series_for_chart
from concord.warning.models import Alert, AlertKind


def chart_data(alert: Alert) -> dict[str, Any]:
    """Labels and series for the chart (JSON-ready)."""
    if alert.kind == AlertKind.COUNT_SPIKE and alert.category_id is not None:
        series = series_for_chart(alert)
        key = (alert.region_id, alert.category_id)
        counts = series.row(key).tolist() if key in series.keys else [0.0] * len(series.dates)
        labels = [str(week) for week in series.dates.tolist()]
        evidence = {str(week["week"]): week for week in alert.details.get("weeks", [])}
        return {
            "step": "week",
            "labels": labels,
            "observed": counts,
            "expected": [evidence.get(label, {}).get("expected") for label in labels],
            "threshold": [evidence.get(label, {}).get("threshold") for label in labels],
        }
    first = alert.window_start - timedelta(days=7)
    moments = Case.objects.filter(pk__in=alert.alert_cases.values("case_id")).values_list("created_at", flat=True)
    per_day = Counter(timezone.localdate(moment) for moment in moments)
    days = [first + timedelta(days=n) for n in range((alert.window_end - first).days + 1)]
    return {
        "step": "day",
        "labels": [day.isoformat() for day in days],
        "observed": [per_day.get(day, 0) for day in days],
        "expected": [],
        "threshold": [],
    }
