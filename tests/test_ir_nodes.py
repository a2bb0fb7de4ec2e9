"""IR nodes built and replaced on the fast paths (generator/ir.py's `__init__`s and `replace`) behave
as the dataclasses they are: same parameters and defaults, frozen, equal to what
`dataclasses.replace` makes; and the naming stage's whole-field rebuild keeps every field."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from generator import ir
from generator.python import naming

NODES = [
    cls
    for cls in vars(ir).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == ir.__name__
]


def sample(cls: type) -> Any:
    """A node of `cls` with a distinct value in each required field (None where any will do)."""
    required = {f.name: f"<{f.name}>" for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING}
    return cls(**required)


@pytest.mark.parametrize("cls", NODES, ids=lambda c: c.__name__)
def test_init_has_the_fields_parameters_and_defaults(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        assert p.default is (inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default)


@pytest.mark.parametrize("cls", NODES, ids=lambda c: c.__name__)
def test_nodes_stay_frozen_and_replace_matches_dataclasses(cls: type) -> None:
    node = sample(cls)
    if not dataclasses.fields(cls):  # AnyType
        assert ir.replace(node) == node
        return
    first = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(node, first, "x")
    changed = ir.replace(node, **{first: "changed"})
    assert changed == dataclasses.replace(node, **{first: "changed"})
    assert type(changed) is cls and node == sample(cls)  # the original is left as it was
    with pytest.raises(TypeError):
        ir.replace(node, no_such_field=1)


def test_replace_of_other_dataclasses_is_dataclasses_replace() -> None:
    @dataclasses.dataclass(frozen=True)
    class Other:
        a: int
        b: int = 2

    assert ir.replace(Other(1), b=3) == Other(1, 3)


def test_named_fields_keep_every_attribute() -> None:
    """`_name_fields` builds each field whole: every attribute but `py_name` is the field's own."""
    names = [f.name for f in dataclasses.fields(ir.Field)]
    values: dict[str, Any] = {n: f"<{n}>" for n in names}
    values.update(wire_name="someName", required=True, read_only=True, write_only=True, deprecated=True, py_name="")
    field = ir.Field(**values)
    model = ir.ModelDef(key="#/components/schemas/M", name_hint=("M",), fields=(field,))
    (named,) = naming._name_fields(model, [])
    assert named == dataclasses.replace(field, py_name="some_name")
