"""A SHACL engine for the constructs ``ontology/shapes.ttl`` uses, linear in the data.

:func:`compile_shapes` reads a shapes file once (with pyoxigraph) into :class:`Shapes`;
:meth:`Shapes.validate` checks a dataset against them and returns :class:`Problem` records in
the normal form :mod:`aigraph.validate` also gives pySHACL's results (the reference, kept in
the tests): severity, focus node, path, message, source shape.

What the data looks like to the shapes. pySHACL is run with the ontology mixed into the data
graph and ``inference="rdfs"``: owlrl's RDFS closure without axiomatic triples and without the
one-time literal rules. Of what that closure adds, this engine reproduces everything a
supported constraint can see:

* the union of the quads' triples, each once, plus the ontology's triples;
* literals as rdflib holds them: a literal of ``xsd:integer`` (and the other integer types),
  ``xsd:decimal``, ``xsd:double``/``xsd:float``, ``xsd:date`` or ``xsd:dateTime`` with a valid
  value is written in rdflib's normal form (``"05"`` → ``"5"``, ``"2022-11-01Z"`` →
  ``"2022-11-01"``), and a valid ``xsd:boolean`` ``"1"``/``"0"`` as ``"true"``/``"false"``, so
  that two spellings of one value are one value (counted once by ``sh:maxCount``);
* rdfs5/rdfs7 (``rdfs:subPropertyOf``, transitively): a triple also holds for every
  super-property, for paths, ``sh:targetSubjectsOf``/``sh:targetObjectsOf`` and SPARQL;
* rdfs2/rdfs3 (``rdfs:domain``/``rdfs:range`` of a property or any super-property): the
  subject/object gets the class, a literal object included (rdflib keeps a triple with a
  literal subject, so a literal can become a target of ``sh:targetClass``);
* rdfs9/rdfs11 (``rdfs:subClassOf``, transitively) for ``sh:targetClass`` and ``sh:class``.

Not reproduced, since no supported constraint can see it: ``rdf:type rdfs:Resource`` on every
node and ``rdf:type rdf:Property`` on every predicate (rdf1, rdfs4), the reflexive
``rdfs:subClassOf``/``rdfs:subPropertyOf`` triples (rdfs6, rdfs8, rdfs10), rdfs12/rdfs13, and
axioms that are themselves entailed (a sub-property of ``rdfs:domain``). A SPARQL constraint
that reads those, or the types of a literal (a literal cannot be a subject in the store), would
differ; ours do not. Literals of other recognised datatypes (``xsd:time``, durations, binary)
keep their lexical form, and an ill-typed ``xsd:boolean`` (``"TRUE"``) keeps its spelling.
``xsd:gYear`` and ``xsd:gYearMonth`` are unrecognised datatypes, as in rdflib itself (owlrl
leaves a reading of them behind after the first pySHACL run in a process; our shapes pair them
with ``sh:pattern``, so the results are the same either way).

One difference is deliberate: SPARQL is evaluated by Oxigraph, which follows SPARQL 1.1 where
rdflib does not. A FILTER comparing literals SPARQL cannot compare (``"2029-01"^^xsd:gYearMonth
> "2029-12-31"^^xsd:date``, an ill-typed date) is an error here and true in rdflib, and a SUM
over a text is unbound here where rdflib stops the whole validation. Both arise only with a
value that another shape already rejects.

SPARQL constraints (``sh:sparql`` with ``sh:select``) run once over a store of the data (or
the store passed in) and keep the rows whose ``?this`` is a focus node of the shape. That
equals pySHACL's pre-binding of ``$this`` to each focus node when ``$this`` is bound by every
part of the query that produces a row (a triple pattern of the top-level group or the key of
every grouped sub-select joined on it), as in both constraints of our shapes; the tests check
this against pySHACL, and against binding ``$this`` per focus node with pyoxigraph
``substitutions`` (which :meth:`Shapes.validate` uses for a small set of focus nodes).
``{?var}``/``{$var}`` in messages are filled as pySHACL fills them (``{?value}`` is the focus
node when the row does not bind it).

A shapes file using anything else (another constraint component, another kind of path, a
shape without ``sh:message`` that can report) raises :class:`~aigraph.errors.InputError`
naming the construct and the shape: a constraint is never skipped silently.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    Triple,
    Variable,
    parse,
)

from aigraph.errors import InputError

Node = NamedNode | BlankNode
Term = NamedNode | BlankNode | Literal

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = NamedNode(RDF + "type")
FIRST, REST, NIL = NamedNode(RDF + "first"), NamedNode(RDF + "rest"), NamedNode(RDF + "nil")
SUBCLASS, SUBPROPERTY = NamedNode(RDFS + "subClassOf"), NamedNode(RDFS + "subPropertyOf")
DOMAIN, RANGE = NamedNode(RDFS + "domain"), NamedNode(RDFS + "range")
LANG_STRING, STRING = NamedNode(RDF + "langString"), NamedNode(XSD + "string")

#: Above this many focus nodes, a SPARQL constraint runs once for all of them.
BIND_EACH_LIMIT = 32

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


@dataclass(frozen=True)
class Problem:
    """One finding: severity (Violation, Warning, Info), focus node, path, message, source.

    The focus is an IRI, ``_:`` and a blank node's id, or a literal's lexical form; the path
    is a property IRI, or a SPARQL path ``<a>/<b>`` for a sequence; the source is the shape's
    IRI (``ontology`` for the check of undefined terms)."""

    severity: str
    focus: str
    path: str
    message: str
    source: str = ""

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}"


def term_text(term: Term) -> str:
    """A term as :class:`Problem` writes it (an IRI, ``_:id``, or a lexical form)."""
    return "_:" + term.value if isinstance(term, BlankNode) else term.value


# --------------------------------------------------------------------------- literal values

_INTEGERS = {XSD + n for n in ("integer", "nonPositiveInteger", "long", "nonNegativeInteger",
                               "negativeInteger", "int", "unsignedLong", "positiveInteger",
                               "short", "unsignedInt", "byte", "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}
_STRINGS = {XSD + n for n in ("string", "normalizedString", "token", "language", "anyURI")}
_CHECKED = {XSD + "integer", XSD + "decimal", XSD + "boolean", XSD + "date", XSD + "dateTime",
            XSD + "double", XSD + "float"}
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
_RECOGNISED = (_INTEGERS | _FLOATS | _STRINGS | _CHECKED
               | {XSD + n for n in ("time", "duration", "dayTimeDuration", "yearMonthDuration",
                                    "hexBinary", "base64Binary")} | {RDF + "XMLLiteral"})


def _xsd_date(text: str) -> date:
    """An ``xsd:date`` as rdflib reads it: a time zone (or a time) is dropped, then ISO."""
    minus = text.startswith("-")
    text = text.removesuffix("Z").removesuffix("z").removeprefix("-")
    if "T" in text:
        text = text.split("T")[0]
    elif text.rfind("+") > 0:
        text = text[:text.rfind("+")]
    else:
        head, _, tail = text.rpartition("-")
        if head and ":" in tail:
            text = head
    if "-" not in text:
        raise ValueError(text)
    return date.fromisoformat("-" + text if minus else text)


def literal_value(lit: Literal) -> Any:
    """The Python value rdflib gives a literal, or None (an unknown datatype or a lexical
    form its datatype rejects). Never raises."""
    dt = lit.datatype.value
    lex = lit.value
    if lit.language is not None or dt in _STRINGS:
        return lex
    try:
        if dt in _INTEGERS:
            return int(lex)
        if dt == XSD + "decimal":
            return Decimal(lex)
        if dt in _FLOATS:
            return float(lex)
        if dt == XSD + "boolean":
            return _BOOLEANS.get(lex.lower(), False)
        if dt == XSD + "date":
            return _xsd_date(lex)
        if dt == XSD + "dateTime":
            return datetime.fromisoformat(lex)
    except (ValueError, ArithmeticError):
        return None
    return None


def well_typed(lit: Literal) -> bool:
    """False if rdflib marks the literal ill-typed (a lexical form its datatype rejects)."""
    dt = lit.datatype.value
    if dt == XSD + "boolean":
        return lit.value in _BOOLEANS
    if dt in _CHECKED or dt in _INTEGERS:
        return literal_value(lit) is not None
    return True


def normal_literal(lit: Literal) -> Literal:
    """The literal as rdflib writes it after parsing (see the module docstring)."""
    dt = lit.datatype
    name = dt.value
    if name not in _CHECKED and name not in _INTEGERS:
        return lit
    if name == XSD + "boolean":
        text = {"1": "true", "0": "false"}.get(lit.value, lit.value)
    else:
        value = literal_value(lit)
        if value is None:
            return lit
        if isinstance(value, float):
            text = str(value)
        elif isinstance(value, Decimal):
            text = format(value, "f")
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(value)
    return lit if text == lit.value else Literal(text, datatype=dt)


def compare_to(lit: Term, bound: Decimal) -> int | None:
    """-1, 0 or 1 as pySHACL orders a value node against a numeric bound; None where its
    comparison fails (not a literal, a string, an ill-typed number)."""
    if not isinstance(lit, Literal):
        return None
    value = literal_value(lit)
    if isinstance(value, str):
        return None
    if value is None:  # rdflib fails to order an ill-typed xsd:integer only
        return None if lit.datatype.value == XSD + "integer" else -1
    if isinstance(value, datetime):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return -1
    try:
        return (value > bound) - (value < bound)
    except (TypeError, InvalidOperation):
        return None


# --------------------------------------------------------------------------- compiled shapes


@dataclass(frozen=True)
class Sparql:
    """A SPARQL-based constraint: its query (prefixes included) and its messages."""

    query: str
    messages: tuple[str, ...]
    #: The properties the query reads (None: any), so that its store holds only those.
    reads: frozenset[NamedNode] | None


@dataclass
class Shape:
    """A node shape (``path`` empty) or a property shape, compiled."""

    node: Node
    path: tuple[NamedNode, ...] = ()
    severity: str = "Violation"
    messages: tuple[str, ...] = ()
    classes: tuple[NamedNode, ...] = ()
    subjects_of: tuple[NamedNode, ...] = ()
    objects_of: tuple[NamedNode, ...] = ()
    checks: list[tuple[str, Any]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[Sparql] = field(default_factory=list)

    @property
    def name(self) -> str:
        return term_text(self.node)

    @property
    def path_text(self) -> str:
        if len(self.path) == 1:
            return self.path[0].value
        return "/".join(f"<{p.value}>" for p in self.path)

    @property
    def targeted(self) -> bool:
        return bool(self.classes or self.subjects_of or self.objects_of)


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
            if value.value in _RECOGNISED and value.value not in _CHECKED | _STRINGS:
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
            its default graph: the union, each triple once, with the entailments of the module
            docstring); built from ``quads`` when needed and not given.
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
        run = _Run(data, store, reads)
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


class Data:
    """The data as the shapes see it (see the module docstring): the values of the properties
    the shapes read, and every node's classes."""

    def __init__(self, quads: Iterable[Quad | Triple], ontology: Iterable[Quad | Triple],
                 wanted: set[NamedNode]) -> None:
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(quads, ontology, wanted)
        finally:
            if collecting:
                gc.enable()

    def _build(self, quads: Iterable[Quad | Triple], ontology: Iterable[Quad | Triple],
               wanted: set[NamedNode]) -> None:
        buckets: dict[NamedNode, list[Quad | Triple]] = {}
        for source in (quads, ontology):
            for q in source:
                p = q.predicate
                bucket = buckets.get(p)
                if bucket is None:
                    buckets[p] = bucket = []
                bucket.append(q)
        self.buckets = buckets
        pairs = {axiom: [(t.subject, t.object) for t in buckets.get(axiom, ())
                         if not isinstance(t.object, Literal)]
                 for axiom in (SUBCLASS, SUBPROPERTY, DOMAIN, RANGE)}
        self._superclasses = _closure(pairs[SUBCLASS])
        self._superproperties = _closure(pairs[SUBPROPERTY])
        domains, ranges = _grouped(pairs[DOMAIN]), _grouped(pairs[RANGE])
        self.values: dict[NamedNode, dict[Term, list[Term]]] = {p: {} for p in wanted}
        self.types: dict[Term, set[Term]] = {}
        self._normal: dict[Literal, Literal] = {}
        types = self.types
        for p, bucket in buckets.items():
            entailed = self.superproperties(p)
            into = [self.values[q] for q in entailed if q in self.values]
            typing = TYPE in entailed
            dom = {c for q in entailed for c in domains.get(q, ())}
            rng = {c for q in entailed for c in ranges.get(q, ())}
            if not (into or typing or dom or rng):
                continue
            for t in bucket:
                s, o = t.subject, t.object
                if isinstance(o, Literal):
                    o = self.normal(o)
                for values in into:
                    found = values.get(s)
                    if found is None:
                        values[s] = [o]
                    else:
                        found.append(o)
                if typing:
                    types.setdefault(s, set()).add(o)
                if dom:
                    types.setdefault(s, set()).update(dom)
                if rng:
                    types.setdefault(o, set()).update(rng)
        self._instances: dict[Term, set[Term]] = {}

    def normal(self, lit: Literal) -> Literal:
        found = self._normal.get(lit)
        if found is None:
            self._normal[lit] = found = normal_literal(lit)
        return found

    def superproperties(self, p: Term) -> frozenset[Term]:
        return self._superproperties.get(p, frozenset((p,)))

    def superclasses(self, c: Term) -> frozenset[Term]:
        return self._superclasses.get(c, frozenset((c,)))

    def is_instance(self, node: Term, cls: Term) -> bool:
        return any(cls in self.superclasses(t) for t in self.types.get(node, ()))

    def instances(self, cls: Term) -> set[Term]:
        if not self._instances:
            closed: dict[frozenset[Term], set[Term]] = {}
            for node, direct in self.types.items():
                key = frozenset(direct)
                classes = closed.get(key)
                if classes is None:
                    closed[key] = classes = {c for t in direct for c in self.superclasses(t)}
                for c in classes:
                    self._instances.setdefault(c, set()).add(node)
        return self._instances.get(cls, set())

    def objects(self, node: Term, path: tuple[NamedNode, ...]) -> list[Term]:
        """The value nodes of ``path`` from ``node``, each once."""
        if len(path) == 1:
            found = self.values[path[0]].get(node)
            if not found:
                return []
            return found if len(found) == 1 else list(dict.fromkeys(found))
        frontier: Iterable[Term] = (node,)
        for step in path:
            values = self.values[step]
            frontier = dict.fromkeys(o for n in frontier for o in values.get(n, ()))
        return list(frontier)

    def focus_nodes(self, shape: Shape) -> set[Term]:
        nodes: set[Term] = set()
        for cls in shape.classes:
            nodes |= self.instances(cls)
        for p in shape.subjects_of:
            nodes.update(self.values[p])
        for p in shape.objects_of:
            for found in self.values[p].values():
                nodes.update(found)
        return nodes

    def triples(self, reads: set[NamedNode] | None = None) -> Iterator[Quad]:
        """Every triple with its entailments, each once, for a SPARQL store; only those of
        the properties ``reads`` when given."""
        seen: set[tuple[Term, Term, Term]] = set()
        for p, bucket in self.buckets.items():
            entailed = self.superproperties(p)
            if reads is not None:
                entailed = entailed & reads
            if not entailed:
                continue
            for t in bucket:
                s, o = t.subject, t.object
                if isinstance(o, Literal):
                    o = self.normal(o)
                for q in entailed:
                    key = (s, q, o)
                    if key not in seen:
                        seen.add(key)
                        yield Quad(s, q, o)  # type: ignore[arg-type]
        if reads is not None and TYPE not in reads:
            return
        for node, direct in self.types.items():
            if isinstance(node, Literal):
                continue
            for c in {c for t in direct for c in self.superclasses(t)}:
                if (node, TYPE, c) not in seen and not isinstance(c, Literal):
                    yield Quad(node, TYPE, c)  # type: ignore[arg-type]


def _grouped(pairs: list[tuple[Term, Term]]) -> dict[Term, set[Term]]:
    grouped: dict[Term, set[Term]] = {}
    for a, b in pairs:
        grouped.setdefault(a, set()).add(b)
    return grouped


def _closure(pairs: list[tuple[Term, Term]]) -> dict[Term, frozenset[Term]]:
    """For each node with an edge, every node reachable from it, itself included."""
    edges = _grouped(pairs)
    closed: dict[Term, frozenset[Term]] = {}
    for start in edges:
        seen, todo = {start}, [start]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        closed[start] = frozenset(seen)
    return closed


class _Run:
    """One validation: the data, the SPARQL store when needed, and remembered conformance."""

    def __init__(self, data: Data, store: Store | None, reads: set[NamedNode] | None) -> None:
        self.data = data
        self._store = store
        self._reads = reads
        self._conforms: dict[tuple[int, Term], bool] = {}

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store()
            collecting = gc.isenabled()
            gc.disable()
            try:
                self._store.bulk_extend(self.data.triples(self._reads))
            finally:
                if collecting:
                    gc.enable()
        return self._store

    def conforms(self, shape: Shape, node: Term) -> bool:
        key = (id(shape), node)
        found = self._conforms.get(key)
        if found is None:
            found = not self.results(shape, node) and not (
                shape.sparql and self.sparql(shape, {node}))
            self._conforms[key] = found
        return found

    def results(self, shape: Shape, focus: Term) -> list[Problem]:
        """The results of one shape (and its property shapes) on one focus node, SPARQL
        constraints apart."""
        values = self.data.objects(focus, shape.path) if shape.path else [focus]
        failures = 0
        for kind, param in shape.checks:
            failures += self._failures(kind, param, values)
        problems = []
        if failures:
            problem = Problem(shape.severity, term_text(focus), shape.path_text if shape.path
                              else "", "\n".join(shape.messages), shape.name)
            problems = [problem] * failures
        for prop in shape.properties:
            for value in values:
                problems.extend(self.results(prop, value))
        return problems

    def _failures(self, kind: str, param: Any, values: list[Term]) -> int:
        if kind == "minCount":
            return int(len(values) < param)
        if kind == "maxCount":
            return int(len(values) > param)
        if kind == "hasValue":
            return int(param not in values)
        if kind == "qualified":
            shape, least = param
            return int(sum(self.conforms(shape, v) for v in values) < least)
        if kind == "uniqueLang":
            if not param:
                return 0
            seen: dict[str, int] = {}
            for v in values:
                if isinstance(v, Literal) and v.language:
                    seen[v.language.lower()] = seen.get(v.language.lower(), 0) + 1
            return sum(1 for n in seen.values() if n > 1)
        return sum(1 for v in values if not self._passes(kind, param, v))

    def _passes(self, kind: str, param: Any, v: Term) -> bool:
        if kind == "class":
            return not isinstance(v, Literal) and self.data.is_instance(v, param)
        if kind == "datatype":
            return _has_datatype(v, param)
        if kind == "nodeKind":
            return isinstance(v, param)
        if kind == "pattern":
            return not isinstance(v, BlankNode) and param.search(v.value) is not None
        if kind == "languageIn":
            if not isinstance(v, Literal) or not v.language:
                return False
            lang = v.language.lower()
            return "*" in param or lang in param or lang.split("-")[0] in param
        if kind == "in":
            return v in param
        if kind == "minInclusive":
            order = compare_to(v, param)
            return order is not None and order >= 0
        if kind == "maxInclusive":
            order = compare_to(v, param)
            return order is not None and order <= 0
        if kind == "or":
            return any(self.conforms(s, v) for s in param)
        raise AssertionError(kind)  # compile_shapes admits no other kind

    def sparql(self, shape: Shape, nodes: set[Term]) -> list[Problem]:
        """The results of a shape's SPARQL constraints on the focus nodes ``nodes``."""
        problems = []
        for constraint in shape.sparql:
            if len(nodes) <= BIND_EACH_LIMIT:
                rows = [row for node in nodes
                        for row in self._rows(constraint.query, {Variable("this"): node})]
            else:
                rows = [row for row in self._rows(constraint.query, None)
                        if row.get("this") in nodes]
            messages = sorted(set(shape.messages) | set(constraint.messages))
            seen = set()
            for row in rows:
                focus = row["this"]
                key = tuple(sorted((k, v) for k, v in row.items()))
                if key in seen:
                    continue
                seen.add(key)
                path = row.get("path")
                value = row.get("value")
                if value is None and not shape.path:
                    value = focus
                fill = {k: v for k, v in row.items() if k not in ("this", "path", "value")}
                fill["this"] = focus
                if path is not None:
                    fill["path"] = path
                if value is not None:
                    fill["value"] = value
                text = "\n".join(_fill(m, fill) for m in messages)
                path_text = (path.value if path is not None else
                             shape.path_text if shape.path else "")
                problems.append(Problem(shape.severity, term_text(focus), path_text, text,
                                        shape.name))
        return problems

    def _rows(self, query: str, bind: dict[Variable, Term] | None) -> list[dict[str, Term]]:
        solutions = self.store.query(query, substitutions=bind)  # type: ignore[arg-type]
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        rows = []
        for solution in solutions:  # type: ignore[union-attr]
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = value
            if bind is not None:
                row.setdefault("this", bind[Variable("this")])
            if "this" in row:
                rows.append(row)
        return rows


def _fill(message: str, values: dict[str, Term]) -> str:
    """A message template with ``{?var}``/``{$var}`` filled, as pySHACL fills them."""
    for name, value in values.items():
        message = re.sub("{[?$]" + name + "}", value.value, message)
    return message


def _has_datatype(v: Term, datatype: NamedNode) -> bool:
    if not isinstance(v, Literal):
        return False
    name = datatype.value
    if name == RDFS + "Literal":
        return True
    if name == RDFS + "Datatype":
        return v.datatype not in (STRING, LANG_STRING)
    return v.datatype == datatype and well_typed(v)


# --------------------------------------------------------------------------- query reach

_TOKENS = re.compile(r"""
    (?P<skip>\#[^\n]*|\s+)
  | (?P<lit>\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
            |[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<punct>\S)
""", re.VERBOSE)
_GROUPS = {"OPTIONAL", "MINUS", "UNION", "GRAPH", "SERVICE", "SILENT", "WHERE", "EXISTS",
           "NOT"}


def query_predicates(query: str) -> frozenset[NamedNode] | None:
    """The properties a SELECT query can read, or None when a triple pattern may read any
    property (a variable or a negated set in the predicate position), or the query is beyond
    this reading. ``a`` reads ``rdf:type``. Never raises."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKENS.finditer(query)
              if m.lastgroup != "skip"]
    prefixes: dict[str, str] = {}
    found: set[str] = set()
    state, need, stack, i = "S", True, [], 0

    def iri(kind: str, text: str) -> str | None:
        if kind == "iri":
            return text[1:-1]
        head, _, tail = text.partition(":")
        return prefixes[head] + tail if head in prefixes else None

    while i < len(tokens):
        kind, text = tokens[i]
        word = text.upper() if kind == "word" else ""
        i += 1
        if word == "PREFIX" and i + 1 < len(tokens):
            prefixes[tokens[i][1].rstrip(":")] = tokens[i + 1][1][1:-1]
            i += 2
        elif word in ("SELECT", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET"):
            stop = ("{",) if word == "SELECT" else ("{", "}")
            while i < len(tokens) and tokens[i][1] not in stop and tokens[i][1].upper() != "WHERE":
                i += 1
            state = "S"
        elif word in ("FILTER", "BIND"):
            while i < len(tokens) and tokens[i][1] != "(" and tokens[i][1] != "{":
                i += 1
            if i < len(tokens) and tokens[i][1] == "(":
                depth = 0
                while i < len(tokens):
                    depth += {"(": 1, ")": -1}.get(tokens[i][1], 0)
                    i += 1
                    if depth == 0:
                        break
            state = "S"
        elif word in _GROUPS or text in ("{", "}", "."):
            state = "S"
        elif text == ";" and state == "E":
            state, need = "V", True
        elif text == "," and state == "E":
            state = "O"
        elif text == "[" and state in ("S", "O") or text == "[" and state == "V" and not need:
            stack.append(state)
            state, need = "V", True
        elif text == "]" and stack:
            state = "V" if stack.pop() == "S" else "E"
            need = True
        elif state == "V" and need and (kind in ("iri", "pname") or text == "a"):
            name = RDF + "type" if text == "a" else iri(kind, text)
            if name is None:
                return None
            found.add(name)
            need = False
        elif state == "V" and (text in ("/", "|", "^") or text == "(" and need):
            need = True
        elif state == "V" and not need and text in ("*", "+", "?", ")"):
            pass
        elif state == "V" and not need and kind in ("iri", "pname", "var", "lit"):
            state = "E"
        elif state == "S" and kind in ("iri", "pname", "var", "lit"):
            state, need = "V", True
        elif state == "O" and kind in ("iri", "pname", "var", "lit"):
            state = "E"
        else:
            return None
    try:
        return frozenset(NamedNode(n) for n in found)
    except ValueError:
        return None
