"""The VoID description of a build: what the dataset holds, counted as it is served.

:func:`void_quads` counts over the quads' N-Quads lines rather than over pyoxigraph terms:
a line is the quad's text, so two quads are equal exactly when their lines are, and a
million byte strings are hashed and compared many times faster than a million terms (which
cross into Rust for each hash). In a line ``S P O G .`` the subject and the predicate are the
first two space-free tokens, and the graph name is the last ``<…>`` (an IRI holds no space),
so the triple is what precedes `` <`` last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from aigraph.config import Settings
from aigraph.rdf import ENTITY_CLASSES, en, integer
from aigraph.store import DUMP_FORMATS, dump_names
from aigraph.vocab import (
    AIG,
    DCTERMS,
    KEY_RE,
    PREFIXES,
    RDF,
    RDFS,
    VOID,
    Minter,
    Namespace,
    stable_hash,
)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
LICENSE = NamedNode("https://creativecommons.org/licenses/by/4.0/")
#: The W3C names of the dump formats (https://www.w3.org/ns/formats/), as ``void:feature``.
FORMATS = {suffix: NamedNode(f"http://www.w3.org/ns/formats/{name}") for suffix, name in (
    ("trig", "TriG"), ("nq", "N-Quads"), ("ttl", "Turtle"), ("nt", "N-Triples"),
    ("jsonld", "JSON-LD"))}
_TYPE = f"<{RDF.type.value}>".encode()


def void_quads(quads: list[Quad], keys: Sequence[str], settings: Settings,
               graphs: Mapping[str, tuple[str, str]],
               lines: list[bytes] | None = None) -> list[Quad]:
    """A VoID description of the dataset whose named-graph quads are ``quads``: the graphs
    of the articles ``keys`` and the fixed ``graphs`` (key → English and Korean labels).
    ``lines`` are the quads' N-Quads lines (without line ends) when the caller has them.

    The dataset's figures (``void:triples``, ``void:distinctSubjects``, ``void:properties``)
    are those of the default graph as served, that is the distinct triples of every named
    graph, the VoID description's own included: ``void:triples`` is what ``SELECT
    (COUNT(*) AS ?n) { ?s ?p ?o }`` counts, and what ``aigraph stats`` and the home page
    show. ``void:entities`` counts the typed resources under ``void:uriSpace``; each class
    partition, the distinct such resources of one class (stated or inferred). Each subset is
    one named graph (``sd:name``) with its own size; the VoID graph has none. Vocabularies
    are the namespaces of the classes and properties the data uses (the VoID description
    aside). Never raises.
    """
    minter = Minter(settings.base_iri)
    graph, ds = minter.graph("void"), minter.dataset()
    a = RDF.type
    if lines is None:
        lines = (serialize(quads, format=RdfFormat.N_QUADS) or b"").splitlines()
    triples = {line[:line.rindex(b" <")] for line in lines}
    entity_prefix = f"{settings.base_iri}id/"
    entity_token = f"<{entity_prefix}".encode()
    classes: dict[bytes, set[bytes]] = {}
    predicates: set[bytes] = set()
    class_tokens: set[bytes] = set()
    subjects: list[bytes] = []
    objects: list[bytes] = []
    for triple in triples:
        s, p, o = triple.split(b" ", 2)
        subjects.append(s)
        objects.append(o)
        predicates.add(p)
        if p == _TYPE and o[:1] == b"<":
            class_tokens.add(o)
            if s.startswith(entity_token):
                classes.setdefault(o, set()).add(s)
    terms = {_iri(t) for t in predicates | class_tokens}
    out = [
        Quad(ds, a, VOID.Dataset, graph),
        Quad(ds, DCTERMS.title, en("aigraph: the Gwangju AI industry cluster knowledge graph"),
             graph),
        Quad(ds, DCTERMS.license, LICENSE, graph),
        Quad(ds, VOID.uriSpace, Literal(entity_prefix), graph),
        Quad(ds, VOID.sparqlEndpoint, NamedNode(f"{settings.base_iri}sparql"), graph),
    ]
    out += [Quad(ds, VOID.dataDump, NamedNode(f"{settings.base_iri}dumps/{name}"), graph)
            for name in dump_names()]
    out += [Quad(ds, VOID.feature, FORMATS[s], graph) for s in DUMP_FORMATS if s in FORMATS]
    out += [Quad(ds, VOID.vocabulary, NamedNode(v), graph)
            for v in sorted({namespace(t) for t in terms})]
    out += [Quad(ds, VOID.exampleResource, NamedNode(_iri(e)), graph)
            for e in example_resources(subjects, objects, classes)]
    for token in sorted(classes, key=_iri):
        cls = NamedNode(_iri(token))
        part = minter.dataset(f"class/{_class_key(cls)}")
        out += [Quad(ds, VOID.classPartition, part, graph),
                Quad(part, VOID["class"], cls, graph),
                Quad(part, VOID.entities, integer(len(classes[token])), graph)]
    out += _subsets(lines, keys, graphs, minter, ds, graph)
    # The figures of the default graph count the VoID description too: one triple per figure
    # whatever the number, so the sets are taken with the figures' subject and predicates.
    figures = (VOID.triples, VOID.entities, VOID.distinctSubjects, VOID.properties)
    mine = out + [Quad(ds, p, ds, graph) for p in figures]
    own = {line[:line.rindex(b" <")] for line in
           (serialize(mine, format=RdfFormat.N_QUADS) or b"").splitlines()} - triples
    entities = set().union(*classes.values())
    values = (len(triples) + len(own), len(entities),
              len(set(subjects) | {t[:t.index(b" ")] for t in own}),
              len(predicates | {t.split(b" ", 2)[1] for t in own}))
    return out + [Quad(ds, p, integer(n), graph) for p, n in zip(figures, values, strict=True)]


def _subsets(lines: list[bytes], keys: Sequence[str], graphs: Mapping[str, tuple[str, str]],
             minter: Minter, ds: NamedNode, graph: NamedNode) -> list[Quad]:
    """One ``void:subset`` per named graph (the VoID graph aside): its name, labels, size."""
    sizes = Counter(line[line.rindex(b" <") + 2:line.rindex(b">")] for line in lines)
    named: list[tuple[NamedNode, str, str, NamedNode | None]] = []
    for key in keys:
        named.append((minter.article_graph(key), f"what article {key} states",
                      f"기사 {key}의 진술", minter.article(key)))
    for key, (en_label, ko_label) in graphs.items():
        if sizes[minter.graph(key).value.encode()]:
            named.append((minter.graph(key), en_label, ko_label, None))
    out: list[Quad] = []
    for name, en_label, ko_label, source in named:
        subset = minter.dataset(name.value.rsplit("/", 1)[1])
        out += [Quad(ds, VOID.subset, subset, graph),
                Quad(subset, RDF.type, VOID.Dataset, graph),
                Quad(subset, RDFS.label, en(en_label), graph),
                Quad(subset, RDFS.label, Literal(ko_label, language="ko"), graph),
                Quad(subset, VOID.triples, integer(sizes[name.value.encode()]), graph),
                Quad(subset, SD.name, name, graph)]
        if source is not None:
            out.append(Quad(subset, DCTERMS.source, source, graph))
    return out


def namespace(iri: str) -> str:
    """The vocabulary an IRI belongs to: the longest known prefix (:data:`PREFIXES`) that
    starts it, else the IRI up to its last ``#`` or ``/``.

    >>> namespace("http://purl.org/vocab/vann/preferredNamespacePrefix")
    'http://purl.org/vocab/vann/'
    """
    known = [ns for ns in PREFIXES.values() if iri.startswith(ns)]
    if known:
        return max(known, key=len)
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1] if cut > 0 else iri


def example_resources(subjects: Iterable[bytes], objects: Iterable[bytes],
                      classes: dict[bytes, set[bytes]]) -> list[bytes]:
    """For each class of registry entity (:data:`aigraph.rdf.ENTITY_CLASSES`), its
    best-connected instance among ``classes`` (the entities of each class, as IRI tokens):
    the one in the most triples (given by their ``subjects`` and ``objects``, as N-Triples
    tokens), as subject or object (ties broken by IRI)."""
    wanted = [t for c in ENTITY_CLASSES.values()
              if classes.get(t := f"<{c.value}>".encode())]
    candidates = set().union(*(classes[c] for c in wanted))
    degree = Counter(filter(candidates.__contains__, subjects))
    degree.update(filter(candidates.__contains__, objects))
    best = [min(classes[c], key=lambda n: (-degree[n], _iri(n))) for c in wanted]
    return list(dict.fromkeys(best))


def _iri(token: bytes) -> str:
    """The IRI of an N-Triples IRI token ``<…>`` (the serializer escapes nothing in IRIs)."""
    return token[1:-1].decode()


def _class_key(cls: NamedNode) -> str:
    """The last path segment of a class partition's IRI: the local name for the ontology's
    classes (``Person``), ``prefix-Name`` for others (``schema-Person``)."""
    ns = namespace(cls.value)
    local = cls.value[len(ns):]
    if ns == AIG.iri:
        return local
    prefix = next((p for p, iri in PREFIXES.items() if iri == ns), "")
    if prefix and KEY_RE.match(local.lower()):
        return f"{prefix}-{local}"
    return stable_hash(cls.value)
