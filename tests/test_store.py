"""The store: built beside the old one, swapped atomically, a default graph without duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from pyoxigraph import Store

from aigraph.build import BuildResult, build
from aigraph.config import Settings
from aigraph.errors import FactsError, StoreError
from aigraph.store import in_memory, open_store


def count(store: Store, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def test_the_default_graph_has_no_duplicate_triples(store: Store) -> None:
    total = count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    distinct = count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                            "WHERE { ?s ?p ?o } }")
    assert total == distinct > 1000


def test_the_default_graph_is_the_merge_of_all_named_graphs(store: Store) -> None:
    merged = count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o "
                          "WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == merged


def test_each_article_has_its_own_named_graph(store: Store) -> None:
    graphs = {g.value.rsplit("/", 1)[1] for g in store.named_graphs()}
    assert {"ontology", "registry", "build", "void", "000-7b0d44fbd805e180",
            "004-c7d5fc48eb6dfa79"} <= graphs


def test_void_counts_match_the_store(store: Store) -> None:
    void_triples = count(store, "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?n WHERE { "
                                "<https://w3id.org/aigraph/dataset> void:triples ?n }")
    # The triples of the default graph as served, the VoID description's own included.
    live = count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert void_triples == live


def test_the_build_is_recorded_as_a_prov_activity(store: Store, built: BuildResult) -> None:
    rows = list(store.query("PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?b ?t ?v WHERE "
                            "{ ?b a prov:Activity ; prov:endedAtTime ?t ; prov:wasAssociatedWith"
                            " ?a . ?a <https://schema.org/softwareVersion> ?v }"))
    assert len(rows) == 1 and rows[0]["b"].value.endswith(built.build_id)
    assert rows[0]["t"].value == "2026-01-01T00:00:00Z"


def test_building_twice_gives_the_same_build_and_the_same_quads(
        scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    first = build(settings)
    quads_first = set(open_store(settings))
    second = build(settings)
    assert first.build_id == second.build_id
    assert set(open_store(settings)) == quads_first


def test_a_bad_input_leaves_the_previous_store_serving_untouched(
        scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    build(settings)
    target = settings.store_dir.resolve()
    before = set(open_store(settings))
    facts = settings.facts_dir / "000_7b0d44fbd805e180.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("evidence: 개막식에는",
                                                               "evidence: 폐막식에는", 1),
                     encoding="utf-8")
    with pytest.raises(FactsError):
        build(settings)
    assert settings.store_dir.resolve() == target
    assert set(open_store(settings)) == before


def test_a_new_build_is_swapped_in_and_old_stores_are_pruned(
        scratch: Callable[[], Settings]) -> None:
    settings = scratch().with_(keep_stores=1)
    first = build(settings)
    (settings.articles_dir / "zz_extra.txt").write_text("광주시가 새 포럼을 열었다.",
                                                        encoding="utf-8")
    second = build(settings)
    assert second.build_id != first.build_id
    assert settings.store_dir.resolve() == second.store
    assert not first.store.exists()


def test_a_small_store_is_copied_into_memory_whole(store: Store) -> None:
    copy = in_memory(store, len(store))
    assert copy is not store
    assert set(copy) == set(store)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"  # the default graph, as served
    assert next(iter(copy.query(query)))["n"] == next(iter(store.query(query)))["n"]
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    assert [r["g"] for r in copy.query(named)] == [r["g"] for r in store.query(named)]


def test_a_store_over_the_limit_or_a_zero_limit_stays_on_disk(store: Store) -> None:
    assert in_memory(store, len(store) - 1) is store
    assert in_memory(store, 0) is store


def test_opening_a_missing_store_says_how_to_build_one(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(StoreError, match="aigraph build"):
        open_store(Settings(root=tmp_path))


def test_a_build_clears_the_half_written_files_of_builds_that_died(
        scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    build(settings)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = settings.stores_dir / f".x-cbcb45d49f6b512d.graphs.json.{dead.pid}.tmp"
    running = settings.stores_dir / f".x-cbcb45d49f6b512d.report.json.{os.getpid()}.tmp"
    for half in (stale, running):
        half.write_text("{", encoding="utf-8")
    build(settings)
    assert not stale.exists() and running.exists()
    running.unlink()


def test_a_build_killed_at_any_moment_leaves_a_complete_store_serving(
        scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    first = build(settings)
    command = [sys.executable, "-m", "aigraph", "--root", str(settings.root), "build"]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    duration = time.monotonic() - started
    before_swap = 0
    for fraction in (0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        current = settings.store_dir.resolve()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        serving = settings.store_dir.resolve()
        before_swap += serving == current
        assert count(open_store(settings), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") \
            == first.triples, f"killed at {fraction:.0%} of a build"
    assert before_swap > 0, "no kill landed before the swap; the test proved nothing"
    build(settings)
    leftovers = [p.name for p in settings.stores_dir.iterdir() if p.name.startswith(".")]
    assert leftovers == []
