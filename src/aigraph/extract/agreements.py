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
_NOUNS = ("NNG", "NNP", "SL", "SH")
#: Words of a sentence that restates an agreement's signing (협약서에 서명했다, 협약식에는
#: … 참석했다) rather than stating a new agreement.
_RESTATING = ("협약식", "협약서", "체결식", "교환식", "서명식", "서명", "참석")


def agreement_word(words: list[Word], lexicon: Lexicon) -> int | None:
    """The index of the first word naming an agreement, or ``None``."""
    return next((j for j, w in enumerate(words)
                 if any(a in w.text for a in lexicon.agreement_words)), None)


def segment(words: list[Word], at: int) -> tuple[int, int]:
    """The words of the sentence that holds word ``at``, when a full stop with no space
    after it glued two sentences into one (``…예정이다.광주AI인재원은 …``)."""
    stops = [k for k, w in enumerate(words) if w.text.rstrip("”’\"')").endswith((".", "?", "!"))]
    lo = max((k + 1 for k in stops if k < at), default=0)
    hi = min((k + 1 for k in stops if k >= at), default=len(words))
    return lo, hi


def parties(words: list[Word], orgs: list[Mention], lexicon: Lexicon,
            persons: set[int]) -> list[Mention]:
    """The parties a signing sentence names, in order of appearance.

    Besides organisations (kind ``org``), a party may be a reference the caller resolves:
    ``back-reference`` (대학은: the organisation so named before), ``person-reference``
    (김 시장은: the organisation of the person named before with that surname and title),
    ``subject-reference`` (이 회사는: the subject of the article so far) and
    ``actors-reference`` (두 기관은: the organisations the sentence before put together).
    """
    end = agreement_word(words, lexicon)
    if end is None:
        return []
    lo, hi = segment(words, end)

    def orgs_in(k: int) -> list[Mention]:
        w = words[k]
        return [m for m in orgs if w.start <= m.start < w.end or m.start <= w.start < m.end]

    def item(k: int, listing: bool = False) -> list[Mention]:
        found = [m for m in orgs_in(k) if not _indefinite(words, k)]
        if found or k in persons:
            return found
        w = words[k]
        if listing and w.has_tail(*SUBJECT) and _plain_noun(w, lexicon):
            return [Mention("org", w.core, w.start, w.start + len(w.core), False)]
        if w.core in lexicon.org_suffixes:  # 대학은, 시는: an organisation named before
            prev = words[k - 1] if k > 0 else None
            if prev is not None and prev.bare and prev.tags[:1] in (("MM",), ("NNG",)):
                return []  # 한 지역 대학과: some university, not the one named before
            return [Mention("back-reference", w.core, w.start, w.start + len(w.core), False)]
        if "·" in w.core:
            parts = [p for p in w.core.split("·") if len(p) >= 2 and not (
                lexicon.is_common(p) or lexicon.generic_head(p) or p in lexicon.org_suffixes)]
            out = []
            for part in parts:
                start = w.text.find(part) + w.start
                out.append(Mention("org", part, start, start + len(part), False))
            return out if len(parts) >= 2 else []
        listed = listing and w.ends_clause and _unnamed_list(w, lexicon)
        named = candidate(w, lexicon) or listed
        if (w.proper or listed or namelike(w, lexicon) and (listing or not w.compound)) and \
                named and not _indefinite(words, k):
            return [Mention("org", w.core, w.start, w.start + len(w.core), False)]
        return []

    out: list[Mention] = []
    # The subject nearest before the agreement word (A는 B가 C와 맺은 협약 → B), else the
    # first after it (협약식에서 A와 B는 …).
    subjects = [k for k in range(lo, hi) if k != end and words[k].has_tail(*SUBJECT)]
    nearest = max((k for k in subjects if k < end), default=min(subjects, default=None))
    chosen = {nearest}
    if nearest is not None and (_generic(words[nearest]) or words[nearest].core in _GENERIC):
        chosen.add(subjects[0])  # A는 B, C와 함께 … 세 기관이 모여: A too
    last_partner = None
    for k in range(lo, hi):
        w = words[k]
        partner = w.has_tail(*PARTNER)
        subject = k in chosen
        if not (partner or subject) or k == end:
            continue
        last_partner = k if partner else last_partner
        # …, 메디포닉과: a list's last; the subject of a signing sentence is a party
        head = item(k, subject or k > 0 and words[k - 1].ends_clause)
        i = k - 1
        if not head:
            head, i = _reference(words, k, lexicon)
        if not head and _generic(w):
            # 세움데이터, 라온클라우드, 다온테크 등 … 기업과; … 등과; A·B·C 3개 기관은
            at = k if w.core == "등" else next(
                (i for i in range(k - 1, max(lo - 1, k - 7), -1) if words[i].core == "등"), k)
            i = at - 1
            while i >= lo and (_COUNT.match(words[i].core) or words[i].core in _COUNTED):
                i -= 1
            head = item(i, True) if i >= lo else []
            if not head and i >= lo and _plain_noun(words[i], lexicon):
                head = [Mention("org", words[i].core, words[i].start,
                                words[i].start + len(words[i].core), False)]
            i -= 1
            if not head and subject and k > 0 and words[k - 1].core in _COUNTED:
                head = [Mention("actors-reference", w.core, words[k - 1].start, w.end, False)]
        if not head:
            continue
        out.extend(_listed_before(words, i, item, lexicon))
        out.extend(head)
    if out:
        # 메카로직스, 그리고 … 협력사 대성정밀㈜과 함께: a list item far from its partner
        last = max(last_partner or lo, max((k for k in range(lo, hi)
                                            if words[k].has_tail(*SUBJECT)), default=lo))
        out += [m for k in range(lo, hi) if words[k].ends_clause and (
            k < last or k + 1 < hi and words[k + 1].core in _JOINERS) for m in item(k, True)]
    seen: set[str] = set()
    unique = []
    for m in out:
        if m.text not in seen:
            seen.add(m.text)
            unique.append(m)
    return unique


def _plain_noun(word: Word, lexicon: Lexicon) -> bool:
    """A noun that is no common word, title, count or back-reference (``아라는``: a company
    whose name Kiwi knows as a word)."""
    known_word = len(word.tags) == 1 and word.tags[0] == "NNG" and not word.unknown
    return len(word.core) >= 2 and bool(word.tags) and not known_word and all(
        t.startswith(("NN", "SL")) for t in word.tags) and not lexicon.is_common(word.core) \
        and not lexicon.generic_head(word.core) and word.core not in lexicon.org_suffixes and \
        lexicon.split_title(word.core) is None and not _COUNT.match(word.core) and \
        word.core not in _GENERIC


def _unnamed_list(word: Word, lexicon: Lexicon) -> bool:
    """A list item shaped like a person's name but standing in a list of parties with no
    title after it (``이음결, 새봄데이터, 하람웍스와``): a company."""
    known_word = len(word.tags) == 1 and word.tags[0] == "NNG" and not word.unknown
    return len(word.core) >= 2 and bool(word.tags) and word.tags[-1] in _NOUNS and \
        not known_word and not lexicon.is_common(word.core) and \
        not lexicon.generic_head(word.core) and lexicon.split_title(word.core) is None and \
        not word.core[0].isdigit() and "·" not in word.core


def restates(words: list[Word], lexicon: Lexicon) -> bool:
    """Whether a signing sentence describes the ceremony or the signatures of an agreement,
    or speaks of one stated before (``이번 협약은``), so that its parties may be some of an
    agreement the article stated already."""
    at = agreement_word(words, lexicon)
    again = at is not None and at > 0 and words[at - 1].core in _DEMONSTRATIVE + ("이번",)
    return again or any(r in w.text for w in words for r in _RESTATING)


def unresolved_partner(words: list[Word], found: list[Mention], lexicon: Lexicon) -> bool:
    """Whether the sentence names a partner that is no party (``한 지역 대학과도``): then the
    other party is not left unsaid, and none is implied."""
    end = agreement_word(words, lexicon)
    if end is None:
        return False
    lo, hi = segment(words, end)
    return any(words[k].has_tail(*PARTNER) and _indefinite(words, k) for k in range(lo, hi))


def _indefinite(words: list[Word], k: int) -> bool:
    """``한 영농조합법인``: some organisation of that kind, not a named one."""
    return k > 0 and words[k - 1].core in ("한", "어느", "다른", "여러", "각", "일부")


_COUNTED = ("두", "세", "네", "다섯", "양", "2개", "3개", "4개", "5개", "이들", "모든")
_DEMONSTRATIVE = ("이", "해당", "동", "같은", "그")


def _reference(words: list[Word], k: int, lexicon: Lexicon) -> tuple[list[Mention], int]:
    """A party named by reference (김 시장은, 이 회사는, 이들 세 회사와, 이들 4개사와) and
    where the list before it would end."""
    w, prev = words[k], words[k - 1] if k > 0 else None
    if prev is None or not prev.bare:
        return [], k - 1
    before = [x.core for x in words[max(0, k - 2):k]]
    if (w.core in _GENERIC or _COUNT.match(w.core)) and "이들" in before or \
            w.core in _GENERIC and prev.core in _COUNTED[:5]:
        return [Mention("actors-reference", w.core, prev.start, w.end, False)], k - 1 - len(
            before)
    split = lexicon.split_title(w.core)
    if split is not None and not split[0] and prev.core in lexicon.surnames:
        return [Mention("person-reference", f"{prev.core} {split[1]}", prev.start, w.end,
                        False)], k - 2
    if w.core in _GENERIC and prev.core in _DEMONSTRATIVE:
        return [Mention("subject-reference", w.core, prev.start, w.end, False)], k - 2
    return [], k - 1


_ITEM = re.compile(r"^(.{2,}?)-(.{2,})$")


def programme_items(words: list[Word], lexicon: Lexicon) -> list[list[Mention]]:
    """``△광주광역시-온새미랩 투자협약``: agreements a programme lists by their two parties."""
    found = []
    for k, w in enumerate(words):
        m = _ITEM.match(w.core)
        if m is None or not any(a in x.text for x in words[k + 1:k + 4]
                                for a in lexicon.agreement_words):
            continue
        parties = []
        for part in (m[1], m[2]):
            start = w.start + w.text.find(part)
            parties.append(Mention("org", part, start, start + len(part), False))
        found.append(parties)
    return found


def _listed_before(words: list[Word], i: int, item: Callable[[int, bool], list[Mention]],
                   lexicon: Lexicon) -> list[Mention]:
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
            listed = item(i, True) or (  # 가온, 세움, 아라 등: a company Kiwi knows as a word
                [Mention("org", w.core, w.start, w.start + len(w.core), False)]
                if _plain_noun(w, lexicon) else [])
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
