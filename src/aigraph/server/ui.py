"""The browser UI: label search, the SPARQL editor (YASGUI) and the graph view.

Every script and stylesheet is served from ``/static`` (``/static/vendor`` holds the npm
packages that ``make assets`` copies there); no page loads anything from elsewhere.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pyoxigraph import DefaultGraph, Literal, NamedNode

from aigraph.server import negotiate
from aigraph.server.language import pick_language
from aigraph.server.pages import helpers
from aigraph.server.service import Service
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


def search(store: Any, text: str, base: str, limit: int = MAX_HITS) -> list[dict[str, Any]]:
    """Entities whose ``rdfs:label`` or ``skos:altLabel`` (any language) contains ``text``.

    Matching is by substring, not by word, so a part of a Korean compound finds the whole
    (``과학기술`` finds ``광주과학기술원``); spaces are ignored on both sides. The best
    hits come first: an exact label, then a label that starts with the text, then the rest.
    """
    needle = normalise(text).strip()
    squeezed = "".join(needle.split())
    if not squeezed:
        return []
    ranks: dict[str, tuple[int, int, int, str]] = {}
    for weight, predicate in enumerate((RDFS.label, SKOS.altLabel)):
        for quad in store.quads_for_pattern(None, predicate, None, DefaultGraph()):
            subject, value = quad.subject, quad.object
            if not isinstance(subject, NamedNode) or not isinstance(value, Literal):
                continue
            if not subject.value.startswith(base + "id/"):
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
    accept = request.headers.get("accept") or ""
    return not negotiate.prefers_html(accept) and "json" in accept


@router.get("/search", name="search")
async def search_page(request: Request, q: str = "") -> Response:
    """``/search?q=``: an HTML page, or JSON by ``format=json`` or ``Accept``."""
    service: Service = request.app.state.service
    store = service.current()
    text = q[:MAX_QUERY]
    hits = search(store, text, service.settings.base_iri)
    if _wants_json(request):
        return JSONResponse(hits, headers={"Vary": "Accept"})
    return request.app.state.render(request, "search.html", {
        "q": text, "hits": hits, **helpers(request, store)}, headers={"Vary": "Accept"})


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


@router.get("/editor", name="editor")
async def editor(request: Request) -> Response:
    """The SPARQL editor (YASGUI) on our endpoint, with the saved queries beside it."""
    service: Service = request.app.state.service
    store = service.current()
    config = {"endpoint": "/sparql", "prefixes": PREFIXES, "lang": pick_language(request),
              **_vocabulary(store)}
    return request.app.state.render(request, "editor.html", {
        "config": json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        "queries": list(service.queries.values()), **helpers(request, store)})


@router.get("/graph", name="graph")
async def graph(request: Request) -> Response:
    """The organisation network, drawn from the saved CONSTRUCT query."""
    service: Service = request.app.state.service
    store = service.current()
    return request.app.state.render(request, "graph.html", {
        "source": "/export/graph.cyjs?query=organisation-network-graph&collapse=true",
        "base": service.settings.base_iri, **helpers(request, store)})
