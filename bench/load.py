"""The load on one query: a short warm-up, then wrk, whose Lua script reports the figures.

``bench/wrk_report.lua`` sets the headers from ``BENCH_ACCEPT`` and ``BENCH_NO_CACHE``, the
method and form body of a long query from ``BENCH_METHOD`` and ``BENCH_BODY``, and prints one
line ``BENCH_JSON {...}`` (latencies in microseconds) when wrk is done.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from typing import Any

import httpx

from bench.console import snippet
from bench.peers import UNCACHED, Peer
from bench.queries import SavedQuery, send
from bench.results import Measurement
from bench.settings import CONNECTIONS, LUA_SCRIPT, THREADS, Settings

WARMUP_REQUESTS = 3
WARMUP_LIMIT_S = 3.0
FEW_SAMPLES = 50
REPORT_PREFIX = "BENCH_JSON "
WRK_EXTRA_S = 60


def warm_up(peer: Peer, query: SavedQuery, client: httpx.Client, mode: str,
            limit_s: float) -> None:
    """A few sequential requests as the mode sends them, for at most WARMUP_LIMIT_S.

    Each request waits at most ``limit_s``; the first failure ends the warm-up.
    """
    headers = {"Accept": query.accept}
    if mode == UNCACHED:
        headers["Cache-Control"] = "no-cache"
    started = time.perf_counter()
    for _ in range(WARMUP_REQUESTS):
        if time.perf_counter() - started > WARMUP_LIMIT_S:
            return
        try:
            send(client, peer.endpoint, query, headers, limit_s)
        except httpx.HTTPError:
            return


def wrk_command(peer: Peer, query: SavedQuery, settings: Settings) -> list[str]:
    """wrk with CONNECTIONS connections on THREADS threads for ``settings.seconds``, at the
    GET URL of the query, or at the bare endpoint for a query sent by POST."""
    target = peer.endpoint if query.post else query.url(peer.endpoint)
    return ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{settings.seconds}s",
            "--timeout", f"{max(settings.timeout_s, 2) + 5}s", "--latency",
            "-s", str(LUA_SCRIPT), target]


def run_wrk(peer: Peer, query: SavedQuery, mode: str, settings: Settings) -> Measurement:
    """wrk at 8 connections for the run's seconds; the Lua script reports the figures."""
    env = {**os.environ, "BENCH_ACCEPT": query.accept,
           "BENCH_NO_CACHE": "1" if mode == UNCACHED else "0",
           "BENCH_METHOD": query.method, "BENCH_BODY": query.body if query.post else ""}
    try:
        done = subprocess.run(wrk_command(peer, query, settings), capture_output=True,
                              text=True, env=env, check=False,
                              timeout=settings.seconds + settings.timeout_s + WRK_EXTRA_S)
    except subprocess.TimeoutExpired:
        return Measurement(False, note="wrk did not finish")
    line = next((x for x in done.stdout.splitlines() if x.startswith(REPORT_PREFIX)), None)
    if line is None:
        return Measurement(False, note=f"wrk failed: {snippet(done.stderr or done.stdout)}")
    return measurement(json.loads(line.removeprefix(REPORT_PREFIX)), settings.seconds)


def measurement(report: dict[str, Any], seconds: int) -> Measurement:
    """The figures in one Lua report; req/s counts successful (non-error-status) answers.

    ``seconds`` is the run's planned duration, named in the note when nothing succeeded.

    >>> m = measurement({"errors": {"status": 0}, "requests": 100, "duration_us": 2e6,
    ...                  "p50_us": 1500, "p99_us": 4000}, 2)
    >>> m.rps, m.p50_ms, m.note
    (50.0, 1.5, '')
    """
    errors = {k: int(v) for k, v in report["errors"].items() if v}
    completed = int(report["requests"])
    good = completed - errors.get("status", 0)
    duration_s = report["duration_us"] / 1e6
    return Measurement(good > 0, good / duration_s if duration_s else 0.0,
                       report["p50_us"] / 1000, report["p99_us"] / 1000, completed, errors,
                       _notes(errors, good, seconds))


def _notes(errors: dict[str, int], good: int, seconds: int) -> str:
    notes = [f"{v} {k} errors" for k, v in errors.items()]
    if good == 0:
        notes.insert(0, f"no successful answer within the {seconds} s run")
    elif good < FEW_SAMPLES:
        notes.append(f"only {good} answers: latencies are rough")
    return "; ".join(notes)
