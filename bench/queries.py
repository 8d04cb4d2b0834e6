"""The saved queries the benchmark sends: ``queries/*.rq``, as saved (parameters unbound)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SELECT_JSON = "application/sparql-results+json"
GRAPH_NT = "application/n-triples"

_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SavedQuery:
    """One saved query: its file name without ``.rq``, its text and its query form."""

    name: str
    text: str
    form: str

    @property
    def accept(self) -> str:
        """The ``Accept`` header to send: N-Triples for graphs, SPARQL JSON otherwise."""
        return GRAPH_NT if self.form in ("CONSTRUCT", "DESCRIBE") else SELECT_JSON


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the first form keyword outside comment lines.

    >>> query_form("# CONSTRUCT in a comment\\nselect * { ?s ?p ?o }")
    'SELECT'
    """
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    found = _FORM.search(body)
    return found[1].upper() if found else "SELECT"


def saved_queries(directory: Path) -> list[SavedQuery]:
    """Every ``*.rq`` file in ``directory``, sorted by name."""
    paths = sorted(directory.glob("*.rq"))
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    return [SavedQuery(name, text, query_form(text)) for name, text in texts]


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
