"""The page language and how a page shows a literal to a reader of that language."""

from __future__ import annotations

import pytest

from aigraph.server.language import parse_accept_language, show_literal

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(("value", "datatype", "lang", "shown"), [
    ("true", XSD + "boolean", "ko", "예"),
    ("false", XSD + "boolean", "en", "no"),
    ("2023-11-15", XSD + "date", "ko", "2023년 11월 15일"),
    ("2023-11-15", XSD + "date", "en", "15 November 2023"),
    ("2022-11", XSD + "gYearMonth", "ko", "2022년 11월"),
    ("2022-11", XSD + "gYearMonth", "en", "November 2022"),
    ("2029", XSD + "gYear", "ko", "2029년"),
    ("2029", XSD + "gYear", "en", "2029"),
    ("406100000000", XSD + "integer", "en", "406,100,000,000"),
    ("2023-13-01", XSD + "date", "en", "2023-13-01"),
    ("광주광역시", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", "en", "광주광역시"),
])
def test_literals_read_as_a_reader_of_the_page_language_expects(
        value: str, datatype: str, lang: str, shown: str) -> None:
    assert show_literal(value, datatype, lang) == shown


def test_a_date_basis_is_named_and_an_unknown_one_is_left_as_it_is() -> None:
    basis = "https://w3id.org/aigraph/ontology#dateBasis"
    assert show_literal("inferred", XSD + "string", "en", basis) == "inferred from context"
    assert show_literal("stated", XSD + "string", "ko", basis) == "본문에 명시"
    assert show_literal("guessed", XSD + "string", "ko", basis) == "guessed"


def test_accept_language_ranges_keep_their_quality() -> None:
    assert parse_accept_language("en-US,ko;q=0.5") == [("en", 1.0), ("ko", 0.5)]
    assert parse_accept_language("ko;q=x") == [("ko", 0.0)]
    assert parse_accept_language(None) == []
