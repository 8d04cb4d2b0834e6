"""The browser UI: label search, the SPARQL editor (YASGUI) and the graph view.

Every script and stylesheet is served from ``/static`` (``/static/vendor`` holds the npm
packages that ``make assets`` copies there); no page loads anything from elsewhere.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pyoxigraph import DefaultGraph, Literal, NamedNode

from aigraph.errors import NotFound, ParameterError
from aigraph.server import negotiate
from aigraph.server.language import pick_language
from aigraph.server.pages import helpers
from aigraph.server.service import Service
from aigraph.server.sparql import read_body
from aigraph.vocab import AIG, OWL, PREFIXES, RDF, RDFS, SKOS

router = APIRouter(include_in_schema=False)
MAX_QUERY = 200
MAX_HITS = 100
ONTOLOGY_GRAPH = NamedNode("https://w3id.org/aigraph/graph/ontology")


def normalise(text: str) -> str:
    """Text for matching: NFKC (composed Hangul, full-width forms folded) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _class(store: Any, node: NamedNode) -> str:
    types = [q.object.value for q in store.quads_for_pattern(node, RDF.type, None,
                                                             DefaultGraph())]
    ours = [t for t in types if t.startswith(AIG.iri)]
    chosen = (ours or types or [""])[0]
    return chosen.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def search(store: Any, text: str, base: str, limit: int = MAX_HITS,
           cls: str | None = None) -> list[dict[str, Any]]:
    """Entities whose ``rdfs:label`` or ``skos:altLabel`` (any language) contains ``text``.

    Matching is by substring, not by word, so a part of a Korean compound finds the whole
    (``과학기술`` finds ``광주과학기술원``); spaces are ignored on both sides. The best
    hits come first: an exact label, then a label that starts with the text, then the rest.
    """
    needle = normalise(text).strip()
    squeezed = "".join(needle.split())
    members = None if cls is None else {
        q.subject.value for q in store.quads_for_pattern(None, RDF.type, AIG[cls],
                                                         DefaultGraph())}
    if not squeezed and members is None:
        return []
    ranks: dict[str, tuple[int, int, int, str]] = {}
    if not squeezed and members is not None:  # browse a class: every instance, by label
        for iri in members:
            labels = [q.object.value for q in store.quads_for_pattern(
                NamedNode(iri), RDFS.label, None, DefaultGraph())
                if isinstance(q.object, Literal) and q.object.language == "ko"]
            ranks[iri] = (0, 0, 0, (labels or [iri])[0])
    for weight, predicate in enumerate((RDFS.label, SKOS.altLabel) if squeezed else ()):
        for quad in store.quads_for_pattern(None, predicate, None, DefaultGraph()):
            subject, value = quad.subject, quad.object
            if not isinstance(subject, NamedNode) or not isinstance(value, Literal):
                continue
            if not subject.value.startswith(base + "id/"):
                continue
            if members is not None and subject.value not in members:
                continue
            label = normalise(value.value)
            flat = "".join(label.split())
            if needle not in label and squeezed not in flat:
                continue
            closeness = 0 if flat == squeezed else 1 if flat.startswith(squeezed) else 2
            rank = (closeness, weight, len(flat), subject.value)
            if subject.value not in ranks or rank < ranks[subject.value]:
                ranks[subject.value] = rank
    hits = sorted(ranks, key=lambda iri: ranks[iri])[:limit]
    out = []
    for iri in hits:
        node = NamedNode(iri)
        labels: dict[str, str] = {}
        for q in store.quads_for_pattern(node, RDFS.label, None, DefaultGraph()):
            if isinstance(q.object, Literal) and q.object.language:
                labels.setdefault(q.object.language.split("-")[0], q.object.value)
        out.append({"iri": iri, "label_ko": labels.get("ko", ""),
                    "label_en": labels.get("en", ""), "class": _class(store, node),
                    "url": "/" + iri[len(base):]})
    return out


def _wants_json(request: Request) -> bool:
    fmt = request.query_params.get("format")
    if fmt is not None:
        return negotiate.from_name(fmt) == "json" or fmt == "json"
    accept = negotiate.accept_of(request) or ""
    return not negotiate.prefers_html(accept) and "json" in accept


@router.get("/search", name="search")
def search_page(request: Request, q: str = "") -> Response:
    """``/search?q=``: an HTML page, or JSON by ``format=json`` or ``Accept``."""
    service: Service = request.app.state.service
    store = service.current()
    text = q[:MAX_QUERY]
    cls = request.query_params.get("class") or None
    if cls is not None and (not cls.isalnum() or not any(
            True for _ in store.quads_for_pattern(AIG[cls], RDF.type, OWL.Class, None))):
        raise ParameterError("class", f"{cls!r} is not a class of the aigraph ontology")
    hits = search(store, text, service.settings.base_iri, cls=cls)
    if _wants_json(request):
        return JSONResponse(hits)
    return request.app.state.render(request, "search.html", {
        "q": text, "hits": hits, **helpers(request, store)})


PAGE_SIZE = 50


def class_members(store: Any, cls: str, base: str, lang: str) -> list[dict[str, str]]:
    """Every instance of an aig: class, with its label in ``lang`` (else the other) and its
    page, sorted by that label."""
    other = "en" if lang == "ko" else "ko"
    out = []
    for hit in search(store, "", base, limit=10**9, cls=cls):
        mine, theirs = hit[f"label_{lang}"], hit[f"label_{other}"]
        out.append({"iri": hit["iri"], "label": mine or theirs or hit["iri"],
                    "other": theirs if mine else "", "url": hit["url"] + "?lang=" + lang})
    return sorted(out, key=lambda h: h["label"])


@router.get("/class/{name}", name="class")
def class_page(request: Request, name: str, page: int = 1) -> Response:
    """``/class/Person``: the instances of a class, by label, a page of 50 at a time; JSON
    by ``format=json`` or ``Accept``."""
    service: Service = request.app.state.service
    store = service.current()
    lang = pick_language(request)
    if not name.isalnum() or not any(
            True for _ in store.quads_for_pattern(AIG[name], RDF.type, OWL.Class, None)):
        raise NotFound(f"{name!r} is not a class of the aigraph ontology; see /ontology")
    members = class_members(store, name, service.settings.base_iri, lang)
    pages = max(1, -(-len(members) // PAGE_SIZE))
    if not 1 <= page <= pages:
        raise ParameterError("page", f"must be 1 to {pages}")
    shown = members[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    if _wants_json(request):
        return JSONResponse({"class": AIG[name].value, "count": len(members), "page": page,
                             "pages": pages, "items": shown})
    definition = next((q.object.value for q in store.quads_for_pattern(
        AIG[name], SKOS.definition, None, None) if isinstance(q.object, Literal)
        and q.object.language == lang), "")
    return request.app.state.render(request, "class.html", {
        "name": name, "iri": AIG[name].value, "count": len(members), "page": page,
        "pages": pages, "items": shown, "definition": definition,
        **helpers(request, store)})


def _vocabulary(store: Any) -> dict[str, list[str]]:
    """Classes and properties for the editor's autocompletion: the ontology's and those used."""
    classes: set[str] = set()
    properties: set[str] = set()
    for q in store.quads_for_pattern(None, RDF.type, None, ONTOLOGY_GRAPH):
        if not isinstance(q.subject, NamedNode):
            continue
        if q.object == OWL.Class:
            classes.add(q.subject.value)
        elif q.object in (OWL.ObjectProperty, OWL.DatatypeProperty):
            properties.add(q.subject.value)
    for row in store.query("SELECT DISTINCT ?c WHERE { ?s a ?c FILTER(isIRI(?c)) }"):
        classes.add(row["c"].value)
    for row in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }"):
        properties.add(row["p"].value)
    return {"classes": sorted(classes), "properties": sorted(properties)}


@router.get("/docs", name="docs")
def docs(request: Request) -> Response:
    """The HTTP API, documented from ``/openapi.json`` by the vendored Swagger UI."""
    return request.app.state.render(request, "docs.html", {})


@router.get("/editor", name="editor")
def editor(request: Request) -> Response:
    """The SPARQL editor (YASGUI) on our endpoint, with the saved queries beside it."""
    service: Service = request.app.state.service
    store = service.current()
    config = {"endpoint": "/sparql", "prefixes": PREFIXES, "lang": pick_language(request),
              "base": service.settings.base_iri,
              **_vocabulary(store)}
    return request.app.state.render(request, "editor.html", {
        "config": json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        "queries": list(service.queries.values()), **helpers(request, store)})


@router.get("/graph", name="graph")
def graph(request: Request) -> Response:
    """The organisation network, drawn from the saved CONSTRUCT query; with
    ``view=ontology``, the ontology's classes and their ``rdfs:subClassOf`` links."""
    service: Service = request.app.state.service
    store = service.current()
    view = request.query_params.get("view", "")
    collapse = request.query_params.get("collapse", "true") != "false"
    query = request.query_params.get("query", "organisation-network-graph")
    if view == "ontology":
        source, graph_view = "/graph/ontology.cyjs", "ontology"
    elif view == "all":
        source, graph_view = f"/export/graph.cyjs?collapse={str(collapse).lower()}", "all"
    else:
        saved = service.queries.get(query)
        if saved is None or saved.form not in ("CONSTRUCT", "DESCRIBE"):
            raise ParameterError("query", f"{query!r} is not a saved CONSTRUCT query")
        source = f"/export/graph.cyjs?{urlencode({'query': query})}" \
                 f"&collapse={str(collapse).lower()}"
        graph_view = "organisations" if query == "organisation-network-graph" else "query"
    return request.app.state.render(request, "graph.html", {
        "source": source, "graph_view": graph_view, "collapse": collapse, "query": query,
        "downloads": _graph_downloads(source) if graph_view != "ontology" else [],
        "base": service.settings.base_iri, **helpers(request, store)})


#: The graph files offered under a drawn graph, by the name a visualiser knows them by.
DOWNLOADS = (("graphml", "GraphML (yEd, Gephi)"), ("gexf", "GEXF (Gephi)"),
             ("cyjs", "Cytoscape JSON"), ("dot", "Graphviz DOT"))


def _graph_downloads(source: str) -> list[tuple[str, str]]:
    """The same graph as ``source`` (a ``/export/graph.cyjs`` URL) in each download format."""
    return [(name, source.replace("/export/graph.cyjs", f"/export/graph.{fmt}", 1))
            for fmt, name in DOWNLOADS]


MAX_LABELS = 2000


def labels_for(store: Any, iris: list[str], base: str, lang: str) -> dict[str, dict[str, str]]:
    """For each of our entity IRIs (under ``{base}id/``): its label in ``lang`` and its page.

    The label falls back to the other language, then to the IRI's last part; IRIs that are
    not ours (or not IRIs at all) are left out of the answer.
    """
    other = "en" if lang == "ko" else "ko"
    out: dict[str, dict[str, str]] = {}
    for iri in iris[:MAX_LABELS]:
        if not isinstance(iri, str) or not iri.startswith(base + "id/") or iri in out:
            continue
        try:
            node = NamedNode(iri)
        except ValueError:
            continue
        labels: dict[str, str] = {}
        for q in store.quads_for_pattern(node, RDFS.label, None, DefaultGraph()):
            if isinstance(q.object, Literal):
                tag = (q.object.language or "").split("-")[0]
                labels.setdefault(tag, q.object.value)
        shown = labels.get(lang) or labels.get(other) or labels.get("") or \
            iri.rstrip("/").rsplit("/", 1)[-1]
        out[iri] = {"label": shown, "url": "/" + iri[len(base):] + "?lang=" + lang}
    return out


@router.post("/labels", name="labels")
async def labels(request: Request) -> Response:
    """``POST /labels?lang=ko`` with a JSON list of IRIs (or ``{"iris": [...]}``): labels and
    local pages of those that are our entities, for the editor's result table."""
    service: Service = request.app.state.service
    try:
        body = json.loads(await read_body(request, service.settings.max_body_bytes))
    except (ValueError, RecursionError):  # not JSON, or nested too deep to read
        body = None
    iris = body.get("iris") if isinstance(body, dict) else body
    if not isinstance(iris, list):
        return JSONResponse({"ok": False, "error": "send a JSON list of IRIs", "status": 400},
                            status_code=400)
    found = await run_in_threadpool(labels_for, service.current(), iris,
                                    service.settings.base_iri, pick_language(request))
    return JSONResponse(found)


EVENTS = """
PREFIX aig: <https://w3id.org/aigraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?event ?date (SAMPLE(?ko) AS ?labelKo) (SAMPLE(?en) AS ?labelEn) WHERE {
  ?event a aig:Event ; schema:startDate ?date .
  OPTIONAL { ?event rdfs:label ?ko FILTER(lang(?ko) = "ko") }
  OPTIONAL { ?event rdfs:label ?en FILTER(lang(?en) = "en") }
}
GROUP BY ?event ?date
ORDER BY STR(?date) ?labelKo
"""
PRECISION = {"date": "day", "gYearMonth": "month", "gYear": "year"}


def timeline(store: Any, base: str, lang: str) -> list[dict[str, str]]:
    """Dated events in date order: the date as written (any precision), its precision, the
    label in ``lang`` (else the other) and the local page."""
    out = []
    for row in store.query(EVENTS):
        iri, date = row["event"].value, row["date"]
        ko = row["labelKo"].value if row["labelKo"] is not None else ""
        en = row["labelEn"].value if row["labelEn"] is not None else ""
        kind = date.datatype.value.rsplit("#", 1)[-1] if isinstance(date, Literal) else ""
        url = "/" + iri[len(base):] if iri.startswith(base) else iri
        out.append({"iri": iri, "date": date.value, "year": date.value[:4],
                    "precision": PRECISION.get(kind, "day" if len(date.value) >= 10 else ""),
                    "label": (en or ko) if lang == "en" else (ko or en) or iri,
                    "url": url + "?lang=" + lang if url.startswith("/") else url})
    return out


@router.get("/timeline", name="timeline")
def timeline_page(request: Request) -> Response:
    """Events on a time line (the ``events-by-date`` data); JSON by ``format=json``."""
    service: Service = request.app.state.service
    store = service.current()
    lang = pick_language(request)
    events = timeline(store, service.settings.base_iri, lang)
    if _wants_json(request):
        return JSONResponse(events)
    years: dict[str, list[dict[str, str]]] = {}
    for event in events:
        years.setdefault(event["year"], []).append(event)
    return request.app.state.render(request, "timeline.html", {
        "events": events, "years": years, **helpers(request, store)})


CLASSES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class ?super ?ko ?en WHERE {
  GRAPH <https://w3id.org/aigraph/graph/ontology> {
    ?class a owl:Class .
    FILTER(isIRI(?class) && STRSTARTS(STR(?class), "https://w3id.org/aigraph/ontology#"))
    OPTIONAL { ?class rdfs:subClassOf ?super FILTER(isIRI(?super)) }
    OPTIONAL { ?class rdfs:label ?ko FILTER(lang(?ko) = "ko") }
    OPTIONAL { ?class rdfs:label ?en FILTER(lang(?en) = "en") }
  }
}
"""


def ontology_graph(store: Any) -> dict[str, Any]:
    """The aig: classes as Cytoscape nodes and their ``rdfs:subClassOf`` links as edges
    (sub → super); a superclass from another vocabulary is a node named by its IRI's end."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: set[tuple[str, str]] = set()
    for row in store.query(CLASSES):
        iri = row["class"].value
        node = nodes.setdefault(iri, {"id": iri, "iri": iri,
                                      "class": iri.rsplit("#", 1)[-1]})
        if row["ko"] is not None:
            node.setdefault("label_ko", row["ko"].value)
        if row["en"] is not None:
            node.setdefault("label_en", row["en"].value)
        if row["super"] is not None:
            edges.add((iri, row["super"].value))
    for _, sup in edges:
        if sup not in nodes:
            short = sup.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            short = next((f"{p}:{sup[len(ns):]}" for p, ns in PREFIXES.items()
                          if sup.startswith(ns) and sup[len(ns):]), short)
            nodes[sup] = {"id": sup, "iri": sup, "class": "external", "label": short}
    for node in nodes.values():
        node.setdefault("label", node["id"].rsplit("#", 1)[-1])
    return {"elements": {
        "nodes": [{"data": n} for n in sorted(nodes.values(), key=lambda n: n["id"])],
        "edges": [{"data": {"id": f"{s} {o}", "source": s, "target": o,
                            "label": "하위 클래스", "label_en": "subclass of"}}
                  for s, o in sorted(edges)]}}


@router.get("/graph/ontology.cyjs", name="ontology-graph-data")
def ontology_graph_data(request: Request) -> Response:
    """The class hierarchy as Cytoscape JSON, for ``/graph?view=ontology``."""
    service: Service = request.app.state.service
    return JSONResponse(ontology_graph(service.current()))
