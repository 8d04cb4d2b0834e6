"""The synthetic news graph has the real one's shape: it conforms to the shapes, uses every
class, reads back from files through the project's own checks, is fixed by its seed, grows
linearly, and every saved query answers on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, QuerySolutions, RdfFormat, Store, parse

from aigraph.config import Settings
from aigraph.dataset import dataset_quads, load_inputs
from aigraph.queries import SavedQuery, load_queries, run_saved
from aigraph.store import with_default_graph
from aigraph.synthetic import synthetic_inputs, synthetic_quads, write_inputs
from aigraph.validate import validate_quads
from tests.conftest import FIXED_TIME, ROOT

ARTICLES = 20
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OWL_CLASS = NamedNode("http://www.w3.org/2002/07/owl#Class")
OWL_SAME_AS = NamedNode("http://www.w3.org/2002/07/owl#sameAs")
SCHEMA_SAME_AS = NamedNode("https://schema.org/sameAs")
SKOS_CLOSE_MATCH = NamedNode("http://www.w3.org/2004/02/skos/core#closeMatch")
AIG = "https://w3id.org/aigraph/ontology#"
SAVED = load_queries(ROOT / "queries")


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(root=ROOT, build_time=FIXED_TIME)


@pytest.fixture(scope="module")
def small(settings: Settings) -> list[Quad]:
    """A synthetic corpus of twenty articles, as the quads a build writes."""
    return synthetic_quads(ARTICLES, seed=7, settings=settings)[0]


@pytest.fixture(scope="module")
def small_store(small: list[Quad]) -> Store:
    store = Store()
    store.bulk_extend(with_default_graph(small))
    return store


def triples(quads: list[Quad]) -> set[tuple[object, object, object]]:
    return {(q.subject, q.predicate, q.object) for q in quads}


def types(quads: list[Quad]) -> set[str]:
    return {q.object.value for q in quads if q.predicate == RDF_TYPE}


def test_a_small_synthetic_graph_conforms_to_the_shapes(small: list[Quad],
                                                        settings: Settings) -> None:
    report = validate_quads(small, settings.ontology_dir)
    assert report.conforms, [str(p) for p in report.violations[:5]]
    assert not report.problems, [str(p) for p in report.problems[:5]]


def test_every_class_of_the_ontology_has_instances(small: list[Quad],
                                                   quads: list[Quad]) -> None:
    with (ROOT / "ontology" / "aigraph.ttl").open("rb") as handle:
        ontology = list(parse(handle, format=RdfFormat.TURTLE))
    own = {t.subject.value for t in ontology
           if t.predicate == RDF_TYPE and t.object == OWL_CLASS and t.subject.value.startswith(AIG)}
    assert len(own) >= 11
    assert own <= types(small)
    # … and every class the real corpus uses directly (org:Membership, schema:Place …)
    assert types(quads) <= types(small)


def test_it_has_the_real_graph_s_named_graphs_and_predicates(small: list[Quad],
                                                             quads: list[Quad]) -> None:
    graphs = {q.graph_name.value.rsplit("/", 1)[1] for q in small}
    assert {"ontology", "terms", "registry", "build", "void", "inferred"} <= graphs
    assert len(graphs) == 6 + ARTICLES
    # Invented names have no Wikidata or DBpedia item: only the links out are missing.
    links = {OWL_SAME_AS, SCHEMA_SAME_AS, SKOS_CLOSE_MATCH}
    assert {q.predicate for q in quads} - links <= {q.predicate for q in small}


def test_written_to_files_it_reads_back_through_every_check(settings: Settings,
                                                            tmp_path: Path) -> None:
    inputs = synthetic_inputs(8, seed=3, settings=settings)
    write_inputs(inputs, tmp_path / "data")
    back = load_inputs(settings.with_(data_dir=tmp_path / "data"))
    assert [a.body for a in back.articles] == [a.body for a in inputs.articles]
    assert dataset_quads(back, settings) == dataset_quads(inputs, settings)


def test_every_evidence_quote_occurs_in_its_article(settings: Settings) -> None:
    inputs = synthetic_inputs(10, seed=4, settings=settings)
    kinds = set()
    for article in inputs.articles:
        for statement in inputs.facts[article.key].statements:
            assert article.body[statement.start:statement.end] == statement.evidence
            assert statement.sentences
            kinds.add(statement.kind)
    assert len(kinds) == 8


def test_the_seed_fixes_the_graph(settings: Settings) -> None:
    first = synthetic_quads(4, seed=11, settings=settings)
    assert synthetic_quads(4, seed=11, settings=settings) == first
    assert synthetic_quads(4, seed=12, settings=settings)[1] != first[1]


def test_the_graph_grows_linearly_with_the_number_of_articles(settings: Settings,
                                                              small: list[Quad]) -> None:
    fixed = len(triples(synthetic_quads(0, seed=7, settings=settings)[0]))
    sizes = {n: len(triples(synthetic_quads(n, seed=7, settings=settings)[0])) - fixed
             for n in (10, 40)}
    sizes[ARTICLES] = len(triples(small)) - fixed
    per_article = {n: size / n for n, size in sizes.items()}
    assert 500 < per_article[ARTICLES] < 1500
    assert max(per_article.values()) / min(per_article.values()) < 1.3


def test_entities_recur_across_articles(settings: Settings) -> None:
    inputs = synthetic_inputs(30, seed=5, settings=settings)
    seen: dict[str, set[str]] = {}
    for key, facts in inputs.facts.items():
        for statement in facts.statements:
            for ref in statement.refs():
                seen.setdefault(ref, set()).add(key)
    shared = {ref.split("/")[0] for ref, keys in seen.items() if len(keys) >= 2}
    assert {"org", "person", "facility"} <= shared


def test_a_negative_number_of_articles_is_refused(settings: Settings) -> None:
    with pytest.raises(ValueError, match="negative"):
        synthetic_inputs(-1, settings=settings)


def answers(store: Store, query: SavedQuery, values: dict[str, str]) -> list[dict[str, str]]:
    """The rows (or triples) of a saved query's answer, as {name: lexical value}."""
    result = run_saved(store, query, values)
    if isinstance(result, QuerySolutions):
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]
    return [{"s": t.subject.value} for t in result]  # type: ignore[union-attr]


@pytest.mark.parametrize("name", sorted(SAVED))
def test_every_saved_query_answers_on_the_synthetic_graph(small_store: Store, name: str) -> None:
    query = SAVED[name]
    everything = answers(small_store, query, {p.name: "" for p in query.params})
    assert everything, f"{name} has no answer with its parameters unbound"
    # Bound to a value its own unbound answer gives, it still answers.
    values = {p.name: everything[0][p.name] for p in query.params if p.name in everything[0]}
    if values:
        assert answers(small_store, query, values), f"{name} has no answer for {values}"
