"""Graph exports for visualisers: GraphML, GEXF, Cytoscape.js JSON, D3 node-link JSON, DOT.

The RDF is projected onto a property graph with networkx: IRIs become nodes, literals
become node attributes (never nodes), each edge keeps its predicate, a Korean and English
label, and the articles that state it (``articles``, their keys joined by ``;``). Every node
carries its labels in both languages, its class and the articles that describe it; a node
with no ``rdfs:label`` is named after what it stands for (a membership as "person · role ·
organisation", a participation as "agent · event role · event", a reported value by its
surface form) rather than by its IRI. Statement nodes (memberships, participations) are
collapsed into labelled edges (강기정 —시장→ 광주광역시) unless asked to stay nodes.

GEXF nodes carry their class colour (``viz:color``) for Gephi; GraphML carries yEd's node
and edge graphics (a filled shape with its label) beside the plain data keys.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree.ElementTree import Element, SubElement

import networkx as nx
from networkx.readwrite import json_graph
from networkx.readwrite.graphml import GraphMLWriter
from pyoxigraph import DefaultGraph, Literal, NamedNode, Store, Triple

from aigraph.colours import colour, rgb
from aigraph.describe import short, stated
from aigraph.vocab import AIG, ORG, OWL, RDF, RDFS, SCHEMA, SKOS

GRAPH_FORMATS = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
                 "cyjs": "application/json", "d3": "application/json",
                 "dot": "text/vnd.graphviz"}
#: The file-name suffix of each format (see :func:`download_name`).
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "cyjs": ".cyjs.json", "d3": ".d3.json",
            "dot": ".dot"}
#: Attribute names the formats or this module use for themselves (JSON endpoints and ids,
#: GEXF's node attributes): a literal whose key would be one of these is kept under its
#: prefixed name instead (``schema:value`` → ``schema_value``), so nothing overwrites it.
RESERVED = frozenset({"id", "name", "value", "source", "target", "key", "iri", "label",
                      "class", "articles", "viz", "pid", "start", "end", "parents", "spells",
                      "slices"})
#: yEd's GraphML extension namespace.
NS_Y = "http://www.yworks.com/xml/graphml"
_SKIP = {RDF.type.value}
#: Links to the same (or a close) thing in other datasets, kept as node attributes.
LINKS_OUT = {OWL.sameAs.value: "sameAs", SCHEMA.sameAs.value: "sameAs",
             SKOS.closeMatch.value: "closeMatch"}
_SEPARATOR = " · "


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _article(graph_name: object) -> str | None:
    """The article key of a named graph (``…/graph/001-…``), or None for other graphs."""
    if not isinstance(graph_name, NamedNode):
        return None
    key = graph_name.value.rsplit("/", 1)[-1]
    return key if key[:1].isdigit() else None


def _articles(store: Store, triple: Triple) -> str:
    """The articles whose graphs state a triple, their keys joined by ``;``."""
    names = {_article(q.graph_name) for q in store.quads_for_pattern(
        triple.subject, triple.predicate, triple.object, None)}
    return ";".join(sorted(name for name in names if name))


def _labels(store: Store, node: NamedNode) -> dict[str, str]:
    out: dict[str, str] = {}
    for q in store.quads_for_pattern(node, RDFS.label, None, DefaultGraph()):
        if isinstance(q.object, Literal) and q.object.language in ("ko", "en"):
            out.setdefault(q.object.language, q.object.value)
    return out


def _properties(store: Store, node: NamedNode) -> dict[NamedNode, object]:
    """The node's default-graph properties, one object for each predicate."""
    return {q.predicate: q.object for q in store.quads_for_pattern(node, None, None,
                                                                  DefaultGraph())}


def _types(store: Store, node: NamedNode) -> list[NamedNode]:
    """The node's classes in the default graph."""
    return [q.object for q in store.quads_for_pattern(node, RDF.type, None, DefaultGraph())
            if isinstance(q.object, NamedNode)]


def _class(store: Store, node: NamedNode) -> str:
    types = [t.value for t in _types(store, node) if t.value != _NAMED_INDIVIDUAL]
    ours = [t for t in types if t.startswith(AIG.iri)]
    return _local((ours or types or [""])[0])


#: OWL's declaration of an individual says nothing about what kind of thing it is.
_NAMED_INDIVIDUAL = "http://www.w3.org/2002/07/owl#NamedIndividual"


def _parts(store: Store, node: NamedNode) -> tuple[object, object, object] | None:
    """The start, role and end of a membership (person, role, organisation) or a
    participation (agent, event role, event); None for any other node."""
    types = _types(store, node)
    if ORG.Membership not in types and AIG.Participation not in types:
        return None
    props = _properties(store, node)
    if ORG.Membership in types:
        return props.get(ORG.member), props.get(ORG.role), props.get(ORG.organization)
    return props.get(AIG.agent), props.get(AIG.eventRole), props.get(AIG.inEvent)


def _statement_names(store: Store, parts: Iterable[object]) -> dict[str, str]:
    """Korean and English names of a statement: the labels of its parts joined by " · ",
    each part in the other language when it has no label in one."""
    labels = [_labels(store, part) or {"ko": short(part.value)} for part in parts
              if isinstance(part, NamedNode)]
    return {lang: _SEPARATOR.join(part.get(lang) or part.get(other) or "" for part in labels)
            for lang, other in (("ko", "en"), ("en", "ko")) if labels}


def _names(store: Store, node: NamedNode) -> dict[str, str]:
    """A node's names by language: its ``rdfs:label``, else the labels of a statement's
    parts, else the surface form of a reported value (``4061억원``); empty when none."""
    labels = _labels(store, node)
    if labels:
        return labels
    parts = _parts(store, node)
    if parts is not None:
        return _statement_names(store, parts)
    for q in store.quads_for_pattern(node, AIG.surfaceForm, None, DefaultGraph()):
        if isinstance(q.object, Literal):
            return {q.object.language or "ko": q.object.value}
    return {}


def _attribute(predicate: NamedNode, literal: Literal) -> str:
    """The attribute name of a literal: its predicate's local name with the language
    (``surfaceForm_ko``), prefixed (``schema_value``) when that name is reserved."""
    key = _local(predicate.value) + (f"_{literal.language}" if literal.language else "")
    if key not in RESERVED:
        return key
    prefixed = short(predicate.value)
    prefix = prefixed.split(":", 1)[0] if prefixed != predicate.value else "literal"
    return f"{prefix}_{key}"


def project(store: Store, triples: Iterable[Triple], collapse: bool = True
            ) -> nx.MultiDiGraph:
    """The property graph of some triples, with labels, classes and source articles;
    memberships and participations become labelled edges unless ``collapse`` is false."""
    graph = nx.MultiDiGraph()

    def node(term: NamedNode) -> str:
        if term.value not in graph:
            names = _names(store, term)
            graph.add_node(term.value, iri=term.value, label=names.get("ko") or names.get(
                "en") or short(term.value), label_ko=names.get("ko", ""),
                label_en=names.get("en", ""), **{"class": _class(store, term)})
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
            node(t.subject)
            graph.nodes[t.subject.value].setdefault(_attribute(t.predicate, t.object),
                                                    t.object.value)
        elif t.predicate.value in LINKS_OUT:
            # The same thing elsewhere (Wikidata, DBpedia) is an attribute, not a node.
            data = graph.nodes[node(t.subject)]
            key = LINKS_OUT[t.predicate.value]
            data[key] = " ".join(sorted({*data.get(key, "").split(), t.object.value}))
        elif isinstance(t.object, NamedNode) and t.predicate.value not in _SKIP and \
                t.object not in statements:
            labels = _labels(store, t.predicate)
            graph.add_edge(node(t.subject), node(t.object), predicate=t.predicate.value,
                           label=labels.get("ko") or _local(t.predicate.value),
                           label_en=labels.get("en") or _local(t.predicate.value),
                           articles=_articles(store, t))
    for statement in statements:
        _collapse(store, graph, statement, node)
    for name, data in graph.nodes(data=True):
        data.setdefault("articles", _node_articles(store, NamedNode(name)))
    return graph


def _collapse(store: Store, graph: nx.MultiDiGraph, statement: NamedNode, node: object) -> None:
    parts = _parts(store, statement)
    if parts is None:
        return
    start, role, end = parts
    if not isinstance(start, NamedNode) or not isinstance(end, NamedNode):
        return
    labels = _labels(store, role) if isinstance(role, NamedNode) else {}
    types = _types(store, statement)
    graph.add_edge(node(start), node(end), predicate=statement.value,  # type: ignore[operator]
                   label=labels.get("ko", ""), label_en=labels.get("en", ""),
                   articles=_articles(store, Triple(statement, RDF.type, types[0])))


def _node_articles(store: Store, node: NamedNode) -> str:
    """The articles whose graphs state something about the node (as subject or object)."""
    quads = list(store.quads_for_pattern(node, None, None, None))
    quads += list(store.quads_for_pattern(None, None, node, None))
    return ";".join(sorted({name for name in (_article(q.graph_name) for q in quads) if name}))


def entity_triples(store: Store, base: str) -> list[Triple]:
    """Every default-graph triple about the dataset's entities (not its sentences)."""
    prefix = base + "id/"
    return [Triple(q.subject, q.predicate, q.object) for q in
            store.quads_for_pattern(None, None, None, DefaultGraph())
            if isinstance(q.subject, NamedNode) and q.subject.value.startswith(prefix)
            and "#s" not in q.subject.value
            and not (isinstance(q.object, NamedNode) and "#s" in q.object.value)]


def neighbourhood(store: Store, focus: NamedNode, hops: int) -> list[Triple]:
    """The triples within ``hops`` links of a node, in both directions, and the links among
    the nodes reached (an ego network: a person's organisation and the event it hosted are
    joined as well as tied to the person), memberships and participations included when
    both their ends were reached."""
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
    out += _among(store, seen)
    for term in seen:
        out += [Triple(q.subject, q.predicate, q.object) for q in
                store.quads_for_pattern(term, None, None, DefaultGraph())
                if isinstance(q.object, Literal)]
    return out


def _among(store: Store, nodes: set[Any]) -> list[Triple]:
    """The links between nodes of a set, and the statements that join two of them."""
    out = []
    for term in nodes:
        for q in store.quads_for_pattern(term, None, None, DefaultGraph()):
            if q.object in nodes and q.predicate != RDF.type and q.object != term:
                out.append(Triple(q.subject, q.predicate, q.object))
        for q in store.quads_for_pattern(None, None, term, DefaultGraph()):
            statement = q.subject
            if statement in nodes or not isinstance(statement, NamedNode) or \
                    not _is_statement(store, statement):
                continue
            own = [Triple(s.subject, s.predicate, s.object) for s in
                   store.quads_for_pattern(statement, None, None, DefaultGraph())
                   if not (isinstance(s.object, NamedNode) and "#s" in s.object.value)]
            ends = {t.object for t in own if t.object in nodes}
            if len(ends) >= 2:
                out += own
    return out


def _is_statement(store: Store, node: NamedNode) -> bool:
    return any(q.object in (ORG.Membership, AIG.Participation)
               for q in store.quads_for_pattern(node, RDF.type, None, DefaultGraph()))


def graph_for(store: Store, base: str, focus: str | None = None, hops: int = 1,
              saved: object | None = None, collapse: bool = True) -> nx.MultiDiGraph:
    """The graph to export: a saved CONSTRUCT query's result, an entity's neighbourhood, or
    the whole dataset; memberships and participations as labelled edges, or as nodes when
    ``collapse`` is false.

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
    # What the build inferred would double every edge (aig:hostedBy and schema:organizer …).
    if focus is not None:
        return project(store, stated(store, neighbourhood(store, NamedNode(focus), hops), base),
                       collapse)
    return project(store, stated(store, entity_triples(store, base), base), collapse)


def write(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """Serialise a projected graph.

    :raises ValueError: for an unknown format.
    """
    if fmt == "graphml":
        return _graphml(graph)
    if fmt == "gexf":
        return _gexf(graph)
    if fmt == "cyjs":
        data = json_graph.cytoscape_data(graph, name="label")
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if fmt == "d3":
        data = json_graph.node_link_data(graph, edges="links")
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if fmt == "dot":
        return _dot(graph).encode("utf-8")
    raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(GRAPH_FORMATS)}")


def _gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF with each node's class colour as ``viz:color``, for Gephi."""
    coloured = graph.copy()
    for _, data in coloured.nodes(data=True):
        red, green, blue = rgb(data.get("class", ""))
        data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
    buffer = io.BytesIO()
    nx.write_gexf(coloured, buffer, encoding="utf-8")
    return buffer.getvalue()


class _YedWriter(GraphMLWriter):  # type: ignore[misc]
    """networkx's GraphML writer that adds yEd's graphics (a filled shape with its label
    for each node, a line with its label for each edge) beside the plain data keys."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        super().__init__(encoding="utf-8")
        self.xml.set("xmlns:y", NS_Y)
        self.add_graph_element(graph)

    def add_graph_element(self, G: nx.MultiDiGraph) -> None:  # noqa: N803 - networkx's name
        super().add_graph_element(G)
        for scope, key, kind in (("edge", "d_yed_edge", "edgegraphics"),
                                 ("node", "d_yed", "nodegraphics")):
            self.xml.insert(0, Element("key", {"for": scope, "id": key, "yfiles.type": kind}))

    def add_attributes(self, scope: str, xml_obj: Element, data: Mapping[str, Any],
                       default: Mapping[str, Any]) -> None:
        super().add_attributes(scope, xml_obj, data, default)
        if scope == "node":
            graphics = SubElement(SubElement(xml_obj, "data", key="d_yed"), "y:ShapeNode")
            SubElement(graphics, "y:Fill", color=colour(str(data.get("class", ""))),
                       transparent="false")
            SubElement(graphics, "y:NodeLabel").text = str(data.get("label", ""))
        elif scope == "edge":
            graphics = SubElement(SubElement(xml_obj, "data", key="d_yed_edge"),
                                  "y:PolyLineEdge")
            SubElement(graphics, "y:EdgeLabel").text = str(data.get("label", ""))


def _graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML with every attribute as a data key, and yEd's node and edge graphics."""
    buffer = io.BytesIO()
    _YedWriter(graph).dump(buffer)
    return buffer.getvalue()


def _quote(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot(graph: nx.MultiDiGraph) -> str:
    lines = ["digraph aigraph {", "  node [shape=box, fontname=\"NanumGothic\"];"]
    for name, data in graph.nodes(data=True):
        attrs = ", ".join(f"{k}={_quote(v)}" for k, v in sorted(data.items())
                          if k in ("label", "label_en", "class", "articles"))
        lines.append(f"  {_quote(name)} [{attrs}];")
    for start, end, data in graph.edges(data=True):
        attrs = ", ".join(f"{k}={_quote(v)}" for k, v in sorted(data.items()))
        lines.append(f"  {_quote(start)} -> {_quote(end)} [{attrs}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _slug(text: str) -> str:
    """ASCII letters, digits and ``-`` for a part of a file name; text that is not all
    ASCII also gets a short hash of itself, so that different keys keep different names."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    if text.isascii() and slug:
        return slug
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


def download_name(fmt: str, focus_key: str | None, hops: int, query: str | None,
                  collapse: bool) -> str:
    """The file name of an export, after what it holds: ``aigraph-org-gist-1hop.graphml``
    (an entity's neighbourhood; ``focus_key`` is its key such as ``org/gist`` or its whole
    IRI), ``aigraph-query-organisation-network-graph.gexf`` (a saved query, which wins over
    a focus, as in :func:`graph_for`), ``aigraph-all.cyjs.json`` (the whole dataset), with
    ``-statements`` when memberships and participations stay nodes. Only ASCII letters,
    digits, ``-`` and ``.``: safe as is in a ``Content-Disposition`` header.

    :raises ValueError: for an unknown format.
    """
    if fmt not in SUFFIXES:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(SUFFIXES)}")
    if query is not None:
        parts = ["query", _slug(query)]
    elif focus_key is not None:
        key = re.sub(r"^[a-z][a-z0-9+.-]*://", "", focus_key.split("/id/", 1)[-1], flags=re.I)
        parts = [_slug(key), f"{hops}hop" if hops == 1 else f"{hops}hops"]
    else:
        parts = ["all"]
    if not collapse:
        parts.append("statements")
    return "-".join(["aigraph", *parts]) + SUFFIXES[fmt]
