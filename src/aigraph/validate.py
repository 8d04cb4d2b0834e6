"""Checks of a built graph: SHACL shapes, and that the data uses only defined terms.

:func:`validate_quads` returns a :class:`Report`; it never raises for a non-conforming
graph (that is a result, not an error). The CLI turns the report into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, serialize
from pyshacl import validate as shacl_validate

from aigraph.errors import InputError
from aigraph.vocab import AIG, RDF

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
RDF_TYPE = rdflib.RDF.type


@dataclass(frozen=True)
class Problem:
    """One finding: severity (Violation, Warning, Info), focus node, path, message."""

    severity: str
    focus: str
    path: str
    message: str
    source: str = ""

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}"


@dataclass(frozen=True)
class Report:
    """The outcome of validation: conforms when there is no violation."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def to_rdflib(quads: list[Quad]) -> rdflib.Graph:
    """The union of the quads' graphs as one rdflib graph (each triple once)."""
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    data = serialize([Triple(*t) for t in triples], format=RdfFormat.N_TRIPLES) or b""
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph


def validate_quads(quads: list[Quad], ontology_dir: Path) -> Report:
    """Validate a dataset against ``shapes.ttl`` (with the ontology, RDFS inference) and check
    that every ``aig:`` class and property the data uses is defined in the ontology.

    :raises InputError: if the shapes or the ontology cannot be read.
    """
    data = to_rdflib(quads)
    shapes, ontology = rdflib.Graph(), rdflib.Graph()
    for graph, name in ((shapes, "shapes.ttl"), (ontology, "aigraph.ttl")):
        path = ontology_dir / name
        try:
            graph.parse(path, format="turtle")
        except (OSError, SyntaxError, rdflib.exceptions.ParserError) as exc:
            raise InputError(f"cannot read {name}: {exc}", path) from exc
    conforms, results, _ = shacl_validate(data, shacl_graph=shapes, ont_graph=ontology,
                                          inference="rdfs", allow_warnings=True)
    problems = [_problem(results, r) for r in results.subjects(RDF_TYPE, SH.ValidationResult)]
    problems.extend(_undefined_terms(quads, ontology))
    return Report(sorted(problems, key=lambda p: (p.severity != "Violation", str(p))))



def _problem(results: rdflib.Graph, node: rdflib.term.Node) -> Problem:
    def one(pred: rdflib.URIRef) -> str:
        value = results.value(node, pred)
        return "" if value is None else str(value)

    severity = one(SH.resultSeverity).rsplit("#", 1)[-1]
    return Problem(severity, one(SH.focusNode), one(SH.resultPath), one(SH.resultMessage),
                   one(SH.sourceShape))


def _undefined_terms(quads: list[Quad], ontology: rdflib.Graph) -> list[Problem]:
    defined = {str(s) for s in ontology.subjects() if str(s).startswith(AIG.iri)}
    used: dict[str, str] = {}
    for q in quads:
        if q.predicate.value.startswith(AIG.iri):
            used.setdefault(q.predicate.value, q.subject.value)
        if q.predicate == RDF.type and isinstance(q.object, NamedNode) and \
                q.object.value.startswith(AIG.iri):
            used.setdefault(q.object.value, q.subject.value)
    return [Problem("Violation", focus, term, "uses a term the ontology does not define",
                    "ontology")
            for term, focus in sorted(used.items()) if term not in defined]

