"""A SHACL engine for the constructs ``ontology/shapes.ttl`` uses, linear in the data.

:func:`compile_shapes` reads a shapes file once (with pyoxigraph) into :class:`Shapes`;
:meth:`Shapes.validate` checks a dataset against them and returns :class:`Problem` records in
the normal form :mod:`aigraph.validate` also gives pySHACL's results (the reference, kept in
the tests): severity, focus node, path, message, source shape.

This module compiles the shapes and drives a validation; the rest of the engine lives in
modules of its own, each depending only on those listed before it:

* :mod:`aigraph.shaclvalues`: literals read, normalised and ordered as rdflib does;
* :mod:`aigraph.shaclshape`: the compiled forms (:class:`Shape`, ``Sparql``) and
  :class:`Problem`;
* :mod:`aigraph.shacldata`: the data as the shapes see it, with the RDFS entailments pySHACL's
  ``inference="rdfs"`` adds that a supported constraint can see;
* :mod:`aigraph.shaclsparql`: SPARQL-based constraints, what a query reads and how it runs;
* :mod:`aigraph.shaclcheck`: one validation run, the constraints checked on focus nodes.

A shapes file using anything else (another constraint component, another kind of path, a
shape without ``sh:message`` that can report) raises :class:`~aigraph.errors.InputError`
naming the construct and the shape: a constraint is never skipped silently.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse

from aigraph.errors import InputError
from aigraph.shaclcheck import Run
from aigraph.shacldata import TYPE, Data
from aigraph.shaclshape import Node, Problem, Shape, Sparql, Term, term_text
from aigraph.shaclsparql import query_predicates
from aigraph.shaclvalues import CHECKED, RDF, RDFS, RECOGNISED, STRINGS, XSD

__all__ = ["Problem", "Shape", "Shapes", "compile_shapes", "term_text"]

SH = "http://www.w3.org/ns/shacl#"
FIRST, REST, NIL = NamedNode(RDF + "first"), NamedNode(RDF + "rest"), NamedNode(RDF + "nil")

#: What a shape may say, by predicate: the engine implements every ``sh:`` term listed here.
SUPPORTED = {
    "targetClass", "targetSubjectsOf", "targetObjectsOf", "property", "path", "severity",
    "message", "sparql", "nodeKind", "pattern", "datatype", "class", "minCount", "maxCount",
    "or", "qualifiedValueShape", "qualifiedMinCount", "languageIn", "uniqueLang", "hasValue",
    "in", "minInclusive", "maxInclusive", "name", "description", "order", "group",
}
REPORTING = SUPPORTED - {"targetClass", "targetSubjectsOf", "targetObjectsOf", "property",
                         "path", "severity", "message", "sparql", "name", "description",
                         "order", "group", "qualifiedValueShape"}
NODE_KINDS = {"IRI": (NamedNode,), "Literal": (Literal,), "BlankNode": (BlankNode,),
              "BlankNodeOrIRI": (BlankNode, NamedNode), "IRIOrLiteral": (NamedNode, Literal),
              "BlankNodeOrLiteral": (BlankNode, Literal)}


class _Graph:
    """The shapes graph as nested dicts, with the helpers compilation needs."""

    def __init__(self, triples: Iterable[Triple | Quad], where: Path | str) -> None:
        self.where = where
        self.out: dict[Term, dict[str, list[Term]]] = {}
        for t in triples:
            self.out.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)

    def objects(self, node: Term, pred: str) -> list[Term]:
        return self.out.get(node, {}).get(pred, [])

    def one(self, node: Term, pred: str) -> Term | None:
        values = self.objects(node, pred)
        return values[0] if values else None

    def items(self, head: Term) -> list[Term]:
        found: list[Term] = []
        while head != NIL:
            first, rest = self.one(head, FIRST.value), self.one(head, REST.value)
            if first is None or rest is None or len(found) > 10_000:
                raise InputError(f"a malformed RDF list at {term_text(head)}", self.where)
            found.append(first)
            head = rest
        return found


def compile_shapes(path: Path) -> Shapes:
    """Compile a SHACL shapes file (Turtle).

    :raises InputError: if the file cannot be read or parsed, or uses a construct this engine
        does not implement (naming the construct and the shape).
    """
    return _compile_cached(path, path.stat().st_mtime_ns if path.exists() else 0)


@lru_cache(maxsize=8)
def _compile_cached(path: Path, _mtime: int) -> Shapes:
    try:
        triples = list(parse(path=str(path), format=RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"cannot read the shapes: {exc}", path) from exc
    return Shapes(_Graph(triples, path))


class Shapes:
    """Compiled shapes: those with targets, and every shape reachable from them."""

    def __init__(self, graph: _Graph) -> None:
        self._graph = graph
        self._compiled: dict[Term, Shape] = {}
        roots = {s for s, preds in graph.out.items()
                 if any(SH + k in preds for k in ("targetClass", "targetSubjectsOf",
                                                   "targetObjectsOf", "targetNode"))}
        typed = {s for s, preds in graph.out.items()
                 if {SH + "NodeShape", SH + "PropertyShape"} & {o.value for o in
                                                               preds.get(TYPE.value, [])}}
        self.shapes = [self._shape(s) for s in sorted(roots | typed, key=str)]
        self.targeted = [s for s in self.shapes if s.targeted]

    def _shape(self, node: Term) -> Shape:
        if node in self._compiled:
            return self._compiled[node]
        g = self._graph
        if not isinstance(node, NamedNode | BlankNode):
            raise InputError(f"a literal used as a shape: {node}", g.where)
        shape = Shape(node)
        self._compiled[node] = shape
        preds = g.out.get(node, {})
        name = term_text(node)
        for pred in preds:
            local = pred.removeprefix(SH)
            if pred.startswith(SH) and local not in SUPPORTED:
                raise InputError(f"shape {name} uses sh:{local}, which the SHACL engine does "
                                 "not implement", g.where)
            if pred == TYPE.value and {o.value for o in preds[pred]} & {RDFS + "Class",
                                                                       "http://www.w3.org/2002/07/owl#Class"}:
                raise InputError(f"shape {name} is also a class (an implicit class target), "
                                 "which the SHACL engine does not implement", g.where)
        path = g.one(node, SH + "path")
        if path is not None:
            shape.path = self._path(path, name)
        severity = g.one(node, SH + "severity")
        if severity is not None:
            shape.severity = severity.value.removeprefix(SH)
        shape.messages = tuple(sorted(m.value for m in g.objects(node, SH + "message")))
        shape.classes = tuple(self._iris(node, "targetClass"))
        shape.subjects_of = tuple(self._iris(node, "targetSubjectsOf"))
        shape.objects_of = tuple(self._iris(node, "targetObjectsOf"))
        shape.checks = self._checks(node, name)
        if shape.checks and not shape.messages:
            raise InputError(f"shape {name} has constraints but no sh:message; the SHACL "
                             "engine reports only sh:message texts", g.where)
        shape.properties = [self._shape(p) for p in g.objects(node, SH + "property")]
        for constraint in g.objects(node, SH + "sparql"):
            shape.sparql.append(self._sparql(constraint, name))
        return shape

    def _iris(self, node: Term, local: str) -> list[NamedNode]:
        values = self._graph.objects(node, SH + local)
        if not all(isinstance(v, NamedNode) for v in values):
            raise InputError(f"shape {term_text(node)}: sh:{local} must name IRIs",
                             self._graph.where)
        return values  # type: ignore[return-value]

    def _path(self, path: Term, name: str) -> tuple[NamedNode, ...]:
        if isinstance(path, NamedNode):
            steps: list[Term] = [path]
        elif self._graph.one(path, FIRST.value) is not None:
            steps = self._graph.items(path)
        else:
            steps = []
        if not steps or not all(isinstance(s, NamedNode) for s in steps):
            raise InputError(f"shape {name} uses a path other than a property or a sequence "
                             "of properties, which the SHACL engine does not implement",
                             self._graph.where)
        return tuple(steps)  # type: ignore[arg-type]

    def _checks(self, node: Term, name: str) -> list[tuple[str, Any]]:
        g, checks = self._graph, []
        for pred, values in g.out.get(node, {}).items():
            local = pred.removeprefix(SH)
            if not pred.startswith(SH) or local not in REPORTING | {"qualifiedValueShape"}:
                continue
            for value in values:
                checks.append(self._check(local, value, name))
        qualified = [c for c in checks if c[0] in ("qualifiedValueShape", "qualifiedMinCount")]
        checks = [c for c in checks if c not in qualified]
        if qualified:
            shapes = [v for k, v in qualified if k == "qualifiedValueShape"]
            counts = [v for k, v in qualified if k == "qualifiedMinCount"]
            if len(shapes) != 1 or len(counts) != 1:
                raise InputError(f"shape {name}: sh:qualifiedValueShape is implemented with "
                                 "exactly one sh:qualifiedMinCount", g.where)
            checks.append(("qualified", (shapes[0], counts[0])))
        return sorted(checks, key=lambda c: c[0])

    def _check(self, local: str, value: Term, name: str) -> tuple[str, Any]:
        g = self._graph
        if local in ("minCount", "maxCount", "qualifiedMinCount"):
            return local, int(value.value)
        if local in ("minInclusive", "maxInclusive"):
            if not isinstance(value, Literal) or value.datatype.value not in (
                    XSD + "integer", XSD + "decimal"):
                raise InputError(f"shape {name}: sh:{local} is implemented for integer and "
                                 "decimal bounds only", g.where)
            return local, Decimal(value.value)
        if local == "nodeKind":
            kind = value.value.removeprefix(SH)
            if kind not in NODE_KINDS:
                raise InputError(f"shape {name}: unknown sh:nodeKind {value.value}", g.where)
            return local, NODE_KINDS[kind]
        if local == "pattern":
            return local, re.compile(value.value)
        if local == "datatype":
            if value.value in RECOGNISED and value.value not in CHECKED | STRINGS:
                raise InputError(f"shape {name}: sh:datatype {value.value} is not implemented "
                                 "by the SHACL engine", g.where)
            return local, value
        if local == "languageIn":
            return local, frozenset(v.value.lower() for v in g.items(value))
        if local == "uniqueLang":
            return local, value.value == "true"
        if local == "in":
            return local, frozenset(g.items(value))
        if local == "or":
            return local, tuple(self._shape(v) for v in g.items(value))
        if local == "qualifiedValueShape":
            return local, self._shape(value)
        return local, value  # class, hasValue

    def _sparql(self, constraint: Term, name: str) -> Sparql:
        g = self._graph
        select = g.one(constraint, SH + "select")
        if select is None:
            raise InputError(f"shape {name}: a SPARQL constraint without sh:select (such as "
                             "sh:ask) is not implemented", g.where)
        for pred in g.out.get(constraint, {}):
            if pred.startswith(SH) and pred.removeprefix(SH) not in (
                    "select", "message", "prefixes"):
                raise InputError(f"shape {name}: the SPARQL constraint uses "
                                 f"sh:{pred.removeprefix(SH)}, which is not implemented", g.where)
        text = select.value
        for word in ("$PATH", "$currentShape", "$shapesGraph", "$value"):
            if word in text:
                raise InputError(f"shape {name}: {word} in a SPARQL constraint is not "
                                 "implemented", g.where)
        prefixes = []
        for ontology in g.objects(constraint, SH + "prefixes"):
            for declaration in g.objects(ontology, SH + "declare"):
                prefix = g.one(declaration, SH + "prefix")
                namespace = g.one(declaration, SH + "namespace")
                if prefix is not None and namespace is not None:
                    prefixes.append(f"PREFIX {prefix.value}: <{namespace.value}>\n")
        messages = tuple(sorted(m.value for m in g.objects(constraint, SH + "message")))
        if not messages:
            raise InputError(f"shape {name}: a SPARQL constraint without sh:message", g.where)
        query = "".join(sorted(set(prefixes))) + text
        return Sparql(query, messages, query_predicates(query))

    # ------------------------------------------------------------------ validation

    @property
    def predicates(self) -> set[NamedNode]:
        """Every property the shapes read through a path or a subject/object target."""
        found: set[NamedNode] = set()
        for shape in self._compiled.values():
            found.update(shape.path, shape.subjects_of, shape.objects_of)
        return found

    def validate(self, quads: Iterable[Quad | Triple], ontology: Iterable[Quad | Triple] = (),
                 *, focus: Collection[Node] | None = None,
                 store: Store | None = None) -> list[Problem]:
        """Check the union of ``quads`` (with the ``ontology`` mixed in) against the shapes.

        :param focus: only report (and, as far as possible, only check) these focus nodes;
            their neighbours are still read from the whole data.
        :param store: a store holding the data as the SPARQL constraints should see it (in
            its default graph: the union, each triple once, with the entailments
            :mod:`aigraph.shacldata` lists); built from ``quads`` when needed and not given.
        :returns: the problems, in no particular order. Never raises for bad data.
        """
        data = Data(quads, ontology, self.predicates)
        reads: set[NamedNode] | None = set()
        for shape in self._compiled.values():
            for constraint in shape.sparql:
                if constraint.reads is None or reads is None:
                    reads = None
                else:
                    reads |= constraint.reads
        run = Run(data, store, reads)
        wanted = set(focus) if focus is not None else None
        problems: list[Problem] = []
        for shape in self.targeted:
            nodes = data.focus_nodes(shape)
            if wanted is not None:
                nodes &= wanted
            for node in nodes:
                problems.extend(run.results(shape, node))
            if shape.sparql and nodes:
                problems.extend(run.sparql(shape, nodes))
        return problems
