"""Inference: queries in the standard vocabularies answer, entailed triples sit in a graph of
their own, the articles' graphs stay as stated, and owl:sameAs carries nothing."""

from __future__ import annotations

import owlrl
import pytest
import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse, serialize

from aigraph.build import BuildResult
from aigraph.config import Settings
from aigraph.dataset import Inputs, content_quads, inferred_quads, ontology_quads
from aigraph.infer import AXIOM_PREDICATES, entailments, materialise, read_rules, split_by_kind
from aigraph.rdf import article_quads
from aigraph.vocab import OWL, RDF, Minter, sparql_prologue

EX = "http://example.org/"
ONTOLOGY = NamedNode(f"{EX}graph/ontology")
DATA = NamedNode(f"{EX}graph/data")
INTO = NamedNode(f"{EX}graph/inferred")
GRAPHS = Minter()
INFERRED = GRAPHS.graph("inferred")
#: Graphs that describe terms: the rules do not read them as data.
SCHEMA_GRAPHS = (GRAPHS.graph("ontology"), GRAPHS.graph("terms"))
#: The namespaces whose classes owlrl adds to everything (owl:Thing, rdfs:Resource …).
W3C_SCHEMA = (OWL.iri, "http://www.w3.org/2000/01/rdf-schema#",
              "http://www.w3.org/1999/02/22-rdf-syntax-ns#")


def ex(name: str) -> NamedNode:
    return NamedNode(EX + name)


def quads_of(turtle: str, graph: NamedNode) -> list[Quad]:
    """Turtle with the ``ex:`` and the project's prefixes, as quads in ``graph``."""
    text = f"@prefix ex: <{EX}> .\n" + sparql_prologue().replace("PREFIX ", "@prefix ") \
        .replace(">\n", "> .\n") + turtle
    return [Quad(t.subject, t.predicate, t.object, graph)
            for t in parse(text.encode(), format=RdfFormat.TURTLE)]


def inferred_of(ontology: str, data: str) -> set[tuple[str, str, str]]:
    """What a tiny ontology entails from tiny data, as (s, p, o) strings."""
    axioms = quads_of(ontology, ONTOLOGY)
    found = materialise(axioms + quads_of(data, DATA), read_rules(axioms), schema=[ONTOLOGY],
                        into=INTO)
    assert {q.graph_name for q in found} <= {INTO}
    return {(q.subject.value, q.predicate.value, q.object.value) for q in found}


def select(store: Store, query: str) -> set[tuple[str, ...]]:
    """The rows of a SELECT, each a tuple of its values in the order of the variables."""
    result = store.query(sparql_prologue() + query)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return {tuple(row[n].value for n in names) for row in result}  # type: ignore[union-attr]


# --- the project's graph: standard vocabularies answer -----------------------------------

@pytest.mark.parametrize(("standard", "own"), [
    ("schema:Person", "aig:Person"),
    ("foaf:Person", "aig:Person"),
    ("schema:Organization", "aig:Organization"),
    ("org:Organization", "aig:Organization"),
    ("schema:Event", "aig:Event"),
    ("sem:Event", "aig:Event"),
])
def test_a_standard_class_has_the_instances_of_the_ontology_s_class(
        store: Store, standard: str, own: str) -> None:
    instances = select(store, f"SELECT ?x WHERE {{ ?x a {standard} }}")
    assert instances == select(store, f"SELECT ?x WHERE {{ ?x a {own} }}")
    assert len(instances) >= 5


def test_schema_organizer_has_every_host(store: Store) -> None:
    hosts = select(store, "SELECT ?e ?o WHERE { ?e aig:hostedBy ?o }")
    assert hosts and hosts <= select(store, "SELECT ?e ?o WHERE { ?e schema:organizer ?o }")


def test_participated_in_is_the_inverse_of_participant(store: Store) -> None:
    participants = select(store, "SELECT ?e ?a WHERE { ?e aig:participant ?a }")
    assert participants
    assert select(store, "SELECT ?e ?a WHERE { ?a aig:participatedIn ?e }") == participants


#: The graphs the rules read as data: the registry's and the articles' (and the inferred graph,
#: which must be closed under the rules too); not the ontology, the terms, the build or VoID.
NOT_DATA = ", ".join(f"<{GRAPHS.graph(g).value}>" for g in ("ontology", "terms", "build", "void"))


@pytest.mark.parametrize(("axiom", "missing"), [
    ("?c rdfs:subClassOf ?d", "?x a ?c } FILTER NOT EXISTS { ?x a ?d"),
    ("?c owl:equivalentClass ?d", "?x a ?c } FILTER NOT EXISTS { ?x a ?d"),
    ("?d owl:equivalentClass ?c", "?x a ?c } FILTER NOT EXISTS { ?x a ?d"),
    ("?c rdfs:subPropertyOf ?d", "?x ?c ?y } FILTER NOT EXISTS { ?x ?d ?y"),
    ("?c owl:equivalentProperty ?d", "?x ?c ?y } FILTER NOT EXISTS { ?x ?d ?y"),
    ("?d owl:equivalentProperty ?c", "?x ?c ?y } FILTER NOT EXISTS { ?x ?d ?y"),
    ("?c owl:inverseOf ?d", "?x ?c ?y } FILTER(!isLiteral(?y)) FILTER NOT EXISTS { ?y ?d ?x"),
    ("?d owl:inverseOf ?c", "?x ?c ?y } FILTER(!isLiteral(?y)) FILTER NOT EXISTS { ?y ?d ?x"),
])
def test_every_axiom_of_the_ontology_holds_in_the_data(store: Store, axiom: str,
                                                       missing: str) -> None:
    query = (f"SELECT ?x ?c ?d WHERE {{ GRAPH <{SCHEMA_GRAPHS[0].value}> {{ {axiom} "
             "FILTER(isIRI(?c) && isIRI(?d)) } "
             f"GRAPH ?g {{ {missing} }} FILTER(?g NOT IN ({NOT_DATA})) }} LIMIT 5")
    assert select(store, query) == set()


def test_the_ontology_has_axioms_of_each_kind_the_rules_read(store: Store) -> None:
    """So that the test above is not vacuous for the kinds the ontology uses today."""
    used = select(store, f"SELECT DISTINCT ?k WHERE {{ GRAPH <{SCHEMA_GRAPHS[0].value}> "
                         "{ ?c ?k ?d } }")
    assert {("http://www.w3.org/2000/01/rdf-schema#subClassOf",),
            ("http://www.w3.org/2000/01/rdf-schema#subPropertyOf",),
            (OWL.inverseOf.value,)} <= used


def test_the_engine_agrees_with_owlrl_on_the_corpus(inputs: Inputs,
                                                    project_settings: Settings) -> None:
    """owlrl's OWL 2 RL closure, given the same axioms and data (less the owl:sameAs links,
    whose rules are left out on purpose), entails the same triples (its own extras about the
    OWL vocabulary and literals set aside)."""
    content = content_quads(inputs, project_settings)
    ours = {(q.subject, q.predicate, q.object) for q in
            inferred_quads(content, project_settings)}
    rules = read_rules(ontology_quads(project_settings, GRAPHS))
    kinds = (RDF.type, *{q for e in rules.entailed.values() for q, _ in e})
    ontology = [q.triple for q in content
                if q.graph_name == SCHEMA_GRAPHS[0] and q.predicate in AXIOM_PREDICATES]
    data = {q.triple for q in content  # owl:sameAs is left out of the rules on purpose
            if q.graph_name not in SCHEMA_GRAPHS and q.predicate != OWL.sameAs}
    graph = rdflib.Graph().parse(data=serialize([*data, *ontology],
                                                format=RdfFormat.N_TRIPLES), format="nt")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    wanted = {rdflib.URIRef(k.value) for k in kinds}
    kept = rdflib.Graph()
    for s, p, o in graph:  # owlrl also makes triples with a literal subject: not RDF
        if p in wanted and not isinstance(s, rdflib.Literal) and \
                not str(o).startswith(W3C_SCHEMA):
            kept.add((s, p, o))
    closure = {q.triple for q in parse(kept.serialize(format="nt").encode(),
                                       format=RdfFormat.N_TRIPLES)}
    stated = {q.triple for q in content}
    assert {(t.subject, t.predicate, t.object) for t in closure - stated} == ours
    assert len(ours) > 500


# --- the project's graph: where inferred triples go ----------------------------------------

def test_the_articles_graphs_hold_only_what_the_articles_state(
        store: Store, inputs: Inputs, project_settings: Settings) -> None:
    minter = Minter(project_settings.base_iri)
    for article in inputs.articles:
        graph = minter.article_graph(article.key)
        stated = {q.triple for q in article_quads(article, inputs.facts.get(article.key),
                                                  inputs.registry, minter)
                  if q.graph_name == graph}
        assert {q.triple for q in store.quads_for_pattern(None, None, None, graph)} == stated


def test_inferred_triples_are_stated_in_no_other_graph(store: Store) -> None:
    assert select(store, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{INFERRED.value}> {{ ?s ?p ?o }} "
                         f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{INFERRED.value}>) }}") == set()


def test_nothing_is_inferred_about_the_ontology_s_terms(store: Store) -> None:
    """The ontology stays as written: no closure of its axioms, no triple about a class or
    a property (of ours or outside)."""
    terms = select(store, "SELECT DISTINCT ?s WHERE { ?s a ?kind VALUES ?kind { owl:Class "
                          "rdfs:Class owl:ObjectProperty owl:DatatypeProperty "
                          "owl:AnnotationProperty rdf:Property } }")
    assert len(terms) > 50
    subjects = select(store, f"SELECT DISTINCT ?s WHERE {{ GRAPH <{INFERRED.value}> "
                             "{ ?s ?p ?o } }")
    assert subjects and not subjects & terms


def test_nothing_is_inferred_about_what_an_entity_is_the_same_as(store: Store) -> None:
    """The registry's links out (owl:sameAs to Wikidata and DBpedia) hand the outside IRIs
    no type and no fact, and take none from them."""
    links = select(store, "SELECT ?x ?ext WHERE { ?x owl:sameAs ?ext }")
    assert len(links) >= 5
    assert select(store, f"SELECT ?ext ?p WHERE {{ ?x owl:sameAs ?ext GRAPH <{INFERRED.value}> "
                         "{ { ?ext ?p ?o } UNION { ?s ?p ?ext } } }") == set()
    assert select(store, "SELECT ?ext WHERE { ?x owl:sameAs ?ext . ?ext ?p ?o }") == set()


def test_the_build_says_the_inferred_graph_is_inferred(store: Store) -> None:
    rows = select(store, f"SELECT ?activity ?en ?ko WHERE {{ GRAPH <{GRAPHS.graph('build').value}>"
                         f" {{ <{INFERRED.value}> prov:wasGeneratedBy ?activity ; "
                         "prov:wasDerivedFrom <https://w3id.org/aigraph/ontology> ; "
                         "rdfs:label ?en , ?ko . ?activity a prov:Activity } "
                         "FILTER(lang(?en) = 'en' && lang(?ko) = 'ko') }")
    assert len(rows) == 1 and "infer" in next(iter(rows))[1]


def test_the_build_reports_the_inferred_triples_by_kind(store: Store,
                                                        built: BuildResult) -> None:
    types, others = split_by_kind(store.quads_for_pattern(None, None, None, INFERRED))
    assert (built.inferred_types, built.inferred_properties) == (types, others)
    assert types > 0 and others > 0


# --- the rules, on tiny ontologies -----------------------------------------------------------

def test_subclasses_and_equivalent_classes_are_followed_through_chains() -> None:
    found = inferred_of("ex:A rdfs:subClassOf ex:B . ex:B owl:equivalentClass ex:C . "
                        "ex:C rdfs:subClassOf ex:D .",
                        "ex:x a ex:A . ex:y a ex:C .")
    a = RDF.type.value
    assert found == {(EX + "x", a, EX + "B"), (EX + "x", a, EX + "C"), (EX + "x", a, EX + "D"),
                     (EX + "y", a, EX + "B"), (EX + "y", a, EX + "D")}


def test_an_inverse_is_applied_both_ways() -> None:
    found = inferred_of("ex:hosts owl:inverseOf ex:hostedBy .",
                        "ex:event ex:hostedBy ex:city . ex:gist ex:hosts ex:forum .")
    assert found == {(EX + "city", EX + "hosts", EX + "event"),
                     (EX + "forum", EX + "hostedBy", EX + "gist")}


def test_subproperties_inverses_and_equivalences_chain() -> None:
    found = inferred_of("ex:speaker rdfs:subPropertyOf ex:participant . "
                        "ex:participant owl:inverseOf ex:participatedIn . "
                        "ex:participatedIn rdfs:subPropertyOf ex:involvedIn . "
                        "ex:involvedIn owl:equivalentProperty ex:takesPartIn .",
                        "ex:forum ex:speaker ex:kim .")
    assert found == {(EX + "forum", EX + "participant", EX + "kim"),
                     (EX + "kim", EX + "participatedIn", EX + "forum"),
                     (EX + "kim", EX + "involvedIn", EX + "forum"),
                     (EX + "kim", EX + "takesPartIn", EX + "forum")}


def test_a_property_that_is_its_own_inverse_is_symmetric() -> None:
    found = inferred_of("ex:partnerOf owl:inverseOf ex:partnerOf .", "ex:a ex:partnerOf ex:b .")
    assert found == {(EX + "b", EX + "partnerOf", EX + "a")}


def test_an_equivalent_property_is_applied_both_ways() -> None:
    found = inferred_of("ex:p owl:equivalentProperty ex:q .", "ex:a ex:p ex:b . ex:c ex:q 1 .")
    assert found == {(EX + "a", EX + "q", EX + "b"), (EX + "c", EX + "p", "1")}


def test_a_property_entailed_into_rdf_type_gets_the_superclasses_too() -> None:
    found = inferred_of("ex:kind rdfs:subPropertyOf rdf:type . ex:A rdfs:subClassOf ex:B .",
                        "ex:x ex:kind ex:A .")
    assert found == {(EX + "x", RDF.type.value, EX + "A"), (EX + "x", RDF.type.value, EX + "B")}


def test_the_inverse_of_a_literal_valued_triple_is_not_made() -> None:
    assert inferred_of("ex:p owl:inverseOf ex:q .", 'ex:a ex:p "text" .') == set()


def test_nothing_is_inferred_from_same_as() -> None:
    """A link to an outside IRI hands it no triple, and takes none from it."""
    found = inferred_of("ex:Person rdfs:subClassOf schema:Person . "
                        "ex:hostedBy rdfs:subPropertyOf schema:organizer .",
                        "ex:kim a ex:Person ; owl:sameAs <http://www.wikidata.org/entity/Q1> . "
                        "<http://www.wikidata.org/entity/Q1> a ex:Person ; "
                        "schema:sameAs ex:kim2 . "
                        "ex:forum ex:hostedBy <http://www.wikidata.org/entity/Q1> .")
    assert found == {(EX + "kim", RDF.type.value, "https://schema.org/Person"),
                     ("http://www.wikidata.org/entity/Q1", RDF.type.value,
                      "https://schema.org/Person"),
                     (EX + "forum", "https://schema.org/organizer",
                      "http://www.wikidata.org/entity/Q1")}


def test_a_triple_stated_in_any_graph_is_not_inferred_again() -> None:
    axioms = quads_of("ex:A rdfs:subClassOf ex:B .", ONTOLOGY)
    data = quads_of("ex:x a ex:A .", DATA) + quads_of("ex:x a ex:B .", ex("graph/other"))
    assert materialise(axioms + data, read_rules(axioms), schema=[ONTOLOGY], into=INTO) == []


def test_the_schema_graphs_are_not_data() -> None:
    axioms = quads_of("ex:A rdfs:subClassOf ex:B . ex:thing a ex:A .", ONTOLOGY)
    terms = quads_of("ex:other a ex:A .", ex("graph/terms"))
    assert materialise(axioms + terms, read_rules(axioms), schema=[ONTOLOGY, ex("graph/terms")],
                       into=INTO) == []


def test_axioms_on_blank_nodes_are_ignored() -> None:
    rules = read_rules(quads_of("ex:A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty ex:p ;"
                                " owl:someValuesFrom ex:B ] .", ONTOLOGY))
    assert not rules and entailments(rules, {(ex("x"), RDF.type, ex("A"))}) == set()


def test_a_cycle_of_subclasses_ends() -> None:
    found = inferred_of("ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:A .", "ex:x a ex:A .")
    assert found == {(EX + "x", RDF.type.value, EX + "B")}


def test_split_by_kind_counts_types_and_other_triples() -> None:
    quads = quads_of("ex:x a ex:A , ex:B ; ex:p ex:y .", DATA)
    assert split_by_kind(quads) == (2, 1)
