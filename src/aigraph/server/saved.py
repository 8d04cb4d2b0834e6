"""``/queries``: the saved queries, listed, and each run with its parameters in any format."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pyoxigraph import Variable

from aigraph.errors import NotFound
from aigraph.pool import encode_term
from aigraph.queries import Param, SavedQuery, Term
from aigraph.results import GRAPH_MEDIA, RESULT_MEDIA
from aigraph.server import negotiate
from aigraph.server.errors import documented
from aigraph.server.language import pick_language
from aigraph.server.service import Service
from aigraph.server.sparql import answer_page, run, wants_page

RESERVED = ("format", "lang")
#: What each parameter type accepts, as JSON Schema (the checks of ``parse_value``).
OPENAPI_TYPES: dict[str, dict[str, Any]] = {
    "iri": {"type": "string", "format": "iri"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "boolean": {"type": "boolean"},
    "year": {"type": "string", "pattern": "^[0-9]{4}$"},
    # A year, a month of a year, or a day that exists (YYYY, YYYY-MM, YYYY-MM-DD).
    "date": {"anyOf": [{"type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2]))?$"},
                       {"type": "string", "format": "date"}]},
}


_TEXT = {"type": "object", "properties": {"ko": {"type": "string"}, "en": {"type": "string"}}}
#: The JSON list of saved queries, as the OpenAPI document shows it.
LIST_SCHEMA = {"type": "array", "items": {
    "type": "object",
    "required": ["name", "title", "description", "form", "tags", "params", "url", "sparql"],
    "properties": {
        "name": {"type": "string"}, "title": _TEXT, "description": _TEXT,
        "form": {"enum": ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "params": {"type": "array", "items": {
            "type": "object", "required": ["name", "type"],
            "properties": {"name": {"type": "string"}, "type": {"type": "string"},
                           "default": {"type": ["string", "null"]},
                           "description": {"type": "string"}}}},
        "url": {"type": "string"}, "sparql": {"type": "string"}}}}


def describe(query: SavedQuery, request: Request) -> dict[str, Any]:
    """A saved query as JSON: what it answers, its parameters and where to run it."""
    return {
        "name": query.name, "title": query.title, "description": query.description,
        "form": query.form, "tags": query.tags,
        "params": [{"name": p.name, "type": p.type, "default": p.default,
                    "description": p.description} for p in query.params],
        "url": str(request.url_for(f"saved:{query.name}")),
        "sparql": query.text,
        # The text as "open in editor" gives it: defaults and the names' language bound.
        "bound_sparql": query.bound_text(query.bind(request_values(query, request))),
    }


def request_values(query: SavedQuery, request: Request) -> dict[str, str]:
    """The parameter values of a request, by name (``format`` is not a parameter).

    A parameter of type ``lang`` (the language of the names a query shows) takes the page
    language when the request does not give it: ``?lang=`` then ``Accept-Language``, else
    ``ko``, as every page picks its language. A parameter named ``lang`` *is* the page switch,
    so it always takes the page language, and an unknown ``?lang=fr`` falls back to
    ``Accept-Language`` as it does on every other page rather than being refused.
    """
    values = {k: v for k, v in request.query_params.items() if k not in RESERVED}
    for param in query.params:
        if param.type == "lang" and (param.name in RESERVED or not values.get(param.name)):
            values[param.name] = pick_language(request)
    return values


def _substitutions(service: Service, bound: dict[Variable, Term]
                   ) -> list[tuple[str, str, str, str | None, str | None]]:
    """The bindings as substitutions for an embedded store, which plans the ``VALUES``
    block's values and binds the substitutions in sub-selects too; none for a remote store,
    which gets the block alone (see :mod:`aigraph.queries`)."""
    if service.settings.remote:
        return []
    return [encode_term(var.value, term) for var, term in bound.items()]


def editor_link(query: SavedQuery, request: Request) -> str:
    """A link that opens the query in the editor, its parameters bound as on the page (by a
    ``VALUES`` block written by pyoxigraph), so that the editor answers with the same rows;
    unbound parameters stay open."""
    text = query.bound_text(query.bind(request_values(query, request)))
    args = urlencode({"query": text, "lang": pick_language(request)})
    return f"{request.url_for('editor')}?{args}"


def _download_query(query: SavedQuery, request: Request) -> str:
    """The query string of the page's download links: the request's, less ``format``, with
    the language of the names written out, so that a download has the page's names even
    when it is fetched without the browser's ``Accept-Language``."""
    args = {k: v for k, v in request.query_params.items() if k != "format"}
    given = request_values(query, request)
    args.update({p.name: given[p.name] for p in query.params if p.type == "lang"})
    return urlencode(sorted(args.items()))


async def run_saved_request(request: Request, query: SavedQuery, suffix: str | None) -> Response:
    """Run a saved query for a request: HTML for browsers, else the negotiated format."""
    given = request_values(query, request)
    bound = query.bind(given)
    text = query.bound_text(bound)
    substitutions = _substitutions(request.app.state.service, bound)
    override = suffix or request.query_params.get("format")
    if not wants_page(request, override):
        response = await run(request, text, None, None, override, substitutions)
    else:
        context = {"query": query,
                   "values": {p.name: given.get(p.name, p.default or "") for p in query.params},
                   # A bound parameter's column holds one value, shown in the form above it.
                   "hidden": [var.value for var in bound],
                   "download_query": _download_query(query, request),
                   "editor": editor_link(query, request),
                   "formats": list(GRAPH_MEDIA if query.form in ("CONSTRUCT", "DESCRIBE")
                                   else RESULT_MEDIA)}
        response = await answer_page(request, text, "query.html", context, substitutions)
    return response


def _accepts(param: Param) -> str:
    """What a parameter takes, as the OpenAPI document says it."""
    if param.type == "lang":
        return ("ko or en; absent, empty or anything else: the page language, from "
                "Accept-Language, else ko")
    return f"{param.type}; empty: every value"


def _parameters(query: SavedQuery) -> list[dict[str, Any]]:
    """The query's parameters for the OpenAPI document; an empty value leaves one unbound."""
    params = [{"name": p.name, "in": "query", "required": False,
               "description": f"{p.description} ({_accepts(p)})".strip(),
               "schema": {"anyOf": [{"type": "string", "maxLength": 0},
                                    OPENAPI_TYPES.get(p.type, {"type": "string"})],
                          **({"default": p.default}
                             if p.default is not None and p.type != "lang" else {})}}
              for p in query.params]
    graph = query.form in ("CONSTRUCT", "DESCRIBE")
    names = [*GRAPH_MEDIA, "xml", "html"] if graph else [*RESULT_MEDIA, "html"]
    params.append(negotiate.format_parameter(names, "Override `Accept`: a short format "
                                             "name, or html for the page."))
    return params


def _responses(query: SavedQuery) -> dict[int | str, dict[str, Any]]:
    """What running the query can answer, for the OpenAPI document."""
    graph = query.form in ("CONSTRUCT", "DESCRIBE")
    media = [*(GRAPH_MEDIA if graph else RESULT_MEDIA).values(), negotiate.HTML]
    return {200: {"description": "The answer in the negotiated format, or a page.",
                  "content": negotiate.content(media)},
            304: {"description": "The answer has not changed since the ETag in "
                  "`If-None-Match`."},
            **documented(400, 406, 503)}


def router(service: Service) -> APIRouter:
    """The saved-query routes: one operation per query, so each shows in the OpenAPI."""
    api = APIRouter(tags=["saved queries"])

    @api.get("/queries", name="queries", summary="List the saved queries",
             response_class=Response, responses={200: {
                 "description": "The saved queries as JSON, or a page for a browser.",
                 "content": {"application/json": {"schema": LIST_SCHEMA},
                             negotiate.HTML: {"schema": {"type": "string"}}}}})
    async def list_queries(request: Request) -> Response:
        if request.query_params.get("format") != "json" and \
                negotiate.prefers_html(negotiate.accept_of(request)):
            return request.app.state.render(request, "queries.html",
                                            {"queries": list(service.queries.values())})
        return JSONResponse([describe(q, request) for q in service.queries.values()])

    for name, query in service.queries.items():
        api.add_api_route(
            f"/queries/{name}", _endpoint(query), methods=["GET"], name=f"saved:{name}",
            summary=query.title["en"], description=f"{query.description['en']}\n\n"
            f"{query.title['ko']}: {query.description['ko']}",
            openapi_extra={"parameters": _parameters(query)}, response_class=Response,
            responses=_responses(query))

    @api.get("/queries/{name}.{suffix}", name="saved-suffix", include_in_schema=False)
    async def saved_with_suffix(request: Request, name: str, suffix: str) -> Response:
        query = service.queries.get(name)
        fmt = negotiate.from_name(suffix)
        if query is None or fmt is None:
            raise NotFound(f"no saved query {name!r} with format {suffix!r}; see /queries")
        return await run_saved_request(request, query, fmt)

    @api.get("/queries/{name}", include_in_schema=False)
    async def unknown(request: Request, name: str) -> Response:
        raise NotFound(f"no saved query {quote(name)!r}; the list is at /queries")

    return api


def _endpoint(query: SavedQuery):  # noqa: ANN202 - a FastAPI endpoint
    async def endpoint(request: Request) -> Response:
        return await run_saved_request(request, query, None)

    endpoint.__name__ = f"saved_{query.name.replace('-', '_')}"
    return endpoint
