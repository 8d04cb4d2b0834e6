"""The running service: the store, the query workers, the cache and the saved queries.

The store is opened read-only; the server never writes. A store of at most
``memory_quads`` quads is served from a copy in memory, where Oxigraph evaluates most queries
1.5 to 6 times faster (sorting above all: a disk store reads every string it compares), and
the query workers are forked to share that copy. A copy of up to :data:`AT_ONCE` quads is
made before the first answer (0.05 s for the five articles); a larger one in the
background, while the store on disk answers, and it is swapped in, workers and all, when it
is ready (about 20 s for 2.4 million quads). When a build swaps a new store in, the next
request notices (at most once a second), reopens it, starts new workers and clears the
cache. Replaced workers are stopped once what they may still be answering is done (at the
time limit), so a swap fails no request. With a remote store, queries go to the remote
endpoint, and a background check of the build graph (every few seconds) clears the cache
when a new build is loaded.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import replace
from pathlib import Path

import anyio
from pyoxigraph import Store

from aigraph.config import Settings
from aigraph.errors import AigraphError, StoreError
from aigraph.pool import QueryPool, QueryRequest
from aigraph.queries import SavedQuery, load_queries
from aigraph.remote import RemoteRunner, RemoteStore
from aigraph.results import Answer
from aigraph.server.cache import AnswerCache, cache_key
from aigraph.store import MemoryCopy, in_memory, open_store

log = logging.getLogger("aigraph.server")
_BUILD = ("SELECT ?b WHERE { GRAPH <https://w3id.org/aigraph/graph/build> { ?b a "
          "<http://www.w3.org/ns/prov#Activity> } } LIMIT 1")
_REMOTE_CHECK_S = 2.0
#: Quads: a store this small is copied into memory before the server answers; a larger one
#: (up to ``memory_quads``) is copied in the background.
AT_ONCE = 200_000
_UNBUILT = "unbuilt"


class Service:
    """Everything a request needs, created once per app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.queries: dict[str, SavedQuery] = load_queries(settings.queries_dir)
        self.cache = AnswerCache(settings.cache_entries, settings.cache_bytes)
        self.store: Store | RemoteStore | None = None
        self.pool: QueryPool | RemoteRunner | None = None
        self.build_id = ""
        self.target: Path | None = None
        self._checked = 0.0
        self.problem = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._retiring: set[QueryPool | RemoteRunner] = set()
        self._retiring_lock = threading.Lock()

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        """Open the store and start the workers, if a store exists (else wait for one).

        A store that cannot be opened (a corrupt folder) is reported, not fatal: the server
        starts, logs why, and every data route answers 503 with the reason until a build
        swaps a good store in. A remote store that cannot be reached is reported the same way.
        """
        if self.settings.remote:
            self._connect()
            return
        target = self._target()
        if target is not None:
            try:
                self._open(target)
            except StoreError as exc:
                self.problem = str(exc)
                self.target = target
                log.error("%s", exc)

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            if self.pool is not None:
                self.pool.close()
            self.pool = None
            self.store = None
        with self._retiring_lock:
            retiring, self._retiring = self._retiring, set()
        for pool in retiring:
            pool.close()

    def _target(self) -> Path | None:
        link = self.settings.store_dir
        return Path(os.path.realpath(link)) if link.exists() else None

    def _open(self, target: Path) -> None:
        """Serve the store in ``target``: from memory at once if it is small, else from disk,
        and from memory once a copy made in the background is ready (if it fits).

        :raises StoreError: if the store cannot be opened or read.
        """
        disk = open_store(self.settings)
        limit = self.settings.memory_quads
        try:
            size = len(disk)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot read the store at {target}: {exc}") from exc
        self._serve(target, in_memory(disk, limit) if size <= AT_ONCE else disk)
        if AT_ONCE < size <= limit:
            threading.Thread(target=self._warm, args=(target, disk), daemon=True,
                             name="aigraph-copy").start()

    def _warm(self, target: Path, disk: Store) -> None:
        """Copy the store into memory and serve the copy, unless another store or a stop
        came first. A copy that fails leaves the disk store serving, and says why."""
        try:
            copy = in_memory(disk, self.settings.memory_quads)
        except StoreError as exc:
            log.warning("serving %s from disk: %s", target.name, exc)
            return
        with self._lock:
            if self._stop.is_set() or self.target != target:
                return
            try:
                self._serve(target, copy)
            except StoreError as exc:
                log.warning("serving %s from disk: %s", target.name, exc)
                return
        log.info("serving %s from memory", target.name)

    def _serve(self, target: Path, store: Store | MemoryCopy) -> None:
        """Start workers over ``store`` and answer with them from now on (the cache cleared:
        an unordered answer may come in another order from memory than from disk).

        :raises StoreError: if the workers cannot start.
        """
        pool = QueryPool(target, self.settings.query_workers, self.settings.query_timeout,
                         self.settings.inline_limit, store)
        pool.start()
        old = self.pool
        build = next(iter(store.query(_BUILD)), None)
        self.store, self.pool, self.target = store, pool, target
        self.build_id = build["b"].value.rsplit("/", 1)[-1] if build else target.name
        self.problem = ""
        self.cache.clear()
        if old is not None:
            self._retire(old)

    def _retire(self, pool: QueryPool | RemoteRunner) -> None:
        """Close a pool that a new one replaced once what it may still be answering is done
        (a request that took it just before the swap), at the latest at the time limit."""
        with self._retiring_lock:
            self._retiring.add(pool)

        def close() -> None:
            with self._retiring_lock:
                if pool not in self._retiring:
                    return
                self._retiring.discard(pool)
            pool.close()

        timer = threading.Timer(self.settings.query_timeout + 1.0, close)
        timer.daemon = True
        timer.start()

    def _connect(self) -> None:
        store = RemoteStore(self.settings)
        self.store, self.pool = store, RemoteRunner(store)
        self._check_build()
        threading.Thread(target=self._watch, daemon=True, name="aigraph-build-check").start()

    def _watch(self) -> None:
        while not self._stop.wait(_REMOTE_CHECK_S):
            self._check_build()

    def _check_build(self) -> None:
        """Read the remote store's build id; a new one clears the answer cache."""
        store = self.store
        if store is None:
            return
        try:
            build = next(iter(store.query(_BUILD)), None)  # type: ignore[call-overload]
        except AigraphError as exc:
            if not self.problem:
                log.error("%s", exc)
            self.problem = str(exc)
            return
        build_id = build["b"].value.rsplit("/", 1)[-1] if build else _UNBUILT
        if build_id != self.build_id:
            self.build_id = build_id
            self.cache.clear()
            if isinstance(store, RemoteStore):
                store.forget_graphs()
        self.problem = ""

    def refresh(self) -> None:
        """Reopen the store if a build has swapped a new one in since we looked."""
        now = time.monotonic()
        if self.settings.remote or now - self._checked < 1.0:
            return
        self._checked = now
        target = self._target()
        if target is not None and target != self.target:
            with self._lock:
                if target != self.target:
                    self._open(target)

    def current(self) -> Store | RemoteStore:
        """The open store.

        :raises StoreError: when there is no store yet, saying how to build one.
        """
        self.refresh()
        if (self.store is None or self.settings.remote) and self.problem:
            raise StoreError(self.problem)
        if self.settings.remote and self.build_id == _UNBUILT:
            raise StoreError(f"the remote store at {self.settings.store_url} holds no aigraph "
                             "build yet; run 'aigraph build' with the same store settings")
        if self.store is None:
            raise StoreError(f"no graph has been built yet (no store at "
                             f"{self.settings.store_dir}); run 'aigraph build'")
        return self.store

    # -- answering ----------------------------------------------------------------------

    async def answer(self, request: QueryRequest, use_cache: bool = True
                     ) -> tuple[Answer, bool]:
        """Evaluate a query (or take it from the cache).

        :returns: the answer and whether it came from the cache.
        :raises QueryError: (and subclasses) for syntax errors, timeouts, dead workers.
        :raises StoreError: when there is no store.
        """
        self.current()
        request = replace(request, max_bytes=self.settings.max_response_bytes)
        key = cache_key(self.build_id, request)
        if use_cache:
            hit = self.cache.get(key)
            if hit is not None:
                return hit, True
        pool = self.pool
        assert pool is not None
        if pool.instant(request):
            answer = pool.run(request)
        else:
            answer = await anyio.to_thread.run_sync(pool.run, request)
        self.cache.put(key, answer)
        return answer, False
