"""A reference that resolves to nothing is never silent (issue 15).

A missing or looping `$ref` (request body, parameter, response, schema) in OpenAPI 3.0, 3.1 and
Swagger 2.0 is an error at the pointer of the object holding the `$ref`: exit 2 with one line from
`generate` and `check`, listed by `validate`; with `--lenient` a warning of kind "dangling-ref" at
that pointer (in `--report` too) and an SDK that invents nothing: no body, the parameter left
out, the response kept without content (the method returns None), the schema typed Any.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ir
from generator.cli.main import main
from generator.config import make_config
from generator.dangling import dangling_refs
from generator.diagnostics import BadInput
from generator.load import load
from generator.pipeline import analyze, check_valid
from tests.helpers import ROOT, import_package


def ref(target: str) -> dict[str, str]:
    return {"$ref": target}


def _base(version: str, path: str = "/pets", operation_id: str = "createPet") -> dict[str, Any]:
    head = {"swagger": "2.0"} if version == "2.0" else {"openapi": version}
    return {**head, "info": {"title": "D", "version": "1"}, "paths": {path: {"post": _new_op(version, operation_id)}}}


def _new_op(version: str, operation_id: str) -> dict[str, Any]:
    keep = {"name": "keep", "in": "query"} | (
        {"type": "string"} if version == "2.0" else {"schema": {"type": "string"}}
    )
    return {"operationId": operation_id, "parameters": [keep], "responses": {"200": {"description": "ok"}}}


def _op(spec: dict[str, Any], path: str = "/pets") -> dict[str, Any]:
    op: dict[str, Any] = spec["paths"][path]["post"]
    return op


def _section(spec: dict[str, Any], kind: str) -> dict[str, Any]:
    """`components/<kind>` of a 3.x spec, the 2.0 section of a 2.0 one."""
    if "swagger" in spec:
        found: dict[str, Any] = spec.setdefault("definitions" if kind == "schemas" else kind, {})
        return found
    found = spec.setdefault("components", {}).setdefault(kind, {})
    return found


def apply(spec: dict[str, Any], name: str, path: str = "/pets") -> list[str]:
    """Give the operation at `path` one dangling reference of kind `name`; the pointers reported."""
    op = _op(spec, path)
    at = "#/paths/" + path[1:].join(("~1", "")) + "/post"
    v2 = "swagger" in spec
    prefix = "#/" if v2 else "#/components/"
    if name == "missing body":
        if v2:  # a body is a parameter in 2.0
            op["parameters"].append(ref("#/parameters/PetBody"))
            return [f"{at}/parameters/1"]
        op["requestBody"] = ref("#/components/requestBodies/Missing")
        return [f"{at}/requestBody"]
    if name == "self body":
        if v2:  # the body's schema refers to itself
            op["parameters"].append({"name": "body", "in": "body", "schema": ref("#/definitions/Self")})
            _section(spec, "schemas")["Self"] = ref("#/definitions/Self")
            return [f"{at}/parameters/1/schema", "#/definitions/Self"]
        op["requestBody"] = ref("#/components/requestBodies/Self")
        _section(spec, "requestBodies")["Self"] = ref("#/components/requestBodies/Self")
        return [f"{at}/requestBody", "#/components/requestBodies/Self"]
    if name == "missing parameter":
        op["parameters"].append(ref(f"{prefix}parameters/Missing"))
        return [f"{at}/parameters/1"]
    if name == "parameter loop":
        op["parameters"].append(ref(f"{prefix}parameters/A"))
        params = _section(spec, "parameters")
        params["A"], params["B"] = ref(f"{prefix}parameters/B"), ref(f"{prefix}parameters/A")
        return [f"{at}/parameters/1", f"{prefix}parameters/A", f"{prefix}parameters/B"]
    if name == "missing response":
        op["responses"]["200"] = ref(f"{prefix}responses/Missing")
        return [f"{at}/responses/200"]
    assert name == "missing schema"
    schema = ref(f"{prefix}{'definitions' if v2 else 'schemas'}/Missing")
    if v2:
        op["responses"]["200"] = {"description": "ok", "schema": schema}
        return [f"{at}/responses/200/schema"]
    op["responses"]["200"] = {"description": "ok", "content": {"application/json": {"schema": schema}}}
    return [f"{at}/responses/200/content/application~1json/schema"]


def case(version: str, name: str) -> tuple[dict[str, Any], list[str]]:
    spec = _base(version)
    return spec, apply(spec, name)


VERSIONS = ("3.0.3", "3.1.0", "2.0")
CASES = ("missing body", "self body", "missing parameter", "parameter loop", "missing response", "missing schema")


def _write(tmp_path: Path, spec: dict[str, Any], name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", CASES)
def test_each_dangling_reference_is_an_error_at_its_pointer(tmp_path: Path, version: str, name: str) -> None:
    spec, pointers = case(version, name)
    doc = load(_write(tmp_path, spec))
    found = dangling_refs(doc)
    assert [d.pointer for d in found] == pointers
    assert {(d.level, d.kind) for d in found} == {("error", "dangling-ref")}
    with pytest.raises(BadInput) as raised:
        check_valid(doc, lenient=False)
    assert raised.value.pointer == pointers[0]
    assert raised.value.line is not None
    warned = [d for d in check_valid(doc, lenient=True) if d.kind == "dangling-ref"]
    assert [(d.level, d.pointer) for d in warned] == [("warning", p) for p in pointers]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", CASES)
def test_lenient_generation_invents_nothing(tmp_path: Path, version: str, name: str) -> None:
    spec, pointers = case(version, name)
    path = _write(tmp_path, spec)
    analyzed = analyze(make_config(path, output=tmp_path / "out", package_name="d_sdk", base=ROOT), lenient=True)
    (op,) = analyzed.api.operations
    assert [d.pointer for d in analyzed.diagnostics if d.kind == "dangling-ref"] == pointers
    # schemas.py does not report again what the dangling check reported
    assert not {d.kind for d in analyzed.diagnostics} & {"unresolved-ref", "degenerate-cycle"}
    params = [p.wire_name for p in op.params]
    if name in ("missing parameter", "parameter loop") or (name == "missing body" and version == "2.0"):
        assert params == ["keep"] and op.body is None
    elif name == "missing body":
        assert op.body is None
    elif name == "self body":
        if version == "2.0":  # a body whose schema is unknown: an alias of Any
            assert op.body is not None and isinstance(op.body.type, ir.Ref)
            alias = next(d for d in analyzed.api.definitions if d.key == op.body.type.key)
            assert isinstance(alias, ir.AliasDef) and alias.type == ir.AnyType()
        else:
            assert op.body is None
    elif name == "missing response":
        assert op.success is not None and (op.success.status, op.success.contents) == ("200", ())
    else:
        assert op.success is not None and [c.type for c in op.success.contents] == [ir.AnyType()]
    assert params == ["keep"]


@pytest.mark.parametrize("version", VERSIONS)
def test_generate_check_and_validate_agree(tmp_path: Path, version: str, capsys: pytest.CaptureFixture[str]) -> None:
    """One spec with every case: `generate` and `check` stop at the first with the same line,
    `validate` lists every one (and nothing about the validator tripping over them); with
    `--lenient` each is in `--report` and the SDK imports."""
    spec = _base(version)
    del spec["paths"]["/pets"]
    for i, name in enumerate(CASES):
        spec["paths"][f"/c{i}"] = {"post": _new_op(version, f"op{i}")}
        apply(spec, name, f"/c{i}")
    path = _write(tmp_path, spec)
    found = [d.pointer for d in dangling_refs(load(path))]
    assert len(found) == 9  # each case's, and the components' in a loop
    out = tmp_path / "out"
    lines = []
    for command in ("generate", "check"):
        assert main([command, str(path), "-o", str(out), "--package-name", "d_sdk"]) == 2
        assert not out.exists()
        lines.append(capsys.readouterr().err.strip())
    assert lines[0] == lines[1]
    assert lines[0].startswith(f"error: {path}:") and f" {found[0]}: $ref " in lines[0]
    more = len(found) - 1 + (2 if version == "2.0" else 0)  # 2.0: a parameter definition cannot be a $ref
    assert lines[0].endswith(f"(and {more} more; --lenient generates anyway)")
    assert main(["validate", str(path)]) == 2
    printed = capsys.readouterr().out
    listed = [line.split(" ", 3) for line in printed.splitlines()]
    assert [pointer.rstrip(":") for _, _, pointer, message in listed if message.startswith("$ref ")] == found
    assert "PointerToNowhere" not in printed and "out of stack" not in printed
    report = tmp_path / "report.json"
    argv = [
        "generate",
        "-q",
        "--lenient",
        str(path),
        "-o",
        str(out),
        "--package-name",
        "d_sdk",
        "--report",
        str(report),
    ]
    assert main(argv) == 0, capsys.readouterr().err
    entries = [e for e in json.loads(report.read_text()) if e["kind"] == "dangling-ref"]
    assert [e["pointer"] for e in entries] == found
    assert all(e["level"] == "warning" and e["line"] for e in entries)
    sdk = import_package(out, "d_sdk")
    assert hasattr(sdk, "DSdkClient")


def test_a_cycle_through_an_object_is_no_dangling_reference(tmp_path: Path) -> None:
    spec = _base("3.1.0")
    schema = {"type": "object", "properties": {"parent": ref("#/components/schemas/Node")}}
    spec["components"] = {"schemas": {"Node": schema, "Alias": ref("#/components/schemas/Node")}}
    _op(spec)["responses"]["200"] = {
        "description": "ok",
        "content": {"application/json": {"schema": ref("#/components/schemas/Alias")}},
    }
    assert dangling_refs(load(_write(tmp_path, spec))) == []


def test_data_and_extensions_are_not_searched_but_names_are(tmp_path: Path) -> None:
    """A `$ref` in an example, a default or an extension is a value; a property named `example`
    or `x-note` is a schema, and its `$ref` a reference."""
    missing = ref("#/components/schemas/Missing")
    spec = _base("3.1.0")
    spec["components"] = {
        "schemas": {
            "Doc": {
                "type": "object",
                "properties": {"example": missing, "x-note": missing, "default": missing},
                "example": {"$ref": "#/nowhere"},
                "default": {"$ref": "#/nowhere"},
                "examples": [{"$ref": "#/nowhere"}],
                "x-internal": {"$ref": "#/nowhere"},
            }
        },
        "examples": {"Payload": {"value": {"$ref": "#/nowhere"}}, "Gone": ref("#/components/examples/Nowhere")},
        "links": {"Next": {"operationId": "createPet", "requestBody": {"$ref": "#/nowhere"}}},
    }
    base = "#/components/schemas/Doc/properties"
    found = [d.pointer for d in dangling_refs(load(_write(tmp_path, spec)))]
    assert found == [f"{base}/example", f"{base}/x-note", f"{base}/default", "#/components/examples/Gone"]


EXTENSIONS = {
    "x-internal": {"get": {"operationId": "secret", "responses": {"200": ref("#/nowhere")}}},
    "parameters": {"get": {"operationId": "phantom", "responses": {"200": ref("#/nowhere")}}},
    "/pets": {
        "x-foo": {"get": {"operationId": "phantomToo", "responses": {"200": {"description": "ok"}}}},
        "get": {
            "operationId": "listPets",
            "responses": {
                "200": {"description": "ok"},
                "x-foo": {"description": "an extension, not a response", "$ref": "#/nowhere"},
                "default": {"description": "error"},
            },
        },
    },
}


@pytest.mark.parametrize("version", VERSIONS)
def test_extensions_are_not_operations(tmp_path: Path, version: str) -> None:
    spec = copy.deepcopy(_base(version))
    spec["paths"] = copy.deepcopy(EXTENSIONS)
    spec["paths"]["/pets"]["post"] = _op(_base(version))
    path = _write(tmp_path, spec)
    assert dangling_refs(load(path)) == []  # what is inside an extension is not read
    out = tmp_path / "out"
    assert main(["generate", "-q", "--lenient", str(path), "-o", str(out), "--package-name", "e_sdk"]) == 0
    analyzed = analyze(make_config(path, output=out, package_name="e_sdk", base=ROOT), lenient=True)
    api = analyzed.api
    assert [(o.method, o.path, o.operation_id) for o in api.operations] == [
        ("get", "/pets", "listPets"),
        ("post", "/pets", "createPet"),
    ]
    assert [g.path for g in api.root.children] == [("pets",)]
    assert [r.status for r in api.operations[0].responses] == ["200", "default"]
    assert sorted(p.name for p in (out / "e_sdk" / "resources").glob("*.py")) == ["__init__.py", "pets.py"]
    sdk = import_package(out, "e_sdk")
    assert hasattr(sdk.ESdkClient, "pets")
    assert not hasattr(sdk.ESdkClient, "x_internal") and not hasattr(sdk.ESdkClient, "parameters")


def test_a_percent_encoded_pointer_resolves(tmp_path: Path) -> None:
    """A `$ref` is a URI fragment: `~1%7Bid%7D` is the path `/pets/{id}` (RFC 6901 §6). Such
    references were dropped silently (a parameter, a response); now they are read."""
    verbose = {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}
    spec = _base("3.0.3")
    spec["paths"] = {
        "/pets/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"operationId": "getPet", "parameters": [verbose], "responses": {"200": {"description": "ok"}}},
            "delete": {
                "operationId": "deletePet",
                "parameters": [ref("#/paths/~1pets~1%7Bid%7D/get/parameters/0")],
                "responses": {"204": ref("#/paths/~1pets~1%7Bid%7D/get/responses/200")},
            },
        }
    }
    path = _write(tmp_path, spec)
    assert dangling_refs(load(path)) == []
    analyzed = analyze(make_config(path, output=tmp_path / "out", package_name="p_sdk", base=ROOT))
    delete = next(o for o in analyzed.api.operations if o.operation_id == "deletePet")
    assert [p.wire_name for p in delete.params] == ["verbose"]
    assert [r.status for r in delete.responses] == ["204"]


def _write_json(tmp_path: Path, spec: dict[str, Any]) -> Path:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", CASES)
def test_json_finds_what_yaml_finds(tmp_path: Path, version: str, name: str) -> None:
    """JSON's loader lists every `$ref` value (`Document.refs`), so the walk is skipped when all
    resolve; one that does not is still found by the walk, at the same pointers."""
    spec, pointers = case(version, name)
    doc = load(_write_json(tmp_path, spec))
    assert doc.refs is not None and any(r.startswith("#") for r in doc.refs)
    assert [d.pointer for d in dangling_refs(doc)] == pointers


def test_json_skips_the_walk_only_when_every_ref_resolves(tmp_path: Path) -> None:
    """A `$ref` inside an example is listed by the loader but is data: it makes the walk run,
    which does not report it; a document whose `$ref`s all resolve needs no walk."""
    spec = _base("3.1.0")
    spec["components"] = {"schemas": {"Doc": {"type": "object", "example": {"$ref": "#/nowhere"}}}}
    doc = load(_write_json(tmp_path, spec))
    assert doc.refs == frozenset({"#/nowhere"})
    assert dangling_refs(doc) == []
    spec["components"]["schemas"]["Doc"]["properties"] = {"self": ref("#/components/schemas/Doc")}
    del spec["components"]["schemas"]["Doc"]["example"]
    doc = load(_write_json(tmp_path, spec))
    assert doc.refs == frozenset({"#/components/schemas/Doc"})
    assert dangling_refs(doc) == []
