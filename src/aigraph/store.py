"""The Oxigraph store: write a new one beside the old, swap atomically, open, query, dump.

``settings.store_dir`` is a symbolic link to one folder under ``settings.stores_dir``. A
build writes a complete store into a fresh folder and only then points the link at it
(``os.replace`` of a link is atomic), so a crash in the middle of a build leaves the last
good store serving, untouched. The default graph is materialised as the duplicate-free
merge of all named graphs, so queries without ``GRAPH`` never see a triple twice.
"""

from __future__ import annotations

import gzip
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, islice
from pathlib import Path

from pyoxigraph import (
    DefaultGraph,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    Variable,
    serialize,
)

from aigraph.config import BASE_IRI, Settings
from aigraph.errors import QueryError, StoreError, UpdateRefused
from aigraph.results import write_graph
from aigraph.sparqlerror import describe_syntax_error, undeclared_prefixes, update_operation
from aigraph.storepatch import (
    Changes,
    Manifest,
    fingerprints,
    patch_store,
    write_manifest,
)

QueryResult = QuerySolutions | QueryBoolean | QueryTriples

DUMP_FORMATS: dict[str, RdfFormat] = {
    "trig": RdfFormat.TRIG,
    "nq": RdfFormat.N_QUADS,
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
}
#: The stem of every dump's file name: ``aigraph.{suffix}``, and ``aigraph.{suffix}.gz``.
DUMP_STEM = "aigraph"
GZIP = "gz"


def with_default_graph(quads: Iterable[Quad]) -> list[Quad]:
    """The named-graph quads plus their duplicate-free merge in the default graph."""
    named = [q for q in quads if not isinstance(q.graph_name, DefaultGraph)]
    merged = {(q.subject, q.predicate, q.object) for q in named}
    return named + [Quad(s, p, o, DefaultGraph()) for s, p, o in merged]


def write_store(quads: list[Quad], settings: Settings, build_id: str,
                changes: Changes | None = None, manifest: Manifest | None = None) -> Path:
    """Write a complete store for these quads into a new folder and swap it in.

    With ``changes`` (how the quads differ from the serving store, from
    :func:`aigraph.storepatch.changes_since`) and few of them, the new store is made as a
    patch of the serving one; otherwise it is written from scratch. Either way it holds the
    same quads, and the fingerprints of its graphs (``manifest``, computed when not given)
    are kept beside it for the next build.

    :returns: the folder of the new store.
    :raises StoreError: if the store cannot be written or swapped; the previous store is
        left in place.
    """
    stores = settings.stores_dir
    stores.mkdir(parents=True, exist_ok=True)
    if settings.store_dir.exists() and not settings.store_dir.is_symlink():
        raise StoreError(f"{settings.store_dir} is a folder, not the link a build swaps; move "
                         "it away and build again")
    partial = stores / f".partial-{build_id}-{os.getpid()}"
    final = _new_folder(stores, build_id)
    if changes is not None and changes.worth_patching(len(quads)):
        patch_store(changes, partial)
    else:
        _write_fresh(quads, partial)
    try:
        partial.rename(final)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise StoreError(f"cannot write the store: {exc}") from exc
    write_manifest(final, manifest if manifest is not None else fingerprints(quads))
    swap(settings, final)
    prune(settings)
    return final


def _new_folder(stores: Path, build_id: str) -> Path:
    """A name for a new store: the time and the build id. Stores made within one second
    get a counter after the time, so that names sort in the order the stores were made."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    same_second = [p for p in stores.glob(f"{stamp}*") if p.is_dir()]
    if not same_second:
        return stores / f"{stamp}-{build_id}"
    n = len(same_second) + 1
    while any(stores.glob(f"{stamp}.{n}-*")):
        n += 1
    return stores / f"{stamp}.{n}-{build_id}"


def _write_fresh(quads: Iterable[Quad], folder: Path) -> None:
    """Write ``quads`` and their merge in the default graph into a new store in ``folder``.

    :raises StoreError: if it cannot be written; ``folder`` is then removed.
    """
    try:
        store = Store(str(folder))
        # The store keeps one copy of each quad, so the merge is streamed as is: no set of
        # a million triples is built in Python (the bulk loader drops the duplicates).
        named = [q for q in quads if not isinstance(q.graph_name, DefaultGraph)]
        store.bulk_extend(chain(named, (Quad(q.subject, q.predicate, q.object, DefaultGraph())
                                        for q in named)))
        store.flush()
        # The bulk loader's files are compact but slow to scan; one compaction rewrites them
        # in the store's own layout: at 1.2 M triples 3 s more, 60 % more disk, and the
        # scans of the big saved queries 25-35 % quicker (BENCHMARKS.md).
        store.optimize()
        del store
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError(f"cannot write the store: {exc}") from exc


def swap(settings: Settings, target: Path) -> None:
    """Point ``settings.store_dir`` at ``target`` in one atomic step.

    :raises StoreError: if the link cannot be replaced.
    """
    link = settings.store_dir
    link.parent.mkdir(parents=True, exist_ok=True)
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    try:
        if tmp.is_symlink():
            tmp.unlink()
        tmp.symlink_to(os.path.relpath(target, link.parent))
        os.replace(tmp, link)
    except OSError as exc:
        raise StoreError(f"cannot swap the new store in at {link}: {exc}") from exc


def prune(settings: Settings) -> None:
    """Remove old stores and leftovers of interrupted builds (half-written stores, manifests
    and reports of processes no longer running), keeping the newest few."""
    current = settings.store_dir.resolve() if settings.store_dir.is_symlink() else None
    folders = sorted(p for p in settings.stores_dir.iterdir() if p.is_dir())
    done = [p for p in folders if not p.name.startswith(".")]
    keep = set(done[-settings.keep_stores:]) | ({current} if current else set())
    for folder in folders:
        stale_partial = folder.name.startswith(".") and not _pid_alive(folder.name)
        if (folder not in keep and not folder.name.startswith(".")) or stale_partial:
            shutil.rmtree(folder, ignore_errors=True)
    for beside in settings.stores_dir.glob("*.json"):  # a manifest or a kept report
        owner = beside.name.removesuffix(".json").rsplit(".", 1)[0]
        if not beside.name.startswith(".") and not (settings.stores_dir / owner).is_dir():
            beside.unlink(missing_ok=True)
    for half in settings.stores_dir.glob(".*.tmp"):  # a manifest or report half written
        writer = half.name.removesuffix(".tmp").rsplit(".", 1)[-1]
        if not half.is_dir() and not _alive(writer):
            half.unlink(missing_ok=True)


def _pid_alive(name: str) -> bool:
    return _alive(name.rsplit("-", 1)[-1])


def _alive(pid: str) -> bool:
    """Whether the process of this id (as text) is running; not a number: no."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def open_store(settings: Settings) -> Store:
    """Open the current store read-only.

    :raises StoreError: if there is no store yet (saying how to build one) or it cannot
        be opened.
    """
    path = settings.store_dir
    if not path.exists():
        raise StoreError(f"no store at {path}; run 'aigraph build' first")
    try:
        return Store.read_only(str(path.resolve()))
    except (OSError, RuntimeError) as exc:  # RuntimeError: a corrupt store
        raise StoreError(f"cannot open the store at {path}: {exc}; rebuild it with "
                         "'aigraph build'") from exc


#: Quads copied into memory at a time (about 20 ms of work).
COPY_SLICE = 5_000


class MemoryCopy:
    """A store copied into memory, read-only: everything a reader uses (``query``,
    ``quads_for_pattern``, ``named_graphs``, ``dump``, ``len``, iteration) and nothing that
    writes. pyoxigraph has no read-only in-memory store, and the server must not be able
    to change what it serves.
    """

    _WRITERS = frozenset({"add", "add_graph", "backup", "bulk_extend", "bulk_load", "clear",
                          "clear_graph", "extend", "flush", "load", "optimize", "remove",
                          "remove_graph", "update"})

    def __init__(self, store: Store) -> None:
        copy = Store()
        # Quad by quad, not through a serialisation: blank nodes keep their labels, so
        # every process serves the same bytes (and ETags) for the same request. In slices:
        # pyoxigraph holds the interpreter lock while it takes in an iterable, and a copy
        # made beside a serving event loop must let it run between them.
        quads = store.quads_for_pattern(None, None, None, None)
        while chunk := list(islice(quads, COPY_SLICE)):
            copy.bulk_extend(chunk)
        self._store = copy
        self.query = copy.query
        self.quads_for_pattern = copy.quads_for_pattern

    def __getattr__(self, name: str) -> object:
        if name in self._WRITERS:
            raise StoreError(f"the served store is read-only: {name} is refused (a read-write "
                             "operation; the server never writes, a build makes a new store)")
        return getattr(self._store, name)

    def __len__(self) -> int:
        return len(self._store)

    def __iter__(self) -> Iterator[Quad]:
        return iter(self._store)

    def __contains__(self, quad: object) -> bool:
        return quad in self._store


def in_memory(store: Store, limit: int) -> Store | MemoryCopy:
    """The store copied into memory (read-only) if it holds at most ``limit`` quads, else
    the store itself.

    Oxigraph evaluates a query over its in-memory storage 1.5 to 3.5 times faster than over
    its on-disk one (measured on the project's saved queries), and a built store never
    changes, so a server holding a small graph serves it from a copy. The copy takes about
    5 µs and 400 bytes per quad (0.05 s for the five articles' 13k quads).

    :raises StoreError: if the store cannot be read.
    """
    if limit <= 0:
        return store
    try:
        if len(store) > limit:
            return store
        return MemoryCopy(store)
    except (OSError, RuntimeError, ValueError) as exc:
        raise StoreError(f"cannot copy the store into memory: {exc}") from exc


def run_query(store: Store, sparql: str, substitutions: dict[Variable, object] | None = None,
              prefixes: Mapping[str, str] | None = None,
              base_iri: str | None = None) -> QueryResult:
    """Run a SPARQL query against the store's default graph (the merge of all graphs).

    :param prefixes: prefixes the query may use without declaring them (the project's, for
        the command line); those it uses are declared on a line put before its text, and
        errors still give positions in the text as written.
    :param base_iri: what relative IRIs in the query resolve against (``settings.base_iri``,
        as the HTTP endpoint does); a ``BASE`` in the query wins.
    :raises UpdateRefused: for a SPARQL Update (INSERT, DELETE, LOAD, CLEAR …): queries
        only read; the data changes through ``data/`` and a build.
    :raises QueryError: for a syntax error, in one line with line and column (an unknown
        prefix is named), or an evaluation error.
    """
    operation = update_operation(sparql)
    if operation is not None:
        raise UpdateRefused(f"SPARQL updates are refused ({operation}): queries only read "
                            "the store; change the data in data/ and run 'aigraph build'")
    header = declare_prefixes(sparql, prefixes or {})
    try:
        return store.query(header + sparql, substitutions=substitutions,  # type: ignore[arg-type]
                           base_iri=base_iri)
    except SyntaxError as exc:
        raise QueryError(_describe(exc, header, sparql, prefixes)) from exc
    except QueryError as exc:  # a remote store parses the query before it sends it
        if not isinstance(exc.__cause__, SyntaxError):
            raise
        raise QueryError(_describe(exc.__cause__, header, sparql, prefixes)) from exc.__cause__
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from exc


def _describe(exc: SyntaxError, header: str, sparql: str,
              prefixes: Mapping[str, str] | None) -> str:
    """The one-line message of a syntax error in ``header + sparql``, placed in ``sparql``."""
    return describe_syntax_error(exc, header + sparql, known=prefixes or (),
                                 hidden_lines=header.count("\n"))


def declare_prefixes(sparql: str, prefixes: Mapping[str, str]) -> str:
    """One line of ``PREFIX`` declarations for the prefixes of ``prefixes`` that the query
    uses without declaring them, or an empty string when it needs none."""
    wanted = {use.prefix for use in undeclared_prefixes(sparql)}
    declared = [f"PREFIX {p}: <{iri}>" for p, iri in prefixes.items() if p in wanted]
    return " ".join(declared) + "\n" if declared else ""


def dump(store: Store, fmt: str, base_iri: str = BASE_IRI) -> bytes:
    """Serialise the store: TriG, N-Quads and JSON-LD give the named graphs (with
    provenance); Turtle and N-Triples give the merged default graph. JSON-LD is compact,
    with the context under ``base_iri`` written into the file, which is read offline.

    :raises ValueError: for an unknown format name.
    """
    if fmt not in DUMP_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(DUMP_FORMATS)}")
    rdf_format = DUMP_FORMATS[fmt]
    if rdf_format.supports_datasets:
        quads = [q for q in store if not isinstance(q.graph_name, DefaultGraph)]
        if fmt == "jsonld":
            return write_graph(quads, fmt, base_iri, embed_context=True)
        return serialize(quads, format=rdf_format) or b""
    return store.dump(format=rdf_format, from_graph=DefaultGraph()) or b""


def dump_names() -> list[str]:
    """The file name of every dump that can be downloaded: ``aigraph.{suffix}`` for each
    format of :data:`DUMP_FORMATS`, each also gzipped as ``aigraph.{suffix}.gz``. The
    service serves them at ``{base}dumps/{name}``.

    >>> dump_names()[:2]
    ['aigraph.trig', 'aigraph.trig.gz']
    """
    return [name for fmt in DUMP_FORMATS
            for name in (f"{DUMP_STEM}.{fmt}", f"{DUMP_STEM}.{fmt}.{GZIP}")]


def dump_format(name: str) -> tuple[str, bool]:
    """The format of a dump's file name and whether it is gzipped:
    ``aigraph.nt.gz`` → ``("nt", True)``.

    :raises ValueError: for a name that is not one of :func:`dump_names`.
    """
    if name not in dump_names():
        raise ValueError(f"no dump named {name!r}; the dumps are {', '.join(dump_names())}")
    fmt = name.removeprefix(f"{DUMP_STEM}.")
    gzipped = fmt.endswith(f".{GZIP}")
    return fmt.removesuffix(f".{GZIP}"), gzipped


def dump_file(store: Store, name: str, base_iri: str = BASE_IRI) -> bytes:
    """The bytes of one dump file (see :func:`dump_names`). A ``.gz`` file is the plain
    dump compressed by gzip with no time stamp or file name in its header, so that the
    same store always gives the same bytes.

    :raises ValueError: for a name that is not one of :func:`dump_names`.
    """
    fmt, gzipped = dump_format(name)
    data = dump(store, fmt, base_iri)
    return gzip.compress(data, mtime=0) if gzipped else data


def results_bytes(result: QueryResult | Iterable[Triple], fmt: QueryResultsFormat | RdfFormat
                  ) -> bytes:
    """Serialise a query result in a results format (SELECT/ASK) or RDF format (graphs); a
    remote store's graph answer is an iterable of triples."""
    if isinstance(result, QuerySolutions | QueryBoolean | QueryTriples):
        return result.serialize(format=fmt) or b""  # type: ignore[arg-type]
    return serialize(list(result), format=fmt) or b""  # type: ignore[arg-type]
