"""openai-python's client affordances in a generated SDK, over real HTTP (issue 14).

An SDK generated from the small spec below (an API-key header, a JSON body, a form body, a
binary body, an offset-paginated list, a declared error) talks to the tests' local recording
server, sync and async: `with_options` / `copy` (a new client sharing the connection pool, with
options overridden), `default_query` (on the wire, and only to trusted origins), `extra_body`
(merged into a JSON object or a form's fields, refused for a binary body), the request id on
errors, returned models, pages and raw responses, `<ENV_PREFIX>_LOG` logging (secrets redacted,
no bodies), `client.get/post/...` with `cast_to`, a readable `repr`. A user's program using all
of it type-checks under mypy --strict and pyright --strict.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx2
import pytest

from tests.fault_server import FaultServer, Reply
from tests.helpers import generate, import_package
from tests.program_checks import type_check
from tests.runtime_helpers import MODES, Runner

KEY = "sk_live_secret_value_123"
WIDGET = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    "servers": [{"url": "https://api.shop.example"}],
    "security": [{"key": []}],
    "components": {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
        "schemas": {
            "Widget": {**WIDGET, "properties": {**WIDGET["properties"], "part": {"$ref": "#/components/schemas/Part"}}},
            "Part": {"type": "object", "properties": {"sku": {"type": "string"}}},
            "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
            "NewWidget": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
        },
    },
    "paths": {
        "/widgets": {
            "get": {
                "operationId": "listWidgets",
                "tags": ["widgets"],
                "parameters": [
                    {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "A page",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["data"],
                                    "properties": {
                                        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Widget"}}
                                    },
                                }
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "createWidget",
                "tags": ["widgets"],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewWidget"}}},
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}},
                    }
                },
            },
        },
        "/widgets/{widget_id}": {
            "get": {
                "operationId": "getWidget",
                "tags": ["widgets"],
                "parameters": [{"name": "widget_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}},
                    },
                    "404": {
                        "description": "no",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                },
            }
        },
        "/forms": {
            "post": {
                "operationId": "submitForm",
                "tags": ["forms"],
                "requestBody": {
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {"type": "object", "properties": {"name": {"type": "string"}}}
                        }
                    }
                },
                "responses": {"204": {"description": "ok"}},
            }
        },
        "/blobs/{blob_id}": {
            "put": {
                "operationId": "putBlob",
                "tags": ["blobs"],
                "parameters": [{"name": "blob_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {
                    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
                },
                "responses": {"204": {"description": "ok"}},
            }
        },
    },
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = tmp_path_factory.mktemp("affordances")
    spec = root / "shop.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    names = {
        "getWidget": "retrieve",
        "listWidgets": "list",
        "createWidget": "create",
        "submitForm": "submit",
        "putBlob": "put",
    }
    generate(spec, root / "out", "shop", method_names=names)  # the names do not depend on the naming policy
    return import_package(root / "out", "shop")


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Runner:
    server.default = Reply(200, {"id": "w1"})
    return Runner(request.param, sdk.ShopClient, sdk.AsyncShopClient, api_key=KEY, base_url=server.url, max_retries=1)


def in_order(*results: Any) -> Any:
    """The results of calls made one after another: a list, or (async) a coroutine of it."""
    if not any(inspect.isawaitable(r) for r in results):
        return list(results)

    async def run() -> list[Any]:
        return [await r if inspect.isawaitable(r) else r for r in results]

    return run()


def widget(i: int) -> dict[str, Any]:
    return {"id": f"w{i}", "name": f"widget {i}", "part": {"sku": f"s{i}"}}


# ------------------------------------------------------------------------------ with_options
def test_with_options_overrides_and_shares_the_pool(runner: Runner, server: FaultServer) -> None:
    def action(client: Any) -> Any:
        copy = client.with_options(
            timeout=7.0, max_retries=0, default_headers={"X-Team": "b"}, default_query={"region": "eu"}
        )
        assert type(copy) is type(client) and copy is not client
        assert copy._transport.http is client._transport.http  # one connection pool
        assert not copy._transport.owns_http and copy._base.timeout == 7.0 and copy._base.max_retries == 0
        assert client.copy is not None and type(client).copy is type(client).with_options
        other = copy.with_options(api_key="sk_other_key_456", default_headers={"X-Env": "test"})
        return in_order(copy.widgets.retrieve("a"), client.widgets.retrieve("b"), other.widgets.retrieve("c"))

    runner.run(action)
    first, second, third = server.seen
    assert first.headers["X-Team"] == "b" and first.query == {"region": ["eu"]}
    assert "X-Team" not in second.headers and second.query == {}  # the original is unchanged
    assert second.headers["X-Api-Key"] == KEY and third.headers["X-Api-Key"] == "sk_other_key_456"
    assert (third.headers["X-Team"], third.headers["X-Env"], third.query) == ("b", "test", {"region": ["eu"]})


def test_with_options_max_retries_and_closing_the_copy(runner: Runner, server: FaultServer, sdk: ModuleType) -> None:
    server.script = [Reply(500, {"message": "boom"}), Reply(200, {"id": "w1"})]

    def action(client: Any) -> Any:
        copy = client.with_options(max_retries=0)

        async def go() -> Any:
            with pytest.raises(sdk.errors.InternalServerError):
                await copy.widgets.retrieve("a")
            await copy.close()  # the copy does not own the pool: the original still works
            return await client.widgets.retrieve("a")

        if runner.mode == "async":
            return go()
        with pytest.raises(sdk.errors.InternalServerError):
            copy.widgets.retrieve("a")
        copy.close()
        return client.widgets.retrieve("a")

    assert runner.run(action).id == "w1"
    assert len(server.seen) == 2 and runner.delays == []


def test_with_options_http_client_and_base_url(sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, {"id": "w1"})
    with FaultServer() as other, sdk.ShopClient(api_key=KEY, base_url=server.url) as client:
        other.default = Reply(200, {"id": "w2"})
        own = httpx2.Client(headers={"X-Own": "1"})
        moved = client.with_options(base_url=other.url, http_client=own)
        assert moved._transport.http is own and moved.base_url == other.url
        assert moved.widgets.retrieve("a").id == "w2"
        assert other.seen[0].headers["X-Own"] == "1" and other.seen[0].headers["X-Api-Key"] == KEY
        own.close()


# ------------------------------------------------------------------------------ default_query, extra_body
def test_default_query_on_the_wire_and_not_to_a_foreign_origin(runner: Runner, server: FaultServer) -> None:
    with FaultServer() as other:
        other.default = Reply(200, {"ok": True})

        def action(client: Any) -> Any:
            return in_order(
                client.widgets.retrieve("a"),
                client.widgets.list(q="x"),
                client.widgets.retrieve("b", extra_query={"api-version": "3"}),
                client.get(other.url + "/elsewhere", cast_to=object),
            )

        runner.run(action, default_query={"api-version": "2", "q": "default"}, default_headers={"X-Team": "a"})
        assert [s.query for s in server.seen] == [
            {"api-version": ["2"], "q": ["default"]},
            {"q": ["x"], "api-version": ["2"]},  # the operation's own parameter wins
            {"api-version": ["3"], "q": ["default"]},  # and so does the call's
        ]
        foreign = other.seen[0]
        assert foreign.query == {} and "X-Team" not in foreign.headers and "X-Api-Key" not in foreign.headers


def test_extra_body_merges_into_json_and_form_bodies(runner: Runner, server: FaultServer, sdk: ModuleType) -> None:
    server.default = Reply(200, {"id": "w1"})

    def action(client: Any) -> Any:
        return in_order(
            client.widgets.create(body={"name": "a"}, extra_body={"beta": True, "name": "b"}),
            client.widgets.create(body=sdk.models.NewWidget(name="m"), extra_body={"tags": ["t"]}),
            client.forms.submit(body={"name": "n"}, extra_body={"flag": "1"}),
            client.widgets.retrieve("a", extra_body={"only": 1}),
        )

    runner.run(action)
    json_a, json_m, form, alone = server.seen
    assert json.loads(json_a.body) == {"name": "b", "beta": True}
    assert json.loads(json_m.body) == {"name": "m", "tags": ["t"]}
    assert form.body == b"name=n&flag=1" and form.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert json.loads(alone.body) == {"only": 1}


def test_extra_body_is_refused_for_a_binary_body(runner: Runner, server: FaultServer) -> None:
    with pytest.raises(TypeError, match="extra_body cannot be merged into a binary body"):
        runner.run(lambda c: c.blobs.put("b", body=b"raw", extra_body={"x": 1}))
    assert server.seen == []


# ------------------------------------------------------------------------------ request ids
@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("x-request-id", "req_1"),
        ("Request-Id", "req_stripe"),
        ("X-GitHub-Request-Id", "C0DE:1:2"),
        ("x-amzn-RequestId", "a-1"),
    ],
)
def test_request_id_on_errors(runner: Runner, server: FaultServer, sdk: ModuleType, header: str, value: str) -> None:
    server.default = Reply(404, {"message": "no such widget"}, headers={header: value})
    with pytest.raises(sdk.errors.NotFoundError) as caught:
        runner.run(lambda c: c.widgets.retrieve("nope"))
    error = caught.value
    assert isinstance(error, sdk.errors.APIError) and isinstance(error, sdk.APIError)
    assert error.request_id == value and f"(request id {value})" in str(error)
    assert error.body.message == "no such widget"


def test_request_id_on_models_pages_and_raw_responses(runner: Runner, server: FaultServer, sdk: ModuleType) -> None:
    server.script = [
        Reply(200, widget(1), headers={"x-request-id": "req_model"}),
        Reply(200, {"data": [widget(2), widget(3)]}, headers={"x-request-id": "req_page"}),
        Reply(200, widget(4), headers={"request-id": "req_raw"}),
        Reply(200, widget(5)),
    ]

    def run(client: Any) -> Any:
        if runner.mode == "sync":
            model, page = client.widgets.retrieve("w1"), client.widgets.list(limit=5)
            return model, page, client.with_raw_response.widgets.retrieve("w4"), client.widgets.retrieve("w5")

        async def go() -> Any:
            model = await client.widgets.retrieve("w1")
            page = await client.widgets.list(limit=5)
            raw = await client.with_raw_response.widgets.retrieve("w4")
            return model, page, raw, await client.widgets.retrieve("w5")

        return go()

    model, page, raw, plain = runner.run(run)
    assert model._request_id == "req_model" and model.part._request_id is None  # nested models have none
    assert model.model_dump() == widget(1) and "_request_id" not in model.model_dump_json()
    assert model == sdk.models.Widget.model_validate(widget(1))  # equality ignores it
    assert "req_model" not in repr(model) and plain._request_id is None
    assert page._request_id == "req_page" and page.body._request_id == "req_page"
    assert raw.request_id == "req_raw" and raw.parse()._request_id == "req_raw"


# ------------------------------------------------------------------------------ client.get/post/...
def test_client_get_and_post_with_cast_to(runner: Runner, server: FaultServer, sdk: ModuleType) -> None:
    server.script = [
        Reply(200, widget(1), headers={"x-request-id": "req_get"}),
        Reply(200, [widget(2)]),
        Reply(200, {"anything": [1, 2]}),
        Reply(200, content=b"plain text", content_type="text/plain"),
        Reply(200, content=b"\x00\x01", content_type="application/octet-stream"),
        Reply(201, {"id": "w9"}),
        Reply(500, {"message": "retry me"}),
        Reply(200, {"id": "w10"}),
        Reply(204),
    ]
    Widget = sdk.models.Widget

    def action(client: Any) -> Any:
        calls = [
            lambda: client.get("/widgets/w1", cast_to=Widget),
            lambda: client.get("widgets", cast_to=list[Widget], extra_query={"limit": 1}),
            lambda: client.get("/undocumented", cast_to=object),
            lambda: client.get("/text", cast_to=str),
            lambda: client.get("/bytes", cast_to=bytes),
            lambda: client.post("/widgets", cast_to=httpx2.Response, body={"name": "n"}, extra_body={"beta": True}),
            lambda: client.put("/widgets/w10", cast_to=Widget, body=Widget(id="w10"), options={"timeout": 5.0}),
            lambda: client.delete("/widgets/w10", cast_to=object, extra_headers={"X-Why": "test"}),
        ]
        if runner.mode == "sync":
            return [call() for call in calls]

        async def go() -> Any:
            return [await call() for call in calls]

        return go()

    got, listed, anything, text, data, response, put, deleted = runner.run(action)
    assert isinstance(got, Widget) and got.part.sku == "s1" and got._request_id == "req_get"
    assert [w.id for w in listed] == ["w2"] and anything == {"anything": [1, 2]}
    assert (text, data) == ("plain text", b"\x00\x01")
    assert isinstance(response, httpx2.Response) and response.status_code == 201
    assert put.id == "w10" and deleted is None and runner.delays and len(runner.delays) == 1  # the 500 was retried
    seen = server.seen
    assert [(s.method, s.path) for s in seen] == [
        ("GET", "/widgets/w1"),
        ("GET", "/widgets"),
        ("GET", "/undocumented"),
        ("GET", "/text"),
        ("GET", "/bytes"),
        ("POST", "/widgets"),
        ("PUT", "/widgets/w10"),
        ("PUT", "/widgets/w10"),
        ("DELETE", "/widgets/w10"),
    ]
    assert all(s.headers["X-Api-Key"] == KEY for s in seen) and seen[1].query == {"limit": ["1"]}
    assert json.loads(seen[5].body) == {"name": "n", "beta": True} and "Idempotency-Key" in seen[5].headers
    assert json.loads(seen[6].body) == {"id": "w10"} and seen[8].headers["X-Why"] == "test"


def test_client_get_maps_errors_and_refuses_unknown_options(
    runner: Runner, server: FaultServer, sdk: ModuleType
) -> None:
    server.default = Reply(404, {"message": "gone"}, headers={"x-request-id": "req_404"})
    with pytest.raises(sdk.errors.NotFoundError) as caught:
        runner.run(lambda c: c.get("/missing", cast_to=object))
    assert caught.value.request_id == "req_404" and caught.value.body == {"message": "gone"}
    with pytest.raises(TypeError, match="unknown option"):
        runner.run(lambda c: c.get("/x", cast_to=object, options={"headers": {"A": "1"}}))


def test_repr_shows_the_base_url_and_no_secret(sdk: ModuleType) -> None:
    client = sdk.ShopClient(api_key=KEY, base_url="https://user:pa55word@api.shop.example/v1")
    text = repr(client)
    assert text.startswith("ShopClient(base_url='https://") and "api.shop.example/v1" in text
    assert KEY not in text and "pa55word" not in text
    assert KEY not in repr(client.with_options(timeout=1.0))


# ------------------------------------------------------------------------------ logging
def test_logging_at_info_and_debug_redacts_secrets(
    runner: Runner,
    server: FaultServer,
    sdk: ModuleType,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server.default = Reply(200, widget(1), headers={"x-request-id": "req_log", "Set-Cookie": "session=s3cr3tcookie"})
    logger = logging.getLogger("shop")
    level = logger.level
    try:
        monkeypatch.setenv("SHOP_LOG", "info")
        with caplog.at_level(logging.NOTSET, logger="shop"):
            runner.run(lambda c: c.widgets.create(body={"name": "body-secret"}))
            assert logger.level == logging.INFO
        info = [r.getMessage() for r in caplog.records if r.name == "shop"]
        assert info[0] == f"POST {server.url}/widgets"
        assert info[1].startswith(f"POST {server.url}/widgets → 200 OK in ") and info[1].endswith(
            "(request id req_log)"
        )
        assert not any("headers" in line for line in info)
        caplog.clear()
        monkeypatch.setenv("SHOP_LOG", "debug")
        server.script = [Reply(503, {"message": "busy"})]  # then the default: one retry
        with caplog.at_level(logging.NOTSET, logger="shop"):
            runner.run(
                lambda c: c.widgets.create(
                    body={"name": "body-secret"}, extra_headers={"Authorization": "Bearer tok_abcdef"}
                )
            )
        lines = "\n".join(r.getMessage() for r in caplog.records if r.name == "shop")
        assert "request headers: " in lines and "response headers: " in lines and "'x-api-key': '[redacted]'" in lines
        assert "'set-cookie': '[redacted]'" in lines and "'idempotency-key': 'sdk-" in lines
        assert f"POST {server.url}/widgets → 503; retry 1/1 in " in lines  # the retry decision
        assert f"POST {server.url}/widgets → 503 Service Unavailable in " in lines
        for secret in (KEY, "tok_abcdef", "s3cr3tcookie", "body-secret"):
            assert secret not in lines
    finally:
        logger.setLevel(level)


def test_the_log_variable_alone_prints_to_stderr(sdk: ModuleType, server: FaultServer) -> None:
    """No logging configured by the program: `SHOP_LOG=debug` is enough to see the lines."""
    server.default = Reply(200, widget(1))
    project = Path(str(sdk.__file__)).parent.parent
    program = f"import shop\nshop.ShopClient(api_key={KEY!r}, base_url={server.url!r}).widgets.retrieve('w1')\n"
    env = {**os.environ, "SHOP_LOG": "debug", "PYTHONPATH": str(project)}
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert f"shop INFO] GET {server.url}/widgets/w1 → 200 OK in " in result.stderr
    assert "shop DEBUG] request headers: " in result.stderr and KEY not in result.stderr
    quiet = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env={**env, "SHOP_LOG": ""}, timeout=60
    )
    assert quiet.stderr == ""


# ------------------------------------------------------------------------------ types
PROGRAM = """# pyright: strict
import httpx2

import shop
from shop import models


def main(client: shop.ShopClient) -> None:
    fast: shop.ShopClient = client.with_options(timeout=5.0, max_retries=0, default_query={"v": "2"})
    same: shop.ShopClient = client.copy(default_headers={"X-Team": "a"})
    widget: models.Widget = fast.widgets.retrieve("w1", extra_body=None)
    rid: str | None = widget._request_id  # pyright: ignore[reportPrivateUsage]
    got: models.Widget = client.get("/widgets/w1", cast_to=models.Widget)
    many: list[models.Widget] = client.get("/widgets", cast_to=list[models.Widget], extra_query={"limit": 2})
    raw: httpx2.Response = same.post("/x", cast_to=httpx2.Response, body={"a": 1}, options={"timeout": 3.0})
    text: str = client.put("/t", cast_to=str, extra_body={"k": 1})
    data: object = client.delete("/d", cast_to=object)
    created = client.widgets.create(body={"name": "n"}, extra_body={"beta": True}, extra_headers={"A": "b"})
    print(rid, got, many, raw, text, data, created.id)
    try:
        client.widgets.retrieve("missing")
    except shop.errors.NotFoundError as error:
        print(error.request_id, error.status_code)
    except shop.APIError as error:
        print(error.request_id)


async def amain(client: shop.AsyncShopClient) -> None:
    other: shop.AsyncShopClient = client.with_options(max_retries=1)
    widget: models.Widget = await other.patch("/widgets/w1", cast_to=models.Widget, body={"name": "x"})
    print(widget._request_id)  # pyright: ignore[reportPrivateUsage]
"""


@pytest.mark.slow
def test_a_program_using_all_of_it_type_checks(sdk: ModuleType) -> None:
    project = Path(str(sdk.__file__)).parent.parent
    (project / "use_affordances.py").write_text(PROGRAM, encoding="utf-8")
    (project / "use_affordances_wrong.py").write_text(
        "from shop import ShopClient, models\n\n"
        "def f(client: ShopClient) -> None:\n"
        "    a: str = client.get('/w', cast_to=models.Widget)\n"
        "    client.with_options(timeout='slow')\n"
        "    client.get('/w', cast_to=object, extra_headers=3)\n",
        encoding="utf-8",
    )
    checked = type_check(project, ["use_affordances.py", "use_affordances_wrong.py"])
    for name, errors in (("use_affordances.py", 0), ("use_affordances_wrong.py", 3)):
        mypy, pyright = checked.errors(name)
        assert len(mypy) == errors, checked.mypy_output
        assert len(pyright) == errors, checked.pyright_output
    assert checked.mypy.keys() | checked.pyright.keys() == {"use_affordances_wrong.py"}, checked  # the SDK is clean
