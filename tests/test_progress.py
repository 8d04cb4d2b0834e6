"""The progress line of long builds: phase, items done, rate and time left; quiet off a
terminal, with --quiet and in CI."""

from __future__ import annotations

import io

import pytest

from aigraph.progress import Progress, for_terminal


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_line_says_the_phase_count_rate_and_time_left() -> None:
    clock = Clock()
    progress = Progress(clock=clock)
    with progress.phase("reading articles", total=1000):
        clock.now += 2.0
        progress.advance(250)
        assert progress.line() == "reading articles: 250/1,000 (125/s, 6.0 s left)"
        clock.now += 58.0
        progress.advance(250)
        assert progress.line() == "reading articles: 500/1,000 (8/s, 1 min 00 s left)"
    assert progress.seconds == {"reading articles": 60.0}


def test_an_uncounted_phase_shows_its_name() -> None:
    progress = Progress(clock=Clock())
    with progress.phase("validating"):
        assert progress.line() == "validating …"


def test_each_finished_phase_leaves_one_line_with_its_time() -> None:
    clock, stream = Clock(), Terminal()
    progress = Progress(stream, clock=clock)
    with progress.phase("reading articles", total=3):
        for _ in range(3):
            clock.now += 1.0
            progress.advance()
    with progress.phase("validating"):
        clock.now += 12.0
    finished = [part.strip() for part in stream.getvalue().split("\r") if part.endswith("\n")]
    assert finished == ["reading articles: 3 in 3.0 s", "validating: 12 s"]


def test_a_phase_that_raises_is_timed_and_the_error_goes_on() -> None:
    clock = Clock()
    progress = Progress(clock=clock)
    with pytest.raises(ValueError, match="broken"), progress.phase("validating"):
        clock.now += 1.5
        raise ValueError("broken")
    assert progress.seconds == {"validating": 1.5}


@pytest.mark.parametrize(("quiet", "environ", "terminal", "shown"), [
    (False, {}, True, True),
    (True, {}, True, False),
    (False, {"CI": "true"}, True, False),
    (False, {}, False, False),
])
def test_it_is_drawn_only_on_a_terminal_without_quiet_or_ci(
        quiet: bool, environ: dict[str, str], terminal: bool, shown: bool) -> None:
    stream = Terminal() if terminal else io.StringIO()
    progress = for_terminal(quiet, stream, environ)
    with progress.phase("writing the store"):
        pass
    assert bool(stream.getvalue()) is shown
    assert "writing the store" in progress.seconds
