"""The browser UI over HTTP: label search, the editor page, the graph page, the home page."""

from __future__ import annotations

import re

import httpx
import pytest

from aigraph.server.ui import normalise

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
GIST = "https://w3id.org/aigraph/id/org/gist"


def local_assets(page: str) -> list[str]:
    """Every script src and stylesheet/link href of a page."""
    return re.findall(r'<script[^>]*\ssrc="([^"]*)"', page) + \
        re.findall(r'<link[^>]*\shref="([^"]*)"', page)


def test_search_finds_a_korean_label_by_a_substring_of_a_compound(http: httpx.Client) -> None:
    hits = http.get("/search", params={"q": "과학기술", "format": "json"}).json()
    assert any(h["label_ko"] == "광주과학기술원" for h in hits)
    gist = next(h for h in hits if h["iri"] == GIST)
    assert set(gist) == {"iri", "label_ko", "label_en", "class", "url"}
    assert gist["url"] == "/id/org/gist" and gist["class"] == "Organization"


def test_search_matches_english_labels_case_insensitively_and_ignores_spaces(
        http: httpx.Client) -> None:
    english = http.get("/search", params={"q": "gwangju institute"},
                       headers={"Accept": "application/json"}).json()
    assert GIST in {h["iri"] for h in english}
    spaced = http.get("/search", params={"q": "광주 과학기술원", "format": "json"}).json()
    assert spaced[0]["iri"] == GIST


def test_search_matches_aliases_and_ranks_exact_labels_first(http: httpx.Client) -> None:
    hits = http.get("/search", params={"q": "GIST", "format": "json"}).json()
    assert hits and hits[0]["iri"] == GIST


@pytest.mark.parametrize("q", ["", "   ", "없는이름xyz", "') } DROP ALL #", "\"<>&"])
def test_search_with_nothing_or_odd_text_answers_an_empty_list(http: httpx.Client,
                                                               q: str) -> None:
    answer = http.get("/search", params={"q": q, "format": "json"})
    assert answer.status_code == 200 and answer.json() == []


def test_the_search_page_lists_hits_with_links(http: httpx.Client) -> None:
    page = http.get("/search", params={"q": "과학기술", "lang": "ko"},
                    headers={"Accept": BROWSER}).text
    assert 'href="/id/org/gist?lang=ko"' in page and "광주과학기술원" in page
    assert 'name="q" value="과학기술"' in page


def test_normalise_composes_hangul_and_folds_case() -> None:
    decomposed = "\u1100\u1161"  # ᄀ + ᅡ, i.e. 가 in jamo
    assert normalise(decomposed) == "가" and normalise("GIST") == "gist"


def test_the_editor_page_has_yasgui_from_local_files_only(http: httpx.Client) -> None:
    page = http.get("/editor", headers={"Accept": BROWSER}).text
    assets = local_assets(page)
    assert "/static/vendor/yasgui.min.js" in assets and "/static/vendor/yasgui.min.css" in assets
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert "cdn" not in page.lower()
    for asset in assets:
        if asset.startswith("/static/"):
            assert http.get(asset).status_code == 200, asset
    assert "organisation-network" in page and 'class="saved-query"' in page
    assert "https://w3id.org/aigraph/ontology#Person" in page  # autocompletion terms


def test_the_saved_query_pages_open_the_editor(http: httpx.Client) -> None:
    page = http.get("/queries/agreements", headers={"Accept": BROWSER}).text
    link = re.search(r'class="editor" href="([^"]+)"', page)
    assert link and "/editor?query=" in link.group(1)


def test_the_graph_page_and_entity_pages_load_cytoscape_locally(http: httpx.Client) -> None:
    graph = http.get("/graph", headers={"Accept": BROWSER}).text
    entity = http.get("/id/org/gist", headers={"Accept": BROWSER}).text
    for page in (graph, entity):
        assets = local_assets(page)
        assert "/static/vendor/cytoscape.min.js" in assets and "/static/graph.js" in assets
        assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert "query=organisation-network-graph" in graph
    assert 'data-focus="https://w3id.org/aigraph/id/org/gist"' in entity
    source = re.search(r'data-source="([^"]+)"', entity).group(1).replace("&amp;", "&")
    data = http.get(source).json()
    assert len(data["elements"]["nodes"]) > 1


def test_the_home_page_links_search_editor_and_graph(http: httpx.Client) -> None:
    page = http.get("/", headers={"Accept": BROWSER}).text
    for link in ('action="/search"', 'href="/editor', 'href="/graph', 'href="/queries',
                 'href="/ontology', "aigraph.trig"):
        assert link in page, link


def test_labels_answers_local_links_and_labels_for_our_iris_only(http: httpx.Client) -> None:
    iris = [GIST, "https://example.org/x", "not an iri", 7]
    ko = http.post("/labels", params={"lang": "ko"}, json=iris).json()
    assert ko == {GIST: {"label": "광주과학기술원", "url": "/id/org/gist?lang=ko"}}
    en = http.post("/labels", params={"lang": "en"}, json={"iris": [GIST]}).json()
    assert en[GIST]["url"] == "/id/org/gist?lang=en" and "Gwangju" in en[GIST]["label"]
    assert http.post("/labels", content=b"{oops").status_code == 400


def test_the_editor_script_handles_timeouts_truncation_and_labels(http: httpx.Client) -> None:
    script = http.get("/static/editor.js").text
    assert "X-Result-Truncated" in script and "X-Result-Limit" in script
    assert "/labels" in script


def test_the_timeline_lists_dated_events_in_order_with_links(http: httpx.Client) -> None:
    events = http.get("/timeline", params={"format": "json", "lang": "ko"}).json()
    assert len(events) > 3
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    assert {e["precision"] for e in events} <= {"day", "month", "year"}
    assert all(e["url"].startswith("/id/") and e["label"] for e in events)
    page = http.get("/timeline", params={"lang": "ko"}, headers={"Accept": BROWSER}).text
    first = events[0]
    assert f'href="{first["url"]}"' in page and first["label"] in page
    assert f'<time datetime="{first["date"]}">' in page


def test_the_ontology_graph_has_aig_classes_and_subclass_edges(http: httpx.Client) -> None:
    data = http.get("/graph/ontology.cyjs").json()["elements"]
    ids = {n["data"]["id"] for n in data["nodes"]}
    assert "https://w3id.org/aigraph/ontology#Person" in ids
    person = next(n["data"] for n in data["nodes"]
                  if n["data"]["id"] == "https://w3id.org/aigraph/ontology#Person")
    assert person["label_ko"] and person["label_en"]
    assert data["edges"] and all(e["data"]["source"] in ids and e["data"]["target"] in ids
                                 for e in data["edges"])
    page = http.get("/graph", params={"view": "ontology", "lang": "en"},
                    headers={"Accept": BROWSER}).text
    assert 'data-source="/graph/ontology.cyjs"' in page and "Ontology classes" in page


def test_the_home_page_and_nav_link_the_timeline_and_ontology_graph(http: httpx.Client) -> None:
    page = http.get("/", params={"lang": "ko"}, headers={"Accept": BROWSER}).text
    home_links = page.split('class="home-links"', 1)[1]
    assert 'href="/timeline?lang=ko"' in home_links
    assert 'href="/graph?view=ontology&amp;lang=ko"' in home_links
    nav = http.get("/search", params={"lang": "en"}, headers={"Accept": BROWSER}).text
    nav = nav.split("<nav>", 1)[1].split("</nav>", 1)[0]
    assert 'href="/timeline?lang=en"' in nav and 'href="/graph?view=ontology&amp;lang=en"' in nav


def test_the_graph_page_shows_the_whole_graph_or_any_saved_construct_query(
        http: httpx.Client) -> None:
    whole = http.get("/graph", params={"view": "all", "collapse": "false"}).text
    assert 'data-source="/export/graph.cyjs?collapse=false"' in whole
    assert 'class="collapse-toggle"' in whole
    network = http.get("/graph", params={"query": "organisation-network-graph"}).text
    assert "/export/graph.cyjs?query=organisation-network-graph&amp;collapse=true" in network
    # The network has only org:linkedTo edges: a collapse toggle would change nothing.
    assert 'class="collapse-toggle"' not in network
    refused = http.get("/graph", params={"query": "agreements"},
                       headers={"Accept": "application/json"})
    assert refused.status_code == 400 and "'query'" in refused.json()["error"]


def test_browsing_a_class_lists_its_instances_and_a_search_can_be_narrowed_to_it(
        http: httpx.Client) -> None:
    people = http.get("/search", params={"class": "Person", "format": "json"}).json()
    assert len(people) == 49 and {p["class"] for p in people} == {"Person"}
    narrowed = http.get("/search", params={"q": "광주", "class": "Organization",
                                           "format": "json"}).json()
    assert narrowed and all(h["class"] == "Organization" for h in narrowed)
    bad = http.get("/search", params={"class": "Nope", "format": "json"})
    assert bad.status_code == 400 and "'class'" in bad.json()["error"]
    home = http.get("/", headers={"Accept": "text/html"}).text
    assert 'href="/class/Person?lang=ko"' in home
    page = http.get("/search", params={"class": "Person"}, headers={"Accept": BROWSER}).text
    assert page.count('<li class="hit"') == 49 or len(re.findall(r'href="/id/person/', page)) == 49


def test_a_class_page_lists_its_instances_paged_with_the_count(http: httpx.Client) -> None:
    first = http.get("/class/Organization", params={"format": "json"}).json()
    assert first["count"] > 50 and first["pages"] == -(-first["count"] // 50)
    assert len(first["items"]) == 50 and first["page"] == 1
    second = http.get("/class/Organization", params={"format": "json", "page": 2}).json()
    assert len(second["items"]) == first["count"] - 50
    assert not {i["iri"] for i in first["items"]} & {i["iri"] for i in second["items"]}
    page = http.get("/class/Person", params={"lang": "en"}, headers={"Accept": BROWSER})
    assert page.status_code == 200 and "49" in page.text
    assert len(set(re.findall(r'href="/id/person/[^"?]+', page.text))) == 49


def test_a_class_page_refuses_an_unknown_class_or_page(http: httpx.Client) -> None:
    unknown = http.get("/class/Nope", params={"format": "json"})
    assert unknown.status_code == 404 and "/ontology" in unknown.json()["error"]
    beyond = http.get("/class/Person", params={"format": "json", "page": "x"})
    assert beyond.status_code == 400 and "page" in beyond.json()["error"]


def test_the_api_page_serves_swagger_ui_from_local_files(http: httpx.Client) -> None:
    page = http.get("/docs").text
    assets = local_assets(page)
    assert "/static/vendor/swagger-ui-bundle.js" in assets
    assert all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert http.get(asset).status_code == 200, asset
    assert http.get("/openapi.json").json()["paths"]


def test_graph_pages_offer_their_graph_as_files_for_visualisers(http: httpx.Client) -> None:
    page = http.get("/graph", params={"view": "all"}).text
    links = dict(re.findall(r'<a href="(/export/graph\.(\w+)[^"]*)" download', page))
    kinds = {fmt for _, fmt in re.findall(r'<a href="(/export/graph\.(\w+)[^"]*)" download',
                                          page)}
    assert kinds == {"graphml", "gexf", "cyjs", "dot"}, links
    entity = http.get("/id/org/gist", headers={"Accept": BROWSER}).text
    hrefs = re.findall(r'<a href="(/export/graph\.gexf[^"]*)" download', entity)
    assert hrefs
    gexf = http.get(hrefs[0].replace("&amp;", "&"))
    assert gexf.status_code == 200 and b"<gexf" in gexf.content
    assert "attachment" in gexf.headers["content-disposition"]


@pytest.mark.parametrize(("lang", "organisation"), [("ko", "기관"), ("en", "organization")])
def test_graph_views_get_one_colour_per_class_and_class_names_in_the_page_language(
        http: httpx.Client, lang: str, organisation: str) -> None:
    import html
    import json

    from aigraph.colours import CLASS_COLOURS

    configs = []
    for path in ("/graph", "/graph?view=all", "/id/org/gist"):
        page = http.get(path, params={"lang": lang}, headers={"Accept": BROWSER}).text
        found = re.search(r'data-config="([^"]*)"', page)
        assert found, path
        configs.append(json.loads(html.unescape(found[1])))
    assert all(c["colours"]["Organization"] == CLASS_COLOURS["Organization"] for c in configs)
    assert all(c["classes"]["Organization"].lower() == organisation for c in configs)
    assert all("http://www.w3.org/ns/org#linkedTo" in c["symmetric"] for c in configs)


def test_the_home_pages_sparql_box_starts_with_a_query_that_runs(http: httpx.Client) -> None:
    import html

    page = http.get("/", params={"lang": "en"}, headers={"Accept": BROWSER}).text
    box = re.search(r'<form method="get" action="/sparql">(.*?)</form>', page, re.S)
    assert box
    query = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", box[1], re.S)[1])
    assert 'name="lang" value="en"' in box[1]
    answer = http.get("/sparql", params={"query": query}).json()
    assert len(answer["results"]["bindings"]) == 20
    shown = http.get("/sparql", params={"query": query, "lang": "en"},
                     headers={"Accept": BROWSER})
    assert shown.headers["content-type"].startswith("text/html") and "20" in shown.text


def test_the_language_switch_keeps_the_pages_other_parameters(http: httpx.Client) -> None:
    import html

    page = http.get("/queries/people-by-organisation",
                    params={"org": GIST, "lang": "ko"}, headers={"Accept": BROWSER}).text
    nav = page.split("<nav>", 1)[1].split("</nav>", 1)[0]
    switch = html.unescape(re.search(r'<a href="(\?[^"]*)" hreflang="en"', nav)[1])
    assert "lang=en" in switch and "org=https" in switch and switch.count("lang=") == 1


def test_the_editor_opens_a_saved_query_bound_as_its_page_in_the_editors_language(
        http: httpx.Client) -> None:
    listed = http.get("/queries", params={"format": "json", "lang": "en"}).json()
    people = next(q for q in listed if q["name"] == "people-by-organisation")
    assert "VALUES" in people["bound_sparql"]
    assert '"en"' in people["bound_sparql"] and "gwangju-city" in people["bound_sparql"]
    rows = http.get("/sparql", params={"query": people["bound_sparql"]}).json()
    page = http.get("/queries/people-by-organisation", params={"lang": "en",
                                                                "format": "json"}).json()
    assert rows["results"]["bindings"] == page["results"]["bindings"]
