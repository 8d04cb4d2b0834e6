"""The whole dataset in memory: inputs read and checked, then turned into quads.

:func:`load_inputs` reads the registry, the articles and their facts; :func:`dataset_quads`
adds the ontology, the build's provenance and the VoID description. Nothing here writes.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse, serialize

from aigraph import __version__
from aigraph.articles import Article, list_articles, read_article
from aigraph.config import Settings
from aigraph.errors import ArticleError, FactsError, InputError
from aigraph.facts import Facts, facts_path, load_facts
from aigraph.rdf import ENTITY_CLASSES, article_quads, en, integer, registry_quads
from aigraph.registry import Registry, load_registry
from aigraph.vocab import AIG, DCTERMS, PROV, RDF, RDFS, SCHEMA, VOID, XSD, Minter, Namespace

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
LICENSE = NamedNode("https://creativecommons.org/licenses/by/4.0/")


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, checked."""

    registry: Registry
    articles: list[Article]
    facts: dict[str, Facts]


def load_inputs(settings: Settings) -> Inputs:
    """Read and check the registry, every article and every facts file.

    :raises InputError: (an :class:`ArticleError`, :class:`RegistryError` or
        :class:`FactsError`) for the first bad file, naming it and the line.
    """
    registry = load_registry(settings.registry_dir)
    if not settings.articles_dir.is_dir():
        raise ArticleError("the articles folder does not exist", settings.articles_dir)
    articles = [read_article(p) for p in list_articles(settings.articles_dir)]
    keys = [a.key for a in articles]
    for key in {k for k in keys if keys.count(k) > 1}:
        raise ArticleError(f"two article files share the key {key!r}", settings.articles_dir)
    for article in articles:
        for field in ("publisher", "author"):
            value = article.meta.get(field, "")
            if "/" in value and value.split("/")[0] in ENTITY_CLASSES and value not in registry:
                raise ArticleError(f"{field} {value!r} is not in the registry", article.path)
    facts: dict[str, Facts] = {}
    by_key = {a.key: a for a in articles}
    if settings.facts_dir.is_dir():
        for path in sorted(settings.facts_dir.glob("*.yaml")):
            if path.stem not in by_key:
                raise FactsError(f"no article {path.stem!r} in {settings.articles_dir} for "
                                 "these facts", path, 1)
            facts[path.stem] = load_facts(facts_path(settings.facts_dir, path.stem),
                                          by_key[path.stem], registry)
    return Inputs(registry, articles, facts)


def ontology_quads(settings: Settings, minter: Minter) -> list[Quad]:
    """The ontology (``ontology/aigraph.ttl``) in its own graph.

    :raises InputError: if the file is missing or not valid Turtle.
    """
    return _turtle_quads(settings.ontology_dir / "aigraph.ttl", minter.graph("ontology"),
                         "the ontology")


def terms_quads(settings: Settings, minter: Minter) -> list[Quad]:
    """The Korean and English names of the outside terms the graph uses
    (``ontology/terms.ttl``), in their own graph: labels only, no axioms. Optional: a project
    without the file gets none.

    :raises InputError: if the file is there but cannot be read or is not valid Turtle.
    """
    path = settings.ontology_dir / "terms.ttl"
    if not path.is_file():
        return []
    return _turtle_quads(path, minter.graph("terms"), "the names of outside terms")


def _turtle_quads(path: Path, graph: NamedNode, what: str) -> list[Quad]:
    """A Turtle file's triples in ``graph``, blank nodes named by order of appearance.

    :raises InputError: if the file is missing or not valid Turtle.
    """
    try:
        with path.open("rb") as handle:
            triples = list(parse(handle, format=RdfFormat.TURTLE))
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror}", path) from exc
    except SyntaxError as exc:
        raise InputError(f"{what} is not valid Turtle: {exc.msg}", path,
                         exc.lineno) from exc
    labels: dict[str, BlankNode] = {}

    def stable(term: Any) -> Any:
        # The parser names blank nodes at random; name them by order of appearance instead,
        # so that equal files give equal quads.
        if isinstance(term, BlankNode):
            return labels.setdefault(term.value, BlankNode(f"onto{len(labels)}"))
        return term

    return [Quad(stable(t.subject), t.predicate, stable(t.object), graph) for t in triples]


def content_quads(inputs: Inputs, settings: Settings) -> list[Quad]:
    """Ontology, registry and article graphs: everything stated, nothing about the build."""
    minter = Minter(settings.base_iri)
    quads = ontology_quads(settings, minter) + terms_quads(settings, minter)
    quads.extend(registry_quads(inputs.registry, minter))
    for article in inputs.articles:
        quads.extend(article_quads(article, inputs.facts.get(article.key), inputs.registry,
                                   minter))
    return sorted(set(quads), key=str)


def build_id(quads: list[Quad]) -> str:
    """A hash of the content quads: equal inputs give an equal id."""
    data = serialize(sorted(quads, key=str), format=RdfFormat.N_QUADS) or b""
    return hashlib.sha256(data).hexdigest()[:16]


def provenance_quads(inputs: Inputs, settings: Settings, ident: str) -> list[Quad]:
    """The build as a ``prov:Activity``: what it used, what ran it, and when."""
    minter = Minter(settings.base_iri)
    graph = minter.graph("build")
    activity = minter.entity("build", ident)
    agent = minter.entity("software", "aigraph")
    when = (settings.build_time or datetime.now(UTC)).astimezone(UTC)
    quads = [
        Quad(activity, RDF.type, PROV.Activity, graph),
        Quad(activity, RDFS.label, en(f"aigraph build {ident}"), graph),
        Quad(activity, PROV.wasAssociatedWith, agent, graph),
        Quad(activity, PROV.endedAtTime,
             Literal(when.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime), graph),
        Quad(agent, RDF.type, PROV.SoftwareAgent, graph),
        Quad(agent, RDFS.label, en(f"aigraph {__version__}"), graph),
        Quad(agent, SCHEMA.softwareVersion, Literal(__version__), graph),
    ]
    for article in inputs.articles:
        quads.append(Quad(activity, PROV.used, minter.article(article.key), graph))
        quads.append(Quad(minter.article_graph(article.key), PROV.wasGeneratedBy, activity,
                          graph))
    return quads


def void_quads(quads: list[Quad], inputs: Inputs, settings: Settings) -> list[Quad]:
    """A VoID description of the dataset: sizes, classes, one subset per article graph.

    Counts cover every graph except the VoID graph itself.
    """
    minter = Minter(settings.base_iri)
    graph, ds = minter.graph("void"), minter.dataset()
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    entity_prefix = f"{settings.base_iri}id/"
    classes: Counter[NamedNode] = Counter()
    entities = set()
    for s, p, o in triples:
        if p == RDF.type and isinstance(s, NamedNode) and s.value.startswith(entity_prefix):
            entities.add(s)
            if isinstance(o, NamedNode) and o.value.startswith(AIG.iri):
                classes[o] += 1
    out = [
        Quad(ds, RDF.type, VOID.Dataset, graph),
        Quad(ds, DCTERMS.title, en("aigraph: the Gwangju AI industry cluster knowledge graph"),
             graph),
        Quad(ds, DCTERMS.license, LICENSE, graph),
        Quad(ds, VOID.uriSpace, Literal(entity_prefix), graph),
        Quad(ds, VOID.triples, integer(len(triples)), graph),
        Quad(ds, VOID.entities, integer(len(entities)), graph),
        Quad(ds, VOID.distinctSubjects, integer(len({t[0] for t in triples})), graph),
        Quad(ds, VOID.properties, integer(len({t[1] for t in triples})), graph),
    ]
    for vocabulary in (AIG.iri, "http://www.w3.org/ns/org#", "https://schema.org/",
                       "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#"):
        out.append(Quad(ds, VOID.vocabulary, NamedNode(vocabulary), graph))
    for cls, count in sorted(classes.items(), key=lambda kv: kv[0].value):
        part = minter.dataset(f"class/{cls.value.rsplit('#', 1)[1]}")
        out += [Quad(ds, VOID.classPartition, part, graph),
                Quad(part, VOID["class"], cls, graph),
                Quad(part, VOID.entities, integer(count), graph)]
    sizes = Counter(q.graph_name for q in quads)  # one pass, not one per article
    for article in inputs.articles:
        name = minter.article_graph(article.key)
        subset = minter.dataset(name.value.rsplit("/", 1)[1])
        size = sizes[name]
        out += [Quad(ds, VOID.subset, subset, graph),
                Quad(subset, RDF.type, VOID.Dataset, graph),
                Quad(subset, RDFS.label, en(f"what article {article.key} states"), graph),
                Quad(subset, RDFS.label, Literal(f"기사 {article.key}의 진술", language="ko"),
                     graph),
                Quad(subset, DCTERMS.source, minter.article(article.key), graph),
                Quad(subset, VOID.triples, integer(size), graph),
                Quad(subset, SD.name, name, graph)]
    return out


def dataset_quads(inputs: Inputs, settings: Settings) -> tuple[list[Quad], str]:
    """Every named-graph quad of a build, and the build id (a hash of the content).

    :raises InputError: if the ontology cannot be read.
    """
    content = content_quads(inputs, settings)
    ident = build_id(content)
    described = content + provenance_quads(inputs, settings, ident)
    everything = described + void_quads(described, inputs, settings)
    return everything, ident


def input_files(settings: Settings) -> list[Path]:
    """The files a build reads (for messages and staleness checks)."""
    folders = (settings.registry_dir, settings.articles_dir, settings.facts_dir)
    files = [p for f in folders if f.is_dir() for p in sorted(f.iterdir()) if p.is_file()]
    ontology = [settings.ontology_dir / name for name in ("aigraph.ttl", "terms.ttl")]
    return files + [p for p in ontology if p.is_file() or p.name == "aigraph.ttl"]
