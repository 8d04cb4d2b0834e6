"""People and their titles: appositions (``이름 기관 직함``), titles fused to the
organisation (``광주시장``), reversed forms (``기관(대표 이름)``), speaker lines
(``▶ 이름 / 기관 직함``), bylines (``이름 기자``) and back-references (``강 시장``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aigraph.extract.lexicon import Lexicon
from aigraph.extract.words import Word

_HANGUL_NAME = re.compile(r"^[가-힣]{2,4}$")
_NOT_NAMES = {"관계자", "참석자", "전문가", "대표도시", "등이"}
#: Syllables of transliterated foreign words, rare in Korean given names.
_FOREIGN = set("스즈크트드프브르츠릭딕얼엘")
#: Single-syllable endings that make a word an organisation when a title follows it
#: (``전남대 총장``, ``광주시 교육감``).
_SHORT_ORG_ENDINGS = ("대", "원", "부", "시", "구", "군", "도", "청", "처", "사")


@dataclass(frozen=True)
class PersonMention:
    """A person named in a sentence, with the title and organisation the text gives."""

    name: str
    title: str | None
    org: str | None
    start: int
    end: int
    confidence: float
    former: bool = False


def is_name(core: str, lexicon: Lexicon, tags: tuple[str, ...] = ()) -> bool:
    """Whether a word looks like a Korean personal name (surname + 1–3 syllables), by its
    shape and by Kiwi's reading of it (a common noun, an adverb or a phrase with a particle
    is not a name)."""
    if not _HANGUL_NAME.match(core) or core in _NOT_NAMES or _FOREIGN & set(core[1:]):
        return False
    if len(core) == 4 and "의" in core[1:3]:
        return False
    tags = tuple(t for t in tags if not t.startswith("S"))
    if lexicon.is_title(core) or lexicon.title_at_end(core) == core[1:]:
        return False
    if lexicon.event_noun_at_end(core) or lexicon.facility_like(core):
        return False
    if any(len(s) > 1 and core.endswith(s) for s in lexicon.org_suffixes):
        return False
    if tags:
        if any(t.startswith(("J", "E", "VCP", "XS")) for t in tags):
            return False
        common = ("NNG", "MAG", "MAJ", "VV", "VA", "NP", "MM", "NR")
        # Kiwi reads a name it does not know as one common noun; a three-syllable word is
        # still a name then (the usual length), a two- or four-syllable one is not.
        if len(tags) == 1 and tags[0] in common and not (tags[0] == "NNG" and len(core) == 3):
            return False
        if all(t in ("NNG", "NNB") for t in tags) and len(tags) >= 2 and len(core) >= 4:
            return False
    return lexicon.surname_of(core) is not None


def org_before_title(core: str, nxt: str | None, lexicon: Lexicon) -> bool:
    """A short name ending like an organisation, right before a title, is an organisation."""
    return nxt is not None and core.endswith(_SHORT_ORG_ENDINGS) and \
        lexicon.title_at_end(nxt) is not None


def appositions(words: list[Word], lexicon: Lexicon) -> list[PersonMention]:
    """``이름 [전] 기관… 직함`` within a few words, stopping at a list comma."""
    found = []
    for i, word in enumerate(words):
        nxt = words[i + 1].core if i + 1 < len(words) else None
        if not is_name(word.core, lexicon, word.tags) or word.ends_clause or \
                org_before_title(word.core, nxt, lexicon) or \
                (i + 1 < len(words) and words[i + 1].text.startswith("(")):
            continue
        between: list[str] = []
        former = False
        for j in range(i + 1, min(i + 6, len(words))):
            core = words[j].core
            if core == "전" and not between:
                former = True
                continue
            if not core:
                continue
            title = lexicon.title_at_end(core)
            if title is not None:
                org_tail = core[: -len(title)]
                org = " ".join([*between, org_tail]).strip() if org_tail else " ".join(between)
                if not org and i > 0 and lexicon.org_like(words[i - 1].core) and \
                        not words[i - 1].ends_clause:
                    org = words[i - 1].core  # the company first: ㈜큐브랩 정하람 대표이사
                found.append(PersonMention(word.core, title, org or None, word.start,
                                           words[j].end, 0.9 if org else 0.6, former))
                break
            after = words[j + 1].core if j + 1 < len(words) else None
            if words[j].ends_clause or (is_name(core, lexicon, words[j].tags)
                                        and not org_before_title(core, after, lexicon)):
                break
            between.append(core)
    return found


_REVERSED = re.compile(r"([^\s(]+)\((대표이사|대표|회장|사장|원장|총장|소장)\s+([가-힣]{2,4})\)")
_PAREN_TITLE = re.compile(r"([가-힣]{2,4})\(([^()]{0,30}?)\)\s*(박사|교수)?")
_SPEAKER = re.compile(r"▶\s*([가-힣]{2,4})\s*/\s*([^\n(]+?)\s*(?:\(|$)")
_BYLINE = re.compile(r"(?:^|[\s=\]])([가-힣]{2,4})\s?기자(?:[\s=]|$)")
_SIGN_OFF = re.compile(r"(\S+)\s([가-힣]{2,4})입니다\.?\s*$")
_FORMER = re.compile(r"([가-힣]{2,4})\s[^()]{0,40}\(전\s([^()]+?)\)")


def patterns(text: str, offset: int, lexicon: Lexicon) -> list[PersonMention]:
    """The reversed, parenthesised-title and speaker-line forms, from the raw text."""
    found = []
    for m in _REVERSED.finditer(text):
        if is_name(m[3], lexicon):
            found.append(PersonMention(m[3], m[2], m[1].lstrip("㈜") or m[1], offset + m.start(),
                                       offset + m.end(), 0.85))
    for m in _PAREN_TITLE.finditer(text):
        inside = m[2].strip()
        title = lexicon.title_at_end(inside)
        if is_name(m[1], lexicon) and title:
            org = inside[: -len(title)].strip() or None
            if org is not None and not lexicon.org_like(org.split()[-1]):
                org = None
            found.append(PersonMention(m[1], title, org, offset + m.start(), offset + m.end(),
                                       0.7))
    for m in _FORMER.finditer(text):
        inside = m[2].strip()
        title = lexicon.title_at_end(inside)
        if is_name(m[1], lexicon) and title and inside[: -len(title)].strip():
            found.append(PersonMention(m[1], title, inside[: -len(title)].strip(),
                                       offset + m.start(), offset + m.end(), 0.7, True))
    for m in _SPEAKER.finditer(text):
        rest = m[2].strip()
        title = lexicon.title_at_end(rest)
        if is_name(m[1], lexicon) and title:
            org = rest[: -len(title)].strip() or None
            found.append(PersonMention(m[1], title, org, offset + m.start(), offset + m.end(),
                                       0.85))
    return found


def bylines(text: str, offset: int, lexicon: Lexicon,
            publisher: str | None = None) -> list[PersonMention]:
    """``이름 기자`` and a broadcast sign-off (``<publisher> 이름입니다``): the reporter."""
    found = [PersonMention(m[1], "기자", None, offset + m.start(1), offset + m.end(), 0.9)
             for m in _BYLINE.finditer(text) if is_name(m[1], lexicon)]
    sign_off = _SIGN_OFF.search(text)
    if sign_off and publisher and sign_off[1].replace(" ", "") == publisher.replace(" ", "") \
            and is_name(sign_off[2], lexicon):
        found.append(PersonMention(sign_off[2], "기자", None, offset + sign_off.start(2),
                                   offset + sign_off.end(2), 0.6))
    return found


def fused_reference(words: list[Word], lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """``윤대통령``: a surname fused to a title, a name the registry may know as an alias."""
    found = []
    for word in words:
        title = lexicon.title_at_end(word.core)
        if title and len(word.core) == len(title) + 1 and lexicon.surname_of(word.core):
            found.append((word.core, word.start, word.end))
    return found


def back_reference(words: list[Word], known: dict[tuple[str, str], str],
                   lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """``강 시장`` → the earlier full name with that surname and title in this article."""
    found = []
    for i, word in enumerate(words[:-1]):
        title = lexicon.title_at_end(words[i + 1].core)
        if title and words[i + 1].core == title and (word.core, title) in known:
            found.append((known[(word.core, title)], word.start, words[i + 1].end))
    return found
