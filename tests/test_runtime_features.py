"""The runtime features of a generated SDK, end to end against a local scripted server.

The SDK is the committed golden tree of tests/golden/specs/runtime_31.yaml, one operation per
behaviour: offset, page-number and Link-header pagination, polling, downloads, event streams,
several response media types, declared error bodies, every kind of credential (OAuth 2 client
credentials included), optional and per-operation security, servers and server variables,
parameter styles, multipart and form bodies, raw responses and event hooks. Every case runs with
the sync and the async client.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import socket
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import httpx2
import pytest

from tests.fault_server import Chunks, FaultServer, Reply, Seen
from tests.helpers import ROOT, import_package
from tests.runtime_helpers import MODES, Runner, collect, drain, pages, read

GOLDEN = ROOT / "tests" / "golden" / "runtime_31"


@pytest.fixture(scope="module")
def sdk() -> ModuleType:
    return import_package(GOLDEN, "runtime_31")


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Runner:
    return Runner(request.param, sdk.Runtime31Client, sdk.AsyncRuntime31Client, api_key="k", base_url=server.url)


def item(i: int) -> dict[str, Any]:
    return {"id": f"i{i}", "name": f"item {i}"}


# ------------------------------------------------------------------------------ pagination
def test_offset_pagination_advances_by_the_items_received(runner: Runner, server: FaultServer) -> None:
    def by_offset(seen: Seen) -> Reply:
        start = int(seen.query.get("offset", ["0"])[0])
        return Reply(200, {"data": [item(i) for i in range(start, min(start + 2, 5))], "total": 5})

    server.default = by_offset
    ids = [i.id for i in runner.run(lambda c: collect(c.items.list()))]
    assert ids == [f"i{i}" for i in range(5)]
    assert [s.query.get("offset") for s in server.seen] == [None, ["2"], ["4"], ["5"]]  # the last page is empty


def test_offset_pagination_stops_on_a_short_page_when_the_limit_is_known(runner: Runner, server: FaultServer) -> None:
    def by_offset(seen: Seen) -> Reply:
        start = int(seen.query.get("offset", ["0"])[0])
        return Reply(200, {"data": [item(i) for i in range(start, min(start + 2, 5))]})

    server.default = by_offset
    got = runner.run(lambda c: pages(c.items.list(offset=0, limit=2)))
    assert [len(p.data) for p in got] == [2, 2, 1] and [p.next_cursor for p in got] == [2, 4, None]
    assert [s.query["offset"] for s in server.seen] == [["0"], ["2"], ["4"]]


def test_page_number_pagination(runner: Runner, server: FaultServer) -> None:
    def by_page(seen: Seen) -> Reply:
        page = int(seen.query.get("page", ["1"])[0])
        return Reply(200, [item(i) for i in range((page - 1) * 2, min(page * 2, 3))])

    server.default = by_page
    ids = [i.id for i in runner.run(lambda c: collect(c.items.list_by_page(per_page=2)))]
    assert ids == ["i0", "i1", "i2"]
    assert [s.query.get("page") for s in server.seen] == [None, ["2"]]


def test_link_header_pagination_follows_rel_next(runner: Runner, server: FaultServer) -> None:
    def linked(seen: Seen) -> Reply:
        page = int(seen.query.get("page", ["1"])[0])
        headers = {"Link": f'<{server.url}/items/linked?per_page=1&page={page + 1}>; rel="next", <x>; rel="last"'}
        return Reply(200, [item(page)], headers if page < 3 else {})

    server.default = linked
    ids = [i.id for i in runner.run(lambda c: collect(c.items.list_linked(per_page=1)))]
    assert ids == ["i1", "i2", "i3"]
    assert [s.raw_query for s in server.seen] == ["per_page=1", "per_page=1&page=2", "per_page=1&page=3"]
    assert all(s.headers["X-API-Key"] == "k" for s in server.seen)


def test_a_next_link_to_another_origin_is_refused(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, [item(1)], {"Link": '<https://evil.example/items?page=2>; rel="next"'})
    with pytest.raises(sdk.PaginationError, match="another origin"):
        runner.run(lambda c: collect(c.items.list_linked()))
    assert len(server.seen) == 1


def test_a_server_that_ignores_the_offset_stops_with_an_error(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    server.default = Reply(200, {"data": [item(1), item(2)]})
    with pytest.raises(sdk.PaginationError, match="same page twice"):
        runner.run(lambda c: collect(c.items.list()))
    assert len(server.seen) == 2


# ------------------------------------------------------------------------------ polling
def test_start_and_wait_polls_until_a_terminal_status(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.script = [
        Reply(202, {"jobId": "j/1", "status": "queued"}),
        Reply(200, {"id": "j/1", "status": "queued"}),
        Reply(200, {"id": "j/1", "status": "running"}),
        Reply(200, {"id": "j/1", "status": "succeeded", "result": "done"}),
    ]
    job = runner.run(lambda c: c.jobs.start_and_wait(body={"task": "t"}, poll_interval=1.5))
    assert isinstance(job, sdk.models.Job) and job.result == "done"
    assert runner.delays == [1.5, 1.5]
    assert [(s.method, s.path) for s in server.seen] == [("POST", "/jobs")] + [("GET", "/jobs/j%2F1")] * 3


def test_a_failed_job_is_returned_not_raised(runner: Runner, server: FaultServer) -> None:
    server.script = [Reply(202, {"jobId": "j1", "status": "queued"}), Reply(200, {"id": "j1", "status": "failed"})]
    assert runner.run(lambda c: c.jobs.start_and_wait(body={"task": "t"})).status.value == "failed"


def test_polling_gives_up_after_poll_timeout(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.script = [Reply(202, {"jobId": "j1", "status": "queued"})]
    server.default = Reply(200, {"id": "j1", "status": "running"})
    with pytest.raises(sdk.PollingTimeoutError) as info:
        runner.run(lambda c: c.jobs.start_and_wait(body={"task": "t"}, poll_interval=2, poll_timeout=7))
    assert runner.delays == [2, 2, 2] and info.value.last.status.value == "running"


# ------------------------------------------------------------------------------ responses
def test_a_download_is_streamed(runner: Runner, server: FaultServer, tmp_path: Path) -> None:
    blob = bytes(range(256)) * 64
    server.default = Reply(200, content=blob, content_type="application/octet-stream")
    assert runner.run(lambda c: read(c.files.download("f1"))) == blob
    assert server.seen[0].headers["Accept"] == "application/octet-stream"
    if runner.mode == "sync":
        with runner.client() as client, client.files.download("f1") as download:
            assert download.write_to_file(tmp_path / "f.bin") == len(blob)
            assert download.content_type == "application/octet-stream"
        assert (tmp_path / "f.bin").read_bytes() == blob


def test_event_streams_yield_typed_events(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Chunks(
        [
            b": keep-alive\n\n",
            b'event: progress\nid: 1\ndata: {"percent": 10,\n',
            b'data: "note": "multi\\nline"}\n\n',
            b'data: {"percent": 100}\r\n\r\n',
            b"data: [DONE]\n\n",
            b'data: {"percent": 999}\n\n',
        ]
    )
    events = runner.run(lambda c: drain(c.jobs.events("j1")))
    assert [e.data.percent for e in events] == [10, 100]
    assert isinstance(events[0].data, sdk.models.Progress) and events[0].data.note == "multi\nline"
    assert (events[0].event, events[0].id, events[1].event) == ("progress", "1", "message")
    assert server.seen[0].headers["Accept"] == "text/event-stream"


def test_text_event_streams_yield_strings(runner: Runner, server: FaultServer) -> None:
    server.default = Chunks([b"data: line one\n\ndata: line two\n", b"retry: 500\n\n"])
    events = runner.run(lambda c: drain(c.jobs.log("j1")))
    assert [(e.data, e.retry) for e in events] == [("line one", None), ("line two", 500)]


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/json", b'{"id": "i1"}', "model"),
        ("text/csv; charset=utf-8", b"id,name\ni1,one\n", "id,name\ni1,one\n"),
        ("image/png", b"\x89PNG\r\n", b"\x89PNG\r\n"),
    ],
)
def test_several_media_types_decode_by_content_type(
    runner: Runner, sdk: ModuleType, server: FaultServer, content_type: str, body: bytes, expected: object
) -> None:
    server.default = Reply(200, content=body, content_type=content_type)
    got = runner.run(lambda c: c.items.report("i1"))
    if expected == "model":
        assert isinstance(got, sdk.models.Item) and got.id == "i1"
    else:
        assert got == expected
    assert server.seen[0].headers["Accept"] == "application/json, text/csv, image/png"


# ------------------------------------------------------------------------------ errors
def test_declared_error_bodies_are_decoded(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.script = [
        Reply(404, {"message": "gone", "item_id": "i9"}),
        Reply(500, {"title": "boom", "status": 500}),
        Reply(404, {"unexpected": True}),
    ]
    with pytest.raises(sdk.NotFoundError) as not_found:
        runner.run(lambda c: c.items.get("i9"))
    assert isinstance(not_found.value.body, sdk.models.NotFound) and not_found.value.body.item_id == "i9"
    with pytest.raises(sdk.InternalServerError) as failed:
        runner.run(lambda c: c.items.get("i9", max_retries=0))
    assert isinstance(failed.value.body, sdk.models.Problem) and failed.value.body.title == "boom"
    with pytest.raises(sdk.NotFoundError) as odd:
        runner.run(lambda c: c.items.get("i9"))
    assert odd.value.body == {"unexpected": True}  # not the declared schema: kept as JSON


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (418, "APIStatusError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (503, "InternalServerError"),
    ],
)
def test_a_class_per_common_status(sdk: ModuleType, server: FaultServer, status: int, name: str) -> None:
    server.default = Reply(status, {"why": status})
    runner = Runner("sync", sdk.Runtime31Client, sdk.AsyncRuntime31Client, api_key="k", base_url=server.url)
    with pytest.raises(sdk.APIStatusError) as info:
        runner.run(lambda c: c.jobs.get("j1", max_retries=0))
    assert type(info.value) is getattr(sdk, name)
    assert (info.value.status_code, info.value.body) == (status, {"why": status})


def test_connection_errors_are_wrapped(sdk: ModuleType) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with sdk.Runtime31Client(api_key="k", base_url=f"http://127.0.0.1:{port}", max_retries=0) as client:
        with pytest.raises(sdk.APIConnectionError) as info:
            client.jobs.get("j1")
    assert not isinstance(info.value, sdk.APITimeoutError) and info.value.request is not None


def test_the_error_tree(sdk: ModuleType) -> None:
    assert issubclass(sdk.APITimeoutError, sdk.APIConnectionError)
    for name in ("APIConnectionError", "APIStatusError", "PaginationError", "PollingTimeoutError"):
        assert issubclass(getattr(sdk, name), sdk.SDKError)
    for name in ("BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError"):
        assert issubclass(getattr(sdk, name), sdk.APIStatusError)
    doc = sdk.errors.__doc__
    assert all(name in doc for name in sdk.errors.__all__)


# ------------------------------------------------------------------------------ security
def test_oauth2_client_credentials_are_fetched_cached_and_refreshed(runner: Runner, server: FaultServer) -> None:
    tokens = iter(["t1", "t2", "t3"])

    def answer(seen: Seen) -> Reply:
        if seen.path == "/oauth/token":
            return Reply(200, {"access_token": next(tokens), "token_type": "bearer", "expires_in": 3600})
        return Reply(401) if seen.headers.get("Authorization") == "Bearer t2" else Reply(204)

    server.default = answer
    now = [1000.0]

    def later() -> None:
        now[0] += 3600 - 10  # within the refresh leeway: the next call fetches a new token first

    def calls(c: Any) -> Any:
        c._base.credentials.clock = lambda: now[0]
        if runner.mode == "sync":
            c.auth.oauth_only()
            c.auth.oauth_only()
            later()
            return c.auth.oauth_only()

        async def three() -> None:
            await c.auth.oauth_only()
            await c.auth.oauth_only()
            later()
            await c.auth.oauth_only()

        return three()

    runner.run(calls, client_id="id", client_secret="s3cret")
    token_requests = [s for s in server.seen if s.path == "/oauth/token"]
    assert len(token_requests) == 3  # t1 (cached for two calls), t2 (expiring: refreshed; then 401), t3
    assert parse_qs(token_requests[0].body.decode()) == {"grant_type": ["client_credentials"], "scope": ["read"]}
    assert token_requests[0].headers["Authorization"] == "Basic " + base64.b64encode(b"id:s3cret").decode()
    used = [s.headers.get("Authorization") for s in server.seen if s.path == "/auth/oauth"]
    assert used == ["Bearer t1", "Bearer t1", "Bearer t2", "Bearer t3"]


def test_a_failing_token_endpoint_is_a_typed_error(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.script = [Reply(401, {"error": "invalid_client"}), Reply(200, {"token_type": "bearer"})]
    with pytest.raises(sdk.AuthenticationError):
        runner.run(lambda c: c.auth.oauth_only(), client_id="id", client_secret="bad")
    with pytest.raises(sdk.SDKError, match="without an access_token"):
        runner.run(lambda c: c.auth.oauth_only(), client_id="id", client_secret="s")
    assert [s.path for s in server.seen] == ["/oauth/token", "/oauth/token"]


def test_an_access_token_is_used_as_given(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(204)
    runner.run(lambda c: c.auth.oauth_only(), access_token="tok")
    assert [s.headers["Authorization"] for s in server.seen] == ["Bearer tok"]


def test_basic_public_and_optional_security(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(204)
    runner.run(lambda c: c.auth.basic_only(), username="ann", password="pw")
    runner.run(lambda c: c.auth.public_info())
    runner.run(lambda c: c.auth.optional())
    runner.run(lambda c: c.auth.optional(), bearer_token="b")
    basic, public, optional_without, optional_with = server.seen
    assert basic.headers["Authorization"] == "Basic " + base64.b64encode(b"ann:pw").decode()
    assert "X-API-Key" not in public.headers and "Authorization" not in public.headers
    assert "Authorization" not in optional_without.headers
    assert optional_with.headers["Authorization"] == "Bearer b"


def test_credentials_default_from_the_environment(
    runner: Runner, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.default = Reply(204)
    monkeypatch.setenv("RUNTIME_31_USERNAME", "env-user")
    monkeypatch.setenv("RUNTIME_31_PASSWORD", "env-pw")
    monkeypatch.setenv("RUNTIME_31_API_KEY", "env-key")
    runner.kwargs.pop("api_key")
    runner.run(lambda c: c.auth.basic_only())
    server.default = Reply(200, item(1))
    runner.run(lambda c: c.items.get("i1"))
    assert server.seen[0].headers["Authorization"] == "Basic " + base64.b64encode(b"env-user:env-pw").decode()
    assert server.seen[1].headers["X-API-Key"] == "env-key"


# ------------------------------------------------------------------------------ servers
def test_servers_and_server_variables(sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RUNTIME_31_BASE_URL", raising=False)
    assert sdk.Runtime31Client(api_key="k").base_url == "https://eu.api.example.com/v1"
    assert (
        sdk.Runtime31Client(api_key="k", server_variables={"region": "us"}).base_url == "https://us.api.example.com/v1"
    )
    assert sdk.AsyncRuntime31Client(api_key="k", server=1).base_url == "https://sandbox.example.com"
    with pytest.raises(ValueError, match="must be one of"):
        sdk.Runtime31Client(api_key="k", server_variables={"region": "mars"})
    with pytest.raises(ValueError, match="unknown server variable"):
        sdk.Runtime31Client(api_key="k", server_variables={"zone": "a"})
    with pytest.raises(ValueError, match="index from 0 to 1"):
        sdk.Runtime31Client(api_key="k", server=2)
    monkeypatch.setenv("RUNTIME_31_BASE_URL", "http://127.0.0.1:9/env")
    assert sdk.Runtime31Client(api_key="k").base_url == "http://127.0.0.1:9/env"


def test_an_operation_server_applies_unless_the_caller_chose_a_base_url(
    sdk: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RUNTIME_31_BASE_URL", raising=False)
    captured: list[str] = []

    def transport(request: httpx2.Request) -> httpx2.Response:
        captured.append(str(request.url))
        return httpx2.Response(204)

    for base_url in (None, "http://mine.example"):
        http = httpx2.Client(transport=httpx2.MockTransport(transport))
        with sdk.Runtime31Client(api_key="k", base_url=base_url, http_client=http) as client:
            client.auth.elsewhere()
            client.auth.public_info()
    assert captured == [
        "https://other.example.com/base/auth/elsewhere",
        "https://eu.api.example.com/v1/auth/public",
        "http://mine.example/auth/elsewhere",
        "http://mine.example/auth/public",
    ]


# ------------------------------------------------------------------------------ requests
def test_parameter_styles_on_the_wire(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(200, item(1))
    runner.run(
        lambda c: c.items.get(
            "a b/c",
            filter={"color": "red", "size": 2},
            tags=["x", "y z"],
            x_trace_id="t-1",
            session="s=1",
            extra_query={"debug": True},
        )
    )
    seen = server.seen[0]
    assert seen.path == "/items/a%20b%2Fc"
    assert seen.raw_query == "filter%5Bcolor%5D=red&filter%5Bsize%5D=2&tags=x%7Cy+z&debug=true"
    assert seen.headers["X-Trace-Id"] == "t-1" and seen.headers["Cookie"] == "session=s=1"


def test_multipart_parts_carry_the_encoding_content_types(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(201, {"id": "f1"})
    body = {"file": b"\x89PNG", "metadata": {"title": "T"}, "tags": ["a", "b"]}
    assert runner.run(lambda c: c.files.upload(body=body)).id == "f1"
    seen = server.seen[0]
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + seen.headers["Content-Type"].encode() + b"\r\n\r\n" + seen.body
    )
    parts = [
        (p.get_param("name", header="content-disposition"), p.get_content_type(), p.get_content())
        for p in message.iter_parts()
    ]
    assert ("file", "image/png", b"\x89PNG") in parts
    assert ("metadata", "application/json", b'{"title": "T"}') in [
        (n, t, bytes(c)) for n, t, c in parts if n == "metadata"
    ]
    assert [c for n, _, c in parts if n == "tags"] == ["a", "b"]


def test_binary_uploads_are_sent_raw_and_replayed_on_retry(runner: Runner, server: FaultServer, tmp_path: Path) -> None:
    source = tmp_path / "photo.png"
    source.write_bytes(b"\x89PNG" * 1000)
    server.script = [Reply(503, {}), Reply(200, {"id": "f1"}), Reply(503, {}), Reply(201, {"id": "f2"})]
    with source.open("rb") as handle:
        assert runner.run(lambda c: c.files.replace("f1", body=handle)).id == "f1"
    with source.open("rb") as handle:
        assert runner.run(lambda c: c.files.upload(body={"file": handle})).id == "f2"
    puts, posts = server.seen[:2], server.seen[2:]
    assert [s.body for s in puts] == [source.read_bytes()] * 2
    assert all(s.headers["Content-Type"] == "application/octet-stream" for s in puts)
    assert len({s.body for s in posts}) == 1 and b'filename="photo.png"' in posts[0].body
    assert source.read_bytes() in posts[0].body


def test_form_bodies_by_default_repeat_arrays_and_send_objects_as_json(runner: Runner, server: FaultServer) -> None:
    # No `encoding`: the Encoding Object's defaults (OpenAPI 3.1.1 §4.8.15, "URL Encoded Form with
    # JSON Values"): each item of an array on its own, an object as JSON text.
    server.default = Reply(200, [])
    runner.run(lambda c: c.files.search(body={"q": "cats", "kinds": ["png", "gif"], "range": {"low": 1, "high": 9}}))
    seen = server.seen[0]
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(seen.body.decode()) == {"q": ["cats"], "kinds": ["png", "gif"], "range": ['{"low":1,"high":9}']}


# ------------------------------------------------------------------------------ raw responses, hooks, http client
def test_raw_responses_carry_the_http_response(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, item(3), {"X-Request-Id": "r-3"})
    raw = runner.run(lambda c: c.with_raw_response.items.get("i3"))
    assert isinstance(raw, sdk.RawResponse) and raw.status_code == 200 and raw.headers["x-request-id"] == "r-3"
    assert isinstance(raw.parse(), sdk.models.Item) and raw.parsed.id == "i3"
    assert runner.run(lambda c: c.items.with_raw_response.get("i3")).http_response.json() == item(3)


def test_event_hooks_see_every_attempt(runner: Runner, server: FaultServer) -> None:
    server.script = [Reply(503, {}), Reply(200, item(1))]
    seen: list[str] = []

    def on_request(request: Any) -> None:
        seen.append(f"> {request.method} {request.url.path}")

    if runner.mode == "sync":

        def on_response(response: Any) -> None:
            seen.append(f"< {response.status_code}")

    else:

        async def on_response(response: Any) -> None:  # type: ignore[misc]
            seen.append(f"< {response.status_code}")

    runner.run(lambda c: c.items.get("i1"), event_hooks={"request": [on_request], "response": [on_response]})
    assert seen == ["> GET /items/i1", "< 503", "> GET /items/i1", "< 200"]


def test_unknown_event_hooks_are_refused(sdk: ModuleType) -> None:
    with pytest.raises(ValueError, match="unknown event hook"):
        sdk.Runtime31Client(api_key="k", base_url="http://x", event_hooks={"requests": []})


def test_a_custom_http_client_is_used_and_left_open(sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, item(1))
    http = httpx2.Client(headers={"X-From": "custom"})
    with sdk.Runtime31Client(api_key="k", base_url=server.url, http_client=http) as client:
        client.items.get("i1")
    assert server.seen[0].headers["X-From"] == "custom" and not http.is_closed
    http.close()
