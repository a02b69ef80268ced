"""The OpenAPI schema, the docs served from vendored assets, and schemathesis checking that
every response of the running API matches the schema (and none is a server error)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from concord.api.services import create_token
from concord.cases import services
from concord.cases.models import Outcome
from concord.cases.workflow import CASES
from concord.followup.visits import record_visit
from concord.testing import World

pytestmark = pytest.mark.django_db

SCHEMA_ACCEPT = "application/vnd.oai.openapi+json"
FORM = "application/x-www-form-urlencoded"


def fetch_schema(language: str = "en") -> dict:  # type: ignore[type-arg]
    response = Client().get("/api/schema/", HTTP_ACCEPT=SCHEMA_ACCEPT, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return json.loads(response.content)  # type: ignore[no-any-return]


def test_schema_is_valid_openapi_3_and_public(world: World) -> None:
    schema = fetch_schema()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {"/api/cases/", "/api/cases/{case_id}/", "/api/cases/{case_id}/notes/", "/api/me/"} <= set(paths)
    for action in (code for code, declared in CASES.actions.items() if declared.offered):
        assert f"/api/cases/{{case_id}}/{action.replace('_', '-')}/" in paths
    # Only this API: not the schema or docs themselves, nor other DRF views of the site.
    assert all(path.startswith(("/api/cases/", "/api/me/")) for path in paths)
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    error = schema["components"]["schemas"]["ErrorBody"]
    assert {"code", "message", "fields", "allowed_actions"} <= set(error["properties"])
    resolve = paths["/api/cases/{case_id}/resolve/"]["post"]
    assert set(resolve["responses"]) == {"200", "400", "401", "403", "404", "409", "415"}
    assert resolve["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/ResolveRequest")
    # Also as YAML, and in Chinese on request.
    assert Client().get("/api/schema/").content.startswith(b"openapi: 3")
    assert (
        fetch_schema("zh-hans")["paths"]["/api/cases/{case_id}/sign-for/"]["post"]["summary"]
        != (schema["paths"]["/api/cases/{case_id}/sign-for/"]["post"]["summary"])
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in {"src", "href"} and value]


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_docs_use_local_assets_only(page: str) -> None:
    response = Client().get(page)
    assert response.status_code == 200
    html = response.content.decode()
    links = _Links()
    links.feed(html)
    assert links.urls, html
    assert all(url.startswith("/static/") for url in links.urls), links.urls
    # Nothing the browser would fetch from elsewhere (no CDN, no font service, no validator).
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE), html
    assert "/api/schema/" in html
    if page == "/api/docs/":
        assert '"validatorUrl": null' in html  # Swagger UI would send the schema to validator.swagger.io
    for url in links.urls:
        asset = Client().get(url)
        assert asset.status_code == 200, url
        b"".join(asset.streaming_content)  # type: ignore[attr-defined]


# Not positive_data_acceptance: a well-typed but unknown category or region code is rightly a 400.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]


@pytest.fixture
def wsgi_app():  # type: ignore[no-untyped-def]
    """The real WSGI application, called in this thread (so it sees the test's transaction).
    Like Django's test client, keep the connection open when a request finishes."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def cases_in_every_state(world: World, report_case) -> list[int]:  # type: ignore[no-untyped-def]
    """Fresh cases of the grid worker's, one in each state an action starts from."""
    worker = world.grid_worker
    reported, accepted, mediating, resolved, followed_up = (report_case() for _ in range(5))
    for case in (accepted, mediating, resolved, followed_up):
        services.accept_case(case, actor=worker)
    services.start_mediation(mediating, actor=worker)
    for case in (resolved, followed_up):
        services.resolve_case(case, actor=worker, outcome=Outcome.ADVICE, summary="Advice given.")
    for _visit in django_settings.CONCORD_FOLLOW_UP_DAYS:
        record_visit(followed_up, actor=worker, outcome="held", note="Still fine.")
    return [case.pk for case in (reported, accepted, mediating, resolved, followed_up)]


# Valid input reaches real work (and the refusals of the state machine and the jurisdiction);
# invalid input is refused as invalid. One test per mode, so that the two can run in parallel.
MODES = {
    "positive": (schemathesis.GenerationMode.POSITIVE, {200, 201, 404, 409}),
    "negative": (schemathesis.GenerationMode.NEGATIVE, {400, 404}),
}


# Each mode over half of the operations at a time: four tests that run in parallel.
HALVES = (0, 1)


@pytest.mark.parametrize("half", HALVES)
@pytest.mark.parametrize("mode_name", list(MODES))
def test_schemathesis_finds_no_server_error_and_no_response_outside_the_schema(
    world: World, report_case, wsgi_app, mode_name: str, half: int
) -> None:  # type: ignore[no-untyped-def]
    """Every operation, with generated valid or invalid input, authenticated with a grid
    worker's API token. Most examples aim at the worker's own cases (fresh ones in every state
    for each operation, so that actions really run), the rest at generated ids and at a case
    outside the worker's jurisdiction."""
    mode, expected = MODES[mode_name]
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, headers={"Accept": SCHEMA_ACCEPT})
    _token, key = create_token(world.grid_worker, "schemathesis")
    auth = {"Authorization": f"Token {key}", "Accept-Language": "en"}
    elsewhere = report_case(region=world.grid_b1).pk
    statuses: set[int] = set()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 39
    # The same cases for every operation, each operation's changes rolled back after it: every
    # operation starts from a case in each state, without reporting them again 39 times.
    in_every_state = cases_in_every_state(world, report_case)
    chosen = operations[half :: len(HALVES)]
    for operation in chosen:
        strategies = [operation.as_strategy(generation_mode=mode)]
        if "{case_id}" in operation.path:
            strategies += [
                operation.as_strategy(generation_mode=mode, path_parameters={"case_id": case_id})
                for case_id in [*in_every_state, elsewhere]
            ]

        @given(case=st.one_of(strategies))
        @settings(
            max_examples=15,
            derandomize=True,  # the same examples on every run: CI is deterministic
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):  # type: ignore[no-untyped-def]
            response = case.call(headers=auth)
            statuses.add(response.status_code)
            checks = CHECKS
            if case.media_type == FORM:
                # Form encoding loses types (5 and "5" look the same): only JSON bodies are
                # held to rejecting schema-violating values.
                checks = [check for check in CHECKS if check is not negative_data_rejection]
            case.validate_response(response, checks=checks, headers=auth)

        with transaction.atomic():
            run()
            transaction.set_rollback(True)
    # The run reached real work, not only refusals (and, with invalid input, was refused as invalid).
    creates = any(op.method.upper() == "POST" and op.path.endswith("/notes/") for op in chosen)
    assert (expected if creates else expected - {201}) <= statuses, statuses
