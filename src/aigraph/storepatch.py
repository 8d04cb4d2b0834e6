"""A new store made as a patch of the serving one, when a build changes few graphs.

Writing a store from scratch costs about ten seconds per million quads, even when a build
adds one article to a thousand. So each store is written with a manifest beside it: for
every named graph, a fingerprint of its content (a hash of its sorted N-Quads lines). The
next build fingerprints its own graphs, and when few of them differ it makes the new store
from a checkpoint of the serving one (RocksDB hard-links its immutable files, so the copy
is nearly free) and changes only the graphs that differ:

* a quad no longer in its graph is removed from it, and from the default graph too unless
  another named graph still holds its triple;
* a new quad is added to its graph and its triple to the default graph.

The result holds exactly the quads :func:`aigraph.store.write_store` would write (the
tests compare the two), and it is swapped in the same way: the serving store is only read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse, serialize

from aigraph.config import Settings
from aigraph.errors import StoreError

#: Above this share of changed quads a store is written from scratch instead.
MOST_CHANGED = 0.25
MANIFEST_SUFFIX = ".graphs.json"

Manifest = dict[str, str]
#: The distinct N-Quads lines of each of some named graphs.
Texts = dict[str, set[bytes]]


def graph_texts(quads: Iterable[Quad], known: Collection[str] = ()) -> Texts:
    """The distinct N-Quads lines of every named graph of ``quads`` but the ``known``."""
    by_graph: dict[str, list[Quad]] = defaultdict(list)
    for q in quads:
        g = q.graph_name
        if isinstance(g, NamedNode) and g.value not in known:
            by_graph[g.value].append(q)
    return {name: _lines(members) for name, members in by_graph.items()}


def fingerprints(quads: Iterable[Quad], known: Manifest | None = None,
                 texts: Texts | None = None) -> Manifest:
    """For every named graph of ``quads``, its :func:`fingerprint`; those of ``known``
    graphs are taken as given (an article's, kept in the build cache), the others are
    computed from ``texts`` (:func:`graph_texts`, made when not given)."""
    known = known or {}
    texts = graph_texts(quads, known) if texts is None else texts
    out: Manifest = {name: _digest(lines) for name, lines in texts.items()}
    return {**out, **{g: f for g, f in known.items() if g not in out}}


def fingerprint(quads: Iterable[Quad]) -> str:
    """A hash of the distinct N-Quads lines of ``quads``, sorted: equal for equal sets."""
    return _digest(_lines(quads))


def text_fingerprint(text: bytes) -> str:
    """The :func:`fingerprint` of quads written out as N-Quads ``text``."""
    return _digest(set(text.splitlines(keepends=True)))


def _lines(quads: Iterable[Quad]) -> set[bytes]:
    return set((serialize(quads, format=RdfFormat.N_QUADS) or b"").splitlines(keepends=True))


def _digest(lines: set[bytes]) -> str:
    return hashlib.sha256(b"".join(sorted(lines))).hexdigest()


def manifest_path(folder: Path) -> Path:
    """Where the manifest of the store in ``folder`` is kept: beside it."""
    return folder.with_name(folder.name + MANIFEST_SUFFIX)


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Keep ``manifest`` beside the store in ``folder`` (a missing manifest only means
    that the next build writes its store from scratch).

    :raises StoreError: if it cannot be written.
    """
    path = manifest_path(folder)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write the store's manifest {path}: {exc}") from exc


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest beside the store in ``folder``, or ``None`` if it is missing or
    unreadable."""
    try:
        data = json.loads(manifest_path(folder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return None
    return data


def changed_graphs(previous: Manifest, current: Manifest) -> set[str]:
    """The graphs whose content differs: changed, added or gone."""
    return {g for g in previous.keys() | current.keys() if previous.get(g) != current.get(g)}


@dataclass(frozen=True)
class Changes:
    """How a build's quads differ from the serving store's (in ``previous``): the graphs
    that differ, the quads gone from them and the quads new in them."""

    previous: Path
    graphs: set[str]
    removed: list[Quad]
    added: list[Quad]

    def worth_patching(self, total: int) -> bool:
        """Whether few enough quads change, of ``total``, for a patch to pay."""
        return len(self.removed) + len(self.added) <= MOST_CHANGED * max(total, 1)


def changes_since(settings: Settings, quads: list[Quad], manifest: Manifest,
                  texts: Texts | None = None,
                  kept: Callable[[str], set[bytes] | None] | None = None,
                  members: Mapping[str, list[Quad]] | None = None) -> Changes | None:
    """How ``quads`` (whose fingerprints are ``manifest``) differ from the serving store,
    or ``None`` when there is no store with a manifest to compare with (a first build, a
    remote store, a store written before manifests).

    A changed graph whose lines are in ``texts`` and whose old lines ``kept`` gives (by
    their fingerprint; the build cache keeps the last build's larger graphs) is compared
    line by line, which is quicker than reading it back from the store; any other is read
    from the store, and its new quads taken from ``members`` (graph name → quads) when
    there, else picked out of ``quads``.

    :raises StoreError: if the serving store cannot be read.
    """
    previous = previous_store(settings)
    old = read_manifest(previous) if previous else None
    if previous is None or old is None:
        return None
    graphs = changed_graphs(old, manifest)
    texts = texts or {}
    removed: list[Quad] = []
    added: list[Quad] = []
    unread: set[str] = set()
    for name in sorted(graphs):
        before = None if name not in old else kept(old[name]) if kept else None
        if name in texts and (before is not None or name not in old):
            before = before or set()
            removed += _parsed(before - texts[name])
            added += _parsed(texts[name] - before)
        else:
            unread.add(name)
    members = members or {}
    new: dict[str, set[Quad]] = {g: set(members[g]) for g in unread if g in members}
    picked = unread - new.keys()
    for q in quads if picked else ():
        if isinstance(q.graph_name, NamedNode) and q.graph_name.value in picked:
            new.setdefault(q.graph_name.value, set()).add(q)
    try:
        store = Store.read_only(str(previous)) if unread else None
        for name in sorted(unread):
            held = set(store.quads_for_pattern(None, None, None, NamedNode(name))) \
                if name in old and store is not None else set()
            removed += held - new.get(name, set())
            added += new.get(name, set()) - held
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"cannot read the serving store {previous}: {exc}") from exc
    return Changes(previous, graphs, removed, added)


def _parsed(lines: set[bytes]) -> list[Quad]:
    return list(parse(b"".join(lines), format=RdfFormat.N_QUADS)) if lines else []


def patch_store(changes: Changes, target: Path) -> None:
    """Write into ``target`` (which must not exist) the serving store with ``changes``
    applied, keeping the default graph the merge of the named graphs.

    :raises StoreError: if the checkpoint or the changes fail; ``target`` is then removed.
    """
    try:
        Store.read_only(str(changes.previous)).backup(str(target))
        store = Store(str(target))
        for q in changes.removed:
            store.remove(q)
        for q in changes.removed:
            if not _stated_elsewhere(store, q):
                store.remove(Quad(q.subject, q.predicate, q.object, DefaultGraph()))
        store.extend(changes.added)
        store.extend(Quad(q.subject, q.predicate, q.object, DefaultGraph())
                     for q in changes.added)
        store.flush()
        del store
    except (OSError, RuntimeError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise StoreError(f"cannot write the store as a patch of {changes.previous}: "
                         f"{exc}") from exc


def _stated_elsewhere(store: Store, q: Quad) -> bool:
    """Whether a named graph of ``store`` still holds the triple of ``q``."""
    return any(not isinstance(other.graph_name, DefaultGraph)
               for other in store.quads_for_pattern(q.subject, q.predicate, q.object))


def previous_store(settings: Settings) -> Path | None:
    """The folder of the serving store, if there is one to patch."""
    link = settings.store_dir
    if settings.remote or not link.is_symlink():
        return None
    folder = link.resolve()
    return folder if folder.is_dir() else None
