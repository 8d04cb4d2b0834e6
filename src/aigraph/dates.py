"""Dates at the precision a text gives: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and the
interval of days each one stands for (``2029`` → 2029-01-01 … 2029-12-31)."""

from __future__ import annotations

import calendar
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


def date_interval(text: str) -> tuple[date, date]:
    """The first and the last day a partial date stands for: a year runs from 1 January to
    31 December, a month from its first to its last day, and a day is itself.

    >>> date_interval("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))

    :raises ValueError: as :func:`parse_partial_date`.
    """
    year, month, day = parse_partial_date(text)
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day), date(year, month, day)


def date_bounds(text: str) -> tuple[Literal, Literal]:
    """The interval of :func:`date_interval` as two ``xsd:date`` literals (earliest, latest),
    so that range filters and sorting work whatever the precision of the date.

    :raises ValueError: as :func:`parse_partial_date`.
    """
    first, last = date_interval(text)
    return (Literal(first.isoformat(), datatype=XSD.date),
            Literal(last.isoformat(), datatype=XSD.date))
