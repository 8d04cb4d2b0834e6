"""The saved queries answer a newcomer's questions, each with one SPARQL query."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Store

from aigraph.queries import load_queries, run_saved

QUERIES = Path(__file__).resolve().parent.parent / "queries"
SAVED = load_queries(QUERIES)


def rows(store: Store, name: str, **values: str) -> list[dict[str, str]]:
    result = run_saved(store, SAVED[name], values)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return [{n: r[n].value for n in names if r[n] is not None} for r in result]


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_every_saved_query_has_a_bilingual_header(path: Path) -> None:
    header = [line for line in path.read_text(encoding="utf-8").splitlines()
              if line.startswith("#+")]
    text = "\n".join(header)
    for field in ("title:", "ko:", "en:", "description:", "params:", "tags:"):
        assert field in text, f"{path.name} lacks {field}"


def test_who_attended_the_opening_of_aicon_2022_and_with_which_titles(store: Store) -> None:
    found = {(r["name"], r.get("title"), r.get("organization"))
             for r in rows(store, "opening-attendees") if r["role"] == "참석자"}
    assert found == {
        ("박윤규", "제2차관", "과학기술정보통신부"),
        ("강기정", "시장", "광주광역시"),
        ("이경록", "본부장", "정보통신산업진흥원"),
        ("정무창", "의장", "광주광역시의회"),
        ("이정선", "교육감", "광주광역시교육청"),
        ("정성택", "총장", "전남대학교"),
    }


def test_the_same_question_answered_in_english(store: Store) -> None:
    found = {(r["name"], r.get("title"), r.get("organization"))
             for r in rows(store, "opening-attendees", lang="en") if r["role"] == "attendee"}
    assert found == {
        ("Park Yun-kyu", "second vice minister", "Ministry of Science and ICT"),
        ("Kang Gi-jung", "mayor", "Gwangju Metropolitan City"),
        ("Lee Kyung-rok", "head of division", "National IT Industry Promotion Agency"),
        ("Jung Moo-chang", "council chair", "Gwangju Metropolitan Council"),
        ("Lee Jung-sun", "superintendent of education",
         "Gwangju Metropolitan Office of Education"),
        ("Jung Sung-taek", "university president", "Chonnam National University"),
    }


def test_which_agreements_were_signed_between_whom_at_which_event(store: Store) -> None:
    found = {r["name"]: r for r in rows(store, "agreements")}
    assert len(found) == 7
    assert all(int(r["partyCount"]) >= 2 for r in found.values())
    tbt = found["인공지능산업융합사업단–TBT종합지원센터 업무협약"]
    assert tbt["eventName"] == "AICON 광주 2022"
    assert set(tbt["parties"].split(", ")) == {"인공지능산업융합사업단",
                                               "무역기술장벽(TBT)종합지원센터"}
    assert int(found["광주시 데이터 공유 및 협력 업무협약"]["partyCount"]) == 13


def test_which_figures_were_announced_for_2029_and_by_which_article(store: Store) -> None:
    found = {(r["name"], int(r["value"]), r["article"].rsplit("/", 1)[1][:3])
             for r in rows(store, "figures-for-year")}
    assert {("2029년 일자리 창출 목표", 7000, "003"), ("2029년 일자리 창출 목표", 27500, "004"),
            ("2029년 AI 창업 목표", 1000, "004"), ("2029년 AI 전문인력 양성 목표", 5150, "004")
            } <= found


def test_each_article_keeps_its_own_year_or_period_of_a_2029_figure(store: Store) -> None:
    """Article 004 dates the jobs goal 2029, article 003 gives it "향후 10년간": each row
    carries only what its own article says."""
    found = {(r["article"].rsplit("/", 1)[1][:3], r.get("reportedYear"), r.get("period"))
             for r in rows(store, "figures-for-year")
             if r["target"].endswith("/target/ai-jobs-2029")}
    assert found == {("003", None, "향후 10년간"), ("004", "2029", None)}


def test_which_people_appear_in_more_than_one_article(store: Store) -> None:
    found = {r["name"]: int(r["articles"]) for r in rows(store, "people-in-several-articles")}
    assert found == {"이용섭": 3, "임차식": 2}


def test_figures_that_articles_report_differently_stand_side_by_side(store: Store) -> None:
    found = {r["name"]: r["claims"] for r in rows(store, "conflicting-figures")}
    assert set(found) == {"2029년 일자리 창출 목표",
                          "인공지능 중심 산업융합 집적단지 조성사업 총사업비"}
    # SPARQL leaves the order of GROUP_CONCAT's parts to the engine.
    assert set(found["2029년 일자리 창출 목표"].split(" | ")) == {
        "7000 (7000명) @ https://w3id.org/aigraph/id/article/003-1397a4511c9db210",
        "27500 (2만7500명) @ https://w3id.org/aigraph/id/article/004-c7d5fc48eb6dfa79"}
