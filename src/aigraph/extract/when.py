"""Dates in a sentence, resolved against the article's date at the precision it allows.

``2024년 3월 15일`` is stated; ``지난 14일``, ``다음 달 2일``, ``오는 5월``, ``어제`` and ``이날``
are resolved against the article's date (the day of an article dated only by its year stays
unknown: ``28일`` in an article of 2022 is "2022").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from aigraph.dates import parse_partial_date

_ABSOLUTE = re.compile(
    r"(?P<year>(?:19|20)\d\d)\s?(?:년\s?|[.-]\s?)(?P<month>1[0-2]|0?[1-9])\s?(?:월|[.-])"
    r"(?:\s?(?P<day>3[01]|[12]\d|0?[1-9])\s?일?)?(?!\d)")
_RELATIVE = re.compile(
    r"(?:(?P<shift>지난해|작년|올해|내년|지난달|지난 달|이달|이번 달|다음 달|다음달|내달|지난|오는)"
    r"\s?)?(?:(?P<month>1[0-2]|[1-9])월\s?)?(?:(?P<day>3[01]|[12]\d|[1-9])일)?"
    r"(?![\d]|자리|본|반|보|간|째|차|대|정|동안|부(?!터)|상|용|일)")
_MONTH_WORD = re.compile(r"(?<![가-힣])(이달|이번 달|지난달|지난 달|다음 달|다음달|내달)"
                         r"(?!\s?\d)(?:\s?(?:초|중순|말))?")
_DAY_WORDS = {"그저께": -2, "그제": -2, "어제": -1, "전날": -1, "오늘": 0, "내일": 1,
              "다음날": 1, "이튿날": 1, "모레": 2}
_DAY_WORD = re.compile(r"(?<![가-힣])(그저께|그제|어제|전날|오늘|내일|다음날|이튿날|모레|이날|당일)"
                       r"(?![가-힣])")


@dataclass(frozen=True)
class Dated:
    """A date found in a text: its value (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), the
    surface text, where it is, and how it was found (stated, resolved, inferred)."""

    value: str
    text: str
    start: int
    end: int
    basis: str

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month"}.get(len(self.value), "day")


def _shape(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + n
    return total // 12, total % 12 + 1


def find_dates(text: str, article_date: str | None, basis: str | None,
               last: str | None = None) -> list[Dated]:
    """Every date a text gives, in order, resolved against the article's date.

    :param article_date: the article's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
    :param basis: how the article's date is known, never assumed: a date resolved against
        an article date that is stated is resolved; against one that is inferred, or whose
        basis the article does not give (None), it is inferred.
    :param last: the date the article spoke of last, for ``이날``.
    """
    found: list[Dated] = []
    taken: list[tuple[int, int]] = []
    for m in _ABSOLUTE.finditer(text):
        day = int(m["day"]) if m["day"] else None
        found.append(Dated(_shape(int(m["year"]), int(m["month"]), day), m[0].strip(),
                           m.start(), m.end(), "stated"))
        taken.append(m.span())
    resolved = "resolved" if basis == "stated" else "inferred"
    try:
        anchor = parse_partial_date(article_date) if article_date else None
    except ValueError:
        anchor = None
    for m in _RELATIVE.finditer(text):
        if not (m["month"] or m["day"]) or any(s <= m.start() < e for s, e in taken):
            continue
        value = _relative(m, anchor)
        if value is not None:
            found.append(Dated(value, m[0].strip(), m.start(), m.end(), resolved))
    for m in _MONTH_WORD.finditer(text):
        if anchor is not None and anchor[1] is not None:
            step = {"지난달": -1, "지난 달": -1, "다음 달": 1, "다음달": 1, "내달": 1}.get(m[1], 0)
            year, month = _add_months(anchor[0], anchor[1], step)
            found.append(Dated(_shape(year, month, None), m[0], m.start(), m.end(), resolved))
        elif anchor is not None:
            found.append(Dated(_shape(anchor[0], None, None), m[0], m.start(), m.end(),
                               resolved))
    for m in _DAY_WORD.finditer(text):
        value = _day_word(m[1], anchor, last)
        if value is not None:
            found.append(Dated(value, m[1], m.start(), m.end(), resolved))
    return sorted(found, key=lambda d: d.start)


def _relative(m: re.Match[str], anchor: tuple[int, int | None, int | None] | None) -> str | None:
    if anchor is None:
        return None
    year, month, today = anchor
    shift = (m["shift"] or "").replace(" ", "")
    year += {"지난해": -1, "작년": -1, "내년": 1}.get(shift, 0)
    if m["month"]:
        new_month = int(m["month"])
        if shift == "지난" and month is not None and new_month > month:
            year -= 1
        if shift == "오는" and month is not None and new_month < month:
            year += 1
        day = int(m["day"]) if m["day"] else None
        return _checked(year, new_month, day)
    day = int(m["day"])
    if month is None:
        return f"{year:04d}"
    step = {"지난달": -1, "다음달": 1, "내달": 1}.get(shift, 0)
    if shift == "지난" and today is not None and day > today:
        step = -1
    if shift == "오는" and today is not None and day < today:
        step = 1
    year, month = _add_months(year, month, step)
    return _checked(year, month, day)


def _checked(year: int, month: int, day: int | None) -> str | None:
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return _shape(year, month, day)


def _day_word(word: str, anchor: tuple[int, int | None, int | None] | None,
              last: str | None) -> str | None:
    if word in ("이날", "당일"):
        return last or (_shape(*anchor) if anchor else None)
    if anchor is None or anchor[1] is None or anchor[2] is None:
        return None
    day = date(anchor[0], anchor[1], anchor[2]) + timedelta(days=_DAY_WORDS[word])
    return day.isoformat()
