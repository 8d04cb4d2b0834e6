"""Every server up at once, measured query by query, each idle while another is loaded.

The servers are prepared and started one after another (each startup timed while the
others sit idle), then every query row is measured on all of them before the next row:
each server checks the row once before its first run (restarting it if it got no answer in
time), then per run a warm-up, a wrk run, and a wait until that server is idle again. The
run order alternates from one row to the next: aigraph uncached, the peers, aigraph cached
on the first row; the peers, aigraph uncached, aigraph cached on the second (with three or
more servers the first mode of each rotates), so that a drift of the machine's load falls
on every server alike. A server loaded by HTTP after it starts (Oxigraph in memory) has
that load timed apart from its startup and reported as its preparation. Memory is read per
server after each of its rows and after the last.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
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


@dataclass
class Live:
    """A started server and its results; ``gone`` says why it is measured no more."""

    server: Server
    result: PeerResult
    gone: str = ""


def measure_servers(names: list[str], work: Path, rows: list[SavedQuery],
                    settings: Settings) -> list[PeerResult]:
    """Start every named server, measure every row on each in turn, read memory, stop all.

    A server that cannot be prepared or started comes back with ``skipped`` saying why;
    the others are measured without it. Every server started is stopped, whatever happens.
    """
    results: list[PeerResult] = []
    live: list[Live] = []
    with httpx.Client() as client:
        try:
            for name in names:
                say(f"{name}: starting")
                result = PeerResult(name, "")
                results.append(result)
                if (server := start(name, work, settings, result, client)) is not None:
                    live.append(Live(server, result))
                else:
                    say(f"{name}: SKIPPED — {result.skipped}")
            for index, row in enumerate(rows):
                measure_row(live, row, index, client, settings)
        finally:
            for entry in live:
                entry.server.sample_memory()
                entry.server.stop()
                entry.result.rss_mib = entry.server.rss_mib
                entry.result.peak_mib = entry.server.peak_mib
                entry.result.restarts = entry.server.restarts
    return results


def start(name: str, work: Path, settings: Settings, result: PeerResult,
          client: httpx.Client) -> Server | None:
    """The server prepared and answering, or ``None`` with ``result.skipped`` saying why."""
    peer = _prepare(name, work, settings, result)
    if peer is None:
        return None
    result.command, result.startup_note = " ".join(peer.command), peer.startup_note
    server = Server(peer, work / f"{name}.log")
    try:
        result.startup_s = server.start(client)
        if server.load_s is not None:  # loaded by HTTP after it answered: preparation too
            result.prepare_s = server.load_s
    except RuntimeError as exc:
        result.skipped = f"did not start: {exc}; log: {_tail(server.log)}"
        return None
    return server


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


def run_order(live: list[Live], index: int) -> list[tuple[Live, str]]:
    """The runs of row ``index``: each server's first mode, rotated by the row's index, then
    the further modes (aigraph cached), which always come last."""
    firsts = [(entry, entry.server.peer.modes[0]) for entry in live]
    shift = index % len(firsts) if firsts else 0
    rest = [(entry, mode) for entry in live for mode in entry.server.peer.modes[1:]]
    return firsts[shift:] + firsts[:shift] + rest


def measure_row(live: list[Live], row: SavedQuery, index: int, client: httpx.Client,
                settings: Settings) -> None:
    """One row on every live server, in the row's run order, into each server's results."""
    order = run_order(live, index)
    say(f"{row.name} ({row.method}): " + ", ".join(f"{e.result.name} {m}" for e, m in order))
    for entry, mode in order:
        result = entry.result
        if not entry.gone:
            try:
                if row.name not in result.checks:
                    result.checks[row.name] = check_row(entry.server, row, client, settings)
                check = result.checks[row.name]
                result.runs.setdefault(row.name, {})[mode] = run_mode(
                    entry.server, row, client, mode, check, settings)
            except RuntimeError as exc:
                entry.gone = f"not measured: the server could not be restarted ({exc})"
                say(f"  {result.name}: {entry.gone}")
        if entry.gone:
            result.checks.setdefault(row.name, QueryCheck(False, note=entry.gone))
            result.runs.setdefault(row.name, {})[mode] = Measurement(False, note=entry.gone)
    for entry in live:
        if not entry.gone:
            entry.server.sample_memory()


def check_row(server: Server, row: SavedQuery, client: httpx.Client,
              settings: Settings) -> QueryCheck:
    """The row's check on one server, restarting it if the check got no answer in time.

    :raises RuntimeError: if the server had to be restarted and did not come back.
    """
    check = check_query(server.peer, row, client, settings.check_limit_s)
    if check.runaway:
        server.restart(client)
    return check


def run_mode(server: Server, row: SavedQuery, client: httpx.Client, mode: str,
             check: QueryCheck, settings: Settings) -> Measurement:
    """The row's run in one mode, or why it was not measured (its check failed).

    :raises RuntimeError: if the server had to be restarted and did not come back.
    """
    if not check.ok:
        status = f"HTTP {check.status} " if check.status else ""
        return Measurement(False, note=f"not measured: {status}{check.note}")
    return load_query(server, row, client, mode, settings)


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
    say(f"  {peer.name:16} {query.name:36} {mode:8} {figures.rps:9.1f} req/s  "
        f"p50 {figures.p50_ms:8.2f} ms  p99 {figures.p99_ms:8.2f} ms {figures.note}")
    return figures


def _tail(log: Path) -> str:
    """The end of a server's log on one line, for a note."""
    try:
        return snippet(log.read_text(errors="replace")[-400:])
    except OSError:
        return "(no log)"
