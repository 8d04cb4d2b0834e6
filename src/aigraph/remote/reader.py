"""A remote SPARQL 1.1 store, read through the SPARQL Protocol (loading is in ``loader``).

With ``settings.store_url`` set, the graph lives in an existing store (Oxigraph, Virtuoso,
GraphDB, QLever, Neptune …) and aigraph keeps serving pages, saved queries and exports over
it. :class:`RemoteStore` offers the part of :class:`pyoxigraph.Store` the project reads —
``query`` and ``quads_for_pattern`` — and answers with pyoxigraph's own result objects, so
every reader works on either store.

* Queries are checked locally first (pyoxigraph's parser, on an empty store, never
  evaluated), so a malformed query gets the same message with line and column on either
  store.
* Saved-query parameters travel as a ``VALUES`` block whose terms are written by pyoxigraph's
  term serialiser (:mod:`aigraph.binding`), as they do to the embedded store.
* Graph answers are asked for as N-Triples and read line by line, so the row cap stops the
  download; solutions come as JSON, read up to the byte cap.
* Servers differ (Virtuoso: no writable default graph, ASK answered as a result set, one
  media type for every query form); ``store_default_graph`` and the per-form ``Accept``
  header cover them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    Variable,
    parse,
    parse_query_results,
    serialize,
)

from aigraph.binding import Term, bind
from aigraph.config import Settings
from aigraph.errors import QueryError, QueryTimeout, StoreError
from aigraph.pool import QueryRequest, query_arguments, write
from aigraph.results import Answer
from aigraph.store import QueryResult, describe_syntax_error, open_store

#: What we ask a remote endpoint for, by query form (some servers pick one type for every
#: form, so the header never mixes solutions and graphs). Solutions come as JSON, the one
#: results format every server writes faithfully (TSV is lossy in some); graphs come as
#: N-Triples, read line by line so the row cap stops the download.
ACCEPT = {
    "select": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
    "ask": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
    "graph": "application/n-triples, text/turtle;q=0.5",
}
_LINE_FORMATS = {"application/n-triples": RdfFormat.N_TRIPLES,
                 "text/plain": RdfFormat.N_TRIPLES}
_WHOLE_FORMATS = {"application/sparql-results+json": QueryResultsFormat.JSON,
                  "application/json": QueryResultsFormat.JSON,
                  "application/sparql-results+xml": QueryResultsFormat.XML,
                  "text/turtle": RdfFormat.TURTLE}
ERROR_TEXT = 600
SD_NAME = "http://www.w3.org/ns/sparql-service-description#name"
#: The graphs every build has besides one per article (those are listed in the VoID graph).
FIXED_GRAPHS = ("registry", "ontology", "terms", "build", "void", "inferred")
_NODE_ID = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')
_TRUE = '{"head": {}, "boolean": true}'
_FALSE = '{"head": {}, "boolean": false}'


@dataclass
class _Body:
    """An answer read from the remote: the bytes kept and whether rows were left unread."""

    data: bytes
    media: str
    truncated: bool


class RemoteStore:
    """A remote SPARQL 1.1 query endpoint, read like a pyoxigraph store.

    :param settings: ``store_url`` (the query endpoint), ``store_default_graph`` (the graph
        holding the merge, for servers without a writable default graph), ``query_timeout``
        (seconds for the whole answer) and ``max_response_bytes`` (the most bytes read of one
        answer).
    """

    def __init__(self, settings: Settings, client: httpx.Client | None = None) -> None:
        self.url = settings.store_url
        self.timeout = settings.query_timeout
        self.max_bytes = settings.max_response_bytes
        self.client = client or httpx.Client(timeout=httpx.Timeout(self.timeout, connect=5.0),
                                             limits=httpx.Limits(max_connections=32))
        self._parser = Store()
        self.merge_graph = settings.store_default_graph
        self.namespace = f"{settings.base_iri}graph/"
        self._named: list[str] | None = None

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query(self, sparql: str, substitutions: dict[Variable, Term] | None = None,
              default_graph: list[NamedNode] | None = None,
              named_graphs: list[NamedNode] | None = None,
              row_limit: int | None = None,
              base_iri: str | None = None) -> QueryResult | Iterator[Triple]:
        """Run a query on the remote endpoint.

        :param row_limit: stop reading after this many rows (or triples) of a line format.
        :param base_iri: what relative IRIs in the query resolve against: sent as a leading
            ``BASE``, so that a ``BASE`` of the query's own, which comes after it, still wins.
        :returns: solutions or a boolean (pyoxigraph's objects), or an iterator of triples.
        :raises QueryError: for a malformed query (line and column) or one the remote refused.
        :raises QueryTimeout: when the answer takes longer than the time limit.
        :raises StoreError: when the remote cannot be reached or fails.
        """
        kind = self._kind(sparql, base_iri)
        text = bind(sparql, substitutions)
        if base_iri is not None:
            text = f"BASE <{base_iri}>\n{text}"
        form: dict[str, str | list[str]] = {"query": text}
        if default_graph is not None:
            form["default-graph-uri"] = [g.value for g in default_graph]
        if named_graphs is not None:
            form["named-graph-uri"] = [g.value for g in named_graphs]
        if self.merge_graph and default_graph is None and named_graphs is None:
            form["default-graph-uri"] = [self.merge_graph]
            form["named-graph-uri"] = self.named_graphs()
        result = _parse(self._fetch(form, kind, row_limit))
        if kind == "ask" and isinstance(result, QuerySolutions):  # an ASK answered as rows
            return parse_query_results(_TRUE if any(True for _ in result) else _FALSE,
                                       format=QueryResultsFormat.JSON)
        return result

    def _kind(self, sparql: str, base_iri: str | None = None) -> str:
        """The query's form (``select``, ``ask`` or ``graph``), from pyoxigraph's parser.

        :raises QueryError: for a malformed query, with line and column.
        """
        try:
            # On an empty store: nothing to evaluate.
            parsed = self._parser.query(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QueryError(describe_syntax_error(exc, sparql)) from exc
        except OSError:
            return "select"  # an evaluation error on the empty store; let the remote decide
        if isinstance(parsed, QueryBoolean):
            return "ask"
        return "select" if isinstance(parsed, QuerySolutions) else "graph"

    def named_graphs(self) -> list[str]:
        """Our named graphs on the remote (not the merge), read once per build from the VoID
        description (scanning every quad for its graph is slow on large stores)."""
        if self._named is None:
            void = f"{self.namespace}void"
            query = (f"SELECT DISTINCT ?g WHERE {{ GRAPH <{void}> {{ ?d <{SD_NAME}> ?g }} }}")
            rows = _parse(self._fetch({"query": query}, "select", None))
            found = {r["g"].value for r in rows}  # type: ignore[union-attr]
            fixed = {f"{self.namespace}{name}" for name in FIXED_GRAPHS}
            self._named = sorted(found | fixed)
        return self._named

    def forget_graphs(self) -> None:
        """Read the list of named graphs again at the next query (after a new build)."""
        self._named = None

    def _fetch(self, form: dict[str, str | list[str]], kind: str, row_limit: int | None
               ) -> _Body:
        deadline = time.monotonic() + self.timeout
        request = self.client.build_request("POST", self.url, data=form,
                                            headers={"Accept": ACCEPT[kind]})
        try:
            response = self.client.send(request, stream=True)
            try:
                if response.status_code >= 400:
                    raise _refused(self.url, response.status_code, _error_text(response))
                media = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return self._read(response, media, row_limit, deadline)
            finally:
                response.close()
        except httpx.TimeoutException as exc:
            raise _timeout(self.timeout) from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the remote store at {self.url}: {exc}; check that "
                             "it is running and the store URL is right") from exc

    def _read(self, response: httpx.Response, media: str, row_limit: int | None,
              deadline: float) -> _Body:
        line_format = media in _LINE_FORMATS
        limit = None if row_limit is None or not line_format else row_limit
        kept: list[bytes] = []
        size, lines, pending = 0, 0, b""
        for chunk in response.iter_bytes():
            if time.monotonic() > deadline:
                raise _timeout(self.timeout)
            size += len(chunk)
            if not line_format:
                if size > self.max_bytes:
                    raise _too_large(self.max_bytes)
                kept.append(chunk)
                continue
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for line in complete:
                if limit is not None and lines >= limit:
                    return _Body(b"\n".join(kept) + b"\n", media, True)
                kept.append(line)
                lines += 1
            if size > self.max_bytes:
                return _Body(b"\n".join(kept) + b"\n", media, True)
        if line_format:
            if pending.strip():
                kept.append(pending)
            return _Body(b"\n".join(kept) + b"\n", media, False)
        return _Body(b"".join(kept), media, False)

    def quads_for_pattern(self, subject: Term | None, predicate: NamedNode | None,
                          obj: Term | None, graph: NamedNode | DefaultGraph | None
                          ) -> Iterator[Quad]:
        """The quads matching a pattern (``None`` matches anything; a ``None`` graph means
        every graph, the default one included).

        Blank nodes of an earlier answer cannot be named in a remote query, so a pattern that
        names one matches nothing.

        :raises StoreError: when the remote cannot be reached or fails.
        """
        fixed = [subject, predicate, obj]
        if any(isinstance(t, BlankNode) for t in fixed):
            return iter(())
        parts = [str(t) if t is not None else f"?{n}" for t, n in zip(fixed, "spo", strict=True)]
        triple = " ".join(parts)
        if graph is None:
            where = f"{{ {triple} }} UNION {{ GRAPH ?g {{ {triple} }} }}"
        elif isinstance(graph, DefaultGraph):
            where = triple
        else:
            where = f"GRAPH {graph} {{ {triple} }}"
        merge = [NamedNode(self.merge_graph)] if self.merge_graph else None
        only_default = isinstance(graph, DefaultGraph) and merge is not None
        result = self.query(f"SELECT * WHERE {{ {where} }}",
                            default_graph=merge if only_default else None)
        return _quads(result, fixed, graph)

    def __iter__(self) -> Iterator[Quad]:
        return self.quads_for_pattern(None, None, None, None)

    def dump(self, format: RdfFormat, from_graph: NamedNode | DefaultGraph | None = None  # noqa: A002
             ) -> bytes:
        """Serialise one graph of the remote store (default: the default graph).

        :raises StoreError: when the remote cannot be reached or fails.
        """
        graph = from_graph if from_graph is not None else DefaultGraph()
        triples = [Triple(q.subject, q.predicate, q.object)
                   for q in self.quads_for_pattern(None, None, None, graph)]
        return serialize(triples, format=format) or b""


class RemoteRunner:
    """Answers query requests from a remote store, with the pool's answers and errors.

    The remote store applies its own limits; ours are the time limit on the whole answer,
    the row cap (reading stops one row past it) and the byte cap.
    """

    replaced = 0

    def __init__(self, store: RemoteStore) -> None:
        self.store = store

    def run(self, request: QueryRequest) -> Answer:
        """Evaluate a request on the remote store.

        :raises QueryError: for a malformed or refused query.
        :raises QueryTimeout: when the remote takes longer than the time limit.
        :raises StoreError: when the remote cannot be reached or fails.
        :raises NoAcceptableFormat: when no acceptable format fits the kind of answer.
        """
        result = self.store.query(request.query, row_limit=request.max_rows + 1,
                                  **query_arguments(request))  # type: ignore[arg-type]
        return write(result, request)

    def instant(self, request: QueryRequest) -> bool:
        """Never: every request waits for the remote store."""
        return False

    def close(self) -> None:
        self.store.close()


@contextmanager
def open_reader(settings: Settings) -> Iterator[Store | RemoteStore]:
    """The graph to read, for a ``with`` block: the remote store if one is configured (its
    connections closed at the end), else the embedded one.

    :raises StoreError: if the embedded store is missing or cannot be opened.
    """
    if not settings.remote:
        yield open_store(settings)
        return
    with RemoteStore(settings) as reader:
        yield reader


def _quads(result: object, fixed: list[Term | None],
           graph: NamedNode | DefaultGraph | None) -> Iterator[Quad]:
    for row in result:  # type: ignore[attr-defined]
        s, p, o = (term if term is not None else row[name]
                   for term, name in zip(fixed, "spo", strict=True))
        g = graph if graph is not None else (row["g"] or DefaultGraph())
        yield Quad(s, p, o, g)


def _parse(body: _Body) -> QueryResult | Iterator[Triple]:
    """pyoxigraph objects for a remote answer.

    :raises StoreError: for an answer in a format we cannot read, or one that does not parse.
    """
    fmt = _LINE_FORMATS.get(body.media) or _WHOLE_FORMATS.get(body.media)
    data = body.data
    if fmt == QueryResultsFormat.JSON:  # Virtuoso labels blank nodes "nodeID://b1"
        data = _NODE_ID.sub(rb"\1", data)
    try:
        if isinstance(fmt, QueryResultsFormat):
            return parse_query_results(data, format=fmt)
        if isinstance(fmt, RdfFormat):
            return iter([Triple(q.subject, q.predicate, q.object)
                         for q in parse(body.data, format=fmt)])
    except SyntaxError as exc:
        raise StoreError(f"the remote store sent an answer that does not parse as "
                         f"{body.media}: {exc}") from exc
    raise StoreError(f"the remote store answered in {body.media or 'no media type'}, which "
                     "aigraph cannot read; it needs a SPARQL 1.1 endpoint")


def _error_text(response: httpx.Response) -> str:
    text = response.read()[:ERROR_TEXT].decode("utf-8", "replace")
    return " ".join(text.split())


def _refused(url: str, status: int, text: str) -> Exception:
    if 400 <= status < 500:
        return QueryError(f"the remote store refused the query ({status}): {text}")
    return StoreError(f"the remote store at {url} failed ({status}): {text}")


def _timeout(seconds: float) -> QueryTimeout:
    return QueryTimeout(f"the remote store took longer than {seconds:g} s to answer; narrow "
                        "the query (add LIMIT, more specific patterns)")


def _too_large(limit: int) -> QueryError:
    return QueryError(f"the answer is larger than {limit} bytes; add LIMIT or ask for fewer "
                      "variables")
