"""SERVICE federation: which remote endpoints a query would call, and whether it may.

pyoxigraph evaluates ``SERVICE`` by sending HTTP requests, and offers no switch to turn
that off, so the server reads the query text itself: comments and string literals are
blanked out, then every ``SERVICE`` clause and its target are found. A public endpoint
must not make requests on a client's behalf unless the operator allowed the target.
"""

from __future__ import annotations

import re

from aigraph.errors import FederationRefused

_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_COMMENT = re.compile(r"#[^\n]*")
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE\s+(?:SILENT\s+)?(<[^>]*>|[?$]\w+|\S+)",
                      re.IGNORECASE)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def services(query: str) -> list[str]:
    """The targets of every SERVICE clause (an IRI, or a ``?variable``).

    >>> services('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    ['http://example.org/sparql']
    """
    # Keep IRIs (they may contain '#'), blank strings, then comments outside IRIs.
    iris: list[str] = []

    def keep(match: re.Match[str]) -> str:
        iris.append(match.group())
        return f"<{len(iris) - 1}>"

    text = _IRI.sub(keep, query)
    text = _STRING.sub(_blank, text)
    text = _COMMENT.sub(_blank, text)
    found = []
    for match in _SERVICE.finditer(text):
        target = match.group(1)
        if target.startswith("<") and target[1:-1].isdigit():
            target = iris[int(target[1:-1])][1:-1]
        found.append(target)
    return found


def check_federation(query: str, allowed: tuple[str, ...]) -> None:
    """Refuse a query that would call an endpoint the settings do not allow.

    :raises FederationRefused: naming the target, when SERVICE federation is off (no
        allowed prefixes) or the target is not under an allowed prefix.
    """
    for target in services(query):
        if not allowed:
            raise FederationRefused(
                f"SERVICE {target} refused: federation is off on this endpoint (it makes "
                "no requests on a client's behalf); run the query against that endpoint")
        if target.startswith(("?", "$")) or not target.startswith(allowed):
            raise FederationRefused(f"SERVICE {target} refused: only endpoints under "
                                    f"{', '.join(allowed)} may be called")
