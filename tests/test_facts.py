"""Reviewed facts: every statement checked, every quote verbatim in its article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aigraph.articles import read_article
from aigraph.config import Settings
from aigraph.dataset import Inputs, load_inputs
from aigraph.errors import FactsError
from aigraph.facts import DATE_FIELDS, STATEMENT_KINDS, STATUSES, load_facts
from aigraph.registry import load_registry

ARTICLE = "000_7b0d44fbd805e180"


def test_every_article_of_the_corpus_has_reviewed_facts(inputs: Inputs) -> None:
    assert {a.key for a in inputs.articles} == set(inputs.facts)
    assert all(f.reviewed for f in inputs.facts.values())


def test_every_evidence_quote_occurs_verbatim_in_its_article(inputs: Inputs) -> None:
    bodies = {a.key: a.body for a in inputs.articles}
    for facts in inputs.facts.values():
        for st in facts.statements:
            assert bodies[facts.article][st.start:st.end] == st.evidence
            assert st.sentences, f"{facts.path}:{st.line} points at no sentence"


def test_every_kind_of_statement_is_used_by_the_corpus(inputs: Inputs) -> None:
    used = {st.kind for f in inputs.facts.values() for st in f.statements}
    assert used == set(STATEMENT_KINDS)


def test_every_person_in_the_registry_is_stated_about(inputs: Inputs) -> None:
    referenced = {r for f in inputs.facts.values() for st in f.statements for r in st.refs()}
    referenced |= {a.meta.get("author", "") for a in inputs.articles}
    people = {e.ref for e in inputs.registry.of_kind("person")}
    assert people - referenced == set()


def facts_file(settings: Settings, body: str) -> Path:
    path = settings.facts_dir / f"{ARTICLE}.yaml"
    path.write_text(f"article: {ARTICLE}\nreviewed: true\nstatements:\n{body}",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("statement", "message", "line"), [
    ("  - kind: membership\n    person: person/nobody\n    org: org/msit\n"
     "    role: role/minister\n    evidence: 박윤규\n",
     "'person/nobody', which is not in the registry", 5),
    ("  - kind: membership\n    person: person/park-yun-kyu\n    org: org/msit\n"
     "    role: role/minister\n    rank: 2\n    evidence: 박윤규\n",
     "unknown field 'rank'", 8),
    ("  - kind: rumour\n    evidence: 박윤규\n", "unknown statement kind 'rumour'", 4),
    ("  - kind: membership\n    person: person/park-yun-kyu\n    org: org/msit\n"
     "    role: role/minister\n    evidence: 이 문장은 기사에 없다\n",
     "does not occur verbatim", 8),
    ("  - kind: membership\n    person: person/park-yun-kyu\n    org: org/msit\n"
     "    evidence: 박윤규\n", "needs 'role'", 4),
    ("  - kind: agreement\n    agreement: agreement/aica-tbt-mou-2022\n"
     "    parties: [org/aica]\n    evidence: MOU를 맺었다\n", "at least 2", 6),
    ("  - kind: figure\n    target: target/ai-jobs-2029\n    type: goal\n"
     "    metric: metric/jobs-created\n    value: 칠천\n    unit: 명\n    surface: 28일\n"
     "    evidence: 28일\n", "whole number", 8),
    ("  - kind: event\n    event: event/aicon-gwangju-2022\n    date: \"2022\"\n"
     "    date_text: 28일\n    evidence: 28일 개막했다\n",
     "with 'date' needs 'date_basis' beside it: 'stated' if the text gives the date, "
     "'resolved' if it is a relative date", 6),
    ("  - kind: figure\n    target: target/aicon-gwangju-2022-edition\n    type: statistic\n"
     "    metric: metric/edition\n    value: 2\n    unit: 회\n    surface: 제2회\n"
     "    year: \"2022\"\n    evidence: 올해로 제2회를 맞은\n", "with 'year' needs 'date_basis'",
     11),
    ("  - kind: event\n    event: event/aicon-gwangju-2022\n    date_basis: stated\n"
     "    evidence: 28일 개막했다\n", "'date_basis' needs a date beside it", 6),
    ("  - kind: facility\n    facility: facility/national-ai-data-center\n"
     "    status: 건설 중\n    evidence: 국가 AI데이터센터도 건설되고 있다\n",
     "facility.status must be one of proposed, planned, under-construction, in-operation "
     "\\(got '건설 중'\\)", 6),
])
def test_a_bad_statement_is_an_error_naming_the_file_and_line(
        scratch: Callable[[], Settings], statement: str, message: str, line: int) -> None:
    settings = scratch()
    path = facts_file(settings, statement)
    with pytest.raises(FactsError, match=message) as info:
        load_inputs(settings)
    assert info.value.path == path and info.value.line == line


def test_facts_for_another_article_are_refused(scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    path = settings.facts_dir / f"{ARTICLE}.yaml"
    path.write_text("article: 001_6bd73d06d3be9202\nstatements: []\n", encoding="utf-8")
    with pytest.raises(FactsError, match="'article' must be"):
        load_inputs(settings)


def test_unreviewed_facts_must_name_their_extractor(scratch: Callable[[], Settings]) -> None:
    settings = scratch()
    path = settings.facts_dir / f"{ARTICLE}.yaml"
    path.write_text(f"article: {ARTICLE}\nreviewed: false\nstatements: []\n", encoding="utf-8")
    article = read_article(settings.articles_dir / f"{ARTICLE}.md")
    with pytest.raises(FactsError, match="extractor"):
        load_facts(path, article, load_registry(settings.registry_dir))


def test_a_quote_in_the_repeated_block_points_at_its_first_sentence(inputs: Inputs) -> None:
    article = next(a for a in inputs.articles if a.key.startswith("004"))
    for st in inputs.facts[article.key].statements:
        assert all(article.sentences[n - 1].repeat_of is None for n in st.sentences)


def test_every_date_of_the_corpus_says_how_it_was_obtained(inputs: Inputs) -> None:
    """No date in the reviewed facts or in an article's front matter goes without a basis:
    the graph never has to assume one."""
    for facts in inputs.facts.values():
        for st in facts.statements:
            if any(name in st.values for name in DATE_FIELDS):
                assert st.values.get("date_basis") in ("stated", "resolved", "inferred"), \
                    f"{facts.path}:{st.line}"
    assert all(a.meta.get("date_basis") for a in inputs.articles if a.meta.get("date"))


def test_statuses_are_a_choice_on_the_kinds_that_can_be_planned() -> None:
    having = {kind for kind, fields in STATEMENT_KINDS.items() if "status" in fields}
    assert having == {"facility", "organization", "event", "agreement"}
    assert {STATEMENT_KINDS[k]["status"].choices for k in having} == {STATUSES}


def test_what_the_articles_call_planned_carries_a_status(inputs: Inputs) -> None:
    """The institute and corporation Encored is to found, the PARC branch whose setting up
    is explored, the third forum still to be held and the data centre to be equipped by
    2022 are not stated as if they existed."""
    given = {(f.article[:3], next(iter(st.refs())), st.values["status"])
             for f in inputs.facts.values() for st in f.statements if "status" in st.values}
    assert {("004", "org/encored-energy-ai-institute", "planned"),
            ("004", "org/encored-gwangju-corp", "planned"),
            ("004", "org/parc-gwangju-branch", "proposed"),
            ("002", "event/ai-breakfast-forum-3", "planned"),
            ("004", "facility/national-ai-data-center", "planned"),
            ("000", "facility/national-ai-data-center", "under-construction"),
            ("001", "facility/national-ai-data-center", "in-operation"),
            ("003", "facility/open-data-center", "planned")} <= given
