"""Pagination and polling inferred from a spec's shape (generator/infer.py), on inline specs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.infer import infer
from generator.normalize import Options, normalize
from tests.helpers import ROOT, generate, import_package


def inferred(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, ir.Operation]:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }
    api, _ = normalize(doc, Options({}), "inline")
    return {op.operation_id: op for op in infer(api).operations}


def listing(params: list[dict[str, Any]], body: dict[str, Any], headers: dict[str, Any] | None = None) -> Any:
    response: dict[str, Any] = {"description": "ok", "content": {"application/json": {"schema": body}}}
    if headers:
        response["headers"] = headers
    return {"get": {"operationId": "list", "parameters": params, "responses": {"200": response}}}


def query(name: str, type_: str = "integer") -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": type_}}


ARRAY = {"type": "array", "items": {"type": "string"}}


@pytest.mark.parametrize(
    ("params", "body", "headers", "expected"),
    [
        (
            [query("cursor", "string")],
            {"type": "object", "properties": {"data": ARRAY, "next_cursor": {"type": "string"}}},
            None,
            ("cursor", "cursor", "data", "next_cursor", ""),
        ),
        (
            [query("offset"), query("limit")],
            {"type": "object", "properties": {"items": ARRAY, "total": {"type": "integer"}}},
            None,
            ("offset", "offset", "items", "", "limit"),
        ),
        ([query("page"), query("per_page")], ARRAY, None, ("page", "page", "", "", "per_page")),
        ([query("page"), query("per_page")], ARRAY, {"Link": {"schema": {"type": "string"}}}, ("link", "", "", "", "")),
        (
            [query("skip"), query("top")],
            {"type": "object", "properties": {"value": ARRAY, "other": ARRAY, "data": ARRAY}},
            None,
            ("offset", "skip", "data", "", "top"),
        ),
    ],
)
def test_pagination_kinds(params: Any, body: Any, headers: Any, expected: tuple[str, ...]) -> None:
    paging = inferred({"/things": listing(params, body, headers)})["list"].pagination
    assert paging is not None
    assert (paging.kind, paging.param, paging.items_field, paging.cursor_field, paging.limit_param) == expected


@pytest.mark.parametrize(
    ("params", "body"),
    [
        ([query("page", "string")], ARRAY),  # a page that is not a number
        ([query("offset")], {"type": "object", "properties": {"a": ARRAY, "b": ARRAY}}),  # which array?
        ([query("cursor", "string")], {"type": "object", "properties": {"data": ARRAY}}),  # no next cursor
        ([query("filter", "string")], ARRAY),  # nothing selects a page
    ],
)
def test_no_pagination_without_a_clear_shape(params: Any, body: Any) -> None:
    assert inferred({"/things": listing(params, body)})["list"].pagination is None


def job_paths(status_enum: list[str], id_format: str | None = None) -> dict[str, Any]:
    id_schema: dict[str, Any] = {"type": "string", **({"format": id_format} if id_format else {})}
    started = {
        "type": "object",
        "properties": {"jobId": {"type": "string"}, "status": {"type": "string", "enum": ["queued"]}},
    }
    job = {"type": "object", "properties": {"status": {"type": "string", "enum": status_enum}}}
    ok = {"description": "ok", "content": {"application/json": {"schema": started}}}
    return {
        "/jobs": {"post": {"operationId": "start", "tags": ["jobs"], "responses": {"202": ok}}},
        "/jobs/{jobId}": {
            "get": {
                "operationId": "read",
                "tags": ["jobs"],
                "parameters": [{"name": "jobId", "in": "path", "required": True, "schema": id_schema}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": job}}}},
            }
        },
    }


def test_polling_pairs_a_start_with_the_read_of_its_id() -> None:
    ops = inferred(job_paths(["queued", "running", "done", "failed"], id_format="nanoid"))
    polling = ops["start"].polling
    assert polling is not None and polling.poll_key == ops["read"].key
    assert (polling.id_field, polling.id_param, polling.status_field) == ("jobId", "jobId", "status")
    assert polling.terminal == ("done", "failed")


@pytest.mark.parametrize("statuses", [["queued", "running"], ["done", "failed"]])
def test_no_polling_without_terminal_and_pending_statuses(statuses: list[str]) -> None:
    assert inferred(job_paths(statuses))["start"].polling is None


def test_the_seed_run_api_gets_start_and_wait() -> None:
    from generator.load import load

    doc = load(ROOT / "specs" / "intuned.yaml")
    api, _ = normalize(doc.data, Options({}), "intuned")
    start = next(op for op in infer(api).operations if op.operation_id == "runApiStart")
    assert start.polling is not None and set(start.polling.terminal) == {"completed", "failed", "canceled"}


def test_no_polling_when_a_response_may_be_null() -> None:
    paths = job_paths(["queued", "done"])
    read = paths["/jobs/{jobId}"]["get"]["responses"]["200"]["content"]["application/json"]
    read["schema"] = {"anyOf": [read["schema"], {"type": "null"}]}
    assert inferred(paths)["start"].polling is None


def test_polling_through_an_alias_of_the_start_response() -> None:
    paths = job_paths(["queued", "done"])
    started = paths["/jobs"]["post"]["responses"]["202"]["content"]["application/json"]
    schemas = {"Started": started["schema"], "StartedAlias": {"$ref": "#/components/schemas/Started"}}
    started["schema"] = {"$ref": "#/components/schemas/StartedAlias"}
    assert inferred(paths, schemas)["start"].polling is not None


def test_polling_through_an_alias_generates_a_helper(tmp_path: Path) -> None:
    """A start response reached through an alias: the helper is rendered (ix-api.net crashed)."""
    paths = job_paths(["queued", "done"])
    started = paths["/jobs"]["post"]["responses"]["202"]["content"]["application/json"]
    schemas = {"Started": started["schema"], "StartedAlias": {"$ref": "#/components/schemas/Started"}}
    started["schema"] = {"$ref": "#/components/schemas/StartedAlias"}
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    spec["components"] = {"schemas": schemas}
    (tmp_path / "jobs.json").write_text(json.dumps(spec))
    sdk = import_package(generate(tmp_path / "jobs.json", tmp_path / "out", "jobs_sdk"), "jobs_sdk")
    assert callable(sdk.JobsSdkClient(base_url="http://x").jobs.start_and_wait)


def test_security_schemes_that_cannot_be_sent_are_left_out_with_a_reason() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "securitySchemes": {
                "good": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "bad_header": {"type": "apiKey", "in": "header", "name": "X-Key\r\nX-Evil: 1"},
                "bad_scheme": {"type": "http", "scheme": "Bearer\nX-Evil: 1"},
                "tls": {"type": "mutualTLS"},
                "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://id.example/.well-known"},
            }
        },
    }
    api, diagnostics = normalize(doc, Options({}), "inline")
    assert [(s.key, s.kind) for s in api.security_schemes] == [("good", "api_key"), ("oidc", "oauth2")]
    reasons = {d.pointer.rsplit("/", 1)[-1]: d.message for d in diagnostics if d.kind == "unsupported-security"}
    assert set(reasons) == {"bad_header", "bad_scheme", "tls"}
    assert "RFC 9110 token" in reasons["bad_header"] and "'mutualTLS' is not supported" in reasons["tls"]


def test_nothing_is_inferred_for_a_response_with_several_media_types() -> None:
    """The method then returns a union decoded by Content-Type, not one model to page or poll."""
    body = {"type": "object", "properties": {"data": ARRAY, "next_cursor": {"type": "string"}}}
    paths = {"/things": listing([query("cursor", "string")], body)}
    content = paths["/things"]["get"]["responses"]["200"]["content"]
    content["application/xml"] = {"schema": body}
    assert inferred(paths)["list"].pagination is None
    jobs = job_paths(["queued", "done"])
    jobs["/jobs"]["post"]["responses"]["202"]["content"]["text/plain"] = {"schema": {"type": "string"}}
    assert inferred(jobs)["start"].polling is None
