"""People and their titles.

The forms read: appositions (``이름 [전] 기관… 직함``, the title fused to its organisation or
carrying a prefix: ``광주시장``, ``협회 상근부회장``), the company first (``㈜회사 이름 직함``,
``기관의 이름 직함``), foreign names of two or three words (``마이클 첸 엔비디아 부사장``),
reversed forms (``기관(대표 이름)``, ``기관 대표 이름``), speaker lines (``▶ 이름 / 직함``),
``이름 씨``, bylines (``이름 기자``, ``[매체 이름 기자]``, ``(광주=매체) 이름 기자``) and
back-references (``강 시장``, ``윤대통령``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aigraph.extract.lexicon import OFFICE_OF, Lexicon, office
from aigraph.extract.words import Word

_HANGUL_NAME = re.compile(r"^[가-힣]{2,4}$")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&]{1,9}$")
_TRANSLITERATED = re.compile(r"^[가-힣]{1,5}$")
#: Syllables of transliterated foreign words, rare in Korean given names.
_FOREIGN = set("스즈크트드프브르츠릭딕얼엘샤쉬슈쥬츄퓨뷰튜듀큐슨튼턴칸켈캘펠벨델젤셸")
#: Single-syllable endings that make a word an organisation when a title follows it
#: (``전남대 총장``, ``광주시 교육감``).
_SHORT_ORG_ENDINGS = ("대", "원", "부", "시", "구", "군", "도", "청", "처", "사")
#: Last syllables of verb forms (이끄는, 나선, 이긴): such a word is a verb, not a misread name.
_VERB_ENDINGS = set("는은던을를고며서게지다니면한된운른인린난선긴간진온간던될할갈날일")


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


def is_name(core: str, lexicon: Lexicon, tags: tuple[str, ...] = (),
            unknown: bool = False) -> bool:
    """Whether a word looks like a Korean personal name (surname + 1–3 syllables), by its
    shape and by Kiwi's reading of it (a common noun, an adverb or a phrase with a particle
    is not a name; a word Kiwi does not know may be one whatever tag it guesses)."""
    if not _HANGUL_NAME.match(core) or lexicon.is_common(core) or _FOREIGN & set(core[1:]):
        return False
    if len(core) == 4 and ("의" in core[1:3] or len(lexicon.surname_of(core) or "") < 2):
        return False  # four syllables: a two-syllable surname (남궁현우), else not a name
    tags = tuple(t for t in tags if not t.startswith("S"))
    if lexicon.is_title(core) or lexicon.title_at_end(core) == core[1:]:
        return False
    if lexicon.event_noun_at_end(core) or lexicon.facility_like(core) or \
            lexicon.designation_like(core):
        return False
    if len(lexicon.org_ending(core)) > 1:
        return False
    if tags:
        if any(t.startswith(("J", "E", "VCP", "XSV", "XSA")) for t in tags) or \
                len(core) == 2 and any(t in ("MM", "MAG") for t in tags):
            return False  # 한올 as 한 + 올 (but 이정선 as 이 + 정선 is a name)
        if "XSN" in tags and not (len(core) == 3 and len(tags) >= 3 and tags[-1] == "XSN"):
            return False  # 윤태/경: a name Kiwi splits as a stem and a suffix
        common = ("NNG", "MAG", "MAJ", "VV", "VA", "NP", "MM", "NR")
        if len(tags) == 1 and tags[0] in common and not unknown:
            return False  # a word Kiwi knows whole as a common word (국내외, 관계자)
        if all(t in ("NNG", "NNB") for t in tags) and len(tags) >= 2 and len(core) >= 4:
            return False
    return lexicon.surname_of(core) is not None


def org_before_title(core: str, nxt: str | None, lexicon: Lexicon) -> bool:
    """A short name ending like an organisation, right before a title, is an organisation."""
    return nxt is not None and core.endswith(_SHORT_ORG_ENDINGS) and \
        lexicon.title_at_end(nxt) is not None


def _foreign(words: list[Word], i: int, lexicon: Lexicon) -> PersonMention | None:
    """A foreign name of three or two words starting at word ``i``, with the organisation
    and title after it (``모건 에이버리 클라크 노바게이트코리아 지사장``, ``마이클 첸 엔비디아
    부사장``): the longest reading that leaves an organisation before the title; a name
    whose first word is a common given name may have no organisation."""
    first = words[i].text.strip("“”‘’\"'")  # the text: Kiwi may read 아나 as 아 + 나
    given = first in lexicon.foreign_given_names
    prev = words[i - 1] if i > 0 else None
    if not given and prev is not None and prev.bare and not prev.ends_clause and \
            lexicon.split_title(prev.core) is None:
        return None  # inside a phrase, not the start of a name

    if not given and not (words[i].tags and all(t.startswith(("NN", "SL")) for t in
                                                words[i].tags)):
        return None  # (해) 온 에릭 서: a verb form does not start a name

    def fits(w: Word) -> bool:
        return w.bare and bool(_TRANSLITERATED.match(w.core)) and len(w.core) <= 4 and \
            len(lexicon.org_ending(w.core)) < 2 and lexicon.split_title(w.core) is None and \
            not lexicon.is_common(w.core)

    if not (given or fits(words[i])) or not _TRANSLITERATED.match(first):
        return None
    for n in (3, 2):
        part = words[i:i + n]
        if i + n >= len(words) or not all(fits(w) for w in part[1:]):
            continue
        letters = set("".join(w.core for w in part))
        korean = len(first) == 3 and is_name(first, lexicon, words[i].tags, words[i].unknown)
        if not given and (korean or not _FOREIGN & letters):
            continue
        name = " ".join([first] + [w.core for w in part[1:]])
        mention = _titled(words, i, n, name, lexicon)
        last = part[-1].core
        short_foreign = n == 3 and (len(last) == 1 or len(last) <= 3 and _FOREIGN & set(last))
        if mention is not None and (mention.org or short_foreign or given and n == 2):
            return mention  # 다니엘 리 포스터 최고경영자: no organisation, a three-word name
    return None


def _org_before(words: list[Word], i: int, lexicon: Lexicon,
                direct: bool = False) -> str | None:
    """The organisation written before a name (``㈜큐브랩 정하람 대표``, ``협회의 정민우
    사무국장``): a bare word ending like an organisation or read as a proper noun; with
    ``direct`` (the title follows the name at once) any noun that is not a common word."""
    if i == 0:
        return None
    prev = words[i - 1]
    if prev.ends_clause or prev.sep != " " or not prev.core or lexicon.is_common(prev.core) or \
            prev.core[0].isdigit() or lexicon.split_title(prev.core) is not None:
        return None
    if prev.tail not in ("", "의"):
        return None
    if prev.core.endswith("의") and lexicon.org_like(prev.core[:-1]):
        return prev.core[:-1]  # 연합회의: Kiwi reads 회의 (a meeting) where 의 is a particle
    unknown = namelike(prev, lexicon) or (len(prev.tags) == 1 and prev.tags[0][0] == "V")
    named = is_name(prev.core, lexicon, prev.tags, prev.unknown)
    if lexicon.org_like(prev.core) or (unknown and not named and
                                       (prev.proper or not lexicon.generic_head(prev.core))):
        return prev.core
    if direct and prev.has_tail("의") and prev.tags and prev.tags[-1].startswith("NN") and \
            not lexicon.generic_head(prev.core):
        return prev.core  # 도담의 윤재호 공동대표: whatever its shape, the genitive is the company
    if direct and len(prev.core) >= 2 and prev.tags and all(
            t.startswith("NN") for t in prev.tags) and not lexicon.generic_head(prev.core) \
            and prev.core not in lexicon.surnames:
        return prev.core  # 가온 류정민 수석부사장, 물결의 금소연 대표: a company Kiwi knows
    return None


def namelike(word: Word, lexicon: Lexicon) -> bool:
    """A proper noun, an acronym, or a compound of nouns that does not end in a common head
    noun (``누리비전``, but not ``데이터 공유 사업``)."""
    if len(word.core) < 2 or lexicon.is_common(word.core):
        return False
    if word.proper or _ACRONYM.match(word.core):
        return True
    return word.compound and not lexicon.generic_head(word.core)


def appositions(words: list[Word], lexicon: Lexicon) -> list[PersonMention]:
    """``이름 [전] 기관… 직함`` within a few words, stopping at a list comma; the company
    first; a foreign name of two or three words."""
    found = []
    i = 0
    while i < len(words):
        word = words[i]
        foreign = _foreign(words, i, lexicon)
        if foreign is not None:
            found.append(foreign)
            i += len(foreign.name.split())
            continue
        span = 0
        nxt = words[i + 1].core if i + 1 < len(words) else None
        misread = _misread_name(word, lexicon)
        if misread:
            mention = _titled(words, i, 1, misread, lexicon, loose=True)
            if mention is not None and mention.org:
                found.append(mention)
                i += 1
                continue
        if not span:
            if not is_name(word.core, lexicon, word.tags, word.unknown) or word.ends_clause or \
                    word.sep == "=" or \
                    (org_before_title(word.core, nxt, lexicon) and not word.unknown and
                     _org_before(words, i, lexicon) is None) or \
                    (i + 1 < len(words) and words[i + 1].text.startswith("(")) or word.tail:
                i += 1
                continue
            span = 1
        mention = _titled(words, i, span, word.core, lexicon)
        if mention is not None:
            found.append(mention)
        i += span
    return found


def _misread_name(word: Word, lexicon: Lexicon) -> str | None:
    """A name Kiwi reads as a verb or adjective with an ending (진하람 as 진하 + 람), or as a
    word and a particle (정유나 as 정유 + 나): the whole word, when it has a name's shape and
    no particle could end it."""
    text = word.text.strip("“”‘’\"'")
    particle = len(text) == 3 and word.tail in ("나", "아", "야", "인") and word.core == text[:2]
    if particle and lexicon.surname_of(text) and not lexicon.is_common(text):
        return text
    if word.tags[:1] not in (("VA",), ("VV",), ("VCP",)) or not _HANGUL_NAME.match(text) or \
            text[-1] in _VERB_ENDINGS or (ord(text[-1]) - 0xAC00) % 28 in (4, 8) or \
            lexicon.surname_of(text) is None or lexicon.is_common(text) or \
            len(text) == 4 and len(lexicon.surname_of(text) or "") < 2:
        return None
    return text


def _titled(words: list[Word], i: int, span: int, name: str, lexicon: Lexicon,
            loose: bool = False) -> PersonMention | None:
    """The title (and organisation) after a name of ``span`` words at ``i`` (``loose``:
    whatever Kiwi read at the end of the name)."""
    between: list[str] = []
    former = False
    if not loose and (words[i + span - 1].tail or words[i + span - 1].text.endswith(")")):
        return None
    for j in range(i + span, min(i + span + 6, len(words))):
        core = words[j].core
        if core == "전" and not between:
            former = True
            continue
        if not core:
            continue
        split = lexicon.split_title(core)
        after_split = lexicon.split_title(words[j + 1].core) if j + 1 < len(words) else None
        if split is not None and words[j].bare and lexicon.org_like(core) and \
                after_split is not None and not after_split[0]:
            split = None  # 한국자동차연구원 수석연구원: the institute, then the title
        if split is not None:
            head, title = split
            if head and head + title == core and not lexicon.org_like(head) and (
                    len(head) <= 3 and not head.isascii() or not words[j].proper or
                    re.fullmatch(r"[A-Z]{2,3}", head)):
                head, title = "", head + title  # 정책위원장, AI특임교수: one title
            nxt = words[j + 1] if j + 1 < len(words) else None
            if j == i + span and words[j].bare and nxt is not None and \
                    is_name(nxt.core, lexicon, nxt.tags, nxt.unknown):
                return None  # 마루온 인사팀장 노승희: the organisation, its title, the person
            org = " ".join([*between, head]).strip()
            if not org and title != "기자":
                org = _org_before(words, i, lexicon, direct=j == i + span) or \
                    _org_of_clause(words, i, lexicon) or ""
            if org and not head and title in OFFICE_OF and OFFICE_OF[title].startswith("교육"):
                org = office(org, OFFICE_OF[title])  # 광주시 교육감 → 광주시교육청
            confidence = 0.9 if org else 0.7
            return PersonMention(name, title, org or None, words[i].start, words[j].end,
                                 confidence, former)
        after = words[j + 1].core if j + 1 < len(words) else None
        if words[j].ends_clause or words[j].tail or core in ("등", "및") or (
                is_name(core, lexicon, words[j].tags, words[j].unknown)
                and not org_before_title(core, after, lexicon)
                and not (j == i + span and after and lexicon.split_title(after))):
            return None  # (노승희 마루온 인사팀장: a name-shaped word before the title is the
            #              organisation of the name before it)
        between.append(core)
    return None


_FOUNDING = ("창업", "설립", "세운", "세워", "이끄", "이끈", "이끌", "키운", "키워", "운영",
             "경영", "만든")


def _org_of_clause(words: list[Word], i: int, lexicon: Lexicon) -> str | None:
    """``메디루프를 2020년 창업해 … 키운 나현우 대표``: the object of a verb of founding or
    leading in the clause right before the name."""
    for k in range(i - 1, max(-1, i - 9), -1):
        w = words[k]
        if w.ends_clause:
            return None
        if w.has_tail("를", "을") and any(v in x.text for x in words[k + 1:i] for v in _FOUNDING) \
                and (namelike(w, lexicon) or lexicon.org_like(w.core)) and \
                not lexicon.generic_head(w.core):
            return w.core
    return None


def title_first(words: list[Word], lexicon: Lexicon) -> list[PersonMention]:
    """A title before the name: ``누리비전 대표 박서연은``, ``한국AI협회장 용태희 씨``, and a
    title with the copula before a name and its present title (``협회 부회장인 기나래
    루멘스튜디오 대표``: both titles)."""
    found = []
    for j in range(len(words) - 1):
        split = lexicon.split_title(words[j].core)
        if split is None or not (words[j].bare or words[j].tail == "인"):
            continue
        head, title = split
        name = words[j + 1]
        if not is_name(name.core, lexicon, name.tags, name.unknown):
            continue
        org = head or (_org_before(words, j, lexicon, direct=True) if j > 0 else None)
        if org:
            start = words[j - 1].start if not head and j > 0 else words[j].start
            found.append(PersonMention(name.core, title, org, start, name.end, 0.7))
    return found


def title_phrase(text: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """A phrase ending in a title split into the organisation and the title, as the words
    of an apposition are (``무등중앙병원 진료부원장`` → ``무등중앙병원``, ``진료부원장``).

    :returns: ``(organisation, title)``, the organisation ``""`` when there is none; ``None``
        when the phrase does not end in a title.
    """
    *before, last = text.split() or [""]
    split = lexicon.split_title(last)
    if split is None:
        return None
    head, title = split
    if head and head + title == last and not lexicon.org_like(head) and len(head) <= 3:
        head, title = "", head + title
    return " ".join([*before, head]).strip(), title


_PAREN = re.compile(r"([^\s(]+)\(([^()\s]{1,12})\s+([가-힣]{2,4})\)")
_PAREN_TITLE = re.compile(r"([가-힣]{2,4})\(([^()]{0,30}?)\)\s*(박사|교수)?")
_INTERVIEW = re.compile(r"(?:▶|\[인터뷰\]|◀\s*인터뷰\s*▶)\s*([가-힣]{2,4})\s*/\s*([^\n]+)")
_SPEAKER = re.compile(r"▶\s*([가-힣]{2,4})\s*/\s*([^\n(]+?)\s*(?:\(|$)")
_FORMER = re.compile(r"([가-힣]{2,4})\s[^()]{0,40}\(전\s([^()]+?)\)")
_HONORIFIC = re.compile(r"(?<![가-힣])([가-힣]{2,4})(?:\(\d{1,3}\))?\s?씨(?=[는가의와를도에]|\s|$)")


def patterns(text: str, offset: int, lexicon: Lexicon) -> list[PersonMention]:
    """The reversed, parenthesised-title, speaker-line and ``씨`` forms, from the raw text."""
    found = []
    for m in _PAREN.finditer(text):
        split = lexicon.split_title(m[2])
        if split is not None and not split[0] and is_name(m[3], lexicon):
            found.append(PersonMention(m[3], split[1], m[1].strip("“”‘’\"'") or None,
                                       offset + m.start(), offset + m.end(), 0.85))
    for m in _PAREN_TITLE.finditer(text):
        split = title_phrase(m[2], lexicon)
        if is_name(m[1], lexicon) and split:
            org = split[0] or None
            if org is not None and not lexicon.org_like(org.split()[-1]):
                org = None
            found.append(PersonMention(m[1], split[1], org, offset + m.start(),
                                       offset + m.end(), 0.7))
    for m in _FORMER.finditer(text):
        split = title_phrase(m[2], lexicon)
        if is_name(m[1], lexicon) and split and split[0]:
            found.append(PersonMention(m[1], split[1], split[0], offset + m.start(),
                                       offset + m.end(), 0.7, True))
    for m in _INTERVIEW.finditer(text):
        if is_name(m[1], lexicon) and lexicon.split_title(m[2].strip()) is None:
            found.append(PersonMention(m[1], None, None, offset + m.start(1), offset + m.end(1),
                                       0.6))
    for m in _SPEAKER.finditer(text):
        split = title_phrase(m[2], lexicon)
        if is_name(m[1], lexicon) and split:
            found.append(PersonMention(m[1], split[1], split[0] or None,
                                       offset + m.start(), offset + m.end(), 0.85))
    for m in _HONORIFIC.finditer(text):
        if is_name(m[1], lexicon):
            found.append(PersonMention(m[1], None, None, offset + m.start(1),
                                       offset + m.end(1), 0.6))
    return found


_BYLINE = re.compile(r"(?:^|[\s=\]\[(])([가-힣]{2,4})\s?(?:선임|객원|수습)?기자(?=[\s=\]),.·]|$)")
_BRACKET_BYLINE = re.compile(r"[\[(]([^\[\]()=\s]{2,15})\s+([가-힣]{2,4})\s?기자[\])]")
_DATELINE = re.compile(r"[\[(][가-힣]{2,4}\s?=\s?([^\[\]()\s]{2,15})[\])]")
_SIGN_OFF = re.compile(r"(\S+)\s([가-힣]{2,4})입니다\.?\s*$")


def bylines(text: str, offset: int, lexicon: Lexicon,
            publisher: str | None = None) -> list[PersonMention]:
    """``이름 기자`` and a broadcast sign-off (``<publisher> 이름입니다``): the reporter, at the
    publisher the byline or the dateline names (``[빛고을일보 한지우 기자]``, ``(광주=매체)``)."""
    named = {m[2]: m[1] for m in _BRACKET_BYLINE.finditer(text)}
    dateline = _DATELINE.search(text)
    found = [PersonMention(m[1], "기자", named.get(m[1]) or (dateline[1] if dateline else None),
                           offset + m.start(1), offset + m.end(), 0.9)
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
