"""Caching: answers kept in memory, and the one revalidation rule of every GET route.

The rule (applied round the whole app by :class:`aigraph.server.envelope.Envelope`): a 200
answer to a GET gets a strong ``ETag`` made from what the client receives (media type,
content coding and body bytes), so two requests that get the same bytes get the same tag
whatever headers they sent, and a tag changes exactly when the bytes do (a new build,
another language). ``Vary`` names exactly the request headers the answer was chosen by:
reading ``Accept`` to negotiate (``negotiate.accept_of``) or taking the page language from
``Accept-Language`` (``language.pick_language``) records the header (:func:`note_vary`),
and nothing else does. A GET whose ``If-None-Match`` matches (``*``, a list, weak
comparison as RFC 9110 asks) gets 304 with no body. Responses that carry a validator of
their own (static files: Starlette tags them by size and time and answers 304 itself)
pass through untouched.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection

from aigraph.results import Answer

#: Where a request records the headers its answer depended on (a set, shared by copies of
#: the ASGI scope).
VARY_KEY = "aigraph.vary"
#: Where a request names the query answer it sends (whose body's tag may be known).
ANSWER_KEY = "aigraph.answer"
#: The headers a 304 repeats from the 200 it stands for (RFC 9110, section 15.4.5), and
#: the CORS headers a browser needs to read it.
KEPT_ON_304 = ("cache-control", "content-location", "date", "etag", "expires", "vary")
_TAG = re.compile(r'\s*(?:W/)?("[^"]*")\s*(?:,|$)')


def cache_key(*parts: object) -> str:
    """A stable key for the parts of a request that decide its answer; a part that names
    itself by a ``digest`` (bytes, as :class:`aigraph.pool.QueryRequest` does) is taken by
    it, any other by its ``repr``."""
    digest = hashlib.sha256()
    for part in parts:
        named = getattr(part, "digest", None)
        digest.update(named if isinstance(named, bytes) else repr(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:24]


def entity_tag(media_type: str, encoding: str, body: bytes) -> str:
    """The strong ETag of a representation: a hash of its media type, content coding and
    bytes.

    >>> entity_tag("text/turtle", "", b"") == entity_tag("text/turtle", "", b"")
    True
    """
    digest = hashlib.blake2b(digest_size=16)
    for part in (media_type.encode("latin-1"), b"\0", encoding.encode("latin-1"), b"\0", body):
        digest.update(part)
    return f'"{digest.hexdigest()}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header matches the current ETag: ``*``, or any tag of
    the list by weak comparison (``W/"x"`` matches ``"x"``). A malformed header matches
    nothing.

    >>> matches('W/"a", "b"', '"b"'), matches("*", '"c"'), matches('"a"', '"c"')
    (True, True, False)
    """
    if not if_none_match or not if_none_match.strip():
        return False
    if if_none_match.strip() == "*":
        return True
    tags, at = [], 0
    while at < len(if_none_match):
        found = _TAG.match(if_none_match, at)
        if found is None:
            return False
        tags.append(found.group(1))
        at = found.end()
    return etag.removeprefix("W/") in tags


def note_vary(connection: HTTPConnection, header: str) -> None:
    """Record that the answer to this request depends on a request header (for ``Vary``)."""
    recorded = connection.scope.get(VARY_KEY)
    if recorded is not None:
        recorded.add(header)


def vary_value(existing: str, recorded: set[str]) -> str:
    """One ``Vary`` value from the route's and the recorded headers, each named once.

    >>> vary_value("Accept", {"Accept-Language"})
    'Accept, Accept-Language'
    """
    names = [n.strip() for n in existing.split(",") if n.strip()] + sorted(recorded)
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.lower(), name)
    return ", ".join(seen.values())


def with_vary(headers: list[tuple[bytes, bytes]], recorded: set[str]
              ) -> list[tuple[bytes, bytes]]:
    """A response's headers with one ``Vary`` naming its own and the recorded headers (none
    when neither names any)."""
    edited = MutableHeaders(raw=list(headers))
    vary = vary_value(edited.get("vary", ""), recorded)
    if vary:
        edited["Vary"] = vary
    return edited.raw


def note_answer(connection: HTTPConnection, answer: Answer) -> None:
    """Record that this request's body is a query answer's, so that its ETag is made once
    per answer (:func:`revalidated`), not once per request."""
    connection.scope[ANSWER_KEY] = answer


def revalidated(start: dict[str, Any], body: bytes, if_none_match: str | None,
                answer: Answer | None = None) -> list[dict[str, Any]]:
    """The messages that answer a GET whose 200 (``start``, ``body``) has no validator: the
    200 with its ``ETag``, or a 304 with the headers it must repeat when the client's copy
    (``If-None-Match``) is current. When the body is that of ``answer`` as it is, the tag
    is the one remembered with the answer (made and remembered the first time)."""
    headers = MutableHeaders(raw=list(start["headers"]))
    media, encoding = headers.get("content-type", ""), headers.get("content-encoding", "")
    if answer is not None and answer.body is body and not encoding:
        etag = answer.tags.get(media)
        if etag is None:
            etag = answer.tags[media] = entity_tag(media, "", body)
    else:
        etag = entity_tag(media, encoding, body)
    headers["ETag"] = etag
    if matches(if_none_match, etag):
        kept = [(k, v) for k, v in headers.raw if k.decode("latin-1") in KEPT_ON_304
                or k.startswith(b"access-control-")]
        return [{"type": "http.response.start", "status": 304, "headers": kept},
                {"type": "http.response.body", "body": b"", "more_body": False}]
    return [{**start, "headers": headers.raw},
            {"type": "http.response.body", "body": body, "more_body": False}]


class AnswerCache:
    """Least-recently-used answers, bounded by entry count and total bytes."""

    def __init__(self, entries: int, max_bytes: int) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self._data: OrderedDict[str, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Answer | None:
        with self._lock:
            answer = self._data.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: str, answer: Answer) -> None:
        size = len(answer.body)
        if self.entries <= 0 or size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._data:
                self._bytes -= len(self._data.pop(key).body)
            self._data[key] = answer
            self._bytes += size
            while len(self._data) > self.entries or self._bytes > self.max_bytes:
                _, old = self._data.popitem(last=False)
                self._bytes -= len(old.body)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0
