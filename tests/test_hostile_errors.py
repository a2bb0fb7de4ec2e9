"""Invalid specs (issue 12): one line that says what is wrong first.

`file:line`, the full JSON pointer of the offending node as it is in the document, the reason,
then the value when it is short; `(--lenient generates anyway)` only when every problem is one
that lenient generation copes with. `generate` and `validate` print a problem the same way;
exit code 2, no traceback, and the output folder as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import sdkgen

BAD_PATTERN = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /users:
    get:
      operationId: listUsers
      parameters:
        - name: q
          in: query
          schema:
            type: string
            pattern: "[a-"
      responses:
        "200": {description: ok}
"""

DEEP_TYPE = {
    "openapi": "3.0.3",
    "info": {"title": "T", "version": "1"},
    "paths": {
        "/users/{id}": {
            "get": {
                "operationId": "getUser",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}},
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "User": {
                "type": "object",
                "properties": {
                    "tags": {"type": "array", "items": {"type": "object", "properties": {"name": {"maxLength": "ten"}}}}
                },
            }
        }
    },
}

NO_RESPONSES = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /users:
    get:
      operationId: listUsers
  /teams:
    post:
      operationId: createTeam
      parameters:
        - name: dry_run
          schema: {type: boolean}
      responses:
        "201": {description: created}
"""

REF_PATTERN = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /users:
    get:
      operationId: listUsers
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
components:
  schemas:
    User:
      type: object
      properties:
        id:
          type: string
          pattern: "(unclosed"
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    """An output folder with a file in it, which a refused run must leave as it was."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "keep.txt").write_text("before\n")
    return folder


def refused(spec: Path, out: Path) -> str:
    """The one line `generate` prints, after checking everything else about a refusal."""
    result = sdkgen("generate", str(spec), "-o", str(out), "--package-name", "sdk")
    assert result.returncode == 2, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"] and (out / "keep.txt").read_text() == "before\n"
    return result.stderr.rstrip("\n")


def validated(spec: Path) -> list[str]:
    result = sdkgen("validate", str(spec))
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr
    return result.stdout.splitlines()


def test_a_bad_regex_names_the_pattern_node(tmp_path: Path, out: Path) -> None:
    spec = tmp_path / "users.yaml"
    spec.write_text(BAD_PATTERN)
    problem = (
        f"error: {spec}:{line_of(BAD_PATTERN, 'pattern:')} #/paths/~1users/get/parameters/0/schema/pattern: "
        'not a valid regular expression (unterminated character set at position 0) — value: "[a-"'
    )
    assert refused(spec, out) == problem + " (--lenient generates anyway)"
    assert validated(spec) == [problem]
    lenient = sdkgen("generate", str(spec), "-o", str(tmp_path / "lenient"), "--package-name", "sdk", "--lenient")
    assert lenient.returncode == 0, lenient.stderr  # the hint is true


def test_a_wrong_type_deep_inside_a_schema_in_json(tmp_path: Path, out: Path) -> None:
    spec = tmp_path / "users.json"
    text = json.dumps(DEEP_TYPE, indent=2)
    spec.write_text(text)
    problem = (
        f"error: {spec}:{line_of(text, 'maxLength')} "
        "#/components/schemas/User/properties/tags/items/properties/name/maxLength: "
        'expected integer, found string — value: "ten"'
    )
    assert refused(spec, out) == problem + " (--lenient generates anyway)"
    assert validated(spec) == [problem]


def test_missing_required_fields_of_operations(tmp_path: Path, out: Path) -> None:
    spec = tmp_path / "teams.yaml"
    spec.write_text(NO_RESPONSES)
    first = f"error: {spec}:{line_of(NO_RESPONSES, 'get:')} #/paths/~1users/get: missing required field 'responses'"
    second = (
        f"error: {spec}:{line_of(NO_RESPONSES, '- name: dry_run')} #/paths/~1teams/post/parameters/0: "
        "missing required field 'in'"
    )
    assert refused(spec, out) == second + " (and 1 more; --lenient generates anyway)"  # pointer order
    assert validated(spec) == [second, first]
    lenient = sdkgen("generate", str(spec), "-o", str(tmp_path / "lenient"), "--package-name", "sdk", "--lenient")
    assert lenient.returncode == 0, lenient.stderr


def test_a_schema_problem_found_through_a_ref_points_at_the_schema(tmp_path: Path) -> None:
    """The semantic pass (only in `validate`) meets the schema through the response's `$ref`;
    it was reported as `#/pattern`."""
    spec = tmp_path / "users.yaml"
    spec.write_text(REF_PATTERN)
    assert validated(spec) == [
        f"error: {spec}:{line_of(REF_PATTERN, 'pattern:')} #/components/schemas/User/properties/id/pattern: "
        'not a valid regular expression (missing ), unterminated subpattern at position 0) — value: "(unclosed"'
    ]


def test_an_unexpected_field_is_pointed_at(tmp_path: Path, out: Path) -> None:
    text = BAD_PATTERN.replace('pattern: "[a-"', "patern: x")
    spec = tmp_path / "users.yaml"
    spec.write_text(text)
    pointer = "#/paths/~1users/get/parameters/0/schema/patern"
    assert refused(spec, out).startswith(f"error: {spec}:{line_of(text, 'patern:')} {pointer}: field not allowed here")


def test_no_lenient_hint_when_lenient_would_not_help(tmp_path: Path, out: Path) -> None:
    text = BAD_PATTERN.replace("openapi: 3.0.3", "openapi: 4.0.0")
    spec = tmp_path / "users.yaml"
    spec.write_text(text)
    assert refused(spec, out) == f"error: {spec}:1 #/openapi: unsupported OpenAPI version '4.0.0'"


def test_a_long_value_is_shortened_after_the_reason(tmp_path: Path, out: Path) -> None:
    text = BAD_PATTERN.replace('"[a-"', '"[' + "a" * 500 + '"')
    spec = tmp_path / "users.yaml"
    spec.write_text(text)
    line = refused(spec, out)
    assert 'not a valid regular expression (unterminated character set at position 0) — value: "[aaa' in line
    assert "…" in line and len(line) < len(str(spec)) + 250


def test_a_duplicated_key_is_located_where_it_took_effect(tmp_path: Path, out: Path) -> None:
    """JSON and YAML readers keep the last of duplicated keys; the line is that one's."""
    text = (
        '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},\n'
        '"paths": {},\n'
        '"paths": {"/a": {"get": {"operationId": "a",\n'
        '  "responses": {"200": {"description": 5}}}}}}\n'
    )
    spec = tmp_path / "dup.json"
    spec.write_text(text)
    assert refused(spec, out) == (
        f"error: {spec}:4 #/paths/~1a/get/responses/200/description: expected string, found integer — value: 5"
        " (--lenient generates anyway)"
    )
