"""Safe YAML loading that remembers where every value came from.

Input: YAML text.  Output: plain Python data (dict/list/str/int/float/bool/None)
plus a map from each value's path (a tuple of keys and indices) to its 1-based
(line, column), so that validation errors can name FILE:LINE:COL.

Only the safe constructors are used: no Python objects are ever built.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import Problem, UserError

Path = tuple[Any, ...]


def load_yaml(text: str, file: str) -> tuple[Any, dict[Path, tuple[int, int]]]:
    """Parse YAML safely; return (data, positions)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise UserError(Problem(f"malformed YAML: {err.problem or err}", file, line, col,
                                "check indentation and that every 'key: value' has a space after the colon")) from None
    except yaml.YAMLError as err:
        raise UserError(Problem(f"malformed YAML: {err}", file, 1, 1, "check the file is YAML")) from None
    positions: dict[Path, tuple[int, int]] = {}
    if node is None:
        return {}, positions
    return _convert(node, (), positions, file), positions


def _convert(node: yaml.Node, path: Path, positions: dict, file: str) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.SafeLoader(" ").construct_object(key_node) if not isinstance(key_node, yaml.ScalarNode) \
                else _scalar(key_node, file)
            if key in result:
                raise UserError(Problem(f"duplicate key {key!r}", file, key_node.start_mark.line + 1,
                                        key_node.start_mark.column + 1, "each key may appear once"))
            positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _convert(value_node, path + (key,), positions, file)
            # Keep the key's position (more useful for "unknown key") and the value's separately.
            positions[path + (key, "<value>")] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), positions, file) for i, item in enumerate(node.value)]
    return _scalar(node, file)


def _scalar(node: yaml.Node, file: str) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as err:
        raise UserError(Problem(f"unsupported YAML value: {err.problem}", file, node.start_mark.line + 1,
                                node.start_mark.column + 1, "use plain strings, numbers, lists and mappings")) from None


def position(positions: dict[Path, tuple[int, int]], path: Path, value: bool = True) -> tuple[int, int]:
    """The best known position for ``path``: the value, else the key, else the nearest parent."""
    path = tuple(path)
    while True:
        if value and path + ("<value>",) in positions:
            return positions[path + ("<value>",)]
        if path in positions:
            return positions[path]
        if not path:
            return (1, 1)
        path = path[:-1]
