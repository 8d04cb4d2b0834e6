"""Article files: front matter, an unchanged body, and the body's sentences.

An article is UTF-8 text with optional front matter between ``---`` lines. The body is
kept exactly as published (NFC-normalised); sentences are found by a deterministic rule
(line breaks, and ``.?!`` followed by a space) and carry their character offsets, so that
every fact can point at the sentence it rests on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from aigraph.dates import DATE_BASES, parse_partial_date
from aigraph.errors import ArticleError
from aigraph.textfile import read_utf8
from aigraph.yamlfile import parse_yaml

FRONT_MATTER_FIELDS = ("title", "publisher", "author", "date", "date_basis", "date_note", "url",
                       "language")
ARTICLE_SUFFIXES = (".md", ".txt")
_SENTENCE_END = re.compile(r"(?<=[.?!])[\"'”’)]*\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article body: 1-based position, offsets into the body, text."""

    n: int
    start: int
    end: int
    text: str
    repeat_of: int | None = None


@dataclass(frozen=True)
class Article:
    """An article as read from disk: its key, front matter and body."""

    key: str
    path: Path
    body: str
    meta: dict[str, str] = field(default_factory=dict)
    body_line: int = 1

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.body)

    @property
    def title(self) -> str:
        """The front matter's title, or else the body's first line (news files open with
        their headline)."""
        if self.meta.get("title"):
            return self.meta["title"]
        first = next(line.strip() for line in self.body.splitlines() if line.strip())
        return first if len(first) <= 120 else first[:119] + "…"

    def locate(self, quote: str) -> tuple[int, int] | None:
        """The offsets of the first occurrence of a quote in the body, or ``None``."""
        quote = unicodedata.normalize("NFC", quote)
        start = self.body.find(quote) if quote else -1
        return None if start < 0 else (start, start + len(quote))

    def sentences_of(self, start: int, end: int) -> list[Sentence]:
        """The sentences that overlap the span ``[start, end)``."""
        return [s for s in self.sentences if s.start < end and start < s.end]


def split_sentences(body: str) -> list[Sentence]:
    """Split a body into sentences with offsets; a verbatim repeat points at its first copy.

    A sentence ends at ``.``, ``?`` or ``!`` and at the end of a line, unless the line is
    wrapped: it stops in the middle of a clause (see :func:`wraps`) and the next line goes
    on. A wrapped sentence is one sentence whose text keeps the body's line breaks, so that
    its text is always the body's slice ``[start:end]``.

    >>> [s.text for s in split_sentences("첫 문장이다. 둘째 문장.\\n셋째")]
    ['첫 문장이다.', '둘째 문장.', '셋째']
    >>> [s.text for s in split_sentences("광주시가 5일 포럼을\\n열었다.")]
    ['광주시가 5일 포럼을\\n열었다.']
    """
    spans: list[tuple[int, int]] = []
    for start, end in _runs(body):
        chunk, cut = body[start:end], 0
        for stop in [m.end() for m in _SENTENCE_END.finditer(chunk)] + [len(chunk)]:
            spans.append((start + cut, start + stop))
            cut = stop
    sentences: list[Sentence] = []
    seen: dict[str, int] = {}
    for start, end in spans:
        text = body[start:end]
        stripped = text.strip()
        if not stripped:
            continue
        start += len(text) - len(text.lstrip())
        end = start + len(stripped)
        n = len(sentences) + 1
        sentences.append(Sentence(n, start, end, stripped, seen.get(stripped)))
        seen.setdefault(stripped, n)
    return sentences


#: Line endings that leave a Korean clause open: a comma, a case or topic particle, a
#: connective or adnominal verb ending. Endings that also end common nouns (의 of 논의, 과 of
#: 성과, 가 of 전문가) are left out: a headline ends in a noun and must stay alone.
_OPEN_ENDING = re.compile(
    r"(?:[,，]|에서|에게|으로|’로|을|를|은|는|(?<![차사])이|와|및|등|(?<![피올이내])해|"
    r"하고|되고|있고|하며|되며|이며|으며|으면|다면|하면|되면|라면|면서|나서|해서|어서|"
    r"아서|던|(?<![권기방무제])한|된|라고|이어|하여|위해|통해|함께|대해|따라|있는|없는)$")
#: Lines that stand alone whatever they end with: bullets, arrows, bracketed credits,
#: bylines with an e-mail address.
_STANDALONE = re.compile(r"^[▶◀▷◁■□●○•◆◇※▲△▼▽\-–—\[【<]|▶$|@")
#: How a sentence ends, after its closing quotes and brackets.
_ENDS = re.compile(r"[.?!][\"'”’)]*$")
_QUOTES = (("‘", "’"), ("“", "”"), ("(", ")"))


def wraps(line: str, following: str) -> bool:
    """Whether a sentence may run on from ``line`` into the ``following`` line: the line
    stops mid-clause (an open ending or an unclosed quote) and neither line stands alone."""
    line, following = line.strip(), following.strip()
    if not line or not following or _ENDS.search(line):
        return False
    if _STANDALONE.search(line) or _STANDALONE.search(following):
        return False
    unclosed = any(line.count(a) > line.count(b) for a, b in _QUOTES)
    return unclosed or bool(_OPEN_ENDING.search(line))


def _runs(body: str) -> list[tuple[int, int]]:
    """Offsets of the body's lines, wrapped lines joined into one run when the run reaches
    the end of a sentence (lines that wrap into a headline or a caption stay apart)."""
    lines = body.splitlines(keepends=True)
    runs: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []
    offset = 0
    for i, line in enumerate(lines):
        pending.append((offset, offset + len(line)))
        offset += len(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if wraps(line, following):
            continue
        if len(pending) > 1 and not _ENDS.search(line.strip()):
            runs.extend(pending)
        else:
            runs.append((pending[0][0], offset))
        pending = []
    return runs


def article_key(path: Path) -> str:
    """The key of an article file: its name without the suffix."""
    return path.stem


def read_article(path: Path) -> Article:
    """Read one article file.

    :raises ArticleError: if the file is not UTF-8, its front matter is broken or names an
        unknown field, its date is malformed, or its body is empty (naming file and line).
    """
    path = Path(path)
    text = read_utf8(path, ArticleError)
    meta, body, body_line = _split_front_matter(text, path)
    if not body.strip():
        raise ArticleError("the article body is empty; put the article text after the front "
                           "matter", path, body_line)
    return Article(article_key(path), path, body, meta, body_line)


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, str], str, int]:
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text, 1
    i = next((n for n, line in enumerate(lines[1:], start=1) if line.rstrip() == "---"), 0)
    if not i:
        raise ArticleError("front matter opened with '---' on line 1 is never closed; add a "
                           "'---' line after it", path, 1)
    try:
        data = parse_yaml("\n".join(lines[1:i])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise ArticleError(f"broken front matter: {problem}", path, line) from exc
    if not isinstance(data, dict):
        raise ArticleError("front matter must be 'field: value' lines", path, 2)
    meta: dict[str, str] = {}
    for name, value in data.items():
        line = _line_of(lines[1:i], str(name)) + 1
        if name not in FRONT_MATTER_FIELDS:
            raise ArticleError(f"unknown front-matter field {name!r}; known fields: "
                               f"{', '.join(FRONT_MATTER_FIELDS)}", path, line)
        meta[str(name)] = unicodedata.normalize("NFC", str(value))
    if "date" in meta:
        try:
            parse_partial_date(meta["date"])
        except ValueError as exc:
            raise ArticleError(str(exc), path, _line_of(lines[1:i], "date") + 1) from exc
    if meta.get("date_basis", "stated") not in DATE_BASES:
        raise ArticleError(f"date_basis must be one of {', '.join(DATE_BASES)}", path,
                           _line_of(lines[1:i], "date_basis") + 1)
    body = "\n".join(lines[i + 1:])
    return meta, body, i + 2


def _line_of(lines: list[str], name: str) -> int:
    for n, line in enumerate(lines, start=1):
        if line.startswith(f"{name}:"):
            return n
    return 1


def list_articles(folder: Path) -> list[Path]:
    """The article files of a folder, sorted by name."""
    return sorted(p for p in Path(folder).iterdir() if p.suffix in ARTICLE_SUFFIXES
                  and p.is_file() and not p.name.startswith("."))
