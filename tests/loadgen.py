"""A load generator for ``aigraph serve``: concurrent clients sending a seeded mix of requests.

Ordinary clients draw, from their own seeded random stream, saved queries (with and without
parameters, as JSON, Turtle or HTML), ad-hoc SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE by GET,
form POST and direct POST) and entity pages (HTML and Turtle); half of their requests carry
``Cache-Control: no-cache`` so that the query workers work, not only the answer cache. A few
pathological clients send queries that cannot finish (a three-way cross product, a closure
over every property joined with itself) and expect them stopped by the server's time limit.

Each client is a thread with its own connection. Every answer is checked (status, media
type, and the body parsed) and timed; :func:`summarise` gives p50/p95/p99 and throughput per
kind. The server runs in its own process (:class:`ServerProcess`), on loopback only, so the
clients never share its GIL.

Used by ``tests/test_load.py`` (the load test ``make test`` runs) and ``bench/loadtest.py``
(the same load from the command line).
"""

from __future__ import annotations

import json
import math
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
from pyoxigraph import RdfFormat, parse

from aigraph.pool import WORKER_NAME

SAVED, ADHOC, PAGE, PATHOLOGICAL = "saved", "ad-hoc", "page", "pathological"
KINDS = (SAVED, ADHOC, PAGE, PATHOLOGICAL)
ORDINARY_MIX = {SAVED: 0.35, ADHOC: 0.35, PAGE: 0.30}

RESULTS_JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
HTML = "text/html"
JSON = "application/json"
ANY_ANSWER = f"{RESULTS_JSON}, {TURTLE};q=0.9"

#: Three unconstrained patterns over the default graph: (triples)³ solutions to count. COUNT
#: makes the server enumerate them all; a bare SELECT would stop at the row cap.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Every node paired with every node it reaches over any property, joined with itself. One
#: closure alone takes seconds on this corpus; the join makes it run for minutes, so it is
#: stopped by the time limit however fast the machine.
DEEP_PATH = ("SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:x:p>|!<urn:x:p>)* ?o . "
             "?o (<urn:x:p>|!<urn:x:p>)* ?z }")
PATHOLOGICAL_QUERIES = {"cross product": CROSS_PRODUCT, "deep property path": DEEP_PATH}

#: An entity IRI after ``{base}id/``: a kind and a key (no fragment, no deeper path).
KIND_AND_KEY = "^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$"
#: A process: its id and its start time (clock ticks since boot), which tell it apart from a
#: later process given the same id.
Proc = tuple[int, int]
READY_LIMIT_S = 90.0
STOP_LIMIT_S = 15.0
POLL_S = 0.1
ASK = "ASK {}"


# -- what is sent ------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One HTTP request of the load and the answer it expects.

    ``expect`` is the media type the body must have (and parse as), or ``"timeout"`` for a
    pathological query, which must come back as the 503 time-limit error.
    """

    kind: str
    label: str
    method: str
    path: str
    expect: str
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] | None = None
    content: bytes | None = None


@dataclass(frozen=True)
class Param:
    """A saved query's parameter, as ``/queries`` lists it."""

    name: str
    type: str
    default: str | None


@dataclass(frozen=True)
class Saved:
    """A saved query, as ``/queries`` lists it."""

    name: str
    form: str
    params: tuple[Param, ...]


@dataclass(frozen=True)
class Catalogue:
    """What the server holds, found before the load: the saved queries, the entity IRIs
    (sorted, with their kind) and the Korean names of the registry."""

    base: str
    saved: tuple[Saved, ...]
    entities: tuple[tuple[str, str], ...]
    names: tuple[str, ...]

    def of_kind(self, kind: str) -> list[str]:
        return [iri for iri, k in self.entities if k == kind]


def discover(client: httpx.Client, base: str) -> Catalogue:
    """Ask the server what it serves: saved queries, entities and names.

    :raises RuntimeError: if a request fails, or the server has no saved queries or no
        entities.
    """
    listed = _get_json(client, "/queries", {"format": "json"}, JSON)
    saved = tuple(Saved(q["name"], q["form"], tuple(Param(p["name"], p["type"], p["default"])
                                                     for p in q["params"]))
                  for q in sorted(listed, key=lambda q: q["name"]))
    entities = _column(client, "e", "SELECT DISTINCT ?e WHERE { ?e ?p ?o "
                       f'FILTER(STRSTARTS(STR(?e), "{base}id/") && REGEX(STRAFTER(STR(?e), '
                       f'"{base}id/"), "{KIND_AND_KEY}")) }} ORDER BY ?e')
    names = _column(client, "name", "SELECT DISTINCT ?name WHERE { GRAPH "
                    f"<{base}graph/registry> {{ ?e <http://www.w3.org/2000/01/rdf-schema#label>"
                    ' ?name FILTER(lang(?name) = "ko") } } ORDER BY ?name')
    if not saved or not entities:
        raise RuntimeError("the server lists no saved queries or holds no entities")
    kinds = tuple((iri, iri[len(base) + 3:].split("/", 1)[0]) for iri in entities)
    return Catalogue(base, saved, kinds, tuple(names))


def _column(client: httpx.Client, var: str, query: str) -> list[str]:
    answer = _get_json(client, "/sparql", {"query": query}, RESULTS_JSON)
    return [row[var]["value"] for row in answer["results"]["bindings"] if var in row]


def _get_json(client: httpx.Client, path: str, params: dict[str, str], accept: str) -> Any:
    """The JSON a GET answers with.

    :raises RuntimeError: if the request fails or the answer is not a 200.
    """
    try:
        response = client.get(path, params=params, headers={"Accept": accept})
    except httpx.HTTPError as exc:
        raise RuntimeError(f"GET {path} failed: {exc}") from exc
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}: {response.text[:200]}")
    return response.json()


def ordinary_call(rng: random.Random, cat: Catalogue) -> Call:
    """The next ordinary request of a client: saved query, ad-hoc SPARQL or entity page."""
    kind = rng.choices(list(ORDINARY_MIX), weights=list(ORDINARY_MIX.values()))[0]
    call = {SAVED: _saved_call, ADHOC: _adhoc_call, PAGE: _page_call}[kind](rng, cat)
    return _maybe_uncached(rng, call)


def _maybe_uncached(rng: random.Random, call: Call) -> Call:
    """The call, and for half of the draws with ``Cache-Control: no-cache``."""
    if rng.random() < 0.5:
        return replace(call, headers={**call.headers, "Cache-Control": "no-cache"})
    return call


def _saved_call(rng: random.Random, cat: Catalogue) -> Call:
    query = rng.choice(cat.saved)
    params: dict[str, str] = {}
    if query.params and rng.random() < 0.5:
        for param in query.params:
            value = _param_value(param, rng, cat)
            if value is not None:
                params[param.name] = value
    label = f"{query.name}{' ?' + '&'.join(sorted(params)) if params else ''}"
    if rng.random() < 0.25:
        return Call(SAVED, f"{label} (html)", "GET", f"/queries/{query.name}", HTML, params,
                    {"Accept": HTML})
    expect = TURTLE if query.form in ("CONSTRUCT", "DESCRIBE") else RESULTS_JSON
    return Call(SAVED, label, "GET", f"/queries/{query.name}", expect, params,
                {"Accept": ANY_ANSWER})


def _param_value(param: Param, rng: random.Random, cat: Catalogue) -> str | None:
    """A value that fits the parameter: an entity of the default's kind (or of the kind the
    parameter is named after), a registry name, a year; else the default."""
    if param.type == "iri":
        kind = param.name
        if param.default and param.default.startswith(cat.base + "id/"):
            kind = param.default[len(cat.base) + 3:].split("/", 1)[0]
        found = cat.of_kind(kind)
        return rng.choice(found) if found else param.default
    if param.type == "ko" and cat.names:
        return rng.choice(cat.names)
    if param.type == "year":
        return str(rng.randint(2020, 2031))
    return param.default


def _adhoc_call(rng: random.Random, cat: Catalogue) -> Call:
    entity = rng.choice(cat.entities)[0]
    queries = [
        ("select classes", RESULTS_JSON,
         "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class "
         "ORDER BY DESC(?n) ?class"),
        ("select page", RESULTS_JSON,
         f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT 25 OFFSET {rng.randrange(0, 5000, 25)}"),
        ("select names", RESULTS_JSON,
         "SELECT ?s ?name WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?name "
         'FILTER(CONTAINS(STR(?name), "광주")) } ORDER BY ?name ?s'),
        ("select graphs", RESULTS_JSON,
         "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"),
        ("ask", RESULTS_JSON, f"ASK {{ <{entity}> ?p ?o }}"),
        ("construct", TURTLE, f"CONSTRUCT {{ <{entity}> ?p ?o }} WHERE {{ <{entity}> ?p ?o }}"),
        ("describe", TURTLE, f"DESCRIBE <{entity}>"),
    ]
    name, expect, text = rng.choice(queries)
    return _sparql_call(ADHOC, name, text, expect, rng.choice(("GET", "POST form",
                                                                 "POST direct")))


def _sparql_call(kind: str, name: str, text: str, expect: str, how: str) -> Call:
    accept = {"Accept": RESULTS_JSON if expect == "timeout" else expect}
    label = f"{name} ({how})"
    if how == "GET":
        return Call(kind, label, "GET", "/sparql", expect, {"query": text}, accept)
    if how == "POST form":
        return Call(kind, label, "POST", "/sparql", expect, headers=accept, form={"query": text})
    return Call(kind, label, "POST", "/sparql", expect,
                headers={**accept, "Content-Type": "application/sparql-query"},
                content=text.encode("utf-8"))


def _page_call(rng: random.Random, cat: Catalogue) -> Call:
    iri = rng.choice(cat.entities)[0]
    media = rng.choice((HTML, TURTLE))
    return Call(PAGE, f"entity ({'html' if media == HTML else 'turtle'})", "GET",
                "/" + iri[len(cat.base):], media, headers={"Accept": media})


def pathological_call(rng: random.Random) -> Call:
    """A query that cannot finish within any sensible time limit."""
    name = rng.choice(sorted(PATHOLOGICAL_QUERIES))
    call = _sparql_call(PATHOLOGICAL, name, PATHOLOGICAL_QUERIES[name], "timeout",
                        rng.choice(("GET", "POST form")))
    return _maybe_uncached(rng, call)


# -- what comes back ---------------------------------------------------------------------


def check(call: Call, response: httpx.Response) -> str:
    """What is wrong with the answer to a call; an empty string if nothing."""
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if call.expect == "timeout":
        return _check_timeout(response, media)
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    if media != call.expect:
        return f"media type {media!r}, expected {call.expect!r}"
    try:
        if media == RESULTS_JSON:
            body = json.loads(response.content)
            if not isinstance(body.get("boolean"), bool) and \
                    not isinstance(body.get("results", {}).get("bindings"), list):
                return "SPARQL JSON results with neither boolean nor bindings"
        elif media == TURTLE:
            list(parse(response.content, format=RdfFormat.TURTLE))
        elif "</html>" not in response.text:
            return "an HTML page without its end tag"
    except (ValueError, SyntaxError) as exc:
        return f"{media} that does not parse: {exc}"
    return ""


def _check_timeout(response: httpx.Response, media: str) -> str:
    if response.status_code != 503 or media != JSON:
        return f"HTTP {response.status_code} {media}, expected the 503 time-limit error"
    try:
        body = json.loads(response.content)
    except ValueError:
        return "a 503 whose body is not JSON"
    if not isinstance(body, dict) or set(body) != {"ok", "error", "status"} or \
            body["ok"] is not False or body["status"] != 503 or \
            not isinstance(body["error"], str):
        return f"a 503 in the wrong error shape: {response.text[:200]}"
    return ""


# -- running the load --------------------------------------------------------------------


@dataclass(frozen=True)
class LoadSettings:
    """The shape of one load run.

    :param clients: concurrent clients in all, pathological ones included.
    :param pathological_clients: how many of them send only pathological queries.
    :param pathological_in_flight: the most pathological queries in flight at once (the
        pathological clients take turns); keep it below the server's worker count so that a
        worker is always free for ordinary queries.
    :param seconds: how long the clients send.
    :param max_requests: the most requests sent in all, whatever the time.
    :param seed: seeds each client's random stream (client ``i`` uses ``f"{seed}:{i}"``).
    :param request_timeout: seconds a client waits for one answer before it counts as an
        error.
    """

    clients: int = 32
    pathological_clients: int = 2
    pathological_in_flight: int = 1
    seconds: float = 60.0
    max_requests: int = 50_000
    seed: int = 20260101
    request_timeout: float = 30.0


@dataclass(frozen=True)
class Outcome:
    """One request's fate: when it was sent (seconds into the run), how long it took, its
    status (0: no answer) and what was wrong (empty: nothing)."""

    kind: str
    label: str
    sent_s: float
    latency_s: float
    status: int
    problem: str


@dataclass
class _Run:
    """The state the clients share: the clock, the request count and the outcomes."""

    settings: LoadSettings
    started: float
    sent: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_one(self) -> bool:
        """Whether a client may send another request (and count it if so)."""
        with self.lock:
            elapsed = time.perf_counter() - self.started
            if elapsed >= self.settings.seconds or self.sent >= self.settings.max_requests:
                return False
            self.sent += 1
            return True

    def record(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def run_load(url: str, cat: Catalogue, settings: LoadSettings) -> tuple[list[Outcome], float]:
    """Run the load against the server at ``url``; every outcome and the wall time taken.

    Each client is a thread with its own connection (a synchronous ``httpx.Client``): the
    threads wait on their sockets with the GIL released, and the client side costs less CPU
    than one event loop multiplexing every connection, CPU the server needs on a small
    machine.
    """
    run = _Run(settings, time.perf_counter())
    gate = threading.BoundedSemaphore(settings.pathological_in_flight)
    clients = [threading.Thread(target=_client, args=(url, run, cat, index, gate),
                                name=f"load-client-{index}", daemon=True)
               for index in range(settings.clients)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    return run.outcomes, time.perf_counter() - run.started


def _client(url: str, run: _Run, cat: Catalogue, index: int,
            gate: threading.BoundedSemaphore) -> None:
    """One client: requests one after the other until the run's time or count is up."""
    rng = random.Random(f"{run.settings.seed}:{index}")
    pathological = index < run.settings.pathological_clients
    with httpx.Client(base_url=url, trust_env=False,
                      timeout=run.settings.request_timeout) as client:
        while run.take_one():
            if pathological:
                with gate:
                    run.record(_send(client, run, pathological_call(rng)))
            else:
                run.record(_send(client, run, ordinary_call(rng, cat)))


def _send(client: httpx.Client, run: _Run, call: Call) -> Outcome:
    sent = time.perf_counter()
    try:
        response = client.request(call.method, call.path, params=call.params or None,
                                  headers=call.headers, data=call.form, content=call.content)
    except httpx.HTTPError as exc:
        return Outcome(call.kind, call.label, sent - run.started, time.perf_counter() - sent,
                       0, f"{type(exc).__name__}: {exc}")
    latency = time.perf_counter() - sent
    return Outcome(call.kind, call.label, sent - run.started, latency, response.status_code,
                   check(call, response))


# -- figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Counts, latencies (milliseconds) and throughput of a group of requests."""

    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile of ``values`` (0 for none).

    >>> percentile([4.0, 1.0, 3.0, 2.0], 50), percentile([4.0, 1.0, 3.0, 2.0], 99)
    (2.0, 4.0)
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * q / 100)) - 1]


def figures(outcomes: list[Outcome]) -> Figures:
    """The figures of some outcomes; the rate is over the time from the start of the run to
    the last of their answers."""
    ms = [o.latency_s * 1000 for o in outcomes]
    span = max((o.sent_s + o.latency_s for o in outcomes), default=0.0)
    return Figures(len(outcomes), sum(1 for o in outcomes if o.problem),
                   round(len(outcomes) / span, 1) if span else 0.0,
                   *(round(percentile(ms, q), 1) for q in (50, 95, 99)),
                   round(max(ms, default=0.0), 1))


def summarise(outcomes: list[Outcome]) -> dict[str, Figures]:
    """Figures per kind, then for every ordinary request together (``ordinary``)."""
    summary = {kind: figures([o for o in outcomes if o.kind == kind]) for kind in KINDS}
    summary["ordinary"] = figures([o for o in outcomes if o.kind != PATHOLOGICAL])
    return summary


def by_label(outcomes: list[Outcome]) -> dict[str, Figures]:
    """Figures per request label (``kind: label``), for finding the slow ones."""
    labels = sorted({(o.kind, o.label) for o in outcomes})
    return {f"{kind}: {label}": figures([o for o in outcomes
                                         if o.kind == kind and o.label == label])
            for kind, label in labels}


def table(summary: dict[str, Figures]) -> str:
    """The figures as a Markdown table."""
    rows = ["| kind | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, f in summary.items():
        rows.append(f"| {kind} | {f.requests} | {f.errors} | {f.per_second} | {f.p50_ms} | "
                    f"{f.p95_ms} | {f.p99_ms} | {f.max_ms} |")
    return "\n".join(rows)


def report(outcomes: list[Outcome], seconds: float, settings: LoadSettings,
           server: dict[str, Any]) -> dict[str, Any]:
    """Everything about a run, for a JSON file: settings, figures, and the problems seen."""
    problems: dict[str, int] = {}
    for o in outcomes:
        if o.problem:
            key = f"{o.kind}: {o.label}: {o.problem[:200]}"
            problems[key] = problems.get(key, 0) + 1
    return {"settings": asdict(settings), "server": server, "seconds": round(seconds, 2),
            "summary": {k: asdict(v) for k, v in summarise(outcomes).items()},
            "labels": {k: asdict(v) for k, v in by_label(outcomes).items()},
            "problems": problems}


# -- the server --------------------------------------------------------------------------


class ServerProcess:
    """``aigraph serve`` in its own process on 127.0.0.1, its output in a log file.

    :param root: the project root (its ``queries/`` are served).
    :param store: the store to serve.
    :param port: a free loopback port.
    :param log: where the server's output goes.
    :param timeout: the server's query time limit, in seconds.
    :param workers: the query worker processes of each server process (``None``: the
        server's default).
    :param processes: its server processes (``None``: the server's default, one per core).
    """

    def __init__(self, root: Path, store: Path, port: int, log: Path, timeout: float,
                 workers: int | None = None, processes: int | None = None) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self.command = [sys.executable, "-m", "aigraph", "--root", str(root), "--store",
                        str(store), "serve", "--host", "127.0.0.1", "--port", str(port),
                        "--timeout", f"{timeout:g}"]
        if workers is not None:
            self.command += ["--workers", str(workers)]
        if processes is not None:
            self.command += ["--processes", str(processes)]
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start the server and wait until it answers ``ASK {}``.

        :raises RuntimeError: if it exits, or does not answer within READY_LIMIT_S.
        """
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(self.command, stdout=sink, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + READY_LIMIT_S
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"the server exited: {self.log_tail()}")
            if self.answers():
                return
            time.sleep(POLL_S)
        self.stop()
        raise RuntimeError(f"the server did not answer within {READY_LIMIT_S:g} s")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def answers(self) -> bool:
        """Whether the server evaluates ``ASK {}`` (on a worker, not from the cache) now."""
        try:
            response = httpx.get(f"{self.url}/sparql", params={"query": ASK}, timeout=10,
                                 headers={"Accept": RESULTS_JSON, "Cache-Control": "no-cache"},
                                 trust_env=False)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def query_workers(self) -> list[Proc]:
        """The server's live query worker processes, zombies excluded; Linux only. They are
        the processes it started (directly, or through its server processes) under the
        workers' name."""
        if self.process is None:
            return []
        found = []
        for pid in _descendants(self.process.pid):
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                continue
            proc = _proc(pid)
            if proc is not None and name == WORKER_NAME:
                found.append(proc)
        return sorted(found)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after STOP_LIMIT_S)."""
        if self.process is None:
            return
        process, self.process = self.process, None
        process.terminate()
        try:
            process.wait(timeout=STOP_LIMIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_LIMIT_S)

    def log_tail(self, lines: int = 20) -> str:
        """The last lines of the server's output."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _children(pid: int) -> list[int]:
    """The ids of a process's children (every thread's), from /proc."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in task.read_text().split()]
        except OSError:
            continue
    return found


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid``, from /proc."""
    found: list[int] = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


def _proc(pid: int) -> Proc | None:
    """A running (not zombie) process as (id, start time in clock ticks); ``None`` if gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == "Z" else (pid, int(fields[19]))


def survivors(procs: list[Proc], wait_s: float = STOP_LIMIT_S) -> list[Proc]:
    """Those of ``procs`` still running after up to ``wait_s`` seconds. Each is then killed
    (the start time tells it is the same process, not a reused id), so that a leak is
    reported, not left behind."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and any(_proc(p[0]) == p for p in procs):
        time.sleep(POLL_S)
    left = [p for p in procs if _proc(p[0]) == p]
    for pid, _ in left:
        os.kill(pid, signal.SIGKILL)
    return left


# -- one whole run -----------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    """A load run and what the server looked like after it.

    ``workers_before``/``workers_after``: its query worker processes before and after the
    load; ``alive_after``/``answers_after``: whether it still ran and evaluated ``ASK {}``;
    ``leftover``: the worker processes still running once the server had stopped.
    """

    outcomes: list[Outcome]
    seconds: float
    settings: LoadSettings
    workers_before: list[Proc]
    workers_after: list[Proc]
    alive_after: bool
    answers_after: bool
    leftover: list[Proc]
    log_tail: str

    def of_kind(self, *kinds: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind in kinds]

    def summary(self) -> dict[str, Figures]:
        return summarise(self.outcomes)

    def report(self) -> dict[str, Any]:
        server = {"workers_before": len(self.workers_before),
                  "workers_after": len(self.workers_after), "alive_after": self.alive_after,
                  "answers_after": self.answers_after,
                  "leftover_workers": [pid for pid, _ in self.leftover]}
        return report(self.outcomes, self.seconds, self.settings, server)


def load_server(server: ServerProcess, base: str, settings: LoadSettings) -> LoadResult:
    """Start the server, find what it serves, run the load, look at the server, stop it.

    :raises RuntimeError: if the server does not start or serves nothing to load.
    """
    with server:
        with httpx.Client(base_url=server.url, trust_env=False, timeout=30) as client:
            cat = discover(client, base)
        before = server.query_workers()
        outcomes, seconds = run_load(server.url, cat, settings)
        alive, answers = server.alive(), server.answers()
        after = server.query_workers()
    return LoadResult(outcomes, seconds, settings, before, after, alive, answers,
                      survivors(before + after), server.log_tail())
