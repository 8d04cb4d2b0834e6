"""Sentences as words (어절) with offsets, the particles after each word stripped by Kiwi."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# A word ends at whitespace or ``=`` (``광주=홍길동``), and before a parenthesis that opens
# Korean text (``고문(전``).
_WORD = re.compile(r"\(?[^\s(=…]+(?:\([A-Za-z0-9&]+\))?[^\s(=…]*")
#: A full stop with no space after it, between a sentence and the next (``있다.광주시는``).
_GLUED = re.compile(r"(?<=[가-힣])[.?!](?=[가-힣A-Za-z‘“'\"△▲○●□■◆-])")
#: Tags of trailing morphemes that are not part of a name: particles, endings, copula,
#: and punctuation.
_TRAILING = ("J", "E", "VCP", "SF", "SP", "SS", "SE", "SO", "SW")
#: Kiwi gives a word it does not know one of its first morpheme ids.
_KNOWN = 20
#: Marks around words: quotes, brackets, list bullets.
_MARKS = "“”‘’\"'[]<>《》〈〉「」『』·,./=▶◀△▲○●□■◆◇※…-"


@dataclass(frozen=True)
class Word:
    """One whitespace word: its text, its core (without particles and punctuation), the
    particles after the core, and its offsets in the article body."""

    text: str
    core: str
    start: int
    end: int
    tags: tuple[str, ...] = ()
    tail: str = ""
    sep: str = " "
    """The character after the word: a space, or ``=`` (``광주=홍길동``), ``…`` …"""
    unknown: bool = False
    """Whether Kiwi's dictionary does not know a noun of the core (``모아로직``): a name."""
    tail_tags: tuple[str, ...] = ()

    @property
    def ends_clause(self) -> bool:
        """Whether a comma or full stop closes the word (a list item or a sentence ends)."""
        return self.text.rstrip("”’\"')").endswith((",", ".", "·"))

    @property
    def bare(self) -> bool:
        """No particle or ending after the core, no punctuation closing it."""
        return not self.tail and not self.ends_clause

    @property
    def proper(self) -> bool:
        """Whether Kiwi reads the core as a proper noun or a foreign word, or does not know
        it."""
        return self.unknown or any(t in ("NNP", "SL", "SH") for t in self.tags)

    @property
    def compound(self) -> bool:
        """Whether Kiwi reads the core as several nouns with nothing else (``누리/비전``):
        a name it does not know, or a common compound."""
        return len(self.tags) >= 2 and all(t in ("NNG", "NNP", "SL", "SN", "SH", "NNB")
                                           for t in self.tags) and len(self.core) >= 3

    def has_tail(self, *endings: str) -> bool:
        """Whether the particles after the core are one of these (``와``, ``와도`` …), read
        as particles (the 는 of 예측하는 is a verb ending, not the topic particle)."""
        return self.tail in endings and all(t.startswith("J") for t in self.tail_tags)


@lru_cache(maxsize=1)
def load_kiwi() -> Any:
    """The Kiwi analyser with its model, loaded once per process (about a second).

    :raises ImportError: if kiwipiepy or its model is not installed.
    """
    from kiwipiepy import Kiwi

    return Kiwi()


def _trim(text: str) -> str:
    """Strip quotes, bullets and punctuation around a word, keeping a balanced ``(GIST)``."""
    text = text.strip(_MARKS)
    while text.endswith(")") and text.count("(") < text.count(")"):
        text = text[:-1]
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")]
    return text.strip(_MARKS)


def _spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        cuts = [m.end() for m in _GLUED.finditer(text, start, end)]
        for cut in cuts:
            spans.append((start, cut))
            start = cut
        spans.append((start, end))
    return spans


def split_words(text: str, offset: int, kiwi: Any) -> list[Word]:
    """The words of a sentence, with cores and particles found from Kiwi's morphemes."""
    tokens = kiwi.tokenize(text)
    words = []
    k = 0
    for start, end in _spans(text):
        while k < len(tokens) and tokens[k].start < start:
            k += 1
        first = k
        while k < len(tokens) and tokens[k].start < end:
            k += 1
        inside = tokens[first:k]
        core_end = end
        for token in reversed(inside):
            if token.tag.startswith(_TRAILING) and token.start > start and token.form != "㈜":
                core_end = token.start
            else:
                break
        core = _trim(text[start:core_end])
        tags = tuple(t.tag for t in inside if t.start < core_end)
        unknown = any(t.id < _KNOWN and t.tag.startswith("NN") for t in inside
                      if t.start < core_end)
        tail = text[core_end:end].strip(_MARKS + "()”’")
        sep = text[end:end + 1] or " "
        tail_tags = tuple(t.tag for t in inside if t.start >= core_end and t.tag[0] in "JEV")
        words.append(Word(text[start:end], core, offset + start, offset + end, tags, tail, sep,
                          unknown, tail_tags))
    return words
