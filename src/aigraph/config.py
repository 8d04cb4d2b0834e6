"""Settings: every path and tunable in one object, passed explicitly.

Nothing is read at import time. :func:`load_settings` builds a :class:`Settings` from a
project root and, optionally, environment variables; tests construct ``Settings`` directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

BASE_IRI = "https://w3id.org/aigraph/"


@dataclass(frozen=True)
class Settings:
    """Where the inputs are, where the store goes, and how IRIs are minted.

    :param root: the project root; the other paths default to folders under it.
    :param store_dir: the serving store: a symbolic link that each build swaps atomically.
    :param build_time: the time recorded in the build's provenance; ``None`` means now
        (``SOURCE_DATE_EPOCH`` is honoured by :func:`load_settings`, for reproducible builds).
    :param host: the address ``aigraph serve`` listens on.
    :param port: the port ``aigraph serve`` listens on.
    :param query_timeout: seconds a SPARQL query may run before its worker is stopped.
    :param max_rows: the most result rows (or triples) one answer carries; more is cut, and
        the answer says so.
    :param max_body_bytes: the largest request body accepted.
    :param max_response_bytes: the most bytes one query answer carries (more is cut, and the
        answer says so), and the most read of one answer from a remote store.
    :param server_processes: server processes answering HTTP on one socket, each with its
        own query workers and answer cache; 0 (the default) means one per processor core,
        at most four.
    :param query_workers: worker processes that evaluate SPARQL queries (each can be
        killed), in each server process.
    :param inline_limit: processor seconds: a query that a worker answered within this
        time is evaluated in the server's own process when it is asked again (the store
        does not change while it is served, so it takes as long again), saving the trip
        to a worker; it cannot be stopped there, which is why only queries seen to be
        quick qualify. 0 sends every query to a worker.
    :param memory_quads: a served store of at most this many quads is copied into memory
        by each server process, whose query workers share the copy, where queries run
        faster (a copy takes about 8 µs and 370 bytes per quad; a store over 200,000 quads
        is copied in the background while the disk serves); 0 serves every store from
        disk.
    :param cache_entries: answers kept in the in-memory cache (0 turns it off).
    :param cache_bytes: the most bytes the answer cache holds.
    :param allow_service: IRI prefixes of endpoints a query may call with SERVICE; empty
        (the default) turns federation off.
    :param store_url: the query endpoint of a remote SPARQL 1.1 store (Oxigraph, Virtuoso,
        GraphDB, QLever …) to use instead of the embedded one; empty (the default) means the
        embedded store at ``store_dir``.
    :param store_update_url: the remote store's SPARQL Update endpoint, used by builds when
        there is no Graph Store Protocol endpoint.
    :param store_gsp_url: the remote store's Graph Store Protocol endpoint, the preferred way
        builds load graphs.
    :param store_default_graph: for a remote store whose default graph cannot be written (or
        is the union of every graph, as in Virtuoso): the IRI of a named graph to hold the
        merge; queries then name it as their default graph and our graphs as the named ones.
    """

    root: Path
    data_dir: Path = field(default=Path())
    ontology_dir: Path = field(default=Path())
    queries_dir: Path = field(default=Path())
    store_dir: Path = field(default=Path())
    base_iri: str = BASE_IRI
    build_time: datetime | None = None
    keep_stores: int = 2
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_body_bytes: int = 1_048_576
    max_response_bytes: int = 32 * 1_048_576
    server_processes: int = 0
    query_workers: int = 2
    inline_limit: float = 0.1
    memory_quads: int = 3_000_000
    cache_entries: int = 512
    cache_bytes: int = 64 * 1_048_576
    allow_service: tuple[str, ...] = ()
    store_url: str = ""
    store_update_url: str = ""
    store_gsp_url: str = ""
    store_default_graph: str = ""

    def __post_init__(self) -> None:
        root = Path(self.root).resolve()
        object.__setattr__(self, "root", root)
        defaults = {
            "data_dir": root / "data",
            "ontology_dir": root / "ontology",
            "queries_dir": root / "queries",
            "store_dir": root / "var" / "store",
        }
        for name, default in defaults.items():
            if getattr(self, name) == Path():
                object.__setattr__(self, name, default)

    @property
    def articles_dir(self) -> Path:
        return self.data_dir / "articles"

    @property
    def facts_dir(self) -> Path:
        return self.data_dir / "facts"

    @property
    def registry_dir(self) -> Path:
        return self.data_dir / "registry"

    @property
    def stores_dir(self) -> Path:
        """The folder that holds every built store; ``store_dir`` links to one of them."""
        return self.store_dir.parent / "stores"

    @property
    def cache_dir(self) -> Path:
        """The build cache (:mod:`aigraph.cache`), beside the stores; safe to delete."""
        return self.store_dir.parent / "cache"

    @property
    def remote(self) -> bool:
        """Whether the graph lives in a remote SPARQL store rather than the embedded one."""
        return bool(self.store_url)

    @property
    def store_location(self) -> str:
        """Where the graph lives, for messages: the remote endpoint or the store folder."""
        return self.store_url or str(self.store_dir)

    def with_(self, **changes: object) -> Settings:
        """A copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings(root: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Build settings for a project root (default: the current folder).

    ``AIGRAPH_STORE`` overrides the store path; ``AIGRAPH_STORE_URL``,
    ``AIGRAPH_STORE_UPDATE_URL``, ``AIGRAPH_STORE_GSP_URL`` and ``AIGRAPH_STORE_DEFAULT_GRAPH``
    point at a remote SPARQL store;
    ``SOURCE_DATE_EPOCH`` fixes the build time.
    """
    env = dict(os.environ if environ is None else environ)
    settings = Settings(root=root or Path.cwd())
    if env.get("AIGRAPH_STORE"):
        store = Path(env["AIGRAPH_STORE"])  # the link itself, not where it points
        settings = settings.with_(store_dir=store.parent.resolve() / store.name)
    remote = {"store_url": "AIGRAPH_STORE_URL", "store_update_url": "AIGRAPH_STORE_UPDATE_URL",
              "store_gsp_url": "AIGRAPH_STORE_GSP_URL",
              "store_default_graph": "AIGRAPH_STORE_DEFAULT_GRAPH"}
    found = {name: env[var] for name, var in remote.items() if env.get(var)}
    if found:
        settings = settings.with_(**found)
    if env.get("SOURCE_DATE_EPOCH", "").isdigit():
        when = datetime.fromtimestamp(int(env["SOURCE_DATE_EPOCH"]), tz=UTC)
        settings = settings.with_(build_time=when)
    return settings
