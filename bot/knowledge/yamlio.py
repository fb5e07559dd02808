"""YAML reading that remembers where every value came from.

Validation errors must name file, line and field, so mappings keep the line of each key.
PyYAML is imported on the first parse, not with this module: a process that starts from the
compiled-knowledge cache (bot/compiled.py) never parses YAML, and saves its import and memory.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml


class Located(dict):
    """A mapping that knows the 1-based line of itself and of each of its keys."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A sequence that knows the 1-based line of each item."""

    line: int
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _located_loader(base: type[yaml.SafeLoader] | type[yaml.CSafeLoader]) -> type:
    """A safe loader on `base` whose mappings and sequences remember their lines.

    Only the parser differs between bases (libyaml's C one or PyYAML's Python one); construction
    is the same Python code on the same nodes and marks, so values and lines are identical.
    """
    import yaml

    class Loader(base):  # type: ignore[valid-type,misc]
        def construct_document(self, node: yaml.Node) -> Any:
            """Strings, mappings and sequences are built by a direct walk of the node tree (the
            knowledge base is almost nothing else, and PyYAML's generic path costs more than
            libyaml's parsing); any other tag goes through PyYAML's own constructors."""
            try:
                return self._build(node, {})
            finally:
                self.constructed_objects, self.recursive_objects = {}, {}
                self.state_generators, self.deep_construct = [], False

        def _build(self, node: yaml.Node, built: dict[int, Any]) -> Any:
            tag = node.tag
            if tag == _STR and isinstance(node, yaml.ScalarNode):
                return node.value
            if tag not in (_MAP, _SEQ):
                return self.construct_object(node, deep=True)
            if id(node) in built:  # an alias: the same object, as PyYAML gives
                if built[id(node)] is None:
                    raise yaml.constructor.ConstructorError(
                        None, None, "found a recursive alias", node.start_mark)
                return built[id(node)]
            built[id(node)] = None
            if tag == _SEQ:
                value: Any = self._sequence(node, [self._build(child, built) for child in node.value])
            else:
                value = self._mapping(node, ((key_node, self._build(key_node, built), value_node)
                                             for key_node, value_node in node.value), built)
            built[id(node)] = value
            return value

        def _mapping(self, node: yaml.Node, keys: Any, built: dict[int, Any] | None) -> Located:
            mapping = Located()
            mapping.line = node.start_mark.line + 1
            mapping.key_lines = {}
            for key_node, key, value_node in keys:
                try:
                    duplicate = key in mapping
                except TypeError:  # a list or mapping as a key, as PyYAML reports it
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, "found unhashable key",
                        key_node.start_mark) from None
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark
                    )
                mapping[key] = (self._build(value_node, built) if built is not None
                                else self.construct_object(value_node, deep=True))
                mapping.key_lines[str(key)] = key_node.start_mark.line + 1
            return mapping

        @staticmethod
        def _sequence(node: yaml.Node, items: list[Any]) -> LocatedList:
            located = LocatedList(items)
            located.line = node.start_mark.line + 1
            located.item_lines = [child.start_mark.line + 1 for child in node.value]
            return located

        # PyYAML's own path, for collections inside anything _build hands to construct_object.
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Located:
            return self._mapping(node, ((k, self.construct_object(k, deep=True), v) for k, v in node.value), None)

        def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LocatedList:
            return self._sequence(node, [self.construct_object(child, deep=True) for child in node.value])

    # Implicit tags looked up by first character in one precomputed table: PyYAML's resolve()
    # rebuilds a list per scalar, a third of the parse on a large knowledge base. Same rules.
    resolvers = {
        first: [(tag, rx) for tag, rx in rules if tag != "tag:yaml.org,2002:timestamp"]
        for first, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    wildcard = resolvers.get(None, [])
    by_first = {first: tuple(rules + wildcard) for first, rules in resolvers.items() if first is not None}
    scalar_tag = Loader.DEFAULT_SCALAR_TAG

    def resolve(self: Any, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in by_first.get(value[:1], wildcard):
                    if regexp.match(value):
                        return tag
            return scalar_tag
        return _SEQ if kind is yaml.SequenceNode else _MAP

    # Dates stay strings: a `reviewed: 2026-11-29` must not turn into a datetime.date.
    Loader.yaml_implicit_resolvers = resolvers
    if not Loader.yaml_path_resolvers:  # PyYAML's path resolvers would need its own resolve()
        Loader.resolve = resolve
    Loader.add_constructor(_MAP, Loader.construct_mapping)
    Loader.add_constructor(_SEQ, Loader.construct_sequence)
    return Loader


@functools.cache
def _loaders() -> dict[str, type | None]:
    """PURE_LOADER, C_LOADER (libyaml's parser, about 10x faster on knowledge/, when PyYAML has
    it) and LOADER, the one used: built, and PyYAML imported, on first use."""
    import yaml

    pure = _located_loader(yaml.SafeLoader)
    fast = _located_loader(yaml.CSafeLoader) if yaml.__with_libyaml__ else None
    return {"PURE_LOADER": pure, "C_LOADER": fast, "LOADER": fast or pure}


def __getattr__(name: str) -> Any:
    """`yamlio.LOADER` and the others, as module attributes, built on first access."""
    if name in ("PURE_LOADER", "C_LOADER", "LOADER"):
        return _loaders()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the knowledge base, printed as `file:line: field: message`."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class YamlFileError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_yaml(path: Path, display: str, *, loader: type | None = None) -> Any:
    """Parse one file; a syntax error becomes a Problem with the parser's line."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlFileError(Problem(display, 1, "(file)", f"cannot read: {exc}")) from exc
    try:
        return yaml.load(text, Loader=loader or sys.modules[__name__].LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        raise YamlFileError(Problem(display, line, "(yaml)", what)) from exc
    except yaml.YAMLError as exc:
        raise YamlFileError(Problem(display, 1, "(yaml)", str(exc))) from exc
