"""The batch keys' digests of the IR (`generator/ir_digest.py`): shared parts printed once, the
text still faithful — equal digests for equal nodes however their parts are shared, different
digests when any part differs."""

from __future__ import annotations

from generator import ir
from generator.ir_digest import Digests


def _field(name: str, description: str = "") -> ir.Field:
    return ir.Field(name, ir.Prim("str"), required=False, description=description)


def _model(key: str, *fields: ir.Field) -> ir.ModelDef:
    return ir.ModelDef(key, (key,), fields)


def test_sharing_does_not_change_the_digest() -> None:
    shared = _field("id", "the id")
    one = (_model("#/a", shared), _model("#/b", shared))
    two = (_model("#/a", _field("id", "the id")), _model("#/b", _field("id", "the id")))
    assert Digests().definitions(one) == Digests().definitions(two)


def test_a_shared_field_that_differs_changes_the_digest() -> None:
    before = (_model("#/a", _field("id", "the id")), _model("#/b", _field("id", "the id")))
    after = (_model("#/a", _field("id", "the id")), _model("#/b", _field("id", "an id")))
    assert Digests().definitions(before) != Digests().definitions(after)


def test_enum_members_and_model_fields_are_part_of_the_digest() -> None:
    def enum(*values: str) -> ir.EnumDef:
        return ir.EnumDef("#/e", ("e",), "str", tuple(ir.EnumMember(v) for v in values))

    assert Digests().definitions((enum("a", "b"),)) != Digests().definitions((enum("a", "c"),))
    assert Digests().definitions((_model("#/a", _field("x")),)) != Digests().definitions((_model("#/a"),))


def test_an_operations_parameters_and_responses_are_part_of_its_digest() -> None:
    param = ir.Param("q", "query", ir.Prim("str"), required=False)
    ok = ir.Response("200", (ir.Content("application/json", ir.Prim("str")),))
    base = ir.Operation("#/paths/~1a/get", "a", (), ("a",), "get", "/a", responses=(ok,), success=ok)
    with_param = ir.replace(base, params=(param,))
    other = ir.Response("200", (ir.Content("application/json", ir.Prim("int")),))
    other_response = ir.replace(base, responses=(other,), success=other)
    digests = {Digests().operation(op) for op in (base, with_param, other_response)}
    assert len(digests) == 3
    assert Digests().operation(ir.replace(base, params=(param,))) == Digests().operation(with_param)
