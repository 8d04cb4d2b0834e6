"""The ``aigraph`` command: the group and its options in ``main``, the commands beside it."""

from aigraph.cli import corpus, graph, query  # noqa: F401 - importing registers the commands
from aigraph.cli.main import EXIT_ERROR, EXIT_VIOLATIONS, cli, main

__all__ = ["EXIT_ERROR", "EXIT_VIOLATIONS", "cli", "main"]
