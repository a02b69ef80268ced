"""Page numbers from the query string never crash a list, however odd."""

from __future__ import annotations

import pytest

from concord.testing import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["99999999999999999999", "²", "-3", "abc", ""])
def test_odd_page_numbers_answer_200(world: World, as_user, page: str) -> None:  # type: ignore[no-untyped-def]
    staff = as_user(world.grid_worker)
    assert staff.get("/staff/", {"page": page}).status_code == 200
    assert staff.get("/staff/regions/", {"page": page}).status_code == 200
