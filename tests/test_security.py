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
