"""Where an uncached request's time goes: every saved query, unbound and bound, timed at each
stage from the engine to the client, and native Oxigraph serving the very same store folder.

Stages (median wall-clock milliseconds of ``--repeats`` runs after a warm-up run):

* **engine**: pyoxigraph evaluates the query and writes the whole answer in one call, in
  this process: the least any server built on this engine can do.
* **writer**: the same evaluation, the answer written by aigraph's own writers with the row
  and byte caps, as on a request's first evaluation.
* **worker**: through :class:`aigraph.pool.QueryPool` with every request sent to a worker
  process (a pipe each way), as a request too slow to be evaluated in-process is served.
* **served**: ``aigraph serve`` on the store, over HTTP, with ``Cache-Control: no-cache``
  (unbound: the text to ``/sparql``; bound: ``/queries/{name}?…``), as a client sees it.
* **native**: ``oxigraph serve-read-only`` on the same folder (the same files, so the same
  layout), over HTTP (bound: the ``VALUES``-bound text), as a client sees it.

The last column, **least mean under load**, is what the engine stage alone implies for
``make bench``'s load. Its ``CONNECTIONS`` clients each ask again as soon as they are
answered, so by Little's law the mean latency is the clients ÷ the throughput, and this
machine's cores answer at most one request each per engine time: the mean is at least
engine × clients ÷ cores, for any server built on this engine. A row at or over the p99
target there could meet it only if its slowest hundredth of requests alone lifted the mean
that far, which the same request asked again and again does not do.

A store of at most ``memory_quads`` quads is served from memory by aigraph; the in-process
stages then use the same copy, while native Oxigraph reads the folder.

Usage: ``python bench/stages.py [--store DIR] [--repeats N] [--only a,b]``; the Markdown
report goes to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

if not __package__:  # run as a file: import the package `bench` from the project root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from pyoxigraph import QueryResultsFormat, QuerySolutions, RdfFormat, Store

from aigraph.config import Settings
from aigraph.pool import QueryPool, QueryRequest, encode_term, query_arguments
from aigraph.queries import SavedQuery, load_queries
from aigraph.results import write_answer
from aigraph.store import in_memory
from bench.console import out, say
from bench.machine import cores, loadavg, machine
from bench.peers import Peer, free_port
from bench.queries import GRAPH_NT
from bench.report import TARGET_P99_MS
from bench.scaling import Request, one_by_one, saved_rows
from bench.servers import Server
from bench.settings import BIN, CONNECTIONS, ROOT
from bench.tables import markdown, num, ratio

STAGES = ("engine", "writer", "worker", "served", "native")
TIMEOUT_S = 10


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=None,
                        help="the store folder (default: the project's built store)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per stage")
    parser.add_argument("--only", default="", help="saved queries to time, comma-separated")
    return parser.parse_args(argv)


def least_mean_ms(engine_ms: float, clients: int, processors: int) -> float:
    """The least mean latency any server on this engine can give a request whose evaluation
    alone takes ``engine_ms``, when ``clients`` clients each ask again as soon as they are
    answered and ``processors`` cores evaluate one request each at a time (Little's law;
    with fewer clients than cores, a request's own evaluation).

    >>> least_mean_ms(7.2, 8, 2)
    28.8
    >>> least_mean_ms(7.2, 1, 2)
    7.2
    """
    return engine_ms * max(clients, processors) / processors


def median_ms(run: Callable[[], object], repeats: int) -> float:
    """A warm-up run, then the median of ``repeats`` timed runs, in milliseconds."""
    run()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def job(row: Request, saved: dict[str, SavedQuery], settings: Settings) -> QueryRequest:
    """The pool request the server makes for a row (JSON or N-Triples): a bound row's text
    with its ``VALUES`` block and the same values as substitutions, as on
    ``/queries/{name}``."""
    graph = row.accept == GRAPH_NT
    substitutions = []
    if row.ours:
        query = saved[row.saved]
        bound = query.bind(dict(parse_qsl(urlsplit(row.ours).query)))
        substitutions = [encode_term(var.value, term) for var, term in bound.items()]
    return QueryRequest(row.sparql, None if graph else "json", "nt" if graph else None,
                        settings.max_rows, substitutions=substitutions,
                        max_bytes=settings.max_response_bytes, base_iri=settings.base_iri)


def in_process(store: Store, rows: list[Request], saved: dict[str, SavedQuery],
               settings: Settings, repeats: int) -> dict[str, dict[str, float]]:
    """The engine and writer stages of every row."""
    found: dict[str, dict[str, float]] = {}
    for row in rows:
        request = job(row, saved, settings)

        def engine(request: QueryRequest = request) -> bytes:
            result = store.query(request.query, **query_arguments(request))  # type: ignore[arg-type]
            if isinstance(result, QuerySolutions):
                return result.serialize(format=QueryResultsFormat.JSON) or b""
            return result.serialize(format=RdfFormat.N_TRIPLES) or b""  # type: ignore[union-attr]

        def writer(request: QueryRequest = request) -> object:
            result = store.query(request.query, **query_arguments(request))  # type: ignore[arg-type]
            return write_answer(result, request.result_format, request.graph_format,
                                request.max_rows, request.max_bytes,
                                request.base_iri or settings.base_iri)

        say(f"in process: {row.name}")
        found[row.name] = {"engine": median_ms(engine, repeats),
                           "writer": median_ms(writer, repeats)}
    return found


def through_workers(store_dir: Path, rows: list[Request], saved: dict[str, SavedQuery],
                    settings: Settings, repeats: int) -> dict[str, float]:
    """The worker stage of every row: a pool that sends every request to a worker."""
    pool = QueryPool(store_dir, 1, TIMEOUT_S, inline_limit=1e-9,
                     memory_quads=settings.memory_quads)
    pool.start()
    try:
        found = {}
        for row in rows:
            say(f"worker: {row.name}")
            request = job(row, saved, settings)
            found[row.name] = median_ms(lambda request=request: pool.run(request), repeats)
        return found
    finally:
        pool.close()


def over_http(peer: Peer, rows: list[Request], endpoint: str | None, repeats: int,
              log: Path) -> dict[str, dict[str, Any]]:
    """Each row alone through one server over HTTP."""
    server = Server(peer, log)
    with httpx.Client(timeout=TIMEOUT_S + 10) as client:
        server.start(client)
        try:
            say(f"{peer.name}: {len(rows)} requests")
            return one_by_one(client, peer.base, rows, endpoint, repeats, TIMEOUT_S)
        finally:
            server.stop()


def main(argv: list[str]) -> int:
    args = arguments(argv)
    settings = Settings(root=ROOT)
    store_dir = (args.store or settings.store_dir).resolve()
    opened = Store.read_only(str(store_dir))
    rows = saved_rows(opened, ROOT)
    if args.only:
        wanted = set(args.only.split(","))
        rows = [r for r in rows if r.saved in wanted]
    quads = len(opened)
    store = in_memory(opened, settings.memory_quads)
    began = datetime.now(UTC)
    before = loadavg()
    saved = load_queries(ROOT / "queries")
    stages = in_process(store, rows, saved, settings, args.repeats)
    for name, ms in through_workers(store_dir, rows, saved, settings, args.repeats).items():
        stages[name]["worker"] = ms
    log = Path("/dev/null")
    ours = Peer("aigraph", [str(BIN / "aigraph"), "--root", str(ROOT), "--store",
                            str(store_dir), "serve", "--host", "127.0.0.1", "--port",
                            str(port := free_port()), "--timeout", str(TIMEOUT_S)],
                port, "/sparql", "")
    native = Peer("oxigraph", [str(BIN / "oxigraph"), "serve-read-only", "--location",
                               str(store_dir), "--bind", f"127.0.0.1:{(nport := free_port())}",
                               "--timeout-s", str(TIMEOUT_S)], nport, "/query", "")
    for stage, peer, endpoint in (("served", ours, None), ("native", native, "/query")):
        for name, alone in over_http(peer, rows, endpoint, args.repeats, log).items():
            if alone.get("ok"):
                stages[name][stage] = alone["ms"]
    report(stages, rows, quads, store_dir, began, before, settings, args.repeats)
    return 0


def report(stages: dict[str, dict[str, float]], rows: list[Request], quads: int,
           store_dir: Path, began: datetime, before: str, settings: Settings,
           repeats: int) -> None:
    info = machine()
    where = "memory" if quads <= settings.memory_quads else "disk"
    out(f"### Where the time goes: {began:%Y-%m-%d %H:%M} UTC")
    out()
    out(f"Machine: {info.get('cpu', '?')}; load average {before} before, {loadavg()} "
        f"after. Store: {quads:,} quads, served by aigraph from {where}; median of "
        f"{repeats} runs after a warm-up, ms. Store folder: `{store_dir.name}`.")
    out()
    header = ["request", *STAGES, "writer − engine", "served − engine", "native − engine",
              "served ÷ native", f"least mean under load ({CONNECTIONS} clients)"]
    table = []
    processors = cores()
    beyond = []
    for row in rows:
        s = stages[row.name]
        engine, served, native = s["engine"], s.get("served"), s.get("native")
        table.append([row.name, *(num(s.get(k), 1) for k in STAGES),
                      num(s["writer"] - engine, 1),
                      num(None if served is None else served - engine, 1),
                      num(None if native is None else native - engine, 1),
                      ratio(None if served is None or native is None else native / served),
                      num(floor := least_mean_ms(engine, CONNECTIONS, processors), 1)])
        if floor >= TARGET_P99_MS:
            beyond.append(f"{row.name} ({floor:.1f} ms)")
    for line in markdown(header, table):
        out(line)
    out()
    out("served ÷ native: native Oxigraph's time ÷ aigraph's (above 1×: aigraph is faster). "
        f"Least mean under load: the engine stage × {CONNECTIONS} clients ÷ {processors} "
        "cores, the least mean latency any server on this engine can reach under `make "
        "bench`'s load on this machine (Little's law).")
    out()
    out(f"Least mean at or over the {TARGET_P99_MS:g} ms p99 target, so out of its reach "
        f"here: {', '.join(beyond) if beyond else 'none'}.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
