"""Checks of a built graph: SHACL shapes, and that the data uses only defined terms.

:func:`validate_quads` returns a :class:`Report`; it never raises for a non-conforming
graph (that is a result, not an error). The CLI turns the report into exit codes.

Two SHACL engines give the same :class:`Problem` records: :mod:`aigraph.shacl` (the default,
linear in the data) and pySHACL (``engine="pyshacl"``, the reference the tests compare it
with, which takes minutes at a million triples).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as Choice

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse

from aigraph.errors import InputError
from aigraph.shacl import Problem, compile_shapes, term_text
from aigraph.vocab import AIG, RDF

__all__ = ["Problem", "Report", "shape_problems", "validate_quads"]

Engine = Choice["fast", "pyshacl"]
Node = NamedNode | BlankNode


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


def validate_quads(quads: list[Quad], ontology_dir: Path, *, engine: Engine = "fast",
                   focus: Collection[Node] | None = None, store: Store | None = None) -> Report:
    """Validate a dataset against ``shapes.ttl`` (with the ontology, RDFS inference) and check
    that every ``aig:`` class and property the data uses is defined in the ontology.

    :param engine: ``"fast"`` (:mod:`aigraph.shacl`) or ``"pyshacl"`` (the reference).
    :param focus: report only these focus nodes (an incremental build's changed nodes); the
        whole data is still read for their neighbours. The check of undefined terms then only
        reports triples whose subject is one of them.
    :param store: for the fast engine, a store holding the data as its SPARQL constraints see
        it (see :meth:`aigraph.shacl.Shapes.validate`); built when needed otherwise.
    :raises InputError: if the shapes or the ontology cannot be read, or the shapes use a
        construct the engine does not implement.
    """
    ontology = _ontology(ontology_dir)
    problems = shape_problems(quads, ontology_dir, engine=engine, focus=focus, store=store,
                              ontology=ontology)
    subjects = None if focus is None else set(focus)
    problems.extend(_undefined_terms(quads, ontology, subjects))
    return Report(sorted(problems, key=lambda p: (p.severity != "Violation", str(p))))


def shape_problems(quads: Iterable[Quad], ontology_dir: Path, *, engine: Engine = "fast",
                   focus: Collection[Node] | None = None, store: Store | None = None,
                   ontology: list[Triple] | None = None) -> list[Problem]:
    """The SHACL results alone, from either engine, in no particular order.

    :raises InputError: as :func:`validate_quads`.
    """
    if ontology is None:
        ontology = _ontology(ontology_dir)
    if engine == "pyshacl":
        found = _reference(quads, ontology_dir)
        if focus is None:
            return found
        wanted = {term_text(n) for n in focus}
        return [p for p in found if p.focus in wanted]
    shapes = compile_shapes(ontology_dir / "shapes.ttl")
    return shapes.validate(quads, ontology, focus=focus, store=store)


def _ontology(ontology_dir: Path) -> list[Triple]:
    path = ontology_dir / "aigraph.ttl"
    try:
        return list(parse(path=str(path), format=RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"cannot read aigraph.ttl: {exc}", path) from exc


def _reference(quads: Iterable[Quad], ontology_dir: Path) -> list[Problem]:
    """pySHACL's results, as the build ran it before the fast engine, in the normal form."""
    import rdflib
    from pyshacl import validate as shacl_validate

    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    data = to_rdflib(quads)
    shapes, ontology = rdflib.Graph(), rdflib.Graph()
    for graph, name in ((shapes, "shapes.ttl"), (ontology, "aigraph.ttl")):
        path = ontology_dir / name
        try:
            graph.parse(path, format="turtle")
        except (OSError, SyntaxError, rdflib.exceptions.ParserError) as exc:
            raise InputError(f"cannot read {name}: {exc}", path) from exc
    _, results, _ = shacl_validate(data, shacl_graph=shapes, ont_graph=ontology,
                                   inference="rdfs", allow_warnings=True)

    def text(node: object) -> str:
        if isinstance(node, rdflib.BNode):
            return "_:" + str(node)
        return "" if node is None else str(node)

    def path_text(node: object) -> str:
        if isinstance(node, rdflib.BNode):  # a sequence path: a list of properties
            steps = list(rdflib.collection.Collection(shapes, node))
            return "/".join(f"<{step}>" for step in steps)
        return text(node)

    problems = []
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = text(results.value(r, sh.resultSeverity)).rsplit("#", 1)[-1]
        messages = sorted(str(m) for m in results.objects(r, sh.resultMessage))
        problems.append(Problem(severity, text(results.value(r, sh.focusNode)),
                                path_text(results.value(r, sh.resultPath)),
                                "\n".join(messages), text(results.value(r, sh.sourceShape))))
    return problems


def to_rdflib(quads: Iterable[Quad]):  # noqa: ANN201 - rdflib is imported lazily
    """The union of the quads' graphs as one rdflib graph (each triple once), blank nodes
    keeping their ids and literals parsed as rdflib parses them."""
    import rdflib

    def term(t: NamedNode | BlankNode | Literal) -> rdflib.term.Node:
        if isinstance(t, NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, BlankNode):
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        if t.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(t.value)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))

    graph = rdflib.Graph()
    for s, p, o in {(q.subject, q.predicate, q.object) for q in quads}:
        graph.add((term(s), term(p), term(o)))
    return graph


def _undefined_terms(quads: list[Quad], ontology: list[Triple],
                     subjects: set[Node] | None) -> list[Problem]:
    defined = {t.subject.value for t in ontology if t.subject.value.startswith(AIG.iri)}
    used: dict[str, str] = {}
    for q in quads:
        if subjects is not None and q.subject not in subjects:
            continue
        if q.predicate.value.startswith(AIG.iri):
            used.setdefault(q.predicate.value, q.subject.value)
        if q.predicate == RDF.type and isinstance(q.object, NamedNode) and \
                q.object.value.startswith(AIG.iri):
            used.setdefault(q.object.value, q.subject.value)
    return [Problem("Violation", focus, term, "uses a term the ontology does not define",
                    "ontology")
            for term, focus in sorted(used.items()) if term not in defined]
