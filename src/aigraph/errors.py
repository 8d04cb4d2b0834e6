"""One exception family for the whole package.

::

    AigraphError                  anything aigraph reports to a user
    ├── InputError                a file we read is wrong (names the file and the line)
    │   ├── ArticleError          an article: encoding, front matter, empty body
    │   ├── RegistryError         the entity registry
    │   └── FactsError            a facts file: unknown kind/field/entity, evidence not in the text
    ├── QueryError                a SPARQL query cannot be parsed or run
    ├── StoreError                no store, a broken store, a failed swap
    └── ValidationError           the graph does not conform (SHACL or ontology checks)

The CLI maps these to exit codes in one place (:mod:`aigraph.cli`).
"""

from __future__ import annotations

from pathlib import Path


class AigraphError(Exception):
    """Base class of every error aigraph reports to a user."""


class InputError(AigraphError):
    """A file we read is wrong; the message names the file and, where known, the line."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(f"{where}{message}")


class ArticleError(InputError):
    """An article file cannot be read: not UTF-8, broken front matter, empty body."""


class RegistryError(InputError):
    """The entity registry is malformed or defines a key twice."""


class FactsError(InputError):
    """A facts file is malformed, names an unknown entity or field, or misquotes the article."""


class QueryError(AigraphError):
    """A SPARQL query cannot be parsed or evaluated."""


class StoreError(AigraphError):
    """The store is missing or cannot be opened, built or swapped."""


class ValidationError(AigraphError):
    """The graph does not conform to the shapes or the ontology checks."""
