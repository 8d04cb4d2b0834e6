"""Facts → RDF: IRIs, labels, provenance down to the sentence, determinism."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from aigraph.config import Settings
from aigraph.dataset import Inputs, content_quads
from aigraph.vocab import AIG, ORG, PROV, RDF, RDFS, SCHEMA

ENTITY_IRI = re.compile(
    r"^https://w3id\.org/aigraph/id/(org|person|event|agreement|facility|target|place|role|"
    r"event-role|event-type|agreement-type|metric|funding-source|membership|participation|"
    r"value|article|build|software)(/[a-z0-9]+(-[a-z0-9]+)*(#s[0-9]+)?)?$")
OUTSIDE = ("http://www.w3.org/", "https://schema.org/", "http://xmlns.com/", "http://purl.org/",
           "http://rdfs.org/", "http://semanticweb.cs.vu.nl/", "http://linkedevents.org/",
           "https://creativecommons.org/", "https://spec.edmcouncil.org/")


def test_building_twice_gives_the_same_quads(inputs: Inputs,
                                             project_settings: Settings) -> None:
    assert content_quads(inputs, project_settings) == content_quads(inputs, project_settings)


def test_no_fact_is_a_blank_node(quads: list[Quad]) -> None:
    data = [q for q in quads if not q.graph_name.value.endswith("/graph/ontology")]
    assert not any(isinstance(t, BlankNode) for q in data for t in (q.subject, q.object))


def test_every_iri_of_ours_is_a_slug_iri(quads: list[Quad]) -> None:
    ours = {t.value for q in quads for t in (q.subject, q.object)
            if isinstance(t, NamedNode) and t.value.startswith("https://w3id.org/aigraph/id/")}
    assert ours and [iri for iri in ours if not ENTITY_IRI.match(iri)] == []


def test_all_text_is_nfc(quads: list[Quad]) -> None:
    texts = [q.object.value for q in quads if isinstance(q.object, Literal)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_every_entity_has_one_korean_and_one_english_label(quads: list[Quad]) -> None:
    typed = {q.subject for q in quads if q.predicate == RDF.type and q.object in (
        AIG.Organization, AIG.Person, AIG.Event, AIG.Agreement, AIG.Facility, AIG.Target,
        SCHEMA.Place)}
    labels = Counter((q.subject, q.object.language) for q in quads  # type: ignore[union-attr]
                     if q.predicate == RDFS.label and q.subject in typed)
    assert all(labels[(s, "ko")] == 1 and labels[(s, "en")] == 1 for s in typed)


def test_every_membership_participation_and_value_rests_on_a_sentence(quads: list[Quad]) -> None:
    nary = {q.subject for q in quads if q.predicate == RDF.type and q.object in (
        ORG.Membership, AIG.Participation, SCHEMA.QuantitativeValue, SCHEMA.MonetaryAmount,
        AIG.Agreement)}
    derived = {q.subject for q in quads if q.predicate == PROV.wasDerivedFrom
               and "#s" in q.object.value}
    assert nary and nary - derived == set()


def test_a_fact_lives_in_the_named_graph_of_the_article_that_states_it(
        quads: list[Quad]) -> None:
    for q in quads:
        if q.predicate == PROV.wasDerivedFrom:
            article_slug = q.object.value.split("/id/article/")[1].split("#")[0]
            assert q.graph_name.value.endswith(f"/graph/{article_slug}")


def test_two_articles_reporting_different_jobs_targets_both_stay(quads: list[Quad]) -> None:
    target = NamedNode("https://w3id.org/aigraph/id/target/ai-jobs-2029")
    values = {q.object for q in quads if q.subject == target and q.predicate == AIG.reportedValue}
    numbers = {q.object.value: q.graph_name.value.rsplit("/", 1)[1] for q in quads
               if q.subject in values and q.predicate == SCHEMA.value}
    assert numbers == {"7000": "003-1397a4511c9db210", "27500": "004-c7d5fc48eb6dfa79"}


def test_money_is_in_won_as_integers_with_the_surface_text_kept(quads: list[Quad]) -> None:
    amounts = {q.subject for q in quads if q.object == SCHEMA.MonetaryAmount}
    values = {q.subject: q.object for q in quads
              if q.subject in amounts and q.predicate == SCHEMA.value}
    surfaces = {q.subject: q.object.value for q in quads
                if q.subject in amounts and q.predicate == AIG.surfaceForm}
    pairs = {surfaces[a]: int(values[a].value) for a in amounts}
    assert pairs["4061억원"] == 406_100_000_000
    assert pairs["2843억원"] == 284_300_000_000
    assert all(v.datatype.value.endswith("#integer") for v in values.values())


def test_relative_dates_keep_their_surface_text(quads: list[Quad]) -> None:
    launch = NamedNode("https://w3id.org/aigraph/id/event/national-ai-data-center-service-launch")
    facts = {q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: q.object.value
             for q in quads if q.subject == launch}
    assert facts["startDate"] == "2023-11-15"
    assert "15일" in facts["dateText"]


def test_no_term_comes_from_outside_namespaces_as_a_subject_except_the_ontology(
        quads: list[Quad]) -> None:
    data = [q for q in quads if not q.graph_name.value.endswith(("/graph/ontology",
                                                                   "/graph/terms"))]
    assert [q for q in data if q.subject.value.startswith(OUTSIDE)] == []


def test_outside_terms_get_names_in_both_languages_and_nothing_else(
        quads: list[Quad]) -> None:
    terms = [q for q in quads if q.graph_name.value.endswith("/graph/terms")]
    assert {q.predicate.value for q in terms} == {RDFS.label.value}
    named = {(q.subject.value, q.object.language) for q in terms}
    for term in {q.subject.value for q in terms}:
        assert {(term, "ko"), (term, "en")} <= named, term
    entities = "https://w3id.org/aigraph/id/"
    used = {t.value for q in quads if q.subject.value.startswith(entities)
            for t in ((q.predicate, q.object) if q.predicate == RDF.type else (q.predicate,))
            if t.value.startswith(OUTSIDE)}
    unnamed = used - {q.subject.value for q in terms}
    assert unnamed == set(), f"outside terms our entities use, without a name: {unnamed}"
