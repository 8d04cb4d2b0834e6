"""Drafts on disk: the facts file and the proposed registry entries of an article, and
``add`` (an article in, its drafts written, the graph rebuilt)."""

from __future__ import annotations

import multiprocessing
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aigraph.articles import ARTICLE_SUFFIXES, Article, read_article
from aigraph.build import BuildResult, build
from aigraph.cache import BuildCache
from aigraph.config import Settings
from aigraph.dataset import collector_paused, load_inputs
from aigraph.errors import ArticleError, InputError
from aigraph.extract.draft import EXTRACTOR, Draft
from aigraph.extract.evaluate import (
    Canon,
    Score,
    draft_items,
    gold_file_items,
    gold_items,
    score,
    unseen_registry,
)
from aigraph.extract.pipeline import Extractor
from aigraph.incremental import Neighbourhood
from aigraph.progress import Progress
from aigraph.registry import load_registry
from aigraph.sources import read_ahead, read_registry

_HANGUL = re.compile(r"[가-힣]")


def facts_yaml(draft: Draft) -> str:
    """The draft as a facts file (``reviewed: false``, with its extractor)."""
    data = {"article": draft.article, "reviewed": False, "extractor": EXTRACTOR,
            "statements": [f.as_statement() for f in draft.facts]}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def registry_yaml(draft: Draft) -> str:
    """The entries the draft proposes, as a registry file."""
    sections: dict[str, dict[str, Any]] = {}
    for entry in draft.proposed:
        sections.setdefault(entry.kind, {})[entry.key] = {
            "ko": entry.ko, "en": entry.en, "note": f"proposed by {EXTRACTOR}; review"}
    header = f"# Entries proposed by {EXTRACTOR} for article {draft.article}; review them.\n"
    return header + yaml.safe_dump(sections, allow_unicode=True, sort_keys=False, width=100)


def read_new_article(path: Path) -> Article:
    """Read a file someone asks to add, refusing what is not a Korean news article.

    :raises ArticleError: for a name without ``.md`` or ``.txt``, a file that is not UTF-8
        text (a binary file), an empty one, or one with no Korean text, saying what to do.
    """
    path = Path(path)
    if path.suffix not in ARTICLE_SUFFIXES:
        kind = f"the suffix {path.suffix!r}" if path.suffix else "no suffix"
        raise ArticleError(f"not an article file ({kind}); save the article as UTF-8 text "
                           "named .md or .txt and add that", path)
    try:
        head = path.read_bytes()[:8192]
    except OSError as exc:
        raise ArticleError(f"cannot read the file: {exc.strerror}", path) from exc
    if b"\x00" in head:
        raise ArticleError("a binary file, not an article; add the article's text as a UTF-8 "
                           ".md or .txt file", path)
    article = read_article(path)
    if not _HANGUL.search(article.body):
        raise ArticleError("no Korean text; aigraph drafts facts from Korean news articles, so "
                           "add the article in Korean", path)
    return article


def draft_article(settings: Settings, article: Article) -> Draft:
    """The draft facts of ``article`` by an extractor with the project's registry."""
    return Extractor(read_registry(settings, BuildCache(settings.cache_dir,
                                                        settings.base_iri))).extract(article)


@dataclass(frozen=True)
class Added:
    """What ``add`` did: where the article and its drafts went, and the new build."""

    article: Path
    facts: Path
    registry: Path
    draft: Draft
    build: BuildResult


def add_article(settings: Settings, source: Path, extractor: Extractor | None = None,
                progress: Progress | None = None) -> Added:
    """Copy an article into the project, draft its facts, and rebuild the graph.

    Nothing is left behind when a step fails: the copied files are removed again and the
    previous store keeps serving.

    :raises ArticleError: if the file is not a Korean article in a ``.md`` or ``.txt`` file
        (see :func:`read_new_article`), or one with that name is in the project already.
    :raises InputError: if the drafts do not load (a bug in the extractor).
    :raises ValidationError: if the rebuilt graph does not conform.
    """
    article = read_new_article(source)
    target = settings.articles_dir / Path(source).name
    if target.exists():
        raise ArticleError(f"an article named {target.name} is already in the project; "
                           "rename the file to add it as a new article", source)
    progress = progress or Progress()
    cache = BuildCache(settings.cache_dir, settings.base_iri)
    with progress.phase("drafting facts"):
        index = None
        if extractor is not None:
            draft = extractor.extract(article)
        else:
            # The article is drafted in a process of its own (loading the Korean model is
            # most of it) while this one reads the other articles from the build cache.
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as apart:
                pending = apart.submit(draft_article, settings, article)
                with collector_paused():
                    read_ahead(settings, cache)
                    index = Neighbourhood(q for e in cache.read_ahead_entries()
                                          for q in e.quads)
                draft = pending.result()
    facts = settings.facts_dir / f"{article.key}.yaml"
    registry = settings.registry_dir / f"draft-{article.key.lower().replace('_', '-')}.yaml"
    written = [target, facts] + ([registry] if draft.proposed else [])
    try:
        shutil.copyfile(source, target)
        facts.write_text(facts_yaml(draft), encoding="utf-8")
        if draft.proposed:
            registry.write_text(registry_yaml(draft), encoding="utf-8")
        result = build(settings, progress=progress, cache=cache, index=index)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return Added(target, facts, registry, draft, result)


def evaluate_corpus(settings: Settings, extractor: Extractor | None = None,
                    unseen: bool = False) -> list[Score]:
    """Extract every article that has reviewed facts and score the drafts against them.

    With ``unseen``, each article is drafted with a registry stripped of the entities only
    that article uses (leave one out), so the score says how the rules do on a new article.

    :raises InputError: for a bad input file.
    """
    inputs = load_inputs(settings)
    canon = Canon(inputs.registry)
    articles = {a.key: a for a in inputs.articles}
    pairs = []
    for article in inputs.articles:
        facts = inputs.facts.get(article.key)
        if facts is None or not facts.reviewed:
            continue
        if unseen:
            registry = unseen_registry(inputs.registry, inputs.facts, articles, article.key)
            drafter = Extractor(registry, extractor.kiwi if extractor else None)
        else:
            drafter = extractor or Extractor(inputs.registry)
        pairs.append((gold_items(facts, article, inputs.registry, canon),
                      draft_items(drafter.extract(article), canon)))
    return score(pairs)


def evaluate_gold(settings: Settings, folder: Path,
                  extractor: Extractor | None = None) -> list[Score]:
    """Score the drafts of test articles against the gold files beside them
    (``NAME.md`` and ``NAME.gold.yaml``), linking against the project's registry.

    :raises InputError: for a bad article or gold file, or a folder with no gold files.
    """
    registry = load_registry(settings.registry_dir)
    canon = Canon(registry)
    extractor = extractor or Extractor(registry)
    golds = sorted(Path(folder).glob("*.gold.yaml"))
    if not golds:
        raise InputError("no gold files (NAME.gold.yaml beside NAME.md) in this folder",
                         folder)
    pairs = []
    for gold in golds:
        article = read_article(gold.with_name(gold.name.removesuffix(".gold.yaml") + ".md"))
        pairs.append((gold_file_items(gold, canon), draft_items(extractor.extract(article),
                                                                 canon)))
    return score(pairs)


def extract_files(paths: list[Path], settings: Settings,
                  extractor: Extractor | None = None) -> list[tuple[Article, Draft]]:
    """Read articles and draft their facts.

    :raises ArticleError: for a file that is not a readable article.
    """
    articles = [read_article(p) for p in paths]
    extractor = extractor or Extractor(load_registry(settings.registry_dir))
    return [(a, extractor.extract(a)) for a in articles]
