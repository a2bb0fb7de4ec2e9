"""generator.samples: every sample validates against the JSON Schema its IR type came from.

Each case is a small OpenAPI document; its schema goes through `SchemaConverter`, is sampled,
and the sample is checked by `jsonschema` (Draft 2020-12, formats asserted, `$ref`s resolved
against the document). OpenAPI 3.0 keywords (`nullable`, boolean exclusive bounds) are rewritten
into their 2020-12 spelling for the validator only.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from generator import ir
from generator.samples import sample, valid
from generator.schemas import SchemaConverter

ROOT = Path(__file__).resolve().parent.parent
DOC_URI = "urn:sdkgen:test-document"
FORMATS = FormatChecker()
FORMATS.checkers = dict(Draft202012Validator.FORMAT_CHECKER.checkers)  # not draft 3's `time`


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or bool(urlsplit(value).scheme and urlsplit(value).netloc)


@FORMATS.checks("byte", raises=(binascii.Error, ValueError))
def _byte(value: object) -> bool:
    return not isinstance(value, str) or base64.b64decode(value, validate=True) is not None


@FORMATS.checks("hostname")
def _hostname(value: object) -> bool:
    label = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    return not isinstance(value, str) or re.fullmatch(rf"{label}(?:\.{label})*", value) is not None


@FORMATS.checks("int32")
def _int32(value: object) -> bool:
    return not isinstance(value, int) or -(2**31) <= value < 2**31


def document(schemas: dict[str, Any], openapi: str = "3.1.0", **extra: Any) -> dict[str, Any]:
    return {
        "openapi": openapi,
        "info": {"title": "samples", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
        **extra,
    }


def to_2020(node: Any) -> Any:
    """OpenAPI 3.0 schema keywords in their JSON Schema 2020-12 spelling."""
    if isinstance(node, list):
        return [to_2020(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_2020(v) for k, v in node.items()}
    for side in ("Minimum", "Maximum"):
        flag = out.get(f"exclusive{side}")
        if isinstance(flag, bool):
            del out[f"exclusive{side}"]
            if flag:
                out[f"exclusive{side}"] = out.pop(side.lower())
    if out.pop("nullable", None) is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


def errors(doc: dict[str, Any], pointer: str, value: Any) -> list[str]:
    registry: Registry[Any] = Registry().with_resource(DOC_URI, DRAFT202012.create_resource(to_2020(doc)))
    validator = Draft202012Validator({"$ref": DOC_URI + pointer}, registry=registry, format_checker=FORMATS)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)]


def check_component(doc: dict[str, Any], name: str = "Subject", *, optional: bool = False) -> Any:
    """Sample the component schema `name` with and without optional fields, assert both samples
    validate against it, and return the one `optional` asks for."""
    converter = SchemaConverter(doc)
    converter.define_components()
    key = f"#/components/schemas/{name}"
    values = {flag: sample(ir.Ref(key), converter.definitions, optional=flag) for flag in (False, True)}
    for value in values.values():
        assert not errors(doc, key, value), (value, errors(doc, key, value))
    return values[optional]


def check_inline(
    schema: dict[str, Any], components: dict[str, Any] | None = None, openapi: str = "3.1.0", *, optional: bool = False
) -> Any:
    """Convert `schema` inline (not as a component), sample it with and without optional fields,
    validate both samples and return the one `optional` asks for."""
    doc = document(components or {}, openapi, **{"x-inline": schema})
    converter = SchemaConverter(doc)
    converter.define_components()
    t = converter.convert(schema, "#/x-inline", ("Inline",))
    values = {flag: sample(t, converter.definitions, optional=flag) for flag in (False, True)}
    for value in values.values():
        assert not errors(doc, "#/x-inline", value), (value, errors(doc, "#/x-inline", value))
    return values[optional]


def string(**keywords: Any) -> dict[str, Any]:
    return {"type": "string", **keywords}


PATTERNS = [
    r"^[a-zA-Z0-9-_]+$",
    r"^\d{3}-\d{2}$",
    r"^(foo|bar)[A-Z]{2,4}$",
    r"^[a-z]+$",
    r"abc",
    r"^(ab)\1$",
    r"^[^0-9]{3}$",
    r"^#?([a-f0-9]{6}|[a-f0-9]{3})$",
    r"^\+?[1-9]\d{1,14}$",
    r"(?i)^[a-z]\w*$",
    r"^(?=.*\d)(?=.*[a-z])(?=.*[A-Z]).{8,}$",
    r"^[\w.+-]+@[\w-]+\.[\w.]+$",
    r"^[A-Z]{3}(\.[0-9]+)*$",
    r"^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$",
    r"^\s*\S+\s*$",
    r"^[^\x00-\x7f]+$",
    r"^v\d+(\.\d+){0,2}(-[a-z]+)?$",
    r"^[A-Z][a-z]*( [A-Z][a-z]*)*$",
    r"^(?!admin)[a-z]{4,}$",
    r"\.(png|jpe?g)$",
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
]
LENGTHS = [{}, {"minLength": 5}, {"minLength": 9, "maxLength": 12}, {"maxLength": 20}]
UNSATISFIABLE = {  # (pattern, minLength): every match is shorter than minLength or longer than maxLength
    (r"^\d{3}-\d{2}$", 9),
    (r"^(foo|bar)[A-Z]{2,4}$", 9),
    (r"^(ab)\1$", 5),
    (r"^(ab)\1$", 9),
    (r"^[^0-9]{3}$", 5),
    (r"^[^0-9]{3}$", 9),
    (r"^#?([a-f0-9]{6}|[a-f0-9]{3})$", 9),
    (PATTERNS[-1], 9),
    (PATTERNS[-1], 0),  # a UUID is 36 long, maxLength 20
}


@pytest.mark.parametrize("lengths", LENGTHS, ids=lambda d: json.dumps(d))
@pytest.mark.parametrize("pattern", PATTERNS)
def test_pattern_with_lengths(pattern: str, lengths: dict[str, int]) -> None:
    doc = document({"Subject": string(pattern=pattern, **lengths)})
    if (pattern, lengths.get("minLength", 0)) in UNSATISFIABLE and lengths:
        converter = SchemaConverter(doc)
        converter.define_components()
        value = sample(ir.Ref("#/components/schemas/Subject"), converter.definitions)
        assert isinstance(value, str) and lengths.get("minLength", 0) <= len(value) <= lengths.get("maxLength", 99)
        return
    value = check_component(doc)
    assert re.search(pattern, value)


def test_unsatisfiable_pattern_keeps_the_length() -> None:
    schema = string(pattern=r"^\d{3}$", maxLength=2)
    converter = SchemaConverter(document({"Subject": schema}))
    value = sample(converter.convert(schema, "#/x", ("X",)), converter.definitions)
    assert isinstance(value, str) and len(value) <= 2


@pytest.mark.parametrize(
    "schema",
    [
        string(format="email"),
        string(format="email", minLength=30),
        string(format="idn-email"),
        string(format="uri"),
        string(format="uri", minLength=40, maxLength=50),
        string(format="uri-reference"),
        string(format="uuid"),
        string(format="date-time"),
        string(format="date"),
        string(format="time"),
        string(format="ipv4"),
        string(format="ipv6"),
        string(format="hostname"),
        string(format="byte"),
        string(format="byte", minLength=10, maxLength=16),
        string(format="binary"),
        string(format="password", minLength=12),
        string(format="decimal"),
        string(format="int64"),
        string(format="nanoid"),
        string(format="date-time", pattern=r"^\d{4}-"),
        string(minLength=10, maxLength=10),
        string(maxLength=3),
        {"type": "integer", "format": "int32"},
        {"type": "number", "format": "double"},
        {"type": "boolean"},
    ],
    ids=lambda s: json.dumps(s),
)
def test_formats(schema: dict[str, Any]) -> None:
    check_component(document({"Subject": schema}))
    check_inline(schema)


@pytest.mark.parametrize(
    ("openapi", "schema"),
    [
        ("3.1.0", {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}),
        ("3.1.0", {"type": "integer", "exclusiveMinimum": 5}),
        ("3.1.0", {"type": "integer", "exclusiveMaximum": 1}),
        ("3.1.0", {"type": "integer", "minimum": 100, "maximum": 100}),
        ("3.1.0", {"type": "integer", "maximum": -5}),
        ("3.1.0", {"type": "number", "exclusiveMaximum": -1}),
        ("3.1.0", {"type": "number", "minimum": 2.1, "multipleOf": 0.5}),
        ("3.1.0", {"type": "number", "multipleOf": 0.5}),
        ("3.1.0", {"type": "integer", "minimum": 10, "maximum": 20, "multipleOf": 7}),
        ("3.1.0", {"type": "integer", "multipleOf": 7}),
        ("3.1.0", {"type": "integer", "minimum": 3, "multipleOf": 0.5}),
        ("3.1.0", {"type": "integer", "multipleOf": 2.5}),
        ("3.1.0", {"type": "number", "minimum": 0.3, "maximum": 0.6, "multipleOf": 0.25}),
        ("3.1.0", {"type": "number", "exclusiveMinimum": 1000, "multipleOf": 7}),
        ("3.1.0", {"type": "number", "minimum": 1.25, "maximum": 1.3}),
        ("3.1.0", {"type": "number", "format": "decimal", "minimum": 5}),
        ("3.0.3", {"type": "integer", "minimum": 10, "exclusiveMinimum": True}),
        ("3.0.3", {"type": "number", "maximum": 0, "exclusiveMaximum": True}),
        ("3.0.3", {"type": "integer", "minimum": 0, "maximum": 1, "exclusiveMaximum": True}),
        ("3.0.3", {"type": "integer", "format": "int64", "minimum": 1, "nullable": True}),
    ],
    ids=lambda s: json.dumps(s),
)
def test_numbers(openapi: str, schema: dict[str, Any]) -> None:
    value = check_component(document({"Subject": schema}, openapi))
    if schema["type"] == "integer":
        assert isinstance(value, int) and not isinstance(value, bool)


OBJECTS: dict[str, tuple[str, dict[str, Any]]] = {
    "array-min-items": ("3.1.0", {"Subject": {"type": "array", "items": string(pattern="^x+$"), "minItems": 2}}),
    "array-max-items-0": ("3.1.0", {"Subject": {"type": "array", "items": {"type": "integer"}, "maxItems": 0}}),
    "array-of-objects": (
        "3.1.0",
        {
            "Subject": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}, "minItems": 3, "maxItems": 5},
            "Item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "minimum": 9}}},
        },
    ),
    "nested-required": (
        "3.1.0",
        {
            "Subject": {
                "type": "object",
                "required": ["name", "address", "tags"],
                "additionalProperties": False,
                "properties": {
                    "name": string(minLength=3),
                    "nickname": string(maxLength=0),  # optional and unsatisfiable with min 1: must be left out
                    "address": {
                        "type": "object",
                        "required": ["zip", "geo"],
                        "properties": {
                            "zip": string(pattern=r"^\d{5}$"),
                            "geo": {
                                "type": "object",
                                "required": ["lat"],
                                "properties": {"lat": {"type": "number", "minimum": -90, "maximum": 90}},
                            },
                        },
                    },
                    "tags": {"type": "array", "items": string(format="uuid"), "minItems": 1},
                },
            }
        },
    ),
    "string-enum": ("3.1.0", {"Subject": {"type": "string", "enum": ["b-side", "a-side"]}}),
    "integer-enum": ("3.1.0", {"Subject": {"type": "integer", "enum": [3, 1, 2]}}),
    "nullable-enum": ("3.0.3", {"Subject": {"type": "string", "enum": ["x", "y", None], "nullable": True}}),
    "const": ("3.1.0", {"Subject": {"const": "fixed"}}),
    "const-field": (
        "3.1.0",
        {"Subject": {"type": "object", "properties": {"kind": {"const": "k"}, "n": {"type": "integer"}}}},
    ),
    "map": ("3.1.0", {"Subject": {"type": "object", "additionalProperties": {"type": "integer"}}}),
    "free-form": ("3.1.0", {"Subject": {"type": "object"}}),
    "any": ("3.1.0", {"Subject": {}}),
    "type-list": ("3.1.0", {"Subject": {"type": ["integer", "string"], "minimum": 4, "minLength": 2}}),
    "nullable-3.1": ("3.1.0", {"Subject": {"type": ["string", "null"], "pattern": "^q{3}$"}}),
    "nullable-3.0": ("3.0.3", {"Subject": {"type": "string", "nullable": True, "minLength": 3}}),
    "nullable-ref-3.0": (
        "3.0.3",
        {
            "Subject": {"type": "object", "required": ["p"], "properties": {"p": {"$ref": "#/components/schemas/P"}}},
            "P": {"type": "object", "nullable": True, "required": ["v"], "properties": {"v": string(format="ipv4")}},
        },
    ),
    "alias-chain": (
        "3.1.0",
        {
            "Subject": {"$ref": "#/components/schemas/Mid"},
            "Mid": {"type": "array", "items": {"$ref": "#/components/schemas/Leaf"}, "minItems": 2},
            "Leaf": string(pattern=r"^[A-Z]{2}\d$"),
        },
    ),
    "all-of": (
        "3.1.0",
        {
            "Base": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": string(format="uuid"), "note": {"type": "string"}},
            },
            "Subject": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {
                        "type": "object",
                        "required": ["count", "note"],
                        "properties": {"count": {"type": "integer", "exclusiveMinimum": 41}},
                    },
                ]
            },
        },
    ),
    "all-of-scalar": ("3.1.0", {"Subject": {"allOf": [string(format="email"), {"maxLength": 64}]}}),
    "any-of-scalars": ("3.1.0", {"Subject": {"anyOf": [{"type": "integer", "minimum": 5}, {"type": "string"}]}}),
    "one-of-number-integer": ("3.1.0", {"Subject": {"oneOf": [{"type": "number"}, {"type": "integer"}]}}),
    "one-of-open-objects": (  # `{}` matches both: oneOf needs a value only one accepts
        "3.0.3",
        {
            "Subject": {
                "oneOf": [
                    {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}},
                    {"type": "object", "properties": {"c": {"type": "string"}, "d": {"type": "string"}}},
                ]
            }
        },
    ),
    "one-of-required-lists": (
        "3.0.3",
        {
            "Subject": {
                "type": "object",
                "properties": {"title": string(), "category": string(), "categorySlug": string(), "n": {}},
                "oneOf": [{"required": ["title", "category"]}, {"required": ["title", "categorySlug"]}],
            }
        },
    ),
    "one-of-required-lists-nested": (  # the first list holds the second: only the second can be met alone
        "3.1.0",
        {
            "Subject": {
                "type": "object",
                "properties": {"a": string(), "b": string()},
                "anyOf": [{"required": ["a", "b"]}, {"required": ["a"]}],
            }
        },
    ),
    "required-undeclared": (
        "3.1.0",
        {"Subject": {"type": "object", "required": ["x y"], "properties": {"z": {"type": "integer"}}}},
    ),
    "read-only-required": (
        "3.1.0",
        {
            "Subject": {
                "type": "object",
                "required": ["name"],
                "properties": {"id": {"type": "string", "readOnly": True}, "name": {"type": "string"}},
            }
        },
    ),
}


@pytest.mark.parametrize("case", sorted(OBJECTS))
def test_objects_and_combinators(case: str) -> None:
    openapi, schemas = OBJECTS[case]
    check_component(document(schemas, openapi))
    subject = schemas["Subject"]
    check_inline(subject, {k: v for k, v in schemas.items() if k != "Subject"}, openapi)


def test_only_required_fields_and_literals() -> None:
    value = check_component(document(OBJECTS["nested-required"][1]))
    assert set(value) == {"name", "address", "tags"}
    assert check_component(document(OBJECTS["const-field"][1])) == {"kind": "k"}


PETS: dict[str, Any] = {
    "Cat": {
        "type": "object",
        "required": ["petType", "meow"],
        "additionalProperties": False,
        "properties": {"petType": {"type": "string"}, "meow": {"type": "boolean"}},
    },
    "Dog": {
        "type": "object",
        "required": ["petType", "bark"],
        "additionalProperties": False,
        "properties": {"petType": {"type": "string"}, "bark": {"type": "string", "minLength": 2}},
    },
}


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        ({"kitty": "#/components/schemas/Cat", "doggo": "#/components/schemas/Dog"}, "kitty"),
        ({"doggo": "Dog"}, "Cat"),  # unmapped variants are tagged with their schema name
    ],
)
def test_one_of_with_discriminator(mapping: dict[str, str], expected: str) -> None:
    union = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "petType", "mapping": mapping},
    }
    value = check_component(document({**PETS, "Subject": union}))
    assert value["petType"] == expected
    holder = {"type": "object", "required": ["pet"], "properties": {"pet": union}}
    assert check_inline(holder, PETS)["pet"]["petType"] == expected


def test_discriminated_open_variants_match_exactly_one() -> None:
    """A Cat is also a Dog to plain JSON Schema (both open, `pet_type` any string): the sample
    gets a property the Dog declares with a value it rejects, so it validates as a oneOf."""
    pet = {"type": "object", "required": ["pet_type"], "properties": {"pet_type": string()}}
    schemas = {
        "Pet": {**pet, "discriminator": {"propertyName": "pet_type"}},
        "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"hunts": {"type": "boolean"}}}]},
        "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"properties": {"bark": {"type": "boolean"}}}]},
        "Subject": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "pet_type"},
        },
    }
    for optional in (False, True):
        value = check_component(document(schemas, "3.0.3"), optional=optional)
        assert value["pet_type"] == "Cat" and "bark" in value
    inherited = {**schemas, "Subject": {"oneOf": schemas["Subject"]["oneOf"]}}  # Pet's discriminator only
    assert check_component(document(inherited, "3.0.3"))["pet_type"] == "Cat"


def test_discriminator_on_all_of_children() -> None:
    base = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"type": "string"}},
        "discriminator": {"propertyName": "kind", "mapping": {"c-ircle": "Circle", "s-quare": "Square"}},
    }
    schemas = {
        "Shape": base,
        "Circle": {
            "allOf": [
                {"$ref": "#/components/schemas/Shape"},
                {"type": "object", "required": ["r"], "properties": {"r": {"type": "number", "exclusiveMinimum": 0}}},
            ]
        },
        "Square": {
            "allOf": [
                {"$ref": "#/components/schemas/Shape"},
                {"type": "object", "required": ["side"], "properties": {"side": {"type": "integer"}}},
            ]
        },
        "Subject": {
            "oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}],
            "discriminator": {"propertyName": "kind", "mapping": {"c-ircle": "Circle", "s-quare": "Square"}},
        },
    }
    assert check_component(document(schemas))["kind"] == "c-ircle"


RECURSIVE: dict[str, tuple[str, dict[str, Any]]] = {
    "children-array": (
        "3.1.0",
        {
            "Subject": {
                "type": "object",
                "required": ["name", "children"],
                "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Subject"}},
                },
            }
        },
    ),
    "linked-list-3.1": (
        "3.1.0",
        {
            "Subject": {
                "type": "object",
                "required": ["value", "next"],
                "properties": {
                    "value": {"type": "integer"},
                    "next": {"anyOf": [{"$ref": "#/components/schemas/Subject"}, {"type": "null"}]},
                },
            }
        },
    ),
    "linked-list-3.0": (
        "3.0.3",
        {
            "Subject": {
                "type": "object",
                "required": ["next"],
                "properties": {"next": {"allOf": [{"$ref": "#/components/schemas/Subject"}], "nullable": True}},
            }
        },
    ),
    "expression-tree": (
        "3.1.0",
        {
            "Binary": {
                "type": "object",
                "required": ["op", "left", "right"],
                "properties": {
                    "op": {"type": "string", "enum": ["+", "-"]},
                    "left": {"$ref": "#/components/schemas/Subject"},
                    "right": {"$ref": "#/components/schemas/Subject"},
                },
            },
            "Number": {"type": "object", "required": ["value"], "properties": {"value": {"type": "number"}}},
            "Subject": {
                "oneOf": [{"$ref": "#/components/schemas/Binary"}, {"$ref": "#/components/schemas/Number"}],
            },
        },
    ),
    "mutual": (
        "3.1.0",
        {
            "Subject": {
                "type": "object",
                "required": ["b"],
                "properties": {"b": {"$ref": "#/components/schemas/B"}},
            },
            "B": {
                "type": "object",
                "required": ["as"],
                "properties": {"as": {"type": "array", "items": {"$ref": "#/components/schemas/Subject"}}},
            },
        },
    ),
    "union-escape": (
        "3.1.0",
        {
            "Subject": {
                "type": "object",
                "required": ["value"],
                "properties": {
                    "value": {
                        "anyOf": [
                            {"type": "array", "items": {"$ref": "#/components/schemas/Subject"}, "minItems": 1},
                            {"type": "integer", "minimum": 3},
                        ]
                    }
                },
            }
        },
    ),
}


@pytest.mark.parametrize("case", sorted(RECURSIVE))
def test_recursive_schemas(case: str) -> None:
    openapi, schemas = RECURSIVE[case]
    check_component(document(schemas, openapi))


def test_recursive_union_declared_first() -> None:
    """Expr = oneOf[Binary, Num] with Binary.left = Expr, Expr declared first: the $ref back to
    Expr passes through the Binary model, so it is a Ref, not a degenerate cycle typed Any."""
    openapi, schemas = RECURSIVE["expression-tree"]
    check_component(document({"Subject": schemas["Subject"], **schemas}, openapi))


def test_optional_fields() -> None:
    value = check_component(document(OBJECTS["nested-required"][1]), optional=True)
    assert set(value) == {"name", "nickname", "address", "tags"}
    doc = document({"Subject": OBJECTS["read-only-required"][1]["Subject"]})
    assert check_component(doc, optional=True) == {"name": "string"}  # never a read-only field
    assert check_component(document(OBJECTS["one-of-required-lists"][1], "3.0.3"), optional=True) == {
        "title": "string",
        "category": "string",  # the first list; `categorySlug` would meet the second too
    }
    assert set(check_component(document(OBJECTS["one-of-required-lists-nested"][1]), optional=True)) == {"a"}


def test_optional_fields_without_a_valid_value_are_left_out() -> None:
    """Not re-entering an open definition, nor sending a field typed Any (its schema could not
    be typed), nor one whose oneOf no value matches exactly once."""
    schemas = {
        "S": {"type": "object", "properties": {"s": string()}},
        "Subject": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": string(),
                "parent": {"$ref": "#/components/schemas/Subject"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Subject"}},
                "never": {"oneOf": [{"$ref": "#/components/schemas/S"}, {"$ref": "#/components/schemas/S"}]},
                "untyped": {"not": {"type": "string"}},
                "odd": {"type": "string", "oneOf": [{"description": "one"}, {"description": "two"}]},
            },
        },
    }
    assert check_component(document(schemas), optional=True) == {"name": "string", "children": []}


def test_optional_fields_fall_back_when_the_budget_is_spent() -> None:
    """Two optional fields per level, 24 levels: 2**24 objects. The sample is the one without
    optional fields instead."""
    schemas: dict[str, Any] = {
        f"L{i}": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "integer"}, "a": {"$ref": f"#/components/schemas/L{i + 1}"}},
        }
        for i in range(24)
    }
    for i in range(24):
        schemas[f"L{i}"]["properties"]["b"] = {"$ref": f"#/components/schemas/L{i + 1}"}
    schemas["L24"] = {"type": "object", "properties": {"leaf": string()}}
    schemas["Subject"] = {"$ref": "#/components/schemas/L0"}
    assert check_component(document(schemas), optional=True) == {"id": 1}


def test_valid() -> None:
    converter = SchemaConverter(document(PETS))
    converter.define_components()
    cat = ir.Ref("#/components/schemas/Cat")
    assert valid({"petType": "x", "meow": True}, cat, converter.definitions)
    assert not valid({"petType": "x"}, cat, converter.definitions)  # `meow` is required
    assert not valid({"petType": "x", "meow": True, "bark": "no"}, cat, converter.definitions)  # closed
    assert not valid({"petType": 1, "meow": True}, cat, converter.definitions)


def test_example_wins() -> None:
    converter = SchemaConverter(document({}))
    t = converter.convert({"type": "integer"}, "#/x", ("X",))
    assert sample(t, converter.definitions, example=ir.Default({"any": "thing"})) == {"any": "thing"}


def test_the_validator_is_not_vacuous() -> None:
    doc = document({"Subject": string(pattern=r"^\d{3}$", format="email")})
    assert errors(doc, "#/components/schemas/Subject", "12")
    assert errors(doc, "#/components/schemas/Subject", "123")  # not an email
    doc = document({"Subject": {"type": "integer", "minimum": 10, "exclusiveMinimum": True}}, "3.0.3")
    assert errors(doc, "#/components/schemas/Subject", 10)
    assert errors(document(PETS), "#/components/schemas/Cat", {"petType": "x"})


@pytest.mark.parametrize("spec", sorted((ROOT / "specs").glob("*.yaml")), ids=lambda p: p.name)
def test_real_specs(spec: Path) -> None:
    doc = yaml.safe_load(spec.read_text())
    for name in doc.get("components", {}).get("schemas", {}):
        check_component(doc, name)


ALL_DOCS = [document(s, v) for v, s in [*OBJECTS.values(), *RECURSIVE.values()]] + [document({**PETS})]


def _sample_all() -> str:
    out = []
    for doc in ALL_DOCS:
        converter = SchemaConverter(doc)
        converter.define_components()
        out.append({key: sample(ir.Ref(key), converter.definitions) for key in sorted(converter.definitions)})
    return json.dumps(out)


def test_deterministic() -> None:
    script = "from tests.test_samples import _sample_all; print(_sample_all())"
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert runs == {_sample_all() + "\n"}
