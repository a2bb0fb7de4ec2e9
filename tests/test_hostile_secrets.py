"""No secret in a log record, an error message or a repr (issue 12).

Credentials in a header, the query and a cookie, a bearer token, basic auth, and a base URL with
`user:password@`; requests that succeed, fail with a 4xx whose body echoes the key, are retried
after a 503, and cannot connect. Every log record at DEBUG (the SDK's and the HTTP library's,
which logs each request URL at INFO), every exception's str and repr, and the reprs of the
client and its parts are searched for each secret, as given and in its wire forms.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.fault_server import FaultServer, Reply
from tests.helpers import free_port, generate, import_package
from tests.runtime_helpers import MODES, Runner

SECRETS = {
    "header_key": "hdr-secret-1",
    "query_key": "qry secret/2+&x",  # characters the query encodes
    "cookie_key": "cky-secret-3",
    "bearer_token": "tok-secret-4",
    "password": "basic-secret-8",
}
URL_PASSWORD = "url-secret-pw"

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Secrets", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "security": [{"headerKey": [], "queryKey": [], "cookieKey": [], "bearer": []}],
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "tags": ["ops"],
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
                },
            }
        },
        "/basic": {
            "get": {
                "operationId": "basicItems",
                "tags": ["ops"],
                "security": [{"basic": []}],
                "responses": {"204": {"description": "ok"}},
            }
        },
    },
    "components": {
        "securitySchemes": {
            "headerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "queryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
            "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session"},
            "bearer": {"type": "http", "scheme": "bearer"},
            "basic": {"type": "http", "scheme": "basic"},
        }
    },
}


def forms(value: str) -> set[str]:
    """A secret as given and as it travels (percent-encoded, form-encoded)."""
    return {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value, safe="")}


SEARCHED = sorted(
    set().union(*(forms(v) for v in [*SECRETS.values(), URL_PASSWORD]))
    | {base64.b64encode(b"user:basic-secret-8").decode(), base64.b64encode(f"loguser:{URL_PASSWORD}".encode()).decode()}
)


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("secrets")
    (folder / "secrets.json").write_text(json.dumps(SPEC), encoding="utf-8")
    return import_package(generate(folder / "secrets.json", folder / "out", "hostile_secrets"), "hostile_secrets")


@pytest.fixture()
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)  # the root logger: the SDK's records, httpx's and httpcore's
    yield caplog


def userinfo_url(url: str) -> str:
    return url.replace("http://", f"http://loguser:{URL_PASSWORD}@")


def assert_hidden(texts: list[str]) -> None:
    joined = "\n".join(texts)
    leaks = [s for s in SEARCHED if s in joined]
    assert leaks == [], f"{leaks} in:\n{joined}"


def record_texts(logs: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in logs.records] + [logs.text]


@pytest.mark.parametrize("mode", MODES)
def test_requests_errors_and_retries_log_no_secret(
    sdk: ModuleType, server: FaultServer, logs: pytest.LogCaptureFixture, mode: str
) -> None:
    kwargs = {**SECRETS, "username": "user", "max_retries": 1}
    runner = Runner(mode, sdk.HostileSecretsClient, sdk.AsyncHostileSecretsClient, **kwargs)
    echo = {"error": f"bad key {SECRETS['header_key']} / {SECRETS['bearer_token']} / {URL_PASSWORD}"}
    server.script = [Reply(200, {}), Reply(400, echo), Reply(503, echo), Reply(200, {}), Reply(204)]
    errors: list[BaseException] = []

    def calls(client: Any) -> Any:
        async def run_async() -> None:
            await client.ops.list_items(q="x")
            try:
                await client.ops.list_items()
            except sdk.BadRequestError as exc:
                errors.append(exc)
            await client.ops.list_items()  # 503, retried, then 200
            await client.ops.basic_items()

        if mode == "async":
            return run_async()
        client.ops.list_items(q="x")
        try:
            client.ops.list_items()
        except sdk.BadRequestError as exc:
            errors.append(exc)
        client.ops.list_items()
        client.ops.basic_items()
        return None

    runner.run(calls, base_url=userinfo_url(server.url))
    assert len(server.seen) == 5 and server.seen[0].query["api_key"] == [SECRETS["query_key"]]  # sent, then hidden
    assert len(errors) == 1
    texts = record_texts(logs)
    assert any("retry 1/1" in t and "api_key=[redacted]" in t for t in texts), texts  # the retry was logged
    assert any(t.startswith("httpx") and "HTTP Request" in t for t in texts), texts  # so was each request
    assert_hidden(texts + [str(e) for e in errors] + [repr(e) for e in errors])
    assert "[redacted]" in str(errors[0])  # the echoed key was in the message, hidden


@pytest.mark.parametrize("mode", MODES)
def test_a_connection_error_names_no_secret(sdk: ModuleType, logs: pytest.LogCaptureFixture, mode: str) -> None:
    runner = Runner(mode, sdk.HostileSecretsClient, sdk.AsyncHostileSecretsClient, **SECRETS, username="user")
    base_url = userinfo_url(f"http://127.0.0.1:{free_port()}")  # nothing listens there
    with pytest.raises(sdk.APIConnectionError) as caught:
        runner.run(lambda c: c.ops.list_items(), base_url=base_url, max_retries=1)
    assert "failed" in logs.text and "127.0.0.1" in str(caught.value)
    assert_hidden([*record_texts(logs), str(caught.value), repr(caught.value)])


def test_reprs_show_no_secret(sdk: ModuleType) -> None:
    with sdk.HostileSecretsClient(**SECRETS, username="user", base_url=userinfo_url("http://127.0.0.1:9")) as client:
        base = client._base
        texts = [repr(client), repr(base), repr(base.credentials), repr(base.redactor), repr(base.origins)]
        texts += [repr(v) for v in base.credentials.values.values() if not isinstance(v, str)]  # Basic
        texts.append(
            repr(sdk._base.RequestOptions("GET", "/x", extra_headers={"Authorization": "Bearer tok-secret-4"}))
        )
    assert "127.0.0.1:9" in texts[0]
    assert_hidden(texts)


def test_a_token_fetched_later_is_hidden_too(sdk: ModuleType) -> None:
    """The redactor reads the secrets when it redacts, so a value stored after the client was
    built (an OAuth 2 token) is covered."""
    client = sdk.HostileSecretsClient(**SECRETS, username="user", base_url="http://127.0.0.1:9")
    client._base.credentials.store_token("bearer", {"access_token": "fetched-token-9"})
    assert client._base.redactor.text("got fetched-token-9") == "got [redacted]"
    client.close()


def test_the_generated_client_is_clean(sdk: ModuleType) -> None:
    text = Path(sdk.__file__).with_name("_client.py").read_text(encoding="utf-8")
    assert "allow_credentials_to" in text and "def __repr__" in text
