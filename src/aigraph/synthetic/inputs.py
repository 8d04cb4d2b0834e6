"""Synthetic inputs of a build, the quads a build makes of them, and their files."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import Quad

from aigraph.articles import Article
from aigraph.config import Settings
from aigraph.dataset import Inputs, dataset_quads
from aigraph.facts import Facts
from aigraph.registry import link_text, load_registry
from aigraph.synthetic.shape import MEASURED, Shape
from aigraph.synthetic.world import World
from aigraph.synthetic.writer import write_article


def synthetic_inputs(articles: int, seed: int = 0, *, settings: Settings,
                     shape: Shape = MEASURED) -> Inputs:
    """Invent ``articles`` articles with their facts, and the registry they need.

    The vocabulary and the real entities are read from ``settings.registry_dir``.

    :raises RegistryError: if the project's registry cannot be read.
    :raises ValueError: if ``articles`` is negative.
    """
    if articles < 0:
        raise ValueError("the number of articles cannot be negative")
    rng = random.Random(seed)
    world = World(rng, load_registry(settings.registry_dir), shape)
    written: list[Article] = []
    facts: dict[str, Facts] = {}
    for index in range(articles):
        digest = hashlib.sha256(f"{seed}:{index}".encode()).hexdigest()[:16]
        article, found = write_article(world, rng, f"{index:05d}_{digest}", shape)
        written.append(article)
        facts[article.key] = found
    return Inputs(world.registry(), written, facts)


def synthetic_quads(articles: int, seed: int = 0, *, settings: Settings,
                    shape: Shape = MEASURED) -> tuple[list[Quad], str]:
    """Every quad a build of :func:`synthetic_inputs` writes, and its build id: the
    project's own :func:`~aigraph.dataset.dataset_quads` over the generated inputs.

    :raises RegistryError: if the project's registry cannot be read.
    :raises InputError: if the ontology cannot be read.
    """
    return dataset_quads(synthetic_inputs(articles, seed, settings=settings, shape=shape),
                         settings)


def write_inputs(inputs: Inputs, data_dir: Path) -> None:
    """Write inputs as the files a build reads: ``articles/``, ``facts/``, ``registry/``.

    :raises OSError: if the files cannot be written.
    """
    data_dir = Path(data_dir)
    for folder in ("articles", "facts", "registry"):
        (data_dir / folder).mkdir(parents=True, exist_ok=True)
    registry: dict[str, dict[str, dict[str, Any]]] = {}
    for entry in inputs.registry:
        body: dict[str, Any] = {"ko": entry.ko, "en": entry.en}
        if entry.aliases:
            body["aliases"] = list(entry.aliases)
        if entry.aliases_en:
            body["aliases_en"] = list(entry.aliases_en)
        if entry.note:
            body["note"] = entry.note
        for name in ("same_as", "close_match"):
            if getattr(entry, name):
                body[name] = [link_text(iri) for iri in getattr(entry, name)]
        registry.setdefault(entry.kind, {})[entry.key] = body
    _dump(registry, data_dir / "registry" / "synthetic.yaml")
    for article in inputs.articles:
        front = yaml.safe_dump(article.meta, allow_unicode=True, sort_keys=False)
        (data_dir / "articles" / f"{article.key}.md").write_text(
            f"---\n{front}---\n{article.body}", encoding="utf-8")
        found = inputs.facts[article.key]
        statements = [{"kind": st.kind, **st.values, "evidence": st.evidence}
                      for st in found.statements]
        _dump({"article": article.key, "reviewed": found.reviewed, "statements": statements},
              data_dir / "facts" / f"{article.key}.yaml")


def _dump(data: object, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")
