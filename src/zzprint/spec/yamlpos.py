"""Safe YAML loading that remembers where every value came from.

Input: YAML text.  Output: plain Python data (dict/list/str/int/float/bool/None/date)
plus a map from each value's path (a tuple of keys and indices) to its 1-based
(line, column), so that validation errors can name FILE:LINE:COL.

Only the safe constructors are used: no Python objects are ever built.  A tag
such as ``!!python/object`` on any node — scalar, list or mapping — is refused with
its position rather than ignored, and hostile shapes (an alias "billion laughs",
an alias that contains itself, thousands of nested brackets) are UserErrors, not
hangs or RecursionErrors.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, UserError
from ..i18n import _
from ..inputs import kind_name, read_input

KeyPath = tuple[Any, ...]  # keys and indices from the document root to a value

# Tags a spec may carry: the YAML core schema.  Anything else (!!python/…, !custom) is refused.
_SAFE_TAGS = {f"tag:yaml.org,2002:{name}" for name in
              ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary")}
# A page spec has a few hundred values; aliases can multiply that exponentially.
MAX_NODES = 100_000
# PyYAML's composer and our converter recurse once per nesting level.
MAX_DEPTH = 100
# libyaml's parser when PyYAML was built with it: the same nodes and marks, ~10× faster
# than the pure-Python one (the spec is parsed on every build).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_file(path: Path, what: str, root: Path | None = None) -> tuple[Any, dict[KeyPath, tuple[int, int]]]:
    """Read a UTF-8 YAML file (``what`` names it in messages: "spec", "edition file" …).

    The file must really lie in ``root`` (default: the project it was named in), be a
    plain file and no larger than the limit for ``what`` (:mod:`zzprint.inputs`): the
    size is checked before anything is parsed.
    """
    file = str(path)
    if not os.path.lexists(path):
        raise UserError.at(_("cannot read {what}: No such file or directory").format(what=kind_name(what)), file, hint=_("check the path"))
    raw = read_input(path, kind=what, root=root)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UserError.at(_("{what} is not UTF-8").format(what=kind_name(what)), file, raw[: err.start].count(b"\n") + 1, 1,
                           _("save the file as UTF-8")) from None
    return load_yaml(text, file)


def load_yaml(text: str, file: str) -> tuple[Any, dict[KeyPath, tuple[int, int]]]:
    """Parse YAML safely; return (data, positions)."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if "nesting depth" in str(err.problem):  # libyaml's own limit (1 000 levels)
            raise UserError(Problem(_("malformed YAML: nested more than {max_depth} levels deep").format(max_depth=MAX_DEPTH), file, line, col,
                                    _("a spec needs only a few levels; look for unclosed [ or {"))) from None
        raise UserError(Problem(_("malformed YAML: {reason}").format(reason=err.problem or err), file, line, col,
                                _("check indentation and that every 'key: value' has a space after the colon"))) from None
    except yaml.YAMLError as err:
        raise UserError(Problem(_("malformed YAML: {reason}").format(reason=err), file, 1, 1, _("check the file is YAML"))) from None
    except RecursionError:
        line, col = _too_deep(text)
        raise UserError(Problem(_("malformed YAML: nested more than {max_depth} levels deep").format(max_depth=MAX_DEPTH), file, line, col,
                                _("a spec needs only a few levels; look for unclosed [ or {"))) from None
    positions: dict[KeyPath, tuple[int, int]] = {}
    if node is None:
        return {}, positions
    converter = _Converter(file, positions)
    return converter.convert(node, ()), positions


class _Converter:
    """Node graph → plain data, counting nodes so that aliases cannot blow up."""

    def __init__(self, file: str, positions: dict[KeyPath, tuple[int, int]]):
        self.file = file
        self.positions = positions
        self.nodes = 0
        self.open: set[int] = set()  # ids of the collections being converted: an alias to one is a cycle
        self.constructor = yaml.SafeLoader("")  # builds scalars from their nodes (safe constructors only)

    def fail(self, node: yaml.Node, message: str, hint: str) -> UserError:
        return UserError(Problem(message, self.file, node.start_mark.line + 1, node.start_mark.column + 1, hint))

    def convert(self, node: yaml.Node, path: KeyPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            # Point at the top-level key being read: the node itself sits inside an alias's target.
            line, col = self.positions.get(path[:1], (node.start_mark.line + 1, node.start_mark.column + 1))
            raise UserError(Problem(_("YAML has more than {max_nodes} values (aliases expanding?)").format(max_nodes=MAX_NODES), self.file, line, col,
                                    _("write the values out instead of nesting aliases (*name)")))
        if len(path) > MAX_DEPTH:
            raise self.fail(node, _("YAML nested more than {max_depth} levels deep").format(max_depth=MAX_DEPTH), _("a spec needs only a few levels"))
        self._check_tag(node)
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if id(node) in self.open:
                raise self.fail(node, _("YAML alias refers to a value that contains it"), _("remove the recursive alias (*name)"))
            self.open.add(id(node))
            try:
                return self._mapping(node, path) if isinstance(node, yaml.MappingNode) else \
                    [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
            finally:
                self.open.discard(id(node))
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, _("YAML merge keys (<<) are not supported"), _("write the keys out"))
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, _("a key must be a plain value, not a list or mapping"),
                                _("check for a stray '?' or brackets before the colon"))
            key = self._scalar(key_node)
            try:
                hash(key)
            except TypeError:
                raise self.fail(key_node, _("a key must be a plain value"), _("use a name such as 'columns'")) from None
            if key in result:
                raise self.fail(key_node, _("duplicate key {key!r}").format(key=key), _("each key may appear once"))
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            self.positions[path + (key,)] = key_pos  # known while the value is read, for messages about it
            result[key] = self.convert(value_node, path + (key,))
            # Keep the key's position (more useful for "unknown key") and the value's separately.
            self.positions[path + (key,)] = key_pos
            self.positions[path + (key, "<value>")] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
        return result

    def _check_tag(self, node: yaml.Node) -> None:
        if node.tag not in _SAFE_TAGS:
            raise self.fail(node, _("unsupported YAML tag {tag!r}").format(tag=node.tag.replace('tag:yaml.org,2002:', '!!')),
                            _("use plain strings, numbers, lists and mappings; tags such as !!python/object are never run"))

    def _scalar(self, node: yaml.Node) -> Any:
        self._check_tag(node)  # again for keys, which do not pass through convert()
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as err:
            raise self.fail(node, _("unsupported YAML value: {reason}").format(reason=err.problem),
                            _("use plain strings, numbers, lists and mappings")) from None
        except Exception as err:  # noqa: BLE001 - PyYAML's constructors fail with whatever their parsing hits:
            # ValueError for 2024-13-45 (a date pattern but no date), AttributeError for "!!timestamp text",
            # IndexError for an empty "!!int", TypeError for "!!binary 1" — all of them bad input, found by bench/fuzz.py.
            raise self.fail(node, _("bad YAML value {value!r}: {reason}").format(value=node.value, reason=err),
                            _("write dates as YYYY-MM-DD; quote the value if it is meant as text")) from None


def _too_deep(text: str) -> tuple[int, int]:
    """Where bracket nesting first passes MAX_DEPTH (quotes ignored: this only points the reader), else 1:1."""
    depth, line, col = 0, 1, 0
    for char in text:
        col += 1
        if char == "\n":
            line, col = line + 1, 0
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, col
        elif char in "]}":
            depth = max(0, depth - 1)
    return 1, 1


def position(positions: dict[KeyPath, tuple[int, int]], path: KeyPath, value: bool = True) -> tuple[int, int]:
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
