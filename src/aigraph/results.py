"""Query answers as bytes, in every standard format, with an honest row cap.

SELECT rows are written by our own serialisers (JSON, XML, CSV, TSV) so that an answer can
stop at the row cap and say so; graphs and booleans go through pyoxigraph's serialisers,
except JSON-LD, which is written compact (:func:`compact_jsonld`) against the context the
service publishes at ``{base}context.jsonld``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    serialize,
)

from aigraph.config import BASE_IRI
from aigraph.vocab import PREFIXES, RDF

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_BARE = {"http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#decimal",
         "http://www.w3.org/2001/XMLSchema#boolean"}

#: Media types of SELECT/ASK answers, by short name.
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: Media types of graph answers (CONSTRUCT/DESCRIBE) and documents, by short name.
GRAPH_MEDIA = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "trig": "application/trig",
    "nq": "application/n-quads",
}
GRAPH_FORMATS = {
    "ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD,
    "rdf": RdfFormat.RDF_XML, "trig": RdfFormat.TRIG, "nq": RdfFormat.N_QUADS,
}


@dataclass(frozen=True)
class Answer:
    """A serialised answer: body, media type, and how many rows it holds of how many.
    ``tags`` remembers the entity tags the server has made for it (by the ``Content-Type``
    it was sent with), so that an answer served again from a cache is not hashed again."""

    body: bytes
    media_type: str
    kind: str
    rows: int
    truncated: bool
    tags: dict[str, str] = field(default_factory=dict, init=False, repr=False,
                                 compare=False)


def write_answer(result: QuerySolutions | QueryBoolean | QueryTriples, result_format: str | None,
                 graph_format: str | None, max_rows: int, max_bytes: int | None = None,
                 base_iri: str = BASE_IRI) -> Answer | str:
    """Serialise a result in the format chosen for its kind, cutting at ``max_rows`` rows or
    at about ``max_bytes`` bytes (measured on the terms' text), whichever comes first; a
    JSON-LD graph refers to the context published under ``base_iri``.

    :returns: the answer, or the kind (``"select"``, ``"ask"``, ``"graph"``) when no
        acceptable format was offered for it (the caller answers 406).
    """
    if isinstance(result, QueryBoolean):
        if result_format is None:
            return "ask"
        fmt = {"json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML,
               "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}[result_format]
        return Answer(result.serialize(format=fmt) or b"", RESULT_MEDIA[result_format], "ask",
                      1, False)
    if isinstance(result, QuerySolutions):
        if result_format is None:
            return "select"
        names = [v.value for v in result.variables]
        rows: list[list[object | None]] = []
        truncated, size = False, 0
        for solution in result:
            row = list(solution)  # the values in the order of the variables
            size += _size(row)
            if len(rows) == max_rows or (max_bytes is not None and size > max_bytes):
                truncated = True
                break
            rows.append(row)
        body = SELECT_WRITERS[result_format](names, rows)
        return Answer(body, RESULT_MEDIA[result_format], "select", len(rows), truncated)
    if graph_format is None:
        return "graph"
    triples: list[Triple] = []
    truncated, size = False, 0
    for triple in result:
        size += _size([triple.subject, triple.predicate, triple.object])
        if len(triples) == max_rows or (max_bytes is not None and size > max_bytes):
            truncated = True
            break
        triples.append(triple)
    return Answer(write_graph(triples, graph_format, base_iri), GRAPH_MEDIA[graph_format],
                  "graph", len(triples), truncated)


#: Formats whose pyoxigraph serialisation is byte for byte what our writers give (and so
#: has the same ETag): SPARQL JSON, CSV and TSV results, N-Triples and N-Quads graphs.
NATIVE_RESULTS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV,
                  "tsv": QueryResultsFormat.TSV}
NATIVE_GRAPHS = {"nt": RdfFormat.N_TRIPLES, "nq": RdfFormat.N_QUADS}


def write_whole(result: QuerySolutions | QueryBoolean | QueryTriples, result_format: str | None,
                graph_format: str | None, rows: int) -> Answer | None:
    """An answer already known to fit the caps (the same query on the same store answered
    ``rows`` rows before, uncut), written by pyoxigraph in one call that holds no Python
    lock: the same bytes as :func:`write_answer`'s, in a fraction of the time.

    :returns: the answer, or ``None`` when its format is one that only
        :func:`write_answer` writes (XML, Turtle, JSON-LD, RDF/XML, TriG), or when no
        acceptable format was offered for its kind.
    """
    if isinstance(result, QueryBoolean):
        return None
    if isinstance(result, QuerySolutions):
        if result_format not in NATIVE_RESULTS:
            return None
        body = result.serialize(format=NATIVE_RESULTS[result_format]) or b""
        return Answer(body, RESULT_MEDIA[result_format], "select", rows, False)
    if graph_format not in NATIVE_GRAPHS:
        return None
    body = result.serialize(format=NATIVE_GRAPHS[graph_format]) or b""
    return Answer(body, GRAPH_MEDIA[graph_format], "graph", rows, False)


def _size(terms: list[object | None]) -> int:
    """About how many bytes these terms take in an answer: their text plus some markup."""
    return sum(len(getattr(t, "value", "").encode("utf-8")) + 40 for t in terms)


def write_graph(triples: list[Triple] | list[Quad], fmt: str, base_iri: str = BASE_IRI,
                embed_context: bool = False, expanded: bool = False) -> bytes:
    """Serialise triples (or quads) in a graph format; triples go to the default graph of
    TriG and N-Quads. JSON-LD is compact: it refers to the context published at
    ``{base_iri}context.jsonld``, or carries it with ``embed_context`` (for a file read
    offline); ``expanded`` writes expanded JSON-LD instead, which needs no context.

    :raises KeyError: for a format name that is not one of :data:`GRAPH_FORMATS`.
    :raises ValueError: for JSON-LD of quoted triples (RDF-star), which it cannot hold.
    """
    if fmt == "jsonld" and not expanded:
        context = jsonld_context(base_iri)
        reference = None if embed_context else context_url(base_iri)
        return json_bytes(compact_jsonld(triples, context, reference))
    rdf_format = GRAPH_FORMATS[fmt]
    items: list[Triple] | list[Quad] = triples
    if rdf_format.supports_datasets:
        items = [t if isinstance(t, Quad) else Quad(t.subject, t.predicate, t.object,
                                                    DefaultGraph()) for t in triples]
    elif triples and isinstance(triples[0], Quad):
        items = [Triple(q.subject, q.predicate, q.object) for q in triples]  # type: ignore[union-attr]
    prefixes = PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
    return serialize(items, format=rdf_format, prefixes=prefixes) or b""


#: The term of the JSON-LD context that abbreviates entity IRIs (``aigid:org/gist``); not
#: ``id``, which other published contexts (schema.org's among them) use for ``@id``.
ENTITY_TERM = "aigid"


def context_url(base_iri: str) -> str:
    """Where the service publishes its JSON-LD context."""
    return f"{base_iri}context.jsonld"


def jsonld_context(base_iri: str) -> dict[str, str]:
    """The terms of the published JSON-LD context: the project's prefixes, and
    :data:`ENTITY_TERM` for the entity IRIs under ``{base_iri}id/``.

    >>> jsonld_context("https://w3id.org/aigraph/")["aigid"]
    'https://w3id.org/aigraph/id/'
    """
    return {**PREFIXES, ENTITY_TERM: f"{base_iri}id/"}


def json_bytes(document: object) -> bytes:
    """A JSON document as UTF-8 bytes, indented for people, keys in the order given."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def compact_jsonld(items: Iterable[Triple | Quad], context: Mapping[str, str],
                   reference: str | None = None) -> dict[str, Any]:
    """Compact JSON-LD 1.1 for triples (or quads): one node object per subject, in the order
    subjects first appear; IRIs written as compact IRIs of the context's terms; ``rdf:type``
    as ``@type``; literals exact (a plain string for ``xsd:string``, else a value object
    with ``@language`` or ``@type``); the quads of a named graph under a node with
    ``@graph``. Every term of ``context`` must end in ``/`` or ``#``, as prefixes must.

    :param reference: the context's URL, written as ``@context``; ``None`` embeds the context.
    :raises ValueError: for a quoted triple (RDF-star), which JSON-LD cannot hold.

    >>> from pyoxigraph import NamedNode
    >>> t = Triple(NamedNode("https://schema.org/x"), NamedNode("https://schema.org/name"),
    ...            Literal("X"))
    >>> compact_jsonld([t], {"schema": "https://schema.org/"}, "https://ex.org/c.jsonld")
    {'@context': 'https://ex.org/c.jsonld', '@graph': [{'@id': 'schema:x', 'schema:name': 'X'}]}
    """
    prefixes = sorted(context.items(), key=lambda item: -len(item[1]))

    def iri(value: str) -> str:
        for term, namespace in prefixes:
            rest = value[len(namespace):]
            if value.startswith(namespace) and rest and not rest.startswith("//"):
                return f"{term}:{rest}"
        return value

    def node_id(term: object) -> str:
        if isinstance(term, NamedNode):
            return iri(term.value)
        if isinstance(term, BlankNode):
            return f"_:{term.value}"
        raise ValueError(f"JSON-LD cannot hold {term!r} as a node")

    def value(term: object) -> object:
        if not isinstance(term, Literal):
            return {"@id": node_id(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": iri(term.datatype.value)}

    graphs: dict[str, dict[str, dict[str, list[object]]]] = {"": {}}
    for item in items:
        graph = getattr(item, "graph_name", None)
        name = node_id(graph) if isinstance(graph, NamedNode | BlankNode) else ""
        node = graphs.setdefault(name, {}).setdefault(node_id(item.subject), {})
        if item.predicate == RDF.type and isinstance(item.object, NamedNode):
            node.setdefault("@type", []).append(iri(item.object.value))
        else:
            node.setdefault(iri(item.predicate.value), []).append(value(item.object))

    def nodes(subjects: dict[str, dict[str, list[object]]]) -> list[dict[str, object]]:
        return [{"@id": subject, **{key: values[0] if len(values) == 1 else values
                                    for key, values in properties.items()}}
                for subject, properties in subjects.items()]

    top = nodes(graphs.pop(""))
    top += [{"@id": name, "@graph": nodes(subjects)} for name, subjects in graphs.items()]
    return {"@context": reference if reference is not None else dict(context), "@graph": top}


#: JSON string syntax for a str, the same escaping as ``json.dumps(..., ensure_ascii=False)``
#: (the C encoder when there is one).
_string = json.encoder.encode_basestring


def _json_term(term: object) -> str:
    """One RDF term as SPARQL JSON, with the keys in pyoxigraph's order."""
    if isinstance(term, NamedNode):
        return '{"type":"uri","value":' + _string(term.value) + "}"
    if isinstance(term, Literal):
        text = '{"type":"literal","value":' + _string(term.value)
        if term.language:
            return text + ',"xml:lang":' + _string(term.language) + "}"
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return text + "}"
        return text + ',"datatype":' + _string(datatype) + "}"
    if isinstance(term, BlankNode):
        return '{"type":"bnode","value":' + _string(term.value) + "}"
    if isinstance(term, Triple):
        return ('{"type":"triple","value":{"subject":' + _json_term(term.subject)
                + ',"predicate":' + _json_term(term.predicate)
                + ',"object":' + _json_term(term.object) + "}}")
    raise TypeError(f"not an RDF term: {term!r}")


def _json(names: list[str], rows: list[list[object | None]]) -> bytes:
    """SPARQL JSON results, written as text row by row (a third of the time of building
    dictionaries for ``json.dumps``), byte for byte what pyoxigraph writes."""
    keys = [_string(n) + ":" for n in names]
    bindings = ",".join(
        "{" + ",".join(k + _json_term(v) for k, v in zip(keys, row, strict=True)
                       if v is not None) + "}"
        for row in rows)
    head = ",".join(_string(n) for n in names)
    text = '{"head":{"vars":[' + head + ']},"results":{"bindings":[' + bindings + "]}}"
    return text.encode("utf-8")


def _xml_term(term: object) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return (f"<literal datatype={quoteattr(term.datatype.value)}>"
                    f"{escape(term.value)}</literal>")
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>"
                f"{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}"
                "</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def _xml(names: list[str], rows: list[list[object | None]]) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
           "<head>", *(f"<variable name={quoteattr(n)}/>" for n in names), "</head><results>"]
    for row in rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(n)}>{_xml_term(v)}</binding>"
                for n, v in zip(names, row, strict=True) if v is not None]
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode("utf-8")


def _csv_term(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


def _csv(names: list[str], rows: list[list[object | None]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([_csv_term(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _tsv_term(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        if term.datatype.value in _BARE and not term.language and _is_bare(term):
            return term.value
        text = (term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype.value == XSD_STRING:
            return f'"{text}"'
        return f'"{text}"^^<{term.datatype.value}>'
    return str(term)


def _is_bare(term: Literal) -> bool:
    value = term.value
    if term.datatype.value.endswith("#boolean"):
        return value in ("true", "false")
    body = value[1:] if value[:1] in "+-" else value
    if term.datatype.value.endswith("#integer"):
        return body.isdigit()
    whole, _, fraction = body.partition(".")
    return whole.isdigit() and fraction.isdigit()


def _tsv(names: list[str], rows: list[list[object | None]]) -> bytes:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join(_tsv_term(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


SELECT_WRITERS = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}
