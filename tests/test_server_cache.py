"""Revalidation: one rule on every GET route (ETag from the bytes, exact Vary, 304)."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from aigraph.server.cache import entity_tag, matches, vary_value

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SELECT = quote("SELECT ?s WHERE { ?s a <https://w3id.org/aigraph/ontology#Agreement> }")

#: Every kind of cacheable answer: pages, documents, answers, files, machinery.
ROUTES = [
    ("/", BROWSER), ("/id/org/gist", BROWSER), ("/id/org/gist", "text/turtle"),
    ("/id/org/gist", "application/ld+json"), ("/id/org/gist.nt", "*/*"),
    ("/id/article/000-7b0d44fbd805e180", BROWSER), ("/id/role", BROWSER),
    ("/id/role.ttl", "*/*"), ("/ontology", BROWSER), ("/ontology", "text/turtle"),
    ("/ontology.jsonld", "*/*"), ("/class/Person", BROWSER),
    ("/class/Person?format=json", "*/*"), ("/queries", BROWSER), ("/queries", "*/*"),
    ("/queries/agreements", BROWSER), ("/queries/agreements", "application/json"),
    ("/queries/agreements.csv", "*/*"), ("/dumps/aigraph.nt", "*/*"),
    ("/dumps/aigraph.ttl.gz", "*/*"), ("/.well-known/void", "text/turtle"),
    (f"/sparql?query={SELECT}", "application/sparql-results+json"),
    (f"/sparql?query={SELECT}", BROWSER), ("/sparql", "text/turtle"), ("/sparql", BROWSER),
    ("/export/graph.graphml", "*/*"), ("/graph/ontology.cyjs", "*/*"),
    ("/context.jsonld", "*/*"), ("/search?q=gist", BROWSER), ("/timeline", BROWSER),
    ("/editor", BROWSER), ("/graph", BROWSER), ("/docs", BROWSER),
    ("/openapi.json", "*/*"), ("/static/style.css", "*/*"),
]


@pytest.mark.parametrize(("path", "accept"), ROUTES)
def test_every_cacheable_route_answers_304_when_the_client_copy_is_current(
        http: httpx.Client, path: str, accept: str) -> None:
    first = http.get(path, headers={"Accept": accept})
    assert first.status_code == 200 and first.content
    etag = first.headers["etag"]
    for header in (etag, f"W/{etag}", f'"stale", {etag}', "*"):
        again = http.get(path, headers={"Accept": accept, "If-None-Match": header})
        assert again.status_code == 304, header
        assert again.content == b"" and again.headers["etag"] == etag
        assert again.headers.get("vary") == first.headers.get("vary")
        assert "content-type" not in again.headers
    head = http.head(path, headers={"Accept": accept, "If-None-Match": etag})
    assert head.status_code == 304
    changed = http.get(path, headers={"Accept": accept, "If-None-Match": '"stale"'})
    assert changed.status_code == 200 and changed.content == first.content


@pytest.mark.parametrize(("path", "accept"), [
    ("/id/org/gist", "text/turtle"), ("/id/org/gist.jsonld", "*/*"),
    ("/id/org/gist?lang=en", BROWSER), ("/ontology?lang=ko", BROWSER),
    (f"/sparql?query={SELECT}&format=csv", "*/*"), ("/dumps/aigraph.nq.gz", "*/*"),
])
def test_the_same_bytes_get_the_same_etag_whatever_the_language_asked(
        http: httpx.Client, path: str, accept: str) -> None:
    english = http.get(path, headers={"Accept": accept, "Accept-Language": "en"})
    korean = http.get(path, headers={"Accept": accept, "Accept-Language": "ko-KR"})
    assert english.content == korean.content
    assert english.headers["etag"] == korean.headers["etag"]
    assert "Accept-Language" not in english.headers.get("vary", "")


def test_a_page_in_the_language_of_accept_language_varies_by_it(http: httpx.Client) -> None:
    english = http.get("/id/org/gist", headers={"Accept": BROWSER, "Accept-Language": "en"})
    korean = http.get("/id/org/gist", headers={"Accept": BROWSER, "Accept-Language": "ko"})
    assert english.content != korean.content
    assert english.headers["etag"] != korean.headers["etag"]
    vary = {v.strip() for v in english.headers["vary"].split(",")}
    assert {"Accept", "Accept-Language"} <= vary
    unknown = http.get("/id/org/gist", headers={"Accept": BROWSER, "Accept-Language": "fr"})
    assert unknown.headers["etag"] == korean.headers["etag"]  # Korean either way


def test_vary_names_accept_only_where_the_format_was_negotiated(http: httpx.Client) -> None:
    negotiated = http.get("/id/org/gist", headers={"Accept": "text/turtle"})
    assert "Accept" in {v.strip() for v in negotiated.headers["vary"].split(",")}
    named = http.get("/id/org/gist.ttl", headers={"Accept": "text/turtle"})
    assert "Accept" not in {v.strip() for v in named.headers.get("vary", "").split(",")}
    assert named.headers["etag"] == negotiated.headers["etag"]


def test_a_new_answer_gets_a_new_etag(http: httpx.Client) -> None:
    one = http.get("/sparql", params={"query": "SELECT (1 AS ?x) {}"})
    two = http.get("/sparql", params={"query": "SELECT (2 AS ?x) {}"})
    assert one.headers["etag"] != two.headers["etag"]


def test_errors_and_posts_are_not_revalidated(http: httpx.Client) -> None:
    missing = http.get("/id/org/nothing-here", headers={"If-None-Match": "*"})
    assert missing.status_code == 404 and "etag" not in missing.headers
    posted = http.post("/sparql", data={"query": "ASK {}"}, headers={"If-None-Match": "*"})
    assert posted.status_code == 200 and "etag" not in posted.headers


def test_if_none_match_is_compared_weakly_and_read_strictly() -> None:
    tag = entity_tag("text/turtle", "", b"<a> <b> <c> .")
    assert tag == entity_tag("text/turtle", "", b"<a> <b> <c> .")
    assert tag != entity_tag("application/n-triples", "", b"<a> <b> <c> .")
    assert matches(f' "x" ,W/{tag}', tag) and matches("*", tag)
    assert not matches('"x"', tag) and not matches("", tag) and not matches(None, tag)
    assert not matches(tag.strip('"'), tag)  # an unquoted tag is not an entity tag
    assert vary_value("Origin, accept", {"Accept", "Accept-Language"}) == \
        "Origin, accept, Accept-Language"


@pytest.mark.parametrize(("path", "accept"), [
    ("/dumps/aigraph.nt", "*/*"), ("/id/org/gist", BROWSER), ("/id/org/gist", "text/turtle"),
    (f"/sparql?query={SELECT}", "text/csv"), ("/static/style.css", "*/*"),
])
def test_head_gets_the_headers_of_get_and_no_body(http: httpx.Client, path: str,
                                                  accept: str) -> None:
    get = http.get(path, headers={"Accept": accept})
    head = http.head(path, headers={"Accept": accept})
    assert get.status_code == head.status_code == 200
    assert head.content == b"" and get.content
    assert [(k, v) for k, v in head.headers.items() if k not in ("date", "x-cache")] == \
        [(k, v) for k, v in get.headers.items() if k not in ("date", "x-cache")]


def test_an_answer_sent_again_keeps_the_tag_made_the_first_time() -> None:
    from aigraph.results import Answer
    from aigraph.server.cache import revalidated

    media = "text/csv; charset=utf-8"
    answer = Answer(b"s\r\nx\r\n", "text/csv", "select", 1, False)
    start = {"type": "http.response.start", "status": 200,
             "headers": [(b"content-type", media.encode())]}

    def etag(body: bytes, if_none_match: str | None = None) -> tuple[int, bytes]:
        first, _ = revalidated(start, body, if_none_match, answer)
        return first["status"], dict(first["headers"]).get(b"etag", b"")

    made = entity_tag(media, "", answer.body)
    assert etag(answer.body) == (200, made.encode()) and answer.tags == {media: made}
    answer.tags[media] = '"remembered"'  # the remembered tag is used, not made again
    assert etag(answer.body) == (200, b'"remembered"')
    assert etag(answer.body, '"remembered"') == (304, b'"remembered"')
    # other bytes (a copy, a page made from the answer) get their own tag
    assert etag(bytes(bytearray(answer.body))) == (200, made.encode())
