"""Discovery, the service list and service definitions, in both formats."""

from __future__ import annotations

import pytest

from concord.cases.queries import report_categories
from concord.open311.attributes import ATTRIBUTES
from concord.open311.tests.support import as_strings, validate, xml_to_data

pytestmark = pytest.mark.django_db


def test_discovery_lists_this_endpoint_in_both_formats(client, world):
    response = client.get("/open311/v2/discovery.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    endpoint = data["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    xml = client.get("/open311/v2/discovery.xml")
    assert xml["Content-Type"] == "text/xml; charset=utf-8"
    assert xml_to_data(xml.content) == as_strings(data)


def test_services_are_the_report_categories(client, world):
    response = client.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="en")
    services = response.json()
    validate("services", services)
    assert [s["service_code"] for s in services] == [c.code for c in report_categories()]
    noise = next(s for s in services if s["service_code"] == "neighbour_noise")
    assert noise["service_name"] == "Noise"
    assert noise["group"] == "Neighbours"
    assert noise["metadata"] is True
    assert noise["type"] == "realtime"
    assert "噪音扰民" in noise["keywords"]
    xml = client.get("/open311/v2/services.xml", HTTP_ACCEPT_LANGUAGE="en")
    assert xml_to_data(xml.content) == as_strings(services)


def test_services_speak_the_clients_language(client, world):
    services = client.get("/open311/v2/services.json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    noise = next(s for s in services if s["service_code"] == "neighbour_noise")
    assert noise["service_name"] == "噪音扰民"


def test_service_definition_has_every_datatype(client, world):
    response = client.get("/open311/v2/services/neighbour_noise.json", HTTP_ACCEPT_LANGUAGE="en")
    definition = response.json()
    validate("service-definition", definition)
    assert definition["service_code"] == "neighbour_noise"
    attributes = definition["attributes"]
    assert [a["code"] for a in attributes] == [a.code for a in ATTRIBUTES]
    assert [a["order"] for a in attributes] == list(range(1, len(ATTRIBUTES) + 1))
    assert {a["datatype"] for a in attributes} == {
        "string",
        "number",
        "datetime",
        "text",
        "singlevaluelist",
        "multivaluelist",
    }
    kinds = next(a for a in attributes if a["code"] == "other_party_kind")
    assert {v["key"] for v in kinds["values"]} == {"person", "organisation"}
    xml = client.get("/open311/v2/services/neighbour_noise.xml", HTTP_ACCEPT_LANGUAGE="en")
    assert xml_to_data(xml.content) == as_strings(definition)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_a_404_in_the_errors_shape(client, world, fmt):
    response = client.get(f"/open311/v2/services/no_such_thing.{fmt}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    errors = response.json() if fmt == "json" else xml_to_data(response.content)
    assert errors[0]["code"] in (404, "404")
    assert "no_such_thing" in errors[0]["description"]


def test_jurisdiction_is_checked(client, world):
    assert client.get("/open311/v2/services.json?jurisdiction_id=51").status_code == 200
    response = client.get("/open311/v2/services.json?jurisdiction_id=99", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "Unknown jurisdiction_id 99."}]


def test_errors_are_translated(client, world):
    response = client.get("/open311/v2/services.json?jurisdiction_id=99", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()[0]["description"] != "Unknown jurisdiction_id 99."


def test_unsupported_method_is_405(client, world):
    response = client.delete("/open311/v2/services.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
