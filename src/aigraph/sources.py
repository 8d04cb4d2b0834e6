"""A build's inputs, read through the build cache: the registry, and each article as the
quads of its graph.

:func:`read_sources` gives what :func:`aigraph.dataset.load_inputs` followed by
:func:`aigraph.rdf.article_quads` gives, with the same checks and the same errors, but an
article whose files and registry lookups are unchanged since the last build is taken from
the cache (:mod:`aigraph.cache`) instead of being parsed and turned into quads again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, serialize

from aigraph.articles import article_key, list_articles, read_article
from aigraph.cache import ArticleEntry, BuildCache, RecordingRegistry, RegistryEntry
from aigraph.config import Settings
from aigraph.errors import ArticleError, FactsError
from aigraph.facts import facts_path, load_facts
from aigraph.progress import Progress
from aigraph.rdf import ENTITY_CLASSES, article_quads, entry_quads
from aigraph.registry import Registry, read_registry_file, registry_files
from aigraph.storepatch import text_fingerprint
from aigraph.vocab import Minter

#: The front-matter fields that name a registry entry, checked across articles.
REFERENCE_FIELDS = ("publisher", "author")
_NO_FACTS = b"\0no facts file"


@dataclass(frozen=True)
class Sources:
    """The registry and every article (in file order) as the quads of its graph."""

    registry: Registry
    articles: list[ArticleEntry]
    #: Each registry file's entries and quads, when read through the cache (else empty, and
    #: the registry graph is made from ``registry``).
    registry_files: list[RegistryEntry] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [a.key for a in self.articles]

    def fingerprints(self, minter: Minter) -> dict[str, str]:
        """The fingerprint of each article graph that has one (those read through the
        cache), by graph name."""
        return {minter.article_graph(a.key).value: a.fingerprint for a in self.articles
                if a.fingerprint}


def read_sources(settings: Settings, cache: BuildCache, reserved: Collection[str],
                 progress: Progress | None = None) -> Sources:
    """Read the registry and every article with its facts, reusing the cache's entries.

    ``reserved`` are names an article key may not take (the build's own graphs).

    :raises InputError: (an :class:`ArticleError`, :class:`RegistryError` or
        :class:`FactsError`) for the first bad file, naming it and the line.
    """
    progress = progress or Progress()
    with progress.phase("reading the registry"):
        files = read_registry_files(settings, cache)
        registry = Registry([e for f in files for e in f.entries])
    if not settings.articles_dir.is_dir():
        raise ArticleError("the articles folder does not exist", settings.articles_dir)
    paths = list_articles(settings.articles_dir)
    keys = {article_key(p) for p in paths}
    if settings.facts_dir.is_dir():
        for path in sorted(settings.facts_dir.glob("*.yaml")):
            if path.stem not in keys:
                raise FactsError(f"no article {path.stem!r} in {settings.articles_dir} for "
                                 "these facts", path, 1)
    minter = Minter(settings.base_iri)
    entries: list[ArticleEntry] = []
    with progress.phase("reading articles", len(paths)):
        for path in paths:
            entries.append(_article(path, settings, registry, cache, minter))
            progress.advance()
    check_articles(((e.key, e.meta, p) for e, p in zip(entries, paths, strict=True)),
                   registry, settings.articles_dir, reserved)
    return Sources(registry, entries, files)


def read_ahead(settings: Settings, cache: BuildCache) -> None:
    """Read into ``cache`` the entries of the articles there are now (never raises: what
    cannot be read is read again, with its error, by :func:`read_sources`)."""
    if settings.articles_dir.is_dir():
        cache.read_ahead(
            d for p in list_articles(settings.articles_dir)
            if (d := _digest(cache, p, facts_path(settings.facts_dir, article_key(p)))))


def read_registry(settings: Settings, cache: BuildCache) -> Registry:
    """Every entry of the registry folder, each file's entries from the cache when its
    bytes (and name) are unchanged.

    :raises RegistryError: as :func:`aigraph.registry.load_registry` does.
    """
    return Registry([e for f in read_registry_files(settings, cache) for e in f.entries])


def read_registry_files(settings: Settings, cache: BuildCache) -> list[RegistryEntry]:
    """Each registry file's entries and their quads, from the cache when the file's bytes
    (and name) are unchanged.

    :raises RegistryError: as :func:`aigraph.registry.load_registry` does.
    """
    folder = settings.registry_dir
    if not folder.is_dir():
        from aigraph.registry import load_registry
        load_registry(folder)  # raises the error for a missing folder
    minter = Minter(settings.base_iri)
    found: list[RegistryEntry] = []
    for path in registry_files(folder):
        digest = _digest(cache, path)
        part = cache.registry_file(digest) if digest else None
        if part is None:
            entries = read_registry_file(path)
            quads = list(dict.fromkeys(entry_quads(entries, minter)))
            part = RegistryEntry(entries, quads,
                                 serialize(quads, format=RdfFormat.N_QUADS) or b"")
            if digest:
                cache.put_registry_file(digest, part)
        found.append(part)
    return found


def check_articles(articles: Iterable[tuple[str, dict[str, str], Path]], registry: Registry,
                   folder: Path, reserved: Collection[str]) -> None:
    """The checks across articles: keys are unique and none is a reserved graph name; a
    publisher or author written as a registry reference is in the registry.

    :raises ArticleError: for the first failing article.
    """
    seen: dict[str, Path] = {}
    listed = list(articles)
    for key, _, path in listed:
        if key in seen:
            raise ArticleError(f"two article files share the key {key!r}", folder)
        seen[key] = path
    for key, _, path in listed:
        if key.lower().replace("_", "-") in reserved:
            raise ArticleError(f"the article key {key!r} is the name of a graph every "
                               "build has; rename the file", path)
    for _, meta, path in listed:
        for name in REFERENCE_FIELDS:
            value = meta.get(name, "")
            if "/" in value and value.split("/")[0] in ENTITY_CLASSES and value not in registry:
                raise ArticleError(f"{name} {value!r} is not in the registry", path)


def _article(path: Path, settings: Settings, registry: Registry, cache: BuildCache,
             minter: Minter) -> ArticleEntry:
    facts_file = facts_path(settings.facts_dir, article_key(path))
    digest = _digest(cache, path, facts_file)
    entry = cache.article(digest, registry) if digest else None
    if entry is not None:
        return entry
    article = read_article(path)
    recording = RecordingRegistry(registry)
    facts = load_facts(facts_file, article, recording) if facts_file.is_file() else None
    quads, text = in_text_order(article_quads(article, facts, recording, minter))
    meta = {f: str(article.meta[f]) for f in REFERENCE_FIELDS if article.meta.get(f)}
    entry = ArticleEntry(article.key, meta, recording.lookups, quads, text_fingerprint(text),
                         text)
    if digest:
        cache.put_article(digest, entry)
    return entry


def in_text_order(quads: Iterable[Quad]) -> tuple[list[Quad], bytes]:
    """``quads`` each once, sorted by their N-Quads lines, and those lines as one text: a
    cached article's quads come back in that order, and a build sorts a million lines
    quickly when they come in sorted runs."""
    unique = list(dict.fromkeys(quads))
    lines = (serialize(unique, format=RdfFormat.N_QUADS) or b"").splitlines(keepends=True)
    pairs = sorted(zip(lines, range(len(unique)), strict=True))
    return [unique[i] for _, i in pairs], b"".join(line for line, _ in pairs)


def _digest(cache: BuildCache, path: Path, facts: Path | None = None) -> str:
    """The cache key of a file (and its facts file), or ``""`` when a file cannot be read:
    then it is read the ordinary way, which raises the error that names it."""
    try:
        parts = [path.name.encode(), path.read_bytes()]
        if facts is not None:
            parts.append(facts.read_bytes() if facts.is_file() else _NO_FACTS)
    except OSError:
        return ""
    return cache.digest(*parts)
