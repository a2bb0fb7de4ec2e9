"""References that resolve to nothing: found once, before anything reads the document.

A local `$ref` whose target is not in the document, or a chain of `$ref`s that comes back to
itself with no content in between (`A → A`, `A → B → A`), gives every later stage nothing to
read: a request body, a parameter or a response would vanish, a schema become `Any`. Each such
`$ref` is a `Diagnostic("error", <pointer of the object holding the $ref>, reason,
"dangling-ref")`; `pipeline.check_valid` makes them fatal unless `--lenient`, and then
normalization invents nothing (the body is left out, the parameter dropped, the response kept
without content, the schema typed `Any`), which the reason says.

A cycle through content (an object whose property refers back to it) is a recursive model, not a
dangling reference. A Swagger 2.0 document is checked as written, so the pointers are the file's.

A pointer may be percent-encoded (a `$ref` is a URI fragment, RFC 6901 §6: `~1pets~1%7Bid%7D`);
`target` decodes it when only the decoded pointer is in the document, and `schemas.lookup` reads
through it, so such a reference resolves everywhere.

One pass over the containers (GitHub's 13 MB document: about 90,000 of them, 10,000 `$ref`s; about
40 ms), each distinct `$ref` resolved once; no pass when the loader found every `$ref` value of a
JSON document on its own walk (`Document.refs`) and all of them resolve, the common case.

Values that are data, not spec objects, are not searched: `example`, `default`, `enum`, `const`,
an Example's `value`, a Link's body and parameters, `x-` extensions (an `x-` key in a map of
names, a property `x-foo`, is a name and searched), so a `$ref` inside an example payload is
never taken for a reference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from generator.diagnostics import Diagnostic, pointer_get, pointer_join, pointer_split
from generator.spec_keys import is_path

if TYPE_CHECKING:
    from generator.load import Document

KIND = "dangling-ref"
# keys whose mapping has names for keys (schemas, properties, statuses, media types, …), not keywords
_NAMES = frozenset(
    {
        "properties",
        "patternProperties",
        "dependentSchemas",
        "$defs",
        "definitions",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "securityDefinitions",
        "examples",
        "callbacks",
        "pathItems",
        "mediaTypes",
        "content",
        "encoding",
        "paths",
        "webhooks",
        "additionalOperations",  # 3.2: method name → operation
    }
)
_DATA = frozenset({"example", "default", "enum", "const", "value", "dataValue", "serializedValue"})
# maps whose other keys are not read (spec_keys): only `/…` keys are paths; `x-` keys among statuses are extensions
_SKIPPED = {"paths": lambda key: not is_path(key), "responses": lambda key: key[:2] == "x-"}
_MISSING = object()


def dangling_refs(doc: Document) -> list[Diagnostic]:
    """Every reference of `doc` that resolves to nothing: the loader's (side files, in
    `doc.dangling`) first, then the local ones of the root document, each pointer once."""
    data = doc.swagger2 if doc.swagger2 is not None else doc.data
    found = list(doc.dangling)
    if doc.refs is not None and _all_resolve(data, doc.refs):
        return found  # the walk would check a subset of these `$ref`s: it would find nothing
    seen = {d.pointer for d in found}
    for d in _Walk(data, swagger2=doc.swagger2 is not None).run():
        if d.pointer not in seen and pointer_join(d.pointer, "$ref") not in seen:
            found.append(d)
    return found


def _all_resolve(data: Any, refs: frozenset[str]) -> bool:
    """Whether every local `$ref` of `refs` (all of the document's, data included) resolves."""
    memo: dict[str, tuple[str, str]] = {}
    return not any((memo.get(r) or _resolve(data, r, memo))[0] for r in refs if r.startswith("#"))


def loops(document: Any, ref: str) -> bool:
    """Whether following `$ref`s from `ref` comes back to a `$ref` already followed with no
    content in between (reported here, so a schema converter need not report it again)."""
    return _resolve(document, ref, {})[0] == "loop"


class _Walk:
    def __init__(self, data: dict[str, Any], *, swagger2: bool) -> None:
        self.data = data
        self.swagger2 = swagger2
        self.path: list[str | int] = []
        self.memo: dict[str, tuple[str, str]] = {}  # ref → what `_resolve` found
        self.found: list[Diagnostic] = []

    def run(self) -> list[Diagnostic]:
        self._object(self.data)
        return self.found

    def _object(self, node: dict[str, Any]) -> None:
        """A spec object or schema: its keys are keywords. (`__class__ is`: the walk visits
        every value of the document, and this is its cheapest test.)"""
        ref = node.get("$ref")
        if ref.__class__ is str:
            self._check(ref)
        path = self.path
        for key, value in node.items():
            cls = value.__class__
            if cls is dict:
                if key in _DATA or key[:2] == "x-":
                    continue
                path.append(key)
                if key == "links":
                    self._links(value)
                elif key in _NAMES and not (key == "examples" and self.swagger2):  # 2.0: media type → data
                    self._names(value, _SKIPPED.get(key))
                else:
                    self._object(value)
                path.pop()
            elif cls is list:
                if key in _DATA or key[:2] == "x-" or key == "examples":  # a schema's `examples`: data
                    continue
                path.append(key)
                self._list(value)
                path.pop()

    def _names(self, node: dict[str, Any], skipped: Callable[[str], bool] | None) -> None:
        """A map of names (properties, statuses, media types, components …) to objects."""
        path = self.path
        for name, value in node.items():
            cls = value.__class__
            if cls is dict:
                if skipped is not None and skipped(name):
                    continue
                path.append(name)
                self._object(value)
                path.pop()
            elif cls is list:
                if skipped is not None and skipped(name):
                    continue
                path.append(name)
                self._list(value)
                path.pop()

    def _list(self, items: list[Any]) -> None:
        path = self.path
        for i, value in enumerate(items):
            cls = value.__class__
            if cls is dict:
                path.append(i)
                self._object(value)
                path.pop()
            elif cls is list:
                path.append(i)
                self._list(value)
                path.pop()

    def _links(self, node: dict[str, Any]) -> None:
        """Links: a Link's `parameters` and `requestBody` are values, only a `$ref` is a reference."""
        for name, value in node.items():
            if type(value) is dict and type(value.get("$ref")) is str:
                self.path.append(name)
                self._check(value["$ref"])
                self.path.pop()

    def _check(self, ref: str) -> None:
        if not ref.startswith("#"):
            return  # another file's: the loader resolves it or lists it in `Document.dangling`
        known = self.memo.get(ref)
        if known is None:
            known = _resolve(self.data, ref, self.memo)
        if known[0]:
            message = _message(ref, known)
            where = pointer_join("#", *self.path)
            self.found.append(Diagnostic("error", where, f"{message}; {_consequence(self.path)}", KIND))


def target(document: Any, ref: str) -> str:
    """The JSON pointer a local `$ref` names: as written, or percent-decoded when only that is in
    the document (a URI fragment may percent-encode its pointer, RFC 6901 §6: `~1%7Bid%7D`)."""
    if "%" not in ref or pointer_get(document, ref, _MISSING) is not _MISSING:
        return ref
    decoded = unquote(ref)
    return decoded if pointer_get(document, decoded, _MISSING) is not _MISSING else ref


def lookup_in(document: dict[str, Any]) -> Callable[[str], Any]:
    """The node a local `$ref` names in `document` (memoized: the document does not change while
    it is converted, and a spec refers to its common parameters and schemas thousands of times).
    A closure rather than a method: the converter and its helpers share it without a cycle."""
    looked_up: dict[str, Any] = {}

    def lookup(ref: str) -> Any:
        try:
            return looked_up[ref]
        except KeyError:
            node = looked_up[ref] = pointer_get(document, target(document, ref))
            return node

    return lookup


def _resolve(data: Any, ref: str, memo: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """("missing", the pointer found empty) or ("loop", the cycle) when `ref` resolves to nothing,
    else ("", ""); every `$ref` of the chain followed is remembered in `memo`."""
    chain = [target(data, ref)]
    result = ("", "")
    while True:
        node = pointer_get(data, chain[-1], _MISSING)
        if node is _MISSING:
            result = ("missing", chain[-1])
            break
        nxt = node.get("$ref") if type(node) is dict else None
        if type(nxt) is not str or not nxt.startswith("#"):
            break
        nxt = target(data, nxt)
        if nxt in chain:
            result = ("loop", " → ".join(_short(r) for r in [*chain[chain.index(nxt) :], nxt]))
            break
        if nxt in memo:
            result = memo[nxt]
            break
        chain.append(nxt)
    for r in {ref, *chain}:
        memo[r] = result
    return result


def _message(ref: str, found: tuple[str, str]) -> str:
    kind, detail = found
    if kind == "loop":
        return f"$ref {ref!r} ends in a loop of $refs with nothing in between ({detail})"
    if kind == "missing":
        return f"$ref {ref!r}" + (f" leads to {detail!r}" if detail != ref else "") + ": no such node in the document"
    return ""


def _short(ref: str) -> str:
    tokens = pointer_split(ref)
    return tokens[-1] if tokens else ref


def _consequence(path: list[str | int]) -> str:
    """What generation with `--lenient` makes of the object holding the `$ref`."""
    last = path[-1] if path else ""
    parent = path[-2] if len(path) > 1 else ""
    operation = len(path) >= 3 and path[0] in ("paths", "webhooks")
    if last == "requestBody" and operation:
        return "with --lenient the operation has no request body"
    if parent == "parameters" and isinstance(last, int):
        return "with --lenient the parameter is left out"
    if parent == "responses" and operation:
        returns = " (the method returns None)" if str(last).startswith("2") else ""
        return f"with --lenient the response is kept without content{returns}"
    if {"schema", "schemas", "definitions", "properties", "items", "allOf", "anyOf", "oneOf"} & {
        p for p in path if isinstance(p, str)
    }:
        return "with --lenient it is typed Any"
    return "with --lenient whatever uses it is left out"
