"""Stage 1, load: a spec file → a `Document` (plain JSON-compatible data, one tree).

Invariants:
- YAML is read with the C safe loader (pure-Python safe loader as a fallback), never `yaml.load`;
  timestamps stay strings, mapping keys become strings (`200:` → `"200"`).
- The tree is copied once with a node budget and a depth bound, so alias bombs ("billion
  laughs") and recursive aliases end as a `BadInput`, not as memory exhaustion later.
- `$ref`s to other files inside the spec's folder are bundled into the root document (named
  components keep their names); a `$ref` outside the folder or to a URL is refused.
- Swagger 2.0 is upgraded to OpenAPI 3.0 (`upgrade.py`); the original is kept for validation.
- Line numbers are found only when an error needs one (`locate`), so the fast path parses once.
"""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import BadInput, pointer_get, pointer_join, pointer_split
from generator.upgrade import upgrade

MAX_NODES = 20_000_000  # containers, after alias expansion
ALIAS_EXPANSION = 50  # visits per distinct container beyond which aliases are a bomb
MAX_DEPTH = 256
SCHEMA_HINTS = frozenset({"type", "properties", "allOf", "anyOf", "oneOf", "items", "enum", "$ref"})

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc,unused-ignore]
    """The safe loader without the YAML 1.1 timestamp resolver (dates stay strings, as in JSON)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}


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


def load(path: Path) -> Document:
    """Read, parse and bundle one spec file."""
    root = _read(path)
    original = None
    if root.data.get("swagger") == "2.0":
        original, root.data = root.data, upgrade(root.data)
    bundler = _Bundler(path)
    bundler.run(root)
    return Document(
        path=path,
        data=root.data,
        text=root.text,
        files=tuple(bundler.sources),
        swagger2=original,
        non_finite=root.non_finite,
    )


def locate(text: str, pointer: str) -> int | None:
    """The 1-based line of `pointer` in the source text, or None when it cannot be found."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for token in pointer_split(pointer):
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if str(k.value) == token), None)
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


def locate_all(text: str, pointers: list[str]) -> dict[str, int]:
    """The 1-based lines of many pointers, parsing the text once (for `--report`); a pointer
    whose node cannot be found is left out."""
    try:
        root = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return {}
    out: dict[str, int] = {}
    for pointer in dict.fromkeys(pointers):
        node = root
        for token in pointer_split(pointer):
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if str(k.value) == token), None)
            elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
                node = node.value[int(token)]
            else:
                node = None
        if node is not None:
            out[pointer] = node.start_mark.line + 1
    return out


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


@dataclass(slots=True)
class _Source:
    path: Path
    text: str
    data: dict[str, Any]
    non_finite: tuple[str, ...] = ()


def _read(path: Path) -> _Source:
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
    data = _parse(name, text)
    if not isinstance(data, dict):
        raise BadInput(name, "the document is not a mapping (expected an OpenAPI object)", line=1)
    non_finite: list[str] = []
    return _Source(path, text, _copy_bounded(name, data, non_finite), tuple(non_finite))


def _parse(name: str, text: str) -> Any:
    if name.endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInput(name, f"malformed JSON: {exc.msg}", line=exc.lineno) from None
        except RecursionError:
            raise BadInput(name, f"nesting deeper than {MAX_DEPTH} levels") from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        raise BadInput(name, f"malformed YAML: {problem}", line=line) from None
    except yaml.YAMLError as exc:
        raise BadInput(name, f"malformed YAML: {exc}") from None
    except RecursionError:
        raise BadInput(name, f"nesting deeper than {MAX_DEPTH} levels") from None


def _copy_bounded(name: str, data: Any, non_finite: list[str]) -> Any:
    """Copy the tree with string keys, bounding depth (recursive aliases) and expansion.

    YAML aliases make one parsed container appear many times; a document that expands to far
    more nodes than it has distinct containers (an alias bomb) is refused early, while specs
    that use anchors moderately, or not at all, never come near the bound.
    """
    visits = [0]
    distinct: set[int] = set()

    def copy(node: Any, depth: int, pointer: str) -> Any:
        if depth > MAX_DEPTH:
            raise BadInput(name, f"nesting deeper than {MAX_DEPTH} levels", pointer=pointer)
        if isinstance(node, dict | list):
            visits[0] += 1
            distinct.add(id(node))
            if visits[0] > MAX_NODES or visits[0] > ALIAS_EXPANSION * len(distinct) + 100_000:
                raise BadInput(name, f"document expands to more than {visits[0]} nodes through YAML aliases")
        if isinstance(node, dict):
            return {_key(k): copy(v, depth + 1, pointer_join(pointer, _key(k))) for k, v in node.items()}
        if isinstance(node, list):
            return [copy(v, depth + 1, pointer_join(pointer, i)) for i, v in enumerate(node)]
        if isinstance(node, float) and not math.isfinite(node):
            non_finite.append(pointer)
        if node is None or isinstance(node, str | int | float | bool):
            return node
        return str(node)

    return copy(data, 0, "#")


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class _Bundler:
    """Pull `$ref`s to other local files into the root document's components.

    A target at `/components/<kind>/<name>` keeps its kind and name; another schema-like target
    becomes `components/schemas/<name>`; anything else is inlined. Refs inside an imported file
    are resolved against that file, and each (file, pointer) is imported once, so cycles across
    files end in a local `$ref`.
    """

    def __init__(self, root_path: Path) -> None:
        self.root_path = root_path
        self.folder = root_path.resolve().parent
        self.sources: dict[Path, _Source] = {}
        self.done: dict[tuple[Path, str], str] = {}
        self.root: dict[str, Any] = {}

    def run(self, root: _Source) -> None:
        self.root = root.data
        self.sources[root.path.resolve()] = root
        self._walk(root.data, root.path.resolve(), is_root=True)

    def _walk(self, node: Any, file: Path, *, is_root: bool) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and (not is_root or not ref.startswith("#")):
                return self._resolve(ref, file, node)
            for key, value in list(node.items()):
                node[key] = self._walk(value, file, is_root=is_root)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                node[i] = self._walk(value, file, is_root=is_root)
        return node

    def _resolve(self, ref: str, file: Path, node: dict[str, Any]) -> Any:
        where = str(self.root_path)
        if _REMOTE.match(ref):
            raise BadInput(where, f"remote $ref {ref!r} refused (only files next to the spec)")
        file_part, _, fragment = ref.partition("#")
        target_file = (file.parent / file_part).resolve() if file_part else file
        if not target_file.is_relative_to(self.folder):
            raise BadInput(where, f"$ref {ref!r} points outside the spec's folder; refused")
        fragment = fragment or ""
        key = (target_file, fragment)
        if key in self.done:
            return {**node, "$ref": self.done[key]}
        if target_file not in self.sources:
            self.sources[target_file] = _read(target_file)
        target = _follow(self.sources[target_file].data, fragment, str(target_file))
        tokens = pointer_split(fragment)
        if len(tokens) == 3 and tokens[0] == "components":
            kind, name = tokens[1], tokens[2]
        elif isinstance(target, dict) and SCHEMA_HINTS & target.keys():
            kind, name = "schemas", tokens[-1] if tokens else target_file.stem
        else:
            copied = json.loads(json.dumps(target))
            return self._walk(copied, target_file, is_root=False)
        section = self.root.setdefault("components", {}).setdefault(kind, {})
        unique, n = name, 1
        while unique in section:
            n += 1
            unique = f"{name}_{n}"
        local = "#" + pointer_join("/components", kind, unique)
        self.done[key] = local
        section[unique] = {}
        section[unique] = self._walk(json.loads(json.dumps(target)), target_file, is_root=False)
        return {**node, "$ref": local}


def _follow(data: Any, fragment: str, where: str) -> Any:
    missing = object()
    node = pointer_get(data, fragment, missing)
    if node is missing:
        raise BadInput(where, f"$ref target #{fragment} not found", pointer="#" + fragment)
    return node
