"""The extractor: people, titles, organisations, agreements and figures from Korean text it
has never seen, linked to the registry, with evidence and offsets; and the scores it
reaches on the corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aigraph.articles import read_article
from aigraph.config import Settings
from aigraph.dataset import Inputs
from aigraph.extract import Extractor
from aigraph.extract.drafts import add_article, evaluate_corpus, facts_yaml
from aigraph.extract.resolve import romanise, slug

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
LEXICONS = Path(__file__).resolve().parent.parent / "src" / "aigraph" / "extract" / "lexicon"


@pytest.fixture(scope="session")
def extractor(inputs: Inputs) -> Extractor:
    return Extractor(inputs.registry)


def memberships(draft, registry) -> set[tuple[str, str, str]]:  # noqa: ANN001
    proposed = {e.ref: e.ko for e in draft.proposed}

    def label(ref: str) -> str:
        entry = registry.get(ref)
        return entry.ko if entry else proposed[ref]

    return {(label(f.values["person"]), label(f.values["role"]), label(f.values["org"]))
            for f in draft.facts if f.kind == "membership"}


def test_an_unseen_article_gives_people_with_titles_and_organisations(
        extractor: Extractor, inputs: Inputs) -> None:
    draft = extractor.extract(read_article(FIXTURES / "t1_forum.md"))
    found = memberships(draft, inputs.registry)
    assert ("최민호", "차관", "해양수산부") in found
    assert ("김도윤", "총장", "부산대") in found
    assert any(name == "박형준" and title == "시장" for name, title, _ in found)


def test_reversed_and_company_first_forms_are_read(extractor: Extractor,
                                                   inputs: Inputs) -> None:
    draft = extractor.extract(read_article(FIXTURES / "t2_company.md"))
    found = memberships(draft, inputs.registry)
    assert ("윤서진", "대표", "딥브레인") in found
    assert ("정하람", "대표이사", "㈜큐브랩") in found
    assert ("이수아", "교수", "카이스트") in found


def test_every_draft_fact_quotes_the_article_at_its_offsets(extractor: Extractor) -> None:
    article = read_article(FIXTURES / "t1_forum.md")
    draft = extractor.extract(article)
    assert draft.facts
    for fact in draft.facts:
        assert article.body[fact.start:fact.end] == fact.evidence
        assert 0 < fact.confidence <= 1


def test_agreements_and_money_are_drafted(extractor: Extractor) -> None:
    draft = extractor.extract(read_article(FIXTURES / "t1_forum.md"))
    agreements = [f for f in draft.facts if f.kind == "agreement"]
    assert agreements and len(agreements[0].values["parties"]) >= 2
    money = {(f.values["value"], f.values["unit"]) for f in draft.facts if f.kind == "figure"}
    assert (1_200_000_000_000, "KRW") in money and (200, "곳") in money


def test_mentions_link_to_the_registry_by_alias(extractor: Extractor) -> None:
    article = read_article(Path(__file__).resolve().parent.parent / "data" / "articles" /
                           "000_7b0d44fbd805e180.md")
    refs = {r for f in extractor.extract(article).facts for r in f.values.values()
            if isinstance(r, str)}
    assert {"person/kang-gi-jung", "org/gwangju-city", "org/msit", "role/mayor"} <= refs


def test_text_without_korean_gives_an_empty_draft_with_a_warning(
        extractor: Extractor) -> None:
    draft = extractor.extract(read_article(FIXTURES / "t3_english.txt"))
    assert draft.facts == [] and "no Korean text" in draft.warnings[0]


def test_an_article_without_a_date_is_drafted_with_a_warning(extractor: Extractor,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("김철수 광주시 과장은 회의에 참석했다.", encoding="utf-8")
    draft = extractor.extract(read_article(path))
    assert any("no date" in w for w in draft.warnings)
    assert draft.facts


def test_the_lexicons_hold_no_names_from_the_corpus(inputs: Inputs) -> None:
    words = {line.strip() for path in LEXICONS.glob("*.txt") for line in
             path.read_text(encoding="utf-8").splitlines()}
    names = {e.ko for e in inputs.registry if e.kind in ("person", "org", "event", "facility",
                                                         "agreement", "place")}
    assert words & names == set()


def test_new_entities_get_romanised_keys() -> None:
    assert romanise("광주") == "gwangju" and slug("해양수산부") == "haeyangsusanbu"


def test_the_scores_on_the_corpus_stay_above_their_floors(project_settings: Settings,
                                                         extractor: Extractor) -> None:
    scores = {s.kind: s for s in evaluate_corpus(project_settings, extractor)}
    floors = {"persons": 0.9, "person-title-organisation": 0.8, "organisations": 0.8,
              "agreements with parties": 0.7, "amounts": 0.8}
    low = {k: round(scores[k].f1, 3) for k, floor in floors.items() if scores[k].f1 < floor}
    assert low == {}


def test_add_drafts_an_article_and_the_graph_holds_its_facts(
        scratch: Callable[[], Settings], extractor: Extractor) -> None:
    settings = scratch()
    added = add_article(settings, FIXTURES / "t1_forum.md", extractor)
    assert "reviewed: false" in added.facts.read_text(encoding="utf-8")
    from aigraph.store import open_store

    rows = list(open_store(settings).query(
        "PREFIX aig: <https://w3id.org/aigraph/ontology#> PREFIX rdfs: "
        "<http://www.w3.org/2000/01/rdf-schema#> SELECT ?name WHERE { ?m aig:reviewed false ; "
        "<http://www.w3.org/ns/org#member>/rdfs:label ?name }"))
    assert "최민호" in {r["name"].value for r in rows}
    assert facts_yaml(added.draft).startswith("article: t1_forum")


def test_added_facts_name_their_extractor_in_the_provenance(
        scratch: Callable[[], Settings], extractor: Extractor) -> None:
    settings = scratch()
    add_article(settings, FIXTURES / "t2_company.md", extractor)
    from aigraph.store import open_store

    rows = list(open_store(settings).query(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX aig: "
        "<https://w3id.org/aigraph/ontology#> SELECT DISTINCT ?agent ?confidence WHERE { "
        "?fact aig:reviewed false ; aig:confidence ?confidence ; prov:wasAttributedTo ?agent . "
        "?agent a prov:SoftwareAgent }"))
    assert {r["agent"].value.rsplit("/", 1)[1] for r in rows} == {"aigraph-extract-0-1"}
    assert all(0 < float(r["confidence"].value) <= 1 for r in rows)
