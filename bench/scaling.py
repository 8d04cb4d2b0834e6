"""The parts of the scale benchmark (``bench/scale.py``): loaders run in a child process, the
fixed query mix, its wrk run and the one-by-one timings.

* Loaders: ``python -m bench.scaling embedded|remote …`` reads the N-Quads file, loads it
  (``write_store`` into a fresh store, or ``load_remote`` into a running server) and prints
  one line ``SCALE_JSON {...}``: seconds to parse, seconds to load, the peak resident memory
  of that process. A child process, so that its peak is the loader's alone.
* The mix: every saved query, its parameters bound to a busy entity of the graph (the
  organisation with the most agreements …), plus ad-hoc SPARQL a researcher would send.
  aigraph gets saved queries at ``/queries/{name}?param=value`` and ad-hoc ones at
  ``/sparql``; a bare SPARQL server gets the same text, its parameters bound by a ``VALUES``
  block at the head of the WHERE group (what aigraph itself sends to a remote store). Every
  request asks aigraph to bypass its answer cache (``Cache-Control: no-cache``).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
from pyoxigraph import QuerySolutions, RdfFormat, Store, parse

from bench.queries import GRAPH_NT, SELECT_JSON
from bench.settings import CONNECTIONS, THREADS

REPORT_PREFIX = "SCALE_JSON "
AIG = "https://w3id.org/aigraph/ontology#"
PREFIXES = """PREFIX aig: <https://w3id.org/aigraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""
BUSIEST = "SELECT ?v WHERE {{ {} }} GROUP BY ?v ORDER BY DESC(COUNT(*)) ?v LIMIT 1"
#: saved query → parameter → the pattern whose most frequent ``?v`` is bound
PICKS: dict[str, dict[str, str]] = {
    "agreements-of-party": {"org": "?a aig:party ?v . ?v a aig:Organization"},
    "people-by-organisation": {"org": "?m org:organization ?v"},
    "evidence": {"entity": "?m org:member ?v"},
    "event-participants": {"event": "?p aig:inEvent ?v"},
    "opening-attendees": {"event": "?p aig:inEvent ?v"},
    "sub-events": {"event": "?s schema:superEvent ?v"},
    # Its default is an event of the real corpus, which a synthetic graph does not have.
    "participants-with-sub-events": {"event": "?s schema:superEvent ?v"},
    "entity-by-name": {"name": "?a schema:mentions ?e . ?e rdfs:label ?v "
                               "FILTER(lang(?v) = 'ko')"},
    "figures-for-year": {"year": "?t aig:targetDate ?v"},
    "funding-breakdown": {"budget": "?v aig:hasComponent ?c"},
}
FIXED = {"targets-and-budgets": {"type": f"{AIG}Budget"}}
#: ad-hoc queries; {org}, {event}, {article} are filled with busy entities
LOOKUPS = ("describe-org", "two-hop", "article-text", "latest-articles", "ask-member")
AD_HOC = {
    "describe-org": "SELECT ?p ?o WHERE {{ <{org}> ?p ?o }}",
    "label-search": "SELECT ?s ?label WHERE {{ ?s rdfs:label ?label "
                    "FILTER(CONTAINS(?label, '데이터')) }} LIMIT 100",
    "count-by-class": "SELECT ?class (COUNT(?s) AS ?n) WHERE {{ ?s a ?class }} GROUP BY ?class",
    "two-hop": "SELECT DISTINCT ?person ?org WHERE {{ ?p aig:inEvent <{event}> ; aig:agent "
               "?person . ?m org:member ?person ; org:organization ?org }}",
    "article-text": "SELECT ?n ?text WHERE {{ ?s dcterms:isPartOf <{article}> ; "
                    "schema:position ?n ; schema:text ?text }} ORDER BY ?n",
    "latest-articles": "SELECT ?a ?title ?date WHERE {{ ?a a schema:NewsArticle ; "
                       "dcterms:title ?title ; schema:datePublished ?date }} "
                       "ORDER BY DESC(STR(?date)) LIMIT 20",
    "count-all": "SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}",
    "ask-member": "ASK {{ ?m org:organization <{org}> }}",
}


@dataclass(frozen=True)
class Request:
    """One request of the mix, as aigraph is sent it and as a bare SPARQL endpoint is."""

    name: str
    kind: str  # "saved" or "ad hoc"
    ours: str  # path and query string on aigraph
    sparql: str  # the text a bare endpoint gets
    accept: str
    lookup: bool  # about one entity (bound parameters, a point lookup), not the whole graph

    def path(self, endpoint: str | None) -> str:
        """The path to request: aigraph's own, or ``endpoint?query=…`` for a bare server."""
        if endpoint is None:
            return self.ours
        return f"{endpoint}?query={quote(self.sparql, safe='')}"


def busiest(store: Store, pattern: str) -> str:
    """The most frequent value of ``?v`` in a pattern (ties by value), or ``""``."""
    result = store.query(PREFIXES + BUSIEST.format(pattern))
    assert isinstance(result, QuerySolutions)
    for row in result:
        return str(row["v"].value)
    return ""


def query_mix(store: Store, root: Path) -> list[Request]:
    """The fixed mix: every saved query with busy parameters, then the ad-hoc queries.

    :raises aigraph.errors.SavedQueryError: if a saved query file is malformed.
    """
    from aigraph.binding import bind
    from aigraph.queries import load_queries

    mix = []
    for name, saved in load_queries(root / "queries").items():
        values = dict(FIXED.get(name, {}))
        for param, pattern in PICKS.get(name, {}).items():
            values[param] = busiest(store, pattern)
        values = {k: v for k, v in values.items() if v}
        text = bind(saved.text, saved.bind(values)) if values else saved.text  # type: ignore[arg-type]
        accept = GRAPH_NT if saved.form in ("CONSTRUCT", "DESCRIBE") else SELECT_JSON
        query = f"?{urlencode(values)}" if values else ""
        mix.append(Request(name, "saved", f"/queries/{name}{query}", text,
                           accept, bool(values) and name not in FIXED))
    fill = {"org": busiest(store, PICKS["people-by-organisation"]["org"]),
            "event": busiest(store, PICKS["event-participants"]["event"]),
            "article": busiest(store, "?v a schema:NewsArticle")}
    for name, template in AD_HOC.items():
        sparql = PREFIXES + template.format(**fill)
        mix.append(Request(name, "ad hoc", f"/sparql?query={quote(sparql, safe='')}", sparql,
                           SELECT_JSON, name in LOOKUPS))
    return mix


def lua_script(paths: list[tuple[str, str]]) -> str:
    """A wrk script that sends the requests in turn (each thread from its own offset), with
    ``Cache-Control: no-cache``, and prints ``SCALE_JSON {...}`` when done."""
    items = ",\n".join(f'  {{"{path}", "{accept}"}}' for path, accept in paths)
    return f"""local requests = {{
{items}
}}
local offset = 0
function setup(thread)
  thread:set("first", offset)
  offset = offset + 7
end
function init(args)
  index = first or 0
end
function request()
  index = index % #requests + 1
  local item = requests[index]
  return wrk.format("GET", item[1], {{["Accept"] = item[2], ["Cache-Control"] = "no-cache"}})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "{REPORT_PREFIX}{{\\"requests\\":%.0f,\\"duration_us\\":%.0f,\\"p50_us\\":%.0f," ..
    "\\"p99_us\\":%.0f,\\"errors\\":{{\\"connect\\":%.0f,\\"read\\":%.0f,\\"write\\":%.0f," ..
    "\\"status\\":%.0f,\\"timeout\\":%.0f}}}}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def run_mix(base: str, paths: list[tuple[str, str]], seconds: int, timeout_s: float,
            work: Path) -> dict[str, Any]:
    """The mix under wrk for ``seconds``: req/s (successful answers), p50/p99, errors.

    :raises RuntimeError: if wrk fails or prints no report.
    """
    script = work / "mix.lua"
    script.write_text(lua_script(paths), encoding="utf-8")
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s",
               "--timeout", f"{timeout_s + 10:.0f}s", "--latency", "-s", str(script),
               base + paths[0][0]]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          timeout=seconds + timeout_s + 120)
    line = next((x for x in done.stdout.splitlines() if x.startswith(REPORT_PREFIX)), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {(done.stderr or done.stdout).strip()[-300:]}")
    report = json.loads(line.removeprefix(REPORT_PREFIX))
    good = report["requests"] - report["errors"]["status"]
    duration = report["duration_us"] / 1e6
    return {"rps": good / duration if duration else 0.0, "answers": good,
            "p50_ms": report["p50_us"] / 1000, "p99_ms": report["p99_us"] / 1000,
            "errors": {k: int(v) for k, v in report["errors"].items() if v}}


def rows_in(response: httpx.Response) -> int | None:
    """Rows in an answer: solutions, triples (lines), 1 for a boolean; ``None`` if the body
    is broken (a server that hits its timeout while streaming cuts the answer short)."""
    if "json" in response.headers.get("content-type", ""):
        try:
            data = response.json()
        except ValueError:
            return None
        return 1 if "boolean" in data else len(data["results"]["bindings"])
    return sum(1 for line in response.text.splitlines() if line.strip())


def one_by_one(client: httpx.Client, base: str, mix: list[Request], endpoint: str | None,
               repeats: int, timeout_s: float) -> dict[str, dict[str, Any]]:
    """Each request alone on an idle server: a warm-up, then the median of ``repeats`` (one
    run only after a warm-up slower than SLOW_S), or why it failed."""
    return {request.name: _alone(client, base + request.path(endpoint), request.accept,
                                 repeats, timeout_s) for request in mix}


SLOW_S = 2.0


def _alone(client: httpx.Client, url: str, accept: str, repeats: int,
           timeout_s: float) -> dict[str, Any]:
    headers = {"Accept": accept, "Cache-Control": "no-cache"}
    wanted, times = repeats + 1, []
    rows: int | None = None
    while len(times) < wanted:
        started = time.perf_counter()
        try:
            response = client.get(url, headers=headers, timeout=timeout_s + 10)
        except httpx.HTTPError as exc:
            return {"ok": False, "note": type(exc).__name__}
        times.append(time.perf_counter() - started)
        if not response.is_success:
            return {"ok": False, "status": response.status_code,
                    "note": f"HTTP {response.status_code}"}
        rows = rows_in(response)
        if rows is None or times[-1] >= timeout_s:  # a streamed answer stopped by the timeout
            return {"ok": False, "status": response.status_code, "note": "cut short"}
        if len(times) == 1 and times[0] > SLOW_S:
            wanted = 2  # a slow request: one timed run after the warm-up
    timed = sorted(times[1:])
    return {"ok": True, "ms": timed[len(timed) // 2] * 1000, "rows": rows}


# -- loaders, run in a child process ---------------------------------------------------------

def load(mode: str, nquads: Path, target: str, build_id: str) -> dict[str, float]:
    """Parse the N-Quads file and load it; seconds for each step and the peak memory.

    :raises aigraph.errors.StoreError: if the store cannot be written.
    """
    from aigraph.config import Settings

    root = Path(__file__).resolve().parent.parent
    started = time.perf_counter()
    quads = list(parse(path=str(nquads), format=RdfFormat.N_QUADS))
    parsed = time.perf_counter()
    if mode == "embedded":
        from aigraph.store import write_store

        write_store(quads, Settings(root=root, store_dir=Path(target)), build_id)
        loaded = len(quads)
    else:
        from aigraph.remote import load_remote

        base = target.rstrip("/")
        settings = Settings(root=root, store_url=f"{base}/query",
                            store_update_url=f"{base}/update", store_gsp_url=f"{base}/store")
        loaded = load_remote(quads, settings)
    done = time.perf_counter()
    return {"parse_s": parsed - started, "load_s": done - parsed, "quads": loaded,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_loader(mode: str, nquads: Path, target: str, build_id: str,
               limit_s: float = 3600) -> dict[str, float]:
    """:func:`load` in a fresh Python process; its figures.

    :raises RuntimeError: if the loader fails.
    """
    command = [sys.executable, "-m", "bench.scaling", mode, str(nquads), target, build_id]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          timeout=limit_s, cwd=Path(__file__).resolve().parent.parent)
    line = next((x for x in done.stdout.splitlines() if x.startswith(REPORT_PREFIX)), None)
    if done.returncode or line is None:
        raise RuntimeError(f"the {mode} loader failed: {done.stderr.strip()[-600:]}")
    figures: dict[str, float] = json.loads(line.removeprefix(REPORT_PREFIX))
    return figures


def disk_mib(folder: Path) -> float:
    """The size of a folder's files, in MiB (links followed once, at the top)."""
    folder = folder.resolve()
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1_048_576


if __name__ == "__main__":
    mode_, file_, target_, build_ = sys.argv[1:5]
    sys.stdout.write(REPORT_PREFIX + json.dumps(load(mode_, Path(file_), target_, build_)) + "\n")
