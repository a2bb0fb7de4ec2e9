"""Where a spec writes an example value, and the description a parameter falls back to.

Input: the raw objects of a parameter, a media type or a property (the spec's dicts, read by
`normalize.py` and `schemas.py` before any of them leaves this stage) and a `lookup` that
follows a local `$ref`. Output: the first example found, with the JSON pointer it was found at
(for the caller's `bad-example` diagnostic), or `(None, "")`.

Order, the most specific first (OpenAPI 3.1 §4.8.12, §4.8.14, §4.8.24):
- a parameter: its `example`, the first of its `examples` (Example Objects, `$ref` allowed,
  `value` only: an `externalValue` is a URL, not a value), then its schema's;
- a media type: the same with its `example` / `examples` and schema;
- a schema: `example` (3.0), then the first of `examples` (3.1, a list), then, through a `$ref`,
  the referenced schema's (a few levels at most).
`example: null` counts as no example (a placeholder says more than `None`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.diagnostics import pointer_join

Lookup = Callable[[str], Any]
Found = tuple[Any, str]  # (the value, its JSON pointer)

NONE: Found = (None, "")
_REF_DEPTH = 8


def object_example(node: dict[str, Any], schema: Any, pointer: str, schema_pointer: str, lookup: Lookup) -> Found:
    """The example of a parameter or media type object `node` (at `pointer`), else of its
    schema (at `schema_pointer`)."""
    if node.get("example") is not None:
        return node["example"], pointer_join(pointer, "example")
    examples = node.get("examples")
    if isinstance(examples, dict):
        for name, entry in examples.items():
            entry = _deref(entry, lookup)
            for key in ("value", "dataValue"):  # 3.2's `dataValue`: the data before serialization
                if isinstance(entry, dict) and entry.get(key) is not None:
                    return entry[key], pointer_join(pointer, "examples", str(name), key)
    return schema_example(schema, schema_pointer, lookup)


def schema_example(schema: Any, pointer: str, lookup: Lookup) -> Found:
    """A schema's `example`, else the first of its `examples`, else its `$ref` target's."""
    for _ in range(_REF_DEPTH):
        if not isinstance(schema, dict):
            return NONE
        if schema.get("example") is not None:
            return schema["example"], pointer_join(pointer, "example")
        examples = schema.get("examples")
        if isinstance(examples, list) and examples and examples[0] is not None:
            return examples[0], pointer_join(pointer, "examples", 0)
        ref = schema.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#"):
            return NONE
        schema, pointer = lookup(ref), ref
    return NONE


def schema_description(schema: Any, lookup: Lookup) -> str:
    """A schema's `description`, else its `$ref` target's: what a parameter without a
    description of its own is documented with."""
    for _ in range(_REF_DEPTH):
        if not isinstance(schema, dict):
            return ""
        text = schema.get("description")
        if isinstance(text, str) and text.strip():
            return text
        ref = schema.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#"):
            return ""
        schema = lookup(ref)
    return ""


def _deref(node: Any, lookup: Lookup) -> Any:
    for _ in range(_REF_DEPTH):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#")):
            return node
        node = lookup(node["$ref"])
    return node
