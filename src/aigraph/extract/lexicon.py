"""General vocabulary for extraction: titles, name endings, event and agreement words.

The lexicons are plain text files beside this module, one entry per line (``#`` starts a
comment). They hold general Korean news vocabulary only, never the names of particular
people, organisations or events: those are found by rules and linked to the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent / "lexicon"


def _entries(name: str) -> tuple[str, ...]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    words = [w for line in lines if not line.lstrip().startswith("#") for w in line.split()
             if w] if name == "surnames.txt" else [
        line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Lexicon:
    """The vocabulary the rules use; every tuple is sorted longest first."""

    titles: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    facility_suffixes: tuple[str, ...]
    event_nouns: tuple[str, ...]
    agreement_words: tuple[str, ...]
    surnames: tuple[str, ...]

    def title_at_end(self, text: str) -> str | None:
        """The longest title that ends the text (``광주시장`` → ``시장``)."""
        return next((t for t in self.titles if text.endswith(t)), None)

    def is_title(self, text: str) -> bool:
        return text in self.titles

    def org_like(self, text: str) -> bool:
        """Whether a text ends like an organisation name (``…진흥원``, ``…대``, ``㈜…``)."""
        return text.startswith("㈜") or text.endswith("㈜") or any(
            text.endswith(s) and len(text) > len(s) for s in self.org_suffixes)

    def facility_like(self, text: str) -> bool:
        return any(text.endswith(s) and len(text) > len(s) for s in self.facility_suffixes)

    def event_noun_at_end(self, text: str) -> str | None:
        return next((e for e in self.event_nouns if text.endswith(e)), None)

    def surname_of(self, name: str) -> str | None:
        """The surname a Korean name starts with, if any."""
        return next((s for s in self.surnames if name.startswith(s) and len(name) > len(s)),
                    None)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicons (read once per process)."""
    return Lexicon(_entries("titles.txt"), _entries("org_suffixes.txt"),
                   _entries("facility_suffixes.txt"), _entries("event_nouns.txt"),
                   _entries("agreement_words.txt"), _entries("surnames.txt"))
