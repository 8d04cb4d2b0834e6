"""General vocabulary for extraction: titles, name endings, event and agreement words.

The lexicons are plain text files beside this module, one entry per line (``#`` starts a
comment). They hold general Korean news vocabulary only (titles, endings of organisation
and facility names, event words, surnames, common foreign given names), never the names of
particular people, organisations or events: those are found by rules and linked to the
registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

HERE = Path(__file__).parent / "lexicon"
#: Titles that stay whole when split from a fused organisation (광주시장 → 광주시 + 시장).
WHOLE_TITLES = ("시장", "구청장", "군수", "도지사", "교육감", "센터장", "이사장", "학장",
                "대학원장", "시당위원장", "도당위원장")
#: The office a title heads when the text fuses it to a place (광주시교육감 → 광주시교육청).
OFFICE_OF = {"교육감": "교육청", "교육장": "교육지원청", "도지사": "도", "부지사": "도",
             "군수": "군", "부군수": "군", "구청장": "구청", "부구청장": "구청",
             "부시장": "시", "행정부시장": "시", "경제부시장": "시", "시의원": "시의회",
             "도의원": "도의회", "구의원": "구의회", "군의원": "군의회", "행정부지사": "도",
             "경제부지사": "도", "정무부지사": "도", "위원장": "위원회"}
#: One-syllable units a title ending in 장 heads (AI반도체과장 → AI반도체과).
SINGLE_UNITS = set("시과국실팀청원소단처관부회")
#: Units inside an organisation that a field word names (인사팀, 운영본부): their heads' titles
#: are written whole (인사팀장, 운영본부장) and the organisation is named elsewhere.
DEPARTMENTS = ("본부", "팀", "과", "실", "국", "부", "처")


def _entries(name: str) -> tuple[str, ...]:
    words: list[str] = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.extend(line.split() if name == "surnames.txt" else [line])
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def office(place: str, unit: str) -> str:
    """The office a title heads at a place: 광주 + 시의회 → 광주시의회, 광주시 + 시의회 →
    광주시의회, 전남도 + 도 → 전남도, 광주시 + 교육청 → 광주시교육청."""
    if place.endswith(unit):
        return place
    if place.endswith(unit[0]):
        return place + unit[1:]
    return place + unit


@dataclass(frozen=True)
class Lexicon:
    """The vocabulary the rules use; every tuple is sorted longest first."""

    titles: tuple[str, ...]
    title_prefixes: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    facility_suffixes: tuple[str, ...]
    designations: tuple[str, ...]
    event_nouns: tuple[str, ...]
    lecture_nouns: tuple[str, ...]
    agreement_words: tuple[str, ...]
    signing_verbs: tuple[str, ...]
    report_verbs: tuple[str, ...]
    not_names: tuple[str, ...]
    generic_heads: tuple[str, ...]
    foreign_given_names: tuple[str, ...]
    surnames: tuple[str, ...]

    @cached_property
    def _endings(self) -> dict[str, tuple[tuple[int, frozenset[str]], ...]]:
        """Each list of endings as sets by length, longest first, for quick lookups."""
        out = {}
        for name in ("titles", "org_suffixes", "facility_suffixes", "designations",
                     "event_nouns", "generic_heads"):
            words: tuple[str, ...] = getattr(self, name)
            lengths = sorted({len(w) for w in words}, reverse=True)
            out[name] = tuple((n, frozenset(w for w in words if len(w) == n)) for n in lengths)
        return out

    def _ending(self, name: str, text: str, shorter: bool = False) -> str | None:
        """The longest entry of a list that ends the text (only those shorter than the
        text with ``shorter``)."""
        for n, words in self._endings[name]:
            if n <= len(text) - shorter and text[-n:] in words:
                return text[-n:]
        return None

    def title_at_end(self, text: str) -> str | None:
        """The longest title that ends the text (``광주시장`` → ``시장``)."""
        return self._ending("titles", text)

    def is_title(self, text: str) -> bool:
        return text in self.titles

    def split_title(self, text: str) -> tuple[str, str] | None:
        """A word ending in a title, split into what comes before it and the title with its
        prefixes (``협회상근부회장`` → ``협회``, ``상근부회장``); a title fused to its
        organisation gives the organisation's whole name (``AI사업단장`` → ``AI사업단``,
        ``단장``; ``광주시장`` → ``광주시``, ``시장``; ``광주시당위원장`` → ``광주시당``,
        ``시당위원장``; ``광주시교육감`` → ``광주시교육청``, ``교육감``).

        :returns: ``(head, title)``, the head ``""`` for a bare title; ``None`` when the text
            does not end in a title.
        """
        title = self.title_at_end(text)
        if title is None:
            return None
        head = text[: -len(title)]
        prefix = next((p for p in self.title_prefixes if head.endswith(p)), None)
        while prefix is not None:
            title, head = prefix + title, head[: -len(prefix)]
            prefix = next((p for p in self.title_prefixes if head.endswith(p)), None)
        head = head.strip()
        if not head:
            return head, title
        if title in OFFICE_OF:
            return office(head, OFFICE_OF[title]), title
        generic = head in self.generic_heads and head not in self.org_suffixes
        if self.org_like(head) and not generic:
            return head, title
        for k in range(len(title) - 1, 0, -1):
            unit = title[:k]
            if len(unit) == 1 and (unit not in SINGLE_UNITS or (
                    unit == "부" and title in self.titles)) or generic and unit in DEPARTMENTS:
                continue  # 부원장 is a vice director; 운영본부장 heads a department
            if len(unit) > 1 and unit not in self.org_suffixes:
                continue
            short = next((t for t in (title[k - 1:], title[k:]) if t in self.titles), None)
            if short is not None or title in WHOLE_TITLES:
                return head + unit, title if title in WHOLE_TITLES or short is None else short
        if generic:
            return "", head + title  # 인공지능정책관, 인사팀장: one title, a field and a rank
        return head, title

    def org_like(self, text: str) -> bool:
        """Whether a text ends like an organisation name (``…진흥원``, ``…대``, ``㈜…``),
        and not like a facility or a designated zone (``…데이터센터``, ``…특구``)."""
        if text.startswith("㈜") or text.endswith("㈜"):
            return True
        if self._ending("facility_suffixes", text) or self.designation_like(text) or \
                self.is_common(text):
            return False
        return self._ending("org_suffixes", text, shorter=True) is not None

    def org_ending(self, text: str) -> str:
        """The longest organisation ending of a text, or ``""``."""
        return self._ending("org_suffixes", text, shorter=True) or ""

    def facility_like(self, text: str) -> bool:
        return self._ending("facility_suffixes", text, shorter=True) is not None

    def designation_like(self, text: str) -> bool:
        return self._ending("designations", text) is not None

    def event_noun_at_end(self, text: str) -> str | None:
        return self._ending("event_nouns", text)

    def surname_of(self, name: str) -> str | None:
        """The surname a Korean name starts with, if any."""
        for n in (2, 1):
            if len(name) > n and name[:n] in self._surnames:
                return name[:n]
        return None

    @cached_property
    def _surnames(self) -> frozenset[str]:
        return frozenset(self.surnames)

    def generic_head(self, text: str) -> bool:
        """Whether a compound ends in a common head noun (…사업, …데이터)."""
        return self._ending("generic_heads", text) is not None

    def is_common(self, text: str) -> bool:
        """A common word that is never a name (정부, 관계자, 이날 …)."""
        return text in self.not_names


_FILES = ("titles", "title_prefixes", "org_suffixes", "facility_suffixes", "designations",
          "event_nouns", "lecture_nouns", "agreement_words", "signing_verbs", "report_verbs",
          "not_names", "generic_heads", "foreign_given_names", "surnames")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicons (read once per process)."""
    return Lexicon(*(_entries(f"{name}.txt") for name in _FILES))
