"""The machine and software versions a report names, so that runs can be compared."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.settings import BIN

VERSION_LIMIT_S = 30


def machine() -> dict[str, Any]:
    """CPUs, kernel, load average before the run, and the versions of wrk and the peers."""
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    return {"cpus": os.cpu_count(), "cpu": cpu[1] if cpu else platform.processor(),
            "python": platform.python_version(), "kernel": platform.release(),
            "loadavg_before": loadavg(),
            "wrk": command_version(["wrk", "--version"]),
            "oxigraph": command_version([str(BIN / "oxigraph"), "--version"]),
            "rdflib-endpoint": package_version("rdflib-endpoint"),
            "rdflib": package_version("rdflib"), "pyoxigraph": package_version("pyoxigraph")}


def cores() -> int:
    """The processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages, or ``unknown``."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def command_version(command: list[str]) -> str:
    """The first line a ``--version`` command prints, or ``unknown``."""
    try:
        done = subprocess.run(command, capture_output=True, text=True,
                              timeout=VERSION_LIMIT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    printed = done.stdout or done.stderr
    return printed.strip().splitlines()[0] if printed else "unknown"


def package_version(name: str) -> str:
    """An installed distribution's version, or ``not installed``."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"
