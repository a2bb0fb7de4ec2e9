"""How the IR's node classes are made: frozen, slotted dataclasses whose methods are generated in
one piece of code per class, and `replace` for their instances.

`dataclasses.dataclass(frozen=True, slots=True)` compiles six methods per class, one `exec` each,
and works out a docstring through `inspect.signature`: 30 node classes made `generator.ir` the
costliest import of a run (50 ms of CPU, every process). `node` makes the same class — the same
fields, `__dataclass_fields__`, `__match_args__`, `__slots__` and parameters (those of a frozen,
slotted dataclass), methods with the same behaviour as the ones `dataclasses` writes (equality
and hashing by the tuple of the fields, `FrozenInstanceError` on assignment), the same
docstring — with one `exec` per class. What `dataclasses` still does for it (fields, slots)
generates no code. Its methods differ from the generated ones in speed only:

- `__init__` sets each slot through the slot's own descriptor (the generated one calls
  `object.__setattr__` by name: the front end builds hundreds of thousands of nodes, GitHub's
  spec 100,000 fields, and that was a quarter of its time); a node of many fields is made an
  instance of a plain class of the same slots while they are set, then of its own class, so
  each is a plain attribute store (`_OPEN_FROM`);
- `__repr__` has no guard against recursion (a per-call lookup of the thread and the object in
  a set): the nodes are immutable trees, and the fingerprints of incremental generation are
  digests of their `repr` (GitHub's spec: 300,000 nodes a run). Same text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_REPLACERS: dict[type, Callable[[Any, dict[str, Any]], Any]] = {}  # `replace`'s, made at its first use
_NODES: set[type] = set()  # the classes `node` made


@dataclasses.dataclass(frozen=True, slots=True)
class _Reference:
    """A class made by `dataclasses` itself: the parameters, and the pickling support, of a frozen,
    slotted dataclass on this Python, which `node` gives its classes."""


_PARAMS = _Reference.__dataclass_params__  # type: ignore[attr-defined]
# Sets an object's class: between a node's class and a plain class of the same slots, which
# Python allows (the same layout). Switching costs about as much as storing 4 fields through
# their descriptors, each plain store saves a tenth of that: worth it from `_OPEN_FROM` fields.
_BECOME = object.__dict__["__class__"].__set__
_OPEN_FROM = 6


def node(cls: type[T]) -> type[T]:
    """`cls` as `dataclasses.dataclass(frozen=True, slots=True)` makes it (see the module's
    docstring). A class with what this does not reproduce (a default factory, a field out of
    `__init__`, the `repr` or the comparison, or keyword-only, `__post_init__`, a base class, a
    method of its own among those this writes) is left to `dataclasses`."""
    own = _MADE.intersection(cls.__dict__)  # a method of its own, which `dataclasses` would keep
    if cls.__bases__ != (object,) or hasattr(cls, "__post_init__") or own or not _plain_fields(cls):
        made: type[T] = _documented(dataclasses.dataclass)(cls, frozen=True, slots=True)
        return made
    documented = bool(cls.__doc__)
    if not documented:  # else `dataclasses` would work one out through `inspect.signature`
        cls.__doc__ = "-"
    plain = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)  # fields, slots: no code
    fields = dataclasses.fields(plain)  # type: ignore[arg-type]
    if any(not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING for f in fields):
        raise TypeError(f"{cls.__qualname__}: a field `node` does not make (a default factory, keyword-only, no init)")
    env: dict[str, Any] = {}
    params, sets = ["self"], []
    opened = len(fields) >= _OPEN_FROM
    for f in fields:
        env[f"_set_{f.name}"] = getattr(plain, f.name).__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        sets.append(f"    self.{f.name} = {f.name}\n" if opened else f"    _set_{f.name}(self, {f.name})\n")
    if opened:  # the open class has no `__setattr__` of its own: the stores are plain (no node class is subclassed)
        slots = plain.__slots__  # type: ignore[attr-defined]
        env.update(_become=_BECOME, _open=type(f"_Open{cls.__name__}", (), {"__slots__": slots}), _cls=plain)
        sets = ["    _become(self, _open)\n", *sets, "    _become(self, _cls)\n"]
    exec(f"def __init__({', '.join(params)}) -> None:\n{''.join(sets) or '    pass'}\n", env)  # noqa: S102
    env["__init__"].__annotations__ = {f.name: f.type for f in fields} | {"return": None}
    names = tuple(f.name for f in fields)
    methods = {"__init__": env["__init__"], "__repr__": _first_repr(plain)}
    methods.update(_compared(names, cls, plain))
    for name, function in methods.items():
        function.__qualname__ = f"{plain.__qualname__}.{name}"
        setattr(plain, name, function)
    plain.__getstate__ = _Reference.__getstate__  # type: ignore[method-assign]
    plain.__setstate__ = _Reference.__setstate__  # type: ignore[attr-defined]
    plain.__dataclass_params__ = _PARAMS  # type: ignore[attr-defined]
    if not documented:  # what `dataclasses` writes: the name and `__init__`'s signature
        parts = [
            f"{f.name}: {f.type!r}" + ("" if f.default is dataclasses.MISSING else f" = {f.default!r}") for f in fields
        ]
        plain.__doc__ = f"{plain.__name__}({', '.join(parts)})"
    _NODES.add(plain)
    return plain


def _compared(names: tuple[str, ...], original: type, cls: type) -> dict[str, Callable[..., Any]]:
    """`__eq__`, `__hash__`, `__setattr__` and `__delattr__` as `dataclasses` writes them for a
    frozen class (`FrozenInstanceError` naming the class before `slots=True` remade it). Equality
    and hashing by the tuple of the fields are compiled at the first use of either: only the
    classes whose nodes are compared or hashed have theirs compiled."""

    def __eq__(self: Any, other: Any) -> Any:
        _compile_comparison(cls, names)
        return self == other

    def __hash__(self: Any) -> int:
        _compile_comparison(cls, names)
        return hash(self)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is original or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(original, self).__setattr__(name, value)  # type: ignore[arg-type]

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is original or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(original, self).__delattr__(name)  # type: ignore[arg-type]

    return {"__eq__": __eq__, "__hash__": __hash__, "__setattr__": __setattr__, "__delattr__": __delattr__}


def _compile_comparison(cls: type, names: tuple[str, ...]) -> None:
    """Put `__eq__` and `__hash__` in the class, the code `dataclasses` writes for them."""
    own = "(" + "".join(f"self.{n}," for n in names) + ")"
    other = "(" + "".join(f"other.{n}," for n in names) + ")"
    env: dict[str, Any] = {}
    exec(  # noqa: S102
        "def __eq__(self, other):\n"
        "    if other.__class__ is self.__class__:\n"
        f"        return {own}=={other}\n"
        "    return NotImplemented\n"
        "def __hash__(self):\n"
        f"    return hash({own})\n",
        env,
    )
    for name in ("__eq__", "__hash__"):
        env[name].__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, env[name])


def _first_repr(cls: type) -> Callable[[Any], str]:
    """A `__repr__` that, called first, puts `quick_repr`'s in its place: only the classes whose
    nodes are printed have theirs compiled."""

    def __repr__(self: Any) -> str:
        quick_repr(cls)
        return repr(self)

    return __repr__


def dataclass(*, frozen: bool = False, slots: bool = False, repr: bool = True) -> Callable[[type[T]], type[T]]:
    """`dataclasses.dataclass` with these parameters, for a module whose type checkers read the
    real one (`generator.ir`, the views): a frozen, slotted class is made by `node`, any other by
    `dataclasses`, its docstring written without `inspect.signature` (`_documented`). A module
    of a hundred view classes took 1.8 ms a class to import, every process; `node`, 0.15 ms."""
    if frozen and slots and repr:
        return node

    def make(cls: type[T]) -> type[T]:
        made: type[T] = _documented(dataclasses.dataclass)(cls, frozen=frozen, slots=slots, repr=repr)
        return made

    return make


_MADE = frozenset({"__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"})  # what `node` writes


def _plain_fields(cls: type) -> bool:
    """Whether every field of `cls` is one `node` makes: no default factory, none out of
    `__init__`, the `repr` or the comparison, none keyword-only (read before `dataclasses` takes
    the `field()`s out of the class)."""
    annotations = cls.__dict__.get("__annotations__", {})
    if any(a is dataclasses.KW_ONLY or (isinstance(a, str) and a.endswith("KW_ONLY")) for a in annotations.values()):
        return False
    return not any(
        isinstance(value, dataclasses.Field)
        and (
            value.default_factory is not dataclasses.MISSING
            or not (value.init and value.repr and value.compare)
            or value.kw_only is True
            or value.hash is not None
        )
        for value in vars(cls).values()
    )


def _documented(make: Callable[..., Any]) -> Callable[..., Any]:
    """`make` (`dataclasses.dataclass`) given a class with a docstring: one without gets the text
    `dataclasses` would write, `Name(field: type, ...)`, without its call of `inspect.signature`."""

    def documented(cls: type, **parameters: Any) -> Any:
        if not cls.__doc__:
            annotations = cls.__dict__.get("__annotations__", {})
            cls.__doc__ = f"{cls.__name__}({', '.join(f'{n}: {t}' for n, t in annotations.items())})"
        return make(cls, **parameters)

    return documented


def replace(obj: Any, /, **changes: Any) -> Any:
    """`dataclasses.replace`, for nodes made by `node` without its per-call walk over the fields
    (the stages rebuild operations and definitions tens of thousands of times on large specs)."""
    cls = type(obj)
    make = _REPLACERS.get(cls)
    if make is None:
        if cls not in _NODES:
            return dataclasses.replace(obj, **changes)
        make = _REPLACERS[cls] = _replacer(cls)
    return make(obj, changes)


def _replacer(cls: type) -> Callable[[Any, dict[str, Any]], Any]:
    """`replace` for one node class: the node's fields, some changed, passed to the class."""
    names = [f.name for f in dataclasses.fields(cls)]
    args = ", ".join(f"changes[{n!r}] if {n!r} in changes else obj.{n}" for n in names)
    env: dict[str, Any] = {"_cls": cls, "_names": frozenset(names), "_replace": dataclasses.replace}
    exec(  # noqa: S102
        "def make(obj, changes):\n"
        "    if not changes.keys() <= _names:  # dataclasses.replace's error\n"
        "        return _replace(obj, **changes)\n"
        f"    return _cls({args})\n",
        env,
    )
    make: Callable[[Any, dict[str, Any]], Any] = env["make"]
    return make


def quick_repr(cls: type) -> None:
    """Give a dataclass the `__repr__` the generated one gives, without its guard against
    recursion (see the module's docstring). Same text, character for character."""
    parts = [f"{f.name}={{self.{f.name}!r}}" for f in dataclasses.fields(cls) if f.repr]
    env: dict[str, object] = {}
    body = f"    return f'{{type(self).__qualname__}}({', '.join(parts)})'\n"
    exec(f"def __repr__(self) -> str:\n{body}", env)  # noqa: S102
    method = env["__repr__"]
    method.__qualname__ = f"{cls.__qualname__}.__repr__"  # type: ignore[attr-defined]
    cls.__repr__ = method  # type: ignore[assignment]
