"""SPARQL evaluation in worker processes that can be stopped, and in-process when known cheap.

pyoxigraph cannot cancel a running query from Python, so a query runs in a worker process
holding the store open read-only. A query that runs past the time limit has its worker
killed and replaced; the caller gets :class:`QueryTimeout`, and the other workers keep
serving. A worker that dies is replaced the same way.

The trip to a worker (pickling, a pipe each way, two threads woken) costs more than many
queries do. The store is immutable while it is served, so a request takes as much work each
time it is evaluated: a request that a worker has answered within ``inline_limit`` seconds
of processor time (not of the wall clock, which a busy machine stretches) is evaluated in
the calling thread the next time (pyoxigraph lets go of the GIL while it evaluates, and
takes it back for every row it hands over and every part of an answer it writes). A
request the pool has not seen, or one that took longer, always goes to a worker, so a
runaway query is still stopped at the time limit; an in-process evaluation that takes
longer than the limit sends the request back to the workers. A request whose answer was
found uncut is written the next time by pyoxigraph in one call, in the worker as in-process:
the same bytes, without a Python object for every term (a third of a big answer's time).
Queries whose answer can change between evaluations (``RAND``, ``NOW``, ``SERVICE``) always
go to a worker and are written by our own writers.
"""

from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Store

from aigraph.errors import QueryError, QueryTimeout, StoreError
from aigraph.results import Answer, write_answer, write_whole
from aigraph.sparqlerror import tokens, update_operation
from aigraph.store import MemoryCopy, describe_syntax_error, in_memory

_CONTEXT = multiprocessing.get_context("spawn")
#: Workers over a copy in memory are forked from the process that holds it, and share it.
_SHARING = multiprocessing.get_context("fork")
#: Processor seconds: after an evaluation this long a worker gives its freed heap back.
TRIM_AFTER = 0.05
#: What a query worker is called in the process list.
WORKER_NAME = "aigraph-query"
_PR_SET_NAME = 15
_START_TIMEOUT = 60.0
#: How many requests' evaluation times the pool remembers (least recently used dropped).
COST_ENTRIES = 4096
#: The keywords of a query whose answer may differ from one evaluation to the next (random
#: numbers, the clock, another endpoint's data): such a query is never evaluated in-process,
#: as its row count is not known beforehand.
UNREPEATABLE = frozenset({"RAND", "NOW", "SERVICE"})
#: Processor seconds: a request known to take at most this long in-process is answered on
#: the caller's own thread (see :meth:`QueryPool.instant`): as pyoxigraph writes with the
#: GIL (see above), a thread writing an answer keeps the event loop waiting anyway, up to
#: the interpreter's switch interval (5 ms) at a time. At five articles under 8 clients, the
#: 2 ms saved queries: p99 29 ms with no request instant, 21-30 ms at 2 ms, 15-23 ms at 5 ms.
#: A longer request gains from the thread: it evaluates without the GIL while the loop sends.
INSTANT = 0.005


@dataclass(frozen=True)
class _Cost:
    """What one evaluation of a request took, and how many rows its answer held."""

    seconds: float
    rows: int
    truncated: bool


@dataclass(frozen=True)
class QueryRequest:
    """One query to evaluate: text, dataset, substitutions, the formats acceptable for each
    kind of answer (``None``: none fits), the row cap, the answer's byte cap, and the base
    IRI that relative IRIs in the query resolve against (the service's; a query's own
    ``BASE`` still wins). A JSON-LD answer refers to the context published under it."""

    query: str
    result_format: str | None
    graph_format: str | None
    max_rows: int
    default_graph: list[str] | None = None
    named_graphs: list[str] | None = None
    substitutions: list[tuple[str, str, str, str | None, str | None]] = field(
        default_factory=list)
    max_bytes: int = 32 * 1_048_576
    base_iri: str | None = None

    @cached_property
    def digest(self) -> bytes:
        """What identifies this request's evaluation, as 16 bytes: everything in it (text,
        dataset, substitutions, formats, caps, base IRI). Made from the fields themselves,
        the text as its UTF-8 bytes, without ``repr`` of the whole request (which escapes
        every character of a long query)."""
        rest = (self.result_format, self.graph_format, self.max_rows, self.default_graph,
                self.named_graphs, self.substitutions, self.max_bytes, self.base_iri)
        digest = hashlib.blake2b(self.query.encode("utf-8", "surrogatepass"), digest_size=16)
        digest.update(b"\0" + repr(rest).encode("utf-8", "surrogatepass"))
        return digest.digest()


class NoAcceptableFormat(Exception):
    """The query's kind of answer (``select``, ``ask``, ``graph``) has no acceptable format."""

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(kind)


def encode_term(name: str, term: NamedNode | Literal) -> tuple[str, str, str, str | None,
                                                               str | None]:
    """A picklable form of a substitution."""
    if isinstance(term, NamedNode):
        return (name, "iri", term.value, None, None)
    return (name, "literal", term.value, term.datatype.value, term.language)


def _decode(item: tuple[str, str, str, str | None, str | None]) -> tuple[object, object]:
    from pyoxigraph import Variable

    name, kind, value, datatype, language = item
    if kind == "iri":
        return Variable(name), NamedNode(value)
    if language:
        return Variable(name), Literal(value, language=language)
    return Variable(name), Literal(value, datatype=NamedNode(datatype or ""))


def query_arguments(request: QueryRequest) -> dict[str, object]:
    """The base IRI, dataset and substitutions of a request, as keyword arguments of
    ``query`` (pyoxigraph's ``Store.query`` and :class:`aigraph.remote.RemoteStore`'s)."""
    kwargs: dict[str, object] = {}
    if request.base_iri is not None:
        kwargs["base_iri"] = request.base_iri
    if request.default_graph is not None:
        kwargs["default_graph"] = [NamedNode(g) for g in request.default_graph]
    if request.named_graphs is not None:
        kwargs["named_graphs"] = [NamedNode(g) for g in request.named_graphs]
    if request.substitutions:
        kwargs["substitutions"] = dict(_decode(s) for s in request.substitutions)
    return kwargs


def write(result: object, request: QueryRequest) -> Answer:
    """The answer to a request, in the format chosen for its kind.

    :raises NoAcceptableFormat: when no acceptable format fits the kind of answer.
    """
    answer = write_answer(result, request.result_format, request.graph_format,  # type: ignore[arg-type]
                          request.max_rows, request.max_bytes,
                          **({"base_iri": request.base_iri} if request.base_iri else {}))
    if isinstance(answer, str):
        raise NoAcceptableFormat(answer)
    return answer


def evaluate(store: Store, request: QueryRequest, whole: int | None = None) -> Answer:
    """Evaluate one request against a store (in the current process). ``whole`` is the row
    count of this request's answer when an earlier evaluation on the same store found it
    uncut: the answer is then written by pyoxigraph in one call (the same bytes, without a
    Python object per term), in a format it writes.

    :raises SyntaxError: for a malformed query.
    :raises NoAcceptableFormat: when no acceptable format fits the kind of answer.
    :raises OSError: for an evaluation error.
    """
    result = store.query(request.query, **query_arguments(request))  # type: ignore[arg-type]
    answer = None
    if whole is not None:
        answer = write_whole(result, request.result_format, request.graph_format, whole)
    return answer if answer is not None else write(result, request)


def _exit_with(parent: int, every: float = 1.0) -> None:
    """Exit this worker when its parent is gone (a server killed with SIGKILL cannot stop
    its workers, and a worker deep in a runaway query would otherwise run on). pyoxigraph
    releases the GIL while it evaluates, so this thread runs even then."""
    while True:
        time.sleep(every)
        if os.getppid() != parent:
            os._exit(0)


def _name_process(name: str) -> None:
    """Give this process the name ``ps``, ``top`` and ``/proc/PID/comm`` show (Linux; a
    forked worker would otherwise look like its server). Elsewhere, nothing happens."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_NAME, name.encode("ascii")[:15], 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _give_back_memory() -> None:
    """Return the heap a big evaluation freed to the system (glibc keeps it otherwise, and
    a worker would stay at the size of the biggest query it ever answered). Elsewhere than
    glibc, nothing happens."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _open(store_path: str, memory_quads: int) -> Store:
    """The store, read-only, copied into memory if it holds at most ``memory_quads`` quads.

    :raises StoreError: if it cannot be opened or copied.
    """
    try:
        store = Store.read_only(store_path)
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"cannot open the store: {exc}") from exc
    return in_memory(store, memory_quads)


def _serve(conn: Connection, store_path: str, parent: int,
           shared: Store | MemoryCopy | None = None) -> None:
    """The worker's loop: open the store (or take the copy in memory it was forked with),
    then answer requests until told to stop."""
    if shared is not None:  # forked: the server's signal handlers came along
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    _name_process(WORKER_NAME)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True,
                     name="aigraph-orphan-check").start()
    try:
        store = shared if shared is not None else _open(store_path, 0)
    except StoreError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if message is None:
            return
        request, whole = message
        try:
            started = time.process_time()
            answer = evaluate(store, request, whole)
            seconds = time.process_time() - started
            conn.send(("ok", (answer, seconds)))
            del answer
            if seconds > TRIM_AFTER:
                _give_back_memory()
        except SyntaxError as exc:
            conn.send(("syntax", _syntax_message(exc, request.query)))
        except NoAcceptableFormat as exc:
            conn.send(("format", exc.kind))
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            conn.send(("error", str(exc)))


class _Worker:
    """A query worker process. Made with ``wait=False`` it is started but not waited for,
    so that several start side by side (each imports the package afresh); then call
    :meth:`ready`. Given a ``shared`` copy in memory, it is forked and reads that copy,
    ready at once; its pages stay shared until written, and Oxigraph's in-memory store
    writes reference counts in what it reads, so a busy worker ends up with a private copy
    of what its queries touched. Else it is a fresh process that opens the store on disk."""

    def __init__(self, store_path: str, shared: MemoryCopy | None = None,
                 wait: bool = True) -> None:
        context = _CONTEXT if shared is None else _SHARING
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child, store_path, os.getpid(), shared), daemon=True,
            name="aigraph-query")
        self.process.start()
        child.close()
        if wait:
            self.ready()

    def ready(self) -> None:
        """Wait until the worker has opened the store.

        :raises StoreError: if it did not start in time or could not open the store.
        """
        if not self.conn.poll(_START_TIMEOUT):
            self.kill()
            raise StoreError("a query worker did not start in time")
        status, message = self.conn.recv()
        if status != "ready":
            self.kill()
            raise StoreError(message)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """A fixed number of worker processes over one store, each replaceable, and the
    in-process evaluation of requests they have shown to be cheap.

    :param store_path: the store folder to open read-only.
    :param size: how many workers (queries evaluated at the same time).
    :param timeout: seconds a query may run before its worker is killed.
    :param inline_limit: a request a worker answered within this many seconds is evaluated
        in-process from then on; 0 sends every request to a worker.
    :param store: the store to evaluate in-process with (the caller's, opened read-only on
        the same folder, or its copy in memory); without it the pool opens its own when it
        starts. When it is a copy in memory (:class:`aigraph.store.MemoryCopy`), the
        workers are forked from this process and read that very copy: one copy made per
        server process however many workers, none to wait for in each, and the same order of
        unordered rows in-process and in the workers (Oxigraph orders them differently in
        memory and on disk, and an answer must keep its bytes and ETag from its second
        evaluation on, which is in-process). Otherwise each worker opens the folder.
    :param memory_quads: when the pool opens its own store: a store of at most this many
        quads is copied into memory, as :func:`aigraph.store.in_memory` does; 0 reads it
        from disk.
    """

    def __init__(self, store_path: Path, size: int, timeout: float,
                 inline_limit: float = 0.0, store: Store | MemoryCopy | None = None,
                 memory_quads: int = 0) -> None:
        self.store_path = str(Path(store_path).resolve())
        self.size = max(1, size)
        self.timeout = timeout
        self.inline_limit = min(max(0.0, inline_limit), timeout)
        self._store = store
        self.memory_quads = memory_quads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._costs: OrderedDict[bytes, _Cost] = OrderedDict()
        self.replaced = 0
        self.inline = 0
        self.whole = 0

    def start(self) -> None:
        """Start the workers (and open the store for in-process evaluation if need be).

        :raises StoreError: if a worker cannot open the store.
        """
        # Started side by side, then waited for: each spends most of its start importing.
        if self._store is None and (self.inline_limit > 0 or self.memory_quads > 0):
            self._store = _open(self.store_path, self.memory_quads)
        starting = [_Worker(self.store_path, self._shared, wait=False)
                    for _ in range(self.size)]
        try:
            for worker in starting:
                worker.ready()
        except StoreError:
            for worker in starting:
                worker.kill()
            raise
        with self._lock:
            self._all.update(starting)
        for worker in starting:
            self._idle.put(worker)

    @property
    def _shared(self) -> MemoryCopy | None:
        """The copy in memory the workers share, if the store is served from one."""
        return self._store if isinstance(self._store, MemoryCopy) else None

    def _add(self) -> None:
        worker = _Worker(self.store_path, self._shared)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.replaced += 1
        self._add()

    def run(self, request: QueryRequest) -> Answer:
        """Evaluate a request: in-process if a worker has answered it within the inline
        limit before, else on the next free worker (blocking).

        :raises QueryTimeout: if it ran past the time limit (the worker was killed).
        :raises QueryError: for a syntax or evaluation error, or a worker that died.
        :raises NoAcceptableFormat: when no acceptable format fits the kind of answer.
        """
        key = request.digest
        cost = self._known(key)
        if (cost is not None and self._store is not None and self.inline_limit > 0
                and cost.seconds <= self.inline_limit):
            return self._run_here(request, key, cost)
        whole = cost.rows if cost is not None and not cost.truncated else None
        if whole is not None:
            with self._lock:
                self.whole += 1
        answer, seconds = self._run_in_worker(request, whole)
        if repeatable(request.query):
            self._note(key, _Cost(seconds, answer.rows, answer.truncated))
        return answer

    def instant(self, request: QueryRequest) -> bool:
        """Whether a request is known to be answered in-process within :data:`INSTANT`
        seconds: then handing it to another thread (to keep an event loop free while it
        runs) costs more than running it where it is asked."""
        cost = self._known(request.digest)
        return (cost is not None and self._store is not None and self.inline_limit > 0
                and cost.seconds <= min(INSTANT, self.inline_limit))

    def _known(self, key: bytes) -> _Cost | None:
        """What the last evaluation of a request cost, if the pool remembers it."""
        with self._lock:
            cost = self._costs.get(key)
            if cost is not None:
                self._costs.move_to_end(key)
        return cost

    def _note(self, key: bytes, cost: _Cost) -> None:
        with self._lock:
            self._costs[key] = cost
            self._costs.move_to_end(key)
            while len(self._costs) > COST_ENTRIES:
                self._costs.popitem(last=False)

    def _run_here(self, request: QueryRequest, key: bytes, cost: _Cost) -> Answer:
        """Evaluate a request known to be cheap in this thread; an answer known to be
        whole is written by pyoxigraph without taking the GIL back for every row. The
        processor time it took (the thread's own, not the waits for the GIL) is noted
        again."""
        assert self._store is not None
        started = time.thread_time()
        try:
            result = self._store.query(request.query,  # type: ignore[arg-type]
                                       **query_arguments(request))
            answer = None
            if not cost.truncated:
                answer = write_whole(result, request.result_format, request.graph_format,
                                     cost.rows)
            if answer is None:
                answer = write(result, request)
        except SyntaxError as exc:
            raise QueryError(_syntax_message(exc, request.query)) from exc
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            raise QueryError(f"the query failed: {exc}") from exc
        self._note(key, _Cost(time.thread_time() - started, answer.rows, answer.truncated))
        with self._lock:
            self.inline += 1
        return answer

    def _run_in_worker(self, request: QueryRequest,
                       whole: int | None = None) -> tuple[Answer, float]:
        """The answer from the next free worker, and the processor seconds it took;
        ``whole`` as for :func:`evaluate`."""
        worker = self._idle.get()
        try:
            worker.conn.send((request, whole))
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                worker = None  # type: ignore[assignment]
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was "
                                   "stopped; narrow it (add LIMIT, more specific patterns)")
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            if worker is not None:
                self._replace(worker)
                worker = None  # type: ignore[assignment]
            raise QueryError("the query worker stopped unexpectedly; the query was not "
                             "answered, try again") from exc
        finally:
            if worker is not None:
                self._idle.put(worker)
        if status == "ok":
            return payload  # type: ignore[no-any-return]
        if status == "syntax":
            raise QueryError(payload)
        if status == "format":
            raise NoAcceptableFormat(payload)
        raise QueryError(f"the query failed: {payload}")

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.kill()


@lru_cache(maxsize=COST_ENTRIES)
def repeatable(query: str) -> bool:
    """Whether a query gives the same answer each time it is evaluated on the same store:
    it uses none of the :data:`UNREPEATABLE` keywords. Only the query's own words count,
    not the same letters in a comment, a string, an IRI, a prefixed name or a variable
    (``# date of service launch``, ``aig:Service``). Remembered by text: the same queries
    come again and again, and reading one takes longer than some evaluate.

    >>> repeatable("SELECT ?service { ?service a aig:Service } # no SERVICE call")
    True
    >>> repeatable("SELECT * { ?s ?p ?o FILTER(rand() < 0.5) }")
    False
    """
    return not any(token.kind == "word" and token.text.upper() in UNREPEATABLE
                   for token in tokens(query))


def _syntax_message(exc: SyntaxError, query: str) -> str:
    """One line for a query that does not parse: an update sent as a query is named as one,
    an undeclared prefix is named where it starts, anything else keeps the parser's reason."""
    operation = update_operation(query)
    if operation:
        return (f"this is a SPARQL update ({operation}), not a query: the endpoint only "
                "reads; send a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return describe_syntax_error(exc, query)
