"""The seams between the stages: names derived from other names, imports, docstrings as rendered.

One spec whose names collide through every derived name the Python target makes (a group
`asyncFoo` beside `foo`, whose async twin is also `AsyncFooResource`; a group named like a
model; a model named like the client; parameters named like the locals of the method and of
the constructor; a global parameter whose environment variable is the generated tests' own;
two operations whose generated tests meet, `test_x_async` being the async twin of `test_x`),
with defaults and descriptions that spell every private helper alias of the generated code.
The SDK must be clean (mypy --strict, ruff, black), every name must reach what it names, and
the docstrings must read right once rendered.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest

from generator.config import make_config
from generator.pipeline import build
from tests.fault_server import FaultServer, Reply
from tests.helpers import ROOT, assert_clean, generate, import_package

ALIASES = "_dt.x _uuid.y _decimal.z _p.q _t.w _b.v models.m _base.n _checks( _discriminate( _pagination. _streaming."
PARAGRAPHS = "First paragraph.\n\nSecond paragraph, which must not be indented.\n\nA third."
GLOBAL = {"in": "header", "x-speakeasy-globals-hidden": True, "schema": {"type": "string"}}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Clash", "version": "1.0.0", "description": PARAGRAPHS},
    "servers": [{"url": "https://clash.example"}],
    "tags": [{"name": "foo", "description": PARAGRAPHS}],
    "paths": {
        "/foo/items": {
            "get": {
                "operationId": "listFooItems",
                "tags": ["foo"],
                "description": PARAGRAPHS,
                "parameters": [
                    {"name": "url", **GLOBAL},
                    {"name": "testBaseUrl", **GLOBAL},
                    {"name": "response", "in": "query", "schema": {"type": "string"}},
                    {"name": "options", "in": "query", "schema": {"type": "string"}},
                    {"name": "data", "in": "query", "schema": {"type": "string"}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {"200": _json({"$ref": "#/components/schemas/ItemPage"})},
            }
        },
        "/foo/items-async": {  # its test, `test_foo_list_items_async`, is the async twin of the one above
            "get": {
                "operationId": "listFooItemsAsync",
                "tags": ["foo"],
                "responses": {"204": {"description": "done"}},
            }
        },
        "/async-foo/items": {
            "get": {
                "operationId": "listAsyncFooItems",
                "tags": ["asyncFoo"],
                "responses": {"200": _json({"$ref": "#/components/schemas/PetsResource"})},
            }
        },
        "/pets": {
            "post": {
                "operationId": "createPet",
                "tags": ["pets"],
                "parameters": [
                    {"name": "started", "in": "query", "schema": {"type": "string"}},
                    {"name": "poll", "in": "query", "schema": {"type": "string"}},
                ],
                "requestBody": {"required": True, **_json({"$ref": "#/components/schemas/ClashClient"})},
                "responses": {"201": _json({"$ref": "#/components/schemas/Job"})},
            }
        },
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "tags": ["pets"],
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json({"$ref": "#/components/schemas/Job"})},
            }
        },
    },
    "components": {
        "schemas": {
            "ItemPage": {
                "type": "object",
                "properties": {
                    "items": {"type": "array", "items": {"type": "string"}},
                    "next_cursor": {"type": ["string", "null"]},
                },
            },
            "PetsResource": {
                "type": "object",
                "description": PARAGRAPHS,
                "properties": {"name": {"type": "string", "default": ALIASES, "description": ALIASES}},
            },
            "ClashClient": {"type": "object", "properties": {"label": {"type": "string", "default": ALIASES}}},
            "Job": {
                "type": "object",
                "required": ["id", "status"],
                "properties": {"id": {"type": "string"}, "status": {"type": "string", "enum": ["pending", "done"]}},
            },
        }
    },
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = tmp_path_factory.mktemp("clash")
    spec = folder / "clash.json"
    spec.write_text(json.dumps(SPEC))
    out = generate(spec, folder / "out", "clash_client")
    return out, import_package(out, "clash_client")


@pytest.mark.slow  # mypy (and pyright) over an SDK the test generates
def test_colliding_names_generate_clean_code(sdk: tuple[Path, Any]) -> None:
    out, _ = sdk
    assert_clean(out, "clash_client")


def test_every_derived_name_is_unique_and_reported(tmp_path: Path) -> None:
    spec = tmp_path / "clash.json"
    spec.write_text(json.dumps(SPEC))
    built = build(make_config(spec, output=tmp_path / "out", package_name="clash_client", base=ROOT))
    renamed = {d.message for d in built.diagnostics if d.kind == "renamed"}
    assert any("`AsyncFooResource`" in m for m in renamed), renamed
    assert any("`CLASH_TEST_BASE_URL`" in m for m in renamed), renamed
    tests = "\n".join(f.text for f in built.files if f.path.startswith("tests/test_"))
    defined = [line.split("(")[0] for line in tests.splitlines() if line.startswith("def test_")]
    assert "def test_foo_list_items_async" in defined and len(defined) == len(set(defined)), defined
    client = next(f.text for f in built.files if f.path == "clash_client/_client.py")
    imported = [line.strip() for line in client.splitlines() if line.strip().endswith("Resource,")]
    assert len(imported) == len(set(imported)), imported


def test_each_group_attribute_reaches_its_own_group(sdk: tuple[Path, Any]) -> None:
    _, package = sdk
    with FaultServer() as server:
        server.script = [Reply(200, {"name": "a"}), Reply(200, {"items": ["x"], "next_cursor": None})]
        client = package.ClashClient(base_url=server.url, url="global-url", test_base_url="global-test")
        assert not inspect.iscoroutinefunction(client.async_foo.list_items)  # a sync class on a sync client
        assert client.async_foo.list_items().name == "a"
        assert list(client.foo.list_items(response="r", options="o", data="d")) == ["x"]
        first, second = server.seen
    assert first.path == "/async-foo/items"
    assert second.path == "/foo/items"
    assert second.query == {"response": ["r"], "options": ["o"], "data": ["d"]}
    # the constructor's own local `url` no longer overwrites the global parameter of that name
    assert (second.headers["url"], second.headers["testBaseUrl"]) == ("global-url", "global-test")
    async_client = package.AsyncClashClient(base_url="https://clash.example")
    assert inspect.iscoroutinefunction(async_client.async_foo.list_items)
    assert type(async_client.async_foo).__name__ != type(client.async_foo).__name__


def test_polling_helper_locals_do_not_shadow_parameters(sdk: tuple[Path, Any]) -> None:
    _, package = sdk
    with FaultServer() as server:
        server.script = [Reply(201, {"id": "j1", "status": "pending"}), Reply(200, {"id": "j1", "status": "done"})]
        client = package.ClashClient(base_url=server.url, url="u", test_base_url="t")
        client._transport.sleep = lambda _: None
        done = client.pets.create_and_wait(started="s", poll="p", body={"label": "x"}, poll_interval=0)
        assert done.status == "done"
        create, get = server.seen
    assert create.query == {"started": ["s"], "poll": ["p"]}
    assert get.path == "/pets/j1"


def test_helper_aliases_in_spec_text_import_nothing(sdk: tuple[Path, Any]) -> None:
    out, package = sdk
    package_dir = out / "clash_client"
    made_from_spec = [*(package_dir / "models").glob("*.py"), package_dir / "_client.py"]
    for module in [*made_from_spec, *(package_dir / "resources").glob("*.py")]:
        imports = [line for line in module.read_text().splitlines() if line.startswith(("import ", "from "))]
        for unused in ("datetime", "uuid", "decimal", "_checks", "_discriminate", "builtins", "pydantic"):
            assert not any(unused in line for line in imports), (module.name, unused)
    assert package.models.PetsResource().name == ALIASES


def test_docstrings_as_rendered_have_no_stray_indentation(sdk: tuple[Path, Any]) -> None:
    _, package = sdk
    documented = {
        "client": package.ClashClient,
        "async client": package.AsyncClashClient,
        "group": type(package.ClashClient(base_url="https://x", url="u", test_base_url="t").foo),
        "method": package.resources.foo.FooResource.list_items,
        "model": package.models.PetsResource,
    }
    for what, obj in documented.items():
        doc = inspect.getdoc(obj)
        assert doc is not None and "Second paragraph" in doc, what
        lines = doc.splitlines()
        starts = [line for i, line in enumerate(lines) if i == 0 or not lines[i - 1].strip()]
        assert [line for line in starts if line[:1].isspace()] == [], (what, doc)
