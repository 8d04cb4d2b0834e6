"""Graph exports for visualisers: GraphML, GEXF, Cytoscape.js JSON, D3 node-link JSON, DOT.

The RDF is projected onto a property graph with networkx: IRIs become nodes, literals
become node attributes (never nodes), each edge keeps its predicate, a Korean and English
label, and the articles that state it. Every node carries its labels in both languages,
its class and the articles that describe it. Statement nodes (memberships, participations)
can be kept as nodes or collapsed into labelled edges (강기정 —시장→ 광주광역시).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

import networkx as nx
from networkx.readwrite import json_graph
from pyoxigraph import DefaultGraph, Literal, NamedNode, Store, Triple

from aigraph.describe import short
from aigraph.vocab import AIG, ORG, RDF, RDFS

GRAPH_FORMATS = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
                 "cyjs": "application/json", "d3": "application/json",
                 "dot": "text/vnd.graphviz"}
_SKIP = {RDF.type.value}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _articles(store: Store, triple: Triple) -> str:
    names = sorted({q.graph_name.value.rsplit("/", 1)[-1] for q in store.quads_for_pattern(
        triple.subject, triple.predicate, triple.object, None)
        if not isinstance(q.graph_name, DefaultGraph)
        and q.graph_name.value.rsplit("/", 1)[-1][:1].isdigit()})
    return ";".join(names)


def _labels(store: Store, node: NamedNode) -> dict[str, str]:
    out: dict[str, str] = {}
    for q in store.quads_for_pattern(node, RDFS.label, None, DefaultGraph()):
        if isinstance(q.object, Literal) and q.object.language in ("ko", "en"):
            out.setdefault(q.object.language, q.object.value)
    return out


def _class(store: Store, node: NamedNode) -> str:
    types = [q.object.value for q in store.quads_for_pattern(node, RDF.type, None,
                                                             DefaultGraph())]
    ours = [t for t in types if t.startswith(AIG.iri)]
    return _local((ours or types or [""])[0])


def project(store: Store, triples: Iterable[Triple], collapse: bool = False
            ) -> nx.MultiDiGraph:
    """The property graph of some triples, with labels, classes and sources."""
    graph = nx.MultiDiGraph()

    def node(term: NamedNode) -> str:
        if term.value not in graph:
            labels = _labels(store, term)
            graph.add_node(term.value, iri=term.value, label=labels.get("ko") or labels.get(
                "en") or short(term.value), label_ko=labels.get("ko", ""),
                label_en=labels.get("en", ""), **{"class": _class(store, term)})
        return term.value

    triples = list(dict.fromkeys(triples))
    nodes = {t.subject for t in triples} | {t.object for t in triples
                                            if isinstance(t.object, NamedNode)}
    statements = {n for n in nodes if isinstance(n, NamedNode) and any(
        q.object in (ORG.Membership, AIG.Participation)
        for q in store.quads_for_pattern(n, RDF.type, None, DefaultGraph()))} \
        if collapse else set()
    for t in triples:
        if not isinstance(t.subject, NamedNode) or t.subject in statements:
            continue
        if isinstance(t.object, Literal):
            key = _local(t.predicate.value) + (f"_{t.object.language}" if t.object.language
                                               else "")
            node(t.subject)
            graph.nodes[t.subject.value].setdefault(key, t.object.value)
        elif isinstance(t.object, NamedNode) and t.predicate.value not in _SKIP and \
                t.object not in statements:
            labels = _labels(store, t.predicate)
            graph.add_edge(node(t.subject), node(t.object), predicate=t.predicate.value,
                           label=labels.get("ko") or _local(t.predicate.value),
                           label_en=labels.get("en") or _local(t.predicate.value),
                           source=_articles(store, t))
    for statement in statements:
        _collapse(store, graph, statement, node)
    for name, data in graph.nodes(data=True):
        data.setdefault("source", _node_sources(store, NamedNode(name)))
    return graph


def _collapse(store: Store, graph: nx.MultiDiGraph, statement: NamedNode, node: object) -> None:
    props = {q.predicate: q.object for q in store.quads_for_pattern(statement, None, None,
                                                                     DefaultGraph())}
    if ORG.member in props:
        start, end, role = props[ORG.member], props.get(ORG.organization), props.get(ORG.role)
    else:
        start, end, role = props.get(AIG.agent), props.get(AIG.inEvent), props.get(AIG.eventRole)
    if not isinstance(start, NamedNode) or not isinstance(end, NamedNode):
        return
    labels = _labels(store, role) if isinstance(role, NamedNode) else {}
    graph.add_edge(node(start), node(end), predicate=statement.value,  # type: ignore[operator]
                   label=labels.get("ko", ""), label_en=labels.get("en", ""),
                   source=_articles(store, Triple(statement, RDF.type, props[RDF.type]))
                   if RDF.type in props else "")


def _node_sources(store: Store, node: NamedNode) -> str:
    """The articles whose graphs state something about the node (as subject or object)."""
    quads = list(store.quads_for_pattern(node, None, None, None))
    quads += list(store.quads_for_pattern(None, None, node, None))
    return ";".join(sorted({q.graph_name.value.rsplit("/", 1)[-1] for q in quads
                            if not isinstance(q.graph_name, DefaultGraph)
                            and q.graph_name.value.rsplit("/", 1)[-1][:1].isdigit()}))


def entity_triples(store: Store, base: str) -> list[Triple]:
    """Every default-graph triple about the dataset's entities (not its sentences)."""
    prefix = base + "id/"
    return [Triple(q.subject, q.predicate, q.object) for q in
            store.quads_for_pattern(None, None, None, DefaultGraph())
            if isinstance(q.subject, NamedNode) and q.subject.value.startswith(prefix)
            and "#s" not in q.subject.value
            and not (isinstance(q.object, NamedNode) and "#s" in q.object.value)]


def neighbourhood(store: Store, focus: NamedNode, hops: int) -> list[Triple]:
    """The triples within ``hops`` links of a node, in both directions."""
    seen, frontier, out = {focus}, {focus}, []
    for _ in range(max(0, hops)):
        nxt = set()
        for term in frontier:
            quads = list(store.quads_for_pattern(term, None, None, DefaultGraph()))
            quads += list(store.quads_for_pattern(None, None, term, DefaultGraph()))
            for q in quads:
                if "#s" in q.subject.value or (isinstance(q.object, NamedNode)
                                               and "#s" in q.object.value):
                    continue
                out.append(Triple(q.subject, q.predicate, q.object))
                for other in (q.subject, q.object):
                    if isinstance(other, NamedNode) and other not in seen and \
                            q.predicate != RDF.type:
                        seen.add(other)
                        nxt.add(other)
        frontier = nxt
    for term in seen:
        out += [Triple(q.subject, q.predicate, q.object) for q in
                store.quads_for_pattern(term, None, None, DefaultGraph())
                if isinstance(q.object, Literal)]
    return out


def graph_for(store: Store, base: str, focus: str | None = None, hops: int = 1,
              saved: object | None = None, collapse: bool = False) -> nx.MultiDiGraph:
    """The graph to export: a saved CONSTRUCT query's result, an entity's neighbourhood, or
    the whole dataset.

    :raises QueryError: if the saved query fails; :raises ValueError: if it is not a
        CONSTRUCT or DESCRIBE query.
    """
    if saved is not None:
        from aigraph.queries import run_saved

        result = run_saved(store, saved)  # type: ignore[arg-type]
        if not hasattr(result, "__iter__") or type(result).__name__ != "QueryTriples":
            raise ValueError("only a CONSTRUCT or DESCRIBE query gives a graph to export")
        triples = list(result)  # type: ignore[arg-type]
        for node in {t.subject for t in triples} | {t.object for t in triples
                                                    if isinstance(t.object, NamedNode)}:
            if isinstance(node, NamedNode):
                triples += [Triple(q.subject, q.predicate, q.object) for q in
                            store.quads_for_pattern(node, RDF.type, None, DefaultGraph())]
        return project(store, triples, collapse)
    if focus is not None:
        return project(store, neighbourhood(store, NamedNode(focus), hops), collapse)
    return project(store, entity_triples(store, base), collapse)


def write(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """Serialise a projected graph.

    :raises ValueError: for an unknown format.
    """
    if fmt == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer, encoding="utf-8")
        return buffer.getvalue()
    if fmt == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(graph, buffer, encoding="utf-8")
        return buffer.getvalue()
    if fmt == "cyjs":
        return json.dumps(json_graph.cytoscape_data(graph), ensure_ascii=False).encode("utf-8")
    if fmt == "d3":
        data = json_graph.node_link_data(graph, edges="links")
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if fmt == "dot":
        return _dot(graph).encode("utf-8")
    raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(GRAPH_FORMATS)}")


def _quote(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot(graph: nx.MultiDiGraph) -> str:
    lines = ["digraph aigraph {", "  node [shape=box, fontname=\"NanumGothic\"];"]
    for name, data in graph.nodes(data=True):
        attrs = ", ".join(f"{k}={_quote(v)}" for k, v in sorted(data.items())
                          if k in ("label", "label_en", "class", "source"))
        lines.append(f"  {_quote(name)} [{attrs}];")
    for start, end, data in graph.edges(data=True):
        attrs = ", ".join(f"{k}={_quote(v)}" for k, v in sorted(data.items()))
        lines.append(f"  {_quote(start)} -> {_quote(end)} [{attrs}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
