"""Facilities and events in a sentence, with an event's venue and organisers.

A facility is a name ending like one (``…데이터센터``, ``…지식산업센터``) or a proper noun a
sentence holds an event in (``벡스코에서 열린``). An event is a quoted name followed by an
event word or verb (``'AI 페스타 2024'가 개막했다``), a name ending in an event word
(``국가AI데이터센터 착공식``, ``투자협약식``), the subject of ``개막``, or a vote (``…안을
의결``); a quoted talk title (``'…'를 주제로 특강``) is not an event.
"""

from __future__ import annotations

import re

from aigraph.extract.lexicon import Lexicon
from aigraph.extract.orgs import Mention, linked_span
from aigraph.extract.resolve import Resolver
from aigraph.extract.words import Word

_QUOTED = re.compile(r"['‘“\"「『]([^'’”\"」』]{2,60})['’”\"」』]")
_EVENT_VERB = re.compile(r"개최|열(?:었|린|렸|려|리|고|며|립)|열다|개막|막을 올|가졌|연다|여는")
#: An event verb in the adnominal form right before a quoted name (개막한 'AI 서밋 2025').
_OPENED = re.compile(r"(?:개막한|개막하는|열린|열리는|개최된|개최되는|개최한|개최하는)\s*$")
_ORDINAL = re.compile(r"^(?:제?\d+(?:차|회|기)|\d{4}(?:년|년도)?|[A-Z]{2,})$")
_TOPIC = re.compile(r"^\s*(?:을|를|이라는|라는)?\s*(?:주제로|슬로건으로|주제 아래)")
_VENUE_VERB = re.compile(r"개최|열(?:었|린|렸|려|리|고|며)|열다|개막|진행|가졌|연다|여는|참석")
_VOTE = re.compile(r"의결|통과|가결")
#: Facility words that stand for a kind more often than for a name (하우징 공장).
_GENERIC_PLACES = ("공장", "단지", "센터")
#: Endings of district names, not part of a facility's name (서구 빛고을에너지허브).
_DISTRICT = ("시", "군", "구", "도", "동", "읍", "면", "리")
#: Event words that name one ceremony even without a name before them (협약식, 설명회).
_CEREMONIES = ("식", "설명회", "토론회", "간담회", "공청회", "발표회", "보고회")
#: Words that stand before an event name but are not part of it.
_NOT_IN_NAME = ("이날", "이번", "올해", "지난해", "지난", "오는", "당일", "같은", "첫",
                "또", "이어", "한편", "특히", "최근", "현재", "앞서", "이후", "당시", "제",
                "다음", "내년", "매년", "해마다", "연간", "매달", "매월", "새", "각", "모든",
                "여러")


def facilities(words: list[Word], lexicon: Lexicon, resolver: Resolver,
               skip: set[int]) -> list[Mention]:
    """Facilities: the registry's, names ending like a facility, and event venues."""
    found: list[Mention] = []
    venue_sentence = any(_VENUE_VERB.search(w.text) for w in words)
    for j, word in enumerate(words):
        if j in skip or not word.core:
            continue
        linked = linked_span(words, j, resolver, ("facility", "org", "place", "person"))
        if linked is not None:
            i, text, kind = linked
            if kind == "facility":
                found.append(Mention("facility", text, words[i].start, word.end, True))
            continue
        core = word.core
        named = lexicon.facility_like(core) and not core[0].isdigit() and \
            not lexicon.is_common(core)
        bare = core in lexicon.facility_suffixes
        venue = venue_sentence and word.tail == "에서" and word.proper and \
            not lexicon.org_like(core) and not lexicon.is_common(core) and len(core) >= 3
        if not (named or bare or venue):
            continue
        start = j
        while start > 0 and j - start < (3 if bare else 2):
            prev = words[start - 1]
            nouns = bool(prev.tags) and all(t in ("NNG", "NNP", "SL", "SH") for t in
                                            prev.tags) and core not in _GENERIC_PLACES
            if not prev.bare or not (prev.proper or prev.core.isascii() or bare and nouns) or \
                    not prev.core or prev.core[0].isdigit() or lexicon.is_common(prev.core) or \
                    resolver.link(prev.core, ("place",)) is not None or \
                    (len(prev.core) <= 4 and prev.core.endswith(_DISTRICT)):
                break
            if lexicon.facility_like(prev.core):  # 빛고을지식산업센터 대회의실: the building
                start, j, core = start - 1, start - 1, prev.core
                bare = False
                break
            start -= 1
            bare = False
        if bare:
            continue
        text = " ".join([w.text.strip("“”‘’\"'()[]") for w in words[start:j]] + [core])
        found.append(Mention("facility", text, words[start].start, words[j].end, False))
    return found


def events(words: list[Word], text: str, offset: int, lexicon: Lexicon,
           resolver: Resolver) -> list[Mention]:
    """Event names in a sentence (see the module's description)."""
    found: list[Mention] = []
    for m in _QUOTED.finditer(text):
        name = m[1].strip()
        after = text[m.end():m.end() + 60]
        topic = _TOPIC.match(after)
        if topic is not None:
            rest = after[topic.end():].split()
            noun = rest[0] if rest else ""
            event = lexicon.event_noun_at_end(re.sub(r"[을를이가은는에도의]+$", "", noun))
            if event and not any(noun.startswith(t) for t in lexicon.lecture_nouns):
                found.append(Mention("event", f"{name} {event}", offset + m.start(1),
                                     offset + m.end(1), False))
            continue
        if any(after.lstrip("을를이가은는의에서도 ").startswith(t) for t in lexicon.lecture_nouns):
            continue
        clause = re.split(r"[,.]|(?:며|고) ", after)[0]
        before = text[max(0, m.start() - 8):m.start()]
        if lexicon.event_noun_at_end(name) or (_EVENT_VERB.search(clause[:40]) and
                                               re.match(r"\s*(?:가|이|를|을|는|은|에)", after)) \
                or _OPENED.search(before):
            found.append(Mention("event", name, offset + m.start(1), offset + m.end(1), False))
    quoted = [(m.start, m.end) for m in found]
    for j, word in enumerate(words):
        if any(s <= word.start < e for s, e in quoted) or not word.core:
            continue
        linked = linked_span(words, j, resolver, ("event",))
        if linked is not None and linked[1] not in lexicon.event_nouns:
            i, name, _ = linked
            found.append(Mention("event", name, words[i].start, word.end, True))
            continue
        noun = lexicon.event_noun_at_end(word.core)
        follows = j + 1 < len(words) and words[j + 1].text[:1] in "'‘“\"「『"
        if noun is not None and not word.core[0].isdigit() and not follows:
            mention = _named_event(words, j, noun, lexicon)
            if mention is not None:
                found.append(mention)
        elif word.core.endswith("안") and j + 1 < len(words) and \
                word.has_tail("을", "를", "이", "가") and _VOTE.match(words[j + 1].text):
            mention = _named_event(words, j, "", lexicon)
            if mention is not None:
                found.append(Mention("event", f"{mention.text} 의결", mention.start,
                                     mention.end, False))
    return found


def _named_event(words: list[Word], j: int, noun: str, lexicon: Lexicon) -> Mention | None:
    """The noun phrase that ends in an event word at ``j``: bare words before it, not time
    words or numbers; ``None`` for a bare event word with nothing before it."""
    start = j
    while start > 0 and j - start < 6:
        prev = words[start - 1]
        core = prev.core
        if not prev.bare or not core or core in _NOT_IN_NAME or \
                (core[0].isdigit() and not _ORDINAL.match(core)) or \
                any(t.startswith(("V", "E", "MM", "MA", "XSV", "XSA")) for t in prev.tags) or \
                re.search(r"\d+일$|\d+월$", core) or lexicon.split_title(core) is not None:
            break
        start -= 1
    name = " ".join([w.core for w in words[start:j]] + [words[j].core])
    end = words[j].end
    if words[j].bare and j + 1 < len(words) and re.fullmatch(r"(?:19|20)\d\d", words[j + 1].core):
        name, end = f"{name} {words[j + 1].core}", words[j + 1].start + 4
    if noun and name == noun and not noun.endswith(_CEREMONIES):
        return None  # a bare 포럼 or 회의 names nothing; a bare 협약식 names the ceremony
    return Mention("event", name, words[start].start, end, False)


def event_subject(words: list[Word]) -> Mention | None:
    """``AI 엑스포가 15일 개막했다``: the subject of an opening, unquoted."""
    for j, word in enumerate(words):
        if word.has_tail("가", "이") and any("개막" in w.text for w in words[j + 1:]):
            start = j
            while start > 0 and words[start - 1].bare and j - start < 3 and \
                    words[start - 1].core not in _NOT_IN_NAME:
                start -= 1
            name = " ".join(w.core for w in words[start:j + 1])
            return Mention("event", name, words[start].start, word.end, False)
    return None


def venue(words: list[Word], mentions: list[Mention]) -> Mention | None:
    """The facility or organisation a sentence holds its event in (``…에서``)."""
    for word in words:
        if word.tail.endswith("에서"):
            for m in mentions:
                if m.start <= word.start < m.end or m.end == word.start + len(word.core):
                    return m
    return None


_HOSTS = re.compile(r"(주최|주관)")


def organisers(words: list[Word], mentions: list[Mention]) -> dict[str, list[Mention]]:
    """Hosts (주최) and organisers (주관): the organisations listed before each word."""
    out: dict[str, list[Mention]] = {}
    last = 0
    for j, word in enumerate(words):
        match = _HOSTS.search(word.text)
        if match is None:
            continue
        role = "hosted_by" if match[1] == "주최" else "organized_by"
        lo, hi = words[last].start, word.start
        listed = [m for m in mentions if lo <= m.start < hi]
        if listed:
            out.setdefault(role, []).extend(listed)
        last = j + 1 if j + 1 < len(words) else j
    return out


def is_agreement_sentence(text: str, lexicon: Lexicon) -> bool:
    """Whether the sentence states a signing: an agreement word and a signing verb."""
    return any(w in text for w in lexicon.agreement_words) and \
        any(v in text for v in lexicon.signing_verbs)


def years(text: str) -> list[int]:
    """Four-digit years written with 년 (``2029년``)."""
    return [int(y) for y in re.findall(r"(20\d\d|19\d\d)년", text)]
