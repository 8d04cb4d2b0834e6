"""Reviewed facts: every statement checked, every quote verbatim in its article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aigraph.articles import read_article
from aigraph.config import Settings
from aigraph.dataset import Inputs, load_inputs
from aigraph.errors import FactsError
from aigraph.facts import STATEMENT_KINDS, load_facts
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
