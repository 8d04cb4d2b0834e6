"""One server from start to stop: check and load every query in every mode, read memory.

Per query: one check request (restarting the server if it got no answer in time), then
per mode a warm-up, a wrk run, and a wait until the server is idle again.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx

from bench.checks import check_query
from bench.console import say, snippet
from bench.load import run_wrk, warm_up
from bench.peers import OURS, OXIGRAPH, PEERS, Peer, ours_available, prepare_oxigraph
from bench.queries import SavedQuery
from bench.results import Measurement, PeerResult, QueryCheck
from bench.servers import Server, settle
from bench.settings import Settings

BUSY_NOTE_S = 1


def measure_peer(name: str, work: Path, queries: list[SavedQuery],
                 settings: Settings) -> PeerResult:
    """Start one peer, check and measure every query in every mode, read memory, stop.

    A peer that cannot be prepared or started comes back with ``skipped`` saying why.
    """
    result = PeerResult(name, "")
    peer = _prepare(name, work, settings, result)
    if peer is None:
        return result
    result.command, result.startup_note = " ".join(peer.command), peer.startup_note
    server = Server(peer, work / f"{name}.log")
    with httpx.Client() as client:
        try:
            result.startup_s = server.start(client)
        except RuntimeError as exc:
            result.skipped = f"did not start: {exc}; log: {_tail(server.log)}"
            return result
        try:
            measure_all(server, queries, client, result, settings)
        finally:
            server.sample_memory()
            server.stop()
    result.rss_mib, result.peak_mib, result.restarts = (server.rss_mib, server.peak_mib,
                                                         server.restarts)
    return result


def _prepare(name: str, work: Path, settings: Settings, result: PeerResult) -> Peer | None:
    """The peer ready to start, or ``None`` with ``result.skipped`` saying why not."""
    if name == OURS and (why := ours_available()):
        result.skipped = why
        return None
    try:
        if name == OXIGRAPH:
            result.prepare_s = prepare_oxigraph(work)
        return PEERS[name](work, settings)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        result.skipped = f"preparation failed: {exc}"
        return None


def measure_all(server: Server, queries: list[SavedQuery], client: httpx.Client,
                result: PeerResult, settings: Settings) -> None:
    """Every query in turn into ``result``; stops early if the server cannot be restarted."""
    for query in queries:
        try:
            result.checks[query.name], result.runs[query.name] = measure_query(
                server, query, client, settings)
        except RuntimeError as exc:
            note = f"not measured: the server could not be restarted ({exc})"
            result.checks[query.name] = QueryCheck(False, note=note)
            result.runs[query.name] = {m: Measurement(False, note=note)
                                       for m in server.peer.modes}
            return
        server.sample_memory()


def measure_query(server: Server, query: SavedQuery, client: httpx.Client,
                  settings: Settings) -> tuple[QueryCheck, dict[str, Measurement]]:
    """Check the query once, then load it in every mode, letting the server settle after each.

    :raises RuntimeError: if the server had to be restarted and did not come back.
    """
    peer = server.peer
    check = check_query(peer, query, client, settings.check_limit_s)
    if check.runaway:
        server.restart(client)
    runs: dict[str, Measurement] = {}
    for mode in peer.modes:
        if not check.ok:
            status = f"HTTP {check.status} " if check.status else ""
            runs[mode] = Measurement(False, note=f"not measured: {status}{check.note}")
            continue
        runs[mode] = load_query(server, query, client, mode, settings)
    return check, runs


def load_query(server: Server, query: SavedQuery, client: httpx.Client, mode: str,
               settings: Settings) -> Measurement:
    """Warm up, run wrk, wait until the server is idle again; the run's figures.

    :raises RuntimeError: if the server had to be restarted and did not come back.
    """
    peer = server.peer
    warm_up(peer, query, client, mode, settings.check_limit_s)
    figures = run_wrk(peer, query, mode, settings)
    figures.settle_s = settle(server, client)
    if figures.settle_s > BUSY_NOTE_S:
        figures.note = "; ".join(x for x in (figures.note, f"busy {figures.settle_s:.0f} s "
                                             "after the run") if x)
    say(f"  {peer.name:16} {query.name:28} {mode:8} {figures.rps:9.1f} req/s  "
        f"p50 {figures.p50_ms:8.2f} ms  p99 {figures.p99_ms:8.2f} ms {figures.note}")
    return figures


def _tail(log: Path) -> str:
    """The end of a server's log on one line, for a note."""
    try:
        return snippet(log.read_text(errors="replace")[-400:])
    except OSError:
        return "(no log)"
