"""The extractor: an article in, draft facts out, in the reviewed-facts format.

Each draft fact carries its evidence (a span of the body, so it is verbatim by
construction), character offsets and a confidence. Mentions are found by rules over Kiwi's
words and general lexicons, then linked to the registry; unknown ones become proposed
entries.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from aigraph.articles import Article, Sentence
from aigraph.extract import agreements, orgs, people, things
from aigraph.extract.draft import Draft, DraftFact
from aigraph.extract.lexicon import Lexicon, load_lexicon
from aigraph.extract.memory import Memory
from aigraph.extract.numbers import find_amounts
from aigraph.extract.orgs import Mention
from aigraph.extract.resolve import normalise
from aigraph.extract.when import Dated, find_dates
from aigraph.extract.words import Word, load_kiwi, split_words
from aigraph.registry import Entry, Registry

METRIC_BY_UNIT = {"KRW": "metric/project-cost", "명": "metric/headcount", "㎡": "metric/site-area",
                  "위": "metric/world-rank", "회": "metric/frequency-per-year"}
#: Ceremonies that are part of the event the article is about (개막식 of a conference).
_PARTS = ("개막식", "개회식", "폐막식", "폐회식", "시상식")


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
        if not re.search(r"[가-힣]", article.body):
            return Draft(article.key, [], [], ["the article has no Korean text; nothing drafted"],
                         meta=article.meta)
        run = _Run(self, article)
        for sentence in article.sentences:
            if sentence.repeat_of is None:
                run.sentence(sentence)
        run.finish()
        proposed = list(run.m.resolver.proposed.values())
        entities = {e.ref: e for e in proposed}
        for fact in run.facts:
            for value in fact.values.values():
                for ref in value if isinstance(value, list) else [value]:
                    entry = self.registry.get(ref) if isinstance(ref, str) else None
                    if entry is not None:
                        entities[ref] = entry
        used = {r for f in run.facts for v in f.values.values()
                for r in (v if isinstance(v, list) else [v]) if isinstance(r, str)}
        proposed = [e for e in proposed if e.ref in used]
        entities = {r: e for r, e in entities.items() if r in used}
        return Draft(article.key, run.facts, proposed, run.warnings, entities, article.meta)


class _Run:
    """The state of extracting one article."""

    def __init__(self, extractor: Extractor, article: Article) -> None:
        self.x = extractor
        self.article = article
        self.lexicon = extractor.lexicon
        self.m = Memory(extractor.registry, extractor.lexicon)
        self.facts: list[DraftFact] = []
        self.warnings: list[str] = []
        self.seen: set[tuple[Any, ...]] = set()
        self.n = 0
        self.word_cache: dict[int, list[Word]] = {}
        self.agreement_about: str | None = None
        if "date" not in article.meta:
            self.warnings.append("the article has no date; relative dates are not resolved")

    # -- small helpers -----------------------------------------------------------------

    def add(self, kind: str, values: dict[str, Any], start: int, end: int,
            confidence: float) -> None:
        key = (kind, tuple(sorted((k, str(v)) for k, v in values.items())))
        if key in self.seen:
            return
        self.seen.add(key)
        self.facts.append(DraftFact(kind, values, self.article.body[start:end], start, end,
                                    confidence, self.n))

    def words(self, sentence: Sentence) -> list[Word]:
        if sentence.n not in self.word_cache:
            self.word_cache[sentence.n] = split_words(sentence.text, sentence.start,
                                                      self.x.kiwi)
        return self.word_cache[sentence.n]

    def org_entity(self, mention: Mention) -> Entry:
        entry = self.m.ref(mention.text, "org")
        self.m.named(entry)
        self.add("entity", {"entity": entry.ref}, mention.start, mention.end,
                 0.8 if mention.linked else 0.5)
        return entry

    # -- one sentence ------------------------------------------------------------------

    def sentence(self, sentence: Sentence) -> None:
        self.n = sentence.n
        words = self.words(sentence)
        text = sentence.text
        lex = self.lexicon
        mentions = people.appositions(words, lex) + people.title_first(words, lex)
        mentions += people.patterns(text, sentence.start, lex)
        mentions += people.bylines(text, sentence.start, lex, self.publisher_label())
        named = {k for k, w in enumerate(words)
                 for m in mentions if m.start <= w.start < m.end and
                 (w.core in m.name.split() or lex.split_title(w.core) is not None)}
        for mention in mentions:
            self.person(mention)
        for name, start, end in people.fused_reference(words, lex):
            known = self.m.resolver.link(name, ("person",))
            if known is not None:
                self.add("entity", {"entity": known.ref}, start, end, 0.6)
        reporting = any(v in text for v in lex.report_verbs)
        signing = things.is_agreement_sentence(text, lex)
        found = orgs.find(words, lex, self.m.resolver, named, reporting, signing,
                          set(self.m.recent_orgs))
        entries: dict[Mention, Entry] = {}
        for org in found:
            before = self.article.body[org.start - 1:org.start]
            previous = next((m for m in found if m.end == org.start - 1), None)
            if before == "(" and previous is not None and previous in entries:
                self.m.resolver.alias(org.text, entries[previous])
                entries[org] = entries[previous]
                continue
            entries[org] = self.org_entity(org)
        taken = named | {k for k, w in enumerate(words) for m in found
                         if m.start <= w.start < m.end}
        places = things.facilities(words, lex, self.m.resolver, taken)
        for facility in places:
            entry = self.m.ref(facility.text, "facility")
            self.add("facility", {"facility": entry.ref}, facility.start, facility.end,
                     0.7 if facility.linked else 0.4)
        dates = [d for d in find_dates(text, self.article.meta.get("date"), self.date_basis(),
                                       self.m.last_date)
                 if not text[d.end:d.end + 8].lstrip().startswith(lex.report_verbs)]
        self.events(words, sentence, found + places, entries, dates)
        if signing:
            self.agreement(sentence, words, found, named, dates)
        for items in agreements.programme_items(words, lex):
            self.signed(sentence, self.m.parties(items), dates)
        actors = list(dict.fromkeys(entries[m] for m in found if m in entries))
        if len(actors) >= 2:  # the organisations a later 이들 기관, 세 회사 speaks of
            self.m.last_actors = actors
        self.m.subject = self.m.person_subject(words) or self.m.subject
        for org in found:
            word = next((w for w in words if w.start <= org.start < w.end), None)
            if word is not None and word.has_tail("은", "는", "이", "가"):
                self.m.subject = entries[org]
                break
        self.figures(sentence)
        if dates:
            self.m.last_date = dates[-1].value

    def date_basis(self) -> str | None:
        """How the article's own date is known, as its front matter says (None when it does
        not say: then no date resolved against it passes for more than inferred)."""
        return self.article.meta.get("date_basis")

    def publisher_label(self) -> str | None:
        publisher = self.article.meta.get("publisher", "")
        entry = self.x.registry.get(publisher)
        return entry.ko if entry is not None else (publisher or None)

    def person(self, m: people.PersonMention) -> None:
        if self.m.resolver.link(m.name, ("org", "facility", "place")) is not None:
            return
        *given, last = m.name.split()
        if given and self.m.resolver.link(last, ("place",)) is not None:
            m = replace(m, name=" ".join(given))  # 다닐로 맨딕 영국 …대 교수: 영국 is a place
        person = self.m.ref(m.name, "person")
        if m.title is None:
            self.add("entity", {"entity": person.ref}, m.start, m.end, m.confidence)
            return
        org: Entry | None = None
        if m.org:
            org = self.m.org_for(m.org, m.title)
        elif m.title == "기자":
            publisher = self.article.meta.get("publisher", "")
            org = self.x.registry.get(publisher) or (
                self.m.org_for(publisher, None) if publisher else None)
        role = self.m.role_for(m.title)
        earlier = self.m.titles.setdefault(person.ref, set())
        if org is None and any(t.endswith(m.title) for t in earlier):
            return  # 배지환 원장, 최은정 의원: a title the article gave before in full
        earlier.add(m.title)
        values: dict[str, Any] = {"person": person.ref}
        if org is not None and m.title != "기자":
            self.m.employer.setdefault(m.name, org)
        if org is not None:
            values["org"] = org.ref
            if m.title != "기자":
                self.m.org_counts[org.ref] += 1
        values["role"] = role.ref
        if m.former:
            values["former"] = True
        self.add("membership", values, m.start, m.end, m.confidence)
        surname = self.lexicon.surname_of(m.name)
        if surname:
            self.m.known[(surname, m.title)] = m.name

    def events(self, words: list[Word], sentence: Sentence, venues: list[Mention],
               entries: dict[Mention, Entry], dates: list[Dated]) -> None:
        found = things.events(words, sentence.text, sentence.start, self.lexicon,
                              self.m.resolver)
        subject = things.event_subject(words) if not found else None
        if subject is not None:
            found.append(subject)
        where = things.venue(words, venues)
        hosts = things.organisers(words, [m for m in venues if m.kind == "org"])
        if hosts and not found and self.m.last_event is not None:
            # 포럼은 A, B가 주최하고 C가 주관했다: the organisers of the event named before
            found.append(Mention("event", self.m.last_event.ko, words[0].start, words[-1].end,
                                 False))
        for event in found:
            last = self.m.last_event
            entry = None
            if last is not None and event.text in self.lexicon.event_nouns:
                if event.text in _PARTS:  # 개막식 of the conference the article is about
                    event = Mention("event", f"{last.ko} {event.text}", event.start,
                                    event.end, False)
                elif normalise(last.ko).endswith(event.text):
                    entry = last  # 선포식: the ceremony named before
            entry = entry or self.m.ref(event.text, "event")
            values: dict[str, Any] = {"event": entry.ref}
            dated = min(dates, key=lambda d: abs(d.start + sentence.start - event.start),
                        default=None)
            if dated is None and event.text.endswith(_PARTS) and self.m.last_event is not None:
                dated = self.m.last_event_date  # 개막식 of a conference dated before
            if dated is not None:
                values |= {"date": dated.value, "date_text": dated.text,
                           "date_basis": dated.basis}
            if where is not None:
                venue = entries.get(where) or self.m.ref(where.text, where.kind)
                values["venue"] = venue.ref
            for role, listed in hosts.items():
                values[role] = list(dict.fromkeys(
                    (entries.get(m) or self.m.ref(m.text, "org")).ref for m in listed))
            if self.m.last_event is not None and event.text.startswith(self.m.last_event.ko) and \
                    entry.ref != self.m.last_event.ref:
                values["part_of"] = self.m.last_event.ref
            self.add("event", values, event.start, event.end, 0.6 if dated else 0.4)
            if not event.text.endswith(_PARTS):
                if entry != self.m.last_event or dated is not None:
                    self.m.last_event_date = dated
                self.m.last_event = entry

    def agreement(self, sentence: Sentence, words: list[Word], found: list[Mention],
                  named: set[int], dates: list[Dated]) -> None:
        parties = self.m.parties(agreements.parties(words, found, self.lexicon, named))
        for entry in parties:
            self.m.org_counts[entry.ref] += 1
        if len({p.ref for p in parties}) < 2 and \
                not agreements.generic_subject(words, found, self.lexicon) and \
                not agreements.unresolved_partner(words, found, self.lexicon):
            implied = self.m.implied_party(words, {p.ref for p in parties})
            if implied is not None:
                parties.insert(0, implied)
        self.signed(sentence, parties, dates, agreements.restates(words, self.lexicon))

    def signed(self, sentence: Sentence, parties: list[Entry], dates: list[Dated],
               restating: bool = False) -> None:
        """An agreement between these parties, stated by the sentence (``restating``: a
        sentence about a signing ceremony, whose signatories may be those of an agreement
        stated before)."""
        refs = list(dict.fromkeys(p.ref for p in parties))
        stated = [f for f in self.facts if f.kind == "agreement"]
        if len(refs) < 2 or restating and any(set(refs) <= set(f.values["parties"])
                                              for f in stated):
            return
        self.m.signer = parties[0]
        labels = list(dict.fromkeys(p.ko for p in parties))
        agreement = self.m.ref(f"{'·'.join(labels)} 협약", "agreement")
        mou = re.search(r"MOU|MoU|양해각서|업무협약|업무제휴", sentence.text)
        values: dict[str, Any] = {"agreement": agreement.ref, "parties": refs,
                                  "type": f"agreement-type/{'mou' if mou else 'agreement'}"}
        if dates:
            values |= {"date": dates[0].value, "date_text": dates[0].text,
                       "date_basis": dates[0].basis}
        self.add("agreement", values, sentence.start, sentence.end, 0.6)
        self.agreement_about = agreement.ref

    def figures(self, sentence: Sentence) -> None:
        found_years = things.years(sentence.text)
        about = self.agreement_about
        self.agreement_about = None
        for amount in find_amounts(sentence.text):
            start = sentence.start + amount.start
            kind = "budget" if amount.unit == "KRW" else (
                "goal" if re.search(r"목표|까지|계획", sentence.text) else "statistic")
            target = self.m.ref(f"{amount.surface} ({self.article.key})", "target")
            values: dict[str, Any] = {
                "target": target.ref, "type": kind,
                "metric": METRIC_BY_UNIT.get(amount.unit, "metric/count"),
                "value": amount.value, "unit": amount.unit, "surface": amount.surface}
            if found_years and kind == "goal":  # 2029년: a year the sentence writes out
                values |= {"year": str(max(found_years)), "date_basis": "stated"}
            if about is not None and amount.unit == "KRW":
                values["about"] = about
            if amount.approximate:
                values["approximate"] = True
            if amount.bound is not None:
                values["bound"] = amount.bound
            self.add("figure", values, start, start + len(amount.surface), 0.7)

    def finish(self) -> None:
        # 이용섭 시장 before 이용섭 광주시장: the title without its organisation goes.
        full = {(f.values["person"], self.m.entry(f.values["role"]).ko)  # type: ignore[union-attr]
                for f in self.facts if f.kind == "membership" and "org" in f.values}
        self.facts = [f for f in self.facts if not (
            f.kind == "membership" and "org" not in f.values and any(
                person == f.values["person"] and title.endswith(
                    self.m.entry(f.values["role"]).ko)  # type: ignore[union-attr]
                for person, title in full))]
        for sentence in self.article.sentences:
            if sentence.repeat_of is not None:
                continue
            self.n = sentence.n
            words = self.words(sentence)
            for name, start, end in people.back_reference(words, self.m.known, self.lexicon):
                person = self.m.ref(name, "person")
                self.add("entity", {"entity": person.ref}, start, end, 0.6)
