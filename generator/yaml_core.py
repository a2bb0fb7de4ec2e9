"""YAML read as YAML 1.2 (core schema), with PyYAML's C parser.

PyYAML implements YAML 1.1, where `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `10:30` is a
base-60 integer, `0755` is octal and `1_000` is a thousand: an enum of strings silently became
booleans and integers. A plain scalar is typed here by the 1.2 core schema alone:

- null: `~`, `null`, `Null`, `NULL`, or nothing at all;
- bool: `true`, `True`, `TRUE`, `false`, `False`, `FALSE`;
- int: `[-+]?[0-9]+` (decimal, leading zeros included: `0755` is 755), `0o[0-7]+`, `0x[0-9a-fA-F]+`;
- float: `[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf`, `.nan` (three spellings);
- everything else, dates and times included, is a string.

Mapping keys are the scalar's text as written (`200:` is the key "200", `0755:` stays "0755"),
since OpenAPI's keys are strings. The `<<` merge key is kept (not in 1.2, but widely used in
specs; without it a merge would turn into a key literally named `<<`). The C parser calls the
resolver below (it is Python), so the 1.2 rules cost nothing in speed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode

from generator.diagnostics import shorten

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
MERGE = "tag:yaml.org,2002:merge"

_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class Loader(_Base):  # type: ignore[valid-type,misc,unused-ignore]
    """The safe loader (C parser when available) with the YAML 1.2 core schema's resolvers.

    `plain` turns False when a value that is no JSON value is built (an explicit `!!timestamp`,
    `!!binary`, `!!set`, `!!omap` or `!!pairs`); `non_finite` turns True at a NaN or infinity."""

    yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    plain = True
    non_finite = False

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping node", node.start_mark)
        self.flatten_mapping(node)  # `<<` merge keys
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    "while constructing a mapping", node.start_mark, "found an unhashable key", key_node.start_mark
                ) from None
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _bad(node: ScalarNode, what: str) -> ConstructorError:
    return ConstructorError(
        None, None, f"{shorten(node.value)!r} is not {what} (YAML 1.2 core schema)", node.start_mark
    )


def _construct_bool(loader: Loader, node: ScalarNode) -> bool:
    text = loader.construct_scalar(node)
    if text not in _BOOLS:
        raise _bad(node, "a boolean")
    return _BOOLS[text]


def _construct_int(loader: Loader, node: ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if not _INT.match(text):
        raise _bad(node, "an integer")
    try:
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text)
    except ValueError:  # more digits than Python converts
        raise _bad(node, "an integer of a usable size") from None


def _construct_float(loader: Loader, node: ScalarNode) -> float:
    text = loader.construct_scalar(node)
    if not _FLOAT.match(text):
        raise _bad(node, "a number")
    if text.lower().lstrip("+-") == ".inf":
        loader.non_finite = True
        return -math.inf if text.startswith("-") else math.inf
    if text.lower() == ".nan":
        loader.non_finite = True
        return math.nan
    return float(text)


Loader.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
Loader.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Loader.add_implicit_resolver(INT, _INT, list("-+0123456789"))
Loader.add_implicit_resolver(FLOAT, _FLOAT, list("-+0123456789."))
Loader.add_implicit_resolver(MERGE, re.compile(r"^<<$"), ["<"])
Loader.add_constructor(BOOL, _construct_bool)
Loader.add_constructor(INT, _construct_int)
Loader.add_constructor(FLOAT, _construct_float)


def _not_plain(construct: Callable[[Loader, Node], Any]) -> Callable[[Loader, Node], Any]:
    def constructor(loader: Loader, node: Node) -> Any:
        loader.plain = False
        return construct(loader, node)

    return constructor


for _tag in ("timestamp", "binary", "set", "omap", "pairs"):  # the safe loader's other types
    _full = f"tag:yaml.org,2002:{_tag}"
    Loader.add_constructor(_full, _not_plain(yaml.SafeLoader.yaml_constructors[_full]))


class TooBig(Exception):
    """The document is larger (aliases expanded) or deeper than allowed; `line` is where."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def load(text: str, *, max_nodes: int, max_depth: int) -> Any:
    """The document in `text`, refused with `TooBig` before it is built when its aliases expand
    it to more than `max_nodes` nodes or it nests deeper than `max_depth` (a recursive alias too).

    A node is a scalar (mapping keys included) or a container, and an alias counts every node of
    what it names. The count runs on the composed node graph, once per distinct node, so an alias
    bomb costs what its text costs to parse, not what it would expand to.
    """
    return load_plain(text, max_nodes=max_nodes, max_depth=max_depth).data


@dataclass(frozen=True, slots=True)
class Loaded:
    data: Any
    # JSON data as it stands: string keys (always: a key is its scalar's text), JSON scalars, and
    # no container reached twice (an alias or a merge key names one); else it needs a copy
    plain: bool
    non_finite: bool  # a NaN or an infinity is in it


def load_plain(text: str, *, max_nodes: int, max_depth: int) -> Loaded:
    """`load`, and whether the document needs a copy to be plain JSON data (`Loaded.plain`)."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, True, False)
        shared = _count(node, max_nodes, max_depth)
        data = loader.construct_document(node)
        return Loaded(data, loader.plain and not shared, loader.non_finite)
    finally:
        loader.dispose()


def _count(root: Node, limit: int, max_depth: int) -> bool:
    """Whether a container is reached twice (through an alias)."""
    counter = _Counter(limit, max_depth)
    counter.size(root, 0)
    return counter.shared


class _Counter:
    """`_count`'s walk: a class rather than a recursive local function, whose closure would be a
    reference cycle that keeps the table of sizes alive until the cyclic collector's next pass."""

    def __init__(self, limit: int, max_depth: int) -> None:
        self.limit = limit
        self.max_depth = max_depth
        self.sizes: dict[int, int] = {}
        self.total = 0
        self.shared = False

    def size(self, node: Node, depth: int) -> int:
        if isinstance(node, ScalarNode):
            self.total += 1
            return 1
        known = self.sizes.get(id(node))
        if known is not None:  # an alias (the composer gives it the anchored node itself)
            self.shared = True
            self.total += known
            return known
        if depth > self.max_depth:
            raise TooBig(
                f"nesting deeper than {self.max_depth} levels (or a recursive alias)", node.start_mark.line + 1
            )
        before = self.total
        self.total += 1
        children = [n for pair in node.value for n in pair] if isinstance(node, MappingNode) else node.value
        for child in children:
            self.size(child, depth + 1)
            if self.total > self.limit:  # reported at the container that holds the aliases
                raise TooBig(
                    f"the document expands to more than {self.limit:,} nodes through YAML aliases; refused",
                    node.start_mark.line + 1,
                )
        known = self.sizes[id(node)] = self.total - before
        return known
