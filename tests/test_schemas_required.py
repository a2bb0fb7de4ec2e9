"""generator.schemas: what a schema requires survives conversion.

`required` names without a property, a `oneOf` of `required` lists beside `properties`, an
allOf no value satisfies, a oneOf that repeats a variant and a discriminator the variants
inherit from their allOf parent each used to be lost (an Any alias, a dropped name, the first
member's type, one variant, no discriminator); the IR now keeps what samples need to build
values the spec accepts.
"""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.schemas import SchemaConverter


def convert(schema: dict[str, Any], components: dict[str, Any] | None = None) -> tuple[ir.Type, SchemaConverter]:
    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    doc["components"] = {"schemas": components or {}}
    converter = SchemaConverter(doc)
    converter.define_components()
    return converter.convert(schema, "#/x", ("X",)), converter


def model(t: ir.Type, converter: SchemaConverter) -> ir.ModelDef:
    assert isinstance(t, ir.Ref), t
    found = converter.definitions[t.key]
    assert isinstance(found, ir.ModelDef), found
    return found


def fields(m: ir.ModelDef) -> dict[str, tuple[ir.Type, bool]]:
    return {f.wire_name: (f.type, f.required) for f in m.fields}


DOC_POST = {  # readme-legacy's docSchemaPost, shortened: either `category` or `categorySlug`
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "category": {"type": "string"},
        "categorySlug": {"type": "string"},
        "hidden": {"type": "boolean"},
    },
    "oneOf": [
        {"required": ["title", "category"], "title": "`category` Parameter"},
        {"required": ["title", "categorySlug"], "title": "`categorySlug` Parameter"},
    ],
    "additionalProperties": True,
}


def test_properties_with_a_one_of_of_required_lists_stay_a_model() -> None:
    t, converter = convert(DOC_POST)
    m = model(t, converter)
    assert fields(m) == {
        "title": (ir.Prim("str"), True),  # every variant requires it
        "category": (ir.Prim("str"), False),
        "categorySlug": (ir.Prim("str"), False),
        "hidden": (ir.Prim("bool"), False),
    }
    assert m.required_sets == (("title", "category"), ("title", "categorySlug"))


def test_a_one_of_of_schemas_is_still_a_union() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "oneOf": [
            {"type": "object", "required": ["a"], "properties": {"c": {"type": "string"}}},
            {"type": "object", "properties": {"b": {"type": "integer"}}},
        ],
    }
    t, _ = convert(schema)
    assert isinstance(t, ir.Union) and len(t.variants) == 2


def test_required_without_a_property_is_a_required_field() -> None:
    schema = {
        "type": "object",
        "required": ["declared", "enum (with example) *required"],
        "properties": {"declared": {"type": "string"}},
    }
    t, converter = convert(schema)
    assert fields(model(t, converter)) == {
        "declared": (ir.Prim("str"), True),
        "enum (with example) *required": (ir.AnyType(), True),
    }
    typed = {**schema, "additionalProperties": {"type": "integer"}}  # typed by additionalProperties
    t, converter = convert(typed)
    assert fields(model(t, converter))["enum (with example) *required"] == (ir.Prim("int"), True)
    t, converter = convert({"type": "object", "required": ["only"]})  # no properties at all
    assert fields(model(t, converter)) == {"only": (ir.AnyType(), True)}


def test_all_of_incompatible_types_is_any_with_a_warning() -> None:
    t, converter = convert({"allOf": [{"type": "string"}, {"type": "integer"}]})
    assert t == ir.AnyType()
    assert [d.kind for d in converter.diagnostics] == ["unsatisfiable"]
    t, converter = convert({"allOf": [{"type": "number"}, {"type": "integer", "minimum": 3}]})
    assert t == ir.Prim("float")  # integers are numbers: satisfiable, so no warning
    assert [(d.level, d.pointer) for d in converter.diagnostics] == [("info", "#/x/allOf")]  # the rest: reported
    t, _ = convert({"allOf": [{"type": "string", "format": "email"}, {"maxLength": 9}]})
    assert isinstance(t, ir.Prim) and t.name == "str"


def test_one_of_keeps_a_repeated_variant_any_of_does_not() -> None:
    wrapper = {"Wrapper": {"type": "object", "properties": {"s": {"type": "string"}}}}
    ref = {"$ref": "#/components/schemas/Wrapper"}
    t, _ = convert({"oneOf": [ref, {**ref}]}, wrapper)
    assert t == ir.Union((ir.Ref("#/components/schemas/Wrapper"),) * 2)  # no value matches exactly one
    t, _ = convert({"anyOf": [ref, {**ref}]}, wrapper)
    assert t == ir.Ref("#/components/schemas/Wrapper")


def test_the_all_of_parents_discriminator_tells_the_variants_apart() -> None:
    pet = {"type": "object", "required": ["pet_type"], "properties": {"pet_type": {"type": "string"}}}
    components = {
        "Pet": {**pet, "discriminator": {"propertyName": "pet_type", "mapping": {"kitty": "#/components/schemas/Cat"}}},
        "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"hunts": {"type": "boolean"}}}]},
        "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"bark": {"type": "boolean"}}}]},
        "Plain": {"allOf": [{"type": "object", "properties": {"pet_type": {"type": "string"}}}]},
    }
    cat, dog, plain = ({"$ref": f"#/components/schemas/{name}"} for name in ("Cat", "Dog", "Plain"))
    t, _ = convert({"oneOf": [cat, dog]}, components)
    assert isinstance(t, ir.Union) and t.discriminator == ir.Discriminator(
        "pet_type", (("kitty", "#/components/schemas/Cat"), ("Dog", "#/components/schemas/Dog"))
    )
    t, _ = convert({"oneOf": [cat, plain]}, components)  # not every variant inherits it
    assert isinstance(t, ir.Union) and t.discriminator is None
