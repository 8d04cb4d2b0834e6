"""The load test from the command line: the mix of ``tests/test_load.py``, with figures.

``aigraph serve`` is started on a free loopback port over the built store (``var/store``)
with a short query time limit; 32 clients (two of them sending pathological queries, one
in flight at a time) run for 60 s or 50,000 requests; then the server is checked (alive,
answering, its query workers all there) and stopped. The report goes to stdout as Markdown
(paste it into BENCHMARKS.md), progress to stderr, every figure to a JSON file
(``var/bench/loadtest.json``). The load itself is ``tests/loadgen.py``.

Example::

    .venv/bin/python bench/loadtest.py                   # the test's load, 60 s
    .venv/bin/python bench/loadtest.py --seconds 20 --workers 3

This is a measuring tool, not a test: it exits 0 whatever the figures (``make test`` runs
the load test with its assertions).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

if not __package__:  # run as a file: import the packages from the project root
    _here = Path(__file__).resolve().parent
    sys.path[:] = [str(_here.parent), *(p for p in sys.path if Path(p or ".").resolve() != _here)]

from aigraph.config import BASE_IRI
from bench.console import out, say
from bench.machine import loadavg
from bench.settings import ROOT
from tests.conftest import free_port
from tests.loadgen import PATHOLOGICAL, LoadResult, LoadSettings, ServerProcess, load_server, table

DEFAULT_OUT = ROOT / "var" / "bench" / "loadtest.json"


def options(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, with the load test's settings as defaults."""
    load = LoadSettings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / "var" / "store",
                        help="the built store to serve (default var/store)")
    parser.add_argument("--seconds", type=float, default=load.seconds)
    parser.add_argument("--clients", type=int, default=load.clients)
    parser.add_argument("--pathological-clients", type=int, default=load.pathological_clients)
    parser.add_argument("--timeout", type=float, default=2.0,
                        help="the server's query time limit in seconds (default 2)")
    parser.add_argument("--workers", type=int, default=2,
                        help="the server's query workers (default 2); at most workers - 1 "
                        "pathological queries are in flight at once")
    parser.add_argument("--max-requests", type=int, default=load.max_requests)
    parser.add_argument("--seed", type=int, default=load.seed)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="the JSON results file (default var/bench/loadtest.json)")
    return parser.parse_args(argv)


def print_report(result: LoadResult, args: argparse.Namespace, before: str) -> None:
    """The run's shape, the table, what became of the pathological queries and the server."""
    sent = result.of_kind(PATHOLOGICAL)
    stopped = [o for o in sent if not o.problem]
    out(f"{args.clients} clients ({args.pathological_clients} pathological, at most "
        f"{result.settings.pathological_in_flight} in flight) for {result.seconds:.1f} s; "
        f"server: {args.workers} query workers, {args.timeout:g} s time limit; "
        f"{os.cpu_count()} CPUs, load average {before} before, {loadavg()} after.")
    out()
    out(table(result.summary()))
    out()
    if sent:
        slowest = max(o.latency_s for o in sent)
        out(f"Pathological queries: {len(stopped)} of {len(sent)} stopped with the 503 "
            f"time-limit error, the slowest answer after {slowest:.2f} s.")
    out(f"Server after the load: {'running' if result.alive_after else 'GONE'}, "
        f"{'answering' if result.answers_after else 'NOT answering'}, "
        f"{len(result.workers_after)} query workers; "
        f"{len(result.leftover)} workers left running after it stopped.")


def main(argv: list[str] | None = None) -> int:
    """Run the load once and report it; always 0 (a measuring tool)."""
    args = options(argv)
    if not args.store.exists():
        say(f"loadtest: no store at {args.store}: run 'aigraph build' first")
        return 0
    settings = LoadSettings(clients=args.clients, pathological_clients=args.pathological_clients,
                            pathological_in_flight=max(1, args.workers - 1),
                            seconds=args.seconds, max_requests=args.max_requests,
                            seed=args.seed)
    before = loadavg()
    with tempfile.TemporaryDirectory(prefix="aigraph-loadtest-") as tmp:
        server = ServerProcess(ROOT, args.store, free_port(), Path(tmp) / "server.log",
                               args.timeout, args.workers)
        say(f"loadtest: {args.clients} clients for {args.seconds:g} s against {server.url}")
        try:
            result = load_server(server, BASE_IRI, settings)
        except RuntimeError as exc:
            say(f"loadtest: cannot run: {exc}")
            return 0
    print_report(result, args, before)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result.report(), ensure_ascii=False, indent=2),
                        encoding="utf-8")
    say(f"loadtest: figures written to {args.out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("loadtest: interrupted; the server it started is stopped")
        sys.exit(130)
