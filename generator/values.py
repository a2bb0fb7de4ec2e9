"""Defaults and examples checked against their IR types, so that a value that does not fit is
dropped with a diagnostic at the value instead of becoming `None` (or a wrong sample) silently.

Input: an `ir.Type`, the definitions it refers to (by key), a JSON value. Output: why the value
does not fit (`problem`), or None when it does. Mirrors what the target can place as a
default: JSON scalars for `str`/`int`/`float`/`bool`, literals, enum members, lists, maps and
model objects (`dependentRequired` included: the model refuses a value without its partners);
an object default for a union of models is the member `union_model` picks (by discriminator,
else the only one it fits) and is reported as not applied when it fits several. A default for a
date, time, UUID, decimal or bytes field has no literal form and is reported as not applied.
Examples only need to be valid JSON for the type (`default=False`).
Numbers must be finite (`NaN`, `Infinity` are not JSON numbers).
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from generator import ir, irquery
from generator.diagnostics import Diagnostic, pointer_join

_MAX_DEPTH = 32
_NO_LITERAL = ("datetime", "date", "time", "uuid", "decimal", "bytes")
_NO_FORM = "a value of this type has no literal form in the SDK"
_AMBIGUOUS = "an object default that fits several variants of the union"


def shown(value: Any, limit: int = 60) -> str:
    """A value as JSON for a message (non-finite numbers as written), cut to `limit`."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problem(
    t: ir.Type, value: Any, defs: Mapping[str, ir.Definition], *, default: bool = True, depth: int = 0
) -> str | None:
    """Why `value` does not fit `t`, or None."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{shown(value)} is not a JSON number"
    match t:
        case ir.AnyType():
            return _json_problem(value)
        case ir.Nullable(inner=inner):
            return None if value is None else problem(inner, value, defs, default=default, depth=depth)
        case ir.Lit(value=literal):
            same = value == literal and isinstance(value, bool) == isinstance(literal, bool)
            return None if same else f"must be {shown(literal)}"
        case ir.Prim():
            return _prim_problem(t, value, default)
        case ir.Array(item=item, constraints=c):
            if not isinstance(value, list):
                return "not an array"
            return _size_problem(len(value), c.min_items, c.max_items, "items") or _first(
                problem(item, v, defs, default=default, depth=depth + 1) for v in value
            )
        case ir.Tuple(items=items):
            if not isinstance(value, list):
                return "not an array"
            if len(value) != len(items):
                return f"{len(value)} items where the tuple has {len(items)}"
            return _first(
                problem(p, v, defs, default=default, depth=depth + 1) for p, v in zip(items, value, strict=True)
            )
        case ir.Map(value=inner, constraints=c):
            if not isinstance(value, dict):
                return "not an object"
            return _const_problem(value, c) or _first(
                problem(inner, v, defs, default=default, depth=depth + 1) for v in value.values()
            )
        case ir.Union(variants=variants, discriminator=disc):
            found = [problem(v, value, defs, default=default, depth=depth + 1) for v in variants]
            if any(p is None for p in found):
                if default and not _plain_fit(variants, value, defs, depth):
                    return union_model(variants, disc, value, defs, depth)[1]
                return None
            return "matches no variant of the union"
        case ir.Ref(key=key):
            return _ref_problem(defs.get(key), value, defs, default, depth + 1)
    return None


def _plain_fit(variants: tuple[ir.Type, ...], value: Any, defs: Mapping[str, ir.Definition], depth: int) -> bool:
    """Whether a non-model variant takes the value (a union default is placed only for those)."""
    for v in variants:
        d = defs.get(v.key) if isinstance(v, ir.Ref) else None
        if isinstance(d, ir.ModelDef):
            continue
        if problem(v, value, defs, depth=depth + 1) is None:
            return True
    return False


def union_model(
    variants: tuple[ir.Type, ...],
    disc: ir.Discriminator | None,
    value: Any,
    defs: Mapping[str, ir.Definition],
    depth: int = 0,
) -> tuple[ir.Type | None, str | None]:
    """The model variant an object default is built as, or None and why there is none: the one
    its discriminator value maps to, else the one model it fits (fitting several is ambiguous)."""
    models = [v for v in variants if irquery.model_of(v, defs, nullable=False) is not None]
    if disc is not None and isinstance(value, dict) and isinstance(value.get(disc.wire_name), str):
        key = dict(disc.mapping).get(value[disc.wire_name])
        named = next((v for v in models if irquery.resolve(v, defs) == ir.Ref(key or "")), None)
        if named is not None:
            reason = problem(named, value, defs, depth=depth + 1)
            return (named, None) if reason is None else (None, f"{_model_name(named, defs)}: {reason}")
    fits = [v for v in models if problem(v, value, defs, depth=depth + 1) is None]
    if len(fits) == 1:
        return fits[0], None
    if not fits:
        return None, "matches no variant of the union"
    names = ", ".join(_model_name(v, defs) for v in fits)
    return None, f"{_AMBIGUOUS} ({names})"


def _model_name(t: ir.Type, defs: Mapping[str, ir.Definition]) -> str:
    model = irquery.model_of(t, defs)
    return (model.class_name or model.key.rsplit("/", 1)[-1]) if model is not None else "?"


def _ref_problem(
    d: ir.Definition | None, value: Any, defs: Mapping[str, ir.Definition], default: bool, depth: int
) -> str | None:
    match d:
        case ir.EnumDef(members=members):
            if any(m.value == value and type(m.value) is type(value) for m in members):
                return None
            return "not one of the enum's values"
        case ir.AliasDef(type=inner):
            return problem(inner, value, defs, default=default, depth=depth)
        case ir.ModelDef(fields=fields):
            if not isinstance(value, dict):
                return "not an object"
            by_wire = {f.wire_name: f for f in fields}
            missing = [f.wire_name for f in fields if f.required and not f.read_only and f.default is None]
            missing = [name for name in missing if name not in value and not isinstance(by_wire[name].type, ir.Lit)]
            if missing:
                return f"required property {missing[0]!r} is missing"
            for key, needed in d.dependent_required:
                absent = [name for name in needed if key in value and name not in value]
                if absent:
                    return f"property {key!r} is present, so {absent[0]!r} must be too"
            extra: ir.Type = ir.AnyType() if d.additional is None else d.additional
            for key, v in value.items():
                if d.closed and key not in by_wire:
                    return f"property {key!r} is not allowed"
                typ = by_wire[key].type if key in by_wire else extra
                found = problem(typ, v, defs, default=default, depth=depth)
                if found is not None:
                    return f"property {key!r}: {found}"
    return None


def _prim_problem(p: ir.Prim, value: Any, default: bool) -> str | None:
    c = p.constraints
    if p.name == "bool":
        return None if isinstance(value, bool) else "not a boolean"
    if p.name in ("int", "float") or (p.name == "decimal" and not default and not isinstance(value, str)):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or (p.name == "int" and not isinstance(value, int)):
            return "not an integer" if p.name == "int" else "not a number"
        return _bounds_problem(float(value), c) or _const_problem(value, c)
    if default and p.name in _NO_LITERAL:
        return f"{_NO_FORM} ({p.format or p.name})"
    if not isinstance(value, str):
        return "not a string"
    return _size_problem(len(value), c.min_length, c.max_length, "characters") or _pattern_problem(value, c.pattern)


def _bounds_problem(number: float, c: ir.Constraints) -> str | None:
    for bound, ok, sign in (
        (c.ge, c.ge is None or number >= c.ge, ">="),
        (c.gt, c.gt is None or number > c.gt, ">"),
        (c.le, c.le is None or number <= c.le, "<="),
        (c.lt, c.lt is None or number < c.lt, "<"),
    ):
        if not ok:
            return f"must be {sign} {bound}"
    if c.multiple_of and (number / c.multiple_of) % 1:
        return f"must be a multiple of {c.multiple_of}"
    return None


def _size_problem(size: int, least: int | None, most: int | None, unit: str) -> str | None:
    if least is not None and size < least:
        return f"{size} {unit}, fewer than {least}"
    if most is not None and size > most:
        return f"{size} {unit}, more than {most}"
    return None


def _pattern_problem(value: str, pattern: str | None) -> str | None:
    if pattern is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = re.search(pattern, value)
    except (re.error, RecursionError, OverflowError):
        return None  # reported where the pattern is read
    return None if found else f"does not match {pattern!r}"


def _const_problem(value: Any, c: ir.Constraints) -> str | None:
    if c.const is None:
        return None
    return None if same_json(value, json.loads(c.const)) else f"must be {shown(json.loads(c.const))}"


def same_json(a: Any, b: Any) -> bool:
    """JSON equality: `1 == 1.0`, but `true != 1`; objects by keys, arrays by position."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) or (isinstance(a, int | float) and isinstance(b, int | float)) if a == b else False


def _json_problem(value: Any) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return f"{shown(value)} is not a JSON number"
    if isinstance(value, list):
        return _first(_json_problem(v) for v in value)
    if isinstance(value, dict):
        return _first(_json_problem(v) for v in value.values())
    return None


def _first(found: Any) -> str | None:
    return next((p for p in found if p is not None), None)


def checked(
    found: ir.Default | None, t: ir.Type, defs: Mapping[str, ir.Definition], pointer: str, *, example: bool = False
) -> tuple[ir.Default | None, list[Diagnostic]]:
    """`found` if it fits `t`, else None and a diagnostic at `pointer` (the value's own)."""
    if found is None:
        return None, []
    reason = problem(t, found.value, defs, default=not example)
    if reason is None:
        return found, []
    what = "example" if example else "default"
    instead = "the docs and tests use a generated value" if example else "the SDK has no default for it"
    if reason.startswith((_NO_FORM, _AMBIGUOUS)):
        message = f"default {shown(found.value)} not applied: {reason}; the server's default applies"
        return None, [Diagnostic("warning", pointer, message, "default-not-applied")]
    message = f"{what} {shown(found.value)} does not fit: {reason}; dropped ({instead})"
    return None, [Diagnostic("warning", pointer, message, f"bad-{what}")]


def check_model_defaults(
    definitions: dict[str, ir.Definition], property_pointers: Mapping[tuple[str, str], str]
) -> list[Diagnostic]:
    """Drop (in `definitions`) every model field default that does not fit its field."""
    out: list[Diagnostic] = []
    for key, d in sorted(definitions.items()):
        if not isinstance(d, ir.ModelDef) or not any(f.default is not None for f in d.fields):
            continue
        fields = []
        for f in d.fields:
            if f.default is None:
                fields.append(f)
                continue
            where = pointer_join(
                property_pointers.get((key, f.wire_name), pointer_join(key, "properties", f.wire_name)), "default"
            )
            default, found = checked(f.default, f.type, definitions, where)
            out += found
            fields.append(f if default is f.default else replace(f, default=default))
        definitions[key] = replace(d, fields=tuple(fields))
    return out
