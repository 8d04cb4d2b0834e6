"""Query answers as bytes, in every standard format, with an honest row cap.

SELECT rows are written by our own serialisers (JSON, XML, CSV, TSV) so that an answer can
stop at the row cap and say so; graphs and booleans go through pyoxigraph's serialisers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
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

from aigraph.vocab import PREFIXES

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
    """A serialised answer: body, media type, and how many rows it holds of how many."""

    body: bytes
    media_type: str
    kind: str
    rows: int
    truncated: bool


def write_answer(result: QuerySolutions | QueryBoolean | QueryTriples, result_format: str | None,
                 graph_format: str | None, max_rows: int, max_bytes: int | None = None
                 ) -> Answer | str:
    """Serialise a result in the format chosen for its kind, cutting at ``max_rows`` rows or
    at about ``max_bytes`` bytes (measured on the terms' text), whichever comes first.

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
            row = [solution[n] for n in names]
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
    return Answer(write_graph(triples, graph_format), GRAPH_MEDIA[graph_format], "graph",
                  len(triples), truncated)


def _size(terms: list[object | None]) -> int:
    """About how many bytes these terms take in an answer: their text plus some markup."""
    return sum(len(getattr(t, "value", "").encode("utf-8")) + 40 for t in terms)


def write_graph(triples: list[Triple] | list[Quad], fmt: str) -> bytes:
    """Serialise triples (or quads) in a graph format; triples go to the default graph of
    TriG and N-Quads."""
    rdf_format = GRAPH_FORMATS[fmt]
    items: list[Triple] | list[Quad] = triples
    if rdf_format.supports_datasets:
        items = [t if isinstance(t, Quad) else Quad(t.subject, t.predicate, t.object,
                                                    DefaultGraph()) for t in triples]
    elif triples and isinstance(triples[0], Quad):
        items = [Triple(q.subject, q.predicate, q.object) for q in triples]  # type: ignore[union-attr]
    prefixes = PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
    return serialize(items, format=rdf_format, prefixes=prefixes) or b""


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {  # type: ignore[dict-item]
            "subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
            "object": _json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _json(names: list[str], rows: list[list[object | None]]) -> bytes:
    bindings = [{n: _json_term(v) for n, v in zip(names, row, strict=True) if v is not None}
                for row in rows]
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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
