"""Sentences as words (어절) with offsets, the particles after each word stripped by Kiwi."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# A word ends at whitespace, and before a parenthesis that opens Korean text ("고문(전").
_WORD = re.compile(r"\(?[^\s(]+(?:\([A-Za-z0-9&]+\))?[^\s(]*")
#: Tags of trailing morphemes that are not part of a name: particles, endings, copula,
#: and punctuation.
_TRAILING = ("J", "E", "VCP", "SF", "SP", "SS", "SE", "SO", "SW")


@dataclass(frozen=True)
class Word:
    """One whitespace word: its text, its core (without particles and punctuation), and
    its offsets in the article body."""

    text: str
    core: str
    start: int
    end: int
    tags: tuple[str, ...] = ()

    @property
    def ends_clause(self) -> bool:
        """Whether a comma or full stop closes the word (a list item or a sentence ends)."""
        return self.text.rstrip("”’\"')").endswith((",", ".", "·"))


@lru_cache(maxsize=1)
def load_kiwi() -> Any:
    """The Kiwi analyser with its model, loaded once per process (about a second).

    :raises ImportError: if kiwipiepy or its model is not installed.
    """
    from kiwipiepy import Kiwi

    return Kiwi()


def _trim(text: str) -> str:
    """Strip quotes and punctuation around a word, keeping a balanced ``(GIST)``."""
    text = text.strip("“”‘’\"'[]<>·,./=▶◀")
    while text.endswith(")") and text.count("(") < text.count(")"):
        text = text[:-1]
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")]
    return text.strip("“”‘’\"'[]<>·,./=")


def split_words(text: str, offset: int, kiwi: Any) -> list[Word]:
    """The words of a sentence, with cores found from Kiwi's morphemes."""
    tokens = kiwi.tokenize(text)
    words = []
    k = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        while k < len(tokens) and tokens[k].start < start:
            k += 1
        first = k
        while k < len(tokens) and tokens[k].start < end:
            k += 1
        inside = tokens[first:k]
        core_end = end
        for token in reversed(inside):
            if token.tag.startswith(_TRAILING) and token.start > start:
                core_end = token.start
            else:
                break
        core = _trim(text[start:core_end])
        tags = tuple(t.tag for t in inside if t.start < core_end)
        words.append(Word(match.group(), core, offset + start, offset + end, tags))
    return words
