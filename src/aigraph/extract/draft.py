"""What the extractor drafts: facts in the reviewed-facts format, and their JSON form.

A :class:`DraftFact` holds the values a facts file would (registry references such as
``org/gist``), its evidence (a span of the body, verbatim by construction), offsets, the
sentence and a confidence. :meth:`Draft.as_json` gives the form tools read, described by
``draft.schema.json`` beside this module: every entity typed and labelled, parties as a
list, dates with their precision, surface text and basis, amounts with their flags.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from aigraph.registry import Entry
from aigraph.vocab import Minter

EXTRACTOR = "aigraph-extract 0.2"
SCHEMA_PATH = Path(__file__).parent / "draft.schema.json"
TYPES = {"org": "Organization", "person": "Person", "facility": "Facility", "place": "Place",
         "event": "Event", "agreement": "Agreement", "target": "Target", "role": "Role",
         "event-role": "EventRole", "event-type": "EventType",
         "agreement-type": "AgreementType", "metric": "Metric",
         "funding-source": "FundingSource"}
#: Facts-file fields that hold a date, with the fields of its surface text and basis.
_DATES = {"date": ("date_text", "date_basis"), "opened": ("date_text", "date_basis"),
          "founded": ("date_text", "date_basis")}
_AMOUNT = ("value", "unit", "surface", "approximate", "bound")


@dataclass
class DraftFact:
    """One machine-drafted statement: facts-format values, evidence, offsets, confidence."""

    kind: str
    values: dict[str, Any]
    evidence: str
    start: int
    end: int
    confidence: float
    sentence: int = 0

    def as_statement(self) -> dict[str, Any]:
        """The statement as a facts file holds it."""
        return {"kind": self.kind, **self.values, "evidence": self.evidence,
                "confidence": round(self.confidence, 2)}


@dataclass
class Draft:
    """What the extractor drafted for one article: facts, the entities they name (registry
    entries and proposed new ones), and warnings."""

    article: str
    facts: list[DraftFact]
    proposed: list[Entry]
    warnings: list[str]
    entities: dict[str, Entry] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)

    def label(self, ref: str) -> str:
        """The Korean label of an entity the draft refers to."""
        entry = self.entities.get(ref)
        return entry.ko if entry is not None else ref

    def entity_json(self, ref: str) -> dict[str, Any]:
        """An entity as the JSON names it: id, IRI, type and labels, and whether the
        registry knows it."""
        entry = self.entities[ref]
        return {"id": ref, "iri": Minter().entity(entry.kind, entry.key).value,
                "type": TYPES[entry.kind], "label": entry.ko, "label_en": entry.en,
                "known": entry not in self.proposed}

    def fact_json(self, fact: DraftFact) -> dict[str, Any]:
        """One fact in the JSON form (see ``draft.schema.json``)."""
        out: dict[str, Any] = {"kind": fact.kind}
        v = fact.values
        for name, value in v.items():
            if name in _AMOUNT or any(name in pair for pair in _DATES.values()):
                continue
            if name in _DATES:
                text, basis = _DATES[name]
                out[name] = {"value": value, "precision": _precision(value),
                             "text": v.get(text), "basis": v.get(basis)}
            elif isinstance(value, list):
                out[name] = [self.entity_json(r) for r in value]
            elif isinstance(value, str) and value in self.entities:
                out[name] = self.entity_json(value)
            else:
                out[name] = value
        if fact.kind == "membership":
            out.setdefault("org", None)
            out.setdefault("former", False)
        if fact.kind == "figure":
            out["amount"] = {"value": v["value"], "unit": v["unit"], "surface": v["surface"],
                             "approximate": bool(v.get("approximate")),
                             "bound": v.get("bound")}
        out |= {"evidence": fact.evidence, "start": fact.start, "end": fact.end,
                "sentence": fact.sentence, "confidence": round(fact.confidence, 2)}
        return out

    def as_json(self) -> dict[str, Any]:
        """The whole draft in the JSON form tools read (``draft.schema.json``)."""
        return {"article": self.article,
                "date": self.meta.get("date"), "date_basis": self.meta.get("date_basis"),
                "publisher": self.meta.get("publisher"),
                "warnings": self.warnings,
                "entities": [self.entity_json(r) for r in sorted(self.entities)],
                "facts": [self.fact_json(f) for f in self.facts]}


def _precision(value: str) -> str:
    return {4: "year", 7: "month"}.get(len(value), "day")


@lru_cache(maxsize=1)
def draft_schema() -> dict[str, Any]:
    """The JSON Schema of ``aigraph extract --json`` (read once)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
