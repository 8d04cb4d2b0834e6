"""Literal values as rdflib reads them: reading, normal forms, ordering against a bound.

pySHACL sees the data through rdflib, so the SHACL engine (:mod:`aigraph.shacl`) reads
literals as rdflib does: a literal of ``xsd:integer`` (and the other integer types),
``xsd:decimal``, ``xsd:double``/``xsd:float``, ``xsd:date`` or ``xsd:dateTime`` with a valid
value is written in rdflib's normal form (``"05"`` → ``"5"``, ``"2022-11-01Z"`` →
``"2022-11-01"``), and a valid ``xsd:boolean`` ``"1"``/``"0"`` as ``"true"``/``"false"``, so
that two spellings of one value are one value (counted once by ``sh:maxCount``).

Literals of other recognised datatypes (``xsd:time``, durations, binary) keep their lexical
form, and an ill-typed ``xsd:boolean`` (``"TRUE"``) keeps its spelling. ``xsd:gYear`` and
``xsd:gYearMonth`` are unrecognised datatypes, as in rdflib itself (owlrl leaves a reading of
them behind after the first pySHACL run in a process; our shapes pair them with
``sh:pattern``, so the results are the same either way).

Nothing here raises for a malformed literal: an ill-typed value is a result, not an error.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode

Term = NamedNode | BlankNode | Literal

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
LANG_STRING, STRING = NamedNode(RDF + "langString"), NamedNode(XSD + "string")

_INTEGERS = {XSD + n for n in ("integer", "nonPositiveInteger", "long", "nonNegativeInteger",
                               "negativeInteger", "int", "unsignedLong", "positiveInteger",
                               "short", "unsignedInt", "byte", "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}
#: Datatypes whose literals are text as written.
STRINGS = {XSD + n for n in ("string", "normalizedString", "token", "language", "anyURI")}
#: Datatypes an sh:datatype may name whose lexical forms are checked as rdflib checks them.
CHECKED = {XSD + "integer", XSD + "decimal", XSD + "boolean", XSD + "date", XSD + "dateTime",
           XSD + "double", XSD + "float"}
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
#: Every datatype rdflib recognises; as sh:datatype, those neither checked nor text are not
#: implemented.
RECOGNISED = (_INTEGERS | _FLOATS | STRINGS | CHECKED
              | {XSD + n for n in ("time", "duration", "dayTimeDuration", "yearMonthDuration",
                                   "hexBinary", "base64Binary")} | {RDF + "XMLLiteral"})


def _xsd_date(text: str) -> date:
    """An ``xsd:date`` as rdflib reads it: a time zone (or a time) is dropped, then ISO."""
    minus = text.startswith("-")
    text = text.removesuffix("Z").removesuffix("z").removeprefix("-")
    if "T" in text:
        text = text.split("T")[0]
    elif text.rfind("+") > 0:
        text = text[:text.rfind("+")]
    else:
        head, _, tail = text.rpartition("-")
        if head and ":" in tail:
            text = head
    if "-" not in text:
        raise ValueError(text)
    return date.fromisoformat("-" + text if minus else text)


def literal_value(lit: Literal) -> Any:
    """The Python value rdflib gives a literal, or None (an unknown datatype or a lexical
    form its datatype rejects). Never raises."""
    dt = lit.datatype.value
    lex = lit.value
    if lit.language is not None or dt in STRINGS:
        return lex
    try:
        if dt in _INTEGERS:
            return int(lex)
        if dt == XSD + "decimal":
            return Decimal(lex)
        if dt in _FLOATS:
            return float(lex)
        if dt == XSD + "boolean":
            return _BOOLEANS.get(lex.lower(), False)
        if dt == XSD + "date":
            return _xsd_date(lex)
        if dt == XSD + "dateTime":
            return datetime.fromisoformat(lex)
    except (ValueError, ArithmeticError):
        return None
    return None


def well_typed(lit: Literal) -> bool:
    """False if rdflib marks the literal ill-typed (a lexical form its datatype rejects)."""
    dt = lit.datatype.value
    if dt == XSD + "boolean":
        return lit.value in _BOOLEANS
    if dt in CHECKED or dt in _INTEGERS:
        return literal_value(lit) is not None
    return True


def normal_literal(lit: Literal) -> Literal:
    """The literal as rdflib writes it after parsing (see the module docstring)."""
    dt = lit.datatype
    name = dt.value
    if name not in CHECKED and name not in _INTEGERS:
        return lit
    if name == XSD + "boolean":
        text = {"1": "true", "0": "false"}.get(lit.value, lit.value)
    else:
        value = literal_value(lit)
        if value is None:
            return lit
        if isinstance(value, float):
            text = str(value)
        elif isinstance(value, Decimal):
            text = format(value, "f")
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(value)
    return lit if text == lit.value else Literal(text, datatype=dt)


def compare_to(lit: Term, bound: Decimal) -> int | None:
    """-1, 0 or 1 as pySHACL orders a value node against a numeric bound; None where its
    comparison fails (not a literal, a string, an ill-typed number)."""
    if not isinstance(lit, Literal):
        return None
    value = literal_value(lit)
    if isinstance(value, str):
        return None
    if value is None:  # rdflib fails to order an ill-typed xsd:integer only
        return None if lit.datatype.value == XSD + "integer" else -1
    if isinstance(value, datetime):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return -1
    try:
        return (value > bound) - (value < bound)
    except (TypeError, InvalidOperation):
        return None


def has_datatype(v: Term, datatype: NamedNode) -> bool:
    if not isinstance(v, Literal):
        return False
    name = datatype.value
    if name == RDFS + "Literal":
        return True
    if name == RDFS + "Datatype":
        return v.datatype not in (STRING, LANG_STRING)
    return v.datatype == datatype and well_typed(v)
