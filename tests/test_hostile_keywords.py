"""Issue 12: every JSON Schema 2020-12 keyword is either enforced by the generated SDK or listed
in `sdkgen generate --report` (kind `not-enforced`, pointer at the keyword).

The vocabulary is written out here, from the 2020-12 specification, not taken from the
generator's own table: a keyword the generator forgets is neither in ENFORCED (each of which
a behaviour test below checks on a generated request model) nor reported, and the test fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pydantic
import pytest

from tests.fault_server import FaultServer, Reply
from tests.helpers import assert_clean, import_package, sdkgen

# JSON Schema 2020-12, by vocabulary (json-schema-core §8, json-schema-validation §6-9).
VOCABULARY: dict[str, list[str]] = {
    "core": ["$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment", "$defs"],
    "applicator": [
        "prefixItems",
        "items",
        "contains",
        "additionalProperties",
        "properties",
        "patternProperties",
        "dependentSchemas",
        "propertyNames",
        "if",
        "then",
        "else",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
    ],
    "unevaluated": ["unevaluatedItems", "unevaluatedProperties"],
    "validation": [
        "type",
        "const",
        "enum",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "required",
        "dependentRequired",
    ],
    "meta-data": ["title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples"],
    "format-annotation": ["format"],
    "content": ["contentEncoding", "contentMediaType", "contentSchema"],
}
ALL = [keyword for keywords in VOCABULARY.values() for keyword in keywords]

# Annotations with nothing to enforce, used by the SDK as written (docs, defaults, which side
# sends a field); `default` is checked against its schema in test_hostile_values.
ANNOTATIONS = {"$comment", "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples"}

# Enforced keywords: (property schema, a valid value, an invalid value), checked on a request model.
ENFORCED: dict[str, tuple[dict[str, Any], Any, Any]] = {
    "$ref": ({"$ref": "#/components/schemas/Count"}, 1, "one"),
    "$defs": ({"$ref": "#/components/schemas/Holder/$defs/Small"}, 2, 9),
    "$anchor": ({"$ref": "#small"}, 2, 9),  # Holder/$defs/Small's anchor
    "$id": ({"$ref": "https://example.com/schemas/bounded"}, 3, 9),  # Bounded's id
    "type": ({"type": "integer"}, 1, "x"),
    "const": ({"const": {"mode": ["a", 1]}}, {"mode": ["a", 1]}, {"mode": ["a", 2]}),
    "enum": ({"type": "string", "enum": ["a", "b"]}, "a", "c"),
    "multipleOf": ({"type": "integer", "multipleOf": 5}, 10, 7),
    "maximum": ({"type": "integer", "maximum": 5}, 5, 6),
    "exclusiveMaximum": ({"type": "integer", "exclusiveMaximum": 5}, 4, 5),
    "minimum": ({"type": "integer", "minimum": 1}, 1, 0),
    "exclusiveMinimum": ({"type": "integer", "exclusiveMinimum": 1}, 2, 1),
    "maxLength": ({"type": "string", "maxLength": 2}, "ab", "abc"),
    "minLength": ({"type": "string", "minLength": 2}, "ab", "a"),
    "pattern": ({"type": "string", "pattern": "^a"}, "ab", "ba"),
    "maxItems": ({"type": "array", "items": {"type": "integer"}, "maxItems": 1}, [1], [1, 2]),
    "minItems": ({"type": "array", "items": {"type": "integer"}, "minItems": 1}, [1], []),
    "items": ({"type": "array", "items": {"type": "integer"}}, [1], ["x"]),
    "prefixItems": (
        {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "items": False, "minItems": 2},
        [1, "a"],
        [1, "a", 2],
    ),
    "properties": ({"type": "object", "properties": {"n": {"type": "integer"}}}, {"n": 1}, {"n": "x"}),
    "additionalProperties": (
        {"type": "object", "properties": {"n": {"type": "integer"}}, "additionalProperties": False},
        {"n": 1},
        {"n": 1, "z": 2},
    ),
    "required": ({"type": "object", "properties": {"n": {}}, "required": ["n"]}, {"n": 1}, {}),
    "dependentRequired": (
        {
            "type": "object",
            "properties": {"card": {"type": "string"}, "billing": {"type": "string"}},
            "dependentRequired": {"card": ["billing"]},
        },
        {"card": "4242", "billing": "Main St"},
        {"card": "4242"},
    ),
    "allOf": (
        {
            "allOf": [
                {"type": "object", "properties": {"n": {"type": "integer"}}},
                {"type": "object", "properties": {"m": {"type": "integer"}}, "required": ["m"]},
            ]
        },
        {"m": 1},
        {"n": 1},
    ),
    "anyOf": ({"anyOf": [{"type": "integer"}, {"type": "boolean"}]}, 1, "x"),
    "oneOf": ({"oneOf": [{"type": "integer"}, {"type": "boolean"}]}, True, "x"),
}

# A schema using each of the other keywords (the keyword itself is the one reported).
USES: dict[str, dict[str, Any]] = {
    "$schema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"},
    "$dynamicRef": {"$dynamicRef": "#node"},
    "$dynamicAnchor": {"$dynamicAnchor": "node", "type": "object", "properties": {"a": {"type": "string"}}},
    "$vocabulary": {"$vocabulary": {"https://json-schema.org/draft/2020-12/vocab/core": True}, "type": "string"},
    "contains": {"type": "array", "contains": {"type": "integer"}},
    "patternProperties": {"type": "object", "patternProperties": {"^x-": {"type": "string"}}},
    "dependentSchemas": {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "dependentSchemas": {"a": {"required": ["b"]}},
    },
    "propertyNames": {"type": "object", "propertyNames": {"maxLength": 3}},
    "if": {"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}},
    "then": {"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}},
    "else": {"type": "object", "if": {"required": ["a"]}, "else": {"required": ["c"]}},
    "not": {"type": "string", "not": {"const": "forbidden"}},
    "unevaluatedItems": {"type": "array", "prefixItems": [{"type": "string"}], "unevaluatedItems": False},
    "unevaluatedProperties": {
        "type": "object",
        "properties": {"a": {"type": "string"}},
        "unevaluatedProperties": False,
    },
    "uniqueItems": {"type": "array", "items": {"type": "integer"}, "uniqueItems": True},
    "maxContains": {"type": "array", "contains": {"type": "integer"}, "maxContains": 2},
    "minContains": {"type": "array", "contains": {"type": "integer"}, "minContains": 2},
    "maxProperties": {"type": "object", "maxProperties": 2},
    "minProperties": {"type": "object", "minProperties": 1},
    "format": {"type": "string", "format": "email"},
    "contentEncoding": {"type": "string", "contentEncoding": "base64"},
    "contentMediaType": {"type": "string", "contentMediaType": "application/json"},
    "contentSchema": {"type": "string", "contentMediaType": "application/json", "contentSchema": {"type": "object"}},
}


def _prop(keyword: str) -> str:
    return "p_" + "".join("_" + c.lower() if c.isupper() else c for c in keyword.lstrip("$"))


def _spec() -> dict[str, Any]:
    checked = {
        "type": "object",
        "description": "One property per enforced keyword.",
        "properties": {_prop(k): schema for k, (schema, _, _) in ENFORCED.items()},
    }
    schemas: dict[str, Any] = {
        "Checked": checked,
        "Count": {"type": "integer"},
        "Holder": {"type": "object", "$defs": {"Small": {"$anchor": "small", "type": "integer", "maximum": 3}}},
        "Bounded": {"$id": "https://example.com/schemas/bounded", "type": "integer", "maximum": 5},
        "Annotated": {
            "type": "object",
            "title": "Annotated",
            "description": "Annotations only.",
            "$comment": "a comment",
            "deprecated": True,
            "examples": [{"a": "x"}],
            "properties": {
                "a": {"type": "string", "default": "x", "readOnly": True},
                "b": {"type": "string", "writeOnly": True},
            },
        },
        "Tuples": {
            "type": "object",
            "properties": {
                "point": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "items": False},
                "pair": {
                    "type": "array",
                    "prefixItems": [{"type": "integer"}, {"type": "string"}],
                    "minItems": 2,
                    "maxItems": 2,
                },
                "open": {"type": "array", "prefixItems": [{"type": "integer"}], "items": {"type": "string"}},
            },
            "required": ["pair"],
        },
        "Consts": {
            "type": "object",
            "properties": {
                "none": {"const": None},
                "word": {"const": "on"},
                "ratio": {"const": 1.5},
                "list": {"const": [1, "two", None]},
                "flag": {"const": True},
            },
        },
    }
    for i, keyword in enumerate(USES):
        schemas[f"Uses{i}"] = USES[keyword]
    schemas["FormatAgain"] = {"type": "string", "format": "email"}  # reported at its first use only
    return {
        "openapi": "3.1.0",
        "info": {"title": "Keywords", "version": "1"},
        "paths": {
            "/checked": {
                "post": {
                    "operationId": "check",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Checked"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Checked"}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("keywords")
    spec = folder / "keywords.json"
    spec.write_text(json.dumps(_spec(), indent=2))
    report = folder / "report.json"
    # run in the spec's folder: no project configuration (line length) but the defaults
    result = sdkgen("generate", str(spec), "-o", str(folder / "out"), "--report", str(report), cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "out", json.loads(report.read_text())


def test_the_tables_cover_the_vocabulary_once() -> None:
    assert len(ALL) == len(set(ALL))
    covered = ANNOTATIONS | set(ENFORCED) | set(USES)
    assert covered == set(ALL), sorted(covered ^ set(ALL))
    assert not (ANNOTATIONS & set(ENFORCED)) and not (set(ENFORCED) & set(USES)) and not (ANNOTATIONS & set(USES))


def test_report_lists_every_keyword_that_is_not_enforced(generated: tuple[Path, list[dict[str, Any]]]) -> None:
    _, report = generated
    found = {e["pointer"]: e for e in report if e["kind"] == "not-enforced"}
    for i, keyword in enumerate(USES):
        pointer = f"#/components/schemas/Uses{i}/{keyword}"
        assert pointer in found, (keyword, sorted(found))
        entry = found[pointer]
        assert f"`{keyword}`" in entry["message"] and entry["level"] == "info"
        assert isinstance(entry["line"], int)  # the keyword's line in keywords.json
    formats = [e for e in report if e["kind"] == "not-enforced" and e["pointer"].endswith("/format")]
    assert [e["pointer"] for e in formats] == [f"#/components/schemas/Uses{list(USES).index('format')}/format"]


def test_nothing_enforced_or_merely_annotated_is_reported(generated: tuple[Path, list[dict[str, Any]]]) -> None:
    _, report = generated
    quiet = ("#/components/schemas/Checked", "#/components/schemas/Annotated", "#/components/schemas/Count")
    noisy = [e for e in report if e["pointer"].startswith(quiet)]
    assert noisy == []


def test_each_enforced_keyword_is_checked_on_requests(generated: tuple[Path, list[dict[str, Any]]]) -> None:
    out, _ = generated
    models = import_package(out, "keywords_client").models
    for keyword, (_, good, bad) in ENFORCED.items():
        name = _prop(keyword)
        assert models.Checked.model_validate({name: good}).model_dump(
            mode="json", by_alias=True, exclude_unset=True
        ) == {name: good}, keyword
        with pytest.raises(pydantic.ValidationError):
            models.Checked.model_validate({name: bad})
            pytest.fail(f"{keyword}: {bad!r} was accepted")


def test_responses_are_not_refused_for_constraints(generated: tuple[Path, list[dict[str, Any]]]) -> None:
    """As with minLength, object constraints (dependentRequired, additionalProperties: false,
    an object const) hold for what the caller builds, not for what the server sends."""
    out, _ = generated
    package = import_package(out, "keywords_client")
    response = {"p_dependent_required": {"card": "4242"}, "p_additional_properties": {"n": 1, "z": 2}}
    response["p_const"] = {"mode": "other"}
    decoded = package._decode.adapter(package.models.Checked).validate_python(
        response, context=package._model_base.RESPONSE_CONTEXT
    )
    assert decoded.model_dump(by_alias=True, exclude_unset=True) == response


def test_on_the_wire(generated: tuple[Path, list[dict[str, Any]]]) -> None:
    """A tuple and an object const go out as JSON arrays and objects; a response that breaks
    dependentRequired and additionalProperties: false still parses; a request model that
    breaks them is refused before any request."""
    out, _ = generated
    package = import_package(out, "keywords_client")
    models = package.models
    body = models.Checked(p_prefix_items=(1, "a"), p_const={"mode": ["a", 1]}, p_one_of=True)
    answer = {"p_dependent_required": {"card": "4242"}, "p_additional_properties": {"n": 1, "z": 2}}
    with FaultServer() as server:
        server.script = [Reply(200, answer)]
        client = package.KeywordsClient(base_url=server.url, max_retries=0)
        result = client.checked.check(body=body)
        with pytest.raises(pydantic.ValidationError):
            client.checked.check(body=models.Checked(p_dependent_required={"card": "4242"}))
    (sent,) = server.seen
    assert json.loads(sent.body) == {"p_prefix_items": [1, "a"], "p_const": {"mode": ["a", 1]}, "p_one_of": True}
    assert result.model_dump(by_alias=True, exclude_unset=True) == answer


def test_const_of_any_json_value(generated: tuple[Path, list[dict[str, Any]]]) -> None:
    out, _ = generated
    consts = import_package(out, "keywords_client").models.Consts
    good = {"none": None, "word": "on", "ratio": 1.5, "list": [1, "two", None], "flag": True}
    assert consts.model_validate(good).model_dump(by_alias=True) == good
    for name, bad in {"none": 0, "word": "off", "ratio": 1.25, "list": [1, "two"], "flag": 1}.items():
        with pytest.raises(pydantic.ValidationError):
            consts.model_validate({name: bad})
            pytest.fail(f"{name}: {bad!r} was accepted")


@pytest.mark.slow  # mypy over a generated SDK
def test_prefix_items_are_tuples_that_mypy_checks(generated: tuple[Path, list[dict[str, Any]]]) -> None:
    out, report = generated
    package = import_package(out, "keywords_client")
    tuples = package.models.Tuples
    value = tuples.model_validate({"pair": [1, "a"], "point": [1.5, 2.5], "open": [1, "x", "y"]})
    assert value.pair == (1, "a") and value.point == (1.5, 2.5)
    assert tuples.model_validate({"pair": [1, "a"], "point": [1.5]}).point == (1.5,)  # prefixItems: not required
    for bad in ({"pair": [1]}, {"pair": ["a", 1]}, {"pair": [1, "a"], "point": [1.5, 2.5, 3.5]}):
        with pytest.raises(pydantic.ValidationError):
            tuples.model_validate(bad)
    assert value.model_dump(by_alias=True, exclude_unset=True)["pair"] == (1, "a")
    assert json.loads(value.model_dump_json(by_alias=True, exclude_unset=True))["pair"] == [1, "a"]
    # an open prefix (more items may follow) is a list, and reported as such
    assert any(e["pointer"] == "#/components/schemas/Tuples/properties/open/prefixItems" for e in report)

    usage = out / "usage.py"
    usage.write_text(
        "from keywords_client.models import Tuples\n"
        "t = Tuples(pair=(1, 'a'))\n"
        "n: int = t.pair[0]\n"
        "s: str = t.pair[1]\n"
        "if t.point is not None and len(t.point) == 2:\n"
        "    x: float = t.point[1]\n"
    )
    wrong = out / "wrong.py"
    wrong.write_text("from keywords_client.models import Tuples\nt = Tuples(pair=(1, 'a'))\ns: str = t.pair[0]\n")
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary"]
    checked = subprocess.run([*mypy, "usage.py", "wrong.py"], cwd=out, capture_output=True, text=True)
    errors = checked.stdout.splitlines()
    assert len(errors) == 1 and errors[0].startswith("wrong.py:3: error: Incompatible types"), checked.stdout
    usage.unlink()
    wrong.unlink()


@pytest.mark.slow  # mypy over a generated SDK
def test_the_generated_project_is_clean(generated: tuple[Path, list[dict[str, Any]]]) -> None:
    out, _ = generated
    assert_clean(out, "keywords_client")
