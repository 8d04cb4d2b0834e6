"""Benchmark aigraph's ``/sparql`` against native Oxigraph server (on disk and in memory)
and rdflib-endpoint.

One run, same data, same queries, same load (wrk, 8 connections on 2 threads). The rows:
every saved query (``queries/*.rq``) as saved, parameters unbound, and for each one with
parameters a ``<name> (bound)`` row whose leading ``VALUES`` block binds every parameter to
its default (or, lacking one, to the store's busiest entity for it); every server gets the
same text, by GET, or by a form POST where the GET URL would pass about 6 KB. The servers
are started together on loopback and measured row by row in turn (each idle while another
is loaded; the order alternates from one row to the next), so that the machine's drifting
load falls on all of them alike; memory is read per server after all its rows.

* aigraph: ``aigraph serve`` on the built store (``var/store``). Measured twice per query:
  *uncached* with ``Cache-Control: no-cache`` (the server bypasses its answer cache) and
  *cached* without it (repeated identical queries may be answered from the cache).
* Oxigraph: the native server of the PyPI ``oxigraph`` package, ``serve-read-only`` with
  its query timeout on, on a store loaded from the same N-Quads plus the merged Turtle in
  the default graph (as aigraph's store holds the merge of the named graphs there).
* Oxigraph in memory: the same package's ``serve`` without ``--location`` (an in-memory
  store), given the same two files by HTTP (``POST /store`` and ``POST /store?default``)
  right after it answers; aigraph serves a small store from memory, so this is the
  like-for-like native figure beside the on-disk one (information; the targets are against
  the on-disk server).
* rdflib-endpoint: ``rdflib-endpoint serve`` on the same N-Quads (an rdflib ``Dataset``
  whose default graph is the union of the named graphs).

Environment: ``BENCH_SECONDS`` (wrk duration per query and mode, default 5),
``BENCH_PEERS`` (comma-separated subset of aigraph,oxigraph,oxigraph-memory,
rdflib-endpoint),
``BENCH_QUERIES`` (comma-separated saved-query names, default all),
``BENCH_TIMEOUT_S`` (the query timeout given to servers that take one, default 10),
``BENCH_MEMORY_LIMIT_MIB`` (an address-space cap for rdflib-endpoint, the one peer with no
query timeout, default 6144), ``BENCH_OUT`` (the JSON results file, default
``var/bench/results.json``). See ``bench/settings.py``.

This is a measuring tool, not a test: it exits 0 whether or not the targets are met.
It runs as a file (``.venv/bin/python bench/run.py``, as ``make bench`` does) or as a
module (``python -m bench.run`` from the project root); the work is done by the modules of
the ``bench`` package, listed in ``bench/__init__.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if not __package__:  # run as a file: import the package `bench` from the project root,
    # not its modules as top-level ones from the script's own directory
    _here = Path(__file__).resolve().parent
    sys.path[:] = [str(_here.parent), *(p for p in sys.path if Path(p or ".").resolve() != _here)]

from pyoxigraph import Store

from aigraph.errors import AigraphError
from bench.console import say
from bench.machine import machine
from bench.measure import measure_servers
from bench.peers import export_data, select_peers
from bench.queries import SavedQuery, saved_queries, select_queries, with_bound
from bench.report import report
from bench.settings import ROOT, Settings

QUERY_DIR = ROOT / "queries"
STORE = ROOT / "var" / "store"


def preflight() -> str:
    """An empty string if the benchmark can run, else why not."""
    if shutil.which("wrk") is None:
        return "wrk is not installed (Debian: apt-get install wrk)"
    if not STORE.exists():
        return "no store at var/store: run 'aigraph build' first (make bench does)"
    if not list(QUERY_DIR.glob("*.rq")):
        return "no saved queries in queries/*.rq"
    return ""


def chosen_queries(settings: Settings) -> list[SavedQuery]:
    """The rows of the saved queries BENCH_QUERIES names (all by default): each unbound, then
    bound if it has parameters; warns about unknown names.

    :raises aigraph.errors.SavedQueryError: if a saved query file is malformed.
    :raises OSError: if the built store cannot be opened.
    """
    queries, unknown = select_queries(saved_queries(QUERY_DIR), settings.queries)
    if unknown:
        say(f"ignoring unknown queries in BENCH_QUERIES: {', '.join(unknown)}")
    return with_bound(queries, QUERY_DIR, Store.read_only(str(STORE.resolve())))


def main() -> int:
    """Measure every selected server on every selected row, then report; always 0."""
    settings = Settings.from_env(os.environ)
    if problem := preflight():
        say(f"bench: cannot run: {problem}")
        return 0
    try:
        queries = chosen_queries(settings)
    except (AigraphError, OSError) as exc:
        say(f"bench: cannot run: {exc}")
        return 0
    if not queries:
        say("bench: cannot run: BENCH_QUERIES names no saved query in queries/*.rq")
        return 0
    info = machine()
    with tempfile.TemporaryDirectory(prefix="aigraph-bench-") as tmp:
        work = Path(tmp)
        try:
            export_data(work)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            say(f"bench: cannot export the store: {exc}")
            return 0
        results = measure_servers(select_peers(settings.peers), work, queries, settings)
    report(results, queries, info, settings)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        say("bench: interrupted; the servers it started are stopped")
        sys.exit(130)
