"""The one request per query before the load: HTTP 200, the answer's shape, ETag reuse."""

from __future__ import annotations

import json
import time

import httpx

from bench.console import snippet
from bench.peers import Peer
from bench.queries import GRAPH_NT, SavedQuery, send
from bench.results import QueryCheck


def count_rows(query: SavedQuery, body: bytes) -> int | None:
    """Rows in the answer (triples for graphs), or ``None`` if it is not what was asked for.

    >>> count_rows(SavedQuery("q", "", "SELECT"), b'{"results": {"bindings": [{}, {}]}}')
    2
    """
    try:
        if query.accept == GRAPH_NT:
            return sum(1 for line in body.splitlines() if line.strip())
        return len(json.loads(body)["results"]["bindings"])
    except (ValueError, KeyError, TypeError):
        return None


def check_query(peer: Peer, query: SavedQuery, client: httpx.Client,
                limit_s: float) -> QueryCheck:
    """One request as a client would send it: 200, the right answer shape, ETag reuse.

    The client waits at most ``limit_s`` (the query timeout plus a margin), the same for
    every server; a long query goes by POST (see :attr:`SavedQuery.post`).
    """
    headers = {"Accept": query.accept}
    started = time.perf_counter()
    try:
        response = send(client, peer.endpoint, query, headers, limit_s)
        single_ms = (time.perf_counter() - started) * 1000
    except httpx.TimeoutException:
        return QueryCheck(False, note=f"no answer within {limit_s:.0f} s", runaway=True)
    except httpx.HTTPError as exc:
        return QueryCheck(False, note=f"request failed: {exc!r}")
    if response.status_code != 200:
        return QueryCheck(False, response.status_code, single_ms=single_ms,
                          note=snippet(response.text))
    rows = count_rows(query, response.content)
    if rows is None:
        return QueryCheck(False, 200, note="the answer is not in the format asked for")
    etag = response.headers.get("etag", "")
    return QueryCheck(True, 200, rows, single_ms, etag,
                      revalidates(peer, query, client, etag, limit_s))


def revalidates(peer: Peer, query: SavedQuery, client: httpx.Client, etag: str,
                limit_s: float) -> bool:
    """Whether sending the answer's ETag back as ``If-None-Match`` gets a 304."""
    if not etag:
        return False
    headers = {"Accept": query.accept, "If-None-Match": etag}
    try:
        response = send(client, peer.endpoint, query, headers, limit_s)
    except httpx.HTTPError:
        return False
    return response.status_code == 304
