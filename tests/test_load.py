"""The load test: 32 clients for 60 s against ``aigraph serve`` in its own process.

The server runs on a loopback port with a 2 s query time limit, as two server processes
with two query workers each (the defaults on a two-core machine, given explicitly because
the latency bound below depends on them). Thirty clients
send a fixed, seeded mix of saved queries, ad-hoc SPARQL and entity pages, half of them with
``Cache-Control: no-cache``; two more take turns sending queries that cannot finish (a cross
product, a closure over every property), one in flight at a time. The run stops after 60 s
or 50,000 requests, whichever comes first. The load itself is ``tests/loadgen.py``;
``bench/loadtest.py`` runs the same load from the command line.

The figures (p50/p95/p99 and throughput per kind) are written to ``load-report.json`` in
the test's temporary folder and shown at the end of the pytest output.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from aigraph.build import BuildResult
from aigraph.config import Settings
from tests.conftest import ROOT, free_port
from tests.loadgen import (
    ADHOC,
    HTML,
    PAGE,
    PATHOLOGICAL,
    RESULTS_JSON,
    SAVED,
    TURTLE,
    Call,
    Catalogue,
    LoadResult,
    LoadSettings,
    Param,
    Saved,
    ServerProcess,
    load_server,
    ordinary_call,
    table,
)

pytestmark = pytest.mark.load

QUERY_TIMEOUT_S = 2.0
WORKERS = 2
#: server processes, each with WORKERS query workers (as on a two-core machine by default)
PROCESSES = 2
LOAD = LoadSettings(clients=32, pathological_clients=2, pathological_in_flight=WORKERS - 1,
                    seconds=60.0, max_requests=50_000)

#: The bound on the p99 latency of ordinary requests, for each kind and for all together:
#: the query time limit. At most WORKERS - 1 pathological queries are in flight, so a worker
#: is always free: an ordinary query never waits for a stuck worker to be killed, only behind
#: other ordinary queries (30 closed-loop clients at 150-270 req/s: 0.1-0.2 s on average).
#: Measured p99 with the pathological mix: 0.36 to 0.9 s on 2 cores shared with the clients
#: and other work (load average 4 to 8); without it, 0.36 s. The bound catches a stuck worker
#: holding the others up: with every worker stuck (two in flight) the p99 of SPARQL requests
#: was 2.5 s, the time limit plus the killed worker's replacement.
ORDINARY_P99_BOUND_S = QUERY_TIMEOUT_S

#: A pathological query's 503 must arrive within the time limit plus this margin: waiting
#: for a free worker (as long as an ordinary query, so up to ORDINARY_P99_BOUND_S), then
#: the replacement of the killed worker, which the pool starts before it answers (a fresh
#: process opening the store: 0.1 to 0.5 s). Measured: the slowest 2.5 to 3.3 s.
PATHOLOGICAL_MARGIN_S = ORDINARY_P99_BOUND_S + 1.0


@pytest.fixture(scope="module")
def load(built: BuildResult, project_settings: Settings,
         tmp_path_factory: pytest.TempPathFactory) -> tuple[LoadResult, Path]:
    """The load run once for this module, and its JSON report."""
    folder = tmp_path_factory.mktemp("load")
    server = ServerProcess(ROOT, project_settings.store_dir, free_port(), folder / "server.log",
                           QUERY_TIMEOUT_S, WORKERS, PROCESSES)
    result = load_server(server, project_settings.base_iri, LOAD)
    path = folder / "load-report.json"
    bounds = {"query_timeout_s": QUERY_TIMEOUT_S, "workers": WORKERS,
              "ordinary_p99_bound_s": ORDINARY_P99_BOUND_S,
              "pathological_limit_s": QUERY_TIMEOUT_S + PATHOLOGICAL_MARGIN_S}
    path.write_text(json.dumps({**result.report(), "bounds": bounds}, ensure_ascii=False,
                               indent=2), encoding="utf-8")
    return result, path


def test_figures_are_reported(load: tuple[LoadResult, Path],
                              record_property: pytest.RecordProperty) -> None:
    result, path = load
    record_property("load_report", "\n".join([
        f"{LOAD.clients} clients ({LOAD.pathological_clients} pathological) for "
        f"{result.seconds:.1f} s; query time limit {QUERY_TIMEOUT_S:g} s, {WORKERS} workers; "
        f"ordinary p99 bound {ORDINARY_P99_BOUND_S:g} s; report: {path}",
        table(result.summary())]))
    written = json.loads(path.read_text(encoding="utf-8"))
    assert set(written["summary"]) == {SAVED, ADHOC, PAGE, PATHOLOGICAL, "ordinary"}
    assert all(result.summary()[kind].requests > 0 for kind in (SAVED, ADHOC, PAGE,
                                                                 PATHOLOGICAL))


def test_load_is_bounded_in_time_and_count(load: tuple[LoadResult, Path]) -> None:
    result, _ = load
    assert len(result.outcomes) <= LOAD.max_requests
    assert result.seconds <= LOAD.seconds + LOAD.request_timeout + 5


def test_every_ordinary_request_succeeds(load: tuple[LoadResult, Path]) -> None:
    result, _ = load
    failed = [o for o in result.of_kind(SAVED, ADHOC, PAGE) if o.problem]
    assert not failed, f"{len(failed)} failed, first: {failed[:5]}"


def test_every_pathological_query_is_stopped_by_the_time_limit(
        load: tuple[LoadResult, Path]) -> None:
    result, _ = load
    sent = result.of_kind(PATHOLOGICAL)
    stopped = [o for o in sent if not o.problem]
    assert sent and len(stopped) == len(sent), [o for o in sent if o.problem][:5]
    slowest = max(o.latency_s for o in sent)
    assert slowest <= QUERY_TIMEOUT_S + PATHOLOGICAL_MARGIN_S
    assert min(o.latency_s for o in sent) >= QUERY_TIMEOUT_S


def test_ordinary_p99_latency_is_within_the_bound(load: tuple[LoadResult, Path]) -> None:
    result, _ = load
    summary = result.summary()
    p99 = {kind: summary[kind].p99_ms / 1000 for kind in (SAVED, ADHOC, PAGE, "ordinary")}
    assert all(v <= ORDINARY_P99_BOUND_S for v in p99.values()), p99


def test_server_survives_with_its_workers(load: tuple[LoadResult, Path]) -> None:
    """Still running and answering, as many query workers as before (none leaked, none
    lost), and none left behind once it stopped. The workers are counted from /proc."""
    result, _ = load
    assert result.alive_after and result.answers_after, result.log_tail
    if Path("/proc/self/stat").exists():
        assert len(result.workers_before) == len(result.workers_after) == \
            WORKERS * PROCESSES
        assert not result.leftover, "query workers outlived the server"


def test_the_mix_is_fixed_by_the_seed() -> None:
    """One seed draws the same requests every time (the timing differs, not the mix)."""
    cat = Catalogue("https://example.org/", (Saved("q", "SELECT", (Param("org", "iri", None),)),),
                    (("https://example.org/id/org/a", "org"),), ("이름",))

    def draw(seed: str) -> list[Call]:
        rng = random.Random(seed)
        return [ordinary_call(rng, cat) for _ in range(400)]

    calls = draw("7:1")
    assert calls == draw("7:1") != draw("7:2")
    assert {c.kind for c in calls} == {SAVED, ADHOC, PAGE}
    assert {c.expect for c in calls} == {RESULTS_JSON, TURTLE, HTML}
    assert any(c.form for c in calls) and any(c.content for c in calls)
    assert any(c.kind == SAVED and c.params for c in calls)
    assert 150 < sum("Cache-Control" in c.headers for c in calls) < 250
