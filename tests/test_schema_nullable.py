"""generator.schemas / schema_nullable: a component that accepts null makes each `$ref` to it
accept null, and its model or enum stays a model or enum.

GitHub's spec has 62 components like `nullable-simple-user` (`nullable: true`, referred to by
`$ref`); the field referring to one used to reject null, so a list of issues with one
unassigned issue failed to parse. Here: each spelling of "may be null" (3.0 `nullable`, 3.1 type
lists, `null` variants and enum values), on objects, enums, aliases of primitives, arrays and
maps, through chains of aliases, `allOf` (null only when every member allows it), unions with a
discriminator, recursion; and never `X | None | None` in the IR.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ir, irquery
from generator.schema_nullable import NullableSchemas, non_null, or_none
from generator.schemas import SchemaConverter

SPECS = Path(__file__).parent / "nullable"
USER = {"type": "object", "required": ["login"], "properties": {"login": {"type": "string"}}}
NULLABLE_USER_30 = {**USER, "nullable": True}
NULLABLE_USER_31 = {**USER, "type": ["object", "null"]}
C = "#/components/schemas/"


def converted(components: dict[str, Any], version: str = "3.1.0") -> SchemaConverter:
    doc = {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {}}
    doc["components"] = {"schemas": components}
    converter = SchemaConverter(doc)
    converter.define_components()
    return converter


def ref(name: str) -> dict[str, str]:
    return {"$ref": C + name}


def field(converter: SchemaConverter, model: str, wire: str) -> ir.Type:
    found = converter.definitions[C + model]
    assert isinstance(found, ir.ModelDef), found
    return next(f.type for f in found.fields if f.wire_name == wire)


def nullable_ref(name: str) -> ir.Nullable:
    return ir.Nullable(ir.Ref(C + name))


def walk(t: ir.Type) -> list[ir.Type]:
    """`t` and every type inside it."""
    inner: tuple[ir.Type, ...] = ()
    match t:
        case ir.Array(item=item):
            inner = (item,)
        case ir.Map(value=value):
            inner = (value,)
        case ir.Nullable(inner=one):
            inner = (one,)
        case ir.Union(variants=variants):
            inner = variants
        case ir.Tuple(items=items):
            inner = items
    return [t, *(x for i in inner for x in walk(i))]


def double_wrapped(converter: SchemaConverter) -> list[ir.Type]:
    """Every `Nullable` whose inner type already admits None, in every definition."""
    types: list[ir.Type] = []
    for d in converter.definitions.values():
        if isinstance(d, ir.ModelDef):
            types += [f.type for f in d.fields] + ([d.additional] if d.additional else [])
        elif isinstance(d, ir.AliasDef):
            types.append(d.type)
    defs = converter.definitions
    return [t for top in types for t in walk(top) if isinstance(t, ir.Nullable) and irquery.may_be_null(t.inner, defs)]


# ------------------------------------------------------------------------------ objects and enums
@pytest.mark.parametrize(("user", "version"), [(NULLABLE_USER_30, "3.0.3"), (NULLABLE_USER_31, "3.1.0")])
def test_a_reference_to_a_nullable_model_accepts_null_and_the_model_stays_a_model(
    user: dict[str, Any], version: str
) -> None:
    converter = converted(
        {
            "issue": {"type": "object", "properties": {"assignee": ref("nullable-user"), "owner": ref("user")}},
            "nullable-user": user,
            "user": USER,
        },
        version,
    )
    assert field(converter, "issue", "assignee") == nullable_ref("nullable-user")
    assert field(converter, "issue", "owner") == ir.Ref(C + "user")
    model = converter.definitions[C + "nullable-user"]
    assert isinstance(model, ir.ModelDef)
    assert [(f.wire_name, f.type, f.required) for f in model.fields] == [("login", ir.Prim("str"), True)]


@pytest.mark.parametrize(
    "enum",
    [
        {"type": "string", "nullable": True, "enum": ["open", "closed"]},  # 3.0, null not listed (GitHub)
        {"type": "string", "nullable": True, "enum": ["open", "closed", None]},  # 3.0.3's way
        {"type": ["string", "null"], "enum": ["open", "closed", None]},  # 3.1
        {"type": ["string", "null"], "enum": ["open", "closed"]},  # 3.1, null not listed
        {"type": "string", "enum": ["open", "closed", None]},  # null listed only
    ],
)
def test_a_reference_to_a_nullable_enum_accepts_null_and_null_is_not_a_member(enum: dict[str, Any]) -> None:
    converter = converted({"issue": {"type": "object", "properties": {"state": ref("state")}}, "state": enum})
    assert field(converter, "issue", "state") == nullable_ref("state")
    definition = converter.definitions[C + "state"]
    assert isinstance(definition, ir.EnumDef)
    assert [m.value for m in definition.members] == ["open", "closed"]


@pytest.mark.parametrize(
    ("schema", "alias"),
    [
        ({"type": "string", "nullable": True}, ir.Nullable(ir.Prim("str"))),
        ({"type": ["integer", "null"]}, ir.Nullable(ir.Prim("int"))),
        ({"type": "array", "nullable": True, "items": {"type": "string"}}, ir.Nullable(ir.Array(ir.Prim("str")))),
        (
            {"type": ["object", "null"], "additionalProperties": {"type": "integer"}},
            ir.Nullable(ir.Map(ir.Prim("int"))),
        ),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, ir.Nullable(ir.Prim("str"))),
    ],
    ids=["string-30", "integer-31", "array", "map", "any-of-null"],
)
def test_an_alias_carries_its_null_and_its_references_are_not_wrapped_again(
    schema: dict[str, Any], alias: ir.Type
) -> None:
    converter = converted(
        {
            "issue": {
                "type": "object",
                "properties": {"plain": ref("thing"), "also": {**ref("thing"), "nullable": True}},
            },
            "thing": schema,
        }
    )
    definition = converter.definitions[C + "thing"]
    assert isinstance(definition, ir.AliasDef)
    assert definition.type == alias
    assert field(converter, "issue", "plain") == ir.Ref(C + "thing")  # `thing` says None itself
    assert field(converter, "issue", "also") == ir.Ref(C + "thing")  # a sibling `nullable` adds nothing
    assert irquery.may_be_null(ir.Ref(C + "thing"), converter.definitions)
    assert double_wrapped(converter) == []


def test_nullable_items_and_a_nullable_container_are_different_things() -> None:
    converter = converted(
        {
            "holder": {
                "type": "object",
                "properties": {
                    "items_may_be_null": {"type": "array", "items": ref("user")},
                    "list_may_be_null": ref("users"),
                    "values_may_be_null": {"type": "object", "additionalProperties": ref("user")},
                },
            },
            "user": NULLABLE_USER_30,
            "users": {"type": "array", "nullable": True, "items": USER},
        },
        "3.0.3",
    )
    assert field(converter, "holder", "items_may_be_null") == ir.Array(nullable_ref("user"))
    assert field(converter, "holder", "values_may_be_null") == ir.Map(nullable_ref("user"))
    assert field(converter, "holder", "list_may_be_null") == ir.Ref(C + "users")
    users = converter.definitions[C + "users"]
    assert isinstance(users, ir.AliasDef) and isinstance(users.type, ir.Nullable)
    item = irquery.resolve(users.type, converter.definitions, nullable=True)
    assert isinstance(item, ir.Array) and not irquery.may_be_null(item.item, converter.definitions)


# ------------------------------------------------------------------------------ chains, recursion
@pytest.mark.parametrize(
    "target",
    [NULLABLE_USER_30, {"type": "string", "nullable": True, "enum": ["a", "b"]}, {"type": "string", "nullable": True}],
    ids=["model", "enum", "string"],
)
def test_a_chain_of_aliases_to_a_nullable_component_accepts_null_once(target: dict[str, Any]) -> None:
    converter = converted(
        {
            "holder": {"type": "object", "properties": {"a": ref("a"), "b": ref("b"), "c": ref("c")}},
            "a": ref("b"),
            "b": ref("c"),
            "c": target,
        },
        "3.0.3",
    )
    for name in ("a", "b", "c"):
        assert irquery.may_be_null(field(converter, "holder", name), converter.definitions), name
    assert double_wrapped(converter) == []


def test_a_nullable_model_that_refers_to_itself_accepts_null_there_too() -> None:
    node = {
        "type": "object",
        "nullable": True,
        "properties": {"parent": ref("node"), "children": {"type": "array", "items": ref("node")}},
    }
    converter = converted({"node": node}, "3.0.3")
    assert field(converter, "node", "parent") == nullable_ref("node")
    assert field(converter, "node", "children") == ir.Array(nullable_ref("node"))


def test_the_order_of_the_components_does_not_matter() -> None:
    holder = {"type": "object", "properties": {"user": ref("user")}}
    first = converted({"holder": holder, "user": NULLABLE_USER_30}, "3.0.3")
    last = converted({"user": NULLABLE_USER_30, "holder": holder}, "3.0.3")
    assert field(first, "holder", "user") == field(last, "holder", "user") == nullable_ref("user")


# ------------------------------------------------------------------------------ allOf
ANNOTATED = {"description": "Who closed it."}
NON_NULL_PART = {"type": "object", "properties": {"at": {"type": "string"}}}
NULL_PART = {**NON_NULL_PART, "nullable": True}


@pytest.mark.parametrize(
    ("schema", "accepts_null"),
    [
        ({"allOf": [ref("user")]}, True),  # the one member allows null
        ({"allOf": [ref("user"), NULL_PART]}, True),  # every member does
        ({"allOf": [ref("user"), ANNOTATED]}, True),  # an annotation does not say "an object"
        ({"allOf": [ref("user"), NON_NULL_PART]}, False),  # one member that rejects null
        ({"allOf": [ref("user"), ref("plain-user")]}, False),
        ({"allOf": [ref("user")], "type": "object", "properties": {"x": {"type": "string"}}}, False),  # own keywords
        ({"allOf": [ref("plain-user")], "nullable": True}, True),  # 3.0's idiom for a nullable reference
        ({"allOf": [ref("plain-user"), NON_NULL_PART], "nullable": True}, True),
        ({"allOf": [ref("note"), {"maxLength": 3}]}, True),  # non-objects: a bound accepts null
        ({"allOf": [ref("note"), {"type": "string", "maxLength": 3}]}, False),
    ],
)
def test_all_of_accepts_null_only_when_every_member_does(schema: dict[str, Any], accepts_null: bool) -> None:
    converter = converted(
        {
            "holder": {"type": "object", "properties": {"x": ref("x")}},
            "x": schema,
            "user": NULLABLE_USER_30,
            "plain-user": USER,
            "note": {"type": "string", "nullable": True},
        },
        "3.0.3",
    )
    assert converter.nulls.at(C + "x") is accepts_null
    assert irquery.may_be_null(field(converter, "holder", "x"), converter.definitions) is accepts_null
    assert double_wrapped(converter) == []


def test_a_merged_all_of_of_nullable_members_is_a_model_referred_to_as_nullable() -> None:
    converter = converted({"closer": {"allOf": [ref("user"), NULL_PART]}, "user": NULLABLE_USER_30}, "3.0.3")
    model = converter.definitions[C + "closer"]
    assert isinstance(model, ir.ModelDef)
    assert [f.wire_name for f in model.fields] == ["login", "at"]
    assert converter.convert(ref("closer"), "#/x", ("X",)) == nullable_ref("closer")


# ------------------------------------------------------------------------------ unions, $ref siblings
def test_a_nullable_variant_makes_the_union_nullable_and_keeps_its_discriminator() -> None:
    cat = {"type": ["object", "null"], "required": ["kind"], "properties": {"kind": {"const": "cat"}}}
    dog = {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "dog"}}}
    converter = converted(
        {
            "pet": {"oneOf": [ref("cat"), ref("dog")], "discriminator": {"propertyName": "kind"}},
            "cat": cat,
            "dog": dog,
        }
    )
    pet = converter.definitions[C + "pet"]
    assert isinstance(pet, ir.AliasDef)
    assert pet.type == ir.Nullable(
        ir.Union(
            (ir.Ref(C + "cat"), ir.Ref(C + "dog")),
            ir.Discriminator("kind", (("cat", C + "cat"), ("dog", C + "dog"))),
        )
    )


def test_a_ref_with_a_sibling_description_still_accepts_null() -> None:
    described = {**ref("user"), "description": "The assignee (3.1 keeps the description)."}
    converter = converted(
        {"issue": {"type": "object", "properties": {"assignee": described}}, "user": NULLABLE_USER_31}
    )
    assert field(converter, "issue", "assignee") == nullable_ref("user")


def test_a_ref_with_a_sibling_nullable_to_a_nullable_model_is_wrapped_once() -> None:
    converter = converted({"user": NULLABLE_USER_30}, "3.0.3")
    assert converter.convert({**ref("user"), "nullable": True}, "#/x", ("X",)) == nullable_ref("user")
    converter = converted({"user": USER}, "3.0.3")  # 3.0 ignores siblings of $ref; specs mean it
    assert converter.convert({**ref("user"), "nullable": True}, "#/x", ("X",)) == nullable_ref("user")


# ------------------------------------------------------------------------------ the raw predicate
@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({}, True),
        (True, True),
        ({"description": "anything"}, True),
        ({"type": "null"}, True),
        ({"const": None}, True),
        ({"type": "string"}, False),
        ({"properties": {"a": {}}}, False),
        ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, False),
        ({"oneOf": [{"type": "string"}, {"type": "null"}]}, True),
        ({"anyOf": [ref("loop-a"), {"type": "string"}]}, False),  # a $ref loop adds nothing
        ({"$ref": "https://elsewhere.example/schema.json"}, False),
    ],
)
def test_accepts_null_reads_the_raw_schema(schema: Any, expected: bool) -> None:
    doc = {"components": {"schemas": {"loop-a": ref("loop-b"), "loop-b": ref("loop-a")}}}
    from generator.diagnostics import pointer_get

    nulls = NullableSchemas(lambda key: pointer_get(doc, key), {}, ())
    assert nulls.accepts_null(schema) is expected


def test_or_none_and_non_null_never_double_wrap() -> None:
    defs: dict[str, ir.Definition] = {C + "n": ir.AliasDef(C + "n", ("n",), ir.Nullable(ir.Prim("str")))}
    assert or_none(ir.Prim("str"), defs) == ir.Nullable(ir.Prim("str"))
    assert or_none(ir.Nullable(ir.Prim("str")), defs) == ir.Nullable(ir.Prim("str"))
    assert or_none(ir.Ref(C + "n"), defs) == ir.Ref(C + "n")
    assert or_none(ir.Union((ir.Prim("str"), ir.Lit(None))), defs) == ir.Union((ir.Prim("str"), ir.Lit(None)))
    assert non_null(ir.Ref(C + "n"), defs) == ir.Prim("str")
    assert non_null(ir.Nullable(ir.Ref(C + "x")), defs) == ir.Ref(C + "x")


# ------------------------------------------------------------------------------ the example specs
ISSUE_FIELDS = {  # field → (accepts None itself, its items' / values' type accepts None)
    "assignee": (True, None),
    "assignees": (False, True),
    "state_reason": (True, None),
    "kind": (True, None),
    "labels": (True, False),
    "counts": (True, False),
    "reviewers": (False, True),
    "note": (True, None),
    "owner": (True, None),
    "closed_by": (True, None),
    "opened_by": (False, None),
    "pet": (True, None),
}


@pytest.mark.parametrize("spec", ["issues_30.yaml", "issues_31.yaml"])
def test_every_nullable_component_of_the_example_specs(spec: str) -> None:
    doc = yaml.safe_load((SPECS / spec).read_text(encoding="utf-8"))
    converter = SchemaConverter(doc)
    converter.define_components()
    defs = converter.definitions
    issue = defs[C + "issue"]
    assert isinstance(issue, ir.ModelDef)
    found = {}
    for f in issue.fields:
        if f.wire_name in ISSUE_FIELDS:
            shape = irquery.resolve(f.type, defs, nullable=True)
            inner = shape.item if isinstance(shape, ir.Array) else shape.value if isinstance(shape, ir.Map) else None
            found[f.wire_name] = (
                irquery.may_be_null(f.type, defs),
                None if inner is None else irquery.may_be_null(inner, defs),
            )
    assert found == ISSUE_FIELDS
    assert isinstance(defs[C + "nullable-simple-user"], ir.ModelDef)
    assert isinstance(defs[C + "issue-state-reason"], ir.EnumDef)
    assert double_wrapped(converter) == []
