"""The query rows the benchmark sends: every saved query ``queries/*.rq`` as saved
(parameters unbound) and, for one with parameters, again with every parameter bound.

A bound row is named ``<name> (bound)``; its text is the one aigraph runs for those values
(the saved text, or its bound form ``queries/bound/<name>.rq`` when a parameter other than
``lang`` is bound) with a leading ``VALUES`` block (:func:`aigraph.binding.bind`, terms
written by pyoxigraph) binding every parameter to its default, or, where a parameter has
none, to the busiest entity of the store for it (:mod:`bench.bindings`). Every server gets
exactly that text.

A row whose GET URL would be longer than LONG_URL_BYTES is sent as ``POST`` of a
form-encoded body instead, to every server alike (Oxigraph refuses a request head over
8 KiB).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
from pyoxigraph import Store

from bench.bindings import real_values

SELECT_JSON = "application/sparql-results+json"
GRAPH_NT = "application/n-triples"
FORM = "application/x-www-form-urlencoded"
#: A GET URL's path and query string longer than this goes by POST (about 6 KB, so that
#: the request head stays well under the 8 KiB some servers accept).
LONG_URL_BYTES = 6 * 1024
#: The longest endpoint path of the servers, counted in a GET URL's length.
LONGEST_PATH = "/sparql"
BOUND_SUFFIX = " (bound)"

_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SavedQuery:
    """One row of the benchmark: its name, text and query form; the saved query it comes
    from and, for a bound row, the parameter values its ``VALUES`` block binds."""

    name: str
    text: str
    form: str
    saved: str = ""
    values: tuple[tuple[str, str], ...] = ()

    @property
    def bound(self) -> bool:
        """Whether the row binds parameters (a ``<name> (bound)`` row)."""
        return bool(self.values)

    @property
    def accept(self) -> str:
        """The ``Accept`` header to send: N-Triples for graphs, SPARQL JSON otherwise."""
        return GRAPH_NT if self.form in ("CONSTRUCT", "DESCRIBE") else SELECT_JSON

    @property
    def post(self) -> bool:
        """Whether the row goes by POST: its GET URL would pass LONG_URL_BYTES.

        >>> SavedQuery("q", "ASK {}", "ASK").post, SavedQuery("q", "#" * 7000, "ASK").post
        (False, True)
        """
        return len(f"{LONGEST_PATH}?query={quote(self.text, safe='')}") > LONG_URL_BYTES

    @property
    def method(self) -> str:
        """``POST`` or ``GET``."""
        return "POST" if self.post else "GET"

    @property
    def body(self) -> str:
        """The form-encoded body of a POST: ``query=<url-encoded text>``."""
        return urlencode({"query": self.text}, quote_via=quote)

    def url(self, endpoint: str) -> str:
        """The GET URL that sends the text to ``endpoint``."""
        return f"{endpoint}?query={quote(self.text, safe='')}"


def send(client: httpx.Client, endpoint: str, query: SavedQuery, headers: dict[str, str],
         timeout: float) -> httpx.Response:
    """One request for ``query`` to ``endpoint``: GET, or a form POST for a long text.

    :raises httpx.HTTPError: if the request fails or times out.
    """
    if query.post:
        return client.post(endpoint, content=query.body,
                           headers={**headers, "Content-Type": FORM}, timeout=timeout)
    return client.get(query.url(endpoint), headers=headers, timeout=timeout)


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first form keyword outside comment lines.

    >>> query_form("# CONSTRUCT in a comment\\nselect * { ?s ?p ?o }")
    'SELECT'
    """
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    found = _FORM.search(body)
    return found[1].upper() if found else "SELECT"


def saved_queries(directory: Path) -> list[SavedQuery]:
    """Every ``*.rq`` file in ``directory``, sorted by name, as saved (unbound)."""
    paths = sorted(directory.glob("*.rq"))
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    return [SavedQuery(name, text, query_form(text), name) for name, text in texts]


def with_bound(queries: list[SavedQuery], directory: Path, store: Store) -> list[SavedQuery]:
    """Each query followed by its bound row, if it has parameters: every parameter bound
    to its default, or else to the store's busiest entity for it.

    :raises aigraph.errors.SavedQueryError: if a saved query file is malformed.
    """
    from aigraph.queries import load_queries

    parsed = load_queries(directory)
    rows = []
    for query in queries:
        rows.append(query)
        saved = parsed.get(query.saved)
        if saved is None or not saved.params:
            continue
        values = real_values(saved, store, defaults_first=True)
        if not values:
            continue
        text = saved.bound_text(saved.bind(values))
        rows.append(SavedQuery(query.name + BOUND_SUFFIX, text, query.form, query.saved,
                               tuple(values.items())))
    return rows


def select_queries(queries: list[SavedQuery], wanted: tuple[str, ...] | None
                   ) -> tuple[list[SavedQuery], list[str]]:
    """The queries named in ``wanted`` (all if ``None``), in saved order, and unknown names.

    >>> picked, unknown = select_queries([SavedQuery("a", "", "ASK")], ("a", "zz"))
    >>> [q.name for q in picked], unknown
    (['a'], ['zz'])
    """
    if wanted is None:
        return list(queries), []
    known = {q.name for q in queries}
    return [q for q in queries if q.name in wanted], [n for n in wanted if n not in known]
