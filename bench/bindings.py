"""The real values the benchmarks bind a saved query's parameters to.

A parameter is bound to its declared default (``#+ params`` in the ``.rq`` header) or to
the busiest entity of the graph for it (the organisation with the most agreements, the
event with the most participations …): the five-article bench prefers the default, which
names a real entity of the corpus; the scale bench prefers the busiest entity, as a
synthetic graph does not hold the corpus's entities. Values are read from the store with
pyoxigraph and bound by :func:`aigraph.binding.bind` (a leading ``VALUES`` block written by
pyoxigraph's term serialiser), never formatted into the text by the bench.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyoxigraph import QuerySolutions, Store

if TYPE_CHECKING:
    from aigraph.queries import SavedQuery as Saved

AIG = "https://w3id.org/aigraph/ontology#"
PREFIXES = """PREFIX aig: <https://w3id.org/aigraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""
BUSIEST = "SELECT ?v WHERE {{ {} }} GROUP BY ?v ORDER BY DESC(COUNT(*)) ?v LIMIT 1"
#: saved query → parameter → the pattern whose most frequent ``?v`` is bound
PICKS: dict[str, dict[str, str]] = {
    "agreements-of-party": {"org": "?a aig:party ?v . ?v a aig:Organization"},
    "people-by-organisation": {"org": "?m org:organization ?v"},
    "evidence": {"entity": "?m org:member ?v"},
    "event-participants": {"event": "?p aig:inEvent ?v"},
    "opening-attendees": {"event": "?p aig:inEvent ?v"},
    "sub-events": {"event": "?s schema:superEvent ?v"},
    # Its default is an event of the real corpus, which a synthetic graph does not have.
    "participants-with-sub-events": {"event": "?s schema:superEvent ?v"},
    "entity-by-name": {"name": "?a schema:mentions ?e . ?e rdfs:label ?v "
                               "FILTER(lang(?v) = 'ko')"},
    "figures-for-year": {"year": "?t aig:targetDate ?v"},
    "funding-breakdown": {"budget": "?v aig:hasComponent ?c"},
}
#: saved query → parameter → a fixed value (a class, not an entity of the graph)
FIXED = {"targets-and-budgets": {"type": f"{AIG}Budget"}}


def busiest(store: Store, pattern: str) -> str:
    """The most frequent value of ``?v`` in a pattern (ties by value), or ``""``."""
    result = store.query(PREFIXES + BUSIEST.format(pattern))
    assert isinstance(result, QuerySolutions)
    for row in result:
        return str(row["v"].value)
    return ""


def picked(store: Store, query: str, param: str) -> str:
    """The fixed or busiest value for one parameter of a saved query, or ``""``."""
    if fixed := FIXED.get(query, {}).get(param):
        return fixed
    pattern = PICKS.get(query, {}).get(param)
    return busiest(store, pattern) if pattern else ""


def real_values(saved: Saved, store: Store, *, defaults_first: bool) -> dict[str, str]:
    """A value for every parameter of ``saved`` that has one: its default or the picked
    value, whichever ``defaults_first`` puts first (a parameter with neither is left out)."""
    values = {}
    for param in saved.params:
        default = param.default or ""
        if defaults_first:
            value = default or picked(store, saved.name, param.name)
        else:
            value = picked(store, saved.name, param.name) or default
        if value:
            values[param.name] = value
    return values
