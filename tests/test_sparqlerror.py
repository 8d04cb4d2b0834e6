"""SPARQL mistakes read in one line: where, what is wrong, and what to do about it."""

from __future__ import annotations

import re

import pytest
from pyoxigraph import Store

from aigraph.sparqlerror import describe_syntax_error, undeclared_prefixes, update_operation

PROJECT_PREFIXES = ["aig", "rdfs", "org", "schema"]


def syntax_error(sparql: str) -> SyntaxError:
    """pyoxigraph's own error for a query that does not parse."""
    with pytest.raises(SyntaxError) as info:
        Store().query(sparql)
    return info.value


def describe(sparql: str, **options: object) -> str:
    return describe_syntax_error(syntax_error(sparql), sparql, **options)  # type: ignore[arg-type]


def test_an_unknown_prefix_is_named_where_its_name_starts() -> None:
    assert describe("SELECT * WHERE { ?s foo:bar ?o }") == (
        "SPARQL syntax error: unknown prefix 'foo:' at line 1, column 21; "
        "declare it with PREFIX foo: <…>")


def test_an_unknown_prefix_offers_the_prefixes_the_reader_declares_itself() -> None:
    message = describe("SELECT * WHERE { ?s foo:bar ?o }", known=PROJECT_PREFIXES)
    assert message.endswith("declare it with PREFIX foo: <…> or use one of aig:, rdfs:, org:, "
                            "schema:")


def test_a_near_miss_of_a_known_prefix_gets_a_guess() -> None:
    message = describe("SELECT * WHERE {\n  ?s shema:name ?o }", known=PROJECT_PREFIXES)
    assert message.startswith("SPARQL syntax error: unknown prefix 'shema:' at line 2, column 6 "
                              "(did you mean schema:?); ")


def test_an_unknown_prefix_is_named_when_the_parser_stumbles_after_it() -> None:
    # pyoxigraph says "expected OPTIONAL" at ?o here; the undeclared foo: comes first
    assert describe("SELECT * WHERE { ?s foo: ?o }").startswith(
        "SPARQL syntax error: unknown prefix 'foo:' at line 1, column 21;")


def test_a_korean_prefix_is_counted_in_characters() -> None:
    assert describe("SELECT * WHERE { ?s 가나:이름 ?o }").startswith(
        "SPARQL syntax error: unknown prefix '가나:' at line 1, column 21;")


def test_names_in_comments_strings_and_iris_are_not_prefix_uses() -> None:
    sparql = ('# foo:bar\nPREFIX ex: <http://example.org/>\n'
              'SELECT * { <http://x.org/a#b:c> ex:p "d:e", \'\'\'f:g\'\'\' ; ex:q _:h }')
    assert undeclared_prefixes(sparql) == []
    assert [use.prefix for use in undeclared_prefixes("ASK { ?s a ex:T, aig:U }")] == ["ex", "aig"]


def test_positions_are_in_the_text_as_written_after_hidden_declarations() -> None:
    header = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    sparql = "SELECT ?s WHERE {\n  ?s rdfs:label ?o ; bad:p ?x }"
    message = describe_syntax_error(syntax_error(header + sparql), header + sparql,
                                    hidden_lines=1)
    assert message.startswith("SPARQL syntax error: unknown prefix 'bad:' at line 2, column 22;")
    broken = "SELECT ?s WHERE { ?s rdfs:label ?o }\nLIMIT x"
    message = describe_syntax_error(syntax_error(header + broken), header + broken,
                                    hidden_lines=1)
    assert message.startswith("SPARQL syntax error at line 2, column 7 (near 'x'):")


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { ?s ?p ?o } LIMIT x",
    "SELECT * WHERE { ?s ?p ?o",
    "SELECT * WHERE { ?s ?p ?o } GROUP BY",
    "SELECT ?s WHERE { ?s ?p \"abc }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o > ) }",
    "SELECT ?x\nWHERE { ?x ?y }",
    "SELEC * WHERE {}",
])
def test_a_syntax_error_is_one_line_with_line_column_and_a_short_reason(sparql: str) -> None:
    message = describe(sparql)
    assert re.match(r"SPARQL syntax error at line \d+, column \d+ \((near '[^']+'|at the end "
                    r"of the query)\): \S", message), message
    assert "\n" not in message and len(message) < 160
    for dump in ("..=", "\\u{", "['", "[_]"):  # pyoxigraph's character ranges
        assert dump not in message


def test_the_reason_lists_the_keywords_expected_and_says_what_stands_there() -> None:
    assert describe("SELECT * WHERE { ?s ?p ?o } LIMIT x") == (
        "SPARQL syntax error at line 1, column 35 (near 'x'): expected HAVING, OFFSET, "
        "OPTIONAL, VALUES or a digit")


def test_a_reason_of_the_parser_is_kept_in_its_own_words() -> None:
    assert describe("SELECT ?x ?x WHERE {}").endswith(": duplicated variable name in SELECT")
    assert describe("SELECT * WHERE { ?s ?p <http://a b> }").endswith(": not a valid IRI "
                                                                      "(an IRI is absolute, "
                                                                      "without spaces)")


def test_without_the_text_the_message_is_still_one_line_with_the_position() -> None:
    # as the query workers call it: they send the message, not the query, back
    message = describe_syntax_error(syntax_error("SELECT * WHERE { ?s foo:bar ?o }"))
    assert message == ("SPARQL syntax error at line 1, column 28: a prefix that is not "
                       "declared; declare it with PREFIX name: <…>")


@pytest.mark.parametrize(("sparql", "operation"), [
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT DATA"),
    ("delete where { ?s ?p ?o }", "DELETE WHERE"),
    ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "DELETE"),
    ("PREFIX aig: <https://w3id.org/aigraph/ontology#> # a comment\nBASE <http://x.org/>\n"
     "WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("DROP GRAPH <http://x.org/g>", "DROP"),
    ("create graph <http://x.org/g>", "CREATE"),
    ("ADD DEFAULT TO <http://x.org/g>", "ADD"),
])
def test_an_update_is_recognised_by_its_first_keyword(sparql: str, operation: str) -> None:
    assert update_operation(sparql) == operation


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { ?s ?p ?o }",
    "# INSERT DATA is an update\nASK {}",
    "PREFIX insert: <http://x.org/> SELECT * WHERE { ?s insert:p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "SELEC * WHERE {}",
    "",
])
def test_a_query_or_a_typo_is_not_an_update(sparql: str) -> None:
    assert update_operation(sparql) is None


def test_an_iri_without_angle_brackets_is_told_to_take_them() -> None:
    message = describe("SELECT * WHERE { ?s https://schema.org/name ?o }")
    assert "unknown prefix 'https:'" in message and "angle brackets" in message
