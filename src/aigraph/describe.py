"""What the graph says about one resource: its document as RDF, and a view for people.

The RDF document of an entity holds its outgoing and incoming triples, the statement nodes
about it (memberships, participations, reported values) with their own triples, and the
labels of everything it links to, so a client needs no second lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

from pyoxigraph import DefaultGraph, Literal, NamedNode, Store, Triple

from aigraph.config import BASE_IRI
from aigraph.vocab import AIG, ORG, OWL, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS

#: Statement nodes that belong to the document of each entity they mention.
STATEMENT_CLASSES = {ORG.Membership, AIG.Participation, SCHEMA.QuantitativeValue,
                     SCHEMA.MonetaryAmount}
LANGS = ("ko", "en")
#: The links to the same thing in other datasets.
SAME_AS = (OWL.sameAs, SCHEMA.sameAs)
#: How a page names the IRIs of the datasets we link to (``wikidata:Q41283``).
LINKED_DATASETS = {"wikidata": "http://www.wikidata.org/entity/",
                   "dbpedia": "http://dbpedia.org/resource/"}


def inferred_graph(base: str) -> NamedNode:
    """The graph a build fills with what the ontology's axioms entail (``graph/inferred``)."""
    return NamedNode(f"{base}graph/inferred")


def stated(store: Store, triples: list[Triple], base: str) -> list[Triple]:
    """The triples that some graph states, without those only the build inferred (a page or
    a property-graph export shows ``aig:hostedBy`` once, not again as ``schema:organizer``,
    ``sem:hasActor`` …; the RDF documents and queries keep them)."""
    graph = inferred_graph(base)
    return [t for t in triples if not any(
        True for _ in store.quads_for_pattern(t.subject, t.predicate, t.object, graph))]


def _out(store: Store, node: NamedNode) -> list[Triple]:
    return [Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(node, None, None, DefaultGraph())]


def _in(store: Store, node: NamedNode) -> list[Triple]:
    return [Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, node, DefaultGraph())]


def is_statement(store: Store, node: object) -> bool:
    return isinstance(node, NamedNode) and any(
        q.object in STATEMENT_CLASSES for q in store.quads_for_pattern(node, RDF.type, None,
                                                                       DefaultGraph()))


def exists(store: Store, node: NamedNode) -> bool:
    """Whether the graph says anything about the node (as subject or object)."""
    return any(True for _ in store.quads_for_pattern(node, None, None, DefaultGraph())) or any(
        True for _ in store.quads_for_pattern(None, None, node, DefaultGraph()))


def document(store: Store, node: NamedNode) -> list[Triple]:
    """The RDF document of a resource (empty when the graph does not know it)."""
    triples = _out(store, node) + _in(store, node)
    statements = {t.subject for t in triples if t.object == node and is_statement(store,
                                                                                   t.subject)}
    statements |= {t.object for t in triples if t.subject == node and is_statement(store,
                                                                                   t.object)}
    # Statement nodes about it, and the parts of its own document (an article's sentences).
    parts = {t.subject for t in triples if t.object == node and isinstance(t.subject, NamedNode)
             and t.subject.value.startswith(node.value + "#")}
    for statement in sorted(statements | parts, key=str):
        triples += _out(store, statement)  # type: ignore[arg-type]
    linked = {t.object for t in triples if isinstance(t.object, NamedNode)}
    linked |= {t.subject for t in triples if isinstance(t.subject, NamedNode)}
    linked -= {node}
    for other in sorted(linked, key=str):
        for prop in (RDFS.label, SKOS.prefLabel):
            triples += [Triple(q.subject, q.predicate, q.object) for q in
                        store.quads_for_pattern(other, prop, None, DefaultGraph())]
    return list(dict.fromkeys(triples))


def labels_of(store: Store, node: object) -> dict[str, str]:
    """The ``rdfs:label`` of a node per language (``ko``, ``en``)."""
    if not isinstance(node, NamedNode):
        return {}
    out: dict[str, str] = {}
    for q in store.quads_for_pattern(node, RDFS.label, None, DefaultGraph()):
        if isinstance(q.object, Literal) and q.object.language:
            out.setdefault(q.object.language.split("-")[0], q.object.value)
    return out


def membership_parts(store: Store, node: NamedNode) -> list[NamedNode]:
    """The role and organisation of a membership node (how a page names it), else []."""
    if not isinstance(node, NamedNode) or not any(
            q.object == ORG.Membership for q in store.quads_for_pattern(
                node, RDF.type, None, DefaultGraph())):
        return []
    parts = []
    for prop in (ORG.role, ORG.organization):
        parts += [q.object for q in store.quads_for_pattern(node, prop, None, DefaultGraph())
                  if isinstance(q.object, NamedNode)][:1]
    return parts


def linked_name(iri: str) -> str:
    """A short name for the IRI of the same thing in another dataset: ``wikidata:Q41283``,
    ``dbpedia:Gwangju``; any other IRI as it is.

    >>> linked_name("http://dbpedia.org/resource/Gwangju")
    'dbpedia:Gwangju'
    """
    for prefix, namespace in LINKED_DATASETS.items():
        if iri.startswith(namespace) and iri[len(namespace):]:
            return f"{prefix}:{unquote(iri[len(namespace):])}"
    return iri


def short(iri: str) -> str:
    """A prefixed name for an IRI in a known namespace, or the IRI itself."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and "/" not in iri[len(ns):]:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@dataclass
class Evidence:
    """A sentence a fact rests on: its IRI, text, and the article it belongs to."""

    sentence: str
    text: str
    article: str
    position: int


@dataclass
class Fact:
    """One statement about the resource, with the sentences it rests on."""

    node: str
    types: list[str]
    links: list[tuple[str, object]]
    evidence: list[Evidence] = field(default_factory=list)
    #: False for a machine draft nobody has reviewed yet; its confidence, when given.
    reviewed: bool = True
    confidence: float | None = None


@dataclass
class Grounds:
    """One sentence and the facts about the resource that rest on it (``sentence`` is None
    for facts without evidence)."""

    sentence: Evidence | None
    facts: list[Fact]


@dataclass
class View:
    """A resource as a page shows it."""

    iri: str
    labels: dict[str, str]
    alt_labels: list[str]
    types: list[str]
    outgoing: list[tuple[str, object]]
    incoming: list[tuple[str, object]]
    facts: list[Fact]
    grounds: list[Grounds]
    stated_in: list[Evidence]
    mentioned_in: list[str]
    description: list[str]
    #: IRIs of the same thing in other datasets (``owl:sameAs``, ``schema:sameAs``).
    same_as: list[str] = field(default_factory=list)


def evidence(store: Store, sentence: object) -> Evidence | None:
    if not isinstance(sentence, NamedNode):
        return None
    props = {q.predicate: q.object for q in store.quads_for_pattern(sentence, None, None,
                                                                     DefaultGraph())}
    text, article, position = (props.get(SCHEMA.text), props.get(
        NamedNode("http://purl.org/dc/terms/isPartOf")), props.get(SCHEMA.position))
    if text is None or article is None:
        return None
    return Evidence(sentence.value, text.value, article.value,
                    int(position.value) if position is not None else 0)


def view(store: Store, node: NamedNode, base: str = BASE_IRI) -> View:
    """Everything a page about the resource shows: what the graphs state, not what the
    build inferred from it (``base`` names the dataset whose inferred graph that is)."""
    out, inc = stated(store, _out(store, node), base), stated(store, _in(store, node), base)
    statements = [t.subject for t in inc if is_statement(store, t.subject)]
    statements += [t.object for t in out if is_statement(store, t.object)]
    facts = []
    for statement in dict.fromkeys(statements):
        own = stated(store, _out(store, statement), base)  # type: ignore[arg-type]
        flags = {t.predicate: t.object.value for t in own
                 if t.predicate in (AIG.reviewed, AIG.confidence)}
        facts.append(Fact(
            statement.value,  # type: ignore[union-attr]
            [t.object.value for t in own if t.predicate == RDF.type],
            [(t.predicate.value, t.object) for t in own
             if t.predicate not in (RDF.type, PROV.wasDerivedFrom, AIG.evidence,
                                    AIG.reviewed, AIG.confidence)
             and t.object != node],
            [e for t in own if t.predicate == PROV.wasDerivedFrom
             if (e := evidence(store, t.object)) is not None],
            reviewed=flags.get(AIG.reviewed, "true") == "true",
            confidence=float(flags[AIG.confidence]) if AIG.confidence in flags else None))
    hidden = {RDF.type, RDFS.label, SKOS.altLabel, SKOS.prefLabel, AIG.statedIn,
              SCHEMA.description, PROV.wasDerivedFrom, AIG.evidence, *SAME_AS}
    statement_ids = {f.node for f in facts}
    return View(
        iri=node.value,
        labels=labels_of(store, node),
        alt_labels=sorted({t.object.value for t in out if t.predicate == SKOS.altLabel}),
        types=[t.object.value for t in out if t.predicate == RDF.type],
        outgoing=[(t.predicate.value, t.object) for t in out if t.predicate not in hidden
                  and getattr(t.object, "value", None) not in statement_ids],
        incoming=[(t.predicate.value, t.subject) for t in inc
                  if t.subject.value not in statement_ids and t.predicate != SCHEMA.mentions],
        facts=facts,
        grounds=grounds(facts),
        stated_in=[e for t in out if t.predicate == AIG.statedIn
                   if (e := evidence(store, t.object)) is not None],
        mentioned_in=sorted(t.subject.value for t in inc if t.predicate == SCHEMA.mentions),
        description=[t.object.value for t in out if t.predicate == SCHEMA.description],
        same_as=sorted({t.object.value for t in out if t.predicate in SAME_AS
                        and isinstance(t.object, NamedNode | Literal)
                        and t.object.value.startswith(("http://", "https://"))}),
    )


def grounds(facts: list[Fact]) -> list[Grounds]:
    """The facts grouped by the sentence they rest on, in the order of the articles'
    sentences, so that a sentence that carries several facts is quoted once; facts without
    evidence come last."""
    by_sentence: dict[str, Grounds] = {}
    bare = Grounds(None, [])
    for fact in facts:
        if not fact.evidence:
            bare.facts.append(fact)
        for e in fact.evidence:
            by_sentence.setdefault(e.sentence, Grounds(e, [])).facts.append(fact)
    ordered = sorted(by_sentence.values(),
                     key=lambda g: (g.sentence.article, g.sentence.position)  # type: ignore[union-attr]
                     )
    return ordered + ([bare] if bare.facts else [])
