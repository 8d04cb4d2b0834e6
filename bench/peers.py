"""The servers under test: how each is started, and the data each is given.

* aigraph: ``aigraph serve`` on the built store (``var/store``), measured *uncached*
  (``Cache-Control: no-cache``) and *cached*.
* Oxigraph: ``oxigraph serve-read-only`` on a store loaded beforehand from the exported
  N-Quads plus the merged Turtle in the default graph.
* Oxigraph in memory: ``oxigraph serve`` without ``--location`` (an in-memory store), given
  the same two files by HTTP right after it answers (Graph Store Protocol: ``POST /store``
  for the N-Quads, ``POST /store?default`` for the Turtle), and again after every restart.
  aigraph serves a small store from a copy in memory, so this is the like-for-like native
  figure beside the on-disk one.
* rdflib-endpoint: ``rdflib-endpoint serve`` on the exported N-Quads, under an
  address-space cap (it has no query timeout).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.console import say
from bench.settings import BIN, ROOT, Settings

OURS, OXIGRAPH, RDFLIB = "aigraph", "oxigraph", "rdflib-endpoint"
OXIGRAPH_MEMORY = "oxigraph-memory"
UNCACHED, CACHED = "uncached", "cached"
TOOL_LIMIT_S = 600.0
NQUADS, TURTLE = "application/n-quads", "text/turtle"


@dataclass(frozen=True)
class Upload:
    """A file a server is given by HTTP once it answers: ``POST`` of its bytes to ``target``
    (a path and query string on the server) with ``content_type``."""

    target: str
    file: Path
    content_type: str


@dataclass(frozen=True)
class Peer:
    """A server ready to start: its command line, loopback port, endpoint path and modes,
    and the files it is loaded with by HTTP after each start (none for most)."""

    name: str
    command: list[str]
    port: int
    path: str
    startup_note: str
    modes: tuple[str, ...] = (UNCACHED,)
    memory_limit_mib: int = 0
    uploads: tuple[Upload, ...] = ()

    @property
    def base(self) -> str:
        """The server's root URL: scheme, loopback address and port."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def endpoint(self) -> str:
        """The endpoint's URL, without a query string (where a POST goes)."""
        return f"{self.base}{self.path}"

    def url(self, sparql: str) -> str:
        """The GET URL that sends ``sparql`` to this server's endpoint."""
        return f"{self.endpoint}?query={quote(sparql, safe='')}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_tool(command: list[str], limit_s: float = TOOL_LIMIT_S) -> float:
    """Run a preparation step; returns its wall time.

    :raises RuntimeError: if it fails.
    :raises subprocess.TimeoutExpired: if it takes longer than ``limit_s``.
    """
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=limit_s,
                          check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return time.perf_counter() - start


def export_data(work: Path) -> tuple[Path, Path]:
    """The built store as N-Quads (named graphs) and Turtle (the merged default graph).

    :raises RuntimeError: if ``aigraph export`` fails.
    :raises subprocess.TimeoutExpired: if it does not finish.
    """
    nquads, turtle = work / "data.nq", work / "merged.ttl"
    aigraph = [str(BIN / "aigraph"), "--root", str(ROOT)]
    run_tool([*aigraph, "export", "--format", "nq", "-o", str(nquads)])
    run_tool([*aigraph, "export", "--format", "ttl", "-o", str(turtle)])
    return nquads, turtle


def ours_available() -> str:
    """An empty string if ``aigraph serve`` exists, else why not."""
    try:
        done = subprocess.run([str(BIN / "aigraph"), "serve", "--help"], capture_output=True,
                              text=True, timeout=60, check=False, cwd=ROOT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"cannot run aigraph: {exc}"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"'aigraph serve' is not available yet ({last})"
    return ""


def ours_peer(_: Path, settings: Settings) -> Peer:
    """``aigraph serve`` on the built store, with its query timeout, in both modes."""
    port = free_port()
    command = [str(BIN / "aigraph"), "--root", str(ROOT), "serve", "--host", "127.0.0.1",
               "--port", str(port), "--timeout", str(settings.timeout_s)]
    return Peer(OURS, command, port, "/sparql", "process start to first answer "
                "(opens the built store)", (UNCACHED, CACHED))


def oxigraph_peer(work: Path, settings: Settings) -> Peer:
    """``oxigraph serve-read-only`` on the store ``prepare_oxigraph`` loaded."""
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(work / "oxi"),
               "--bind", f"127.0.0.1:{port}", "--timeout-s", str(settings.timeout_s)]
    return Peer(OXIGRAPH, command, port, "/query", "process start to first answer (opens a "
                "store loaded beforehand; the load is reported as preparation)")


def prepare_oxigraph(work: Path) -> float:
    """Load the named graphs, then the merged default graph, into a fresh Oxigraph store.

    Returns the seconds both loads took.

    :raises RuntimeError: if a load fails.
    """
    location = work / "oxi"
    shutil.rmtree(location, ignore_errors=True)
    oxigraph = str(BIN / "oxigraph")
    seconds = run_tool([oxigraph, "load", "--location", str(location), "--file",
                        str(work / "data.nq")])
    return seconds + run_tool([oxigraph, "load", "--location", str(location), "--file",
                               str(work / "merged.ttl")])


def oxigraph_memory_peer(work: Path, settings: Settings) -> Peer:
    """``oxigraph serve`` with an in-memory store, loaded by HTTP after each start with the
    named graphs (``POST /store``) and the merged default graph (``POST /store?default``)."""
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}",
               "--timeout-s", str(settings.timeout_s)]
    uploads = (Upload("/store", work / "data.nq", NQUADS),
               Upload("/store?default", work / "merged.ttl", TURTLE))
    return Peer(OXIGRAPH_MEMORY, command, port, "/query", "process start to first answer "
                "(an empty store in memory; the load by HTTP after it is reported as "
                "preparation, and repeated on a restart)", uploads=uploads)


def rdflib_peer(work: Path, settings: Settings) -> Peer:
    """``rdflib-endpoint serve`` on the N-Quads, under the address-space cap."""
    port = free_port()
    command = [str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port",
               str(port), str(work / "data.nq")]
    return Peer(RDFLIB, command, port, "/", "process start to first answer (parses the "
                "N-Quads into memory)", memory_limit_mib=settings.memory_limit_mib)


PeerFactory = Callable[[Path, Settings], Peer]
PEERS: dict[str, PeerFactory] = {OURS: ours_peer, OXIGRAPH: oxigraph_peer,
                                  OXIGRAPH_MEMORY: oxigraph_memory_peer, RDFLIB: rdflib_peer}


def select_peers(wanted: tuple[str, ...] | None) -> list[str]:
    """The known peer names in ``wanted`` (all if ``None``), warning about the others.

    >>> select_peers(("oxigraph", "aigraph"))
    ['oxigraph', 'aigraph']
    >>> select_peers(None)
    ['aigraph', 'oxigraph', 'oxigraph-memory', 'rdflib-endpoint']
    """
    names = list(PEERS) if wanted is None else list(wanted)
    unknown = [n for n in names if n not in PEERS]
    if unknown:
        say(f"ignoring unknown peers in BENCH_PEERS: {', '.join(unknown)}")
    return [n for n in names if n in PEERS]
