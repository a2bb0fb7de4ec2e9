"""Credentials and global parameters stay on trusted origins (issue 12), on the wire.

Two local recording servers on different ports are two origins. The spec's document server is
the first; one operation's own server is the second. The SDK sends that operation no
credential (API key in a header, in the query and in a cookie, a bearer token, basic auth), no
global parameter and no default header, unless the caller lists the second origin in
`allow_credentials_to`; an operation server on the document server's origin gets them. Hidden
global parameters go only with the operations that declare them. The generator reports every
cross-origin operation server (`cross-origin-server`, pointer at the server's url).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.config import make_config
from generator.diagnostics import BadInput
from generator.pipeline import build
from tests.fault_server import FaultServer, Reply, Seen
from tests.helpers import ROOT, generate, import_package
from tests.runtime_helpers import MODES, Runner

SECRETS = {
    "header_key": "hdr-secret-1",
    "query_key": "qry-secret-2",
    "cookie_key": "cky-secret-3",
    "bearer_token": "tok-secret-4",
}
GLOBALS = {"x_tenant": "tenant-secret-5", "region": "region-secret-6"}
DEFAULT_HEADERS = {"X-Caller": "caller-secret-7"}


def spec(home: str, other: str) -> dict[str, Any]:
    """Operations: `home` (document server), `elsewhere` (the other origin), `same` (its own
    server on the document server's origin), `plain` (declares no global parameter), `basic`
    (HTTP basic, on the other origin)."""
    globals_ = [{"$ref": "#/components/parameters/Tenant"}, {"$ref": "#/components/parameters/Region"}]

    def op(name: str, servers: list[str] | None = None, declares: bool = True, **extra: Any) -> dict[str, Any]:
        out: dict[str, Any] = {
            "operationId": name,
            "tags": ["ops"],
            "responses": {"204": {"description": "ok"}},
            **extra,
        }
        if declares:
            out["parameters"] = globals_
        if servers is not None:
            out["servers"] = [{"url": url} for url in servers]
        return out

    return {
        "openapi": "3.1.0",
        "info": {"title": "Origins", "version": "1"},
        "servers": [{"url": home}],
        "security": [{"headerKey": [], "queryKey": [], "cookieKey": [], "bearer": []}],
        "paths": {
            "/home": {"get": op("home")},
            "/elsewhere": {"get": op("elsewhere", [other + "/v2"])},
            "/same": {"get": op("same", [home + "/v2"])},
            "/plain": {"get": op("plain", declares=False)},
            "/basic": {"get": op("basic", [other], security=[{"basic": []}])},
        },
        "components": {
            "parameters": {
                "Tenant": {
                    "name": "X-Tenant",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string"},
                    "x-speakeasy-globals-hidden": True,
                },
                "Region": {
                    "name": "region",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string"},
                    "x-speakeasy-globals-hidden": True,
                },
            },
            "securitySchemes": {
                "headerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "queryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
                "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session"},
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {"type": "http", "scheme": "basic"},
            },
        },
    }


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[FaultServer, FaultServer]]:
    with FaultServer() as home, FaultServer() as other:
        yield home, other


@pytest.fixture(scope="module")
def built(servers: tuple[FaultServer, FaultServer], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    home, other = servers
    folder = tmp_path_factory.mktemp("origins")
    path = folder / "origins.json"
    path.write_text(json.dumps(spec(home.url, other.url)), encoding="utf-8")
    config = make_config(path, output=folder / "out", package_name="hostile_origins", base=ROOT)
    generate(path, folder / "out", "hostile_origins")
    return folder / "out", build(config)


@pytest.fixture(scope="module")
def sdk(built: tuple[Path, Any]) -> ModuleType:
    return import_package(built[0], "hostile_origins")


@pytest.fixture()
def wire(servers: tuple[FaultServer, FaultServer]) -> tuple[FaultServer, FaultServer]:
    for server in servers:
        server.seen.clear()
        server.default = Reply(204)
    return servers


def client_kwargs() -> dict[str, Any]:
    return {
        **SECRETS,
        **GLOBALS,
        "username": "user",
        "password": "basic-secret-8",
        "default_headers": DEFAULT_HEADERS,
    }


def runner(sdk: ModuleType, mode: str, **extra: Any) -> Runner:
    return Runner(mode, sdk.HostileOriginsClient, sdk.AsyncHostileOriginsClient, **client_kwargs(), **extra)


def leaked(seen: Seen) -> list[str]:
    """Every secret, global value or default header value found anywhere in the request."""
    raw = json.dumps([seen.path, seen.raw_query, seen.headers]) + seen.body.decode("latin-1")
    values = [*SECRETS.values(), *GLOBALS.values(), *DEFAULT_HEADERS.values(), "basic-secret-8"]
    found = [v for v in values if v in raw]
    names = {"authorization", "x-api-key", "cookie", "x-tenant", "x-caller"}
    found += [k for k in seen.headers if k.lower() in names]
    found += [k for k in seen.query if k in ("api_key", "region")]
    return found


def carries_everything(seen: Seen) -> None:
    assert seen.headers["Authorization"] == "Bearer tok-secret-4"
    assert seen.headers["X-API-Key"] == "hdr-secret-1"
    assert seen.query["api_key"] == ["qry-secret-2"]
    assert "session=cky-secret-3" in seen.headers["Cookie"]
    assert seen.headers["X-Tenant"] == "tenant-secret-5"
    assert seen.query["region"] == ["region-secret-6"]
    assert seen.headers["X-Caller"] == "caller-secret-7"


@pytest.mark.parametrize("mode", MODES)
def test_another_origin_gets_no_credentials_globals_or_default_headers(
    sdk: ModuleType, wire: tuple[FaultServer, FaultServer], mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="hostile_origins")
    home, other = wire
    runner(sdk, mode).run(lambda c: c.ops.elsewhere())
    runner(sdk, mode).run(lambda c: c.ops.basic())
    assert [s.path for s in other.seen] == ["/v2/elsewhere", "/basic"] and home.seen == []
    for seen in other.seen:
        assert leaked(seen) == [], seen
        assert seen.headers["User-Agent"].startswith("hostile_origins/")  # the request itself still goes
    assert f"{other.url}/v2 is not on a trusted origin" in caplog.text  # why a 401 may follow


@pytest.mark.parametrize("mode", MODES)
def test_the_same_origin_gets_them_and_so_does_an_allowed_one(
    sdk: ModuleType, wire: tuple[FaultServer, FaultServer], mode: str
) -> None:
    home, other = wire
    runner(sdk, mode).run(lambda c: c.ops.home())
    runner(sdk, mode).run(lambda c: c.ops.same())
    assert [s.path for s in home.seen] == ["/home", "/v2/same"]
    for seen in home.seen:
        carries_everything(seen)
    allowed = runner(sdk, mode, allow_credentials_to=[other.url])
    allowed.run(lambda c: c.ops.elsewhere())
    allowed.run(lambda c: c.ops.basic())
    carries_everything(other.seen[0])
    assert other.seen[1].headers["Authorization"].startswith("Basic ")
    assert other.seen[1].headers["X-Caller"] == "caller-secret-7"


@pytest.mark.parametrize("mode", MODES)
def test_global_parameters_go_only_with_operations_that_declare_them(
    sdk: ModuleType, wire: tuple[FaultServer, FaultServer], mode: str
) -> None:
    home, _ = wire
    runner(sdk, mode).run(lambda c: c.ops.plain())
    (seen,) = home.seen
    assert "X-Tenant" not in seen.headers and "region" not in seen.query
    assert "tenant-secret-5" not in json.dumps(seen.headers) + seen.raw_query
    assert seen.headers["X-API-Key"] == "hdr-secret-1"  # credentials are the operation's: still sent


def test_allow_credentials_to_takes_origins_only(sdk: ModuleType, servers: tuple[FaultServer, FaultServer]) -> None:
    for bad in ("file:///etc/passwd", "127.0.0.1:8080", "*"):
        with pytest.raises(ValueError, match="allow_credentials_to takes http"):
            sdk.HostileOriginsClient(**client_kwargs(), allow_credentials_to=[bad])


def test_a_base_url_from_the_caller_is_trusted_and_operation_servers_do_not_apply(
    sdk: ModuleType, wire: tuple[FaultServer, FaultServer]
) -> None:
    home, other = wire
    with sdk.HostileOriginsClient(**client_kwargs(), base_url=other.url) as client:
        client.ops.elsewhere()
    (seen,) = other.seen
    assert seen.path == "/elsewhere"  # the caller's base URL wins over the operation's server
    carries_everything(seen)


def test_every_cross_origin_operation_server_is_reported(built: tuple[Path, Any], servers: Any) -> None:
    found = sorted((d.level, d.pointer, d.kind) for d in built[1].diagnostics if d.kind == "cross-origin-server")
    assert found == [
        ("warning", "#/paths/~1basic/get/servers/0/url", "cross-origin-server"),
        ("warning", "#/paths/~1elsewhere/get/servers/0/url", "cross-origin-server"),
    ]


def test_a_path_item_server_on_another_origin_is_reported_once(tmp_path: Path) -> None:
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "servers": [
            {
                "url": "https://{region}.api.example.com",
                "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}},
            }
        ],
        "paths": {
            "/a": {
                "servers": [{"url": "https://upload.example.net/"}, {"url": "https://us.api.example.com:443/x"}],
                "get": {"operationId": "getA", "responses": {"204": {"description": "ok"}}},
                "put": {"operationId": "putA", "responses": {"204": {"description": "ok"}}},
            },
            "/b": {
                "get": {
                    "operationId": "getB",
                    "servers": [{"url": "http://us.api.example.com"}],  # another scheme, another origin
                    "responses": {"204": {"description": "ok"}},
                }
            },
        },
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    built = build(make_config(path, output=tmp_path / "out", package_name="t", base=ROOT))
    found = [(d.pointer, d.message) for d in built.diagnostics if d.kind == "cross-origin-server"]
    assert [p for p, _ in found] == ["#/paths/~1a/servers/0/url", "#/paths/~1b/get/servers/0/url"]
    assert "'https://upload.example.net/'" in found[0][1] and "no credentials" in found[0][1]


@pytest.fixture(scope="module")
def vouched(
    servers: tuple[FaultServer, FaultServer], tmp_path_factory: pytest.TempPathFactory
) -> tuple[ModuleType, Any]:
    """The same spec, generated with the config's `allow_credentials_to` naming the other origin
    (an API's own files or uploads host, as Stripe's `files.stripe.com`)."""
    home, other = servers
    folder = tmp_path_factory.mktemp("vouched")
    path = folder / "origins.json"
    path.write_text(json.dumps(spec(home.url, other.url)), encoding="utf-8")
    options: dict[str, Any] = {"allow_credentials_to": [other.url + "/"]}
    config = make_config(path, output=folder / "out", package_name="vouched_origins", base=ROOT, **options)
    generate(path, folder / "out", "vouched_origins", **options)
    return import_package(folder / "out", "vouched_origins"), build(config)


@pytest.mark.parametrize("mode", MODES)
def test_an_origin_the_config_vouches_for_gets_credentials_without_the_caller_asking(
    vouched: tuple[ModuleType, Any], wire: tuple[FaultServer, FaultServer], mode: str
) -> None:
    sdk, built = vouched
    _, other = wire
    Runner(mode, sdk.VouchedOriginsClient, sdk.AsyncVouchedOriginsClient, **client_kwargs()).run(
        lambda c: c.ops.elsewhere()
    )
    carries_everything(other.seen[0])
    assert [d for d in built.diagnostics if d.kind == "cross-origin-server"] == []  # vouched for: no warning


@pytest.mark.parametrize(
    "bad", ["files.example.com", "https://files.example.com/v1", "https://u:p@files.example.com", "ftp://x.example"]
)
def test_the_configs_allow_credentials_to_takes_origins_only(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "origins.json"
    path.write_text(json.dumps(spec("https://api.example.com", "https://files.example.com")), encoding="utf-8")
    with pytest.raises(BadInput, match="allow_credentials_to takes origins such as"):
        make_config(path, package_name="x_sdk", base=ROOT, allow_credentials_to=[bad])
