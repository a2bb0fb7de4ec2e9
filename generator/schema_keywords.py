"""Reading JSON Schema keywords out of raw schema objects, for `schemas.py`.

Each function takes part of a raw (untrusted) schema and returns plain data: its type names, a
list of strings, the `required` lists of a oneOf/anyOf, whether it is null or a literal, its
constraints as `ir.Constraints`. Anything malformed reads as absent, never as an error: the
converter decides what to do with what is missing.
"""

from __future__ import annotations

from typing import Any

from generator import ir

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
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def int_value(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def constraints(schema: dict[str, Any]) -> ir.Constraints:
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
