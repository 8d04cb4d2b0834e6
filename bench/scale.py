"""Scale benchmark: a synthetic news graph of about a million triples, loaded and queried in
the embedded store and in a remote one.

1. Generate: ``aigraph.synthetic.synthetic_quads`` (the project's own build of invented
   articles, registry and facts), written as N-Quads. No SHACL validation is run at this
   size (``aigraph build`` validates; the tests validate small synthetic graphs).
2. Embedded: ``write_store`` of those quads into a fresh store, in a child process (its peak
   resident memory is the loader's); the store's size on disk; then ``aigraph serve`` on it.
3. Remote: ``oxigraph serve`` (PyPI ``oxigraph``, read-write) on an empty folder, loaded
   with ``aigraph.remote.load_remote`` (Graph Store Protocol) in a child process; then the
   native server queried directly (the peer), and ``aigraph serve --store-url`` over it.

Each server gets the same fixed mix (``bench/scaling.py``): every saved query with its
parameters bound to a busy entity, and eight ad-hoc queries. First each saved query alone on
the idle server, unbound and (if it has parameters) bound, and each ad-hoc query alone (a
warm-up, then the median of ``--repeats``), then the whole mix in turn under wrk (8
connections, 2 threads) for ``--seconds``. aigraph is asked to bypass its answer cache. The
report gives per saved row the native server's time over ours, their geometric mean (target
≥ 0.95×) and every saved query at or over 1 s alone (target: none); see ``bench/report.py``.
Servers run one at a time on loopback, except that the remote aigraph needs its oxigraph;
resident memory covers each process tree (aigraph and its query workers).

Usage: ``python bench/scale.py [--articles N] [--seed S] [--seconds T] [--no-remote]``.
The Markdown report goes to stdout, progress to stderr, the figures to
``var/bench/scale.json``. A measuring tool: it exits 0 unless it cannot run at all.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if not __package__:  # run as a file: import the package `bench` from the project root
    _here = Path(__file__).resolve().parent
    sys.path[:] = [str(_here.parent), *(p for p in sys.path if Path(p or ".").resolve() != _here)]

import httpx
from pyoxigraph import RdfFormat, Store, serialize

from bench.console import out, say
from bench.machine import loadavg, machine
from bench.peers import Peer, free_port
from bench.report import TARGET_SCALE_MS, scale_verdicts, speed_ratios
from bench.scaling import (
    Request,
    disk_mib,
    one_by_one,
    query_mix,
    run_loader,
    run_mix,
    saved_rows,
)
from bench.servers import Server, settle, wait_idle
from bench.settings import BIN, CONNECTIONS, ROOT, THREADS
from bench.tables import MISSING, markdown, num, ratio

DEFAULT_ARTICLES = 1160  # about a million distinct triples (861 per article at this size)
BUILD_TIME = datetime(2026, 1, 1, tzinfo=UTC)
EMBEDDED, REMOTE, PEER = "embedded", "remote", "oxigraph"
LOOKUPS, FULL = "lookup", "full"
COLUMNS = {EMBEDDED: "embedded (aigraph serve, local store)",
           REMOTE: "remote (aigraph serve → oxigraph serve)",
           PEER: "peer (oxigraph serve, direct)"}


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES,
                        help=f"synthetic articles (default {DEFAULT_ARTICLES}, ~1M triples)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=int, default=45,
                        help="wrk run per server and mix (default 45)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per request alone")
    parser.add_argument("--timeout", type=int, default=10, help="query timeout of the servers")
    parser.add_argument("--no-remote", action="store_true", help="embedded store only")
    parser.add_argument("--memory-quads", type=int, default=None,
                        help="passed to the embedded aigraph serve: a store of at most this "
                             "many quads is served from memory (default: the server's)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "scale.json")
    return parser.parse_args(argv)


def generate(articles: int, seed: int, nquads: Path) -> dict[str, Any]:
    """Synthetic quads to an N-Quads file; their counts and the generator's time and peak."""
    from aigraph.config import Settings
    from aigraph.synthetic import synthetic_quads

    started = time.perf_counter()
    quads, ident = synthetic_quads(articles, seed, settings=Settings(root=ROOT,
                                                                     build_time=BUILD_TIME))
    seconds = time.perf_counter() - started
    triples = len({(q.subject, q.predicate, q.object) for q in quads})
    serialize(quads, nquads, RdfFormat.N_QUADS)
    found = {"articles": articles, "seed": seed, "build_id": ident, "quads": len(quads),
             "triples": triples, "triples_per_article": triples / max(articles, 1),
             "generate_s": seconds,
             "generate_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
             "nquads_mib": nquads.stat().st_size / 1_048_576}
    del quads
    gc.collect()
    return found


def aigraph_command(port: int, timeout: int, *store: str) -> list[str]:
    return [str(BIN / "aigraph"), "--root", str(ROOT), *store, "serve", "--host",
            "127.0.0.1", "--port", str(port), "--timeout", str(timeout)]


def measure(server: Server, client: httpx.Client, mix: list[Request], timed: list[Request],
            endpoint: str | None, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """One server already up: every request of ``timed`` alone, then each mix under wrk; its
    memory.

    :raises RuntimeError: if the server had to be restarted and did not come back.
    """
    base = f"http://127.0.0.1:{server.peer.port}"
    alone = one_by_one(client, base, timed, endpoint, args.repeats, args.timeout)
    failed = [name for name, figures in alone.items() if not figures["ok"]]
    say(f"  {server.peer.name}: {len(timed) - len(failed)} of {len(timed)} requests answered "
        f"alone{'; failed: ' + ', '.join(failed) if failed else ''}")
    loads: dict[str, Any] = {}
    for which, chosen in ((LOOKUPS, [r for r in mix if r.lookup]), (FULL, mix)):
        requests = [(r.send(endpoint), r.accept) for r in chosen]
        try:
            loads[which] = figures = run_mix(base, requests, args.seconds, args.timeout, work)
        except RuntimeError as exc:
            loads[which] = {"note": str(exc)}
            continue
        finally:
            settle(server, client)  # the next run starts on an idle server
        say(f"  {server.peer.name}: {which} mix {figures['rps']:.1f} req/s, p50 "
            f"{figures['p50_ms']:.0f} ms, p99 {figures['p99_ms']:.0f} ms "
            f"{figures['errors'] or ''}")
        server.sample_memory()
    return {"alone": alone, "mix": loads, "rss_mib": server.rss_mib,
            "pss_mib": server.pss_mib, "peak_mib": server.peak_mib}


def embedded(nquads: Path, data: dict[str, Any], args: argparse.Namespace, work: Path,
             results: dict[str, Any], mix: list[Request], timed: list[Request]) -> None:
    """Load the embedded store, pick the mix and the requests timed alone from it (into
    ``mix`` and ``timed``: the saved rows, then the ad-hoc queries), serve and measure it.

    :raises RuntimeError: if the loader fails or the server does not start.
    """
    store_dir = work / "var" / "store"
    say(f"embedded: loading {data['quads']} quads with write_store")
    loaded = run_loader("embedded", nquads, str(store_dir), data["build_id"])
    loaded["disk_mib"] = disk_mib(store_dir)
    reader = Store.read_only(str(store_dir.resolve()))
    mix.extend(query_mix(reader, ROOT))
    timed.extend([*saved_rows(reader, ROOT), *(r for r in mix if r.kind == "ad hoc")])
    stored = len(reader)
    del reader
    loaded["stored_quads"] = stored
    say(f"  loaded in {loaded['load_s']:.1f} s (parse {loaded['parse_s']:.1f} s), "
        f"peak {loaded['peak_mib']:.0f} MiB, {loaded['disk_mib']:.0f} MiB on disk")
    port = free_port()
    command = aigraph_command(port, args.timeout, "--store", str(store_dir))
    if args.memory_quads is not None:
        command += ["--memory-quads", str(args.memory_quads)]
    peer = Peer(EMBEDDED, command, port,
                "/sparql", "aigraph serve on the embedded store")
    server = Server(peer, work / "embedded.log")
    with httpx.Client() as client:
        loaded["startup_s"] = server.start(client)
        assert server.process is not None
        loaded["settled_s"] = loaded["startup_s"] + wait_idle(server.process.pid)
        say(f"  answering after {loaded['startup_s']:.1f} s, idle after "
            f"{loaded['settled_s']:.1f} s (a copy into memory done)")
        try:
            results[EMBEDDED] = {"load": loaded, **measure(server, client, mix, timed, None,
                                                          args, work)}
        finally:
            server.stop()


def remote(nquads: Path, data: dict[str, Any], mix: list[Request], timed: list[Request],
           args: argparse.Namespace, work: Path, results: dict[str, Any]) -> None:
    """oxigraph serve loaded through load_remote; measured directly, then behind aigraph.

    :raises RuntimeError: if the loader fails or a server does not start.
    """
    location = work / "oxigraph"
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind",
               f"127.0.0.1:{port}", "--timeout-s", str(args.timeout)]
    oxigraph = Server(Peer(PEER, command, port, "/query", "oxigraph serve"),
                      work / "oxigraph.log")
    base = f"http://127.0.0.1:{port}"
    with httpx.Client() as client:
        startup = oxigraph.start(client)
        try:
            say(f"remote: loading {data['quads']} quads into oxigraph serve with load_remote")
            loaded = run_loader("remote", nquads, base, data["build_id"])
            oxigraph.sample_memory()
            loaded.update(disk_mib=disk_mib(location), startup_s=startup,
                          server_rss_after_load_mib=oxigraph.rss_mib)
            say(f"  loaded in {loaded['load_s']:.1f} s (parse {loaded['parse_s']:.1f} s), "
                f"loader peak {loaded['peak_mib']:.0f} MiB, oxigraph "
                f"{oxigraph.rss_mib:.0f} MiB, {loaded['disk_mib']:.0f} MiB on disk")
            results[PEER] = {"load": loaded, **measure(oxigraph, client, mix, timed,
                                                      "/query", args, work)}
            aigraph_port = free_port()
            ours = Server(Peer(REMOTE, aigraph_command(aigraph_port, args.timeout, "--store-url",
                                                       f"{base}/query"),
                               aigraph_port, "/sparql", "aigraph serve on a remote store"),
                          work / "remote.log")
            startup = ours.start(client)
            try:
                results[REMOTE] = {"load": loaded, "startup_s": startup,
                                   **measure(ours, client, mix, timed, None, args, work)}
                oxigraph.sample_memory()
                results[REMOTE]["store_rss_mib"] = oxigraph.rss_mib
                results[REMOTE]["store_peak_mib"] = oxigraph.peak_mib
            finally:
                ours.stop()
        finally:
            oxigraph.stop()


def report(data: dict[str, Any], results: dict[str, Any], mix: list[Request],
           timed: list[Request], args: argparse.Namespace, info: dict[str, Any],
           minutes: float) -> dict[str, Any]:
    """The Markdown report on stdout; the targets' data."""
    names = [n for n in (EMBEDDED, REMOTE, PEER) if n in results]
    out(f"## Scale benchmark {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    out()
    out(f"Machine: {info['cpus']} × {info['cpu']}; load average {info['loadavg_before']} "
        f"before, {loadavg()} after; {minutes:.1f} minutes in all. Versions: pyoxigraph "
        f"{info['pyoxigraph']}, {info['oxigraph']}, {info['wrk']}.")
    out(f"Data: {data['articles']} synthetic articles (seed {data['seed']}) → "
        f"{data['quads']:,} quads in named graphs, {data['triples']:,} distinct triples "
        f"({data['triples_per_article']:.0f} per article); generated in "
        f"{data['generate_s']:.1f} s (peak {data['generate_peak_mib']:.0f} MiB); "
        f"{data['nquads_mib']:.0f} MiB of N-Quads. Loaded without SHACL validation.")
    out(f"Mixes, each request in turn under wrk -t {THREADS} -c {CONNECTIONS} -d "
        f"{args.seconds}s: *full*, all {len(mix)} requests "
        f"({sum(r.kind == 'saved' for r in mix)} saved queries, parameters bound to busy "
        f"entities; {sum(r.kind != 'saved' for r in mix)} ad hoc); *lookup*, the "
        f"{sum(r.lookup for r in mix)} about one entity "
        f"({', '.join(r.name for r in mix if r.lookup)}). Query timeout {args.timeout} s; "
        "aigraph asked to bypass its cache.")
    out()

    def cell(name: str, *path: str, digits: int = 1) -> str:
        value: Any = results.get(name, {})
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return num(value, digits) if isinstance(value, int | float) else MISSING

    servers = (EMBEDDED, REMOTE, PEER)
    rows = [
        ["load time s", cell(EMBEDDED, "load", "load_s"), cell(REMOTE, "load", "load_s"),
         "(same store as remote)"],
        ["parse N-Quads s (loader)", cell(EMBEDDED, "load", "parse_s"),
         cell(REMOTE, "load", "parse_s"), ""],
        ["loader peak RSS MiB", cell(EMBEDDED, "load", "peak_mib", digits=0),
         cell(REMOTE, "load", "peak_mib", digits=0), ""],
        ["store on disk MiB", cell(EMBEDDED, "load", "disk_mib", digits=0),
         cell(REMOTE, "load", "disk_mib", digits=0), cell(PEER, "load", "disk_mib", digits=0)],
        ["server startup s", cell(EMBEDDED, "load", "startup_s", digits=2),
         cell(REMOTE, "startup_s", digits=2), cell(PEER, "load", "startup_s", digits=2)],
        ["server idle after start s (copy into memory done)",
         cell(EMBEDDED, "load", "settled_s", digits=1), "", ""],
        *([f"{which} mix {label}", *(cell(n, "mix", which, key) for n in servers)]
          for which in (LOOKUPS, FULL)
          for label, key in (("req/s", "rps"), ("p50 ms", "p50_ms"), ("p99 ms", "p99_ms"))),
        *([f"{which} mix errors", *(_errors(results.get(n, {}).get("mix", {}).get(which))
                                    for n in servers)] for which in (LOOKUPS, FULL)),
        ["server RSS MiB after the mix", cell(EMBEDDED, "rss_mib", digits=0),
         f"{cell(REMOTE, 'rss_mib', digits=0)} + oxigraph "
         f"{cell(REMOTE, 'store_rss_mib', digits=0)}", cell(PEER, "rss_mib", digits=0)],
        ["server PSS MiB after the mix (shared pages split)",
         cell(EMBEDDED, "pss_mib", digits=0), cell(REMOTE, "pss_mib", digits=0),
         cell(PEER, "pss_mib", digits=0)],
        ["server peak RSS MiB", cell(EMBEDDED, "peak_mib", digits=0),
         f"{cell(REMOTE, 'peak_mib', digits=0)} + oxigraph "
         f"{cell(REMOTE, 'store_peak_mib', digits=0)}", cell(PEER, "peak_mib", digits=0)],
    ]
    out("### At a glance")
    out()
    for line in markdown(["figure", COLUMNS[EMBEDDED], COLUMNS[REMOTE], COLUMNS[PEER]], rows):
        out(line)
    out()
    targets = alone_section(results, timed, names)
    return targets


def alone_section(results: dict[str, Any], timed: list[Request], names: list[str]
                  ) -> dict[str, Any]:
    """Each request alone on every server, the saved rows against the native server, and the
    targets; the targets' data."""
    out("### Each request alone (median ms of the timed runs; rows in the answer)")
    out()
    ours = [n for n in (EMBEDDED, REMOTE) if n in names]
    header = ["request", "kind", *(f"{n} ms" for n in names),
              *(f"{n} vs native" for n in ours if PEER in names), "rows", "≥ 1 s on"]
    saved = [r for r in timed if r.kind != "ad hoc"]
    ratios = {n: speed_ratios(results[n]["alone"], results.get(PEER, {}).get("alone", {}),
                              [r.name for r in saved]) for n in ours}
    table = []
    for request in timed:
        cells, counts, slow = [request.name, request.kind], [], []
        for name in names:
            figures = results[name]["alone"].get(request.name, {})
            cells.append(num(figures.get("ms"), 1) if figures.get("ok")
                         else figures.get("note", MISSING))
            counts.append(str(figures["rows"]) if figures.get("ok") else MISSING)
            if request.kind != "ad hoc" and (not figures.get("ok")
                                             or figures["ms"] >= TARGET_SCALE_MS):
                slow.append(name)
        if PEER in names:
            cells.extend(ratio(ratios[n].get(request.name)) for n in ours)
        # one count if the servers agree, else each server's
        cells.append(counts[0] if len(set(counts)) == 1 else " / ".join(counts))
        table.append([*cells, ", ".join(slow)])
    for line in markdown(header, table):
        out(line)
    out()
    out("vs native: native Oxigraph's time ÷ ours (above 1×: ours is faster); ≥ 1 s on: the "
        "servers that took a second or more on a saved query, or did not answer it. Saved "
        "rows: the text as saved (unbound; to /sparql on aigraph) and, with parameters, "
        "bound (aigraph's /queries/{name}?… with every value; the VALUES-bound text to "
        "native Oxigraph).")
    lines, targets = scale_verdicts(
        {n: results[n]["alone"] for n in names},
        [(r.name, r.kind == "bound") for r in saved], ours, PEER)
    out()
    out("### Targets (saved queries at this size)")
    out()
    for line in lines:
        out(line)
    return targets


def _errors(mix: dict[str, Any] | None) -> str:
    if not mix:
        return MISSING
    if "note" in mix:
        return mix["note"][:60]
    return ", ".join(f"{v} {k}" for k, v in mix.get("errors", {}).items()) or "none"


def main(argv: list[str]) -> int:
    args = arguments(argv)
    if shutil.which("wrk") is None:
        say("scale: cannot run: wrk is not installed (Debian: apt-get install wrk)")
        return 1
    info = machine()
    started = time.perf_counter()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="aigraph-scale-") as tmp:
        work = Path(tmp)
        nquads = work / "data.nq"
        say(f"generating {args.articles} synthetic articles (seed {args.seed})")
        data = generate(args.articles, args.seed, nquads)
        say(f"  {data['triples']:,} triples ({data['triples_per_article']:.0f} per article) "
            f"in {data['generate_s']:.1f} s, peak {data['generate_peak_mib']:.0f} MiB")
        mix: list[Request] = []
        timed: list[Request] = []
        try:
            embedded(nquads, data, args, work, results, mix, timed)
            if not args.no_remote:
                remote(nquads, data, mix, timed, args, work, results)
        except RuntimeError as exc:
            say(f"scale: stopped: {exc}")
    minutes = (time.perf_counter() - started) / 60
    targets = report(data, results, mix, timed, args, info, minutes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"data": data, "results": results, "machine": info,
                                    "mix": [r.name for r in mix],
                                    "timed": {r.name: r.kind for r in timed},
                                    "targets": targets, "minutes": minutes},
                                   indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        say("scale: interrupted; the servers it started are stopped")
        sys.exit(130)
