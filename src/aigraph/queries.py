"""Saved queries: ``queries/*.rq`` files with a ``#+`` YAML header, run with bound parameters.

A parameter is a variable of the query's projection. A request binds it with a ``VALUES``
block at the head of the WHERE group, its terms written by pyoxigraph (:mod:`aigraph.binding`),
never by formatting a value into the text: Oxigraph plans a query knowing the values of
such a block, while it plans a pyoxigraph *substitution* (SEP-0007) without its value (a
bound ``entity-by-name`` took 752 ms at a million triples by substitution alone, 0.1 ms
with the block). An embedded store also gets the same values as substitutions, which bind
them in sub-selects too (``funding-breakdown``: 25 ms with the block alone, 0.5 ms with
both); the two agree, as the block only restates values the substitution already binds. A
remote store and the editor link get the block alone, and the tests prove that it answers
as the substitution does for every saved query and parameter. Left unbound, the query
answers for every value, so each file runs as is in any SPARQL tool.

Oxigraph fixes a plan from the text, not from the values: a formulation that is fast for
every value (whole predicates joined by hashing) is slow for one, and the other way round. So
a saved query may have a *bound form*, ``queries/bound/{name}.rq``: plain SPARQL with the same
projection and the same answers, shaped for a parameter that narrows the answer (any but a
``lang``). It is what is run whenever such a parameter is bound, by a request or a default;
the saved text, what people run unbound in their own tools, is shaped for every value, and
still answers the same when bound. The tests prove both agree, bound and unbound.

A parameter of type ``lang`` (``ko`` or ``en``, bound as a plain string) picks the language
of the names a query shows; the server binds it from the page language. The query starts its
WHERE group with ``BIND(COALESCE(?lang, "ko") AS ?labelLang)`` (Korean when unbound) and
filters ``lang(?name) = ?labelLang`` in that group or at the top of one of its OPTIONALs: a
``VALUES`` block at the head of the group binds ``?lang`` there but, unlike a substitution,
not inside a union branch or sub-select. So a parameter is used, in any saved query, where a
block at the head of the group reaches it: in the group's patterns (a union branch, an
OPTIONAL or a sub-select that projects it may match it), never in an expression of a
union branch, a sub-select, ``MINUS`` or ``EXISTS`` that the block does not reach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pyoxigraph import Literal, NamedNode, QuerySolutions, Store, Variable

from aigraph.binding import bind as bind_values
from aigraph.config import BASE_IRI
from aigraph.dates import date_literal, parse_partial_date
from aigraph.errors import ParameterError, SavedQueryError
from aigraph.sparqlerror import describe_syntax_error
from aigraph.store import MemoryCopy, QueryResult, run_query
from aigraph.textfile import read_utf8
from aigraph.vocab import XSD
from aigraph.yamlfile import Mapping, parse_yaml

if TYPE_CHECKING:
    from aigraph.remote import RemoteStore

PARAM_TYPES = ("iri", "string", "ko", "en", "integer", "decimal", "boolean", "date", "year",
               "lang")
#: The label languages a ``lang`` parameter takes.
LABEL_LANGUAGES = ("ko", "en")
_NAME_RE = re.compile(r"^[a-z][a-z0-9-]*$")
_VAR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
HEADER_FIELDS = ("title", "description", "params", "tags")
#: The folder, beside the saved queries, of their bound forms.
BOUND_FOLDER = "bound"

Term = NamedNode | Literal


@dataclass(frozen=True)
class Param:
    """A declared parameter: the projected variable it binds, its type and default."""

    name: str
    type: str
    default: str | None = None
    description: str = ""

    def parse(self, raw: str) -> Term:
        """Read a request value as this parameter's type.

        :raises ParameterError: naming the parameter, if the value does not fit the type.
        """
        return parse_value(self.name, self.type, raw)


@dataclass(frozen=True)
class SavedQuery:
    """One saved query: its name (the file stem), bilingual header, parameters and text."""

    name: str
    title: dict[str, str]
    description: dict[str, str]
    text: str
    path: Path
    params: list[Param] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    bound_form: str | None = None

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        body = "\n".join(line for line in self.text.splitlines()
                         if not line.lstrip().startswith(("#", "PREFIX", "prefix", "BASE")))
        match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
        return match[1].upper() if match else "SELECT"

    def bind(self, values: dict[str, str]) -> dict[Variable, Term]:
        """The terms a request binds, by variable: given values, else defaults (an empty
        value leaves a parameter unbound).

        :raises ParameterError: for an unknown parameter or a value that does not fit.
        """
        known = {p.name for p in self.params}
        for name in values:
            if name not in known:
                raise ParameterError(name, f"unknown parameter of {self.name}; it takes "
                                           f"{', '.join(sorted(known)) or 'none'}")
        bound: dict[Variable, Term] = {}
        for param in self.params:
            raw = values.get(param.name, param.default)
            if raw is not None and raw != "":
                bound[Variable(param.name)] = param.parse(raw)
        return bound

    def narrows(self, bound: dict[Variable, Term]) -> bool:
        """Whether these bindings bind a parameter that narrows the answer (any but a
        ``lang``, which only picks the language of the names)."""
        return any(p.type != "lang" and Variable(p.name) in bound for p in self.params)

    def bound_text(self, bound: dict[Variable, Term]) -> str:
        """The query text to run with these bindings, in a ``VALUES`` block at the head of
        its WHERE group (the text itself with none): the bound form when there is one and
        the bindings narrow the answer, else the saved text. What every caller runs, a
        remote store and the editor included."""
        text = self.bound_form if self.bound_form is not None and self.narrows(bound) \
            else self.text
        return bind_values(text, bound)  # type: ignore[arg-type]


def parse_value(name: str, kind: str, raw: str) -> Term:
    """Turn a request value into an RDF term of the declared type.

    :raises ParameterError: if the value does not fit the type.
    """
    raw = raw.strip()
    try:
        if kind == "iri":
            if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+$", raw, re.IGNORECASE):
                raise ValueError("not an absolute IRI")
            return NamedNode(raw)
        if kind in ("ko", "en"):
            return Literal(raw, language=kind)
        if kind == "string":
            return Literal(raw)
        if kind == "lang":
            if raw not in LABEL_LANGUAGES:
                raise ValueError(f"write {' or '.join(LABEL_LANGUAGES)}")
            return Literal(raw)
        if kind == "integer":
            return Literal(str(int(raw)), datatype=XSD.integer)
        if kind == "decimal":
            float(raw)
            return Literal(raw, datatype=XSD.decimal)
        if kind == "boolean":
            if raw not in ("true", "false"):
                raise ValueError("write true or false")
            return Literal(raw, datatype=XSD.boolean)
        if kind == "date":
            parse_partial_date(raw)
            return date_literal(raw)
        if kind == "year":
            if not re.match(r"^\d{4}$", raw):
                raise ValueError("write a four-digit year")
            return date_literal(raw)
    except ValueError as exc:
        raise ParameterError(name, f"{raw!r} is not a valid {kind}: {exc}") from exc
    raise ParameterError(name, f"unknown type {kind!r}")


def parse_saved_query(path: Path) -> SavedQuery:
    """Read one ``.rq`` file and check its header and query.

    :raises SavedQueryError: naming the file and line, for a malformed header, a parameter
        that is not a projected variable, or a query that does not parse.
    """
    path = Path(path)
    text = read_utf8(path, SavedQueryError)
    header_lines = [line[2:].removeprefix(" ") for line in text.splitlines()
                    if line.startswith("#+")]
    try:
        header = parse_yaml("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SavedQueryError(f"malformed #+ header: {getattr(exc, 'problem', exc)}", path,
                              mark.line + 1 if mark else None) from exc
    if not isinstance(header, Mapping):
        raise SavedQueryError("the #+ header must be 'field: value' lines", path, 1)
    for name in header:
        if name not in HEADER_FIELDS:
            raise SavedQueryError(f"unknown header field {name!r}; known: "
                                  f"{', '.join(HEADER_FIELDS)}", path, header.line_of(name))
    title = _bilingual(header.get("title"), "title", path)
    description = _bilingual(header.get("description"), "description", path)
    params = _params(header.get("params") or {}, path)
    tags = [str(t) for t in header.get("tags") or []]
    form_path = bound_form_path(path)
    bound_form = read_utf8(form_path, SavedQueryError) if form_path.is_file() else None
    query = SavedQuery(path.stem, title, description, text, path, params, tags, bound_form)
    _check_runs(query)
    if bound_form is not None:
        _check_bound_form(query, form_path)
    return query


def bound_form_path(path: Path) -> Path:
    """Where the bound form of the saved query in ``path`` lives (it may not exist)."""
    return path.parent / BOUND_FOLDER / path.name


def _bilingual(value: object, what: str, path: Path) -> dict[str, str]:
    if not isinstance(value, dict) or not value.get("ko") or not value.get("en"):
        raise SavedQueryError(f"the header needs a {what} with 'ko' and 'en'", path, 1)
    return {"ko": " ".join(str(value["ko"]).split()), "en": " ".join(str(value["en"]).split())}


def _params(value: object, path: Path) -> list[Param]:
    if not isinstance(value, dict):
        raise SavedQueryError("params maps each parameter to {type, default}", path, 1)
    params = []
    for name, spec in value.items():
        if not _VAR_RE.match(name):
            raise SavedQueryError(f"parameter {name!r} is not a SPARQL variable name", path, 1)
        if not isinstance(spec, dict) or spec.get("type") not in PARAM_TYPES:
            raise SavedQueryError(f"parameter {name!r} needs a type, one of "
                                  f"{', '.join(PARAM_TYPES)}", path, 1)
        default = spec.get("default")
        param = Param(name, spec["type"], None if default is None else str(default),
                      str(spec.get("description", "")))
        if param.default is not None:
            try:
                param.parse(param.default)
            except ParameterError as exc:
                raise SavedQueryError(f"default of {exc}", path, 1) from exc
        params.append(param)
    return params


def _check_runs(query: SavedQuery) -> None:
    """Parse the query, with and without its defaults, against an empty store (relative IRIs
    resolve against the default base IRI, as they do against the service's own)."""
    store = Store()
    try:
        store.query(query.text, base_iri=BASE_IRI)
        defaults = query.bind({})
        store.query(query.bound_text(defaults), substitutions=defaults,  # type: ignore[arg-type]
                    base_iri=BASE_IRI)
    except SyntaxError as exc:
        reason = describe_syntax_error(exc, query.text)
        raise SavedQueryError(f"the query does not parse: {reason}", query.path) from exc
    except RuntimeError as exc:
        raise SavedQueryError(f"a parameter must be a variable of the SELECT clause: {exc}",
                              query.path) from exc


def _check_bound_form(query: SavedQuery, path: Path) -> None:
    """The bound form parses, with the defaults bound too, and projects the saved text's
    variables in the same order (checked on an empty store, whose answer still names them).

    :raises SavedQueryError: naming the bound form's file.
    """
    assert query.bound_form is not None
    store = Store()
    try:
        found = _projection(store.query(query.bound_form, base_iri=BASE_IRI))
        defaults = query.bind({})
        store.query(bind_values(query.bound_form, defaults),  # type: ignore[arg-type]
                    substitutions=defaults, base_iri=BASE_IRI)  # type: ignore[arg-type]
    except SyntaxError as exc:
        reason = describe_syntax_error(exc, query.bound_form)
        raise SavedQueryError(f"the bound form does not parse: {reason}", path) from exc
    except RuntimeError as exc:
        raise SavedQueryError(f"a parameter must be a variable of the bound form's SELECT "
                              f"clause: {exc}", path) from exc
    if found != _projection(store.query(query.text, base_iri=BASE_IRI)):
        raise SavedQueryError(f"the bound form must be the same kind of query as "
                              f"{query.path.name}, projecting the same variables in the same "
                              "order", path)


def _projection(result: object) -> tuple[str, ...] | str:
    """The variables a SELECT answer names, in order, or the kind of another answer. (Only
    these are kept: a pyoxigraph answer must be dropped on the thread that made it, and one
    held by the frame of an error could be collected on another.)"""
    if isinstance(result, QuerySolutions):
        return tuple(v.value for v in result.variables)
    return type(result).__name__


def load_queries(folder: Path) -> dict[str, SavedQuery]:
    """Every saved query of a folder, by name.

    :raises SavedQueryError: for the first malformed file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    queries = {}
    for path in sorted(folder.glob("*.rq")):
        if not _NAME_RE.match(path.stem):
            raise SavedQueryError("a saved query's name must be lowercase letters, digits and "
                                  "'-'", path)
        queries[path.stem] = parse_saved_query(path)
    for path in sorted((folder / BOUND_FOLDER).glob("*.rq")):
        if path.stem not in queries:
            raise SavedQueryError(f"a bound form without its saved query: there is no "
                                  f"{folder.name}/{path.name}", path)
    return queries


def run_saved(store: Store | RemoteStore, query: SavedQuery,
              values: dict[str, str] | None = None, base_iri: str | None = None
              ) -> QueryResult:
    """Run a saved query with request values bound over its defaults; relative IRIs in it
    resolve against ``base_iri`` (the service's, ``settings.base_iri``).

    The values go in a leading ``VALUES`` block; an embedded store also gets them as
    substitutions (see the module's docstring), a remote store the block alone.

    :raises ParameterError: for an unknown or malformed parameter.
    :raises QueryError: if evaluation fails.
    """
    bound = query.bind(values or {})
    substitutions = bound if isinstance(store, Store | MemoryCopy) else None
    return run_query(store, query.bound_text(bound), substitutions,  # type: ignore[arg-type]
                     base_iri=base_iri)
