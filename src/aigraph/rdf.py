"""Facts → RDF quads: the only module that knows how facts map onto the ontology.

Graphs: ``graph/registry`` holds what the registry says of each entity (types, labels,
aliases); ``graph/{article}`` holds the article, its sentences and everything it states.
N-ary facts (memberships, participations, reported values, agreements) carry
``prov:wasDerivedFrom`` their sentence; other entity facts carry ``aig:statedIn``.

Every date is written at the precision the text gives, with its interval of days beside it
(``aig:earliestDate``, ``aig:latestDate``) in the same graph, so that range filters see
year-only dates too; ``aig:dateBasis`` is written only where the input states it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from aigraph.articles import Article
from aigraph.dates import date_bounds, date_literal
from aigraph.facts import STATUSES, Facts, Statement
from aigraph.registry import CONCEPT_KINDS, ENTITY_KINDS, Entry, Registry, has_hangul
from aigraph.vocab import AIG, DCTERMS, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, Minter

ENTITY_CLASSES: dict[str, NamedNode] = {
    "org": AIG.Organization,
    "person": AIG.Person,
    "facility": AIG.Facility,
    "place": SCHEMA.Place,
    "event": AIG.Event,
    "agreement": AIG.Agreement,
    "target": AIG.Target,
}
TARGET_CLASSES = {"goal": AIG.Goal, "budget": AIG.Budget, "statistic": AIG.Statistic}
#: The individual of aig:Status for each status a facts file may give (planned → aig:Planned).
STATUS_TERMS = {s: AIG["".join(w.capitalize() for w in s.split("-"))] for s in STATUSES}


def ko(text: str) -> Literal:
    return Literal(text, language="ko")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def text_literal(text: str) -> Literal:
    """A literal tagged ``@ko`` when it holds Hangul, ``@en`` otherwise."""
    return ko(text) if has_hangul(text) else en(text)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


#: The Korean name of each concept scheme (its English one is made from the kind).
SCHEME_NAMES_KO = {"role": "직함", "event-role": "행사 역할", "event-type": "행사 유형",
                   "agreement-type": "협약 유형", "metric": "지표",
                   "funding-source": "재원"}


def registry_quads(registry: Registry, minter: Minter) -> Iterator[Quad]:
    """The registry graph: a type, ``@ko``/``@en`` labels and aliases for every entry."""
    yield from scheme_quads(minter)
    yield from entry_quads(registry, minter)


def scheme_quads(minter: Minter) -> Iterator[Quad]:
    """The concept schemes of the registry graph, with their names."""
    graph = minter.graph("registry")
    for kind in CONCEPT_KINDS:
        scheme = minter.scheme(kind)
        yield Quad(scheme, RDF.type, SKOS.ConceptScheme, graph)
        yield Quad(scheme, RDFS.label, en(f"aigraph {kind.replace('-', ' ')}s"), graph)
        yield Quad(scheme, RDFS.label, ko(f"aigraph {SCHEME_NAMES_KO[kind]}"), graph)


def entry_quads(entries: Iterable[Entry], minter: Minter) -> Iterator[Quad]:
    """What the registry graph says of each of ``entries``: each entry's quads depend on
    it alone, so a registry file's can be made, and kept, on their own."""
    graph = minter.graph("registry")
    for entry in entries:
        node = minter.entity(entry.kind, entry.key)
        yield from (Quad(s, p, o, graph) for s, p, o in _entry_triples(entry, node, minter))


def _entry_triples(entry: Entry, node: NamedNode,
                   minter: Minter) -> Iterator[tuple[NamedNode, NamedNode, Any]]:
    if entry.kind in ENTITY_KINDS:
        yield node, RDF.type, ENTITY_CLASSES[entry.kind]
    else:
        yield node, RDF.type, SKOS.Concept
        if entry.kind == "role":
            yield node, RDF.type, ORG.Role
        yield node, SKOS.inScheme, minter.scheme(entry.kind)
        yield node, SKOS.prefLabel, ko(entry.ko)
        yield node, SKOS.prefLabel, en(entry.en)
    yield node, RDFS.label, ko(entry.ko)
    yield node, RDFS.label, en(entry.en)
    for alias in entry.aliases:
        yield node, SKOS.altLabel, ko(alias)
    for alias in entry.aliases_en:
        yield node, SKOS.altLabel, en(alias)
    if entry.note:
        yield node, SKOS.editorialNote, text_literal(entry.note)
    for iri in entry.same_as:  # reviewed by hand: the same thing in Wikidata or DBpedia
        yield node, OWL.sameAs, NamedNode(iri)
        yield node, SCHEMA.sameAs, NamedNode(iri)
    for iri in entry.close_match:
        yield node, SKOS.closeMatch, NamedNode(iri)


class _ArticleGraph:
    """Collects the triples one article contributes, in its own named graph."""

    def __init__(self, article: Article, facts: Facts | None, registry: Registry,
                 minter: Minter) -> None:
        self.article = article
        self.facts = facts
        self.registry = registry
        self.minter = minter
        self.graph = minter.article_graph(article.key)
        self.node = minter.article(article.key)
        self.quads: list[Quad] = []
        self.mentioned: set[str] = set()

    def add(self, s: NamedNode, p: NamedNode, o: Any) -> None:
        self.quads.append(Quad(s, p, o, self.graph))

    def ref(self, ref: str) -> NamedNode:
        kind, key = ref.split("/", 1)
        if kind in ENTITY_KINDS:
            self.mentioned.add(ref)
        return self.minter.entity(kind, key)

    def sentence(self, n: int) -> NamedNode:
        return self.minter.sentence(self.article.key, n)

    def build(self) -> list[Quad]:
        self._article()
        self._sentences()
        if self.facts is not None:
            for st in self.facts.statements:
                getattr(self, f"_{st.kind}")(st, st.values)
        for ref in sorted(self.mentioned):
            self.add(self.node, SCHEMA.mentions, self.ref(ref))
        return self.quads

    # -- the article and its sentences ------------------------------------------------

    def _article(self) -> None:
        meta, node = self.article.meta, self.node
        self.add(node, RDF.type, SCHEMA.NewsArticle)
        self.add(node, DCTERMS.language, Literal(meta.get("language", "ko")))
        self.add(node, DCTERMS.title, text_literal(self.article.title))
        self.add(node, RDFS.label, text_literal(self.article.title))
        for field, prop, plain in (("publisher", SCHEMA.publisher, DCTERMS.publisher),
                                   ("author", SCHEMA.author, DCTERMS.creator)):
            value = meta.get(field)
            if value and value in self.registry:
                self.add(node, prop, self.ref(value))
            elif value:
                self.add(node, plain, text_literal(value))
        if meta.get("date"):
            self.date(node, SCHEMA.datePublished, meta["date"], meta.get("date_basis"))
        if meta.get("date_note"):
            self.add(node, SKOS.editorialNote, text_literal(meta["date_note"]))
        if meta.get("url"):
            self.add(node, SCHEMA.url, NamedNode(meta["url"]))
        if self.facts is not None:
            self.add(node, AIG.reviewed, boolean(self.facts.reviewed))

    def _sentences(self) -> None:
        for s in self.article.sentences:
            node = self.sentence(s.n)
            self.add(node, RDF.type, AIG.Sentence)
            self.add(node, DCTERMS.isPartOf, self.node)
            self.add(node, SCHEMA.position, integer(s.n))
            self.add(node, SCHEMA.text, ko(s.text))
            self.add(node, AIG.charStart, integer(s.start))
            self.add(node, AIG.charEnd, integer(s.end))
            if s.repeat_of is not None:
                self.add(node, AIG.repeatOf, self.sentence(s.repeat_of))

    # -- provenance helpers -----------------------------------------------------------

    def derived(self, node: NamedNode, st: Statement) -> None:
        """An n-ary node rests on its evidence sentences."""
        for n in st.sentences:
            self.add(node, PROV.wasDerivedFrom, self.sentence(n))
        self.add(node, AIG.evidence, ko(st.evidence))
        if self.facts is not None:
            self.add(node, AIG.reviewed, boolean(self.facts.reviewed))
            if not self.facts.reviewed and self.facts.extractor:
                agent = self.minter.entity("software", slug_of(self.facts.extractor))
                self.add(node, PROV.wasAttributedTo, agent)
                self.add(agent, RDF.type, PROV.SoftwareAgent)
                self.add(agent, RDFS.label, en(self.facts.extractor))
        if st.confidence is not None:
            self.add(node, AIG.confidence, Literal(f"{st.confidence:.3f}", datatype=XSD.decimal))

    def stated(self, node: NamedNode, st: Statement) -> None:
        """An entity is described in its evidence sentences."""
        for n in st.sentences:
            self.add(node, AIG.statedIn, self.sentence(n))

    def date(self, node: NamedNode, prop: NamedNode, value: str, basis: str | None) -> None:
        """A date at its precision, its interval of days, and its basis when one is given
        (never a default one)."""
        earliest, latest = date_bounds(value)
        self.add(node, prop, date_literal(value))
        self.add(node, AIG.earliestDate, earliest)
        self.add(node, AIG.latestDate, latest)
        if basis:
            self.add(node, AIG.dateBasis, Literal(basis))

    def dated(self, node: NamedNode, prop: NamedNode, v: dict[str, Any], field: str) -> None:
        if field in v:
            self.date(node, prop, v[field], v.get("date_basis"))
        if "date_text" in v:
            self.add(node, AIG.dateText, ko(v["date_text"]))

    def status(self, node: NamedNode, v: dict[str, Any]) -> None:
        """The stage the text puts the thing in (aig:Planned …), and its words for it."""
        if "status" in v:
            self.add(node, AIG.status, STATUS_TERMS[v["status"]])
        if "status_text" in v:
            self.add(node, AIG.statusText, ko(v["status_text"]))

    def refs(self, node: NamedNode, prop: NamedNode, refs: Iterable[str]) -> None:
        for r in refs:
            self.add(node, prop, self.ref(r))

    def membership(self, person: str, org: str | None, role: str, st: Statement,
                   former: bool = False) -> NamedNode:
        """A person's title, at the organisation the text names (none for a title the text
        gives alone: 국회의원)."""
        node = self.minter.statement("membership", person, org or "", role, self.article.key)
        self.add(node, RDF.type, ORG.Membership)
        self.add(node, ORG.member, self.ref(person))
        if org is not None:
            self.add(node, ORG.organization, self.ref(org))
        self.add(node, ORG.role, self.ref(role))
        if former:
            self.add(node, AIG.isFormer, boolean(True))
        self.derived(node, st)
        return node

    # -- one method per statement kind --------------------------------------------------

    def _entity(self, st: Statement, v: dict[str, Any]) -> None:
        node = self.ref(v["entity"])
        self.stated(node, st)
        if "description" in v:
            self.add(node, SCHEMA.description, ko(v["description"]))

    def _membership(self, st: Statement, v: dict[str, Any]) -> None:
        self.membership(v["person"], v.get("org"), v["role"], st, v.get("former", False))

    def _event(self, st: Statement, v: dict[str, Any]) -> None:
        node = self.ref(v["event"])
        self.stated(node, st)
        if "type" in v:
            self.add(node, AIG.eventType, self.ref(v["type"]))
        self.dated(node, SCHEMA.startDate, v, "date")
        if "venue" in v:
            self.add(node, SCHEMA.location, self.ref(v["venue"]))
        if "part_of" in v:
            self.add(node, SCHEMA.superEvent, self.ref(v["part_of"]))
        self.refs(node, AIG.hostedBy, v.get("hosted_by", ()))
        self.refs(node, SCHEMA.organizer, v.get("organized_by", ()))
        if "topic" in v:
            self.add(node, DCTERMS.subject, ko(v["topic"]))
        self.status(node, v)

    def _participation(self, st: Statement, v: dict[str, Any]) -> None:
        node = self.minter.statement("participation", v["event"], v["agent"], v["role"],
                                     self.article.key)
        event, agent = self.ref(v["event"]), self.ref(v["agent"])
        self.add(node, RDF.type, AIG.Participation)
        self.add(node, AIG.inEvent, event)
        self.add(node, AIG.agent, agent)
        self.add(node, AIG.eventRole, self.ref(v["role"]))
        self.add(event, AIG.participant, agent)
        if "org" in v:
            capacity = self.membership(v["agent"], v["org"], v["title"], st)
            self.add(node, AIG.inCapacity, capacity)
        self.derived(node, st)

    def _agreement(self, st: Statement, v: dict[str, Any]) -> None:
        node = self.ref(v["agreement"])
        self.refs(node, AIG.party, v["parties"])
        if "type" in v:
            self.add(node, AIG.agreementType, self.ref(v["type"]))
        if "topic" in v:
            self.add(node, DCTERMS.subject, ko(v["topic"]))
        if "signed_at" in v:
            self.add(node, AIG.signedAt, self.ref(v["signed_at"]))
        self.dated(node, AIG.signedOn, v, "date")
        self.status(node, v)
        self.derived(node, st)

    def _facility(self, st: Statement, v: dict[str, Any]) -> None:
        node = self.ref(v["facility"])
        self.stated(node, st)
        if "located_in" in v:
            self.add(node, SCHEMA.containedInPlace, self.ref(v["located_in"]))
        if "operator" in v:
            self.add(node, AIG.operator, self.ref(v["operator"]))
        self.status(node, v)
        self.dated(node, AIG.openedOn, v, "opened")

    def _organization(self, st: Statement, v: dict[str, Any]) -> None:
        node = self.ref(v["org"])
        self.stated(node, st)
        if "parent" in v:
            self.add(node, ORG.subOrganizationOf, self.ref(v["parent"]))
        self.dated(node, SCHEMA.foundingDate, v, "founded")
        if "founded_at" in v:
            self.add(node, AIG.foundedAt, self.ref(v["founded_at"]))
        self.refs(node, SCHEMA.founder, v.get("founded_by", ()))
        if "located_in" in v:
            self.add(node, SCHEMA.location, self.ref(v["located_in"]))
        self.status(node, v)

    def _figure(self, st: Statement, v: dict[str, Any]) -> None:
        target = self.ref(v["target"])
        self.add(target, RDF.type, TARGET_CLASSES[v["type"]])
        self.add(target, AIG.metric, self.ref(v["metric"]))
        if "set_by" in v:
            self.add(target, AIG.setBy, self.ref(v["set_by"]))
        if "about" in v:
            self.add(target, SCHEMA.about, self.ref(v["about"]))
        if "part_of" in v:
            self.add(self.ref(v["part_of"]), AIG.hasComponent, target)
        if "funding_source" in v:
            self.add(target, AIG.fundingSource, self.ref(v["funding_source"]))
        value = self.minter.statement("value", v["target"], str(v["value"]), v["unit"],
                                      v["surface"], self.article.key)
        self.add(target, AIG.reportedValue, value)
        if v["unit"] == "KRW":
            self.add(value, RDF.type, SCHEMA.MonetaryAmount)
            self.add(value, SCHEMA.currency, Literal("KRW"))
        else:
            self.add(value, RDF.type, SCHEMA.QuantitativeValue)
            self.add(value, SCHEMA.unitText, text_literal(v["unit"]))
        self.add(value, SCHEMA.value, integer(v["value"]))
        self.add(value, AIG.surfaceForm, ko(v["surface"]))
        # The year and period this article gives, on its own value: two articles reporting
        # one target may date it differently ("2029년까지" beside "향후 10년간").
        if "year" in v:
            self.date(value, AIG.targetDate, v["year"], v.get("date_basis"))
        if "period" in v:
            self.add(value, AIG.period, ko(v["period"]))
        if v.get("approximate"):
            self.add(value, AIG.approximate, boolean(True))
        if "bound" in v:  # 200억원 이상: the value is a lower bound
            bound = SCHEMA.minValue if v["bound"] == "min" else SCHEMA.maxValue
            self.add(value, bound, integer(v["value"]))
        self.derived(value, st)


def slug_of(text: str) -> str:
    """A key for a software agent's name (``aigraph-extract 0.1`` → ``aigraph-extract-0-1``)."""
    return "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in text.lower())
                    .split()) or "software"


def article_quads(article: Article, facts: Facts | None, registry: Registry,
                  minter: Minter) -> list[Quad]:
    """Everything one article contributes, in its own named graph ``graph/{article}``."""
    return _ArticleGraph(article, facts, registry, minter).build()
