"""Namespaces, prefixes and IRI minting.

Entity IRIs are ``{base}id/{kind}/{key}``; keys come from the registry and are never
recomputed from labels. Statement-like nodes (memberships, participations, values) get a
deterministic hash key, so that building twice gives the same IRIs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pyoxigraph import NamedNode

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Namespace:
    """An IRI prefix; ``NS.term`` and ``NS["term"]`` give :class:`pyoxigraph.NamedNode`."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        term = NamedNode(self.iri + name)
        # Kept as an attribute, so the next lookup finds it without coming here (the build
        # asks for the same few terms millions of times).
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)

    def __str__(self) -> str:
        return self.iri


AIG = Namespace("https://w3id.org/aigraph/ontology#")
ONTOLOGY_IRI = "https://w3id.org/aigraph/ontology"
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
VOID = Namespace("http://rdfs.org/ns/void#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
LODE = Namespace("http://linkedevents.org/ontology/")
WD = Namespace("http://www.wikidata.org/entity/")
DBR = Namespace("http://dbpedia.org/resource/")

PREFIXES: dict[str, str] = {
    "aig": AIG.iri,
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "xsd": XSD.iri,
    "owl": OWL.iri,
    "org": ORG.iri,
    "schema": SCHEMA.iri,
    "foaf": FOAF.iri,
    "prov": PROV.iri,
    "skos": SKOS.iri,
    "dcterms": DCTERMS.iri,
    "void": VOID.iri,
    "sem": SEM.iri,
    "lode": LODE.iri,
    "wd": WD.iri,
    "dbr": DBR.iri,
}

#: The outside datasets a registry entry may name as the same thing (``same_as``) or a
#: close match (``close_match``), by prefix, with the pattern a local name must follow.
LINK_TARGETS: dict[str, tuple[Namespace, re.Pattern[str]]] = {
    "wd": (WD, re.compile(r"^Q[1-9][0-9]*$")),
    "dbr": (DBR, re.compile(r"^[A-Za-z0-9_(),.%'-]+$")),
}


def sparql_prologue() -> str:
    """The ``PREFIX`` lines for every prefix in :data:`PREFIXES`."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


class Minter:
    """Mints the IRIs of one dataset under a base IRI (``https://w3id.org/aigraph/``).

    >>> Minter().entity("org", "gist").value
    'https://w3id.org/aigraph/id/org/gist'
    """

    def __init__(self, base: str = "https://w3id.org/aigraph/") -> None:
        self.base = base

    def entity(self, kind: str, key: str) -> NamedNode:
        """The IRI of a registry entry.

        :raises ValueError: if the kind or key is not a lowercase ASCII slug.
        """
        if not KEY_RE.match(kind) or not KEY_RE.match(key):
            raise ValueError(f"not a valid kind/key slug: {kind!r}/{key!r}")
        return NamedNode(f"{self.base}id/{kind}/{key}")

    def scheme(self, kind: str) -> NamedNode:
        """The concept scheme that holds every concept of one kind (``…/id/role``)."""
        return NamedNode(f"{self.base}id/{kind}")

    def article(self, key: str) -> NamedNode:
        return self.entity("article", article_slug(key))

    def sentence(self, key: str, n: int) -> NamedNode:
        return NamedNode(f"{self.article(key).value}#s{n}")

    def graph(self, name: str) -> NamedNode:
        return NamedNode(f"{self.base}graph/{name}")

    def article_graph(self, key: str) -> NamedNode:
        return self.graph(article_slug(key))

    def dataset(self, part: str = "") -> NamedNode:
        return NamedNode(f"{self.base}dataset{'/' + part if part else ''}")

    def statement(self, kind: str, *parts: str) -> NamedNode:
        """A deterministic IRI for a statement-like node, from the NFC text of its parts."""
        return self.entity(kind, stable_hash(*parts))


def article_slug(key: str) -> str:
    """The IRI form of an article key: lowercase, ``_`` → ``-``.

    :raises ValueError: if the result is not a valid slug.
    """
    slug = key.lower().replace("_", "-")
    if not KEY_RE.match(slug):
        raise ValueError(f"article key {key!r} cannot be written as an IRI slug")
    return slug


def stable_hash(*parts: str) -> str:
    """A 12-hex-digit hash of NFC-normalised parts joined by ``|``."""
    text = "|".join(unicodedata.normalize("NFC", p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
