"""Shared fixtures: the project's own data, a store built once per run, scratch projects."""

from __future__ import annotations

import re
import shutil
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyoxigraph import Quad, Store

from aigraph.build import BuildResult, build, plan
from aigraph.config import BASE_IRI, Settings
from aigraph.dataset import Inputs, load_inputs
from aigraph.extract import Extractor
from aigraph.store import in_memory, open_store, with_default_graph
from aigraph.synthetic import synthetic_quads

ROOT = Path(__file__).resolve().parent.parent
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def project_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The project's real inputs, with the store in a temporary folder."""
    store = tmp_path_factory.mktemp("var") / "store"
    return Settings(root=ROOT, store_dir=store, build_time=FIXED_TIME)


@pytest.fixture(scope="session")
def inputs(project_settings: Settings) -> Inputs:
    return load_inputs(project_settings)


@pytest.fixture(scope="session")
def extractor(inputs: Inputs) -> Extractor:
    """The extractor with the project's registry, its Kiwi model loaded once per run."""
    return Extractor(inputs.registry)


@pytest.fixture(scope="session")
def quads(project_settings: Settings) -> list[Quad]:
    return plan(project_settings)[0]


@pytest.fixture(scope="session")
def built(project_settings: Settings) -> BuildResult:
    """The corpus built once per test run into a temporary store."""
    return build(project_settings)


@pytest.fixture(scope="session")
def store(built: BuildResult, project_settings: Settings) -> Store:
    """The built store as the server holds it: a store this small is copied into memory,
    where the engine orders unordered rows and GROUP_CONCAT parts differently from disk."""
    return in_memory(open_store(project_settings),  # type: ignore[return-value]
                     project_settings.memory_quads)


@pytest.fixture(scope="session")
def synthetic_store() -> Store:
    """A synthetic corpus of a dozen articles, as a build writes it."""
    settings = Settings(root=ROOT, build_time=FIXED_TIME)
    store = Store()
    store.bulk_extend(with_default_graph(synthetic_quads(12, seed=3, settings=settings)[0]))
    return store


@pytest.fixture(params=["project", "synthetic"])
def any_store(request: pytest.FixtureRequest) -> Store:
    """The project's built store, then the synthetic one."""
    return request.getfixturevalue("store" if request.param == "project" else
                                   "synthetic_store")


@pytest.fixture
def scratch(tmp_path: Path) -> Callable[[], Settings]:
    """A copy of the project's inputs in a temporary folder, free to break."""

    def make() -> Settings:
        root = tmp_path / "project"
        for folder in ("data", "ontology"):
            shutil.copytree(ROOT / folder, root / folder)
        return Settings(root=root, build_time=FIXED_TIME)

    return make


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """The app from ``create_app(settings)`` served by a real uvicorn on a loopback port."""

    def __init__(self, settings: Settings) -> None:
        import threading

        import uvicorn

        from aigraph.server import create_app

        self.settings = settings.with_(port=free_port())
        self.app = create_app(self.settings)
        self.url = f"http://127.0.0.1:{self.settings.port}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1",
                                                    port=self.settings.port,
                                                    log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


@pytest.fixture(scope="session")
def live(project_settings: Settings, built: BuildResult):  # noqa: ANN201 - a generator
    """The corpus served over real HTTP, with a short query time limit."""
    with LiveServer(project_settings.with_(query_timeout=3.0)) as server:
        yield server


@pytest.fixture
def http(live: LiveServer):  # noqa: ANN201 - a generator
    """An HTTP client for the live server."""
    import httpx

    with httpx.Client(base_url=live.url, timeout=30) as client:
        yield client


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Show the figures a test recorded as its ``load_report`` property (tests/test_load.py)."""
    reports = terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
    for report in reports:
        if getattr(report, "when", None) != "call":
            continue
        for name, value in report.user_properties:
            if name == "load_report":
                terminalreporter.write_sep("-", "load test")
                terminalreporter.write_line(str(value))


# The browser tests (test_browser*.py): Debian's Chromium, driven by Playwright.
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201 - a generator
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - a broken install
        pytest.fail(f"playwright is not installed ({exc}); run 'make test'", pytrace=False)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}; 'make test' installs Debian's chromium "
                    "(apt-get install chromium fonts-nanum)", pytrace=False)
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        except Exception as exc:  # noqa: BLE001 - say why the browser did not start
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}", pytrace=False)
        yield chromium
        chromium.close()


class _FromLiveServer(urllib.request.BaseHandler):
    """Sends requests for IRIs under the base IRI to the test server (the redirect that the
    persistent base IRI makes in production)."""

    handler_order = 100

    def __init__(self, url: str) -> None:
        self.url = url

    def https_request(self, request: urllib.request.Request) -> urllib.request.Request:
        if request.full_url.startswith(BASE_IRI):
            request.full_url = f"{self.url}/{request.full_url[len(BASE_IRI):]}"
        return request

    http_request = https_request


@pytest.fixture
def live_contexts(live: LiveServer):  # noqa: ANN201 - a generator
    """rdflib fetches the context from the test server while the test runs; the fixture's
    value is a pyld document loader that does the same."""
    urllib.request.install_opener(urllib.request.build_opener(_FromLiveServer(live.url)))

    def loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        assert url.startswith(BASE_IRI), f"a document outside the dataset: {url}"
        response = httpx.get(f"{live.url}/{url[len(BASE_IRI):]}", timeout=30)
        response.raise_for_status()
        return {"contextUrl": None, "documentUrl": url, "document": response.json()}

    try:
        yield loader
    finally:
        urllib.request.install_opener(None)  # type: ignore[arg-type]


#: ``(GROUP_CONCAT(… ; separator="S") AS ?v)``: the separator and the variable
_CONCAT = re.compile(r'GROUP_CONCAT\((?:[^;]|;(?!\s*separator))*;\s*separator\s*=\s*"([^"]*)"\s*\)'
                     r'\s+AS\s+\?(\w+)', re.DOTALL)


def concatenations(query: str) -> dict[str, str]:
    """The variables a query makes with GROUP_CONCAT, and their separators. SPARQL leaves
    the order of the joined values to the engine (Oxigraph's follows its storage: on disk
    and in memory differ), so they are compared as multisets of parts."""
    return {name: sep for sep, name in _CONCAT.findall(query)}


def unordered(value: str, separator: str) -> tuple[str, ...]:
    """A GROUP_CONCAT value as the sorted tuple of its parts."""
    return tuple(sorted(value.split(separator) if separator else value))
