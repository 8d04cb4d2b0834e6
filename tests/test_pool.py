"""Query workers: a runaway query is really stopped; a dead worker is replaced."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from aigraph.config import Settings
from aigraph.errors import QueryError, QueryTimeout
from aigraph.pool import WORKER_NAME, NoAcceptableFormat, QueryPool, QueryRequest, repeatable

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ASK = QueryRequest("ASK { ?s ?p ?o }", "json", "ttl", 10)


@pytest.fixture
def pool(project_settings: Settings, built: object) -> Iterator[QueryPool]:
    workers = QueryPool(project_settings.store_dir, 2, 1.5)
    workers.start()
    yield workers
    workers.close()


def pids(pool: QueryPool) -> set[int]:
    return {w.process.pid for w in pool._all if w.process.pid}  # noqa: SLF001


def test_a_query_past_the_time_limit_is_stopped_and_its_worker_replaced(
        pool: QueryPool) -> None:
    before = pids(pool)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="longer than 1.5 s"):
        pool.run(QueryRequest(CROSS, "json", None, 10))
    assert time.monotonic() - started < 5
    after = pids(pool)
    assert len(after) == 2 and len(before - after) == 1
    for pid in before - after:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert pool.run(ASK).body == b'{"head":{},"boolean":true}'


def test_a_worker_that_dies_is_replaced_and_the_client_told(pool: QueryPool) -> None:
    for pid in pids(pool):
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    with pytest.raises(QueryError, match="stopped unexpectedly"):
        pool.run(ASK)
    answers = []
    for _ in range(3):
        try:
            answers.append(pool.run(ASK))
        except QueryError:
            continue
    assert answers and pool.replaced >= 1


def test_a_syntax_error_comes_back_with_its_position(pool: QueryPool) -> None:
    with pytest.raises(QueryError, match="line 1, column"):
        pool.run(QueryRequest("SELECT WHERE", "json", None, 10))


def test_a_kind_with_no_acceptable_format_is_reported(pool: QueryPool) -> None:
    with pytest.raises(NoAcceptableFormat) as info:
        pool.run(QueryRequest("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "json", None, 10))
    assert info.value.kind == "graph"


PARENT = """
import sys, threading
from aigraph.pool import QueryPool, QueryRequest
pool = QueryPool(sys.argv[1], 2, 600)
pool.start()
print(" ".join(str(w.process.pid) for w in pool._all), flush=True)
pool.run(QueryRequest(sys.argv[2], "json", None, 10))
"""


def test_workers_of_a_killed_server_stop_even_in_the_middle_of_a_runaway_query(
        project_settings: Settings, built: object) -> None:
    import subprocess
    import sys

    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(project_settings.store_dir),
                               CROSS], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    time.sleep(1.0)  # the cross product is running in one of them
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 10
    alive = set(workers)
    while alive and time.monotonic() < deadline:
        alive = {pid for pid in alive if _running(pid)}
        time.sleep(0.1)
    assert len(workers) == 2 and not alive


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    from pathlib import Path

    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


# -- in-process evaluation of requests seen to be quick ----------------------------------

PEOPLE = ("SELECT ?p ?name WHERE { ?p a <https://w3id.org/aigraph/ontology#Person> ; "
          "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?p ?name")
GRAPH = ("CONSTRUCT { ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { "
         "?o a <https://w3id.org/aigraph/ontology#Organization> ; "
         "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")


@pytest.fixture
def inline_pool(project_settings: Settings, built: object) -> Iterator[QueryPool]:
    workers = QueryPool(project_settings.store_dir, 2, 1.5, inline_limit=1.0)
    workers.start()
    yield workers
    workers.close()


@pytest.mark.parametrize(("query", "result_format", "graph_format"), [
    (PEOPLE, "json", None), (PEOPLE, "csv", None), (PEOPLE, "tsv", None),
    (PEOPLE, "xml", None), (GRAPH, None, "nt"), (GRAPH, None, "ttl"),
    (GRAPH, None, "jsonld"), ("ASK { ?s ?p ?o }", "json", None)])
def test_a_request_a_worker_answered_quickly_is_answered_in_process_with_the_same_bytes(
        inline_pool: QueryPool, query: str, result_format: str | None,
        graph_format: str | None) -> None:
    request = QueryRequest(query, result_format, graph_format, 10_000)
    first = inline_pool.run(request)
    assert inline_pool.inline == 0
    again = [inline_pool.run(request) for _ in range(3)]
    assert inline_pool.inline == 3
    assert all(answer == first for answer in again)
    assert first.rows > 0 and not first.truncated


def test_an_answer_cut_at_the_row_cap_is_cut_the_same_in_process(
        inline_pool: QueryPool) -> None:
    request = QueryRequest(PEOPLE, "json", None, 3)
    first = inline_pool.run(request)
    second = inline_pool.run(request)
    assert inline_pool.inline == 1
    assert second == first and first.truncated and first.rows == 3


@pytest.fixture
def worker_pool(project_settings: Settings, built: object) -> Iterator[QueryPool]:
    """One worker, and every request evaluated there (the inline limit is never met)."""
    workers = QueryPool(project_settings.store_dir, 1, 1.5, inline_limit=1e-9)
    workers.start()
    yield workers
    workers.close()


@pytest.mark.parametrize(("query", "result_format", "graph_format"), [
    (PEOPLE, "json", None), (PEOPLE, "csv", None), (PEOPLE, "xml", None),
    (GRAPH, None, "nt"), (GRAPH, None, "ttl"), ("ASK { ?s ?p ?o }", "json", None)])
def test_a_worker_writes_an_answer_known_to_be_whole_with_the_same_bytes(
        worker_pool: QueryPool, query: str, result_format: str | None,
        graph_format: str | None) -> None:
    request = QueryRequest(query, result_format, graph_format, 10_000)
    first = worker_pool.run(request)
    again = [worker_pool.run(request) for _ in range(2)]
    assert worker_pool.inline == 0 and worker_pool.whole == 2
    assert all(answer == first for answer in again)


def test_an_answer_cut_at_the_row_cap_is_never_taken_for_whole(
        worker_pool: QueryPool) -> None:
    request = QueryRequest(PEOPLE, "json", None, 3)
    answers = [worker_pool.run(request) for _ in range(3)]
    assert worker_pool.whole == 0
    assert all(a == answers[0] for a in answers) and answers[0].truncated


def test_only_a_request_known_to_take_a_moment_in_process_is_called_instant(
        inline_pool: QueryPool) -> None:
    assert not inline_pool.instant(ASK)
    inline_pool.run(ASK)
    assert inline_pool.instant(ASK)
    assert not inline_pool.instant(QueryRequest(CROSS, "json", None, 10))


#: A count over a few million joined rows: far more than an instant, far less than a second.
JOINED = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . "
          "?d a <https://w3id.org/aigraph/ontology#Person> . "
          "?e a <https://w3id.org/aigraph/ontology#Agreement> }")


def test_a_request_known_to_take_longer_is_not_instant(inline_pool: QueryPool) -> None:
    request = QueryRequest(JOINED, "json", None, 10)
    inline_pool.run(request)
    inline_pool.run(request)
    assert inline_pool.inline == 1
    assert not inline_pool.instant(request)


def test_nothing_is_instant_when_every_request_goes_to_a_worker(
        project_settings: Settings, built: object) -> None:
    off = QueryPool(project_settings.store_dir, 1, 1.5, inline_limit=0)
    off.start()
    try:
        off.run(ASK)
        assert not off.instant(ASK)
    finally:
        off.close()


def test_a_runaway_query_is_never_evaluated_in_process(inline_pool: QueryPool) -> None:
    request = QueryRequest(CROSS, "json", None, 10)
    for _ in range(2):
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            inline_pool.run(request)
        assert time.monotonic() - started < 5
    assert inline_pool.inline == 0 and inline_pool.replaced == 2


def test_only_requests_within_the_inline_limit_are_evaluated_in_process(
        project_settings: Settings, built: object) -> None:
    slow = QueryPool(project_settings.store_dir, 1, 1.5, inline_limit=1e-9)
    off = QueryPool(project_settings.store_dir, 1, 1.5, inline_limit=0)
    for pool in (slow, off):
        pool.start()
        try:
            for _ in range(3):
                pool.run(QueryRequest(PEOPLE, "json", None, 10_000))
            assert pool.inline == 0
        finally:
            pool.close()


def test_a_request_differing_in_any_part_goes_to_a_worker_first(
        inline_pool: QueryPool) -> None:
    inline_pool.run(QueryRequest(PEOPLE, "json", None, 10_000))
    for other in (QueryRequest(PEOPLE, "csv", None, 10_000),
                  QueryRequest(PEOPLE, "json", None, 5),
                  QueryRequest(PEOPLE + " LIMIT 2", "json", None, 10_000),
                  QueryRequest(PEOPLE, "json", None, 10_000, base_iri="http://example.org/")):
        inline_pool.run(other)
    assert inline_pool.inline == 0


@pytest.mark.parametrize("query", [
    "SELECT ?s WHERE { ?s ?p ?o FILTER(RAND() < 0.5) } LIMIT 5",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(rand() < 0.5) } LIMIT 5",
    "SELECT (NOW() AS ?t) ?s WHERE { ?s ?p ?o } LIMIT 5"])
def test_a_query_whose_answer_can_change_is_never_evaluated_in_process(
        inline_pool: QueryPool, query: str) -> None:
    request = QueryRequest(query, "json", None, 10_000)
    for _ in range(3):
        inline_pool.run(request)
    assert inline_pool.inline == 0


def test_the_same_letters_outside_the_query_words_do_not_count(inline_pool: QueryPool) -> None:
    query = ("# the date of service launch, at random, now\n"
             "PREFIX service: <https://w3id.org/aigraph/ontology#>\n"
             "SELECT ?service ?now WHERE { ?service a service:Person ; ?p ?now "
             "FILTER(?p != <https://example.org/rand#NOW>) "
             "FILTER(STR(?now) != 'SERVICE') } LIMIT 5")
    assert repeatable(query)
    request = QueryRequest(query, "json", None, 10_000)
    for _ in range(3):
        inline_pool.run(request)
    assert inline_pool.inline == 2


def test_the_syntax_error_and_format_checks_still_hold_with_in_process_evaluation(
        inline_pool: QueryPool) -> None:
    for _ in range(2):
        with pytest.raises(QueryError, match="line 1, column"):
            inline_pool.run(QueryRequest("SELECT WHERE", "json", None, 10))
        with pytest.raises(NoAcceptableFormat):
            inline_pool.run(QueryRequest("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "json",
                                         None, 10))
    assert inline_pool.inline == 0


def test_a_request_is_identified_by_every_field_and_nothing_else() -> None:
    from dataclasses import fields, replace

    base = QueryRequest("SELECT * { ?s ?p ?o }", "json", "ttl", 10, ["https://g/1"], None,
                        [("x", "iri", "https://e/1", None, None)], base_iri="https://b/")
    assert base.digest == replace(base).digest and len(base.digest) == 16
    changed = {"query": "SELECT * { ?s ?p ?o } ", "result_format": "csv", "graph_format": "nt",
               "max_rows": 11, "default_graph": ["https://g/2"], "named_graphs": [],
               "substitutions": [("x", "iri", "https://e/2", None, None)], "max_bytes": 1,
               "base_iri": None}
    assert set(changed) == {f.name for f in fields(QueryRequest)}
    digests = {replace(base, **{name: value}).digest for name, value in changed.items()}
    assert len(digests) == len(changed) and base.digest not in digests
    # a text that looks like a field boundary does not collide with another field
    assert QueryRequest("a", "json", None, 1).digest != QueryRequest("a\0", "json", None, 1).digest


UNORDERED = "SELECT ?p WHERE { ?p a <https://w3id.org/aigraph/ontology#Person> }"


def test_workers_read_the_store_as_the_in_process_evaluation_does(
        project_settings: Settings, built: object) -> None:
    from pyoxigraph import Store

    from aigraph.store import in_memory

    copy = in_memory(Store.read_only(str(project_settings.store_dir)), 10**7)
    pool = QueryPool(project_settings.store_dir, 1, 5.0, inline_limit=1.0, store=copy,
                     memory_quads=10**7)
    pool.start()
    try:
        request = QueryRequest(UNORDERED, "json", None, 10_000)
        answers = [pool.run(request) for _ in range(3)]
    finally:
        pool.close()
    assert pool.inline == 2
    assert answers[0].rows == 49 and {a.body for a in answers} == {answers[0].body}


def _name(pid: int) -> str:
    from pathlib import Path

    return Path(f"/proc/{pid}/comm").read_text().strip()


def _command_line(pid: int) -> bytes:
    from pathlib import Path

    return Path(f"/proc/{pid}/cmdline").read_bytes()


@pytest.fixture
def shared_pool(project_settings: Settings, built: object) -> Iterator[QueryPool]:
    from pyoxigraph import Store

    from aigraph.store import in_memory

    copy = in_memory(Store.read_only(str(project_settings.store_dir)), 10**7)
    workers = QueryPool(project_settings.store_dir, 2, 1.5, inline_limit=1e-9, store=copy)
    workers.start()
    yield workers
    workers.close()


def test_workers_over_a_copy_in_memory_are_forked_from_the_process_holding_it(
        shared_pool: QueryPool) -> None:
    own = _command_line(os.getpid())
    for pid in pids(shared_pool):
        assert _command_line(pid) == own  # forked, not a fresh interpreter
        assert _name(pid) == WORKER_NAME  # but named apart in the process list
    answer = shared_pool.run(QueryRequest(UNORDERED, "json", None, 10_000))
    assert answer.rows == 49 and shared_pool.inline == 0


def test_a_worker_on_disk_is_a_fresh_process_that_opens_the_store(pool: QueryPool) -> None:
    own = _command_line(os.getpid())
    assert all(_command_line(pid) != own for pid in pids(pool))
    assert all(_name(pid) == WORKER_NAME for pid in pids(pool))


def test_a_runaway_query_in_a_forked_worker_is_stopped_and_the_worker_forked_again(
        shared_pool: QueryPool) -> None:
    before = pids(shared_pool)
    with pytest.raises(QueryTimeout):
        shared_pool.run(QueryRequest(CROSS, "json", None, 10))
    after = pids(shared_pool)
    assert shared_pool.replaced == 1 and len(after) == 2 and after != before
    own = _command_line(os.getpid())
    assert all(_command_line(pid) == own for pid in after)
    assert shared_pool.run(ASK).rows == 1
