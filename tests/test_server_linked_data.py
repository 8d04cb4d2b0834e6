"""Linked Data files: compact JSON-LD against the published context, and the dumps.

A JSON-LD client resolves ``@context`` by fetching ``{base}context.jsonld``; in production
the persistent base IRI redirects to the server. Here the ``live_contexts`` fixture (in
conftest) sends those fetches to the test server instead (rdflib fetches through urllib; pyld
through a document loader), so every document is read exactly as a client on the web reads
it.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import rdflib
from pyld import jsonld
from rdflib.compare import isomorphic

from aigraph.config import BASE_IRI
from aigraph.results import context_url
from aigraph.store import dump_names

GIST = "/id/org/gist"
ENTITIES = [GIST, "/id/person/kang-gi-jung", "/id/event/aicon-gwangju-2022", "/id/role"]


def _pyld_graph(document: object, loader: Callable[..., dict[str, Any]]) -> rdflib.Graph:
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": loader})
    return rdflib.Graph().parse(data=nquads, format="nquads")


def test_the_context_is_published_as_json_ld_with_every_prefix(http: httpx.Client) -> None:
    response = http.get("/context.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    terms = response.json()["@context"]
    for prefix in ("aig", "schema", "org", "foaf", "prov", "skos", "dcterms", "rdfs", "owl",
                   "xsd", "sem", "lode", "void"):
        assert terms[prefix].startswith("http"), prefix
    assert terms["aigid"] == f"{BASE_IRI}id/"


@pytest.mark.parametrize("path", ENTITIES)
def test_compact_json_ld_of_an_entity_reads_as_its_turtle_in_rdflib_and_pyld(
        http: httpx.Client, live_contexts: Callable[..., dict[str, Any]], path: str) -> None:
    response = http.get(path, headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")
    document = response.json()
    assert document["@context"] == context_url(BASE_IRI)
    nodes = {node["@id"]: node for node in document["@graph"]}
    assert f"aigid:{path.removeprefix('/id/')}" in nodes  # compact IRIs, not expanded ones
    turtle = rdflib.Graph().parse(data=http.get(f"{path}.ttl").text, format="turtle")
    assert len(turtle) > 5
    by_rdflib = rdflib.Graph().parse(data=response.text, format="json-ld")
    assert isomorphic(by_rdflib, turtle)
    assert isomorphic(_pyld_graph(document, live_contexts), turtle)


def test_the_expanded_profile_needs_no_context_and_says_the_same(http: httpx.Client) -> None:
    profile = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'
    response = http.get(GIST, headers={"Accept": profile})
    document = response.json()
    assert isinstance(document, list) and "@context" not in json.dumps(document)
    turtle = rdflib.Graph().parse(data=http.get(f"{GIST}.ttl").text, format="turtle")
    assert isomorphic(rdflib.Graph().parse(data=response.text, format="json-ld"), turtle)
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize("path", ["/ontology", "/.well-known/void", "/sparql"])
def test_other_json_ld_documents_are_compact_too(
        http: httpx.Client, live_contexts: Callable[..., dict[str, Any]], path: str) -> None:
    response = http.get(path, headers={"Accept": "application/ld+json"})
    document = response.json()
    assert document["@context"] == context_url(BASE_IRI)
    turtle = rdflib.Graph().parse(
        data=http.get(path, headers={"Accept": "text/turtle"}).text, format="turtle")
    assert isomorphic(_pyld_graph(document, live_contexts), turtle)


def test_a_construct_answer_in_json_ld_is_compact(
        http: httpx.Client, live_contexts: Callable[..., dict[str, Any]]) -> None:
    query = ("PREFIX schema: <https://schema.org/> CONSTRUCT { ?e schema:startDate ?d } "
             "WHERE { ?e schema:startDate ?d }")
    response = http.get("/sparql", params={"query": query},
                        headers={"Accept": "application/ld+json"})
    document = response.json()
    assert document["@context"] == context_url(BASE_IRI)
    assert all("schema:startDate" in node for node in document["@graph"])
    turtle = http.get("/sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    expected = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert len(expected) > 5
    assert isomorphic(_pyld_graph(document, live_contexts), expected)


def test_the_home_page_offers_every_dump_and_its_gzip(http: httpx.Client) -> None:
    page = http.get("/", headers={"Accept": "text/html"}).text
    for name in dump_names():
        assert f'href="/dumps/{name}"' in page, name
    assert any(name.endswith(".gz") for name in dump_names())


@pytest.mark.parametrize("name", [n for n in dump_names() if n.endswith(".gz")])
def test_each_gzip_dump_is_the_plain_dump_compressed(http: httpx.Client, name: str) -> None:
    packed = http.get(f"/dumps/{name}")
    plain = http.get(f"/dumps/{name.removesuffix('.gz')}")
    assert packed.status_code == plain.status_code == 200
    assert packed.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in packed.headers
    assert packed.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert gzip.decompress(packed.content) == plain.content
    assert packed.content == http.get(f"/dumps/{name}").content  # no time stamp inside
    fmt = {"trig": "trig", "nq": "nquads", "ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[
        name.split(".")[1]]
    dataset = rdflib.Dataset()
    dataset.parse(data=gzip.decompress(packed.content), format=fmt)  # the dump reads offline
    assert len(list(dataset.quads())) > 5000


def test_the_json_ld_dump_carries_its_context_and_the_named_graphs(http: httpx.Client) -> None:
    document = http.get("/dumps/aigraph.jsonld").json()
    assert document["@context"]["aig"] == "https://w3id.org/aigraph/ontology#"
    offline = rdflib.Dataset()  # read with no network: the context is in the file
    offline.parse(data=json.dumps(document), format="json-ld")
    trig = rdflib.Dataset()
    trig.parse(data=http.get("/dumps/aigraph.trig").content, format="trig")
    assert {(s, p, o, g) for s, p, o, g in offline.quads() if not isinstance(s, rdflib.BNode)
            and not isinstance(o, rdflib.BNode)} == \
        {(s, p, o, g) for s, p, o, g in trig.quads() if not isinstance(s, rdflib.BNode)
         and not isinstance(o, rdflib.BNode)}
    merged = {(s, p, o) for s, p, o, _ in offline.quads()}
    turtle = rdflib.Graph().parse(data=http.get("/dumps/aigraph.ttl").text, format="turtle")
    assert len(merged) == len(turtle) > 5000  # the default graph is the merge of the graphs


def test_an_unknown_dump_is_404_naming_the_dumps(http: httpx.Client) -> None:
    response = http.get("/dumps/aigraph.csv.gz")
    assert response.status_code == 404 and "aigraph.nt.gz" in response.json()["error"]
