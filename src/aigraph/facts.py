"""Reviewed facts: what one article states, statement by statement, with evidence.

A facts file (``data/facts/<article key>.yaml``) lists statements. Each has a ``kind``
(membership, event, participation …), the fields that kind declares, and an ``evidence``
quote that must occur verbatim in the article body. Loading checks every field, every
reference to the registry and every quote, and locates the quote's sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aigraph.articles import Article
from aigraph.dates import DATE_BASES, parse_partial_date
from aigraph.errors import FactsError
from aigraph.registry import ENTITY_KINDS, Registry
from aigraph.yamlfile import Mapping, load_yaml


@dataclass(frozen=True)
class Field:
    """What a statement field holds: ``ref`` (one registry entry), ``refs`` (a list),
    ``text``, ``date``, ``int``, ``bool`` or ``choice``; ``kinds`` restricts references."""

    type: str
    kinds: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()
    min_items: int = 0


def _ref(*kinds: str, required: bool = False) -> Field:
    return Field("ref", kinds, required)


def _refs(*kinds: str, required: bool = False, min_items: int = 0) -> Field:
    return Field("refs", kinds, required, min_items=min_items)


#: The stages a thing can be in, as the text puts it: a branch whose setting up is being
#: explored (proposed), an institute to be founded or an event to be held (planned), a
#: facility being built (under-construction), one that runs (in-operation).
STATUSES = ("proposed", "planned", "under-construction", "in-operation")

TEXT, DATE, INT, BOOL = Field("text"), Field("date"), Field("int"), Field("bool")
BASIS = Field("choice", choices=DATE_BASES)
STATUS = Field("choice", choices=STATUSES)
#: The fields of a statement that hold a date; each needs a ``date_basis`` beside it.
DATE_FIELDS = ("date", "opened", "founded", "year")
AGENT = ("person", "org")
PLACE = ("facility", "place")

#: Every kind of statement and the fields it declares.
STATEMENT_KINDS: dict[str, dict[str, Field]] = {
    "entity": {"entity": _ref(*ENTITY_KINDS, required=True), "description": TEXT},
    "membership": {"person": _ref("person", required=True), "org": _ref("org"),
                   "role": _ref("role", required=True), "former": BOOL},
    "event": {"event": _ref("event", required=True), "type": _ref("event-type"), "date": DATE,
              "date_text": TEXT, "date_basis": BASIS, "venue": _ref(*PLACE, "org"),
              "part_of": _ref("event"), "hosted_by": _refs(*AGENT),
              "organized_by": _refs(*AGENT), "topic": TEXT, "status": STATUS,
              "status_text": TEXT},
    "participation": {"event": _ref("event", required=True),
                      "agent": _ref(*AGENT, required=True),
                      "role": _ref("event-role", required=True), "org": _ref("org"),
                      "title": _ref("role")},
    "agreement": {"agreement": _ref("agreement", required=True),
                  "parties": _refs(*AGENT, required=True, min_items=2),
                  "type": _ref("agreement-type"), "topic": TEXT, "signed_at": _ref("event"),
                  "date": DATE, "date_text": TEXT, "date_basis": BASIS, "status": STATUS,
                  "status_text": TEXT},
    "facility": {"facility": _ref("facility", required=True), "located_in": _ref(*PLACE),
                 "operator": _ref("org"), "status": STATUS, "status_text": TEXT,
                 "opened": DATE, "date_text": TEXT, "date_basis": BASIS},
    "organization": {"org": _ref("org", required=True), "parent": _ref("org"), "founded": DATE,
                     "date_text": TEXT, "date_basis": BASIS, "founded_at": _ref("event"),
                     "founded_by": _refs(*AGENT), "located_in": _ref(*PLACE, "org"),
                     "status": STATUS, "status_text": TEXT},
    "figure": {"target": _ref("target", required=True),
               "type": Field("choice", required=True, choices=("goal", "budget", "statistic")),
               "metric": _ref("metric", required=True), "value": Field("int", required=True),
               "unit": Field("text", required=True), "surface": Field("text", required=True),
               "year": DATE, "date_basis": BASIS, "period": TEXT, "set_by": _ref(*AGENT),
               "about": _ref(*ENTITY_KINDS), "part_of": _ref("target"),
               "funding_source": _ref("funding-source"), "approximate": BOOL,
               "bound": Field("choice", choices=("min", "max"))},
}
COMMON_FIELDS = ("kind", "evidence", "note", "confidence")
FILE_FIELDS = ("article", "reviewed", "extractor", "statements")


@dataclass(frozen=True)
class Statement:
    """One checked statement: its kind, typed field values and where its evidence is."""

    kind: str
    values: dict[str, Any]
    evidence: str
    start: int
    end: int
    sentences: tuple[int, ...]
    line: int
    note: str | None = None
    confidence: float | None = None

    def refs(self) -> list[str]:
        """Every registry reference the statement makes, in field order."""
        out: list[str] = []
        for name, spec in STATEMENT_KINDS[self.kind].items():
            value = self.values.get(name)
            if value is None:
                continue
            if spec.type == "ref":
                out.append(value)
            elif spec.type == "refs":
                out.extend(value)
        return out


@dataclass(frozen=True)
class Facts:
    """The statements of one article, as reviewed (or drafted by a machine)."""

    article: str
    path: Path
    reviewed: bool
    statements: list[Statement] = field(default_factory=list)
    extractor: str | None = None


def load_facts(path: Path, article: Article, registry: Registry) -> Facts:
    """Read and check one facts file against its article and the registry.

    :raises FactsError: naming the file and line, if the file is malformed, belongs to
        another article, has an unknown kind or field, a missing required field, a bad
        value (a status outside :data:`STATUSES` among them), a date without its
        ``date_basis`` or a basis without a date, a reference to an unknown entity, or
        evidence that is not in the article.
    """
    path = Path(path)
    data = load_yaml(path, FactsError)
    if not isinstance(data, Mapping):
        raise FactsError("a facts file is a mapping with 'article' and 'statements'", path, 1)
    for name in data:
        if name not in FILE_FIELDS:
            raise FactsError(f"unknown field {name!r}; known fields: {', '.join(FILE_FIELDS)}",
                             path, data.line_of(name))
    if data.get("article") != article.key:
        raise FactsError(f"'article' must be {article.key!r} (the article this file describes)",
                         path, data.line_of("article"))
    reviewed = data.get("reviewed", True)
    if not isinstance(reviewed, bool):
        raise FactsError("'reviewed' must be true or false", path, data.line_of("reviewed"))
    extractor = data.get("extractor")
    if not reviewed and not extractor:
        raise FactsError("a file of unreviewed facts must name its 'extractor'", path,
                         data.line_of("reviewed"))
    items = data.get("statements") or []
    if not isinstance(items, list):
        raise FactsError("'statements' must be a list", path, data.line_of("statements"))
    statements = [_statement(item, article, registry, path) for item in items]
    return Facts(article.key, path, reviewed, statements, str(extractor) if extractor else None)


def _statement(item: object, article: Article, registry: Registry, path: Path) -> Statement:
    if not isinstance(item, Mapping):
        raise FactsError("each statement is a mapping with 'kind' and 'evidence'", path)
    line = item.line
    kind = item.get("kind")
    if kind not in STATEMENT_KINDS:
        raise FactsError(f"unknown statement kind {kind!r}; known kinds: "
                         f"{', '.join(STATEMENT_KINDS)}", path, item.line_of("kind"))
    spec = STATEMENT_KINDS[kind]
    for name in item:
        if name not in spec and name not in COMMON_FIELDS:
            raise FactsError(f"unknown field {name!r} for a {kind} statement; its fields: "
                             f"{', '.join(spec)}", path, item.line_of(name))
    values: dict[str, Any] = {}
    for name, fspec in spec.items():
        if item.get(name) is None:
            if fspec.required:
                raise FactsError(f"a {kind} statement needs {name!r}", path, line)
            continue
        values[name] = _value(item[name], fspec, f"{kind}.{name}", registry, path,
                              item.line_of(name))
    evidence = item.get("evidence")
    if not isinstance(evidence, str) or not evidence.strip():
        raise FactsError(f"a {kind} statement needs an 'evidence' quote from the article",
                         path, line)
    span = article.locate(evidence)
    if span is None:
        raise FactsError(f"evidence {_short(evidence)!r} does not occur verbatim in article "
                         f"{article.key}; copy the quote exactly from the article body",
                         path, item.line_of("evidence"))
    _check_kind_rules(kind, values, article, path, line)
    _check_date_basis(kind, values, item, path)
    confidence = item.get("confidence")
    if confidence is not None and not (isinstance(confidence, int | float)
                                       and 0 <= confidence <= 1):
        raise FactsError("'confidence' must be a number from 0 to 1", path,
                         item.line_of("confidence"))
    sentences = tuple(s.n for s in article.sentences_of(*span))
    note = item.get("note")
    return Statement(kind, values, evidence, span[0], span[1], sentences, line,
                     str(note) if note is not None else None,
                     float(confidence) if confidence is not None else None)


def _value(raw: object, spec: Field, what: str, registry: Registry, path: Path,
           line: int) -> Any:
    if spec.type == "ref":
        return _check_ref(raw, spec.kinds, what, registry, path, line)
    if spec.type == "refs":
        items = raw if isinstance(raw, list) else [raw]
        refs = [_check_ref(r, spec.kinds, what, registry, path, line) for r in items]
        if len(set(refs)) < spec.min_items:
            raise FactsError(f"{what} needs at least {spec.min_items} different entries", path,
                             line)
        return refs
    if spec.type == "text":
        if not isinstance(raw, str | int) or not str(raw).strip():
            raise FactsError(f"{what} must be text", path, line)
        return str(raw).strip()
    if spec.type == "date":
        try:
            parse_partial_date(str(raw))
        except ValueError as exc:
            raise FactsError(f"{what}: {exc}", path, line) from exc
        return str(raw)
    if spec.type == "int":
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise FactsError(f"{what} must be a whole number ≥ 0 (got {raw!r})", path, line)
        return raw
    if spec.type == "bool":
        if not isinstance(raw, bool):
            raise FactsError(f"{what} must be true or false", path, line)
        return raw
    if raw not in spec.choices:
        raise FactsError(f"{what} must be one of {', '.join(spec.choices)} (got {raw!r})",
                         path, line)
    return raw


def _check_ref(raw: object, kinds: tuple[str, ...], what: str, registry: Registry, path: Path,
               line: int) -> str:
    if not isinstance(raw, str) or "/" not in raw:
        raise FactsError(f"{what} must be a reference like 'org/gist' (got {raw!r})", path, line)
    kind = raw.split("/", 1)[0]
    if kind not in kinds:
        raise FactsError(f"{what} must name a {' or '.join(kinds)} (got {raw!r})", path, line)
    if raw not in registry:
        raise FactsError(f"{what} names {raw!r}, which is not in the registry; add it to "
                         "data/registry/ first", path, line)
    return raw


def _check_kind_rules(kind: str, values: dict[str, Any], article: Article, path: Path,
                      line: int) -> None:
    if kind == "participation" and ("org" in values) != ("title" in values):
        raise FactsError("a participation gives 'org' and 'title' together, or neither",
                         path, line)
    if kind == "participation" and "org" in values and not values["agent"].startswith(
            "person/"):
        raise FactsError("only a person's participation can carry a title", path, line)
    if kind == "figure" and article.locate(values["surface"]) is None:
        raise FactsError(f"surface {values['surface']!r} does not occur verbatim in the "
                         "article", path, line)
    if kind == "figure" and "year" in values and len(values["year"]) != 4:
        raise FactsError("figure.year is a year (YYYY)", path, line)


def _check_date_basis(kind: str, values: dict[str, Any], item: Mapping, path: Path) -> None:
    """A date comes with how it was obtained, never by default; a basis with no date is
    a basis of nothing."""
    dated = [name for name in DATE_FIELDS if name in values]
    if dated and "date_basis" not in values:
        line = item.line_of(dated[0])
        raise FactsError(f"a {kind} statement with {dated[0]!r} needs 'date_basis' beside it: "
                         "'stated' if the text gives the date, 'resolved' if it is a relative "
                         "date resolved against the article's date (지난 15일), 'inferred' if "
                         "it is reasoned from context (say how in 'note')", path, line)
    if not dated and "date_basis" in values:
        line = item.line_of("date_basis")
        raise FactsError(f"'date_basis' needs a date beside it in a {kind} statement (one of "
                         f"{', '.join(n for n in DATE_FIELDS if n in STATEMENT_KINDS[kind])})",
                         path, line)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def facts_path(folder: Path, article_key: str) -> Path:
    """Where the facts of an article live."""
    return Path(folder) / f"{article_key}.yaml"
