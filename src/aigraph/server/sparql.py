"""``/sparql``: the SPARQL 1.1 Protocol (query operation), read-only."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pyoxigraph import BlankNode, NamedNode, Triple
from starlette.requests import ClientDisconnect

from aigraph.errors import (
    NegotiationError,
    ParameterError,
    QueryError,
    RequestTooLarge,
    UpdateRefused,
)
from aigraph.federation import check_federation
from aigraph.pool import NoAcceptableFormat, QueryRequest
from aigraph.results import GRAPH_MEDIA, RESULT_MEDIA, Answer
from aigraph.server import negotiate, querystring
from aigraph.server.cache import note_answer
from aigraph.server.errors import documented
from aigraph.server.pages import helpers, rdf_body
from aigraph.server.service import Service
from aigraph.vocab import RDF, Namespace

router = APIRouter(tags=["SPARQL"])
#: Where the endpoint answers.
PATH = "/sparql"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DIRECT = "application/sparql-query"
FORM = "application/x-www-form-urlencoded"
UPDATE = "application/sparql-update"
RESULT_FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML",
                      "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV",
                      "ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD",
                      "rdf": "RDF_XML", "trig": "TriG", "nq": "N-Quads"}


def _url_pairs(request: Request) -> list[tuple[str, str]]:
    """The URL's parameters, decoded strictly (:func:`aigraph.server.querystring.pairs`).

    :raises QueryError: for raw non-ASCII bytes or escapes that are not UTF-8.
    """
    return querystring.pairs(request.scope.get("query_string", b""), "URL query string")


#: Charset names that mean UTF-8 (ASCII is a subset) in a body's ``Content-Type``.
UTF8_NAMES = ("utf-8", "utf8", "us-ascii", "ascii")


def _body_media(content_type: str) -> str:
    """The media type of a POST body, which must be a form or a query in UTF-8.

    :raises UpdateRefused: for an update body.
    :raises NegotiationError: (415) for another media type or a charset other than UTF-8.
    """
    media, *params = (part.strip() for part in content_type.split(";"))
    media = media.lower()
    if media == UPDATE:
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted")
    if media not in (FORM, DIRECT):
        raise NegotiationError(f"cannot read a POST body of type {media or 'none'!r}", 415,
                               [FORM, DIRECT])
    for param in params:
        key, _, value = param.partition("=")
        charset = value.strip().strip('"').lower()
        if key.strip().lower() == "charset" and charset not in UTF8_NAMES:
            raise NegotiationError(f"cannot read a body in charset {value.strip()!r}; send "
                                   "UTF-8", 415, [f"{media}; charset=utf-8"])
    return media


async def read_body(request: Request, max_body: int) -> bytes:
    """The request body, read no further than the size limit.

    :raises RequestTooLarge: when ``Content-Length`` announces more than the limit, or as
        soon as the bytes received (chunked, or whatever the header said) pass it.
    :raises QueryError: when the client goes away before the body ends (not a server error).
    """
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_body:
        raise RequestTooLarge(f"the request body is {length} bytes; the limit is {max_body}")
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_body:
                raise RequestTooLarge(f"the request body is over the limit of {max_body} "
                                      "bytes")
            chunks.append(chunk)
    except ClientDisconnect as exc:
        raise QueryError("the client closed the connection before the body ended") from exc
    return b"".join(chunks)


async def read_protocol(request: Request, max_body: int) -> tuple[str | None, list[str],
                                                                 list[str], dict[str, str]]:
    """The query, default and named graph IRIs and other parameters of a protocol request.

    :raises QueryError: for a duplicated query, a non-UTF-8 body, a POST with no query.
    :raises ParameterError: for a default or named graph that is not an IRI.
    :raises UpdateRefused: for any update request.
    :raises NegotiationError: (415) for a body of an unsupported media type or charset.
    :raises RequestTooLarge: for a body over the size limit.
    """
    url = _url_pairs(request)
    body: list[tuple[str, str]] = []
    direct: str | None = None
    if request.method == "POST":
        media = _body_media(request.headers.get("content-type", ""))
        raw = await read_body(request, max_body)
        if media == FORM:
            body = querystring.pairs(raw, "form body")
        else:
            try:
                direct = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise QueryError("the query body is not valid UTF-8") from exc
    return parameters(url, body, direct, request.method == "POST")


def parameters(url: list[tuple[str, str]], body: list[tuple[str, str]], direct: str | None,
               post: bool) -> tuple[str | None, list[str], list[str], dict[str, str]]:
    """The query, default and named graph IRIs and other parameters (the last value of
    each) of a protocol request, from its URL's and form body's pairs and direct body.

    :raises QueryError: for a duplicated query, or a POST with no query.
    :raises ParameterError: for a default or named graph that is not an IRI.
    :raises UpdateRefused: for any update request.
    """
    both = url + body
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in both):
        raise UpdateRefused("this endpoint is read-only: SPARQL Update is not accepted")
    queries = [v for k, v in both if k == "query"] + ([direct] if direct is not None else [])
    if len(queries) > 1:
        raise QueryError("the query is given more than once; send exactly one 'query'")
    if post and not queries:
        raise QueryError("a POST needs a query: a 'query' form field or an "
                         "application/sparql-query body")
    default = [v for k, v in both if k == "default-graph-uri"]
    named = [v for k, v in both if k == "named-graph-uri"]
    for key, graphs in (("default-graph-uri", default), ("named-graph-uri", named)):
        for graph in graphs:
            try:
                NamedNode(graph)
            except ValueError as exc:
                raise ParameterError(key, f"{graph!r} is not an IRI: {exc}") from exc
    others = {k: v for k, v in both if k not in ("query", "default-graph-uri",
                                                  "named-graph-uri")}
    return (queries[0] if queries else None), default, named, others


def pick_formats(request: Request, override: str | None) -> tuple[str | None, str | None]:
    """The acceptable format for a SELECT/ASK answer and for a graph answer: the one
    ``format=`` names, else the best by ``Accept`` (which the answer then varies by).

    :raises NegotiationError: (406) for a ``format=`` that is not one of ours.
    """
    if override:
        return formats(None, override)
    return formats(negotiate.accept_of(request), None)


@lru_cache(maxsize=256)
def formats(accept: str | None, override: str | None) -> tuple[str | None, str | None]:
    """:func:`pick_formats` for an ``Accept`` value and a ``format=`` value (clients send
    few distinct ones, so the choices are remembered).

    :raises NegotiationError: (406) for a ``format=`` that is not one of ours.
    """
    name = negotiate.requested(override, [*RESULT_MEDIA, *GRAPH_MEDIA])
    if name is not None:
        if name == "xml":
            return "xml", "rdf"
        return (name if name in RESULT_MEDIA else None), (name if name in GRAPH_MEDIA else None)
    ranges = negotiate.parse_accept(accept)
    return (negotiate.choose(ranges, negotiate.offers(list(RESULT_MEDIA))),
            negotiate.choose(ranges, negotiate.offers(list(GRAPH_MEDIA))))


def answer_response(answer: Answer, cached: bool, max_rows: int,
                    extra: dict[str, str] | None = None) -> Response:
    """A response for an answer, with the headers that tell the whole truth about it (its
    ETag and a 304 come from :class:`aigraph.server.envelope.Envelope`, as for every GET)."""
    headers = {"Cache-Control": "public, max-age=60",
               "X-Result-Rows": str(answer.rows), "X-Cache": "hit" if cached else "miss"}
    if answer.truncated:
        headers["X-Result-Truncated"] = "true"
        headers["X-Result-Limit"] = str(max_rows)
        headers["Warning"] = f'199 aigraph "answer truncated to the first {max_rows} rows"'
    headers.update(extra or {})
    media = answer.media_type
    if media.startswith("text/") or media.endswith(("json", "+xml")):
        media += "; charset=utf-8"
    return Response(answer.body, media_type=media, headers=headers)


def no_cache(request: Request) -> bool:
    return "no-cache" in request.headers.get("cache-control", "").lower() or \
        "no-cache" in request.headers.get("pragma", "").lower()


async def run(request: Request, query: str, default: list[str] | None, named: list[str] | None,
              override: str | None, substitutions: list | None = None) -> Response:  # type: ignore[type-arg]
    """Evaluate a query for a request and build the response (shared by saved queries).

    :raises NegotiationError: (406) when no acceptable format fits the kind of answer.
    """
    service: Service = request.app.state.service
    settings = service.settings
    federation(query, settings.allow_service)
    if wants_page(request, override):
        return await answer_page(request, query, "results.html", {"query_text": query},
                                 substitutions or [], default, named)
    result_format, graph_format = pick_formats(request, override)
    job = QueryRequest(query, result_format, graph_format, settings.max_rows, default, named,
                       substitutions or [], base_iri=settings.base_iri)
    try:
        answer, cached = await service.answer(job, use_cache=not no_cache(request))
    except NoAcceptableFormat as exc:
        table = GRAPH_MEDIA if exc.kind == "graph" else RESULT_MEDIA
        article = "an" if exc.kind.upper()[0] in "AEIOU" else "a"
        raise NegotiationError(f"no acceptable format for {article} {exc.kind.upper()} answer", 406,
                               list(table.values())) from exc
    note_answer(request, answer)
    return answer_response(answer, cached, settings.max_rows)


#: The longest query text whose federation check is remembered.
REMEMBERED_CHARS = 16_384


def federation(query: str, allowed: tuple[str, ...]) -> None:
    """:func:`aigraph.federation.check_federation`, remembered for the texts asked often
    (saved queries say "service" in their comments) up to :data:`REMEMBERED_CHARS`
    characters long; a refusal is never remembered, but found again each time.

    :raises FederationRefused: as :func:`aigraph.federation.check_federation`.
    """
    if len(query) <= REMEMBERED_CHARS:
        _federation_allowed(query, allowed)
    else:
        _check_federation(query, allowed)


def _check_federation(query: str, allowed: tuple[str, ...]) -> None:
    if "service" in query.casefold():  # the full check reads the whole text: only if need be
        check_federation(query, allowed)


@lru_cache(maxsize=256)
def _federation_allowed(query: str, allowed: tuple[str, ...]) -> bool:
    _check_federation(query, allowed)
    return True


def wants_page(request: Request, override: str | None) -> bool:
    """Whether the answer goes to a person: ``format=html``, or a browser's ``Accept``
    with no format named."""
    return negotiate.from_name(override) == "html" or (
        not override and negotiate.prefers_html(negotiate.accept_of(request)))


async def answer_page(request: Request, query: str, template: str, context: dict[str, Any],
                      substitutions: list | None = None,  # type: ignore[type-arg]
                      default: list[str] | None = None, named: list[str] | None = None
                      ) -> Response:
    """An answer as an HTML page: a table of results (labels linked to entity pages, sorted
    and paged in the browser) or the graph as Turtle, with the downloads of the answer."""
    service: Service = request.app.state.service
    job = QueryRequest(query, "json", "ttl", service.settings.max_rows, default, named,
                       substitutions or [], base_iri=service.settings.base_iri)
    answer, _ = await service.answer(job, use_cache=not no_cache(request))
    table = json.loads(answer.body) if answer.kind in ("select", "ask") else None
    context = {"answer": answer, "table": table, "max_rows": service.settings.max_rows,
               "graph_text": answer.body.decode("utf-8") if answer.kind == "graph" else "",
               **context}
    headers = {}
    if answer.truncated:
        headers["X-Result-Truncated"] = "true"
    # Rendering looks labels up in the store: off the event loop, as a remote store is slow.
    return await run_in_threadpool(_render_answer, request, template, context, headers)


def _render_answer(request: Request, template: str, context: dict[str, Any],
                   headers: dict[str, str]) -> Response:
    store = request.app.state.service.current()
    return request.app.state.render(request, template, {**context, **helpers(request, store)},
                                    200, headers)


DESCRIPTION = ("The SPARQL 1.1 Protocol query operation: GET with `query`, POST of a form or "
               "of an `application/sparql-query` body. Answers by `Accept` (or `format=`); "
               "without a query, the service description. Read-only: updates get 403.")
GRAPH_PARAMS = [
    {"name": name, "in": "query", "required": False, "style": "form", "explode": True,
     "description": description,
     "schema": {"type": "array", "items": {"type": "string", "format": "iri"}}}
    for name, description in (
        ("default-graph-uri", "A graph of the query's default graph (repeat for several)."),
        ("named-graph-uri", "A named graph the query may use (repeat for several)."))]
FORMAT_PARAM = negotiate.format_parameter(
    [*RESULT_MEDIA, *GRAPH_MEDIA], "Override `Accept`: a short format name.")
#: What the endpoint answers: results, graphs, the service description, a page for browsers.
ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"description": "The answer (SELECT/ASK results, a CONSTRUCT/DESCRIBE graph) or, "
          "without a query, the service description; HTML for a browser.",
          "content": negotiate.content([*RESULT_MEDIA.values(), *GRAPH_MEDIA.values(),
                                        negotiate.HTML])},
    304: {"description": "The answer has not changed since the ETag in `If-None-Match`."},
}


@router.get(PATH, name="sparql", summary="SPARQL query (GET)", description=DESCRIPTION,
            response_class=Response, responses={**ANSWERS, **documented(400, 403, 406, 503)},
            openapi_extra={"parameters": [
                {"name": "query", "in": "query", "required": False,
                 "description": "The SPARQL query; without it, the service description.",
                 "schema": {"type": "string"}}, *GRAPH_PARAMS, FORMAT_PARAM]})
async def sparql(request: Request) -> Response:
    return await protocol(request)


@router.post(PATH, name="sparql-post", summary="SPARQL query (POST form or direct)",
             description=DESCRIPTION, response_class=Response,
             responses={**ANSWERS, **documented(400, 403, 406, 413, 415, 503)},
             openapi_extra={"parameters": [*GRAPH_PARAMS, FORMAT_PARAM], "requestBody": {
                 "required": True, "content": {
                     FORM: {"schema": {"type": "object", "required": ["query"], "properties": {
                         "query": {"type": "string"},
                         **{p["name"]: p["schema"] for p in GRAPH_PARAMS},
                         "format": FORMAT_PARAM["schema"]}}},
                     DIRECT: {"schema": {"type": "string"}}}}})
async def sparql_post(request: Request) -> Response:
    return await protocol(request)


async def protocol(request: Request) -> Response:
    """Answer one SPARQL Protocol request (GET or POST)."""
    service: Service = request.app.state.service
    query, default, named, others = await read_protocol(request,
                                                        service.settings.max_body_bytes)
    if query is None:
        return service_description(request)
    named_given = bool(named) or bool(default)
    return await run(request, query, default if named_given else None,
                     named if named_given else None, others.get("format"))


def description_triples(request: Request) -> list[Triple]:
    """The SPARQL Service Description of this endpoint, with the dataset's VoID."""
    service: Service = request.app.state.service
    endpoint = NamedNode(str(request.url_for("sparql")))
    node, dataset, graph = BlankNode("service"), BlankNode("dataset"), BlankNode("default")
    triples = [
        Triple(node, RDF.type, SD.Service),
        Triple(node, SD.endpoint, endpoint),
        Triple(node, SD.supportedLanguage, SD.SPARQL11Query),
        Triple(node, SD.feature, SD.UnionDefaultGraph),
        Triple(node, SD.defaultDataset, dataset),
        Triple(dataset, RDF.type, SD.Dataset),
        Triple(dataset, SD.defaultGraph, graph),
        Triple(graph, RDF.type, SD.Graph),
    ]
    triples += [Triple(node, SD.resultFormat, FORMATS[iri]) for iri in
                RESULT_FORMAT_IRIS.values()]
    store = service.current()
    for row in store.query("SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"):
        named = BlankNode(f"g{len(triples)}")
        triples += [Triple(dataset, SD.namedGraph, named), Triple(named, SD.name, row["g"])]
    void = NamedNode("https://w3id.org/aigraph/graph/void")
    triples += [Triple(t.subject, t.predicate, t.object) for t in store.quads_for_pattern(
        None, None, None, void)]
    dataset_iri = NamedNode("https://w3id.org/aigraph/dataset")
    triples.append(Triple(graph, NamedNode("http://rdfs.org/ns/void#inDataset"), dataset_iri))
    triples.append(Triple(dataset_iri, NamedNode("http://rdfs.org/ns/void#sparqlEndpoint"),
                          endpoint))
    return triples


def service_description(request: Request) -> Response:
    offered = negotiate.offers(["ttl", "jsonld", "rdf", "nt", "trig", "nq"])
    named = negotiate.requested(request.query_params.get("format"), offered.values())
    if named == "xml":  # as for any graph answer: RDF/XML
        named = "rdf"
    if named is None and negotiate.prefers_html(negotiate.accept_of(request)):
        return request.app.state.render(request, "sparql.html", {})
    fmt = named or negotiate.choose(negotiate.parse_accept(negotiate.accept_of(request)),
                                    offered)
    if fmt is None or fmt not in offered:
        raise NegotiationError("no acceptable format for the service description", 406,
                               list(offered.values()))
    body = rdf_body(request, description_triples(request), fmt)
    return Response(body, media_type=offered[fmt])

