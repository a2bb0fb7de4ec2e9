"""The JSON Schema keywords the SDK does not enforce, found in a raw schema, for `schemas.py`.

Every keyword of the 2020-12 vocabularies (and the older spellings OpenAPI documents still use)
is either turned into types or checks by `schemas.py`, used as an annotation (docs, defaults,
read-only fields), or listed here with what the SDK does instead. `unenforced` returns one
`Diagnostic` per such keyword of a schema, pointing at the keyword, so `--report` lists every
place where the SDK accepts more (or less) than the spec says. Keywords whose handling depends
on their context (`not` on its own, `prefixItems` without a closed length, `dependentRequired`
outside a model, `allOf` of non-objects) are reported by the converter where it decides.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import replace
from typing import Any

from generator import ir
from generator.diagnostics import Diagnostic, pointer_join
from generator.schema_keywords import NUMERIC_KEYWORDS, non_finite, not_a_number

KIND = "not-enforced"

# keyword → what the SDK does instead (each is accepted without being checked)
UNENFORCED: dict[str, str] = {
    # core (`$id` and `$anchor` are honoured: the loader resolves `$ref`s through them)
    "$dynamicRef": "not resolved; the value is typed as Any",
    "$dynamicAnchor": "read as a plain `$anchor`; `$dynamicRef`s are not resolved",
    "$recursiveRef": "not resolved; the value is typed as Any",
    "$recursiveAnchor": "not used to resolve references",
    "$schema": "ignored inside a schema; the document's dialect applies",
    "$vocabulary": "ignored (a meta-schema keyword)",
    # applicator
    "if": "the conditional is not checked (neither `then` nor `else` applies)",
    "then": "not checked (part of `if`)",
    "else": "not checked (part of `if`)",
    "dependentSchemas": "not checked; the object is typed by its properties alone",
    "patternProperties": "not checked; extra properties are kept untyped",
    "propertyNames": "not checked; any property name is accepted",
    "contains": "not checked; any items are accepted",
    "additionalItems": "not checked (the pre-2020 tuple form)",
    "dependencies": "not checked (the pre-2019 form of dependentRequired/dependentSchemas)",
    # unevaluated
    "unevaluatedProperties": "not checked; properties no subschema declares are kept",
    "unevaluatedItems": "not checked; items no subschema declares are kept",
    # validation
    "minContains": "not checked (part of `contains`)",
    "maxContains": "not checked (part of `contains`)",
    "minProperties": "not checked",
    "maxProperties": "not checked",
    "uniqueItems": "not checked; the value is a list that may repeat items",
    # content (annotations in 2020-12: the SDK neither decodes nor checks the content)
    "contentEncoding": "the value stays an encoded string; not decoded",
    "contentMediaType": "its media type is not checked (a binary one makes the value a file)",
    "contentSchema": "the decoded content is not checked against it",
}

_UNENFORCED_KEYS = frozenset(UNENFORCED)
_RANK = {keyword: i for i, keyword in enumerate(UNENFORCED)}  # the order of the notes of one schema

# What `$ref` may sit next to without changing the meaning (annotations, OpenAPI extras).
_REF_SIBLINGS = frozenset(
    {"$ref", "description", "title", "summary", "nullable", "default", "example", "examples", "readOnly"}
    | {"writeOnly", "deprecated", "$comment", "externalDocs", "xml", "discriminator"}
)
# Every keyword `unenforced` looks at (a schema with none of them needs no scan).
_SCANNED = frozenset({*UNENFORCED, *NUMERIC_KEYWORDS, "enum", "format"})
# Formats the SDK turns into types (datetime, date, time, UUID, Decimal, bytes) or that only
# describe a number's size on the wire.
TYPED_FORMATS = frozenset(
    {"date-time", "date", "time", "uuid", "decimal", "binary", "byte", "int32", "int64", "float", "double"}
)


_FLOAT = frozenset({float})  # an enum without floats (most) has no NaN or infinity: not scanned value by value


def unenforced(schema: dict[str, Any], pointer: str, formats: set[str]) -> list[Diagnostic]:
    """One diagnostic per keyword of `schema` the SDK accepts without enforcing; an unchecked
    `format` only at its first use in the document (`formats`: those reported so far), since
    GitHub's spec alone has 12,600 uses of a few formats such as `uri`."""
    if isinstance(schema.get("$ref"), str):
        if schema.keys() <= _REF_SIBLINGS:  # the common case: nothing but annotations
            return []
        return [
            note(pointer, keyword, "ignored next to `$ref` (only the referenced schema applies)")
            for keyword in schema
            if keyword not in _REF_SIBLINGS and not keyword.startswith("x-")
        ]
    if schema.keys().isdisjoint(_SCANNED):  # most schemas: none of the keywords looked at below
        return []
    out: list[Diagnostic] = []
    present = schema.keys() & _UNENFORCED_KEYS  # most often one (Graph's spec: 10,000 `uniqueItems`)
    if present:
        ordered = present if len(present) == 1 else sorted(present, key=_RANK.__getitem__)
        out += [note(pointer, keyword, UNENFORCED[keyword]) for keyword in ordered]
    for keyword in non_finite(schema):
        message = f"{json.dumps(schema[keyword])} is not a JSON number; ignored"
        out.append(Diagnostic("warning", pointer_join(pointer, keyword), message, "bad-value"))
    enum = schema.get("enum")
    for i, value in enumerate(enum if isinstance(enum, list) and not _FLOAT.isdisjoint(map(type, enum)) else []):
        if not_a_number(value):
            message = f"{json.dumps(value)} is not a JSON number; left out of the enum"
            out.append(Diagnostic("warning", pointer_join(pointer, "enum", i), message, "bad-value"))
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt not in TYPED_FORMATS and fmt not in formats:
        formats.add(fmt)
        message = f"format {fmt!r} is not checked; the value is a plain string (reported at its first use only)"
        out.append(note(pointer, "format", message))
    return out


def note(pointer: str, keyword: str, instead: str) -> Diagnostic:
    """`keyword` of the schema at `pointer` is not enforced; `instead` says what the SDK does."""
    return Diagnostic("info", pointer_join(pointer, keyword), f"`{keyword}` is not enforced: {instead}", KIND)


def checked_pattern(c: ir.Constraints, pointer: str) -> tuple[ir.Constraints, list[Diagnostic]]:
    """Drop (and report) a pattern Python's `re` cannot compile, instead of failing at import."""
    if c.pattern is None:
        return c, []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            re.compile(c.pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        message = f"pattern {c.pattern!r} is not a Python regex ({exc}); not enforced"
        return replace(c, pattern=None), [Diagnostic("warning", pointer, message, "pattern")]
    # e.g. "Possible nested set": a meaning Python may change
    return c, [Diagnostic("warning", pointer, f"pattern {c.pattern!r}: {w.message}", "pattern") for w in caught]
