"""One validation run: the constraints of compiled shapes checked on focus nodes.

:class:`Run` holds the data (:class:`~aigraph.shacldata.Data`), the SPARQL store, built the
first time a SPARQL constraint needs it, and the conformance of (shape, node) pairs already
decided (for ``sh:or`` and ``sh:qualifiedValueShape``). :meth:`aigraph.shacl.Shapes.validate`
makes one per validation.
"""

from __future__ import annotations

import gc
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Store

from aigraph.shacldata import Data
from aigraph.shaclshape import Problem, Shape, Term, term_text
from aigraph.shaclsparql import sparql_results
from aigraph.shaclvalues import compare_to, has_datatype


class Run:
    """One validation: the data, the SPARQL store when needed, and remembered conformance."""

    def __init__(self, data: Data, store: Store | None, reads: set[NamedNode] | None) -> None:
        self.data = data
        self._store = store
        self._reads = reads
        self._conforms: dict[tuple[int, Term], bool] = {}

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store()
            collecting = gc.isenabled()
            gc.disable()
            try:
                self._store.bulk_extend(self.data.triples(self._reads))
            finally:
                if collecting:
                    gc.enable()
        return self._store

    def conforms(self, shape: Shape, node: Term) -> bool:
        key = (id(shape), node)
        found = self._conforms.get(key)
        if found is None:
            found = not self.results(shape, node) and not (
                shape.sparql and self.sparql(shape, {node}))
            self._conforms[key] = found
        return found

    def results(self, shape: Shape, focus: Term) -> list[Problem]:
        """The results of one shape (and its property shapes) on one focus node, SPARQL
        constraints apart."""
        values = self.data.objects(focus, shape.path) if shape.path else [focus]
        failures = 0
        for kind, param in shape.checks:
            failures += self._failures(kind, param, values)
        problems = []
        if failures:
            problem = Problem(shape.severity, term_text(focus), shape.path_text if shape.path
                              else "", "\n".join(shape.messages), shape.name)
            problems = [problem] * failures
        for prop in shape.properties:
            for value in values:
                problems.extend(self.results(prop, value))
        return problems

    def _failures(self, kind: str, param: Any, values: list[Term]) -> int:
        if kind == "minCount":
            return int(len(values) < param)
        if kind == "maxCount":
            return int(len(values) > param)
        if kind == "hasValue":
            return int(param not in values)
        if kind == "qualified":
            shape, least = param
            return int(sum(self.conforms(shape, v) for v in values) < least)
        if kind == "uniqueLang":
            if not param:
                return 0
            seen: dict[str, int] = {}
            for v in values:
                if isinstance(v, Literal) and v.language:
                    seen[v.language.lower()] = seen.get(v.language.lower(), 0) + 1
            return sum(1 for n in seen.values() if n > 1)
        return sum(1 for v in values if not self._passes(kind, param, v))

    def _passes(self, kind: str, param: Any, v: Term) -> bool:
        if kind == "class":
            return not isinstance(v, Literal) and self.data.is_instance(v, param)
        if kind == "datatype":
            return has_datatype(v, param)
        if kind == "nodeKind":
            return isinstance(v, param)
        if kind == "pattern":
            return not isinstance(v, BlankNode) and param.search(v.value) is not None
        if kind == "languageIn":
            if not isinstance(v, Literal) or not v.language:
                return False
            lang = v.language.lower()
            return "*" in param or lang in param or lang.split("-")[0] in param
        if kind == "in":
            return v in param
        if kind == "minInclusive":
            order = compare_to(v, param)
            return order is not None and order >= 0
        if kind == "maxInclusive":
            order = compare_to(v, param)
            return order is not None and order <= 0
        if kind == "or":
            return any(self.conforms(s, v) for s in param)
        raise AssertionError(kind)  # compile_shapes admits no other kind

    def sparql(self, shape: Shape, nodes: set[Term]) -> list[Problem]:
        """The results of a shape's SPARQL constraints on the focus nodes ``nodes``."""
        return sparql_results(self.store, shape, nodes)
