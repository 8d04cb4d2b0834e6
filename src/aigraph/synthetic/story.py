"""One synthetic article being written: its sentences, the statements they carry, and the
entities, dates and names it draws on."""

from __future__ import annotations

import random
from collections.abc import Collection
from typing import Any

from aigraph.synthetic.words import (
    FIELDS,
    FILLER,
    GOAL_METRICS,
    MAIN_EVENTS,
    REGIONS,
    ROLES_BY_ORG,
    STAT_METRICS,
    josa,
)
from aigraph.synthetic.world import World

START_YEAR, END_YEAR = 2019, 2025

Fact = tuple[str, dict[str, Any], str]


class Story:
    """One article: its paragraphs, and the statements each sentence carries.

    The article's region, field and date are drawn from ``rng`` when it is made.
    """

    def __init__(self, world: World, rng: random.Random, key: str) -> None:
        self.w, self.rng, self.key = world, rng, key
        self.region, self.field = rng.choice(REGIONS[:-1])[0], rng.choice(FIELDS)[0]
        self.year = rng.randint(START_YEAR, END_YEAR)
        self.month, self.day = rng.randint(1, 12), rng.randint(1, 28)
        self.paragraphs: list[list[str]] = [[]]
        self.facts: list[Fact] = []
        self.seen: set[str] = set()
        self.order: list[str] = []
        self.events: list[str] = []

    def say(self, sentence: str, *facts: Fact) -> None:
        """Add a sentence, and the statements whose evidence it holds."""
        if self.paragraphs[-1] and self.rng.random() < 0.45:
            self.paragraphs.append([])
        self.paragraphs[-1].append(sentence)
        for kind, values, evidence in facts:
            self.facts.append((kind, values, evidence))
            for value in values.values():
                for ref in value if isinstance(value, list) else [value]:
                    if isinstance(ref, str) and ref not in self.seen and ref in self.w.entities:
                        self.seen.add(ref)
                        self.order.append(ref)
                        self.w.mention(ref)

    def pick(self, kind: str, avoid: Collection[str] = (), local: float = 0.5) -> str:
        """An entity for a slot: with probability ``local`` one this article already names,
        else one from the whole world (:meth:`~aigraph.synthetic.world.World.pick`)."""
        if self.rng.random() < local:
            here = [r for r in self.order if r.startswith(f"{kind}/") and r not in avoid]
            if here:
                return self.rng.choice(here)
        return self.w.pick(kind, avoid, getattr(self, f"new_{kind}", None) or
                           getattr(self.w, f"new_{kind}"))

    def new_event(self) -> str:
        w = self.w
        etype = w.concept("event-type", *MAIN_EVENTS)
        region, topic = self.rng.choice(REGIONS), self.rng.choice(FIELDS)
        name = w.label(etype)
        return w.add("event", (f"{region[0]} {topic[0]} {name[0]} {self.year}",
                               f"{region[1]} {topic[1]} {name[1]} {self.year}"),
                     field=topic[0], type=etype)

    def new_agreement(self) -> str:
        w = self.w
        topic, first = self.rng.choice(FIELDS), self.pick("org")
        name = w.label(first)
        return w.add("agreement", (f"{name[0]} {topic[0]} 업무협약", f"{name[1]} {topic[1]} MOU"),
                     field=topic[0], first=first)

    def new_target(self) -> str:
        w = self.w
        kind = self.rng.choices(("statistic", "goal", "budget"), weights=(21, 10, 7))[0]
        metrics = {"budget": ("project-cost",), "goal": GOAL_METRICS, "statistic": STAT_METRICS}
        metric = w.concept("metric", *metrics[kind])
        about = self.pick(self.rng.choice(("event", "org", "facility")), local=0.8)
        name, measure = w.label(about), w.label(metric)
        return w.add("target", (f"{name[0]} {measure[0]}", f"{measure[1]} of {name[1]}"),
                     type=kind, metric=metric, about=about)

    def count(self, mean: float) -> int:
        whole = int(mean)
        return whole + (1 if self.rng.random() < mean - whole else 0)

    def date(self, precise: bool = True) -> dict[str, str]:
        """A date near the article's, as the text words it, with its basis."""
        day = min(28, max(1, self.day + self.rng.randint(-10, 10)))
        roll = self.rng.random()
        if precise and roll < 0.45:
            return {"date": f"{self.year}-{self.month:02d}-{day:02d}",
                    "date_text": f"{self.year}년 {self.month}월 {day}일", "date_basis": "stated"}
        if precise and roll < 0.7:
            return {"date": f"{self.year}-{self.month:02d}-{day:02d}",
                    "date_text": f"지난 {day}일", "date_basis": "resolved"}
        if roll < 0.85:
            return {"date": f"{self.year}-{self.month:02d}", "date_text": f"{self.month}월",
                    "date_basis": "inferred"}
        return {"date": str(self.year), "date_text": f"{day}일", "date_basis": "inferred"}

    def person(self, local: float) -> tuple[str, str, str]:
        """A person with the organisation and title they hold (kept across articles)."""
        w = self.w
        person = self.pick("person", local=local)
        org = w.fixed(person, "org", lambda: self.pick("org"))
        sort = w.entities[org].kind or "public"
        role = w.fixed(person, "role", lambda: w.concept("role", *ROLES_BY_ORG[sort]))
        return person, org, role

    def titled(self, person: str, org: str, role: str, former: bool = False) -> str:
        return f"{self.w.ko(person)} {'전 ' if former else ''}{self.w.ko(org)} {self.w.ko(role)}"

    def orgs(self, k: int, avoid: list[str] | tuple[str, ...] = ()) -> list[str]:
        found: list[str] = []
        for _ in range(k):
            org = self.pick("org", [*avoid, *found])
            if org not in found and org not in avoid:
                found.append(org)
        return found

    def names(self, refs: list[str]) -> str:
        return ", ".join(self.w.ko(ref) for ref in refs)

    def plain(self) -> str:
        return self.rng.choice(FILLER).format(r=self.region, f=self.field,
                                              rn=josa(self.region, "은는"),
                                              rg=josa(self.region, "이가"))

