"""What the ontology's class and property axioms entail about the data, materialised.

A query written with a standard vocabulary (``?x a schema:Person``, ``?e schema:organizer
?o``) should answer over a graph that states only the ontology's own terms. A build therefore
adds, in a graph of its own, every triple that follows from the stated triples by these OWL 2
RL rules (the rule names are those of the OWL 2 RL profile, section 4.3), applied
transitively through chains of axioms of any of these kinds:

=====================  =======================  =============================================
axiom                  rules                    entailment
=====================  =======================  =============================================
rdfs:subClassOf        cax-sco                  ``x a C``, ``C ⊑ D``  →  ``x a D``
owl:equivalentClass    cax-eqc1, cax-eqc2       ``x a C``, ``C ≡ D``  →  ``x a D`` (both ways)
rdfs:subPropertyOf     prp-spo1                 ``x p y``, ``p ⊑ q``  →  ``x q y``
owl:equivalentProperty prp-eqp1, prp-eqp2       ``x p y``, ``p ≡ q``  →  ``x q y`` (both ways)
owl:inverseOf          prp-inv1, prp-inv2       ``x p y``, ``p = q⁻``  →  ``y q x`` (both ways)
=====================  =======================  =============================================

Axioms are read from the ontology's triples as they are, so an axiom added to the ontology is
applied at the next build with no change here. Axioms between blank nodes (class expressions
such as restrictions) are outside these rules and are ignored.

Deliberately not applied:

* ``owl:sameAs`` (rules eq-*): an entity linked to Wikidata or DBpedia would hand all its
  triples to the outside IRI, and the outside IRI's to it; that is not what such a link means
  in a dataset of news facts.
* ``rdfs:domain`` and ``rdfs:range`` (prp-dom, prp-rng): every entity already states its own
  class, so they would add little beyond a type from each property used on it, and they turn a
  fact on the wrong kind of thing into a silent new type instead of a SHACL violation.
* The schema-level rules (scm-*): nothing is derived about classes and properties themselves;
  the ontology stays as written.

The rules are compiled once into, for each class, the set of its superclasses, and for each
property, the properties it entails with their direction; one pass over the data then applies
them, so the cost is linear in the stated triples plus the entailed ones.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from aigraph.vocab import OWL, RDF, RDFS

Term = NamedNode | BlankNode | Literal
Spo = tuple[NamedNode | BlankNode, NamedNode, Term]

N = TypeVar("N")

#: The axiom kinds this module reads.
AXIOM_PREDICATES = (RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf,
                    OWL.equivalentProperty, OWL.inverseOf)


@dataclass(frozen=True)
class Rules:
    """The axioms compiled: what each class and each property entails.

    :param superclasses: for each class, every class it is a subclass of through a chain of
        ``rdfs:subClassOf`` and ``owl:equivalentClass`` (not the class itself).
    :param entailed: for each property ``p``, every ``(q, inverted)`` such that ``x p y``
        entails ``x q y`` (``y q x`` when ``inverted``), through chains of
        ``rdfs:subPropertyOf``, ``owl:equivalentProperty`` and ``owl:inverseOf`` (not
        ``(p, False)`` itself).
    """

    superclasses: dict[NamedNode, frozenset[NamedNode]] = field(default_factory=dict)
    entailed: dict[NamedNode, frozenset[tuple[NamedNode, bool]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.superclasses or self.entailed)


def read_rules(axioms: Iterable[Quad | Triple]) -> Rules:
    """Compile the class and property axioms among ``axioms`` (the ontology's triples, in
    any graph); other triples are ignored. Never raises."""
    classes: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    properties: dict[tuple[NamedNode, bool], set[tuple[NamedNode, bool]]] = defaultdict(set)
    for t in axioms:
        s, p, o = t.subject, t.predicate, t.object
        if not isinstance(s, NamedNode) or not isinstance(o, NamedNode):
            continue
        if p == RDFS.subClassOf:
            classes[s].add(o)
        elif p == OWL.equivalentClass:
            classes[s].add(o)
            classes[o].add(s)
        elif p in (RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf):
            inverse = p == OWL.inverseOf
            pairs = [(s, o)] if p == RDFS.subPropertyOf else [(s, o), (o, s)]
            for a, b in pairs:
                # x a y entails x b y (or y b x); so does the inverted form of each side.
                properties[(a, False)].add((b, inverse))
                properties[(a, True)].add((b, not inverse))
    superclasses = {c: frozenset(_reachable(c, classes) - {c}) for c in list(classes)}
    entailed = {p: frozenset(_reachable((p, False), properties) - {(p, False)})
                for p, inverted in list(properties) if not inverted}
    return Rules({c: s for c, s in superclasses.items() if s},
                 {p: e for p, e in entailed.items() if e})


def _reachable(start: N, edges: dict[N, set[N]]) -> set[N]:
    """Every node reachable from ``start`` along ``edges`` (``start`` only if on a cycle)."""
    seen: set[N] = set()
    todo = deque(edges.get(start, ()))
    while todo:
        node = todo.popleft()
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return seen


def entailments(rules: Rules, triples: Iterable[Spo]) -> set[Spo]:
    """The triples that ``rules`` entail from ``triples`` and that are not among them.

    Each entailed triple is itself subject to the rules, so a property entailed into
    ``rdf:type`` gets its class's superclasses too. A triple that would put a literal in the
    subject position (the inverse of a datatype property) is not produced. Never raises.
    """
    stated = triples if isinstance(triples, set | frozenset) else set(triples)
    a, superclasses, entailed = RDF.type, rules.superclasses, rules.entailed
    found: set[Spo] = set()
    todo: deque[Spo] = deque()

    def add(triple: Spo) -> None:
        if triple not in stated and triple not in found:
            found.add(triple)
            todo.append(triple)

    def apply(s: NamedNode | BlankNode, p: NamedNode, o: Term) -> None:
        for q, inverted in entailed.get(p, ()):
            if not inverted:
                add((s, q, o))
            elif not isinstance(o, Literal):
                add((o, q, s))
        if p == a:
            for cls in superclasses.get(o, ()):
                add((s, a, cls))

    if not rules:
        return found
    for s, p, o in stated:
        apply(s, p, o)
    while todo:
        apply(*todo.popleft())
    return found


def materialise(quads: Iterable[Quad], rules: Rules, *, schema: Collection[NamedNode],
                into: NamedNode) -> list[Quad]:
    """The entailments of a dataset under ``rules``, as quads in the graph ``into``, sorted.

    :param quads: every stated quad of the dataset.
    :param rules: the ontology's axioms (:func:`read_rules`).
    :param schema: graphs that describe terms rather than data (the ontology, the names of
        outside terms): the rules do not apply to their triples, though a triple they state is
        never inferred again.
    :param into: the graph the entailed triples go into.
    :returns: quads for the triples entailed by the data in the other graphs and stated in no
        graph, so the default graph (the merge) holds each triple once. Never raises.
    """
    if not rules:
        return []
    # Only triples whose predicate a rule reads or writes matter: one look at each quad's
    # predicate, and the rest only for those (reading a term out of a quad is what costs).
    sources = {RDF.type, *rules.entailed}
    targets = {RDF.type, *(q for entailed in rules.entailed.values() for q, _ in entailed)}
    wanted, excluded = sources | targets, set(schema)
    data: set[Spo] = set()
    stated: set[Spo] = set()
    for quad in quads:
        p = quad.predicate
        if p in wanted:
            triple = (quad.subject, p, quad.object)
            if p in targets:
                stated.add(triple)
            if p in sources and quad.graph_name not in excluded:
                data.add(triple)
    found = entailments(rules, data) - stated
    return sorted((Quad(s, p, o, into) for s, p, o in found), key=str)


def split_by_kind(quads: Iterable[Quad | Triple]) -> tuple[int, int]:
    """How many of ``quads`` are ``rdf:type`` triples and how many other triples."""
    types = others = 0
    for q in quads:
        if q.predicate == RDF.type:
            types += 1
        else:
            others += 1
    return types, others
