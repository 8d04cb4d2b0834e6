"""One server's process: started, probed with a trivial ASK, loaded by HTTP if its peer
says so, restarted, measured, stopped."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import time
from pathlib import Path

import httpx

from bench.console import say
from bench.peers import TOOL_LIMIT_S, Peer
from bench.queries import SELECT_JSON
from bench.settings import ROOT

ASK = "ASK {}"
STARTUP_LIMIT_S = 180.0
SETTLE_LIMIT_S = 60.0
STOP_LIMIT_S = 15
READY_PROBE_S = 2.0
SETTLE_PROBE_S = 5.0
POLL_S = 0.02
MAX_PROCESSES = 1000
IDLE_LIMIT_S = 240.0
IDLE_WINDOW_S = 1.0
IDLE_SHARE = 0.1


def descendants(pid: int) -> list[int]:
    """The process and all of its children, from /proc."""
    found, queue = [], [pid]
    while queue and len(found) < MAX_PROCESSES:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return found


def memory_mib(pid: int) -> tuple[float, float]:
    """Resident memory (VmRSS) and its peak (VmHWM) of the process tree, in MiB."""
    rss = hwm = 0
    for member in descendants(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        rss += _status_kib(status, "VmRSS")
        hwm += _status_kib(status, "VmHWM")
    return rss / 1024, hwm / 1024


def proportional_mib(pid: int) -> float:
    """Proportional set size (PSS) of the process tree, in MiB: each page shared by n
    processes counts 1/n in each, so forked workers sharing a copy in memory are not
    counted once per worker as their resident sizes are."""
    total = 0
    for member in descendants(pid):
        try:
            rollup = Path(f"/proc/{member}/smaps_rollup").read_text()
        except OSError:
            continue
        total += _status_kib(rollup, "Pss")
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """Processor seconds the process tree has used so far (user and system)."""
    ticks = 0
    for member in descendants(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, limit_s: float = IDLE_LIMIT_S) -> float:
    """Seconds until the process tree uses less than a tenth of a core over a second (a
    server that copies its store into memory after its first answer is measured once the
    copy is in), at most ``limit_s``."""
    started = time.perf_counter()
    before = cpu_seconds(pid)
    while time.perf_counter() - started < limit_s:
        time.sleep(IDLE_WINDOW_S)
        now = cpu_seconds(pid)
        if now - before < IDLE_SHARE * IDLE_WINDOW_S:
            break
        before = now
    return time.perf_counter() - started


def _status_kib(status: str, key: str) -> int:
    found = re.search(rf"^{key}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) if found else 0


class Server:
    """A peer's process: started (and loaded, if its peer has uploads), restarted after a
    runaway query, stopped.

    Memory is sampled after every query; the peak is kept across restarts. ``load_s`` is the
    time the first start's uploads took (a restart loads again but keeps that figure).
    """

    def __init__(self, peer: Peer, log: Path) -> None:
        self.peer, self.log = peer, log
        self.process: subprocess.Popen[bytes] | None = None
        self.rss_mib = self.peak_mib = self.pss_mib = 0.0
        self.restarts = 0
        self.load_s: float | None = None

    def start(self, client: httpx.Client) -> float:
        """Start the process; seconds until it answers ASK. Then, if the peer has uploads,
        load them (timed apart, into ``load_s`` on the first start).

        :raises RuntimeError: if it exits or does not answer within STARTUP_LIMIT_S, or a
            load fails.
        """
        started = time.perf_counter()
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(
                self.peer.command, stdout=sink, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, cwd=ROOT, preexec_fn=self._limits)
        try:
            startup_s = wait_ready(self.peer, self.process, client, started)
            if self.peer.uploads:
                load_s = upload(self.peer, client)
                self.load_s = load_s if self.load_s is None else self.load_s
            return startup_s
        except RuntimeError:
            self.stop()
            raise

    def _limits(self) -> None:
        """In the child before exec: the peer's address-space cap, if it has one."""
        if self.peer.memory_limit_mib:
            limit = self.peer.memory_limit_mib * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def restart(self, client: httpx.Client) -> None:
        """Stop and start again, keeping the memory peak and counting the restart.

        :raises RuntimeError: if the new process does not come up.
        """
        say(f"  {self.peer.name}: restarting (it did not recover from the last query)")
        self.sample_memory()
        self.stop()
        self.restarts += 1
        self.start(client)

    def sample_memory(self) -> None:
        """Read the process tree's resident (and proportional) memory now and raise the
        peak if need be."""
        if self.process is not None and self.process.poll() is None:
            self.rss_mib, peak = memory_mib(self.process.pid)
            self.pss_mib = proportional_mib(self.process.pid)
            self.peak_mib = max(self.peak_mib, peak)

    def stop(self) -> None:
        """Stop the process and any children it left, each by its own id."""
        if self.process is None:
            return
        process, self.process = self.process, None
        children = descendants(process.pid)[1:]
        process.terminate()
        try:
            process.wait(timeout=STOP_LIMIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_LIMIT_S)
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                continue


def ask(peer: Peer, client: httpx.Client, timeout_s: float) -> bool:
    """Whether the endpoint evaluates a trivial ASK (not from a cache) within timeout_s."""
    headers = {"Accept": SELECT_JSON, "Cache-Control": "no-cache"}
    try:
        response = client.get(peer.url(ASK), headers=headers, timeout=timeout_s)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def upload(peer: Peer, client: httpx.Client) -> float:
    """POST each of the peer's uploads to the running server, in order; seconds they took.

    :raises RuntimeError: if a file cannot be read, or the server does not accept it (no
        answer within TOOL_LIMIT_S, or a status other than 2xx).
    """
    started = time.perf_counter()
    for item in peer.uploads:
        try:
            response = client.post(f"{peer.base}{item.target}", content=item.file.read_bytes(),
                                   headers={"Content-Type": item.content_type},
                                   timeout=TOOL_LIMIT_S)
        except (OSError, httpx.HTTPError) as exc:
            raise RuntimeError(f"loading {item.file.name} into {item.target} failed: "
                               f"{exc!r}") from exc
        if not response.is_success:
            raise RuntimeError(f"loading {item.file.name} into {item.target} got HTTP "
                               f"{response.status_code}: {response.text[:300]}")
    return time.perf_counter() - started


def wait_ready(peer: Peer, process: subprocess.Popen[bytes], client: httpx.Client,
               started: float) -> float:
    """Seconds from ``started`` until the endpoint answers ASK with 200.

    :raises RuntimeError: if the process exits or does not answer in time.
    """
    while time.perf_counter() - started < STARTUP_LIMIT_S:
        if process.poll() is not None:
            raise RuntimeError(f"the process exited with code {process.returncode}")
        if ask(peer, client, READY_PROBE_S):
            return time.perf_counter() - started
        time.sleep(POLL_S)
    raise RuntimeError(f"no answer to {ASK!r} within {STARTUP_LIMIT_S:.0f} s")


def settle(server: Server, client: httpx.Client) -> float:
    """Wait until the server has worked off what wrk left in flight; seconds waited.

    A server that is still busy after SETTLE_LIMIT_S (it has no timeout guard, or ignores
    it) is restarted, so that the next query is measured on an idle server.

    :raises RuntimeError: if the restarted server does not come up.
    """
    started = time.perf_counter()
    while time.perf_counter() - started < SETTLE_LIMIT_S:
        if ask(server.peer, client, SETTLE_PROBE_S):
            return time.perf_counter() - started
    server.restart(client)
    return time.perf_counter() - started
