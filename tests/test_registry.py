"""The registry: one key per real-world thing, with Korean and English labels and aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from aigraph.dataset import Inputs
from aigraph.errors import RegistryError
from aigraph.registry import link_text, load_registry


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
    ("org:\n  gist: {ko: 지스트, en: G, same_as: [Q123]}\n", "with one of the prefixes wd:", 2),
    ("org:\n  gist: {ko: 지스트, en: G, same_as: [wikidata:Q123]}\n", "not a known identifier", 2),
    ("org:\n  gist: {ko: 지스트, en: G, same_as: [wd:Gwangju]}\n", "not a wd: identifier", 2),
    ("org:\n  gist:\n    ko: 지스트\n    en: G\n    close_match: [dbr:a b]\n",
     "not a dbr: identifier", 5),
])
def test_malformed_entries_are_errors_naming_the_line(tmp_path: Path, text: str, message: str,
                                                      line: int) -> None:
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=message) as info:
        load_registry(tmp_path)
    assert info.value.line == line


def test_outside_identifiers_are_written_by_prefix_and_read_as_full_iris(tmp_path: Path
                                                                         ) -> None:
    (tmp_path / "r.yaml").write_text(
        "place:\n  japan: {ko: 일본, en: Japan, same_as: [wd:Q17, dbr:Japan]}\n"
        "org:\n  city: {ko: 시, en: City, close_match: [wd:Q41283]}\n", encoding="utf-8")
    registry = load_registry(tmp_path)
    japan, city = registry.get("place/japan"), registry.get("org/city")
    assert japan is not None and city is not None
    assert japan.same_as == ("http://www.wikidata.org/entity/Q17",
                             "http://dbpedia.org/resource/Japan")
    assert (city.same_as, city.close_match) == ((), ("http://www.wikidata.org/entity/Q41283",))


def test_only_reviewed_well_known_entities_are_linked_out(inputs: Inputs) -> None:
    linked = {e.ref: e.same_as for e in inputs.registry if e.same_as}
    assert linked["place/gwangju"] == ("http://www.wikidata.org/entity/Q41283",)
    assert "http://www.wikidata.org/entity/Q30" in linked["place/united-states"]
    # A subsidiary is not its parent brand: Naver Business Platform stays unlinked.
    assert "org/naver-business-platform" not in linked
    # A city government is close to the city, not the same thing.
    assert "org/gwangju-city" not in linked


def test_an_outside_identifier_is_written_back_as_it_is_read() -> None:
    assert link_text("http://www.wikidata.org/entity/Q17") == "wd:Q17"
    assert link_text("http://dbpedia.org/resource/Amazon_(company)") == "dbr:Amazon_(company)"
    with pytest.raises(ValueError, match="not in a dataset"):
        link_text("https://example.org/thing")
