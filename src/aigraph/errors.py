"""One exception family for the whole package.

::

    AigraphError                  anything aigraph reports to a user
    ├── InputError                a file we read is wrong (names the file and the line)
    │   ├── ArticleError          an article: encoding, front matter, empty body
    │   ├── RegistryError         the entity registry
    │   └── FactsError            a facts file: unknown kind/field/entity, evidence not in the text
    ├── QueryError                a SPARQL query cannot be parsed or run
    │   ├── ParameterError        a saved query's parameter is missing or malformed
    │   ├── FederationRefused     a SERVICE call to an endpoint that is not allowed
    │   ├── QueryTimeout          a query ran past the time limit and was stopped
    │   └── UpdateRefused         an update on the read-only service
    ├── SavedQueryError           a saved query file is malformed
    ├── NotFound                  no such entity, saved query or page
    ├── NegotiationError          no acceptable format (406) or an unsupported body (415)
    ├── RequestTooLarge           a request body over the size limit
    ├── StoreError                no store, a broken store, a failed swap
    ├── ServeError                the server cannot listen, or its processes keep dying
    └── ValidationError           the graph does not conform (SHACL or ontology checks)

The CLI maps these to exit codes in one place (:mod:`aigraph.cli.main`).
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


class ParameterError(QueryError):
    """A saved query's parameter is missing or cannot be read as its declared type."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(f"parameter {name!r}: {message}")


class FederationRefused(QueryError):
    """A query would call a remote endpoint (SERVICE) that the settings do not allow."""


class QueryTimeout(QueryError):
    """A query ran past the time limit; its work was stopped."""


class UpdateRefused(QueryError):
    """A SPARQL Update was sent to the read-only service."""


class SavedQueryError(InputError):
    """A saved query file has a malformed header or query."""


class ServeError(AigraphError):
    """The server cannot listen on its address, or its processes keep stopping as soon as
    they start."""


class NotFound(AigraphError):
    """No such entity, saved query or page."""


class NegotiationError(AigraphError):
    """No acceptable response format (``status`` 406), or an unsupported body (415).

    :param supported: the media types that would have worked, for the message.
    """

    def __init__(self, message: str, status: int, supported: list[str]):
        self.status = status
        self.supported = supported
        super().__init__(f"{message}; supported: {', '.join(supported)}")


class RequestTooLarge(AigraphError):
    """A request body over the configured limit."""
