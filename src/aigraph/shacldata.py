"""The data as SHACL shapes see it: property values, classes, and the RDFS entailments.

pySHACL is run with the ontology mixed into the data graph and ``inference="rdfs"``: owlrl's
RDFS closure without axiomatic triples and without the one-time literal rules. Of what that
closure adds, :class:`Data` reproduces everything a supported constraint can see:

* the union of the quads' triples, each once, plus the ontology's triples;
* literals as rdflib holds them (see :mod:`aigraph.shaclvalues`);
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
differ; ours do not.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad, Triple

from aigraph.shaclshape import Shape, Term
from aigraph.shaclvalues import RDF, RDFS, normal_literal

TYPE = NamedNode(RDF + "type")
SUBCLASS, SUBPROPERTY = NamedNode(RDFS + "subClassOf"), NamedNode(RDFS + "subPropertyOf")
DOMAIN, RANGE = NamedNode(RDFS + "domain"), NamedNode(RDFS + "range")


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
