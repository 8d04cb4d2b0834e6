"""A store made as a patch of the serving one holds what a store written from scratch holds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

from aigraph.build import build
from aigraph.config import Settings
from aigraph.errors import StoreError
from aigraph.incremental import report_path
from aigraph.storepatch import (
    Changes,
    changed_graphs,
    fingerprints,
    manifest_path,
    patch_store,
    read_manifest,
)

EX = "https://example.org/"
A, B, C = (NamedNode(f"{EX}graph/{n}") for n in "abc")
S, P = NamedNode(f"{EX}s"), NamedNode(f"{EX}p")


def lit(text: str) -> Literal:
    return Literal(text)


def everything(folder: Path) -> set[Quad]:
    """Every quad of the store in ``folder``, the default graph's included."""
    return set(Store.read_only(str(folder)))


def fresh(quads: list[Quad], folder: Path) -> set[Quad]:
    """What a store written from scratch holds for ``quads`` (with the merge)."""
    store = Store(str(folder))
    store.extend(quads)
    store.extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads)
    store.flush()
    held = set(store)
    del store  # closed before the folder is opened again
    return held


def patched(old: list[Quad], new: list[Quad], tmp_path: Path) -> set[Quad]:
    """The store of ``old`` patched with the changes that make it ``new``."""
    previous = tmp_path / "previous"
    fresh(old, previous)
    graphs = changed_graphs(fingerprints(old), fingerprints(new))
    removed = [q for q in set(old) - set(new) if q.graph_name.value in graphs]
    added = [q for q in set(new) - set(old) if q.graph_name.value in graphs]
    patch_store(Changes(previous, graphs, removed, added), tmp_path / "patched")
    return everything(tmp_path / "patched")


def test_a_fingerprint_depends_on_a_graphs_content_not_its_order() -> None:
    one = [Quad(S, P, lit("1"), A), Quad(S, P, lit("2"), A), Quad(S, P, lit("3"), B)]
    assert fingerprints(one) == fingerprints(list(reversed(one)))
    changed = fingerprints([*one[:2], Quad(S, P, lit("4"), B)])
    assert changed_graphs(fingerprints(one), changed) == {B.value}
    assert changed_graphs(fingerprints(one), fingerprints(one[:2])) == {B.value}


def test_a_triple_left_in_another_graph_stays_in_the_default_graph(tmp_path: Path) -> None:
    old = [Quad(S, P, lit("shared"), A), Quad(S, P, lit("shared"), B),
           Quad(S, P, lit("only-a"), A)]
    new = [Quad(S, P, lit("shared"), B)]
    got = patched(old, new, tmp_path)
    assert got == fresh(new, tmp_path / "expected")
    assert Quad(S, P, lit("shared"), DefaultGraph()) in got
    assert Quad(S, P, lit("only-a"), DefaultGraph()) not in got


def test_a_triple_moved_between_graphs_keeps_its_place_in_the_default_graph(
        tmp_path: Path) -> None:
    old = [Quad(S, P, lit("moving"), A), Quad(S, P, lit("kept"), C)]
    new = [Quad(S, P, lit("moving"), B), Quad(S, P, lit("kept"), C),
           Quad(S, P, lit("added"), A)]
    assert patched(old, new, tmp_path) == fresh(new, tmp_path / "expected")


def test_a_failed_patch_is_an_error_and_leaves_the_previous_store_as_it_was(
        tmp_path: Path) -> None:
    target = tmp_path / "patched"
    target.mkdir()
    (target / "in-the-way").write_text("x")
    fresh([Quad(S, P, lit("1"), A)], tmp_path / "previous")
    with pytest.raises(StoreError, match="cannot write the store as a patch"):
        patch_store(Changes(tmp_path / "previous", {A.value}, [], []), target)
    assert everything(tmp_path / "previous") == {Quad(S, P, lit("1"), A),
                                                 Quad(S, P, lit("1"), DefaultGraph())}


def test_a_changed_article_is_patched_into_a_store_equal_to_a_full_build(
        scratch: Callable[[], Settings], tmp_path: Path) -> None:
    settings = scratch()
    first = build(settings)
    assert first.store is not None and read_manifest(first.store) is not None
    facts = sorted(settings.facts_dir.glob("*.yaml"))[0]
    text = facts.read_text(encoding="utf-8")
    cut = text.index("  - kind: entity")  # drop the first statement, keep the file valid
    end = text.index("  - kind:", cut + 1)
    facts.write_text(text[:cut] + text[end:], encoding="utf-8")
    second = build(settings)
    assert second.store is not None and second.build_id != first.build_id
    # A patch starts from a checkpoint: the unchanged files are hard links of the old ones.
    assert any(p.stat().st_nlink > 1 for p in second.store.glob("*.sst"))
    full_settings = settings.with_(store_dir=tmp_path / "full" / "store")
    full = build(full_settings, full=True)
    assert full.build_id == second.build_id
    assert full.store is not None
    assert everything(second.store) == everything(full.store)
    assert manifest_path(second.store).is_file()


def test_a_full_build_writes_from_scratch(scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    build(settings)
    again = build(settings, full=True)
    assert again.store is not None
    assert all(p.stat().st_nlink == 1 for p in again.store.glob("*.sst"))


def test_old_manifests_and_reports_go_with_their_stores(scratch: Callable[[], Settings]) -> None:
    settings = scratch().with_(keep_stores=1)
    build(settings)
    build(settings)
    latest = build(settings)
    assert latest.store is not None
    stores = sorted(p for p in settings.stores_dir.iterdir() if p.is_dir())
    assert stores == [latest.store]
    assert sorted(p.name for p in settings.stores_dir.glob("*.json")) == [
        manifest_path(latest.store).name, report_path(latest.store).name]
    shutil.rmtree(settings.stores_dir)
