"""Whether one public annotation accepts every value of another: the type rule of `diff`.

Input: two annotations as `surface.public_annotation` spells them (`str | None`,
`Literal['a', 'b']`, `list[Run]`, `Annotated[int, checks(ge=1)]`, `SyncPage[Run, RunPage]`).
`accepts(new, old)` is True when every value of `old` is a value of `new`:

- a union accepts what any of its members accepts; `Literal['a', 'b']` is the union of its values;
- `Any` accepts everything, and only `Any` accepts `Any`;
- `float` accepts `int` (PEP 484's numeric promotion), `FileTypes` `bytes` (a file to upload may
  be bytes); `str`, `int`, `bool`, `float` accept the
  literals of their type;
- a generic accepts the same generic whose arguments it accepts, argument by argument. Arguments
  are treated as covariant, which is right for values built at the call site (a literal list
  passed to a parameter) and for results read, and ignores mypy's invariance of `list`/`dict`
  for a variable the caller declared with the old element type;
- `Annotated[T, checks(...)]` (a model's constraints) accepts `Annotated[U, checks(...)]` when T
  accepts U and every bound of the new checks is implied by the old ones (a lower bound no
  higher, an upper bound no lower, the same pattern and multiple); a bare `T` accepts any
  constrained `U` it accepts;
- an enum's base type (`str`, `int`) accepts the enum: `bases` names the enums of both sides;
- anything else (two model names, an enum and a literal) only itself: names are compared, and
  a model's own changes are reported on the model.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping

_LOWER = ("min_length", "ge", "gt")  # the old bound must be at least the new one
_UPPER = ("max_length", "le", "lt")  # the old bound must be at most the new one


@functools.lru_cache(maxsize=4096)
def _members(annotation: str) -> tuple[ast.expr, ...]:
    return tuple(_flatten(ast.parse(annotation.strip(), mode="eval").body))


def _flatten(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flatten(node.left) + _flatten(node.right)
    if isinstance(node, ast.Subscript) and _name(node.value) == "Literal":
        values = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return [ast.Subscript(node.value, v, ast.Load()) for v in values]
    return [node]


def _name(node: ast.expr) -> str:
    return ast.unparse(node) if isinstance(node, ast.Name | ast.Attribute) else ""


def accepts(new: str, old: str, bases: Mapping[str, str] | None = None) -> bool:
    """Every value of `old` is a value of `new` (see the module docstring); `bases`: enum class
    name → its base type."""
    if new == old:
        return True
    return _Rules(bases or {}).members(_members(new), _members(old))


def narrows(new: str, old: str, bases: Mapping[str, str] | None = None) -> bool:
    """`new` is `old` or a subset of it: safe for a result the caller reads."""
    return accepts(old, new, bases)


def members(annotation: str) -> list[str]:
    """The union members of an annotation, each spelled on its own (literals one by one)."""
    return [ast.unparse(m) for m in _members(annotation)]


def without(annotation: str, *names: str) -> str:
    """The annotation without the union members spelled `names` (e.g. `None`, `NotGiven`)."""
    kept = [m for m in members(annotation) if m not in names]
    return " | ".join(kept) if kept else annotation


class _Rules:
    def __init__(self, bases: Mapping[str, str]) -> None:
        self.bases = bases

    def members(self, new: tuple[ast.expr, ...] | list[ast.expr], old: tuple[ast.expr, ...] | list[ast.expr]) -> bool:
        if any(_name(n) == "Any" for n in new):
            return True
        return all(any(self.one(n, o) for n in new) for o in old)

    def expr(self, new: ast.expr, old: ast.expr) -> bool:
        return self.members(_flatten(new), _flatten(old))

    def one(self, new: ast.expr, old: ast.expr) -> bool:
        if ast.dump(new) == ast.dump(old):
            return True
        if _name(old) == "Any":
            return False
        new_annotated, old_annotated = _annotated(new), _annotated(old)
        if new_annotated is not None:
            if old_annotated is None:
                return False  # the new one adds constraints
            return self.expr(new_annotated[0], old_annotated[0]) and _implied(new_annotated[1], old_annotated[1])
        if old_annotated is not None:
            return self.expr(new, old_annotated[0])
        literal = _literal(old)
        if literal is not None:
            return _accepts_literal(new, literal)
        if _name(new) == "float" and _name(old) == "int":
            return True
        if _name(new) == "FileTypes" and _name(old) in ("bytes", "FileContent"):
            return True  # a file to upload: bytes, a path, a file object or a tuple
        if _name(old) in self.bases and self.bases[_name(old)] == _name(new):
            return True  # a str enum is a str
        if isinstance(new, ast.Subscript) and isinstance(old, ast.Subscript) and _name(new.value) == _name(old.value):
            new_args, old_args = _args(new), _args(old)
            return len(new_args) == len(old_args) and all(
                self.expr(n, o) for n, o in zip(new_args, old_args, strict=True)
            )
        return False


def _args(node: ast.Subscript) -> list[ast.expr]:
    return list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]


def _annotated(node: ast.expr) -> tuple[ast.expr, list[ast.expr]] | None:
    if isinstance(node, ast.Subscript) and _name(node.value) == "Annotated":
        first, *metadata = _args(node)
        return first, metadata
    return None


def _literal(node: ast.expr) -> ast.Constant | None:
    if isinstance(node, ast.Subscript) and _name(node.value) == "Literal" and isinstance(node.slice, ast.Constant):
        return node.slice
    return None


def _accepts_literal(new: ast.expr, literal: ast.Constant) -> bool:
    value = literal.value
    match _name(new):
        case "str":
            return isinstance(value, str)
        case "bool":
            return isinstance(value, bool)
        case "int":
            return isinstance(value, int) and not isinstance(value, bool)
        case "float":
            return isinstance(value, int | float) and not isinstance(value, bool)
    return False


def _implied(new: list[ast.expr], old: list[ast.expr]) -> bool:
    """Every constraint of `new` holds for any value that satisfies `old`."""
    new_checks, old_checks = _checks(new), _checks(old)
    if new_checks is None or old_checks is None:
        return [ast.dump(n) for n in new] == [ast.dump(o) for o in old]
    for key, bound in new_checks.items():
        if key not in old_checks:
            return False
        before = old_checks[key]
        if key in _LOWER and isinstance(bound, int | float) and isinstance(before, int | float):
            if before < bound:
                return False
        elif key in _UPPER and isinstance(bound, int | float) and isinstance(before, int | float):
            if before > bound:
                return False
        elif before != bound:
            return False
    return True


def _checks(metadata: list[ast.expr]) -> dict[str, object] | None:
    """The keyword arguments of a lone `checks(...)`, or None for any other metadata."""
    if len(metadata) != 1 or not isinstance(metadata[0], ast.Call) or _name(metadata[0].func) != "checks":
        return None
    out: dict[str, object] = {}
    for kw in metadata[0].keywords:
        if kw.arg is None or not isinstance(kw.value, ast.Constant):
            return None
        out[kw.arg] = kw.value.value
    return out
