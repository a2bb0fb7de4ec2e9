"""OpenAPI 3.2 as a version of its own, unit by unit: the tag tree (`tag_tree.py`: parents, cycles,
kinds), method tokens (`http_methods.py`: `additionalOperations` keys, idempotency), and how
normalization reads `query`, `additionalOperations` and `in: querystring`. End to end:
tests/test_operations_32.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import http_methods
from generator.config import make_config
from generator.normalize import Options, normalize
from generator.python.naming import attr_path, name_api, walk
from generator.tag_tree import read_tags
from generator.validate import openapi_version
from tests.fault_server import FaultServer, Reply
from tests.helpers import generate, import_package

CONFIG = make_config(Path("spec.yaml"), output=Path("out"), package_name="t32")
OK = {"200": {"description": "ok"}}


def doc32(paths: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": paths, **top}


def calls(doc: dict[str, Any]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """`METHOD /path` → `client.group.method`, and the diagnostics (kind, pointer, message)."""
    api, diagnostics = normalize(doc, Options({}), "t")
    named = name_api(api, CONFIG)[0]
    by_key = {op.key: op for op in named.operations}
    out = {}
    for group in walk(named.root):
        for key in group.operations:
            op = by_key[key]
            out[f"{http_methods.wire(op.method)} {op.path}"] = ".".join(
                ["client", *attr_path(named.root, group), op.py_name]
            )
    return out, [(d.kind, d.pointer, d.message) for d in diagnostics]


# ------------------------------------------------------------------------------ the tag tree
def test_parents_nest_groups_before_dotted_names() -> None:
    tags = [
        {"name": "projects", "summary": "Projects", "description": "All of them."},
        {"name": "runs", "parent": "projects"},
        {"name": "steps.logs", "parent": "runs"},
    ]
    tree, problems = read_tags(tags)
    assert problems == []
    assert tree.group("runs") == ("projects", "runs")
    assert tree.group("steps.logs") == ("projects", "runs", "steps", "logs")
    assert tree.group("undeclared.tag") == ("undeclared", "tag")
    assert tree.descriptions() == {"projects": "Projects\n\nAll of them."}


def test_only_navigation_tags_group() -> None:
    tags = [
        {"name": "beta", "kind": "badge"},
        {"name": "partners", "kind": "audience"},
        {"name": "users", "kind": "nav"},
    ]
    tree, _ = read_tags(tags)
    assert tree.first({"tags": ["beta", "partners", "users"]}) == "users"
    assert tree.first({"tags": ["beta"]}) == ""
    assert tree.first({"tags": ["other", "users"]}) == "other"  # undeclared: navigation
    paths = {
        "/users": {"get": {"tags": ["beta", "users"], "operationId": "listUsers", "responses": OK}},
        "/users/{id}": {"get": {"tags": ["users", "partners"], "operationId": "getUser", "responses": OK}},
    }
    found, _ = calls(doc32(paths, tags=tags))
    assert found == {"GET /users": "client.users.list", "GET /users/{id}": "client.users.get"}


def test_a_cycle_of_parents_is_broken_at_the_first_listed_tag() -> None:
    tags = [{"name": "c", "parent": "b"}, {"name": "a", "parent": "c"}, {"name": "b", "parent": "a"}]
    tree, problems = read_tags(tags)
    assert [(d.kind, d.pointer) for d in problems] == [("tag-cycle", "#/tags/0/parent")]
    assert "c → b → a → c" in problems[0].message
    assert (tree.group("c"), tree.group("b"), tree.group("a")) == (("c",), ("c", "a", "b"), ("c", "a"))
    assert read_tags(list(reversed(tags)))[0].group("a") == ("b", "c", "a")  # `b` is listed first there


def test_self_parent_and_missing_parent_are_reported() -> None:
    tree, problems = read_tags([{"name": "a", "parent": "a"}, {"name": "b", "parent": "nope"}])
    assert [(d.kind, d.pointer) for d in problems] == [("invalid", "#/tags/0/parent"), ("invalid", "#/tags/1/parent")]
    assert (tree.group("a"), tree.group("b")) == (("a",), ("b",))


def test_tag_tree_shapes_the_client() -> None:
    tags = [{"name": "projects"}, {"name": "runs", "parent": "projects"}]
    paths = {
        "/projects": {"get": {"tags": ["projects"], "operationId": "listProjects", "responses": OK}},
        "/runs": {"get": {"tags": ["runs"], "operationId": "listRuns", "responses": OK}},
    }
    found, _ = calls(doc32(paths, tags=tags))
    assert found == {"GET /projects": "client.projects.list", "GET /runs": "client.projects.runs.list"}


# ------------------------------------------------------------------------------ methods
@pytest.mark.parametrize("key", ["COPY", "PURGE", "VERSION-CONTROL", "M-SEARCH", "link"])
def test_method_tokens_are_accepted(key: str) -> None:
    assert http_methods.additional_problem(key) is None
    assert http_methods.wire(key) == key  # sent exactly as written: methods are case-sensitive


@pytest.mark.parametrize(
    ("key", "fragment"),
    [
        ("GET\r\nX-Evil: 1", "not an HTTP method"),
        ("PURGE ME", "not an HTTP method"),
        ("", "not an HTTP method"),
        ("(COPY)", "not an HTTP method"),
        ("POST", "own Path Item field (`post`)"),
        ("query", "own Path Item field (`query`)"),
    ],
)
def test_bad_method_tokens_are_refused(key: str, fragment: str) -> None:
    problem = http_methods.additional_problem(key)
    assert problem is not None and fragment in problem


def test_idempotency_follows_the_registry() -> None:
    assert [m for m in ("get", "put", "delete", "query", "COPY", "LINK") if not http_methods.idempotent(m)] == []
    assert [m for m in ("post", "patch", "PURGE", "LOCK", "copy") if http_methods.idempotent(m)] == []
    assert (http_methods.wire("query"), http_methods.wire("Query")) == ("QUERY", "Query")


def test_query_and_additional_operations_become_methods() -> None:
    paths = {
        "/things": {
            "query": {"responses": OK},
            "additionalOperations": {
                "COPY": {"responses": OK},
                "LINK": {"operationId": "linkThings", "responses": OK},
                "BAD METHOD": {"responses": OK},
                "GET": {"responses": OK},
            },
        },
        "/things/{id}": {"additionalOperations": {"PURGE": {"responses": OK}}},
    }
    found, problems = calls(doc32(paths))
    assert found == {
        "QUERY /things": "client.things.query",
        "COPY /things": "client.things.copy",
        "LINK /things": "client.things.link",
        "PURGE /things/{id}": "client.things.purge",
    }
    assert [(k, p) for k, p, _ in problems if k == "invalid-method"] == [
        ("invalid-method", "#/paths/~1things/additionalOperations/BAD METHOD"),
        ("invalid-method", "#/paths/~1things/additionalOperations/GET"),
    ]


# ------------------------------------------------------------------------------ querystring
def _qs(media: str, **extra: Any) -> dict[str, Any]:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    return {"name": "q", "in": "querystring", "content": {media: {"schema": schema}}, **extra}


def test_querystring_parameters_are_read_by_media_type() -> None:
    paths = {
        "/form": {"get": {"parameters": [_qs("application/x-www-form-urlencoded")], "responses": OK}},
        "/json": {"get": {"parameters": [_qs("application/json")], "responses": OK}},
        "/xml": {"get": {"parameters": [_qs("application/xml")], "responses": OK}},
        "/two": {
            "get": {
                "parameters": [
                    _qs("application/x-www-form-urlencoded"),
                    {**_qs("application/json"), "name": "r"},
                    {"name": "s", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": OK,
            }
        },
    }
    api, diagnostics = normalize(doc32(paths), Options({}), "t")
    params = {
        op.path: [(p.wire_name, p.location, p.content and p.content[0]) for p in op.params] for op in api.operations
    }
    assert params == {
        "/form": [("q", "querystring", "application/x-www-form-urlencoded")],
        "/json": [("q", "querystring", "application/json")],
        "/xml": [],
        "/two": [("q", "querystring", "application/x-www-form-urlencoded"), ("s", "query", None)],
    }
    kinds = sorted((d.kind, d.pointer) for d in diagnostics)
    assert ("unsupported-3.2", "#/paths/~1xml/get/parameters/0/content/application~1xml") in kinds
    messages = [d.message for d in diagnostics if d.kind == "invalid"]
    assert any("second querystring parameter 'r'" in m for m in messages)
    assert any("`in: query` parameters beside a querystring one" in m for m in messages)


def test_version_32_is_its_own() -> None:
    assert openapi_version({"openapi": "3.2.0"}) == "3.2"
    assert openapi_version({"openapi": "3.3.0"}) is None


def test_json_querystring_is_percent_encoded_json(tmp_path: Path) -> None:
    """A JSON querystring parameter goes as the percent-encoded JSON text of its value."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.2.0\ninfo: {title: q, version: '1'}\npaths:\n  /search:\n    get:\n"
        "      operationId: search\n      parameters:\n"
        "        - {name: q, in: querystring, required: true, content: {application/json: {schema: {type: object,"
        " properties: {a: {type: array, items: {type: integer}}}}}}}\n"
        "      responses: {'204': {description: none}}\n"
    )
    out = generate(spec, tmp_path / "out", "qs_json")
    sdk = import_package(out, "qs_json")
    with FaultServer() as server, sdk.QsJsonClient(base_url=server.url) as client:
        server.default = Reply(204)
        client.search.search(q={"a": [1, 2]})
    assert server.seen[0].raw_query == "%7B%22a%22%3A%5B1%2C2%5D%7D"


# ------------------------------------------------------------------------------ the rest of 3.2
def test_unsupported_32_features_are_diagnosed_where_written() -> None:
    multipart = {
        "content": {
            "multipart/mixed": {
                "schema": {"type": "array"},
                "prefixEncoding": [{"contentType": "application/json"}],
                "itemEncoding": {"contentType": "image/png"},
            },
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"a": {"type": "object"}}},
                "encoding": {"a": {"contentType": "multipart/mixed", "encoding": {"b": {"contentType": "text/plain"}}}},
            },
        }
    }
    cookie = {"name": "c", "in": "cookie", "style": "cookie", "explode": True, "schema": {"type": "array"}}
    paths = {
        "/a": {
            "parameters": [cookie],
            "post": {"requestBody": {"$ref": "#/components/requestBodies/Parts"}, "responses": OK},
            "additionalOperations": {"UPLOAD": {"requestBody": multipart, "responses": OK}},
        }
    }
    doc = doc32(paths, components={"requestBodies": {"Parts": multipart}})
    _, problems = calls(doc)
    assert sorted(p for k, p, _ in problems if k == "unsupported-3.2") == [
        "#/components/requestBodies/Parts/content/multipart~1form-data/encoding/a/encoding",
        "#/components/requestBodies/Parts/content/multipart~1mixed/itemEncoding",
        "#/components/requestBodies/Parts/content/multipart~1mixed/prefixEncoding",
        "#/paths/~1a/additionalOperations/UPLOAD/requestBody/content/multipart~1form-data/encoding/a/encoding",
        "#/paths/~1a/additionalOperations/UPLOAD/requestBody/content/multipart~1mixed/itemEncoding",
        "#/paths/~1a/additionalOperations/UPLOAD/requestBody/content/multipart~1mixed/prefixEncoding",
        "#/paths/~1a/parameters/0/style",
    ]
    doc["openapi"] = "3.1.0"  # the same keys mean nothing to 3.1: not reported as 3.2's
    assert [k for k, _, _ in calls(doc)[1] if k == "unsupported-3.2"] == []


def test_small_32_readings() -> None:
    """A security requirement naming its scheme by URI, `dataValue` examples, `Server.name` and
    `Response.summary` where there is no description."""
    schemes = {"securitySchemes": {"key/1": {"type": "apiKey", "in": "header", "name": "X-Key"}}}
    body = {"content": {"application/json": {"schema": {"type": "object"}, "examples": {"e": {"dataValue": {"a": 1}}}}}}
    op = {
        "security": [{"#/components/securitySchemes/key~11": []}],
        "requestBody": body,
        "responses": {"200": {"summary": "Fine"}},
    }
    doc = doc32({"/a": {"post": op}}, components=schemes, servers=[{"url": "https://x.example", "name": "main"}])
    api, _ = normalize(doc, Options({}), "t")
    (operation,) = api.operations
    assert operation.security == (("key/1",),)
    assert operation.body is not None and operation.body.example is not None
    assert operation.body.example.value == {"a": 1}
    assert [r.description for r in operation.responses] == ["Fine"]
    assert [s.description for s in api.servers] == ["main"]


def test_every_scheme_deprecated_is_said_once() -> None:
    schemes = {"securitySchemes": {"old": {"type": "http", "scheme": "bearer", "deprecated": True}}}
    doc = doc32({"/a": {"get": {"security": [{"old": []}], "responses": OK}}}, components=schemes)
    api, diagnostics = normalize(doc, Options({}), "t")
    assert [s.deprecated for s in api.security_schemes] == [True]
    assert [(d.level, d.kind) for d in diagnostics if d.kind == "deprecated"] == [("info", "deprecated")]
