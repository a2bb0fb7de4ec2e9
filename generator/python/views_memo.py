"""Keys for memoizing view work within one render: strict, cheap to hash, built from IR values.

A large spec repeats the same field, type and description many times (GitHub's webhooks: 39,000
model fields, 9,900 distinct), and a view computed from equal IR values is the same view. The
IR's own equality is not strict enough to key on: `Lit(True) == Lit(1)`, `Constraints(ge=1) ==
Constraints(ge=1.0)` and `Default(1) == Default(1.0)` are equal dataclasses that are spelled
differently (`Literal[True]`, `ge=1.0`); and hashing a frozen dataclass walks it again in Python
each time (a large union, on every lookup). So a key here is a tuple of plain values, each scalar
leaf paired with its type: equal keys mean values that render alike.

Memos live in the view function that fills them (one call: one render), never in a global, so
no stale entry outlives the IR it was computed from. `recorded` runs a computation on a `Types`
that records what it uses into a set of its own, so that a memo hit replays the same `used` as
computing again would.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from generator import ir

if TYPE_CHECKING:
    from generator.python.pycode import Types

T = TypeVar("T")

_EMPTY = ir.Prim("str").constraints  # the instance a type without constraints shares (a speed-up only)


def type_key(t: ir.Type) -> Hashable:
    """A strict key of a type: equal keys for types that render alike."""
    if type(t) is ir.Ref:
        return t.key  # the only kind keyed by a bare string
    if type(t) is ir.Prim:
        c = t.constraints
        return ("P", t.name, t.format, None if c is _EMPTY else constraints_key(c))
    if type(t) is ir.Nullable:
        return ("N", type_key(t.inner))
    if type(t) is ir.Array:
        c = t.constraints
        return ("A", type_key(t.item), None if c is _EMPTY else constraints_key(c))
    if type(t) is ir.Union:
        d = t.discriminator
        variants = tuple([type_key(v) for v in t.variants])
        return ("U", variants, None if d is None else (d.wire_name, d.mapping, d.default))
    if type(t) is ir.Lit:
        return ("L", _scalar(t.value))
    if type(t) is ir.Map:
        c = t.constraints
        return ("M", type_key(t.value), None if c is _EMPTY else constraints_key(c))
    if type(t) is ir.Tuple:
        return ("T", tuple([type_key(i) for i in t.items]))
    if type(t) is ir.AnyType:
        return ("*",)
    raise TypeError(f"not an IR type: {t!r}")


def constraints_key(c: ir.Constraints) -> Hashable:
    values = (c.min_length, c.max_length, c.pattern, c.ge, c.gt, c.le, c.lt, c.multiple_of)
    return (*(_scalar(v) for v in values), c.min_items, c.max_items, c.const)


def json_key(value: ir.JsonValue) -> Hashable:
    """A strict key of JSON data (`True`, `1` and `1.0` apart; keys, strings, in their order)."""
    if isinstance(value, list):
        return ("[", tuple([json_key(v) for v in value]))
    if isinstance(value, dict):
        return ("{", tuple([(k, json_key(v)) for k, v in value.items()]))
    return _scalar(value)


def _scalar(value: object) -> Hashable:
    """A scalar with its type; a float by its `repr` (`0.0` and `-0.0` are equal, spelled apart)."""
    return (float, repr(value)) if value.__class__ is float else (value.__class__, value)


def field_key(f: ir.Field) -> Hashable:
    """A strict key of everything a field's views read (all of it but its example)."""
    return (
        f.wire_name,
        f.py_name,
        f.description,
        f.required,
        f.read_only,
        f.write_only,
        f.deprecated,
        type_key(f.type),
        None if f.default is None else json_key(f.default.value),
    )


def recorded(types: Types, compute: Callable[..., T], *args: object) -> tuple[T, frozenset[str]]:
    """`compute(*args)`, which works through `types` (or a `Types` it derives from it), and the
    helpers it used; they are also recorded into `types.used`, as without the memo."""
    outer = types.used
    fresh: set[str] = set()
    types.used = fresh
    try:
        value = compute(*args)
    finally:
        types.used = outer
    outer |= fresh
    return value, frozenset(fresh)
