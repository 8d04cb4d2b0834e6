"""``python -m aigraph`` runs the command-line interface."""

from aigraph.cli import main

main()
