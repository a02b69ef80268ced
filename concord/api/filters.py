"""Query parameters of the case list: parsed strictly (a bad value is a 400 naming the
parameter, never silently ignored) and documented from the same table."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from concord.cases.models import Case, Status
from concord.cases.queries import category_and_children
from concord.cases.receipts import LENGTH as RECEIPT_LENGTH
from concord.cases.receipts import normalise_receipt
from concord.dates import parse_moment
from concord.geo.models import LEVEL_FIELD, Level
from concord.geo.queries import region_by_code
from concord.paging import MAX_ID, parse_id
from concord.risk.engine.factors import LEVEL_CODES

MAX_TEXT = 200
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
_MOMENT = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}

CASE_FILTER_PARAMETERS = [
    OpenApiParameter(
        "status",
        {"type": "array", "items": {"type": "string", "enum": list(Status.values)}, "minItems": 1},
        style="form",
        explode=False,
        description=gettext_lazy("Only cases in one of these statuses (comma-separated)."),
    ),
    OpenApiParameter(
        "category", str, description=gettext_lazy("Category code; a parent category includes its sub-categories.")
    ),
    OpenApiParameter("region", str, description=gettext_lazy("Region code: cases anywhere in that region's subtree.")),
    OpenApiParameter(
        "unit",
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description=gettext_lazy("Id of the handling unit."),
    ),
    OpenApiParameter(
        "overdue", bool, description=gettext_lazy("true: the deadline in force has passed; false: it has not.")
    ),
    OpenApiParameter(
        "reported_after",
        _MOMENT,
        description=gettext_lazy("Reported at or after this time (a date means its start, in the site's time zone)."),
    ),
    OpenApiParameter(
        "reported_before", _MOMENT, description=gettext_lazy("Reported before this time (a date means its start).")
    ),
    OpenApiParameter(
        "risk_level",
        {"type": "array", "items": {"type": "string", "enum": list(LEVEL_CODES)}, "minItems": 1},
        style="form",
        explode=False,
        description=gettext_lazy("Only cases at one of these risk levels (comma-separated)."),
    ),
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": MAX_TEXT},
        description=gettext_lazy("A receipt code, or text in the description."),
    ),
]


def _raw(params: QueryDict, name: str, errors: dict[str, list[str]]) -> str | None:
    """The parameter's one value as sent, or None when it is absent (or bad: then noted in errors)."""
    values = params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        errors[name] = [_("Give this parameter once.")]
    elif "\x00" in values[0]:
        errors[name] = [_("Contains a character that is not allowed.")]
    elif len(values[0]) > MAX_TEXT:
        errors[name] = [_("At most %(n)d characters.") % {"n": MAX_TEXT}]
    else:
        return values[0]
    return None


def _text(params: QueryDict, name: str, errors: dict[str, list[str]]) -> str:
    return (_raw(params, name, errors) or "").strip()


def _moment(params: QueryDict, name: str, errors: dict[str, list[str]]) -> datetime | None:
    raw = _raw(params, name, errors)
    if raw is None:
        return None
    moment = parse_moment(raw)
    if moment is None:
        errors[name] = [_("Give a date (2024-05-01) or a date and time (2024-05-01T08:00:00+08:00).")]
    return moment


def _choices(params: QueryDict, name: str, known: list[str], errors: dict[str, list[str]]) -> list[str]:
    """A comma list of values from ``known``."""
    raw = _raw(params, name, errors)
    values = [] if raw is None else raw.split(",")
    unknown = [value for value in values if value not in known]
    if unknown:
        errors[name] = [
            _("Unknown value: %(value)s. Use: %(known)s.") % {"value": unknown[0][:40], "known": ", ".join(known)}
        ]
    return values


def _category_filter(code: str, errors: dict[str, list[str]]) -> Q | None:
    ids = category_and_children(code)
    if not ids:
        errors["category"] = [_("Unknown category code.")]
        return None
    return Q(category_id__in=ids)


def _region_filter(code: str, errors: dict[str, list[str]]) -> Q | None:
    region = region_by_code(code)
    if region is None:
        errors["region"] = [_("Unknown region code.")]
        return None
    # The case's ancestor column at the region's level: one indexed equality at any depth.
    return Q(**{f"{LEVEL_FIELD[Level(region.level)]}_id": region.pk})


def _text_filter(text: str) -> Q:
    condition = Q(description__icontains=text)
    receipt = normalise_receipt(text)
    if len(receipt) == RECEIPT_LENGTH:
        condition |= Q(receipt=receipt)
    return condition


def filter_cases(cases: QuerySet[Case], params: QueryDict) -> QuerySet[Case]:
    """``cases`` narrowed by the query parameters; ValidationError naming each bad one."""
    errors: dict[str, list[str]] = {}
    conditions: list[Q] = []
    if statuses := _choices(params, "status", list(Status.values), errors):
        conditions.append(Q(status__in=statuses))
    if levels := _choices(params, "risk_level", list(LEVEL_CODES), errors):
        conditions.append(Q(risk_level__in=[LEVEL_CODES.index(level) for level in levels if level in LEVEL_CODES]))
    if code := _text(params, "category", errors):
        conditions.append(_category_filter(code, errors) or Q())
    if code := _text(params, "region", errors):
        conditions.append(_region_filter(code, errors) or Q())
    if (raw := _raw(params, "unit", errors)) is not None:
        if unit_id := parse_id(raw):
            conditions.append(Q(unit_id=unit_id))
        else:
            errors["unit"] = [_("Give the id of a unit (a whole number).")]
    if (raw := _raw(params, "overdue", errors)) is not None:
        now = timezone.now()
        if raw.lower() in _TRUE:
            conditions.append(Q(due_at__lte=now))
        elif raw.lower() in _FALSE:
            conditions.append(Q(due_at__isnull=True) | Q(due_at__gt=now))
        else:
            errors["overdue"] = [_("Use true or false.")]
    if after := _moment(params, "reported_after", errors):
        conditions.append(Q(created_at__gte=after))
    if before := _moment(params, "reported_before", errors):
        conditions.append(Q(created_at__lt=before))
    if text := _text(params, "q", errors):
        conditions.append(_text_filter(text))
    if errors:
        raise ValidationError(errors)
    for condition in conditions:
        cases = cases.filter(condition)
    return cases
