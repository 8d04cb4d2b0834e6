"""Answers in every format parse back to the same solutions; the row cap is honest."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    Store,
    parse_query_results,
)

from aigraph.results import write_answer

EX = "http://example.org/"
TRICKY = ['쉼표, 따옴표 "와" 탭\t줄\n바꿈', "㈜솔트룩스", "plain"]


@pytest.fixture
def small() -> Store:
    store = Store()
    for i, text in enumerate(TRICKY):
        store.add(Quad(NamedNode(f"{EX}s{i}"), NamedNode(f"{EX}label"),
                       Literal(text, language="ko")))
        store.add(Quad(NamedNode(f"{EX}s{i}"), NamedNode(f"{EX}n"),
                       Literal(str(i * 1000), datatype=NamedNode(
                           "http://www.w3.org/2001/XMLSchema#integer"))))
    return store


QUERY = f"SELECT ?s ?label ?n WHERE {{ ?s <{EX}label> ?label ; <{EX}n> ?n }} ORDER BY ?s"
NATIVE = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV,
          "tsv": QueryResultsFormat.TSV}
FORMATS = {"json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML,
           "tsv": QueryResultsFormat.TSV}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_select_answers_parse_back_with_pyoxigraph_to_the_same_solutions(
        small: Store, fmt: str) -> None:
    answer = write_answer(small.query(QUERY), fmt, None, 100)
    assert not isinstance(answer, str)
    parsed = parse_query_results(answer.body, format=FORMATS[fmt])
    got = [(r["s"], r["label"], r["n"]) for r in parsed]  # type: ignore[union-attr]
    expected = [(r["s"], r["label"], r["n"]) for r in small.query(QUERY)]
    assert got == expected


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_our_writers_give_pyoxigraphs_bytes_for_every_kind_of_term(small: Store,
                                                                  fmt: str) -> None:
    small.add(Quad(NamedNode(f"{EX}s0"), NamedNode(f"{EX}other"), BlankNode("b1")))
    small.add(Quad(NamedNode(f"{EX}s1"), NamedNode(f"{EX}other"), Literal('제어\u0001 "문자"\\')))
    query = (f"SELECT ?s ?label ?n ?o WHERE {{ ?s <{EX}label> ?label ; <{EX}n> ?n "
             f"OPTIONAL {{ ?s <{EX}other> ?o }} }} ORDER BY ?s")
    ours = write_answer(small.query(query), fmt, None, 100)
    assert not isinstance(ours, str) and ours.rows == 3
    assert ours.body == small.query(query).serialize(format=NATIVE[fmt])


def test_csv_answers_quote_commas_quotes_and_newlines(small: Store) -> None:
    answer = write_answer(small.query(QUERY), "csv", None, 100)
    assert not isinstance(answer, str)
    rows = list(csv.reader(io.StringIO(answer.body.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "label", "n"]
    assert [r[1] for r in rows[1:]] == TRICKY


def test_the_row_cap_cuts_and_says_so(small: Store) -> None:
    answer = write_answer(small.query(QUERY), "json", None, 2)
    assert not isinstance(answer, str)
    assert answer.truncated and answer.rows == 2
    assert len(json.loads(answer.body)["results"]["bindings"]) == 2


def test_an_answer_within_the_cap_is_not_flagged(small: Store) -> None:
    answer = write_answer(small.query(QUERY), "xml", None, 3)
    assert not isinstance(answer, str) and not answer.truncated
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert len(ET.fromstring(answer.body).findall(".//r:result", ns)) == 3


def test_a_kind_without_an_acceptable_format_is_reported(small: Store) -> None:
    assert write_answer(small.query(QUERY), None, "ttl", 10) == "select"
    assert write_answer(small.query(f"CONSTRUCT WHERE {{ ?s <{EX}n> ?n }}"), "json", None,
                        10) == "graph"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_byte_cap_cuts_a_select_answer_of_huge_literals_and_says_so(fmt: str) -> None:
    store = Store()
    for i in range(50):
        store.add(Quad(NamedNode(f"{EX}s{i}"), NamedNode(f"{EX}text"), Literal("가" * 10_000)))
    answer = write_answer(store.query("SELECT ?s ?t WHERE { ?s ?p ?t }"), fmt, None, 1000,
                          max_bytes=100_000)
    assert not isinstance(answer, str)
    assert answer.truncated and 0 < answer.rows < 50
    assert len(answer.body.decode("utf-8")) <= 100_000


def test_the_byte_cap_cuts_a_graph_answer_too() -> None:
    store = Store()
    for i in range(50):
        store.add(Quad(NamedNode(f"{EX}s{i}"), NamedNode(f"{EX}text"), Literal("x" * 10_000)))
    answer = write_answer(store.query("CONSTRUCT WHERE { ?s ?p ?t }"), None, "nt", 1000,
                          max_bytes=50_000)
    assert not isinstance(answer, str)
    assert answer.truncated and len(answer.body.decode().splitlines()) == answer.rows < 50
