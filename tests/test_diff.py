"""`sdkgen diff`: one hand-made spec pair per change kind, the rules behind them, and the CLI.

Each case edits a small base spec (old → new) and states the exact set of change kinds the
diff reports and the bump. Kinds that no spec edit can produce (the package or client name,
which come from the configuration, and errors.py, which is the same in every SDK) are checked
on edited surfaces instead; `test_every_kind_is_covered` keeps the two lists complete.
"""

from __future__ import annotations

import ast
import copy
import json
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest

from generator.config import make_config
from generator.pipeline import analyze
from generator.surface.diff import KINDS, RULES, compare, render_text, version_after
from generator.surface.extract import Parameter, Surface, extract
from generator.surface.types import accepts, narrows
from tests.helpers import ROOT, sdkgen

Spec = dict[str, Any]
Edit = Callable[[Spec], None]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def ok(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok", "content": body(schema)}}


BASE: Spec = {
    "openapi": "3.1.0",
    "info": {"title": "Runs", "version": "1.0.0"},
    "servers": [
        {"url": "https://{region}.api.test/v1", "variables": {"region": {"default": "us", "enum": ["us", "eu"]}}}
    ],
    "components": {
        "securitySchemes": {"api_key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        "schemas": {
            "Run": {
                "type": "object",
                "required": ["id", "status"],
                "properties": {
                    "id": {"type": "string"},
                    "status": ref("RunStatus"),
                    "note": {"type": "string"},
                    "code": ref("Code"),
                    "shared": ref("Shared"),
                },
            },
            "NewRun": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "priority": ref("Priority"),
                    "size": {"type": "integer", "default": 1},
                    "label": ref("Label"),
                    "shared": ref("Shared"),
                },
            },
            "Shared": {"type": "object", "properties": {"tag": {"type": "string"}}},
            "RunStatus": {"type": "string", "enum": ["queued", "running", "paused"]},
            "Priority": {"type": "string", "enum": ["low", "high"]},
            "Code": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            "Label": {"type": "array", "items": {"type": "string"}},
            "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        },
    },
    "security": [{"api_key": []}],
    "paths": {
        "/runs": {
            "post": {
                "tags": ["runs"],
                "operationId": "createRun",
                "requestBody": {"required": True, "content": body(ref("NewRun"))},
                "responses": ok(ref("Run")),
            }
        },
        "/runs/{runId}": {
            "get": {
                "tags": ["runs"],
                "operationId": "getRun",
                "parameters": [
                    {"name": "runId", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                ],
                "responses": {**ok(ref("Run")), "404": {"description": "missing", "content": body(ref("Error"))}},
            },
            "delete": {
                "tags": ["runs"],
                "operationId": "deleteRun",
                "parameters": [{"name": "runId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "gone"}},
            },
        },
        "/projects/{projectId}/runs/{runId}": {
            "get": {
                "tags": ["projects.runs"],
                "operationId": "getProjectRun",
                "parameters": [
                    {"name": "projectId", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "runId", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "responses": ok(ref("Run")),
            }
        },
    },
}


def schema(spec: Spec, name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"][name]
    return found


def prop(spec: Spec, model: str, field: str) -> dict[str, Any]:
    found: dict[str, Any] = schema(spec, model)["properties"][field]
    return found


def operation(spec: Spec, path: str = "/runs/{runId}", method: str = "get") -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][path][method]
    return found


def param(spec: Spec, name: str, path: str = "/runs/{runId}", method: str = "get") -> dict[str, Any]:
    return next(p for p in operation(spec, path, method)["parameters"] if p["name"] == name)


def add_param(spec: Spec, value: dict[str, Any], path: str = "/runs/{runId}", method: str = "get") -> None:
    operation(spec, path, method)["parameters"].append(value)


def drop_param(spec: Spec, name: str, path: str = "/runs/{runId}", method: str = "get") -> None:
    op = operation(spec, path, method)
    op["parameters"] = [p for p in op["parameters"] if p["name"] != name]


def server_var(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = spec["servers"][0]["variables"]["region"]
    return found


EXTRA = {"type": "object", "properties": {"x": {"type": "string"}}}
TENANT = {"name": "X-Tenant", "in": "header", "required": True, "schema": {"type": "string"}}


def with_tenant(required: bool) -> Edit:
    """A global parameter (`x-speakeasy-globals-hidden`), set once on the client."""

    def edit(spec: Spec) -> None:
        add_param(spec, {**TENANT, "required": required, "x-speakeasy-globals-hidden": True})

    return edit


def move_run_id_first(spec: Spec) -> None:
    spec["paths"]["/runs/{runId}/projects/{projectId}"] = spec["paths"].pop("/projects/{projectId}/runs/{runId}")
    op = operation(spec, "/runs/{runId}/projects/{projectId}")
    op["parameters"].reverse()


def run_id_in_query(spec: Spec) -> None:
    """`GET /runs/{runId}` → `GET /runs?runId=`: the same method, run_id keyword-only."""
    op = spec["paths"]["/runs/{runId}"].pop("get")
    for p in op["parameters"]:
        if p["name"] == "runId":
            p["in"] = "query"
    spec["paths"]["/runs"]["get"] = op


def new_operation(tag: str, operation_id: str) -> Edit:
    def edit(spec: Spec) -> None:
        spec["paths"][f"/{operation_id}"] = {
            "get": {"tags": [tag], "operationId": operation_id, "responses": {"204": {"description": "ok"}}}
        }

    return edit


def chain(*edits: Edit) -> Edit:
    def edit(spec: Spec) -> None:
        for e in edits:
            e(spec)

    return edit


def set_at(getter: Callable[[Spec], dict[str, Any]], **values: Any) -> Edit:
    def edit(spec: Spec) -> None:
        getter(spec).update(values)

    return edit


def pop_at(getter: Callable[[Spec], dict[str, Any]], key: str) -> Edit:
    def edit(spec: Spec) -> None:
        getter(spec).pop(key)

    return edit


def nothing(spec: Spec) -> None:
    pass


# (id, edit of the old spec, edit of the new spec, the kinds reported, the bump)
CASES: list[tuple[str, Edit, Edit, set[str], str]] = [
    ("no change", nothing, nothing, set(), "none"),
    # --- client
    ("global parameter added, required", nothing, with_tenant(True), {"client-parameter-added-required"}, "major"),
    ("global parameter added, optional", nothing, with_tenant(False), {"client-parameter-added-optional"}, "minor"),
    ("global parameter removed", with_tenant(False), nothing, {"client-parameter-removed"}, "major"),
    ("global became required", with_tenant(False), with_tenant(True), {"client-parameter-became-required"}, "major"),
    ("global became optional", with_tenant(True), with_tenant(False), {"client-parameter-became-optional"}, "minor"),
    (
        "credential added",
        nothing,
        lambda s: s["components"]["securitySchemes"].update(bearer={"type": "http", "scheme": "bearer"}),
        {"client-parameter-added-optional"},
        "minor",
    ),
    (
        "credential removed",
        nothing,
        chain(lambda s: s["components"].pop("securitySchemes"), lambda s: s.pop("security")),
        {"client-parameter-removed"},
        "major",
    ),
    # --- servers
    ("server added", nothing, lambda s: s["servers"].append({"url": "https://eu.api.test"}), {"server-added"}, "minor"),
    ("server removed", lambda s: s["servers"].append({"url": "https://x.test"}), nothing, {"server-removed"}, "major"),
    (
        "server url changed",
        nothing,
        lambda s: s["servers"][0].update(url="https://{region}.api.test/v2"),
        {"server-url-changed"},
        "patch",
    ),
    (
        "server variable added",
        nothing,
        lambda s: s["servers"][0].update(
            url="https://{region}.api.test/{version}",
            variables={**s["servers"][0]["variables"], "version": {"default": "v1"}},
        ),
        {"server-variable-added", "server-url-changed"},
        "minor",
    ),
    (
        "server variable removed",
        nothing,
        lambda s: s["servers"][0].update(url="https://us.api.test/v1", variables={}),
        {"server-variable-removed", "server-url-changed"},
        "major",
    ),
    (
        "server variable value added",
        nothing,
        set_at(server_var, enum=["us", "eu", "ap"]),
        {"server-variable-value-added"},
        "minor",
    ),
    (
        "server variable value removed",
        nothing,
        set_at(server_var, enum=["us"]),
        {"server-variable-value-removed"},
        "major",
    ),
    (
        "server variable default",
        nothing,
        set_at(server_var, default="eu"),
        {"server-variable-default-changed"},
        "patch",
    ),
    # --- groups and methods
    ("group added", nothing, new_operation("jobs", "listJobs"), {"group-added", "method-added"}, "minor"),
    ("group removed", new_operation("jobs", "listJobs"), nothing, {"group-removed", "method-removed"}, "major"),
    ("method added", nothing, new_operation("runs", "countRuns"), {"method-added"}, "minor"),
    ("method removed", nothing, lambda s: s["paths"]["/runs/{runId}"].pop("delete"), {"method-removed"}, "major"),
    ("method renamed", nothing, set_at(operation, operationId="fetchRun"), {"method-renamed"}, "major"),
    (
        "group renamed",
        nothing,
        set_at(lambda s: operation(s, "/projects/{projectId}/runs/{runId}"), tags=["projects.executions"]),
        {"group-renamed", "method-renamed"},
        "major",
    ),
    (
        "return changed",
        nothing,
        lambda s: operation(s)["responses"].update(ok({"type": "array", "items": ref("Run")})),
        {"method-return-changed"},
        "major",
    ),
    (
        "return narrowed",
        lambda s: operation(s)["responses"].update(ok({"oneOf": [ref("Run"), ref("Shared")]})),
        nothing,
        {"method-return-narrowed"},
        "patch",
    ),
    (
        "return added",
        nothing,
        set_at(lambda s: operation(s, method="delete"), responses=ok(ref("Run"))),
        {"method-return-added"},
        "minor",
    ),
    (
        "endpoint changed",
        nothing,
        lambda s: s["paths"].update({"/v2/runs": s["paths"].pop("/runs")}),
        {"method-endpoint-changed"},
        "patch",
    ),
    (
        "polling helper added",
        nothing,
        set_at(lambda s: schema(s, "RunStatus"), enum=["queued", "running", "done"]),
        {"method-added", "enum-member-added-open-response", "enum-member-removed"},  # create_and_wait
        "major",
    ),
    ("deprecated", nothing, set_at(operation, deprecated=True), {"method-deprecated"}, "patch"),
    ("undeprecated", set_at(operation, deprecated=True), nothing, {"method-undeprecated"}, "patch"),
    # --- parameters
    (
        "parameter added, required",
        nothing,
        lambda s: add_param(s, {"name": "view", "in": "query", "required": True, "schema": {"type": "string"}}),
        {"parameter-added-required"},
        "major",
    ),
    (
        "parameter added, optional",
        nothing,
        lambda s: add_param(s, {"name": "view", "in": "query", "schema": {"type": "string"}}),
        {"parameter-added-optional"},
        "minor",
    ),
    ("parameter removed", nothing, lambda s: drop_param(s, "verbose"), {"parameter-removed"}, "major"),
    (
        "parameter became required",
        nothing,
        set_at(lambda s: param(s, "verbose"), required=True),
        {"parameter-became-required"},
        "major",
    ),
    (
        "parameter became optional",
        set_at(lambda s: param(s, "verbose"), required=True),
        nothing,
        {"parameter-became-optional"},
        "minor",
    ),
    (
        "parameter type widened",
        nothing,
        set_at(lambda s: param(s, "verbose"), schema={"type": ["boolean", "string"]}),
        {"parameter-type-widened"},
        "minor",
    ),
    (
        "parameter type changed",
        nothing,
        set_at(lambda s: param(s, "verbose"), schema={"type": "integer"}),
        {"parameter-type-changed"},
        "major",
    ),
    ("path parameter moved", nothing, move_run_id_first, {"parameter-moved", "method-endpoint-changed"}, "major"),
    (
        "path parameter became keyword-only",
        nothing,
        run_id_in_query,
        {"parameter-became-keyword-only", "parameter-wire-changed", "method-endpoint-changed"},
        "major",
    ),
    (
        "parameter became positional",
        run_id_in_query,
        nothing,
        {"parameter-became-positional", "parameter-wire-changed", "method-endpoint-changed"},
        "minor",
    ),
    (
        "parameter sent elsewhere",
        nothing,
        set_at(lambda s: param(s, "verbose"), **{"in": "header"}),
        {"parameter-wire-changed"},
        "patch",
    ),
    # --- error bodies
    (
        "error body added",
        nothing,
        lambda s: operation(s)["responses"].update({"409": {"description": "c", "content": body(ref("Error"))}}),
        {"error-body-added"},
        "minor",
    ),
    ("error body removed", nothing, lambda s: operation(s)["responses"].pop("404"), {"error-body-removed"}, "major"),
    (
        "error body changed",
        nothing,
        lambda s: operation(s)["responses"]["404"].update(content=body(ref("Shared"))),
        {"error-body-changed"},
        "major",
    ),
    (
        "error body narrowed",
        lambda s: operation(s)["responses"]["404"].update(content=body({"oneOf": [ref("Error"), ref("Shared")]})),
        nothing,
        {"error-body-narrowed"},
        "patch",
    ),
]
CASES += [
    # --- definitions
    (
        "model added",
        nothing,
        lambda s: s["components"]["schemas"].update(Extra=EXTRA),
        {"model-added"},
        "minor",
    ),
    (
        "model removed",
        lambda s: s["components"]["schemas"].update(Extra=EXTRA),
        nothing,
        {"model-removed"},
        "major",
    ),
    (
        "enum added",
        nothing,
        lambda s: s["components"]["schemas"].update(Mode={"type": "string", "enum": ["a", "b"]}),
        {"enum-added"},
        "minor",
    ),
    (
        "enum removed",
        lambda s: s["components"]["schemas"].update(Mode={"type": "string", "enum": ["a", "b"]}),
        nothing,
        {"enum-removed"},
        "major",
    ),
    (
        "alias added",
        nothing,
        lambda s: s["components"]["schemas"].update(Ids={"type": "array", "items": {"type": "string"}}),
        {"alias-added"},
        "minor",
    ),
    (
        "alias removed",
        lambda s: s["components"]["schemas"].update(Ids={"type": "array", "items": {"type": "string"}}),
        nothing,
        {"alias-removed"},
        "major",
    ),
    (
        "enum became an alias",
        nothing,
        lambda s: s["components"]["schemas"].update(Priority={"type": "string"}),
        {"definition-kind-changed", "request-field-type-widened"},
        "major",
    ),
    # --- fields of a sent model (NewRun), of a read one (Run), of one on both sides (Shared)
    (
        "request field added, required",
        nothing,
        chain(
            set_at(lambda s: schema(s, "NewRun")["properties"], owner={"type": "string"}),
            lambda s: schema(s, "NewRun")["required"].append("owner"),
        ),
        {"request-field-added-required"},
        "major",
    ),
    (
        "request field added, optional",
        nothing,
        set_at(lambda s: schema(s, "NewRun")["properties"], owner={"type": "string"}),
        {"request-field-added-optional"},
        "minor",
    ),
    (
        "response field added",
        nothing,
        set_at(lambda s: schema(s, "Run")["properties"], owner={"type": "string"}),
        {"response-field-added"},
        "minor",
    ),
    (
        "field added to a model on both sides",
        nothing,
        set_at(lambda s: schema(s, "Shared")["properties"], owner={"type": "string"}),
        {"request-field-added-optional"},
        "minor",
    ),
    (
        "a model no request body reaches any more loses its TypedDict",
        nothing,
        pop_at(lambda s: schema(s, "NewRun")["properties"], "shared"),
        {"request-field-removed", "typed-dict-removed"},
        "major",
    ),
    (
        "a model a request body now reaches gains a TypedDict",
        pop_at(lambda s: schema(s, "NewRun")["properties"], "shared"),
        nothing,
        {"request-field-added-optional", "typed-dict-added"},
        "minor",
    ),
    (
        "request field removed",
        nothing,
        pop_at(lambda s: schema(s, "NewRun")["properties"], "size"),
        {"request-field-removed"},
        "major",
    ),
    (
        "response field removed",
        nothing,
        pop_at(lambda s: schema(s, "Run")["properties"], "note"),
        {"response-field-removed"},
        "major",
    ),
    (
        "request field became required",
        nothing,
        lambda s: schema(s, "NewRun")["required"].append("priority"),
        {"request-field-became-required"},
        "major",
    ),
    (
        "request field became optional",
        nothing,
        set_at(lambda s: schema(s, "NewRun"), required=[]),
        {"request-field-became-optional"},
        "minor",
    ),
    (
        "request field type widened",
        nothing,
        set_at(lambda s: prop(s, "NewRun", "name"), type=["string", "integer"]),
        {"request-field-type-widened"},
        "minor",
    ),
    (
        "request field type changed",
        nothing,
        set_at(lambda s: prop(s, "NewRun", "size"), type="string", default="1"),
        {"request-field-type-changed", "field-default-changed"},
        "major",
    ),
    (
        "request field constraint relaxed",
        set_at(lambda s: prop(s, "NewRun", "name"), maxLength=5),
        set_at(lambda s: prop(s, "NewRun", "name"), maxLength=10),
        {"request-field-type-widened"},
        "minor",
    ),
    (
        "request field constraint tightened",
        set_at(lambda s: prop(s, "NewRun", "name"), maxLength=10),
        set_at(lambda s: prop(s, "NewRun", "name"), maxLength=5),
        {"request-field-type-changed"},
        "major",
    ),
    (
        "response field became optional",
        nothing,
        set_at(lambda s: schema(s, "Run"), required=["status"]),
        {"response-field-became-optional"},
        "major",
    ),
    (
        "response field became nullable",
        nothing,
        set_at(lambda s: prop(s, "Run", "id"), type=["string", "null"]),
        {"response-field-became-optional"},
        "major",
    ),
    (
        "response field type changed",
        nothing,
        set_at(lambda s: prop(s, "Run", "note"), type="integer"),
        {"response-field-type-changed"},
        "major",
    ),
    (
        "response field type narrowed",
        set_at(lambda s: prop(s, "Run", "note"), type=["string", "integer"]),
        nothing,
        {"response-field-type-narrowed"},
        "patch",
    ),
    (
        "field type changed on both sides",
        nothing,
        set_at(lambda s: prop(s, "Shared", "tag"), type=["string", "integer"]),
        {"response-field-type-changed"},
        "major",
    ),
    (
        "request field became read-only",
        nothing,
        set_at(lambda s: prop(s, "NewRun", "size"), readOnly=True),
        {"request-field-became-read-only"},
        "major",
    ),
    (
        "required request field became read-only",
        nothing,
        set_at(lambda s: prop(s, "NewRun", "name"), readOnly=True),
        {"request-field-became-read-only"},  # and so optional, and `| None`: no more to say
        "major",
    ),
    (
        "response field became write-only",
        nothing,
        set_at(lambda s: prop(s, "Run", "note"), writeOnly=True),
        {"response-field-became-write-only"},
        "major",
    ),
    (
        "read-only flag on a read model",
        nothing,
        set_at(lambda s: prop(s, "Run", "note"), readOnly=True),
        {"field-access-changed"},
        "patch",
    ),
    (
        "wire name changed",
        set_at(
            lambda s: schema(s, "Run"),
            properties={**BASE["components"]["schemas"]["Run"]["properties"], "noteText": {"type": "string"}},
        ),
        set_at(
            lambda s: schema(s, "Run"),
            properties={**BASE["components"]["schemas"]["Run"]["properties"], "note_text": {"type": "string"}},
        ),
        {"field-wire-name-changed"},
        "major",
    ),
    (
        "default changed",
        nothing,
        set_at(lambda s: prop(s, "NewRun", "size"), default=2),
        {"field-default-changed"},
        "patch",
    ),
    # --- enums and aliases
    (
        "member added to a sent enum",
        nothing,
        set_at(lambda s: schema(s, "Priority"), enum=["low", "high", "urgent"]),
        {"enum-member-added"},
        "minor",
    ),
    (
        "member added to an open response enum",
        nothing,
        set_at(lambda s: schema(s, "RunStatus"), enum=["queued", "running", "paused", "stalled"]),
        {"enum-member-added-open-response"},
        "minor",
    ),
    (
        "enum member removed",
        nothing,
        set_at(lambda s: schema(s, "RunStatus"), enum=["queued", "running"]),
        {"enum-member-removed"},
        "major",
    ),
    (
        "enum member value changed",
        nothing,
        set_at(lambda s: schema(s, "RunStatus"), enum=["QUEUED", "running", "paused"]),
        {"enum-member-value-changed"},
        "major",
    ),
    (
        "enum values became numbers",
        set_at(lambda s: schema(s, "RunStatus"), enum=["1", "2", "3"]),
        set_at(lambda s: schema(s, "RunStatus"), type="integer", enum=[1, 2, 3]),
        {"enum-base-changed", "enum-member-value-changed"},
        "major",
    ),
    (
        "sent alias widened",
        nothing,
        set_at(lambda s: schema(s, "Label"), items={"type": ["string", "integer"]}),
        {"alias-type-widened", "request-field-type-widened"},  # models spell the alias out
        "minor",
    ),
    (
        "read alias narrowed",
        nothing,
        set_at(lambda s: schema(s, "Code"), oneOf=[{"type": "string"}]),
        {"alias-type-narrowed", "response-field-type-narrowed"},
        "patch",
    ),
    (
        "alias changed",
        nothing,
        set_at(lambda s: schema(s, "Code"), oneOf=[{"type": "string"}, {"type": "boolean"}]),
        {"alias-type-changed", "response-field-type-changed"},
        "major",
    ),
]


def surface_of(spec: Spec, folder: Path, name: str) -> Surface:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    analyzed = analyze(make_config(path, package_name="runs_sdk", base=folder))
    return extract(analyzed.api, analyzed.config)


@pytest.mark.parametrize(("old_edit", "new_edit", "kinds", "bump"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_change(tmp_path: Path, old_edit: Edit, new_edit: Edit, kinds: set[str], bump: str) -> None:
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    old_edit(old)
    new_edit(new)
    diff = compare(surface_of(old, tmp_path, "old"), surface_of(new, tmp_path, "new"))
    assert {c.kind for c in diff.changes} == kinds, render_text(diff)
    assert diff.bump == bump
    for change in diff.changes:
        assert change.breaking == (RULES[change.kind].level == "major")


def base_surface(tmp_path: Path) -> Surface:
    return surface_of(copy.deepcopy(BASE), tmp_path, "base")


def with_param(p: Parameter, **changes: Any) -> Parameter:
    return replace(p, **changes)


# Kinds no spec edit produces, checked on an edited surface: (id, edit, the kinds, the bump).
SURFACE_CASES: list[tuple[str, Callable[[Surface], Surface], set[str], str]] = [
    ("package renamed", lambda s: replace(s, package="other_sdk"), {"package-renamed"}, "major"),
    ("client renamed", lambda s: replace(s, client="OtherClient"), {"client-renamed"}, "major"),
    (
        "client parameter widened",
        lambda s: replace(
            s, client_params=tuple(with_param(p, annotation="str | int | None") for p in s.client_params)
        ),
        {"client-parameter-type-widened"},
        "minor",
    ),
    (
        "client parameter changed",
        lambda s: replace(s, client_params=tuple(with_param(p, annotation="int | None") for p in s.client_params)),
        {"client-parameter-type-changed"},
        "major",
    ),
    ("error class added", lambda s: replace(s, errors=(*s.errors, "GoneError")), {"error-class-added"}, "minor"),
    ("error class removed", lambda s: replace(s, errors=s.errors[1:]), {"error-class-removed"}, "major"),
    (
        "group class renamed",
        lambda s: replace(s, groups=tuple(replace(g, module=g.module + "_2") for g in s.groups)),
        {"group-class-renamed"},
        "major",
    ),
]


@pytest.mark.parametrize(("edit", "kinds", "bump"), [c[1:] for c in SURFACE_CASES], ids=[c[0] for c in SURFACE_CASES])
def test_one_surface_change(tmp_path: Path, edit: Callable[[Surface], Surface], kinds: set[str], bump: str) -> None:
    old = base_surface(tmp_path)
    diff = compare(old, edit(old))
    assert {c.kind for c in diff.changes} == kinds, render_text(diff)
    assert diff.bump == bump


def test_every_kind_is_covered() -> None:
    covered = {k for case in CASES for k in case[3]} | {k for case in SURFACE_CASES for k in case[2]}
    assert covered == {k.kind for k in KINDS}
    assert len(KINDS) == len(RULES)  # no kind listed twice
    assert all(k.kind == k.kind.lower() and " " not in k.kind for k in KINDS)


def test_breaking_changes_come_first_and_the_last_line_is_the_bump(tmp_path: Path) -> None:
    old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
    drop_param(new, "verbose")
    new_operation("runs", "countRuns")(new)
    prop(new, "NewRun", "size")["default"] = 3
    diff = compare(surface_of(old, tmp_path, "old"), surface_of(new, tmp_path, "new"))
    lines = render_text(diff).splitlines()
    assert lines == [
        "major  client.runs.get(verbose): `verbose` removed [parameter-removed]",
        "minor  client.runs.count: added (`GET /countRuns`) [method-added]",
        "patch  models.NewRun.size: default `3` instead of `1` [field-default-changed]",
        "bump: major (1 breaking, 2 non-breaking changes)",
    ]
    assert render_text(compare(diff_free := surface_of(old, tmp_path, "a"), diff_free)).splitlines() == [
        "bump: none (no change to the public surface)"
    ]


def test_json_output_is_the_same_data(tmp_path: Path) -> None:
    from generator.surface.diff import render_json

    new = copy.deepcopy(BASE)
    drop_param(new, "verbose")
    diff = compare(base_surface(tmp_path), surface_of(new, tmp_path, "new"))
    data = json.loads(render_json(diff))
    assert data == {
        "bump": "major",
        "changes": [
            {
                "kind": "parameter-removed",
                "path": "client.runs.get(verbose)",
                "breaking": True,
                "level": "major",
                "message": "`verbose` removed",
            }
        ],
    }
    (line, last) = render_text(diff).splitlines()  # the text says the same
    change = data["changes"][0]
    assert line == f"{change['level']}  {change['path']}: {change['message']} [{change['kind']}]"
    assert last.startswith(f"bump: {data['bump']} (")


@pytest.mark.parametrize(
    ("version", "bump", "after"),
    [
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
        ("1.2.3", "none", "1.2.3"),
        ("0.4.2", "major", "0.5.0"),  # Cargo: a breaking change on 0.y bumps y
        ("0.4.2", "minor", "0.4.3"),
        ("0.4.2", "patch", "0.4.3"),
        ("0.0.7", "major", "0.0.8"),  # on 0.0.z every change bumps z
        ("2", "minor", "2.1.0"),
        ("1.2.0rc1", "patch", "1.2.1"),
        ("1.2.3.4", "major", "2.0.0"),
    ],
)
def test_version_after(version: str, bump: Any, after: str) -> None:
    assert version_after(version, bump) == after


def test_version_after_refuses_what_is_not_pep_440() -> None:
    with pytest.raises(ValueError):
        version_after("v1.x", "minor")


@pytest.mark.parametrize(
    ("new", "old", "expected"),
    [
        ("str | None", "str", True),
        ("str", "str | None", False),
        ("Any", "list[Run]", True),
        ("list[Run]", "Any", False),
        ("float", "int", True),
        ("int", "float", False),
        ("FileTypes", "bytes", True),  # a binary field took bytes only before issue 13
        ("bytes", "FileTypes", False),
        ("str", "Literal['a', 'b']", True),
        ("Literal['a', 'b', 'c']", "Literal['a', 'b']", True),
        ("Literal['a']", "Literal['a', 'b']", False),
        ("int", "Literal[True]", False),
        ("list[str | int]", "list[str]", True),
        ("dict[str, Run]", "dict[str, Other]", False),
        ("SyncPage[Run, Page]", "Page", False),
        ("Annotated[str, checks(max_length=10)]", "Annotated[str, checks(max_length=5)]", True),
        ("Annotated[str, checks(max_length=5)]", "Annotated[str, checks(max_length=10)]", False),
        ("Annotated[int, checks(ge=0)]", "Annotated[int, checks(ge=1, le=9)]", True),
        ("str", "Annotated[str, checks(pattern='^a')]", True),
        ("Annotated[str, checks(pattern='^a')]", "str", False),
        ("Annotated[str, checks(pattern='^a')]", "Annotated[str, checks(pattern='^b')]", False),
        ("Run", "Other", False),
    ],
)
def test_type_acceptance(new: str, old: str, expected: bool) -> None:
    assert accepts(new, old) is expected
    assert narrows(old, new) is expected


def test_a_str_enum_is_a_str() -> None:
    assert accepts("str | None", "Priority | None", {"Priority": "str"})
    assert not accepts("int", "Priority", {"Priority": "str"})
    assert not accepts("Priority", "str", {"Priority": "str"})


# ------------------------------------------------------------------------------ the oracle
# The generated code read back: its annotations in the public spelling, by parsing them. The
# generator spells the surface from the IR (`pycode.Types(public=True)`) and never parses code;
# these tests check that the two readings agree on every committed SDK.
# The generated code's private aliases → the public spelling ("" drops the prefix).
_MODULES = {
    "_t": "",
    "_b": "",
    "_base": "",
    "_pagination": "",
    "_streaming": "",
    "models": "",
    "_dt": "datetime",
    "_uuid": "uuid",
    "_decimal": "decimal",
}
_PYDANTIC_METADATA = ("Field", "Discriminator", "Tag")  # `_p.<name>(...)` in Annotated: runtime only


class _Public(ast.NodeTransformer):
    def visit_Attribute(self, node: ast.Attribute) -> ast.expr:
        if isinstance(node.value, ast.Name) and node.value.id in _MODULES:
            module = _MODULES[node.value.id]
            return ast.Name(node.attr) if not module else ast.Attribute(ast.Name(module), node.attr)
        return cast(ast.expr, self.generic_visit(node))

    def visit_Name(self, node: ast.Name) -> ast.expr:
        # the models module's own helpers, imported under private names
        if node.id == "_File":  # a binary field: `File`, which type checkers read as `FileTypes`
            return ast.Name("FileTypes")
        return ast.Name(node.id.removeprefix("_")) if node.id in ("_checks", "_discriminate") else node

    def visit_Subscript(self, node: ast.Subscript) -> ast.expr:
        if _is_typing(node.value, "Annotated") and isinstance(node.slice, ast.Tuple):
            first, *metadata = node.slice.elts
            kept = [m for m in metadata if not (isinstance(m, ast.Call) and _runtime_only(m.func))]
            if not kept:
                return cast(ast.expr, self.visit(first))
            node.slice.elts = [first, *kept]
        return cast(ast.expr, self.generic_visit(node))


def _runtime_only(func: ast.expr) -> bool:
    """Metadata a user of the SDK does not see: pydantic's, and the literal-kind check."""
    return _is_pydantic(func, *_PYDANTIC_METADATA) or (isinstance(func, ast.Name) and func.id == "_literal_kind")


def _is_typing(node: ast.expr, name: str) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == name
        and isinstance(node.value, ast.Name)
        and node.value.id == "_t"
    )


def _is_pydantic(node: ast.expr, *names: str) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr in names
        and isinstance(node.value, ast.Name)
        and node.value.id == "_p"
    )


def public_annotation(code: str) -> str:
    """The generated annotation in its public spelling (see the module docstring)."""
    tree = ast.parse(code.strip(), mode="eval")
    return ast.unparse(_Public().visit(tree))


def test_public_annotations() -> None:
    assert public_annotation("_t.Literal['a'] | None") == "Literal['a'] | None"
    assert public_annotation("(_b.list[models.Run] | _base.NotGiven)") == "list[Run] | NotGiven"
    assert public_annotation("_pagination.SyncPage[models.Run, models.Page]") == "SyncPage[Run, Page]"
    assert public_annotation("_dt.datetime | _uuid.UUID | _decimal.Decimal") == (
        "datetime.datetime | uuid.UUID | decimal.Decimal"
    )
    assert public_annotation("_t.Annotated[str, _checks(max_length=3)]") == "Annotated[str, checks(max_length=3)]"
    tagged = (
        "_t.Annotated[_t.Annotated[Cat, _p.Tag('Cat')] | _t.Annotated[Dog, _p.Tag('Dog')], "
        "_p.Discriminator(_discriminate('kind', 'kind', {'cat': 'Cat'}))]"
    )
    assert public_annotation(tagged) == "Cat | Dog"
    assert public_annotation("_t.Annotated[Cat | Dog, _p.Field(discriminator='kind')]") == "Cat | Dog"
    assert public_annotation("_t.Annotated[_t.Literal[True], _literal_kind(True)]") == "Literal[True]"


def _committed_sdks() -> list[Any]:
    from generator.config import load_project

    return [c for c in load_project(ROOT) + load_project(ROOT / "tests" / "golden") if c.target == "python"]


def _resolve(py_path: str) -> Any:
    """The object at a dotted path: the longest importable module, then attributes."""
    import importlib

    parts = py_path.split(".")
    for at in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:at]))
        except ModuleNotFoundError:
            continue
        for name in parts[at:]:
            obj = obj.__dict__[name] if isinstance(obj, type) and name in obj.__dict__ else getattr(obj, name)
        return obj
    raise AssertionError(py_path)


def _async(returns: str) -> str:
    """The async method's result: its paginator, download and stream classes are the Async ones."""
    if returns.startswith("SyncPage["):
        return "AsyncPaginator" + returns.removeprefix("SyncPage")
    for sync in ("BinaryResponse", "ItemStream", "Stream"):
        if returns.startswith(sync):
            return "Async" + returns.removeprefix("Sync")
    return returns


@pytest.mark.parametrize("config", _committed_sdks(), ids=lambda c: c.package_name)
def test_the_surface_is_what_the_generated_code_exposes(config: Any) -> None:
    """Every name, annotation and required flag of the surface, read back from the committed
    SDK with `inspect` (annotations are strings there: every module has `from __future__ import
    annotations`)."""
    import inspect

    from tests.helpers import import_package

    analyzed = analyze(config)
    surface = extract(analyzed.api, analyzed.config)
    import_package(config.output, config.package_name)
    client = _resolve(surface.client_path)
    init = inspect.signature(client.__init__).parameters
    for p in surface.client_params:
        assert public_annotation(init[p.name].annotation) == p.annotation
    for group in surface.groups:
        assert _resolve(group.py_path) is not None
        for mirror in group.mirrors[:2]:
            assert _resolve(mirror) is not None
    for method in surface.methods:
        for mirror in method.mirrors[:2]:  # the sync and the async class
            signature = inspect.signature(_resolve(mirror))
            params = [p for p in signature.parameters.values() if p.name != "self"][: len(method.params)]
            assert [p.name for p in params] == [p.name for p in method.params], mirror
            for actual, ours in zip(params, method.params, strict=True):
                assert public_annotation(actual.annotation) == ours.annotation, (mirror, ours)
                assert (actual.default is inspect.Parameter.empty) == ours.required, (mirror, ours)
                assert (actual.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD) == ours.positional, (mirror, ours)
            returns = public_annotation(signature.return_annotation)
            assert returns == (_async(method.returns) if ".Async" in mirror else method.returns), mirror
    for model in surface.models:
        cls = _resolve(model.py_path)
        assert set(cls.model_fields) == {f.name for f in model.fields}
        for field in model.fields:
            assert public_annotation(cls.__annotations__[field.name]) == field.annotation, (model.name, field)
            assert cls.model_fields[field.name].is_required() == field.required, (model.name, field)
            info = cls.model_fields[field.name]
            for alias in (info.validation_alias, info.serialization_alias):
                assert (field.name if alias is None else alias) == field.wire_name
    for enum in surface.enums:
        assert {m.name: m.value for m in _resolve(enum.py_path)} == dict(enum.members)
    for alias in surface.aliases:
        _resolve(alias.py_path)
    for name in surface.errors:
        assert issubclass(_resolve(f"{surface.package}.errors.{name}"), Exception)


@pytest.mark.parametrize("config", _committed_sdks()[:3], ids=lambda c: c.package_name)
def test_the_surface_round_trips_through_json(config: Any) -> None:
    analyzed = analyze(config)
    surface = extract(analyzed.api, analyzed.config)
    text = json.dumps(surface.to_json(), sort_keys=True)
    assert Surface.from_json(json.loads(text)) == surface
    assert json.dumps(Surface.from_json(json.loads(text)).to_json(), sort_keys=True) == text
    with pytest.raises(ValueError, match="format"):
        Surface.from_json({**surface.to_json(), "format": 0})


def test_directions_follow_references(tmp_path: Path) -> None:
    surface = base_surface(tmp_path)
    directions = {d.name: d.direction for d in (*surface.models, *surface.enums, *surface.aliases)}
    assert directions == {
        "Run": "response",
        "RunStatus": "response",
        "Code": "response",
        "Error": "response",  # an error body is read
        "NewRun": "request",
        "Priority": "request",
        "Label": "request",
        "Shared": "both",
    }


# ------------------------------------------------------------------------------ the command line
def write_pair(tmp_path: Path, edit: Edit) -> tuple[Path, Path]:
    new = copy.deepcopy(BASE)
    edit(new)
    paths = tmp_path / "old.json", tmp_path / "new.json"
    for path, spec in zip(paths, (BASE, new), strict=True):
        path.write_text(json.dumps(spec), encoding="utf-8")
    return paths


def test_cli_text_json_and_fail_on(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, lambda s: drop_param(s, "verbose"))
    result = sdkgen("diff", str(old), str(new), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "bump: major (1 breaking, 0 non-breaking changes)"
    result = sdkgen("diff", str(old), str(new), "--json", cwd=tmp_path)
    assert json.loads(result.stdout)["changes"][0]["kind"] == "parameter-removed"
    assert sdkgen("diff", str(old), str(new), "--fail-on", "major", cwd=tmp_path).returncode == 1
    minor_old, minor_new = write_pair(tmp_path, new_operation("runs", "countRuns"))
    assert sdkgen("diff", str(minor_old), str(minor_new), "--fail-on", "major", cwd=tmp_path).returncode == 0
    assert sdkgen("diff", str(minor_old), str(minor_new), "--fail-on", "minor", cwd=tmp_path).returncode == 1
    assert sdkgen("diff", str(old), str(old), "--fail-on", "patch", cwd=tmp_path).returncode == 0


def test_cli_lists_the_kinds() -> None:
    result = sdkgen("diff", "--kinds")
    assert result.returncode == 0
    assert all(f"`{k.kind}`" in result.stdout for k in KINDS)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=cwd, check=True, capture_output=True
    )


def test_cli_against_a_git_ref_with_a_multi_file_spec(tmp_path: Path) -> None:
    """The spec's folder as it was at the ref, so a `$ref` to another file resolves there too."""
    project = tmp_path / "project"
    (project / "specs" / "parts").mkdir(parents=True)
    spec = copy.deepcopy(BASE)
    run = spec["components"]["schemas"].pop("Run")
    text = json.dumps(spec).replace('"#/components/schemas/Run"', '"parts/run.json"')
    (project / "specs" / "runs.json").write_text(text, encoding="utf-8")
    part = project / "specs" / "parts" / "run.json"
    run["properties"]["status"] = {"type": "string"}
    run["properties"]["code"] = {"type": "string"}
    run["properties"]["shared"] = {"type": "object"}
    part.write_text(json.dumps(run), encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "first")
    del run["properties"]["note"]
    part.write_text(json.dumps(run), encoding="utf-8")

    result = sdkgen("diff", "--against", "HEAD", cwd=project)  # every SDK of the project: specs/*
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "runs_client:",
        "  major  models.Run.note: removed [response-field-removed]",
        "  bump: major (1 breaking, 0 non-breaking changes)",
        "bump: major",
    ]
    result = sdkgen("diff", "--against", "HEAD", "specs/runs.json", "--json", "--fail-on", "major", cwd=project)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["bump"] == "major"
    assert [(s["package"], [c["kind"] for c in s["changes"]]) for s in data["sdks"]] == [
        ("runs_client", ["response-field-removed"])
    ]
    git(project, "commit", "-q", "-am", "second")
    assert sdkgen("diff", "--against", "HEAD", "--fail-on", "patch", cwd=project).returncode == 0
    assert sdkgen("diff", "--against", "HEAD~1", "--fail-on", "major", cwd=project).returncode == 1


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["diff", "missing.yaml", "new.json"], "missing.yaml"),
        (["diff", "new.json", "missing.yaml"], "missing.yaml"),
        (["diff", "new.json"], "OLD and NEW"),
        (["diff", "bad.yaml", "new.json"], "bad.yaml"),
        (["diff", "--against", "no-such-ref", "new.json"], "no-such-ref"),
        (["diff", "--against=--upload-pack=x", "new.json"], "upload-pack"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], fragment: str) -> None:
    old, new = write_pair(tmp_path, nothing)
    (tmp_path / "bad.yaml").write_text("openapi: [unclosed\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "new.json")
    git(tmp_path, "commit", "-q", "-m", "spec")
    result = sdkgen(*args, cwd=tmp_path)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert fragment in lines[0]


def test_cli_against_outside_a_git_repository(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, nothing)
    result = sdkgen("diff", "--against", "HEAD", str(new), cwd=tmp_path)
    assert result.returncode == 2
    assert "not in a git repository" in result.stderr


def test_spec_text_cannot_act_on_the_terminal(tmp_path: Path) -> None:
    """Enum values and server URLs reach the output escaped: no escape sequence, no forged line."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "H", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "getX", "responses": ok(ref("E"))}}},
        "components": {"schemas": {"E": {"type": "string", "enum": ["a", "z"]}}},
    }
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(spec))
    spec["servers"] = [{"url": "https://x\x1b[2J.example/\u202e"}]
    spec["components"]["schemas"]["E"]["enum"] = ["a", "z", "b\nmajor  client.everything: removed"]
    new.write_text(json.dumps(spec))
    for args in ([], ["--json"]):
        result = sdkgen("diff", str(old), str(new), *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
        assert "\nmajor  client.everything" not in result.stdout
    text = sdkgen("diff", str(old), str(new), cwd=tmp_path).stdout
    assert "https://x\\u001b[2J.example/\\u202e" in text
    assert text.splitlines()[-1] == "bump: minor (0 breaking, 2 non-breaking changes)"
