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


def _view_classes() -> list[type]:
    """The classes of the modules that make theirs with `ir_class.dataclass` besides the IR."""
    import importlib
    import inspect

    found = []
    views = "docs docs_models models operations params project resources signature tests".split()
    others = (
        "python.docs_examples python.model_modules resource_shape manifest surface.kinds files pipeline config load"
    )
    for name in [f"generator.python.views_{v}" for v in views] + [f"generator.{m}" for m in others.split()]:
        module = importlib.import_module(name)
        found += [c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == name]
    return [c for c in found if dataclasses.is_dataclass(c)]


def test_a_class_node_does_not_reproduce_is_left_to_dataclasses() -> None:
    from generator.ir_class import _NODES, dataclass

    @dataclass(frozen=True, slots=True)
    class Counted:
        name: str
        seen: int = dataclasses.field(default=0, compare=False)  # not compared: equal whatever it is

    @dataclass(frozen=True, slots=True)
    class Shown:
        name: str

        def __repr__(self) -> str:  # its own: kept, as `dataclasses` keeps it
            return f"<{self.name}>"

    @dataclass(frozen=True, slots=True)
    class Made:
        names: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    @dataclass(frozen=True, slots=True)
    class Plain:
        name: str
        size: int = 0

    assert Counted("a", 1) == Counted("a", 2) and hash(Counted("a", 1)) == hash(Counted("a", 2))
    assert repr(Shown("a")) == "<a>" and Made().names == ()
    assert Plain in _NODES and not {Counted, Shown, Made} & _NODES
    assert (
        Plain("a") == Plain("a", 0)
        and repr(Plain("a"))
        == "test_a_class_node_does_not_reproduce_is_left_to_dataclasses.<locals>.Plain(name='a', size=0)"
    )
    assert error(lambda: setattr(Plain("a"), "name", "b")) == ("FrozenInstanceError", "cannot assign to field 'name'")


def _nodes() -> set[type]:
    from generator.ir_class import _NODES

    return _NODES


@pytest.mark.parametrize("cls", [c for c in _view_classes() if c in _nodes()], ids=lambda c: c.__name__)
def test_a_view_class_node_makes_is_the_dataclass_of_its_body(cls: type) -> None:
    """The view classes `node` makes (their `repr` is a unit's fingerprint) print, compare and
    hash as the class `dataclasses` makes of the same body, and have its parameters."""
    import inspect

    other = twin(cls)
    assert cls.__match_args__ == other.__match_args__  # type: ignore[attr-defined]
    assert cls.__slots__ == other.__slots__  # type: ignore[attr-defined]
    assert inspect.signature(cls) == inspect.signature(other)
    values = {f.name: f"value {n}" for n, f in enumerate(dataclasses.fields(cls))}
    made, twin_made = cls(**values), other(**values)
    assert repr(made) == repr(twin_made).replace(other.__qualname__, cls.__qualname__)
    assert made == cls(**values) and hash(made) == hash(twin_made)
    name = next(iter(values))
    assert error(lambda: setattr(made, name, 1)) == error(lambda: setattr(twin_made, name, 1))
