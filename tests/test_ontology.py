"""The aigraph ontology file (ontology/aigraph.ttl) against the quality checklist.

Each test carries the number of the checklist item it covers (reference/ontology-viz.md,
section 2.7, items 1 to 12). Item 13 (pyLODE documentation) is not covered here.
The OWL API profile check (11) and the HermiT checks (12) run real Java offline: the OWL API
and HermiT both ship inside owlready2's HermiT.jar.
"""

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
import pyoxigraph
import pytest
from pyoxigraph import Quad
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from aigraph.validate import to_rdflib

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = ROOT / "ontology" / "aigraph.ttl"
EXAMPLE_FILE = ROOT / "tests" / "owl" / "example.trig"
PROFILE_CHECK_SOURCE = ROOT / "tests" / "owl" / "ProfileCheck.java"
HERMIT_JAR = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"

AIG = Namespace("https://w3id.org/aigraph/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/aigraph/ontology")
VERSION_IRI = URIRef("https://w3id.org/aigraph/ontology/0.1.0")
PROJECT_BASE = "https://w3id.org/aigraph/"
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
LODE = Namespace("http://linkedevents.org/ontology/")
PROV = Namespace("http://www.w3.org/ns/prov#")
VANN = Namespace("http://purl.org/vocab/vann/")
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")

# The minted terms that the instance data uses (the data contract of the build, see
# data/README.md). The ontology must define exactly these.
DATA_CLASSES = frozenset(
    AIG[n]
    for n in (
        "Organization Person Event Agreement Facility Target Goal Budget Statistic "
        "Participation Sentence Status"
    ).split()
)
DATA_OBJECT_PROPERTIES = frozenset(
    AIG[n]
    for n in (
        "participant participatedIn inEvent agent eventRole inCapacity hostedBy eventType "
        "party signedAt agreementType operator foundedAt setBy metric reportedValue "
        "hasComponent fundingSource statedIn repeatOf status"
    ).split()
)
DATA_DATATYPE_PROPERTIES = frozenset(
    AIG[n]
    for n in (
        "targetDate period surfaceForm approximate dateText dateBasis earliestDate latestDate "
        "signedOn openedOn statusText isFormer evidence charStart charEnd confidence reviewed"
    ).split()
)
# The stages of aig:Status, the only individuals the ontology mints.
DATA_INDIVIDUALS = frozenset(
    AIG[n] for n in "Proposed Planned UnderConstruction InOperation".split()
)
DATA_TERMS = DATA_CLASSES | DATA_OBJECT_PROPERTIES | DATA_DATATYPE_PROPERTIES | DATA_INDIVIDUALS

# Minted terms that no other term links to: annotations of statements that apply to any
# resource. They are justified by use: the instance data carries them (data/README.md).
DATA_ONLY_TERMS = frozenset(
    AIG[n]
    for n in "dateText dateBasis earliestDate latestDate statusText evidence confidence "
    "reviewed".split()
)

CORE_CLASSES = frozenset(
    AIG[n] for n in "Organization Person Agreement Event Facility Target".split()
)

# Properties that apply to any resource. OWL 2 RL does not allow owl:Thing as a domain, so
# these state no rdfs:domain at all (which means the same) and explain it in skos:scopeNote.
# The same goes for properties used on several classes (dates' bounds on everything dated,
# statuses on facilities, organisations, events and agreements): OWL 2 RL allows no union as
# a domain.
ANY_DOMAIN_PROPERTIES = frozenset(
    AIG[n]
    for n in "statedIn dateText dateBasis earliestDate latestDate status statusText evidence "
    "confidence reviewed".split()
)

# rdfs:subClassOf / rdfs:subPropertyOf links to outside vocabularies that the design asks for.
ALIGNMENT = {
    (AIG.Organization, RDFS.subClassOf, ORG.Organization),
    (AIG.Organization, RDFS.subClassOf, SCHEMA.Organization),
    (AIG.Person, RDFS.subClassOf, FOAF.Person),
    (AIG.Person, RDFS.subClassOf, SCHEMA.Person),
    (AIG.Event, RDFS.subClassOf, SCHEMA.Event),
    (AIG.Event, RDFS.subClassOf, SEM.Event),
    (AIG.Agreement, RDFS.subClassOf, PROV.Entity),
    (AIG.Facility, RDFS.subClassOf, SCHEMA.Place),
    (AIG.Goal, RDFS.subClassOf, AIG.Target),
    (AIG.Budget, RDFS.subClassOf, AIG.Target),
    (AIG.Statistic, RDFS.subClassOf, AIG.Target),
    (AIG.Participation, RDFS.subClassOf, SEM.Role),
    (AIG.Sentence, RDFS.subClassOf, PROV.Entity),
    (AIG.participant, RDFS.subPropertyOf, SEM.hasActor),
    (AIG.participant, RDFS.subPropertyOf, LODE.involvedAgent),
    (AIG.hostedBy, RDFS.subPropertyOf, SCHEMA.organizer),
    (AIG.hasComponent, RDFS.subPropertyOf, DCTERMS.hasPart),
    (AIG.targetDate, RDFS.subPropertyOf, DCTERMS.date),
    (AIG.signedOn, RDFS.subPropertyOf, DCTERMS.date),
    (AIG.openedOn, RDFS.subPropertyOf, DCTERMS.date),
    (AIG.Status, RDFS.subClassOf, SKOS.Concept),
}

DECLARATION_TYPES = frozenset(
    {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
)
# Literals outside the OWL 2 datatype map: HermiT refuses them, so they are left out of the
# copy that HermiT checks (SHACL checks them instead).
NON_OWL2_DATATYPES = frozenset({XSD.date, XSD.gYear, XSD.gYearMonth})


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The ontology file parsed by rdflib (read-only: copy it before changing it)."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def copy_of(graph: Graph) -> Graph:
    """A new graph holding the same triples."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def minted(graph: Graph, rdf_type: URIRef) -> set[URIRef]:
    """The aig: terms typed rdf_type in the graph."""
    return {
        s
        for s in graph.subjects(RDF.type, rdf_type)
        if isinstance(s, URIRef) and s.startswith(str(AIG))
    }


def minted_terms(graph: Graph) -> set[URIRef]:
    """Every aig: class and property defined in the graph."""
    return (
        minted(graph, OWL.Class)
        | minted(graph, OWL.ObjectProperty)
        | minted(graph, OWL.DatatypeProperty)
    )


def is_outside(term: URIRef) -> bool:
    """True for IRIs outside the project's own space (https://w3id.org/aigraph/...)."""
    return not str(term).startswith(PROJECT_BASE)


def langs(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str | None]:
    """The language tags of the literal values of subject/predicate (None when untagged)."""
    return [
        o.language if isinstance(o, Literal) else None for o in graph.objects(subject, predicate)
    ]


def local_name(term: URIRef) -> str:
    """The part of an aig: IRI after the '#'."""
    return str(term).removeprefix(str(AIG))


# --------------------------------------------------------------------------- item 1


def test_01_parses_with_rdflib(ontology: Graph) -> None:
    """Item 1: rdflib reads the Turtle file (it has no RDF 1.2 syntax, which rdflib rejects)."""
    assert len(ontology) > 0


def test_01_parses_with_pyoxigraph_to_the_same_triples(ontology: Graph) -> None:
    """Item 1: pyoxigraph reads the file, finds as many triples as rdflib and no triple terms."""
    with ONTOLOGY_FILE.open("rb") as f:
        triples = list(pyoxigraph.parse(f, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(ontology)
    assert not any(isinstance(t.object, pyoxigraph.Triple) for t in triples)
    named = {
        (str(t.subject.value), str(t.predicate.value), str(t.object.value))
        for t in triples
        if isinstance(t.subject, pyoxigraph.NamedNode)
        and isinstance(t.object, pyoxigraph.NamedNode)
    }
    expected = {
        (str(s), str(p), str(o))
        for s, p, o in ontology
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    }
    assert named == expected


def test_01_has_no_owl_imports(ontology: Graph) -> None:
    """Item 1: no owl:imports, so no tool tries to download anything."""
    assert list(ontology.triples((None, OWL.imports, None))) == []


# --------------------------------------------------------------------------- item 2


def test_02_one_ontology_whose_iri_is_the_namespace_with_a_version(ontology: Graph) -> None:
    """Item 2: exactly one owl:Ontology, IRI = namespace without '#', version IRI and info."""
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY_IRI]
    assert str(AIG).removesuffix("#") == str(ONTOLOGY_IRI)
    assert list(ontology.objects(ONTOLOGY_IRI, OWL.versionIRI)) == [VERSION_IRI]
    assert list(ontology.objects(ONTOLOGY_IRI, OWL.versionInfo)) == [Literal("0.1.0")]
    assert str(VERSION_IRI).endswith("/0.1.0")


# --------------------------------------------------------------------------- item 3


def test_03_header_has_the_full_metadata(ontology: Graph) -> None:
    """Item 3: title and description in en and ko, people, dates, licence, citation, vann."""
    o = ONTOLOGY_IRI
    assert sorted(langs(ontology, o, DCTERMS.title)) == ["en", "ko"]
    assert sorted(langs(ontology, o, DCTERMS.description)) == ["en", "ko"]
    for who in (DCTERMS.creator, DCTERMS.publisher):
        agents = list(ontology.objects(o, who))
        assert len(agents) == 1 and isinstance(agents[0], URIRef), who
        assert ontology.value(agents[0], RDFS.label) is not None, f"{who} has no rdfs:label"
    for when in (DCTERMS.created, DCTERMS.issued, DCTERMS.modified):
        values = list(ontology.objects(o, when))
        assert len(values) == 1, when
        assert isinstance(values[0], Literal) and values[0].datatype == XSD.dateTime, when
    assert list(ontology.objects(o, DCTERMS.license)) == [CC_BY_4]
    citation = ontology.value(o, DCTERMS.bibliographicCitation)
    assert isinstance(citation, Literal) and str(VERSION_IRI) in str(citation)
    assert list(ontology.objects(o, VANN.preferredNamespacePrefix)) == [Literal("aig")]
    assert [str(v) for v in ontology.objects(o, VANN.preferredNamespaceUri)] == [str(AIG)]


# --------------------------------------------------------------------------- item 4


def test_04_every_term_has_labels_definition_and_is_defined_by(ontology: Graph) -> None:
    """Item 4: one @en and one @ko label, an @en definition, rdfs:isDefinedBy the ontology."""
    problems = []
    for term in sorted(minted_terms(ontology) | DATA_INDIVIDUALS):
        if sorted(langs(ontology, term, RDFS.label)) != ["en", "ko"]:
            problems.append(f"{term}: labels {langs(ontology, term, RDFS.label)}")
        if langs(ontology, term, SKOS.definition).count("en") != 1:
            problems.append(f"{term}: needs exactly one skos:definition @en")
        if list(ontology.objects(term, RDFS.isDefinedBy)) != [ONTOLOGY_IRI]:
            problems.append(f"{term}: rdfs:isDefinedBy must be {ONTOLOGY_IRI}")
    assert problems == []


def test_04_minted_terms_are_exactly_the_data_contract(ontology: Graph) -> None:
    """Items 4 and 6 (P34/P35): every term the data uses is defined and typed, and no others."""
    assert minted(ontology, OWL.Class) == DATA_CLASSES
    assert minted(ontology, OWL.ObjectProperty) == DATA_OBJECT_PROPERTIES
    assert minted(ontology, OWL.DatatypeProperty) == DATA_DATATYPE_PROPERTIES
    assert minted(ontology, OWL.NamedIndividual) == DATA_INDIVIDUALS
    assert set(ontology.subjects(RDF.type, AIG.Status)) == DATA_INDIVIDUALS
    used = {t for triple in ontology for t in triple if isinstance(t, URIRef)}
    undefined = {t for t in used if t.startswith(str(AIG))} - DATA_TERMS
    assert undefined == set()


# --------------------------------------------------------------------------- item 5


def test_05_every_property_has_one_named_domain_and_range(ontology: Graph) -> None:
    """Item 5: exactly one rdfs:domain and one rdfs:range per property, each a named class or
    datatype declared in the file. Properties that apply to anything state no domain (OWL 2 RL
    forbids owl:Thing as a domain) and say so in a skos:scopeNote."""
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    problems = []
    for prop in sorted(DATA_OBJECT_PROPERTIES | DATA_DATATYPE_PROPERTIES):
        domains = list(ontology.objects(prop, RDFS.domain))
        ranges = list(ontology.objects(prop, RDFS.range))
        if prop in ANY_DOMAIN_PROPERTIES:
            if domains or sorted(langs(ontology, prop, SKOS.scopeNote)) != ["en", "ko"]:
                problems.append(f"{prop}: applies to anything: no domain, a scope note en+ko")
        elif len(domains) != 1 or domains[0] not in classes:
            problems.append(f"{prop}: domain {domains} is not one declared named class")
        if len(ranges) != 1 or not isinstance(ranges[0], URIRef):
            problems.append(f"{prop}: range {ranges} is not one named term")
        elif prop in DATA_OBJECT_PROPERTIES and ranges[0] not in classes:
            problems.append(f"{prop}: range {ranges[0]} is not a declared class")
        elif prop in DATA_DATATYPE_PROPERTIES and not (
            ranges[0] == RDFS.Literal or ranges[0].startswith(str(XSD))
        ):
            problems.append(f"{prop}: range {ranges[0]} is not rdfs:Literal or an xsd datatype")
    assert problems == []


# --------------------------------------------------------------------------- item 6


def test_06_outside_terms_get_declaration_stubs_only(ontology: Graph) -> None:
    """Item 6 (P40, no namespace hijacking): outside subjects only appear in `X a owl:Class`
    (or ObjectProperty, DatatypeProperty, AnnotationProperty) triples."""
    hijacked = [
        (s, p, o)
        for s, p, o in ontology
        if isinstance(s, URIRef)
        and is_outside(s)
        and not (p == RDF.type and o in DECLARATION_TYPES)
    ]
    assert hijacked == []


def test_06_blank_nodes_only_hold_the_disjointness_axiom(ontology: Graph) -> None:
    """Item 6: the only blank nodes are the owl:AllDisjointClasses axiom and its member list."""
    allowed = {RDF.type, OWL.members, RDF.first, RDF.rest}
    assert {p for s, p, _ in ontology if isinstance(s, BNode)} <= allowed


def test_06_outside_terms_used_in_axioms_are_declared(ontology: Graph) -> None:
    """Item 6: every outside class or property that an axiom mentions has a declaration stub
    (without one, the file is not OWL 2 DL)."""
    declared = {s for t in DECLARATION_TYPES for s in ontology.subjects(RDF.type, t)}
    builtin = (str(RDFS), str(XSD), str(OWL), str(RDF))  # a tuple: use str.startswith
    mentioned = {
        o
        for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
        for o in ontology.objects(None, p)
        if isinstance(o, URIRef) and is_outside(o) and not str(o).startswith(builtin)
    }
    used_predicates = {
        p for _, p, _ in ontology if is_outside(p) and not str(p).startswith(builtin)
    }
    assert (mentioned | used_predicates) - declared == set()


# --------------------------------------------------------------------------- item 7


def test_07_no_equivalence_to_outside_terms(ontology: Graph) -> None:
    """Item 7 (P27, P31): no owl:equivalentClass, owl:equivalentProperty or owl:sameAs."""
    for p in (OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs):
        assert list(ontology.triples((None, p, None))) == [], p


def test_07_alignment_uses_subclass_and_subproperty_links(ontology: Graph) -> None:
    """Item 7: the minted terms are aligned to the standards the design names."""
    assert {t for t in ALIGNMENT if t not in ontology} == set()
    assert (
        AIG.Agreement,
        RDFS.seeAlso,
        URIRef("https://spec.edmcouncil.org/fibo/ontology/FND/Agreements/Agreements/Agreement"),
    ) in ontology


# --------------------------------------------------------------------------- item 8


def test_08_core_classes_are_pairwise_disjoint(ontology: Graph) -> None:
    """Item 8 (P10): one owl:AllDisjointClasses over the six core classes."""
    axioms = list(ontology.subjects(RDF.type, OWL.AllDisjointClasses))
    assert len(axioms) == 1
    members = list(Collection(ontology, ontology.value(axioms[0], OWL.members)))
    assert len(members) == len(CORE_CLASSES)
    assert set(members) == CORE_CLASSES


# --------------------------------------------------------------------------- item 9


def test_09_naming_conventions(ontology: Graph) -> None:
    """Item 9 (P22): UpperCamelCase classes, lowerCamelCase properties."""
    bad_classes = [
        c for c in minted(ontology, OWL.Class) if not re.fullmatch(r"[A-Z][A-Za-z]+", local_name(c))
    ]
    properties = minted(ontology, OWL.ObjectProperty) | minted(ontology, OWL.DatatypeProperty)
    bad_properties = [p for p in properties if not re.fullmatch(r"[a-z][A-Za-z]+", local_name(p))]
    assert bad_classes == [] and bad_properties == []


def test_09_no_iri_ends_in_a_file_extension(ontology: Graph) -> None:
    """Item 9 (P36): no IRI in the file ends in .ttl, .owl or .rdf."""
    iris = {t for triple in ontology for t in triple if isinstance(t, URIRef)}
    assert [i for i in iris if re.search(r"\.(ttl|owl|rdf)$", str(i))] == []


# --------------------------------------------------------------------------- item 10


def test_10_class_labels_are_unique_per_language(ontology: Graph) -> None:
    """Item 10 (P32): no two classes share a label in the same language."""
    seen: dict[tuple[str, str | None], URIRef] = {}
    clashes = []
    for cls in sorted(minted(ontology, OWL.Class)):
        for label in ontology.objects(cls, RDFS.label):
            assert isinstance(label, Literal)
            key = (str(label).casefold(), label.language)
            if key in seen:
                clashes.append((seen[key], cls, label))
            seen[key] = cls
    assert clashes == []


def test_10_every_term_is_connected_or_used_by_the_data(ontology: Graph) -> None:
    """Item 10 (P04): a class is connected when another term points at it (domain, range,
    superclass, disjointness) or it sits below a minted class; a property is connected when its
    domain or range is a class of the model (a minted class, or an outside class that a minted
    term points at). What is left must be exactly the statement annotations that apply to
    anything, which the instance data uses."""
    terms = minted_terms(ontology)
    pointed_at: set[URIRef] = set()
    for p in (RDFS.domain, RDFS.range, RDFS.subClassOf, RDFS.subPropertyOf):
        for s, o in ontology.subject_objects(p):
            if s in terms and isinstance(o, URIRef) and o != s:
                pointed_at.add(o)
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        pointed_at.update(Collection(ontology, ontology.value(axiom, OWL.members)))
    classes = minted(ontology, OWL.Class)
    model = classes | (pointed_at & set(ontology.subjects(RDF.type, OWL.Class)))  # no datatypes
    connected = {
        c for c in classes if c in pointed_at or set(ontology.objects(c, RDFS.subClassOf)) & classes
    } | {
        p
        for p in terms - classes
        if {*ontology.objects(p, RDFS.domain), *ontology.objects(p, RDFS.range)} & model
    }
    assert terms - connected == DATA_ONLY_TERMS
    assert DATA_ONLY_TERMS <= DATA_TERMS


# --------------------------------------------------------------------------- item 11


@dataclass
class ProfileReport:
    """What ProfileCheck.java printed for one ontology document."""

    entities: set[tuple[str, str]] = field(default_factory=set)
    axioms: int = 0
    in_profile: dict[str, bool] = field(default_factory=dict)
    violations: dict[str, list[str]] = field(default_factory=dict)


def parse_profile_output(text: str) -> dict[str, ProfileReport]:
    """Parse the tab-separated lines of ProfileCheck.java, keyed by file name."""
    reports: dict[str, ProfileReport] = {}
    current = ProfileReport()
    for line in text.splitlines():
        kind, *rest = line.split("\t")
        if kind == "FILE":
            current = reports.setdefault(Path(rest[0]).name, ProfileReport())
        elif kind == "ENTITY":
            current.entities.add((rest[0], rest[1]))
        elif kind == "AXIOMS":
            current.axioms = int(rest[0])
        elif kind == "PROFILE":
            current.in_profile[rest[0]] = rest[1] == "IN"
            current.violations.setdefault(rest[0], [])
        elif kind == "VIOLATION":
            current.violations[rest[0]].append(rest[1])
    return reports


def java_tools() -> tuple[str, str]:
    """Paths of java and javac, or skip the test when they are not installed."""
    java, javac = shutil.which("java"), shutil.which("javac")
    if java is None or javac is None:
        pytest.skip("java and javac (a JDK) are needed for the OWL API profile check")
    return java, javac


@pytest.fixture(scope="module")
def profile_reports(
    ontology: Graph, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, ProfileReport]:
    """Compile ProfileCheck.java against HermiT.jar and run it on two RDF/XML documents:
    the ontology, and a control copy that adds `aig:evidence rdfs:domain owl:Thing`, which
    OWL 2 RL does not allow."""
    java, javac = java_tools()
    assert HERMIT_JAR.is_file(), f"owlready2 ships no HermiT.jar at {HERMIT_JAR}"
    work = tmp_path_factory.mktemp("profile-check")
    subprocess.run(
        [javac, "-nowarn", "-cp", str(HERMIT_JAR), "-d", str(work), str(PROFILE_CHECK_SOURCE)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    ontology.serialize(work / "aigraph.rdf", format="xml")
    control = copy_of(ontology)
    control.add((AIG.evidence, RDFS.domain, OWL.Thing))
    control.serialize(work / "control.rdf", format="xml")
    run = subprocess.run(
        [
            java,
            "-cp",
            f"{HERMIT_JAR}{os.pathsep}{work}",
            "ProfileCheck",
            str(work / "aigraph.rdf"),
            str(work / "control.rdf"),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return parse_profile_output(run.stdout)


def test_11_ontology_is_in_owl2_dl_and_owl2_rl(profile_reports: dict[str, ProfileReport]) -> None:
    """Item 11: the OWL API profile checker reports the ontology IN OWL 2 DL and OWL 2 RL."""
    report = profile_reports["aigraph.rdf"]
    assert report.axioms > 0
    assert report.violations == {"DL": [], "RL": []}
    assert report.in_profile == {"DL": True, "RL": True}


def test_11_owl_api_reads_every_term_with_its_kind(
    ontology: Graph, profile_reports: dict[str, ProfileReport]
) -> None:
    """Item 11: the OWL API saw each minted term once, as the kind the file declares (so
    nothing was dropped or punned on the way through RDF/XML)."""
    seen = {
        (kind, iri)
        for kind, iri in profile_reports["aigraph.rdf"].entities
        if iri.startswith(str(AIG))
    }
    expected = (
        {("Class", str(c)) for c in DATA_CLASSES}
        | {("ObjectProperty", str(p)) for p in DATA_OBJECT_PROPERTIES}
        | {("DataProperty", str(p)) for p in DATA_DATATYPE_PROPERTIES}
        | {("NamedIndividual", str(i)) for i in DATA_INDIVIDUALS}
    )
    assert seen == expected


def test_11_profile_check_rejects_an_owl_thing_domain(
    profile_reports: dict[str, ProfileReport],
) -> None:
    """Item 11, control: the same check does fail: an owl:Thing domain is DL but not RL."""
    control = profile_reports["control.rdf"]
    assert control.in_profile == {"DL": True, "RL": False}
    assert len(control.violations["RL"]) == 1
    assert str(AIG.evidence) in control.violations["RL"][0]


# --------------------------------------------------------------------------- item 12


Reasoner = Callable[[Graph], owlready2.World]


@pytest.fixture
def hermit(tmp_path: Path) -> Iterator[Reasoner]:
    """A function that runs HermiT (through owlready2) on a graph and returns the World."""
    java_tools()
    worlds: list[owlready2.World] = []

    def run(graph: Graph) -> owlready2.World:
        path = tmp_path / f"check-{len(worlds)}.rdf"
        graph.serialize(path, format="xml")
        world = owlready2.World()
        worlds.append(world)
        world.get_ontology(path.as_uri()).load()
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        return world

    yield run
    for world in worlds:
        world.close()


def unsatisfiable(world: owlready2.World) -> set[str]:
    """IRIs of the named classes that the reasoner found equivalent to owl:Nothing."""
    return {c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing}


def test_12_tbox_is_consistent_and_every_class_satisfiable(
    ontology: Graph, hermit: Reasoner
) -> None:
    """Item 12: HermiT finds the TBox consistent, and no class equivalent to owl:Nothing."""
    world = hermit(copy_of(ontology))
    assert unsatisfiable(world) == set()


def test_12_tbox_with_example_data_is_consistent(ontology: Graph, hermit: Reasoner) -> None:
    """Item 12: the TBox plus the hand-written example ABox is consistent (typed dates outside
    the OWL 2 datatype map are left out: HermiT rejects them, SHACL checks them)."""
    data = copy_of(ontology)
    dataset = Dataset()
    dataset.parse(EXAMPLE_FILE, format="trig")
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        if not (isinstance(o, Literal) and o.datatype in NON_OWL2_DATATYPES):
            data.add((s, p, o))
    assert len(data) > len(ontology) + 100
    world = hermit(data)
    assert unsatisfiable(world) == set()


def test_12_thing_that_is_person_and_organization_is_inconsistent(
    ontology: Graph, hermit: Reasoner
) -> None:
    """Item 12, control: the check can fail: one individual typed both aig:Person and
    aig:Organization breaks the disjointness axiom."""
    data = copy_of(ontology)
    both = URIRef("https://w3id.org/aigraph/id/person/test-both")
    data.add((both, RDF.type, OWL.NamedIndividual))
    data.add((both, RDF.type, AIG.Person))
    data.add((both, RDF.type, AIG.Organization))
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        hermit(data)


def test_12_class_under_two_disjoint_classes_is_unsatisfiable(
    ontology: Graph, hermit: Reasoner
) -> None:
    """Item 12, control: the unsatisfiable-class check can fail: a class below both aig:Event
    and aig:Facility is found equivalent to owl:Nothing."""
    data = copy_of(ontology)
    odd = URIRef("https://w3id.org/aigraph/test#EventFacility")
    data.add((odd, RDF.type, OWL.Class))
    data.add((odd, RDFS.subClassOf, AIG.Event))
    data.add((odd, RDFS.subClassOf, AIG.Facility))
    world = hermit(data)
    assert unsatisfiable(world) == {str(odd)}


def test_12_tbox_with_the_whole_corpus_is_consistent(
    ontology: Graph, hermit: Reasoner, quads: list[Quad]
) -> None:
    """Item 12 on the real data: the ontology plus every triple the corpus builds (less the
    dates outside the OWL 2 datatype map) is consistent, with no unsatisfiable class."""
    corpus = to_rdflib(quads)
    data = copy_of(ontology)
    for s, p, o in corpus:
        if not (isinstance(o, Literal) and o.datatype in NON_OWL2_DATATYPES):
            data.add((s, p, o))
    assert len(data) > len(ontology) + 4000
    world = hermit(data)
    assert unsatisfiable(world) == set()


# --------------------------------------------------------------------------- the model


def test_participated_in_is_the_inverse_of_participant(ontology: Graph) -> None:
    """An agent reaches its events (and, through schema:superEvent*, the events they are part
    of) in one property path; the build's entailments give it from aig:participant."""
    assert list(ontology.objects(AIG.participatedIn, OWL.inverseOf)) == [AIG.participant]
    assert list(ontology.objects(AIG.participatedIn, RDFS.range)) == [AIG.Event]


def test_year_and_period_of_a_figure_belong_to_each_reported_value(ontology: Graph) -> None:
    for prop in (AIG.targetDate, AIG.period):
        assert list(ontology.objects(prop, RDFS.domain)) == [SCHEMA.StructuredValue]


def test_date_bounds_say_what_a_year_month_and_day_stand_for(ontology: Graph) -> None:
    for prop, year in ((AIG.earliestDate, "2029-01-01"), (AIG.latestDate, "2029-12-31")):
        definition = next(d for d in ontology.objects(prop, SKOS.definition)
                          if isinstance(d, Literal) and d.language == "en")
        assert "xsd:date" in definition and year in definition
        assert sorted(langs(ontology, prop, SKOS.definition)) == ["en", "ko"]
