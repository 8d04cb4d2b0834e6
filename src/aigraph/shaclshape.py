"""What the SHACL engine compiles shapes into, and the :class:`Problem` records it reports.

:class:`Shape` is a node or property shape, :class:`Sparql` a SPARQL-based constraint of one;
:mod:`aigraph.shacl` builds them from a shapes file. :class:`Problem` is the normal form of a
validation result, which :mod:`aigraph.validate` also gives pySHACL's results in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode

Node = NamedNode | BlankNode
Term = NamedNode | BlankNode | Literal


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
