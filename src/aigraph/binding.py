"""Parameters bound by a ``VALUES`` block written by pyoxigraph's term serialiser.

A saved query's parameters reach every store this way: the embedded one and a remote
endpoint (which has no parameters of its own). The block goes first in the WHERE group,
where the engine joins it before anything else. Oxigraph plans a pyoxigraph substitution
without its value (a bound ``entity-by-name`` took 1.35 s at a million triples, against
milliseconds with the block), and a trailing ``VALUES`` is joined after grouping, which
some engines plan slowly (Oxigraph) or apply after projection (Virtuoso 7.2). When the
WHERE group cannot be found (a ``DESCRIBE`` without one), the block trails the query.

A block at the head of the group binds the variable there, not in a sub-select, a union
branch, ``MINUS`` or a ``BIND`` before it, as a substitution does: a query that uses a
parameter there must say so (see :mod:`aigraph.queries`). Terms are written by pyoxigraph
(N-Triples syntax), never by formatting a value into the text.
"""

from __future__ import annotations

import re

from pyoxigraph import BlankNode, Literal, NamedNode, Variable

Term = NamedNode | Literal | BlankNode

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def values_block(substitutions: dict[Variable, Term]) -> str:
    """``VALUES (?a ?b) { (<x> "y"@ko) }`` for these bindings; terms in N-Triples syntax."""
    names = " ".join(str(v) for v in substitutions)
    terms = " ".join(str(t) for t in substitutions.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def bind(sparql: str, substitutions: dict[Variable, Term] | None) -> str:
    """The query with its variables bound by a ``VALUES`` block (unchanged with none)."""
    if not substitutions:
        return sparql
    block = values_block(substitutions)
    at = where_brace(sparql)
    if at is None:
        return f"{sparql}\n{block}"
    return f"{sparql[:at + 1]} {block}\n{sparql[at + 1:]}"


def where_brace(sparql: str) -> int | None:
    """Where the query's WHERE group opens: the first top-level ``{`` that is not a
    CONSTRUCT template, skipping IRIs, strings and comments; ``None`` if there is none."""
    i, depth, keyword, before = 0, 0, "", ""
    while i < len(sparql):
        char = sparql[i]
        if char == "#":
            end = sparql.find("\n", i)
            i = len(sparql) if end < 0 else end
        elif char == "<" and (iri := _IRI.match(sparql, i)):
            i = iri.end() - 1
        elif char in "\"'":
            i = _string_end(sparql, i) - 1
        elif char in "?$":
            word = _WORD.match(sparql, i + 1)
            i = word.end() - 1 if word else i
        elif char == "{":
            if depth == 0 and (keyword, before) == ("WHERE", "CONSTRUCT"):
                return None  # CONSTRUCT WHERE { … }: the group is the template, triples only
            if depth == 0 and keyword != "CONSTRUCT":
                return i
            depth += 1
        elif char == "}":
            depth -= 1
            keyword = before = ""  # past a CONSTRUCT template
        elif word := _WORD.match(sparql, i):
            if depth == 0:
                keyword, before = word.group().upper(), keyword
            i = word.end() - 1
        i += 1
    return None


def _string_end(text: str, start: int) -> int:
    """The index just past the string literal that opens at ``start``."""
    quote = text[start]
    long = text.startswith(quote * 3, start)
    i = start + (3 if long else 1)
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if long and text.startswith(quote * 3, i):
            return i + 3
        if not long and (text[i] == quote or text[i] == "\n"):
            return i + 1
        i += 1
    return len(text)
