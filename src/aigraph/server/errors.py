"""The one place where errors become HTTP responses, in one JSON shape (or an HTML page)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from aigraph.errors import (
    AigraphError,
    FederationRefused,
    NegotiationError,
    NotFound,
    ParameterError,
    QueryError,
    QueryTimeout,
    RequestTooLarge,
    StoreError,
    UpdateRefused,
)
from aigraph.server.language import pick_language
from aigraph.server.negotiate import accept_of, prefers_html

log = logging.getLogger("aigraph.server")

#: Domain errors → HTTP statuses (most specific first).
STATUS: list[tuple[type[AigraphError], int]] = [
    (UpdateRefused, 403),
    (FederationRefused, 403),
    (QueryTimeout, 503),
    (ParameterError, 400),
    (QueryError, 400),
    (NotFound, 404),
    (RequestTooLarge, 413),
    (StoreError, 503),
]


def status_of(exc: AigraphError) -> int:
    if isinstance(exc, NegotiationError):
        return exc.status
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def error_body(message: str, status: int) -> dict[str, object]:
    """The JSON error shape every route uses."""
    return {"ok": False, "error": message, "status": status}


class ErrorBody(BaseModel):
    """The one JSON error shape of every route: ``ok`` is false, ``error`` says what went
    wrong and what to do, ``status`` repeats the HTTP status."""

    model_config = ConfigDict(extra="forbid")

    ok: Literal[False]
    error: str
    status: int


#: What each error status means, for the OpenAPI document.
MEANING = {
    400: "A malformed request: a query that does not parse, a bad parameter, a body that "
         "is not UTF-8.",
    403: "Refused: an update, or a SERVICE call to an endpoint that is not allowed.",
    404: "Nothing of that name.",
    406: "No acceptable format; the message lists the supported media types.",
    413: "The request body is over the size limit.",
    415: "A request body of a media type the endpoint does not read.",
    503: "No store yet, a broken store, or a query stopped at the time limit.",
}


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error responses of a route for its ``responses=``: the one JSON error shape, or
    an HTML page for a browser (a GET whose ``Accept`` prefers HTML).

    >>> sorted(documented(404, 503))
    [404, 503]
    """
    html = {"text/html": {"schema": {"type": "string"}}}
    return {status: {"model": ErrorBody, "description": MEANING[status], "content": html}
            for status in statuses}


def error_response(request: Request, message: str, status: int,
                   headers: Mapping[str, str] | None = None) -> Response:
    """JSON for programs, an HTML page for browsers."""
    if request.method == "GET" and prefers_html(accept_of(request)):
        templates = request.app.state.templates
        page = templates.get_template("error.html").render(
            request=request, status=status, message=message, lang=pick_language(request),
            t=request.app.state.text(request))
        return HTMLResponse(page, status_code=status, headers=headers)
    return JSONResponse(error_body(message, status), status_code=status, headers=headers)


#: The methods an ``Allow`` header can name; a path that only a mount answers (a static
#: file) allows GET and HEAD.
METHODS = ("GET", "HEAD", "POST")


def allowed_methods(request: Request) -> list[str]:
    """The methods some route answers at this request's path, for ``Allow`` on a 405 (a
    path may have one route per method; the router names only the one it tried first)."""
    routes = [r for r in request.app.router.routes if not isinstance(r, Mount)]
    allowed = [method for method in METHODS if any(
        route.matches({**request.scope, "method": method})[0] is Match.FULL
        for route in routes)]
    return allowed or ["GET", "HEAD"]


async def domain_error(request: Request, exc: AigraphError) -> Response:
    """A domain error's response; a server-side failure other than a timeout or a missing
    store is logged."""
    status = status_of(exc)
    if status >= 500 and not isinstance(exc, QueryTimeout | StoreError):
        log.error("error answering %s: %s", request.url.path, exc)
    return error_response(request, str(exc), status)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """The framework's own errors (no route, method not allowed …) in the one shape."""
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    headers = exc.headers
    if exc.status_code == 404:
        message = f"nothing at {request.url.path}; see / for what this server offers"
    if exc.status_code == 405:
        allowed = allowed_methods(request)
        message = f"{request.method} is not allowed on {request.url.path}; allowed: " \
                  f"{', '.join(allowed)}"
        headers = {"Allow": ", ".join(allowed)}
    return error_response(request, message, exc.status_code, headers)


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(x) for x in first.get("loc", ()))
    return error_response(request, f"bad request: {where}: {first.get('msg', 'invalid')}",
                          400)


async def crash(request: Request, exc: Exception) -> Response:
    """Anything unexpected: logged with its traceback, answered 500 without details."""
    log.exception("unexpected error answering %s", request.url.path, exc_info=exc)
    return error_response(request, "internal error; the server log has the details", 500)


async def respond(request: Request, exc: Exception) -> Response:
    """The response the installed handlers give for an exception, for code that calls a
    route's function without the framework's routing (:mod:`aigraph.server.direct`)."""
    if isinstance(exc, AigraphError):
        return await domain_error(request, exc)
    if isinstance(exc, StarletteHTTPException):
        return await http_error(request, exc)
    if isinstance(exc, RequestValidationError):
        return await validation_error(request, exc)
    return await crash(request, exc)


def install(app: FastAPI) -> None:
    """Register the handlers that map every error to a response."""
    app.add_exception_handler(AigraphError, domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, crash)
