"""Real SPARQL servers started by the tests, to hold the graph as a remote store."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import free_port

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


class OxigraphServer:
    """``oxigraph serve`` (the PyPI ``oxigraph`` package) on a loopback port, with its data
    in ``folder``; its endpoints are ``/query``, ``/update`` and ``/store`` (GSP)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.base}/query"
        self.update_url = f"{self.base}/update"
        self.gsp_url = f"{self.base}/store"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> OxigraphServer:
        self.process = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(self.folder), "--bind",
             f"127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.query_url, params={"query": "ASK {}"}, timeout=2).is_success:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                self.stop()
                raise RuntimeError(f"oxigraph serve did not start: {error}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(15)
        if self.process.stderr is not None:
            self.process.stderr.close()

    def __exit__(self, *exc: object) -> None:
        self.stop()
