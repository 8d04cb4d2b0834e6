"""Content negotiation: parse ``Accept`` (q-values, wildcards, ``q=0``) and pick a format."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from starlette.requests import HTTPConnection

from aigraph.errors import NegotiationError
from aigraph.results import GRAPH_MEDIA, RESULT_MEDIA
from aigraph.server.cache import note_vary

#: Extra names accepted for each short format name (``format=`` and file suffixes).
ALIASES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "ttl": "ttl", "turtle": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "jsonld": "jsonld", "json-ld": "jsonld", "rdf": "rdf", "rdfxml": "rdf", "owl": "rdf",
    "trig": "trig", "nq": "nq", "nquads": "nq", "n-quads": "nq", "html": "html",
}
#: Media types that also name our formats (older or generic spellings).
MEDIA_ALIASES = {
    "application/json": "json", "application/xml": "xml", "text/xml": "xml",
    "application/x-turtle": "ttl", "text/plain": "nt", "application/x-trig": "trig",
    "text/n3": "ttl", "application/xhtml+xml": "html",
}
HTML = "text/html"


@dataclass(frozen=True)
class Range:
    """One media range of an Accept header with its quality and specificity."""

    type: str
    subtype: str
    q: float
    params: int

    def matches(self, media: str) -> bool:
        main, _, sub = media.partition("/")
        return (self.type in ("*", main)) and (self.subtype in ("*", sub))

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*") * 2 + self.params


def parse_accept(header: str | None) -> list[Range]:
    """The media ranges of an Accept header; malformed parts are skipped.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/turtle;q=0.5, */*;q=0.1")]
    [('text', 'turtle', 0.5), ('*', '*', 0.1)]
    """
    if not header or not header.strip():
        return [Range("*", "*", 1.0, 0)]
    ranges = []
    for part in header.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if "/" not in media:
            continue
        main, sub = (x.strip().lower() for x in media.split("/", 1))
        if not main or not sub or (main == "*" and sub != "*"):
            continue
        q, extra = 1.0, 0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
            elif key.strip().lower() != "charset":
                extra += 1
        ranges.append(Range(main, sub, q, extra))
    return ranges


def quality(ranges: list[Range], media: str) -> float:
    """The quality the client gives a media type: that of the most specific matching range."""
    best: Range | None = None
    for r in ranges:
        if r.matches(media) and (best is None or r.specificity > best.specificity):
            best = r
    return best.q if best else 0.0


def choose(ranges: list[Range], offers: dict[str, str]) -> str | None:
    """The short name of the best offer (``offers`` maps short name → media type, in the
    server's order of preference), or ``None`` if the client accepts none of them."""
    best, best_q = None, 0.0
    for name, media in offers.items():
        # Other spellings count only when named outright, never through a wildcard.
        named = [r.q for r in ranges for alias, short in MEDIA_ALIASES.items()
                 if short == name and f"{r.type}/{r.subtype}" == alias]
        q = max([quality(ranges, media), *named])
        if q > best_q:
            best, best_q = name, q
    return best


def offers(names: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Short names → media types, for the formats named."""
    table = {**RESULT_MEDIA, **GRAPH_MEDIA, "html": HTML}
    return {n: table[n] for n in names}


def supported(offered: dict[str, str]) -> list[str]:
    return list(offered.values())


def from_name(name: str | None) -> str | None:
    """The short format name for a ``format=`` value or a suffix, if it is one of ours.

    Media types match whatever their case (RFC 9110); short names only as documented, in
    lowercase (``format=JSON-LD`` is not one of ours and gets 406, as the OpenAPI document
    says).
    """
    if not name:
        return None
    name = name.strip()
    if "/" in name:
        table = {**{v: k for k, v in {**RESULT_MEDIA, **GRAPH_MEDIA}.items()},
                 **MEDIA_ALIASES, HTML: "html"}
        return table.get(name.lower().split(";")[0].strip())
    return ALIASES.get(name)


def requested(value: str | None, supported: Iterable[str]) -> str | None:
    """The short format name a ``format=`` value asks for; ``None`` if it is absent or empty
    (then ``Accept`` decides).

    :raises NegotiationError: (406, listing ``supported``) for a name that is not ours.
    """
    if not value:
        return None
    name = from_name(value)
    if name is None:
        raise NegotiationError(f"unknown format {value!r}", 406, list(supported))
    return name


def accept_of(request: HTTPConnection) -> str | None:
    """The request's ``Accept`` header, read for negotiation: the answer then varies by it
    (``Vary: Accept``, see :func:`aigraph.server.cache.note_vary`)."""
    note_vary(request, "Accept")
    return request.headers.get("accept")


#: The JSON-LD 1.1 profile (its media type's ``profile`` parameter) of expanded documents.
EXPANDED = "http://www.w3.org/ns/json-ld#expanded"


def wants_expanded(accept: str | None) -> bool:
    """Whether ``Accept`` asks for JSON-LD in the expanded profile, which needs no context
    (for a client that cannot fetch ours); otherwise JSON-LD answers are compact.

    >>> wants_expanded('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"')
    True
    """
    for part in (accept or "").split(","):
        media, *params = part.split(";")
        if media.strip().lower() != "application/ld+json":
            continue
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "profile" and EXPANDED in value.strip().strip('"').split():
                return True
    return False


@lru_cache(maxsize=256)
def prefers_html(accept: str | None) -> bool:
    """Whether a client (a browser) prefers HTML over every RDF format (remembered for the
    few ``Accept`` values clients send)."""
    ranges = parse_accept(accept)
    html = quality(ranges, HTML)
    if html == 0:
        return False
    rdf = max(quality(ranges, m) for m in GRAPH_MEDIA.values())
    explicit = any(r.type == "text" and r.subtype == "html" for r in ranges)
    return html > rdf or (html == rdf and explicit)


_TERM = {"type": "object", "required": ["type", "value"],
         "properties": {"type": {"enum": ["uri", "literal", "bnode", "triple"]},
                        "value": {}, "xml:lang": {"type": "string"},
                        "datatype": {"type": "string"}}}
#: The SPARQL 1.1 Query Results JSON Format: a table of bindings or a boolean.
SPARQL_JSON = {
    "type": "object", "required": ["head"],
    "properties": {
        "head": {"type": "object", "properties": {
            "vars": {"type": "array", "items": {"type": "string"}},
            "link": {"type": "array", "items": {"type": "string"}}}},
        "results": {"type": "object", "required": ["bindings"], "properties": {
            "bindings": {"type": "array",
                         "items": {"type": "object", "additionalProperties": _TERM}}}},
        "boolean": {"type": "boolean"}},
    "oneOf": [{"required": ["results"]}, {"required": ["boolean"]}],
}
#: OpenAPI schemas of the bodies we send, by media type; the text formats are strings.
BODY_SCHEMAS: dict[str, dict[str, Any]] = {
    RESULT_MEDIA["json"]: SPARQL_JSON,
    GRAPH_MEDIA["jsonld"]: {"type": ["object", "array"]},
    "application/json": {"type": ["object", "array"]},
}


def content(media_types: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The OpenAPI ``content`` of a response that comes in these media types.

    >>> list(content(["text/turtle", "application/ld+json"])["text/turtle"]["schema"].items())
    [('type', 'string')]
    """
    return {media: {"schema": BODY_SCHEMAS.get(media, {"type": "string"})}
            for media in media_types}


def format_parameter(names: Iterable[str], description: str) -> dict[str, Any]:
    """The OpenAPI declaration of a ``format`` query parameter taking these short names
    (and their aliases); empty means "negotiate by ``Accept``"."""
    wanted = set(names)
    values = [""] + [alias for alias, name in ALIASES.items() if name in wanted]
    return {"name": "format", "in": "query", "required": False, "description": description,
            "schema": {"type": "string", "enum": values}}
