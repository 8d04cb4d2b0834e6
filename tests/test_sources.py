"""Reading a build's inputs through the build cache gives what reading them afresh gives."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from aigraph import cache as cache_module
from aigraph.build import build, plan
from aigraph.cache import BuildCache
from aigraph.config import Settings
from aigraph.dataset import RESERVED_KEYS
from aigraph.errors import FactsError
from aigraph.sources import read_sources


def cache_of(settings: Settings) -> BuildCache:
    return BuildCache(settings.cache_dir, settings.base_iri)


def test_a_warm_cache_gives_the_same_quads_and_build_id(project_settings: Settings,
                                                        tmp_path) -> None:  # noqa: ANN001
    settings = project_settings.with_(store_dir=tmp_path / "var" / "store")
    cold, cold_id = plan(settings)
    filled = cache_of(settings)
    plan(settings, filled)
    assert (settings.cache_dir / "articles").is_dir()
    warm = cache_of(settings)
    quads, ident = plan(settings, warm)
    assert ident == cold_id
    assert quads == cold
    assert len([u for u in warm.used if u.startswith("articles/")]) == 5


def test_an_edited_facts_file_is_read_again(scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    plan(settings, cache_of(settings))
    facts = sorted(settings.facts_dir.glob("*.yaml"))[1]
    facts.write_text(facts.read_text(encoding="utf-8").replace("reviewed: true",
                                                               "reviewed: false\n"
                                                               "extractor: hand"),
                     encoding="utf-8")
    _, from_cache = plan(settings, cache_of(settings))
    _, afresh = plan(settings)
    assert from_cache == afresh


def test_an_entry_whose_registry_lookups_changed_is_read_again(
        scratch: Callable[[], Settings]) -> None:
    """An article whose facts name an entry that has since left the registry is read
    again, and fails as it would without the cache."""
    settings = scratch()
    plan(settings, cache_of(settings))
    registry = settings.registry_dir / "entities.yaml"
    text = registry.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines(keepends=True) if not line.startswith("  gist: ")]
    assert len(kept) == len(text.splitlines()) - 1
    registry.write_text("".join(kept), encoding="utf-8")
    with pytest.raises(FactsError, match="org/gist"):
        read_sources(settings, cache_of(settings), RESERVED_KEYS)


def test_a_broken_cache_entry_counts_as_absent(scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    first = build(settings)
    for entry in (settings.cache_dir / "articles").iterdir():
        entry.write_bytes(b"not a cache entry")
    again = build(settings)
    assert again.build_id == first.build_id
    assert again.triples == first.triples


def test_a_build_keeps_only_the_entries_it_used(scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    build(settings)
    before = {p.name for p in (settings.cache_dir / "articles").iterdir()}
    facts = sorted(settings.facts_dir.glob("*.yaml"))[0]
    facts.write_text(facts.read_text(encoding="utf-8") + "# read again\n", encoding="utf-8")
    build(settings)
    after = {p.name for p in (settings.cache_dir / "articles").iterdir()}
    assert len(before) == len(after) == 5
    assert len(before - after) == 1


def test_entries_made_by_other_code_are_not_taken(scratch: Callable[[], Settings],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A change to the package's code (an upgrade, a checkout) files entries under other
    hashes, so none made before it is reused."""
    settings = scratch()
    before = cache_of(settings)
    plan(settings, before)
    monkeypatch.setattr(cache_module, "code_digest", lambda: "other code")
    after = cache_of(settings)
    plan(settings, after)
    assert not before.used & after.used
    assert len([u for u in after.used if u.startswith("articles/")]) == 5
