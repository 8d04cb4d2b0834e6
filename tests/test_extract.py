"""The extractor on text it has never seen: each construction of Korean news it reads, the
JSON it gives tools, and ``add`` with good and bad files.

The sentences here are written for these tests; the registry the extractor links against is
the project's own, which knows none of the invented people and companies below.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from aigraph.articles import read_article
from aigraph.config import Settings
from aigraph.dataset import Inputs
from aigraph.errors import ArticleError
from aigraph.extract import Draft, Extractor
from aigraph.extract.draft import draft_schema
from aigraph.extract.drafts import add_article, facts_yaml
from aigraph.extract.resolve import romanise, slug

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
LEXICONS = Path(__file__).resolve().parent.parent / "src" / "aigraph" / "extract" / "lexicon"


@pytest.fixture
def draft(extractor: Extractor, tmp_path: Path) -> Callable[[str], Draft]:
    """Draft a body written in the test (an article dated 2024-03-15)."""

    def make(body: str, date: str = "2024-03-15", publisher: str = "빛고을일보") -> Draft:
        path = tmp_path / "news.md"
        path.write_text(f"---\ndate: \"{date}\"\ndate_basis: stated\npublisher: {publisher}\n"
                        f"---\n{body}\n", encoding="utf-8")
        return extractor.extract(read_article(path))

    return make


def memberships(d: Draft) -> set[tuple[str, str, str]]:
    return {(d.label(f.values["person"]), d.label(f.values["role"]),
             d.label(f.values["org"]) if "org" in f.values else "")
            for f in d.facts if f.kind == "membership"}


def organisations(d: Draft) -> set[str]:
    return {d.label(r) for f in d.facts for v in f.values.values()
            for r in (v if isinstance(v, list) else [v]) if isinstance(r, str)
            and r.startswith("org/")}


def facts(d: Draft, kind: str) -> list[dict[str, Any]]:
    return [{k: (d.label(v) if isinstance(v, str) and "/" in v else
                 [d.label(x) for x in v] if isinstance(v, list) else v)
             for k, v in f.values.items()} for f in d.facts if f.kind == kind]


# -- people and their titles ------------------------------------------------------------

def test_a_title_keeps_its_prefix_and_the_organisation_its_whole_name(draft: Callable) -> None:
    d = draft("행사에는 한지우 한국인공지능산업협회 상근부회장과 "
              "오세훈 누리비전 부대표가 참석했다.")
    assert {("한지우", "상근부회장", "한국인공지능산업협회"), ("오세훈", "부대표", "누리비전")} \
        <= memberships(d)


@pytest.mark.parametrize(("text", "expected"), [
    ("윤태민 한빛AI협회장은 말했다.", ("윤태민", "회장", "한빛AI협회")),
    ("최서윤 빛고을AI사업단장이 발표했다.", ("최서윤", "단장", "빛고을AI사업단")),
    ("박도윤 광주시의회 부의장은 말했다.", ("박도윤", "부의장", "광주광역시의회")),
    ("정하늘 남도데이터진흥원 사무국장은 설명했다.", ("정하늘", "사무국장", "남도데이터진흥원")),
    ("강민재 광주시장은 강조했다.", ("강민재", "시장", "광주광역시")),
])
def test_a_title_fused_with_its_organisation_is_split(draft: Callable, text: str,
                                                      expected: tuple[str, str, str]) -> None:
    assert expected in memberships(draft(text))


def test_a_title_with_no_organisation_keeps_the_title_alone(draft: Callable) -> None:
    d = draft("서민아 국회의원과 조태호 장관이 축사를 했다.")
    assert {("서민아", "국회의원", ""), ("조태호", "장관", "")} <= memberships(d)


def test_a_foreign_name_of_two_or_three_words_stands_before_its_organisation(
        draft: Callable) -> None:
    d = draft("마이클 첸 엔비디아 부사장과 사라 존스 리 퀀텀칩스 수석연구원이 강연했다.")
    assert {("마이클 첸", "부사장", "엔비디아"), ("사라 존스 리", "수석연구원", "퀀텀칩스")} \
        <= memberships(d)


def test_the_company_may_stand_before_the_person_with_its_mark(draft: Callable) -> None:
    d = draft("㈜라온데이터 김하람 대표이사와 누리솔㈜ 이준서 전무, 온새미 박지호 대표가 왔다.")
    found = memberships(d)
    assert ("김하람", "대표이사", "㈜라온데이터") in found
    assert ("이준서", "전무", "누리솔㈜") in found and ("박지호", "대표", "온새미") in found


def test_a_person_introduced_after_a_clause_gets_the_organisation_before_it(
        draft: Callable) -> None:
    d = draft("이번 사업을 총괄하는 남도AI협회의 정민우 사무국장은 \"속도를 내겠다\"고 말했다.")
    assert ("정민우", "사무국장", "남도AI협회") in memberships(d)


def test_a_later_mention_without_the_organisation_adds_nothing(draft: Callable) -> None:
    d = draft("배서진 정보통신산업진흥원장이 참석했다. 배서진 원장은 \"기쁘다\"고 말했다.")
    assert memberships(d) == {("배서진", "원장", "정보통신산업진흥원"), ("배서진", "원장", "")} - {
        ("배서진", "원장", "")}


def test_a_reporter_works_for_the_publisher_the_byline_or_front_matter_names(
        draft: Callable) -> None:
    assert ("한지우", "기자", "빛고을일보") in memberships(draft("광주=한지우 기자"))
    assert ("문태식", "기자", "남도경제") in memberships(draft("[남도경제 문태식 기자]"))


# -- organisations ----------------------------------------------------------------------

def test_organisations_without_a_telling_ending_are_read_from_their_role(
        draft: Callable) -> None:
    d = draft("누리비전은 20일 에이아이큐브, 온새미와 함께 데이터 공유 협약을 체결했다고 밝혔다. "
              "로봇 제조사 토닥이와 음성 기업 말벗랩이 참여한다. "
              "선정 기업은 하랑·비트마루·나래온 등 초기 기업이다.")
    assert {"누리비전", "에이아이큐브", "온새미", "토닥이", "말벗랩", "하랑", "비트마루",
            "나래온"} <= organisations(d)


def test_what_only_looks_like_an_organisation_is_not_one(draft: Callable) -> None:
    d = draft("정부는 규제자유특구를 지정했다.광주광역시는 첨단 데이터센터에서 10개사와 만났다. "
              "△빛고을AI협회 △누리비전 △온새미 등이 의견을 냈다.")
    orgs = organisations(d)
    assert "광주광역시" in orgs and {"누리비전", "온새미"} <= orgs
    assert not orgs & {"정부", "대한민국 정부", "규제자유특구", "첨단 데이터센터", "데이터센터",
                       "10개사", "있다.광주광역시"}


# -- agreements ---------------------------------------------------------------------------

def test_an_agreement_holds_every_party_in_one_list(draft: Callable) -> None:
    d = draft("광주광역시는 15일 세움데이터, 라온클라우드㈜, 다온테크 등 데이터센터 기업과 "
              "민선 8기 50번째 투자협약을 체결했다고 밝혔다.")
    [agreement] = facts(d, "agreement")
    assert set(agreement["parties"]) == {"광주광역시", "세움데이터", "라온클라우드㈜", "다온테크"}
    assert agreement["date"] == "2024-03-15"
    assert not [f for f in facts(d, "figure") if f["value"] == 50]


def test_partners_far_from_the_agreement_word_and_an_implied_party_are_found(
        draft: Callable) -> None:
    d = draft("퀀텀그리드는 14일 광주 서구의 한 호텔에서 한결칩스, 모아로직과 저전력 반도체를 함께 "
              "설계하는 내용의 협약을 맺었다. 이어 빛고을대학교와도 인재 양성 업무협약을 맺었다.")
    parties = [set(a["parties"]) for a in facts(d, "agreement")]
    assert {"퀀텀그리드", "한결칩스", "모아로직"} in parties
    assert {"퀀텀그리드", "빛고을대학교"} in parties


def test_the_amount_of_an_investment_agreement_is_about_the_agreement(
        draft: Callable) -> None:
    d = draft("광주광역시와 그린클라우드는 1천억원 규모의 투자협약을 체결했다.")
    [agreement] = [f for f in d.facts if f.kind == "agreement"]
    [money] = [f for f in d.facts if f.kind == "figure"]
    assert money.values["about"] == agreement.values["agreement"]
    assert money.values["value"] == 100_000_000_000


# -- events -------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "name", "date"), [
    ("광주광역시는 14일 북구에서 국가AI데이터센터 착공식을 열었다.", "국가AI데이터센터 착공식",
     "2024-03-14"),
    ("남도창업진흥원은 지난 12일 3기 입교식을 열었다.", "3기 입교식", "2024-03-12"),
    ("'빛고을 AI 페스타 2024'가 다음 달 2일 김대중컨벤션센터에서 개막한다.",
     "빛고을 AI 페스타 2024", "2024-04-02"),
    ("시의회는 지난 13일 본회의에서 인공지능산업 육성 조례 개정안을 의결했다.",
     "인공지능산업 육성 조례 개정안 의결", "2024-03-13"),
    ("센터는 오는 5월 사업 설명회를 연다.", "사업 설명회", "2024-05"),
    ("누리비전은 이날 현판식을 했다.", "현판식", "2024-03-15"),
])
def test_events_are_named_and_dated_against_the_article(draft: Callable, body: str, name: str,
                                                        date: str) -> None:
    assert {(e["event"], e.get("date")) for e in facts(draft(body), "event")} >= {(name, date)}


def test_an_event_has_its_venue_and_organisers(draft: Callable) -> None:
    d = draft("'빛고을 AI 포럼 2024'가 14일 김대중컨벤션센터에서 열렸다. 포럼은 광주광역시, "
              "정보통신산업진흥원이 주최하고 인공지능산업융합사업단이 주관했다.")
    events = facts(d, "event")
    assert any(e.get("venue") == "김대중컨벤션센터" for e in events)
    hosted = next(e for e in events if "hosted_by" in e)
    assert set(hosted["hosted_by"]) == {"광주광역시", "정보통신산업진흥원"}
    assert hosted["organized_by"] == ["인공지능산업융합사업단"]


def test_a_lecture_title_is_not_an_event(draft: Callable) -> None:
    d = draft("김하람 교수는 'AI와 일자리의 미래'를 주제로 특강을 했다.")
    assert all("미래" not in e["event"] for e in facts(d, "event"))


# -- amounts and facilities ---------------------------------------------------------------

def test_amounts_keep_their_flags(draft: Callable) -> None:
    d = draft("사업비 1천48억원 가운데 4000여 억원은 국비이고 200억원 이상은 민간이 맡는다. "
              "2030년까지 AI 기업 100개를 유치하고 일자리 500명을 만든다.")
    found = {(f["value"], f["unit"], f.get("approximate", False), f.get("bound"))
             for f in facts(d, "figure")}
    assert {(104_800_000_000, "KRW", False, None), (400_000_000_000, "KRW", True, None),
            (20_000_000_000, "KRW", False, "min"), (100, "개", False, None),
            (500, "명", False, None)} <= found


def test_facilities_are_named_buildings_and_venues(draft: Callable) -> None:
    d = draft("기업들은 빛고을지식산업센터에 입주하고 행사는 서구 빛고을에너지허브에서 열린다.")
    assert {f["facility"] for f in facts(d, "facility")} >= {"빛고을지식산업센터",
                                                           "빛고을에너지허브"}


# -- evidence, JSON, registry -------------------------------------------------------------

def test_every_draft_fact_quotes_the_article_at_its_offsets(extractor: Extractor) -> None:
    article = read_article(FIXTURES / "t1_forum.md")
    d = extractor.extract(article)
    assert d.facts
    for fact in d.facts:
        assert article.body[fact.start:fact.end] == fact.evidence
        assert 0 < fact.confidence <= 1


def test_the_json_follows_its_schema_with_readable_labels(extractor: Extractor) -> None:
    docs = [extractor.extract(read_article(p)).as_json()
            for p in sorted((FIXTURES.parent / "news").glob("*.md"))]
    jsonschema.validate(docs, draft_schema(), format_checker=jsonschema.FormatChecker())
    labels = [e["label"] for doc in docs for e in doc["entities"]]
    assert labels and not [x for x in labels if "/" in x and not x.startswith("http")]
    agreements = [f for doc in docs for f in doc["facts"] if f["kind"] == "agreement"]
    assert all(isinstance(f["parties"], list) and len(f["parties"]) >= 2 for f in agreements)
    dated = [f["date"] for doc in docs for f in doc["facts"] if "date" in f]
    assert {d["precision"] for d in dated} >= {"day", "month"}


def test_a_proposed_organisation_is_labelled_with_its_korean_name(
        extractor: Extractor) -> None:
    doc = extractor.extract(read_article(FIXTURES / "t2_company.md")).as_json()
    [entity] = [e for e in doc["entities"] if e["label"] == "딥브레인"]
    assert entity["type"] == "Organization" and entity["known"] is False
    assert entity["id"].startswith("org/") and entity["iri"].endswith(entity["id"])


def test_mentions_link_to_the_registry_by_alias(extractor: Extractor) -> None:
    article = read_article(Path(__file__).resolve().parent.parent / "data" / "articles" /
                           "000_7b0d44fbd805e180.md")
    refs = {r for f in extractor.extract(article).facts for r in f.values.values()
            if isinstance(r, str)}
    assert {"person/kang-gi-jung", "org/gwangju-city", "org/msit", "role/mayor"} <= refs


def test_text_without_korean_gives_an_empty_draft_with_a_warning(
        extractor: Extractor) -> None:
    d = extractor.extract(read_article(FIXTURES / "t3_english.txt"))
    assert d.facts == [] and "no Korean text" in d.warnings[0]


def test_an_article_without_a_date_is_drafted_with_a_warning(extractor: Extractor,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("김철수 광주시 과장은 회의에 참석했다.", encoding="utf-8")
    d = extractor.extract(read_article(path))
    assert any("no date" in w for w in d.warnings)
    assert d.facts


def test_the_lexicons_hold_no_names_from_the_corpus(inputs: Inputs) -> None:
    words = {line.split("#")[0].strip() for path in LEXICONS.glob("*.txt") for line in
             path.read_text(encoding="utf-8").splitlines()}
    names = {e.ko for e in inputs.registry if e.kind in ("person", "org", "event", "facility",
                                                         "agreement", "place")}
    assert words & names == set()


def test_new_entities_get_romanised_keys() -> None:
    assert romanise("광주") == "gwangju" and slug("해양수산부") == "haeyangsusanbu"


# -- add ----------------------------------------------------------------------------------

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
    assert {r["agent"].value.rsplit("/", 1)[1] for r in rows} == {"aigraph-extract-0-2"}
    assert all(0 < float(r["confidence"].value) <= 1 for r in rows)


def test_an_added_article_with_a_bounded_amount_and_a_bare_title_builds(
        scratch: Callable[[], Settings], extractor: Extractor, tmp_path: Path) -> None:
    settings = scratch()
    source = tmp_path / "bounded.md"
    source.write_text("---\ndate: \"2024-03-15\"\ndate_basis: stated\n---\n"
                      "서민아 국회의원은 200억원 이상의 예산을 요청했다.\n", encoding="utf-8")
    add_article(settings, source, extractor)
    from aigraph.store import open_store

    rows = list(open_store(settings).query(
        "PREFIX schema: <https://schema.org/> PREFIX org: <http://www.w3.org/ns/org#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?min ?org WHERE { ?v schema:minValue ?min . ?m org:member/rdfs:label '서민아'@ko "
        "OPTIONAL { ?m org:organization ?org } }"))
    assert [(int(r["min"].value), r["org"]) for r in rows] == [(20_000_000_000, None)]


@pytest.mark.parametrize(("name", "content", "says"), [
    ("hostname", b"myhost\n", "not an article file"),
    ("english.md", b"An English article about Gwangju.\n", "no Korean text"),
    ("empty.txt", b"", "empty"),
    ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
])
def test_add_refuses_what_is_not_a_korean_article_and_changes_nothing(
        scratch: Callable[[], Settings], extractor: Extractor, tmp_path: Path, name: str,
        content: bytes, says: str) -> None:
    settings = scratch()
    before = sorted(p.relative_to(settings.root) for p in settings.root.rglob("*"))
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(ArticleError, match=says):
        add_article(settings, source, extractor)
    assert sorted(p.relative_to(settings.root) for p in settings.root.rglob("*")) == before


# -- dates and their basis ----------------------------------------------------------------

def test_every_dated_draft_fact_says_how_its_date_was_obtained(draft: Callable) -> None:
    """A date the sentence writes out is stated, one resolved against the (stated) article
    date is resolved, and a goal's year written with 년 is stated: never left unsaid."""
    d = draft("광주광역시는 14일 북구에서 국가AI데이터센터 착공식을 열었다. "
              "2030년까지 AI 기업 100개를 유치하는 것이 목표다.")
    dated = [f.values for f in d.facts if {"date", "year"} & set(f.values)]
    assert dated and all(v.get("date_basis") for v in dated)
    assert {(v.get("date") or v.get("year"), v["date_basis"]) for v in dated} \
        >= {("2024-03-14", "resolved"), ("2030", "stated")}


def test_dates_resolved_against_an_article_date_of_unknown_basis_are_inferred(
        extractor: Extractor, tmp_path: Path) -> None:
    path = tmp_path / "nobasis.md"
    path.write_text("---\ndate: \"2024-03-15\"\n---\n"
                    "광주광역시는 14일 북구에서 국가AI데이터센터 착공식을 열었다.\n",
                    encoding="utf-8")
    d = extractor.extract(read_article(path))
    assert {(f.values["date"], f.values["date_basis"]) for f in d.facts
            if "date" in f.values} == {("2024-03-14", "inferred")}
