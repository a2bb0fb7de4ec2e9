"""The front end's sharing of repeated work gives what converting each repeat gives.

`SchemaConverter._field` makes the field of a flat property schema once per content,
`Normalizer._param` the parameter of one shared parameter object once, and naming names a
model's fields once per wire-name tuple and cases hints a part at a time. Each must be exactly
the unshared result, and must not skip a diagnostic that names a pointer.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.normalize import Options, normalize
from generator.python import naming
from generator.schemas import SchemaConverter


def converter(components: dict[str, Any]) -> SchemaConverter:
    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    doc["components"] = {"schemas": components}
    c = SchemaConverter(doc)
    c.define_components()
    return c


def fields(c: SchemaConverter, key: str) -> tuple[ir.Field, ...]:
    model = c.definitions[f"#/components/schemas/{key}"]
    assert isinstance(model, ir.ModelDef)
    return model.fields


def test_equal_flat_properties_share_one_field() -> None:
    prop = {"type": "integer", "description": "n", "default": 1, "example": 2}
    c = converter({"A": {"properties": {"n": dict(prop)}}, "B": {"properties": {"n": dict(prop)}}})
    (a,), (b,) = fields(c, "A"), fields(c, "B")
    assert a is b
    assert a == ir.Field("n", ir.Prim("int"), False, ir.Default(1), "n", example=ir.Default(2))


@pytest.mark.parametrize("other", [1.0, True])
def test_equal_but_differently_typed_values_are_not_shared(other: Any) -> None:
    """`1`, `1.0` and `True` are equal dict keys: the types are part of the key."""
    c = converter({"A": {"properties": {"n": {"default": 1}}}, "B": {"properties": {"n": {"default": other}}}})
    (a,), (b,) = fields(c, "A"), fields(c, "B")
    assert a.default is not None and b.default is not None
    assert type(b.default.value) is type(other)
    assert type(a.default.value) is int


def test_a_field_that_reported_is_made_again_with_its_own_pointer() -> None:
    """A bad pattern is reported at each property's pointer, however often it repeats."""
    prop = {"type": "string", "pattern": "(unclosed"}
    c = converter({"A": {"properties": {"s": dict(prop)}}, "B": {"properties": {"s": dict(prop)}}})
    where = sorted(d.pointer for d in c.diagnostics if d.kind == "pattern")
    assert where == ["#/components/schemas/A/properties/s", "#/components/schemas/B/properties/s"]


def test_requiredness_and_wire_name_are_part_of_the_key() -> None:
    c = converter(
        {
            "A": {"properties": {"x": {"type": "string"}}, "required": ["x"]},
            "B": {"properties": {"x": {"type": "string"}, "y": {"type": "string"}}},
        }
    )
    (ax,), (bx, by) = fields(c, "A"), fields(c, "B")
    assert ax.required and not bx.required and by.wire_name == "y"


def test_a_shared_parameter_is_the_same_in_every_operation() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "a", "parameters": [{"$ref": "#/components/parameters/page"}]}},
            "/b": {"get": {"operationId": "b", "parameters": [{"$ref": "#/components/parameters/page"}]}},
        },
        "components": {
            "parameters": {"page": {"name": "page", "in": "query", "schema": {"type": "integer", "default": 1}}}
        },
    }
    api, _ = normalize(doc, Options({}), "spec.json")
    (a,), (b,) = (op.params for op in api.operations)
    assert a is b
    assert a.wire_name == "page" and a.type == ir.Prim("int") and a.default == ir.Default(1)


@pytest.mark.parametrize(
    "hint",
    [
        ("repos", "get", "Response"),
        ("HTTPServer_v2", "item1", "2fa"),
        ("", "x"),
        ("ﬁeld", "Kelvin K", "naïve café"),
        ("123", "abc"),
        (),
        ("a" * 100, "b" * 100),
    ],
)
def test_pascal_hint_is_pascal_of_the_joined_hint(hint: tuple[str, ...]) -> None:
    assert naming.pascal_hint(hint) == naming.pascal(" ".join(hint))


def test_models_with_the_same_wire_names_are_named_alike_and_renames_still_reported() -> None:
    shared = ir.Field("class", ir.Prim("str"), True)
    clash = ir.Field("class_", ir.Prim("str"), True)
    models = [ir.ModelDef(key=f"#/m{i}", name_hint=(f"M{i}",), fields=(shared, clash)) for i in range(2)]
    memo = naming._FieldMemo()
    renamed: list[Any] = []
    first, second = (naming._name_fields(m, renamed, memo) for m in models)
    assert first == second
    assert [f.py_name for f in first] == ["class_2", "class_"]
    assert [d.pointer for d in renamed] == ["#/m0/properties/class", "#/m1/properties/class"]


def test_a_field_converted_again_at_a_reported_pointer_is_not_taken_as_clean() -> None:
    """`B` merges `A`'s properties (an allOf part keeps `A`'s pointers, checked already): that
    second conversion reports nothing, yet `C`'s equal property must still be reported."""
    prop = {"type": "string", "contentEncoding": "base64"}
    c = converter(
        {
            "A": {"properties": {"x": dict(prop)}},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"y": {"type": "string"}}}]},
            "C": {"properties": {"x": dict(prop)}},
        }
    )
    where = sorted(d.pointer for d in c.diagnostics if d.kind == "not-enforced")
    assert where == [
        "#/components/schemas/A/properties/x/contentEncoding",
        "#/components/schemas/C/properties/x/contentEncoding",
    ]


def test_equal_inline_parameters_are_shared_by_content_and_exact_types() -> None:
    def listed(default: Any) -> list[dict[str, Any]]:
        return [{"name": "top", "in": "query", "schema": {"type": "number", "default": default}}]

    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "a", "parameters": listed(1)}},
            "/b": {"get": {"operationId": "b", "parameters": listed(1)}},
            "/c": {"get": {"operationId": "c", "parameters": listed(1.0)}},
        },
    }
    api, _ = normalize(doc, Options({}), "spec.json")
    (a,), (b,), (c,) = (op.params for op in api.operations)
    assert a is b
    assert a.default is not None and c.default is not None
    assert type(a.default.value) is int and type(c.default.value) is float


def _responses_doc(schema: dict[str, Any]) -> dict[str, Any]:
    """Three operations whose 4XX response is one `$ref`'d response object of `schema`."""
    error = {"$ref": "#/components/responses/error"}
    ops = {
        f"/{n}": {"get": {"operationId": n, "responses": {"200": {"description": "ok"}, "4XX": error}}} for n in "abc"
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": ops,
        "components": {
            "schemas": {"Error": {"type": "object", "properties": {"code": {"type": "string"}}}},
            "responses": {"error": {"description": "bad", "content": {"application/json": {"schema": schema}}}},
        },
    }


def test_a_referenced_response_of_referenced_schemas_is_read_once() -> None:
    api, found = normalize(_responses_doc({"$ref": "#/components/schemas/Error"}), Options({}), "spec.json")
    a, b, c = (op.responses[1] for op in api.operations)
    assert a is b is c
    assert a == ir.Response(
        "4XX", (ir.Content("application/json", ir.Ref("#/components/schemas/Error"), "json"),), "bad"
    )
    assert found == []


def test_a_referenced_response_with_an_inline_schema_is_read_for_each_operation() -> None:
    """An inline object defines a model at each operation's pointer; an unchecked keyword next
    to a `$ref` is reported at each operation's pointer."""
    schema = {"type": "object", "properties": {"code": {"type": "string"}}}
    api, _ = normalize(_responses_doc(schema), Options({}), "spec.json")
    types = [op.responses[1].contents[0].type for op in api.operations]
    assert [t.key for t in types if isinstance(t, ir.Ref)] == [
        f"#/paths/~1{n}/get/responses/4XX/content/application~1json/schema" for n in "abc"
    ]
    api, found = normalize(
        _responses_doc({"$ref": "#/components/schemas/Error", "maxProperties": 3}), Options({}), "spec.json"
    )
    assert len({id(op.responses[1]) for op in api.operations}) == 3
    assert [d.pointer for d in found if d.kind == "not-enforced"] == [
        f"#/paths/~1{n}/get/responses/4XX/content/application~1json/schema/maxProperties" for n in "abc"
    ]
