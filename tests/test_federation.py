"""SERVICE federation is off by default: the endpoint makes no request on a client's behalf."""

from __future__ import annotations

import socket
import threading

import httpx
import pytest

from aigraph.config import Settings
from aigraph.errors import FederationRefused
from aigraph.federation import check_federation, services
from tests.conftest import LiveServer


@pytest.mark.parametrize(("query", "targets"), [
    ("SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ["http://a.example/sparql"]),
    ("select * { service silent <http://a.example/q#x> { ?s ?p ?o } }", ["http://a.example/q#x"]),
    ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", ["?endpoint"]),
    ('SELECT * { ?s ?p "SERVICE <http://a.example/>" }  # SERVICE <http://b.example/>', []),
    ("SELECT ?service { ?service <http://ex/p> ex:service }", []),
])
def test_service_targets_are_found_outside_strings_and_comments(query: str,
                                                                targets: list[str]) -> None:
    assert services(query) == targets


def test_federation_is_refused_unless_the_target_is_allowed() -> None:
    query = "SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }"
    with pytest.raises(FederationRefused, match="federation is off"):
        check_federation(query, ())
    with pytest.raises(FederationRefused, match="only endpoints under"):
        check_federation(query, ("http://b.example/",))
    check_federation(query, ("http://a.example/",))


def test_the_endpoint_refuses_service_and_sends_no_request(project_settings: Settings,
                                                           built: object) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(3)
    port = listener.getsockname()[1]
    connected: list[bool] = []

    def watch() -> None:
        try:
            conn, _ = listener.accept()
            connected.append(True)
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=watch)
    thread.start()
    with LiveServer(project_settings.with_(query_workers=1)) as server:
        response = httpx.get(f"{server.url}/sparql", params={
            "query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> "
                     "{ ?s ?p ?o } }"})
    thread.join(5)
    listener.close()
    assert response.status_code == 403 and "federation is off" in response.json()["error"]
    assert connected == []
