"""Where the harness writes: progress on stderr, the report on stdout."""

from __future__ import annotations

import sys


def say(message: str) -> None:
    """Progress to stderr, so that stdout holds only the report."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def out(text: str = "") -> None:
    """One line of the report on stdout."""
    sys.stdout.write(text + "\n")


def snippet(text: str) -> str:
    """The text on one line, whitespace collapsed, at most 160 characters (for notes)."""
    return " ".join(text.split())[:160]
