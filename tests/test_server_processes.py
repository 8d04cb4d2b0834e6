"""Serving with several processes on one socket (``aigraph serve --processes N``).

Each server process has its own app, query workers and answer cache; together they answer
on one port. A process that dies is replaced, SIGTERM stops them all, and a server killed
outright leaves nothing running behind it. The server runs as ``aigraph serve`` in its own
process, as a user starts it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from aigraph.build import BuildResult
from aigraph.config import Settings
from aigraph.pool import WORKER_NAME
from aigraph.server.processes import MAX_AUTO, process_count
from tests.conftest import ROOT, free_port
from tests.loadgen import ServerProcess, _children, _descendants, _proc

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="process trees are read from /proc")

PROCESSES = 2
WORKERS = 2
QUERY = ("PREFIX aig: <https://w3id.org/aigraph/ontology#> "
         "SELECT ?o WHERE { ?o a aig:Organization } ORDER BY ?o")
JSON_RESULTS = "application/sparql-results+json"


def rows(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["o"]["value"] for b in response.json()["results"]["bindings"]]


def server_processes(server: ServerProcess) -> list[int]:
    """The server's own processes: the children of the command that spawned children."""
    assert server.process is not None
    return [pid for pid in _children(server.process.pid) if _children(pid)]


def wait_until(check: object, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def server(built: BuildResult, project_settings: Settings,
           tmp_path: Path) -> Iterator[ServerProcess]:
    with ServerProcess(ROOT, project_settings.store_dir, free_port(), tmp_path / "server.log",
                       5.0, WORKERS, PROCESSES) as running:
        assert wait_until(lambda: len(running.query_workers()) == PROCESSES * WORKERS)
        yield running


def test_the_number_of_processes_is_the_setting_or_one_per_core() -> None:
    settings = Settings(root=ROOT)
    assert process_count(settings.with_(server_processes=3)) == 3
    cores = len(os.sched_getaffinity(0))
    assert process_count(settings) == max(1, min(cores, MAX_AUTO))


def test_every_process_answers_with_its_own_workers(server: ServerProcess) -> None:
    processes = server_processes(server)
    assert len(processes) == PROCESSES
    for pid in processes:
        workers = [p for p in _descendants(pid)
                   if Path(f"/proc/{p}/comm").read_text().strip() == WORKER_NAME]
        assert len(workers) == WORKERS
    expected = rows(httpx.get(f"{server.url}/sparql", params={"query": QUERY},
                              headers={"Accept": JSON_RESULTS}))
    assert len(expected) > 10

    def ask(_: int) -> list[str]:
        return rows(httpx.get(f"{server.url}/sparql", params={"query": QUERY},
                              headers={"Accept": JSON_RESULTS, "Cache-Control": "no-cache"},
                              timeout=30))

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(ask, range(80)))
    assert all(answer == expected for answer in answers)


def test_a_process_that_dies_is_replaced_and_the_others_keep_answering(
        server: ServerProcess) -> None:
    first, second = server_processes(server)
    os.kill(first, signal.SIGKILL)
    # The survivor answers at once; the replacement comes within the supervisor's rounds.
    assert rows(httpx.get(f"{server.url}/sparql", params={"query": QUERY},
                          headers={"Accept": JSON_RESULTS}, timeout=30))
    assert wait_until(lambda: len(server_processes(server)) == PROCESSES
                      and first not in server_processes(server)
                      and len(server.query_workers()) == PROCESSES * WORKERS)
    assert second in server_processes(server)
    assert server.answers()


def test_sigterm_stops_every_process_and_frees_the_port(server: ServerProcess) -> None:
    assert server.process is not None
    everything = [p for p in (_proc(pid) for pid in _descendants(server.process.pid)) if p]
    port = int(server.url.rsplit(":", 1)[1])
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0
    assert wait_until(lambda: not any(_proc(pid) == p for pid, p in
                                      ((p[0], p) for p in everything)), 15)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))


def test_a_killed_server_leaves_no_process_behind(server: ServerProcess) -> None:
    assert server.process is not None
    everything = [p for p in (_proc(pid) for pid in _descendants(server.process.pid)) if p]
    assert len(everything) >= PROCESSES * (WORKERS + 1)
    server.process.kill()
    server.process.wait(timeout=10)
    assert wait_until(lambda: not any(_proc(p[0]) == p for p in everything), 20), \
        "server processes or query workers outlived a killed server"


def test_a_port_in_use_is_a_clear_error(built: BuildResult, project_settings: Settings) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "aigraph", "--root", str(ROOT), "--store",
             str(project_settings.store_dir), "serve", "--port", str(port), "--processes",
             "2"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_broken_saved_query_stops_the_server_before_it_listens(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "queries").mkdir(parents=True)
    (root / "queries" / "broken.rq").write_text("#+ title: [unclosed\nSELECT * WHERE {}\n",
                                                encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "aigraph", "--root", str(root), "serve", "--port",
         str(free_port()), "--processes", "2"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "broken.rq" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_process_count_is_announced(built: BuildResult, project_settings: Settings,
                                        tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with ServerProcess(ROOT, project_settings.store_dir, free_port(), log, 5.0, 1, 3):
        pass
    assert "with 3 server processes" in log.read_text(encoding="utf-8")
