"""A saved query shaped for the engine's planner answers exactly as its plain formulation,
and its bound form (``queries/bound/``) exactly as its saved text.

Each file of ``tests/fixtures/plain-queries`` is a saved query as it read before it was
rewritten to be fast (facts looked up from a bound entity, joins the engine hashes ...).
The rewritten file of the same name in ``queries/`` must give the same variables and the
same rows, as a multiset, in the same order of its ``ORDER BY`` keys: with every parameter
unbound, with its defaults, and with each parameter bound to values of the store that give
rows and to one that gives none; on the project's store and on a synthetic one. Both are
run the way every caller runs a saved query (:func:`aigraph.queries.run_saved`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions, QueryTriples, Store

from aigraph.binding import bind
from aigraph.queries import LABEL_LANGUAGES, Param, SavedQuery, load_queries, run_saved
from aigraph.store import run_query
from tests.conftest import ROOT

SAVED = load_queries(ROOT / "queries")
PLAIN = load_queries(Path(__file__).resolve().parent / "fixtures" / "plain-queries")
#: How many distinct values of a parameter's column are tried, spread over the column.
TRIED = 6
#: A value of each parameter type that no store of ours holds.
ABSENT = {"iri": "https://w3id.org/aigraph/id/none/no-such-thing", "lang": "",
          "ko": "어디에도 없는 이름", "string": "a text nobody wrote"}

Row = tuple[object, ...]
#: The columns of a CONSTRUCT query's triples.
TRIPLE = ["subject", "predicate", "object"]




def solutions(store: Store, query: SavedQuery, values: dict[str, str]
              ) -> tuple[list[str], list[Row]]:
    """The variables and the rows, in the order given, of a saved SELECT query; of a
    CONSTRUCT query, its triples as rows of subject, predicate and object."""
    return rows_of(run_saved(store, query, values))


def rows_of(result: object) -> tuple[list[str], list[Row]]:
    if isinstance(result, QueryTriples):
        return TRIPLE, [(t.subject, t.predicate, t.object) for t in result]
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    return names, [tuple(row[n] for n in names) for row in result]


def assert_same_answer(found: tuple[list[str], list[Row]],
                       expected: tuple[list[str], list[Row]], keys: list[str],
                       values: dict[str, str]) -> None:
    """The same variables, the same rows as a multiset, the same order of the sort keys."""
    (found_names, found_rows), (names, rows) = found, expected
    assert found_names == names, values
    assert Counter(found_rows) == Counter(rows), values
    at = [names.index(k) for k in keys if k in names]
    assert [[r[i] for i in at] for r in found_rows] == [[r[i] for i in at] for r in rows]


def order_keys(query: SavedQuery) -> list[str]:
    """The variables the query orders by (inside DESC(), STR() ... too)."""
    match = re.search(r"^ORDER BY(.*)$", query.text, re.MULTILINE)
    return re.findall(r"\?(\w+)", match[1]) if match else []


def unbound(query: SavedQuery) -> dict[str, str]:
    return {p.name: "" for p in query.params}


def tried(store: Store, query: SavedQuery, param: Param) -> Iterator[str]:
    """Values of the store for a parameter, spread over its column in the plain query's
    unbound answer; the label languages; a value that gives no rows."""
    names, rows = solutions(store, query, unbound(query))
    column = sorted({row[names.index(param.name)] for row in rows} - {None}, key=str)
    step = max(1, len(column) // TRIED)
    for term in column[::step][:TRIED]:
        yield term.value  # type: ignore[union-attr]
    if param.type == "lang":
        yield from LABEL_LANGUAGES
    yield ABSENT[param.type]


def cases(store: Store, plain: SavedQuery) -> Iterator[dict[str, str]]:
    """Every parameter unbound; the defaults; each parameter bound alone to the values
    tried, the others at their defaults."""
    yield unbound(plain)
    yield {}
    for param in plain.params:
        for value in tried(store, plain, param):
            yield {param.name: value}


def test_every_plain_formulation_has_its_saved_query() -> None:
    assert PLAIN, "no plain formulations"
    assert set(PLAIN) <= set(SAVED)
    for name, plain in PLAIN.items():
        assert [p.name for p in plain.params] == [p.name for p in SAVED[name].params]
        assert SAVED[name].text != plain.text, f"{name} is not rewritten"


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_a_rewritten_query_answers_as_its_plain_formulation(any_store: Store,
                                                            name: str) -> None:
    plain, saved = PLAIN[name], SAVED[name]
    keys = order_keys(plain)
    assert keys == order_keys(saved)
    seen_rows = 0
    for values in cases(any_store, plain):
        expected = solutions(any_store, plain, values)
        assert_same_answer(solutions(any_store, saved, values), expected, keys, values)
        seen_rows += len(expected[1])
    assert seen_rows > 0


def test_the_comparison_sees_a_changed_answer(store: Store) -> None:
    """The comparison above can fail: the plain evidence query told to drop statements
    answers differently from the saved one."""
    plain = PLAIN["evidence"]
    dropped = SavedQuery(plain.name, plain.title, plain.description,
                         plain.text.replace('BIND("statement" AS ?kind)',
                                            'BIND("statement" AS ?kind) FILTER(false)'),
                         plain.path, plain.params, plain.tags)
    values = {"entity": "https://w3id.org/aigraph/id/agreement/gwangju-parc-mou-2019"}
    assert Counter(solutions(store, dropped, values)[1]) != Counter(
        solutions(store, SAVED["evidence"], values)[1])


#: The saved queries with a bound form.
TWO_FORMS = sorted(name for name, query in SAVED.items() if query.bound_form is not None)


def saved_text_solutions(store: Store, query: SavedQuery, values: dict[str, str]
                         ) -> tuple[list[str], list[Row]]:
    """As :func:`solutions`, but always the saved text, never the bound form (the text a
    researcher binds in a tool of their own)."""
    bound = query.bind(values)
    return rows_of(run_query(store, bind(query.text, bound), bound))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", TWO_FORMS)
def test_a_saved_text_bound_answers_as_its_bound_form(any_store: Store, name: str) -> None:
    query = SAVED[name]
    keys = order_keys(query)
    narrowed = 0
    for values in cases(any_store, query):
        if not query.narrows(query.bind(values)):
            continue
        narrowed += 1
        assert_same_answer(saved_text_solutions(any_store, query, values),
                           solutions(any_store, query, values), keys, values)
    assert narrowed > 0


def test_every_bound_form_is_proved_against_a_plain_formulation() -> None:
    """A bound form is a second text to trust: the plain formulation it came from stays as
    a fixture, so that both the saved text and the bound form are proved against it."""
    assert set(TWO_FORMS) <= set(PLAIN)
