"""Benchmark aigraph's ``/sparql`` against native Oxigraph server and rdflib-endpoint.

One run, same data, same queries (``queries/*.rq`` as saved, unbound), same load (wrk, 8
connections on 2 threads). The peers are started on loopback one at a time (start, wait
for a trivial ASK, verify every query once, warm up, measure every query, read the
resident memory, stop), so they never compete for the 2 cores.

* aigraph: ``aigraph serve`` on the built store (``var/store``). Measured twice per query:
  *uncached* with ``Cache-Control: no-cache`` (the server bypasses its answer cache) and
  *cached* without it (repeated identical queries may be answered from the cache).
* Oxigraph: the native server of the PyPI ``oxigraph`` package, ``serve-read-only`` with
  its query timeout on, on a store loaded from the same N-Quads plus the merged Turtle in
  the default graph (as aigraph's store holds the merge of the named graphs there).
* rdflib-endpoint: ``rdflib-endpoint serve`` on the same N-Quads (an rdflib ``Dataset``
  whose default graph is the union of the named graphs).

Environment: ``BENCH_SECONDS`` (wrk duration per query and mode, default 5),
``BENCH_PEERS`` (comma-separated subset of aigraph,oxigraph,rdflib-endpoint),
``BENCH_TIMEOUT_S`` (the query timeout given to servers that take one, default 10),
``BENCH_OUT`` (the JSON results file, default ``var/bench/results.json``).

This is a measuring tool, not a test: it exits 0 whether or not the targets are met.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
BIN = Path(sys.executable).parent
LUA_SCRIPT = BENCH_DIR / "wrk_report.lua"

CONNECTIONS = 8
THREADS = 2
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
TIMEOUT_S = int(os.environ.get("BENCH_TIMEOUT_S", "10"))
OUT = Path(os.environ.get("BENCH_OUT", str(ROOT / "var" / "bench" / "results.json")))
STARTUP_LIMIT_S = 180.0
WARMUP_REQUESTS = 3
FEW_SAMPLES = 50
NOTE_WIDTH = 90
HTTP_TIMEOUT_S = 60.0
ASK = "ASK {}"
SELECT_JSON = "application/sparql-results+json"
GRAPH_NT = "application/n-triples"

OURS, OXIGRAPH, RDFLIB = "aigraph", "oxigraph", "rdflib-endpoint"
UNCACHED, CACHED = "uncached", "cached"
TARGET_VS_OXIGRAPH = 0.5
TARGET_VS_RDFLIB = 10.0
TARGET_P99_MS = 20.0


def say(message: str) -> None:
    """Progress to stderr, so that stdout holds only the report."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


# --- queries -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SavedQuery:
    name: str
    text: str
    form: str

    @property
    def accept(self) -> str:
        return GRAPH_NT if self.form in ("CONSTRUCT", "DESCRIBE") else SELECT_JSON


_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first form keyword outside comment lines."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    found = _FORM.search(body)
    return found[1].upper() if found else "SELECT"


def saved_queries() -> list[SavedQuery]:
    paths = sorted((ROOT / "queries").glob("*.rq"))
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    return [SavedQuery(name, text, query_form(text)) for name, text in texts]


# --- peers -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Peer:
    name: str
    command: list[str]
    port: int
    path: str
    startup_note: str
    modes: tuple[str, ...] = (UNCACHED,)

    def url(self, sparql: str) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}?query={quote(sparql, safe='')}"


@dataclass
class Measurement:
    ok: bool
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    note: str = ""


@dataclass
class QueryCheck:
    ok: bool
    status: int = 0
    rows: int | None = None
    single_ms: float | None = None
    etag: str = ""
    revalidates: bool = False
    note: str = ""


@dataclass
class PeerResult:
    name: str
    command: str
    skipped: str = ""
    prepare_s: float | None = None
    startup_s: float | None = None
    startup_note: str = ""
    rss_mib: float | None = None
    hwm_mib: float | None = None
    checks: dict[str, QueryCheck] = field(default_factory=dict)
    runs: dict[str, dict[str, Measurement]] = field(default_factory=dict)

    def modes(self) -> tuple[str, ...]:
        """The modes this server was measured in (aigraph: uncached and cached)."""
        found = {mode for runs in self.runs.values() for mode in runs}
        return tuple(m for m in (UNCACHED, CACHED) if m in found) or (UNCACHED,)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_tool(command: list[str], limit_s: float = 600.0) -> float:
    """Run a preparation step; returns its wall time.

    :raises RuntimeError: if it fails.
    """
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=limit_s,
                          check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return time.perf_counter() - start


def export_data(work: Path) -> tuple[Path, Path]:
    """The built store as N-Quads (named graphs) and Turtle (the merged default graph)."""
    nquads, turtle = work / "data.nq", work / "merged.ttl"
    aigraph = [str(BIN / "aigraph"), "--root", str(ROOT)]
    run_tool([*aigraph, "export", "--format", "nq", "-o", str(nquads)])
    run_tool([*aigraph, "export", "--format", "ttl", "-o", str(turtle)])
    return nquads, turtle


def ours_available() -> str:
    """An empty string if ``aigraph serve`` exists, else why not."""
    try:
        done = subprocess.run([str(BIN / "aigraph"), "serve", "--help"], capture_output=True,
                              text=True, timeout=60, check=False, cwd=ROOT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"cannot run aigraph: {exc}"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"'aigraph serve' is not available yet ({last})"
    return ""


def ours_peer(_: Path) -> Peer:
    port = free_port()
    command = [str(BIN / "aigraph"), "--root", str(ROOT), "serve", "--host", "127.0.0.1",
               "--port", str(port), "--timeout", str(TIMEOUT_S)]
    return Peer(OURS, command, port, "/sparql", "process start to first answer "
                "(opens the built store)", (UNCACHED, CACHED))


def oxigraph_peer(work: Path) -> Peer:
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(work / "oxi"),
               "--bind", f"127.0.0.1:{port}", "--timeout-s", str(TIMEOUT_S)]
    return Peer(OXIGRAPH, command, port, "/query", "process start to first answer (opens a "
                "store loaded beforehand; the load is reported as preparation)")


def prepare_oxigraph(work: Path) -> float:
    """Load the named graphs, then the merged default graph, into a fresh Oxigraph store."""
    location = work / "oxi"
    shutil.rmtree(location, ignore_errors=True)
    oxigraph = str(BIN / "oxigraph")
    seconds = run_tool([oxigraph, "load", "--location", str(location), "--file",
                        str(work / "data.nq")])
    return seconds + run_tool([oxigraph, "load", "--location", str(location), "--file",
                               str(work / "merged.ttl")])


def rdflib_peer(work: Path) -> Peer:
    port = free_port()
    command = [str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port",
               str(port), str(work / "data.nq")]
    return Peer(RDFLIB, command, port, "/", "process start to first answer (parses the "
                "N-Quads into memory)")


PeerFactory = Callable[[Path], Peer]
PEERS: dict[str, PeerFactory] = {OURS: ours_peer, OXIGRAPH: oxigraph_peer, RDFLIB: rdflib_peer}


# --- processes ---------------------------------------------------------------------------

def descendants(pid: int) -> list[int]:
    """The process and all of its children, from /proc."""
    found, queue = [], [pid]
    while queue and len(found) < 1000:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def memory_mib(pid: int) -> tuple[float, float]:
    """Resident memory (VmRSS) and its peak (VmHWM) of the process tree, in MiB."""
    rss = hwm = 0
    for member in descendants(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        rss += _status_kib(status, "VmRSS")
        hwm += _status_kib(status, "VmHWM")
    return rss / 1024, hwm / 1024


def _status_kib(status: str, key: str) -> int:
    found = re.search(rf"^{key}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) if found else 0


@contextmanager
def running(peer: Peer, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start the peer; on exit stop it and any children it left, each by its own id."""
    with log.open("wb") as sink:
        process = subprocess.Popen(peer.command, stdout=sink, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, cwd=ROOT)
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    children = descendants(process.pid)[1:]
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)
    for child in children:
        try:
            os.kill(child, 15)
        except (ProcessLookupError, PermissionError):
            continue


def wait_ready(peer: Peer, process: subprocess.Popen[bytes], client: httpx.Client,
               started: float) -> float:
    """Seconds from ``started`` until the endpoint answers ASK with 200.

    :raises RuntimeError: if the process exits or does not answer in time.
    """
    url = peer.url(ASK)
    while time.perf_counter() - started < STARTUP_LIMIT_S:
        if process.poll() is not None:
            raise RuntimeError(f"the process exited with code {process.returncode}")
        try:
            if client.get(url, headers={"Accept": SELECT_JSON}, timeout=2.0).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"no answer to {ASK!r} within {STARTUP_LIMIT_S:.0f} s")


# --- checking and measuring --------------------------------------------------------------

def count_rows(query: SavedQuery, body: bytes) -> int | None:
    try:
        if query.accept == GRAPH_NT:
            return sum(1 for line in body.splitlines() if line.strip())
        return len(json.loads(body)["results"]["bindings"])
    except (ValueError, KeyError, TypeError):
        return None


def check_query(peer: Peer, query: SavedQuery, client: httpx.Client) -> QueryCheck:
    """One request as a client would send it: 200, the right answer shape, ETag reuse."""
    headers = {"Accept": query.accept}
    started = time.perf_counter()
    try:
        response = client.get(peer.url(query.text), headers=headers, timeout=HTTP_TIMEOUT_S)
        single_ms = (time.perf_counter() - started) * 1000
    except httpx.HTTPError as exc:
        return QueryCheck(False, note=f"request failed: {exc!r}")
    if response.status_code != 200:
        return QueryCheck(False, response.status_code, note=_snippet(response.text))
    rows = count_rows(query, response.content)
    if rows is None:
        return QueryCheck(False, 200, note="the answer is not in the format asked for")
    etag = response.headers.get("etag", "")
    return QueryCheck(True, 200, rows, single_ms, etag,
                      _revalidates(peer, query, client, etag))


def _revalidates(peer: Peer, query: SavedQuery, client: httpx.Client, etag: str) -> bool:
    if not etag:
        return False
    headers = {"Accept": query.accept, "If-None-Match": etag}
    try:
        response = client.get(peer.url(query.text), headers=headers, timeout=HTTP_TIMEOUT_S)
    except httpx.HTTPError:
        return False
    return response.status_code == 304


def _snippet(text: str) -> str:
    return " ".join(text.split())[:160]


def warm_up(peer: Peer, query: SavedQuery, client: httpx.Client) -> None:
    for _ in range(WARMUP_REQUESTS):
        try:
            client.get(peer.url(query.text), headers={"Accept": query.accept},
                       timeout=HTTP_TIMEOUT_S)
        except httpx.HTTPError:
            return


def run_wrk(peer: Peer, query: SavedQuery, mode: str) -> Measurement:
    """wrk at 8 connections for SECONDS; the Lua script reports the figures as JSON."""
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{SECONDS}s",
               "--timeout", f"{max(TIMEOUT_S, 2) + 5}s", "--latency", "-s", str(LUA_SCRIPT),
               peer.url(query.text)]
    env = {**os.environ, "BENCH_ACCEPT": query.accept,
           "BENCH_NO_CACHE": "1" if mode == UNCACHED else "0"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False,
                              timeout=SECONDS + TIMEOUT_S + 60)
    except subprocess.TimeoutExpired:
        return Measurement(False, note="wrk did not finish")
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        return Measurement(False, note=f"wrk failed: {_snippet(done.stderr or done.stdout)}")
    return measurement(json.loads(line.removeprefix("BENCH_JSON ")))


def measurement(report: dict[str, Any]) -> Measurement:
    errors = {k: int(v) for k, v in report["errors"].items() if v}
    completed = int(report["requests"])
    good = completed - errors.get("status", 0)
    seconds = report["duration_us"] / 1e6
    notes = [f"{v} {k} errors" for k, v in errors.items()]
    if good == 0:
        notes.insert(0, f"no successful answer within the {SECONDS} s run")
    elif good < FEW_SAMPLES:
        notes.append(f"only {good} answers: latencies are rough")
    note = "; ".join(notes)
    return Measurement(good > 0, good / seconds if seconds else 0.0,
                       report["p50_us"] / 1000, report["p99_us"] / 1000, completed, errors,
                       note)


def bench_peer(name: str, work: Path, queries: list[SavedQuery]) -> PeerResult:
    """Start one peer, check and measure every query in every mode, read memory, stop."""
    result = PeerResult(name, "")
    if name == OURS and (why := ours_available()):
        result.skipped = why
        return result
    try:
        if name == OXIGRAPH:
            result.prepare_s = prepare_oxigraph(work)
        peer = PEERS[name](work)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        result.skipped = f"preparation failed: {exc}"
        return result
    result.command, result.startup_note = " ".join(peer.command), peer.startup_note
    log = work / f"{name}.log"
    with httpx.Client() as client:
        started = time.perf_counter()
        with running(peer, log) as process:
            try:
                result.startup_s = wait_ready(peer, process, client, started)
            except RuntimeError as exc:
                result.skipped = f"did not start: {exc}; log: {_tail(log)}"
                return result
            measure_all(peer, queries, client, result)
            result.rss_mib, result.hwm_mib = memory_mib(process.pid)
    return result


def measure_all(peer: Peer, queries: list[SavedQuery], client: httpx.Client,
                result: PeerResult) -> None:
    for query in queries:
        check = check_query(peer, query, client)
        result.checks[query.name] = check
        runs: dict[str, Measurement] = {}
        for mode in peer.modes:
            if not check.ok:
                status = f"HTTP {check.status} " if check.status else ""
                runs[mode] = Measurement(False, note=f"not measured: {status}{check.note}")
                continue
            warm_up(peer, query, client)
            runs[mode] = run_wrk(peer, query, mode)
            figures = runs[mode]
            say(f"  {peer.name:16} {query.name:28} {mode:8} {figures.rps:9.1f} req/s  "
                f"p50 {figures.p50_ms:8.2f} ms  p99 {figures.p99_ms:8.2f} ms {figures.note}")
        result.runs[query.name] = runs


def _tail(log: Path) -> str:
    try:
        return _snippet(log.read_text(errors="replace")[-400:])
    except OSError:
        return "(no log)"


# --- report ------------------------------------------------------------------------------

def markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    """An aligned Markdown table: readable as text, pasteable into BENCHMARKS.md."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
            *(line(r) for r in rows)]


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def figures_table(results: list[PeerResult], queries: list[SavedQuery]) -> list[str]:
    measured = [r for r in results if not r.skipped]
    rows = []
    for query in queries:
        reference = _reference_rows(measured, query.name)
        for result in measured:
            rows.extend(_figure_rows(result, query.name, reference))
    header = ["query", "server", "mode", "req/s", "p50 ms", "p99 ms", "answers", "rows",
              "1st ms", "note"]
    return markdown(header, rows)


def _reference_rows(results: list[PeerResult], query: str) -> tuple[str, int] | None:
    """The row count of aigraph's answer, or else of Oxigraph's, to compare the rest with."""
    for result in results:
        check = result.checks.get(query)
        if result.name in (OURS, OXIGRAPH) and check and check.rows is not None:
            return result.name, check.rows
    return None


def _figure_rows(result: PeerResult, query: str, reference: tuple[str, int] | None
                 ) -> list[list[str]]:
    check = result.checks.get(query)
    rows_text = str(check.rows) if check and check.rows is not None else "—"
    first = _num(check.single_ms) if check else "—"
    differs = (reference is not None and check is not None and check.rows is not None
               and check.rows != reference[1])
    rows = []
    for mode, m in result.runs.get(query, {}).items():
        mode_name = mode if result.name == OURS else "(no cache)"
        notes = [f"ROWS DIFFER from {reference[0]}"] if differs and reference else []
        note = _clip("; ".join([*notes, m.note] if m.note else notes))
        if not m.ok:
            rows.append([query, result.name, mode_name, "FAILED", "—", "—", str(m.requests),
                         rows_text, first, note])
            continue
        rows.append([query, result.name, mode_name, _num(m.rps), _num(m.p50_ms, 2),
                     _num(m.p99_ms, 2), str(m.requests), rows_text, first, note])
    return rows


def _clip(text: str) -> str:
    text = text.replace("|", "/")
    return text if len(text) <= NOTE_WIDTH else text[:NOTE_WIDTH - 1] + "…"


def ratios(ours: PeerResult, peer: PeerResult, mode: str) -> dict[str, float]:
    """ours/peer throughput per query, for the queries both measured."""
    found = {}
    for query, runs in ours.runs.items():
        mine, theirs = runs.get(mode), peer.runs.get(query, {}).get(UNCACHED)
        if mine and theirs and mine.ok and theirs.ok and theirs.rps > 0:
            found[query] = mine.rps / theirs.rps
    return found


def geomean(values: list[float]) -> float | None:
    return statistics.geometric_mean(values) if values else None


def ratio_table(ours: PeerResult, peers: list[PeerResult],
                queries: list[SavedQuery]) -> tuple[list[str], dict[str, Any]]:
    columns = [(p, mode) for p in peers for mode in ours.modes()]
    table = {f"{p.name}/{mode}": ratios(ours, p, mode) for p, mode in columns}
    header = ["query", *(f"{OURS} {mode} / {p.name}" for p, mode in columns)]
    rows = [[q.name, *(_ratio(table[f"{p.name}/{m}"].get(q.name)) for p, m in columns)]
            for q in queries]
    means = {key: geomean(list(values.values())) for key, values in table.items()}
    rows.append(["**geometric mean**", *(_ratio(means[f"{p.name}/{m}"]) for p, m in columns)])
    rows.append(["queries in the mean", *(f"{len(table[f'{p.name}/{m}'])} of {len(queries)}"
                                          for p, m in columns)])
    return markdown(header, rows), {"per_query": table, "geometric_mean": means,
                                    "counted": {k: len(v) for k, v in table.items()},
                                    "queries": len(queries)}


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def startup_table(results: list[PeerResult]) -> list[str]:
    rows = []
    for r in results:
        if r.skipped:
            rows.append([r.name, "—", "—", "—", "—", _clip(f"skipped: {r.skipped}")])
            continue
        rows.append([r.name, _num(r.startup_s, 2), _num(r.prepare_s, 2), _num(r.rss_mib),
                     _num(r.hwm_mib), r.startup_note])
    header = ["server", "startup s", "preparation s", "RSS MiB after load", "peak RSS MiB",
              "startup measures"]
    return markdown(header, rows)


def cache_table(ours: PeerResult, queries: list[SavedQuery]) -> list[str]:
    rows = []
    for q in queries:
        runs, check = ours.runs.get(q.name, {}), ours.checks.get(q.name)
        cold, warm = runs.get(UNCACHED), runs.get(CACHED)
        speedup = warm.rps / cold.rps if cold and warm and cold.ok and warm.ok else None
        etag = check.etag if check and check.etag else "none"
        strength = "weak" if etag.startswith("W/") else ("strong" if etag != "none" else "—")
        rows.append([q.name, _num(cold.rps if cold else None), _num(warm.rps if warm else None),
                     _ratio(speedup), strength, "yes" if check and check.revalidates else "no"])
    header = ["query", "uncached req/s", "cached req/s", "cached/uncached", "ETag",
              "If-None-Match → 304"]
    return markdown(header, rows)


def verdicts(ours: PeerResult | None, ratio_data: dict[str, Any]) -> list[str]:
    """One line per target and mode: target met / target missed / not evaluated."""
    if ours is None:
        return [f"- all targets: not evaluated ({OURS} was not measured)"]
    lines = []
    for mode in ours.modes():
        for peer, target in ((OXIGRAPH, TARGET_VS_OXIGRAPH), (RDFLIB, TARGET_VS_RDFLIB)):
            label = f"{mode}: geometric-mean throughput ≥ {target:g}× {peer}"
            lines.append(_ratio_verdict(ratio_data, f"{peer}/{mode}", target, label))
        lines.append(_p99_verdict(ours, mode))
    return lines


def _ratio_verdict(ratio_data: dict[str, Any], key: str, target: float, label: str) -> str:
    value = ratio_data.get("geometric_mean", {}).get(key)
    if value is None:
        return f"- {label}: not evaluated (no figures for both servers)"
    met = "target met" if value >= target else "target missed"
    counted, total = ratio_data["counted"][key], ratio_data["queries"]
    scope = "" if counted == total else f" over the {counted} of {total} queries both answered"
    return f"- {label}: {value:.2f}×{scope} — {met}"


def _p99_verdict(ours: PeerResult, mode: str) -> str:
    label = f"{mode}: p99 < {TARGET_P99_MS:.0f} ms for every saved query"
    figures = {q: runs.get(mode) for q, runs in ours.runs.items()}
    failed = [q for q, m in figures.items() if m is None or not m.ok]
    worst = max((m.p99_ms, q) for q, m in figures.items() if m and m.ok) if figures else None
    if failed or worst is None:
        return f"- {label}: target missed (not measured: {', '.join(failed) or 'all'})"
    met = "target met" if worst[0] < TARGET_P99_MS else "target missed"
    return f"- {label}: worst {worst[0]:.2f} ms ({worst[1]}) — {met}"


def machine() -> dict[str, Any]:
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    return {"cpus": os.cpu_count(), "cpu": cpu[1] if cpu else platform.processor(),
            "python": platform.python_version(), "kernel": platform.release(),
            "wrk": _version(["wrk", "--version"]),
            "oxigraph": _version([str(BIN / "oxigraph"), "--version"]),
            "rdflib-endpoint": _package_version("rdflib-endpoint"),
            "rdflib": _package_version("rdflib"), "pyoxigraph": _package_version("pyoxigraph")}


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.stdout or done.stderr \
        else "unknown"


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def report(results: list[PeerResult], queries: list[SavedQuery], info: dict[str, Any]) -> None:
    by_name = {r.name: r for r in results if not r.skipped}
    ours = by_name.get(OURS)
    peers = [by_name[n] for n in (OXIGRAPH, RDFLIB) if n in by_name]
    out(f"## Benchmark run {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    out()
    out(f"Machine: {info['cpus']} × {info['cpu']}; wrk -t {THREADS} -c {CONNECTIONS} "
        f"-d {SECONDS}s per query and mode; query timeout {TIMEOUT_S} s where a server has one.")
    out(f"Versions: oxigraph {info['oxigraph']}, rdflib-endpoint {info['rdflib-endpoint']} "
        f"(rdflib {info['rdflib']}), pyoxigraph {info['pyoxigraph']}, {info['wrk']}.")
    for r in results:
        out(f"- {r.name}: " + (f"SKIPPED — {r.skipped}" if r.skipped else f"`{r.command}`"))
    _section("Throughput and latency per saved query", figures_table(results, queries))
    ratio_data: dict[str, Any] = {}
    if ours and peers:
        lines, ratio_data = ratio_table(ours, peers, queries)
        _section("Throughput ratios (aigraph ÷ peer, req/s)", lines)
    if ours:
        _section("aigraph: cached and uncached", cache_table(ours, queries))
    _section("Startup and resident memory", startup_table(results))
    _section("Targets", verdicts(ours, ratio_data))
    write_json(results, queries, info, ratio_data)


def _section(title: str, lines: list[str]) -> None:
    out()
    out(f"### {title}")
    out()
    for line in lines:
        out(line)


def write_json(results: list[PeerResult], queries: list[SavedQuery], info: dict[str, Any],
               ratio_data: dict[str, Any]) -> None:
    document = {"machine": info, "seconds": SECONDS, "connections": CONNECTIONS,
                "threads": THREADS, "timeout_s": TIMEOUT_S,
                "queries": {q.name: q.form for q in queries},
                "servers": [asdict(r) for r in results], "ratios": ratio_data}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"JSON results: {OUT}")


# --- main --------------------------------------------------------------------------------

def selected_peers() -> list[str]:
    wanted = os.environ.get("BENCH_PEERS", ",".join(PEERS))
    names = [n.strip() for n in wanted.split(",") if n.strip()]
    unknown = [n for n in names if n not in PEERS]
    if unknown:
        say(f"ignoring unknown peers in BENCH_PEERS: {', '.join(unknown)}")
    return [n for n in names if n in PEERS]


def preflight() -> str:
    """An empty string if the benchmark can run, else why not."""
    if shutil.which("wrk") is None:
        return "wrk is not installed (Debian: apt-get install wrk)"
    if not (ROOT / "var" / "store").exists():
        return "no store at var/store: run 'aigraph build' first (make bench does)"
    if not list((ROOT / "queries").glob("*.rq")):
        return "no saved queries in queries/*.rq"
    return ""


def main() -> int:
    if problem := preflight():
        say(f"bench: cannot run: {problem}")
        return 0
    queries = saved_queries()
    info = machine()
    results = []
    with tempfile.TemporaryDirectory(prefix="aigraph-bench-") as tmp:
        work = Path(tmp)
        try:
            export_data(work)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            say(f"bench: cannot export the store: {exc}")
            return 0
        for name in selected_peers():
            say(f"{name}: starting")
            result = bench_peer(name, work, queries)
            if result.skipped:
                say(f"{name}: SKIPPED — {result.skipped}")
            results.append(result)
    report(results, queries, info)
    return 0


if __name__ == "__main__":
    sys.exit(main())
