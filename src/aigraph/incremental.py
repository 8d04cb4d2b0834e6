"""Validation of what a build changed, the rest of the report kept from the last build.

A store is only swapped in when its graph conforms, and its validation report (the warnings
it had) is kept beside it. The next build knows from the store's manifest which quads
changed (:class:`aigraph.storepatch.Changes`). A shape's result for a focus node depends on
that node's own triples and on nodes a few steps away along its values: the type of a value
(``sh:class``), the article of a source sentence (the path ``prov:wasDerivedFrom /
dcterms:isPartOf``), the reported values of a budget's components (its SPARQL constraint),
so at most :data:`REACH` steps. The nodes whose results can change are therefore those the
changed quads are about (:func:`affected` says which) and every node that reaches one of
them within that many steps along the properties the shapes look through
(:func:`followed`). Only they are validated again, against the whole new graph; the old
report's findings about every other node stand.

Anything that changes the meaning of the shapes (the shapes file, the ontology, the package's
version or code) makes the kept report useless: it is filed under a digest of those, and a build
with another digest validates everything, as does a build whose ontology graphs changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Collection, Iterable
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from aigraph.cache import code_digest
from aigraph.config import Settings
from aigraph.dataset import ontology_quads, terms_quads
from aigraph.shacl import Problem, Shapes, compile_shapes, term_text
from aigraph.storepatch import Changes
from aigraph.validate import Report, validate_quads
from aigraph.vocab import RDFS, Minter

#: How many steps along values a shape of ``ontology/shapes.ttl`` looks from its focus node
#: (a budget's component's reported value's number). A shape that looks further needs more.
REACH = 3
REPORT_SUFFIX = ".report.json"
Term = NamedNode | BlankNode | Literal
_ONTOLOGY_FILES = ("shapes.ttl", "aigraph.ttl")


def validate_build(quads: list[Quad], settings: Settings, changes: Changes | None,
                   index: Neighbourhood | None = None) -> Report:
    """The validation report of ``quads``: in full, or, with ``changes`` that leave the
    ontology's graphs alone and a report kept beside the serving store under today's
    shapes, the kept report with the findings about the nodes the changes can reach
    replaced by a fresh validation of those nodes (on the quads around them,
    :meth:`Neighbourhood.around`). ``index``, when given, is ``quads`` indexed already.

    :raises InputError: if the shapes or the ontology cannot be read.
    """
    ontology_dir = settings.ontology_dir
    minter = Minter(settings.base_iri)
    schema = {minter.graph("ontology").value, minter.graph("terms").value}
    kept = load_report(changes.previous, ontology_dir) if changes is not None else None
    if changes is None or kept is None or changes.graphs & schema:
        return validate_quads(quads, ontology_dir)
    shapes = compile_shapes(ontology_dir / "shapes.ttl")
    targets = {p for shape in shapes.shapes for p in shape.objects_of}
    through = followed(shapes)
    index = index or Neighbourhood(quads)
    touched = index.affected(changes, through, targets)
    texts = {term_text(n) for n in touched}
    around = index.around(touched, targets, through)
    around += ontology_quads(settings, minter) + terms_quads(settings, minter)
    fresh = validate_quads(around, ontology_dir, focus=touched)
    problems = [p for p in kept if p.focus not in texts] + fresh.problems
    return Report(sorted(problems, key=lambda p: (p.severity != "Violation", str(p))))


def affected(quads: Iterable[Quad], changes: Changes,
             through: Collection[NamedNode] | None = None,
             objects_of: Collection[NamedNode] | None = None) -> set[NamedNode | BlankNode]:
    """:meth:`Neighbourhood.affected` over ``quads``."""
    return Neighbourhood(quads).affected(changes, through, objects_of)


class Neighbourhood:
    """The quads indexed by subject and by object, to find which nodes a change reaches and
    the quads a validation of those nodes reads."""

    def __init__(self, quads: Iterable[Quad] = ()) -> None:
        self.out: dict[Term, list[Quad]] = defaultdict(list)
        self.into: dict[Term, list[Quad]] = defaultdict(list)
        self.ranged: set[Term] = set()
        self._supers: list[tuple[Term, Term]] = []
        self.extend(quads)

    def extend(self, quads: Iterable[Quad]) -> None:
        """Index ``quads`` too (each quad once in all: a quad indexed twice is read twice)."""
        supers = self._supers
        range_, sub_property = RDFS.range, RDFS.subPropertyOf  # looked up once, not per quad
        for q in quads:
            self.out[q.subject].append(q)
            o, p = q.object, q.predicate
            if not isinstance(o, Literal):
                self.into[o].append(q)
            if p == range_:
                self.ranged.add(q.subject)
            elif p == sub_property:
                supers.append((q.subject, o))
        while True:  # a sub-property of a property with a range has that range too
            more = {sub for sub, sup in supers if sup in self.ranged} - self.ranged
            if not more:
                break
            self.ranged |= more

    def affected(self, changes: Changes, through: Collection[NamedNode] | None = None,
                 objects_of: Collection[NamedNode] | None = None) -> set[NamedNode | BlankNode]:
        """The nodes whose validation can differ, and every node with a path of at most
        :data:`REACH` values to one of them along the properties ``through`` (``None``: any
        property).

        A changed quad changes what its subject states, so the subject can differ. Its
        object can differ only when the quad can give it a type or make it a target: when
        its property (or a super-property) has an ``rdfs:range`` in the data, or is one of
        ``objects_of`` (the shapes' ``sh:targetObjectsOf``); ``objects_of=None`` counts
        every object.
        """
        along = None if through is None else set(through)
        typing = None if objects_of is None else self.ranged | set(objects_of)
        nodes: set[Term] = set()
        for q in (*changes.removed, *changes.added):
            nodes.add(q.subject)
            if typing is None or q.predicate in typing:
                nodes.add(q.object)
        frontier = set(nodes)
        for _ in range(REACH):
            frontier = {q.subject for n in frontier for q in self.into.get(n, ())
                        if along is None or q.predicate in along} - nodes
            nodes |= frontier
        return {n for n in nodes if not isinstance(n, Literal)}

    def around(self, nodes: Collection[Term], objects_of: Collection[NamedNode],
               through: Collection[NamedNode] | None = None) -> list[Quad]:
        """The quads a validation of ``nodes`` reads (the ontology's graphs aside): what
        each node, and each node it reaches in at most :data:`REACH` values along
        ``through`` (``None``: any property), states; and the quads that give those nodes
        a type by a property's range, or make one of ``nodes`` a target of
        ``sh:targetObjectsOf`` (``objects_of``)."""
        along = None if through is None else set(through)
        reached, frontier = set(nodes), set(nodes)
        for _ in range(REACH):
            frontier = {q.object for n in frontier for q in self.out.get(n, ())
                        if (along is None or q.predicate in along)
                        and not isinstance(q.object, Literal)} - reached
            reached |= frontier
        targets = set(objects_of)
        picked: list[Quad] = []
        for n in reached:
            picked += self.out.get(n, ())
            picked += (q for q in self.into.get(n, ()) if q.predicate in self.ranged
                       or (n in nodes and q.predicate in targets))
        return list(dict.fromkeys(picked))


def followed(shapes: Shapes) -> set[NamedNode] | None:
    """The properties along which a shape looks from its focus node at other nodes: every
    path and target property, and what each SPARQL constraint reads (``None`` when one may
    read any property)."""
    found = set(shapes.predicates)
    for shape in shapes.shapes:
        for constraint in shape.sparql:
            if constraint.reads is None:
                return None
            found |= constraint.reads
    return found


def shapes_digest(ontology_dir: Path) -> str:
    """A digest of what gives a report its meaning: the shapes, the ontology, the package's
    version and code. Missing files count as empty (reading them fails later, with a proper
    error)."""
    h = hashlib.sha256(f"aigraph {code_digest()}".encode())
    for name in _ONTOLOGY_FILES:
        try:
            h.update((ontology_dir / name).read_bytes())
        except OSError:
            h.update(b"\0missing")
    return h.hexdigest()


def report_path(store: Path) -> Path:
    """Where the report of the store in ``store`` is kept: beside it."""
    return store.with_name(store.name + REPORT_SUFFIX)


def save_report(store: Path, report: Report, ontology_dir: Path) -> None:
    """Keep ``report`` beside the store in ``store`` (if it cannot be written, the next
    build validates everything)."""
    path = report_path(store)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = {"shapes": shapes_digest(ontology_dir),
            "problems": [[p.severity, p.focus, p.path, p.message, p.source]
                         for p in report.problems]}
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)


def load_report(store: Path, ontology_dir: Path) -> list[Problem] | None:
    """The findings kept beside the store in ``store``, or ``None`` if there are none,
    they cannot be read or they were made under other shapes."""
    try:
        data = json.loads(report_path(store).read_text(encoding="utf-8"))
        if data.get("shapes") != shapes_digest(ontology_dir):
            return None
        return [Problem(*row) for row in data["problems"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
