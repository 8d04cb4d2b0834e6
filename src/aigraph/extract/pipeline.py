"""The extractor: an article in, draft facts out, in the reviewed-facts format.

Each draft fact carries its evidence (a span of the body, so it is verbatim by
construction), character offsets and a confidence. Mentions are linked to the registry;
unknown ones become proposed entries.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aigraph.articles import Article, Sentence
from aigraph.extract import people, things
from aigraph.extract.lexicon import Lexicon, load_lexicon
from aigraph.extract.numbers import find_amounts
from aigraph.extract.resolve import Resolver, normalise
from aigraph.extract.words import load_kiwi, split_words
from aigraph.registry import Entry, Registry

EXTRACTOR = "aigraph-extract 0.1"
METRIC_BY_UNIT = {"KRW": "metric/project-cost", "명": "metric/headcount", "㎡": "metric/site-area",
                  "위": "metric/world-rank", "회": "metric/frequency-per-year"}


@dataclass
class DraftFact:
    """One machine-drafted statement: facts-format values, evidence, offsets, confidence."""

    kind: str
    values: dict[str, Any]
    evidence: str
    start: int
    end: int
    confidence: float
    labels: dict[str, str] = field(default_factory=dict)

    def as_statement(self) -> dict[str, Any]:
        return {"kind": self.kind, **self.values, "evidence": self.evidence,
                "confidence": round(self.confidence, 2)}

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "labels": self.labels, "evidence": self.evidence,
                "start": self.start, "end": self.end, "confidence": round(self.confidence, 2)}


@dataclass
class Draft:
    """What the extractor drafted for one article."""

    article: str
    facts: list[DraftFact]
    proposed: list[Entry]
    warnings: list[str]


class Extractor:
    """Rules over Kiwi words and general lexicons; the registry only links mentions.

    :param registry: the entities mentions are linked to.
    :param kiwi: a Kiwi analyser (loaded once per process when not given).
    """

    def __init__(self, registry: Registry, kiwi: Any = None,
                 lexicon: Lexicon | None = None) -> None:
        self.registry = registry
        self.kiwi = kiwi if kiwi is not None else load_kiwi()
        self.lexicon = lexicon or load_lexicon()

    def extract(self, article: Article) -> Draft:
        """Draft facts for one article (an empty draft with a warning for no Korean text)."""
        run = _Run(self, article)
        if not re.search(r"[가-힣]", article.body):
            return Draft(article.key, [], [], ["the article has no Korean text; nothing drafted"])
        for sentence in article.sentences:
            if sentence.repeat_of is None:
                run.sentence(sentence)
        run.finish()
        return Draft(article.key, run.facts, list(run.resolver.proposed.values()), run.warnings)


def _units(title: str | None) -> list[str]:
    """The unit a title heads: 시장 → 시, 연구소장 → 연구소, 시당위원장 → 시당, 교육감 → 교육청."""
    if not title:
        return []
    if title == "교육감":
        return ["교육청"]
    for ending in ("위원장", "장"):
        if title.endswith(ending) and len(title) > len(ending):
            unit = title[: -len(ending)]
            return [unit[i:] for i in range(len(unit))]
    return []


class _Run:
    """The state of extracting one article."""

    def __init__(self, extractor: Extractor, article: Article) -> None:
        self.x = extractor
        self.article = article
        self.lexicon = extractor.lexicon
        self.resolver = Resolver(extractor.registry)
        self.facts: list[DraftFact] = []
        self.warnings: list[str] = []
        self.known: dict[tuple[str, str], str] = {}
        self.seen: set[tuple[Any, ...]] = set()
        self.org_counts: Counter[str] = Counter()
        self.recent_orgs: list[str] = []
        self.subject: Entry | None = None
        self.word_cache: dict[int, list] = {}  # type: ignore[type-arg]
        if "date" not in article.meta:
            self.warnings.append("the article has no date; relative dates are not resolved")

    def add(self, kind: str, values: dict[str, Any], start: int, end: int, confidence: float,
            labels: dict[str, str]) -> None:
        key = (kind, tuple(sorted((k, str(v)) for k, v in values.items())))
        if key in self.seen:
            return
        self.seen.add(key)
        self.facts.append(DraftFact(kind, values, self.article.body[start:end], start, end,
                                    confidence, labels))

    def ref(self, mention: str, kind: str) -> Entry:
        return self.resolver.entry(mention, kind)

    def role_for(self, title: str) -> Entry:
        """The role a title names: itself, or its shortest known ending
        (설립추진단장 → 추진단장)."""
        for i in range(len(title) - 1):
            found = self.resolver.link(title[i:], ("role",))
            if found is not None:
                return found
        return self.ref(title, "role")

    def org_for(self, text: str, title: str | None) -> Entry:
        """The organisation of a title: the name as written, completed by the unit the title
        heads (광주 + 시장 → 광주시, AI반도체 + 과장 → AI반도체과), trimmed of a leading or
        trailing word, or the article's last organisation ending in a bare word (포럼)."""
        candidates = [text + unit for unit in _units(title)] + [text]
        words = text.split()
        if len(words) > 1:
            candidates += [" ".join(words[:-1]), " ".join(words[1:])]
        for candidate in candidates:
            found = self.resolver.link(candidate, ("org",))
            if found is not None:
                return found
        if len(words) == 1 and (text in self.lexicon.org_suffixes or len(text) <= 2):
            for ref in reversed(self.recent_orgs):
                entry = self.x.registry.get(ref)
                if entry is not None and normalise(entry.ko).endswith(normalise(text)):
                    return entry
        return self.ref(text, "org")

    def words(self, sentence: Sentence) -> list:  # type: ignore[type-arg]
        if sentence.n not in self.word_cache:
            self.word_cache[sentence.n] = split_words(sentence.text, sentence.start,
                                                      self.x.kiwi)
        return self.word_cache[sentence.n]

    def sentence(self, sentence: Sentence) -> None:
        words = self.words(sentence)
        mentions = people.appositions(words, self.lexicon)
        mentions += people.patterns(sentence.text, sentence.start, self.lexicon)
        publisher = self.x.registry.get(self.article.meta.get("publisher", ""))
        mentions += people.bylines(sentence.text, sentence.start, self.lexicon,
                                   publisher.ko if publisher else None)
        for mention in mentions:
            self.person(mention)
        for text, start, end in people.fused_reference(words, self.lexicon):
            known = self.resolver.link(text, ("person",))
            if known is not None:
                self.add("entity", {"entity": known.ref}, start, end, 0.6, {"entity": known.ko})
        orgs = things.names(words, self.lexicon, self.resolver, "org")
        for org in orgs:
            entry = self.ref(org.text, "org")
            self.org_counts[entry.ref] += 1
            self.recent_orgs.append(entry.ref)
            self.add("entity", {"entity": entry.ref}, org.start, org.end,
                     0.8 if org.linked else 0.5, {"entity": entry.ko})
        for facility in things.names(words, self.lexicon, self.resolver, "facility"):
            entry = self.ref(facility.text, "facility")
            self.add("facility", {"facility": entry.ref}, facility.start, facility.end,
                     0.7 if facility.linked else 0.4, {"facility": entry.ko})
        found = things.events(sentence.text, sentence.start, self.lexicon)
        found += things.names(words, self.lexicon, self.resolver, "event")
        dated = things.event_date(sentence.text, self.article.meta.get("date"))
        for event in found:
            entry = self.ref(event.text, "event")
            values: dict[str, Any] = {"event": entry.ref}
            if dated is not None:
                basis = "resolved" if self.article.meta.get("date_basis", "stated") == \
                    "stated" else "inferred"
                values |= {"date": dated[0], "date_text": dated[1], "date_basis": basis}
            self.add("event", values, event.start, event.end, 0.5, {"event": entry.ko})
        if things.is_agreement_sentence(sentence.text, self.lexicon):
            self.agreement(sentence, orgs, words)
        for org in orgs:
            word = next((w for w in words if w.start <= org.end <= w.end), None)
            if word is not None and re.search(r"(은|는|이|가)$", word.text):
                self.subject = self.ref(org.text, "org")
                break
        self.figures(sentence)

    def person(self, m: people.PersonMention) -> None:
        if self.resolver.link(m.name, ("org", "facility", "place")) is not None:
            return
        person = self.ref(m.name, "person")
        labels = {"person": person.ko}
        if m.title == "기자" and m.org is None and self.article.meta.get("publisher", "") \
                in self.x.registry:
            org_ref = self.article.meta["publisher"]
        elif m.org:
            org_ref = self.org_for(m.org, m.title).ref
        else:
            self.add("entity", {"entity": person.ref}, m.start, m.end, m.confidence, labels)
            return
        role = self.role_for(m.title or "")
        org = self.x.registry.get(org_ref) or self.resolver.proposed.get(org_ref)
        labels |= {"org": org.ko if org else org_ref, "role": role.ko}
        values: dict[str, Any] = {"person": person.ref, "org": org_ref, "role": role.ref}
        if m.former:
            values["former"] = True
        self.add("membership", values, m.start, m.end, m.confidence, labels)
        surname = self.lexicon.surname_of(m.name)
        if surname and m.title:
            self.known[(surname, m.title)] = m.name

    def agreement(self, sentence: Sentence, orgs: list[things.Mention],
                  words: list) -> None:  # type: ignore[type-arg]
        cut = min((sentence.text.find(w) for w in self.lexicon.agreement_words
                   if w in sentence.text), default=len(sentence.text))
        parties = [self.ref(o.text, "org") for o in orgs if o.start < sentence.start + cut]
        for word in things.partners(words, self.lexicon):
            if not any(o.start <= word.start < o.end for o in orgs):
                parties.append(self.org_for(word.core, None))
        # An implicit party: the organisation the article is mostly about, else the last
        # sentence's subject (솔트룩스는 … 광주시와 협약을 체결).
        if len({p.ref for p in parties}) < 2 and self.org_counts:
            main = self.org_counts.most_common(1)[0][0]
            entry = self.x.registry.get(main) or self.resolver.proposed.get(main)
            if entry is not None and entry.ref not in {p.ref for p in parties}:
                parties.append(entry)
        if len({p.ref for p in parties}) < 2 and self.subject is not None:
            parties.append(self.subject)
        refs = list(dict.fromkeys(p.ref for p in parties))
        if len(refs) < 2:
            return
        labels = [p.ko for p in parties]
        agreement = self.ref(f"{'–'.join(dict.fromkeys(labels))} 협약", "agreement")
        self.add("agreement", {"agreement": agreement.ref, "parties": refs,
                               "type": "agreement-type/mou"},
                 sentence.start, sentence.end, 0.6,
                 {"agreement": agreement.ko, "parties": ", ".join(dict.fromkeys(labels))})

    def figures(self, sentence: Sentence) -> None:
        found_years = things.years(sentence.text)
        for amount in find_amounts(sentence.text):
            start = sentence.start + amount.start
            kind = "budget" if amount.unit == "KRW" else (
                "goal" if re.search(r"목표|까지|계획", sentence.text) else "statistic")
            target = self.ref(f"{amount.surface} ({self.article.key})", "target")
            values: dict[str, Any] = {
                "target": target.ref, "type": kind,
                "metric": METRIC_BY_UNIT.get(amount.unit, "metric/count"),
                "value": amount.value, "unit": amount.unit, "surface": amount.surface}
            if found_years and kind == "goal":
                values["year"] = str(max(found_years))
            if amount.approximate:
                values["approximate"] = True
            self.add("figure", values, start, start + len(amount.surface), 0.7,
                     {"target": target.ko, "value": str(amount.value), "unit": amount.unit})

    def finish(self) -> None:
        for sentence in self.article.sentences:
            if sentence.repeat_of is not None:
                continue
            words = self.words(sentence)
            for name, start, end in people.back_reference(words, self.known, self.lexicon):
                person = self.ref(name, "person")
                self.add("entity", {"entity": person.ref}, start, end, 0.6,
                         {"entity": person.ko})
