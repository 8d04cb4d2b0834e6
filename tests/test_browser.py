"""The browser UI in a real headless Chromium (Debian's), driven by Playwright.

Nothing is fetched from outside the test server: every request the pages make is recorded
and checked to be on 127.0.0.1. ``make test`` installs ``chromium`` and ``fonts-nanum``;
without them these tests fail and say so.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

GIST = "https://w3id.org/aigraph/id/org/gist"


@pytest.fixture
def page(browser, live):  # noqa: ANN001, ANN201 - a generator
    """A fresh page that records every request and fails the test on any outside one."""
    # The test's own probes (wait_for_function) are evaluated from strings, which our CSP
    # forbids for the page; the pages' headers are checked in test_security.py.
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="ko-KR",
                                  bypass_csp=True)
    requests: list[str] = []
    server = urlsplit(live.url).netloc

    def guard(route) -> None:  # noqa: ANN001
        requests.append(route.request.url)
        if urlsplit(route.request.url).netloc == server:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.requests = requests  # type: ignore[attr-defined]
    yield tab
    context.close()
    outside = [u for u in requests if urlsplit(u).netloc != server and
               not u.startswith(("data:", "blob:"))]
    assert not outside, f"requests outside the test server: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


def png_colours(data: bytes, limit: int = 10_000) -> int:
    """The number of distinct pixel colours of an 8-bit, non-interlaced RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = previous[i], previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        if y % 4 == 0:
            colours.update(bytes(line[i:i + bpp]) for i in range(0, stride, bpp * 2))
            if len(colours) >= limit:
                break
        previous = line
    return len(colours)


def check_screenshot(tab, path: Path) -> None:  # noqa: ANN001
    tab.screenshot(path=str(path), full_page=False)
    data = path.read_bytes()
    assert len(data) > 20_000, f"{path.name} is only {len(data)} bytes: a blank page?"
    assert png_colours(data) > 50, f"{path.name} looks blank"


def test_the_editor_runs_a_saved_query_with_no_outside_requests(page, live,  # noqa: ANN001
                                                                 tmp_path: Path) -> None:
    page.goto(f"{live.url}/editor?lang=ko")
    page.wait_for_selector(".yasgui .CodeMirror")
    page.wait_for_selector("#saved-queries.ready")
    tabs_before = page.locator(".yasgui .tabsList .tab").count()
    page.click("a.saved-query[data-name='people-in-several-articles']")
    page.wait_for_function("document.querySelectorAll('.yasgui .tabsList .tab').length > "
                           f"{tabs_before}")
    text = page.evaluate("window.aigraphYasgui.getTab().getQuery()")
    assert "SELECT" in text and "?person" in text
    page.click(".yasgui .tabPanel.active .yasqe_queryButton")
    page.wait_for_selector(".yasgui .tabPanel.active .yasr table tbody tr td",
                           timeout=20_000)
    results = page.inner_text(".yasgui .tabPanel.active .yasr table")
    assert "이용섭" in results
    assert any("/sparql" in u for u in page.requests)
    check_screenshot(page, tmp_path / "editor.png")


def test_the_editor_is_prefilled_from_the_query_parameter(page, live) -> None:  # noqa: ANN001
    page.goto(f"{live.url}/editor?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D")
    page.wait_for_selector(".yasgui .CodeMirror")
    assert page.evaluate("window.aigraphYasgui.getTab().getQuery()") == "ASK { ?s ?p ?o }"


def test_an_entity_page_draws_its_neighbourhood(page, live, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(f"{live.url}/id/org/gist?lang=ko")
    page.wait_for_function("window.aigraphCy && window.aigraphCy.nodes().length > 0",
                           timeout=20_000)
    nodes = page.evaluate("window.aigraphCy.nodes().length")
    assert nodes > 1
    focus = page.evaluate(f"window.aigraphCy.getElementById('{GIST}').data('shown')")
    assert focus == "광주과학기술원"
    page.locator("#graph").scroll_into_view_if_needed()
    check_screenshot(page, tmp_path / "entity.png")


def test_clicking_a_node_opens_its_page(page, live) -> None:  # noqa: ANN001
    page.goto(f"{live.url}/id/org/gist?lang=en")
    page.wait_for_function("window.aigraphCy && window.aigraphCy.nodes().length > 1",
                           timeout=20_000)
    other = page.evaluate(
        f"window.aigraphCy.nodes().filter(n => n.id() !== '{GIST}' && "
        "n.id().indexOf('/id/') > 0)[0].id()")
    with page.expect_navigation():
        page.evaluate(f"window.aigraphCy.getElementById('{other}').emit('tap')")
    assert urlsplit(page.url).path == "/" + other[len("https://w3id.org/aigraph/"):]


def test_the_organisation_network_page_draws_a_graph(page, live,  # noqa: ANN001
                                                    tmp_path: Path) -> None:
    page.goto(f"{live.url}/graph?lang=ko")
    page.wait_for_function("window.aigraphCy && window.aigraphCy.nodes().length > 1",
                           timeout=20_000)
    assert page.evaluate("window.aigraphCy.edges().length") > 0
    check_screenshot(page, tmp_path / "graph.png")


def test_search_finds_a_korean_label_by_a_substring(page, live, tmp_path: Path) -> None:  # noqa: ANN001
    page.goto(f"{live.url}/?lang=ko")
    page.fill("form.search input[name=q]", "과학기술")
    with page.expect_navigation():
        page.press("form.search input[name=q]", "Enter")
    assert "/search" in page.url
    assert page.locator(".hits a", has_text="광주과학기술원").count() >= 1
    check_screenshot(page, tmp_path / "search.png")
    with page.expect_navigation():
        page.click(".hits a:has-text('광주과학기술원')")
    assert urlsplit(page.url).path == "/id/org/gist"


def run_saved_query(page, live, name: str) -> None:  # noqa: ANN001
    page.goto(f"{live.url}/editor?lang=ko")
    page.wait_for_selector(".yasgui .CodeMirror")
    page.wait_for_selector("#saved-queries.ready")
    tabs_before = page.locator(".yasgui .tabsList .tab").count()
    page.click(f"a.saved-query[data-name='{name}']")
    page.wait_for_function("document.querySelectorAll('.yasgui .tabsList .tab').length > "
                           f"{tabs_before}")
    page.click(".yasgui .tabPanel.active .yasqe_queryButton")


def test_the_editor_shows_korean_labels_linked_to_local_pages(page, live,  # noqa: ANN001
                                                              tmp_path: Path) -> None:
    run_saved_query(page, live, "people-in-several-articles")
    page.wait_for_selector(".yasgui .tabPanel.active .yasr a.aigraph-entity", timeout=20_000)
    link = page.locator(".yasgui .tabPanel.active .yasr a.aigraph-entity",
                        has_text="이용섭").first
    assert link.get_attribute("href").startswith("/id/")
    assert link.get_attribute("data-iri").startswith("https://w3id.org/aigraph/id/")
    assert any("/labels" in u for u in page.requests)
    check_screenshot(page, tmp_path / "editor-labels.png")
    with page.expect_navigation():
        link.evaluate("a => a.click()")
    assert urlsplit(page.url).path.startswith("/id/")


def test_the_editor_says_when_a_query_timed_out(page, live) -> None:  # noqa: ANN001
    body = json.dumps({"ok": False, "error": "the query ran longer than 3 s", "status": 503})
    page.route("**/sparql", lambda route: route.fulfill(
        status=503, content_type="application/json", body=body))
    run_saved_query(page, live, "agreements")
    message = page.wait_for_selector(".yasgui .tabPanel.active .result-message.error",
                                     timeout=20_000)
    assert "시간이 초과" in message.inner_text() and "3 s" in message.inner_text()


def test_the_editor_says_when_an_answer_was_truncated(page, live) -> None:  # noqa: ANN001
    def truncate(route) -> None:  # noqa: ANN001
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers,
                                                  "x-result-truncated": "true",
                                                  "x-result-limit": "5"})

    page.route("**/sparql", truncate)
    run_saved_query(page, live, "agreements")
    message = page.wait_for_selector(".yasgui .tabPanel.active .result-message.notice",
                                     timeout=20_000)
    assert "잘렸습니다" in message.inner_text() and "5" in message.inner_text()
    page.wait_for_selector(".yasgui .tabPanel.active .yasr table tbody tr td")


def test_the_timeline_lists_events_linking_to_their_pages(page, live,  # noqa: ANN001
                                                         tmp_path: Path) -> None:
    page.goto(f"{live.url}/timeline?lang=ko")
    items = page.locator(".timeline-events li a")
    assert items.count() > 3
    assert items.first.get_attribute("href").startswith("/id/")
    check_screenshot(page, tmp_path / "timeline.png")
    with page.expect_navigation():
        items.first.click()
    assert urlsplit(page.url).path.startswith("/id/")


def test_the_ontology_view_draws_classes_and_subclass_links(page, live,  # noqa: ANN001
                                                           tmp_path: Path) -> None:
    page.goto(f"{live.url}/graph?view=ontology&lang=ko")
    page.wait_for_function("window.aigraphCy && window.aigraphCy.nodes().length > 1",
                           timeout=20_000)
    assert page.evaluate("window.aigraphCy.edges().length") > 0
    shown = page.evaluate("window.aigraphCy.getElementById("
                          "'https://w3id.org/aigraph/ontology#Person').data('shown')")
    assert shown and any("\uac00" <= ch <= "\ud7a3" for ch in shown), shown
    check_screenshot(page, tmp_path / "ontology.png")


@pytest.fixture
def strict_page(browser):  # noqa: ANN001, ANN201 - a generator
    """A page with the CSP enforced (no test probes evaluated in it), recording every script
    error and every CSP refusal; the test asserts the list is empty."""
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="ko-KR")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda exc: problems.append(str(exc)))
    tab.on("console", lambda msg: problems.append(msg.text)
           if "Content Security Policy" in msg.text or "Refused to" in msg.text else None)
    tab.problems = problems  # type: ignore[attr-defined]
    yield tab
    context.close()


@pytest.mark.parametrize("path", ["/editor", "/id/org/gist", "/graph", "/timeline",
                                  "/search?q=광주"])
def test_pages_work_under_their_content_security_policy(strict_page, live,  # noqa: ANN001
                                                        path: str) -> None:
    strict_page.goto(f"{live.url}{path}")
    strict_page.wait_for_timeout(2500)
    assert png_colours(strict_page.screenshot()) > 50
    assert strict_page.problems == []


def test_the_editor_runs_a_query_under_its_content_security_policy(strict_page,  # noqa: ANN001
                                                                   live) -> None:  # noqa: ANN001
    strict_page.goto(f"{live.url}/editor")
    strict_page.locator(".yasqe_queryButton").first.click()
    strict_page.locator(".yasr table tbody tr").first.wait_for(timeout=15_000)
    assert strict_page.locator(".yasr table tbody tr").count() > 0
    assert strict_page.problems == []
