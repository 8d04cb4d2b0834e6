"""Organisations in a sentence: by the registry, by the ending of their name, and by their
role in the sentence when the name has no telling ending.

A name ending like an organisation (``…진흥원``, ``…협회``, ``㈜…``) is one; a proper noun
with no such ending is one when the sentence gives it an organisation's role: the subject
of ``…는 …했다고 밝혔다``, a member of a ``·``-joined or comma list beside organisations, the
word after a descriptor (``전문기업인 …``). Not organisations: facilities and designated
zones (``…데이터센터``, ``…특구``), counts (``10개사``), common words (bare ``정부``), places
the registry knows, person names, titles and event words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aigraph.extract.lexicon import Lexicon
from aigraph.extract.people import is_name, namelike
from aigraph.extract.resolve import Resolver
from aigraph.extract.words import Word

_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&]{1,9}$")
_LATIN = re.compile(r"[A-Za-z]")
#: Units inside a larger organisation, written after it (``GIST 인공지능연구소``).
_UNITS = ("연구소", "연구원", "대학원", "센터", "사업단", "산학협력단", "병원", "연구단", "지부",
          "지사", "본부", "위원회", "재단", "기술지주")
#: Endings of names that are written apart from the rest of the name and rarely stand for
#: a generic noun (``빌더스 벤처캐피탈``, but not ``말레이시아 병원``).
_NAME_TAILS = ("재단", "협회", "그룹", "전자", "캐피탈", "벤처캐피탈", "테크", "랩", "랩스",
               "파트너스", "벤처스", "홀딩스", "시스템즈", "솔루션즈", "네트웍스", "텔레콤",
               "코리아", "컴퍼니", "인베스트먼트", "테크놀로지", "테크놀로지스", "연합회",
               "협의회", "진흥회", "조합", "공사", "공단")
#: Words before a name that say it is an organisation (``AI 전문기업인 누리비전``).
_DESCRIPTORS = ("기업", "업체", "회사", "스타트업", "기관", "법인", "전문기업", "벤처", "제조사",
                "공기업", "대학", "단체")
#: Latin words that are general vocabulary, never an organisation by themselves.
_GENERAL_LATIN = {"AI", "ICT", "IT", "SW", "HW", "MOU", "MoU", "R&D", "GPU", "NPU", "CPU",
                  "IoT", "UAM", "TF", "ESG", "CEO", "CTO", "CFO", "PoC", "DX", "AX", "LLM",
                  "API", "VR", "AR", "XR", "5G", "6G", "KPI", "B2B", "B2C", "BM", "PD", "GW",
                  "MW", "kW", "TB", "PB", "PF", "IR", "SaaS", "HPC", "ML", "DB", "OS", "EV"}
_ADMIN_ENDINGS = ("구", "군", "도")
_PARTICLES = ("은", "는", "이", "가", "와", "과", "의", "를", "을", "도", "에", "와도", "과도")
_SUBJECT = ("은", "는", "이", "가", "도", "에서는", "측은")


@dataclass(frozen=True)
class Mention:
    """A span that names a thing of one kind (org, facility, event)."""

    kind: str
    text: str
    start: int
    end: int
    linked: bool


def _clean(word: Word) -> str:
    return word.text.strip("“”‘’\"'()[],.·△▲○●")


def linked_span(words: list[Word], j: int, resolver: Resolver,
                kinds: tuple[str, ...]) -> tuple[int, str, str] | None:
    """The longest span of up to four words ending at word ``j`` that the registry knows as
    one of these kinds: ``(first word, text, kind)``."""
    for i in range(max(0, j - 3), j + 1):
        if any(w.ends_clause for w in words[i:j]):
            continue
        text = " ".join([_clean(w) for w in words[i:j]] + [words[j].core])
        entry = resolver.link(text, kinds)
        if entry is not None:
            return i, text, entry.kind
    return None


def candidate(word: Word, lexicon: Lexicon) -> bool:
    """Whether a word could be an organisation's name at all."""
    core = word.core
    if not core or core[0].isdigit() or "=" in core or lexicon.is_common(core):
        return False
    if core in _GENERAL_LATIN or lexicon.facility_like(core) or lexicon.designation_like(core):
        return False
    if lexicon.split_title(core) is not None and not lexicon.org_like(core):
        return False
    if lexicon.event_noun_at_end(core) or core in lexicon.agreement_words:
        return False
    return not is_name(core, lexicon, word.tags, word.unknown)


def by_ending(word: Word, lexicon: Lexicon) -> bool:
    """A name with an organisation's ending: a long ending (…진흥원), ㈜, or a short one
    (…대, …시) on a word Kiwi reads as a proper noun; 구/군/도 only with a role."""
    core = word.core
    if core.startswith("㈜") or core.endswith("㈜"):
        return True
    if not lexicon.org_like(core):
        return False
    ending = lexicon.org_ending(core)
    if lexicon.is_common(core[: -len(ending)]) or (
            len(word.tags) == 1 and word.tags[0] == "NNG" and not word.unknown):
        return False  # 요양병원, 콜센터: a kind of organisation Kiwi knows as a common noun
    if len(ending) >= 2:
        return True
    if ending in _ADMIN_ENDINGS:
        return word.proper and word.has_tail(*_SUBJECT, "와", "과", "의")
    return word.proper


def find(words: list[Word], lexicon: Lexicon, resolver: Resolver, skip: set[int],
         reporting: bool, signing: bool = False,
         named_before: frozenset[str] | set[str] = frozenset()) -> list[Mention]:
    """Organisations named in a sentence.

    :param skip: indexes of words already read as something else (person names, titles).
    :param reporting: whether the sentence reports (``…고 밝혔다``): its first subject then
        is an organisation or a person.
    :param signing: whether the sentence states an agreement's signing: its subject and
        partners are parties.
    :param named_before: organisations the article named before; a bare word the registry
        keeps as an alias (사업단, 시의회) links only to one of them.
    """
    found: list[Mention] = []
    taken: set[int] = set(skip)
    for j, word in enumerate(words):
        if j in taken or not word.core:
            continue
        linked = linked_span(words, j, resolver, ("org", "facility", "place", "person"))
        if linked is not None and linked[0] == j and lexicon.is_common(word.core):
            linked = None  # bare 정부: not an organisation, whatever the registry calls it
        if linked is not None and linked[0] == j and word.core in lexicon.org_suffixes:
            entry = resolver.link(word.core, ("org",))
            if entry is None or entry.ref not in named_before:
                linked = None
        if linked is not None:
            i, text, kind = linked
            if kind == "org" and word.tail.endswith("에서") and \
                    resolver.link(text, ("facility",)) is not None:
                kind = "facility"  # the venue, not the body that runs it
            if kind == "org":
                found.append(Mention("org", text, words[i].start, word.end, True))
            taken.update(range(i, j + 1))
            continue
        if "·" in word.core:
            closed = j + 1 < len(words) and words[j + 1].core == "등" and (any(
                w.core.endswith(_DESCRIPTORS) for w in words[j + 1:]) or
                words[j + 1].has_tail(*_SUBJECT))
            found += _listed(word, lexicon, resolver, reporting or signing, closed)
            taken.add(j)
            continue
        if not candidate(word, lexicon):
            continue
        mention = _named(words, j, lexicon, taken)
        if mention is None and _has_role(words, j, lexicon, reporting):
            mention = Mention("org", word.core, word.start, word.end, False)
        if mention is not None:
            found.append(mention)
            taken.add(j)
    return found + _list_neighbours(words, lexicon, taken, found)


def _bullet(word: Word) -> bool:
    return word.text.startswith(("△", "▲", "○", "●", "-", "·"))


def _list_neighbours(words: list[Word], lexicon: Lexicon, taken: set[int],
                     found: list[Mention]) -> list[Mention]:
    """Proper nouns in a comma list beside organisations (``한전KDN, SKT, KT와``)."""
    spans = [(m.start, m.end) for m in found]

    def is_org(k: int) -> bool:
        return 0 <= k < len(words) and any(s <= words[k].start < e for s, e in spans)

    out: list[Mention] = []
    changed = True
    while changed:
        changed = False
        for j, word in enumerate(words):
            if j in taken or not (word.proper or _ACRONYM.match(word.core)) or \
                    not namelike(word, lexicon) or not candidate(word, lexicon):
                continue
            before = j > 0 and (words[j - 1].ends_clause or _bullet(word)) and is_org(j - 1)
            after = (word.ends_clause or (j + 1 < len(words) and _bullet(words[j + 1]))) and \
                is_org(j + 1)
            if before or after:
                mention = Mention("org", word.core, word.start, word.end, False)
                out.append(mention)
                spans.append((mention.start, mention.end))
                taken.add(j)
                changed = True
    return out


def _named(words: list[Word], j: int, lexicon: Lexicon, taken: set[int]) -> Mention | None:
    """A name with an organisation's ending, with the words before it that belong to it:
    a proper noun before a bare ending (``빌더스 벤처캐피탈``), or the organisation a unit
    belongs to (``GIST 인공지능연구소``)."""
    word = words[j]
    core = word.core
    bare = core in lexicon.org_suffixes
    parent = j > 0 and words[j - 1].bare and (lexicon.org_like(words[j - 1].core) or
                                             bool(_ACRONYM.match(words[j - 1].core)))
    if bare and core not in _NAME_TAILS and not (core in _UNITS and parent):
        return None  # 말레이시아 병원: a kind of organisation, not a name
    if not bare and not by_ending(word, lexicon):
        return None
    start = j
    while start > 0 and j - start < 2 and start - 1 not in taken:
        prev = words[start - 1]
        if not prev.bare or not prev.core or lexicon.is_common(prev.core) or \
                prev.core[0].isdigit() or is_name(prev.core, lexicon, prev.tags, prev.unknown):
            break
        joins = (bare and (prev.proper or _LATIN.search(prev.core))) or (
            core.endswith(_UNITS) and (lexicon.org_like(prev.core) or
                                       bool(_ACRONYM.match(prev.core))))
        if not joins or prev.core in _GENERAL_LATIN:
            break
        start -= 1
        bare = False
    if start == j and bare:
        return None
    text = " ".join([_clean(w) for w in words[start:j]] + [core])
    return Mention("org", text, words[start].start, word.end, False)


def _has_role(words: list[Word], j: int, lexicon: Lexicon, reporting: bool) -> bool:
    """Whether a name with no telling ending acts as an organisation here: the first
    subject of a report, or a name right after a descriptor (``로봇 제조사 토닥이와``)."""
    word = words[j]
    prev = words[j - 1] if j > 0 else None
    closing = j + 1 < len(words) and words[j + 1].core == "등" or word.ends_clause
    unknown = namelike(word, lexicon) or (len(word.tags) == 1 and word.tags[0][0] == "V"
                                          and word.has_tail(*_PARTICLES)) or (
        closing and bool(word.tags) and word.tags[-1].startswith("NN") and len(word.core) >= 2)
    if prev is not None and prev.core.endswith(_DESCRIPTORS) and prev.tail in ("", "인") and \
            unknown and (word.tail or word.ends_clause or closing) and \
            not lexicon.generic_head(word.core) and not word.core.endswith(_DESCRIPTORS):
        return True  # 로봇 제조사 토닥이와 (Kiwi reads it as a verb)
    if not namelike(word, lexicon):
        return False
    if word.unknown and len(word.core) >= 3 and word.has_tail(*_SUBJECT, "와", "과", "의") and \
            not lexicon.generic_head(word.core):
        return True  # 한빛코어가, 다온스택과: a name Kiwi does not know, acting in the sentence
    return reporting and word.has_tail(*_SUBJECT) and \
        all(not w.tail or w.core in lexicon.not_names for w in words[:j])


def _listed(word: Word, lexicon: Lexicon, resolver: Resolver, acting: bool,
            listed: bool = False) -> list[Mention]:
    """``누리비전·에이아이큐브·온새미``: every member, when one of them is an organisation, or
    when the list is the subject or partner of a sentence that reports or signs, or closed
    by ``등`` before a word for companies (``…·나래온 등 초기 기업``), and no member is a
    common word."""
    parts = word.core.split("·")
    if len(parts) < 2 or any(len(p) < 2 or p[0].isdigit() for p in parts):
        return []
    kinds = [resolver.link(p, ("org", "place", "facility")) for p in parts]
    if any(k is not None and k.kind != "org" for k in kinds):
        return []
    orgish = any(k is not None for k in kinds) or any(
        len(lexicon.org_ending(p)) >= 2 or p.startswith("㈜") or p.endswith("㈜") for p in parts)
    common = any(lexicon.generic_head(p) or lexicon.is_common(p) or
                 lexicon.event_noun_at_end(p) or lexicon.split_title(p) for p in parts)
    role = (acting and word.has_tail(*_SUBJECT, "와", "과", "와도", "과도")) or listed
    if not orgish and (common or not role):
        return []
    out = []
    offset = word.start + word.text.find(parts[0])
    for part in parts:
        if part in lexicon.org_suffixes or lexicon.generic_head(part) or lexicon.is_common(part):
            continue
        at = word.text.find(part, offset - word.start)
        start = word.start + at
        out.append(Mention("org", part, start, start + len(part), kinds[parts.index(part)]
                           is not None))
        offset = start + len(part)
    return out
