"""Faults planted in the project's corpus, one per construct of ``ontology/shapes.ttl``.

:func:`faulty_quads` gives the corpus with every fault planted and, for each fault, the
construct it exercises, the shape it trips and the focus nodes it is reported on. Each fault
picks nodes that no other fault touches, so that a result is attributed to its fault by its
focus node; ``bench/validation.py`` compares the engines fault by fault with them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

AIG = "https://w3id.org/aigraph/ontology#"
ID = "https://w3id.org/aigraph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
Term = NamedNode | BlankNode | Literal
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SCHEMA = "https://schema.org/"
DCT = "http://purl.org/dc/terms/"


class Faulty:
    """The distinct triples of a corpus, to plant faults in; each fault picks nodes no other
    fault has touched, so that a result is attributed to its fault by its focus node."""

    def __init__(self, triples: list[Triple]) -> None:
        self.triples = triples
        self.used: set[str] = set()

    def pick(self, where: str) -> NamedNode:
        """The first unused subject (in IRI order) of predicate ``where``, or an instance of
        the class ``where`` names after ``"a "``."""
        if where.startswith("a "):
            found = {t.subject for t in self.triples
                     if t.predicate.value == RDF_TYPE and t.object.value == where[2:]}
        else:
            found = {t.subject for t in self.triples if t.predicate.value == where}
        node = min((n for n in found if n.value not in self.used), key=lambda n: n.value)
        self.used.add(node.value)
        return node  # type: ignore[return-value]

    def edit(self, node: Term, how: str, predicate: str, value: Term | None = None) -> None:
        """``drop`` the node's values of the predicate, ``add`` one, or ``set`` it alone."""
        if how in ("drop", "set"):
            self.triples = [t for t in self.triples
                            if not (t.subject == node and t.predicate.value == predicate)]
        if how in ("add", "set"):
            self.triples.append(Triple(node, NamedNode(predicate), value))  # type: ignore[arg-type]

    def new(self, iri: str) -> NamedNode:
        self.used.add(iri)
        return NamedNode(iri)


def _lit(text: str, datatype: str = "string", language: str | None = None) -> Literal:
    if language:
        return Literal(text, language=language)
    return Literal(text, datatype=NamedNode(XSD + datatype))


#: (construct, the shape it trips, the node (see :meth:`Faulty.pick`), edit, predicate, value)
EDITS: list[tuple[str, str, str, str, str, Term | str | None]] = [
    ("sh:minCount", "SentenceText", SCHEMA + "text", "drop", SCHEMA + "text", None),
    ("sh:maxCount", "SentenceText", SCHEMA + "text", "add", SCHEMA + "text",
     _lit("둘째 본문", language="ko")),
    ("sh:datatype", "SentencePosition", SCHEMA + "position", "set", SCHEMA + "position",
     _lit("3")),
    ("sh:minInclusive", "SentencePosition", SCHEMA + "position", "set", SCHEMA + "position",
     _lit("-1", "integer")),
    ("sh:maxInclusive (decimal)", "ConfidenceValue", SCHEMA + "position", "add",
     AIG + "confidence", _lit("1.5", "decimal")),
    ("sh:datatype xsd:boolean", "ReviewedValue", AIG + "reviewed", "set", AIG + "reviewed",
     _lit("yes")),
    ("sh:languageIn", "LabelLanguages", "a " + AIG + "Organization", "add", LABEL,
     _lit("Name", language="de")),
    ("sh:uniqueLang", "LabelLanguages", "a " + AIG + "Person", "add", LABEL,
     _lit("다른 이름", language="ko")),
    ("sh:qualifiedValueShape", "KoreanLabel", "a " + AIG + "Organization", "set", LABEL,
     _lit("Only English", language="en")),
    ("sh:nodeKind + sh:pattern on values", "SameAsOutside", "a " + AIG + "Organization", "add",
     "http://www.w3.org/2002/07/owl#sameAs", _lit("Q42")),
    ("sh:or of datatype + pattern", "OrganizationFoundingDate", SCHEMA + "foundingDate", "set",
     SCHEMA + "foundingDate", _lit("20x9", "gYear")),
    ("sh:hasValue", "ArticleLanguage", "a " + SCHEMA + "NewsArticle", "set", DCT + "language",
     _lit("en")),
    ("sh:in (literals)", "DateBasisValue", AIG + "dateBasis", "set", AIG + "dateBasis",
     _lit("guessed")),
    ("sh:in (IRIs)", "StatusValue", AIG + "status", "set", AIG + "status", AIG + "Closed"),
    ("sh:nodeKind sh:Literal", "ValueSurfaceForm", AIG + "surfaceForm", "set",
     AIG + "surfaceForm", ID + "org/surface"),
    ("sh:targetObjectsOf + sh:or of sh:class", "ReportedValue",
     "a " + SCHEMA + "QuantitativeValue", "set", RDF_TYPE, SCHEMA + "Thing"),
    ("sh:targetSubjectsOf + sh:or of sh:class", "Status", "a " + AIG + "Person", "add",
     AIG + "statusText", _lit("운영", language="ko")),
    ("sh:maxCount 0", "TargetHasNoPeriod", "a " + AIG + "Goal", "add",
     AIG + "period", _lit("2030")),
    ("sh:sparql (FILTER, OPTIONAL)", "DateBounds", AIG + "earliestDate", "set",
     AIG + "earliestDate", _lit("2999-01-01", "date")),
]


def _new_person(d: Faulty) -> list[NamedNode]:
    person = d.new(ID + "person/Planted_Name")
    d.edit(person, "add", RDF_TYPE, NamedNode(AIG + "Person"))
    d.edit(person, "add", LABEL, _lit("심은 사람", language="ko"))
    return [person]


def _new_goal(d: Faulty) -> list[NamedNode]:
    goal = d.new(ID + "target/planted-goal")  # no metric, no value; a Target by subClassOf
    d.edit(goal, "add", RDF_TYPE, NamedNode(AIG + "Goal"))
    d.edit(goal, "add", LABEL, _lit("심은 목표", language="ko"))
    return [goal]


def _stray_source(d: Faulty) -> list[NamedNode]:
    value, stray = d.pick(AIG + "surfaceForm"), d.new(ID + "sentence/planted")
    d.edit(value, "add", "http://www.w3.org/ns/prov#wasDerivedFrom", stray)
    d.edit(stray, "add", DCT + "isPartOf", d.pick("a " + AIG + "Organization"))
    return [value]


def _untyped_operator(d: Faulty) -> list[NamedNode]:
    facility, operator = d.pick(AIG + "operator"), d.new(ID + "org/Unknown_Operator")
    d.edit(facility, "set", AIG + "operator", operator)  # an Organization by rdfs:range
    return [facility, operator]


def _budget_parts(d: Faulty) -> list[NamedNode]:
    parts = {t.subject for t in d.triples if t.predicate.value == AIG + "fundingSource"}
    budget = min((t.subject for t in d.triples if t.predicate.value == AIG + "hasComponent"
                  and t.object in parts), key=lambda n: n.value)
    d.used.add(budget.value)
    for t in [t for t in d.triples if t.subject == budget and
              t.predicate.value == AIG + "reportedValue"]:
        d.edit(t.object, "set", SCHEMA + "value", _lit("1", "integer"))
    return [budget]  # type: ignore[list-item]


#: (construct, the shape it trips, fault): the faults that need more than one edit.
BUILT: list[tuple[str, str, Callable[[Faulty], list[NamedNode]]]] = [
    ("sh:pattern on the focus IRI", "PersonIRI", _new_person),
    ("sh:targetClass via rdfs:subClassOf", "TargetMetric", _new_goal),
    ("sequence path + sh:class", "ValueArticle", _stray_source),
    ("rdfs:range inference", "OrganizationIRI", _untyped_operator),
    ("sh:sparql (nested aggregates), Warning", "BudgetBreakdown", _budget_parts),
]


def faulty_quads(root: Path) -> tuple[list[Quad], dict[str, tuple[str, str, list[str]]]]:
    """The project's corpus with every fault planted, as quads of the default graph, and
    each fault's construct, shape and focus nodes, keyed by its number."""
    from aigraph.build import plan
    from aigraph.config import Settings

    quads = plan(Settings(root=root))[0]
    d = Faulty(sorted({Triple(q.subject, q.predicate, q.object) for q in quads}, key=str))
    found: list[tuple[str, str, list[NamedNode]]] = []
    for construct, shape, where, how, predicate, value in EDITS:
        node = d.pick(where)
        d.edit(node, how, predicate, d.new(value) if isinstance(value, str) else value)
        found.append((construct, shape, [node]))
    found.extend((construct, shape, fault(d)) for construct, shape, fault in BUILT)
    planted = {str(i): (c, s, [n.value for n in nodes]) for i, (c, s, nodes) in enumerate(found)}
    return [Quad(t.subject, t.predicate, t.object) for t in d.triples], planted
