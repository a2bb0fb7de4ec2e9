"""Reading JSON Schema keywords out of raw schema objects, for `schemas.py`.

Each function takes part of a raw (untrusted) schema and returns plain data: its type names, a
list of strings, the `required` lists of a oneOf/anyOf, whether it is null or a literal, its
constraints as `ir.Constraints`. Anything malformed reads as absent, never as an error: the
converter decides what to do with what is missing.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

from generator import ir, media_types

# The keywords of a oneOf/anyOf variant that only says which properties must be present.
_REQUIRED_ONLY = {"required", "title", "description", "type"}


def type_names(schema: dict[str, Any]) -> list[str]:
    t = schema.get("type")
    if isinstance(t, str):
        return [] if t == "null" else [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str) and x != "null"]
    return []


def string_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def required_sets(schema: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    """The `required` lists of a `oneOf`/`anyOf` whose variants only say which of the schema's
    properties must be present (e.g. "either `category` or `categorySlug`"), else ()."""
    for keyword in ("oneOf", "anyOf"):
        variants = schema.get(keyword)
        if isinstance(variants, list) and variants and "properties" in schema:
            plain = all(
                isinstance(v, dict) and isinstance(v.get("required"), list) and set(v) <= _REQUIRED_ONLY
                for v in variants
            )
            return tuple(tuple(dict.fromkeys(string_list(v["required"]))) for v in variants) if plain else ()
    return ()


def guess_type(schema: dict[str, Any]) -> str | None:
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None


def string_format(schema: dict[str, Any]) -> str | None:
    """A string's `format`; `binary` for OpenAPI 3.1's binary string too: a `contentMediaType`
    that is not text (`image/png`, `application/octet-stream`) and no `contentEncoding` (an
    encoded string, such as base64, stays text)."""
    fmt = schema.get("format")
    if isinstance(fmt, str):
        return fmt
    media = schema.get("contentMediaType")
    if isinstance(media, str) and "contentEncoding" not in schema and not media_types.is_text(media):
        return "binary"
    return None


def split_null(schema: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    """Fold every spelling of "may be null" into one flag (3.0 `nullable`, 3.1 type lists)."""
    nullable = schema.get("nullable") is True
    t = schema.get("type")
    if isinstance(t, list) and "null" in t:
        nullable = True
    if isinstance(schema.get("enum"), list) and None in schema["enum"]:
        nullable = True
    return nullable, schema


def is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema.get("type") == ["null"])


def is_literal(value: Any) -> bool:
    return isinstance(value, str | int | bool) and not isinstance(value, float)


def is_str(value: Any) -> bool:
    return isinstance(value, str)


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def json_value(value: Any) -> ir.JsonValue:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return str(value)


def number(value: Any) -> float | None:
    """A finite JSON number, else None (`NaN`/`Infinity` bounds are reported, not applied)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


NUMERIC_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")


def non_finite(schema: dict[str, Any]) -> list[str]:
    """The numeric keywords of `schema` whose value is `NaN` or an infinity."""
    if schema.keys().isdisjoint(NUMERIC_KEYWORDS):
        return []
    return [k for k in NUMERIC_KEYWORDS if not_a_number(schema.get(k))]


def not_a_number(value: Any) -> bool:
    """`NaN` or an infinity: a float JSON has no form for."""
    return isinstance(value, float) and not math.isfinite(value)


def const_type(value: Any) -> ir.Type | None:
    """The type of `const: value`: a literal for strings, integers, booleans and null; for a
    float, an object or an array, that JSON type checked for equality (`Constraints.const`);
    None for a non-finite number (no JSON value equals it)."""
    if value is None or is_literal(value):
        return ir.Lit(value)
    if isinstance(value, float):
        return ir.Prim("float", constraints=ir.Constraints(const=canonical(value))) if math.isfinite(value) else None
    if isinstance(value, dict):
        return ir.Map(ir.AnyType(), ir.Constraints(const=canonical(value)))
    if isinstance(value, list):
        return ir.Array(ir.AnyType(), ir.Constraints(const=canonical(value)))
    return None


def canonical(value: Any) -> str:
    return json.dumps(json_value(value), ensure_ascii=False, separators=(",", ":"))


def dependent_required(schema: dict[str, Any]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`dependentRequired` as (property, the properties it needs), malformed entries skipped."""
    raw = schema.get("dependentRequired")
    if not isinstance(raw, dict):
        return ()
    return tuple((str(k), tuple(dict.fromkeys(string_list(v)))) for k, v in raw.items() if string_list(v))


def int_value(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


# The keywords `constraints` reads (a schema with none of them has no constraints).
_CONSTRAINT_KEYWORDS = frozenset({*NUMERIC_KEYWORDS, "minLength", "maxLength", "pattern", "minItems", "maxItems"})
NO_CONSTRAINTS = ir.Constraints()


def constraints(schema: dict[str, Any]) -> ir.Constraints:
    if schema.keys().isdisjoint(_CONSTRAINT_KEYWORDS):
        return NO_CONSTRAINTS
    minimum, maximum = number(schema.get("minimum")), number(schema.get("maximum"))
    ge = gt = le = lt = None
    ex_min, ex_max = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if ex_min is True:  # 3.0: a flag on minimum
        gt = minimum
    elif number(ex_min) is not None:  # 3.1: the bound itself
        gt = number(ex_min)
    else:
        ge = minimum
    if ex_max is True:
        lt = maximum
    elif number(ex_max) is not None:
        lt = number(ex_max)
    else:
        le = maximum
    pattern = schema.get("pattern")
    return ir.Constraints(
        min_length=int_value(schema.get("minLength")),
        max_length=int_value(schema.get("maxLength")),
        pattern=pattern if isinstance(pattern, str) else None,
        ge=ge,
        gt=gt,
        le=le,
        lt=lt,
        multiple_of=number(schema.get("multipleOf")) or None,
        min_items=int_value(schema.get("minItems")),
        max_items=int_value(schema.get("maxItems")),
    )


# ------------------------------------------------------------------------ primitive types
BASE_TYPES: dict[str, ir.PrimName] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}
FORMATS: dict[tuple[str, str], ir.PrimName] = {
    ("string", "date-time"): "datetime",
    ("string", "date"): "date",
    ("string", "time"): "time",
    ("string", "uuid"): "uuid",
    ("string", "decimal"): "decimal",
    ("string", "binary"): "bytes",
    ("number", "decimal"): "decimal",
}


def prim_name(kind: str, fmt: str | None) -> ir.PrimName:
    """The primitive a `BASE_TYPES` kind with this `format` is (`byte`, base64 text, stays `str`)."""
    if kind == "string" and fmt == "byte":
        return "str"
    return FORMATS.get((kind, fmt or ""), BASE_TYPES[kind])


@lru_cache(maxsize=256)
def plain_prim(kind: str, fmt: str | None) -> ir.Prim:
    """The primitive of a kind and format without constraints (nodes are immutable: one serves
    every use)."""
    return ir.Prim(prim_name(kind, fmt), fmt, NO_CONSTRAINTS)
