"""Spec defaults as Python expressions built through the SDK's own types.

A default is placed as what the field holds, never as the JSON it came from: an enum value as
its member (`Kind.LARGE`), an object as its model, built by its constructor with the fields'
Python names (`Baz(name="one", kind=Kind.SMALL, wire_name="w")`, nested models the same way;
`Baz.model_validate({...})` of the wire data when it holds undeclared keys), and arrays and maps
element by element (`[Baz(...), ...]`), so that `Bar().baz[0]` is a `Baz` and `mypy --strict`
reads the factory's type as the field's. An object default for a
union is built as the one model variant it belongs to (`values.union_model`: by its
discriminator, else the one it fits); the normalize stage has already dropped, with a
diagnostic, every default that fits none or several (`values.check_model_defaults`), so None
here only means a value with no Python form. A mutable value is built afresh for each instance
(`default_factory`), an empty list or map by the builtin itself (`default_factory=list`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from generator import ir
from generator.python.escape import Code
from generator.values import union_model

if TYPE_CHECKING:
    from generator.python.pycode import Types


def factory(types: Types, code: Code) -> Code:
    """What `default_factory=` takes to build `code` afresh: `list`/`dict` for empty ones."""
    if code in ("[]", "{}"):
        return Code(types.builtin("list" if code == "[]" else "dict"))
    return Code(f"lambda: {code}")


def default_value(types: Types, t: ir.Type, value: ir.JsonValue) -> tuple[Code, bool] | None:
    """(the value's expression, whether it is mutable), or None when it has no Python form."""
    t = types.resolve(t)
    if isinstance(t, ir.Nullable):
        if value is None:
            return Code("None"), False
        t = types.resolve(t.inner)
    match t:
        case ir.Prim(name="bool") if isinstance(value, bool):
            return Code(repr(value)), False
        case ir.Prim(name="int") if isinstance(value, int) and not isinstance(value, bool):
            return Code(repr(value)), False
        case ir.Prim(name="float") if isinstance(value, int | float) and not isinstance(value, bool):
            return (Code(repr(float(value))), False) if math.isfinite(value) else None
        case ir.Prim(name="str") if isinstance(value, str):
            return types.string(value), False
        case ir.Lit(value=lit) if value == lit and type(value) is type(lit):
            return types.literal(lit), False
        case ir.Ref(key=key):
            d = types.defs[key]
            if isinstance(d, ir.EnumDef):
                member = next((m for m in d.members if m.value == value and type(m.value) is type(value)), None)
                return (Code(f"{types.class_ref(d.class_name)}.{member.py_name}"), False) if member else None
            if isinstance(d, ir.ModelDef) and isinstance(value, dict):
                return _model(types, d, value), True
        case ir.Array(item=item) if isinstance(value, list):
            codes = _all(default_value(types, item, v) for v in value)
            if codes is not None:
                return _typed(types, "list", item, Code("[" + ", ".join(codes) + "]")), True
        case ir.Tuple(items=items) if isinstance(value, list) and len(value) == len(items):
            found = [default_value(types, item, v) for item, v in zip(items, value, strict=True)]
            codes = _all(iter(found))
            if codes is not None:
                mutable = any(f[1] for f in found if f is not None)
                return Code("(" + ", ".join(codes) + ("," if len(codes) == 1 else "") + ")"), mutable
        case ir.Map(value=inner) if isinstance(value, dict):
            entries = _all(default_value(types, inner, v) for v in value.values())
            if entries is not None:
                pairs = (f"{types.string(str(k))}: {code}" for k, code in zip(value, entries, strict=True))
                return _typed(types, "dict", inner, Code("{" + ", ".join(pairs) + "}")), True
        case ir.Union(variants=variants, discriminator=disc):
            # the first variant that is no model and takes the value, else the model it is one of
            for variant in variants:
                resolved = types.resolve(variant)
                if isinstance(resolved, ir.Ref) and isinstance(types.defs[resolved.key], ir.ModelDef):
                    continue
                if (found_one := default_value(types, variant, value)) is not None:
                    return found_one
            chosen, _ = union_model(variants, disc, value, types.defs)
            return default_value(types, chosen, value) if chosen is not None else None
        case ir.AnyType():
            return types.data(value), isinstance(value, list | dict)
    return None


def _model(types: Types, d: ir.ModelDef, value: dict[str, ir.JsonValue]) -> Code:
    """A model built by its constructor, by the fields' Python names (`Baz(name="one",
    kind=Kind.SMALL)`: type-checked, enum members as members even where the field also takes
    the plain values); by `model_validate` of the wire data when a key is no field (an
    additional property) or a value has no Python form."""
    by_wire = {f.wire_name: f for f in d.fields}
    args: list[str] = []
    for key, v in value.items():
        field = by_wire.get(key)
        found = default_value(types, field.type, v) if field is not None else None
        if field is None or found is None:
            return Code(f"{types.class_ref(d.class_name)}.model_validate({types.data(value)})")
        args.append(f"{field.py_name}={found[0]}")
    return Code(f"{types.class_ref(d.class_name)}({', '.join(args)})")


def _all(found: Iterable[tuple[Code, bool] | None]) -> list[Code] | None:
    """The expressions of every element, or None when one has none."""
    codes: list[Code] = []
    for item in found:
        if item is None:
            return None
        codes.append(item[0])
    return codes


def _typed(types: Types, container: str, item: ir.Type, code: Code) -> Code:
    """A list or map of a union's members through its typed constructor (`list[Cat | Dog]([...])`):
    mypy infers a literal's type without the field's context, as the join of its elements
    (`list[SDKModel]`, `list[object]`), which the field's type does not accept."""
    if types.public or not isinstance(types.resolve(item), ir.Union) or code in ("[]", "{}"):
        return code
    # `type(types)`: pycode imports this module, so `Types` is only imported for annotations
    bare = type(types)(types.defs, types.namespace, types.shadowed, static=True, constraints=False, used=types.used)
    spelled = bare.expr(item)  # no runtime metadata (discriminators, checks): the type alone
    key = "str, " if container == "dict" else ""
    return Code(f"{types.builtin(container)}[{key}{spelled}]({code})")
