"""Dates in a sentence, resolved against the article's date at the precision it allows."""

from __future__ import annotations

import pytest

from aigraph.extract.when import find_dates


@pytest.mark.parametrize(("text", "article", "value", "basis"), [
    ("2023년 11월 22일 오후", "2024-01-05", "2023-11-22", "stated"),
    ("지난 14일 열린", "2024-03-15", "2024-03-14", "resolved"),
    ("지난 28일 열린", "2024-03-15", "2024-02-28", "resolved"),
    ("오는 5일 열린다", "2024-03-15", "2024-04-05", "resolved"),
    ("다음 달 2일", "2024-12-15", "2025-01-02", "resolved"),
    ("지난달 28일", "2024-03-05", "2024-02-28", "resolved"),
    ("오는 5월", "2024-03-15", "2024-05", "resolved"),
    ("지난해 12월", "2024-03-15", "2023-12", "resolved"),
    ("어제", "2024-03-01", "2024-02-29", "resolved"),
    ("15일에는", "2024-03-20", "2024-03-15", "resolved"),
    ("28일 개막했다", "2022", "2022", "resolved"),
    ("이달 초", "2019", "2019", "resolved"),
])
def test_a_date_is_resolved_at_the_precision_the_article_allows(
        text: str, article: str, value: str, basis: str) -> None:
    [found] = find_dates(text, article, "stated")
    assert (found.value, found.basis) == (value, basis)
    assert text[found.start:found.end] == found.text


def test_a_date_resolved_against_an_inferred_article_date_is_inferred() -> None:
    [found] = find_dates("지난 6월", "2020", basis="inferred")
    assert (found.value, found.basis) == ("2020-06", "inferred")


def test_a_date_resolved_against_an_article_date_of_unknown_basis_is_inferred() -> None:
    """No basis is assumed for the article's date, so a date resolved against it cannot
    pass for resolved against a stated one."""
    [found] = find_dates("지난 14일 열린", "2024-03-15", None)
    assert (found.value, found.basis) == ("2024-03-14", "inferred")


def test_a_date_the_text_writes_out_is_stated_whatever_the_article_date() -> None:
    [found] = find_dates("2023년 11월 22일 오후", "2024", None)
    assert (found.value, found.basis) == ("2023-11-22", "stated")


def test_this_day_is_the_date_the_article_spoke_of_last() -> None:
    [found] = find_dates("이날 행사에는", "2024-03-15", "stated", last="2024-03-12")
    assert found.value == "2024-03-12"


@pytest.mark.parametrize("text", ["2029년까지 1000개", "5일간 열린다", "일자리 3만 개", "일본"])
def test_years_durations_and_words_with_일_are_not_dates(text: str) -> None:
    assert find_dates(text, "2024-03-15", "stated") == []


def test_without_an_article_date_relative_dates_stay_unresolved() -> None:
    assert find_dates("지난 14일", None, None) == []
