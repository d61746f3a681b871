"""The saved queries as a web API: the catalogue, one typed OpenAPI operation each, 422 for bad values."""

from __future__ import annotations

import csv
import io

import pytest

from enfance_kg import saved_queries
from server.routers.queries import example_values

HTML = {"accept": "text/html"}
NAMES = saved_queries.names()


def test_the_catalogue_is_json_and_html(client):
    listing = client.get("/queries", headers={"accept": "application/json"}).json()
    assert [q["name"] for q in listing] == NAMES
    fundings = next(q for q in listing if q["name"] == "fundings")
    assert {p["name"] for p in fundings["params"]} == {"department", "funder_kind"}
    assert fundings["sparql"].startswith("#+ summary")
    page = client.get("/queries", headers=HTML).text
    assert all(f'href="/queries/{name}"' in page for name in NAMES)


def _values(query: saved_queries.SavedQuery) -> dict[str, str]:
    values = example_values(query)
    for name, param in query.params.items():
        if param.required and name not in values:
            values[name] = "https://w3id.org/enfance-kg/id/departement/92" if param.type == "iri" else "92"
    return values


@pytest.mark.parametrize("name", NAMES)
def test_every_saved_query_runs_over_http(client, name):
    query = saved_queries.get(name)
    graph = query.form in ("CONSTRUCT", "DESCRIBE")
    response = client.get(f"/queries/{name}", params={**_values(query), "format": "turtle" if graph else "json"})
    assert response.status_code == 200, response.text
    if not graph and query.form == "SELECT":
        assert "results" in response.json()


def test_results_match_the_cli_and_come_in_every_format(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/queries/health-checks-3-4", params={"format": "csv"}).text)))
    assert sorted({r["code"] for r in rows}) == ["77", "92"]
    for fmt, media in (("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
                       ("tsv", "text/tab-separated-values")):
        response = client.get("/queries/health-checks-3-4", params={"format": fmt})
        assert response.headers["content-type"].startswith(media)
    bound = client.get("/queries/fundings", params={"department": "77", "format": "csv"}).text
    assert {r["recipientCode"] for r in csv.DictReader(io.StringIO(bound))} == {"77"}


@pytest.mark.parametrize(
    ("params", "parameter", "reason"),
    [
        ({"department": "7x"}, "department", "is not a département code"),
        ({"funder_kind": "bank"}, "funder_kind", "one of state, ars, department, other"),
        ({"colour": "blue"}, "colour", "unknown parameter"),
        ([("department", "77"), ("department", "92")], "department", "given more than once"),
        ({"timeout": "-1"}, "timeout", "not a positive number"),
    ],
)
def test_a_bad_parameter_is_422_naming_it(client, params, parameter, reason):
    response = client.get("/queries/fundings", params=params, headers={"accept": "application/json"})
    assert response.status_code == 422
    problem = response.json()
    assert problem["parameter"] == parameter
    assert reason in problem["reason"] or reason in problem["detail"]


def test_a_missing_required_parameter_is_422(client):
    response = client.get("/queries/describe", headers={"accept": "application/json"})
    assert response.status_code == 422
    assert response.json()["parameter"] == "iri"


def test_an_unknown_query_is_404_with_suggestions(client):
    response = client.get("/queries/fundingz")
    assert response.status_code == 404
    assert "fundings" in response.text


def test_the_html_page_shows_the_table_and_the_chart(client):
    html = client.get("/queries/funder-kind-shares", headers=HTML).text
    assert '<table class="data results">' in html
    assert '<svg class="chart"' in html and html.count('<g class="bar">') == 3
    assert 'name="include_national"' in html or "<form" in html


def test_openapi_has_one_typed_operation_per_saved_query(client):
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    operations = {op["operationId"]: (path, op) for path, item in spec["paths"].items()
                  for method, op in item.items() if method == "get" and path.startswith("/queries/")}
    assert set(operations) == set(NAMES)
    path, fundings = operations["fundings"]
    assert path == "/queries/fundings"
    params = {p["name"]: p for p in fundings["parameters"]}
    assert params["funder_kind"]["schema"]["enum"] == ["state", "ars", "department", "other"]
    assert params["department"]["schema"]["pattern"]
    assert params["department"]["example"] == "77"
    assert "text/csv" in fundings["responses"]["200"]["content"]
    _, describe = operations["describe"]
    assert {p["name"]: p for p in describe["parameters"]}["iri"]["required"] is True
    defaults = {p["name"]: p for p in operations["health-checks-3-4"][1]["parameters"]}
    assert defaults["min_age"]["schema"]["default"] == 3


def test_the_api_docs_page_is_served_without_a_cdn(client):
    html = client.get("/docs", headers=HTML).text
    assert "swagger-ui-bundle.js" in html and "cdn" not in html.lower()
