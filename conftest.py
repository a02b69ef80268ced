"""Shared fixtures: the named world of concord.testing and helpers to report cases."""

from __future__ import annotations

import pytest
from django.test import Client

from concord.cases.models import Case, PartyRole
from concord.intake.services import PartyInput, Report, submit_report
from concord.testing import PASSWORD, World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def report_case(world: World):  # type: ignore[no-untyped-def]
    """Report a case in grid A1a1 (or another region) through the intake service."""

    def make(region=None, category=None, description="Loud music every night after midnight.", phone="13800138000"):  # type: ignore[no-untyped-def]
        from concord.geo.queries import region_by_code

        located = region_by_code((region or world.grid_a1a1).code)
        return submit_report(
            Report(
                region=located,
                category=category or world.noise,
                description=description,
                parties=(PartyInput(role=PartyRole.REPORTER, name="Wang Fang", phone=phone),),
            )
        )

    return make


def login(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def as_user(client: Client):  # type: ignore[no-untyped-def]
    def make(user) -> Client:  # type: ignore[no-untyped-def]
        fresh = Client()
        return login(fresh, user)

    return make


def reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    """Password hashing is deliberately slow; tests do not need it to be."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_reference_cache():  # type: ignore[no-untyped-def]
    """Each test starts with an empty per-process reference cache (its database is new)."""
    from concord.refcache import reference_cache

    reference_cache.clear()
    yield
    reference_cache.clear()


def page_body(response) -> str:  # type: ignore[no-untyped-def]
    """A page's HTML without what differs from one response to the next whatever the page
    (the CSRF token, the page's own path in the language switcher), to compare two pages."""
    import re

    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return html.replace(response.request["PATH_INFO"], "")


# The longest tests start first, so that with several workers the rest fill in around them
# (started last, the demo city's tests alone would outlast everything else).
LONGEST_FIRST = ("concord/demo/tests/test_demo_city.py", "concord/api/tests/test_schema.py::test_schemathesis")


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))
