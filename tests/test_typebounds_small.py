"""`_Bounds.small`: the types known to be within the bounds by their shape alone, without the walk,
are within them by the walk too; an alias spelled out where it is written is always walked."""

from __future__ import annotations

import itertools

import pytest

from generator import ir
from generator.typebounds import MAX_TYPE_DEPTH, MAX_TYPE_PARTS, _Bounds

ALIAS = ir.AliasDef("#/components/schemas/Deep", ("Deep",), ir.Array(ir.Array(ir.Array(ir.Prim("str")))))
MODEL = ir.ModelDef("#/components/schemas/Pet", ("Pet",), ())
LEAVES: list[ir.Type] = [ir.Prim("str"), ir.Lit(1), ir.AnyType(), ir.Ref(MODEL.key), ir.Ref(ALIAS.key)]


def wrappers(t: ir.Type) -> list[ir.Type]:
    return [t, ir.Nullable(t), ir.Array(t), ir.Map(t)]


def shapes() -> list[ir.Type]:
    """Leaves wrapped up to three times, and unions of them wrapped up to twice: the shapes `small`
    knows and the next ones out."""
    parts = [w for leaf in LEAVES for w in wrappers(leaf)]
    unions = [ir.Union(pair) for pair in itertools.combinations(parts[:8], 2)] + [ir.Union(tuple(parts))]
    return [w2 for t in parts + unions for w in wrappers(t) for w2 in wrappers(w)]


@pytest.mark.parametrize("expand", [True, False])
def test_a_small_type_fits_and_the_shapes_it_does_not_know_are_walked(expand: bool) -> None:
    b = _Bounds((ALIAS, MODEL))
    b.expand = expand
    seen = {True: 0, False: 0}
    for t in shapes():
        small = b.small(t, expand)
        seen[small] += 1
        if small:
            assert b.fits(t, MAX_TYPE_DEPTH, MAX_TYPE_PARTS, frozenset()), t
    assert seen[True] and seen[False]  # both answers met (a union wrapped twice is not small)
    assert b.small(ir.Nullable(ir.Ref(ALIAS.key)), expand) is not expand  # an alias spelled out is walked


def test_a_union_too_wide_for_the_parts_bound_is_not_small() -> None:
    b = _Bounds(())
    wide = ir.Union(tuple(ir.Lit(i) for i in range(MAX_TYPE_PARTS)))  # the union and 256 parts: 257
    assert not b.small(wide, True) and not b.fits(wide, MAX_TYPE_DEPTH, MAX_TYPE_PARTS, frozenset())
    fitting = ir.Union(tuple(ir.Lit(i) for i in range(MAX_TYPE_PARTS - 1)))
    assert b.small(fitting, True) and b.fits(fitting, MAX_TYPE_DEPTH, MAX_TYPE_PARTS, frozenset())
