"""Issue 12: one bad value does not sink the document, and is never silent.

A default or example that does not fit its schema (`NaN`, `Infinity`, a string default on an
integer, an object default on a string, a value outside the enum or the bounds, an array with a
wrong item, an object missing a required property) is dropped with a warning that points at
the value (pointer and line in `--report`), the rest of the document generates without
`--lenient`, and nothing generated (model defaults, docs, generated tests) uses the value.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import generated_tests, import_package, sdkgen

THINGS = "#/components/schemas/Thing/properties"
OPERATION = "#/paths/~1things/post"

# JSON with the NaN/Infinity extension (Python's json and many tools write them); each bad
# value on its own line, so the report's line can be checked.
SPEC_JSON = """{
  "openapi": "3.1.0",
  "info": {"title": "Values", "version": "1", "x-ratio": NaN},
  "paths": {
    "/things": {
      "post": {
        "operationId": "createThing",
        "parameters": [
          {"name": "limit", "in": "query", "schema": {"type": "integer",
            "default": "ten",
            "example": 3.5}},
          {"name": "ratio", "in": "query", "schema": {"type": "number", "default": 0.5},
            "example": Infinity},
          {"name": "page", "in": "query", "required": true, "schema": {"type": "integer"}, "example": 7},
          {"$ref": "#/components/parameters/Size"}
        ],
        "requestBody": {"required": true, "content": {"application/json": {
          "schema": {"$ref": "#/components/schemas/Thing"},
          "example": {"count": "many"}
        }}},
        "responses": {"200": {"description": "ok",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
      }
    }
  },
  "components": {
    "parameters": {"Size": {"name": "size", "in": "query", "schema": {"type": "string", "enum": ["s", "m"],
      "default": "xl"}}},
    "schemas": {
      "Part": {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]},
      "Thing": {
        "type": "object",
        "properties": {
          "count": {"type": "integer", "default": "ten"},
          "ratio": {"type": "number", "default": NaN},
          "big": {"type": "number", "default": -Infinity},
          "name": {"type": "string", "default": {"a": 1}},
          "color": {"type": "string", "enum": ["red", "green"], "default": "blue"},
          "small": {"type": "integer", "minimum": 1, "maximum": 5, "default": 9},
          "tags": {"type": "array", "items": {"type": "string"}, "default": ["a", 2]},
          "part": {"allOf": [{"$ref": "#/components/schemas/Part"}], "default": {"name": "x"}},
          "levels": {"type": "array", "items": {"type": "number"}, "enum": [[NaN]]},
          "good": {"type": "integer", "default": 4},
          "fine": {"type": "string", "enum": ["red", "green"], "default": "green"}
        }
      }
    }
  }
}
"""
# pointer → (text on the value's line, the reason given)
BAD_DEFAULTS = {
    f"{OPERATION}/parameters/0/schema/default": ('"default": "ten",', "not an integer"),
    "#/components/parameters/Size/schema/default": ('"default": "xl"', "not one of the enum's values"),
    f"{THINGS}/count/default": ('"count": {', "not an integer"),
    f"{THINGS}/ratio/default": ('"ratio": {"type": "number", "default": NaN}', "NaN is not a JSON number"),
    f"{THINGS}/big/default": ('"big": {', "-Infinity is not a JSON number"),
    f"{THINGS}/name/default": ('"name": {', "not a string"),
    f"{THINGS}/color/default": ('"color": {', "not one of the enum's values"),
    f"{THINGS}/small/default": ('"small": {', "must be <= 5"),
    f"{THINGS}/tags/default": ('"tags": {', "not a string"),
    f"{THINGS}/part/default": ('"part": {', "required property 'id' is missing"),
}
BAD_EXAMPLES = {
    f"{OPERATION}/parameters/0/schema/example": ('"example": 3.5', "not an integer"),
    f"{OPERATION}/parameters/1/example": ('"example": Infinity', "Infinity is not a JSON number"),
    f"{OPERATION}/requestBody/content/application~1json/example": ('"example": {"count"', "property 'count'"),
}


def line_of(text: str) -> int:
    return next(i for i, line in enumerate(SPEC_JSON.splitlines(), 1) if text in line)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("values")
    spec = folder / "values.json"
    spec.write_text(SPEC_JSON)
    report = folder / "report.json"
    result = sdkgen("generate", str(spec), "-o", str(folder / "out"), "--report", str(report), cwd=folder)
    assert result.returncode == 0, result.stderr  # no --lenient needed
    return folder / "out", json.loads(report.read_text())


def test_each_bad_default_and_example_is_reported_at_its_line(generated: tuple[Path, list[dict[str, Any]]]) -> None:
    _, report = generated
    found = {e["pointer"]: e for e in report if e["kind"] in ("bad-default", "bad-example")}
    expected = {**BAD_DEFAULTS, **BAD_EXAMPLES}
    assert set(found) == set(expected)
    for pointer, (text, reason) in expected.items():
        entry = found[pointer]
        assert entry["level"] == "warning" and entry["line"] == line_of(text), entry
        assert reason in entry["message"] and "dropped" in entry["message"], entry
    assert "size" not in json.dumps([e for e in report if e["kind"] not in ("bad-default", "bad-example")])


def test_dropped_defaults_are_no_defaults_and_good_ones_stay(generated: tuple[Path, list[dict[str, Any]]]) -> None:
    out, _ = generated
    thing = import_package(out, "values_client").models.Thing
    fields = thing.model_fields
    for name in ("count", "ratio", "big", "name", "color", "small", "tags", "part"):
        assert fields[name].default is None and fields[name].default_factory is None, name
    assert fields["good"].default == 4 and fields["fine"].default.value == "green"
    built = thing()
    assert built.model_dump(by_alias=True, exclude_unset=True) == {}
    assert built.good == 4 and built.ratio is None


def test_dropped_examples_are_not_used_by_docs_or_generated_tests(
    generated: tuple[Path, list[dict[str, Any]]],
) -> None:
    out, _ = generated
    text = "\n".join(p.read_text() for p in [out / "README.md", *sorted((out / "docs").glob("*.md"))])
    text += generated_tests(out)
    assert "page=7" in text  # a fitting example is used
    for bad in ('"many"', "3.5", "Infinity", "inf", "nan", "NaN"):  # as words: the README says `info`
        assert not re.search(rf"\b{re.escape(bad)}\b" if bad.isalpha() else re.escape(bad), text), bad


def test_nan_and_infinity_in_yaml_are_reported_not_fatal(tmp_path: Path) -> None:
    spec = tmp_path / "floats.yaml"
    spec.write_text(
        "openapi: 3.0.3\n"
        "info: {title: Floats, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Reading:\n"
        "      type: object\n"
        "      properties:\n"
        "        value: {type: number, default: .nan}\n"
        "        top: {type: number, maximum: .inf, minimum: 0}\n"
        "        fixed: {type: number, enum: [.nan]}\n"
    )
    report = tmp_path / "report.json"
    result = sdkgen("generate", str(spec), "-o", str(tmp_path / "out"), "--report", str(report), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    entries = {(e["kind"], e["pointer"], e["line"]) for e in json.loads(report.read_text())}
    props = "#/components/schemas/Reading/properties"
    assert ("bad-default", f"{props}/value/default", 9) in entries
    assert ("bad-value", f"{props}/top/maximum", 10) in entries
    assert ("bad-value", f"{props}/fixed/enum/0", 11) in entries
    reading = import_package(tmp_path / "out", "floats_client").models.Reading
    assert reading.model_fields["value"].default is None
    assert reading(top=5.0).top == 5.0  # the finite bound still holds
    with pytest.raises(ValueError):
        reading(top=-1.0)


def test_validate_names_each_non_number_as_an_error(tmp_path: Path) -> None:
    """`sdkgen validate` (the strict check) lists them; `generate` drops them (above)."""
    spec = tmp_path / "floats.json"
    spec.write_text(
        '{"openapi": "3.1.0", "info": {"title": "F", "version": "1"}, "paths": {},\n'
        '"components": {"schemas": {"A": {"type": "number",\n"default": NaN}}}}\n'
    )
    result = sdkgen("validate", str(spec), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{spec}:3 #/components/schemas/A/default: not a JSON number" in result.stdout, result.stdout
