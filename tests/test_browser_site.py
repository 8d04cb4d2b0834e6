"""The whole site in a real headless Chromium (Debian's): a crawl of every page type in both
languages, the editor's share links, saved queries against the editor, and graph legibility.

Like tests/test_browser.py, nothing may be fetched from outside the test server: every
request the pages make goes through a guard that aborts anything leaving the test host and
records it as a failure. Each test gathers every problem it finds and asserts once, so a
failure lists all of them.

The crawler renders pages with their Content-Security-Policy enforced (it probes them with
``evaluate`` only), so a refused script or style shows up as a console error; the other
tests bypass the CSP for their ``wait_for_function`` probes, as tests/test_browser.py does.
The crawl is asynchronous (a few tabs at once) and runs in a thread of its own, apart from
the event loop of the sync API the other tests use.
"""

from __future__ import annotations

import asyncio
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx
import pytest

from tests.conftest import ARGS, CHROMIUM

BASE_IRI = "https://w3id.org/aigraph/"
LOCALE = {"ko": "ko-KR", "en": "en-US"}
HANGUL = re.compile("[\uac00-\ud7a3]")

# --- the crawl's bounds: the seeds, every link from them, and the links of those pages, but
# never more than PAGE_BUDGET rendered pages a language (taken so that every kind of page is
# seen before a second page of the same kind; see Frontier). Files, and pages in the other
# language (the other crawl renders those), are fetched with a plain GET instead.
PAGE_BUDGET = 150
MAX_DEPTH = 2
WORKERS = 5
#: Links to these are files, not pages: checked with a plain GET (2xx) instead of rendered.
DOWNLOAD_SUFFIXES = (".ttl", ".jsonld", ".nt", ".rdf", ".trig", ".nq", ".csv", ".tsv",
                     ".json", ".xml", ".srj", ".srx", ".graphml", ".gexf", ".cyjs", ".dot")
DOWNLOAD_PATHS = ("/export/", "/dumps/", "/.well-known/")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def page(browser, live):  # noqa: ANN001, ANN201 - a generator
    """A fresh page that records every request and fails the test on any outside one and on
    any script error. The CSP is bypassed for the test's own probes (wait_for_function)."""
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
    yield tab
    context.close()
    outside = [u for u in requests if urlsplit(u).netloc != server and
               not u.startswith(("data:", "blob:"))]
    assert not outside, f"requests outside the test server: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="module")
def site(live) -> dict[str, Any]:  # noqa: ANN001
    """Real examples of each kind of page, found in the served data (not hard-coded keys)."""
    with httpx.Client(base_url=live.url, timeout=60) as client:
        found: dict[str, Any] = {}
        for kind, cls in (("org", "Organization"), ("person", "Person"), ("event", "Event"),
                          ("agreement", "Agreement")):
            items = client.get(f"/class/{cls}", params={"format": "json"}).json()["items"]
            assert items, f"no {cls} in the data"
            ours = [i for i in items if i["url"].startswith(f"/id/{kind}/")] or items
            found[kind] = urlsplit(ours[0]["url"]).path
            preferred = PREFERRED.get(kind)
            if preferred and client.get(preferred, headers={"Accept": "text/turtle"}) \
                    .status_code == 200:
                found[kind] = preferred
        article = client.get("/sparql", params={
            "query": "PREFIX schema: <https://schema.org/> SELECT ?a WHERE "
                     "{ ?a a schema:NewsArticle } ORDER BY ?a LIMIT 1"},
            headers={"Accept": "application/sparql-results+json"}).json()
        iri = article["results"]["bindings"][0]["a"]["value"]
        found["article"] = "/" + iri[len(BASE_IRI):]
        saved = client.get("/queries", params={"format": "json"}).json()
        found["queries"] = saved
        found["select"] = next(q["name"] for q in saved if q["form"] == "SELECT")
        labels = client.get("/sparql", params={"query": CLASS_LABELS},
                            headers={"Accept": "application/sparql-results+json"}).json()
        found["classes"] = {
            b["c"]["value"].rsplit("#", 1)[-1]: {"ko": b.get("ko", {}).get("value", ""),
                                                 "en": b.get("en", {}).get("value", "")}
            for b in labels["results"]["bindings"]}
    return found


#: The examples the README and tests/test_browser.py use, when the data still has them.
PREFERRED = {"org": "/id/org/gist", "person": "/id/person/lee-yong-sup"}
CLASS_LABELS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?c ?ko ?en WHERE { GRAPH <https://w3id.org/aigraph/graph/ontology> {
  ?c a owl:Class FILTER(STRSTARTS(STR(?c), "https://w3id.org/aigraph/ontology#"))
  OPTIONAL { ?c rdfs:label ?ko FILTER(lang(?ko) = "ko") }
  OPTIONAL { ?c rdfs:label ?en FILTER(lang(?en) = "en") } } }
"""
SPARQL_SAMPLE = ("SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } "
                 "GROUP BY ?class ORDER BY DESC(?n)")


def seeds(site: dict[str, Any], lang: str) -> list[str]:
    """One page of each type, in ``lang``."""
    paths = [
        "/", site["org"], site["person"], site["event"], site["agreement"], site["article"],
        "/class/Person", f"/queries/{site['select']}", "/queries", "/graph",
        "/graph?view=all", "/graph?view=ontology", "/graph?query=organisation-network-graph",
        "/timeline", "/search?" + urlencode({"q": "광주", "class": "Organization"}),
        "/ontology", "/editor", "/docs", "/sparql",
        "/sparql?" + urlencode({"query": SPARQL_SAMPLE}),
    ]
    return [p + ("&" if "?" in p else "?") + f"lang={lang}" for p in paths]


# --------------------------------------------------------------------------- the crawler


def is_download(url: str, attribute: bool = False) -> bool:
    """A link to a file (a download attribute, an export, a dump, a format suffix or
    ``format=``), to fetch rather than to render."""
    parts = urlsplit(url)
    return (attribute or parts.path.startswith(DOWNLOAD_PATHS) or
            parts.path.endswith(DOWNLOAD_SUFFIXES) or parts.path == "/openapi.json" or
            any(k == "format" for k, _ in parse_qsl(parts.query)))


def shape(url: str) -> tuple[str, ...]:
    """The kind of page a URL shows: one per entity kind, class listing, saved query page and
    graph view, whatever the key or the language."""
    parts = urlsplit(url)
    segments = parts.path.strip("/").split("/")
    if segments[0] in ("id", "class", "queries") and len(segments) > 1:
        path = "/" + "/".join(segments[:2] if segments[0] == "id" else segments[:1]) + "/*"
    else:
        path = parts.path
    keys = sorted(f"{k}={v}" if k in ("view", "collapse") else k
                  for k, v in parse_qsl(parts.query) if k != "lang")
    return (path, *keys)


class Frontier:
    """The pages still to render: the next one is of the kind rendered least so far, then the
    shallowest, then the first found; so a bounded crawl sees every kind of page."""

    def __init__(self) -> None:
        self.pending: list[tuple[int, int, str]] = []
        self.seen: set[str] = set()
        self.rendered: dict[tuple[str, ...], int] = {}
        self.counter = 0

    def add(self, url: str, depth: int) -> None:
        if url not in self.seen:
            self.seen.add(url)
            self.counter += 1
            self.pending.append((depth, self.counter, url))

    def pop(self) -> tuple[str, int]:
        best = min(self.pending, key=lambda p: (self.rendered.get(shape(p[2]), 0), p[0], p[1]))
        self.pending.remove(best)
        self.rendered[shape(best[2])] = self.rendered.get(shape(best[2]), 0) + 1
        return best[2], best[0]


@dataclass
class CrawlReport:
    lang: str
    pages: list[str] = field(default_factory=list)
    fetched: set[str] = field(default_factory=set)
    problems: dict[str, list[str]] = field(default_factory=dict)
    found_on: dict[str, str] = field(default_factory=dict)
    left: int = 0
    seconds: float = 0.0
    fetch_seconds: float = 0.0

    def add(self, url: str, problem: str) -> None:
        self.problems.setdefault(url, []).append(problem)

    def message(self, base: str) -> str:
        lines = [f"{len(self.problems)} of {len(self.pages)} pages rendered and "
                 f"{len(self.fetched)} links fetched in the {self.lang} crawl have problems:"]
        for url, found in sorted(self.problems.items()):
            where = self.found_on.get(url)
            lines.append(f"  {url.removeprefix(base)}" +
                         (f"  (linked from {where.removeprefix(base)})" if where else ""))
            lines.extend(f"      - {p[:300]}" for p in dict.fromkeys(found))
        return "\n".join(lines)


PAGE_PROBE = """() => {
  const main = document.querySelector('main');
  return {main: main ? main.innerText.trim().length : -1,
          graph: !!document.getElementById('graph'),
          links: Array.from(document.querySelectorAll('a[href]'),
                            a => [a.href, a.hasAttribute('download')])};
}"""
GRAPH_PROBE = """() => window.aigraphGraphError ? 'error: ' + window.aigraphGraphError :
  (window.aigraphCy ? 'drawn' : '')"""


async def _visit(context: Any, url: str, server: str, report: CrawlReport) -> list[
        tuple[str, bool]]:
    """Render one page; record what is wrong with it; return its links."""
    from playwright.async_api import Error as PlaywrightError

    problems: list[str] = []
    tab = await context.new_page()

    async def guard(route: Any) -> None:
        target = route.request.url
        if urlsplit(target).netloc == server:
            await route.continue_()
        else:
            problems.append(f"request outside the server: {target}")
            await route.abort()

    await tab.route("**/*", guard)
    tab.on("console", lambda msg: problems.append(f"console error: {msg.text}")
           if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    tab.on("response", lambda r: problems.append(f"HTTP {r.status} for {r.url}")
           if r.status >= 400 and not r.request.is_navigation_request() else None)
    links: list[tuple[str, bool]] = []
    try:
        try:
            response = await tab.goto(url, wait_until="load", timeout=30_000)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):  # a file after all: fetch it instead
                report.fetched.add(url)
            else:
                problems.append(f"did not load: {str(exc).splitlines()[0]}")
            return links
        if response is None or not 200 <= response.status < 300:
            problems.append(f"HTTP {response.status if response else 'no response'}")
            followed = False
        else:
            followed = True
        if "text/html" not in (response.headers.get("content-type", "") if response else ""):
            return links
        try:
            await tab.wait_for_load_state("networkidle", timeout=20_000)
        except PlaywrightError:
            problems.append("still loading after 20 s")
        probe = await tab.evaluate(PAGE_PROBE)
        if probe["graph"]:
            state = ""
            for _ in range(120):
                state = await tab.evaluate(GRAPH_PROBE)
                if state:
                    break
                await asyncio.sleep(0.25)
            if state != "drawn":
                problems.append(f"the graph was not drawn ({state or 'no aigraphCy after 30 s'})")
            probe = await tab.evaluate(PAGE_PROBE)
        if probe["main"] < 0:
            problems.append("no <main>")
        elif probe["main"] == 0:
            problems.append("an empty <main> (no visible text)")
        links = [(u, bool(d)) for u, d in probe["links"]] if followed else []
        await asyncio.sleep(0.2)  # late errors of the page's scripts
    finally:
        await tab.close()
        for p in problems:
            report.add(url, p)
    return links


def _internal(href: str, base: str, server: str) -> str | None:
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "https") or parts.netloc != server:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


async def _crawl(base: str, lang: str, start: list[str]) -> CrawlReport:
    from playwright.async_api import async_playwright

    server = urlsplit(base).netloc
    report = CrawlReport(lang)
    frontier = Frontier()
    for path in start:
        frontier.add(base + path, 0)
    began = time.monotonic()
    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = await chromium.new_context(viewport={"width": 1200, "height": 800},
                                             locale=LOCALE[lang])
        ready = asyncio.Condition()
        active = 0

        async def worker() -> None:
            nonlocal active
            while True:
                async with ready:
                    while not frontier.pending and active and len(report.pages) < PAGE_BUDGET:
                        await ready.wait()
                    if not frontier.pending or len(report.pages) >= PAGE_BUDGET:
                        ready.notify_all()
                        return
                    url, depth = frontier.pop()
                    report.pages.append(url)
                    active += 1
                links: list[tuple[str, bool]] = []
                try:
                    links = await _visit(context, url, server, report)
                finally:
                    async with ready:
                        active -= 1
                        for href, attribute in links:
                            target = _internal(href, url, server)
                            if target is None:
                                continue
                            report.found_on.setdefault(target, url)
                            asked = dict(parse_qsl(urlsplit(target).query)).get("lang", lang)
                            if is_download(target, attribute) or asked != lang:
                                report.fetched.add(target)
                            elif depth < MAX_DEPTH:
                                frontier.add(target, depth + 1)
                        ready.notify_all()

        await asyncio.gather(*(worker() for _ in range(WORKERS)))
        await context.close()
        await chromium.close()
    report.pages = [u for u in report.pages if u not in report.fetched]
    report.left = len(frontier.pending)
    report.seconds = time.monotonic() - began
    headers = {"Accept-Language": LOCALE[lang], "Accept": "text/html,*/*;q=0.8"}
    async with httpx.AsyncClient(timeout=60, headers=headers) as http:
        limit = asyncio.Semaphore(4)

        async def fetch(url: str) -> None:
            async with limit:
                try:
                    response = await http.get(url)
                except httpx.HTTPError as exc:
                    report.add(url, f"GET failed: {exc!r}")
                    return
                if not 200 <= response.status_code < 300:
                    kind = response.headers.get("content-type", "")
                    said = response.text[:200] if "html" not in kind else kind
                    report.add(url, f"GET: HTTP {response.status_code}: {said}")

        await asyncio.gather(*(fetch(u) for u in sorted(report.fetched)))
    report.fetch_seconds = time.monotonic() - began - report.seconds
    return report


def crawl(base: str, lang: str, start: list[str]) -> CrawlReport:
    """The async crawl in a thread of its own (its event loop apart from the sync API's)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _crawl(base, lang, start)).result()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_reached_by_links_renders_cleanly(live, site, lang: str,  # noqa: ANN001
                                                     record_property) -> None:  # noqa: ANN001
    report = crawl(live.url, lang, seeds(site, lang))
    record_property("crawl", f"{lang}: {len(report.pages)} pages in {report.seconds:.0f} s, "
                    f"{len(report.fetched)} links fetched in {report.fetch_seconds:.0f} s, "
                    f"{report.left} links left")
    assert len(report.pages) >= 60, f"only {len(report.pages)} pages were crawled"
    kinds = {shape(u)[0] for u in report.pages}
    for kind in ("/", "/id/org/*", "/id/person/*", "/id/event/*", "/id/agreement/*",
                 "/id/article/*", "/class/*", "/queries/*", "/graph", "/timeline", "/editor",
                 "/sparql", "/ontology", "/docs", "/search"):
        assert kind in kinds, f"the crawl never rendered a {kind} page"
    assert any(is_download(u) for u in report.fetched), "no download links were found"
    if report.problems:
        pytest.fail(report.message(live.url), pytrace=False)


# --------------------------------------------------------------------------- the editor

RESULTS_CHIP = ".yasgui .tabPanel.active .yasr_response_chip"
EDITOR_COUNT = """() => {
  const tab = window.aigraphYasgui && window.aigraphYasgui.getTab();
  const yasr = tab && tab.getYasr();
  const chip = document.querySelector('.yasgui .tabPanel.active .yasr_response_chip');
  const error = document.querySelector('.yasgui .tabPanel.active .result-message.error');
  if (error) { return {error: error.innerText}; }
  if (!yasr || !yasr.results || !chip || !/\\d/.test(chip.innerText)) { return null; }
  const bindings = yasr.results.getBindings ? yasr.results.getBindings() : null;
  return {chip: chip.innerText, parsed: bindings ? bindings.length : null,
          vars: yasr.results.getVariables ? yasr.results.getVariables() : [],
          first: bindings && bindings.length ? bindings[0] : null,
          query: tab.getQuery()};
}"""


def editor_results(tab: Any, timeout: float = 30_000) -> dict[str, Any]:
    """What the editor's active tab shows once a query has answered: the count it states
    ("N results"), the parsed rows, the variables and the first row."""
    tab.wait_for_function(f"({EDITOR_COUNT})() !== null", timeout=timeout)
    found = tab.evaluate(EDITOR_COUNT)
    if "error" in found:
        return found
    stated = re.search(r"(\d[\d,]*)\s+results?", found["chip"])
    found["rows"] = int(stated.group(1).replace(",", "")) if stated else None
    return found


def test_an_editor_share_link_reruns_the_same_query(page, live, site) -> None:  # noqa: ANN001
    page.goto(f"{live.url}/editor?lang=ko")
    page.wait_for_selector("#saved-queries.ready")
    tabs_before = page.locator(".yasgui .tabsList .tab").count()
    page.click("a.saved-query[data-name='entities-in-several-articles']")
    page.wait_for_function("document.querySelectorAll('.yasgui .tabsList .tab').length > "
                           f"{tabs_before}")
    page.click(".yasgui .tabPanel.active .yasqe_queryButton")
    before = editor_results(page)
    assert "error" not in before, before
    assert before["rows"] and before["rows"] > 1, before["chip"]
    assert before["parsed"] == before["rows"], before

    link = page.evaluate("window.aigraphShareLink()")
    parts = urlsplit(link)
    assert parts.netloc == urlsplit(live.url).netloc and parts.path == "/editor", link
    assert dict(parse_qsl(parts.query)).get("query") == before["query"]

    other = page.context.new_page()
    other.goto(link)
    after = editor_results(other)
    assert "error" not in after, after
    assert after["query"] == before["query"]
    assert (after["rows"], after["parsed"]) == (before["rows"], before["parsed"])
    assert after["vars"] == before["vars"]
    assert after["first"] == before["first"]
    other.wait_for_function("window.aigraphLabelled > 0", timeout=10_000)
    page.wait_for_function("window.aigraphLabelled > 0", timeout=10_000)
    first_cells = page.locator(".yasgui .tabPanel.active .yasr table tbody tr").first \
        .locator("td").all_inner_texts()
    shared_cells = other.locator(".yasgui .tabPanel.active .yasr table tbody tr").first \
        .locator("td").all_inner_texts()
    assert shared_cells == first_cells and any(HANGUL.search(c) for c in first_cells)


def saved_page_count(tab: Any) -> dict[str, Any]:
    """The rows of a saved query's page: the count it states, the rows of its table."""
    return tab.evaluate("""() => {
      const stated = document.querySelector('main p.downloads');
      const table = document.querySelector('main table.results');
      const rows = table ? Array.from(table.tBodies[0].rows) : [];
      return {stated: stated ? stated.innerText : '',
              rows: table ? rows.length : null,
              visible: rows.filter(r => !r.hidden).length,
              size: table ? parseInt(table.dataset.pageSize || '25', 10) : 0,
              pages: document.querySelectorAll('main nav.pager button').length,
              truncated: !!document.querySelector('main .notice.truncated'),
              graph: !!document.querySelector('main pre.graph'),
              first: table && table.tBodies[0].rows.length ?
                Array.from(table.tBodies[0].rows[0].cells, c => c.innerText.trim()) : []};
    }""")


def test_each_saved_query_answers_the_same_in_the_editor(page, live, site) -> None:  # noqa: ANN001
    problems: list[str] = []
    checked = 0
    for query in site["queries"]:
        if query["form"] not in ("SELECT", "CONSTRUCT", "DESCRIBE"):
            continue
        name = query["name"]
        url = f"{live.url}/queries/{name}?lang=ko"
        response = page.goto(url)
        if response is None or response.status != 200:
            problems.append(f"{name}: HTTP {response.status if response else None} for {url}")
            continue
        found = saved_page_count(page)
        stated = re.match(r"\s*(\d+)\s", found["stated"])
        if not stated:
            problems.append(f"{name}: the page states no count ({found['stated']!r})")
            continue
        count = int(stated.group(1))
        if query["form"] == "SELECT" and found["rows"] != count and not found["truncated"]:
            problems.append(f"{name}: the page says {count} rows, its table has {found['rows']}")
        if query["form"] == "SELECT" and found["rows"]:
            size = found["size"]
            pages = -(-found["rows"] // size)
            if found["visible"] != min(found["rows"], size) or \
                    found["pages"] != (pages if pages > 1 else 0):
                problems.append(f"{name}: {found['rows']} rows in pages of {size} show "
                                f"{found['visible']} rows and {found['pages']} page buttons")
        editor = page.locator("main a.editor")
        if editor.count() != 1:
            problems.append(f"{name}: {editor.count()} 'open in editor' links")
            continue
        with page.expect_navigation():
            editor.click()
        if urlsplit(page.url).path != "/editor":
            problems.append(f"{name}: 'open in editor' went to {page.url}")
            continue
        try:
            shown = editor_results(page)
        except Exception as exc:  # noqa: BLE001 - a timeout is one more problem to list
            problems.append(f"{name}: the editor showed no answer ({str(exc).splitlines()[0]})")
            continue
        checked += 1
        if "error" in shown:
            problems.append(f"{name}: the editor says {shown['error']!r}")
        elif shown["rows"] != count:
            problems.append(f"{name}: /queries/{name} shows {count}, the editor "
                            f"{shown['rows']} ({shown['chip']!r})")
        elif query["form"] == "SELECT" and shown["parsed"] != count:
            problems.append(f"{name}: the editor states {count} but parsed {shown['parsed']}")
    assert checked >= 10, f"only {checked} saved queries reached the editor: {problems}"
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- graphs

GRAPH_STATE = """() => {
  const cy = window.aigraphCy;
  return {nodes: cy.nodes().map(n => ({
            id: n.id(), iri: n.data('iri') || '', cls: n.data('class') || '',
            shown: String(n.data('shown') || ''), label_ko: n.data('label_ko') || '',
            label_en: n.data('label_en') || '', quiet: n.hasClass('quiet'),
            box: n.hasClass('quiet') ? null : window.aigraphLabelBox(n)})),
          legend: Array.from(document.querySelectorAll('ul.legend li'),
                             li => li.innerText.trim()),
          names: JSON.parse(document.getElementById('graph').dataset.config || '{}').classes
                 || {}};
}"""
GRAPH_PAGES = ["/graph", "/graph?view=all", "/graph?view=ontology", "entity", "article"]
_graphs: dict[tuple[str, str], dict[str, Any]] = {}


def graph_state(browser: Any, live: Any, site: dict[str, Any], which: str,
                lang: str) -> dict[str, Any]:
    """The drawn graph of a page (nodes, their label boxes, the legend), loaded once."""
    key = (which, lang)
    if key not in _graphs:
        path = {"entity": site["org"], "article": site["article"]}.get(which, which)
        url = f"{live.url}{path}{'&' if '?' in path else '?'}lang={lang}"
        context = browser.new_context(viewport={"width": 1200, "height": 800},
                                      locale=LOCALE[lang], bypass_csp=True)
        server = urlsplit(live.url).netloc
        outside: list[str] = []
        errors: list[str] = []

        def guard(route: Any) -> None:
            if urlsplit(route.request.url).netloc == server:
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        tab = context.new_page()
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            tab.goto(url)
            tab.wait_for_function("window.aigraphCy || window.aigraphGraphError",
                                  timeout=60_000)
            error = tab.evaluate("window.aigraphGraphError || null")
            state = {"error": error} if error else tab.evaluate(GRAPH_STATE)
        finally:
            context.close()
        state.update(url=url, outside=outside, errors=errors)
        _graphs[key] = state
    return _graphs[key]


def overlaps(nodes: list[dict[str, Any]]) -> list[tuple[str, str, float]]:
    """Pairs of drawn labels whose boxes overlap by more than a tenth of the smaller box."""
    boxes = [n for n in nodes if not n["quiet"] and n["box"]]
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = min(a["box"]["x2"], b["box"]["x2"]) - max(a["box"]["x1"], b["box"]["x1"])
            h = min(a["box"]["y2"], b["box"]["y2"]) - max(a["box"]["y1"], b["box"]["y1"])
            if w <= 0 or h <= 0:
                continue
            smaller = min(a["box"]["w"] * a["box"]["h"], b["box"]["w"] * b["box"]["h"])
            if smaller > 0 and w * h > 0.1 * smaller:
                found.append((a["shown"], b["shown"], w * h / smaller))
    return found


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("which", GRAPH_PAGES)
def test_graph_labels_are_legible(browser, live, site, which: str,  # noqa: ANN001
                                  lang: str) -> None:
    state = graph_state(browser, live, site, which, lang)
    assert "error" not in state, f"{state['url']}: the graph was not drawn: {state['error']}"
    assert not state["outside"], f"requests outside the test server: {state['outside']}"
    assert not state["errors"], f"JavaScript errors: {state['errors']}"
    nodes = state["nodes"]
    assert len(nodes) > 1, f"{state['url']}: {len(nodes)} nodes"
    problems = []
    clashes = overlaps(nodes)
    if clashes:
        examples = "; ".join(f"{a!r} × {b!r} ({share:.0%})" for a, b, share in clashes[:5])
        problems.append(f"{len(clashes)} pairs of drawn labels overlap by more than 10% of "
                        f"the smaller: {examples}")
    iris = [n for n in nodes if n["shown"].startswith(("http://", "https://"))
            and (n["label_ko"] or n["label_en"])]
    if iris:
        problems.append(f"{len(iris)} nodes show an IRI though they have a label: "
                        + ", ".join(f"{n['shown']} ({n['label_ko'] or n['label_en']})"
                                    for n in iris[:5]))
    wrong = [n for n in nodes if n[f"label_{lang}"] and n["shown"] != n[f"label_{lang}"]]
    if wrong:
        problems.append(f"{len(wrong)} nodes do not show their {lang} label: "
                        + ", ".join(f"{n['shown']!r} instead of {n[f'label_{lang}']!r}"
                                    for n in wrong[:5]))
    drawn = [n for n in nodes if not n["quiet"] and n["box"]]
    if not drawn:
        problems.append("no label is drawn at all")
    assert not problems, f"{state['url']} ({len(nodes)} nodes, {len(drawn)} labels drawn):\n" \
        + "\n".join(problems)


@pytest.mark.parametrize("which", GRAPH_PAGES)
def test_a_korean_graph_legend_names_classes_in_korean(browser, live, site,  # noqa: ANN001
                                                       which: str) -> None:
    state = graph_state(browser, live, site, which, "ko")
    assert "error" not in state, f"{state['url']}: the graph was not drawn: {state['error']}"
    legend, classes = state["legend"], site["classes"]
    if which != "/graph?view=ontology":  # the class graph needs none: every node is a class
        assert legend, f"{state['url']}: no legend"
    present = {n["cls"] for n in state["nodes"]}
    named = {cls: state["names"].get(cls) or cls for cls in present}
    problems = []
    for cls in sorted(present & classes.keys() if legend else ()):
        if classes[cls]["ko"] and classes[cls]["ko"] not in legend:
            problems.append(f"{cls} is not in the legend as {classes[cls]['ko']!r}")
    english = set(classes) | {v["en"] for v in classes.values() if v["en"]}
    for entry in legend:
        if entry in english or not HANGUL.search(entry):
            which_classes = sorted(c for c, n in named.items() if n == entry)
            problems.append(f"an entry in English: {entry!r} (node class {which_classes})")
    for entry in sorted({e for e in legend if legend.count(e) > 1}):
        which_classes = sorted(c for c, n in named.items() if n == entry)
        problems.append(f"{legend.count(entry)} entries (colours) read {entry!r}: "
                        f"classes {which_classes}")
    if "Organization" in present and legend:
        assert "기관" in legend, f"{state['url']}: no 기관 in the legend {legend}"
    assert not problems, f"{state['url']} legend {legend}:\n" + "\n".join(problems)
