"""Per-render memos of the parts of operation views that repeat from one operation to the next.

A large spec spells the same types again and again in its methods: Graph's 11,400 operations
declare 48,000 parameters, most of them one of a few (`$select`, `$expand`, `$top`, `ConsistencyLevel`),
and every error response is the same `ODataError`. The resource modules (`views_operations`) and
the docs pages (`views_docs`, `docs_examples`) each spelled every one of them afresh, a walk of the
type each time (an `$select` enum of 300 values, built, then scanned to be fitted to its line).

A memo here lives as long as the render's `Index` (`memo_of`, as `views_docs_models.pages_of`:
one per render, replaced by the next), so no entry outlives the IR it was computed from. It is
keyed strictly (`views_memo.type_key`) and by the namespace it spells in (`flavor`): equal keys
mean equal text. A hit records the helpers its expression uses into `Types.used`, as making it
again would (`views_memo.recorded`), so the modules import what they did.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from generator import ir
from generator.irquery import Index
from generator.python.escape import Code
from generator.python.naming import attr_path
from generator.python.pycode import Types
from generator.python.views_memo import recorded, type_key

_KeyOf = Callable[[ir.Type], Hashable]

# The builtins `Types.builtin` spells through `builtins` when a method shadows them: all of
# `shadowed` that can change an expression.
_BUILTINS = frozenset({"list", "dict", "tuple"})


def flavor(types: Types) -> Hashable:
    """Everything of a `Types` (but its definitions, the render's) that its expressions follow."""
    return (
        types.namespace,
        types.public,
        types.static,
        types.constraints,
        types.enum_strings,
        types.shadowed & _BUILTINS,
    )


class Table:
    """Values computed through one `Types` (or those derived from it, sharing its `used`), each
    with the helpers it used: `get(key, compute, *args)` computes `compute(*args)` on a miss,
    replays on a hit."""

    __slots__ = ("types", "_found", "_key")

    def __init__(self, types: Types, found: dict[Hashable, tuple[Any, frozenset[str]]], key: _KeyOf) -> None:
        self.types = types
        self._found = found
        self._key = key  # `OperationMemo.type_key`

    def type_key(self, t: ir.Type) -> Hashable:
        return self._key(t)

    def get(self, key: Hashable, compute: Callable[..., Any], *args: object) -> Any:
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = recorded(self.types, compute, *args)
        elif found[1]:
            self.types.used |= found[1]
        return found[0]


class Expressions(Table):
    """`types.expr` of whole types (a top-level call: nothing `seen`), made once per render."""

    __slots__ = ()

    def __call__(self, t: ir.Type) -> Code:
        key = self._key(t)
        found = self._found.get(key)
        if found is None:
            types = self.types
            found = self._found[key] = recorded(types, types.expr, t)
        elif found[1]:
            self.types.used |= found[1]
        return found[0]  # type: ignore[no-any-return]


class OperationMemo:
    """The memos of one render (one `Index`), by what they hold and the namespace they spell in."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._tables: dict[Hashable, dict[Hashable, tuple[Any, frozenset[str]]]] = {}
        self.run: dict[Hashable, Any] = {}  # values of the whole API, made once (no `Types`)
        self._type_keys: dict[int, tuple[ir.Type, Hashable]] = {}
        self._attrs: dict[int, tuple[ir.Group, str]] = {}

    def type_key(self, t: ir.Type) -> Hashable:
        """`views_memo.type_key(t)`, once per type object (Graph's 48,000 parameters have 9,000,
        each keyed by the module, its docs page and its example). By `id`: each entry holds its
        type, so no other object takes its `id` while the memo lives."""
        found = self._type_keys.get(id(t))
        if found is None:
            found = self._type_keys[id(t)] = (t, type_key(t))
        return found[1]

    def attr(self, group: ir.Group) -> str:
        """`".".join(attr_path(root, group))`, once per group object (Graph's 2,000 groups were
        searched for from the root 16,000 times: each docs page names its group, its parent and
        its children, and the tests, the docs index, the model pages and the README name them
        again). By `id`, each entry holding its group, as `type_key`."""
        found = self._attrs.get(id(group))
        if found is None:
            found = self._attrs[id(group)] = (group, ".".join(attr_path(self.index.api.root, group)))
        return found[1]

    def exprs(self, types: Types) -> Expressions:
        """`types.expr`, memoized for the render."""
        assert types.defs is self.index.defs
        return Expressions(types, self._tables.setdefault(("expr", flavor(types)), {}), self.type_key)

    def table(self, kind: str, types: Types) -> Table:
        """A memo of `kind` (a name of what it holds) computed through `types`."""
        assert types.defs is self.index.defs
        return Table(types, self._tables.setdefault((kind, flavor(types)), {}), self.type_key)


_CACHE: list[OperationMemo] = []


def memo_of(index: Index) -> OperationMemo:
    """The memos of `index`'s render (a new render: new memos)."""
    if not _CACHE or _CACHE[0].index is not index:
        _CACHE[:] = [OperationMemo(index)]
    return _CACHE[0]
