"""Measuring a type against the bounds (`typebounds._Bounds`): the count, the cut-off, and no
cyclic garbage (`analyze` runs with the collector off, so a cycle per type measured was held until
it ended: 190,000 objects for Graph)."""

from __future__ import annotations

import gc

from generator import ir
from generator.typebounds import _Bounds, bound_types


def nested(levels: int) -> ir.Type:
    t: ir.Type = ir.Prim("str")
    for _ in range(levels - 1):
        t = ir.Array(t)
    return t


def test_parts_are_counted_and_a_type_over_a_bound_is_cut_off() -> None:
    b = _Bounds(())
    wide = ir.Union((ir.Prim("str"), ir.Array(ir.Prim("int")), ir.Prim("bool")))
    assert b._size(wide, 32, 256, frozenset()) == 5  # the union and its four parts
    assert b._size(wide, 32, 3, frozenset()) == 4  # over: parts + 1
    assert b._size(nested(3), 3, 256, frozenset()) == 3
    assert b._size(nested(4), 3, 256, frozenset()) == 257  # a level too deep
    assert b.fits(nested(32), 32, 256, frozenset()) and not b.fits(nested(33), 32, 256, frozenset())


def test_measuring_leaves_no_cyclic_garbage() -> None:
    b = _Bounds(())
    was = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        for levels in (2, 40):  # within the bounds, and over one
            b.fits(nested(levels), 32, 256, frozenset())
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def _api(param: ir.Param, response: ir.Response) -> ir.Api:
    ops = tuple(
        ir.Operation(
            key=f"#/paths/~1{n}/get",
            operation_id=n,
            group=(),
            name_hint=(n,),
            method="get",
            path=f"/{n}",
            summary="",
            description="",
            params=(param,),
            body=None,
            responses=(response,),
            success=response,
        )
        for n in "ab"
    )
    return ir.Api("t", "1", "", (), (), (), ops, (), ir.Group(()))


def test_a_shared_parameter_or_response_is_cut_and_reported_in_each_operation() -> None:
    """Parameters and responses shared by operations are measured once when they fit; one over
    a bound is cut in each operation, with a warning at each one's pointer."""
    deep = ir.Param("q", "query", nested(40), False)
    fits = ir.Response("200", (ir.Content("application/json", nested(3), "json"),), "ok")
    named, found = bound_types(_api(deep, fits))
    assert [d.pointer for d in found] == ["#/paths/~1a/get/parameters/q", "#/paths/~1b/get/parameters/q"]
    assert all(op.responses[0] is fits and op.params[0].type != deep.type for op in named.operations)
    wide = ir.Response("200", (ir.Content("application/json", nested(40), "json"),), "ok")
    named, found = bound_types(_api(ir.Param("q", "query", ir.Prim("str"), False), wide))
    where = "responses/200/content/application~1json/schema"
    assert [d.pointer for d in found] == [f"#/paths/~1a/get/{where}", f"#/paths/~1b/get/{where}"]
