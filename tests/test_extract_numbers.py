"""Korean numbers and amounts: 조/억/만/천, digits and commas, 여 and 이상."""

from __future__ import annotations

import pytest

from aigraph.extract.numbers import find_amounts, korean_number


@pytest.mark.parametrize(("text", "value"), [
    ("4061억", 406_100_000_000), ("2만7500", 27_500), ("1,000", 1_000), ("4만6200", 46_200),
    ("1조2천억", 1_200_000_000_000), ("3천", 3_000), ("12", 12), ("1.5억", 150_000_000),
])
def test_korean_numbers_are_normalised_to_integers(text: str, value: int) -> None:
    assert korean_number(text) == value


@pytest.mark.parametrize("garbled", ["", "억억", "12x", "1..2", "원"])
def test_a_garbled_number_is_refused(garbled: str) -> None:
    with pytest.raises(ValueError):
        korean_number(garbled)


@pytest.mark.parametrize(("text", "expected"), [
    ("국비 2843억원, 지방비 812억원", [(284_300_000_000, "KRW", "2843억원", False),
                                  (81_200_000_000, "KRW", "812억원", False)]),
    ("700여 명이 참석", [(700, "명", "700여 명", True)]),
    ("1000개社 창업", [(1000, "개", "1000개社", False)]),
    ("4000억 투입", [(400_000_000_000, "KRW", "4000억", False)]),
    ("4만6200㎡ 부지", [(46_200, "㎡", "4만6200㎡", False)]),
    ("20명 가까운 인원", [(20, "명", "20명 가까운", True)]),
    ("2029년까지", []),
])
def test_amounts_keep_their_surface_and_offsets(text: str, expected: list[tuple]) -> None:  # type: ignore[type-arg]
    found = find_amounts(text)
    assert [(a.value, a.unit, a.surface, a.approximate) for a in found] == expected
    assert all(text[a.start:a.end] == a.surface for a in found)
