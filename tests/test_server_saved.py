"""``/queries``: every saved query listed, runnable in every format, in the OpenAPI."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import rdflib

from aigraph.queries import load_queries

SAVED = load_queries(Path(__file__).resolve().parent.parent / "queries")
BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"


def test_at_least_fifteen_saved_queries_are_listed_with_both_languages(
        http: httpx.Client) -> None:
    listed = http.get("/queries", headers={"Accept": "application/json"}).json()
    assert len(listed) >= 15 and len(listed) == len(SAVED)
    assert all(q["title"]["ko"] and q["title"]["en"] for q in listed)


@pytest.mark.parametrize("name", sorted(SAVED))
def test_every_saved_query_runs_in_its_formats(http: httpx.Client, name: str) -> None:
    query = SAVED[name]
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        for suffix, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
            response = http.get(f"/queries/{name}.{suffix}")
            assert response.status_code == 200
            assert len(rdflib.Graph().parse(data=response.content, format=fmt)) > 0
        return
    rows = json.loads(http.get(f"/queries/{name}").content)["results"]["bindings"]
    assert rows, f"{name} answered nothing"
    for suffix in ("csv", "tsv", "xml"):
        assert http.get(f"/queries/{name}.{suffix}").status_code == 200


def test_parameters_are_bound_and_validated(http: httpx.Client) -> None:
    forum = "https://w3id.org/aigraph/id/event/korea-ai-cluster-forum-1"
    rows = http.get("/queries/opening-attendees", params={"event": forum}).json()
    names = {r["name"]["value"] for r in rows["results"]["bindings"]}
    assert names == {"제임스 랜디 물릭"}
    bad = http.get("/queries/opening-attendees", params={"event": "not an iri"})
    assert bad.status_code == 400 and "'event'" in bad.json()["error"]
    unknown = http.get("/queries/opening-attendees", params={"colour": "red"})
    assert unknown.status_code == 400 and "'colour'" in unknown.json()["error"]


def test_the_html_view_shows_the_query_and_an_editor_link(http: httpx.Client) -> None:
    page = http.get("/queries/agreements", headers={"Accept": BROWSER}).text
    assert "체결된 협약, 당사자, 체결 행사" in page
    assert "GROUP_CONCAT" in page and 'class="editor"' in page
    assert "인공지능산업융합사업단" in page


def test_an_unknown_saved_query_is_404(http: httpx.Client) -> None:
    response = http.get("/queries/no-such-query")
    assert response.status_code == 404 and response.json()["ok"] is False


def test_every_saved_query_is_an_operation_of_the_openapi_document(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    for name, query in SAVED.items():
        operation = spec["paths"][f"/queries/{name}"]["get"]
        params = {p["name"] for p in operation.get("parameters", [])}
        assert {p.name for p in query.params} | {"format"} <= params
