"""``/sparql`` answered without the framework's routing: the busiest route, taken straight.

A SPARQL request is mostly small work done many times, so the layers a request passes
through before its route's function runs (route matching over every route, the exception
middleware, the exit stack, the endpoint wrapper) cost as much as answering it.
:class:`DirectSparql` sits innermost of the app's middleware (inside the envelope and CORS,
which every answer passes through alike) and calls the route's own function,
:func:`aigraph.server.sparql.protocol`, for a GET or POST at exactly ``/sparql``; any
exception becomes the response the app's installed handlers give
(:func:`aigraph.server.errors.respond`). Everything else goes on to the routing. So the
answer, its headers, its status and its errors are the documented route's by construction;
only the path to it is shorter.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from aigraph.server import errors, sparql

#: The methods the routes at ``/sparql`` answer (HEAD arrives as GET, see the envelope).
METHODS = ("GET", "POST")


class DirectSparql:
    """The ASGI middleware described above; ``enabled`` false sends every request to the
    routing (to compare the two paths)."""

    def __init__(self, app: Any, enabled: bool = True) -> None:
        self.app = app
        self.enabled = enabled

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not (self.enabled and scope["type"] == "http" and scope["path"] == sparql.PATH
                and scope["method"] in METHODS and not scope.get("root_path")):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await sparql.protocol(request)
        except Exception as exc:  # noqa: BLE001 - every error gets the handlers' response
            response = await errors.respond(request, exc)
        await response(scope, receive, send)
