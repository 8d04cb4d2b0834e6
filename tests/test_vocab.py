"""IRI minting and dates: deterministic, always valid, Hangul round-trips unchanged."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, QueryResultsFormat, Store

from aigraph.dates import date_literal, parse_partial_date
from aigraph.vocab import KEY_RE, Minter, article_slug, stable_hash

HANGUL = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
                 | st.sampled_from(" ·‧㈜△“”‘’()0123456789억원AI"), min_size=1, max_size=40)


@given(HANGUL, HANGUL)
def test_statement_iris_are_deterministic_and_valid(a: str, b: str) -> None:
    minter = Minter()
    first, second = minter.statement("value", a, b), minter.statement("value", a, b)
    assert first == second
    assert KEY_RE.match(first.value.rsplit("/", 1)[1])


@given(HANGUL)
def test_the_hash_does_not_depend_on_unicode_normalisation(text: str) -> None:
    assert stable_hash(unicodedata.normalize("NFD", text)) == stable_hash(text)


@given(HANGUL)
def test_hangul_text_round_trips_through_the_store_and_sparql_json(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    store = Store()
    store.add(Quad(NamedNode("https://w3id.org/aigraph/id/org/x"),
                   NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                   Literal(text, language="ko")))
    result = store.query("SELECT ?l WHERE { ?s ?p ?l }")
    data = json.loads(result.serialize(format=QueryResultsFormat.JSON))
    binding = data["results"]["bindings"][0]["l"]
    assert binding == {"type": "literal", "value": text, "xml:lang": "ko"}


def test_article_keys_become_slugs() -> None:
    assert article_slug("000_7b0d44fbd805e180") == "000-7b0d44fbd805e180"
    with pytest.raises(ValueError, match="slug"):
        article_slug("기사 1")


def test_minting_refuses_keys_that_are_not_slugs() -> None:
    with pytest.raises(ValueError, match="slug"):
        Minter().entity("org", "Gwangju City")


@pytest.mark.parametrize(("text", "datatype"), [("2019", "gYear"), ("2020-06", "gYearMonth"),
                                                ("2023-11-15", "date")])
def test_dates_are_typed_at_their_precision(text: str, datatype: str) -> None:
    literal = date_literal(text)
    assert literal.value == text and literal.datatype.value.endswith(f"#{datatype}")


@pytest.mark.parametrize("text", ["20x9", "2023-13", "2023-02-30", "23-01-01", ""])
def test_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_partial_date(text)
