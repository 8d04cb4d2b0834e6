"""Graph exports parse back with networkx, with labels, class and sources on every element."""

from __future__ import annotations

import io
import json

import httpx
import networkx as nx
import pytest
from pyoxigraph import NamedNode, Store

from aigraph.export import graph_for, write
from aigraph.queries import load_queries
from tests.conftest import ROOT

BASE = "https://w3id.org/aigraph/"
KANG = f"{BASE}id/person/kang-gi-jung"


@pytest.fixture(scope="module")
def whole(store: Store) -> nx.MultiDiGraph:
    return graph_for(store, BASE)


def test_every_node_is_an_iri_with_both_labels_a_class_and_its_sources(
        whole: nx.MultiDiGraph) -> None:
    assert whole.number_of_nodes() > 400 and whole.number_of_edges() > 900
    for name, data in whole.nodes(data=True):
        assert name.startswith(("https://", "http://"))
        assert {"label", "label_ko", "label_en", "class", "source"} <= set(data)
    gist = whole.nodes[f"{BASE}id/org/gist"]
    assert gist["label_ko"] == "광주과학기술원" and gist["class"] == "Organization"
    assert "001-6bd73d06d3be9202" in gist["source"]


def test_literals_are_attributes_not_nodes(whole: nx.MultiDiGraph) -> None:
    value = next(d for n, d in whole.nodes(data=True) if d["class"] == "MonetaryAmount")
    assert int(value["value"]) > 0 and value["surfaceForm_ko"].endswith(("원", "억"))


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml),
                                             ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_parse_back_with_the_same_counts(whole: nx.MultiDiGraph, fmt: str,
                                                          reader) -> None:  # noqa: ANN001
    back = reader(io.BytesIO(write(whole, fmt)))
    assert back.number_of_nodes() == whole.number_of_nodes()
    assert back.number_of_edges() == whole.number_of_edges()


def test_cytoscape_and_d3_json_hold_every_node_and_edge(whole: nx.MultiDiGraph) -> None:
    cyjs = json.loads(write(whole, "cyjs"))
    assert len(cyjs["elements"]["nodes"]) == whole.number_of_nodes()
    assert len(cyjs["elements"]["edges"]) == whole.number_of_edges()
    d3 = json.loads(write(whole, "d3"))
    assert len(d3["nodes"]) == whole.number_of_nodes() and len(d3["links"]) == \
        whole.number_of_edges()


def test_dot_is_a_digraph_with_korean_labels(store: Store) -> None:
    text = write(graph_for(store, BASE, KANG, 1), "dot").decode("utf-8")
    assert text.startswith("digraph aigraph {") and 'label="강기정"' in text


def test_a_neighbourhood_can_collapse_titles_into_labelled_edges(store: Store) -> None:
    graph = graph_for(store, BASE, KANG, 1, collapse=True)
    edges = {(d["label"], v) for _, v, d in graph.out_edges(KANG, data=True)}
    assert ("시장", f"{BASE}id/org/gwangju-city") in edges
    assert not any(n.startswith(f"{BASE}id/membership/") for n in graph)


def test_a_saved_construct_query_exports_the_organisation_network(store: Store) -> None:
    query = load_queries(ROOT / "queries")["organisation-network-graph"]
    graph = graph_for(store, BASE, saved=query)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (29, 100)
    assert all(d["class"] == "Organization" for _, d in graph.nodes(data=True))


def test_the_export_route_serves_every_format(http: httpx.Client) -> None:
    response = http.get("/export/graph.gexf", params={"focus": KANG, "hops": 2})
    graph = nx.read_gexf(io.BytesIO(response.content))
    assert graph.nodes[KANG]["label"] == "강기정"
    network = http.get("/export/graph.cyjs", params={"query": "organisation-network-graph"})
    assert len(network.json()["elements"]["edges"]) == 100
    assert http.get("/export/graph.png").status_code == 404
    assert http.get("/export/graph.d3", params={"hops": 9}).status_code == 400
    assert http.get("/export/graph.d3", params={"query": "agreements"}).status_code == 400
    assert http.get("/export/graph.dot", params={"focus": f"{BASE}id/org/none"}
                    ).status_code == 404


def test_the_cli_exports_a_graph(project_settings, built, tmp_path) -> None:  # noqa: ANN001
    from click.testing import CliRunner

    from aigraph.cli import cli

    out = tmp_path / "g.graphml"
    result = CliRunner().invoke(cli, ["--root", str(ROOT), "--store",
                                      str(project_settings.store_dir), "export",
                                      "--graph-format", "graphml", "--focus",
                                      f"{BASE}id/org/gist", "-o", str(out)])
    assert result.exit_code == 0
    assert NamedNode(f"{BASE}id/org/gist").value in nx.read_graphml(out)


def test_graphml_is_well_formed_and_every_data_value_uses_a_declared_key(
        whole: nx.MultiDiGraph) -> None:
    import xml.etree.ElementTree as ET

    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.fromstring(write(whole, "graphml"))
    assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
    keys = {k.get("id"): k.get("for") for k in root.findall("g:key", ns)}
    graph = root.find("g:graph", ns)
    assert graph is not None and graph.get("edgedefault") == "directed"
    for kind in ("node", "edge"):
        for element in graph.findall(f"g:{kind}", ns):
            for data in element.findall("g:data", ns):
                assert keys.get(data.get("key")) == kind
    node_ids = {n.get("id") for n in graph.findall("g:node", ns)}
    assert all(e.get("source") in node_ids and e.get("target") in node_ids
               for e in graph.findall("g:edge", ns))


def test_gexf_is_well_formed_and_every_attribute_value_is_declared(
        whole: nx.MultiDiGraph) -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(write(whole, "gexf"))
    ns = {"x": root.tag[1:].split("}")[0]}
    assert ns["x"].startswith("http://www.gexf.net/")
    graph = root.find("x:graph", ns)
    assert graph is not None
    declared = {(a.get("class"), attribute.get("id"))
                for a in graph.findall("x:attributes", ns)
                for attribute in a.findall("x:attribute", ns)}
    for kind in ("node", "edge"):
        for element in graph.iter(f"{{{ns['x']}}}{kind}"):
            for value in element.iter(f"{{{ns['x']}}}attvalue"):
                assert (kind, value.get("for")) in declared
    node_ids = {n.get("id") for n in graph.iter(f"{{{ns['x']}}}node")}
    assert all(e.get("source") in node_ids and e.get("target") in node_ids
               for e in graph.iter(f"{{{ns['x']}}}edge"))
