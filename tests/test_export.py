"""Graph exports parse back with networkx, with labels, class and source articles on every
element; they read well in Gephi (class colours), yEd (node graphics) and Cytoscape."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict

import httpx
import networkx as nx
import pytest
from pyoxigraph import NamedNode, Store

from aigraph.colours import colour, rgb
from aigraph.export import download_name, graph_for, write
from aigraph.queries import load_queries
from tests.conftest import ROOT

BASE = "https://w3id.org/aigraph/"
KANG = f"{BASE}id/person/kang-gi-jung"
GIST = f"{BASE}id/org/gist"
NS_GRAPHML = "http://graphml.graphdrawing.org/xmlns"
NS_Y = "http://www.yworks.com/xml/graphml"


@pytest.fixture(scope="module")
def whole(store: Store) -> nx.MultiDiGraph:
    """The whole dataset as exported by default: memberships and participations as edges."""
    return graph_for(store, BASE)


@pytest.fixture(scope="module")
def statements(store: Store) -> nx.MultiDiGraph:
    """The whole dataset with memberships and participations kept as nodes."""
    return graph_for(store, BASE, collapse=False)


def looks_like_a_key(label: str, iri: str) -> bool:
    """Whether a label is an IRI, a prefixed name, or the slug or hash key at its end."""
    return (label.startswith(("http://", "https://")) or label == iri.rsplit("/", 1)[-1]
            or re.fullmatch(r"[a-z]+:\S+|[0-9a-f]{8,}|[a-z0-9]+(-[a-z0-9]+)*", label)
            is not None)


def test_every_node_is_an_iri_with_both_labels_a_class_and_its_articles(
        statements: nx.MultiDiGraph) -> None:
    assert statements.number_of_nodes() > 400 and statements.number_of_edges() > 900
    for name, data in statements.nodes(data=True):
        assert name.startswith(("https://", "http://"))
        assert {"label", "label_ko", "label_en", "class", "articles"} <= set(data)
        assert "source" not in data
    gist = statements.nodes[GIST]
    assert gist["label_ko"] == "광주과학기술원" and gist["class"] == "Organization"
    assert "001-6bd73d06d3be9202" in gist["articles"].split(";")


def test_literals_are_attributes_not_nodes(whole: nx.MultiDiGraph) -> None:
    value = next(d for n, d in whole.nodes(data=True) if d["class"] == "MonetaryAmount")
    assert int(value["schema_value"]) > 0 and value["surfaceForm_ko"].endswith(("원", "억"))


def test_memberships_and_participations_are_named_person_role_and_organisation_or_event(
        statements: nx.MultiDiGraph) -> None:
    names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for _, data in statements.nodes(data=True):
        names[data["class"]].add((data["label_ko"], data["label_en"]))
    assert ("강기정 · 시장 · 광주광역시", "Kang Gi-jung · mayor · Gwangju Metropolitan City") \
        in names["Membership"]
    assert ("강기정 · 참석자 · AICON 광주 2022 개막식",
            "Kang Gi-jung · attendee · AICON Gwangju 2022 opening ceremony") \
        in names["Participation"]
    assert all(ko.count(" · ") == 2 for ko, _ in names["Membership"] | names["Participation"])


def test_reported_values_are_named_by_their_surface_form(whole: nx.MultiDiGraph) -> None:
    budget = f"{BASE}id/target/ai-cluster-total-budget"
    reported = {whole.nodes[v]["label"] for _, v, d in whole.out_edges(budget, data=True)
                if d["predicate"] == f"{BASE}ontology#reportedValue"}
    assert "4061억원" in reported
    values = [d for _, d in whole.nodes(data=True)
              if d["class"] in ("MonetaryAmount", "QuantitativeValue")]
    assert values and all(d["label"] == d["surfaceForm_ko"] for d in values)


@pytest.mark.parametrize("collapse", [True, False])
def test_no_node_of_the_whole_dataset_is_labelled_with_an_iri_or_a_key(
        store: Store, collapse: bool) -> None:
    graph = graph_for(store, BASE, collapse=collapse)
    cyjs = json.loads(write(graph, "cyjs"))["elements"]["nodes"]
    assert {n["data"]["id"]: n["data"]["label"] for n in cyjs if looks_like_a_key(
        n["data"]["label"], n["data"]["id"])} == {}
    assert all(n["data"]["name"] == n["data"]["label"] for n in cyjs)
    root = ET.fromstring(write(graph, "gexf"))
    nodes = [n for n in root.iter() if n.tag.endswith("}node")]
    assert len(nodes) == graph.number_of_nodes()
    assert {n.get("id"): n.get("label") for n in nodes
            if looks_like_a_key(n.get("label", ""), n.get("id", ""))} == {}


def test_the_default_collapses_statements_into_labelled_edges(
        whole: nx.MultiDiGraph, statements: nx.MultiDiGraph) -> None:
    kinds = {d["class"] for _, d in whole.nodes(data=True)}
    assert not kinds & {"Membership", "Participation"}
    assert {"Membership", "Participation"} <= {d["class"] for _, d in statements.nodes(data=True)}
    assert ("시장", "000-7b0d44fbd805e180") in {
        (d["label"], d["articles"]) for _, v, d in whole.out_edges(KANG, data=True)
        if v == f"{BASE}id/org/gwangju-city"}


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


@pytest.mark.parametrize("collapse", [True, False])
def test_cytoscape_and_d3_edges_keep_their_articles_and_join_node_ids(
        store: Store, collapse: bool) -> None:
    graph = graph_for(store, BASE, collapse=collapse)
    expected = sorted((u, v, k, d["articles"]) for u, v, k, d in graph.edges(keys=True,
                                                                              data=True))
    assert sum(1 for *_, articles in expected if articles) > graph.number_of_edges() / 2
    cyjs = json.loads(write(graph, "cyjs"))["elements"]
    ids = {n["data"]["id"] for n in cyjs["nodes"]}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in cyjs["edges"])
    assert sorted((e["data"]["source"], e["data"]["target"], e["data"]["key"],
                   e["data"]["articles"]) for e in cyjs["edges"]) == expected
    d3 = json.loads(write(graph, "d3"))
    ids = {n["id"] for n in d3["nodes"]}
    assert all(link["source"] in ids and link["target"] in ids for link in d3["links"])
    assert sorted((link["source"], link["target"], link["key"], link["articles"])
                  for link in d3["links"]) == expected
    assert all("articles" in n for n in d3["nodes"])


def test_gexf_nodes_carry_their_class_colour(whole: nx.MultiDiGraph) -> None:
    root = ET.fromstring(write(whole, "gexf"))
    colours = {}
    for node in root.iter():
        if node.tag.endswith("}node"):
            [color] = [c for c in node if c.tag.endswith("}color")]
            assert "/viz" in color.tag
            colours[node.get("id")] = tuple(int(color.get(c, "")) for c in "rgb")
    assert len(colours) == whole.number_of_nodes()
    assert colours[GIST] == rgb("Organization") and colours[KANG] == rgb("Person")
    assert whole.nodes[KANG]["class"] == "Person"


def yed(graphml: bytes) -> tuple[dict[str, str], ET.Element]:
    """The ids of a GraphML document's keys by their attribute name or yFiles type, and its
    graph element."""
    root = ET.fromstring(graphml)
    keys = {f"{k.get('for')} {k.get('attr.name') or k.get('yfiles.type')}": k.get("id", "")
            for k in root.findall(f"{{{NS_GRAPHML}}}key")}
    graph = root.find(f"{{{NS_GRAPHML}}}graph")
    assert graph is not None
    return keys, graph


def test_graphml_carries_yed_node_and_edge_graphics(whole: nx.MultiDiGraph) -> None:
    keys, graph = yed(write(whole, "graphml"))
    assert {"node nodegraphics", "edge edgegraphics"} <= set(keys)
    for kind, key in (("node", keys["node label"]), ("edge", keys["edge label"])):
        for element in graph.findall(f"{{{NS_GRAPHML}}}{kind}"):
            label = element.find(f"{{{NS_GRAPHML}}}data[@key='{key}']")
            shown = f"{{{NS_GRAPHML}}}data[@key='{keys[f'{kind} {kind}graphics']}']/" + (
                f"{{{NS_Y}}}ShapeNode/{{{NS_Y}}}NodeLabel" if kind == "node"
                else f"{{{NS_Y}}}PolyLineEdge/{{{NS_Y}}}EdgeLabel")
            assert label is not None and (element.findtext(shown) or "") == (label.text or "")
    fills = {n.get("id"): n.find(f".//{{{NS_Y}}}Fill") for n in graph.findall(
        f"{{{NS_GRAPHML}}}node")}
    assert fills[GIST] is not None and fills[GIST].get("color") == colour("Organization")
    assert fills[KANG] is not None and fills[KANG].get("color") == colour("Person")
    back = nx.read_graphml(io.BytesIO(write(whole, "graphml")))
    assert (back.number_of_nodes(), back.number_of_edges()) == (whole.number_of_nodes(),
                                                                whole.number_of_edges())
    assert back.nodes[GIST]["label"] == "광주과학기술원"


def test_yed_labels_are_escaped() -> None:
    graph = nx.MultiDiGraph()
    name = 'A <B> & "C" 광주'
    graph.add_node("https://example.org/a", label=name, label_ko=name, label_en="",
                   **{"class": "Organization"})
    graph.add_edge("https://example.org/a", "https://example.org/a", label="</y:EdgeLabel>")
    keys, element = yed(write(graph, "graphml"))
    assert element.findtext(f".//{{{NS_Y}}}NodeLabel") == name
    assert element.findtext(f".//{{{NS_Y}}}EdgeLabel") == "</y:EdgeLabel>"
    back = nx.read_graphml(io.BytesIO(write(graph, "graphml")))
    assert back.nodes["https://example.org/a"]["label"] == name


@pytest.mark.parametrize(("args", "name"), [
    (("graphml", "org/gist", 1, None, True), "aigraph-org-gist-1hop.graphml"),
    (("graphml", f"{BASE}id/org/gist", 2, None, True), "aigraph-org-gist-2hops.graphml"),
    (("gexf", None, 1, "organisation-network-graph", True),
     "aigraph-query-organisation-network-graph.gexf"),
    (("gexf", "org/gist", 1, "organisation-network-graph", True),
     "aigraph-query-organisation-network-graph.gexf"),
    (("cyjs", None, 1, None, True), "aigraph-all.cyjs.json"),
    (("d3", None, 1, None, False), "aigraph-all-statements.d3.json"),
    (("dot", "person/kang-gi-jung", 0, None, False),
     "aigraph-person-kang-gi-jung-0hops-statements.dot"),
])
def test_a_download_is_named_after_what_was_exported(args: tuple, name: str) -> None:
    assert download_name(*args) == name


def test_download_names_are_ascii_and_keep_unlike_keys_apart() -> None:
    names = {download_name("graphml", key, 1, None, True) for key in ("org/광주", "org/전남",
                                                                       "org/\"x\";\r\n")}
    assert len(names) == 3
    assert all(re.fullmatch(r"aigraph-[a-z0-9-]+-1hop\.graphml", n) for n in names)
    with pytest.raises(ValueError, match="unknown graph format"):
        download_name("png", None, 1, None, True)


def test_dot_is_a_digraph_with_korean_labels(store: Store) -> None:
    text = write(graph_for(store, BASE, KANG, 1), "dot").decode("utf-8")
    assert text.startswith("digraph aigraph {") and 'label="강기정"' in text
    assert 'articles="000-7b0d44fbd805e180' in text and "source=" not in text


def test_a_neighbourhood_collapses_titles_into_labelled_edges_unless_asked(
        store: Store) -> None:
    graph = graph_for(store, BASE, KANG, 1)
    edges = {(d["label"], v) for _, v, d in graph.out_edges(KANG, data=True)}
    assert ("시장", f"{BASE}id/org/gwangju-city") in edges
    assert not any(n.startswith(f"{BASE}id/membership/") for n in graph)
    kept = graph_for(store, BASE, KANG, 1, collapse=False)
    assert "강기정 · 시장 · 광주광역시" in {d["label"] for n, d in kept.nodes(data=True)
                                    if n.startswith(f"{BASE}id/membership/")}


def test_a_neighbourhood_keeps_the_links_among_the_nodes_it_reaches(store: Store) -> None:
    article = f"{BASE}id/article/003-1397a4511c9db210"
    graph = graph_for(store, BASE, article, 1)
    among = [(u, v, d) for u, v, d in graph.edges(data=True) if article not in (u, v)]
    assert len(among) > 30
    # A title held by a person at an organisation, both named by the article: one edge.
    assert any(u.startswith(f"{BASE}id/person/") and v.startswith(f"{BASE}id/org/")
               for u, v, _ in among)
    assert all(u in graph and v in graph for u, v, _ in among)


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


def test_what_the_build_inferred_is_not_drawn_a_second_time(store: Store,
                                                            whole: nx.MultiDiGraph) -> None:
    inferred = {(q.subject.value, q.predicate.value, q.object.value) for q in
                store.quads_for_pattern(None, None, None, NamedNode(f"{BASE}graph/inferred"))}
    assert any(p == "https://schema.org/organizer" for _, p, _ in inferred)
    for graph in (whole, graph_for(store, BASE, GIST, 2)):
        edges = {(u, d["predicate"], v) for u, v, d in graph.edges(data=True)}
        assert edges and not edges & inferred


def test_the_same_thing_in_other_datasets_is_a_node_attribute(whole: nx.MultiDiGraph) -> None:
    japan = whole.nodes[f"{BASE}id/place/japan"]
    assert japan["sameAs"].split() == ["http://dbpedia.org/resource/Japan",
                                       "http://www.wikidata.org/entity/Q17"]
    assert whole.nodes[f"{BASE}id/org/gwangju-city"]["closeMatch"] == \
        "http://www.wikidata.org/entity/Q41283"
    assert not any(n.startswith(("http://www.wikidata.org/", "http://dbpedia.org/"))
                   for n in whole)
