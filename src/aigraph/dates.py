"""Dates at the precision a text gives: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

from __future__ import annotations

import re
from datetime import date

from pyoxigraph import Literal

from aigraph.vocab import XSD

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_BASES = ("stated", "resolved", "inferred")


def parse_partial_date(text: str) -> tuple[int, int | None, int | None]:
    """Split a partial date into year, month and day (month and day may be missing).

    >>> parse_partial_date("2020-06")
    (2020, 6, None)

    :raises ValueError: if the text is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or names
        a day that does not exist.
    """
    match = _DATE_RE.match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r}: month {month} does not exist")
    if day is not None:
        try:
            date(year, month or 1, day)
        except ValueError:
            raise ValueError(f"{text!r}: day {day} does not exist in that month") from None
    return year, month, day


def date_literal(text: str) -> Literal:
    """A typed literal at the precision of the text: ``xsd:gYear``, ``gYearMonth`` or ``date``.

    >>> date_literal("2022").datatype.value
    'http://www.w3.org/2001/XMLSchema#gYear'

    :raises ValueError: as :func:`parse_partial_date`.
    """
    year, month, day = parse_partial_date(text)
    if month is None:
        return Literal(f"{year:04d}", datatype=XSD.gYear)
    if day is None:
        return Literal(f"{year:04d}-{month:02d}", datatype=XSD.gYearMonth)
    return Literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=XSD.date)
