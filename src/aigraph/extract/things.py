"""Organisations, facilities, events, agreements and figures in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aigraph.extract.lexicon import Lexicon
from aigraph.extract.resolve import Resolver
from aigraph.extract.words import Word

_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]{1,6}$")
_SIGNING = re.compile(r"체결|맺")
_QUOTED = re.compile(r"['‘]([^'’]{3,60})['’]")


@dataclass(frozen=True)
class Mention:
    """A span that names a thing of one kind (org, facility, event)."""

    kind: str
    text: str
    start: int
    end: int
    linked: bool


def names(words: list[Word], lexicon: Lexicon, resolver: Resolver, kind: str) -> list[Mention]:
    """Names of one kind: a word ending like that kind's names, extended leftwards over up
    to three words when the longer name is one the registry knows."""
    like = {"org": lexicon.org_like, "facility": lexicon.facility_like,
            "event": lambda t: lexicon.event_noun_at_end(t) is not None}[kind]
    kinds = (kind,)
    found: list[Mention] = []
    taken: set[int] = set()
    for j, word in enumerate(words):
        if j in taken or not word.core:
            continue
        bare = word.core in {"org": lexicon.org_suffixes, "facility": lexicon.facility_suffixes,
                             "event": lexicon.event_nouns}[kind]
        candidate = like(word.core) or bare or (kind == "org" and (
            bool(_ACRONYM.match(word.core)) or bool(re.search(r"[A-Z]{2,}", word.core))))
        if not candidate:
            continue
        best: Mention | None = None
        for i in range(max(0, j - 3), j + 1):
            # Earlier words as written (the 과 of 공정과 is part of the name), the last one
            # without its particle.
            text = " ".join([w.text.strip("“”‘’\"'()[],.") for w in words[i:j]] + [word.core])
            if resolver.link(text, kinds) is not None:
                best = Mention(kind, text, words[i].start, word.end, True)
                break
        if best is None:
            if kind == "event" or bare or re.search(r"[A-Z]{2,}", word.core) or \
                    not _plausible(word, kind, lexicon):
                continue
            best = Mention(kind, word.core, word.start, word.end, False)
        found.append(best)
        taken.update(range(j + 1))
    return found


def _plausible(word: Word, kind: str, lexicon: Lexicon) -> bool:
    """Whether an unlinked word is a name of this kind: no number or ``=`` in it, and a
    long ending (…진흥원), or a short one (…대, …시) on a word Kiwi reads as a proper noun."""
    core = word.core
    if not core or core[0].isdigit() or "=" in core:
        return False
    if kind == "org" and lexicon.facility_like(core):
        return False
    suffixes = lexicon.org_suffixes if kind == "org" else lexicon.facility_suffixes
    ending = next((s for s in suffixes if core.endswith(s) and len(core) > len(s)), "")
    if core.startswith("㈜") or core.endswith("㈜") or len(ending) >= 2:
        return True
    return "NNP" in word.tags and bool(ending)


def events(text: str, offset: int, lexicon: Lexicon) -> list[Mention]:
    """Event names: a quoted name followed by an event noun, or a word ending in one."""
    found = []
    for m in _QUOTED.finditer(text):
        after = text[m.end():m.end() + 12]
        if lexicon.event_noun_at_end(m[1]) or any(n in after for n in lexicon.event_nouns):
            found.append(Mention("event", m[1], offset + m.start(1), offset + m.end(1), False))
    return found


def partners(words: list[Word], lexicon: Lexicon) -> list[Word]:
    """Words joined by 와/과 just before an agreement word: its parties (``인코어드와 협약``)."""
    found = []
    for j, word in enumerate(words):
        if any(w in word.text for w in lexicon.agreement_words):
            for prior in words[max(0, j - 4):j]:
                if re.search(r"(와|과)(도|의)?$", prior.text) and prior.core and \
                        prior.core not in ("등", "및") and \
                        not prior.text.endswith(("공과", "결과", "효과")):
                    found.append(prior)
            break
    return found


def is_agreement_sentence(text: str, lexicon: Lexicon) -> bool:
    """Whether the sentence states a signing: an agreement word and a signing verb."""
    return any(w in text for w in lexicon.agreement_words) and bool(_SIGNING.search(text))


_DAY = re.compile(r"(?:(?P<ago>지난|오는)\s?)?(?:(?P<month>\d{1,2})월\s?)?(?P<day>\d{1,2})일")


def event_date(text: str, article_date: str | None) -> tuple[str, str] | None:
    """The date of an event in a sentence, at the precision the article's date allows:
    ``28일`` in an article of 2022 is "2022"; ``지난 15일`` on 2023-11-22 is 2023-11-15.

    :returns: the date and its surface text, or ``None``.
    """
    m = _DAY.search(text)
    if m is None or not article_date:
        return None
    parts = article_date.split("-")
    year = parts[0]
    month = m["month"] or (parts[1] if len(parts) > 1 else None)
    if month is None:
        return year, m[0]
    if m["month"] is None and m["ago"] == "지난" and len(parts) > 2 and \
            int(m["day"]) > int(parts[2]):
        month = str(int(month) - 1) if int(month) > 1 else "12"
    return f"{year}-{int(month):02d}-{int(m['day']):02d}", m[0]


def years(text: str) -> list[int]:
    """Four-digit years written with 년 (``2029년``)."""
    return [int(y) for y in re.findall(r"(20\d\d|19\d\d)년", text)]
