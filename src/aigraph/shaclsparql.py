"""SPARQL-based constraints: what a query reads, and running one for focus nodes.

SPARQL constraints (``sh:sparql`` with ``sh:select``) run once over a store of the data (or
the store passed in) and keep the rows whose ``?this`` is a focus node of the shape. That
equals pySHACL's pre-binding of ``$this`` to each focus node when ``$this`` is bound by every
part of the query that produces a row (a triple pattern of the top-level group or the key of
every grouped sub-select joined on it), as in both constraints of our shapes; the tests check
this against pySHACL, and against binding ``$this`` per focus node with pyoxigraph
``substitutions`` (used for a set of at most :data:`BIND_EACH_LIMIT` focus nodes).
``{?var}``/``{$var}`` in messages are filled as pySHACL fills them (``{?value}`` is the focus
node when the row does not bind it).

One difference is deliberate: SPARQL is evaluated by Oxigraph, which follows SPARQL 1.1 where
rdflib does not. A FILTER comparing literals SPARQL cannot compare (``"2029-01"^^xsd:gYearMonth
> "2029-12-31"^^xsd:date``, an ill-typed date) is an error here and true in rdflib, and a SUM
over a text is unbound here where rdflib stops the whole validation. Both arise only with a
value that another shape already rejects.

:func:`query_predicates` reads which properties a query can touch, so that the store built
for the constraints holds only those.
"""

from __future__ import annotations

import re

from pyoxigraph import NamedNode, Store, Variable

from aigraph.shaclshape import Problem, Shape, Term, term_text
from aigraph.shaclvalues import RDF

#: Above this many focus nodes, a SPARQL constraint runs once for all of them.
BIND_EACH_LIMIT = 32


def sparql_results(store: Store, shape: Shape, nodes: set[Term]) -> list[Problem]:
    """The results of a shape's SPARQL constraints on the focus nodes ``nodes``."""
    problems = []
    for constraint in shape.sparql:
        if len(nodes) <= BIND_EACH_LIMIT:
            rows = [row for node in nodes
                    for row in _rows(store, constraint.query, {Variable("this"): node})]
        else:
            rows = [row for row in _rows(store, constraint.query, None)
                    if row.get("this") in nodes]
        messages = sorted(set(shape.messages) | set(constraint.messages))
        seen = set()
        for row in rows:
            focus = row["this"]
            key = tuple(sorted((k, v) for k, v in row.items()))
            if key in seen:
                continue
            seen.add(key)
            path = row.get("path")
            value = row.get("value")
            if value is None and not shape.path:
                value = focus
            fill = {k: v for k, v in row.items() if k not in ("this", "path", "value")}
            fill["this"] = focus
            if path is not None:
                fill["path"] = path
            if value is not None:
                fill["value"] = value
            text = "\n".join(_fill(m, fill) for m in messages)
            path_text = (path.value if path is not None else
                         shape.path_text if shape.path else "")
            problems.append(Problem(shape.severity, term_text(focus), path_text, text,
                                    shape.name))
    return problems


def _rows(store: Store, query: str,
          bind: dict[Variable, Term] | None) -> list[dict[str, Term]]:
    solutions = store.query(query, substitutions=bind)  # type: ignore[arg-type]
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    rows = []
    for solution in solutions:  # type: ignore[union-attr]
        row = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[name] = value
        if bind is not None:
            row.setdefault("this", bind[Variable("this")])
        if "this" in row:
            rows.append(row)
    return rows


def _fill(message: str, values: dict[str, Term]) -> str:
    """A message template with ``{?var}``/``{$var}`` filled, as pySHACL fills them."""
    for name, value in values.items():
        message = re.sub("{[?$]" + name + "}", value.value, message)
    return message


_TOKENS = re.compile(r"""
    (?P<skip>\#[^\n]*|\s+)
  | (?P<lit>\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
            |[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<punct>\S)
""", re.VERBOSE)
_GROUPS = {"OPTIONAL", "MINUS", "UNION", "GRAPH", "SERVICE", "SILENT", "WHERE", "EXISTS",
           "NOT"}


def query_predicates(query: str) -> frozenset[NamedNode] | None:
    """The properties a SELECT query can read, or None when a triple pattern may read any
    property (a variable or a negated set in the predicate position), or the query is beyond
    this reading. ``a`` reads ``rdf:type``. Never raises."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKENS.finditer(query)
              if m.lastgroup != "skip"]
    prefixes: dict[str, str] = {}
    found: set[str] = set()
    state, need, stack, i = "S", True, [], 0

    def iri(kind: str, text: str) -> str | None:
        if kind == "iri":
            return text[1:-1]
        head, _, tail = text.partition(":")
        return prefixes[head] + tail if head in prefixes else None

    while i < len(tokens):
        kind, text = tokens[i]
        word = text.upper() if kind == "word" else ""
        i += 1
        if word == "PREFIX" and i + 1 < len(tokens):
            prefixes[tokens[i][1].rstrip(":")] = tokens[i + 1][1][1:-1]
            i += 2
        elif word in ("SELECT", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET"):
            stop = ("{",) if word == "SELECT" else ("{", "}")
            while i < len(tokens) and tokens[i][1] not in stop and tokens[i][1].upper() != "WHERE":
                i += 1
            state = "S"
        elif word in ("FILTER", "BIND"):
            while i < len(tokens) and tokens[i][1] != "(" and tokens[i][1] != "{":
                i += 1
            if i < len(tokens) and tokens[i][1] == "(":
                depth = 0
                while i < len(tokens):
                    depth += {"(": 1, ")": -1}.get(tokens[i][1], 0)
                    i += 1
                    if depth == 0:
                        break
            state = "S"
        elif word in _GROUPS or text in ("{", "}", "."):
            state = "S"
        elif text == ";" and state == "E":
            state, need = "V", True
        elif text == "," and state == "E":
            state = "O"
        elif text == "[" and state in ("S", "O") or text == "[" and state == "V" and not need:
            stack.append(state)
            state, need = "V", True
        elif text == "]" and stack:
            state = "V" if stack.pop() == "S" else "E"
            need = True
        elif state == "V" and need and (kind in ("iri", "pname") or text == "a"):
            name = RDF + "type" if text == "a" else iri(kind, text)
            if name is None:
                return None
            found.add(name)
            need = False
        elif state == "V" and (text in ("/", "|", "^") or text == "(" and need):
            need = True
        elif state == "V" and not need and text in ("*", "+", "?", ")"):
            pass
        elif state == "V" and not need and kind in ("iri", "pname", "var", "lit"):
            state = "E"
        elif state == "S" and kind in ("iri", "pname", "var", "lit"):
            state, need = "V", True
        elif state == "O" and kind in ("iri", "pname", "var", "lit"):
            state = "E"
        else:
            return None
    try:
        return frozenset(NamedNode(n) for n in found)
    except ValueError:
        return None
