"""Credentials fail early and clearly (issue 13, item 3), over real HTTP with the recording server.

Small specs written here: one whose every operation needs a credential (alternatives, and an
operation with HTTP basic of its own), one with public, secured and optional operations, and
one without security whose credential comes from the SDK config (GitHub's case). What is
checked: a missing or empty credential is a `CredentialsError` naming the arguments and the
environment variables — at construction when every operation needs one, else at the call —
with nothing sent; a request that cannot be sent as it stands is not retried; HTTP basic with
a user name alone sends `Basic base64("user:")`. Every case runs with the sync and the async
client.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import asdict
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx2
import pytest

from generator.config import load_project, make_config
from generator.diagnostics import BadInput
from tests.fault_server import FaultServer, Reply
from tests.helpers import check_trees, generate, import_package, sdkgen
from tests.runtime_helpers import MODES, Runner

OK = {"type": "object", "properties": {"id": {"type": "string"}}}


def _op(op_id: str, security: list[dict[str, list[str]]] | None = None) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": op_id,
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": OK}}}},
    }
    if security is not None:
        op["security"] = security
    return op


REQUIRED_SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Required", "version": "1.0.0"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {
        "securitySchemes": {
            "key": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "bearer": {"type": "http", "scheme": "bearer"},
            "basic": {"type": "http", "scheme": "basic"},
        }
    },
    "security": [{"key": []}, {"bearer": []}],
    "paths": {
        "/things": {"get": _op("listThings"), "post": _op("createThing")},
        "/charges": {"get": _op("listCharges", [{"basic": []}])},
    },
}

MIXED_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Mixed", "version": "1.0.0"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
    "paths": {
        "/public": {"get": _op("getPublic", [])},
        "/private": {"get": _op("getPrivate", [{"key": []}])},
        "/optional": {"get": _op("getOptional", [{"key": []}, {}])},
    },
}

BARE_SPEC = {  # no security anywhere, like GitHub's
    "openapi": "3.0.3",
    "info": {"title": "Bare", "version": "1.0.0"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {"/repos": {"get": _op("listRepos")}, "/user": {"get": _op("getUser")}},
}

TOKEN = {"type": "http", "scheme": "bearer", "env": "CREDS_TEST_GH_TOKEN"}


def _sdk(tmp: Path, name: str, spec: dict[str, Any], **options: object) -> ModuleType:
    path = tmp / f"{name}.json"
    path.write_text(json.dumps(spec))
    return import_package(generate(path, tmp / name, name, **options), name)


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    tmp = tmp_path_factory.mktemp("credentials")
    return {
        "required": _sdk(tmp, "creds_req", REQUIRED_SPEC),
        "mixed": _sdk(tmp, "creds_mixed", MIXED_SPEC),
        "token": _sdk(tmp, "creds_token", BARE_SPEC, security_schemes={"token": TOKEN}),
        "optional": _sdk(
            tmp,
            "creds_opt",
            BARE_SPEC,
            security_schemes={
                "token": {**TOKEN, "optional": True},
                "app_key": {"type": "apiKey", "in": "query", "name": "app_key"},
            },
        ),
    }


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for prefix in ("CREDS_REQ", "CREDS_MIXED", "CREDS_TOKEN", "CREDS_OPT"):
        for suffix in ("API_KEY", "KEY", "BEARER_TOKEN", "USERNAME", "PASSWORD", "TOKEN", "APP_KEY", "BASE_URL"):
            monkeypatch.delenv(f"{prefix}_{suffix}", raising=False)
    monkeypatch.delenv("CREDS_TEST_GH_TOKEN", raising=False)


def runner(mode: str, sdk: ModuleType, server: FaultServer, **kwargs: Any) -> Runner:
    classes = [getattr(sdk, n) for n in sdk.__all__ if n.endswith("Client")]
    sync = next(c for c in classes if not c.__name__.startswith("Async"))
    asynchronous = next(c for c in classes if c.__name__.startswith("Async"))
    return Runner(mode, sync, asynchronous, **{"base_url": server.url, **kwargs})


def _basic(user: str, password: str = "") -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# ------------------------------------------------------------------------------ construction
@pytest.mark.parametrize("mode", MODES)
def test_no_credential_at_construction_names_every_argument_and_variable(
    mode: str, sdks: dict[str, ModuleType], server: FaultServer
) -> None:
    sdk = sdks["required"]
    with pytest.raises(sdk.CredentialsError) as info:
        runner(mode, sdk, server).client()
    message = str(info.value)
    assert message.startswith(("CredsReqClient needs credentials: ", "AsyncCredsReqClient needs credentials: "))
    assert message.endswith(
        "pass api_key= or set CREDS_REQ_API_KEY; or pass bearer_token= or set CREDS_REQ_BEARER_TOKEN;"
        " or pass username= and password= (either may be left out) or set CREDS_REQ_USERNAME and"
        " CREDS_REQ_PASSWORD"
    )
    assert isinstance(info.value, sdk.SDKError)
    assert server.seen == []


@pytest.mark.parametrize("mode", MODES)
def test_an_empty_credential_is_a_missing_one(
    mode: str, sdks: dict[str, ModuleType], server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generated README's own `os.getenv("X", "")`, and an empty variable."""
    sdk = sdks["required"]
    monkeypatch.setenv("CREDS_REQ_API_KEY", "")
    monkeypatch.setenv("CREDS_REQ_BEARER_TOKEN", "")
    with pytest.raises(sdk.CredentialsError, match="pass api_key= or set CREDS_REQ_API_KEY"):
        runner(mode, sdk, server, api_key="").client()
    with pytest.raises(sdk.CredentialsError):
        runner(mode, sdk, server, bearer_token="", username="", password="").client()
    monkeypatch.setenv("CREDS_REQ_API_KEY", "from-env")  # an empty argument falls back to the variable
    server.default = Reply(200, {"id": "t"})
    runner(mode, sdk, server, api_key="").run(lambda c: c.things.list())
    assert server.seen[0].headers["X-API-Key"] == "from-env"


@pytest.mark.parametrize("mode", MODES)
def test_any_alternative_builds_the_client(mode: str, sdks: dict[str, ModuleType], server: FaultServer) -> None:
    sdk = sdks["required"]
    server.default = Reply(200, {"id": "t"})
    runner(mode, sdk, server, bearer_token="tok").run(lambda c: c.things.list())
    runner(mode, sdk, server, default_headers={"Authorization": "Bearer by-hand"}).run(lambda c: c.things.list())
    assert [s.headers["Authorization"] for s in server.seen] == ["Bearer tok", "Bearer by-hand"]


@pytest.mark.parametrize("mode", MODES)
def test_an_http_client_that_authenticates_by_itself_is_enough(
    mode: str, sdks: dict[str, ModuleType], server: FaultServer
) -> None:
    sdk = sdks["required"]
    server.default = Reply(200, {"id": "t"})
    http = httpx2.Client if mode == "sync" else httpx2.AsyncClient
    runner(mode, sdk, server, http_client=http(auth=("app", "secret"))).run(lambda c: c.things.list())
    runner(mode, sdk, server, http_client=http(headers={"x-api-key": "k"})).run(lambda c: c.things.list())
    assert server.seen[0].headers["Authorization"] == _basic("app", "secret")
    assert {k.lower(): v for k, v in server.seen[1].headers.items()}["x-api-key"] == "k"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("bad", ["sk_test\n", "sk\ntest", " sk", "sk\x00", "sk_tést"])
def test_a_key_that_cannot_be_a_header_value_is_refused_at_construction(
    mode: str, bad: str, sdks: dict[str, ModuleType], server: FaultServer
) -> None:
    sdk = sdks["required"]
    with pytest.raises(sdk.CredentialsError, match="^api_key cannot be sent in an HTTP header") as info:
        runner(mode, sdk, server, api_key=bad).client()
    assert bad.strip() not in str(info.value)  # the message never shows the secret
    assert server.seen == []


# ------------------------------------------------------------------------------ HTTP basic
@pytest.mark.parametrize("mode", MODES)
def test_basic_with_a_user_name_alone_sends_an_empty_password(
    mode: str, sdks: dict[str, ModuleType], server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stripe's documented form: the secret key as the user name, no password."""
    sdk = sdks["required"]
    server.default = Reply(200, {"id": "ch"})
    runner(mode, sdk, server, username="sk_test_123").run(lambda c: c.charges.list())
    monkeypatch.setenv("CREDS_REQ_USERNAME", "sk_env")
    runner(mode, sdk, server).run(lambda c: c.charges.list())
    runner(mode, sdk, server, password="only-password").run(lambda c: c.charges.list())
    assert [s.headers["Authorization"] for s in server.seen] == [
        _basic("sk_test_123"),
        _basic("sk_env"),
        _basic("sk_env", "only-password"),
    ]


@pytest.mark.parametrize("mode", MODES)
def test_a_user_name_alone_is_a_secret_kept_out_of_errors(
    mode: str, sdks: dict[str, ModuleType], server: FaultServer
) -> None:
    sdk = sdks["required"]
    server.default = Reply(401, {"error": "invalid API key sk_test_secret_123"})
    with pytest.raises(sdk.AuthenticationError) as info:
        runner(mode, sdk, server, username="sk_test_secret_123").run(lambda c: c.charges.list())
    assert "sk_test_secret_123" not in str(info.value) and "invalid API key" in str(info.value)


@pytest.mark.parametrize("mode", MODES)
def test_an_operation_needing_another_scheme_fails_before_sending(
    mode: str, sdks: dict[str, ModuleType], server: FaultServer
) -> None:
    sdk = sdks["required"]
    with pytest.raises(sdk.CredentialsError) as info:
        runner(mode, sdk, server, username="sk_test_123").run(lambda c: c.things.list())
    assert str(info.value) == (
        "GET /things needs a credential this client was not given:"
        " pass api_key= or set CREDS_REQ_API_KEY; or pass bearer_token= or set CREDS_REQ_BEARER_TOKEN"
    )
    assert server.seen == []


# ------------------------------------------------------------------------------ mixed and optional
@pytest.mark.parametrize("mode", MODES)
def test_mixed_security_raises_at_the_call_before_sending(
    mode: str, sdks: dict[str, ModuleType], server: FaultServer
) -> None:
    sdk = sdks["mixed"]
    run = runner(mode, sdk, server, max_retries=2)
    with pytest.raises(
        sdk.CredentialsError, match="^GET /private needs a .*: pass api_key= or set CREDS_MIXED_API_KEY$"
    ):
        run.run(lambda c: c.private.get())
    assert server.seen == [] and run.delays == []
    server.default = Reply(200, {"id": "x"})
    run.run(lambda c: c.public.get())
    run.run(lambda c: c.optional.get())
    run.run(lambda c: c.private.get(extra_headers={"X-Key": "by-hand"}))
    run.run(lambda c: c.private.get(), api_key="k")
    assert [s.path for s in server.seen] == ["/public", "/optional", "/private", "/private"]
    assert [s.headers.get("X-Key") for s in server.seen] == [None, None, "by-hand", "k"]


# ------------------------------------------------------------------------------ local errors
@pytest.mark.parametrize("mode", MODES)
def test_an_illegal_header_value_is_not_retried(mode: str, sdks: dict[str, ModuleType], server: FaultServer) -> None:
    sdk = sdks["mixed"]
    run = runner(mode, sdk, server, max_retries=2)
    with pytest.raises(sdk.APIConnectionError, match="not sent") as info:
        run.run(lambda c: c.public.get(extra_headers={"X-Trace": "a\nb"}))
    assert isinstance(info.value.__cause__, httpx2.LocalProtocolError)
    assert server.seen == [] and run.delays == []


@pytest.mark.parametrize("mode", MODES)
def test_a_header_value_httpx_cannot_encode_is_not_retried(
    mode: str, sdks: dict[str, ModuleType], server: FaultServer
) -> None:
    sdk = sdks["mixed"]
    run = runner(mode, sdk, server, max_retries=2)
    with pytest.raises(sdk.APIConnectionError, match="^GET http://127.0.0.1:[0-9]+/public: not sent: ") as info:
        run.run(lambda c: c.public.get(extra_headers={"X-Trace": "café"}))
    assert isinstance(info.value.__cause__, UnicodeEncodeError)
    assert server.seen == [] and run.delays == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("http://[::1/v1", "base_url is not a valid URL: Invalid IPv6 URL"),
        ("http://h:99999/v1", "base_url is not a valid URL: Port out of range"),
        ("ftp://127.0.0.1/v1", "base_url must be an absolute http:// or https:// URL"),
        ("api.example.com/v1", "base_url must be an absolute http:// or https:// URL"),
    ],
)
def test_a_bad_base_url_is_refused_at_construction(
    mode: str, base_url: str, message: str, sdks: dict[str, ModuleType], server: FaultServer
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        runner(mode, sdks["mixed"], server, base_url=base_url).client()


# ------------------------------------------------------------------------------ config-declared schemes
@pytest.mark.parametrize("mode", MODES)
def test_a_configured_bearer_from_its_variable(
    mode: str, sdks: dict[str, ModuleType], server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sdk = sdks["token"]
    with pytest.raises(sdk.CredentialsError, match="needs credentials: pass token= or set CREDS_TEST_GH_TOKEN$"):
        runner(mode, sdk, server).client()
    monkeypatch.setenv("CREDS_TEST_GH_TOKEN", "ghp_env")
    server.default = Reply(200, {"id": "r"})
    runner(mode, sdk, server).run(lambda c: c.repos.list())
    runner(mode, sdk, server, token="ghp_arg").run(lambda c: c.user.get())
    assert [s.headers["Authorization"] for s in server.seen] == ["Bearer ghp_env", "Bearer ghp_arg"]


@pytest.mark.parametrize("mode", MODES)
def test_a_configured_optional_scheme_lets_requests_go_without(
    mode: str, sdks: dict[str, ModuleType], server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sdk = sdks["optional"]
    server.default = Reply(200, {"id": "r"})
    runner(mode, sdk, server).run(lambda c: c.repos.list())
    runner(mode, sdk, server, token="t").run(lambda c: c.repos.list())
    monkeypatch.setenv("CREDS_OPT_APP_KEY", "q")  # the default variable: <ENV_PREFIX>_<NAME>
    runner(mode, sdk, server).run(lambda c: c.repos.list())
    assert [(s.headers.get("Authorization"), s.raw_query) for s in server.seen] == [
        (None, ""),
        ("Bearer t", ""),
        (None, "app_key=q"),
    ]


def test_configured_schemes_are_documented_and_fingerprinted(tmp_path: Path) -> None:
    spec = tmp_path / "bare.json"
    spec.write_text(json.dumps(BARE_SPEC))
    plain = make_config(spec, package_name="bare_client", base=tmp_path)
    configured = make_config(spec, package_name="bare_client", base=tmp_path, security_schemes={"token": TOKEN})
    assert plain.fingerprint() != configured.fingerprint()
    unchanged = {k: v for k, v in asdict(plain).items() if k not in ("spec", "output", "templates_dir")}
    del unchanged["security_schemes"]  # without the option, the fingerprint is the one older versions wrote
    for later in ("allow_credentials_to", "strip_path_prefix", "groups", "target", "npm_name"):  # likewise
        del unchanged[later]
    assert plain.fingerprint() == hashlib.sha256(json.dumps(unchanged, sort_keys=True).encode()).hexdigest()
    out = generate(spec, tmp_path / "out", "bare_client", security_schemes={"token": TOKEN})
    readme = (out / "README.md").read_text()
    assert "- `token`: `CREDS_TEST_GH_TOKEN`" in readme
    assert 'token=os.getenv("CREDS_TEST_GH_TOKEN", "")' in readme


def test_a_configured_scheme_applies_only_where_the_spec_declares_none(tmp_path: Path) -> None:
    from generator.pipeline import analyze

    spec = tmp_path / "mixed.json"
    spec.write_text(json.dumps(MIXED_SPEC | {"paths": {**MIXED_SPEC["paths"], "/bare": {"get": _op("getBare")}}}))
    config = make_config(spec, package_name="mixed_client", base=tmp_path, security_schemes={"token": TOKEN})
    ops = {op.operation_id: op.security for op in analyze(config).api.operations}
    assert ops == {
        "getPublic": (),
        "getPrivate": (("key",),),
        "getOptional": (("key",), ()),
        "getBare": (("token",),),
    }
    clash = make_config(spec, package_name="mixed_client", base=tmp_path, security_schemes={"key": TOKEN})
    with pytest.raises(BadInput, match="security_schemes.key has the name of a scheme the spec declares"):
        analyze(clash)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[]", "security_schemes must be a table of tables"),
        ('{ Token = { type = "http", scheme = "bearer" } }', "security_schemes.Token: the name becomes"),
        ('{ token = { type = "oauth2" } }', "security_schemes.token.type must be 'http' or 'apiKey', not 'oauth2'"),
        ('{ token = { type = "http" } }', "security_schemes.token.scheme must be an HTTP auth scheme"),
        ('{ token = { type = "http", scheme = "bearer", in = "header" } }', "unknown key(s) ['in'] for type 'http'"),
        ('{ token = { type = "apiKey", in = "body", name = "k" } }', ".in must be 'header', 'query' or 'cookie'"),
        ('{ token = { type = "apiKey", in = "header", name = "a b" } }', "security_schemes.token.name must be"),
        ('{ token = { type = "http", scheme = "bearer", env = "A-B" } }', "security_schemes.token.env must be"),
        ('{ token = { type = "http", scheme = "bearer", optional = "yes" } }', ".optional must be true or false"),
    ],
)
def test_a_bad_security_schemes_config_is_a_clear_error(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "bare.json").write_text(json.dumps(BARE_SPEC))
    (tmp_path / "pyproject.toml").write_text(f'[[tool.sdkgen.sdk]]\nspec = "bare.json"\nsecurity_schemes = {table}\n')
    with pytest.raises(BadInput) as info:
        load_project(tmp_path)
    assert message in info.value.message and info.value.file == str(tmp_path / "pyproject.toml")


def test_a_bad_security_schemes_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bare.json").write_text(json.dumps(BARE_SPEC))
    table = '{ token = { type = "http", scheme = "bearer", env = "GITHUB TOKEN" } }'
    (tmp_path / "pyproject.toml").write_text(f'[[tool.sdkgen.sdk]]\nspec = "bare.json"\nsecurity_schemes = {table}\n')
    result = sdkgen("generate", "-q", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'pyproject.toml'}: security_schemes.token.env must be an environment variable name"
        " (letters, digits, _), not 'GITHUB TOKEN'"
    ]
    assert not (tmp_path / "generated").exists()


@pytest.mark.slow
def test_the_generated_sdks_are_clean(sdks: dict[str, ModuleType]) -> None:
    """mypy --strict, ruff and black over the SDKs above, the config-declared schemes included."""
    trees = [(Path(sdk.__file__).parent.parent, sdk.__name__) for sdk in sdks.values()]
    problems = check_trees(trees)
    assert all(found == [] for found in problems.values()), problems
