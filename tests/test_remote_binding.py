"""Parameters for a remote query: a VALUES block first in the WHERE group, terms escaped."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QueryBoolean, Store, Variable

from aigraph.queries import load_queries
from aigraph.remote.binding import bind, where_brace
from tests.conftest import ROOT

SAVED = load_queries(ROOT / "queries")
X = {Variable("x"): NamedNode("http://example.org/a")}


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * WHERE { ?x ?p ?o }", "SELECT * WHERE { VALUES"),
    ("SELECT * { ?x ?p ?o }", "SELECT * { VALUES"),
    ("ASK { ?x ?p ?o }", "ASK { VALUES"),
    ("CONSTRUCT { ?x <http://e/p> ?o } WHERE { ?x ?p ?o }", "} WHERE { VALUES"),
    ("PREFIX e: <http://e/ns#> # a { brace in a comment\nSELECT ?x WHERE { ?x e:p '{' }",
     "SELECT ?x WHERE { VALUES"),
    ('SELECT ("}" AS ?b) ?x WHERE { ?x ?p ?o }', "WHERE { VALUES"),
])
def test_the_block_goes_first_in_the_where_group(query: str, expected: str) -> None:
    assert expected in bind(query, X)
    Store().query(bind(query, X))  # still valid SPARQL


def test_where_there_is_no_where_group_the_block_trails() -> None:
    assert where_brace("DESCRIBE <http://example.org/a>") is None
    assert where_brace("CONSTRUCT WHERE { ?x ?p ?o }") is None
    trailing = bind("CONSTRUCT WHERE { ?x ?p ?o }", X)
    assert trailing.endswith("VALUES (?x) { (<http://example.org/a>) }")


def test_terms_are_escaped_so_a_value_cannot_change_the_query() -> None:
    store = Store()
    store.add(Quad(NamedNode("http://e/s"), NamedNode("http://e/label"), Literal("a")))
    sneaky = Literal('a" } } ; DROP ALL ; SELECT * { "', language="ko")
    query = bind("ASK { ?s <http://e/label> ?label }", {Variable("label"): sneaky})
    result = store.query(query)
    assert isinstance(result, QueryBoolean) and not bool(result)


@pytest.mark.parametrize("name", sorted(SAVED))
def test_every_saved_query_stays_valid_with_its_parameters_bound(name: str) -> None:
    query = SAVED[name]
    Store().query(bind(query.text, query.bind({})))  # type: ignore[arg-type]
