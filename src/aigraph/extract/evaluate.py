"""Scoring drafts against the reviewed facts: precision, recall and F1 per kind.

Both sides are reduced to comparable items per article (Korean labels, so that a proposed
entry and a registry entry with the same name match), then counted over the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aigraph.articles import Article
from aigraph.extract.pipeline import Draft
from aigraph.facts import Facts
from aigraph.registry import Registry

KINDS = ("persons", "person-title-organisation", "organisations", "events with date",
         "agreements with parties", "facilities", "amounts")


@dataclass(frozen=True)
class Score:
    """Counts and rates for one kind."""

    kind: str
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "true_positives": self.true_positives, "predicted": self.predicted,
                "gold": self.gold}


def _label(ref: str, registry: Registry, extra: dict[str, str]) -> str:
    entry = registry.get(ref)
    return entry.ko if entry else extra.get(ref, ref)


def gold_items(facts: Facts, article: Article, registry: Registry) -> dict[str, set[Any]]:
    """The comparable items the reviewed facts of one article hold, per kind."""
    return items(((s.kind, s.values) for s in facts.statements), article, registry, {})


def draft_items(draft: Draft, article: Article, registry: Registry) -> dict[str, set[Any]]:
    """The comparable items a draft holds, per kind."""
    extra = {e.ref: e.ko for e in draft.proposed}
    return items(((f.kind, f.values) for f in draft.facts), article, registry, extra)


def items(statements: Iterable[tuple[str, dict[str, Any]]], article: Article,
          registry: Registry, extra: dict[str, str]) -> dict[str, set[Any]]:
    out: dict[str, set[Any]] = {k: set() for k in KINDS}

    def label(ref: str) -> str:
        return _label(ref, registry, extra)

    author = article.meta.get("author", "")
    if author.startswith("person/"):
        out["persons"].add(label(author))
    for kind, v in statements:
        refs = [x for val in v.values() for x in (val if isinstance(val, list) else [val])
                if isinstance(x, str) and "/" in x]
        out["persons"].update(label(r) for r in refs if r.startswith("person/"))
        out["organisations"].update(label(r) for r in refs if r.startswith("org/"))
        out["facilities"].update(label(r) for r in refs if r.startswith("facility/"))
        if kind == "membership":
            out["person-title-organisation"].add(
                (label(v["person"]), label(v["role"]), label(v["org"])))
        if kind == "participation" and "org" in v:
            out["person-title-organisation"].add(
                (label(v["agent"]), label(v["title"]), label(v["org"])))
        if kind == "agreement":
            out["agreements with parties"].add(frozenset(label(p) for p in v["parties"]))
        if kind == "event" and "date" in v:
            out["events with date"].add((label(v["event"]), v["date"]))
        if kind == "figure":
            out["amounts"].add((v["value"], v["unit"]))
    return out


def score(pairs: Iterable[tuple[dict[str, set[Any]], dict[str, set[Any]]]]) -> list[Score]:
    """Micro-averaged scores over (gold, predicted) item sets of every article."""
    totals = {k: [0, 0, 0] for k in KINDS}
    for gold, predicted in pairs:
        for kind in KINDS:
            totals[kind][0] += len(gold[kind] & predicted[kind])
            totals[kind][1] += len(predicted[kind])
            totals[kind][2] += len(gold[kind])
    return [Score(k, *totals[k]) for k in KINDS]
