"""What every answer passes through on its way out: one ASGI middleware round the app.

It does, in one pass over each answer's first message, what HTTP and the browser ask of
every route: HEAD is answered as GET without the body (routes declare GET only);
``X-Content-Type-Options: nosniff`` on every answer, and on HTML pages the content
security policy, the referrer policy and no framing; ``Vary`` and the ``ETag``/304
revalidation rule of :mod:`aigraph.server.cache`.
"""

from __future__ import annotations

from typing import Any

from aigraph.server.cache import ANSWER_KEY, VARY_KEY, revalidated, with_vary

#: Pages load only our own scripts, styles, fonts and data, and cannot be framed.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")

_NOSNIFF = (b"x-content-type-options", b"nosniff")
_PAGE_HEADERS = [(b"content-security-policy", CSP.encode("latin-1")),
                 (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]
_PAGE_NAMES = {name for name, _ in _PAGE_HEADERS}


def secured(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """A response's headers with ``nosniff`` (unless set), and an HTML page's with the page
    policies (replacing any the route set)."""
    names = {name.lower(): value for name, value in headers}
    headers = list(headers)
    if b"x-content-type-options" not in names:
        headers.append(_NOSNIFF)
    if names.get(b"content-type", b"").startswith(b"text/html"):
        headers = [h for h in headers if h[0].lower() not in _PAGE_NAMES] + _PAGE_HEADERS
    return headers


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    """The first value of a request header (names arrive in lowercase)."""
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


class Envelope:
    """The ASGI middleware described above."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        recorded: set[str] = set()
        scope[VARY_KEY] = recorded
        held: dict[str, Any] = {}
        chunks: list[bytes] = []
        done = False

        async def out(message: dict[str, Any]) -> None:
            nonlocal done
            if not head or message["type"] != "http.response.body":
                await send(message)
            elif not done:
                done = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        async def reply(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = with_vary(secured(message.get("headers", [])), recorded)
                message = {**message, "headers": headers}
                if scope["method"] == "GET" and message["status"] == 200 and not any(
                        k.lower() == b"etag" for k, _ in headers):
                    held["start"] = message
                    return
            elif message["type"] == "http.response.body" and "start" in held:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    for each in revalidated(held["start"], b"".join(chunks),
                                            _header(scope, b"if-none-match"),
                                            scope.get(ANSWER_KEY)):
                        await out(each)
                return
            await out(message)

        await self.app(scope, receive, reply)
