"""Bound the size of every type expression, so the generated code stays within what a
language's tools accept.

A spec may nest inline schemas as deep as the loader allows (256 levels), and named schemas
that only alias others (`A: anyOf [array of B, map of B]`, `B: …`) are expanded where they are
used (the Python models module spells an alias as its type, see `python/pycode.py`). Unbounded,
210 nested arrays become a `list[list[…]]` CPython refuses to parse (it allows 200 nested
brackets), and 30 such aliases an expansion of 2³⁰ parts. Here each place a type is written (a
field, an alias, a parameter, a body, a response) is measured with its aliases expanded the way
the target expands them; one deeper than `MAX_TYPE_DEPTH` levels or larger than
`MAX_TYPE_PARTS` parts is cut: its structure is kept as far as the bounds allow, aliases that do
not fit are spelled out, and below the cut the value is typed as any JSON value (`ir.AnyType`),
with a warning at that place. Deterministic; a spec within the bounds is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from generator import ir
from generator.diagnostics import Diagnostic, pointer_join
from generator.ir import replace

MAX_TYPE_DEPTH = 32  # nested levels (array, map, union…); Python spends at most 2 brackets on one
MAX_TYPE_PARTS = 256  # types in one expression once aliases are expanded


class _Bounds:
    def __init__(self, definitions: tuple[ir.Definition, ...]) -> None:
        self.defs: dict[str, ir.Definition] = {d.key: d for d in definitions}
        self.diagnostics: dict[str, Diagnostic] = {}  # by pointer: one warning per place
        self.expand = True  # whether aliases are spelled as their type where the type is written
        # ids of the parameters and responses found within the bounds in an operation: many are
        # one object shared by many operations (`schema_sharing`, `normalize._responses`), and
        # within the bounds in one is within them in all (only a cut's warning names the place)
        self.fit: set[int] = set()

    def fits(self, t: ir.Type, depth: int, parts: int, seen: frozenset[str]) -> bool:
        """Whether `t` has at most `depth` levels and `parts` parts (each type one of both)."""
        return self._size(t, depth, parts, seen) <= parts

    def _size(self, t: ir.Type, depth: int, parts: int, seen: frozenset[str]) -> int:
        """The parts of `t`; more than `parts` when over either bound (the walk stops there).

        A loop over a stack, not a recursive local function: such a function refers to itself
        through its closure, a cycle only the cyclic collector frees (one per type measured, and
        `analyze` runs with the collector off: thousands of them held until it ends)."""
        count = 0
        stack = [(t, 1, seen)]
        while stack:
            t, level, seen = stack.pop()
            count += 1
            if level > depth or count > parts:
                return parts + 1
            stack += [(child, level + 1, inner) for child, inner in reversed(self._children(t, seen))]
        return count

    def _children(self, t: ir.Type, seen: frozenset[str]) -> list[tuple[ir.Type, frozenset[str]]]:
        """The types `t` is spelled with, and the aliases being expanded around each (an alias
        within its own expansion is spelled `Any`, as `pycode.Types` does)."""
        match t:
            case ir.Array(item=item):
                return [(item, seen)]
            case ir.Map(value=value):
                return [(value, seen)]
            case ir.Union(variants=variants):
                return [(v, seen) for v in variants]
            case ir.Nullable(inner=inner):
                return [(inner, seen)]
            case ir.Ref(key=key) if self.expand and key not in seen:
                d = self.defs.get(key)
                if isinstance(d, ir.AliasDef):
                    return [(d.type, seen | {key})]
        return []

    def bound(self, t: ir.Type, pointer: Callable[[], str], *, expand: bool = True) -> ir.Type:
        """`t` itself when it fits the bounds, else `t` cut to fit, with a warning. `expand`:
        aliases are spelled as their type here (the definitions; elsewhere they are named)."""
        self.expand = expand
        if self.small(t, expand) or self.fits(t, MAX_TYPE_DEPTH, MAX_TYPE_PARTS, frozenset()):
            return t
        where = pointer()
        self.diagnostics[where] = Diagnostic(
            "warning",
            where,
            f"type nested deeper than {MAX_TYPE_DEPTH} levels or made of more than {MAX_TYPE_PARTS} types "
            "(with the named schemas it reuses spelled out): typed as any JSON value below that",
            "approximated",
        )
        return self._cut(t, MAX_TYPE_DEPTH, [MAX_TYPE_PARTS], frozenset())

    def small(self, t: ir.Type, expand: bool) -> bool:
        """Whether `t` is within both bounds by its shape alone, without a walk: a type of at most
        two parts (`_parts`), or a union of such, or a list, map or nullable of either (at most 4
        levels; the parts counted). Graph's spec: all but 600 of the 23,000 types measured."""
        inner = _inner(t)
        if inner is not None:
            t = inner
        if not isinstance(t, ir.Union):
            return self._parts(t, expand) > 0
        total = 1 if inner is None else 2
        for v in t.variants:
            parts = self._parts(v, expand)
            if not parts:
                return False
            total += parts
        return total <= MAX_TYPE_PARTS

    def _parts(self, t: ir.Type, expand: bool) -> int:
        """The parts of `t` where it is written when it is one part, or a list, map or nullable of
        one (an alias being expanded is not); else 0."""
        inner = _inner(t)
        parts = 1
        if inner is not None:
            t, parts = inner, 2
        if isinstance(t, ir.Prim | ir.Lit | ir.AnyType):
            return parts
        if isinstance(t, ir.Ref) and not (expand and isinstance(self.defs.get(t.key), ir.AliasDef)):
            return parts
        return 0

    def _cut(self, t: ir.Type, depth: int, left: list[int], seen: frozenset[str]) -> ir.Type:
        """`t` within `depth` levels and the parts `left` (a countdown shared by the whole
        expression; a union's variants share what is left evenly): kept whole where it fits,
        else opened one level."""
        if depth < 1 or left[0] < 1:
            return ir.AnyType()
        size = self._size(t, depth, left[0], seen)
        if size <= left[0]:
            left[0] -= size
            return t
        left[0] -= 1
        if depth == 1 or left[0] < 1:
            return ir.AnyType()
        match t:
            case ir.Array(item=item):
                return replace(t, item=self._cut(item, depth - 1, left, seen))
            case ir.Map(value=value):
                return ir.Map(self._cut(value, depth - 1, left, seen))
            case ir.Nullable(inner=inner):
                return ir.Nullable(self._cut(inner, depth - 1, left, seen))
            case ir.Union(variants=variants, discriminator=disc):  # the parts left shared fairly
                cut = []
                for i, v in enumerate(variants):
                    share = [left[0] // (len(variants) - i)]
                    before = share[0]
                    cut.append(self._cut(v, depth - 1, share, seen))
                    left[0] -= before - share[0]
                return ir.Union(tuple(cut), disc if tuple(cut) == variants else None)
            case ir.Ref(key=key):  # an alias too large to spell here: its type, cut
                alias = self.defs[key]
                assert isinstance(alias, ir.AliasDef)
                return self._cut(alias.type, depth - 1, left, seen | {key})
        return ir.AnyType()


def _inner(t: ir.Type) -> ir.Type | None:
    """The one type a list, map or nullable is spelled with; None for the other types."""
    if isinstance(t, ir.Nullable):
        return t.inner
    if isinstance(t, ir.Array):
        return t.item
    if isinstance(t, ir.Map):
        return t.value
    return None


def bound_types(api: ir.Api) -> tuple[ir.Api, list[Diagnostic]]:
    """Every type of `api` within `MAX_TYPE_DEPTH` and `MAX_TYPE_PARTS`; a warning per cut.
    Only what is cut is rebuilt (GitHub's spec: nothing, in a tenth of a second)."""
    b = _Bounds(api.definitions)
    for d in api.definitions:  # aliases first: the fields that use them are measured with them cut
        if isinstance(d, ir.AliasDef):
            b.defs[d.key] = _typed(d, b.bound(d.type, partial(str, d.key)))
    for d in api.definitions:
        if isinstance(d, ir.ModelDef):
            fields = tuple(
                f  # the common cases of `bound`, without making the pointer's function
                if isinstance(f.type, ir.Prim | ir.Lit | ir.AnyType) or b.small(f.type, True)
                else _typed(f, b.bound(f.type, partial(pointer_join, d.key, "properties", f.wire_name)))
                for f in d.fields
            )
            extra = d.additional
            if extra is not None:
                extra = b.bound(extra, partial(pointer_join, d.key, "additionalProperties"))
            if fields != d.fields or extra is not d.additional:
                b.defs[d.key] = replace(d, fields=fields, additional=extra)
    operations = tuple(_bound_operation(op, b) for op in api.operations)
    globals_ = tuple(
        _typed(p, b.bound(p.type, partial(pointer_join, "#", "parameters", p.wire_name), expand=False))
        for p in api.globals
    )
    definitions = tuple(b.defs[d.key] for d in api.definitions)
    if not b.diagnostics:
        return api, []
    named = replace(api, definitions=definitions, operations=operations, globals=globals_)
    return named, list(b.diagnostics.values())


def _typed(element: Any, t: ir.Type) -> Any:
    """`element` with its `type` replaced, itself when that is unchanged."""
    return element if element.type is t else replace(element, type=t)


def _bound_operation(op: ir.Operation, b: _Bounds) -> ir.Operation:
    """An operation's types; its module names aliases instead of spelling them."""

    def bound(t: ir.Type, *where: str) -> ir.Type:
        if b.small(t, False):  # the common case, without making the pointer's function
            return t
        return b.bound(t, partial(pointer_join, op.key, *where), expand=False)

    def response(r: ir.Response) -> ir.Response:
        if id(r) in b.fit:
            return r
        contents = tuple(
            _typed(c, bound(c.type, "responses", r.status, "content", c.media_type, "schema"))
            if c.type is not None
            else c
            for c in r.contents
        )
        if contents == r.contents:
            b.fit.add(id(r))
            return r
        return replace(r, contents=contents)

    def param(p: ir.Param) -> ir.Param:
        if id(p) in b.fit:
            return p
        bounded: ir.Param = _typed(p, bound(p.type, "parameters", p.wire_name))
        if bounded is p:
            b.fit.add(id(p))
        return bounded

    params = tuple(map(param, op.params))
    body = _typed(op.body, bound(op.body.type, "requestBody")) if op.body is not None else None
    success = response(op.success) if op.success is not None else None
    responses = tuple(response(r) for r in op.responses)
    if params == op.params and body is op.body and success is op.success and responses == op.responses:
        return op
    return replace(op, params=params, body=body, responses=responses, success=success)
