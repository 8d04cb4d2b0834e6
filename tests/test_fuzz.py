"""Bad input, fuzzed: every answer is documented, and nothing a client sends is a 5xx.

schemathesis runs every operation of the OpenAPI document against the live server and
checks each answer against it; hypothesis sends malformed SPARQL, oversized and mis-encoded
bodies, odd ``Accept`` and ``Accept-Language`` headers and path tricks. A client that asks
for JSON gets its errors as ``{"ok": false, "error": ..., "status": N}``.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pyoxigraph import NamedNode, QueryResultsFormat, Store, parse_query_results
from schemathesis import checks

from aigraph.config import Settings
from aigraph.federation import services
from aigraph.queries import load_queries
from aigraph.results import GRAPH_MEDIA, RESULT_MEDIA
from aigraph.server import create_app
from aigraph.server.sparql import UTF8_NAMES
from tests.conftest import LiveServer

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(root=ROOT)
SAVED = load_queries(SETTINGS.queries_dir)
#: The app's OpenAPI document (it does not depend on the store): the one that is fuzzed.
DOCUMENT = create_app(SETTINGS).openapi()
#: The request-size limit the live server runs with (the default).
LIMIT = SETTINGS.max_body_bytes
JSON = "application/json"
DIRECT = "application/sparql-query"
FORM = "application/x-www-form-urlencoded"
#: Reproducible runs: a fixed seed for schemathesis, derandomized hypothesis.
FUZZ = settings(max_examples=40, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def client(live: LiveServer) -> Iterator[httpx.Client]:
    """One HTTP client for every generated request of this module."""
    with httpx.Client(base_url=live.url, timeout=30) as session:
        yield session


def assert_error(response: httpx.Response, *statuses: int) -> dict[str, object]:
    """The response is one of these error statuses, in the one JSON error shape."""
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith(JSON)
    body = response.json()
    assert body.keys() == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == response.status_code
    assert isinstance(body["error"], str) and body["error"]
    return body


# -- 1. the OpenAPI document, fuzzed by schemathesis ---------------------------------------

@schemathesis.serializer(DIRECT)
def _direct_body(ctx: schemathesis.SerializationContext, value: object) -> bytes:
    """A direct POST body: the query text in UTF-8 (a generated non-string as its JSON)."""
    if isinstance(value, bytes):
        return value
    text = value if isinstance(value, str) else json.dumps(value)
    return text.encode("utf-8", "surrogatepass")


API = schemathesis.openapi.from_dict(DOCUMENT, config=schemathesis.Config.from_dict({
    "seed": 20260101,
    "generation": {"max-examples": 20, "deterministic": True, "database": "none"},
}))
#: No 5xx; status, media type, headers and body as documented; schema-violating input
#: refused; a method the path does not take is a 405 with ``Allow``.
CHECKS = [checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance, checks.response_headers_conformance,
          checks.response_schema_conformance, checks.negative_data_rejection,
          checks.unsupported_method, checks.allow_header_conformance]
#: Operations where a schema-valid string must also be a SPARQL query or a saved query's
#: name, so a schema-valid request may rightly be refused: no positive-data check there.
FREE_TEXT = {"/sparql", "/export/graph.{fmt}"}


@API.parametrize()
@settings(max_examples=20, derandomize=True, deadline=None, database=None)
def test_every_operation_answers_as_the_openapi_document_says(
        case: schemathesis.Case, live: LiveServer) -> None:
    more = [] if case.operation.path in FREE_TEXT else [checks.positive_data_acceptance]
    case.call_and_validate(base_url=live.url, checks=[*CHECKS, *more])


def test_the_fuzzed_document_is_the_one_the_server_publishes(client: httpx.Client) -> None:
    assert client.get("/openapi.json").json() == DOCUMENT


def test_every_documented_error_is_the_one_error_shape_and_never_a_422() -> None:
    shape = DOCUMENT["components"]["schemas"]["ErrorBody"]
    assert shape["required"] == ["ok", "error", "status"] and not shape["additionalProperties"]
    for path, methods in DOCUMENT["paths"].items():
        for method, operation in methods.items():
            errors = {int(s): r for s, r in operation["responses"].items() if int(s) >= 400}
            assert 422 not in errors
            assert errors or (method, path) == ("get", "/queries")
            for response in errors.values():
                assert response["content"][JSON]["schema"] == {
                    "$ref": "#/components/schemas/ErrorBody"}


def test_a_method_a_path_does_not_take_is_405_with_allow_naming_those_it_does(
        client: httpx.Client) -> None:
    response = client.request("TRACE", "/sparql", headers={"Accept": JSON})
    assert_error(response, 405)
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST"}


# -- 2. random and malformed SPARQL --------------------------------------------------------

EMPTY = Store()


def parses(query: str) -> bool:
    """Whether the SPARQL parser the server uses reads the query."""
    try:
        EMPTY.query(query)
    except SyntaxError:
        return False
    return True


TEXTS = [q.text for q in SAVED.values()]
BAD_IRI_CHARS = " <>\"{}|^`\\\n\t"
random_text = st.text(max_size=300)
truncated = st.sampled_from(TEXTS).flatmap(
    lambda text: st.integers(0, text.rindex("}") - 1).map(lambda cut: text[:cut]))
unbalanced = st.tuples(st.sampled_from(TEXTS), st.sampled_from("{}()[]"),
                       st.integers(0, 10_000)).map(
    lambda t: t[0][:t[2] % len(t[0])] + t[1] + t[0][t[2] % len(t[0]):])
bad_iri = st.tuples(st.text(max_size=20), st.sampled_from(BAD_IRI_CHARS),
                    st.text(max_size=20)).map(
    lambda t: f"SELECT * WHERE {{ <http://x/{t[0]}{t[1]}{t[2]}> ?p ?o }}")
huge_literal = st.tuples(st.integers(1, 40_000), st.sampled_from(['"', "'", '"""'])).map(
    lambda t: f"SELECT ?x WHERE {{ BIND({t[1]}{'가' * t[0]} AS ?x) }}")
#: SPARQL the parser refuses (and that names no SERVICE, which is refused first, with 403).
MALFORMED = st.one_of(random_text, truncated, unbalanced, bad_iri, huge_literal).filter(
    lambda q: not parses(q) and not services(q))
#: Three ways to send a query: GET, a POST form, a direct POST.
TRANSPORTS = ("get", "form", "direct")


def send_query(client: httpx.Client, transport: str, query: str,
               accept: str = JSON) -> httpx.Response:
    """Send a query by GET (short ones), POST form or direct POST."""
    headers = {"Accept": accept}
    if transport == "get" and len(quote(query)) < 8_000:
        return client.get("/sparql", params={"query": query}, headers=headers)
    if transport == "direct":
        return client.post("/sparql", content=query.encode("utf-8"),
                           headers={**headers, "Content-Type": DIRECT})
    return client.post("/sparql", data={"query": query}, headers=headers)


@settings(FUZZ, max_examples=150)
@given(query=MALFORMED, transport=st.sampled_from(TRANSPORTS))
def test_malformed_sparql_is_a_400_in_the_error_shape(client: httpx.Client, query: str,
                                                      transport: str) -> None:
    body = assert_error(send_query(client, transport, query), 400)
    assert "SPARQL" in str(body["error"]) or "query" in str(body["error"])


@settings(FUZZ, max_examples=30)
@given(name=st.sampled_from(sorted(SAVED)), transport=st.sampled_from(TRANSPORTS))
def test_every_saved_query_sent_as_sparql_answers_200(client: httpx.Client, name: str,
                                                      transport: str) -> None:
    accept = f"{RESULT_MEDIA['json']}, {GRAPH_MEDIA['nt']};q=0.9"
    response = send_query(client, transport, SAVED[name].text, accept)
    assert response.status_code == 200, response.text[:300]
    if SAVED[name].form in ("CONSTRUCT", "DESCRIBE"):
        assert response.headers["content-type"].startswith(GRAPH_MEDIA["nt"])
    else:
        parse_query_results(response.content, format=QueryResultsFormat.JSON)


@settings(FUZZ, max_examples=12)
@given(size=st.integers(1, 100_000), transport=st.sampled_from(TRANSPORTS))
def test_a_huge_but_valid_literal_is_answered_with_its_length(client: httpx.Client, size: int,
                                                              transport: str) -> None:
    query = f'SELECT (STRLEN("{"가" * size}") AS ?n) WHERE {{}}'
    response = send_query(client, transport, query)
    assert response.status_code == 200, response.text[:300]
    rows = list(parse_query_results(response.content, format=QueryResultsFormat.JSON))
    assert int(rows[0]["n"].value) == size


def is_iri(text: str) -> bool:
    """Whether the store takes the text as an IRI."""
    try:
        NamedNode(text)
    except ValueError:
        return False
    return True


@FUZZ
@given(graph=st.text(max_size=40).filter(lambda t: not is_iri(t)),
       key=st.sampled_from(["default-graph-uri", "named-graph-uri"]),
       transport=st.sampled_from(["get", "form"]))
def test_a_graph_that_is_not_an_iri_is_a_400_naming_the_parameter(
        client: httpx.Client, graph: str, key: str, transport: str) -> None:
    params = {"query": "ASK {}", key: graph}
    response = client.get("/sparql", params=params, headers={"Accept": JSON}) \
        if transport == "get" else client.post("/sparql", data=params, headers={"Accept": JSON})
    assert key in str(assert_error(response, 400)["error"])


# -- 3. huge bodies and wrong encodings ----------------------------------------------------

def raw_request(live: LiveServer, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (what no client library would write: a lying header, a path
    with ``..`` in it) and read the first response."""
    with socket.create_connection(("127.0.0.1", live.settings.port), timeout=20) as sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock)
        try:
            response.begin()
            headers = {name.lower(): value for name, value in response.getheaders()}
            return response.status, headers, response.read()
        finally:
            response.close()


def raw_error(status: int, headers: dict[str, str], body: bytes) -> dict[str, object]:
    """A raw response's body in the one JSON error shape."""
    assert headers["content-type"].startswith(JSON)
    parsed = json.loads(body)
    assert parsed["ok"] is False and parsed["status"] == status
    return parsed


@pytest.mark.parametrize("media", [FORM, DIRECT])
@pytest.mark.parametrize("size", [LIMIT + 1, 3 * LIMIT])
def test_a_body_over_the_limit_is_413(client: httpx.Client, media: str, size: int) -> None:
    body = (b"query=" if media == FORM else b"") + b"x" * size
    response = client.post("/sparql", content=body,
                           headers={"Content-Type": media, "Accept": JSON})
    assert str(LIMIT) in str(assert_error(response, 413)["error"])


def test_a_chunked_body_over_the_limit_is_413(client: httpx.Client) -> None:
    chunks = (b"x" * 65_536 for _ in range(3 * LIMIT // 65_536))
    response = client.post("/sparql", content=chunks,
                           headers={"Content-Type": DIRECT, "Accept": JSON})
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert_error(response, 413)


def test_a_chunked_body_that_never_ends_is_cut_off_at_the_limit(live: LiveServer) -> None:
    head = (b"POST /sparql HTTP/1.1\r\nHost: test\r\nAccept: application/json\r\n"
            b"Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (65_536, b"x" * 65_536)
    status, headers, body = raw_request(live, head + chunk * (2 * LIMIT // 65_536))
    assert status == 413
    raw_error(status, headers, body)


def test_a_content_length_over_the_limit_is_413_before_the_body_arrives(
        live: LiveServer) -> None:
    head = (b"POST /sparql HTTP/1.1\r\nHost: test\r\nAccept: application/json\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: %d\r\n\r\n"
            % (10 * LIMIT))
    status, headers, body = raw_request(live, head + b"SELECT")
    assert status == 413
    assert str(10 * LIMIT) in str(raw_error(status, headers, body)["error"])


def test_a_client_gone_before_its_body_ends_is_no_server_error(
        live: LiveServer, caplog: pytest.LogCaptureFixture) -> None:
    head = (b"POST /sparql HTTP/1.1\r\nHost: test\r\nAccept: application/json\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n")
    with caplog.at_level(logging.ERROR, logger="aigraph.server"):
        with socket.create_connection(("127.0.0.1", live.settings.port), timeout=20) as sock:
            sock.sendall(head + b"ASK {}")
            sock.shutdown(socket.SHUT_WR)
            answer = sock.recv(65_536)
        time.sleep(1)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("chunked", [False, True])
def test_a_labels_body_over_the_limit_is_413(client: httpx.Client, chunked: bool) -> None:
    body = json.dumps(["https://w3id.org/aigraph/id/org/gist"] * (LIMIT // 30)).encode()
    content = (body[i:i + 65_536] for i in range(0, len(body), 65_536)) if chunked else body
    response = client.post("/labels", content=content, headers={"Accept": JSON})
    assert_error(response, 413)


@FUZZ
@given(body=st.one_of(st.binary(max_size=200), st.integers(1, 200_000).map(lambda n: b"[" * n),
                      st.recursive(st.none() | st.text(max_size=5), lambda inner: st.lists(
                          inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                               max_size=3)).map(
                          lambda v: json.dumps(v).encode())))
def test_any_labels_body_is_answered_without_a_server_error(client: httpx.Client,
                                                            body: bytes) -> None:
    response = client.post("/labels", content=body, headers={"Accept": JSON})
    if response.status_code != 200:
        assert_error(response, 400)
    else:
        assert isinstance(response.json(), dict)


NOT_UTF8 = ["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-32", "cp949", "euc-kr",
            "shift_jis", "gb18030"]


@settings(FUZZ, max_examples=60)
@given(word=st.text(min_size=1, max_size=40), codec=st.sampled_from(NOT_UTF8),
       transport=st.sampled_from(["get", "direct", "form-escaped", "form-raw"]))
def test_a_query_in_another_encoding_than_utf8_is_a_400(client: httpx.Client, word: str,
                                                        codec: str, transport: str) -> None:
    data = f'SELECT ("{word}" AS ?word) WHERE {{}}'.encode(codec, "replace")
    assume_not_utf8(data)
    if transport == "get":
        response = client.get(f"/sparql?query={quote(data)}", headers={"Accept": JSON})
    else:
        body = {"direct": data, "form-escaped": b"query=" + quote(data).encode(),
                "form-raw": b"query=" + data}[transport]
        response = client.post("/sparql", content=body, headers={
            "Content-Type": DIRECT if transport == "direct" else FORM, "Accept": JSON})
    assert "UTF-8" in str(assert_error(response, 400)["error"])


def assume_not_utf8(data: bytes) -> None:
    """Keep only bytes that are not UTF-8 (some short texts encode the same either way)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    reject()


CHARSET = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_\"", max_size=16)


@FUZZ
@given(charset=CHARSET.filter(lambda c: c.strip('"').lower() not in UTF8_NAMES),
       media=st.sampled_from([FORM, DIRECT]))
def test_a_body_declared_in_another_charset_than_utf8_is_a_415(
        client: httpx.Client, charset: str, media: str) -> None:
    body = b"query=ASK%20%7B%7D" if media == FORM else b"ASK {}"
    response = client.post("/sparql", content=body, headers={
        "Content-Type": f"{media}; charset={charset}", "Accept": JSON})
    assert "UTF-8" in str(assert_error(response, 415)["error"])


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", '"utf-8"', "utf8", "us-ascii"])
@pytest.mark.parametrize("media", [FORM, DIRECT])
def test_a_body_declared_as_utf8_is_read(client: httpx.Client, charset: str,
                                         media: str) -> None:
    body = b"query=ASK%20%7B%7D" if media == FORM else b"ASK {}"
    response = client.post("/sparql", content=body, headers={
        "Content-Type": f"{media}; charset={charset}", "Accept": RESULT_MEDIA["json"]})
    assert response.status_code == 200 and response.json()["boolean"] is True


MEDIA_TYPE = st.one_of(
    st.from_regex(r"\A[a-z]{1,12}/[a-z0-9.+-]{1,24}\Z"),
    st.sampled_from(["", "text/plain", "application/json", "multipart/form-data; boundary=x",
                     "application/sparql-query-x", "application/x-www-form-urlencodedx",
                     "*/*", "application/sparql-results+json", "text/turtle"]))


@FUZZ
@given(media=MEDIA_TYPE.filter(lambda m: m.split(";")[0] not in (FORM, DIRECT,
                                                                  "application/sparql-update")))
def test_a_body_of_another_media_type_is_a_415_naming_the_two_we_read(
        client: httpx.Client, media: str) -> None:
    headers = {"Accept": JSON, **({"Content-Type": media} if media else {})}
    response = client.post("/sparql", content=b"ASK {}", headers=headers)
    message = str(assert_error(response, 415)["error"])
    assert FORM in message and DIRECT in message


# -- 4. odd Accept and Accept-Language headers ---------------------------------------------

#: What each page can answer, by media type.
PAGES = {
    "/sparql": ({"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"},
                {"text/html", *RESULT_MEDIA.values()}),
    "/id/org/gist": ({}, {"text/html", *(GRAPH_MEDIA[f] for f in ("ttl", "jsonld", "nt",
                                                                    "rdf"))}),
    "/queries/agreements": ({}, {"text/html", *RESULT_MEDIA.values()}),
    "/": ({}, {"text/html"}),
}
TYPES = ["text/html", "application/xhtml+xml", "text/turtle", "application/ld+json",
         "application/json", "application/sparql-results+json", "text/csv", "text/plain",
         "application/rdf+xml", "image/png", "*/*", "text/*", "application/*", "*/json", "x",
         "", "/", "text/", "*/", "tExT/HtMl", "application/sparql-results+xml"]
Q_VALUES = st.one_of(
    st.sampled_from(["1", "0", "0.5", "0.001", "abc", "", "1e999", "-1", "nan", "inf",
                     "-inf", "2", "0x1", "1_0", " 0.7 ", "１"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str))
PARAMETER = st.one_of(Q_VALUES.map(lambda q: f"q={q}"), st.sampled_from(
    ["charset=utf-8", "level=1", "profile=\"x\"", "=", "q", ";", "Q=0.1"]))
MEDIA_RANGE = st.tuples(st.sampled_from(TYPES), st.lists(PARAMETER, max_size=3)).map(
    lambda t: ";".join([t[0], *t[1]]))
PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
UNICODE = st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"])
ACCEPT = st.one_of(
    st.lists(MEDIA_RANGE, max_size=8).map(", ".join),
    st.text(PRINTABLE, max_size=200),
    st.text(UNICODE, max_size=60),
    st.integers(200, 600).map(lambda n: ", ".join(f"text/x-{i};q=0.{i % 10}"
                                                  for i in range(n))))
LANGUAGE = st.one_of(
    st.lists(st.tuples(st.sampled_from(["ko", "en", "en-US", "*", "", "zz-ZZ-x", "KO", "-"]),
                       Q_VALUES), max_size=6).map(
        lambda items: ", ".join(f"{tag};q={q}" for tag, q in items)),
    st.text(PRINTABLE, max_size=200),
    st.text(UNICODE, max_size=60),
    st.integers(200, 600).map(lambda n: ",".join(["en;q=0.1"] * n)))


def header_value(text: str) -> bytes:
    """A header value as bytes on the wire (UTF-8, for the unicode ones)."""
    return text.encode("utf-8")


@settings(FUZZ, max_examples=150)
@given(path=st.sampled_from(sorted(PAGES)), accept=ACCEPT, language=LANGUAGE)
def test_any_accept_gets_a_supported_format_or_a_406_naming_them(
        client: httpx.Client, path: str, accept: str, language: str) -> None:
    params, formats = PAGES[path]
    response = client.get(path, params=params, headers={
        "Accept": header_value(accept), "Accept-Language": header_value(language)})
    assert response.status_code in (200, 406), (response.status_code, response.text[:300])
    media = response.headers["content-type"].split(";")[0]
    if response.status_code == 200:
        assert media in formats
        if media == "text/html":
            assert re.search(r'<html lang="(ko|en)">', response.text)
    else:
        assert any(f in response.text for f in formats), response.text[:300]
        if media == JSON:
            assert_error(response, 406)


# -- 5. path tricks ------------------------------------------------------------------------

TRICKS = ["..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%2F", "%2f", "..%2F", "%2e%2e%2f", "%5C",
          "\\", "..\\", "%00", "%c0%ae", "%c0%af", "%e0%80%ae", "%c1%9c", "%252e%252e",
          "%252f", "%ff", "/", "//", ".%00.", "%u002e", "..;", "%0a", "%09"]
TARGETS = ["", "etc/passwd", "server/__init__.py", "ui.py", "agreements", "gist", "org/gist",
           "aigraph.ttl", "pyproject.toml", "..", "x"]
PREFIXES = ["/id/", "/id/org/", "/queries/", "/static/", "/dumps/aigraph.", "/ontology.",
            "/export/graph.", "/queries/agreements."]
TRICK_PATH = st.tuples(st.sampled_from(PREFIXES), st.lists(st.sampled_from(TRICKS),
                                                           min_size=1, max_size=5),
                       st.sampled_from(TARGETS)).map(lambda t: t[0] + "".join(t[1]) + t[2])
#: Text that would show the server handing out a file rather than an answer.
LEAKS = ["root:", "from __future__", "import ", "[build-system]", str(ROOT), "def "]


@settings(FUZZ, max_examples=200)
@given(path=TRICK_PATH)
def test_a_path_trick_is_a_4xx_in_the_error_shape_and_shows_no_file(live: LiveServer,
                                                                     path: str) -> None:
    status, headers, body = raw_request(live, b"GET %s HTTP/1.1\r\nHost: test\r\n"
                                        b"Accept: application/json\r\n\r\n" % path.encode())
    assert 400 <= status < 500, (path, status)
    raw_error(status, headers, body)
    assert not any(leak.encode() in body for leak in LEAKS), body[:300]
