"""What an article has said so far, as the extractor reads it sentence by sentence: the
organisations it named (and how often), the people with their titles and employers, its
subject, the event and date it spoke of last. References are resolved against it: ``협회``
to the association named before, ``김 시장`` to the person and the city, ``두 기관은`` to the
organisations the sentence before put together.
"""

from __future__ import annotations

from collections import Counter

from aigraph.extract.lexicon import Lexicon
from aigraph.extract.orgs import Mention
from aigraph.extract.resolve import Resolver, normalise
from aigraph.extract.when import Dated
from aigraph.extract.words import Word
from aigraph.registry import Entry, Registry


class Memory:
    """The entities an article has named, and the resolver that links and proposes them.

    :param registry: the entities mentions are linked to.
    :param lexicon: the general vocabulary (titles and their prefixes).
    """

    def __init__(self, registry: Registry, lexicon: Lexicon) -> None:
        self.registry = registry
        self.lexicon = lexicon
        self.resolver = Resolver(registry)
        self.known: dict[tuple[str, str], str] = {}
        """(surname, title) → the full name the article gave (강 + 시장 → 강기정)."""
        self.titles: dict[str, set[str]] = {}
        self.employer: dict[str, Entry] = {}
        self.org_counts: Counter[str] = Counter()
        self.recent_orgs: list[str] = []
        self.subject: Entry | None = None
        self.last_actors: list[Entry] = []
        self.signer: Entry | None = None
        """The first party of the agreement the article stated last."""
        self.last_date: str | None = None
        self.last_event: Entry | None = None
        self.last_event_date: Dated | None = None

    def named(self, entry: Entry) -> None:
        """Count an organisation the article names."""
        self.org_counts[entry.ref] += 1
        self.recent_orgs.append(entry.ref)

    def ref(self, mention: str, kind: str) -> Entry:
        """The registry entry a mention names, or a proposed new one."""
        return self.resolver.entry(mention, kind)

    def entry(self, ref: str) -> Entry | None:
        """A registry entry or a proposed one, by reference."""
        return self.registry.get(ref) or next(
            (e for e in self.resolver.proposed.values() if e.ref == ref), None)

    def role_for(self, title: str) -> Entry:
        """The role a title names: itself, or a known ending of four syllables or more
        after a descriptive word (설립추진단장 → 추진단장); never a shorter title with a
        rank or field of its own (부의장 is not 의장, 행정부시장 is not 시장, AI정책관 is not
        정책관)."""
        found = self.resolver.link(title, ("role",))
        if found is not None:
            return found
        if not title.startswith(self.lexicon.title_prefixes):
            for i in range(2, len(title) - 3):  # what remains has four syllables or more
                if title[i - 1] == "부" or title[:i] in self.lexicon.titles:
                    continue
                found = self.resolver.link(title[i:], ("role",))
                if found is not None:
                    return found
        return self.ref(title, "role")

    def org_for(self, text: str, title: str | None) -> Entry:
        """The organisation of a title: the name as written (without a leading place when
        the rest is a name the registry knows), or the article's last organisation ending in
        a bare word (협회, 포럼)."""
        text = text.strip().removeprefix("전 ").strip()
        candidates = [text]
        words = text.split()
        if len(words) > 1 and self.resolver.link(words[0], ("place",)) is not None:
            candidates.append(" ".join(words[1:]))  # 광주 김대중컨벤션센터
        if title is not None and title.endswith("장") and len(title) == 2:
            candidates.insert(0, text + title[0])
        for candidate in candidates:
            found = self.resolver.link(candidate, ("org",))
            if found is not None:
                return found
        if len(words) == 1 and (text in self.lexicon.org_suffixes or len(text) <= 2):
            found = self.recent(text)
            if found is not None:
                return found
        return self.ref(text, "org")

    def recent(self, ending: str) -> Entry | None:
        """The organisation named last whose name ends in this word (``협회`` → the
        association the article named before)."""
        ending = normalise(ending)
        for ref in reversed(self.recent_orgs):
            entry = self.entry(ref)
            if entry is not None and ending in normalise(entry.ko)[-len(ending) - 1:]:
                return entry  # 대학 → …대학교 too
        return None

    def parties(self, mentions: list[Mention]) -> list[Entry]:
        """The entries of an agreement's parties, references resolved (see
        :func:`aigraph.extract.agreements.parties`)."""
        out: list[Entry] = []
        for m in mentions:
            if m.kind == "back-reference":
                entry = self.recent(m.text)
            elif m.kind == "person-reference":
                surname, title = m.text.split(" ", 1)
                entry = self.employer.get(self.known.get((surname, title), ""))
            elif m.kind == "subject-reference":
                entry = self.subject
            elif m.kind == "actors-reference":
                if len(mentions) < 3:  # 세 기관이: those this sentence named, or else the last
                    out.extend(self.last_actors)
                continue
            else:
                entry = self.ref(m.text, "org")
            if entry is not None:
                out.append(entry)
        return out

    def implied_party(self, words: list[Word], parties: set[str]) -> Entry | None:
        """The party a signing sentence leaves unsaid: the organisation of the person who
        is its subject (이 시장은 → the city); when the sentence has no subject, the one who
        signed the agreement before, else the subject of the sentences before; else the
        organisation the article is mostly about."""
        employer = self.person_subject(words)
        if employer is not None and employer.ref not in parties:
            return employer
        if not any(w.has_tail("은", "는", "이", "가") for w in words):
            for actor in (self.signer, self.subject):  # 이어 B와도 협약을 맺었다
                if actor is not None and actor.ref not in parties:
                    return actor
        for ref, _ in self.org_counts.most_common():
            if ref not in parties:
                return self.entry(ref)
        return self.subject

    def person_subject(self, words: list[Word]) -> Entry | None:
        """The organisation of a person the sentence has as its subject by surname and
        title (``이 시장은`` → the city of the mayor named before)."""
        for i, word in enumerate(words[:-1]):
            if word.has_tail("은", "는", "이", "가"):
                break
            title = self.lexicon.title_at_end(words[i + 1].core)
            name = self.known.get((word.core, title or ""))
            if title and words[i + 1].tail and name in self.employer:
                return self.employer[name]
        return None
