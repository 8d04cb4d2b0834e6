"""The service serves a store from memory when it fits: a small one copied before the first
answer, a larger one from disk first and from memory once a copy made in the background is
ready, with the same answers either way."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace

import pytest
from pyoxigraph import QueryResultsFormat, Store, parse_query_results

from aigraph.config import Settings
from aigraph.pool import QueryPool, QueryRequest
from aigraph.server import service as service_module
from aigraph.server.service import Service
from aigraph.store import MemoryCopy

PEOPLE = QueryRequest("SELECT ?p ?name WHERE { ?p a <https://w3id.org/aigraph/ontology#Person> "
                      "; <http://www.w3.org/2000/01/rdf-schema#label> ?name }", "json", None,
                      10_000)


def rows(pool: QueryPool | object) -> Counter[tuple[str, ...]]:
    """The answer to PEOPLE, by a worker, as a multiset of rows."""
    assert isinstance(pool, QueryPool)
    answer = pool.run(PEOPLE)
    solutions = parse_query_results(answer.body, format=QueryResultsFormat.JSON)
    return Counter(tuple(str(s[v]) for v in ("p", "name")) for s in solutions)  # type: ignore[union-attr]


def serving(settings: Settings) -> Service:
    service = Service(settings)
    service.start()
    return service


def test_a_small_store_is_served_from_memory_from_the_first_answer(
        project_settings: Settings, built: object) -> None:
    service = serving(project_settings)
    try:
        assert isinstance(service.store, MemoryCopy)
    finally:
        service.close()


def test_a_larger_store_answers_from_disk_until_its_copy_in_memory_is_ready(
        project_settings: Settings, built: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_module, "AT_ONCE", 10)  # the five articles count as large
    service = serving(project_settings)
    try:
        first_pool = service.pool
        from_disk = rows(first_pool)
        deadline = time.monotonic() + 60
        while not isinstance(service.store, MemoryCopy) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert isinstance(service.store, MemoryCopy), "the copy was never swapped in"
        assert service.pool is not first_pool
        assert rows(service.pool) == from_disk and sum(from_disk.values()) > 10
    finally:
        service.close()


def test_a_store_over_the_memory_limit_stays_on_disk(
        project_settings: Settings, built: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_module, "AT_ONCE", 10)
    service = serving(replace(project_settings, memory_quads=100))
    try:
        time.sleep(1.0)  # time a background copy would have had to start
        assert isinstance(service.store, Store)
        assert sum(rows(service.pool).values()) > 10
    finally:
        service.close()


def test_a_copy_finished_after_the_service_stopped_is_not_served(
        project_settings: Settings, built: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_module, "AT_ONCE", 10)
    service = serving(project_settings)
    service.close()
    time.sleep(2.0)
    assert service.pool is None and service.store is None


def test_a_request_running_when_the_copy_is_swapped_in_still_gets_its_answer(
        project_settings: Settings, built: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(service_module, "AT_ONCE", 10)
    slow = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", "json",
                        None, 10)
    service = serving(replace(project_settings, query_timeout=30.0))
    answers: list[object] = []
    try:
        first_pool = service.pool
        assert isinstance(first_pool, QueryPool)
        running = threading.Thread(target=lambda: answers.append(first_pool.run(slow)))
        running.start()
        deadline = time.monotonic() + 60
        while not isinstance(service.store, MemoryCopy) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert service.pool is not first_pool
        running.join(60)
    finally:
        service.close()
    assert len(answers) == 1 and answers[0].rows == 1  # type: ignore[attr-defined]
