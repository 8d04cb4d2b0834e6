"""aigraph: a knowledge graph of the Gwangju AI industry cluster, built from Korean news."""

__version__ = "0.1.0"

__all__ = ["__version__"]
