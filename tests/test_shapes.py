"""The SHACL shapes (ontology/shapes.ttl) on small hand-written instance data.

The example in tests/owl/example.trig conforms. Each negative test changes it in one way
(a SPARQL update) and expects exactly one reason for failure: one focus node, one path and
one source shape. Every test runs on both SHACL engines: the fast one the build uses
(aigraph.shacl) and pySHACL over the union of all graphs, with the ontology as ont_graph and
RDFS inference, each failing for the same one reason.
"""

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pyoxigraph
import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from aigraph.validate import shape_problems

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
EXAMPLE_FILE = ROOT / "tests" / "owl" / "example.trig"

AIG = Namespace("https://w3id.org/aigraph/ontology#")
AIGSH = Namespace("https://w3id.org/aigraph/shapes#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ID = "https://w3id.org/aigraph/id/"

PREFIXES = """
PREFIX aig:    <https://w3id.org/aigraph/ontology#>
PREFIX org:    <http://www.w3.org/ns/org#>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX rdfs:   <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
PREFIX ao:     <https://w3id.org/aigraph/id/org/>
PREFIX ap:     <https://w3id.org/aigraph/id/person/>
PREFIX ae:     <https://w3id.org/aigraph/id/event/>
PREFIX ag:     <https://w3id.org/aigraph/id/agreement/>
PREFIX at:     <https://w3id.org/aigraph/id/target/>
PREFIX am:     <https://w3id.org/aigraph/id/metric/>
PREFIX amem:   <https://w3id.org/aigraph/id/membership/>
PREFIX av:     <https://w3id.org/aigraph/id/value/>
"""


class Result(NamedTuple):
    """One sh:ValidationResult of a report, reduced to what the tests compare."""

    focus: Node | None
    path: Node | None
    shape: Node | None
    severity: Node | None


class Report(NamedTuple):
    """A parsed SHACL validation report."""

    conforms: bool
    results: list[Result]

    def reasons(self) -> set[tuple[Node | None, Node | None, Node | None]]:
        """The distinct (focus node, result path, source shape) triples of the results."""
        return {(r.focus, r.path, r.shape) for r in self.results}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The shapes graph."""
    return Graph().parse(SHAPES_FILE, format="turtle")


@pytest.fixture(scope="module")
def example_triples() -> set[tuple[Node, Node, Node]]:
    """The union of all named graphs of the example, as a set of triples."""
    dataset = Dataset()
    dataset.parse(EXAMPLE_FILE, format="trig")
    return {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}


@pytest.fixture
def data(example_triples: set[tuple[Node, Node, Node]]) -> Graph:
    """A fresh, changeable union graph of the example for one test."""
    graph = Graph()
    for triple in example_triples:
        graph.add(triple)
    return graph


Validator = Callable[[Graph], Report]


def to_oxigraph(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    if term.datatype is None:
        return pyoxigraph.Literal(str(term))
    return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))


@pytest.fixture(params=["fast", "pyshacl"])
def validate(request: pytest.FixtureRequest) -> Validator:
    """A function that validates a data graph with one engine and returns the parsed report
    (the ontology is mixed in by the engine, with RDFS inference)."""

    def run(data: Graph) -> Report:
        quads = [pyoxigraph.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
                 for s, p, o in data]
        problems = shape_problems(quads, ONTOLOGY_DIR, engine=request.param)
        results = [
            Result(URIRef(p.focus), URIRef(p.path) if p.path else None, URIRef(p.source),
                   SH[p.severity])
            for p in problems
        ]
        return Report(not any(p.severity == "Violation" for p in problems), results)

    return run


def iri(path: str) -> URIRef:
    """An instance IRI under https://w3id.org/aigraph/id/."""
    return URIRef(ID + path)


def assert_violation(report: Report, focus: URIRef, path: URIRef | None, shape: URIRef) -> None:
    """The report fails for exactly one reason, with severity sh:Violation."""
    assert not report.conforms
    assert report.reasons() == {(focus, path, shape)}
    assert {r.severity for r in report.results} == {SH.Violation}


# --------------------------------------------------------------------------- the shapes file


def test_every_shape_is_named_and_says_what_it_protects_and_what_is_wrong(
    shapes: Graph,
) -> None:
    """Every shape (typed, or used through sh:property, sh:node, sh:qualifiedValueShape or a
    sh:or list) is named and has an rdfs:comment; every shape with constraints of its own has
    a sh:message, and so has every SPARQL constraint."""
    typed = {s for t in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, t)}
    used = {
        o for p in (SH.property, SH.node, SH.qualifiedValueShape) for o in shapes.objects(None, p)
    }
    for head in shapes.objects(None, SH["or"]):
        used.update(Collection(shapes, head))
    all_shapes = typed | used
    assert len(all_shapes) > 50
    assert {s for s in all_shapes if not isinstance(s, URIRef)} == set()
    assert used <= typed
    grouping_only = {SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.property}
    problems = []
    for shape in sorted(all_shapes):
        if shapes.value(shape, RDFS.comment) is None:
            problems.append(f"{shape}: no rdfs:comment")
        own = {p for p in shapes.predicates(shape) if str(p).startswith(str(SH))}
        own -= grouping_only | {SH.message, SH.severity, SH.sparql}
        if own and shapes.value(shape, SH.message) is None:
            problems.append(f"{shape}: no sh:message")
    for constraint in shapes.objects(None, SH.sparql):
        if shapes.value(constraint, SH.message) is None:
            problems.append(f"{constraint}: SPARQL constraint without sh:message")
    assert problems == []


# --------------------------------------------------------------------------- conformance


def test_example_conforms(validate: Validator, data: Graph) -> None:
    """The hand-written example (every pattern, two articles, a conflict) conforms."""
    report = validate(data)
    assert report.results == []
    assert report.conforms


def test_event_without_start_date_conforms(validate: Validator, data: Graph) -> None:
    """A start date is optional: some events in the corpus have none (and then no bounds)."""
    data.update(PREFIXES + "DELETE WHERE { ae:aicon-gwangju-2022 schema:startDate ?d ; "
                "aig:earliestDate ?lo ; aig:latestDate ?hi }")
    assert validate(data).conforms


@pytest.mark.parametrize("bound", ["earliestDate", "latestDate"])
def test_a_date_without_one_of_its_bounds_is_a_violation(
    validate: Validator, data: Graph, bound: str
) -> None:
    """Every date carries the first and last day it stands for, so that range filters see
    it: a year-only publication date without its upper bound fails."""
    data.update(PREFIXES + f"DELETE {{ ?article aig:{bound} ?d }} WHERE {{ ?article "
                f'schema:datePublished "2022"^^xsd:gYear ; aig:{bound} ?d }}')
    report = validate(data)
    shape = AIGSH.EarliestDate if bound == "earliestDate" else AIGSH.LatestDate
    assert_violation(report, iri("article/000-7b0d44fbd805e180"), AIG[bound], shape)


def test_bounds_outside_their_date_are_a_violation(validate: Validator, data: Graph) -> None:
    """The bounds of 2022-11 are 2022-11-01 and 2022-11-30; a bound of another month fails."""
    data.update(
        PREFIXES + "DELETE { ae:aicon-gwangju-2022 aig:latestDate ?d } "
        'INSERT { ae:aicon-gwangju-2022 aig:latestDate "2022-12-31"^^xsd:date } '
        "WHERE { ae:aicon-gwangju-2022 aig:latestDate ?d }"
    )
    report = validate(data)
    assert_violation(report, iri("event/aicon-gwangju-2022"), None, AIGSH.DateBounds)


def test_bounds_without_a_date_are_a_violation(validate: Validator, data: Graph) -> None:
    data.update(PREFIXES + "DELETE WHERE { ae:aicon-gwangju-2022 schema:startDate ?d }")
    report = validate(data)
    assert_violation(report, iri("event/aicon-gwangju-2022"), None, AIGSH.DateBounds)


def test_a_status_outside_the_four_stages_is_a_violation(
    validate: Validator, data: Graph
) -> None:
    data.update(PREFIXES + "DELETE { ?f aig:status aig:Planned } INSERT { ?f aig:status "
                "aig:Abandoned } WHERE { ?f aig:status aig:Planned }")
    report = validate(data)
    assert_violation(report, iri("facility/saltlux-ai-center"), AIG.status, AIGSH.StatusValue)


def test_a_status_on_a_person_is_a_violation(validate: Validator, data: Graph) -> None:
    data.update(PREFIXES + "INSERT DATA { ap:kang-gi-jung aig:status aig:InOperation }")
    report = validate(data)
    assert_violation(report, iri("person/kang-gi-jung"), None, AIGSH.Status)


def test_a_target_carrying_a_year_is_a_violation(validate: Validator, data: Graph) -> None:
    """The year belongs to the article's own value, not to the target articles share."""
    data.update(PREFIXES + 'INSERT DATA { at:ai-startups-2029 aig:period "향후 10년간"@ko }')
    report = validate(data)
    assert_violation(report, iri("target/ai-startups-2029"), AIG.period, AIGSH.TargetHasNoPeriod)


def test_two_articles_with_different_values_conform(validate: Validator, data: Graph) -> None:
    """A target reported as 1000 by one article and 800 by another is not an error: both
    value nodes stay, each with its own source."""
    target = iri("target/ai-startups-2029")
    values = {
        (value.toPython(), data.value(node, PROV.wasDerivedFrom))
        for node in data.objects(target, AIG.reportedValue)
        for value in data.objects(node, SCHEMA.value)
        if isinstance(value, Literal)
    }
    assert {v for v, _ in values} == {1000, 800}
    assert len({source for _, source in values}) == 2
    assert validate(data).conforms


# --------------------------------------------------------------------------- labels and IRIs


def test_missing_korean_label_is_a_violation(validate: Validator, data: Graph) -> None:
    """A person with only an English label breaks aigsh:KoreanLabel."""
    data.update(PREFIXES + 'DELETE DATA { ap:kang-gi-jung rdfs:label "강기정"@ko }')
    report = validate(data)
    assert_violation(report, iri("person/kang-gi-jung"), RDFS.label, AIGSH.KoreanLabel)


def test_two_korean_labels_are_a_violation(validate: Validator, data: Graph) -> None:
    """A second @ko label breaks aigsh:LabelLanguages (uniqueLang); variants go to altLabel."""
    data.update(PREFIXES + 'INSERT DATA { ao:gwangju-city rdfs:label "광주시"@ko }')
    report = validate(data)
    assert_violation(report, iri("org/gwangju-city"), RDFS.label, AIGSH.LabelLanguages)


def test_label_in_another_language_is_a_violation(validate: Validator, data: Graph) -> None:
    """Only @ko and @en labels are allowed."""
    data.update(PREFIXES + 'INSERT DATA { ao:gwangju-city rdfs:label "Kwangju"@de }')
    report = validate(data)
    assert_violation(report, iri("org/gwangju-city"), RDFS.label, AIGSH.LabelLanguages)


def test_entity_iri_outside_the_pattern_is_a_violation(validate: Validator, data: Graph) -> None:
    """A person IRI with capitals and an underscore breaks aigsh:PersonIRI."""
    data.update(
        PREFIXES + "INSERT DATA { <https://w3id.org/aigraph/id/person/Kang_Gi-jung> "
        'a aig:Person ; rdfs:label "강기정"@ko . }'
    )
    report = validate(data)
    bad = URIRef("https://w3id.org/aigraph/id/person/Kang_Gi-jung")
    assert_violation(report, bad, None, AIGSH.PersonIRI)


def test_entity_under_the_wrong_kind_is_a_violation(validate: Validator, data: Graph) -> None:
    """An organisation minted under /id/person/ breaks aigsh:OrganizationIRI."""
    data.update(
        PREFIXES
        + 'INSERT DATA { ap:nipa a aig:Organization ; rdfs:label "정보통신산업진흥원"@ko . }'
    )
    report = validate(data)
    assert_violation(report, iri("person/nipa"), None, AIGSH.OrganizationIRI)


def test_a_link_out_to_wikidata_or_dbpedia_conforms(validate: Validator, data: Graph) -> None:
    data.update(PREFIXES + "INSERT DATA { ao:gwangju-city "
                "<http://www.w3.org/2004/02/skos/core#closeMatch> "
                "<http://www.wikidata.org/entity/Q41283> ; "
                "<http://www.w3.org/2002/07/owl#sameAs> <http://dbpedia.org/resource/Gwangju> }")
    assert validate(data).conforms


@pytest.mark.parametrize(("target", "shape"), [
    ('"Q41283"', "SameAsOutside"),                                        # a literal
    ("<https://www.wikidata.org/wiki/Q41283>", "SameAsOutside"),          # a page, not the item
    ("<https://w3id.org/aigraph/id/place/gwangju>", "SameAsOutside"),     # one of ours
])
def test_a_link_out_that_is_not_a_wikidata_item_or_dbpedia_resource_is_a_violation(
        validate: Validator, data: Graph, target: str, shape: str) -> None:
    data.update(PREFIXES + "INSERT DATA { ao:gwangju-city "
                f"<http://www.w3.org/2002/07/owl#sameAs> {target} }}")
    report = validate(data)
    assert_violation(report, iri("org/gwangju-city"), OWL.sameAs, AIGSH[shape])


# --------------------------------------------------------------------------- n-ary facts


def test_membership_without_role_is_a_violation(validate: Validator, data: Graph) -> None:
    """A membership must say which title the person holds."""
    data.update(PREFIXES + "DELETE WHERE { amem:5d1c0e7a90 org:role ?role }")
    report = validate(data)
    assert_violation(report, iri("membership/5d1c0e7a90"), ORG.role, AIGSH.MembershipRole)


def test_membership_without_source_is_a_violation(validate: Validator, data: Graph) -> None:
    """A membership must be traced to a sentence."""
    data.update(PREFIXES + "DELETE WHERE { amem:5d1c0e7a90 prov:wasDerivedFrom ?s }")
    report = validate(data)
    assert_violation(
        report,
        iri("membership/5d1c0e7a90"),
        PROV.wasDerivedFrom,
        AIGSH.MembershipSource,
    )


def test_agreement_with_one_party_is_a_violation(validate: Validator, data: Graph) -> None:
    """An agreement needs at least two parties."""
    data.update(PREFIXES + "DELETE DATA { ag:saltlux-gwangju-agreement-2020 aig:party ao:saltlux }")
    report = validate(data)
    assert_violation(
        report, iri("agreement/saltlux-gwangju-agreement-2020"), AIG.party, AIGSH.AgreementParties
    )


# --------------------------------------------------------------------------- figures


def test_value_given_as_a_string_is_a_violation(validate: Validator, data: Graph) -> None:
    """ "800" as a string is not a number: the value must be an xsd:integer."""
    data.update(
        PREFIXES
        + 'DELETE { av:77b02e5a90 schema:value ?v } INSERT { av:77b02e5a90 schema:value "800" } '
        "WHERE { av:77b02e5a90 schema:value ?v }"
    )
    report = validate(data)
    assert_violation(report, iri("value/77b02e5a90"), SCHEMA.value, AIGSH.ValueNumber)


def test_gyear_with_a_lexical_error_is_a_violation(validate: Validator, data: Graph) -> None:
    """ "20x9"^^xsd:gYear is not a valid year, so no alternative of the sh:or accepts it."""
    data.update(
        PREFIXES + "DELETE { av:1f3a9c0b11 aig:targetDate ?d } "
        'INSERT { av:1f3a9c0b11 aig:targetDate "20x9"^^xsd:gYear } '
        "WHERE { av:1f3a9c0b11 aig:targetDate ?d }"
    )
    report = validate(data)
    assert_violation(report, iri("value/1f3a9c0b11"), AIG.targetDate, AIGSH.TargetDate)


def test_gyearmonth_with_a_month_13_is_a_violation(validate: Validator, data: Graph) -> None:
    """ "2022-13"^^xsd:gYearMonth has no valid month, so the start date is rejected."""
    data.update(
        PREFIXES + "DELETE { ae:aicon-gwangju-2022 schema:startDate ?d } "
        'INSERT { ae:aicon-gwangju-2022 schema:startDate "2022-13"^^xsd:gYearMonth } '
        "WHERE { ae:aicon-gwangju-2022 schema:startDate ?d }"
    )
    report = validate(data)
    assert_violation(
        report, iri("event/aicon-gwangju-2022"), SCHEMA.startDate, AIGSH.EventStartDate
    )


def test_monetary_amount_without_krw_is_a_violation(validate: Validator, data: Graph) -> None:
    """Every amount of money is in won."""
    data.update(PREFIXES + "DELETE WHERE { av:9a0d3c7e12 schema:currency ?c }")
    report = validate(data)
    assert_violation(report, iri("value/9a0d3c7e12"), SCHEMA.currency, AIGSH.MoneyCurrency)


def test_goal_is_checked_as_a_target(validate: Validator, data: Graph) -> None:
    """With RDFS inference a node typed only aig:Goal gets the aig:Target checks."""
    data.update(
        PREFIXES
        + 'INSERT DATA { at:ai-jobs-2029 a aig:Goal ; rdfs:label "2029년 일자리 창출 목표"@ko ; '
        "aig:metric am:ai-startups . }"
    )
    report = validate(data)
    assert_violation(
        report, iri("target/ai-jobs-2029"), AIG.reportedValue, AIGSH.TargetReportedValue
    )


def test_budget_components_above_the_total_give_a_warning(validate: Validator, data: Graph) -> None:
    """Components by funding source adding up to more than the total raise a warning (not a
    violation): 2939억 + 2122억 > 4061억."""
    data.update(
        PREFIXES + "DELETE { av:2e6f8b1d34 schema:value ?v } "
        "INSERT { av:2e6f8b1d34 schema:value 212200000000 } "
        "WHERE { av:2e6f8b1d34 schema:value ?v }"
    )
    report = validate(data)
    assert report.reasons() == {
        (iri("target/ai-cluster-total-budget"), None, AIGSH.BudgetBreakdown)
    }
    assert {r.severity for r in report.results} == {SH.Warning}
