"""Linked Data: entity IRIs, the ontology, dumps, VoID and the home page.

Every ``/id/{kind}/{key}`` answers by content negotiation at the same URL (HTML for
browsers; Turtle, JSON-LD, N-Triples, RDF/XML for programs) with ``Content-Location``,
``Vary: Accept`` and ``Link: rel=alternate``; ``/id/{kind}/{key}.ttl`` and friends name one
format for curl users. JSON-LD is compact, against the context at ``/context.jsonld``.
ETags, ``Vary`` and 304s come from :mod:`aigraph.server.cache`, as for every route.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pyoxigraph import BlankNode, Literal, NamedNode, Triple, Variable

from aigraph import describe
from aigraph.colours import CLASS_COLOURS, OTHER
from aigraph.errors import NegotiationError, NotFound, ParameterError, StoreError
from aigraph.export import GRAPH_FORMATS, download_name, graph_for, write
from aigraph.results import GRAPH_MEDIA, json_bytes, jsonld_context, write_graph
from aigraph.server import negotiate
from aigraph.server.errors import documented, error_body
from aigraph.server.language import pick_language, show_literal
from aigraph.server.service import Service
from aigraph.stats import store_stats
from aigraph.store import dump_file, dump_format, dump_names
from aigraph.vocab import KEY_RE, ONTOLOGY_IRI, OWL, RDF, RDFS

router = APIRouter()
DOC_FORMATS = ("html", "ttl", "jsonld", "nt", "rdf")
#: A gzipped dump is a file of its own (RFC 6713), not a compressed transfer of the RDF.
GZIP_MEDIA = "application/gzip"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
ONTOLOGY_GRAPH = NamedNode("https://w3id.org/aigraph/graph/ontology")
TERMS_GRAPH = NamedNode("https://w3id.org/aigraph/graph/terms")
VOID_FORMATS = ("ttl", "jsonld", "nt", "rdf")


def _document(formats: tuple[str, ...], what: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a negotiated RDF document in these formats."""
    return {200: {"description": what, "content": negotiate.content(
        negotiate.offers(formats).values())}, **documented(406, 503)}


FORMAT_PARAM = negotiate.format_parameter(DOC_FORMATS, "Override `Accept`: a short format "
                                          "name, or html for the page.")


def _split(rest: str) -> tuple[str, str | None]:
    stem, dot, suffix = rest.rpartition(".")
    if dot and negotiate.from_name(suffix) in DOC_FORMATS:
        return stem, negotiate.from_name(suffix)
    return rest, None


def _format(request: Request, suffix: str | None, allowed: tuple[str, ...]) -> str:
    """The format of a document: the suffix, ``format=``, else negotiated."""
    named = suffix or negotiate.requested(request.query_params.get("format"),
                                          negotiate.offers(allowed).values())
    if named is not None:
        if named not in allowed:
            raise NegotiationError(f"no {named} form of this document", 406,
                                   list(negotiate.offers(allowed).values()))
        return named
    if negotiate.prefers_html(negotiate.accept_of(request)) and "html" in allowed:
        return "html"
    ranges = negotiate.parse_accept(negotiate.accept_of(request))
    chosen = negotiate.choose(ranges, negotiate.offers([f for f in allowed if f != "html"]))
    if chosen is None:
        if negotiate.quality(ranges, "text/html") > 0 and "html" in allowed:
            return "html"
        raise NegotiationError("no acceptable format for this document", 406,
                               list(negotiate.offers(allowed).values()))
    return chosen


def _doc_headers(path: str, fmt: str, formats: tuple[str, ...]) -> dict[str, str]:
    ext = {"jsonld": "jsonld", "ttl": "ttl", "nt": "nt", "rdf": "rdf", "html": "html"}
    links = [f'<{path}.{ext[f]}>; rel="alternate"; type="{negotiate.offers([f])[f]}"'
             for f in formats]
    return {"Content-Location": f"{path}.{ext[fmt]}",
            "Link": ", ".join(links + [f'<{LICENSE}>; rel="license"'])}


def rdf_body(request: Request, triples: list[Triple], fmt: str) -> bytes:
    """An RDF document in a format; JSON-LD compact against the published context, unless
    the client asks for the expanded profile (then it needs no context)."""
    expanded = fmt == "jsonld" and negotiate.wants_expanded(negotiate.accept_of(request))
    return write_graph(triples, fmt, request.app.state.settings.base_iri, expanded=expanded)


#: Properties drawn without an arrow: the organisation network states ``org:linkedTo`` once
#: per pair, for a link that has no direction.
UNDIRECTED = frozenset({"http://www.w3.org/ns/org#linkedTo"})


def helpers(request: Request, store: Any) -> dict[str, Any]:
    """Functions the templates use to show any term: its label and its link."""
    lang = pick_language(request)
    base = request.app.state.settings.base_iri

    def label(term: object) -> str:
        if isinstance(term, Literal):
            return term.value
        if isinstance(term, str):
            term = NamedNode(term)
        labels = describe.labels_of(store, term)
        other = "en" if lang == "ko" else "ko"
        found = labels.get(lang) or labels.get(other)
        if found:
            return found
        parts = describe.membership_parts(store, term)  # type: ignore[arg-type]
        if parts:
            return " · ".join(label(p) for p in parts)
        return describe.short(term.value)  # type: ignore[union-attr]

    def href(term: object, fmt: str | None = None) -> str | None:
        """Our page of a term, in this page's language (or its ``fmt`` document: ``ttl`` …);
        an outside IRI as it is; None for a literal."""
        value = term if isinstance(term, str) else getattr(term, "value", None)
        if not isinstance(term, str) and not isinstance(term, NamedNode):
            return None
        if not value or not value.startswith((base + "id/", ONTOLOGY_IRI)):
            return value
        iri, hash_, fragment = value.partition("#")
        path = "/" + iri[len(base):]
        if fmt:
            return f"{path}.{fmt}"
        return f"{path}?lang={lang}" + (f"#{fragment}" if hash_ else "")

    def iris_in(text: str) -> list[str]:
        """Our entity IRIs that make up a literal (a ``GROUP_CONCAT`` of sources), to show
        them as linked labels; none when the text is anything else."""
        parts = text.split()
        if parts and all(p.startswith(base + "id/") and " " not in p for p in parts):
            return parts
        return []

    def graph_config() -> str:
        """What a graph view needs to draw in this page's language: one colour per class,
        the classes' names for the legend, and the symmetric properties (no arrows)."""
        classes: dict[str, str] = {}
        for q in store.quads_for_pattern(None, RDF.type, OWL.Class, ONTOLOGY_GRAPH):
            if not isinstance(q.subject, NamedNode):
                continue
            name = describe.short(q.subject.value).rsplit(":", 1)[-1]
            # Our own class wins when an outside one has the same local name.
            if q.subject.value.startswith(ONTOLOGY_IRI) or name not in classes:
                classes[name] = label(q.subject)
        for q in store.quads_for_pattern(None, RDFS.label, None, TERMS_GRAPH):
            name = describe.short(q.subject.value).rsplit(":", 1)[-1]
            if name[:1].isupper() and name not in classes:  # a class, by the usual casing
                classes[name] = label(q.subject)
        config = {"colours": {**CLASS_COLOURS, "": OTHER}, "classes": classes,
                  "symmetric": sorted(UNDIRECTED), "lang": lang}
        return json.dumps(config, ensure_ascii=False)

    def literal(term: object, predicate: object = "") -> str:
        """A literal in the page's language (see :func:`show_literal`)."""
        if not isinstance(term, Literal):
            return label(term)
        return show_literal(term.value, term.datatype.value, lang,
                            getattr(predicate, "value", predicate) or "")

    return {"label": label, "href": href, "iris_in": iris_in, "graph_config": graph_config,
            "literal": literal,
            "is_literal": lambda t: isinstance(t, Literal), "ONTOLOGY_NS": ONTOLOGY_IRI + "#"}


@router.get("/id/{kind}/{rest}", name="entity", tags=["Linked Data"],
            summary="An entity: HTML or RDF by Accept, or by a .ttl/.jsonld/.nt/.rdf suffix",
            response_class=Response, openapi_extra={"parameters": [FORMAT_PARAM]},
            responses={**_document(DOC_FORMATS, "The entity's description, HTML for a "
                                   "browser."), **documented(404)})
def entity(
        request: Request,
        kind: Annotated[str, Path(description="The kind of entity: org, person, event, ...",
                                  examples=["org"],
                                  json_schema_extra={"pattern": KEY_RE.pattern})],
        rest: Annotated[str, Path(description="The entity's key, optionally with a format "
                                  "suffix (.ttl, .jsonld, .nt, .rdf, .html).",
                                  examples=["gist"])]) -> Response:
    key, suffix = _split(rest)
    if not KEY_RE.match(kind) or not KEY_RE.match(key):
        raise NotFound(f"/id/{kind}/{rest} is not an entity IRI of this dataset")
    return _document_of(request, f"{kind}/{key}", suffix, kind)


@router.get("/id/{rest}", name="scheme", tags=["Linked Data"],
            summary="A concept scheme (the roles, event types, agreement types, metrics …): "
                    "HTML or RDF like an entity",
            response_class=Response, openapi_extra={"parameters": [FORMAT_PARAM]},
            responses={**_document(DOC_FORMATS, "The scheme's description, HTML for a "
                                   "browser."), **documented(404)})
def scheme(
        request: Request,
        rest: Annotated[str, Path(description="The scheme's key, optionally with a format "
                                  "suffix.", examples=["role"])]) -> Response:
    key, suffix = _split(rest)
    if not KEY_RE.match(key):
        raise NotFound(f"/id/{rest} is not an IRI of this dataset")
    return _document_of(request, key, suffix, "")


def _document_of(request: Request, local: str, suffix: str | None, kind: str) -> Response:
    """The description of ``{base}id/{local}``: a page or an RDF document.

    :raises NotFound: if the graph says nothing about it.
    :raises NegotiationError: if no format offered is acceptable.
    """
    service: Service = request.app.state.service
    store = service.current()
    node = NamedNode(f"{service.settings.base_iri}id/{local}")
    if not describe.exists(store, node):
        raise NotFound(f"the graph knows nothing about {node.value}")
    fmt = _format(request, suffix, DOC_FORMATS)
    headers = _doc_headers(f"/id/{local}", fmt, DOC_FORMATS)
    if fmt != "html":
        body = rdf_body(request, describe.document(store, node), fmt)
        return Response(body, media_type=GRAPH_MEDIA[fmt], headers=headers)
    template = "article.html" if kind == "article" else "entity.html"
    context: dict[str, Any] = {"view": describe.view(store, node, service.settings.base_iri),
                               "node": node,
                               **helpers(request, store)}
    if kind == "article":
        context["sentences"] = _sentences(store, node)
    return request.app.state.render(request, template, context, headers=headers)


def _sentences(store: Any, article: NamedNode) -> list[dict[str, Any]]:
    rows = store.query(
        "PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "PREFIX aig: <https://w3id.org/aigraph/ontology#> "
        "SELECT ?article ?s ?n ?text ?repeat WHERE { ?s dcterms:isPartOf ?article ;"
        " schema:position ?n ;"
        " schema:text ?text OPTIONAL { ?s aig:repeatOf ?repeat } } ORDER BY ?n",
        substitutions={Variable("article"): article})
    return [{"id": r["s"].value.rsplit("#", 1)[-1], "n": int(r["n"].value),
             "text": r["text"].value, "repeat": r["repeat"].value.rsplit("#", 1)[-1]
             if r["repeat"] else None} for r in rows]


@router.get("/ontology", name="ontology", tags=["Linked Data"],
            summary="The ontology: HTML documentation or RDF by Accept",
            response_class=Response, openapi_extra={"parameters": [FORMAT_PARAM]},
            responses=_document(DOC_FORMATS, "The ontology, documented in HTML for a "
                                "browser."))
def ontology(request: Request) -> Response:
    return ontology_document(request, None)


@router.get("/ontology.{suffix}", tags=["Linked Data"], include_in_schema=False)
def ontology_suffix(request: Request, suffix: str) -> Response:
    fmt = negotiate.from_name(suffix)
    if fmt not in DOC_FORMATS:
        raise NotFound(f"no .{suffix} form of the ontology; try .ttl, .jsonld, .nt, .rdf")
    return ontology_document(request, fmt)


def ontology_document(request: Request, suffix: str | None) -> Response:
    service: Service = request.app.state.service
    store = service.current()
    graph = NamedNode("https://w3id.org/aigraph/graph/ontology")
    fmt = _format(request, suffix, DOC_FORMATS)
    headers = _doc_headers("/ontology", fmt, DOC_FORMATS)
    if fmt != "html":
        triples = [Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, graph)]
        return Response(rdf_body(request, triples, fmt), media_type=GRAPH_MEDIA[fmt],
                        headers=headers)
    terms = _ontology_terms(store)
    return request.app.state.render(request, "ontology.html",
                                    {"terms": terms, **helpers(request, store)}, headers=headers)


def _ontology_terms(store: Any) -> list[dict[str, Any]]:
    rows = store.query(
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?term ?kind ?def ?domain ?range (GROUP_CONCAT(DISTINCT STR(?super); "
        "separator=' ') AS ?supers) WHERE { "
        "GRAPH <https://w3id.org/aigraph/graph/ontology> { ?term a ?kind "
        "FILTER(?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty)) "
        "FILTER(STRSTARTS(STR(?term), 'https://w3id.org/aigraph/ontology#')) "
        "OPTIONAL { ?term skos:definition ?def FILTER(lang(?def) = 'en') } "
        "OPTIONAL { ?term rdfs:domain ?domain } OPTIONAL { ?term rdfs:range ?range } "
        "OPTIONAL { ?term rdfs:subClassOf|rdfs:subPropertyOf ?super } } } "
        "GROUP BY ?term ?kind ?def ?domain ?range ORDER BY ?kind ?term")
    rows = list(rows)
    shown = {r["term"].value for r in rows}

    def link(term: object) -> dict[str, str | None] | None:
        return term_link(term, shown)

    return [{"iri": r["term"].value, "name": r["term"].value.rsplit("#", 1)[-1],
             "kind": r["kind"].value.rsplit("#", 1)[-1],
             "definition": r["def"].value if r["def"] else "",
             "domain": link(r["domain"]), "range": link(r["range"]),
             "supers": [link(NamedNode(s)) for s in r["supers"].value.split()]
             if r["supers"] else []} for r in rows]


def term_link(term: object, on_page: set[str]) -> dict[str, str | None] | None:
    """How the ontology page names a term and where it links: a term the page documents
    (``on_page``) by its prefixed name to its section, any other by its prefixed name
    (``schema:Event``; the IRI when no prefix is known) to its own IRI; an anonymous class
    unlinked; ``None`` for no term."""
    if isinstance(term, BlankNode):
        return {"text": "(anonymous class)", "href": None}
    if not isinstance(term, NamedNode):
        return None
    if term.value in on_page:
        return {"text": describe.short(term.value), "href": "#" + term.value.split("#", 1)[1]}
    return {"text": describe.short(term.value), "href": term.value}


@router.get("/dumps/{name}", name="dump", tags=["Linked Data"],
            summary="The whole dataset: .trig and .nq keep the named graphs; each also as .gz",
            response_class=Response, responses={
                200: {"description": "The dataset, or the same file gzipped.",
                      "content": negotiate.content([
                          *dict.fromkeys(GRAPH_MEDIA[dump_format(n)[0]] for n in dump_names()),
                          GZIP_MEDIA])},
                **documented(404, 503)})
def dumps(request: Request, name: Annotated[str, Path(
        description="The file: aigraph.{suffix}, or aigraph.{suffix}.gz gzipped.",
        json_schema_extra={"enum": dump_names()})]) -> Response:
    if name not in dump_names():
        raise NotFound(f"no dump named {name}; available: {', '.join(dump_names())}")
    service: Service = request.app.state.service
    fmt, gzipped = dump_format(name)
    body = dump_file(service.current(), name, service.settings.base_iri)
    # A .gz is served as the gzip file it is, not with Content-Encoding: gzip, which would
    # tell browsers and `curl --compressed` to unpack it while keeping the .gz name.
    return Response(body, media_type=GZIP_MEDIA if gzipped else GRAPH_MEDIA[fmt], headers={
        "Link": f'<{LICENSE}>; rel="license"',
        "Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/context.jsonld", name="context", include_in_schema=False)
def context(request: Request) -> Response:
    """The JSON-LD context every compact JSON-LD answer names by URL: the prefixes of the
    vocabularies, and ``aigid:`` for entity IRIs. Not an API operation (it cannot fail), so
    not in the OpenAPI document, like the other files of the Linked Data."""
    base = request.app.state.settings.base_iri
    return Response(json_bytes({"@context": jsonld_context(base)}),
                    media_type=GRAPH_MEDIA["jsonld"],
                    headers={"Link": f'<{LICENSE}>; rel="license"',
                             "Cache-Control": "public, max-age=86400"})


@router.get("/.well-known/void", name="void", tags=["Linked Data"],
            summary="The VoID description of the dataset", response_class=Response,
            openapi_extra={"parameters": [negotiate.format_parameter(
                VOID_FORMATS, "Override `Accept`: a short format name.")]},
            responses=_document(VOID_FORMATS, "The VoID description."))
def void(request: Request) -> Response:
    service: Service = request.app.state.service
    store = service.current()
    graph = NamedNode("https://w3id.org/aigraph/graph/void")
    fmt = _format(request, None, VOID_FORMATS)
    triples = [Triple(q.subject, q.predicate, q.object)
               for q in store.quads_for_pattern(None, None, None, graph)]
    return Response(rdf_body(request, triples, fmt), media_type=GRAPH_MEDIA[fmt],
                    headers={"Link": f'<{LICENSE}>; rel="license"'})


#: The home page's SPARQL box starts with a query that runs as it is: its prefixes declared,
#: as the protocol asks.
STARTER = """PREFIX aig: <https://w3id.org/aigraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?organisation ?name WHERE {
  ?organisation a aig:Organization ;
    rdfs:label ?name .
  FILTER(lang(?name) = "ko")
}
ORDER BY ?name
LIMIT 20
"""


@router.get("/", name="home", include_in_schema=False)
def home(request: Request) -> Response:
    service: Service = request.app.state.service
    store = service.current()
    stats = store_stats(store)
    articles = list(store.query(
        "PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?a ?title ?date WHERE { ?a a schema:NewsArticle ; dcterms:title ?title "
        "OPTIONAL { ?a schema:datePublished ?date } } ORDER BY ?date"))
    return request.app.state.render(request, "home.html", {
        "stats": stats, "articles": articles, "queries": list(service.queries.values()),
        "query_text": request.query_params.get("query") or STARTER,
        "dumps": dump_names(),
        **helpers(request, store)})


@router.get("/-/health", include_in_schema=False)
def health(request: Request) -> Response:
    """200 with the build id when the graph can be read; else 503 saying why (no store, a
    corrupt one, or a remote store that is down or empty)."""
    service: Service = request.app.state.service
    try:
        service.current()
    except StoreError as exc:
        return JSONResponse(error_body(str(exc), 503), status_code=503)
    return JSONResponse({"ok": True, "build": service.build_id,
                         "store": "remote" if service.settings.remote else "embedded"})



@router.get("/export/graph.{fmt}", name="graph-export", tags=["exports"],
            summary="A graph for visualisers: GraphML, GEXF, Cytoscape JSON, D3 JSON or DOT",
            description="The whole dataset, an entity's neighbourhood (`focus`, `hops`) or a "
            "saved CONSTRUCT query's result (`query`). Memberships and participations are "
            "labelled edges; `collapse=false` keeps them as nodes. The file is named after what "
            "was exported.", response_class=Response, responses={
                200: {"description": "The graph.",
                      "content": negotiate.content(dict.fromkeys(GRAPH_FORMATS.values()))},
                **documented(400, 404, 503)})
def graph_export(
        request: Request,
        fmt: Annotated[str, Path(json_schema_extra={"enum": list(GRAPH_FORMATS)})],
        focus: Annotated[str | None, Query(description="An entity IRI.",
                                           json_schema_extra={"format": "iri"})] = None,
        hops: Annotated[int, Query(json_schema_extra={"minimum": 0, "maximum": 3})] = 1,
        query: Annotated[str | None, Query(description="A saved CONSTRUCT query's name.")]
        = None,
        collapse: bool = True) -> Response:
    if fmt not in GRAPH_FORMATS:
        raise NotFound(f"no graph export as .{fmt}; choose one of "
                       f"{', '.join('.' + f for f in GRAPH_FORMATS)}")
    if not 0 <= hops <= 3:
        raise ParameterError("hops", "must be 0 to 3")
    service: Service = request.app.state.service
    store = service.current()
    saved = None
    if query is not None:
        saved = service.queries.get(query)
        if saved is None or saved.form not in ("CONSTRUCT", "DESCRIBE"):
            raise ParameterError("query", f"{query!r} is not a saved CONSTRUCT query")
    if focus is not None:
        try:
            node = NamedNode(focus)
        except ValueError as exc:
            raise ParameterError("focus", f"{focus!r} is not an IRI: {exc}") from exc
        if not describe.exists(store, node):
            raise NotFound(f"the graph knows nothing about {focus}")
    graph = graph_for(store, service.settings.base_iri, focus, hops, saved, collapse)
    return Response(write(graph, fmt), media_type=GRAPH_FORMATS[fmt], headers={
        "Content-Disposition":
            f'attachment; filename="{download_name(fmt, focus, hops, query, collapse)}"',
        "Link": f'<{LICENSE}>; rel="license"'})
