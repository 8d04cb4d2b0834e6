"""The entities of a synthetic corpus, and how they recur across articles.

Entities recur by Simon's model: a mention names a new entity with the probability
:class:`~aigraph.synthetic.shape.Shape` gives for its kind, else the entity of an earlier
mention picked at random, so that often-named entities are named ever more often.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from aigraph.registry import CONCEPT_KINDS, Entry, Registry
from aigraph.synthetic.shape import Shape
from aigraph.synthetic.words import (
    BODIES,
    BRANDS,
    COMPANY,
    FACILITIES,
    FIELDS,
    GIVEN,
    PLACES,
    REGIONS,
    SCHOOLS,
    SURNAMES,
)

#: the kinds of the project's own entities that synthetic articles name too
SEEDED_KINDS = ("org", "person", "place", "facility")
#: the keys of the registry's news outlets
PUBLISHERS = ("etnews", "jnilbo", "aitimes", "newspim", "hankyung")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@dataclass
class Entity:
    """An entity's registry entry, and what it keeps from article to article."""

    entry: Entry
    kind: str  # the sort of organisation, for titles: public, company, school, media
    attrs: dict[str, Any] = field(default_factory=dict)


class World:
    """Every entity so far, and the mentions that Simon's model draws earlier entities from."""

    def __init__(self, rng: random.Random, base: Registry, shape: Shape) -> None:
        self.rng, self.shape = rng, shape
        self.vocabulary = [e for e in base if e.kind in CONCEPT_KINDS]
        self.concepts = {e.ref: e for e in self.vocabulary}
        self.entities: dict[str, Entity] = {}
        self.mentions: dict[str, list[str]] = {k: [] for k in shape.new}
        self.keys: set[str] = {e.ref for e in base}
        self.labels: set[str] = set()
        self.media: list[str] = []
        for entry in base:
            if entry.kind in SEEDED_KINDS:
                sort = "media" if entry.key in PUBLISHERS else _org_sort(entry.ko)
                self.entities[entry.ref] = Entity(entry, sort)
                self.mentions[entry.kind].append(entry.ref)
                self.labels.add(entry.ko)

    def concept(self, kind: str, *preferred: str) -> str:
        """A concept of the vocabulary: one of ``preferred`` that exists, else any."""
        found = [c for c in (f"{kind}/{k}" for k in preferred) if c in self.concepts] or \
            [c for c in self.concepts if c.startswith(f"{kind}/")]
        return self.rng.choice(found)

    def pick(self, kind: str, avoid: Collection[str], create: Callable[[], str]) -> str:
        """An entity for a new mention: new with the kind's probability, else a past one."""
        pool = self.mentions[kind]
        for _ in range(8):
            if not pool or self.rng.random() < self.shape.new[kind]:
                break
            ref = self.rng.choice(pool)
            if ref not in avoid:
                return ref
        return create()

    def mention(self, ref: str) -> None:
        kind = ref.split("/", 1)[0]
        if kind in self.mentions:
            self.mentions[kind].append(ref)

    def add(self, kind: str, name: tuple[str, str], sort: str = "", key: str = "",
            aliases: tuple[str, ...] = (), aliases_en: tuple[str, ...] = (),
            **attrs: Any) -> str:
        """Register a new entity under a fresh key (made unique with a number)."""
        ko, en = name
        base = _slug(key or en)[:80].strip("-")
        ref, n = f"{kind}/{base}", 1
        while ref in self.keys:
            n += 1
            ref = f"{kind}/{base}-{n}"
        self.keys.add(ref)
        self.labels.add(ko)
        entry = Entry(kind, ref.split("/", 1)[1], ko, en, aliases, aliases_en)
        self.entities[ref] = Entity(entry, sort, attrs)
        return ref

    def name(self, *lists: list[tuple[str, str]], ko: str = "{}{}{}",
             en: str = "{} {} {}") -> tuple[str, str]:
        """A name made of one item of each list, that no entity has yet if one turns up soon."""
        for _ in range(6):
            parts = [self.rng.choice(items) for items in lists]
            found = (ko.format(*(p[0] for p in parts)), en.format(*(p[1] for p in parts)))
            if found[0] not in self.labels:
                break
        return found

    def new_org(self) -> str:
        roll = self.rng.random()
        if roll < 0.45:
            name = self.name(BRANDS, BRANDS, COMPANY, ko="㈜{}{}{}", en="{}{} {} Inc.")
            en = name[1].split(" ", 1)
            name = (name[0], f"{en[0][:1]}{en[0][1:].lower()} {en[1]}")
            return self.add("org", name, "company", aliases=(name[0][1:],))
        if roll < 0.55:
            return self.add("org", self.name(REGIONS, SCHOOLS, ko="{}{}", en="{} {}"), "school")
        name = self.name(REGIONS, FIELDS, BODIES)
        abbrev = "".join(w[0] for w in name[1].split() if w[0].isupper())
        return self.add("org", name, "public",
                        aliases_en=(abbrev,) if self.rng.random() < 0.3 else ())

    def new_person(self) -> str:
        ko, en = self.name(SURNAMES, GIVEN, GIVEN, en="{} {}-{}")
        given = en.split(" ", 1)[1]
        return self.add("person", (ko, f"{en.split(' ')[0]} {given[:1].upper()}{given[1:]}"))

    def new_place(self) -> str:
        return self.add("place", self.name(REGIONS, PLACES, ko="{} {}", en="{} {}"))

    def new_facility(self) -> str:
        return self.add("facility", self.name(REGIONS, FIELDS, FACILITIES, ko="{} {} {}"))

    def label(self, ref: str) -> tuple[str, str]:
        """The Korean and English labels of an entity or concept."""
        entry = self.entities[ref].entry if ref in self.entities else self.concepts[ref]
        return entry.ko, entry.en

    def ko(self, ref: str) -> str:
        return self.label(ref)[0]

    def fixed(self, ref: str, name: str, make: Callable[[], Any]) -> Any:
        """An attribute the entity keeps in every article (its date, its parties …)."""
        attrs = self.entities[ref].attrs
        if name not in attrs:
            attrs[name] = make()
        return attrs[name]

    def registry(self) -> Registry:
        return Registry(self.vocabulary + [e.entry for e in self.entities.values()])


def _org_sort(ko: str) -> str:
    if ko.endswith(("대학교", "대", "대학", "과학기술원")):
        return "school"
    return "company" if ko.startswith("㈜") or ko.isascii() else "public"
