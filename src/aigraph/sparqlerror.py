"""SPARQL mistakes in one line: pyoxigraph's syntax errors translated, updates recognised.

pyoxigraph reports a syntax error as ``error at LINE:COLUMN: expected one of …``, listing
every token its PEG parser tried at the furthest position it reached, character ranges
included (a dozen lines for an unknown prefix). :func:`describe_syntax_error` turns that
into one line a person can act on: where, what is wrong, and for an unknown prefix the
name and how to declare it. :func:`update_operation` tells a SPARQL Update from a query
by its first keyword, so a read-only reader can refuse it plainly instead of reporting
"expected CONSTRUCT". Both read the query text with a small tokenizer that skips comments,
strings and IRIs, so a ``#`` or a ``foo:`` inside them is never taken for syntax.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: The first keyword of every SPARQL 1.1 Update operation (``WITH`` starts a Modify).
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                             "MOVE", "COPY", "WITH"})
#: Most alternatives an "expected one of" reason lists before it says how many more.
MAX_EXPECTED = 6

_TOKEN = re.compile(r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 | '(?:[^'\\\n]|\\.)*' | "(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<blank>_:[\w.\-]*)
    | (?P<language>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<pname>(?P<prefix>[^\W\d_](?:[\w.\-\u00B7]*[\w\-\u00B7])?)?:
                (?:[\w\-:\u00B7]|%[0-9A-Fa-f]{2}|\\.|\.(?=[\w\-:%\\]))*)
    | (?P<word>[\w\-]+)
    | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_POSITION = re.compile(r"error at (\d+):(\d+):?\s*")
_RANGE = re.compile(r"'(?:[^'\\]|\\.|\\u\{[0-9A-Fa-f]+\})+'\s*\.\.=\s*'")
_SINGLE = re.compile(r"'((?:[^'\\]|\\.)+)'")
_ESCAPES = {"\\\\": "\\", '\\"': '"', "\\'": "'", "\\n": "\n", "\\t": "\t", "\\r": "\r"}
_ESCAPE = re.compile(r"\\u\{([0-9A-Fa-f]+)\}|\\[\\\"'ntr]")
_LABELS = {
    "Prefix not found": "a prefix that is not declared; declare it with PREFIX name: <…>",
    "IRI parsing failed": "not a valid IRI (an IRI is absolute, without spaces)",
    "prefix IRI parsing failed": "not a valid IRI for the prefix",
    "language tag parsing failed": "not a valid language tag",
}


@dataclass(frozen=True)
class Token:
    """One token of a query's text: its kind (a group of the tokenizer), text and offset."""

    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class PrefixUse:
    """A prefixed name in a query whose prefix the query does not declare."""

    prefix: str
    start: int


def tokens(sparql: str, *, significant: bool = True) -> Iterator[Token]:
    """The tokens of a query's text, in order; with ``significant``, without white space
    and comments. Anything the tokenizer does not know comes one character at a time."""
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"  # a prefixed name's inner group closes first
        if significant and kind in ("space", "comment"):
            continue
        yield Token(kind, match.group(), match.start())


def undeclared_prefixes(sparql: str) -> list[PrefixUse]:
    """Each use of a prefixed name (``foo:bar``) whose prefix no ``PREFIX`` declares, in
    the order of the text; names inside comments, strings and IRIs are not uses."""
    declared: set[str] = set()
    used: list[PrefixUse] = []
    previous = ""
    for token in tokens(sparql):
        if token.kind == "pname":
            prefix = token.text.split(":", 1)[0]
            if previous.upper() == "PREFIX":
                declared.add(prefix)
            else:
                used.append(PrefixUse(prefix, token.start))
        previous = token.text
    return [use for use in used if use.prefix not in declared]


def update_operation(sparql: str) -> str | None:
    """The SPARQL Update operation a text begins with (``INSERT DATA``, ``DELETE WHERE``,
    ``LOAD``, ``CLEAR`` …), or None for a query; the prologue (``BASE``, ``PREFIX``) and
    comments before it are skipped. A query never begins with one of these keywords, so a
    text that is neither (a typo) is left to the parser."""
    words = iter(tokens(sparql))
    for token in words:
        keyword = token.text.upper()
        if keyword in ("BASE", "VERSION"):
            next(words, None)
        elif keyword == "PREFIX":
            next(words, None)
            next(words, None)
        elif token.kind == "word" and keyword in UPDATE_KEYWORDS:
            following = next(words, None)
            second = following.text.upper() if following is not None else ""
            if keyword in ("INSERT", "DELETE") and second in ("DATA", "WHERE"):
                return f"{keyword} {second}"
            return keyword
        else:
            return None
    return None


def describe_syntax_error(exc: SyntaxError, sparql: str | None = None, *,
                          known: Iterable[str] = (), hidden_lines: int = 0) -> str:
    """One line for a SPARQL syntax error: where, and what is wrong.

    With the query's text, an undeclared prefix is named, at the line and column where its
    prefixed name starts, with how to declare it; ``known`` are prefixes the reader would
    declare by itself, offered instead (with a guess at the one meant). Other errors give
    the parser's reason without character ranges, and what stands at the position.

    :param exc: pyoxigraph's error (``error at LINE:COLUMN: …``); other texts are kept.
    :param sparql: the text that was parsed, to name prefixes and show the position.
    :param known: prefixes that may be used without a declaration.
    :param hidden_lines: lines put before the user's text (declarations it did not write);
        positions are reported in the user's text.
    """
    message = exc.msg or str(exc)
    line, column = exc.lineno or 0, exc.offset or 0
    found = _POSITION.search(message)
    if found:
        line, column = int(found[1]), int(found[2])
        message = message[found.end():]
    if sparql is not None and line:
        unknown = _unknown_prefix(sparql, line, column, message)
        if unknown is not None:
            return _unknown_prefix_message(unknown, sparql, list(dict.fromkeys(known)),
                                           hidden_lines)
    where = f" at line {line - hidden_lines}, column {column}" if line > hidden_lines else ""
    if sparql is not None and line:
        where += _context(sparql, line, column)
    return f"SPARQL syntax error{where}: {_reason(message)}"


def _offset(sparql: str, line: int, column: int) -> int:
    """The index in the text of a 1-based line and column (columns count characters)."""
    lines = sparql.split("\n")
    if line > len(lines):
        return len(sparql)
    return sum(len(text) + 1 for text in lines[:line - 1]) + max(column - 1, 0)


def _position(sparql: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of an index in the text."""
    before = sparql[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _unknown_prefix(sparql: str, line: int, column: int, message: str) -> PrefixUse | None:
    """The undeclared prefix to blame: the first one used, if the parser said so, or if the
    parser gave no reason of its own and the use comes before the position where it gave
    up (then it is the first mistake)."""
    uses = undeclared_prefixes(sparql)
    if not uses:
        return None
    if "Prefix not found" in message:
        return uses[0]
    own_reason = any(" " in item for item in _items(_expected(message)))
    if own_reason or uses[0].start > _offset(sparql, line, column):
        return None
    return uses[0]


def _unknown_prefix_message(use: PrefixUse, sparql: str, known: list[str],
                            hidden_lines: int) -> str:
    line, column = _position(sparql, use.start)
    name = f"{use.prefix}:"
    guess = difflib.get_close_matches(use.prefix.lower(), known, n=1, cutoff=0.6)
    meant = f" (did you mean {guess[0]}:?)" if guess and guess[0] != use.prefix else ""
    if use.prefix.lower() in ("http", "https", "urn", "mailto", "file"):
        advice = f"an IRI goes in angle brackets: <{name}…>"
    else:
        advice = f"declare it with PREFIX {name} <…>"
        if known:
            advice += f" or use one of {', '.join(f'{p}:' for p in known)}"
    return (f"SPARQL syntax error: unknown prefix '{name}' at line {line - hidden_lines}, "
            f"column {column}{meant}; {advice}")


def _context(sparql: str, line: int, column: int) -> str:
    """`` (near 'x')`` for the text at the position, or `` (at the end of the query)``."""
    start = _offset(sparql, line, column)
    if not sparql[start:].strip():
        return " (at the end of the query)"
    while 0 < start < len(sparql) and not sparql[start].isspace() \
            and not sparql[start - 1].isspace():
        start -= 1  # the parser may stop inside a word: show all of it
    near = sparql[start:].split(None, 1)[0]
    if len(near) > 20:
        near = near[:19] + "…"
    return f" (near '{near}')"


def _reason(message: str) -> str:
    """The parser's reason, short: a message of its own (``Duplicated variable name in
    SELECT``) when it gave one, else the keywords and tokens it expected."""
    message = " ".join(message.split())
    if not message.startswith("expected"):
        return message or "not valid SPARQL"
    labels, expected = [], []
    for item in _items(_expected(message)):
        if item.startswith("["):
            described = _character_class(item)
        elif item.startswith('"'):
            described = _token(_unquote(item[1:-1]))
        elif " " not in item:
            described = item
        else:
            label = _LABELS.get(item, item)
            labels.append(label[0].lower() + label[1:] if label[1:2].islower() else label)
            continue
        if described and described not in expected:
            expected.append(described)
    if labels:
        return "; ".join(labels)
    if not expected:
        return "not valid SPARQL here"
    if len(expected) > MAX_EXPECTED:
        shown = expected[:MAX_EXPECTED - 1]
        return f"expected one of {', '.join(shown)} or {len(expected) - len(shown)} more"
    if len(expected) == 1:
        return f"expected {expected[0]}"
    return f"expected {', '.join(expected[:-1])} or {expected[-1]}"


def _expected(message: str) -> str:
    """What follows ``expected`` or ``expected one of`` in the parser's message."""
    message = " ".join(message.split())
    return message.removeprefix("expected").strip().removeprefix("one of").strip()


def _items(body: str) -> list[str]:
    """The comma-separated alternatives of an ``expected one of`` list; commas inside
    quotes or a character class do not separate."""
    items, current, depth, quote = [], [], 0, ""
    escaped = False
    for char in body:
        if quote:
            current.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
            continue
        if char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def _character_class(item: str) -> str:
    """Words for a character class: a digit, a name, or the few characters it lists;
    empty for any character (``[_]``) and white space, which say nothing useful."""
    if item == "[_]":
        return ""
    if _RANGE.search(item):
        ranges = {" ".join(part.split()) for part in item.strip("[]").split("|")}
        if ranges == {"'0'..='9'"} or ranges == {"'0' ..= '9'"}:
            return "a digit"
        return "a hexadecimal digit" if "'a' ..= 'f'" in ranges else "a name"
    chars = [_unquote(c) for c in _SINGLE.findall(item)]
    if not chars or any(c.isspace() for c in chars) or len(chars) > 4:
        return ""
    return ", ".join(_token(c) for c in chars)


def _token(text: str) -> str:
    """A token the parser expected, quoted: ``"("``, or ``'"'`` when it holds a double
    quote."""
    return f"'{text}'" if '"' in text else f'"{text}"'


def _unquote(text: str) -> str:
    """A Rust-escaped token (``\\"``, ``\\\\``, ``\\u{20}``) as the characters it stands
    for."""
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else _ESCAPES[m[0]], text)
