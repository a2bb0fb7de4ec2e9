"""Server URLs that are not http(s), or that carry credentials (issue 12).

A server whose URL is not `http`/`https` (`file:`, `javascript:`, `gopher:`, `host:port` read as
a scheme) is not emitted — not in the client's `SERVERS`, not as its default base URL, not as an
operation's server — and a warning points at its `url`. User info in a URL is stripped, with a
warning. Server variables count: a default that makes the URL unusable leaves the server out
(warning at the default), an enum value that does is dropped from the choices (warning at that
value), and at run time a value the caller fills in must still give an http(s) URL.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx2
import pytest

from generator.config import make_config
from generator.pipeline import build
from tests.helpers import ROOT, generate, import_package


def op(name: str, **extra: Any) -> dict[str, Any]:
    return {"operationId": name, "tags": ["ops"], "responses": {"204": {"description": "ok"}}, **extra}


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Servers", "version": "1"},
    "servers": [
        {"url": "file:///etc/passwd"},
        {"url": "java\tscript:alert(1)"},
        {"url": "gopher://gopher.example.com/1"},
        {"url": "localhost:8080/v1"},
        {"url": "https://user:pw-secret@api.example.com/v1"},
        {
            "url": "{scheme}://choice.example.com",
            "variables": {"scheme": {"default": "https", "enum": ["https", "file", "http"]}},
        },
        {"url": "{scheme}://bad-default.example.com", "variables": {"scheme": {"default": "ftp"}}},
        {"url": "https://{login}host.example.com", "variables": {"login": {"default": "admin:var-secret@"}}},
        {"url": "{proto}://free.example.com", "variables": {"proto": {"default": "https"}}},
        {"url": "/relative/v2"},
    ],
    "paths": {
        "/a": {"get": op("getA", servers=[{"url": "file:///etc/shadow"}])},
        "/b": {"get": op("getB", servers=[{"url": "https://op:op-secret@api.example.com/v1/b"}])},
    },
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = tmp_path_factory.mktemp("servers")
    path = folder / "servers.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    generate(path, folder / "out", "hostile_servers")
    return folder / "out", build(make_config(path, output=folder / "out", package_name="hostile_servers", base=ROOT))


@pytest.fixture(scope="module")
def sdk(built: tuple[Path, Any]) -> ModuleType:
    return import_package(built[0], "hostile_servers")


def test_each_unusable_server_is_reported_at_its_url_or_variable(built: tuple[Path, Any]) -> None:
    found = {(d.pointer, d.kind) for d in built[1].diagnostics if d.kind.startswith("server-")}
    assert found == {
        ("#/servers/0/url", "server-scheme"),
        ("#/servers/1/url", "server-scheme"),
        ("#/servers/2/url", "server-scheme"),
        ("#/servers/3/url", "server-scheme"),
        ("#/servers/4/url", "server-userinfo"),
        ("#/servers/5/variables/scheme/enum/1", "server-scheme"),
        ("#/servers/6/url", "server-scheme"),
        ("#/servers/7/variables/login/default", "server-userinfo"),
        ("#/paths/~1a/get/servers/0/url", "server-scheme"),
        ("#/paths/~1b/get/servers/0/url", "server-userinfo"),
    }
    assert all(d.level == "warning" for d in built[1].diagnostics if d.kind.startswith("server-"))
    by_pointer = {d.pointer: d.message for d in built[1].diagnostics}
    assert "'file:///etc/passwd' is not http or https; the server is left out" in by_pointer["#/servers/0/url"]
    assert "stripped" in by_pointer["#/servers/4/url"]
    messages = "\n".join(d.message for d in built[1].diagnostics)
    for secret in ("pw-secret", "op-secret", "var-secret"):  # a report does not spread the password
        assert secret not in messages, secret
    assert "'https://***@api.example.com/v1'" in by_pointer["#/servers/4/url"]


def test_the_client_emits_only_http_servers_without_user_info(built: tuple[Path, Any], sdk: ModuleType) -> None:
    from hostile_servers import _client  # the module import_package just loaded

    urls = [s.url for s in _client.SERVERS]
    assert urls == [
        "https://api.example.com/v1",
        "{scheme}://choice.example.com",
        "{proto}://free.example.com",
        "/relative/v2",
    ]
    assert _client.SERVERS[1].variables["scheme"] == ("https", ("https", "http"))
    package = built[0] / "hostile_servers"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(package.rglob("*.py")))
    text += (built[0] / "README.md").read_text(encoding="utf-8")
    for gone in (
        "passwd",
        "shadow",
        "javascript",
        "gopher",
        "localhost",
        "pw-secret",
        "op-secret",
        "var-secret",
        "ftp:",
        "admin",
    ):
        assert gone not in text, gone


def test_the_default_base_url_is_the_first_usable_server(sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOSTILE_SERVERS_BASE_URL", raising=False)
    assert sdk.HostileServersClient().base_url == "https://api.example.com/v1"


def test_a_variable_value_must_still_give_an_http_url(sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOSTILE_SERVERS_BASE_URL", raising=False)
    with pytest.raises(ValueError, match="must be one of"):
        sdk.HostileServersClient(server=1, server_variables={"scheme": "file"})
    assert (
        sdk.HostileServersClient(server=1, server_variables={"scheme": "http"}).base_url == "http://choice.example.com"
    )
    for value in ("file", "javascript:alert(1)//", "gopher"):
        with pytest.raises(ValueError, match="not an http"):
            sdk.HostileServersClient(server=2, server_variables={"proto": value})
    with pytest.raises(ValueError, match="relative URL '/relative/v2': pass base_url="):
        sdk.HostileServersClient(server=3)


def test_operation_servers_reach_the_wire_checked(sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """`getA`'s only server was `file:` (left out: the client's base URL applies); `getB`'s had
    user info (stripped: no user info in the URL, no basic auth made of it)."""
    monkeypatch.delenv("HOSTILE_SERVERS_BASE_URL", raising=False)
    seen: list[httpx2.Request] = []

    def transport(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(204)

    with sdk.HostileServersClient(http_client=httpx2.Client(transport=httpx2.MockTransport(transport))) as client:
        client.ops.a()
        client.ops.b()
    assert [str(r.url) for r in seen] == ["https://api.example.com/v1/a", "https://api.example.com/v1/b/b"]
    assert all("authorization" not in r.headers for r in seen)
