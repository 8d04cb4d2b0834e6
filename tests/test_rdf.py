"""Facts → RDF: IRIs, labels, provenance down to the sentence, determinism."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from aigraph.articles import Article, read_article
from aigraph.config import Settings
from aigraph.dataset import Inputs, content_quads
from aigraph.dates import date_interval
from aigraph.facts import Facts, Statement
from aigraph.rdf import article_quads
from aigraph.vocab import AIG, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, Minter

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
        if q.predicate == PROV.wasDerivedFrom and "/id/article/" in q.object.value:
            article_slug = q.object.value.split("/id/article/")[1].split("#")[0]
            assert q.graph_name.value.endswith(f"/graph/{article_slug}")


def test_two_articles_reporting_different_jobs_targets_both_stay(quads: list[Quad]) -> None:
    target = NamedNode("https://w3id.org/aigraph/id/target/ai-jobs-2029")
    values = {q.object for q in quads if q.subject == target and q.predicate == AIG.reportedValue}
    numbers = {q.object.value: q.graph_name.value.rsplit("/", 1)[1] for q in quads
               if q.subject in values and q.predicate == SCHEMA.value}
    assert numbers == {"7000": "003-1397a4511c9db210", "27500": "004-c7d5fc48eb6dfa79"}


def test_money_is_in_won_as_integers_with_the_surface_text_kept(quads: list[Quad]) -> None:
    amounts = {q.subject for q in quads
               if q.predicate == RDF.type and q.object == SCHEMA.MonetaryAmount}
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


# -- dates: interval bounds, and a basis only where the input gives one --------------------

DATE_PROPERTIES = (SCHEMA.startDate, AIG.signedOn, AIG.openedOn, SCHEMA.foundingDate,
                   AIG.targetDate, SCHEMA.datePublished)


def test_every_date_has_its_interval_of_days_beside_it_in_the_same_graph(
        quads: list[Quad]) -> None:
    in_graph = {(q.graph_name, q.subject, q.predicate): q.object for q in quads}
    dated = [q for q in quads if q.predicate in DATE_PROPERTIES]
    assert len(dated) == 29  # 5 articles, 13 events, 1 agreement, 2 founded, 2 opened, 6 values
    for q in dated:
        first, last = date_interval(q.object.value)
        bounds = (in_graph[q.graph_name, q.subject, AIG.earliestDate],
                  in_graph[q.graph_name, q.subject, AIG.latestDate])
        assert bounds == (Literal(first.isoformat(), datatype=XSD.date),
                          Literal(last.isoformat(), datatype=XSD.date)), q
    bounded = {(q.graph_name, q.subject) for q in quads if q.predicate == AIG.earliestDate}
    assert bounded == {(q.graph_name, q.subject) for q in dated}


def test_a_year_spans_the_whole_year_a_month_the_whole_month_a_day_itself(
        quads: list[Quad]) -> None:
    def bounds(kind: str, key: str) -> tuple[str, str]:
        node = NamedNode(f"https://w3id.org/aigraph/id/{kind}/{key}")
        found = {q.predicate: q.object.value for q in quads if q.subject == node}
        return found[AIG.earliestDate], found[AIG.latestDate]

    assert bounds("event", "ai-breakfast-forum-2") == ("2020-01-01", "2020-12-31")  # 2020
    assert bounds("event", "ai-breakfast-forum-1") == ("2020-06-01", "2020-06-30")  # 2020-06
    assert bounds("facility", "saltlux-ai-center") == ("2020-04-01", "2020-04-30")
    assert bounds("event", "ai-hub-city-vision-ceremony") == ("2020-01-29", "2020-01-29")
    assert bounds("article", "004-c7d5fc48eb6dfa79") == ("2019-01-01", "2019-12-31")


def test_a_basis_stands_only_beside_a_date_and_every_date_has_one(quads: list[Quad]) -> None:
    """The corpus states a basis with every date; none is added by the build."""
    dated = {(q.graph_name, q.subject) for q in quads if q.predicate in DATE_PROPERTIES}
    based = {(q.graph_name, q.subject) for q in quads if q.predicate == AIG.dateBasis}
    assert based == dated


def _article(tmp_path: Path, front: str, body: str) -> Article:
    path = tmp_path / "900_test.md"
    path.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return read_article(path)


def test_a_date_given_without_a_basis_gets_no_basis_in_the_graph(
        tmp_path: Path, inputs: Inputs) -> None:
    """An article dated without ``date_basis``, and a statement with a date but no basis
    (made here without the facts loader, which refuses it), get their dates and bounds but
    no aig:dateBasis: the build never assumes "stated"."""
    article = _article(tmp_path, 'date: "2024-03"\n', "AICON 광주 2022가 28일 개막했다.")
    statement = Statement("event", {"event": "event/aicon-gwangju-2022", "date": "2024-03-28",
                                    "date_text": "28일"}, "28일 개막했다", 0, 0, (1,), 1)
    facts = Facts(article.key, tmp_path / "900_test.yaml", True, [statement])
    made = article_quads(article, facts, inputs.registry, Minter())
    assert [q for q in made if q.predicate == AIG.dateBasis] == []
    dates = {(q.subject.value.rsplit("/", 1)[1], q.predicate, q.object.value) for q in made
             if q.predicate in (SCHEMA.datePublished, SCHEMA.startDate, AIG.latestDate)}
    assert dates == {("900-test", SCHEMA.datePublished, "2024-03"),
                     ("900-test", AIG.latestDate, "2024-03-31"),
                     ("aicon-gwangju-2022", SCHEMA.startDate, "2024-03-28"),
                     ("aicon-gwangju-2022", AIG.latestDate, "2024-03-28")}


def test_an_article_with_a_basis_gets_it_as_written(tmp_path: Path, inputs: Inputs) -> None:
    article = _article(tmp_path, 'date: "2024"\ndate_basis: inferred\n', "본문.")
    made = article_quads(article, None, inputs.registry, Minter())
    assert [q.object.value for q in made if q.predicate == AIG.dateBasis] == ["inferred"]


# -- figures: each article's own year or period, on its own value -----------------------------

def test_each_value_carries_only_the_year_or_period_its_article_gives(
        quads: list[Quad]) -> None:
    """Article 003 gives the start-up goal "향후 10년간", article 004 "2029년" (twice, as
    1000곳 and as 1000개社): each value node holds its own, the shared target neither."""
    target = NamedNode("https://w3id.org/aigraph/id/target/ai-startups-2029")
    values = {q.object for q in quads if q.subject == target and q.predicate == AIG.reportedValue}
    own = {}
    for value in values:
        facts = {q.predicate: q.object.value for q in quads if q.subject == value}
        graph = next(q.graph_name.value[-20:-17] for q in quads if q.subject == value)
        own[facts[AIG.surfaceForm]] = (graph, facts.get(AIG.targetDate), facts.get(AIG.period),
                                       facts.get(AIG.dateBasis))
    assert own == {"1000개": ("003", None, "향후 10년간", None),
                   "1000곳": ("004", "2029", None, "stated"),
                   "1000개社": ("004", "2029", None, "stated")}
    assert not [q for q in quads if q.subject == target
                and q.predicate in (AIG.targetDate, AIG.period, AIG.dateBasis)]


# -- statuses ----------------------------------------------------------------------------------

def test_planned_things_carry_their_status_in_the_graph_of_the_article_that_says_so(
        quads: list[Quad]) -> None:
    statuses = {(q.subject.value.split("/id/")[1], q.object.value.rsplit("#", 1)[1],
                 q.graph_name.value.rsplit("/", 1)[1][:3])
                for q in quads if q.predicate == AIG.status}
    assert {("org/encored-energy-ai-institute", "Planned", "004"),
            ("org/encored-gwangju-corp", "Planned", "004"),
            ("org/parc-gwangju-branch", "Proposed", "004"),
            ("event/ai-breakfast-forum-3", "Planned", "002"),
            ("facility/open-data-center", "Planned", "003"),
            ("facility/national-ai-data-center", "Planned", "004"),
            ("facility/national-ai-data-center", "UnderConstruction", "000"),
            ("facility/national-ai-data-center", "InOperation", "001"),
            ("facility/saltlux-ai-center", "InOperation", "002")} <= statuses
    assert {s for _, s, _ in statuses} <= {"Proposed", "Planned", "UnderConstruction",
                                          "InOperation"}
    words = {q.object for q in quads if q.predicate == AIG.statusText}
    assert Literal("건설 중", language="ko") in words


def test_reviewed_links_out_are_published_as_owl_and_schema_same_as(quads: list[Quad]) -> None:
    japan = NamedNode("https://w3id.org/aigraph/id/place/japan")
    city = NamedNode("https://w3id.org/aigraph/id/org/gwangju-city")
    wd_japan, dbr_japan = (NamedNode("http://www.wikidata.org/entity/Q17"),
                           NamedNode("http://dbpedia.org/resource/Japan"))
    links = {(q.subject, q.predicate, q.object) for q in quads
             if q.graph_name.value.endswith("/graph/registry")}
    for same in (OWL.sameAs, SCHEMA.sameAs):
        assert {(japan, same, wd_japan), (japan, same, dbr_japan)} <= links
        assert not any(s == city and p == same for s, p, _ in links)
    assert (city, SKOS.closeMatch, NamedNode("http://www.wikidata.org/entity/Q41283")) in links
