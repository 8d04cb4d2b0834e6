"""Parameters bound by a VALUES block, written by pyoxigraph, first in the WHERE group; and
for every saved query, each parameter alone and all of them together, bound to a value of
the store that gives rows and to one that gives none, the block answers exactly as
pyoxigraph's substitutions do, on the project's store and on a synthetic one. The block
alone is what a remote store and the editor get; an embedded store gets both."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from pyoxigraph import (
    CanonicalizationAlgorithm,
    Dataset,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    Store,
    Variable,
)

from aigraph.binding import bind, where_brace
from aigraph.dates import date_literal
from aigraph.errors import ParameterError
from aigraph.queries import LABEL_LANGUAGES, Param, SavedQuery, Term, load_queries, run_saved
from aigraph.vocab import XSD
from tests.conftest import ROOT

SAVED = load_queries(ROOT / "queries")
#: Saved queries with at least one parameter.
PARAMETRISED = sorted(name for name, query in SAVED.items() if query.params)
DATE_TYPES = (XSD.date, XSD.gYear, XSD.gYearMonth)
#: Values that no store of ours holds, by parameter type (a label language no name has).
ABSENT: dict[str, list[Term]] = {
    "iri": [NamedNode("https://w3id.org/aigraph/id/none/no-such-thing")],
    "ko": [Literal("어디에도 없는 이름", language="ko")],
    "en": [Literal("a name nobody has", language="en")],
    "string": [Literal("a text nobody wrote")],
    "lang": [Literal("fr")],
    "integer": [Literal("-1", datatype=XSD.integer)],
    "decimal": [Literal("-1.5", datatype=XSD.decimal)],
    "boolean": [Literal("false", datatype=XSD.boolean)],
    # A range that starts after every date, or ends before every date.
    "date": [date_literal("9999-12-31"), date_literal("1066-10-14")],
    "year": [date_literal("1066"), date_literal("9999")],
}
#: Where no value of the type can give an empty answer, and why.
NEVER_EMPTY = {
    ("timeline", "lang"): "an article's publication is listed under its title in any language",
    ("article-overview", "lang"): "it names only the publisher and the author, if it can",
    ("evidence", "lang"): "a reported value's summary is the article's words, in any language",
}


# -- where the block goes, and what it holds ----------------------------------------

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


def test_a_request_value_cannot_change_a_saved_query(store: Store) -> None:
    query = SAVED["entity-by-name"]
    sneaky = '광주" } } UNION { ?entity ?p ?name } } #'
    text = query.bound_text(query.bind({"name": sneaky}))
    assert f'VALUES (?name) {{ ({Literal(sneaky, language="ko")}) }}' in text  # escaped
    assert list(run_saved(store, query, {"name": sneaky})) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(SAVED))
def test_every_saved_query_stays_valid_with_its_parameters_bound(name: str) -> None:
    query = SAVED[name]
    Store().query(query.bound_text(query.bind({})))


# -- the block answers as a substitution does --------------------------------------



def answer(result: object) -> object:
    """An answer as a value to compare: a multiset of rows with the variables in order, a
    boolean, or a graph in canonical form (isomorphic graphs compare equal)."""
    if isinstance(result, QuerySolutions):
        names = [v.value for v in result.variables]
        return names, Counter(tuple(row[n] for n in names) for row in result)
    if isinstance(result, QueryBoolean):
        return bool(result)
    dataset = Dataset([Quad(t.subject, t.predicate, t.object) for t in result])  # type: ignore[attr-defined]
    dataset.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def size(value: object) -> int:
    """How many rows (or triples, or a true boolean) an answer holds."""
    if isinstance(value, tuple):
        return sum(value[1].values())
    if isinstance(value, bool):
        return int(value)
    return len(value)  # type: ignore[arg-type]


def by_substitution(store: Store, query: SavedQuery, bound: dict[Variable, Term]) -> object:
    return answer(store.query(query.text, substitutions=bound))  # type: ignore[arg-type]


def by_values(store: Store, query: SavedQuery, bound: dict[Variable, Term]) -> object:
    text = query.bound_text(bound)
    assert not bound or "VALUES" in text.replace(query.text, "")
    return answer(store.query(text))


def unbound(query: SavedQuery) -> dict[str, str]:
    return {p.name: "" for p in query.params}


def candidates(store: Store, query: SavedQuery, param: Param) -> Iterator[Term]:
    """Values of the store for a parameter: its column in the answer with every parameter
    unbound, its default, the label languages, the dates the answer holds."""
    result = run_saved(store, query, unbound(query))
    rows = list(result) if isinstance(result, QuerySolutions) else []
    seen: set[Term] = set()
    found: list[Term] = []
    for row in rows:
        term = row[param.name]
        if term is not None and term not in seen:
            seen.add(term)
            found.append(term)
    extra: list[Term] = [param.parse(param.default)] if param.default else []
    if param.type == "lang":
        extra += [Literal(lang) for lang in LABEL_LANGUAGES]
    if param.type in ("date", "year"):
        extra += [param.parse(t.value[:4] if param.type == "year" else t.value)
                  for row in rows for t in row
                  if isinstance(t, Literal) and t.datatype in DATE_TYPES]
    yield from sorted(found, key=str)[:6]
    yield from extra[:6]


def real_value(store: Store, query: SavedQuery, param: Param) -> Term | None:
    """A value of the store that gives rows when it alone is bound."""
    for term in candidates(store, query, param):
        if size(by_substitution(store, query, {Variable(param.name): term})) > 0:
            return term
    return None


def requested(query: SavedQuery, bound: dict[Variable, Term]) -> dict[str, str] | None:
    """The request values that bind exactly these terms (the others left unbound), or
    ``None`` if a request cannot give them (``lang=fr``)."""
    values = {**unbound(query), **{v.value: t.value for v, t in bound.items()}}
    try:
        return values if query.bind(values) == bound else None
    except ParameterError:
        return None


@pytest.mark.parametrize("name", PARAMETRISED)
def test_a_values_block_answers_as_a_substitution_does(any_store: Store, name: str) -> None:
    query = SAVED[name]
    real: dict[Variable, Term] = {}
    absent: dict[Variable, Term] = {}
    cases: list[dict[Variable, Term]] = []
    for param in query.params:
        variable = Variable(param.name)
        term = real_value(any_store, query, param)
        assert term is not None, f"no value of {param.name} gives rows"
        real[variable] = term
        empty = [t for t in ABSENT[param.type]
                 if size(by_substitution(any_store, query, {variable: t})) == 0]
        assert empty or (name, param.name) in NEVER_EMPTY, f"no value of {param.name} gives none"
        absent[variable] = (empty or ABSENT[param.type])[0]
        cases += [{variable: term}, {variable: absent[variable]}]
    cases += [real, absent]
    for bound in cases:
        expected = by_substitution(any_store, query, bound)
        assert by_values(any_store, query, bound) == expected, bound
        request = requested(query, bound)
        if request is not None:
            # The way every caller runs it: the block and the substitutions in an embedded
            # store (the block alone in a remote one, as by_values).
            assert answer(run_saved(any_store, query, request)) == expected, bound

@pytest.mark.parametrize("name", sorted(set(SAVED) - set(PARAMETRISED)))
def test_a_query_without_parameters_runs_as_written(store: Store, name: str) -> None:
    query = SAVED[name]
    assert query.bound_text({}) == query.text
    assert answer(run_saved(store, query)) == answer(store.query(query.text))


def test_where_the_block_does_not_reach_the_answers_differ() -> None:
    """The comparison above can fail: a parameter filtered in a union branch is bound there
    by a substitution, not by a block at the head of the group (no saved query does this)."""
    store = Store()
    link = NamedNode("http://e/p")
    for s, o in (("a", "b"), ("c", "d")):
        store.add(Quad(NamedNode(f"http://e/{s}"), link, NamedNode(f"http://e/{o}")))
    text = ("SELECT ?x ?s WHERE { { ?s <http://e/p> ?o FILTER(?s = ?x) }"
            " UNION { ?s <http://e/p> <http://e/d> } }")
    query = SavedQuery("branch", {}, {}, text, ROOT, [Param("x", "iri")])
    bound: dict[Variable, Term] = {Variable("x"): NamedNode("http://e/a")}
    assert size(by_substitution(store, query, bound)) == 2
    assert size(by_values(store, query, bound)) == 1
