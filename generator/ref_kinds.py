"""What a `$ref` stands for, from where it sits: the kind of OpenAPI object (a parameter, a
response, a schema, ...) at a position of the document, for `bundle.py`.

A reference chain crossing files keeps the kind of its first `$ref`: the bundler asks for the
kind at the place the `$ref` lands in the root document, never at the target's own place in its
file (`params.yaml#/limit` says nothing about what `limit` is), so a parameter reached through
two files is filed under `components/parameters`, not taken for a schema.
"""

from __future__ import annotations

from collections.abc import Sequence

# the `components` sections, by the version that introduced them
KINDS_30 = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
)
KINDS = {"3.0": KINDS_30, "3.1": (*KINDS_30, "pathItems"), "3.2": (*KINDS_30, "pathItems", "mediaTypes")}
# Swagger 2.0 keeps its reusable objects at the top level (bundled before the upgrade to 3.0)
SECTIONS_2 = {"schemas": "definitions", "parameters": "parameters", "responses": "responses"}

_ALL = frozenset(KINDS["3.2"])
_OPERATION = dict.fromkeys(("get", "put", "post", "delete", "options", "head", "patch", "trace", "query"), "operation")
# state → key → next state; "@K": a map (or list) of K; "*": any key
_STEPS: dict[str, dict[str, str]] = {
    "document": {
        "paths": "@pathItems",
        "webhooks": "@pathItems",
        "components": "components",
        "definitions": "@schemas",
        "parameters": "@parameters",
        "responses": "@responses",
    },
    "components": {kind: "@" + kind for kind in _ALL},
    "pathItems": {**_OPERATION, "parameters": "@parameters", "additionalOperations": "@operation"},
    "operation": {
        "parameters": "@parameters",
        "requestBody": "requestBodies",
        "responses": "@responses",
        "callbacks": "@callbacks",
    },
    "callbacks": {"*": "pathItems"},
    "parameters": {"schema": "schemas", "items": "schemas", "content": "@mediaTypes", "examples": "@examples"},
    "headers": {"schema": "schemas", "items": "schemas", "content": "@mediaTypes", "examples": "@examples"},
    "requestBodies": {"content": "@mediaTypes"},
    "responses": {"schema": "schemas", "headers": "@headers", "content": "@mediaTypes", "links": "@links"},
    "mediaTypes": {"schema": "schemas", "itemSchema": "schemas", "examples": "@examples", "encoding": "@encoding"},
    "encoding": {"headers": "@headers"},
    "schemas": {"*": "schemas"},  # anything under a schema that holds a `$ref` is a schema
}


def kind_at(path: Sequence[str | int]) -> str | None:
    """The kind of object at `path` (reference tokens from the document's root), when the
    structure says one: "parameters", "schemas", ... (the `components` section names)."""
    state: str | None = "document"
    for token in path:
        key = str(token)
        if state is None or key.startswith("x-"):
            return None
        if state.startswith("@"):
            state = state[1:]
            continue
        steps = _STEPS.get(state, {})
        state = steps.get(key, steps.get("*"))
    return state if state in _ALL else None


def section(kind: str, version: str) -> tuple[str, ...] | None:
    """Where a copied object of `kind` is filed in the root document, or None when the version
    has no such section (the object is then inlined where its `$ref` stood)."""
    if version == "2.0":
        name = SECTIONS_2.get(kind)
        return (name,) if name else None
    return ("components", kind) if kind in KINDS.get(version, KINDS_30) else None


def filed_kind(tokens: Sequence[str], version: str) -> str | None:
    """The kind a target's own place files it under (`/components/<kind>/<name>`, or 2.0's
    `/definitions/<name>`...), used when the `$ref`'s position says nothing."""
    if version == "2.0":
        if len(tokens) == 2:
            return next((kind for kind, name in SECTIONS_2.items() if name == tokens[0]), None)
        return None
    if len(tokens) == 3 and tokens[0] == "components" and tokens[1] in KINDS.get(version, KINDS_30):
        return tokens[1]
    return None


def is_slot(path: Sequence[str | int], kind: str, version: str) -> bool:
    """Whether `path` is itself a named place for an object of `kind` (`components/<kind>/<name>`,
    a path item under `paths`), where a copied target replaces the `$ref` instead of being filed
    again under another name."""
    where = section(kind, version)
    if where is not None and len(path) == len(where) + 1 and tuple(path[:-1]) == where:
        return True
    return kind == "pathItems" and len(path) == 2 and path[0] in ("paths", "webhooks")
