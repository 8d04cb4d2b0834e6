"""Figures about a built store: sizes, instances per class, triples per graph.

The triple count is the one the VoID description states as ``void:triples``
(:func:`aigraph.dataset.void_quads`): the distinct triples of the default graph as served,
that is the merge of every named graph, the inferred graph and the VoID description included.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Store

from aigraph.vocab import sparql_prologue

_CLASSES = sparql_prologue() + """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n)
WHERE { ?s a ?class FILTER(STRSTARTS(STR(?class), STR(aig:))) }
GROUP BY ?class ORDER BY ?class"""
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_BUILD = sparql_prologue() + """
SELECT ?build ?time WHERE { ?build a prov:Activity ; prov:endedAtTime ?time } LIMIT 1"""


@dataclass(frozen=True)
class Stats:
    """Sizes of a store: default-graph triples (each once; equal to ``void:triples``),
    instances per class of the ontology (stated or inferred), triples per named graph."""

    triples: int
    classes: dict[str, int]
    graphs: dict[str, int]
    build: str
    built_at: str


def store_stats(store: Store) -> Stats:
    """Count what a store holds.

    :raises OSError: if the store cannot be read.
    """
    triples = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))["n"].value)
    classes = {r["class"].value.rsplit("#", 1)[-1]: int(r["n"].value)
               for r in store.query(_CLASSES)}
    graphs = {r["g"].value: int(r["n"].value) for r in store.query(_GRAPHS)}
    build = next(iter(store.query(_BUILD)), None)
    return Stats(triples, classes, graphs,
                 build["build"].value.rsplit("/", 1)[-1] if build else "",
                 build["time"].value if build else "")
