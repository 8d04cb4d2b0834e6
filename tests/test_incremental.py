"""An incremental build validates only the nodes its changes can reach, and finds what a
full validation finds."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from aigraph.build import BuildResult, build, plan
from aigraph.config import Settings
from aigraph.incremental import affected, load_report, report_path, validate_build
from aigraph.rdf import integer
from aigraph.storepatch import Changes, changes_since, fingerprints
from aigraph.validate import validate_quads
from aigraph.vocab import AIG, RDFS, SCHEMA


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory,
          project_settings: Settings) -> tuple[Settings, BuildResult]:
    """The corpus built once into a store of its own, with its report kept beside it."""
    settings = project_settings.with_(
        store_dir=tmp_path_factory.mktemp("incremental") / "var" / "store")
    return settings, build(settings)


def mutations(quads: list[Quad], seed: int) -> list[Quad]:
    """The corpus changed in one way that may or may not break a shape, chosen by ``seed``."""
    rng = random.Random(seed)
    article = [q for q in quads if "/graph/" in q.graph_name.value
               and q.graph_name.value.rsplit("/", 1)[1][:1].isdigit()]
    kind = seed % 6
    if kind == 0:  # a quad of an article goes
        gone = rng.choice(article)
        return [q for q in quads if q != gone]
    if kind == 1:  # an article is no longer typed one: nodes two steps away fail
        gone = rng.choice([q for q in quads if q.object == SCHEMA.NewsArticle])
        return [q for q in quads if q.triple != gone.triple]
    if kind == 5:  # a sentence is no longer typed one: the facts read from it fail
        gone = rng.choice([q for q in quads if q.object == AIG.Sentence])
        return [q for q in quads if q.triple != gone.triple]
    if kind == 2:  # an entity gets a second Korean label in an article
        q = rng.choice([q for q in article if q.predicate == SCHEMA.mentions])
        return [*quads, Quad(q.object, RDFS.label, Literal("다른 이름", language="ko"),
                             q.graph_name)]
    if kind == 3:  # a number becomes text
        q = rng.choice([q for q in quads if q.predicate == SCHEMA.value])
        return [x for x in quads if x != q] + [Quad(q.subject, q.predicate,
                                                    Literal(q.object.value), q.graph_name)]
    # a sentence is said to be part of something that is not an article
    q = rng.choice([q for q in article if q.predicate.value.endswith("isPartOf")])
    return [x for x in quads if x != q] + [Quad(q.subject, q.predicate,
                                                NamedNode(q.object.value + "-elsewhere"),
                                                q.graph_name)]


@pytest.mark.parametrize("seed", range(48))
def test_the_changed_nodes_validated_again_give_the_full_report(
        first: tuple[Settings, BuildResult], seed: int) -> None:
    settings, _ = first
    quads = mutations(plan(settings)[0], seed)
    changes = changes_since(settings, quads, fingerprints(quads))
    assert changes is not None and changes.graphs
    incremental = validate_build(quads, settings, changes)
    full = validate_quads(quads, settings.ontology_dir)
    assert Counter(incremental.problems) == Counter(full.problems)


def test_a_component_grown_past_its_budget_warns_at_the_budget_two_steps_away(
        first: tuple[Settings, BuildResult]) -> None:
    """A value of a funded component changes; the warning is the budget's, which reaches
    that value through the component (budget → component → value)."""
    settings, _ = first
    quads = plan(settings)[0]
    funded = {q.subject for q in quads if q.predicate == AIG.fundingSource}
    part = sorted(funded, key=lambda n: n.value)[0]
    values = {q.object for q in quads if q.subject == part and q.predicate == AIG.reportedValue}
    grown = [Quad(q.subject, q.predicate, integer(10**15), q.graph_name)
             if q.subject in values and q.predicate == SCHEMA.value else q for q in quads]
    changes = changes_since(settings, grown, fingerprints(grown))
    assert changes is not None
    report = validate_build(grown, settings, changes)
    budgets = {q.subject.value for q in quads if q.predicate == AIG.hasComponent
               and q.object == part}
    warned = {p.focus for p in report.problems if p.source.endswith("#BudgetBreakdown")}
    assert budgets and warned == budgets
    assert Counter(report.problems) == Counter(validate_quads(grown,
                                                              settings.ontology_dir).problems)


def test_the_report_is_kept_beside_the_store(first: tuple[Settings, BuildResult]) -> None:
    settings, result = first
    assert result.store is not None and report_path(result.store).is_file()
    assert load_report(result.store, settings.ontology_dir) == result.report.problems


def test_a_report_made_under_other_shapes_is_not_used(first: tuple[Settings, BuildResult],
                                                      tmp_path: Path) -> None:
    settings, result = first
    assert result.store is not None
    other = tmp_path / "ontology"
    other.mkdir()
    for name in ("aigraph.ttl", "shapes.ttl"):
        (other / name).write_bytes((settings.ontology_dir / name).read_bytes())
    with (other / "shapes.ttl").open("a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    assert load_report(result.store, other) is None


def test_the_nodes_reached_are_those_a_few_steps_back_along_values() -> None:
    ex = "https://example.org/"
    a, b, c, d, e, far = (NamedNode(ex + n) for n in ("a", "b", "c", "d", "e", "far"))
    p, g = NamedNode(ex + "p"), NamedNode(ex + "g")
    chain = [Quad(far, p, e, g), Quad(e, p, d, g), Quad(d, p, c, g), Quad(c, p, b, g),
             Quad(b, p, a, g), Quad(a, p, Literal("changed"), g)]
    changes = Changes(Path(), {g.value}, [], [chain[-1]])
    assert affected(chain, changes) == {a, b, c, d}


def test_an_object_counts_when_the_change_can_type_it_or_make_it_a_target() -> None:
    ex = "https://example.org/"
    s, o, g = NamedNode(ex + "s"), NamedNode(ex + "o"), NamedNode(ex + "g")
    plain, ranged, sub, target = (NamedNode(ex + n) for n in ("plain", "ranged", "sub", "t"))
    axioms = [Quad(ranged, RDFS.range, NamedNode(ex + "C"), g),
              Quad(sub, RDFS.subPropertyOf, ranged, g)]
    for prop, counts in ((plain, False), (ranged, True), (sub, True), (target, True)):
        change = Quad(s, prop, o, g)
        found = affected([*axioms, change], Changes(Path(), {g.value}, [], [change]),
                         objects_of={target})
        assert (o in found) is counts, prop
        assert s in found


def test_only_the_properties_the_shapes_look_through_are_followed() -> None:
    ex = "https://example.org/"
    a, b, c = (NamedNode(ex + n) for n in "abc")
    looked, ignored, g = NamedNode(ex + "looked"), NamedNode(ex + "ignored"), NamedNode(ex + "g")
    data = [Quad(b, looked, a, g), Quad(c, ignored, a, g), Quad(a, looked, Literal("x"), g)]
    changes = Changes(Path(), {g.value}, [], [data[-1]])
    assert affected(data, changes, through={looked}) == {a, b}
    assert affected(data, changes) == {a, b, c}
