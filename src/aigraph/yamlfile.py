"""YAML reading that remembers line numbers, so errors can name the line."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

from aigraph.errors import InputError
from aigraph.textfile import read_utf8


class Mapping(dict[str, Any]):
    """A YAML mapping that knows the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when PyYAML was built with it (about ten times faster than the pure-Python
# one; both give the same nodes with the same line marks), else the pure-Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark)
        key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    return unicodedata.normalize("NFC", loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
# Dates stay text: a partial date ("2020-06") and a full one are checked by aigraph.dates.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str)


def parse_yaml(text: str) -> Any:
    """Parse YAML text the way :func:`load_yaml` does (dates stay text, NFC strings).

    :raises yaml.YAMLError: for malformed YAML.
    """
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def load_yaml(path: Path, error: type[InputError] = InputError) -> Any:
    """Parse a UTF-8 YAML file; mappings come back as :class:`Mapping` with line numbers.

    :raises InputError: (or the given subclass) if the file is unreadable, not UTF-8 or not
        valid YAML, naming the file and line.
    """
    text = read_utf8(path, error)
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"not valid YAML: {problem}", path, line) from exc
