"""Stage 1, load: a spec file → a `Document` (plain JSON-compatible data, one tree).

Invariants:
- YAML is read as YAML 1.2, core schema (`yaml_core.py`: the C safe loader with 1.2 resolvers):
  `yes`/`on`/`10:30`/`0755`/`1_000` and dates are what they are in JSON; keys are strings as written.
- Size is bounded by nodes as expanded (`MAX_NODES`, counted once per distinct node before any
  expansion) and by depth, so alias bombs ("billion laughs") and recursive aliases end as a
  `BadInput` after one parse, not as memory exhaustion later; JSON gets the same bounds.
- `$ref`s to other files inside the spec's folder, `$anchor`s, `$id`s and `$self` are resolved
  and bundled into the root document by `bundle.py`, so every `$ref` left is a local pointer
  or listed in `Document.dangling`; a `$ref` outside the folder or to a URL is refused.
- Swagger 2.0 is upgraded to OpenAPI 3.0 (`upgrade.py`); the original is kept for validation.
- Line numbers are found only when an error needs one (`locate`), so the fast path parses once,
  and the parsed tree is used as it is (no copy) unless YAML aliases or tags call for one.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import json
import math
import sys
from collections.abc import Iterator
from itertools import chain, compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.bundle import Source, bundle
from generator.diagnostics import BadInput, Diagnostic, pointer_get, pointer_join, pointer_split
from generator.upgrade import upgrade

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

if TYPE_CHECKING:
    import yaml

MAX_NODES = 5_000_000  # scalars (keys too) and containers, aliases expanded; Microsoft Graph beta has 2.65 M
MAX_DEPTH = 256


@dataclass(frozen=True, slots=True)
class Document:
    path: Path
    data: dict[str, Any]
    text: str
    files: tuple[Path, ...]  # every file read: the root first, then bundled ones
    swagger2: dict[str, Any] | None = None  # the document as written, when it was Swagger 2.0
    # pointers of the root file's NaN and infinities (YAML `.nan`, JSON's `NaN` extension): not
    # JSON numbers, so never used; whoever would use one reports it
    non_finite: tuple[str, ...] = ()
    dangling: tuple[Diagnostic, ...] = ()  # references that resolve to nothing (kind "dangling-ref")
    # every string `$ref` value in the mappings of the root file as written (`Source.refs`), or None
    refs: frozenset[str] | None = None


def load(path: Path) -> Document:
    """Read, parse and bundle one spec file. Swagger 2.0 is bundled as written (so `swagger2`
    holds its side files too), then upgraded."""
    root = _read(path)
    try:
        files, dangling = bundle(root, _read, path)
    except BadInput as exc:
        if exc.pointer and exc.line is None and exc.file == str(path):
            exc.line = locate(root.text, exc.pointer)
        raise
    original = None
    if root.data.get("swagger") == "2.0":
        original, root.data = root.data, upgrade(root.data)
    return Document(
        path=path,
        data=root.data,
        text=root.text,
        files=tuple(files),
        swagger2=original,
        non_finite=root.non_finite,
        dangling=tuple(dangling),
        refs=root.refs,
    )


def locate(text: str, pointer: str) -> int | None:
    """The 1-based line of `pointer` in the source text, or None when it cannot be found."""
    return locate_all(text, [pointer])[pointer]


def locate_all(text: str, pointers: list[str]) -> dict[str, int | None]:
    """The line of each pointer, parsing the text once (JSON too: it is YAML's flow style)."""
    import yaml  # here: a JSON spec needs no YAML unless an error needs a line

    from generator import yaml_core

    try:
        root = yaml.compose(text, Loader=yaml_core.Loader)
    except (yaml.YAMLError, RecursionError):
        return dict.fromkeys(pointers)
    return {pointer: _line(root, pointer) for pointer in pointers}


def _line(node: yaml.Node | None, pointer: str) -> int | None:
    """The line of the key that holds the node (of the item, in a list), or of the deepest
    ancestor found."""
    import yaml

    line = node.start_mark.line + 1 if node is not None else None
    for token in pointer_split(pointer):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in reversed(node.value) if str(k.value) == token), None)  # last wins
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
            line = node.start_mark.line + 1
        else:
            break
    return line


def without(data: Any, pointers: tuple[str, ...]) -> Any:
    """A copy of `data` without the nodes at `pointers` (a mapping loses the key, a list item
    becomes null): what is validated when the document holds numbers JSON has no form for."""
    if not pointers:
        return data
    copied = copy.deepcopy(data)
    for pointer in pointers:
        tokens = pointer_split(pointer)
        parent = pointer_get(copied, pointer_join("#", *tokens[:-1]))
        if isinstance(parent, dict):
            parent.pop(tokens[-1], None)
        elif isinstance(parent, list) and tokens[-1].isdigit():
            parent[int(tokens[-1])] = None
    return copied


def _read(path: Path) -> Source:
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(name, "no such file") from None
    except IsADirectoryError:
        raise BadInput(name, "is a directory, not a spec file") from None
    except OSError as exc:
        raise BadInput(name, f"cannot read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(name, f"not UTF-8 text (byte {exc.start})") from None
    data, plain, non_finite_seen = _parse(name, text)
    if not isinstance(data, dict):
        raise BadInput(name, "the document is not a mapping (expected an OpenAPI object)", line=1)
    non_finite: list[str] = []
    refs = None
    try:
        if not plain:  # YAML with aliases or explicit tags: copied, each container once
            data = _copy_bounded(name, data, non_finite)
        else:
            if name.endswith(".json"):
                refs = _check_json_bounds(name, data)
            if non_finite_seen:  # rare: only then are pointers built
                non_finite.extend(_non_finite(data, "#"))
    except BadInput as exc:
        exc.line = locate(text, exc.pointer) if exc.pointer else None
        raise
    return Source(path, text, data, tuple(non_finite), refs)


def _parse(name: str, text: str) -> tuple[Any, bool, bool]:
    """The parsed document; whether it is plain JSON data as it stands (string keys, JSON
    scalars, no container in two places), and whether a NaN or infinity was seen."""
    if name.endswith(".json"):
        constants: list[str] = []

        def constant(word: str) -> float:  # `NaN`, `Infinity`, `-Infinity`: what json.loads makes of them
            constants.append(word)
            return float(word)

        try:
            with _no_collections():
                return json.loads(text, parse_constant=constant), True, bool(constants)
        except json.JSONDecodeError as exc:
            raise BadInput(name, f"malformed JSON: {exc.msg}", line=exc.lineno) from None
        except ValueError:  # the only other failure: an integer too long to convert
            raise BadInput(
                name, f"malformed JSON: an integer with more than {sys.get_int_max_str_digits()} digits"
            ) from None
        except RecursionError:
            raise BadInput(name, f"nesting deeper than {MAX_DEPTH} levels") from None
    import yaml  # here: a JSON spec needs none of it

    from generator import yaml_core

    try:
        loaded = yaml_core.load_plain(text, max_nodes=MAX_NODES, max_depth=MAX_DEPTH)
    except yaml_core.TooBig as exc:
        raise BadInput(name, exc.message, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        raise BadInput(name, f"malformed YAML: {problem}", line=line) from None
    except yaml.YAMLError as exc:
        raise BadInput(name, f"malformed YAML: {exc}") from None
    except RecursionError:
        raise BadInput(name, f"nesting deeper than {MAX_DEPTH} levels") from None
    return loaded.data, loaded.plain, loaded.non_finite


@contextlib.contextmanager
def _no_collections() -> Iterator[None]:
    """json.loads makes no reference cycles, only containers: the cyclic collector's passes over
    them while it parses (a third of Microsoft Graph's parse) find nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_json_bounds(name: str, data: dict[str, Any]) -> frozenset[str]:
    """Refuse JSON larger than `MAX_NODES` or deeper than `MAX_DEPTH`, as `_copy_bounded` does,
    without a Python call per node: the containers are visited level by level with C-level
    iteration (keys and values are counted by `len`). Only a document over a bound is walked
    again, by `_copy_bounded`, for the message and the pointer of where it crossed it.

    Returns every string `$ref` value of every mapping, found on the way at C speed too: when all
    of them resolve, `dangling.py` need not walk the document (a second walk of every node)."""
    level: list[Any] = [data]
    total = 1
    depth = 0
    container = _CONTAINERS.__contains__
    refs: set[str] = set()
    while level:
        if depth > MAX_DEPTH:
            break
        dicts = [node for node in level if node.__class__ is dict]
        lists = [node for node in level if node.__class__ is list] if len(dicts) != len(level) else []
        total += 2 * sum(map(len, dicts)) + sum(map(len, lists))  # a mapping's keys and values, a list's items
        if total > MAX_NODES:
            break
        found = list(filter(None, map(dict.get, dicts, repeat("$ref"))))
        refs.update(compress(found, map(_STRINGS.__contains__, map(type, found))))
        values = list(chain(chain.from_iterable(map(dict.values, dicts)), chain.from_iterable(lists)))
        level = list(compress(values, map(container, map(type, values))))
        depth += 1
    else:
        return frozenset(refs)
    _copy_bounded(name, data, [])  # raises, with the pointer
    raise AssertionError("a document over a bound passed _copy_bounded")  # pragma: no cover


_CONTAINERS = frozenset({dict, list})
_STRINGS = frozenset({str})


def _copy_bounded(name: str, data: Any, non_finite: list[str]) -> Any:
    """Copy the tree with string keys, after bounding its size as expanded and its depth;
    the pointers of NaN and infinities (no JSON values) go to `non_finite`. Only YAML that uses
    aliases or explicit tags needs the copy; JSON over a bound comes here for its message.

    YAML aliases make one parsed container appear many times. The expanded size is counted
    first, once per distinct container (so counting costs what parsing did), and a document that
    would expand to more than `MAX_NODES` values (an alias bomb) is refused before any expansion;
    recursive aliases end at the depth bound.
    """
    bounded = _Bounded()
    try:
        bounded.size(data, 0)
        copied = bounded.copy(data)
    except _At as exc:
        where = pointer_join("#", *reversed(exc.path))
        raise BadInput(name, exc.message, pointer=where if exc.path else "") from None
    if bounded.found:  # rare: only then are pointers built
        non_finite.extend(_non_finite(copied, "#"))
    return copied


class _Bounded:
    """`_copy_bounded`'s two walks: a class rather than recursive local functions, whose
    closures would be reference cycles kept until the cyclic collector's next pass."""

    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}  # id of a container → its size as expanded
        self.found = False  # a NaN or an infinity was copied

    def size(self, node: Any, depth: int) -> int:
        if not isinstance(node, dict | list):
            return 1
        known = self.sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise _At(f"nesting deeper than {MAX_DEPTH} levels (or a recursive YAML alias)")
        total = 1 + len(node) if isinstance(node, dict) else 1  # the container and its keys
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            try:
                total += self.size(value, depth + 1)
            except _At as exc:
                exc.path.append(_key(key) if isinstance(node, dict) else key)
                raise
            if total > MAX_NODES:
                raise _At(f"the document has more than {MAX_NODES:,} nodes; refused")
        self.sizes[id(node)] = total
        return total

    def copy(self, node: Any) -> Any:
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for k, v in node.items():
                try:
                    out[_key(k)] = self.copy(v)
                except _At as exc:
                    exc.path.append(_key(k))
                    raise
            return out
        if isinstance(node, list):
            items: list[Any] = []
            for i, v in enumerate(node):
                try:
                    items.append(self.copy(v))
                except _At as exc:
                    exc.path.append(i)
                    raise
            return items
        if isinstance(node, float) and not math.isfinite(node):
            self.found = True
        if node is None or isinstance(node, str | int | float | bool):
            return node
        return str(node)


def _non_finite(node: Any, pointer: str) -> list[str]:
    if isinstance(node, float):
        return [] if math.isfinite(node) else [pointer]
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    return [p for key, value in items for p in _non_finite(value, pointer_join(pointer, key))]


class _At(Exception):
    """A problem at a node; the path to it is collected on the way out of the recursion."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.path: list[str | int] = []


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)
