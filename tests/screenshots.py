"""Full-page screenshots of every kind of page, in Korean and in English.

A script, not a test module: it builds nothing and starts nothing; it drives Debian's
headless Chromium (Playwright) against a server that is already running, and writes one PNG
a page, printing each file's path. ``make screenshots`` builds the graph, starts a server on
a free port, runs this and stops the server.

    python tests/screenshots.py [--base http://127.0.0.1:8000] [--out var/screenshots]

Nothing is fetched from outside the server (any such request is aborted and reported). The
exit status is 1 when a page could not be shown as expected (a page other than the error
page answering with an error, a script error, a graph or an editor answer that never came).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
IRI_BASE = "https://w3id.org/aigraph/"
LANGS = ("ko", "en")
SPARQL_SAMPLE = ("SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } "
                 "GROUP BY ?class ORDER BY DESC(?n)")
#: One example of each kind of entity (the part of the IRI after /id/), the smallest IRI.
KINDS = """
SELECT ?kind (MIN(STR(?s)) AS ?example) WHERE {
  ?s a ?type .
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "%sid/"))
  BIND(STRBEFORE(STRAFTER(STR(?s), "%sid/"), "/") AS ?kind)
  FILTER(?kind != "")
} GROUP BY ?kind ORDER BY ?kind
"""
#: Preferred examples, when the data has them: the ones the README and the tests use.
PREFERRED = {"org": "org/gist", "person": "person/lee-yong-sup"}


def say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - the script reports what it writes


def get_json(base: str, path: str, params: dict[str, str] | None = None,
             accept: str = "application/json") -> Any:
    url = base + path + ("?" + urlencode(params) if params else "")
    with urlopen(Request(url, headers={"Accept": accept}), timeout=60) as response:  # noqa: S310
        return json.load(response)


def exists(base: str, path: str) -> bool:
    try:
        with urlopen(Request(base + path, headers={"Accept": "text/turtle"}), timeout=60):
            return True
    except OSError:
        return False


def examples(base: str, iri_base: str) -> dict[str, str]:
    """The local page of one entity of each kind, by kind."""
    answer = get_json(base, "/sparql", {"query": KINDS % (iri_base, iri_base)},
                      accept="application/sparql-results+json")
    found = {}
    for row in answer["results"]["bindings"]:
        kind, iri = row["kind"]["value"], row["example"]["value"].split("#", 1)[0]
        found[kind] = "/" + iri[len(iri_base):]
    for kind, key in PREFERRED.items():
        if kind in found and exists(base, f"/id/{key}"):
            found[kind] = f"/id/{key}"
    return found


def pages(base: str, iri_base: str) -> list[tuple[str, str, str]]:
    """(name, path, what to wait for) for every kind of page, without the language."""
    saved = get_json(base, "/queries", {"format": "json"})
    select = [q for q in saved if q["form"] == "SELECT"]
    chosen = next((q for q in select if q["name"] == "people-in-several-articles"),
                  select[0] if select else None)
    out = [("home", "/", ""),
           ("search", "/search?" + urlencode({"q": "광주"}), ""),
           ("search-class", "/search?" + urlencode({"q": "광주", "class": "Organization"}), ""),
           ("class-listing", "/class/Person", ""),
           ("class-listing-organization", "/class/Organization", "")]
    out += [(f"entity-{kind}", path, "graph") for kind, path in sorted(
        examples(base, iri_base).items())]
    out += [("graph-organisations", "/graph", "graph"),
            ("graph-all", "/graph?view=all", "graph"),
            ("graph-all-expanded", "/graph?view=all&collapse=false", "graph"),
            ("graph-ontology", "/graph?view=ontology", "graph")]
    out += [(f"graph-query-{q['name']}", f"/graph?query={q['name']}", "graph")
            for q in saved if q["form"] in ("CONSTRUCT", "DESCRIBE")
            and q["name"] != "organisation-network-graph"]
    out += [("timeline", "/timeline", ""), ("queries", "/queries", "")]
    if chosen:
        out += [(f"query-{chosen['name']}", f"/queries/{chosen['name']}", ""),
                ("editor-results", "/editor?" + urlencode({"query": chosen["sparql"]}),
                 "editor")]
    out += [("editor", "/editor", "editor-ready"),
            ("sparql", "/sparql", ""),
            ("sparql-results", "/sparql?" + urlencode({"query": SPARQL_SAMPLE}), ""),
            ("ontology", "/ontology", ""),
            ("docs", "/docs", "docs"),
            ("error-404", "/id/org/no-such-organisation", "error")]
    return out


WAITS: dict[str, Callable[[Any], None]] = {
    "graph": lambda tab: tab.wait_for_function(
        "window.aigraphCy || window.aigraphGraphError || !document.getElementById('graph')",
        timeout=60_000),
    "editor": lambda tab: tab.wait_for_function(
        "(() => { const c = document.querySelector('.yasgui .tabPanel.active "
        ".yasr_response_chip'); return (c && /\\d/.test(c.innerText)) || "
        "document.querySelector('.result-message.error'); })()", timeout=60_000),
    "editor-ready": lambda tab: tab.wait_for_selector("#saved-queries.ready", timeout=30_000),
    "docs": lambda tab: tab.wait_for_selector("#swagger-ui .opblock", timeout=30_000),
}


def shoot(base: str, out: Path, chromium: str, iri_base: str) -> int:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    todo = pages(base, iri_base)
    server = urlsplit(base).netloc
    out.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        for lang in LANGS:
            # bypass_csp: the waits above are evaluated from strings, which the CSP forbids
            context = browser.new_context(viewport={"width": 1280, "height": 900},
                                          locale="ko-KR" if lang == "ko" else "en-US",
                                          bypass_csp=True)
            outside: list[str] = []

            def guard(route: Any, outside: list[str] = outside) -> None:
                if urlsplit(route.request.url).netloc == server:
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            for number, (name, path, wait) in enumerate(todo, 1):
                url = f"{base}{path}{'&' if '?' in path else '?'}lang={lang}"
                target = out / f"{lang}-{number:02d}-{name}.png"
                tab = context.new_page()
                errors: list[str] = []
                tab.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
                before = len(outside)
                try:
                    response = tab.goto(url, wait_until="load", timeout=60_000)
                    status = response.status if response else 0
                    if (status >= 400) != (wait == "error"):
                        failures.append(f"{url}: HTTP {status}")
                    try:
                        tab.wait_for_load_state("networkidle", timeout=30_000)
                    except PlaywrightError:
                        failures.append(f"{url}: still loading after 30 s")
                    if wait in WAITS:
                        WAITS[wait](tab)
                    if wait == "graph" and tab.evaluate("window.aigraphGraphError || null"):
                        failures.append(f"{url}: the graph was not drawn")
                    tab.wait_for_timeout(300)
                    tab.screenshot(path=str(target), full_page=True)
                    say(str(target))
                except PlaywrightError as exc:
                    failures.append(f"{url}: {str(exc).splitlines()[0]}")
                finally:
                    tab.close()
                failures += [f"{url}: script error: {e}" for e in errors]
                failures += [f"{url}: request outside the server: {u}"
                             for u in outside[before:]]
            context.close()
        browser.close()
    for failure in failures:
        say(f"PROBLEM {failure}")
    say(f"{len(list(out.glob('*.png')))} screenshots in {out}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000",
                        help="the running server (default http://127.0.0.1:8000)")
    parser.add_argument("--out", type=Path, default=Path("var/screenshots"),
                        help="where to write the PNG files (default var/screenshots)")
    parser.add_argument("--chromium", default=CHROMIUM,
                        help=f"the Chromium to drive (default {CHROMIUM})")
    parser.add_argument("--iri-base", default=IRI_BASE,
                        help=f"the data's IRI base (default {IRI_BASE})")
    args = parser.parse_args(argv)
    base = re.sub(r"/+$", "", args.base)
    if not Path(args.chromium).exists():
        say(f"no Chromium at {args.chromium}; 'make browser-deps' installs Debian's chromium")
        return 2
    try:
        get_json(base, "/-/health")
    except OSError as exc:
        say(f"no aigraph server answers at {base} ({exc}); start one with 'make serve'")
        return 2
    return shoot(base, args.out, args.chromium, args.iri_base)


if __name__ == "__main__":
    sys.exit(main())
