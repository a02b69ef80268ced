"""QR posters: who may print which, and that every code scans back to the area's report form."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageDraw

from concord.geo.models import Level, Region
from concord.testing import World

pytestmark = pytest.mark.django_db

SVG_NS = "{http://www.w3.org/2000/svg}"
CALL_ZH = "扫码反映矛盾纠纷"
CALL_EN = "Scan to report a dispute"


def decode_png(data: bytes) -> list[str]:
    """The texts of the QR codes found in a PNG (a real decode, by zxing-cpp)."""
    image = Image.open(io.BytesIO(data))
    return [found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode]


def rasterise(svg: ET.Element, pixels_per_unit: int = 8) -> Image.Image:
    """Draw the dark modules of a QR code SVG (paths of 1-unit-wide horizontal strokes made
    of M/m moves and h/H lines) on white, so that the decoder can read it."""
    view = (svg.get("viewBox") or f"0 0 {svg.get('width')} {svg.get('height')}").split()
    width, height = float(view[2]), float(view[3])
    image = Image.new("L", (round(width * pixels_per_unit), round(height * pixels_per_unit)), 255)
    draw = ImageDraw.Draw(image)
    paths = list(svg.iter(f"{SVG_NS}path")) + list(svg.iter("path"))
    assert paths, "no path in the SVG"
    for path in paths:
        x = y = 0.0
        for command, args in re.findall(r"([A-Za-z])([^A-Za-z]*)", path.get("d", "")):
            numbers = [float(n) for n in args.replace(",", " ").split()]
            if command in "Mm":
                dx, dy = numbers
                x, y = (dx, dy) if command == "M" else (x + dx, y + dy)
            elif command in "Hh":
                end = numbers[0] if command == "H" else x + numbers[0]
                left, right = x * pixels_per_unit, end * pixels_per_unit
                top, bottom = (y - 0.5) * pixels_per_unit, (y + 0.5) * pixels_per_unit
                draw.rectangle([left, top, right - 1, bottom - 1], fill=0)
                x = end
            else:
                raise AssertionError(f"unexpected path command {command!r}")
    return image


def decode_svg(svg: ET.Element) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(rasterise(svg))]


def inline_svgs(html: str) -> list[ET.Element]:
    """The <svg> elements of an HTML page, parsed as XML."""
    return [ET.fromstring(match) for match in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]  # noqa: S314 - our own page


def report_url(region: Region) -> str:
    return f"http://testserver/r/{region.code}"


# --- who may print which poster -------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(world: World, client) -> None:  # type: ignore[no-untyped-def]
    code = world.grid_a1a1.code
    for url in (
        "/staff/regions/",
        f"/staff/regions/{code}/poster",
        f"/staff/regions/{code}/poster.svg",
        f"/staff/regions/{code}/poster.png",
        f"/staff/regions/{world.community_a1a.code}/posters",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/staff/login/"), url


def test_grid_worker_prints_the_poster_of_their_grid(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user(world.grid_worker).get(f"/staff/regions/{world.grid_a1a1.code}/poster")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Grid A1a1" in body and "Community A1a" in body
    assert "District A" in body and "Street A1" in body
    assert report_url(world.grid_a1a1) in body
    assert "@page" not in body  # the print rules live in poster.css
    assert "/static/concord/poster.css" in body


def test_grid_worker_cannot_print_the_community_around_their_grid(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    """Their jurisdiction is the grid: the community poster is someone else's to print."""
    staff = as_user(world.grid_worker)
    assert staff.get(f"/staff/regions/{world.community_a1a.code}/poster").status_code == 404
    assert staff.get(f"/staff/regions/{world.community_a1a.code}/posters").status_code == 404
    assert staff.get(f"/staff/regions/{world.grid_a1a2.code}/poster").status_code == 404


def test_street_lead_prints_community_and_grid_posters(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    staff = as_user(world.street_lead)
    for region in (world.community_a1a, world.grid_a1a1, world.grid_a1a2):
        for suffix in ("poster", "poster.svg", "poster.png"):
            assert staff.get(f"/staff/regions/{region.code}/{suffix}").status_code == 200, (region.code, suffix)


def test_outside_the_jurisdiction_a_poster_does_not_exist(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    outsider = as_user(world.outsider)
    for suffix in ("poster", "poster.svg", "poster.png"):
        assert outsider.get(f"/staff/regions/{world.grid_a1a1.code}/{suffix}").status_code == 404
    assert outsider.get(f"/staff/regions/{world.community_a1a.code}/posters").status_code == 404
    # ...while their own grid works
    assert outsider.get(f"/staff/regions/{world.grid_b1.code}/poster").status_code == 200


def test_unknown_codes_and_other_levels_have_no_poster(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    supervisor = as_user(world.city_supervisor)
    assert supervisor.get("/staff/regions/99999999/poster").status_code == 404
    assert supervisor.get("/staff/regions/99999999/poster.png").status_code == 404
    for region in (world.district_a, world.street_a1, world.city):
        for suffix in ("poster", "poster.svg", "poster.png", "posters"):
            assert supervisor.get(f"/staff/regions/{region.code}/{suffix}").status_code == 404, (region.code, suffix)
    # the multi-page sheet is for communities only
    assert supervisor.get(f"/staff/regions/{world.grid_a1a1.code}/posters").status_code == 404


def test_posters_are_read_only(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user(world.grid_worker).post(f"/staff/regions/{world.grid_a1a1.code}/poster")
    assert response.status_code == 405


# --- the codes scan back to the report form ------------------------------------------------


def test_png_decodes_to_the_report_form_of_the_grid(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user(world.grid_worker).get(f"/staff/regions/{world.grid_a1a1.code}/poster.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="concord-qr-{world.grid_a1a1.code}.png"'
    assert decode_png(response.content) == ["http://testserver/r/51010100100101"]
    image = Image.open(io.BytesIO(response.content))
    assert image.width >= 1200 and image.width == image.height
    # a white quiet zone of at least four modules surrounds the code
    grey = image.convert("L")
    corner = [grey.getpixel((x, y)) for x in range(40) for y in range(40)]
    assert min(corner) == 255


def test_svg_is_a_valid_svg_of_the_code_with_the_area_name(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user(world.street_lead).get(f"/staff/regions/{world.grid_a1a2.code}/poster.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Disposition"] == f'attachment; filename="concord-qr-{world.grid_a1a2.code}.svg"'
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == f"{SVG_NS}svg"
    assert root.findtext(f"{SVG_NS}desc") == report_url(world.grid_a1a2)
    captions = [text.text for text in root.iter(f"{SVG_NS}text")]
    assert captions == ["Community A1a Grid A1a2", "Community A1a · Grid A1a2"]
    assert decode_svg(root) == [report_url(world.grid_a1a2)]


def test_poster_page_shows_a_scannable_code(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user(world.grid_worker).get(f"/staff/regions/{world.grid_a1a1.code}/poster")
    svgs = inline_svgs(response.content.decode())
    assert len(svgs) == 1
    assert decode_svg(svgs[0]) == [report_url(world.grid_a1a1)]


def test_poster_speaks_chinese_and_english_whatever_the_page_language(world: World, as_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_HOTLINE = "028-1234 5678"
    staff = as_user(world.grid_worker)
    for language in ("zh-hans", "en"):
        body = staff.get(f"/staff/regions/{world.grid_a1a1.code}/poster", HTTP_ACCEPT_LANGUAGE=language).content
        text = body.decode()
        assert CALL_ZH in text and CALL_EN in text, language
        assert "免费" in text and "free and confidential" in text, language
        assert "028-1234 5678" in text, language
    assert "12348" not in text


def test_community_sheet_has_one_page_per_grid(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user(world.street_lead).get(f"/staff/regions/{world.community_a1a.code}/posters")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<section class="sheet"') == 2
    assert body.count(CALL_ZH) == 2 and body.count(CALL_EN) == 2
    assert [decode_svg(svg) for svg in inline_svgs(body)] == [
        [report_url(world.grid_a1a1)],
        [report_url(world.grid_a1a2)],
    ]


def test_community_sheet_reads_the_same_whatever_the_number_of_grids(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    staff = as_user(world.street_lead)
    url = f"/staff/regions/{world.community_a1a.code}/posters"
    staff.get(url)  # the session and the user's scope are warm now
    with CaptureQueriesContext(connection) as before:
        staff.get(url)
    for n in range(3, 13):
        Region.objects.create(
            code=f"{world.community_a1a.code}{n:02d}",
            level=Level.GRID,
            parent=world.community_a1a,
            name_zh=f"Grid A1a{n}",
            name_en=f"Grid A1a{n}",
        )
    with CaptureQueriesContext(connection) as after:
        response = staff.get(url)
    assert response.content.decode().count('<section class="sheet"') == 12
    assert len(after) <= len(before) + 3, [q["sql"] for q in after]


# --- the list of areas to print --------------------------------------------------------------


def test_index_lists_the_communities_and_grids_in_the_jurisdiction(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    body = as_user(world.street_lead).get("/staff/regions/").content.decode()
    for region in (world.community_a1a, world.grid_a1a1, world.grid_a1a2):
        assert f"/staff/regions/{region.code}/poster" in body
    assert f"/staff/regions/{world.community_a1a.code}/posters" in body
    assert world.grid_b1.code not in body
    assert f"/staff/regions/{world.street_a1.code}/" not in body  # streets have no poster

    worker = as_user(world.grid_worker).get("/staff/regions/").content.decode()
    assert f"/staff/regions/{world.grid_a1a1.code}/poster" in worker
    assert f"/staff/regions/{world.grid_a1a2.code}/" not in worker
    assert f"/staff/regions/{world.community_a1a.code}/" not in worker

    everything = as_user(world.city_supervisor).get("/staff/regions/").content.decode()
    assert world.grid_b1.code in everything and world.grid_a1a1.code in everything


def test_index_is_searchable_and_paginated(world: World, as_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_PAGE_SIZE = 2
    staff = as_user(world.city_supervisor)
    first = staff.get("/staff/regions/").content.decode()
    assert first.count("/poster.png") == 2 and "page=2" in first
    third = staff.get("/staff/regions/?page=3").content.decode()
    assert third.count("/poster.png") == 1 and "page=4" not in third
    found = staff.get("/staff/regions/", {"q": "B1a"}).content.decode()
    assert world.grid_b1.code in found and world.grid_a1a1.code not in found
    assert staff.get("/staff/regions/?page=x").status_code == 200


def test_the_qr_holds_the_public_url_when_one_is_set(world: World, as_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_PUBLIC_URL = "https://concord.example.org"
    response = as_user(world.grid_worker).get("/staff/regions/51010100100101/poster.png")
    assert decode_png(response.content) == ["https://concord.example.org/r/51010100100101"]
