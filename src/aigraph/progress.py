"""What a long build shows while it runs: the phase, the items done, the rate and the time
left, on one line of a terminal that is redrawn in place.

:class:`Progress` also records how long each phase took (:attr:`Progress.seconds`), shown
or not, so that a build can report its phases. :func:`for_terminal` decides whether to
show anything: only on a terminal, never when ``--quiet`` is given or when the ``CI``
variable is set (a log file full of redrawn lines helps no one).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

#: How often the line is redrawn at most, in seconds.
REDRAW_EVERY = 0.1


class Progress:
    """Phases and counts of a build, drawn on ``stream`` (``None``: recorded, not drawn)."""

    def __init__(self, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        #: Seconds each finished phase took, in the order they ran.
        self.seconds: dict[str, float] = {}
        self._phase = ""
        self._total: int | None = None
        self._done = 0
        self._started = 0.0
        self._drawn = 0.0
        self._width = 0

    @contextmanager
    def phase(self, name: str, total: int | None = None) -> Iterator[Progress]:
        """Run a phase named ``name`` of ``total`` items (``None``: not counted); call
        :meth:`advance` as items are done. The phase's seconds are recorded even when it
        raises."""
        self._phase, self._total, self._done = name, total, 0
        self._started = self._drawn = self.clock()
        self._draw(force=True)
        try:
            yield self
        finally:
            took = self.clock() - self._started
            self.seconds[name] = self.seconds.get(name, 0.0) + took
            self._finish(took)

    def advance(self, items: int = 1) -> None:
        """Count ``items`` more done in the current phase."""
        self._done += items
        self._draw()

    def line(self) -> str:
        """The status line as it would be drawn now: the phase, the count, the rate and the
        time left (when the phase is counted and has made some progress)."""
        text = f"{self._phase}"
        if self._total is None:
            return text + " …"
        text += f": {self._done:,}/{self._total:,}"
        elapsed = self.clock() - self._started
        if self._done and elapsed > 0:
            rate = self._done / elapsed
            left = (self._total - self._done) / rate
            text += f" ({rate:,.0f}/s, {_duration(left)} left)"
        return text

    def _draw(self, force: bool = False) -> None:
        if self.stream is None:
            return
        now = self.clock()
        if not force and now - self._drawn < REDRAW_EVERY:
            return
        self._drawn = now
        text = self.line()
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def _finish(self, took: float) -> None:
        if self.stream is None:
            return
        count = f"{self._done:,} in " if self._total is not None else ""
        text = f"{self._phase}: {count}{_duration(took)}"
        self.stream.write("\r" + text.ljust(self._width) + "\n")
        self.stream.flush()
        self._width = 0


def for_terminal(quiet: bool = False, stream: TextIO | None = None,
                 environ: dict[str, str] | None = None) -> Progress:
    """A :class:`Progress` that draws on ``stream`` (standard error by default) when it is
    a terminal, ``quiet`` is false and ``CI`` is not set in ``environ``; otherwise one that
    only records."""
    stream = sys.stderr if stream is None else stream
    environ = dict(os.environ) if environ is None else environ
    shown = not quiet and not environ.get("CI") and stream.isatty()
    return Progress(stream if shown else None)


def _duration(seconds: float) -> str:
    """``0.4 s``, ``12 s``, ``3 min 05 s``."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if round(seconds) < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"
