"""The parties of an agreement, from the sentence that states its signing.

Parties are the subject of the sentence (``A는``, ``A·B·C는``, ``A, B, C 3개 기관은``) and its
partners (``B와``, ``B, C와 함께``, ``B와도``), however far they stand from the agreement word,
each with the comma list it closes. A party may be an organisation found by its name or, with
no telling ending, a proper noun the sentence casts as a party.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from aigraph.extract.lexicon import Lexicon
from aigraph.extract.orgs import Mention, candidate
from aigraph.extract.people import namelike
from aigraph.extract.words import Word

PARTNER = ("와", "과", "와도", "과도", "와의", "과의", "하고", "랑", "이랑")
SUBJECT = ("은", "는", "이", "가")
_COUNT = re.compile(r"^\d+(?:개|곳|개사|개\s?기관)?$|^(?:등|및|또)$")
_GENERIC = ("기관", "기업", "업체", "대학", "단체", "기관들", "기업들", "회사", "곳", "개사")
_JOINERS = ("그리고", "및", "또", "또한", "등")


def agreement_word(words: list[Word], lexicon: Lexicon) -> int | None:
    """The index of the first word naming an agreement, or ``None``."""
    return next((j for j, w in enumerate(words)
                 if any(a in w.text for a in lexicon.agreement_words)), None)


def parties(words: list[Word], orgs: list[Mention], lexicon: Lexicon,
            persons: set[int]) -> list[Mention]:
    """The organisations a signing sentence names as parties, in order of appearance."""
    end = agreement_word(words, lexicon)
    if end is None:
        return []

    def orgs_in(k: int) -> list[Mention]:
        w = words[k]
        return [m for m in orgs if w.start <= m.start < w.end or m.start <= w.start < m.end]

    def item(k: int, listing: bool = False) -> list[Mention]:
        found = orgs_in(k)
        if found or k in persons:
            return found
        w = words[k]
        if w.core in lexicon.org_suffixes:  # 대학은, 시는: an organisation named before
            prev = words[k - 1] if k > 0 else None
            if prev is not None and prev.bare and prev.tags[:1] in (("MM",), ("NNG",)):
                return []  # 한 지역 대학과: some university, not the one named before
            return [Mention("back-reference", w.core, w.start, w.start + len(w.core), False)]
        if "·" in w.core:
            parts = [p for p in w.core.split("·") if len(p) >= 2]
            at = w.start + w.text.find(w.core)
            out = []
            for part in parts:
                start = w.text.find(part) + w.start
                out.append(Mention("org", part, start, start + len(part), False))
            return out if len(parts) >= 2 and at >= 0 else []
        if (w.proper or namelike(w, lexicon) and (listing or not w.compound)) and \
                candidate(w, lexicon):
            return [Mention("org", w.core, w.start, w.start + len(w.core), False)]
        return []

    out: list[Mention] = []
    subject_seen = False
    for k in range(end):
        w = words[k]
        partner = w.has_tail(*PARTNER)
        subject = not subject_seen and w.has_tail(*SUBJECT)
        if not (partner or subject):
            continue
        subject_seen = subject_seen or subject
        head = item(k, k > 0 and words[k - 1].ends_clause)  # …, 메디포닉과: a list's last
        i = k - 1
        if not head:
            if not _generic(w):
                continue
            # 세움데이터, 라온클라우드, 다온테크 등 데이터센터 구축·운영 기업과; … 등과
            at = k if w.core == "등" else next(
                (i for i in range(k - 1, max(-1, k - 7), -1) if words[i].core == "등"), 0)
            i = at - 1
            head = item(i) if i >= 0 else []
            if not head:
                continue
            i -= 1
        out.extend(_listed_before(words, i, item))
        out.extend(head)
    seen: set[str] = set()
    unique = []
    for m in out:
        if m.text not in seen:
            seen.add(m.text)
            unique.append(m)
    return unique


def _listed_before(words: list[Word], i: int,
                   item: Callable[[int, bool], list[Mention]]) -> list[Mention]:
    """The items of the list that ends just before word ``i + 1``: comma-ended names and
    names with a partner particle, over 그리고, 및, counts and short descriptors between
    them (``기업인 아라컴퓨팅, 제조사 빛살로보틱스, 그리고 업종 단체인 …``)."""
    chain: list[Mention] = []
    gap = 0
    while i >= 0 and gap <= 4:
        w = words[i]
        if w.core in _JOINERS or _COUNT.match(w.core):
            i -= 1
            continue
        if w.ends_clause or w.has_tail(*PARTNER):
            listed = item(i, True)
            if not listed:
                break
            chain = listed + chain
            gap = 0
        elif (w.bare or w.tail == "인") and not any(c.isdigit() for c in w.core):
            gap += 1  # a descriptor of the next item
        else:
            break
        i -= 1
    return chain


def generic_subject(words: list[Word], orgs: list[Mention], lexicon: Lexicon) -> bool:
    """Whether a signing sentence's subject is a generic noun (``선정 기업은``): then the
    other party is not the organisation the article is about."""
    end = agreement_word(words, lexicon) or len(words)
    for w in words[:end]:
        if w.has_tail(*SUBJECT):
            named = any(w.start <= m.start < w.end for m in orgs)
            return not named and (_generic(w) or lexicon.generic_head(w.core))
    return False


def _generic(word: Word) -> bool:
    """A generic noun closing a list (``3개 기관과``, ``기업들과``)."""
    return word.core.endswith(_GENERIC) or bool(_COUNT.match(word.core))
