"""Scoring drafts against gold facts: precision, recall and F1 per kind.

Gold comes from the reviewed facts of the corpus or from a gold file written beside a test
article (``NAME.gold.yaml``). Both sides are reduced to comparable items per article, made
of labels put into one canonical form (:class:`Canon`): the Korean label of the registry
entry a text names, by label or alias (``광주시`` and ``광주광역시`` are one organisation), or
else the text itself, normalised. The items are counted over all articles (micro average).

``unseen_registry`` makes the honest setting: the registry without the entities that only
the left-out article uses, so that the extractor must find them by its rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aigraph.articles import Article
from aigraph.errors import InputError
from aigraph.extract.resolve import Resolver, normalise
from aigraph.facts import Facts
from aigraph.registry import CONCEPT_KINDS, Registry
from aigraph.yamlfile import load_yaml

KINDS = ("persons", "person-title-organisation", "organisations", "events with date",
         "agreements with parties", "facilities", "amounts")
GOLD_FIELDS = ("covers", "persons", "memberships", "organisations", "events", "agreements",
               "amounts", "facilities")
Items = dict[str, set[Any]]


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


class Canon:
    """Labels in one comparable form: the registry entry's Korean label when the text names
    one (by label or alias), else the text; both normalised (no spaces, quotes or ㈜)."""

    def __init__(self, registry: Registry) -> None:
        self.resolver = Resolver(registry)

    def __call__(self, label: str | None, *kinds: str) -> str:
        if not label:
            return ""
        text = label.strip().strip("'\"‘’“”「」『』")
        entry = self.resolver.link(text, kinds) if kinds else None
        return normalise(entry.ko if entry is not None else text)


def empty() -> Items:
    return {k: set() for k in KINDS}


def statement_items(statements: Iterable[tuple[str, dict[str, Any]]],
                    label: Any, canon: Canon) -> Items:
    """Items of facts-format statements whose references ``label`` turns into text."""
    out = empty()

    def name(ref: str | None, *kinds: str) -> str:
        return canon(label(ref), *kinds) if ref else ""

    for kind, v in statements:
        refs = [x for val in v.values() for x in (val if isinstance(val, list) else [val])
                if isinstance(x, str) and "/" in x]
        out["persons"].update(name(r, "person") for r in refs if r.startswith("person/"))
        out["organisations"].update(name(r, "org") for r in refs if r.startswith("org/"))
        out["facilities"].update(name(r, "facility") for r in refs
                                 if r.startswith("facility/"))
        if kind == "membership":
            out["person-title-organisation"].add(
                (name(v["person"], "person"), name(v["role"], "role"),
                 name(v.get("org"), "org")))
        if kind == "participation" and "org" in v:
            out["person-title-organisation"].add(
                (name(v["agent"], "person"), name(v["title"], "role"), name(v["org"], "org")))
        if kind == "agreement":
            out["agreements with parties"].add(
                frozenset(name(p, "org", "person") for p in v["parties"]))
        if kind == "event" and v.get("date"):
            out["events with date"].add((name(v["event"], "event"), v["date"]))
        if kind == "figure":
            out["amounts"].add((v["value"], v["unit"]))
    return out


def gold_items(facts: Facts, article: Article, registry: Registry, canon: Canon) -> Items:
    """The items the reviewed facts of one article hold (its author counts as a person)."""

    def label(ref: str) -> str:
        entry = registry.get(ref)
        return entry.ko if entry is not None else ref

    out = statement_items(((s.kind, s.values) for s in facts.statements), label, canon)
    author = article.meta.get("author", "")
    if author.startswith("person/"):
        out["persons"].add(canon(label(author), "person"))
    return out


def draft_items(draft: Any, canon: Canon) -> Items:
    """The items a draft holds (its references named by the draft's own labels)."""
    return statement_items(((f.kind, f.values) for f in draft.facts), draft.label, canon)


def gold_file_items(path: Path, canon: Canon) -> Items:
    """The items of a gold file written beside a test article.

    :raises InputError: if the file is not a gold file (unknown or missing lists).
    """
    data = load_yaml(path, InputError)
    if not isinstance(data, dict) or set(data) != set(GOLD_FIELDS):
        raise InputError(f"a gold file holds exactly the lists {', '.join(GOLD_FIELDS)}", path)
    out = empty()
    out["persons"] = {canon(p, "person") for p in data["persons"]}
    out["person-title-organisation"] = {
        (canon(p, "person"), canon(t, "role"), canon(o, "org"))
        for p, t, o in data["memberships"]}
    out["organisations"] = {canon(o, "org") for o in data["organisations"]}
    out["events with date"] = {(canon(e, "event"), str(d)) for e, d in data["events"]}
    out["agreements with parties"] = {
        frozenset(canon(p, "org", "person") for p in parties) for parties in data["agreements"]}
    out["amounts"] = {(int(a[0]), str(a[1])) for a in data["amounts"]}
    out["facilities"] = {canon(f, "facility") for f in data["facilities"]}
    return out


def score(pairs: Iterable[tuple[Items, Items]]) -> list[Score]:
    """Micro-averaged scores over (gold, predicted) item sets of every article."""
    totals = {k: [0, 0, 0] for k in KINDS}
    for gold, predicted in pairs:
        for kind in KINDS:
            totals[kind][0] += len(gold[kind] & predicted[kind])
            totals[kind][1] += len(predicted[kind])
            totals[kind][2] += len(gold[kind])
    return [Score(k, *totals[k]) for k in KINDS]


def unseen_registry(registry: Registry, facts: dict[str, Facts],
                    articles: dict[str, Article], key: str) -> Registry:
    """The registry without the entities that only article ``key`` uses (in its facts or
    its front matter); concepts (roles, metrics …) are general vocabulary and stay."""

    def used(k: str) -> set[str]:
        refs = {r for s in facts[k].statements for r in s.refs()} if k in facts else set()
        meta = articles[k].meta if k in articles else {}
        return refs | {meta.get("publisher", ""), meta.get("author", "")}

    elsewhere = set().union(*(used(k) for k in articles if k != key))
    meta = articles[key].meta if key in articles else {}
    # The front matter names its publisher and author by reference: they stay, as the
    # article file needs them; the extractor must still find everything in the text.
    own = used(key) - elsewhere - {meta.get("publisher", ""), meta.get("author", "")}
    return Registry([e for e in registry if e.kind in CONCEPT_KINDS or e.ref not in own])
