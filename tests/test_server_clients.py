"""Real clients against a live server, and the same answers as a reference Oxigraph server."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyoxigraph import QueryResultsFormat, parse_query_results
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from aigraph.config import Settings
from aigraph.queries import load_queries
from tests.conftest import LiveServer, concatenations, free_port

SAVED = load_queries(Path(__file__).resolve().parent.parent / "queries")
OXIGRAPH = Path(shutil.which("oxigraph") or Path(__file__).resolve().parent.parent / ".venv" /
                "bin" / "oxigraph")


@pytest.mark.parametrize("name", sorted(SAVED))
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_runs_every_saved_query(live: LiveServer, name: str,
                                              method: str) -> None:
    query = SAVED[name]
    client = SPARQLWrapper(f"{live.url}/sparql")
    client.setQuery(query.text)
    if method == "POST":
        client.setMethod(POST)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        client.setReturnFormat(TURTLE)
        graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
        assert len(graph) > 0
    else:
        client.setReturnFormat(JSON)
        result = client.queryAndConvert()
        assert result["results"]["bindings"]  # type: ignore[index]


def test_rdflib_sparqlstore_reads_the_endpoint(live: LiveServer) -> None:
    graph = Graph(store=SPARQLStore(f"{live.url}/sparql", returnFormat="json"))
    rows = list(graph.query(
        "SELECT ?name WHERE { <https://w3id.org/aigraph/id/org/gist> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?name }"))
    assert {str(r[0]) for r in rows} == {"광주과학기술원",
                                         "Gwangju Institute of Science and Technology"}
    labels = set(graph.objects(URIRef("https://w3id.org/aigraph/id/person/lee-yong-sup"),
                               URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert {str(x) for x in labels} == {"이용섭", "Lee Yong-sup"}


@pytest.fixture(scope="module")
def reference(project_settings: Settings, built: object, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[str]:
    """A native ``oxigraph serve-read-only`` over a copy of the same store."""
    if not OXIGRAPH.exists():
        pytest.fail("the oxigraph CLI (PyPI 'oxigraph') is not installed; run make test")
    copy = tmp_path_factory.mktemp("reference") / "store"
    shutil.copytree(project_settings.store_dir.resolve(), copy)
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve-read-only", "--location", str(copy),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(10)


def solutions(body: bytes, fmt: QueryResultsFormat,
              concats: dict[str, str] | None = None) -> object:
    """Parsed solutions as a comparable multiset (or a boolean); a GROUP_CONCAT value
    (``concats``: variable → separator) as the sorted multiset of its parts."""
    parsed = parse_query_results(body, format=fmt)
    if isinstance(parsed, bool) or type(parsed).__name__ == "QueryBoolean":
        return bool(parsed)
    names = [v.value for v in parsed.variables]  # type: ignore[union-attr]
    concats = concats or {}

    def cell(name: str, term: object) -> str:
        if term is None:
            return ""
        if name in concats:
            value = term.value  # type: ignore[attr-defined]
            return repr(sorted(value.split(concats[name]))) if concats[name] else \
                repr(sorted(value))
        return str(term)

    return sorted(tuple(cell(n, row[n]) for n in names)
                  for row in parsed)  # type: ignore[union-attr]


def test_group_concat_columns_are_found_in_the_saved_queries() -> None:
    assert concatenations(SAVED["agreements"].text) == {"parties": ", "}
    assert concatenations(SAVED["events-by-date"].text) == {
        "dateTexts": " | ", "hosts": ", ", "organizers": ", "}
    assert concatenations(SAVED["conflicting-figures"].text) == {"claims": " | "}


@pytest.mark.parametrize("name", sorted(n for n, q in SAVED.items() if q.form == "SELECT"))
def test_saved_queries_answer_as_the_reference_server_does(live: LiveServer, reference: str,
                                                           name: str) -> None:
    query = SAVED[name].text
    headers = {"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"}
    ours = httpx.get(f"{live.url}/sparql", params={"query": query}, headers=headers)
    theirs = httpx.get(f"{reference}/query", params={"query": query}, headers=headers)
    assert ours.status_code == theirs.status_code == 200
    concats = concatenations(query)
    assert solutions(ours.content, QueryResultsFormat.JSON, concats) == solutions(
        theirs.content, QueryResultsFormat.JSON, concats)


PROTOCOL_CASES = [
    ("GET", {"query": "ASK { ?s a <https://w3id.org/aigraph/ontology#Event> }"}, None,
     "application/sparql-results+xml"),
    ("GET", {"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
     None, "text/tab-separated-values"),
    ("POST", {"query": "SELECT ?s WHERE { ?s a <https://w3id.org/aigraph/ontology#Agreement> }"},
     None, "application/sparql-results+json"),
    ("GET", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
             "default-graph-uri": "https://w3id.org/aigraph/graph/registry"}, None,
     "application/sparql-results+json"),
    ("GET", {"query": "SELECT ?x WHERE { ?x }"}, None, "application/sparql-results+json"),
    ("POST", None, b"\xff\xfe", "application/sparql-results+json"),
]


@pytest.mark.parametrize(("method", "params", "body", "accept"), PROTOCOL_CASES)
def test_protocol_requests_get_the_reference_servers_status_and_answer(
        live: LiveServer, reference: str, method: str, params: dict | None,  # type: ignore[type-arg]
        body: bytes | None, accept: str) -> None:
    def ask(url: str) -> httpx.Response:
        headers = {"Accept": accept, "Cache-Control": "no-cache"}
        if body is not None:
            headers["Content-Type"] = "application/sparql-query"
            return httpx.post(url, content=body, headers=headers)
        if method == "POST":
            return httpx.post(url, data=params, headers=headers)
        return httpx.get(url, params=params, headers=headers)

    ours, theirs = ask(f"{live.url}/sparql"), ask(f"{reference}/query")
    assert ours.status_code == theirs.status_code
    if ours.status_code == 200:
        fmt = {"application/sparql-results+json": QueryResultsFormat.JSON,
               "application/sparql-results+xml": QueryResultsFormat.XML,
               "text/tab-separated-values": QueryResultsFormat.TSV}[accept]
        assert solutions(ours.content, fmt) == solutions(theirs.content, fmt)
    else:
        assert json.loads(ours.content)["ok"] is False
