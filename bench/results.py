"""What a run finds out: per-query checks, per-run figures, and each server's totals.

The field names are the keys of the JSON results file (``dataclasses.asdict``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.peers import CACHED, UNCACHED


@dataclass
class Measurement:
    """One wrk run of one query in one mode; ``ok`` if any answer succeeded."""

    ok: bool
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    note: str = ""
    settle_s: float = 0.0


@dataclass
class QueryCheck:
    """The single request before the load: status, row count, time alone, ETag reuse.

    ``runaway`` marks a request that got no answer in time (the server is restarted).
    """

    ok: bool
    status: int = 0
    rows: int | None = None
    single_ms: float | None = None
    etag: str = ""
    revalidates: bool = False
    note: str = ""
    runaway: bool = False


@dataclass
class PeerResult:
    """One server's results: why it was skipped, or its startup, memory, checks and runs."""

    name: str
    command: str
    skipped: str = ""
    prepare_s: float | None = None
    startup_s: float | None = None
    startup_note: str = ""
    rss_mib: float | None = None
    peak_mib: float | None = None
    restarts: int = 0
    checks: dict[str, QueryCheck] = field(default_factory=dict)
    runs: dict[str, dict[str, Measurement]] = field(default_factory=dict)

    def modes(self) -> tuple[str, ...]:
        """The modes this server was measured in (aigraph: uncached and cached)."""
        found = {mode for runs in self.runs.values() for mode in runs}
        return tuple(m for m in (UNCACHED, CACHED) if m in found) or (UNCACHED,)
