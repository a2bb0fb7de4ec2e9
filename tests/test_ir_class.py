"""The IR's node classes (made by generator/ir_class.py with less generated code) are the classes
`dataclasses.dataclass(frozen=True, slots=True)` makes of the same body: docstring, match args,
slots, parameters, equality, hashing, `repr`, frozen errors, pickling state."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from generator import ir
from tests.test_ir_nodes import NODES, sample


def twin(cls: type) -> type:
    """`cls`'s body made into a class by `dataclasses` itself."""
    body: dict[str, Any] = {"__annotations__": dict(cls.__annotations__), "__module__": cls.__module__}
    body.update({f.name: f.default for f in dataclasses.fields(cls) if f.default is not dataclasses.MISSING})
    if "__doc__" in cls.__dict__ and not cls.__doc__.startswith(f"{cls.__name__}("):
        body["__doc__"] = cls.__doc__
    made: type = dataclasses.dataclass(frozen=True, slots=True)(type(cls.__name__, (), body))
    made.__qualname__ = cls.__qualname__
    return made


def error(action: Any) -> tuple[str, str] | None:
    try:
        action()
    except Exception as exc:
        return type(exc).__name__, str(exc)
    return None


@pytest.mark.parametrize("cls", NODES, ids=lambda c: c.__name__)
def test_a_node_class_is_the_dataclass_of_its_body(cls: type) -> None:
    other = twin(cls)
    assert cls.__doc__ == other.__doc__
    assert cls.__match_args__ == other.__match_args__  # type: ignore[attr-defined]
    assert cls.__slots__ == other.__slots__  # type: ignore[attr-defined]
    assert repr(cls.__dataclass_params__) == repr(other.__dataclass_params__)  # type: ignore[attr-defined]
    node, again = sample(cls), sample(cls)
    twin_node = other(**{f.name: getattr(node, f.name) for f in dataclasses.fields(cls)})
    assert repr(node) == repr(twin_node) and repr(copy.deepcopy(node)) == repr(node)
    assert node == again and not (node != again) and node.__eq__(1) is NotImplemented
    assert hash(node) == hash(again) == hash(twin_node)
    assert node.__getstate__() == twin_node.__getstate__()  # type: ignore[attr-defined]
    name = dataclasses.fields(cls)[0].name if dataclasses.fields(cls) else "anything"
    assert error(lambda: setattr(node, name, 1)) == error(lambda: setattr(twin_node, name, 1))
    assert error(lambda: delattr(node, name)) == error(lambda: delattr(twin_node, name))
    if dataclasses.fields(cls):
        changed = ir.replace(node, **{name: "other"})
        assert changed != node and hash(changed) == hash(dataclasses.replace(twin_node, **{name: "other"}))
