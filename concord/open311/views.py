"""Open311 GeoReport v2 at /open311/v2/ (JSON or XML by suffix). Thin: parsing here, reads
in queries.py, writes in services.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters

from concord.cases.models import Case, Category
from concord.cases.queries import all_categories, report_categories
from concord.cases.receipts import format_receipt
from concord.dates import parse_moment
from concord.open311 import queries
from concord.open311.attributes import ATTRIBUTES
from concord.open311.formats import error_response, errors_response, respond
from concord.open311.services import (
    Open311Error,
    RequestInput,
    client_for_key,
    jurisdiction,
    submit_request,
    take_rate_slot,
)
from concord.paging import parse_id
from concord.workflow.errors import DomainError

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-23T00:00:00+08:00"  # when this endpoint's behaviour last changed
# The published limits of GET requests: the window and the number of results.
MAX_WINDOW = timedelta(days=90)
MAX_RESULTS = 1000
# Bounds that keep ids, offsets and date arithmetic inside what the databases accept.
MAX_PAGE = 10_000
EARLIEST_YEAR, LATEST_YEAR = 1970, 9000

View = Callable[..., HttpResponse]


def open311_view(*methods: str) -> Callable[[View], View]:
    """Allow ``methods``; turn Open311Error into the GeoReport ``errors`` document."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, fmt: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = error_response(fmt, 405, _("Method not allowed."))
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, fmt, *args, **kwargs)
            except Open311Error as error:
                return errors_response(fmt, error.status, error.descriptions)
            except DomainError as error:  # e.g. no unit handles disputes of this kind there
                return error_response(fmt, 400, str(error))

        # Names, phones and descriptions stay out of error reports.
        return csrf_exempt(sensitive_post_parameters()(wrapped))

    return decorate


def _check_jurisdiction(params: QueryDict) -> None:
    jurisdiction(params.get("jurisdiction_id", ""))


@open311_view("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", args=["json"])).rsplit("/", 1)[0] + "/"
    data = {
        "changeset": CHANGESET,
        "contact": _("Hotline %(number)s") % {"number": settings.CONCORD_HOTLINE},
        "key_service": _("Ask the city's Concord administrators for an api_key."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", data)


def _service(category: Category, parents: dict[int, Category]) -> dict[str, Any]:
    parent = parents.get(category.parent_id) if category.parent_id else None
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(dict.fromkeys(n for n in (category.name_zh, category.name_en) if n)),
        "group": (parent or category).name,
    }


@open311_view("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    categories = all_categories()
    return respond(fmt, "services", [_service(c, categories) for c in report_categories()])


def _service_categories() -> dict[str, Category]:
    return {category.code: category for category in report_categories()}


@open311_view("GET")
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    if code not in _service_categories():
        raise Open311Error(404, _("Unknown service_code %(code)s: see services.json.") % {"code": code})
    attributes = [
        {
            "variable": True,
            "code": attribute.code,
            "datatype": attribute.datatype,
            "required": attribute.required,
            "datatype_description": None,
            "order": order,
            "description": str(attribute.description),
            "values": [{"key": key, "name": str(name)} for key, name in attribute.values],
        }
        for order, attribute in enumerate(ATTRIBUTES, start=1)
    ]
    return respond(fmt, "service_definition", {"service_code": code, "attributes": attributes})


@open311_view("GET", "POST")
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    params = request.GET
    _check_jurisdiction(params)
    page, page_size = _paging(params)
    ids = params.get("service_request_id", "").strip()
    if ids:
        cases = queries.listed_cases().filter(pk__in=_ids(ids)).order_by("-created_at", "-id")
    else:
        start, end = _window(params)
        cases = queries.listed_cases().filter(created_at__gte=start, created_at__lt=end)
        codes = [code.strip() for code in params.get("service_code", "").split(",") if code.strip()]
        if codes:
            known = {c.code: c.pk for c in all_categories().values()}
            unknown = [code for code in codes if code not in known]
            if unknown:
                raise Open311Error(400, _("Unknown service_code %(code)s: see services.json.") % {"code": unknown[0]})
            cases = cases.filter(category_id__in=[known[code] for code in codes])
        statuses = {status.strip() for status in params.get("status", "").split(",") if status.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status must be open or closed."))
        if statuses == {"open"}:
            cases = cases.exclude(status__in=queries.CLOSED_STATUSES)
        elif statuses == {"closed"}:
            cases = cases.filter(status__in=queries.CLOSED_STATUSES)
        cases = cases.order_by("-created_at", "-id")
    offset = (page - 1) * page_size
    return respond(fmt, "service_requests", queries.request_rows(cases[offset : offset + page_size]))


@open311_view("GET")
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    if not _is_id(request_id):
        raise Open311Error(404, _("No service request %(id)s.") % {"id": request_id})
    case_id = int(request_id)
    visible = queries.listed_cases()
    key = request.GET.get("api_key", "")
    # The app that submitted a request may follow it even when it is not listed publicly.
    if key and queries.submitted_by(case_id, client_for_key(key).pk):
        visible = Case.objects.all()
    rows = queries.request_rows(visible.filter(pk=case_id))
    if not rows:
        raise Open311Error(404, _("No service request %(id)s.") % {"id": request_id})
    return respond(fmt, "service_requests", rows)


@open311_view("GET")
def token_detail(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    case_id = queries.case_id_for_token(token)
    if case_id is None:
        raise Open311Error(404, _("No service request for token %(token)s.") % {"token": token})
    return respond(fmt, "service_requests", [{"service_request_id": str(case_id), "token": token}])


@open311_view("GET")
def request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.GET
    _check_jurisdiction(params)
    page, page_size = _paging(params)
    start, end = _window(params)
    events = queries.public_updates(start, end).values_list(
        "pk", "case_id", "created_at", "from_status", "to_status", "note"
    )
    offset = (page - 1) * page_size
    return respond(fmt, "service_request_updates", queries.update_rows(events[offset : offset + page_size]))


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    client = client_for_key(request.POST.get("api_key", ""))
    take_rate_slot(client)
    data = _request_input(request)
    case = submit_request(client, data, categories=_service_categories(), language=translation.get_language() or "")
    track_url = request.build_absolute_uri(reverse("intake:track", args=[case.receipt]))
    notice = _(
        "Thank you. Your receipt code is %(receipt)s: keep it to follow the case at %(url)s."
        " Someone will sign for it within %(hours)d hours."
    ) % {"receipt": format_receipt(case.receipt), "url": track_url, "hours": settings.CONCORD_SIGN_FOR_HOURS}
    body = [
        {
            "service_request_id": str(case.pk),
            "token": case.submission_token,
            "service_notice": notice,
            "account_id": data.account_id or None,
        }
    ]
    return respond(fmt, "service_requests", body, status=201)


def _request_input(request: HttpRequest) -> RequestInput:
    post = request.POST
    answers: dict[str, list[str]] = {}
    for name in post:
        # attribute[code] holds one value; attribute[code][] a list (multivaluelist).
        if name.startswith("attribute[") and "]" in name:
            code = name[len("attribute[") : name.index("]")]
            answers.setdefault(code, []).extend(post.getlist(name))
    fields = {
        name: post.get(name, "")
        for name in RequestInput.__dataclass_fields__
        if name not in {"attributes", "idempotency_key"}
    }
    return RequestInput(
        **fields,
        attributes=tuple((code, tuple(values)) for code, values in answers.items()),
        idempotency_key=request.headers.get("Idempotency-Key", "")[:200],
    )


def _paging(params: QueryDict) -> tuple[int, int]:
    try:
        page = int(params.get("page", "1"))
        page_size = int(params.get("page_size", str(MAX_RESULTS)))
    except ValueError:
        raise Open311Error(400, _("page and page_size must be whole numbers.")) from None
    if not 1 <= page <= MAX_PAGE or not 1 <= page_size <= MAX_RESULTS:
        raise Open311Error(
            400,
            _("page must be between 1 and %(pages)d and page_size between 1 and %(max)d.")
            % {"pages": MAX_PAGE, "max": MAX_RESULTS},
        )
    return page, page_size


def _is_id(text: str) -> bool:
    return parse_id(text) is not None


def _ids(text: str) -> list[int]:
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not all(_is_id(part) for part in ids) or len(ids) > MAX_RESULTS:
        raise Open311Error(400, _("service_request_id must be a comma-separated list of request ids."))
    return [int(part) for part in ids]


def _moment(params: QueryDict, name: str) -> datetime | None:
    text = params.get(name, "").strip()
    if not text:
        return None
    moment = parse_moment(text)
    if moment is None:
        raise Open311Error(
            400, _("%(name)s must be a W3C date-time such as 2026-11-01T00:00:00+08:00.") % {"name": name}
        )
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise Open311Error(
            400,
            _("%(name)s must be between the years %(first)d and %(last)d.")
            % {"name": name, "first": EARLIEST_YEAR, "last": LATEST_YEAR},
        )
    return moment


def _window(params: QueryDict) -> tuple[datetime, datetime]:
    """[start, end) from start_date and end_date: at most 90 days, the last 90 by default."""
    start, end = _moment(params, "start_date"), _moment(params, "end_date")
    if end is None:
        end = start + MAX_WINDOW if start else timezone.now()
    if start is None:
        start = end - MAX_WINDOW
    if start >= end:
        raise Open311Error(400, _("start_date must be before end_date."))
    if end - start > MAX_WINDOW:
        raise Open311Error(400, _("start_date and end_date may be at most 90 days apart."))
    return start, end
