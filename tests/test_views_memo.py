"""The views' per-render memos (`views_memo.py`) key strictly: values the IR's own equality
confuses (`Lit(True) == Lit(1)`, `ge=1` and `ge=1.0`, `0.0` and `-0.0`) get views of their own,
and a view taken from a memo is the view computed afresh, the helpers it uses recorded alike."""

from __future__ import annotations

from pathlib import Path

from generator import ir
from generator.config import make_config
from generator.irquery import Index
from generator.python.pycode import Types
from generator.python.views_docs_models import Pages, model_section
from generator.python.views_memo import Memo, field_key, json_key, type_key
from generator.python.views_models import models_view


def _api(definitions: list[ir.Definition]) -> ir.Api:
    return ir.Api("t", "1", "", (), (), (), (), tuple(definitions), ir.Group(()))


def test_keys_tell_apart_what_equality_confuses() -> None:
    assert ir.Lit(True) == ir.Lit(1)  # why the keys exist
    assert type_key(ir.Lit(True)) != type_key(ir.Lit(1))
    one, one_float = ir.Constraints(ge=1), ir.Constraints(ge=1.0)
    assert ir.Prim("int", constraints=one) == ir.Prim("int", constraints=one_float)
    assert type_key(ir.Prim("int", constraints=one)) != type_key(ir.Prim("int", constraints=one_float))
    assert json_key(0.0) != json_key(-0.0)
    assert json_key([1, True]) != json_key([True, 1])
    assert json_key({"a": 1, "b": 2}) != json_key({"b": 2, "a": 1})  # the order is spelled
    assert type_key(ir.Prim("str", constraints=ir.Constraints())) == type_key(ir.Prim("str"))
    nested = ir.Union((ir.Nullable(ir.Array(ir.Ref("#/x"))), ir.Map(ir.AnyType()), ir.Tuple((ir.Lit("a"),))))
    assert type_key(nested) == type_key(
        ir.Union((ir.Nullable(ir.Array(ir.Ref("#/x"))), ir.Map(ir.AnyType()), ir.Tuple((ir.Lit("a"),))))
    )
    a = ir.Field("a", ir.Prim("int"), required=False, default=ir.Default(1), py_name="a")
    assert field_key(a) != field_key(
        ir.Field("a", ir.Prim("int"), required=False, default=ir.Default(True), py_name="a")
    )
    assert field_key(a) == field_key(ir.Field("a", ir.Prim("int"), required=False, default=ir.Default(1), py_name="a"))


def _model(key: str, name: str, fields: tuple[ir.Field, ...]) -> ir.ModelDef:
    return ir.ModelDef(key=key, name_hint=(name,), fields=fields, class_name=name)


def test_memoized_field_views_are_the_fresh_ones() -> None:
    fields = (
        ir.Field("flag", ir.Lit(True), required=True, py_name="flag"),
        ir.Field("count", ir.Prim("int", constraints=ir.Constraints(ge=1)), required=False, py_name="count"),
        ir.Field("when", ir.Prim("datetime"), required=False, description="When.", py_name="when"),
        ir.Field("tags", ir.Array(ir.Prim("str")), required=False, default=ir.Default([]), py_name="tags"),
    )
    confusable = (
        ir.Field("flag", ir.Lit(1), required=True, py_name="flag"),
        ir.Field("count", ir.Prim("int", constraints=ir.Constraints(ge=1.0)), required=False, py_name="count"),
        ir.Field("when", ir.Prim("datetime"), required=False, description="When.", py_name="when"),
        ir.Field("tags", ir.Array(ir.Prim("str")), required=False, default=ir.Default([]), py_name="tags"),
    )
    definitions: list[ir.Definition] = [
        _model("#/components/schemas/A", "A", fields),
        _model("#/components/schemas/B", "B", confusable),
        _model("#/components/schemas/C", "C", fields),  # all of A's again: from the memo
    ]
    view = models_view(Index.of(_api(definitions)), 88)
    alone = [models_view(Index.of(_api([d])), 88) for d in definitions]  # no field seen before
    assert view.models == [one.models[0] for one in alone]
    a, b, c = view.models
    assert a.fields[0].annotation != b.fields[0].annotation  # Literal[True], Literal[1]
    assert "True" in a.fields[0].annotation and "1" in b.fields[0].annotation
    assert "ge=1)" in a.fields[1].annotation and "ge=1.0)" in b.fields[1].annotation
    assert c.fields[3] is a.fields[3]  # one view for equal fields
    # the helpers a memoized field uses are recorded as when computed
    assert models_view(Index.of(_api(definitions[1:])), 88).imports == view.imports


def test_memoized_doc_rows_are_the_fresh_ones() -> None:
    field = ir.Field("flag", ir.Lit(True), required=True, py_name="flag", description="A | flag")
    other = ir.Field("flag", ir.Lit(1), required=True, py_name="flag", description="A | flag")
    definitions: list[ir.Definition] = [
        _model("#/components/schemas/A", "A", (field,)),
        _model("#/components/schemas/B", "B", (field,)),
        _model("#/components/schemas/C", "C", (other,)),
    ]
    index = Index.of(_api(definitions))
    types = Types(index.defs, prefix="models.", public=True)
    config = make_config(Path("spec.yaml"), output=Path("/nonexistent"), package_name="pkg")
    shared = Pages(index)
    rows = [model_section(d, shared, types, config, []).fields for d in definitions]
    unmemoized = Pages(index)
    alone = []
    for d in definitions:
        unmemoized.rows.clear()  # each row computed afresh (type cells are shared, by type, as before)
        alone.append(model_section(d, unmemoized, types, config, []).fields)
    assert rows == alone
    assert rows[0][0] is rows[1][0]  # one row for equal fields
    assert rows[2][0] is not rows[0][0]  # `Lit(1)` is no `Lit(True)` to the memo


def test_memo_computes_each_text_once() -> None:
    calls: list[str] = []

    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    memo = Memo(upper)
    assert [memo["a"], memo["b"], memo["a"]] == ["A", "B", "A"]
    assert calls == ["a", "b"]
