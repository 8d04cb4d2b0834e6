"""``/queries``: every saved query listed, runnable in every format, in the OpenAPI."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import rdflib
from pyoxigraph import QuerySolutions, Store

from aigraph.queries import load_queries, run_saved

SAVED = load_queries(Path(__file__).resolve().parent.parent / "queries")
BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
ID = "https://w3id.org/aigraph/id/"


def test_at_least_fifteen_saved_queries_are_listed_with_both_languages(
        http: httpx.Client) -> None:
    listed = http.get("/queries", headers={"Accept": "application/json"}).json()
    assert len(listed) >= 15 and len(listed) == len(SAVED)
    assert all(q["title"]["ko"] and q["title"]["en"] for q in listed)


@pytest.mark.usefixtures("live_contexts")  # JSON-LD names its context by URL
@pytest.mark.parametrize("name", sorted(SAVED))
def test_every_saved_query_runs_in_its_formats(http: httpx.Client, name: str) -> None:
    query = SAVED[name]
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        for suffix, fmt in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
            response = http.get(f"/queries/{name}.{suffix}")
            assert response.status_code == 200
            assert len(rdflib.Graph().parse(data=response.content, format=fmt)) > 0
        return
    rows = json.loads(http.get(f"/queries/{name}").content)["results"]["bindings"]
    assert rows, f"{name} answered nothing"
    for suffix in ("csv", "tsv", "xml"):
        assert http.get(f"/queries/{name}.{suffix}").status_code == 200


def test_parameters_are_bound_and_validated(http: httpx.Client) -> None:
    forum = "https://w3id.org/aigraph/id/event/korea-ai-cluster-forum-1"
    rows = http.get("/queries/opening-attendees", params={"event": forum}).json()
    names = {r["name"]["value"] for r in rows["results"]["bindings"]}
    assert names == {"제임스 랜디 물릭"}
    bad = http.get("/queries/opening-attendees", params={"event": "not an iri"})
    assert bad.status_code == 400 and "'event'" in bad.json()["error"]
    unknown = http.get("/queries/opening-attendees", params={"colour": "red"})
    assert unknown.status_code == 400 and "'colour'" in unknown.json()["error"]


def test_the_html_view_shows_the_query_and_an_editor_link(http: httpx.Client) -> None:
    page = http.get("/queries/agreements", headers={"Accept": BROWSER}).text
    assert "체결된 협약, 당사자, 체결 행사" in page
    assert "GROUP_CONCAT" in page and 'class="editor"' in page
    assert "인공지능산업융합사업단" in page


def test_an_unknown_saved_query_is_404(http: httpx.Client) -> None:
    response = http.get("/queries/no-such-query")
    assert response.status_code == 404 and response.json()["ok"] is False


def test_every_saved_query_is_an_operation_of_the_openapi_document(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    for name, query in SAVED.items():
        operation = spec["paths"][f"/queries/{name}"]["get"]
        params = {p["name"] for p in operation.get("parameters", [])}
        assert {p.name for p in query.params} | {"format"} <= params


# -- the language of the names ------------------------------------------------------------

NAMED = sorted(n for n, q in SAVED.items() if any(p.type == "lang" for p in q.params))
JSON_RESULTS = "application/sparql-results+json"


class ResultsTable(HTMLParser):
    """The head and the rows of the results table of a page, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.head: list[str] = []
        self.rows: list[list[str]] = []
        self._in: str | None = None
        self._table = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "results") in attrs:
            self._table = True
        elif self._table and tag == "tr":
            self.rows.append([])
        elif self._table and tag in ("th", "td"):
            self._in = tag
            if tag == "td":
                self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = False
        elif tag in ("th", "td"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "th":
            self.head.append(data)
        elif self._in == "td":
            self.rows[-1][-1] += data

    @classmethod
    def of(cls, page: str) -> tuple[list[str], list[dict[str, str]]]:
        table = cls()
        table.feed(page)
        rows = [r for r in table.rows if r]
        assert all(len(r) == len(table.head) for r in rows)  # what table.js sorts by index
        return table.head, [dict(zip(table.head, r, strict=True)) for r in rows]


def bindings(response: httpx.Response) -> list[dict[str, tuple[str, str | None]]]:
    """A JSON answer's rows as {variable: (value, language tag)}."""
    assert response.status_code == 200, response.text
    return [{k: (v["value"], v.get("xml:lang")) for k, v in row.items()}
            for row in response.json()["results"]["bindings"]]


def local(store: Store, name: str, /, **values: str) -> list[dict[str, tuple[str, str | None]]]:
    """The same rows, from the store itself."""
    result = run_saved(store, SAVED[name], values)
    assert isinstance(result, QuerySolutions)
    return [{v.value: (r[v].value, getattr(r[v], "language", None)) for v in result.variables
             if r[v] is not None} for r in result]


def sort(rows: list[dict[str, tuple[str, str | None]]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


@pytest.mark.parametrize("name", NAMED)
def test_every_query_with_names_answers_in_the_language_asked_and_korean_by_default(
        http: httpx.Client, store: Store, name: str) -> None:
    accept = {"Accept": JSON_RESULTS}
    korean = bindings(http.get(f"/queries/{name}", headers=accept))
    english = bindings(http.get(f"/queries/{name}", params={"lang": "en"}, headers=accept))
    assert {r["lang"] for r in korean} == {("ko", None)}
    assert {r["lang"] for r in english} == {("en", None)}
    assert sort(korean) == sort(local(store, name, lang="ko"))
    assert sort(english) == sort(local(store, name, lang="en"))
    assert sort(english) != sort(korean)


def test_without_lang_the_names_follow_accept_language(http: httpx.Client) -> None:
    response = http.get("/queries/people-by-organisation.json",
                        headers={"Accept-Language": "en-GB,en;q=0.9,ko;q=0.5"})
    assert {r["name"] for r in bindings(response)} == {
        ("Lee Yong-sup", "en"), ("Kang Gi-jung", "en"), ("Kim Moon-joo", "en"),
        ("Cho Hwan-eik", "en")}
    assert "Accept-Language" in response.headers["vary"]
    # ?lang= wins over Accept-Language.
    korean = http.get("/queries/people-by-organisation.json", params={"lang": "ko"},
                      headers={"Accept-Language": "en"})
    assert {r["name"][1] for r in bindings(korean)} == {"ko"}


def test_an_unknown_lang_falls_back_to_the_page_language_as_on_every_page(
        http: httpx.Client) -> None:
    """``lang`` is the site's page-language switch: ``?lang=fr`` is ignored on every page, so
    on a saved query too it falls back to Accept-Language, then Korean, rather than a 400."""
    def names(fmt: str, **headers: str) -> set[str]:
        response = http.get("/queries/people-by-organisation",
                            params={"lang": "fr", "format": fmt}, headers=headers)
        if fmt == "json":
            return {r["name"][0] for r in bindings(response)}
        assert response.status_code == 200
        return {r["name"] for r in ResultsTable.of(response.text)[1]}

    for fmt in ("json", "html"):
        assert "이용섭" in names(fmt) and "Lee Yong-sup" not in names(fmt)
        assert "Lee Yong-sup" in names(fmt, **{"Accept-Language": "en"})


def test_the_english_page_of_a_saved_query_shows_english_names(http: httpx.Client) -> None:
    page = http.get("/queries/people-by-organisation", params={"lang": "en"},
                    headers={"Accept": BROWSER})
    # ?lang= decides the language, so the page does not vary by Accept-Language.
    vary = {v.strip() for v in page.headers["vary"].split(",")}
    assert page.status_code == 200 and "Accept" in vary and "Accept-Language" not in vary
    head, rows = ResultsTable.of(page.text)
    # The parameters bound (the organisation, the language) are in the form, not the table.
    assert "lang" not in head and "org" not in head
    assert head[:3] == ["orgName", "person", "name"]
    assert {(r["orgName"], r["name"], r["title"]) for r in rows} == {
        ("Gwangju Metropolitan City", "Lee Yong-sup", "mayor"),
        ("Gwangju Metropolitan City", "Kang Gi-jung", "mayor"),
        ("Gwangju Metropolitan City", "Kim Moon-joo", "technical adviser"),
        ("Gwangju Metropolitan City", "Cho Hwan-eik", "economic adviser")}
    assert '<option value="en" selected>' in page.text
    assert page.text.count('name="lang"') == 1  # the language field is the page switch


def test_a_parameter_left_unbound_keeps_its_column(http: httpx.Client) -> None:
    page = http.get("/queries/people-by-organisation", params={"org": "", "lang": "en"},
                    headers={"Accept": BROWSER})
    head, rows = ResultsTable.of(page.text)
    assert "org" in head and "lang" not in head
    assert len(rows) == 63
    sparql = http.get("/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 } }"},
                      headers={"Accept": BROWSER})
    assert ResultsTable.of(sparql.text)[0] == ["x"]  # /sparql hides nothing


def test_the_downloads_keep_the_lang_column_and_name_the_pages_language(
        http: httpx.Client) -> None:
    page = http.get("/queries/people-by-organisation", headers={
        "Accept": BROWSER, "Accept-Language": "en"}).text
    links = re.findall(r'class="download" href="([^"]+)"', page)
    assert links and all("lang=en" in link for link in links)
    csv_link = next(link for link in links if ".csv" in link).replace("&amp;", "&")
    table = list(csv.DictReader(io.StringIO(http.get(csv_link).text)))  # no Accept-Language
    assert {r["lang"] for r in table} == {"en"}
    assert "Lee Yong-sup" in {r["name"] for r in table}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_editor_link_binds_lang_and_answers_the_pages_rows(http: httpx.Client,
                                                               lang: str) -> None:
    page = http.get("/queries/people-by-organisation", params={"lang": lang},
                    headers={"Accept": BROWSER}).text
    link = re.search(r'class="editor" href="([^"]+)"', page)
    assert link
    args = parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)
    assert args["lang"] == [lang]
    text = args["query"][0]
    assert f'VALUES (?org ?lang) {{ (<{ID}org/gwangju-city> "{lang}") }}' in text
    in_editor = bindings(http.post("/sparql", data={"query": text},
                                   headers={"Accept": JSON_RESULTS}))
    on_page = bindings(http.get("/queries/people-by-organisation", params={"lang": lang},
                                headers={"Accept": JSON_RESULTS}))
    assert sort(in_editor) == sort(on_page) and len(on_page) == 4


def test_the_openapi_document_says_what_lang_takes(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    params = spec["paths"]["/queries/timeline"]["get"]["parameters"]
    lang = next(p for p in params if p["name"] == "lang")
    assert "Accept-Language" in lang["description"] and "default" not in lang["schema"]


def test_each_bound_value_has_its_own_cached_answer(http: httpx.Client, store: Store) -> None:
    """The text a saved query runs carries its values, so the answer cache keeps one answer
    per value: the second name is not answered from the first's entry."""
    accept = {"Accept": JSON_RESULTS}
    names = ("광주시", "광주광역시")
    first = [http.get("/queries/entity-by-name", params={"name": n}, headers=accept)
             for n in names]
    again = [http.get("/queries/entity-by-name", params={"name": n}, headers=accept)
             for n in names]
    for name, response, repeat in zip(names, first, again, strict=True):
        assert sort(bindings(response)) == sort(local(store, "entity-by-name", name=name))
        assert bindings(response) and sort(bindings(repeat)) == sort(bindings(response))
        assert repeat.headers["X-Cache"] == "hit"
    assert sort(bindings(first[0])) != sort(bindings(first[1]))


def test_the_answer_page_of_a_bound_query_shows_the_rows_of_its_value(http: httpx.Client,
                                                                     store: Store) -> None:
    page = http.get("/queries/entity-by-name", params={"name": "광주광역시"},
                    headers={"Accept": BROWSER})
    head, rows = ResultsTable.of(page.text)
    assert "name" not in head  # bound: shown in the form
    expected = local(store, "entity-by-name", name="광주광역시")
    assert expected and {r["labelEn"] for r in rows} == {r["labelEn"][0] for r in expected}
