"""Nothing of the file system is reachable; pages carry security headers; bad paths are 4xx."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import LiveServer

TRICKS = ["/id/../../etc/passwd", "/id/org/..%2F..%2Fetc", "/id/org/gist%00",
          "/static/../server/__init__.py", "/static/%2e%2e/ui.py", "/static/..%2fui.py",
          "/queries/..%2Fagreements", "/id/%00/x", "/dumps/aigraph.%2e%2e",
          "/queries/agreements.x%00", "/ontology.%2e%2e", "/export/graph.%00"]


@pytest.mark.parametrize("path", TRICKS)
def test_path_tricks_get_a_4xx_json_error_and_no_file(live: LiveServer, path: str) -> None:
    request = httpx.Request("GET", f"{live.url}{path}", headers={"Accept": "application/json"})
    request.url = httpx.URL(f"{live.url}{path}")
    with httpx.Client() as client:
        response = client.send(request)
    assert 400 <= response.status_code < 500
    body = response.json()
    assert body["ok"] is False and body["status"] == response.status_code
    assert "root:" not in response.text and "import" not in response.text


@pytest.mark.parametrize("path", ["/", "/editor", "/id/org/gist", "/queries/agreements",
                                  "/ontology", "/search?q=광주"])
def test_html_pages_allow_only_our_own_assets(http: httpx.Client, path: str) -> None:
    response = http.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_data_answers_are_not_sniffed(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": "ASK {}"})
    assert response.headers["x-content-type-options"] == "nosniff"


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _quads(http: httpx.Client) -> str:
    response = http.get("/sparql", params={"query": COUNT},
                        headers={"Accept": "text/csv", "Cache-Control": "no-cache"})
    return response.text.splitlines()[1]


def test_nothing_a_client_sends_can_load_or_change_data(http: httpx.Client) -> None:
    import socket

    before = _quads(http)
    with socket.socket() as listener:  # a LOAD target that would see any outbound request
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/data.ttl"
        for update in (f"LOAD <{target}>", f"LOAD <{target}> INTO GRAPH <http://x/g>",
                       "DROP ALL", "INSERT DATA { <a:b> <a:c> <a:d> }"):
            assert http.post("/sparql", data={"update": update}).status_code == 403
            assert http.post("/sparql", content=update.encode(), headers={
                "Content-Type": "application/sparql-update"}).status_code == 403
        with pytest.raises(TimeoutError):
            listener.accept()
    for method in ("PUT", "POST", "DELETE", "PATCH"):
        for path in ("/id/org/gist", "/dumps/aigraph.nq", "/queries/agreements",
                     "/ontology", "/.well-known/void"):
            response = http.request(method, path, content=b"<a:b> <a:c> <a:d> .",
                                    headers={"Content-Type": "text/turtle"})
            assert response.status_code in (405, 415), (method, path)
    assert _quads(http) == before


def test_the_server_holds_its_store_read_only(live: LiveServer) -> None:
    from pyoxigraph import NamedNode, Quad

    from aigraph.errors import StoreError

    # A store this small is served from a copy in memory, read-only as the one on disk.
    store = live.app.state.service.current()
    before = len(store)
    with pytest.raises(StoreError, match="read-only"):
        store.add(Quad(NamedNode("http://x/s"), NamedNode("http://x/p"), NamedNode("http://x/o")))
    with pytest.raises(StoreError, match="read-only"):
        store.update("INSERT DATA { <http://x/s> <http://x/p> <http://x/o> }")
    with pytest.raises(StoreError, match="read-only"):
        store.bulk_load(b"<http://x/s> <http://x/p> <http://x/o> .")
    assert len(store) == before
