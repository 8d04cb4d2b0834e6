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


@pytest.mark.parametrize(("text", "value", "approximate", "bound"), [
    ("1천48억원", 104_800_000_000, False, None),
    ("6,000억원", 600_000_000_000, False, None),
    ("4000여 억원", 400_000_000_000, True, None),
    ("1천억원대의 투자", 100_000_000_000, True, None),
    ("약 500억원", 50_000_000_000, True, None),
    ("200억원 이상", 20_000_000_000, False, "min"),
    ("최대 1000명", 1_000, False, "max"),
    ("30명 미만", 30, False, "max"),
])
def test_approximate_and_bounded_amounts_are_flagged(text: str, value: int, approximate: bool,
                                                     bound: str | None) -> None:
    [amount] = find_amounts(text)
    assert (amount.value, amount.approximate, amount.bound) == (value, approximate, bound)


@pytest.mark.parametrize("text", ["6개월 동안", "50번째 협약", "2029년까지", "30% 늘었다"])
def test_durations_ordinals_years_and_shares_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []
