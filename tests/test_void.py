"""The VoID description, checked against the store it describes: every figure is a count over
the store, every dump and the endpoint are where the service serves them."""

from __future__ import annotations

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, Store, parse

from aigraph.stats import store_stats
from aigraph.store import DUMP_FORMATS
from aigraph.vocab import Minter, sparql_prologue
from aigraph.void import namespace

BASE = "https://w3id.org/aigraph/"
DATASET = f"<{BASE}dataset>"
VOID_GRAPH = Minter().graph("void")
OUTSIDE_VOID = f"FILTER(?g != <{VOID_GRAPH.value}>)"
SD_NAME = "http://www.w3.org/ns/sparql-service-description#name"


def rows(store: Store, query: str) -> list[dict[str, str]]:
    result = store.query(sparql_prologue() + query)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return [{n: row[n].value for n in names if row[n] is not None}  # type: ignore[union-attr]
            for row in result]  # type: ignore[union-attr]


def number(store: Store, query: str) -> int:
    found = rows(store, query)
    assert len(found) == 1, query
    return int(next(iter(found[0].values())))


def described(store: Store, predicate: str, subject: str = DATASET) -> set[str]:
    """The objects of one predicate about ``subject`` in the VoID graph."""
    return {r["o"] for r in rows(store, f"SELECT ?o WHERE {{ GRAPH <{VOID_GRAPH.value}> "
                                        f"{{ {subject} {predicate} ?o }} }}")}


def figure(store: Store, predicate: str, subject: str = DATASET) -> int:
    values = described(store, predicate, subject)
    assert len(values) == 1, (subject, predicate, values)
    return int(next(iter(values)))


def test_void_triples_is_the_count_of_the_default_graph(store: Store) -> None:
    """One definition: the distinct triples of the default graph as served, the VoID
    description's own included, which is also what stats (and so the home page) say."""
    served = number(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert figure(store, "void:triples") == served == store_stats(store).triples
    described_part = number(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{VOID_GRAPH.value}>"
                                   " { ?s ?p ?o } }")
    assert 0 < described_part < served


def test_the_other_dataset_figures_are_counts_over_the_default_graph(store: Store) -> None:
    space = next(iter(described(store, "void:uriSpace")))
    assert space == f"{BASE}id/"
    assert figure(store, "void:distinctSubjects") == number(
        store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    assert figure(store, "void:properties") == number(
        store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }")
    assert figure(store, "void:entities") == number(
        store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c "
               f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), '{space}')) }}")


def test_each_class_partition_counts_the_entities_of_its_class(store: Store) -> None:
    partitions = rows(store, f"SELECT ?class ?n WHERE {{ GRAPH <{VOID_GRAPH.value}> {{ "
                             f"{DATASET} void:classPartition ?part . ?part void:class ?class ; "
                             "void:entities ?n } }")
    classes = {r["class"] for r in partitions}
    for wanted in ("aig:Person", "schema:Person", "foaf:Person", "schema:Organization",
                   "schema:Event", "aig:Target"):
        prefix, local = wanted.split(":")
        assert namespace_of(prefix) + local in classes
    assert len(classes) == len(partitions)
    for row in partitions:
        assert int(row["n"]) == number(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ "
                                              f"?s a <{row['class']}> FILTER(isIRI(?s) && "
                                              f"STRSTARTS(STR(?s), '{BASE}id/')) }}"), row
    typed = rows(store, f"SELECT DISTINCT ?c WHERE {{ ?s a ?c FILTER(isIRI(?s) && "
                        f"STRSTARTS(STR(?s), '{BASE}id/')) }}")
    assert {r["c"] for r in typed} == classes


def namespace_of(prefix: str) -> str:
    return next(line.split("<")[1].rstrip(">") for line in sparql_prologue().splitlines()
                if line.startswith(f"PREFIX {prefix}:"))


def test_each_named_graph_is_a_subset_of_its_own_size(store: Store) -> None:
    subsets = rows(store, f"SELECT ?graph ?n WHERE {{ GRAPH <{VOID_GRAPH.value}> {{ {DATASET} "
                          f"void:subset ?sub . ?sub <{SD_NAME}> ?graph ; void:triples ?n ; "
                          "a void:Dataset } }")
    sizes = {r["g"]: int(r["n"]) for r in rows(
        store, f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OUTSIDE_VOID} }} "
               "GROUP BY ?g")}
    assert {r["graph"]: int(r["n"]) for r in subsets} == sizes
    assert len(subsets) == len(sizes)
    assert {f"{BASE}graph/{name}" for name in ("registry", "ontology", "inferred", "build")} \
        <= set(sizes)


def test_the_subsets_are_labelled_in_english_and_korean(store: Store) -> None:
    unlabelled = rows(store, f"SELECT ?sub WHERE {{ GRAPH <{VOID_GRAPH.value}> {{ {DATASET} "
                             "void:subset ?sub FILTER NOT EXISTS { ?sub rdfs:label ?en , ?ko "
                             "FILTER(lang(?en) = 'en' && lang(?ko) = 'ko') } } }")
    assert unlabelled == []


def test_the_endpoint_and_every_dump_are_where_the_service_serves_them(store: Store) -> None:
    assert described(store, "void:sparqlEndpoint") == {f"{BASE}sparql"}
    assert described(store, "void:dataDump") == {
        f"{BASE}dumps/aigraph.{suffix}{gz}" for suffix in ("trig", "nq", "ttl", "nt", "jsonld")
        for gz in ("", ".gz")}
    assert set(DUMP_FORMATS) == {"trig", "nq", "ttl", "nt", "jsonld"}
    features = described(store, "void:feature")
    assert len(features) == len(DUMP_FORMATS)
    assert all(f.startswith("http://www.w3.org/ns/formats/") for f in features)


def test_the_licence_is_cc_by_4(store: Store) -> None:
    assert described(store, "dcterms:license") == {
        "https://creativecommons.org/licenses/by/4.0/"}


def test_the_vocabularies_are_those_the_data_uses(store: Store) -> None:
    """Every property and class used outside the VoID graph belongs to a listed vocabulary,
    and every listed vocabulary has a term in use: computed, so it cannot drift."""
    listed = described(store, "void:vocabulary")
    terms = {r["t"] for r in rows(store, f"SELECT DISTINCT ?t WHERE {{ {{ GRAPH ?g {{ ?s ?t ?o "
                                         f"}} }} UNION {{ GRAPH ?g {{ ?s a ?t }} }} "
                                         f"{OUTSIDE_VOID} FILTER(isIRI(?t)) }}")}
    assert {namespace(t) for t in terms} == listed
    for vocabulary in ("aig:", "schema:", "foaf:", "org:", "prov:", "skos:", "dcterms:"):
        assert namespace_of(vocabulary.rstrip(":")) in listed


@pytest.mark.parametrize(("iri", "expected"), [
    ("https://schema.org/Person", "https://schema.org/"),
    ("https://w3id.org/aigraph/ontology#Person", "https://w3id.org/aigraph/ontology#"),
    ("http://purl.org/vocab/vann/preferredNamespacePrefix", "http://purl.org/vocab/vann/"),
    ("http://example.org/terms#thing", "http://example.org/terms#"),
])
def test_a_term_s_vocabulary_is_its_namespace(iri: str, expected: str) -> None:
    assert namespace(iri) == expected


def test_example_resources_are_well_connected_entities_of_different_classes(
        store: Store) -> None:
    examples = described(store, "void:exampleResource")
    assert len(examples) >= 5
    classes = set()
    for example in examples:
        assert example.startswith(f"{BASE}id/")
        mine = {r["c"] for r in rows(store, f"SELECT ?c WHERE {{ <{example}> a ?c }}")}
        assert mine and not mine & classes  # one example per class
        classes |= {c for c in mine if c.startswith(namespace_of("aig"))}
        links = number(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ <{example}> ?p ?o }} "
                              f"UNION {{ ?s ?p <{example}> }} }}")
        assert links >= 10


def test_the_void_graph_is_served_at_the_well_known_address(http: httpx.Client,
                                                            store: Store) -> None:
    body = http.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    triples = {q.triple for q in parse(body.content, format=RdfFormat.N_TRIPLES)}
    assert {q.triple for q in store.quads_for_pattern(None, None, None, VOID_GRAPH)} == triples


def test_the_home_page_shows_the_void_triple_count(http: httpx.Client, store: Store) -> None:
    page = http.get("/", params={"lang": "en"}, headers={"Accept": "text/html"}).text
    assert f"{figure(store, 'void:triples'):,} triples" in page


def test_a_literal_figure_is_an_xsd_integer(store: Store) -> None:
    found = list(store.quads_for_pattern(NamedNode(f"{BASE}dataset"),
                                         NamedNode("http://rdfs.org/ns/void#triples"), None,
                                         VOID_GRAPH))
    assert len(found) == 1 and isinstance(found[0].object, Literal)
    assert found[0].object.datatype.value == "http://www.w3.org/2001/XMLSchema#integer"
