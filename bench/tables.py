"""The report's Markdown tables: figures per query, aigraph's cache, startup and memory."""

from __future__ import annotations

from bench.peers import CACHED, OURS, OXIGRAPH, OXIGRAPH_MEMORY, UNCACHED
from bench.queries import SavedQuery
from bench.results import Measurement, PeerResult, QueryCheck
from bench.settings import CONNECTIONS

NOTE_WIDTH = 90
MISSING = "—"

LEGEND = (f"req/s: successful answers per second with {CONNECTIONS} connections; p50/p99: "
          "wrk's latency percentiles; answers: responses counted by wrk; rows: rows in the "
          "answer (checked once before the load); alone ms: that one request's time on an "
          "idle server; (no cache): the server has no answer cache; (bound): the saved query "
          "with every parameter bound by a leading VALUES block; POST: sent to every server "
          "as a form POST, its GET URL being over 6 KB.")


def markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    """An aligned Markdown table: readable as text, pasteable into BENCHMARKS.md.

    >>> markdown(["a", "bb"], [["xyz", "1"]])
    ['| a   | bb |', '|-----|----|', '| xyz | 1  |']
    """
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
            *(line(r) for r in rows)]


def num(value: float | None, digits: int = 1) -> str:
    """A figure with ``digits`` decimals, or a dash for none."""
    return MISSING if value is None else f"{value:.{digits}f}"


def ratio(value: float | None) -> str:
    """A ratio as ``1.23×``, or a dash for none."""
    return MISSING if value is None else f"{value:.2f}×"


def clip(text: str) -> str:
    """A note fit for a table cell: no pipes, at most NOTE_WIDTH characters."""
    text = text.replace("|", "/")
    return text if len(text) <= NOTE_WIDTH else text[:NOTE_WIDTH - 1] + "…"


def figures_table(results: list[PeerResult], queries: list[SavedQuery]) -> list[str]:
    """One row per query, server and mode: req/s, latencies, answers, rows, notes."""
    measured = [r for r in results if not r.skipped]
    rows = []
    for query in queries:
        reference = _reference_rows(measured, query.name)
        for result in measured:
            rows.extend(_figure_rows(result, query, reference))
    header = ["query", "server", "mode", "req/s", "p50 ms", "p99 ms", "answers", "rows",
              "alone ms", "note"]
    posted = [q.name for q in queries if q.post]
    sent = (f"Sent by POST to every server (the GET URL would pass 6 KB): {', '.join(posted)}; "
            "every other row by GET." if posted else "Every row sent by GET.")
    return [*markdown(header, rows), "", LEGEND, "", sent]


#: Whose row count the others' are compared with: the first of these that answered.
REFERENCES = (OURS, OXIGRAPH, OXIGRAPH_MEMORY)


def _reference_rows(results: list[PeerResult], query: str) -> tuple[str, int] | None:
    """The row count of aigraph's answer, or else of Oxigraph's (on disk, then in memory),
    to compare every server's with."""
    answered = {r.name: c.rows for r in results
                if (c := r.checks.get(query)) and c.rows is not None}
    return next(((name, answered[name]) for name in REFERENCES if name in answered), None)


def _figure_rows(result: PeerResult, query: SavedQuery, reference: tuple[str, int] | None
                 ) -> list[list[str]]:
    """The rows of one server for one query, one per mode it was run in."""
    check = result.checks.get(query.name)
    rows_text = str(check.rows) if check and check.rows is not None else MISSING
    first = num(check.single_ms) if check else MISSING
    flags = ["POST"] if query.post else []
    flags += _row_flags(check, reference)
    rows = []
    for mode, m in result.runs.get(query.name, {}).items():
        mode_name = mode if result.name == OURS else "(no cache)"
        note = clip("; ".join([*flags, m.note] if m.note else flags))
        rows.append([query.name, result.name, mode_name, *_run_cells(m), str(m.requests),
                     rows_text, first, note])
    return rows


def _row_flags(check: QueryCheck | None, reference: tuple[str, int] | None) -> list[str]:
    """A warning if this answer's row count differs from the reference server's."""
    if reference is None or check is None or check.rows is None:
        return []
    return [f"ROWS DIFFER from {reference[0]}"] if check.rows != reference[1] else []


def _run_cells(m: Measurement) -> list[str]:
    """req/s, p50 and p99 of a run, or FAILED and dashes."""
    if not m.ok:
        return ["FAILED", MISSING, MISSING]
    return [num(m.rps), num(m.p50_ms, 2), num(m.p99_ms, 2)]


def startup_table(results: list[PeerResult]) -> list[str]:
    """Per server: startup, preparation, resident memory, its peak and restarts."""
    rows = []
    for r in results:
        if r.skipped:
            rows.append([r.name, *[MISSING] * 5, clip(f"skipped: {r.skipped}")])
            continue
        rows.append([r.name, num(r.startup_s, 2), num(r.prepare_s, 2), num(r.rss_mib),
                     num(r.peak_mib), str(r.restarts), r.startup_note])
    header = ["server", "startup s", "preparation s", "RSS MiB after load", "peak RSS MiB",
              "restarts", "startup measures"]
    return markdown(header, rows)


def cache_table(ours: PeerResult, queries: list[SavedQuery]) -> list[str]:
    """aigraph per query: uncached and cached req/s, their ratio, ETag and revalidation."""
    rows = []
    for q in queries:
        runs, check = ours.runs.get(q.name, {}), ours.checks.get(q.name)
        cold, warm = runs.get(UNCACHED), runs.get(CACHED)
        speedup = warm.rps / cold.rps if cold and warm and cold.ok and warm.ok else None
        rows.append([q.name, num(cold.rps if cold else None), num(warm.rps if warm else None),
                     ratio(speedup), _etag_strength(check),
                     "yes" if check and check.revalidates else "no"])
    header = ["query", "uncached req/s", "cached req/s", "cached/uncached", "ETag",
              "If-None-Match → 304"]
    return markdown(header, rows)


def _etag_strength(check: QueryCheck | None) -> str:
    """weak, strong, or a dash when the answer had no ETag."""
    etag = check.etag if check and check.etag else "none"
    return "weak" if etag.startswith("W/") else ("strong" if etag != "none" else MISSING)


def bound_table(queries: list[SavedQuery]) -> list[str]:
    """The bound rows and the value each parameter is bound to."""
    rows = [[q.name, ", ".join(f"{name} = {value}" for name, value in q.values)]
            for q in queries if q.bound]
    return markdown(["row", "parameters bound (a leading VALUES block)"], rows)
