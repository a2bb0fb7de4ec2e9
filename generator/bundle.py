"""Multi-file `$ref`s bundled into the root document, resolved the way JSON Schema 2020-12 and
OpenAPI 3.1/3.2 define them, so that every `$ref` left is a local JSON pointer (`#/...`).

- Each file is a resource whose base URI is its `$self` (OpenAPI 3.2, resolved against the
  file's own URI), else its file URI. In 3.1 and 3.2 documents a schema's `$id` starts a new
  resource, `$anchor` (and `$dynamicAnchor`) names a schema within its resource, and a `$ref`
  resolves against the base URI in effect where it sits. Files are searched for `$id`s and
  anchors only when their text contains one (`_SCOPE_WORDS`).
- A URI names a known resource (a loaded file, a `$self`, an `$id` anywhere in a loaded file),
  else a file inside the spec's folder (a URI below a `$self` or a file's root `$id` names the
  file at the same place next to that file). An http(s) URI nothing loaded answers to is remote
  and refused (`BadInput`): the generator never fetches, and a spec that needs the network is
  not one it can make reproducible. Refs outside the folder are refused too.
- A fragment is a JSON pointer into the resource (under an `$id`, a pointer the resource lacks
  is read against the document, as tools before 2020-12 did) or an anchor name.
- A target in the root becomes a local pointer. A target in another file is copied into the
  root once: in place of the `$ref` when that is a named slot (`components/<kind>/<name>`, a
  path item), else under `components/<kind>/<name>` with the kind the `$ref`'s place gives
  (`ref_kinds.py`); where no section fits, it is inlined at each use. Swagger 2.0 is bundled
  as written (`definitions`, `parameters`, `responses`), before the upgrade to 3.0, so side
  files may point back into the root's `#/definitions/...`. A discriminator's mapping values
  that are references are rewritten too; examples, defaults, enums and consts are data, and
  a `$ref` or `$id` inside them is left alone.
- A reference that resolves to nothing stays as written and is listed as a "dangling-ref" error
  at the `$ref`'s pointer in the root document. `$id` and `$anchor` are removed once used, so
  the bundled document means the same to any reader.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from generator import ref_kinds
from generator.dangling import KIND
from generator.diagnostics import BadInput, Diagnostic, pointer_get, pointer_join, pointer_split

SCHEMA_HINTS = frozenset({"type", "properties", "allOf", "anyOf", "oneOf", "items", "enum"})
_SCOPE_WORDS = ("$id", "$anchor", "$dynamicAnchor")
# a `$ref` that is not a plain local pointer (`#/...`): only then does the root need a walk (a
# key ending in `/$ref`, such as an OData path `/users/{id}/manager/$ref`, is no reference)
_NOT_LOCAL = re.compile(r"""\$ref(?<!/\$ref)["']?\s*+:\s*+(?!["']?#/)""")
# keys whose value is data, not OpenAPI objects (unless the key is a name in a map)
_LITERALS = frozenset({"example", "examples", "default", "enum", "const", "value", "dataValue"})
_NAME_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "paths", "webhooks"}
    | {"components", "content", "encoding", "variables", "callbacks", *ref_kinds.KINDS["3.2"]}
)
_MISSING = object()


@dataclass(slots=True)
class Source:
    path: Path
    text: str
    data: dict[str, Any]
    non_finite: tuple[str, ...] = ()
    # every string `$ref` value of every mapping in `data` as parsed (JSON only, else None), which
    # lets `dangling.py` skip its walk when all resolve; None again once bundling changes `data`
    refs: frozenset[str] | None = None


def version_of(data: dict[str, Any]) -> str:
    """ "2.0", "3.0", "3.1" or "3.2": which reference rules apply (3.0 for anything unknown)."""
    if data.get("swagger") == "2.0":
        return "2.0"
    found = str(data.get("openapi", ""))
    return next((v for v in ("3.1", "3.2") if found == v or found.startswith(v + ".")), "3.0")


def bundle(root: Source, read: Callable[[Path], Source], given: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Bundle every file `root` reaches into `root.data` (changed in place); the files read (the
    root first) and the references that resolve to nothing. `given`: the root's path as given,
    for messages."""
    bundler = _Bundler(root, read, given)
    if _NOT_LOCAL.search(root.text) or (bundler.ids and any(w in root.text for w in _SCOPE_WORDS)):
        bundler.run()
        root.refs = None
    return list(bundler.sources), bundler.dangling


@dataclass(slots=True)
class _Pending:
    """A `$ref` to a URI no loaded file answers to yet; tried again once the walk is done."""

    node: dict[str, Any]
    ref: str
    file: Path
    base: str
    path: list[str | int]
    side: tuple[Path, str, int] | None
    reason: str
    into: tuple[dict[str, Any], str] | None = None  # a discriminator mapping's entry to set as well


class _Unknown(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Bundler:
    def __init__(self, root: Source, read: Callable[[Path], Source], given: Path) -> None:
        self.read = read
        self.given = given
        self.root_file = root.path.resolve()
        self.folder = self.root_file.parent
        self.data = root.data
        self.version = version_of(root.data)
        self.ids = self.version in ("3.1", "3.2")  # `$id` and anchors are 2020-12 schema keywords
        self.sources: dict[Path, Source] = {}
        self.file_base: dict[Path, str] = {}  # file → its base URI ($self, else its file URI)
        self.resources: dict[str, tuple[Path, str]] = {}  # URI → (file, pointer) of the resource
        self.scopes: dict[tuple[Path, str], str] = {}  # (file, pointer) of an `$id` → its URI
        self.anchors: dict[tuple[str, str], tuple[Path, str]] = {}  # (resource URI, name) → place
        self.dirs: list[tuple[str, Path]] = []  # (URI prefix, folder): `$self`s and root `$id`s
        self.scoped: set[Path] = set()  # files with `$id`s or anchors to honour
        self.done: dict[tuple[Path, str], str] = {}  # (file, pointer) copied → its local pointer
        self.inlining: set[tuple[Path, str]] = set()
        self.pending: list[_Pending] = []
        self.dangling: list[Diagnostic] = []
        self.side: tuple[Path, str, int] | None = None  # file and pointer being copied, its depth
        self._add(Source(self.root_file, root.text, root.data, root.non_finite))
        self.root_base = self.file_base[self.root_file]

    # ------------------------------------------------------------------------------ files
    def _add(self, source: Source) -> None:
        file = source.path
        self.sources[file] = source
        uri = file.as_uri()
        base = uri
        own = source.data.get("$self")
        if isinstance(own, str) and own:
            base = urljoin(uri, own).partition("#")[0] or uri
            self._map_dir(base, file)
        self.file_base[file] = base
        self.resources.setdefault(uri, (file, ""))
        self.resources.setdefault(base, (file, ""))
        if self.ids and any(word in source.text for word in _SCOPE_WORDS):
            self.scoped.add(file)
            self._index(source.data, file, base, "", None)

    def _map_dir(self, base: str, file: Path) -> None:
        parts = urlsplit(base)
        if parts.scheme in ("http", "https", "file") and "/" in parts.path:
            self.dirs.append((base[: base.rfind("/") + 1], file.parent))

    def _index(self, node: Any, file: Path, base: str, pointer: str, key: str | int | None) -> None:
        if isinstance(node, dict):
            ident = node.get("$id") if pointer or not ("openapi" in node or "swagger" in node) else None
            if isinstance(ident, str):
                uri, _, fragment = urljoin(base, ident).partition("#")
                if uri and uri != base:
                    base = uri
                    self.resources.setdefault(uri, (file, pointer))
                    self.scopes[(file, pointer)] = uri
                    if not pointer:
                        self._map_dir(uri, file)
                if fragment and not fragment.startswith("/"):  # draft-07's `$id: "#name"`
                    self.anchors.setdefault((base, fragment), (file, pointer))
            for word in ("$anchor", "$dynamicAnchor"):
                name = node.get(word)
                if isinstance(name, str) and name:
                    self.anchors.setdefault((base, name), (file, pointer))
            for k, v in node.items():
                if isinstance(v, dict | list) and not _literal(key, k, v):
                    self._index(v, file, base, pointer_join(pointer, k), k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                self._index(v, file, base, f"{pointer}/{i}", i)

    def _base_above(self, file: Path, pointer: str) -> str:
        """The base URI in effect at `pointer`'s parent (the node's own `$id` is read by the walk)."""
        if file in self.scoped:
            while pointer:
                pointer = pointer[: pointer.rfind("/")]
                scope = self.scopes.get((file, pointer))
                if scope is not None:
                    return scope
        return self.file_base[file]

    def _name(self, file: Path) -> str:
        if file == self.root_file:
            return str(self.given)
        return file.relative_to(self.folder).as_posix()

    # ------------------------------------------------------------------------------ walk
    def run(self) -> None:
        # the named sections first: a target they name keeps that name wherever else it is used
        named = [k for k in ("components", "definitions", "parameters", "responses") if k in self.data]
        for key in [*named, *(k for k in self.data if k not in named)]:
            value = self.data[key]
            if isinstance(value, dict | list) and key != "$ref":
                self.data[key] = self._walk(value, self.root_file, self.root_base, [key], key)
        while self.pending:
            waiting, self.pending = self.pending, []
            known = (len(self.sources), len(self.resources))
            for p in waiting:
                self.side = p.side
                new = self._resolve(p.node, p.ref, p.file, p.base, p.path)
                if new is not p.node:
                    p.node.clear()
                    p.node.update(new)
                if p.into is not None:
                    self._set_mapping(p.into, p.node, p.ref)
            self.side = None
            if len(self.pending) == len(waiting) and known == (len(self.sources), len(self.resources)):
                break
        for p in self.pending:
            self.side = p.side
            if p.reason.startswith("remote"):
                where, pointer = self._where(p.path)
                raise BadInput(where, f"{p.reason} $ref {p.ref!r} refused ({_REMOTE_HELP})", pointer=pointer)
            self._dangle(p.ref, p.path, p.reason)

    def _walk(self, node: Any, file: Path, base: str, path: list[str | int], key: str | int | None) -> Any:
        if isinstance(node, dict):
            if file in self.scoped:
                base = _enter(node, base)
            ref = node.get("$ref")
            if isinstance(ref, str) and (file != self.root_file or base != self.root_base or not _local(ref)):
                new = self._resolve(node, ref, file, base, path)
                if new is not node:
                    return new
            if key == "mapping" and len(path) > 1 and path[-2] == "discriminator":
                self._mapping(node, file, base, path)
            for k, v in list(node.items()):  # a section may grow while it is walked
                if k != "$ref" and isinstance(v, dict | list) and not _literal(key, k, v):
                    path.append(k)
                    node[k] = self._walk(v, file, base, path, k)
                    path.pop()
        elif isinstance(node, list):
            for i, v in enumerate(node):
                if isinstance(v, dict | list):
                    path.append(i)
                    node[i] = self._walk(v, file, base, path, i)
                    path.pop()
        return node

    def _mapping(self, mapping: dict[str, Any], file: Path, base: str, path: list[str | int]) -> None:
        """A discriminator's mapping values that are references (not schema names) become local
        pointers too."""
        for name, value in list(mapping.items()):
            if not isinstance(value, str) or not ("/" in value or "#" in value or value.endswith(_FILE_ENDINGS)):
                continue
            if file == self.root_file and base == self.root_base and _local(value):
                continue
            holder = {"$ref": value}
            waiting = len(self.pending)
            path.append(name)
            self._resolve(holder, value, file, base, path)
            path.pop()
            if len(self.pending) > waiting and self.pending[-1].node is holder:
                self.pending[-1].into = (mapping, name)
            else:
                self._set_mapping((mapping, name), holder, value)

    @staticmethod
    def _set_mapping(into: tuple[dict[str, Any], str], holder: dict[str, Any], ref: str) -> None:
        local = holder.get("$ref")
        if isinstance(local, str) and local != ref and _local(local):
            into[0][into[1]] = local

    def _resolve(self, node: dict[str, Any], ref: str, file: Path, base: str, path: list[str | int]) -> Any:
        """The node that replaces the `$ref` node at `path`: itself with a local `$ref`, the
        copied target (inlined), or itself unchanged (dangling, or waiting for a URI)."""
        try:
            found = self._target(ref, base)
        except _Unknown as exc:
            self.pending.append(_Pending(node, ref, file, base, list(path), self.side, exc.reason))
            return node
        if isinstance(found, str):
            self._dangle(ref, path, found)
            return node
        target_file, pointer = found
        if target_file == self.root_file:
            return self._point(node, "#" + pointer, ref, path)
        known = self.done.get(found) or self._inside_copy(target_file, pointer)
        if known is not None:
            return self._point(node, known, ref, path)
        target = pointer_get(self.sources[target_file].data, pointer)
        tokens = pointer_split(pointer)
        kind = ref_kinds.kind_at(path) or ref_kinds.filed_kind(tokens, self.version)
        if kind is None and isinstance(target, dict) and SCHEMA_HINTS & target.keys():
            kind = "schemas"
        where = ref_kinds.section(kind, self.version) if kind else None
        copied = json.loads(json.dumps(target))
        if isinstance(copied, dict) and not pointer:
            copied.pop("$self", None)
        start = self._base_above(target_file, pointer)
        if kind is not None and ref_kinds.is_slot(path, kind, self.version):
            self.done[found] = pointer_join("#", *path)  # named here: later refs to the target point here
            return self._inline(node, found, copied, start, path, ref)
        if where is None:
            return self._inline(node, found, copied, start, path, ref)
        section = self.data
        for part in where:
            section = section.setdefault(part, {})
        name = _NAME_SAFE.sub("_", tokens[-1] if tokens else target_file.stem) or "ref"
        unique, n = name, 1
        while unique in section:
            n += 1
            unique = f"{name}_{n}"
        local = pointer_join("#", *where, unique)
        self.done[found] = local
        section[unique] = {}
        saved, self.side = self.side, (target_file, pointer, len(where) + 1)
        section[unique] = self._walk(copied, target_file, start, [*where, unique], unique)
        self.side = saved
        return self._point(node, local, ref, path)

    def _inline(
        self, node: dict[str, Any], found: tuple[Path, str], copied: Any, base: str, path: list[str | int], ref: str
    ) -> Any:
        if found in self.inlining:
            self._dangle(ref, path, "the $ref chain loops back on itself without content")
            return node
        if isinstance(copied, dict):  # a Reference Object's summary and description override
            copied.update({k: v for k, v in node.items() if k in ("summary", "description")})
        self.inlining.add(found)
        saved, self.side = self.side, (found[0], found[1], len(path))
        out = self._walk(copied, found[0], base, path, path[-1] if path else None)
        self.side = saved
        self.inlining.discard(found)
        return out

    def _inside_copy(self, file: Path, pointer: str) -> str | None:
        """The local pointer of a target inside a node already copied (`#/properties/size`
        under an `$id`), so it is not copied twice."""
        rest = ""
        while pointer:
            cut = pointer.rfind("/")
            pointer, rest = pointer[:cut], pointer[cut:] + rest
            local = self.done.get((file, pointer))
            if local is not None:
                return local + rest
        return None

    def _point(self, node: dict[str, Any], local: str, ref: str, path: list[str | int]) -> dict[str, Any]:
        if local == pointer_join("#", *path):
            self._dangle(ref, path, "the $ref chain loops back on itself without content")
        else:
            node["$ref"] = local
        return node

    # ------------------------------------------------------------------------------ targets
    def _target(self, ref: str, base: str) -> tuple[Path, str] | str:
        """The (file, pointer) `ref` names, or why it names nothing; `_Unknown` for a URI that
        no file loaded so far answers to."""
        head, _, fragment = ref.partition("#")
        uri = urljoin(base, head).partition("#")[0] if head else base
        resource = self._resource(uri, ref)
        if isinstance(resource, str):
            return resource
        file, at = resource
        data = self.sources[file].data
        if not fragment:
            return resource
        if fragment.startswith("/"):
            tries = [at + fragment] + ([fragment] if at and not head else [])  # the document, pre-2020
            for pointer in tries:
                for candidate in dict.fromkeys((pointer, unquote(pointer))):
                    if pointer_get(data, candidate, _MISSING) is not _MISSING:
                        return file, candidate
            return f"{self._name(file)} has no #{fragment}"
        scope = self.scopes.get(resource, self.file_base[file])
        hit = self.anchors.get((scope, fragment)) or self.anchors.get((scope, unquote(fragment)))
        if hit is None:
            return f"no schema in {self._name(file)} has $anchor {fragment!r}"
        return hit

    def _resource(self, uri: str, ref: str) -> tuple[Path, str] | str:
        known = self.resources.get(uri)
        if known is not None:
            return known
        missing = ""
        for prefix, folder in sorted(self.dirs, key=lambda d: -len(d[0])):  # the nearest first
            if uri.startswith(prefix) and len(uri) > len(prefix):
                rest = uri[len(prefix) :]
                found = self._file(folder / unquote(rest), folder / rest, ref)
                if not isinstance(found, str):
                    return found
                missing = missing or found
        if missing:
            raise _Unknown(missing)  # perhaps the `$self` or `$id` of a file not read yet
        parts = urlsplit(uri)
        if parts.scheme == "file":
            return self._file(Path(unquote(parts.path)), Path(parts.path), ref)
        if parts.scheme in ("http", "https"):
            raise _Unknown("remote")
        raise _Unknown(f"no file and no schema $id answers to {uri!r}")

    def _file(self, path: Path, raw: Path, ref: str) -> tuple[Path, str] | str:
        if not path.exists() and raw.exists():
            path = raw
        target = path.resolve()
        if not target.is_relative_to(self.folder):
            raise BadInput(str(self.given), f"$ref {ref!r} points outside the spec's folder; refused")
        if target not in self.sources:
            if not target.is_file():
                shown = target.relative_to(self.folder).as_posix()
                return f"no such file {shown}" if not target.exists() else f"{shown} is not a file"
            self._add(self.read(target))
        return target, ""

    # ------------------------------------------------------------------------------ reports
    def _where(self, path: list[str | int]) -> tuple[str, str]:
        """The file and pointer to name for a `$ref` at `path` (in a side file, its own pointer)."""
        if self.side is None:
            return str(self.given), pointer_join("#", *path)
        side_file, pointer, depth = self.side
        return self._name(side_file), pointer_join("#" + pointer, *path[depth:])

    def _dangle(self, ref: str, path: list[str | int], reason: str) -> None:
        here = pointer_join("#", *path)
        if self.side is None:
            message = f"$ref {ref!r} resolves to nothing: {reason}"
        else:
            name, pointer = self._where(path)
            message = f"$ref {ref!r} in {name} at {pointer} resolves to nothing: {reason}"
        self.dangling.append(Diagnostic("error", here, message, KIND))


_REMOTE_HELP = "only files next to the spec, and the $id or $self of one, are read"
_FILE_ENDINGS = (".yaml", ".yml", ".json")
_NAME_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def _enter(node: dict[str, Any], base: str) -> str:
    """The base URI inside `node`; its `$id` and `$anchor` are taken out (every `$ref` becomes a
    local pointer, so they would only mislead a reader resolving against them)."""
    ident = node.get("$id")
    if isinstance(ident, str):
        base = urljoin(base, ident).partition("#")[0] or base
        del node["$id"]
    if isinstance(node.get("$anchor"), str):
        del node["$anchor"]
    return base


def _local(ref: str) -> bool:
    return ref == "#" or ref.startswith("#/")


def _literal(parent: str | int | None, key: str, value: Any) -> bool:
    """Whether `value` under `key` is data (an example, a default, an enum) rather than objects."""
    if key not in _LITERALS or parent in _NAME_MAPS:
        return False
    return not (key == "examples" and isinstance(value, dict))
