"""A private OpenLink Virtuoso 7 (Debian's ``virtuoso-opensource-7-bin``) for integration tests.

``VirtuosoServer(folder)`` writes a minimal ``virtuoso.ini`` into ``folder`` (database, logs and
transaction files all live there), starts ``virtuoso-t +foreground`` with its HTTP server and its
ISQL (SQL) port on two free loopback ports, lets the anonymous SPARQL user write, and waits until
``/sparql`` answers. Leaving the ``with`` block stops the server and waits for it to exit.

Behaviour of this Virtuoso (07.20.3229, Debian bookworm) that a SPARQL client has to live with:

Writing
    * A fresh database gives the anonymous ``SPARQL`` user read access only. ``GRANT SPARQL_UPDATE
      TO "SPARQL"`` (done here through ``isql-vt`` as ``dba``/``dba``) enables both SPARQL Update
      on ``/sparql`` and the Graph Store Protocol on ``/sparql-graph-crud``. The grant only reaches
      HTTP sessions that start after it: if ``/sparql`` was used anonymously before, updates keep
      failing with "SR186: No permission ... SPARQL_INSERT_DICT_CONTENT" until a restart. So the
      grant is made before the first HTTP request.
    * GSP ``PUT``/``POST``/``DELETE ?graph=IRI`` work (201 when a graph is created, 200 when it is
      replaced or added to, 404 when deleting or getting a missing graph; ``HEAD`` is 501). The
      body's media type is sniffed, not read from ``Content-Type``: N-Triples, Turtle and
      RDF/XML load whatever the header says; N-Quads, TriG and JSON-LD are refused (500). A body
      that does not parse is a 500, not a 400. When a request is refused before its body is read
      (``?default``, no ``?graph``), the unread body poisons the keep-alive connection: the next
      request on it gets a 501. Close the connection after a failed GSP write (or send
      ``Connection: close``).
    * There is no writable default graph: GSP ``?default`` answers 500 ("not configured to have a
      default graph"), ``INSERT DATA`` without ``GRAPH`` and ``CLEAR DEFAULT`` are 400. The
      ``[SPARQL] DefaultGraph`` ini setting changes none of this. Load into named graphs only.
    * ``INSERT DATA`` fails with "SP030 ... memory exhausted" (400) above about 4,990 triples in
      one request; send at most a few thousand per request. Updates are accepted in the ``update``
      form field, the ``query`` field or an ``application/sparql-update`` body.
    * Loading 100,000 N-Triples takes about 1 s in one GSP ``PUT`` and about 3 s as ``INSERT
      DATA`` requests of 1,000 triples.

The default graph and the dataset
    * A query without ``FROM``/``GRAPH`` sees every graph in the store, Virtuoso's own included
      (``virtrdf#``, ``ldp#`` and ``http://localuriqaserver/sparql``: about 2,500 triples in a fresh
      database), as a bag: a triple held in two graphs is matched twice. Several ``FROM`` clauses or
      ``default-graph-uri`` parameters are not merged to a set either.
    * ``default-graph-uri`` does restrict the default graph, but without ``named-graph-uri`` the
      named graphs are not restricted: ``GRAPH ?g`` still sees every graph, system ones included.
      The same holds for ``FROM`` without ``FROM NAMED``. ``named-graph-uri`` alone restricts
      ``GRAPH ?g`` and leaves the default graph empty; both parameters together behave as the
      protocol says. A ``default-graph-uri`` is added to the query's ``FROM`` instead of overriding
      it.

Results
    * ``application/sparql-results+json`` uses ``"type": "typed-literal"`` for literals with a
      datatype (pyoxigraph's parser accepts it), adds ``head.link`` and ``results.distinct``/
      ``ordered``, and writes non-ASCII text as ``\\uXXXX`` escapes.
    * ASK never answers ``{"boolean": ...}``: in JSON and XML it is a result set with the one
      variable ``__ASK_RETVAL``, one row holding ``1`` (xsd:integer) for true and no row for false.
      Only Turtle (``rs:boolean TRUE``) looks like a boolean. Boolean values in SELECT
      (``true``, ``?a = ?b``, ``isIRI(...)``) come back as xsd:integer ``1``/``0``.
    * ``Accept`` is negotiated once, not per query form: ``application/sparql-results+json,
      application/n-triples;q=0.9`` gives JSON for SELECT and ASK but a 500 ("SR606 ...
      sparql_rset_json_write_row") for CONSTRUCT and an empty JSON result set for DESCRIBE; with
      N-Triples first, SELECT comes back as an RDF description of the result set. q-values are
      honoured when picking the one type. Choose the ``Accept`` header from the query form.
      Without ``Accept`` (or with ``*/*``) SELECT answers ``application/sparql-results+xml``.
    * CONSTRUCT answers ``application/n-triples`` (tab separated, non-ASCII as ``\\uXXXX``) and
      ``text/turtle``.
    * A ``POST`` with an ``application/sparql-query`` body gets no answer at all (the client times
      out); use GET or a form-encoded POST.
    * Errors: a query syntax error is a 400 with a ``text/plain`` body such as ``Virtuoso 37000
      Error SP030: SPARQL compiler, line 1: syntax error at 'SELEC' before '?x'`` followed by the
      query. Without the grant, an update is a 500 (``SR186 ... No permission``) and a GSP write a
      403. An empty query is answered 200.
    * With ``[SPARQL] ResultSetMaxRows`` set (many servers use 10,000), longer SELECT and CONSTRUCT
      results are silently cut, status 200, flagged only by an ``X-SPARQL-MaxRows`` header. This
      ini leaves it unset (no limit).
    * ``ORDER BY`` with ``LIMIT``/``OFFSET`` adding up to more than ``[Parameters]
      MaxSortedTopRows`` (10,000 unless set; this ini sets 1,000,000) fails with ``SR353 Sorted TOP
      clause specifies more then N rows to sort``.
    * Blank nodes come back as ``nodeID://b10000`` in JSON and ``_:b10000`` in N-Triples.

Literals
    * ``"..."@ko`` (Korean text, emoji too), plain and ``xsd:string`` literals, ``xsd:gYear``,
      ``xsd:gYearMonth``, ``xsd:date`` and ``xsd:dateTime`` (with or without a zone) keep their
      lexical form; language tags come back lower-cased (``en-GB`` becomes ``en-gb``).
    * Numbers and booleans are stored as values, so their lexical form is canonicalised:
      ``"042"^^xsd:integer`` is ``42``, ``"1.50"^^xsd:decimal`` is ``1.5``,
      ``"1.0"^^xsd:decimal`` is ``1``, ``"1.5E3"^^xsd:double`` is ``1500.0``, and
      ``"true"^^xsd:boolean`` is ``1`` in JSON but ``true`` in N-Triples (and from ``STR()``).
      ``"-0044"^^xsd:gYear`` comes back as ``-044``.
    * ``DATATYPE()`` of a language-tagged literal is unbound, not ``rdf:langString``.

Start and stop: a fresh database is created and answering in about 2 s; ``SIGTERM`` makes a quick
shutdown (well under 2 s) that removes the lock file. The server takes about 270 MB of memory,
almost all of it fixed: ``NumberOfBuffers`` only adds 8 KiB pages as they are used.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

import httpx

from tests.conftest import free_port

SERVER = "virtuoso-t"
CLIENT = "isql-vt"
#: The password of ``dba`` in a database that Virtuoso has just created.
DBA_PASSWORD = "dba"

INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
ServerThreads = 8
CheckpointInterval = 0
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
MaxQueryMem = 256M
MaxSortedTopRows = 1000000
DirsAllowed = ., {folder}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 8
MaxClientConnections = 8
MaxKeepAlives = 8
"""

#: Statements run as ``dba`` before the first HTTP request: the anonymous user may write.
GRANTS = ['GRANT SPARQL_UPDATE TO "SPARQL";']


class VirtuosoError(RuntimeError):
    """Virtuoso could not be started, configured or asked."""


def available() -> bool:
    """Whether the server and its SQL client are installed."""
    return shutil.which(SERVER) is not None and shutil.which(CLIENT) is not None


class VirtuosoServer:
    """A throwaway Virtuoso in ``folder``, serving SPARQL on a free loopback port.

    Use it as a context manager; the attributes below are set once it has started.
    ``buffers`` is Virtuoso's ``NumberOfBuffers`` (8 KiB pages held in memory).
    """

    def __init__(self, folder: Path, *, buffers: int = 4000, start_timeout: float = 60.0) -> None:
        self.folder = folder.resolve()
        self.buffers = buffers
        self.start_timeout = start_timeout
        self.http_port = 0
        self.isql_port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.startup_seconds = 0.0

    # -- addresses ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The root of the HTTP server."""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        """The SPARQL protocol endpoint (GET or form-encoded POST)."""
        return f"{self.base_url}/sparql"

    @property
    def update_url(self) -> str | None:
        """Where SPARQL Update is accepted (the same endpoint, ``update=`` form field)."""
        return f"{self.base_url}/sparql"

    @property
    def gsp_url(self) -> str | None:
        """The Graph Store Protocol endpoint (``?graph=IRI`` only; ``?default`` is refused)."""
        return f"{self.base_url}/sparql-graph-crud"

    @property
    def log_path(self) -> Path:
        """The server's console output (its error log is ``virtuoso.log`` beside it)."""
        return self.folder / "console.log"

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> VirtuosoServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Write the ini, start the server, grant write access, and wait for ``/sparql``."""
        if not available():
            raise VirtuosoError(f"{SERVER} and {CLIENT} are not installed "
                                "(Debian package virtuoso-opensource-7-bin)")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.http_port = free_port()
        self.isql_port = free_port()
        while self.isql_port == self.http_port:
            self.isql_port = free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(folder=self.folder, http_port=self.http_port,
                                  isql_port=self.isql_port, buffers=self.buffers,
                                  dirty_buffers=self.buffers * 3 // 4), encoding="utf-8")
        began = time.monotonic()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [SERVER, "+foreground", "+configfile", str(ini)],
                cwd=self.folder, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = began + self.start_timeout
        self._wait_for_port(self.isql_port, deadline)
        self._wait_for_sql(deadline)
        for statement in GRANTS:
            self.isql(statement)
        self._wait_for_sparql(deadline)
        self.startup_seconds = time.monotonic() - began

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the server to shut down (SIGTERM) and wait; kill it if it does not go."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)

    # -- SQL ---------------------------------------------------------------------------------

    def isql(self, sql: str, timeout: float = 60.0) -> str:
        """Run SQL statements (each ending in ``;``) as ``dba``; their output, or VirtuosoError.

        ``isql-vt`` exits 0 even when a statement fails, so its error lines are looked for.
        """
        result = subprocess.run(
            [CLIENT, f"127.0.0.1:{self.isql_port}", "dba", DBA_PASSWORD, "VERBOSE=OFF",
             "BANNER=OFF", f"EXEC={sql}"],
            capture_output=True, text=True, timeout=timeout, check=False,
            env={**os.environ, "LANG": "C.UTF-8"},
        )
        if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
            raise VirtuosoError(f"isql failed ({result.returncode}) on {sql!r}: "
                                f"{(result.stderr or result.stdout).strip()}")
        return result.stdout

    # -- waiting -----------------------------------------------------------------------------

    def _check_running(self) -> None:
        if self.process is None or self.process.poll() is not None:
            code = None if self.process is None else self.process.returncode
            raise VirtuosoError(f"{SERVER} exited ({code}) while starting:\n{self._log_tail()}")

    def _log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def _timeout(self, what: str) -> VirtuosoError:
        return VirtuosoError(f"{SERVER} did not {what} within {self.start_timeout} s:\n"
                             f"{self._log_tail()}")

    def _wait_for_port(self, port: int, deadline: float) -> None:
        while time.monotonic() < deadline:
            self._check_running()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1.0):
                    return
            except OSError:
                time.sleep(0.1)
        raise self._timeout(f"open port {port}")

    def _wait_for_sql(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            self._check_running()
            try:
                self.isql("SELECT 1;", timeout=10.0)
                return
            except (VirtuosoError, subprocess.TimeoutExpired):
                time.sleep(0.1)
        raise self._timeout("accept SQL")

    def _wait_for_sparql(self, deadline: float) -> None:
        with httpx.Client(timeout=5.0) as client:
            while time.monotonic() < deadline:
                self._check_running()
                try:
                    response = client.get(self.query_url, params={"query": "ASK {}"},
                                          headers={"Accept": "application/sparql-results+json"})
                    if response.status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise self._timeout("answer SPARQL")
