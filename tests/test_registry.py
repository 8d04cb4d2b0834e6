"""The registry: one key per real-world thing, with Korean and English labels and aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from aigraph.dataset import Inputs
from aigraph.errors import RegistryError
from aigraph.registry import load_registry


def refs_with_alias(inputs: Inputs, alias: str) -> set[str]:
    return {e.ref for e in inputs.registry if alias in e.aliases + e.aliases_en + (e.ko,)}


@pytest.mark.parametrize(("alias", "ref"), [
    ("광주시", "org/gwangju-city"),
    ("광주광역시", "org/gwangju-city"),
    ("GIST", "org/gist"),
    ("광주과학기술원", "org/gist"),
    ("과기정통부", "org/msit"),
    ("과기부", "org/msit"),
    ("사업단", "org/aica"),
    ("인공지능산업융합사업단", "org/aica"),
    ("이봉연", "person/lee-bong-yun"),
])
def test_spelling_variants_and_abbreviations_resolve_to_one_entity(inputs: Inputs, alias: str,
                                                                    ref: str) -> None:
    assert refs_with_alias(inputs, alias) == {ref}


def test_every_entry_has_a_korean_and_an_english_label(inputs: Inputs) -> None:
    assert all(e.ko and e.en for e in inputs.registry)


def test_no_two_entities_of_a_kind_share_a_korean_label(inputs: Inputs) -> None:
    seen: dict[tuple[str, str], str] = {}
    for entry in inputs.registry:
        key = (entry.kind, entry.ko)
        assert key not in seen, f"{entry.ref} and {seen[key]} share the label {entry.ko}"
        seen[key] = entry.ref


def test_a_key_defined_twice_is_an_error_naming_both_places(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("org:\n  gist: {ko: 광주과학기술원, en: GIST}\n")
    (tmp_path / "b.yaml").write_text("org:\n  gist: {ko: 지스트, en: GIST}\n")
    with pytest.raises(RegistryError, match="defined twice") as info:
        load_registry(tmp_path)
    assert "a.yaml:2" in str(info.value) and info.value.path == tmp_path / "b.yaml"


@pytest.mark.parametrize(("text", "message", "line"), [
    ("org:\n  Gist: {ko: 지스트, en: GIST}\n", "not a lowercase ASCII slug", 2),
    ("org:\n  gist: {ko: 지스트}\n", "no 'en' label", 2),
    ("org:\n  gist: {ko: 지스트, en: GIST, label: x}\n", "unknown field 'label'", 2),
    ("company:\n  gist: {ko: 지스트, en: GIST}\n", "unknown kind 'company'", 1),
    ("org:\n  gist: {ko: 지스트, en: G, aliases: 지스트}\n", "must be a list", 2),
])
def test_malformed_entries_are_errors_naming_the_line(tmp_path: Path, text: str, message: str,
                                                      line: int) -> None:
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=message) as info:
        load_registry(tmp_path)
    assert info.value.line == line
