"""``aigraph build``: inputs → checked quads → validated → a new store, swapped in.

Every step that can fail runs before the swap: a bad input file, a SHACL violation or a
crash leaves the previous store serving, untouched.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad

from aigraph.cache import BuildCache
from aigraph.config import Settings
from aigraph.dataset import RESERVED_KEYS, assemble, collector_paused, served_triples
from aigraph.errors import ValidationError
from aigraph.incremental import Neighbourhood, save_report, validate_build
from aigraph.progress import Progress
from aigraph.remote import load_remote
from aigraph.sources import Sources, read_sources
from aigraph.store import write_store
from aigraph.storepatch import changes_since, fingerprints, graph_texts
from aigraph.validate import Report
from aigraph.vocab import RDF, Minter


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
    #: Seconds each phase of the build took, in the order they ran.
    seconds: dict[str, float] = field(default_factory=dict)


def build(settings: Settings, full: bool = False, progress: Progress | None = None,
          cache: BuildCache | None = None, index: Neighbourhood | None = None) -> BuildResult:
    """Build the graph from the project's inputs and swap it in as the serving store (or
    load it into the remote store, when one is configured).

    Articles unchanged since the last build are taken from the build cache
    (:mod:`aigraph.cache`, or the ``cache`` given); ``full`` reads every input again (and
    renews the cache). Both give the same quads and the same build id. ``progress`` shows
    the phases as they run and records their seconds (:attr:`BuildResult.seconds`).
    ``index``: the quads of the entries ``cache`` read ahead, indexed already for an
    incremental validation (used only when every one of them is part of this build).

    :raises InputError: for a bad article, registry or facts file (naming file and line).
    :raises ValidationError: if the graph violates the shapes; nothing is swapped.
    :raises StoreError: if the store cannot be written or swapped, or the remote store
        refuses the load.
    """
    progress = progress or Progress()
    # A build makes millions of objects and no reference cycles to speak of: the collector
    # would scan them again and again for nothing.
    with collector_paused():
        return _build(settings, full, progress, cache, index)


def _build(settings: Settings, full: bool, progress: Progress, cache: BuildCache | None,
           index: Neighbourhood | None) -> BuildResult:
    cache = cache or BuildCache(settings.cache_dir, settings.base_iri)
    sources = _read(settings, cache, progress, full)
    quads, ident = assemble(sources, settings, progress)
    with progress.phase("comparing with the serving store"):
        minter = Minter(settings.base_iri)
        known = sources.fingerprints(minter)
        texts = graph_texts(quads, known)
        manifest = fingerprints(quads, known, texts)
        members = {minter.article_graph(a.key).value: a.quads for a in sources.articles}
        changes = None if full else changes_since(settings, quads, manifest, texts,
                                                  cache.graph_text, members)
    with progress.phase("validating"):
        if index is not None and cache.all_served_ahead:
            # The articles come first in the quads; those read ahead are indexed already.
            first = sum(len(a.quads) for a in sources.articles)
            index.extend([q for a in sources.articles if not cache.served_ahead(a)
                          for q in a.quads] + quads[first:])
        else:
            index = None
        report = validate_build(quads, settings, changes, index)
    if not report.conforms:
        first = report.violations[0]
        raise ValidationError(f"the graph does not conform ({len(report.violations)} "
                              f"violations; first: {first}); the previous store is unchanged. "
                              "Run 'aigraph validate' for the full report")
    folder: Path | None = None
    with progress.phase("writing the store"):
        if settings.remote:
            load_remote(quads, settings)
        else:
            folder = write_store(quads, settings, ident, changes, manifest)
            save_report(folder, report, settings.ontology_dir)
            for name, lines in texts.items():
                cache.put_graph_text(manifest[name], lines)
    cache.prune()
    inferred = texts.get(minter.graph("inferred").value, set())
    typing = f"<{RDF.type.value}>".encode()  # the second token of an N-Quads line
    types = sum(1 for line in inferred if line.split(b" ", 2)[1] == typing)
    others = len(inferred) - types
    return BuildResult(ident, folder, len(quads), served_triples(quads, settings), len(manifest),
                       report, str(folder) if folder else settings.store_url, types, others,
                       dict(progress.seconds))


def plan(settings: Settings, cache: BuildCache | None = None,
         progress: Progress | None = None, full: bool = False) -> tuple[list[Quad], str]:
    """Read the inputs and compute every quad a build would write, without writing.

    With a ``cache``, unchanged articles are taken from it and changed ones are filed in it
    (``full``: none is taken, all are filed).

    :raises InputError: for a bad input file.
    """
    cache = cache or BuildCache(None, settings.base_iri)
    return assemble(_read(settings, cache, progress, full), settings, progress)


def _read(settings: Settings, cache: BuildCache, progress: Progress | None,
          full: bool) -> Sources:
    """The inputs through ``cache`` (``full``: filing what is read, taking nothing)."""
    cache.reuse = not full
    return read_sources(settings, cache, RESERVED_KEYS, progress)



def class_counts(quads: list[Quad]) -> Counter[str]:
    """How many distinct instances each class has, over all graphs."""
    seen = {(q.subject, q.object) for q in quads if q.predicate.value.endswith("#type")}
    return Counter(o.value for _, o in seen)
