"""``aigraph build``: inputs → checked quads → validated → a new store, swapped in.

Every step that can fail runs before the swap: a bad input file, a SHACL violation or a
crash leaves the previous store serving, untouched.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad

from aigraph.config import Settings
from aigraph.dataset import dataset_quads, load_inputs, served_triples
from aigraph.errors import ValidationError
from aigraph.infer import split_by_kind
from aigraph.remote import load_remote
from aigraph.store import write_store
from aigraph.validate import Report, validate_quads
from aigraph.vocab import Minter


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: its id, where it went (the store folder, or the remote
    store's URL), sizes, and the validation report."""

    build_id: str
    store: Path | None
    quads: int
    triples: int
    graphs: int
    report: Report
    location: str = ""
    #: Triples in the inferred graph: ``rdf:type`` ones, and the others.
    inferred_types: int = 0
    inferred_properties: int = 0


def build(settings: Settings) -> BuildResult:
    """Build the graph from the project's inputs and swap it in as the serving store (or
    load it into the remote store, when one is configured).

    :raises InputError: for a bad article, registry or facts file (naming file and line).
    :raises ValidationError: if the graph violates the shapes; nothing is swapped.
    :raises StoreError: if the store cannot be written or swapped, or the remote store
        refuses the load.
    """
    quads, ident = plan(settings)
    report = validate_quads(quads, settings.ontology_dir)
    if not report.conforms:
        first = report.violations[0]
        raise ValidationError(f"the graph does not conform ({len(report.violations)} "
                              f"violations; first: {first}); the previous store is unchanged. "
                              "Run 'aigraph validate' for the full report")
    folder: Path | None = None
    if settings.remote:
        load_remote(quads, settings)
    else:
        folder = write_store(quads, settings, ident)
    graphs = len({q.graph_name for q in quads})
    inferred = Minter(settings.base_iri).graph("inferred")
    types, others = split_by_kind(q for q in quads if q.graph_name == inferred)
    return BuildResult(ident, folder, len(quads), served_triples(quads, settings), graphs,
                       report, str(folder) if folder else settings.store_url, types, others)


def plan(settings: Settings) -> tuple[list[Quad], str]:
    """Read the inputs and compute every quad a build would write, without writing.

    :raises InputError: for a bad input file.
    """
    return dataset_quads(load_inputs(settings), settings)


def class_counts(quads: list[Quad]) -> Counter[str]:
    """How many distinct instances each class has, over all graphs."""
    seen = {(q.subject, q.object) for q in quads if q.predicate.value.endswith("#type")}
    return Counter(o.value for _, o in seen)
