"""Serving: one uvicorn server, or several server processes sharing one listening socket.

A Python server spends part of every request in the interpreter, which one process runs on
one core at a time; the store's engine runs outside it. Several processes, each with its own
app (``create_app(settings)``), its own query workers and its own answer cache, accept
connections from one socket, so every core answers requests. The store is opened read-only
by each of them; a build swapped in is noticed by each.

The parent binds the socket, starts the processes and watches them: a process that dies is
started again (a process that keeps dying right after its start stops the server with the
reason), and SIGTERM or SIGINT stops them all. A process whose parent is gone (killed with
SIGKILL) stops by itself.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from multiprocessing.process import BaseProcess
from typing import Any

from aigraph.config import Settings
from aigraph.errors import ServeError

log = logging.getLogger("aigraph.server")
# Forked where the system can (the parent has imported the app's modules and opened
# nothing, so a process starts in milliseconds); spawned elsewhere.
_CONTEXT = multiprocessing.get_context(
    "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
#: a process that dies within this many seconds of its start counts as failing to start
_EARLY_S = 10.0
#: how many such early deaths in a row stop the server
_EARLY_LIMIT = 3
#: seconds a process has to stop after SIGTERM before it is killed
_STOP_S = 10.0
_LOG_LEVEL = "warning"
#: the most processes chosen automatically (each has its own query workers and cache)
MAX_AUTO = 4


def process_count(settings: Settings) -> int:
    """How many server processes to run: ``settings.server_processes``, or when it is 0 one
    per processor core this process may use, at most :data:`MAX_AUTO`."""
    if settings.server_processes > 0:
        return settings.server_processes
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO))


def serve(settings: Settings) -> None:
    """Serve the app on ``settings.host:settings.port`` until SIGTERM or SIGINT.

    :raises SavedQueryError: if a saved query file is malformed (checked before listening).
    :raises ServeError: if the address cannot be bound, or the server processes keep dying
        as soon as they start.
    """
    import uvicorn

    from aigraph.queries import load_queries
    from aigraph.server import create_app

    count = process_count(settings)
    if count == 1:
        app = create_app(settings)
        settle()
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=_LOG_LEVEL,
                    access_log=False)
        return
    load_queries(settings.queries_dir)  # a broken saved query stops us here, not each process
    listener = bind(settings.host, settings.port)
    try:
        Supervisor(settings, listener, count).run()
    finally:
        listener.close()


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``, inheritable by the server processes.

    :raises ServeError: if the address is in use or cannot be bound.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose "
                         "another --port or stop what is using it") from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class Supervisor:
    """Runs ``count`` server processes on one socket and keeps them running.

    :param settings: what each process serves.
    :param listener: the bound, listening socket they share.
    :param count: how many processes.
    """

    def __init__(self, settings: Settings, listener: socket.socket, count: int) -> None:
        self.settings = settings
        self.listener = listener
        self.count = count
        self.processes: list[tuple[BaseProcess, float]] = []
        self.restarted = 0
        self._stop = threading.Event()

    def run(self) -> None:
        """Start the processes, restart any that dies, stop them all on SIGTERM/SIGINT.

        :raises ServeError: if processes keep dying as soon as they start.
        """
        previous = {sig: signal.signal(sig, self._on_signal)
                    for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.processes = [self._start() for _ in range(self.count)]
            self._watch()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.stop()

    def _on_signal(self, signum: int, frame: Any) -> None:
        self._stop.set()

    def _start(self) -> tuple[BaseProcess, float]:
        process = _CONTEXT.Process(target=_child, args=(self.settings, self.listener,
                                                        os.getpid()),
                                   name="aigraph-server", daemon=False)
        process.start()
        return process, time.monotonic()

    def _watch(self) -> None:
        early = 0
        while not self._stop.wait(0.5):
            for index, (process, started) in enumerate(self.processes):
                if process.is_alive():
                    continue
                process.join()
                lived = time.monotonic() - started
                early = early + 1 if lived < _EARLY_S else 0
                if early >= _EARLY_LIMIT:
                    raise ServeError(f"the server processes stopped right after starting "
                                     f"{early} times in a row (last exit code "
                                     f"{process.exitcode}); see the messages above")
                log.warning("a server process stopped (exit code %s) after %.0f s; "
                            "starting another", process.exitcode, lived)
                self.restarted += 1
                self.processes[index] = self._start()

    def stop(self) -> None:
        """Ask every process to stop (SIGTERM: uvicorn finishes what it is answering), and
        kill what has not stopped in time."""
        for process, _ in self.processes:
            if process.is_alive() and process.pid is not None:
                try:
                    os.kill(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + _STOP_S
        for process, _ in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(5)
        self.processes = []


def _child(settings: Settings, listener: socket.socket, parent: int) -> None:
    """One server process: its own app over the shared socket."""
    import uvicorn

    from aigraph.server import create_app

    threading.Thread(target=_exit_without, args=(parent,), daemon=True,
                     name="aigraph-orphan-check").start()
    config = uvicorn.Config(create_app(settings), log_level=_LOG_LEVEL, access_log=False,
                            lifespan="on")
    settle()
    uvicorn.Server(config).run(sockets=[listener])


def settle() -> None:
    """Set what exists before serving (modules, the app, its routes and templates) apart
    from the cyclic collector: it lives as long as the process, and every full collection
    would otherwise walk all of it while a request waits."""
    gc.collect()
    gc.freeze()


def _exit_without(parent: int, every: float = 1.0) -> None:
    """Stop this process when its parent is gone: SIGTERM to itself, so that uvicorn shuts
    down and the query workers are stopped."""
    while os.getppid() == parent:
        time.sleep(every)
    os.kill(os.getpid(), signal.SIGTERM)
