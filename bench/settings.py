"""The benchmark's settings: paths, the fixed load shape, and the ``BENCH_*`` variables.

The environment is read once, by ``Settings.from_env`` at the entry point, and the
``Settings`` is passed on from there; nothing here reads it at import time.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
BIN = Path(sys.executable).parent
LUA_SCRIPT = BENCH_DIR / "wrk_report.lua"
DEFAULT_OUT = ROOT / "var" / "bench" / "results.json"

CONNECTIONS = 8
THREADS = 2
CHECK_MARGIN_S = 5.0


@dataclass(frozen=True)
class Settings:
    """What one run measures, and how long; each field comes from one variable.

    * ``seconds`` — ``BENCH_SECONDS``: wrk duration per query and mode (default 5).
    * ``timeout_s`` — ``BENCH_TIMEOUT_S``: the query timeout given to the servers that take
      one (default 10).
    * ``memory_limit_mib`` — ``BENCH_MEMORY_LIMIT_MIB``: the address-space cap for
      rdflib-endpoint, the one peer without a query timeout (default 6144).
    * ``out`` — ``BENCH_OUT``: the JSON results file (default ``var/bench/results.json``).
    * ``peers`` — ``BENCH_PEERS``: comma-separated server names, in the order to run them
      (``None``, the default, means all of them: aigraph, oxigraph, oxigraph-memory,
      rdflib-endpoint).
    * ``queries`` — ``BENCH_QUERIES``: comma-separated saved-query names (``None``, the
      default, and an empty value mean all of ``queries/*.rq``).
    """

    seconds: int = 5
    timeout_s: int = 10
    memory_limit_mib: int = 6144
    out: Path = DEFAULT_OUT
    peers: tuple[str, ...] | None = None
    queries: tuple[str, ...] | None = None

    @property
    def check_limit_s(self) -> float:
        """How long a single request (check or warm-up) may wait: the timeout plus a margin."""
        return self.timeout_s + CHECK_MARGIN_S

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """The settings named by ``environ``, the defaults for variables it does not set.

        >>> Settings.from_env({"BENCH_QUERIES": "timeline, evidence"}).queries
        ('timeline', 'evidence')

        :raises ValueError: if a numeric variable is not an integer.
        """
        queries = names(environ.get("BENCH_QUERIES", ""))
        return cls(seconds=int(environ.get("BENCH_SECONDS", "5")),
                   timeout_s=int(environ.get("BENCH_TIMEOUT_S", "10")),
                   memory_limit_mib=int(environ.get("BENCH_MEMORY_LIMIT_MIB", "6144")),
                   out=Path(environ.get("BENCH_OUT", str(DEFAULT_OUT))),
                   peers=names(environ["BENCH_PEERS"]) if "BENCH_PEERS" in environ else None,
                   queries=queries or None)


def names(value: str) -> tuple[str, ...]:
    """The non-empty, stripped items of a comma-separated list.

    >>> names(" aigraph, ,oxigraph")
    ('aigraph', 'oxigraph')
    """
    return tuple(n.strip() for n in value.split(",") if n.strip())
