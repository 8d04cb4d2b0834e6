"""The fast SHACL engine (aigraph.shacl) gives pySHACL's results, as multisets of Problems.

pySHACL (validate.shape_problems(..., engine="pyshacl")) is the reference: the project's
corpus, the hand-written example and hundreds of seeded random mutations of both (a triple
deleted, a second label, a literal retyped or re-tagged, a node retyped or untyped, a property
pointed at the wrong kind of node, a date or a number broken) must give the same problems.

One difference is deliberate: a SPARQL constraint comparing literals that SPARQL cannot
compare ("2029-01"^^xsd:gYearMonth > "2029-12-31"^^xsd:date, an ill-typed date) gets an
error, and so no row, from Oxigraph, as SPARQL 1.1 says; rdflib orders such literals anyway.
Where a mutation retypes or rewrites a literal that a SPARQL constraint reads, the results of
the SPARQL-based shapes are left out of the comparison (all other results still count).
"""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse
from pyshacl.rdfutil.compare import compare_literal
from rdflib.plugins.sparql.sparql import SPARQLError

from aigraph import shaclsparql
from aigraph.errors import InputError
from aigraph.shacl import Problem, compile_shapes, term_text
from aigraph.shaclsparql import query_predicates
from aigraph.shaclvalues import compare_to, normal_literal, well_typed
from aigraph.validate import shape_problems, validate_quads

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
EXAMPLE = ROOT / "tests" / "owl" / "example.trig"

XSD = "http://www.w3.org/2001/XMLSchema#"
AIG = "https://w3id.org/aigraph/ontology#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
CLASSES = [NamedNode(AIG + c) for c in ("Person", "Organization", "Event", "Agreement",
                                         "Facility", "Goal", "Budget", "Statistic",
                                         "Participation", "Sentence", "Target")] + [
    NamedNode("https://schema.org/" + c) for c in ("NewsArticle", "QuantitativeValue",
                                                   "MonetaryAmount", "Place")] + [
    NamedNode("http://www.w3.org/ns/org#Membership"),
    NamedNode("http://www.w3.org/2004/02/skos/core#Concept")]
DATATYPES = ["integer", "decimal", "boolean", "date", "dateTime", "gYear", "gYearMonth",
             "string", "double", "int"]
LEXICAL = ["2022-13-01", "20x9", "2022-02-30", "2022-11-01Z", "2022", "2022-11", "2022-1-05",
           "2022-11-01T10:00:00", "2022-11-01+09:00", "+5", "05", "-3", "1.5", "abc", "1", "0",
           "true", "TRUE", " 7 ", "1_000", "0.50", "2029-12-31", "2019", "1e3", ""]
LANGUAGES = [None, "ko", "en", "de", "ko-KR", "EN"]

Triple3 = tuple[NamedNode | BlankNode, NamedNode, NamedNode | BlankNode | Literal]


def union(quads: list[Quad]) -> list[Triple3]:
    """The distinct triples of the quads, in a fixed order."""
    return sorted({(q.subject, q.predicate, q.object) for q in quads}, key=str)


def as_quads(triples: list[Triple3]) -> list[Quad]:
    return [Quad(s, p, o) for s, p, o in triples]


SPARQL_READS = {p for s in compile_shapes(ONTOLOGY_DIR / "shapes.ttl").shapes
                for c in s.sparql for p in c.reads or ()}
SPARQL_SHAPES = {s.name for s in compile_shapes(ONTOLOGY_DIR / "shapes.ttl").shapes
                 if s.sparql}


def both(quads: list[Quad], *, sparql: bool = True) -> tuple[Counter[Problem], Counter[Problem]]:
    """The problems of the fast engine and of pySHACL, as multisets (without those of the
    SPARQL-based shapes unless ``sparql``)."""
    fast = shape_problems(quads, ONTOLOGY_DIR)
    try:
        reference = shape_problems(quads, ONTOLOGY_DIR, engine="pyshacl")
    except SPARQLError:  # rdflib cannot run a query over this data (SUM of a text): no reference
        reference = fast
    found = (fast, reference)
    return tuple(Counter(p for p in problems if sparql or p.source not in SPARQL_SHAPES)
                 for problems in found)  # type: ignore[return-value]


def literal(lexical: str, datatype: str | None = None, language: str | None = None) -> Literal:
    if language:
        return Literal(lexical, language=language)
    return Literal(lexical, datatype=NamedNode(XSD + (datatype or "string")))


def mutate(triples: list[Triple3], rng: random.Random) -> tuple[str, list[Triple3]]:
    """One random change of the kinds the module docstring lists: its name (``literal`` for
    a literal retyped or rewritten that a SPARQL constraint reads) and the result."""
    data = list(triples)
    index = rng.randrange(len(data))
    s, p, o = data[index]
    literals = [i for i, t in enumerate(data) if isinstance(t[2], Literal)]
    nodes = sorted({t[0] for t in data if isinstance(t[0], NamedNode)}, key=str)
    kind = rng.choice(["delete", "label", "datatype", "language", "retype", "untype",
                       "repoint", "lexical", "duplicate", "copy"])
    if kind == "delete":
        del data[index]
    elif kind == "label":
        labelled = [t[0] for t in data if t[1] == RDFS_LABEL]
        data.append((rng.choice(labelled), RDFS_LABEL,
                     literal(f"다른 이름 {rng.randrange(9)}", language=rng.choice(LANGUAGES))))
    elif kind in ("datatype", "language", "lexical", "duplicate"):
        i = rng.choice(literals)
        s, p, o = data[i]
        assert isinstance(o, Literal)
        datatype = o.datatype.value.removeprefix(XSD)
        if kind == "datatype":
            new = literal(o.value, rng.choice(DATATYPES))
        elif kind == "language":
            new = literal(o.value, datatype, rng.choice(LANGUAGES[1:]))
        else:
            new = literal(rng.choice(LEXICAL), datatype if not o.language else None,
                          o.language)
        if kind == "duplicate":
            data.append((s, p, new))
        else:
            data[i] = (s, p, new)
        if p in SPARQL_READS:
            kind = "literal"
    elif kind == "retype":
        i = rng.choice([i for i, t in enumerate(data) if t[1] == RDF_TYPE])
        data[i] = (data[i][0], RDF_TYPE, rng.choice(CLASSES))
    elif kind == "untype":
        del data[rng.choice([i for i, t in enumerate(data) if t[1] == RDF_TYPE])]
    elif kind == "repoint":
        i = rng.choice([i for i, t in enumerate(data) if not isinstance(t[2], Literal)])
        target: NamedNode | Literal = rng.choice(nodes) if rng.random() < 0.8 else literal("x")
        data[i] = (data[i][0], data[i][1], target)
    else:  # copy a property of one node to another
        t = data[rng.randrange(len(data))]
        data.append((rng.choice(nodes), t[1], t[2]))
    return kind, data


@pytest.fixture(scope="module")
def example() -> list[Triple3]:
    return union(list(parse(path=str(EXAMPLE), format=RdfFormat.TRIG)))


# --------------------------------------------------------------------------- agreement


def test_the_engines_agree_on_the_corpus(quads: list[Quad]) -> None:
    fast, reference = both(quads)
    assert fast == reference


def test_the_engines_agree_on_the_example(example: list[Triple3]) -> None:
    fast, reference = both(as_quads(example))
    assert fast == reference == Counter()


@pytest.mark.parametrize("seed", range(60))
def test_the_engines_agree_on_mutations_of_the_example(example: list[Triple3],
                                                       seed: int) -> None:
    """Five random changes at a time, 300 in all: any disagreement fails."""
    rng = random.Random(seed)
    data, kinds = example, []
    for _ in range(5):
        kind, data = mutate(data, rng)
        kinds.append(kind)
    fast, reference = both(as_quads(data), sparql="literal" not in kinds)
    assert fast - reference == Counter() and reference - fast == Counter(), kinds


@pytest.mark.parametrize("seed", range(3))
def test_the_engines_agree_on_mutations_of_the_corpus(quads: list[Quad], seed: int) -> None:
    """Twenty-five random changes at a time, over the whole corpus."""
    rng = random.Random(1000 + seed)
    data, kinds = union(quads), []
    for _ in range(25):
        kind, data = mutate(data, rng)
        kinds.append(kind)
    fast, reference = both(as_quads(data), sparql="literal" not in kinds)
    assert fast - reference == Counter() and reference - fast == Counter()
    assert fast  # the changes are found


# --------------------------------------------------------------------------- focus nodes


@pytest.mark.parametrize("seed", range(5))
def test_focus_nodes_give_the_problems_of_those_nodes(example: list[Triple3],
                                                      seed: int) -> None:
    rng = random.Random(seed)
    data = example
    for _ in range(8):
        _, data = mutate(data, rng)
    quads = as_quads(data)
    everything = shape_problems(quads, ONTOLOGY_DIR)
    nodes = sorted({q.subject for q in quads} | {q.object for q in quads
                                                  if isinstance(q.object, NamedNode)}, key=str)
    focus = set(rng.sample(nodes, len(nodes) // 3))
    texts = {term_text(n) for n in focus}
    assert Counter(shape_problems(quads, ONTOLOGY_DIR, focus=focus)) == Counter(
        p for p in everything if p.focus in texts)
    reference = shape_problems(quads, ONTOLOGY_DIR, engine="pyshacl")
    assert Counter(shape_problems(quads, ONTOLOGY_DIR, engine="pyshacl", focus=focus)) == \
        Counter(p for p in reference if p.focus in texts)


def test_sparql_constraints_bound_per_focus_node_equal_one_run_for_all(
        quads: list[Quad], example: list[Triple3], monkeypatch: pytest.MonkeyPatch) -> None:
    """Binding $this to each focus node (pyoxigraph substitutions) and running the query once
    and keeping the rows of the focus nodes give the same results."""
    rng = random.Random(7)
    data = example
    for _ in range(10):
        _, data = mutate(data, rng)
    for case in (quads, as_quads(data)):
        monkeypatch.setattr(shaclsparql, "BIND_EACH_LIMIT", 0)
        once = Counter(shape_problems(case, ONTOLOGY_DIR))
        monkeypatch.setattr(shaclsparql, "BIND_EACH_LIMIT", 10**9)
        assert Counter(shape_problems(case, ONTOLOGY_DIR)) == once


def test_a_warning_message_is_filled_from_the_query_row(example: list[Triple3]) -> None:
    value = NamedNode("https://w3id.org/aigraph/id/value/2e6f8b1d34")
    schema_value = NamedNode("https://schema.org/value")
    data = [t for t in example if not (t[0] == value and t[1] == schema_value)]
    data.append((value, schema_value, literal("212200000000", "integer")))
    fast, reference = both(as_quads(data))
    assert fast == reference
    [warning] = fast
    assert warning.severity == "Warning"
    assert "add up to 506100000000, more than its total 406100000000" in warning.message


def test_validate_quads_reports_undefined_terms_only_for_focus_nodes(quads: list[Quad]) -> None:
    org = NamedNode("https://w3id.org/aigraph/id/org/gist")
    extra = Quad(org, NamedNode(AIG + "rankedAt"), literal("1", "integer"))
    report = validate_quads([*quads, extra], ONTOLOGY_DIR, focus={org})
    assert [(p.focus, p.path) for p in report.violations] == [(org.value, AIG + "rankedAt")]
    other = NamedNode("https://w3id.org/aigraph/id/org/nipa")
    assert validate_quads([*quads, extra], ONTOLOGY_DIR, focus={other}).problems == []


# --------------------------------------------------------------------------- literals


@pytest.mark.parametrize("datatype", [d for d in DATATYPES if not d.startswith("g")])
def test_literals_are_read_as_rdflib_reads_them(datatype: str) -> None:
    """Normal forms and ill-typed lexical forms as rdflib gives them (what pySHACL sees).
    Not xsd:gYear and xsd:gYearMonth: rdflib has no reading of its own for them, but owlrl
    leaves one behind after the first pySHACL run in a process; the shapes test them with a
    pattern, so that both readings give the same results."""
    for lexical in LEXICAL:
        ours = literal(lexical, datatype)
        theirs = rdflib.Literal(lexical, datatype=rdflib.URIRef(XSD + datatype))
        if datatype == "boolean" and lexical not in ("true", "false", "1", "0"):
            assert normal_literal(ours).value == lexical  # ill-typed, kept as written
        elif datatype != "int":
            assert normal_literal(ours).value == str(theirs), lexical
        assert well_typed(ours) == (theirs.ill_typed is not True), lexical


def test_numbers_are_compared_with_bounds_as_pyshacl_compares_them() -> None:
    for lexical in LEXICAL:
        for datatype in (d for d in DATATYPES if not d.startswith("g")):  # as above
            ours = literal(lexical, datatype)
            theirs = rdflib.Literal(lexical, datatype=rdflib.URIRef(XSD + datatype))
            if isinstance(theirs.value, str):
                expected = None
            else:
                try:
                    expected = compare_literal(theirs, rdflib.Literal(0))
                except (TypeError, NotImplementedError):
                    expected = None
                except ArithmeticError:  # NaN: pySHACL itself fails
                    continue
            assert compare_to(ours, Decimal(0)) == expected, (lexical, datatype)


# --------------------------------------------------------------------------- the shapes file


def test_the_sparql_constraints_read_only_the_properties_they_name() -> None:
    shapes = compile_shapes(ONTOLOGY_DIR / "shapes.ttl")
    reads = [c.reads for s in shapes.shapes for c in s.sparql]
    assert len(reads) == 2 and all(r for r in reads)
    assert NamedNode(AIG + "earliestDate") in set().union(*reads)  # type: ignore[arg-type]


@pytest.mark.parametrize(("query", "reads"), [
    ("SELECT $this WHERE { $this <http://a/p>/<http://a/q> ?o ; <http://a/r> [ a ?x ] }",
     {"http://a/p", "http://a/q", "http://a/r",
      "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}),
    ("PREFIX a: <http://a/> SELECT ?s WHERE { ?s a:p ?o FILTER (?o > 1) }", {"http://a/p"}),
    ("SELECT * WHERE { ?s ?p ?o }", None),
    ("SELECT * WHERE { ?s !<http://a/p> ?o }", None),
    ("SELECT * WHERE { ?s <http://a/p> ?o ; ?q ?x }", None),
])
def test_what_a_query_reads(query: str, reads: set[str] | None) -> None:
    found = query_predicates(query)
    assert (None if found is None else {p.value for p in found}) == reads


SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "m" ; {body} .
"""


@pytest.mark.parametrize(("body", "named"), [
    ("sh:xone ( ex:A ex:B )", "sh:xone"),
    ("sh:node ex:A", "sh:node"),
    ("sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ; sh:message \"m\" ]",
     "path"),
    ("sh:closed true", "sh:closed"),
    ("sh:datatype <http://www.w3.org/2001/XMLSchema#time>", "sh:datatype"),
    ("sh:sparql [ sh:ask \"ASK {}\" ; sh:message \"m\" ]", "sh:select"),
])
def test_an_unsupported_construct_is_an_input_error(tmp_path: Path, body: str,
                                                    named: str) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(SHAPE.replace("{body}", body), encoding="utf-8")
    with pytest.raises(InputError, match=named):
        compile_shapes(path)


def test_a_shape_without_a_message_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(SHAPE.replace('sh:message "m" ;', "").replace("{body}", "sh:minCount 1"),
                    encoding="utf-8")
    with pytest.raises(InputError, match="sh:message"):
        compile_shapes(path)
