"""Loading a remote store: every named graph and their merge, through the Graph Store
Protocol (``PUT``, then ``POST`` per chunk) or SPARQL Update (``DROP`` + ``INSERT DATA``)."""

from __future__ import annotations

from collections.abc import Iterable

import httpx
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, RdfFormat, Triple, serialize

from aigraph.config import Settings
from aigraph.errors import StoreError
from aigraph.remote.reader import ERROR_TEXT, RemoteStore
from aigraph.store import with_default_graph

_CHUNK = {"gsp": 50_000, "update": 1_000}


def load_remote(quads: Iterable[Quad], settings: Settings) -> int:
    """Replace the remote store's aigraph graphs by these quads (and their merge in the
    default graph), through the Graph Store Protocol if configured, else SPARQL Update.

    Graphs are written one by one, the build graph last, so readers that key their caches on
    the build see a new build only once everything else is in; graphs of our namespace that
    the new build no longer has are dropped. This is not one transaction: a build that dies
    mid-way leaves some graphs new and the build graph old — run the build again.

    :returns: how many quads were written.
    :raises StoreError: if no loading endpoint is configured or the remote refuses a write.
    """
    if not settings.store_gsp_url and not settings.store_update_url:
        raise StoreError("a remote store needs a loading endpoint: set store_gsp_url "
                         "(AIGRAPH_STORE_GSP_URL) or store_update_url (AIGRAPH_STORE_UPDATE_URL)")
    merge: NamedNode | DefaultGraph = (NamedNode(settings.store_default_graph)
                                       if settings.store_default_graph else DefaultGraph())
    graphs: dict[NamedNode | DefaultGraph, list[Triple]] = {}
    for quad in with_default_graph(quads):
        graph = merge if isinstance(quad.graph_name, DefaultGraph) else quad.graph_name
        graphs.setdefault(graph, []).append(  # type: ignore[arg-type]
            Triple(quad.subject, quad.predicate, quad.object))
    build_graph = f"{settings.base_iri}graph/build"
    order = sorted(graphs, key=lambda g: (isinstance(g, NamedNode) and g.value == build_graph,
                                          not isinstance(g, DefaultGraph), str(g)))
    timeout = httpx.Timeout(max(settings.query_timeout, 300.0), connect=5.0)
    with httpx.Client(timeout=timeout) as client:
        writer = _Writer(client, settings)
        stale = writer.our_graphs() - {g.value for g in graphs if isinstance(g, NamedNode)}
        for graph in order[:-1]:
            writer.replace(graph, graphs[graph])
        for iri in sorted(stale):
            writer.drop(NamedNode(iri))
        if order:
            writer.replace(order[-1], graphs[order[-1]])
    return sum(len(t) for t in graphs.values())


class _Writer:
    """Graph writes through GSP (``PUT`` then ``POST`` per chunk) or SPARQL Update."""

    def __init__(self, client: httpx.Client, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        self.namespace = f"{settings.base_iri}graph/"

    def our_graphs(self) -> set[str]:
        """The named graphs of our namespace the remote holds now, as its build lists them."""
        return set(RemoteStore(self.settings, self.client).named_graphs())

    def replace(self, graph: NamedNode | DefaultGraph, triples: list[Triple]) -> None:
        # Blank nodes must arrive in one request, or the remote would mint two nodes for one.
        single = any(isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode)
                     for t in triples)
        chunk_size = _CHUNK["gsp" if self.settings.store_gsp_url else "update"]
        step = (len(triples) or 1) if single else chunk_size
        chunks = [triples[i:i + step] for i in range(0, len(triples), step)] or [[]]
        for index, chunk in enumerate(chunks):
            body = serialize(chunk, format=RdfFormat.N_TRIPLES) or b""
            if self.settings.store_gsp_url:
                self._gsp("PUT" if index == 0 else "POST", graph, body)
            else:
                default = isinstance(graph, DefaultGraph)
                target = "DEFAULT" if default else f"GRAPH {graph}"
                inner = body.decode("utf-8")
                wrapped = inner if default else f"GRAPH {graph} {{ {inner} }}"
                drop = f"DROP SILENT {target} ;\n" if index == 0 else ""
                self._update(f"{drop}INSERT DATA {{ {wrapped} }}")

    def drop(self, graph: NamedNode) -> None:
        if self.settings.store_gsp_url:
            self._gsp("DELETE", graph, b"")
        else:
            self._update(f"DROP SILENT GRAPH {graph}")

    def _gsp(self, method: str, graph: NamedNode | DefaultGraph, body: bytes) -> None:
        params = {"default": ""} if isinstance(graph, DefaultGraph) else {"graph": graph.value}
        # A fresh connection per write: a server that refuses a write before reading its body
        # can leave a kept-alive connection unusable.
        headers = {"Connection": "close"}
        if method != "DELETE":
            headers["Content-Type"] = "application/n-triples"
        self._send(self.client.build_request(method, self.settings.store_gsp_url,
                                             params=params, content=body, headers=headers),
                   allow_missing=method == "DELETE")

    def _update(self, update: str) -> None:
        self._send(self.client.build_request(
            "POST", self.settings.store_update_url, content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"}))

    def _send(self, request: httpx.Request, allow_missing: bool = False) -> None:
        try:
            response = self.client.send(request)
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the remote store at {request.url}: {exc}") from exc
        if response.status_code >= 400 and not (allow_missing and response.status_code == 404):
            text = " ".join(response.text[:ERROR_TEXT].split())
            raise StoreError(f"the remote store refused a write ({request.method} "
                             f"{request.url}, {response.status_code}): {text}")
