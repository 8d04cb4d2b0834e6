"""``/sparql`` follows the SPARQL 1.1 Protocol (the intent of the W3C protocol tests)."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import rdflib
from pyoxigraph import QueryResultsFormat, parse_query_results

from aigraph.config import Settings
from tests.conftest import LiveServer

AIG = "PREFIX aig: <https://w3id.org/aigraph/ontology#> "
PEOPLE = AIG + "SELECT ?p WHERE { ?p a aig:Person }"
ARTICLE_GRAPH = "https://w3id.org/aigraph/graph/000-7b0d44fbd805e180"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def bindings(response: httpx.Response) -> list[dict[str, dict[str, str]]]:
    assert response.status_code == 200, response.text
    return json.loads(response.content)["results"]["bindings"]


def test_query_by_get(http: httpx.Client) -> None:
    assert len(bindings(http.get("/sparql", params={"query": PEOPLE}))) == 49


def test_query_by_post_form(http: httpx.Client) -> None:
    assert len(bindings(http.post("/sparql", data={"query": PEOPLE}))) == 49


def test_query_by_post_direct(http: httpx.Client) -> None:
    response = http.post("/sparql", content=PEOPLE.encode(),
                         headers={"Content-Type": "application/sparql-query"})
    assert len(bindings(response)) == 49


def test_default_graph_uri_sets_the_dataset(http: httpx.Client) -> None:
    query = AIG + "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a aig:Participation }"
    whole = bindings(http.get("/sparql", params={"query": query}))[0]["n"]["value"]
    one = bindings(http.get("/sparql", params={"query": query,
                                               "default-graph-uri": ARTICLE_GRAPH}))
    assert int(one[0]["n"]["value"]) == 12 < int(whole)


def test_named_graph_uri_limits_the_named_graphs(http: httpx.Client) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = bindings(http.post("/sparql", data={"query": query, "named-graph-uri": [
        ARTICLE_GRAPH, "https://w3id.org/aigraph/graph/registry"]}))
    assert {r["g"]["value"] for r in rows} == {ARTICLE_GRAPH,
                                               "https://w3id.org/aigraph/graph/registry"}


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_select_answers_in_every_results_format(http: httpx.Client, accept: str,
                                                media: str) -> None:
    response = http.get("/sparql", params={"query": PEOPLE}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith(media)
    assert "Accept" in response.headers["vary"]
    if media == "text/csv":
        assert len(list(csv.reader(io.StringIO(response.text)))) == 50
    else:
        fmt = {"application/sparql-results+json": QueryResultsFormat.JSON,
               "application/sparql-results+xml": QueryResultsFormat.XML,
               "text/tab-separated-values": QueryResultsFormat.TSV}[media]
        assert len(list(parse_query_results(response.content, format=fmt))) == 49  # type: ignore[arg-type]


@pytest.mark.usefixtures("live_contexts")  # JSON-LD names its context by URL
@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
    ("application/trig", "trig"), ("application/n-quads", "nquads"),
])
def test_construct_answers_in_every_rdf_format(http: httpx.Client, accept: str,
                                               rdflib_format: str) -> None:
    query = AIG + "CONSTRUCT { ?a aig:party ?p } WHERE { ?a aig:party ?p }"
    response = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = rdflib.Dataset() if rdflib_format in ("trig", "nquads") else rdflib.Graph()
    graph.parse(data=response.content, format=rdflib_format)
    assert len(graph) == 25


def test_ask_answers_true_or_false(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": AIG + "ASK { ?s a aig:Agreement }"})
    assert json.loads(response.content) == {"head": {}, "boolean": True}


def test_the_format_parameter_overrides_accept(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": PEOPLE, "format": "csv"},
                        headers={"Accept": "application/sparql-results+xml"})
    assert response.headers["content-type"].startswith("text/csv")


def test_no_acceptable_format_is_406_naming_the_formats(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    body = response.json()
    assert body["ok"] is False and body["status"] == 406
    assert "application/sparql-results+json" in body["error"]


def test_a_syntax_error_is_400_with_line_and_column(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": "SELECT ?x\nWHERE { ?x ?y }"})
    assert response.status_code == 400
    assert "line 2, column" in response.json()["error"]


def test_a_missing_query_in_a_post_is_400(http: httpx.Client) -> None:
    response = http.post("/sparql", data={"default-graph-uri": ARTICLE_GRAPH})
    assert response.status_code == 400 and "needs a query" in response.json()["error"]


def test_a_query_given_twice_is_400(http: httpx.Client) -> None:
    response = http.get(f"/sparql?query={quote(PEOPLE)}&query={quote(PEOPLE)}")
    assert response.status_code == 400 and "more than once" in response.json()["error"]
    both = http.post(f"/sparql?query={quote(PEOPLE)}", content=PEOPLE.encode(),
                     headers={"Content-Type": "application/sparql-query"})
    assert both.status_code == 400


def test_a_non_utf8_query_is_400(http: httpx.Client) -> None:
    assert http.get("/sparql?query=SELECT%20%FF%FE").status_code == 400
    response = http.post("/sparql", content=b"SELECT \xff WHERE {}",
                         headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400 and "UTF-8" in response.json()["error"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_a_post_body_of_another_media_type_is_415(http: httpx.Client,
                                                  content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = http.post("/sparql", content=PEOPLE.encode(), headers=headers)
    assert response.status_code == 415
    assert "application/sparql-query" in response.json()["error"]


@pytest.mark.parametrize("request_kwargs", [
    {"method": "POST", "content": b"INSERT DATA { <a:b> <a:c> <a:d> }",
     "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "POST", "data": {"update": "INSERT DATA { <a:b> <a:c> <a:d> }"}},
    {"method": "GET", "params": {"update": "CLEAR ALL"}},
])
def test_updates_are_refused_with_403(http: httpx.Client, request_kwargs: dict) -> None:  # type: ignore[type-arg]
    method = request_kwargs.pop("method")
    response = http.request(method, "/sparql", **request_kwargs)
    assert response.status_code == 403 and "read-only" in response.json()["error"]
    assert bindings(http.get("/sparql", params={"query": PEOPLE}))


def test_an_update_inside_a_query_parameter_is_a_syntax_error(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": "INSERT DATA { <a:b> <a:c> <a:d> }"})
    assert response.status_code == 400
    assert "update (INSERT DATA)" in response.json()["error"]


def test_an_undeclared_prefix_is_named_in_one_line(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s foo:bar ?o }"})
    error = response.json()["error"]
    assert response.status_code == 400 and "'foo:'" in error and "line 1" in error
    assert "\n" not in error and "[" not in error


def test_other_methods_are_405(http: httpx.Client) -> None:
    assert http.put("/sparql", content=b"x").status_code == 405


def test_a_body_over_the_limit_is_413(http: httpx.Client, live: LiveServer) -> None:
    big = b"#" * (live.settings.max_body_bytes + 1)
    response = http.post("/sparql", content=big,
                         headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_without_a_query_get_gives_the_service_description(http: httpx.Client) -> None:
    response = http.get("/sparql", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    endpoints = set(graph.objects(None, sd.endpoint))
    assert endpoints == {rdflib.URIRef(f"{str(http.base_url).rstrip('/')}/sparql")}
    assert (None, sd.feature, sd.UnionDefaultGraph) in graph
    assert int(graph.value(rdflib.URIRef("https://w3id.org/aigraph/dataset"),
                           void.triples)) > 5000
    # Every named graph of the store: one per article, the ontology, the names of outside
    # terms, the registry, the build, what the build inferred, VoID.
    names = {str(n) for n in graph.objects(None, sd.name)}
    rows = bindings(http.get("/sparql", params={"query": "SELECT DISTINCT ?g { GRAPH ?g {} }"}))
    assert names == {row["g"]["value"] for row in rows}
    assert {"ontology", "terms", "registry", "build", "void"} <= \
        {name.rsplit("/", 1)[-1] for name in names}


def test_cors_is_open_for_reads(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": PEOPLE},
                        headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    preflight = http.options("/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200


def test_answers_carry_an_etag_and_honour_if_none_match(http: httpx.Client) -> None:
    first = http.get("/sparql", params={"query": PEOPLE})
    etag = first.headers["etag"]
    again = http.get("/sparql", params={"query": PEOPLE}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag


def test_repeated_queries_come_from_the_cache_unless_told_not_to(http: httpx.Client) -> None:
    query = PEOPLE + " LIMIT 7"
    http.get("/sparql", params={"query": query})
    assert http.get("/sparql", params={"query": query}).headers["x-cache"] == "hit"
    fresh = http.get("/sparql", params={"query": query}, headers={"Cache-Control": "no-cache"})
    assert fresh.headers["x-cache"] == "miss" and len(bindings(fresh)) == 7


def test_a_long_query_is_stopped_while_others_are_served(http: httpx.Client,
                                                         live: LiveServer) -> None:
    outcome: dict[str, httpx.Response] = {}

    def slow() -> None:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            outcome["slow"] = client.get("/sparql", params={"query": CROSS},
                                         headers={"Cache-Control": "no-cache"})

    started = time.monotonic()
    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    quick_start = time.monotonic()
    quick = http.get("/sparql", params={"query": PEOPLE + " LIMIT 3"},
                     headers={"Cache-Control": "no-cache"})
    quick_time = time.monotonic() - quick_start
    thread.join(60)
    assert len(bindings(quick)) == 3 and quick_time < 2.0
    slow_response = outcome["slow"]
    assert slow_response.status_code == 503
    assert "longer than 3 s" in slow_response.json()["error"]
    assert time.monotonic() - started < 15
    assert len(bindings(http.get("/sparql", params={"query": PEOPLE}))) == 49


def test_a_row_cap_truncates_with_an_explicit_signal(project_settings, built) -> None:  # noqa: ANN001
    with LiveServer(project_settings.with_(max_rows=5, query_workers=1)) as server:
        response = httpx.get(f"{server.url}/sparql", params={"query": PEOPLE})
    assert response.headers["x-result-truncated"] == "true"
    assert response.headers["x-result-limit"] == "5"
    assert "truncated" in response.headers["warning"]
    assert len(bindings(response)) == 5


def test_an_answer_over_the_response_byte_limit_is_cut_and_flagged(project_settings,  # noqa: ANN001
                                                                   built) -> None:  # noqa: ANN001
    small = project_settings.with_(max_response_bytes=20_000)
    with LiveServer(small) as server:
        response = httpx.get(f"{server.url}/sparql", params={
            "query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.headers["X-Result-Truncated"] == "true"
    rows = json.loads(response.content)["results"]["bindings"]
    assert 0 < len(rows) < 1000 and len(response.content) < 60_000


def test_a_browser_gets_the_answer_as_a_page_with_downloads(http: httpx.Client) -> None:
    query = "SELECT ?p WHERE { ?p a aig:Person } LIMIT 7"
    page = http.get("/sparql", params={"query": "PREFIX aig: <https://w3id.org/aigraph/"
                                                "ontology#>\n" + query},
                    headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    body = page.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr") == 7 and body.count('href="/id/person/') == 7
    assert 'format=csv' in page.text and 'format=json' in page.text
    machine = http.get("/sparql", params={"query": "SELECT * WHERE {} LIMIT 1"})
    assert machine.headers["content-type"].startswith("application/sparql-results+json")


BASE = "https://w3id.org/aigraph/"
RELATIVE = "CONSTRUCT { <s> <p> 1 } WHERE {}"


def _triples(response: httpx.Response) -> set[tuple[str, str, str]]:
    graph = rdflib.Graph().parse(data=response.content, format="nt")
    return {(str(s), str(p), str(o)) for s, p, o in graph}


@pytest.mark.parametrize("send", ["get", "form", "direct"])
def test_relative_iris_resolve_against_the_base_iri_of_the_service(http: httpx.Client,
                                                                   send: str) -> None:
    # The SPARQL 1.1 Protocol test query_content_type_construct sends this very query.
    accept = {"Accept": "application/n-triples"}
    if send == "get":
        response = http.get("/sparql", params={"query": RELATIVE}, headers=accept)
    elif send == "form":
        response = http.post("/sparql", data={"query": RELATIVE}, headers=accept)
    else:
        response = http.post("/sparql", content=RELATIVE.encode(), headers={
            **accept, "Content-Type": "application/sparql-query"})
    assert response.status_code == 200, response.text
    assert _triples(response) == {(f"{BASE}s", f"{BASE}p", "1")}


def test_a_query_with_its_own_base_keeps_it(http: httpx.Client) -> None:
    own = http.get("/sparql", params={"query": "BASE <http://example.org/x/> " + RELATIVE},
                   headers={"Accept": "application/n-triples"})
    assert _triples(own) == {("http://example.org/x/s", "http://example.org/x/p", "1")}
    relative = http.get("/sparql", params={"query": "BASE <sub/> " + RELATIVE},
                        headers={"Accept": "application/n-triples"})
    assert _triples(relative) == {(f"{BASE}sub/s", f"{BASE}sub/p", "1")}
    entity = http.get("/sparql", params={
        "query": "ASK { <id/org/gist> a <ontology#Organization> }"})
    assert json.loads(entity.content)["boolean"] is True


def test_a_saved_query_with_relative_iris_resolves_them_too(
        tmp_path: Path, project_settings: Settings, built: object) -> None:
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "gist-labels.rq").write_text(
        "#+ title:\n#+   ko: GIST 이름\n#+   en: The names of GIST\n#+ description:\n"
        "#+   ko: 상대 IRI로 쓴 질의\n#+   en: A query written with relative IRIs\n"
        "#+ tags: [test]\n"
        "SELECT ?name WHERE { <id/org/gist> <http://www.w3.org/2000/01/rdf-schema#label> "
        "?name }\n", encoding="utf-8")
    with LiveServer(project_settings.with_(queries_dir=queries)) as server:
        response = httpx.get(f"{server.url}/queries/gist-labels.json", timeout=30)
    assert response.status_code == 200, response.text
    names = {row["name"]["value"] for row in bindings(response)}
    assert "광주과학기술원" in names


def test_a_query_asked_again_is_answered_in_process_with_the_same_bytes_and_tag(
        project_settings, built) -> None:  # noqa: ANN001
    """Uncached (``no-cache``), the first answer comes from a worker, the next ones from
    the server's own process: the same bytes, rows and ETag; a runaway query is still
    stopped every time."""
    fresh = {"Cache-Control": "no-cache", "Accept": "application/sparql-results+json"}
    with LiveServer(project_settings.with_(query_timeout=1.5)) as server:
        pool = server.app.state.service.pool
        answers = [httpx.get(f"{server.url}/sparql", params={"query": PEOPLE}, headers=fresh)
                   for _ in range(3)]
        runaway = [httpx.get(f"{server.url}/sparql", params={"query": CROSS}, headers=fresh,
                             timeout=30) for _ in range(2)]
        inline = pool.inline
    assert inline == 2
    assert {a.content for a in answers} == {answers[0].content}
    assert {a.headers["etag"] for a in answers} == {answers[0].headers["etag"]}
    assert {a.headers["x-result-rows"] for a in answers} == {"49"}
    assert all(a.headers["x-cache"] == "miss" for a in answers)
    assert len(bindings(answers[-1])) == 49
    assert [r.status_code for r in runaway] == [503, 503]


def test_a_service_call_is_refused_for_a_page_as_for_data(http: httpx.Client) -> None:
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    for accept in ("text/html", "application/sparql-results+json"):
        response = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 403, accept
        assert "federation is off" in response.text


@pytest.mark.parametrize("padding", [0, 20_000])  # remembered, and too long to remember
def test_a_service_call_is_refused_every_time_and_a_comment_about_service_is_not(
        http: httpx.Client, padding: int) -> None:
    comment = "# " + "x" * padding + "\n"
    call = comment + "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    mention = comment + "# the date of service launch\n" + PEOPLE
    for _ in range(3):
        assert http.post("/sparql", data={"query": call}).status_code == 403
        assert len(bindings(http.post("/sparql", data={"query": mention}))) == 49


# -- the direct path: /sparql answered without the framework's routing ---------------------

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
#: A query whose answer has one order, so that equal answers are equal bytes.
ORDERED = PEOPLE + " ORDER BY ?p"
#: One request of each kind the endpoint answers: method, target, headers, body.
EXCHANGES: list[tuple[str, str, dict[str, str], bytes | None]] = [
    ("GET", f"/sparql?query={quote(ORDERED)}", {}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}", {"Accept": "text/csv"}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}",
     {"Accept": "application/sparql-results+xml"}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}&format=tsv", {"Accept": "text/csv"}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}&format=bogus", {}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}", {"Accept": "image/png"}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}", {"Accept": BROWSER}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}&format=html", {}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}", {"Origin": "https://example.org"}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}", {"If-None-Match": "*"}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}", {"If-None-Match": '"stale"'}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}", {"Cache-Control": "no-cache"}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}&default-graph-uri={quote(ARTICLE_GRAPH)}",
     {}, None),
    ("GET", f"/sparql?query={quote(AIG + 'CONSTRUCT WHERE { ?p a aig:Person }')}",
     {"Accept": "text/turtle"}, None),
    ("GET", f"/sparql?query={quote(AIG + 'ASK { ?s a aig:Agreement }')}", {}, None),
    ("GET", "/sparql?query=SELEC", {}, None),
    ("GET", "/sparql?query=SELEC", {"Accept": BROWSER}, None),
    ("GET", "/sparql?query=SELECT%20%FF%FE", {}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}&query={quote(ORDERED)}", {}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}&update=x", {}, None),
    ("GET", f"/sparql?query={quote(ORDERED)}&named-graph-uri=not%20an%20iri", {}, None),
    ("GET", "/sparql?query=" + quote("SELECT * { SERVICE <http://example.org/s> { ?s ?p ?o } }"),
     {}, None),
    ("GET", "/sparql", {"Accept": "text/turtle"}, None),
    ("GET", "/sparql", {"Accept": BROWSER}, None),
    ("HEAD", f"/sparql?query={quote(ORDERED)}", {}, None),
    ("HEAD", f"/sparql?query={quote(ORDERED)}", {"If-None-Match": "*"}, None),
    ("HEAD", "/sparql?query=SELEC", {}, None),
    ("POST", "/sparql", FORM, f"query={quote(ORDERED)}".encode()),
    ("POST", "/sparql", {"Content-Type": "application/sparql-query"}, ORDERED.encode()),
    ("POST", "/sparql", {"Content-Type": "text/plain"}, ORDERED.encode()),
    ("POST", "/sparql", {"Content-Type": "application/sparql-update"}, b"CLEAR ALL"),
    ("PUT", "/sparql", {}, b""),
    ("GET", f"/sparql?query={quote(CROSS)}", {"Cache-Control": "no-cache"}, None),
]


@pytest.fixture(scope="module")
def routed(live: LiveServer):  # noqa: ANN201 - a generator
    """The same service with ``/sparql`` left to the framework's routing."""
    from aigraph.server import create_app

    server = LiveServer(live.settings)
    server.app = create_app(server.settings, direct=False)
    server.server.config.app = server.app
    with server:
        yield server


def exchange(url: str, method: str, target: str, headers: dict[str, str],
             body: bytes | None) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Status, headers (but the date) and body of one request, sent as the same host."""
    with httpx.Client(base_url=url, timeout=30) as client:
        response = client.request(method, target, content=body,
                                  headers={"Host": "aigraph.test", **headers})
    kept = [(k.lower(), v) for k, v in response.headers.raw if k.lower() != b"date"]
    return response.status_code, kept, response.content


@pytest.mark.parametrize(("method", "target", "headers", "body"), EXCHANGES)
def test_the_direct_path_answers_as_the_routed_route_does(
        live: LiveServer, routed: LiveServer, method: str, target: str,
        headers: dict[str, str], body: bytes | None) -> None:
    for server in (live, routed):
        server.app.state.service.cache.clear()
    for _ in range(2):  # the second time from the answer cache, or in-process
        direct = exchange(live.url, method, target, headers, body)
        through_routing = exchange(routed.url, method, target, headers, body)
        assert direct == through_routing
    assert direct[0] in (200, 304, 400, 403, 405, 406, 415, 503)


def test_gets_and_posts_at_sparql_do_not_reach_the_routing(live: LiveServer) -> None:
    import asyncio
    import threading

    from aigraph.server.direct import DirectSparql

    routed: list[tuple[str, str]] = []

    async def routing(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
        routed.append((scope["method"], scope["path"]))

    sent: list[dict] = []  # type: ignore[type-arg]

    async def send(message: dict) -> None:  # type: ignore[type-arg]
        sent.append(message)

    async def receive() -> dict:  # type: ignore[type-arg]
        return {"type": "http.request", "body": b"", "more_body": False}

    middleware = DirectSparql(routing)
    for method, path, query in [("GET", "/sparql", b"query=SELEC"), ("POST", "/sparql", b""),
                                ("PUT", "/sparql", b""), ("GET", "/sparql/x", b"query=ASK%7B%7D"),
                                ("GET", "/queries", b"")]:
        scope = {"type": "http", "method": method, "path": path, "query_string": query,
                 "headers": [(b"content-type", b"application/sparql-query")],
                 "app": live.app, "root_path": ""}
        # In a thread of its own: another test may have left an event loop running in
        # this one, and asyncio.run refuses to start a second.
        runner = threading.Thread(target=asyncio.run, args=(middleware(scope, receive, send),))
        runner.start()
        runner.join(30)
    assert routed == [("PUT", "/sparql"), ("GET", "/sparql/x"), ("GET", "/queries")]
    statuses = [m["status"] for m in sent if m["type"] == "http.response.start"]
    assert statuses == [400, 400]  # a syntax error; a POST with no query
