"""No value of a path parameter changes the route (issue 12, "Dot segments in path values").

An SDK generated from a spec written here (a parameter in the middle and at the end of a
template, in `simple`, `label` and `matrix` style), built for httpx2 and for httpx, sends
requests with its sync and its async client to the local recording server. A property test
over arbitrary text checks on the wire that the received raw path has exactly the template's
segments, no query, and that the decoded segment is the value. The values that would make a
segment `.` or `..` are refused with `ValueError` before any request: httpx resolves a literal
dot segment itself, and the percent-encoded `%2E%2E` is resolved by servers and proxies that
normalize URLs, so no encoding would keep the route.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import httpx
import httpx2
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fault_server import FaultServer, Reply
from tests.helpers import generate, import_package

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Hostile paths", "version": "1.0.0"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {
        "/users/{user_id}/files/{file_id}": {
            "parameters": [
                {"name": "user_id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}},
            ],
            "delete": {"operationId": "deleteFile", "tags": ["files"], "responses": {"204": {"description": "gone"}}},
        },
        "/files/{name}/meta": {
            "get": {
                "operationId": "getMeta",
                "tags": ["files"],
                "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "found"}},
            }
        },
        "/styled/{label}/{matrix}/end": {
            "get": {
                "operationId": "getStyled",
                "tags": ["files"],
                "parameters": [
                    {"name": "label", "in": "path", "required": True, "style": "label", "schema": {"type": "string"}},
                    {"name": "matrix", "in": "path", "required": True, "style": "matrix", "schema": {"type": "string"}},
                ],
                "responses": {"204": {"description": "found"}},
            }
        },
        "/lists/{ids}": {
            "get": {
                "operationId": "getList",
                "tags": ["files"],
                "parameters": [
                    {
                        "name": "ids",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "array", "items": {"type": "string"}},
                    }
                ],
                "responses": {"204": {"description": "found"}},
            }
        },
    },
}

LIBRARIES = ["httpx2", "httpx"]
MODES = ["sync", "async"]


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    root = tmp_path_factory.mktemp("hostile_paths")
    spec = root / "spec.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    out = {}
    for library in LIBRARIES:
        package = f"hostile_paths_{library}"
        generate(spec, root / library, package, http_library=library)
        out[library] = import_package(root / library, package)
    return out


Call = Callable[[Callable[[Any], Any]], Any]


@pytest.fixture(params=[(lib, mode) for lib in LIBRARIES for mode in MODES], ids=lambda p: f"{p[0]}-{p[1]}")
def call(request: pytest.FixtureRequest, sdks: dict[str, ModuleType], server: FaultServer) -> Iterator[Call]:
    """Runs `action(client)` with one client of the SDK for the whole test (a property test
    makes many calls), sync or async; the async one on one event loop."""
    library, mode = request.param
    sdk = sdks[library]
    name = f"HostilePaths{library.capitalize()}Client"
    server.default = Reply(204)
    if mode == "sync":
        with getattr(sdk, name)(base_url=server.url, max_retries=0) as client:
            yield lambda action: action(client)
        return
    loop = asyncio.new_event_loop()
    client = getattr(sdk, "Async" + name)(base_url=server.url, max_retries=0)

    async def run(action: Callable[[Any], Any]) -> Any:
        return await action(client)

    try:
        yield lambda action: loop.run_until_complete(run(action))
    finally:
        loop.run_until_complete(client.close())
        loop.close()


def received(server: FaultServer) -> tuple[str, list[str]]:
    """The method and the raw path segments of the one request the server saw since the last call."""
    assert len(server.seen) == 1, [s.path for s in server.seen]
    seen = server.seen.pop()
    assert seen.raw_query == "", seen.raw_query  # nothing of a value reached the query
    return seen.method, seen.path.split("/")[1:]


def decoded(segment: str) -> str:
    return unquote(segment, errors="strict")


HOSTILE = [
    "..",
    ".",
    "...",
    "a/../b",
    "../../admin",
    "%2e%2e",
    "%2E%2E/",
    "%2F",
    "%",
    "%%",
    "?admin=1",
    "a?b#c",
    "#frag",
    "a b",
    ";x=1",
    "a;b",
    "\\..\\",
    "ünïcødé ☃ 日本",
    "\u2025",  # TWO DOT LEADER, folds to ".." under NFKC
    "\uff0e\uff0e",  # FULLWIDTH FULL STOPs
    "{file_id}",
    "\r\nX-Injected: 1",
    "\x00",
]
VALUES = st.text(st.characters(exclude_categories=("Cs",)), min_size=1).filter(lambda v: v not in (".", ".."))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES)
@example(value="a/../b")
@example(value="%2e%2e")
@example(value="...")
@example(value="?#%; ünï")
@example(value="\u2025")
def test_no_path_value_changes_the_route(call: Call, server: FaultServer, value: str) -> None:
    call(lambda c: c.files.delete(user_id="42", file_id=value))
    method, segments = received(server)
    assert method == "DELETE" and segments[:3] == ["users", "42", "files"] and len(segments) == 4
    assert decoded(segments[3]) == value

    call(lambda c: c.files.get_meta(name=value))
    method, segments = received(server)
    assert method == "GET" and len(segments) == 3 and segments[0] == "files" and segments[2] == "meta"
    assert decoded(segments[1]) == value

    call(lambda c: c.files.get_styled(label=value, matrix=value))
    _, segments = received(server)
    assert len(segments) == 4 and segments[0] == "styled" and segments[3] == "end"
    assert decoded(segments[1]) == "." + value and decoded(segments[2]) == ";matrix=" + value


def test_hostile_values_on_the_wire(call: Call, server: FaultServer) -> None:
    for value in HOSTILE:
        if value in (".", ".."):
            continue
        call(lambda c: c.files.delete(user_id=value, file_id=value))  # noqa: B023 (called at once)
        method, segments = received(server)
        assert method == "DELETE" and len(segments) == 4 and [segments[0], segments[2]] == ["users", "files"], value
        assert decoded(segments[1]) == decoded(segments[3]) == value


@pytest.mark.parametrize(
    "action",
    [
        lambda c: c.files.delete(user_id="42", file_id=".."),
        lambda c: c.files.delete(user_id="42", file_id="."),
        lambda c: c.files.delete(user_id="..", file_id="x"),
        lambda c: c.files.get_meta(name=".."),
        lambda c: c.files.get_styled(label=".", matrix="x"),  # label style: the segment would be ".."
        lambda c: c.files.get_list(ids=[".."]),
        lambda c: c.files.get_list(ids=[]),
        lambda c: c.files.get_meta(name=""),
    ],
    ids=["end-dotdot", "end-dot", "middle-dotdot", "meta-dotdot", "label-dot", "array-dotdot", "array-empty", "empty"],
)
def test_dot_segments_are_refused_before_any_request(
    call: Call, server: FaultServer, action: Callable[[Any], Any]
) -> None:
    with pytest.raises(ValueError, match="path parameter"):
        call(action)
    assert server.seen == []


@pytest.mark.parametrize("url", [httpx.URL, httpx2.URL], ids=["httpx", "httpx2"])
def test_the_http_library_resolves_dot_segments_but_keeps_encoded_ones(url: Callable[[str], Any]) -> None:
    """Why `.` and `..` are refused rather than sent: the URL class of either library resolves a
    literal dot segment (`DELETE /users/42/files/..` leaves as `DELETE /users/42`), and leaves
    the percent-encoded segments the SDK writes as they are (so what the tests above see on the
    wire is what the SDK wrote)."""
    assert url("http://h/users/42/files/..").raw_path == b"/users/42"
    assert url("http://h/users/42/files/./x").raw_path == b"/users/42/files/x"
    assert url("http://h/users/42/files/a%2F..%2Fb").raw_path == b"/users/42/files/a%2F..%2Fb"
    assert url("http://h/users/42/files/%252e%252e").raw_path == b"/users/42/files/%252e%252e"


def test_the_generated_check_runs_before_the_token_request(sdks: dict[str, ModuleType]) -> None:
    """The check is in `replayable`, which the transport calls before anything is sent."""
    runtime = sdks["httpx2"]._request
    options = runtime.RequestOptions(method="GET", path="/a/{x}/b", path_params={"x": ".."})
    with pytest.raises(ValueError, match="dot segment"):
        runtime.replayable(options)
    encoded = runtime.fill_path("/a/{x};{y}", {"x": "%2e", "y": "a?b"}, {"y": ("matrix", False)})
    assert encoded == "/a/%252e;;y=a%3Fb"


def test_a_matrix_parameter_name_is_encoded_too(sdks: dict[str, ModuleType]) -> None:
    serialize = sdks["httpx2"]._serialize.serialize_path
    assert serialize("id?admin=1#", "v", "matrix", False) == ";id%3Fadmin%3D1%23=v"
    assert serialize("a/b", ["x", "y"], "matrix", True) == ";a%2Fb=x;a%2Fb=y"
