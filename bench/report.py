"""The report: Markdown on stdout (tables, ratios, targets) and the JSON results file.

Targets, each checked for aigraph's uncached and cached runs: the geometric mean over the
rows (every saved query unbound, and bound where it has parameters) of aigraph's req/s
divided by the peer's is at least TARGETS_VS_OXIGRAPH[mode] against Oxigraph (0.8×
uncached, 3× cached) and TARGET_VS_RDFLIB against rdflib-endpoint; p99 under TARGET_P99_MS
for every row. A ratio's mean covers only the rows both servers answered; the means over the
unbound and over the bound rows alone are printed beside it. The targets are against the
on-disk Oxigraph server; the ratio to Oxigraph in memory (the like-for-like figure, as
aigraph serves a small store from memory) is printed with them as information, no target.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import asdict
from typing import Any

from bench.console import out, say
from bench.machine import loadavg
from bench.peers import OURS, OXIGRAPH, OXIGRAPH_MEMORY, RDFLIB, UNCACHED
from bench.queries import SavedQuery
from bench.results import PeerResult
from bench.settings import CONNECTIONS, ROOT, THREADS, Settings
from bench.tables import bound_table, cache_table, figures_table, markdown, ratio, startup_table

#: The geometric-mean ratio to native Oxigraph each mode aims at (the answer cache must
#: beat evaluating, not just match it).
TARGETS_VS_OXIGRAPH = {"uncached": 0.8, "cached": 3.0}
TARGET_VS_RDFLIB = 10.0
TARGET_P99_MS = 20.0


def report(results: list[PeerResult], queries: list[SavedQuery], info: dict[str, Any],
           settings: Settings) -> None:
    """Print the whole report on stdout and write the JSON results file."""
    by_name = {r.name: r for r in results if not r.skipped}
    ours = by_name.get(OURS)
    peers = [by_name[n] for n in (OXIGRAPH, OXIGRAPH_MEMORY, RDFLIB) if n in by_name]
    _header(results, info, settings)
    _section("Throughput and latency per saved query", figures_table(results, queries))
    if any(q.bound for q in queries):
        _section("Bound rows: the values bound", bound_table(queries))
    ratio_data: dict[str, Any] = {}
    if ours and peers:
        lines, ratio_data = ratio_table(ours, peers, queries)
        _section("Throughput ratios (aigraph ÷ peer, req/s)", lines)
    if ours:
        _section("aigraph: cached and uncached", cache_table(ours, queries))
    _section("Startup and resident memory", startup_table(results))
    _section("Targets", verdicts(ours, ratio_data))
    write_json(results, queries, info, ratio_data, settings)


def _portable(command: str) -> str:
    """A command line without this machine's folders: the project root becomes ``.`` and
    the run's temporary folder ``$WORK``."""
    command = command.replace(f"{ROOT}/", "").replace(str(ROOT), ".")
    return re.sub(r"/tmp/aigraph-bench-[^/ ]+", "$WORK", command)


def _header(results: list[PeerResult], info: dict[str, Any], settings: Settings) -> None:
    """The run's title, machine, load shape, versions and the command of each server."""
    out(f"## Benchmark run {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    out()
    out(f"Machine: {info['cpus']} × {info['cpu']}; wrk -t {THREADS} -c {CONNECTIONS} "
        f"-d {settings.seconds}s per query and mode; query timeout {settings.timeout_s} s "
        f"where a server has one; load average {info['loadavg_before']} before the run, "
        f"{loadavg()} after.")
    out("Servers started together and measured row by row, one at a time (the others idle), "
        "the order alternating from one row to the next; aigraph's cached run last.")
    out(f"Versions: oxigraph {info['oxigraph']}, rdflib-endpoint {info['rdflib-endpoint']} "
        f"(rdflib {info['rdflib']}), pyoxigraph {info['pyoxigraph']}, {info['wrk']}.")
    for r in results:
        out(f"- {r.name}: " + (f"SKIPPED — {r.skipped}" if r.skipped else
                                f"`{_portable(r.command)}`"))


def _section(title: str, lines: list[str]) -> None:
    out()
    out(f"### {title}")
    out()
    for line in lines:
        out(line)


def ratios(ours: PeerResult, peer: PeerResult, mode: str) -> dict[str, float]:
    """ours/peer throughput per query, for the queries both measured."""
    found = {}
    for query, runs in ours.runs.items():
        mine, theirs = runs.get(mode), peer.runs.get(query, {}).get(UNCACHED)
        if mine and theirs and mine.ok and theirs.ok and theirs.rps > 0:
            found[query] = mine.rps / theirs.rps
    return found


def geomean(values: list[float]) -> float | None:
    """The geometric mean, or ``None`` for no values.

    >>> geomean([1.0, 4.0])
    2.0
    """
    return statistics.geometric_mean(values) if values else None


def ratio_table(ours: PeerResult, peers: list[PeerResult],
                queries: list[SavedQuery]) -> tuple[list[str], dict[str, Any]]:
    """The ratio per row and mode against each peer, with geometric means over all rows, the
    unbound rows and the bound rows, and all of it as data."""
    columns = [(p, mode) for p in peers for mode in ours.modes()]
    keys = [f"{p.name}/{mode}" for p, mode in columns]
    table = {f"{p.name}/{mode}": ratios(ours, p, mode) for p, mode in columns}
    header = ["query", *(f"{OURS} {mode} / {p.name}" for p, mode in columns)]
    rows = [[q.name, *(ratio(table[k].get(q.name)) for k in keys)] for q in queries]
    kinds = {"all": queries, "unbound": [q for q in queries if not q.bound],
             "bound": [q for q in queries if q.bound]}
    means: dict[str, dict[str, float | None]] = {}
    counted: dict[str, dict[str, int]] = {}
    for kind, chosen in kinds.items():
        names = {q.name for q in chosen}
        picked = {k: [v for q, v in table[k].items() if q in names] for k in keys}
        means[kind] = {k: geomean(values) for k, values in picked.items()}
        counted[kind] = {k: len(values) for k, values in picked.items()}
    for kind, label in (("all", "**geometric mean**"), ("unbound", "geometric mean, unbound"),
                        ("bound", "geometric mean, bound")):
        rows.append([label, *(ratio(means[kind][k]) for k in keys)])
        rows.append([f"rows in the mean ({kind})", *(f"{counted[kind][k]} of "
                                                     f"{len(kinds[kind])}" for k in keys)])
    return markdown(header, rows), {"per_query": table, "geometric_mean": means["all"],
                                    "geometric_mean_unbound": means["unbound"],
                                    "geometric_mean_bound": means["bound"],
                                    "counted": counted["all"], "queries": len(queries),
                                    "counted_by_kind": counted,
                                    "rows_by_kind": {k: len(v) for k, v in kinds.items()}}


def verdicts(ours: PeerResult | None, ratio_data: dict[str, Any]) -> list[str]:
    """One line per target and mode: target met / target missed / not evaluated; and per
    mode, after the line against Oxigraph, the ratio to Oxigraph in memory as information
    (when that server was measured)."""
    if ours is None:
        return [f"- all targets: not evaluated ({OURS} was not measured)"]
    lines = []
    for mode in ours.modes():
        target = TARGETS_VS_OXIGRAPH.get(mode, 0.8)
        label = f"{mode}: geometric-mean throughput ≥ {target:g}× {OXIGRAPH}"
        lines.append(_ratio_verdict(ratio_data, f"{OXIGRAPH}/{mode}", target, label))
        if f"{OXIGRAPH_MEMORY}/{mode}" in ratio_data.get("geometric_mean", {}):
            label = (f"{mode}: geometric-mean throughput against {OXIGRAPH_MEMORY} (the same "
                     "engine with the data in memory, as aigraph serves a small store)")
            lines.append(_ratio_verdict(ratio_data, f"{OXIGRAPH_MEMORY}/{mode}", None, label))
        label = f"{mode}: geometric-mean throughput ≥ {TARGET_VS_RDFLIB:g}× {RDFLIB}"
        lines.append(_ratio_verdict(ratio_data, f"{RDFLIB}/{mode}", TARGET_VS_RDFLIB, label))
        lines.append(_p99_verdict(ours, mode))
    return lines


def _ratio_verdict(ratio_data: dict[str, Any], key: str, target: float | None,
                   label: str) -> str:
    """The line for one ratio's geometric mean: met or missed against ``target``, or marked
    as information when there is no target.

    >>> data = {"geometric_mean": {"p/uncached": 0.5}, "counted": {"p/uncached": 2},
    ...         "queries": 2, "geometric_mean_unbound": {"p/uncached": 0.4},
    ...         "geometric_mean_bound": {}}
    >>> _ratio_verdict(data, "p/uncached", None, "uncached: against p")
    '- uncached: against p: 0.50× (unbound 0.40×, bound —) — information, no target'
    """
    value = ratio_data.get("geometric_mean", {}).get(key)
    if value is None:
        return f"- {label}: not evaluated (no figures for both servers)"
    if target is None:
        met = "information, no target"
    else:
        met = "target met" if value >= target else "target missed"
    counted, total = ratio_data["counted"][key], ratio_data["queries"]
    scope = "" if counted == total else f" over the {counted} of {total} rows both answered"
    kinds = [f"{kind} {ratio(ratio_data[f'geometric_mean_{kind}'].get(key))}"
             for kind in ("unbound", "bound")]
    return f"- {label}: {value:.2f}×{scope} ({', '.join(kinds)}) — {met}"


def _p99_verdict(ours: PeerResult, mode: str) -> str:
    label = f"{mode}: p99 < {TARGET_P99_MS:.0f} ms for every saved query, unbound and bound"
    figures = {q: runs.get(mode) for q, runs in ours.runs.items()}
    failed = [q for q, m in figures.items() if m is None or not m.ok]
    worst = max(((m.p99_ms, q) for q, m in figures.items() if m and m.ok), default=None)
    if failed or worst is None:
        return f"- {label}: target missed (not measured: {', '.join(failed) or 'all'})"
    met = "target met" if worst[0] < TARGET_P99_MS else "target missed"
    return f"- {label}: worst {worst[0]:.2f} ms ({worst[1]}) — {met}"


def write_json(results: list[PeerResult], queries: list[SavedQuery], info: dict[str, Any],
               ratio_data: dict[str, Any], settings: Settings) -> None:
    """Every figure of the run as JSON in ``settings.out`` (its directory is created)."""
    document = {"machine": info, "seconds": settings.seconds, "connections": CONNECTIONS,
                "threads": THREADS, "timeout_s": settings.timeout_s, "order": "interleaved",
                "queries": {q.name: {"form": q.form, "saved": q.saved, "method": q.method,
                                     "bound": dict(q.values)} for q in queries},
                "servers": [asdict(r) for r in results], "ratios": ratio_data}
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                            encoding="utf-8")
    say(f"JSON results: {settings.out}")



# -- the scale bench's targets (bench/scale.py): each saved row alone at a million triples --

#: ours ÷ native: the geometric mean over the saved rows of native ms ÷ our ms
TARGET_SCALE_RATIO = 0.95
#: every saved row, unbound and bound, alone under this
TARGET_SCALE_MS = 1000.0


def speed_ratios(ours: dict[str, dict[str, Any]], native: dict[str, dict[str, Any]],
                 names: list[str]) -> dict[str, float]:
    """native ms ÷ our ms for each named row both answered alone (above 1: ours is faster).

    >>> speed_ratios({"q": {"ok": True, "ms": 4.0}}, {"q": {"ok": True, "ms": 2.0}}, ["q"])
    {'q': 0.5}
    """
    found = {}
    for name in names:
        mine, theirs = ours.get(name, {}), native.get(name, {})
        if mine.get("ok") and theirs.get("ok") and mine.get("ms"):
            found[name] = theirs["ms"] / mine["ms"]
    return found


def scale_verdicts(alone: dict[str, dict[str, dict[str, Any]]], rows: list[tuple[str, bool]],
                   ours: list[str], native: str) -> tuple[list[str], dict[str, Any]]:
    """Per server of ours: the speed ratio's geometric mean against ``native`` (≥
    TARGET_SCALE_RATIO) and every saved row alone under TARGET_SCALE_MS; lines and data.

    ``alone`` maps a server to its figures per row; ``rows`` are the saved rows, each with
    whether it is bound.
    """
    lines: list[str] = []
    data: dict[str, Any] = {}
    names = [name for name, _ in rows]
    for server in (s for s in ours if s in alone):
        figures = alone[server]
        per_row = speed_ratios(figures, alone.get(native, {}), names)
        bound = dict(rows)
        groups = {"all": list(per_row.values()),
                  "unbound": [v for n, v in per_row.items() if not bound[n]],
                  "bound": [v for n, v in per_row.items() if bound[n]]}
        means = {kind: geomean(values) for kind, values in groups.items()}
        slow = {n: figures.get(n, {}).get("ms") for n in names
                if not figures.get(n, {}).get("ok")
                or figures[n]["ms"] >= TARGET_SCALE_MS}
        data[server] = {"ratios": per_row, "geometric_mean": means, "over_limit": slow}
        label = (f"{server}: geometric mean of {native} ms ÷ {server} ms over the saved "
                 f"queries alone, unbound and bound, ≥ {TARGET_SCALE_RATIO:g}×")
        if means["all"] is None:
            lines.append(f"- {label}: not evaluated (no row answered by both)")
        else:
            met = "target met" if means["all"] >= TARGET_SCALE_RATIO else "target missed"
            lines.append(f"- {label}: {means['all']:.2f}× over {len(per_row)} of {len(names)} "
                         f"rows (unbound {ratio(means['unbound'])}, bound "
                         f"{ratio(means['bound'])}) — {met}")
        label = f"{server}: every saved query alone under {TARGET_SCALE_MS / 1000:g} s"
        listed = ", ".join(f"{n} {'not answered' if ms is None else f'{ms:.0f} ms'}"
                           for n, ms in slow.items())
        lines.append(f"- {label}: {len(slow)} of {len(names)} rows at or over it"
                     f"{' (' + listed + ')' if slow else ''} — "
                     f"{'target missed' if slow else 'target met'}")
    return lines, data
