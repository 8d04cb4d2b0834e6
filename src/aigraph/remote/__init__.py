"""A remote SPARQL 1.1 store in place of the embedded one: read (``reader``) and loaded
(``loader``)."""

from aigraph.remote.loader import load_remote
from aigraph.remote.reader import RemoteRunner, RemoteStore, open_reader

__all__ = ["RemoteRunner", "RemoteStore", "load_remote", "open_reader"]
