"""The HTTP service: ``create_app(settings)`` builds the whole app; nothing runs at import."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from aigraph import __version__
from aigraph.config import Settings
from aigraph.describe import linked_name, short
from aigraph.server import errors, pages, saved, sparql, ui
from aigraph.server.direct import DirectSparql
from aigraph.server.envelope import Envelope
from aigraph.server.language import pick_language, texts
from aigraph.server.service import Service

HERE = Path(__file__).parent


def create_app(settings: Settings, direct: bool = True) -> FastAPI:
    """The aigraph web service for these settings: SPARQL, saved queries, Linked Data.

    The store is opened read-only when the app starts; without a store the app still
    starts and every data route answers 503, saying how to build one. ``direct`` takes
    ``/sparql`` straight to its route's function (:mod:`aigraph.server.direct`); off, the
    framework's routing takes it there, with the same answers, only slower.

    :raises SavedQueryError: if a saved query file is malformed.
    """
    service = Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.start()
        try:
            yield
        finally:
            service.close()

    # No trailing-slash redirects: they are made from the decoded path, so an encoded
    # slash (``/dumps/%2e%2e%2f``) would redirect; a 404 names what exists.
    # The API documentation (/docs) is our own page over the vendored Swagger UI: FastAPI's
    # loads it from a CDN, which the pages' CSP forbids.
    app = FastAPI(title="aigraph", version=__version__, lifespan=lifespan,
                  redirect_slashes=False, docs_url=None, redoc_url=None,
                  description="The knowledge graph of the Gwangju AI industry cluster: SPARQL "
                  "1.1 endpoint, saved queries and Linked Data.")
    app.state.service = service
    app.state.settings = settings
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"]))
    env.globals["short"] = short
    env.globals["linked_name"] = linked_name
    app.state.templates = env
    app.state.text = texts
    app.state.render = _renderer(env)
    # Innermost first: /sparql taken straight to its function, then CORS, then what every
    # answer passes through (HEAD, security headers, Vary, ETag and 304).
    app.add_middleware(DirectSparql, enabled=direct)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["Accept", "Content-Type", "If-None-Match",
                                      "Cache-Control"],
                       expose_headers=["ETag", "X-Result-Truncated", "X-Result-Limit",
                                       "X-Result-Rows", "Content-Location", "Link"])
    app.add_middleware(Envelope)
    errors.install(app)
    app.include_router(sparql.router)
    app.include_router(saved.router(service))
    app.include_router(pages.router)
    app.include_router(ui.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.openapi = _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """The OpenAPI document, without the 422 that FastAPI adds to every route with
    parameters: a request that fails validation gets a 400 in the one error shape, and
    each route declares that 400 itself."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version,
                              description=app.description, routes=app.routes)
            for path in doc["paths"].values():
                for operation in path.values():
                    operation.get("responses", {}).pop("422", None)
            schemas = doc.get("components", {}).get("schemas", {})
            for unused in ("HTTPValidationError", "ValidationError"):
                schemas.pop(unused, None)
            app.openapi_schema = doc
        return app.openapi_schema

    return openapi


def _renderer(env: Environment) -> Callable[..., HTMLResponse]:
    def render(request: Request, template: str, context: dict[str, Any],
               status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
        lang = pick_language(request)
        # The language switch keeps the page's other parameters (a saved query's values …).
        switch = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        switch.append(("lang", "en" if lang == "ko" else "ko"))
        page = env.get_template(template).render(request=request, lang=lang,
                                                 t=texts(request),
                                                 switch_language="?" + urlencode(switch),
                                                 **context)
        return HTMLResponse(page, status_code=status, headers=headers)

    return render
