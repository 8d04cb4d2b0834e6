"""Parameters for a remote query: the ``VALUES`` block of :mod:`aigraph.binding`, which
binds a saved query's parameters in the embedded store as well."""

from aigraph.binding import Term, bind, values_block, where_brace

__all__ = ["Term", "bind", "values_block", "where_brace"]
