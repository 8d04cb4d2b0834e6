"""General vocabulary for extraction: titles, name endings, event and agreement words.

The lexicons are plain text files beside this module, one entry per line (``#`` starts a
comment). They hold general Korean news vocabulary only (titles, endings of organisation
and facility names, event words, surnames, common foreign given names), never the names of
particular people, organisations or events: those are found by rules and linked to the
registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent / "lexicon"
#: Titles that stay whole when split from a fused organisation (광주시장 → 광주시 + 시장).
WHOLE_TITLES = ("시장", "구청장", "군수", "도지사", "교육감", "센터장", "이사장", "학장",
                "대학원장", "시당위원장", "도당위원장")
#: The office a title heads when the text fuses it to a place (광주시교육감 → 광주시교육청).
OFFICE_OF = {"교육감": "교육청", "교육장": "교육지원청", "도지사": "도", "부지사": "도",
             "군수": "군", "부군수": "군", "구청장": "구청", "부구청장": "구청",
             "부시장": "시", "행정부시장": "시", "경제부시장": "시", "시의원": "시의회",
             "도의원": "도의회", "구의원": "구의회", "군의원": "군의회"}
#: One-syllable units a title ending in 장 heads (AI반도체과장 → AI반도체과).
SINGLE_UNITS = set("시과국실팀청원소단처관부")


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

    def title_at_end(self, text: str) -> str | None:
        """The longest title that ends the text (``광주시장`` → ``시장``)."""
        return next((t for t in self.titles if text.endswith(t)), None)

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
        if not head:
            return head, title
        if title in OFFICE_OF:
            return office(head, OFFICE_OF[title]), title
        if self.org_like(head):
            return head, title
        generic = self.generic_head(head) and head not in self.org_suffixes
        for k in range(len(title) - 1, 0, -1):
            unit = title[:k]
            if unit not in self.org_suffixes and unit not in SINGLE_UNITS or \
                    (generic and len(unit) == 1):
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
        if any(text.endswith(s) for s in self.facility_suffixes) or \
                self.designation_like(text):
            return False
        return any(text.endswith(s) and len(text) > len(s) for s in self.org_suffixes)

    def org_ending(self, text: str) -> str:
        """The longest organisation ending of a text, or ``""``."""
        return next((s for s in self.org_suffixes if text.endswith(s) and len(text) > len(s)),
                    "")

    def facility_like(self, text: str) -> bool:
        return any(text.endswith(s) and len(text) > len(s) for s in self.facility_suffixes)

    def designation_like(self, text: str) -> bool:
        return any(text.endswith(s) for s in self.designations)

    def event_noun_at_end(self, text: str) -> str | None:
        return next((e for e in self.event_nouns if text.endswith(e)), None)

    def surname_of(self, name: str) -> str | None:
        """The surname a Korean name starts with, if any."""
        return next((s for s in self.surnames if name.startswith(s) and len(name) > len(s)),
                    None)

    def generic_head(self, text: str) -> bool:
        """Whether a compound ends in a common head noun (…사업, …데이터)."""
        return any(text.endswith(h) for h in self.generic_heads)

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
