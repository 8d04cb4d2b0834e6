"""The parts of the scale benchmark (``bench/scale.py``): loaders run in a child process, the
fixed query mix, its wrk run and the one-by-one timings.

* Loaders: ``python -m bench.scaling embedded|remote …`` reads the N-Quads file, loads it
  (``write_store`` into a fresh store, or ``load_remote`` into a running server) and prints
  one line ``SCALE_JSON {...}``: seconds to parse, seconds to load, the peak resident memory
  of that process. A child process, so that its peak is the loader's alone.
* The mix: every saved query, its parameters bound to a busy entity of the graph (the
  organisation with the most agreements …; :mod:`bench.bindings`), plus ad-hoc SPARQL a
  researcher would send. aigraph gets saved queries at ``/queries/{name}?param=value`` and
  ad-hoc ones at ``/sparql``; a bare SPARQL server gets the same text, its parameters bound by
  a ``VALUES`` block at the head of the WHERE group (what aigraph itself sends to a remote
  store). Every request asks aigraph to bypass its answer cache (``Cache-Control: no-cache``).
* The saved rows, timed alone: every saved query unbound (its text as saved, to ``/sparql``
  on aigraph and to the bare server alike) and, if it has parameters, bound (every parameter
  to the busy entity, or else its default: ``/queries/{name}?…`` on aigraph with every value
  given, the ``VALUES``-bound text on the bare server).
* A text whose GET URL would pass about 6 KB goes by a form ``POST`` (to ``/sparql`` on
  aigraph, to the bare server's endpoint), as in ``bench/run.py``.
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
from pyoxigraph import RdfFormat, Store, parse

from bench.bindings import FIXED, PICKS, PREFIXES, busiest, real_values
from bench.queries import BOUND_SUFFIX, FORM, GRAPH_NT, LONG_URL_BYTES, SELECT_JSON
from bench.settings import CONNECTIONS, THREADS

REPORT_PREFIX = "SCALE_JSON "
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


OURS_ENDPOINT = "/sparql"


@dataclass(frozen=True)
class Send:
    """One HTTP request: its method, path (with the query string of a GET) and POST body."""

    method: str
    path: str
    body: str = ""


@dataclass(frozen=True)
class Request:
    """One request of the mix (or a saved row), as aigraph is sent it and as a bare SPARQL
    endpoint is."""

    name: str
    kind: str  # "saved" or "ad hoc" in the mix; "unbound" or "bound" for a saved row
    ours: str  # aigraph's saved-query path with its parameters; "" to send ``sparql`` there
    sparql: str  # the text a bare endpoint gets
    accept: str
    lookup: bool  # about one entity (bound parameters, a point lookup), not the whole graph

    @property
    def saved(self) -> str:
        """The saved query's name (a bound row's name without its suffix)."""
        return self.name.removesuffix(BOUND_SUFFIX)

    def send(self, endpoint: str | None) -> Send:
        """The request to make: aigraph's own (``endpoint`` None) or a bare server's; a text
        whose GET URL would pass LONG_URL_BYTES goes by a form POST.

        >>> Request("q", "ad hoc", "", "ASK {}", SELECT_JSON, False).send("/query").path
        '/query?query=ASK%20%7B%7D'
        >>> Request("q", "ad hoc", "", "#" * 7000, SELECT_JSON, False).send(None).method
        'POST'
        """
        if endpoint is None and self.ours:
            return Send("GET", self.ours)
        target, query = endpoint or OURS_ENDPOINT, quote(self.sparql, safe="")
        if len(f"{OURS_ENDPOINT}?query={query}") > LONG_URL_BYTES:
            return Send("POST", target, f"query={query}")
        return Send("GET", f"{target}?query={query}")


def query_mix(store: Store, root: Path) -> list[Request]:
    """The fixed mix: every saved query with busy parameters, then the ad-hoc queries.

    :raises aigraph.errors.SavedQueryError: if a saved query file is malformed.
    """
    from aigraph.queries import load_queries

    mix: list[Request] = []
    for name, saved in load_queries(root / "queries").items():
        values = dict(FIXED.get(name, {}))
        for param, pattern in PICKS.get(name, {}).items():
            values[param] = busiest(store, pattern)
        values = {k: v for k, v in values.items() if v}
        text = saved.bound_text(saved.bind(values)) if values else saved.text
        accept = GRAPH_NT if saved.form in ("CONSTRUCT", "DESCRIBE") else SELECT_JSON
        query = f"?{urlencode(values)}" if values else ""
        mix.append(Request(name, "saved", f"/queries/{name}{query}", text,
                           accept, bool(values) and name not in FIXED))
    fill = {"org": busiest(store, PICKS["people-by-organisation"]["org"]),
            "event": busiest(store, PICKS["event-participants"]["event"]),
            "article": busiest(store, "?v a schema:NewsArticle")}
    for name, template in AD_HOC.items():
        sparql = PREFIXES + template.format(**fill)
        mix.append(Request(name, "ad hoc", "", sparql, SELECT_JSON, name in LOOKUPS))
    return mix


def saved_rows(store: Store, root: Path) -> list[Request]:
    """Every saved query unbound, then bound if it has parameters: each parameter to the busy
    entity picked for it, else its fixed value, else its default.

    aigraph gets an unbound row's text at ``/sparql`` and a bound row at
    ``/queries/{name}?…`` with every value given; a bare server gets the text aigraph runs
    for those values (the bound form, if the query has one), bound by a leading ``VALUES``
    block.

    :raises aigraph.errors.SavedQueryError: if a saved query file is malformed.
    """
    from aigraph.queries import load_queries

    rows = []
    for name, saved in load_queries(root / "queries").items():
        accept = GRAPH_NT if saved.form in ("CONSTRUCT", "DESCRIBE") else SELECT_JSON
        rows.append(Request(name, "unbound", "", saved.text, accept, False))
        values = real_values(saved, store, defaults_first=False) if saved.params else {}
        if values:
            text = saved.bound_text(saved.bind(values))
            rows.append(Request(name + BOUND_SUFFIX, "bound",
                                f"/queries/{name}?{urlencode(values)}", text, accept, True))
    return rows


def lua_script(requests: list[tuple[Send, str]]) -> str:
    """A wrk script that sends the requests in turn (each thread from its own offset), with
    ``Cache-Control: no-cache`` (and the form's ``Content-Type`` for a POST), and prints
    ``SCALE_JSON {...}`` when done. Paths and bodies are URL-encoded: no quote to escape."""
    items = ",\n".join(f'  {{"{send.method}", "{send.path}", "{accept}", "{send.body}"}}'
                        for send, accept in requests)
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
  local headers = {{["Accept"] = item[3], ["Cache-Control"] = "no-cache"}}
  if item[1] == "POST" then
    headers["Content-Type"] = "{FORM}"
    return wrk.format("POST", item[2], headers, item[4])
  end
  return wrk.format("GET", item[2], headers)
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


def run_mix(base: str, requests: list[tuple[Send, str]], seconds: int, timeout_s: float,
            work: Path) -> dict[str, Any]:
    """The mix under wrk for ``seconds``: req/s (successful answers), p50/p99, errors.

    :raises RuntimeError: if wrk fails or prints no report.
    """
    script = work / "mix.lua"
    script.write_text(lua_script(requests), encoding="utf-8")
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s",
               "--timeout", f"{timeout_s + 10:.0f}s", "--latency", "-s", str(script),
               base + requests[0][0].path]
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
    return {request.name: _alone(client, base, request.send(endpoint), request.accept,
                                 repeats, timeout_s) for request in mix}


SLOW_S = 2.0


def _alone(client: httpx.Client, base: str, send: Send, accept: str, repeats: int,
           timeout_s: float) -> dict[str, Any]:
    headers = {"Accept": accept, "Cache-Control": "no-cache"}
    if send.method == "POST":
        headers["Content-Type"] = FORM
    wanted, times = repeats + 1, []
    rows: int | None = None
    while len(times) < wanted:
        started = time.perf_counter()
        try:
            response = client.request(send.method, base + send.path, headers=headers,
                                      content=send.body or None, timeout=timeout_s + 10)
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
