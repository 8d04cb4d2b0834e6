"""A build's inputs, read through the build cache: the registry, and each article as the
quads of its graph.

:func:`read_sources` gives what :func:`aigraph.dataset.load_inputs` followed by
:func:`aigraph.rdf.article_quads` gives, with the same checks and the same errors, but an
article whose files and registry lookups are unchanged since the last build is taken from
the cache (:mod:`aigraph.cache`) instead of being parsed and turned into quads again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, serialize

from aigraph.articles import article_key, list_articles, read_article
from aigraph.cache import ArticleEntry, BuildCache, RecordingRegistry
from aigraph.config import Settings
from aigraph.errors import ArticleError, FactsError
from aigraph.facts import facts_path, load_facts
from aigraph.progress import Progress
from aigraph.rdf import ENTITY_CLASSES, article_quads
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
        registry = read_registry(settings, cache)
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
    return Sources(registry, entries)


def read_registry(settings: Settings, cache: BuildCache) -> Registry:
    """Every entry of the registry folder, each file's entries from the cache when its
    bytes (and name) are unchanged.

    :raises RegistryError: as :func:`aigraph.registry.load_registry` does.
    """
    folder = settings.registry_dir
    if not folder.is_dir():
        from aigraph.registry import load_registry
        return load_registry(folder)  # raises the error for a missing folder
    entries = []
    for path in registry_files(folder):
        digest = _digest(cache, path)
        found = cache.registry_file(digest) if digest else None
        if found is None:
            found = read_registry_file(path)
            if digest:
                cache.put_registry_file(digest, found)
        entries.extend(found)
    return Registry(entries)


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
        for field in REFERENCE_FIELDS:
            value = meta.get(field, "")
            if "/" in value and value.split("/")[0] in ENTITY_CLASSES and value not in registry:
                raise ArticleError(f"{field} {value!r} is not in the registry", path)


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
    quads = list(dict.fromkeys(article_quads(article, facts, recording, minter)))
    meta = {f: str(article.meta[f]) for f in REFERENCE_FIELDS if article.meta.get(f)}
    text = serialize(quads, format=RdfFormat.N_QUADS) or b""
    entry = ArticleEntry(article.key, meta, recording.lookups, quads, text_fingerprint(text),
                         text)
    if digest:
        cache.put_article(digest, entry)
    return entry


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
