"""The entity registry: every entity and concept, with a stable key and its labels.

The registry is a folder of YAML files (``data/registry/*.yaml``), each with one section per
kind (``org``, ``person`` …) holding ``key: {ko, en, aliases, aliases_en, note, same_as,
close_match}``. Keys are minted once by a person and never recomputed from labels.

``same_as`` names the same thing in Wikidata or DBpedia (``wd:Q41283``, ``dbr:Japan``), and
``close_match`` a thing that is closely related but not the same (a city government and the
city). Both are reviewed by hand: an identifier goes in only when it is certain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aigraph.errors import RegistryError
from aigraph.vocab import KEY_RE, LINK_TARGETS
from aigraph.yamlfile import Mapping, load_yaml

#: Kinds of named entity; each is an entity IRI ``…/id/{kind}/{key}``.
ENTITY_KINDS = ("org", "person", "facility", "place", "event", "agreement", "target")
#: Kinds of concept (general vocabulary), each its own SKOS concept scheme.
CONCEPT_KINDS = ("role", "event-role", "event-type", "agreement-type", "metric",
                 "funding-source")
KINDS = ENTITY_KINDS + CONCEPT_KINDS
ENTRY_FIELDS = ("ko", "en", "aliases", "aliases_en", "note", "same_as", "close_match")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Entry:
    """One registry entry: ``kind/key`` with its Korean and English labels and aliases."""

    kind: str
    key: str
    ko: str
    en: str
    aliases: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    note: str | None = None
    path: Path | None = None
    line: int | None = None
    same_as: tuple[str, ...] = ()
    close_match: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.key}"


class Registry:
    """All entries, looked up by reference (``"org/gist"``)."""

    def __init__(self, entries: list[Entry]) -> None:
        self._entries: dict[str, Entry] = {}
        for entry in entries:
            if entry.ref in self._entries:
                first = self._entries[entry.ref]
                raise RegistryError(
                    f"{entry.ref} is defined twice (first at {first.path}:{first.line}); "
                    "keep one definition", entry.path, entry.line)
            self._entries[entry.ref] = entry

    def __contains__(self, ref: object) -> bool:
        return ref in self._entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(sorted(self._entries.values(), key=lambda e: (KINDS.index(e.kind), e.key)))

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, ref: str) -> Entry | None:
        return self._entries.get(ref)

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self if e.kind == kind]


def load_registry(folder: Path) -> Registry:
    """Read every ``*.yaml`` file of the registry folder.

    :raises RegistryError: for a malformed file, an unknown kind or field, a key that is not
        a slug, a missing label, or a key defined twice (naming file and line).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise RegistryError("the registry folder does not exist", folder)
    entries: list[Entry] = []
    for path in registry_files(folder):
        entries.extend(read_registry_file(path))
    return Registry(entries)


def registry_files(folder: Path) -> list[Path]:
    """The files of the registry folder that hold entries, in the order they are read."""
    return sorted(Path(folder).glob("*.yaml"))


def read_registry_file(path: Path) -> list[Entry]:
    """The entries of one registry file.

    :raises RegistryError: for a malformed file, an unknown kind or field, a key that is not
        a slug or a missing label (naming file and line).
    """
    return list(_read_file(path))


def _read_file(path: Path) -> Iterator[Entry]:
    data = load_yaml(path, RegistryError)
    if data is None:
        return
    if not isinstance(data, Mapping):
        raise RegistryError("a registry file holds sections named by kind", path, 1)
    for kind, section in data.items():
        if kind not in KINDS:
            raise RegistryError(f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}", path,
                                data.line_of(kind))
        if section is None:
            continue
        if not isinstance(section, Mapping):
            raise RegistryError(f"section {kind!r} must map keys to entries", path,
                                data.line_of(kind))
        for key, body in section.items():
            yield _entry(kind, key, body, path, section.line_of(key))


def _entry(kind: str, key: str, body: object, path: Path, line: int) -> Entry:
    if not KEY_RE.match(key):
        raise RegistryError(f"key {key!r} is not a lowercase ASCII slug like 'gwangju-city'",
                            path, line)
    if not isinstance(body, Mapping):
        raise RegistryError(f"{kind}/{key} needs at least 'ko' and 'en' labels", path, line)
    for name in body:
        if name not in ENTRY_FIELDS:
            raise RegistryError(f"{kind}/{key}: unknown field {name!r}; known fields: "
                                f"{', '.join(ENTRY_FIELDS)}", path, body.line_of(name))
    for lang in ("ko", "en"):
        if not isinstance(body.get(lang), str) or not body[lang].strip():
            raise RegistryError(f"{kind}/{key} has no {lang!r} label", path, line)
    aliases = _texts(body.get("aliases"), f"{kind}/{key} aliases", path, line)
    aliases_en = _texts(body.get("aliases_en"), f"{kind}/{key} aliases_en", path, line)
    note = body.get("note")
    links = {name: tuple(_link(v, f"{kind}/{key} {name}", path, body.line_of(name))
                         for v in _texts(body.get(name), f"{kind}/{key} {name}", path, line))
             for name in ("same_as", "close_match")}
    return Entry(kind, key, body["ko"].strip(), body["en"].strip(), aliases, aliases_en,
                 str(note) if note is not None else None, path, line, **links)


def _link(text: str, what: str, path: Path, line: int) -> str:
    """The full IRI of an outside identifier written ``wd:Q41283`` or ``dbr:Japan``.

    :raises RegistryError: for an unknown prefix or a local name of the wrong shape.
    """
    prefix, _, local = text.partition(":")
    known = ", ".join(f"{p}:" for p in LINK_TARGETS)
    if prefix not in LINK_TARGETS:
        raise RegistryError(f"{what}: {text!r} is not a known identifier; write it with one "
                            f"of the prefixes {known} (like wd:Q41283 or dbr:Japan)", path, line)
    namespace, shape = LINK_TARGETS[prefix]
    if not shape.match(local):
        raise RegistryError(f"{what}: {local!r} is not a {prefix}: identifier "
                            f"(like wd:Q41283 or dbr:Japan)", path, line)
    return namespace.iri + local


def link_text(iri: str) -> str:
    """How a registry file writes an outside identifier (the inverse of reading it):
    ``http://www.wikidata.org/entity/Q17`` → ``wd:Q17``.

    :raises ValueError: for an IRI outside the known datasets.
    """
    for prefix, (namespace, _) in LINK_TARGETS.items():
        if iri.startswith(namespace.iri):
            return f"{prefix}:{iri[len(namespace.iri):]}"
    raise ValueError(f"{iri} is not in a dataset the registry links to")


def _texts(value: object, what: str, path: Path, line: int) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(f"{what} must be a list of texts", path, line)
    return tuple(v.strip() for v in value)


def has_hangul(text: str) -> bool:
    """Whether a text contains a Hangul syllable."""
    return bool(_HANGUL.search(text))
