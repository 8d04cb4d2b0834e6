"""Linked Data: every IRI dereferences, in HTML for people and RDF for programs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest
import rdflib

from aigraph.store import dump_names

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
GIST = rdflib.URIRef("https://w3id.org/aigraph/id/org/gist")
RDFS_LABEL = rdflib.RDFS.label


@pytest.mark.usefixtures("live_contexts")  # JSON-LD names its context by URL
@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
])
def test_an_entity_iri_answers_rdf_by_content_negotiation(http: httpx.Client, accept: str,
                                                          fmt: str) -> None:
    response = http.get("/id/org/gist", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    assert (GIST, RDFS_LABEL, rdflib.Literal("광주과학기술원", lang="ko")) in graph
    assert "Accept" in response.headers["vary"]
    assert response.headers["content-location"].startswith("/id/org/gist.")
    assert 'rel="alternate"' in response.headers["link"]


@pytest.mark.usefixtures("live_contexts")  # JSON-LD names its context by URL
@pytest.mark.parametrize(("suffix", "fmt"), [("ttl", "turtle"), ("jsonld", "json-ld"),
                                             ("nt", "nt"), ("rdf", "xml")])
def test_file_suffix_urls_name_one_format(http: httpx.Client, suffix: str, fmt: str) -> None:
    response = http.get(f"/id/org/gist.{suffix}")
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    assert (GIST, RDFS_LABEL, rdflib.Literal("Gwangju Institute of Science and Technology",
                                             lang="en")) in graph


def test_the_document_holds_statement_nodes_and_labels_of_what_it_links(
        http: httpx.Client) -> None:
    graph = rdflib.Graph().parse(data=http.get("/id/person/kang-gi-jung.ttl").text,
                                 format="turtle")
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    memberships = set(graph.subjects(org.member,
                                     rdflib.URIRef("https://w3id.org/aigraph/id/person/kang-gi-jung")))
    assert memberships
    city = rdflib.URIRef("https://w3id.org/aigraph/id/org/gwangju-city")
    assert any((m, org.organization, city) in graph for m in memberships)
    assert (city, RDFS_LABEL, rdflib.Literal("광주광역시", lang="ko")) in graph


def test_a_browser_gets_an_html_page_with_labels_and_evidence(http: httpx.Client) -> None:
    response = http.get("/id/person/kang-gi-jung", headers={"Accept": BROWSER})
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1 lang=\"ko\">강기정</h1>" in page
    assert "광주광역시" in page and "시장" in page
    assert "강기정 광주시장은 개회사를 통해" in page
    assert ">시장 · 광주광역시</a>" in page  # the title held at the event, by its labels
    assert re.search(r'href="/id/article/000-7b0d44fbd805e180\?lang=ko#s\d+"', page)


@pytest.mark.parametrize(("how", "expected"), [
    ({"params": {"lang": "en"}}, "Kang Gi-jung"),
    ({"headers": {"Accept-Language": "en-GB,en;q=0.9,ko;q=0.5"}}, "Kang Gi-jung"),
    ({"headers": {"Accept-Language": "ko-KR"}}, "강기정"),
])
def test_the_page_language_follows_lang_or_accept_language(http: httpx.Client, how: dict,  # type: ignore[type-arg]
                                                           expected: str) -> None:
    headers = {"Accept": BROWSER, **how.get("headers", {})}
    page = http.get("/id/person/kang-gi-jung", params=how.get("params"), headers=headers).text
    assert re.search(rf"<h1[^>]*>{expected}</h1>", page)


def test_pages_link_outgoing_and_incoming_entities_by_label(http: httpx.Client) -> None:
    page = http.get("/id/org/gist", headers={"Accept": BROWSER}).text
    assert 'href="/id/org/gist-ai-institute?lang=ko"' in page
    assert "GIST 인공지능연구소" in page


def test_an_article_page_shows_its_sentences_addressable(http: httpx.Client) -> None:
    page = http.get("/id/article/004-c7d5fc48eb6dfa79", headers={"Accept": BROWSER}).text
    assert 'id="s1"' in page and 'class="repeat"' in page
    assert "광주=임동률 기자" in page


def test_an_unknown_iri_is_404_as_a_page_or_as_json(http: httpx.Client) -> None:
    page = http.get("/id/person/nobody", headers={"Accept": BROWSER})
    assert page.status_code == 404 and "<h1>404" in page.text
    data = http.get("/id/person/nobody", headers={"Accept": "text/turtle"})
    assert data.status_code == 404
    assert data.json() == {"ok": False, "status": 404,
                           "error": "the graph knows nothing about "
                                    "https://w3id.org/aigraph/id/person/nobody"}


def test_the_ontology_iri_dereferences_to_rdf_and_to_documentation(http: httpx.Client) -> None:
    graph = rdflib.Graph().parse(data=http.get("/ontology",
                                               headers={"Accept": "text/turtle"}).text,
                                 format="turtle")
    aig = rdflib.Namespace("https://w3id.org/aigraph/ontology#")
    classes = {c for c in graph.subjects(rdflib.RDF.type, rdflib.OWL.Class)
               if str(c).startswith(str(aig))}
    assert {aig.Organization, aig.Person, aig.Agreement, aig.Event, aig.Facility,
            aig.Target} <= classes
    page = http.get("/ontology", headers={"Accept": BROWSER}).text
    for cls in classes:
        assert f'id="{str(cls).rsplit("#", 1)[1]}"' in page


@pytest.mark.parametrize(("suffix", "fmt"), [("trig", "trig"), ("nq", "nquads"),
                                             ("ttl", "turtle"), ("jsonld", "json-ld")])
def test_dumps_of_the_whole_dataset_carry_the_licence(http: httpx.Client, suffix: str,
                                                      fmt: str) -> None:
    response = http.get(f"/dumps/aigraph.{suffix}")
    assert "creativecommons.org/licenses/by/4.0" in response.headers["link"]
    dataset = rdflib.Dataset()
    dataset.parse(data=response.content, format=fmt)
    assert len(dataset) > 5000 if fmt in ("turtle", "json-ld") else len(
        list(dataset.quads())) > 5000


def test_void_is_at_the_well_known_address(http: httpx.Client) -> None:
    graph = rdflib.Graph().parse(data=http.get("/.well-known/void").text, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef("https://w3id.org/aigraph/dataset")
    assert len(set(graph.objects(dataset, void.subset))) >= 5  # one per article at least
    dumps = {str(d) for d in graph.objects(dataset, void.dataDump)}
    assert dumps == {f"https://w3id.org/aigraph/dumps/{name}" for name in dump_names()}


def test_the_home_page_says_what_the_dataset_is(http: httpx.Client) -> None:
    page = http.get("/", headers={"Accept": BROWSER}).text
    assert "aigraph.trig" in page and "/queries/" in page


def test_without_a_store_the_server_starts_and_says_how_to_build_one(tmp_path) -> None:  # noqa: ANN001
    from aigraph.config import Settings
    from tests.conftest import ROOT, LiveServer

    with LiveServer(Settings(root=ROOT, store_dir=tmp_path / "none" / "store")) as server:
        answer = httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"})
        health = httpx.get(f"{server.url}/-/health")
    assert answer.status_code == 503 and "aigraph build" in answer.json()["error"]
    assert health.status_code == 503 and health.json()["ok"] is False


def test_a_corrupt_store_is_reported_clearly_and_the_server_still_starts(tmp_path) -> None:  # noqa: ANN001
    from aigraph.config import Settings
    from tests.conftest import ROOT, LiveServer

    broken = tmp_path / "stores" / "broken"
    broken.mkdir(parents=True)
    (broken / "CURRENT").write_text("not a database\n")
    (tmp_path / "store").symlink_to(broken)
    with LiveServer(Settings(root=ROOT, store_dir=tmp_path / "store")) as server:
        answer = httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"})
    assert answer.status_code == 503
    error = answer.json()["error"]
    assert "cannot open the store" in error and "aigraph build" in error


@pytest.mark.parametrize(("path", "accept", "media"), [
    ("/id/org/gist", "text/turtle", "text/turtle"),
    ("/id/org/gist", "text/html", "text/html"),
    ("/sparql?query=ASK%7B%7D", "application/sparql-results+json",
     "application/sparql-results+json"),
    ("/queries/agreements", "text/csv", "text/csv"),
])
def test_head_answers_like_get_without_a_body(http: httpx.Client, path: str, accept: str,
                                              media: str) -> None:
    head = http.head(path, headers={"Accept": accept})
    get = http.get(path, headers={"Accept": accept})
    assert head.status_code == get.status_code == 200
    assert head.headers["content-type"].startswith(media)
    assert head.headers.get("etag") == get.headers.get("etag")
    assert head.content == b""


def test_head_of_an_unknown_entity_is_404(http: httpx.Client) -> None:
    assert http.head("/id/org/no-such-thing").status_code == 404


def test_entity_pages_name_every_term_in_the_page_language(http: httpx.Client) -> None:
    for lang in ("ko", "en"):
        page = http.get("/id/event/aicon-gwangju-2022", params={"lang": lang},
                        headers={"Accept": BROWSER}).text
        main = page.split("<main>", 1)[1].split('<section class="neighbourhood">', 1)[0]
        shown = re.sub(r"<[^>]+>", " ", main)
        raw = re.findall(r"\b(?:org|schema|prov|dcterms|skos|sem|rdfs?):[A-Za-z]+\b", shown)
        assert raw == [], (lang, raw)
    english = http.get("/id/event/aicon-gwangju-2022", params={"lang": "en"},
                       headers={"Accept": BROWSER}).text
    assert ">organiser</a>" in english and ">part of event</a>" in english or \
        ">organiser<" in english
    assert "inferred from context" in english and ">inferred<" not in english


def test_a_sentence_that_carries_several_facts_is_quoted_once(http: httpx.Client) -> None:
    page = http.get("/id/event/aicon-gwangju-2022-opening", headers={"Accept": BROWSER}).text
    quotes = re.findall(r'<blockquote class="evidence"[^>]*>“([^”]+)”', page)
    assert quotes and len(quotes) == len(set(quotes)), quotes
    facts = page.split('<section class="ground">')
    assert max(chunk.count('<li class="fact">') for chunk in facts) >= 5


def test_reviewed_facts_carry_no_flag_and_booleans_read_as_words(http: httpx.Client) -> None:
    page = http.get("/id/org/gist-ai-policy-school-committee",
                    headers={"Accept": BROWSER}).text
    assert "true" not in re.sub(r"<[^>]+>", " ", page.split("<main>", 1)[1])
    assert 'class="draft"' not in page


def test_an_article_page_lists_its_properties_one_per_line(http: httpx.Client) -> None:
    page = http.get("/id/article/003-1397a4511c9db210", params={"lang": "en"},
                    headers={"Accept": BROWSER}).text
    listing = page.split('<dl class="properties">', 1)[1].split("</dl>", 1)[0]
    terms = re.findall(r"<dt>(.*?)</dt>", listing)
    assert len(terms) == len(set(terms)) >= 5
    assert "29 January 2020" in listing


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_error_pages_speak_the_asked_language(http: httpx.Client, lang: str) -> None:
    page = http.get("/id/person/nobody", params={"lang": lang}, headers={"Accept": BROWSER})
    assert page.status_code == 404 and f'<html lang="{lang}">' in page.text
    assert f'href="/?lang={lang}"' in page.text


def test_a_concept_scheme_dereferences_and_pages_keep_the_reader_in_their_language(
        http: httpx.Client) -> None:
    page = http.get("/id/role", params={"lang": "ko"}, headers={"Accept": BROWSER})
    assert page.status_code == 200 and "<h1 lang=\"ko\">aigraph 직함</h1>" in page.text
    graph = rdflib.Graph().parse(data=http.get("/id/role.ttl").text, format="turtle")
    scheme = rdflib.URIRef("https://w3id.org/aigraph/id/role")
    assert (scheme, rdflib.RDF.type, rdflib.SKOS.ConceptScheme) in graph
    assert http.get("/id/nothing-here", headers={"Accept": BROWSER}).status_code == 404
    english = http.get("/id/role/mayor", params={"lang": "en"}, headers={"Accept": BROWSER})
    links = re.findall(r'href="(/id/[^"]+)"', english.text)
    pages = [link for link in links if not re.search(r"\.(ttl|jsonld|nt|rdf)$", link)]
    assert pages and all("lang=en" in link for link in pages), pages


class _TermLinks(HTMLParser):
    """The ids of an ontology page, and the links in its domain, range and superclass lines."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (line, href, text)
        self._line: str | None = None
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "small" and found.get("class") in ("domain", "range", "supers"):
            self._line = found["class"]
        elif tag == "a" and self._line:
            self._href, self._text = found.get("href") or "", ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None and self._line:
            self.links.append((self._line, self._href, self._text))
            self._href = None
        elif tag == "small":
            self._line = None


def test_the_ontology_page_links_domains_ranges_and_superclasses(http: httpx.Client) -> None:
    from aigraph.vocab import PREFIXES

    parser = _TermLinks()
    parser.feed(http.get("/ontology", headers={"Accept": BROWSER}).text)
    lines = {line for line, _, _ in parser.links}
    assert lines == {"domain", "range", "supers"}
    for line, href, text in parser.links:
        prefix, _, local = text.partition(":")
        assert prefix in PREFIXES and local, (line, href, text)  # schema:Event, not Event
        if href.startswith("#"):  # our own term: its section of this page
            assert prefix == "aig" and href[1:] == local and local in parser.ids
        else:  # another vocabulary's term: its own IRI
            assert href == PREFIXES[prefix] + local
    texts = {text for _, _, text in parser.links}
    assert {"schema:Event", "org:Organization", "foaf:Person"} <= texts
    assert any(href == "#Target" for _, href, _ in parser.links)


@pytest.fixture(scope="module")
def linked_out(tmp_path_factory: pytest.TempPathFactory, project_settings, quads):  # noqa: ANN001, ANN201
    """The corpus with links to Wikidata and DBpedia, as the registry will give them, served
    over HTTP."""
    from pyoxigraph import NamedNode, Quad

    from aigraph.store import write_store
    from tests.conftest import LiveServer

    city = NamedNode("https://w3id.org/aigraph/id/org/gwangju-city")
    graph = NamedNode("https://w3id.org/aigraph/graph/registry")
    links = [Quad(city, NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
                  NamedNode("http://www.wikidata.org/entity/Q41283"), graph),
             Quad(city, NamedNode("https://schema.org/sameAs"),
                  NamedNode("http://dbpedia.org/resource/Gwangju"), graph)]
    settings = project_settings.with_(store_dir=tmp_path_factory.mktemp("linked") / "store")
    write_store([*quads, *links], settings, "linked-out")
    with LiveServer(settings) as server:
        yield server


@pytest.mark.parametrize(("lang", "heading"), [("ko", "같은 대상"), ("en", "Same as")])
def test_an_entity_page_shows_the_same_thing_in_other_datasets(linked_out, lang: str,  # noqa: ANN001
                                                               heading: str) -> None:
    page = httpx.get(f"{linked_out.url}/id/org/gwangju-city", params={"lang": lang},
                     headers={"Accept": BROWSER}, timeout=30).text
    row = re.search(r'<p class="same-as">(.*?)</p>', page)
    assert row and row.group(1).startswith(f"{heading}: ")
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', row.group(1))
    assert links == [("http://dbpedia.org/resource/Gwangju", "dbpedia:Gwangju"),
                     ("http://www.wikidata.org/entity/Q41283", "wikidata:Q41283")]
    # Shown in its row, not again among the links out.
    for same_as in ("http://www.w3.org/2002/07/owl#sameAs", "https://schema.org/sameAs"):
        assert f'href="{same_as}"' not in page
    turtle = rdflib.Graph().parse(
        data=httpx.get(f"{linked_out.url}/id/org/gwangju-city.ttl", timeout=30).text,
        format="turtle")
    assert (rdflib.URIRef("https://w3id.org/aigraph/id/org/gwangju-city"), rdflib.OWL.sameAs,
            rdflib.URIRef("http://www.wikidata.org/entity/Q41283")) in turtle


def test_the_registry_links_out_show_on_the_entity_page(http: httpx.Client) -> None:
    page = http.get("/id/place/gwangju", params={"lang": "en"},
                    headers={"Accept": BROWSER}).text
    row = re.search(r'<p class="same-as">(.*?)</p>', page)
    assert row and ">wikidata:Q41283</a>" in row.group(1)


def test_an_entity_without_links_out_has_no_same_as_row(http: httpx.Client) -> None:
    page = http.get("/id/person/kang-gi-jung", headers={"Accept": BROWSER}).text
    assert 'class="same-as"' not in page


def test_an_entity_page_shows_what_the_articles_state_not_what_the_build_inferred(
        http: httpx.Client) -> None:
    page = http.get("/id/event/aicon-gwangju-2022", params={"lang": "en"},
                    headers={"Accept": BROWSER}).text
    assert "hosted by" in page.lower() or "hostedBy" in page
    for inferred in ("sem:hasActor", "lode:involvedAgent", "involved agent"):
        assert inferred not in page
