"""Keys for memoizing view work within one render: strict, cheap to hash, built from IR values.

A large spec repeats the same field, type and description many times (GitHub's webhooks: 39,000
model fields, 9,900 distinct), and a view computed from equal IR values is the same view. The
IR's own equality is not strict enough to key on: `Lit(True) == Lit(1)`, `Constraints(ge=1) ==
Constraints(ge=1.0)` and `Default(1) == Default(1.0)` are equal dataclasses that are spelled
differently (`Literal[True]`, `ge=1.0`); and hashing a frozen dataclass walks it again in Python
each time (a large union, on every lookup). So a key here is a tuple of plain values, each scalar
leaf paired with its type: equal keys mean values that render alike.

Memos live in the view function that fills them (one call: one render), never in a global, so
no stale entry outlives the IR it was computed from; `field_keys`, shared by two views, is kept
with the index of its IR. `recorded` runs a computation on a `Types`
that records what it uses into a set of its own, so that a memo hit replays the same `used` as
computing again would.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

from generator import ir

if TYPE_CHECKING:
    from generator.python.pycode import Types

T = TypeVar("T")
V = TypeVar("V")


def type_key(t: ir.Type) -> Hashable:
    """A strict key of a type: equal keys for types that render alike."""
    kind = t.__class__  # the kinds by how often a field has one (GitHub: Prim 70%, Ref 15%)
    if kind is ir.Prim:
        return ("P", t.name, t.format, constraints_key(t.constraints))  # type: ignore[union-attr]
    if kind is ir.Ref:
        return t.key  # type: ignore[union-attr]  # the only kind keyed by a bare string
    if kind is ir.Nullable:
        return ("N", type_key(t.inner))  # type: ignore[union-attr]
    if kind is ir.Array:
        return ("A", type_key(t.item), constraints_key(t.constraints))  # type: ignore[union-attr]
    if kind is ir.Lit:
        return ("L", _scalar(t.value))  # type: ignore[union-attr]
    if kind is ir.Union:
        d = t.discriminator  # type: ignore[union-attr]
        variants = tuple([type_key(v) for v in t.variants])  # type: ignore[union-attr]
        return ("U", variants, None if d is None else (d.wire_name, d.mapping, d.default))
    if kind is ir.Map:
        return ("M", type_key(t.value), constraints_key(t.constraints))  # type: ignore[union-attr, arg-type]
    if kind is ir.Tuple:
        return ("T", tuple([type_key(i) for i in t.items]))  # type: ignore[union-attr]
    if kind is ir.AnyType:
        return ("*",)
    raise TypeError(f"not an IR type: {t!r}")


_CONSTRAINTS = operator.attrgetter(*(f.name for f in dataclasses.fields(ir.Constraints)))
_NONE = (None,) * len(dataclasses.fields(ir.Constraints))


def constraints_key(c: ir.Constraints) -> Hashable:
    """A strict key of constraints: None for none (most types)."""
    values = _CONSTRAINTS(c)
    return None if values == _NONE else tuple([_scalar(v) for v in values])


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


TypeKeyOf = tuple[Hashable, Hashable, bool, bool, bool]  # `type_key_of`: the type's `type_key` first
FieldKey = tuple[TypeKeyOf, str, str, str, bool]  # `field_key`


def field_key(f: ir.Field) -> FieldKey:
    """A strict key of everything a field's views read (all of it but its example); its first
    item is the `type_key` of what decides the field's annotation and default."""
    return (type_key_of(f), f.wire_name, f.py_name, f.description, f.deprecated)


def field_keys(index: object) -> dict[int, FieldKey]:
    """A memo of `field_key` by the id of the field object, for the views of one IR: the model
    views (of each side) and the model pages key the same field objects (GitHub: 12,700), each
    once here (`keyed`). Kept with `index` (the IR's `Index`), which holds the fields, so that
    no id in it is reused while it is at hand; a render of another IR starts another."""
    if not _FIELD_KEYS or _FIELD_KEYS[0][0] is not index:
        _FIELD_KEYS[:] = [(index, {})]
    return _FIELD_KEYS[0][1]


_FIELD_KEYS: list[tuple[object, dict[int, FieldKey]]] = []  # (the index, `field_keys` of its fields)


def keyed(keys: dict[int, FieldKey], f: ir.Field) -> FieldKey:
    """`field_key(f)` through the memo `keys` (`field_keys`)."""
    found = keys.get(id(f))
    if found is None:
        found = keys[id(f)] = field_key(f)
    return found


def type_key_of(f: ir.Field) -> TypeKeyOf:
    """A strict key of the field's type, default, and whether it is required, read-only or
    write-only."""
    default = None if f.default is None else json_key(f.default.value)
    return (type_key(f.type), default, f.required, f.read_only, f.write_only)


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


class Memo(dict[str, V], Generic[V]):
    """A function of one string (an escape), its value for each argument computed once:
    `memo[text]`."""

    def __init__(self, function: Callable[[str], V]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, text: str) -> V:
        value = self[text] = self.function(text)
        return value


def kept_repr(cls: type[T], **spelled: Callable[[object], str]) -> type[T]:
    """Give a view class (a frozen dataclass with a `_repr` slot, left out of its own repr and
    comparison) the `repr` the dataclass would give, made once per object and kept. Unit
    fingerprints digest the `repr` of whole views (`units.py`), and the views of equal fields are
    one shared object (`views_models`, `views_docs_models`): GitHub's 39,000 model fields are
    9,900 views, each `repr` otherwise made for every place that holds it. Same text, but for
    the fields `spelled` by a function of their value."""
    shown = [f.name for f in dataclasses.fields(cls) if f.repr]  # type: ignore[arg-type]
    assert "_repr" not in shown and "_repr" in {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    assert set(spelled) <= set(shown)
    parts = ", ".join(f"{n}={{spelled_{n}(self.{n})}}" if n in spelled else f"{n}={{self.{n}!r}}" for n in shown)
    body = (
        "def __repr__(self):\n"
        "    text = self._repr\n"
        "    if text is None:\n"
        f"        text = f'{cls.__qualname__}({parts})'\n"
        "        object.__setattr__(self, '_repr', text)\n"
        "    return text\n"
    )
    env: dict[str, object] = {f"spelled_{name}": function for name, function in spelled.items()}
    exec(body, env)  # noqa: S102
    method = env["__repr__"]
    method.__qualname__ = f"{cls.__qualname__}.__repr__"  # type: ignore[attr-defined]
    cls.__repr__ = method  # type: ignore[assignment,method-assign]
    return cls


def quick_init(cls: type[T]) -> type[T]:
    """Give a frozen, slotted view dataclass the `__init__` the dataclass gives, storing each
    field through its slot's descriptor rather than `object.__setattr__` by name (as the IR's
    classes do, `ir_class.py`): a model view is made per model, a field view per distinct field,
    a module view per module (Graph: 11,000), and the stores were most of their making. The
    same parameters and defaults; fields out of `__init__` take their default, if any; then
    `__post_init__`, if the class has one. Not for fields with a default factory."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    env: dict[str, object] = {}
    params, body = ["self"], []
    for f in fields:
        assert f.default_factory is dataclasses.MISSING and not f.kw_only
        env[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is not dataclasses.MISSING:
            env[f"_default_{f.name}"] = f.default
        if not f.init:  # its default, if it has one (else `__post_init__` sets it)
            if f.default is not dataclasses.MISSING:
                body.append(f"    _set_{f.name}(self, _default_{f.name})\n")
            continue
        params.append(f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})\n")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()\n")
    exec(f"def __init__({', '.join(params)}):\n{''.join(body) or '    pass'}\n", env)  # noqa: S102
    method = env["__init__"]
    method.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    method.__annotations__ = {f.name: f.type for f in fields if f.init} | {"return": None}
    cls.__init__ = method  # type: ignore[assignment,method-assign]
    return cls
