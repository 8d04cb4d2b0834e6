"""Linking mentions to the registry, and minting keys for the ones it does not know.

Labels and aliases are compared after normalisation: NFC, no spaces, no company marks
(㈜, (주), 주식회사), no parenthesised abbreviation. A mention the registry does not know
becomes a proposed entry with a key romanised from its Korean label.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from aigraph.registry import Entry, Registry

_COMPANY = re.compile(r"㈜|\(주\)|주식회사")
_PAREN = re.compile(r"\(([^()]*)\)")
_CLOSING = re.compile(r"\(([^()]*)\)\s*$")


def normalise(text: str) -> str:
    """The form labels are compared in: ``㈜솔트룩스`` and ``솔트룩스`` match."""
    text = unicodedata.normalize("NFC", text)
    text = _COMPANY.sub("", text)
    return re.sub(r"[\s·‧・\-–]", "", text).lower()


def variants(text: str) -> list[str]:
    """A mention and its forms without, and as, its parenthesised abbreviation; only a
    parenthesis that closes the name abbreviates the whole (``광주과학기술원(GIST)`` is GIST,
    ``국가인공지능(AI)데이터센터`` is not AI)."""
    out = [text]
    if "(" in text:
        out.append(_PAREN.sub("", text))
        last = _CLOSING.search(text)
        if last is not None and last[1].strip():
            out.append(last[1])
    return out


@dataclass
class Resolver:
    """Finds registry entries by label or alias; proposes entries for unknown mentions."""

    registry: Registry
    index: dict[str, list[Entry]] = field(default_factory=dict)
    proposed: dict[str, Entry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.registry:
            for label in (entry.ko, entry.en, *entry.aliases, *entry.aliases_en):
                for form in variants(label):
                    key = normalise(form)
                    if key and entry not in self.index.setdefault(key, []):
                        self.index[key].append(entry)

    def link(self, mention: str, kinds: tuple[str, ...]) -> Entry | None:
        """The registry entry of one of these kinds that the mention names, if exactly one;
        ``무진대`` names ``무진대학교`` and the other way round."""
        forms = variants(mention)
        if mention.endswith("대학교"):
            forms.append(mention[:-2])
        elif mention.endswith("대"):
            forms.append(mention + "학교")
        for form in forms:
            hits = [e for e in self.index.get(normalise(form), []) if e.kind in kinds]
            if len(hits) == 1:
                return hits[0]
            if hits:
                return sorted(hits, key=lambda e: kinds.index(e.kind))[0]
        return None

    def entry(self, mention: str, kind: str) -> Entry:
        """The linked entry, or a proposed new one (``@ko`` label = the mention). A proposed
        entry first met by a short form takes the full name when it comes (무진대 →
        무진대학교)."""
        found = self.link(mention, (kind,))
        if found is not None:
            key = f"{kind}:{normalise(found.ko)}"
            if self.proposed.get(key) is found and mention.endswith("대학교") and \
                    not found.ko.endswith("대학교"):
                found = replace(found, ko=mention)
                self.proposed[key] = found
                self.index.setdefault(normalise(mention), []).insert(0, found)
            return found
        label = _PAREN.sub("", mention).strip() or mention
        known = self.proposed.get(f"{kind}:{normalise(label)}")
        if known is not None:
            return known
        key = self._free_key(kind, slug(label))
        entry = Entry(kind, key, label, romanise(label).title() or key)
        self.proposed[f"{kind}:{normalise(label)}"] = entry
        self.index.setdefault(normalise(label), []).append(entry)
        return entry

    def alias(self, text: str, entry: Entry) -> None:
        """Let a short form the article introduces (``한국인공지능협회(AI협회)``) name an
        entry from here on."""
        key = normalise(text)
        if key and entry not in self.index.get(key, []):
            self.index[key] = [entry, *self.index.get(key, [])]

    def _free_key(self, kind: str, base: str) -> str:
        taken = {e.key for e in self.registry.of_kind(kind)} | {
            e.key for e in self.proposed.values() if e.kind == kind}
        key, n = base, 2
        while key in taken:
            key, n = f"{base}-{n}", n + 1
        return key


_INITIAL = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
            "k", "t", "p", "h"]
_MEDIAL = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
           "wo", "we", "wi", "yu", "eu", "ui", "i"]
_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
          "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]


def romanise(text: str) -> str:
    """A Revised-Romanisation-style transcription, syllable by syllable (for new keys).

    >>> romanise("광주")
    'gwangju'
    """
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_INITIAL[code // 588] + _MEDIAL[(code % 588) // 28] + _FINAL[code % 28])
        elif ch.isascii() and ch.isalnum():
            out.append(ch.lower())
        else:
            out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def slug(text: str) -> str:
    """A key for a new entry: the romanised label as a lowercase ASCII slug."""
    return re.sub(r"[^a-z0-9]+", "-", romanise(text)).strip("-") or "entity"
