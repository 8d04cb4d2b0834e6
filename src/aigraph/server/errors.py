"""The one place where errors become HTTP responses, in one JSON shape (or an HTML page)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

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
from aigraph.server.negotiate import prefers_html

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


def error_response(request: Request, message: str, status: int,
                   headers: dict[str, str] | None = None) -> Response:
    """JSON for programs, an HTML page for browsers."""
    if request.method == "GET" and prefers_html(request.headers.get("accept")):
        templates = request.app.state.templates
        page = templates.get_template("error.html").render(
            request=request, status=status, message=message, t=request.app.state.text(request))
        return HTMLResponse(page, status_code=status, headers=headers)
    return JSONResponse(error_body(message, status), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that map every error to a response."""

    @app.exception_handler(AigraphError)
    async def domain_error(request: Request, exc: AigraphError) -> Response:
        status = status_of(exc)
        if status >= 500 and not isinstance(exc, QueryTimeout | StoreError):
            log.error("error answering %s: %s", request.url.path, exc)
        return error_response(request, str(exc), status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404:
            message = f"nothing at {request.url.path}; see / for what this server offers"
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request, message, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return error_response(request, f"bad request: {where}: {first.get('msg', 'invalid')}",
                              400)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error answering %s", request.url.path)
        return error_response(request, "internal error; the server log has the details", 500)
