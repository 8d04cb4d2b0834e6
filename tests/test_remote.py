"""A remote store: the graph loaded into a real SPARQL server (``oxigraph serve``) and served
from there, with the same answers, pages and errors as the embedded store."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import BlankNode, NamedNode, Quad, QueryBoolean, QuerySolutions, Store
from rdflib.compare import isomorphic
from SPARQLWrapper import JSON, SPARQLWrapper

from aigraph.build import BuildResult, build
from aigraph.cli import cli
from aigraph.config import Settings
from aigraph.errors import QueryError, QueryTimeout, StoreError
from aigraph.pool import QueryRequest
from aigraph.queries import load_queries, run_saved
from aigraph.remote import RemoteRunner, RemoteStore, load_remote
from aigraph.store import run_query
from tests.conftest import ROOT, LiveServer, concatenations, free_port, unordered
from tests.remote_servers import OxigraphServer

pytestmark = pytest.mark.remote

SAVED = load_queries(ROOT / "queries")
GIST = "https://w3id.org/aigraph/id/org/gist"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def remote_settings(settings: Settings, server: OxigraphServer, gsp: bool = True) -> Settings:
    return settings.with_(store_url=server.query_url, store_update_url=server.update_url,
                          store_gsp_url=server.gsp_url if gsp else "")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph")) as running:
        yield running


@pytest.fixture(scope="module")
def remote(server: OxigraphServer, project_settings: Settings) -> Settings:
    """The corpus built (SHACL included) straight into the remote server."""
    settings = remote_settings(project_settings, server)
    build(settings)
    return settings


@pytest.fixture(scope="module")
def remote_store(remote: Settings) -> Iterator[RemoteStore]:
    reader = RemoteStore(remote)
    yield reader
    reader.close()


def without_blank_nodes(quads: object) -> set[Quad]:
    """Blank nodes get new labels in another store; everything else must be equal."""
    return {q for q in quads if not isinstance(q.subject, BlankNode)  # type: ignore[attr-defined]
            and not isinstance(q.object, BlankNode)}


def answer_of(result: object, concats: dict[str, str] | None = None) -> object:
    """A comparable form of a query answer: a boolean, a multiset of rows, or triples. A
    GROUP_CONCAT value (``concats``: variable → separator) counts as its sorted parts, as
    SPARQL leaves their order to the engine's storage."""
    if isinstance(result, QueryBoolean):
        return bool(result)
    if isinstance(result, QuerySolutions):
        names = [v.value for v in result.variables]
        concats = concats or {}

        def cell(name: str, term: object) -> object:
            if term is None:
                return None
            if name in concats:
                return unordered(term.value, concats[name])  # type: ignore[attr-defined]
            return str(term)

        return Counter(tuple(cell(n, row[n]) for n in names) for row in result)
    return {str(t) for t in result if not isinstance(t.subject, BlankNode)}  # type: ignore[attr-defined]


# -- loading -------------------------------------------------------------------------------


def test_a_build_loads_every_named_graph_and_their_merge(remote_store: RemoteStore,
                                                          store: Store) -> None:
    remote_quads, local_quads = list(remote_store), list(store)
    assert len(remote_quads) == len(local_quads) > 10_000
    assert without_blank_nodes(remote_quads) == without_blank_nodes(local_quads)


def test_loading_through_sparql_update_gives_the_same_graph(
        tmp_path: Path, project_settings: Settings, quads: list[Quad], store: Store) -> None:
    with OxigraphServer(tmp_path / "oxi") as other:
        settings = remote_settings(project_settings, other, gsp=False)
        assert load_remote(quads, settings) == len(list(store))
        with RemoteStore(settings) as reader:
            assert without_blank_nodes(reader) == without_blank_nodes(store)


def test_a_reload_drops_our_graphs_the_inputs_no_longer_have_and_keeps_others(
        tmp_path: Path, project_settings: Settings, quads: list[Quad]) -> None:
    gone = NamedNode("https://w3id.org/aigraph/graph/article/gone")
    foreign = NamedNode("http://example.org/someone-elses-graph")
    extra = [Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"),
                  NamedNode("http://example.org/o"), g) for g in (gone, foreign)]
    extra.append(Quad(NamedNode("https://w3id.org/aigraph/dataset/gone"),  # as VoID lists it
                      NamedNode("http://www.w3.org/ns/sparql-service-description#name"), gone,
                      NamedNode("https://w3id.org/aigraph/graph/void")))
    with OxigraphServer(tmp_path / "oxi") as other:
        settings = remote_settings(project_settings, other)
        load_remote(quads + extra, settings)
        load_remote(quads, settings)
        with RemoteStore(settings) as reader:
            graphs = {r["g"].value for r in reader.query(  # type: ignore[union-attr]
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert gone.value not in graphs
    assert foreign.value in graphs
    assert "https://w3id.org/aigraph/graph/build" in graphs


def test_a_remote_store_without_a_loading_endpoint_is_refused(project_settings: Settings,
                                                               quads: list[Quad]) -> None:
    settings = project_settings.with_(store_url="http://127.0.0.1:9/query")
    with pytest.raises(StoreError, match="loading endpoint"):
        load_remote(quads, settings)


# -- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAVED))
def test_every_saved_query_answers_the_same_on_either_store(name: str, remote_store: RemoteStore,
                                                            store: Store) -> None:
    concats = concatenations(SAVED[name].text)
    remote_answer = answer_of(run_saved(remote_store, SAVED[name]), concats)  # type: ignore[arg-type]
    assert remote_answer == answer_of(run_saved(store, SAVED[name]), concats)


def test_parameters_bind_on_the_remote_as_they_do_locally(remote_store: RemoteStore,
                                                          store: Store) -> None:
    query = SAVED["people-by-organisation"]
    remote_answer = answer_of(run_saved(remote_store, query, {"org": GIST}))  # type: ignore[arg-type]
    local_answer = answer_of(run_saved(store, query, {"org": GIST}))
    assert remote_answer == local_answer
    assert remote_answer != answer_of(run_saved(store, query, {}))  # the binding mattered


def test_quad_patterns_match_the_embedded_store(remote_store: RemoteStore, store: Store) -> None:
    from pyoxigraph import DefaultGraph

    gist = NamedNode(GIST)
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    registry = NamedNode("https://w3id.org/aigraph/graph/registry")
    for pattern in [(gist, None, None, DefaultGraph()), (None, None, gist, None),
                    (gist, label, None, registry), (None, label, None, DefaultGraph())]:
        found = set(remote_store.quads_for_pattern(*pattern))  # type: ignore[arg-type]
        assert found and found == set(store.quads_for_pattern(*pattern))


def test_a_malformed_query_is_reported_with_line_and_column(remote_store: RemoteStore) -> None:
    with pytest.raises(QueryError, match=r"line 2, column \d+"):
        run_query(remote_store, "SELECT * WHERE {\n ?s ?p }")  # type: ignore[arg-type]


def test_an_unreachable_remote_store_is_a_clear_error(project_settings: Settings) -> None:
    down = project_settings.with_(store_url=f"http://127.0.0.1:{free_port()}/q")
    with RemoteStore(down) as reader, \
            pytest.raises(StoreError, match="cannot reach the remote store"):
        reader.query("ASK {}")


def test_the_row_cap_stops_reading_the_remote_answer(remote_store: RemoteStore) -> None:
    runner = RemoteRunner(remote_store)
    answer = runner.run(QueryRequest("SELECT * WHERE { ?s ?p ?o }", "json", None, 25))
    assert answer.rows == 25 and answer.truncated
    graph = runner.run(QueryRequest("CONSTRUCT WHERE { ?s ?p ?o }", None, "nt", 7))
    assert graph.rows == 7 and graph.truncated
    assert len(graph.body.decode().strip().splitlines()) == 7


def test_a_slow_remote_answer_is_stopped_at_the_time_limit(tmp_path: Path, quads: list[Quad],
                                                           project_settings: Settings) -> None:
    with OxigraphServer(tmp_path / "oxi") as slow:
        settings = remote_settings(project_settings, slow).with_(query_timeout=1.0)
        load_remote(quads, settings)
        started = time.monotonic()
        with RemoteStore(settings) as reader, \
                pytest.raises(QueryTimeout, match="longer than 1 s"):
            RemoteRunner(reader).run(QueryRequest(CROSS, "json", None, 10))
        assert time.monotonic() - started < 5


# -- serving -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def remote_live(remote: Settings) -> Iterator[LiveServer]:
    with LiveServer(remote) as running:
        yield running


def test_the_endpoint_answers_sparql_clients_from_the_remote_store(remote_live: LiveServer
                                                                   ) -> None:
    health = httpx.get(f"{remote_live.url}/-/health").json()
    assert health["ok"] is True and health["store"] == "remote" and health["build"]
    client = SPARQLWrapper(f"{remote_live.url}/sparql")
    client.setQuery("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                    f"SELECT ?label WHERE {{ <{GIST}> rdfs:label ?label }}")
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert {"광주과학기술원", "Gwangju Institute of Science and Technology"} <= \
        {r["label"]["value"] for r in rows}


@pytest.mark.parametrize("path", ["/id/org/gist", "/queries/organisation-network-graph",
                                  "/ontology"])
def test_documents_are_the_same_as_from_the_embedded_store(remote_live: LiveServer,
                                                           live: LiveServer, path: str) -> None:
    graphs = []
    for url in (remote_live.url, live.url):
        response = httpx.get(f"{url}{path}", headers={"Accept": "text/turtle"}, timeout=30)
        assert response.status_code == 200, response.text
        graphs.append(rdflib.Graph().parse(data=response.text, format="turtle"))
    assert len(graphs[0]) > 0 and isomorphic(graphs[0], graphs[1])


@pytest.mark.parametrize("path", ["/", "/id/person/lee-yong-sup", "/search?q=광주",
                                  "/timeline", "/export/graph.graphml?focus=" + GIST,
                                  "/dumps/aigraph.nq"])
def test_pages_and_exports_work_over_the_remote_store(remote_live: LiveServer,
                                                      live: LiveServer, path: str) -> None:
    remote_response = httpx.get(f"{remote_live.url}{path}", timeout=60)
    local_response = httpx.get(f"{live.url}{path}", timeout=60)
    assert remote_response.status_code == local_response.status_code == 200
    assert abs(len(remote_response.content) - len(local_response.content)) \
        <= 0.05 * len(local_response.content)


def test_a_server_whose_remote_store_is_down_answers_503_saying_so(
        project_settings: Settings) -> None:
    down = project_settings.with_(store_url=f"http://127.0.0.1:{free_port()}/query")
    with LiveServer(down) as running:
        response = httpx.get(f"{running.url}/sparql", params={"query": "ASK {}"},
                             headers={"Accept": "application/json"})
        health = httpx.get(f"{running.url}/-/health")
    assert response.status_code == 503
    assert "cannot reach the remote store" in response.json()["error"]
    assert health.status_code == 503 and "cannot reach" in health.json()["error"]


def test_a_server_on_an_empty_remote_store_says_how_to_load_it(
        tmp_path: Path, project_settings: Settings) -> None:
    with OxigraphServer(tmp_path / "oxi") as empty, \
            LiveServer(remote_settings(project_settings, empty)) as running:
        response = httpx.get(f"{running.url}/id/org/gist", headers={"Accept": "text/turtle"})
        health = httpx.get(f"{running.url}/-/health")
    assert response.status_code == 503
    assert "aigraph build" in response.json()["error"]
    assert health.status_code == 503 and "holds no aigraph build" in health.json()["error"]


# -- command line --------------------------------------------------------------------------


def test_the_cli_builds_into_and_queries_a_remote_store(tmp_path: Path,
                                                        built: BuildResult) -> None:
    runner = CliRunner()
    with OxigraphServer(tmp_path / "oxi") as other:
        options = ["--root", str(ROOT), "--store-url", other.query_url,
                   "--store-gsp-url", other.gsp_url]
        loaded = runner.invoke(cli, [*options, "build"], catch_exceptions=False)
        assert loaded.exit_code == 0, loaded.output
        assert f"loaded into {other.query_url}" in loaded.output
        count = runner.invoke(cli, [*options, "query", "--format", "csv",
                                    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
        assert count.output.splitlines()[1] == str(built.triples)
        stats = runner.invoke(cli, [*options, "stats"])
        assert stats.exit_code == 0 and other.query_url in stats.output


# -- Virtuoso ------------------------------------------------------------------------------

MERGE = "https://w3id.org/aigraph/graph/merged"
#: Saved queries whose answers Virtuoso 7.2 changes, and why (the rest must be identical).
VIRTUOSO_DIFFERS = {
    "agreements": "GROUP_CONCAT drops the language tag",
    "agreements-of-party": "GROUP_CONCAT drops the language tag",
    "conflicting-figures": "GROUP_CONCAT ignores the ORDER BY of its subquery",
    "entities-in-several-articles": "GROUP_CONCAT ignores the ORDER BY of its subquery",
    "entity-by-name": "a bound @ko literal does not match the alias through its FILTER",
    "events-by-date": "COALESCE and GROUP_CONCAT drop language tags; '' for unbound",
    "facilities": "GROUP_CONCAT order and language tags",
    "funding-breakdown": "large integers come back as xsd:decimal",
    "ontology-classes": "GROUP_CONCAT order; '' for unbound",
    "organisation-network": "a GRAPH pattern joined with a sub-select of graphs loses the "
                            "organiser rows",
    "people-by-organisation": "booleans come back as 0/1",
    "people-in-several-articles": "GROUP_CONCAT order and language tags",
    "targets-and-budgets": "booleans as 0/1, large integers as xsd:decimal",
    "timeline": "COALESCE drops language tags; '' for unbound",
}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, project_settings: Settings
             ) -> Iterator[Settings]:
    """A private Virtuoso from Debian's packages, holding the corpus loaded by a build."""
    from tests.virtuoso import VirtuosoServer, available

    if not available():
        pytest.skip("Virtuoso is not installed; 'make test' installs virtuoso-opensource-7-bin")
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as running:
        settings = project_settings.with_(store_url=running.query_url,
                                          store_gsp_url=running.gsp_url or "",
                                          store_default_graph=MERGE)
        build(settings)
        yield settings


def test_virtuoso_holds_the_merge_in_a_named_graph_and_our_graphs_beside_it(
        virtuoso: Settings, store: Store, built: BuildResult) -> None:
    with RemoteStore(virtuoso) as reader:
        count = answer_of(reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        graphs = reader.named_graphs()
        subjects = {q.subject for q in reader.quads_for_pattern(None, None, None, None)
                    if isinstance(q.subject, NamedNode)}
    assert count == Counter({(f'"{built.triples}"^^<http://www.w3.org/2001/XMLSchema#integer>',
                              ): 1})
    assert set(graphs) == {g.value for g in store.named_graphs()}
    assert subjects == {q.subject for q in store if isinstance(q.subject, NamedNode)}


@pytest.mark.parametrize("name", sorted(SAVED))
def test_every_saved_query_runs_on_virtuoso_and_the_portable_ones_answer_the_same(
        name: str, virtuoso: Settings, store: Store) -> None:
    with RemoteStore(virtuoso) as reader:
        remote_answer = answer_of(run_saved(reader, SAVED[name]))  # type: ignore[arg-type]
    local_answer = answer_of(run_saved(store, SAVED[name]))
    if name in VIRTUOSO_DIFFERS:
        assert remote_answer != local_answer, f"{name} now agrees; drop it from the list"
    else:
        assert remote_answer == local_answer


def test_an_ask_answered_by_virtuoso_as_a_result_set_is_still_a_boolean(virtuoso: Settings
                                                                         ) -> None:
    with RemoteStore(virtuoso) as reader:
        yes = reader.query(f"ASK {{ <{GIST}> ?p ?o }}")
        no = reader.query("ASK { <http://example.org/nothing> ?p ?o }")
    assert isinstance(yes, QueryBoolean) and isinstance(no, QueryBoolean)
    assert bool(yes) and not bool(no)


def test_entity_documents_served_from_virtuoso_name_the_same_things(virtuoso: Settings,
                                                                     live: LiveServer) -> None:
    graphs = []
    with LiveServer(virtuoso) as running:
        for url in (running.url, live.url):
            response = httpx.get(f"{url}/id/org/gist", headers={"Accept": "text/turtle"},
                                 timeout=30)
            assert response.status_code == 200, response.text
            graphs.append(rdflib.Graph().parse(data=response.text, format="turtle"))
    assert {(s, p) for s, p, _ in graphs[0]} == {(s, p) for s, p, _ in graphs[1]}
    assert len(graphs[0]) == len(graphs[1])


def test_relative_iris_resolve_against_the_base_iri_on_the_remote_too(
        remote_store: RemoteStore, remote_live: LiveServer) -> None:
    base = remote_live.settings.base_iri
    relative = "CONSTRUCT { <s> <p> 1 } WHERE {}"
    one = '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    triples = {str(t) for t in remote_store.query(relative, base_iri=base)}  # type: ignore[union-attr]
    assert triples == {f"<{base}s> <{base}p> {one}"}
    own = remote_store.query("BASE <http://example.org/x/> " + relative, base_iri=base)
    assert {str(t) for t in own} == {  # type: ignore[union-attr]
        f"<http://example.org/x/s> <http://example.org/x/p> {one}"}
    response = httpx.get(f"{remote_live.url}/sparql", params={"query": relative},
                         headers={"Accept": "application/n-triples"}, timeout=30)
    assert response.status_code == 200, response.text
    graph = rdflib.Graph().parse(data=response.text, format="nt")
    assert {(str(s), str(p), str(o)) for s, p, o in graph} == {(f"{base}s", f"{base}p", "1")}
