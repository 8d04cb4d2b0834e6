"""The build cache: what a build made of each input file, kept for the next build.

A build reads every article, its facts and the registry, and turns each article into the
quads of its graph. Most of that is the same from one build to the next: a maintainer adds
one article to hundreds. The cache keeps, for each article, its graph's quads and the
registry references its reading looked up, under a hash of everything else it was made from
(the article file's name and bytes, its facts file's bytes, the package's version and
source code, the base IRI). An entry is reused only when its hash matches and every
reference it looked up is still present, or still absent, in today's registry; anything
else is read again. Registry files are cached the same way, their entries under a hash of
the file's bytes.

The cache lives beside the stores (``settings.cache_dir``) and can be deleted at any time:
the next build reads everything again and gives the same quads and the same build id. An
entry that cannot be read (a truncated file, a different format) counts as absent. Writes
go to a temporary file renamed into place, so a crash leaves no half entry.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyoxigraph import Quad, RdfFormat, parse, serialize

from aigraph import __version__
from aigraph.registry import Entry, Registry

#: Bumped when what an entry holds changes shape.
FORMAT = 3


@dataclass(frozen=True)
class ArticleEntry:
    """What a build made of one article: its key, the front-matter fields the build's
    cross-article checks read, the registry references its reading looked up (and whether
    each was there), its graph's quads (each once) and their fingerprint
    (:func:`aigraph.storepatch.fingerprint`)."""

    key: str
    meta: dict[str, str]
    lookups: dict[str, bool]
    quads: list[Quad]
    fingerprint: str = ""
    #: The quads as N-Quads, one line each (what the cache holds, kept so that a build need
    #: not write them out again); empty when not at hand.
    text: bytes = b""

    def holds_for(self, registry: Registry) -> bool:
        """Whether reading the article again against ``registry`` would look up the same
        references with the same outcome (and so give the same quads)."""
        return all((ref in registry) == present for ref, present in self.lookups.items())


@dataclass(frozen=True)
class RegistryEntry:
    """What a build made of one registry file: its entries, their quads in the registry
    graph (:func:`aigraph.rdf.entry_quads`) and those quads as N-Quads text."""

    entries: list[Entry]
    quads: list[Quad]
    text: bytes


class RecordingRegistry(Registry):
    """A registry that remembers every reference looked up in it, and whether it was there.

    Reading an article and its facts only asks whether references are in the registry, so
    the recorded answers are everything the article's quads depend on in it.
    """

    def __init__(self, inner: Registry) -> None:  # noqa: D107 - shares the inner entries
        self._entries = inner._entries
        self.lookups: dict[str, bool] = {}

    def __contains__(self, ref: object) -> bool:
        present = ref in self._entries
        if isinstance(ref, str):
            self.lookups[ref] = present
        return present

    def get(self, ref: str) -> Entry | None:
        entry = self._entries.get(ref)
        self.lookups[ref] = entry is not None
        return entry


class BuildCache:
    """Entries on disk under ``folder``, one file each, named by their hash.

    ``folder=None`` is a cache that holds nothing and keeps nothing (a build with no cache);
    ``reuse=False``, one that files what is made but gives nothing back (a full build).
    """

    def __init__(self, folder: Path | None, base_iri: str, reuse: bool = True) -> None:
        self.folder = folder
        self.reuse = reuse
        self._salt = f"aigraph {code_digest()} cache {FORMAT} {base_iri}".encode()
        self.used: set[str] = set()
        self._read_ahead: dict[str, ArticleEntry] = {}
        self._served_ahead: set[int] = set()
        self._unserved_ahead = False

    def digest(self, *parts: bytes) -> str:
        """The hash an entry is filed under: of the package version, the base IRI and
        ``parts`` (each length-prefixed, so that no two splits of the bytes collide)."""
        h = hashlib.sha256(self._salt)
        for part in parts:
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
        return h.hexdigest()

    # -- articles -------------------------------------------------------------------------

    def article(self, digest: str, registry: Registry) -> ArticleEntry | None:
        """The entry filed under ``digest`` if there is one and it holds for ``registry``."""
        ahead = self._read_ahead.pop(digest, None)
        entry = ahead or self._article(digest)
        if entry is None or not entry.holds_for(registry):
            self._unserved_ahead |= ahead is not None
            return None
        if ahead is not None:
            self._served_ahead.add(id(ahead))
        self.used.add(f"articles/{digest}")
        return entry

    def read_ahead(self, digests: Iterable[str]) -> None:
        """Read the entries filed under ``digests`` now, for :meth:`article` to give later
        (``aigraph add`` reads them while the new article is being drafted)."""
        for digest in digests:
            entry = self._article(digest)
            if entry is not None:
                self._read_ahead[digest] = entry

    def read_ahead_entries(self) -> list[ArticleEntry]:
        """The entries read ahead and not yet asked for."""
        return list(self._read_ahead.values())

    def served_ahead(self, entry: ArticleEntry) -> bool:
        """Whether :meth:`article` gave ``entry`` from those read ahead."""
        return id(entry) in self._served_ahead

    @property
    def all_served_ahead(self) -> bool:
        """Whether every entry read ahead was asked for and given (none went stale)."""
        return not self._read_ahead and not self._unserved_ahead

    def _article(self, digest: str) -> ArticleEntry | None:
        raw = self._read("articles", digest)
        if raw is None:
            return None
        try:
            head, data = raw
            return ArticleEntry(head["key"], head["meta"], head["lookups"],
                                list(parse(data, format=RdfFormat.N_QUADS)),
                                head["fingerprint"], data)
        except (KeyError, TypeError, ValueError, SyntaxError):
            return None

    def put_article(self, digest: str, entry: ArticleEntry) -> None:
        """File ``entry`` under ``digest`` (the quads as N-Quads: quicker to read back than
        pickled terms, and blank node labels kept)."""
        head = {"key": entry.key, "meta": entry.meta, "lookups": entry.lookups,
                "fingerprint": entry.fingerprint}
        text = entry.text or serialize(entry.quads, format=RdfFormat.N_QUADS) or b""
        self._write("articles", digest, (head, text))

    # -- registry files ---------------------------------------------------------------------

    def registry_file(self, digest: str) -> RegistryEntry | None:
        """The entries of a registry file whose bytes hash to ``digest``, and their quads,
        if filed."""
        raw = self._read("registry", digest)
        try:
            entries, text = raw
            if not all(isinstance(e, Entry) for e in entries) or not isinstance(text, bytes):
                return None
            found = RegistryEntry(entries, list(parse(text, format=RdfFormat.N_QUADS)), text)
        except (TypeError, ValueError, SyntaxError):
            return None
        self.used.add(f"registry/{digest}")
        return found

    def put_registry_file(self, digest: str, found: RegistryEntry) -> None:
        self._write("registry", digest, (found.entries, found.text))

    # -- the last build's larger graphs ------------------------------------------------------

    def graph_text(self, fingerprint: str) -> set[bytes] | None:
        """The N-Quads lines of a graph kept under its ``fingerprint``, if kept."""
        raw = self._read("graphs", fingerprint)
        if not isinstance(raw, bytes):
            return None
        self.used.add(f"graphs/{fingerprint}")
        return set(raw.splitlines(keepends=True))

    def put_graph_text(self, fingerprint: str, lines: set[bytes]) -> None:
        """Keep a graph's lines under its fingerprint, for the next build to compare with
        (a graph kept already is left as it is: equal fingerprints, equal lines)."""
        if self.folder is not None and (self.folder / "graphs" / fingerprint).is_file():
            self.used.add(f"graphs/{fingerprint}")
            return
        self._write("graphs", fingerprint, b"".join(lines))

    # -- upkeep -----------------------------------------------------------------------------

    def prune(self) -> None:
        """Delete every entry this build neither read nor wrote (the cache holds one build's
        inputs, not every version ever built)."""
        if self.folder is None:
            return
        for kind in ("articles", "registry", "graphs"):
            folder = self.folder / kind
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if f"{kind}/{path.name}" not in self.used:
                    path.unlink(missing_ok=True)

    def _read(self, kind: str, digest: str) -> Any:
        if self.folder is None or not self.reuse:
            return None
        try:
            with (self.folder / kind / digest).open("rb") as handle:
                return pickle.load(handle)  # noqa: S301 - our own files, under our own names
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                IndexError, ValueError, TypeError):
            return None

    def _write(self, kind: str, digest: str, value: object) -> None:
        if self.folder is None:
            return
        folder = self.folder / kind
        tmp = folder / f".{digest}.{os.getpid()}.tmp"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(folder / digest)
            self.used.add(f"{kind}/{digest}")
        except OSError:
            # A cache that cannot be written only makes the next build slower.
            tmp.unlink(missing_ok=True)



@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the package's version and its source files: an entry made by other code
    (an upgrade, a change checked out) is never taken for one of this code's."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()
