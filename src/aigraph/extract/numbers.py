"""Korean numbers and amounts: ``4061억원``, ``2만7500명``, ``1,000개``, ``700여 명``.

Numbers mix digits with the large units 조 (10¹²), 억 (10⁸) and 만 (10⁴) and the small
units 천, 백, 십. ``여``, ``약``, ``가량``, ``…원대`` mark an approximate figure; ``이상``,
``초과``, ``최소`` a lower bound and ``이하``, ``미만``, ``최대`` an upper bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LARGE = (("조", 10**12), ("억", 10**8), ("만", 10**4))
SMALL = {"천": 1000, "백": 100, "십": 10}
#: Units that follow a number, mapped to the unit written in the facts (KRW for money).
UNITS = {"원": "KRW", "명": "명", "개사": "개사", "개社": "개", "개 동": "동", "개동": "동",
         "개": "개", "곳": "곳",
         "㎡": "㎡", "동": "동", "회": "회", "차례": "회", "위": "위", "대": "대", "": "KRW"}
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_PART = rf"(?:{_NUMBER}|[천백십])+"
AMOUNT_RE = re.compile(
    rf"(?<![\d.,])(?P<number>(?:{_PART}\s?(?:여\s?)?[조억만]\s?)*(?:{_PART})?(?:\s?[조억만])?)"
    rf"(?P<about>\s?여)?\s?(?P<unit>원|명|개사|개社|개\s?동|개(?!월)|곳|㎡|동|회|차례|위|대(?=\s?[가-힣]))"
    rf"(?P<more>대(?=[\s을를의이가로은는에,.]|$)|\s?(?:이상|이하|미만|초과|가까운|가량|정도|안팎|남짓|내외))?")
#: What a word after the amount says about it.
_AFTER = {"이상": "min", "초과": "min", "이하": "max", "미만": "max"}
#: What a word before the amount says about it (``약 500억원``, ``최대 1000명``).
_BEFORE = re.compile(r"(?:^|\s)(약|최대|최소|총)\s?$")
#: A bare amount in 억 or 조 (a headline's "4000억 투입") is money in won.
BARE_MONEY_RE = re.compile(rf"(?<![\d.,])(?P<number>{_PART}\s?[조억](?:\s?{_PART}\s?[만]?)?)"
                           rf"(?![\s\d]*(?:원|명|개|곳|㎡))")


@dataclass(frozen=True)
class Amount:
    """A number found in a text: its value, unit, surface and offsets."""

    value: int
    unit: str
    surface: str
    start: int
    end: int
    approximate: bool
    bound: str | None = None
    """``min`` for a lower bound (``200억원 이상``), ``max`` for an upper one, else None."""


def korean_number(text: str) -> int:
    """The value of a Korean number.

    >>> korean_number("4061억"), korean_number("2만7500"), korean_number("1,000")
    (406100000000, 27500, 1000)

    :raises ValueError: if the text holds no digit or unit, or a garbled one.
    """
    rest = text.replace(",", "").replace(" ", "")
    if not rest or not re.fullmatch(r"[\d.조억만천백십]+", rest):
        raise ValueError(f"not a Korean number: {text!r}")
    total = 0.0
    for unit, size in LARGE:
        if unit in rest:
            head, rest = rest.split(unit, 1)
            total += (_small(head) if head else 1) * size
    total += _small(rest)
    if total <= 0 and not re.search(r"\d", text):
        raise ValueError(f"not a Korean number: {text!r}")
    return int(round(total))


def _small(text: str) -> float:
    value, digits = 0.0, ""
    for ch in text:
        if ch.isdigit() or ch == ".":
            digits += ch
        elif ch in SMALL:
            value += (float(digits) if digits else 1.0) * SMALL[ch]
            digits = ""
        else:
            raise ValueError(f"not a Korean number: {text!r}")
    if digits.count(".") > 1:
        raise ValueError(f"not a number: {text!r}")
    return value + (float(digits) if digits else 0.0)


_NATIVE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
           "아홉": 9, "열": 10}
NATIVE_RE = re.compile(r"(?<![가-힣])(한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s?(차례|번|명|곳)")


def find_amounts(text: str) -> list[Amount]:
    """Every number-with-unit in a text (money in won, counts, areas).

    >>> [(a.value, a.unit) for a in find_amounts("국비 2843억원, 700여 명")]
    [(284300000000, 'KRW'), (700, '명')]
    """
    found = []
    matches = list(AMOUNT_RE.finditer(text))
    taken = [(m.start(), m.end()) for m in matches]
    for bare in BARE_MONEY_RE.finditer(text):
        if not any(s < bare.end() and bare.start() < e for s, e in taken):
            matches.append(bare)
    for match in sorted(matches, key=lambda m: m.start()):
        number = match["number"].strip()
        about = "여" in number
        number = number.replace("여", "")
        if not number or not re.search(r"\d", number):
            continue
        try:
            value = korean_number(number)
        except ValueError:
            continue
        surface = match[0].strip()
        start = match.start() + (len(match[0]) - len(match[0].lstrip()))
        groups = match.groupdict()
        unit = UNITS[groups.get("unit") or ""]
        more = (groups.get("more") or "").strip()
        bound = _AFTER.get(more)
        before = _BEFORE.search(text, 0, start)
        if before is not None and before[1] in ("최대", "최소"):
            bound = bound or ("max" if before[1] == "최대" else "min")
        about = about or bool(groups.get("about")) or bool(more and bound is None) or (
            before is not None and before[1] == "약")
        found.append(Amount(value, unit, surface, start, start + len(surface), about, bound))
    for m in NATIVE_RE.finditer(text):
        unit = {"차례": "회", "번": "회"}.get(m[2], m[2])
        found.append(Amount(_NATIVE[m[1]], unit, m[0], m.start(), m.end(), False))
    return sorted(found, key=lambda a: a.start)
