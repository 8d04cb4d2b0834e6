"""The whole dataset in memory: inputs read and checked, then turned into quads.

:func:`load_inputs` reads the registry, the articles and their facts; :func:`dataset_quads`
adds the ontology, what its axioms entail (:mod:`aigraph.infer`), the build's provenance and
the VoID description. Nothing here writes.

Graphs: ``graph/{article}`` (what one article states), ``graph/registry``,
``graph/ontology``, ``graph/terms``, ``graph/inferred`` (entailed, stated nowhere),
``graph/build`` (provenance) and ``graph/void``.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse, serialize

from aigraph import __version__, infer
from aigraph.articles import Article, list_articles, read_article
from aigraph.cache import ArticleEntry
from aigraph.config import Settings
from aigraph.errors import ArticleError, FactsError, InputError
from aigraph.facts import Facts, facts_path, load_facts
from aigraph.progress import Progress
from aigraph.rdf import article_quads, en, registry_quads, scheme_quads
from aigraph.registry import Registry, load_registry
from aigraph.sources import Sources, check_articles
from aigraph.vocab import (
    ONTOLOGY_IRI,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    VOID,
    XSD,
    Minter,
)
from aigraph.void import void_quads

#: The named graphs besides one per article, with their English and Korean labels (the VoID
#: graph describes the others and is not listed). An article key may not take these names.
FIXED_GRAPHS = {
    "registry": ("what the registry says of each entity", "등록부가 기술한 개체"),
    "ontology": ("the aigraph ontology", "aigraph 온톨로지"),
    "terms": ("the names of the outside terms the graph uses", "그래프가 쓰는 외부 용어의 이름"),
    "inferred": ("what the ontology's class and property axioms entail from the stated "
                 "triples (inferred at build time, stated in no other graph)",
                 "온톨로지의 클래스·속성 공리로 진술된 트리플에서 추론한 트리플 (빌드할 때 추론, "
                 "다른 그래프에는 진술되지 않음)"),
    "build": ("the provenance of this build", "이 빌드의 출처 정보"),
}


#: Names an article key may not take: the graphs every build has.
RESERVED_KEYS = (*FIXED_GRAPHS, "void")


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
    check_articles(((a.key, a.meta, a.path) for a in articles), registry,
                   settings.articles_dir, RESERVED_KEYS)
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
    """Ontology, registry and article graphs: everything stated, nothing about the build,
    each quad once, sorted."""
    return sorted(stated_quads(sources_of(inputs, settings), settings), key=str)


def stated_quads(sources: Sources, settings: Settings) -> list[Quad]:
    """Ontology, registry and article graphs, each quad once, in that order (each part is
    in a graph of its own, and each article's quads come once already)."""
    quads = _head(sources, settings)
    for article in sources.articles:
        quads.extend(article.quads)
    return quads


def _head(sources: Sources, settings: Settings) -> list[Quad]:
    """The ontology's, the outside terms' and the registry's graphs, each quad once."""
    minter = Minter(settings.base_iri)
    fixed = [*ontology_quads(settings, minter), *terms_quads(settings, minter)]
    if not sources.registry_files:
        return list(dict.fromkeys([*fixed, *registry_quads(sources.registry, minter)]))
    # A key is defined once in the registry, so no two files' quads meet.
    return list(dict.fromkeys([*fixed, *scheme_quads(minter)])) + [
        q for part in sources.registry_files for q in part.quads]


def _stated_lines(head: list[Quad], sources: Sources) -> list[bytes]:
    """The N-Quads lines of the stated quads: registry files and articles read through the
    cache bring their own text, so only the rest is written out."""
    if not sources.registry_files:
        lines = nquads_lines(head)
    else:
        parts = sum(len(part.quads) for part in sources.registry_files)
        lines = nquads_lines(head[:len(head) - parts])
        for part in sources.registry_files:
            lines += part.text.splitlines()
    for article in sources.articles:
        lines += article.text.splitlines() if article.text else nquads_lines(article.quads)
    return lines


def sources_of(inputs: Inputs, settings: Settings) -> Sources:
    """Inputs already read, each article turned into its quads (no cache)."""
    minter = Minter(settings.base_iri)
    return Sources(inputs.registry, [
        ArticleEntry(a.key, {}, {}, list(dict.fromkeys(
            article_quads(a, inputs.facts.get(a.key), inputs.registry, minter))))
        for a in inputs.articles])


def build_id(quads: list[Quad]) -> str:
    """A hash of the content quads: equal inputs give an equal id, whatever their order
    (:func:`ident_of` their N-Quads lines)."""
    return ident_of(nquads_lines(quads))


def ident_of(lines: Iterable[bytes]) -> str:
    """The build id of content whose N-Quads lines (without their line ends) are ``lines``.

    The hash is of the lines sorted and each once, each ended by a line feed: the order of
    the quads' text, as ``sorted(quads, key=str)`` gives (a line is that text and `` .``, no
    line's text is a prefix of another's, and a line feed sorts before any character a line
    holds), sorted as bytes, which is the order of the code points.
    """
    # Sorted first (Timsort is quick on the runs cached articles bring, which a set would
    # shuffle), then each line once.
    unique = list(dict.fromkeys(sorted(lines)))
    return hashlib.sha256(b"\n".join(unique) + b"\n" if unique else b"").hexdigest()[:16]


def nquads_lines(quads: Iterable[Quad]) -> list[bytes]:
    """The N-Quads lines of ``quads``, without their line ends."""
    return (serialize(quads, format=RdfFormat.N_QUADS) or b"").splitlines()


def inferred_quads(content: list[Quad], settings: Settings) -> list[Quad]:
    """What the ontology's class and property axioms entail from the registry and the
    articles, in ``graph/inferred``: only triples that no graph states
    (:mod:`aigraph.infer` says which rules, and why not others).

    :raises InputError: if the ontology cannot be read.
    """
    minter = Minter(settings.base_iri)
    rules = infer.read_rules(ontology_quads(settings, minter))
    return infer.materialise(content, rules, into=minter.graph("inferred"),
                             schema=[minter.graph("ontology"), minter.graph("terms")])


def provenance_quads(keys: Iterable[str], settings: Settings, ident: str,
                     inferred: bool = False) -> list[Quad]:
    """The build as a ``prov:Activity``: what it used, what ran it, and when; the graphs it
    generated (each article's and, when ``inferred``, the graph of entailed triples, labelled
    so that inferred triples can be told from stated ones)."""
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
    for key in keys:
        quads.append(Quad(activity, PROV.used, minter.article(key), graph))
        quads.append(Quad(minter.article_graph(key), PROV.wasGeneratedBy, activity, graph))
    if inferred:
        name = minter.graph("inferred")
        en_label, ko_label = FIXED_GRAPHS["inferred"]
        quads += [Quad(name, PROV.wasGeneratedBy, activity, graph),
                  Quad(name, PROV.wasDerivedFrom, NamedNode(ONTOLOGY_IRI), graph),
                  Quad(name, RDFS.label, en(en_label), graph),
                  Quad(name, RDFS.label, Literal(ko_label, language="ko"), graph)]
    return quads


def served_triples(quads: list[Quad], settings: Settings) -> int:
    """How many distinct triples the default graph made of ``quads`` holds: the
    ``void:triples`` their VoID description states (the figures come last, so this reads
    only the tail), or a count of them when they carry no description."""
    ds = Minter(settings.base_iri).dataset()
    for q in reversed(quads[-64:]):
        if q.predicate == VOID.triples and q.subject == ds:
            return int(q.object.value)
    return len({q.triple for q in quads})


def dataset_quads(inputs: Inputs, settings: Settings) -> tuple[list[Quad], str]:
    """Every named-graph quad of a build, and the build id (a hash of the stated content).

    :raises InputError: if the ontology cannot be read.
    """
    return assemble(sources_of(inputs, settings), settings)


def assemble(sources: Sources, settings: Settings,
             progress: Progress | None = None) -> tuple[list[Quad], str]:
    """Every named-graph quad of a build of ``sources``, and the build id: the articles'
    quads first, in the order of ``sources.articles``, then the rest, the VoID description
    last.

    :raises InputError: if the ontology cannot be read.
    """
    progress = progress or Progress()
    with collector_paused():
        with progress.phase("making quads"):
            head = _head(sources, settings)
            content = [q for a in sources.articles for q in a.quads] + head
            lines = _stated_lines(head, sources)
            ident = ident_of(lines)
        with progress.phase("inferring"):
            inferred = inferred_quads(content, settings)
        with progress.phase("describing (VoID)"):
            more = inferred + provenance_quads(sources.keys, settings, ident, bool(inferred))
            described = content + more
            lines += nquads_lines(more)
            everything = described + void_quads(described, sources.keys, settings,
                                                FIXED_GRAPHS, lines)
    return everything, ident


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the quads are built. They hold no
    reference cycles, and each full collection would scan every tuple and set made so far:
    on a graph of a million triples that is more than half of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def input_files(settings: Settings) -> list[Path]:
    """The files a build reads (for messages and staleness checks)."""
    folders = (settings.registry_dir, settings.articles_dir, settings.facts_dir)
    files = [p for f in folders if f.is_dir() for p in sorted(f.iterdir()) if p.is_file()]
    ontology = [settings.ontology_dir / name for name in ("aigraph.ttl", "terms.ttl")]
    return files + [p for p in ontology if p.is_file() or p.name == "aigraph.ttl"]
