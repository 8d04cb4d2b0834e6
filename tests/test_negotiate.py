"""Content negotiation: q-values, wildcards, q=0 exclusions, specificity."""

from __future__ import annotations

import pytest

from aigraph.server.negotiate import choose, from_name, offers, parse_accept, prefers_html

RESULTS = offers(["json", "xml", "csv", "tsv"])
GRAPHS = offers(["ttl", "nt", "jsonld", "rdf", "trig", "nq"])


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "json"),
    ("*/*", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv;q=0.5, text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("text/*;q=0.9, application/sparql-results+json;q=0.1", "csv"),
    ("*/*, application/sparql-results+json;q=0", "xml"),
    ("text/turtle", None),
    ("application/sparql-results+json;q=0", None),
])
def test_result_formats_follow_the_accept_header(accept: str | None,
                                                 expected: str | None) -> None:
    assert choose(parse_accept(accept), RESULTS) == expected


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/turtle", "ttl"),
    ("application/n-triples, text/turtle;q=0.9", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdf"),
    ("application/n-quads;q=1, application/trig;q=0.5", "nq"),
    ("text/plain", "nt"),
    ("text/*", "ttl"),
    ("application/sparql-results+json", None),
])
def test_graph_formats_follow_the_accept_header(accept: str, expected: str | None) -> None:
    assert choose(parse_accept(accept), GRAPHS) == expected


def test_the_most_specific_range_decides_the_quality() -> None:
    ranges = parse_accept("text/*;q=0.1, text/turtle;q=0.8, */*;q=0.5")
    assert choose(ranges, offers(["nt", "ttl"])) == "ttl"


def test_malformed_parts_of_an_accept_header_are_ignored() -> None:
    assert choose(parse_accept("garbage, ;;, text/turtle;q=abc, text/csv"), RESULTS) == "csv"


@pytest.mark.parametrize(("accept", "html"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),
    ("text/turtle", False),
    ("*/*", False),
    ("text/html;q=0.5, text/turtle", False),
    (None, False),
])
def test_browsers_get_html_and_programs_get_rdf(accept: str | None, html: bool) -> None:
    assert prefers_html(accept) is html


def test_format_names_match_as_documented_and_media_types_in_any_case() -> None:
    assert from_name("jsonld") == "jsonld" and from_name("TEXT/Turtle") == "ttl"
    assert from_name("JSON-LD") is None and from_name("TTL") is None
