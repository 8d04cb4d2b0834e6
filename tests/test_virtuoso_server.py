"""The Virtuoso harness itself: it starts, takes two graphs through the Graph Store Protocol,
and answers with the behaviour its docstring promises."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, QueryResultsFormat, QuerySolutions, parse_query_results

from tests.virtuoso import VirtuosoServer, available

pytestmark = pytest.mark.remote

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/"
GRAPH_A = f"{EX}graph/a"
GRAPH_B = f"{EX}graph/b"
JSON = "application/sparql-results+json"

DATA_A = f"""\
<{EX}ai> <{EX}label> "인공지능"@ko .
<{EX}ai> <{EX}label> "artificial intelligence"@en .
<{EX}ai> <{EX}since> "1956"^^<{XSD}gYear> .
<{EX}ai> <{EX}field> <{EX}cs> .
"""
DATA_B = f"""\
<{EX}ml> <{EX}label> "기계 학습"@ko .
<{EX}ml> <{EX}since> "1959"^^<{XSD}gYear> .
<{EX}ai> <{EX}field> <{EX}cs> .
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One private Virtuoso for this module, holding GRAPH_A and GRAPH_B."""
    if not available():
        pytest.skip("virtuoso-t and isql-vt (Debian virtuoso-opensource-7-bin) are not installed")
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as server:
        assert server.gsp_url is not None
        with httpx.Client(timeout=60) as client:
            for graph, data in ((GRAPH_A, DATA_A), (GRAPH_B, DATA_B)):
                response = client.put(server.gsp_url, params={"graph": graph},
                                      content=data.encode("utf-8"),
                                      headers={"Content-Type": "application/n-triples"})
                assert response.status_code == 201, response.text
        yield server
        process = server.process
    assert process is not None and process.returncode is not None, "Virtuoso did not stop"
    assert not (server.folder / "virtuoso.lck").exists(), "Virtuoso did not shut down cleanly"


def select(server: VirtuosoServer, query: str, **params: str) -> list[dict[str, object]]:
    """A SELECT's rows as dicts of pyoxigraph terms (unbound variables left out)."""
    response = httpx.post(server.query_url, data={"query": query, **params},
                          headers={"Accept": JSON}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(JSON)
    solutions = parse_query_results(response.content, format=QueryResultsFormat.JSON)
    assert isinstance(solutions, QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: row[n] for n in names if row[n] is not None} for row in solutions]


def test_korean_label_and_gyear_round_trip(virtuoso: VirtuosoServer) -> None:
    rows = select(virtuoso, f"""
        SELECT ?label ?since WHERE {{
          GRAPH <{GRAPH_A}> {{ <{EX}ai> <{EX}label> ?label ; <{EX}since> ?since }}
          FILTER(LANG(?label) = "ko")
        }}""")
    assert rows == [{"label": Literal("인공지능", language="ko"),
                     "since": Literal("1956", datatype=NamedNode(f"{XSD}gYear"))}]


def test_korean_literal_matches_in_a_filter(virtuoso: VirtuosoServer) -> None:
    rows = select(virtuoso, f'SELECT ?s WHERE {{ ?s <{EX}label> "기계 학습"@ko }}')
    assert rows == [{"s": NamedNode(f"{EX}ml")}]


def test_graph_variable_lists_both_graphs(virtuoso: VirtuosoServer) -> None:
    rows = select(virtuoso, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    graphs = {row["g"] for row in rows}
    assert {NamedNode(GRAPH_A), NamedNode(GRAPH_B)} <= graphs
    # Virtuoso's own graphs are there too.
    assert NamedNode("http://www.openlinksw.com/schemas/virtrdf#") in graphs


def test_default_graph_is_the_union_with_duplicates(virtuoso: VirtuosoServer) -> None:
    rows = select(virtuoso, f"SELECT ?o WHERE {{ <{EX}ai> <{EX}field> ?o }}")
    assert rows == [{"o": NamedNode(f"{EX}cs")}] * 2


def test_default_graph_uri_restricts_only_the_default_graph(virtuoso: VirtuosoServer) -> None:
    query = f"SELECT ?s WHERE {{ ?s <{EX}since> ?y }}"
    rows = select(virtuoso, query, **{"default-graph-uri": GRAPH_B})
    assert rows == [{"s": NamedNode(f"{EX}ml")}]
    rows = select(virtuoso, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                  **{"default-graph-uri": GRAPH_B})
    assert NamedNode(GRAPH_A) in {row["g"] for row in rows}


def test_ask_is_a_result_set(virtuoso: VirtuosoServer) -> None:
    response = httpx.post(virtuoso.query_url, data={"query": f"ASK {{ <{EX}ai> ?p ?o }}"},
                          headers={"Accept": JSON}, timeout=60)
    body = response.json()
    assert "boolean" not in body
    assert body["head"]["vars"] == ["__ASK_RETVAL"]
    assert body["results"]["bindings"][0]["__ASK_RETVAL"]["value"] == "1"


def test_update_and_syntax_errors(virtuoso: VirtuosoServer) -> None:
    assert virtuoso.update_url is not None
    graph = f"{EX}graph/update"
    update = f'INSERT DATA {{ GRAPH <{graph}> {{ <{EX}x> <{EX}label> "갱신"@ko }} }}'
    response = httpx.post(virtuoso.update_url, data={"update": update}, timeout=60)
    assert response.status_code == 200, response.text
    rows = select(virtuoso, f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert rows == [{"o": Literal("갱신", language="ko")}]
    response = httpx.post(virtuoso.query_url, data={"query": "SELEC ?x WHERE { ?x ?y ?z }"},
                          headers={"Accept": JSON}, timeout=60)
    assert response.status_code == 400
    assert "SP030" in response.text


def test_construct_as_n_triples(virtuoso: VirtuosoServer) -> None:
    from pyoxigraph import RdfFormat, parse

    response = httpx.post(virtuoso.query_url,
                          data={"query": f"CONSTRUCT WHERE {{ GRAPH <{GRAPH_B}> {{ ?s ?p ?o }} }}"},
                          headers={"Accept": "application/n-triples"}, timeout=60)
    assert response.status_code == 200, response.text
    objects = {t.object for t in parse(response.content, format=RdfFormat.N_TRIPLES)}
    assert Literal("기계 학습", language="ko") in objects
    assert Literal("1959", datatype=NamedNode(f"{XSD}gYear")) in objects

