"""Validation of the built graph: the corpus conforms; a broken fact is caught."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from aigraph.config import Settings
from aigraph.validate import validate_quads
from aigraph.vocab import AIG, RDFS, XSD

ORG = NamedNode("https://w3id.org/aigraph/id/org/gist")
REGISTRY = NamedNode("https://w3id.org/aigraph/graph/registry")


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_the_corpus_conforms_with_no_warnings(quads: list[Quad], project_settings: Settings,
                                              engine: str) -> None:
    report = validate_quads(quads, project_settings.ontology_dir, engine=engine)  # type: ignore[arg-type]
    assert report.conforms and report.problems == []


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_a_second_korean_label_is_a_violation(quads: list[Quad], project_settings: Settings,
                                              engine: str) -> None:
    extra = Quad(ORG, RDFS.label, Literal("지스트", language="ko"), REGISTRY)
    report = validate_quads([*quads, extra], project_settings.ontology_dir,
                            engine=engine)  # type: ignore[arg-type]
    assert not report.conforms
    assert {(p.focus, p.path) for p in report.violations} == {(ORG.value, RDFS.label.value)}


def test_a_term_the_ontology_does_not_define_is_a_violation(
        quads: list[Quad], project_settings: Settings) -> None:
    extra = Quad(ORG, AIG.rankedAt, Literal("1", datatype=XSD.integer), REGISTRY)
    report = validate_quads([*quads, extra], project_settings.ontology_dir)
    assert [(p.focus, p.path) for p in report.violations] == [(ORG.value, AIG.rankedAt.value)]


def test_focus_nodes_limit_the_report_to_them(quads: list[Quad],
                                              project_settings: Settings) -> None:
    extra = Quad(ORG, RDFS.label, Literal("지스트", language="ko"), REGISTRY)
    other = NamedNode("https://w3id.org/aigraph/id/org/nipa")
    assert validate_quads([*quads, extra], project_settings.ontology_dir,
                          focus={other}).conforms
    report = validate_quads([*quads, extra], project_settings.ontology_dir, focus={ORG})
    assert {(p.focus, p.path) for p in report.violations} == {(ORG.value, RDFS.label.value)}
