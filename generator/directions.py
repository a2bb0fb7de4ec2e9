"""Which side of the API reaches each named definition: requests, responses, or both.

Input: an `ir.Api` (named or not); output: definition key → the sides that reach it, following
references transitively (aliases, fields, array items, map values, union variants,
`additionalProperties`). A read-only field is followed on the response side only (a request never
carries it), a write-only one on the request side only. Iterative: recursive schemas are
expected. Used where the sides differ: request bodies get typed dicts and enum fields that take
their plain strings (`generator.python`), `sdkgen diff` decides what breaks whom (`surface`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from generator import ir, irquery

Side = Literal["request", "response"]
Direction = Literal["request", "response", "both", "none"]
_DIRECTIONS: dict[frozenset[str], Direction] = {
    frozenset({"request"}): "request",
    frozenset({"response"}): "response",
    frozenset({"request", "response"}): "both",
}


def reach(defs: irquery.Definitions, roots: Iterable[tuple[ir.Type, Side]]) -> dict[str, set[Side]]:
    """Definition key → the sides from which `roots` (types, each on its side) reach it.

    Types that reach nothing (`_LEAVES`: most fields') are never pushed: the walk visits what it
    always did, in the same order (the result's keys too), for half the work (Graph: 140,000
    types popped, 60,000 of them leaves)."""
    reached: dict[str, set[Side]] = {}
    leaves = _LEAVES
    pending = [(t, side) for t, side in roots if t.__class__ not in leaves]
    while pending:
        t, side = pending.pop()
        if isinstance(t, ir.Ref):
            sides = reached.get(t.key)
            if sides is None:
                sides = reached[t.key] = set()
            elif side in sides:
                continue
            sides.add(side)
            d = defs[t.key]
            if isinstance(d, ir.ModelDef):
                if side == "request":
                    pending += [(f.type, side) for f in d.fields if f.type.__class__ not in leaves and not f.read_only]
                else:
                    pending += [(f.type, side) for f in d.fields if f.type.__class__ not in leaves and not f.write_only]
                if d.additional is not None and d.additional.__class__ not in leaves:
                    pending.append((d.additional, side))
            elif isinstance(d, ir.AliasDef) and d.type.__class__ not in leaves:
                pending.append((d.type, side))
        elif isinstance(t, ir.Array):
            pending.append((t.item, side))
        elif isinstance(t, ir.Nullable):
            pending.append((t.inner, side))
        elif isinstance(t, ir.Map):
            pending.append((t.value, side))
        elif isinstance(t, ir.Union):
            pending += [(v, side) for v in t.variants]
        elif isinstance(t, ir.Tuple):
            pending += [(v, side) for v in t.items]
    return reached


_LEAVES = frozenset({ir.Prim, ir.Lit, ir.AnyType})  # the types that reach no definition


def directions(api: ir.Api) -> dict[str, Direction]:
    """Definition key → the side(s) of the API that reach it: requests (parameters and bodies),
    responses (success and error bodies), or both."""
    roots: list[tuple[ir.Type, Side]] = []
    for op in api.operations:
        roots += [(p.type, "request") for p in op.params]
        if op.body is not None:
            roots.append((op.body.type, "request"))
        roots += [(c.type, "response") for r in op.responses for c in r.contents if c.type is not None]
    reached = reach(irquery.definitions(api), roots)
    return {key: _DIRECTIONS[frozenset(sides)] for key, sides in reached.items() if sides}


def body_models(api: ir.Api) -> frozenset[str]:
    """Keys of the models a request body (or a 3.2 querystring parameter, sent as a form is)
    reaches (itself, its fields' models, transitively)."""
    defs = irquery.definitions(api)
    roots: list[tuple[ir.Type, Side]] = [(op.body.type, "request") for op in api.operations if op.body is not None]
    roots += [(p.type, "request") for op in api.operations for p in op.params if p.content is not None]
    reached = reach(defs, roots)
    return frozenset(key for key in reached if isinstance(defs[key], ir.ModelDef))
