"""The generated runtime against a local scripted server: pagination, retries, timeouts, errors.

Real sockets on 127.0.0.1 (`fault_server.py`); the retry sleep is replaced by a recorder, so the
delays the policy chose are asserted without waiting for them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pydantic
import pytest

from tests.fault_server import FaultServer, Reply, Reset, Seen, Slow
from tests.helpers import ROOT, import_package

PROCESS_RUNS = ROOT / "generated" / "process_runs_client"


def run(i: int) -> dict[str, Any]:
    return {
        "agent_id": "a1",
        "created_at": "2021-01-01T12:00:00Z",
        "id": f"run-{i}",
        "name": f"run {i}",
        "process_id": "p1",
        "stage": "Draft",
        "status": "Created",
    }


def paged(seen: Seen) -> Reply:
    """Pages of 2 runs; the cursor is the next start index; 7 runs in all (4 pages)."""
    start = int(seen.query.get("continuation_token", ["0"])[0])
    items = [run(i) for i in range(start, min(start + 2, 7))]
    token = str(start + 2) if start + 2 < 7 else None
    return Reply(200, {"continuation_token": token, "items": items})


@pytest.fixture()
def sdk() -> ModuleType:
    return import_package(PROCESS_RUNS, "process_runs_client")


@pytest.fixture()
def server() -> Iterator[FaultServer]:
    with FaultServer() as s:
        yield s


def sync_client(sdk: ModuleType, server: FaultServer, **kw: Any) -> tuple[Any, list[float]]:
    client = sdk.ProcessRunsClient(api_key="secret", base_url=server.url, **kw)
    delays: list[float] = []
    client._transport.sleep = delays.append
    return client, delays


def async_client(sdk: ModuleType, server: FaultServer, **kw: Any) -> tuple[Any, list[float]]:
    client = sdk.AsyncProcessRunsClient(api_key="secret", base_url=server.url, **kw)
    delays: list[float] = []

    async def record(seconds: float) -> None:
        delays.append(seconds)

    client._transport.sleep = record
    return client, delays


# ------------------------------------------------------------------------------ pagination
def test_iterating_walks_every_page(sdk: ModuleType, server: FaultServer) -> None:
    server.default = paged
    client, _ = sync_client(sdk, server)
    ids = [r.id for r in client.runs.list(process_id="p1", agent_id="a1")]
    assert ids == [f"run-{i}" for i in range(7)]
    assert len(server.seen) == 4
    assert [s.query.get("continuation_token") for s in server.seen] == [None, ["2"], ["4"], ["6"]]
    assert all(s.query["process_id"] == ["p1"] and s.headers["x-api-key"] == "secret" for s in server.seen)


def test_pages_yields_whole_pages(sdk: ModuleType, server: FaultServer) -> None:
    server.default = paged
    client, _ = sync_client(sdk, server)
    pages = list(client.runs.list(process_id="p1", agent_id="a1", limit=2).pages())
    assert [len(p.items) for p in pages] == [2, 2, 2, 1]
    assert [p.next_cursor for p in pages] == ["2", "4", "6", None]
    assert isinstance(pages[0].data, sdk.models.RunList)


def test_async_iteration_walks_every_page(sdk: ModuleType, server: FaultServer) -> None:
    server.default = paged
    client, _ = async_client(sdk, server)

    async def main() -> list[str]:
        async with client:
            return [r.id async for r in client.runs.list(process_id="p1", agent_id="a1")]

    assert asyncio.run(main()) == [f"run-{i}" for i in range(7)]


def test_a_repeated_cursor_stops_with_an_error(sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, {"continuation_token": "same", "items": [run(1)]})
    client, _ = sync_client(sdk, server)
    with pytest.raises(sdk.PaginationError):
        list(client.runs.list(process_id="p1", agent_id="a1"))
    assert len(server.seen) == 2  # the second page repeats the first page's cursor


# ------------------------------------------------------------------------------ retries
def test_503_with_retry_after_is_retried_after_that_many_seconds(sdk: ModuleType, server: FaultServer) -> None:
    server.script = [Reply(503, {"error": "busy"}, {"Retry-After": "3"}), Reply(200, run(1))]
    client, delays = sync_client(sdk, server)
    assert client.runs.get("run-1").id == "run-1"
    assert delays == [3.0]
    assert len(server.seen) == 2


def test_429_with_retry_after_ms(sdk: ModuleType, server: FaultServer) -> None:
    server.script = [Reply(429, {}, {"retry-after-ms": "1500"}), Reply(200, run(1))]
    client, delays = sync_client(sdk, server)
    client.runs.get("run-1")
    assert delays == [1.5]


def test_backoff_is_exponential_capped_and_jittered(sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(500, {"error": "down"})
    client, delays = sync_client(sdk, server, max_retries=6)
    with pytest.raises(sdk.InternalServerError) as info:
        client.runs.get("run-1")
    assert info.value.status_code == 500 and info.value.body == {"error": "down"}
    assert len(server.seen) == 7
    nominal = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert all(0.75 * n <= d <= n for d, n in zip(delays, nominal, strict=True))


def test_post_retries_send_the_same_body_and_idempotency_key(sdk: ModuleType, server: FaultServer) -> None:
    server.script = [Reply(502), Reset(), Reply(201, run(9))]
    client, delays = sync_client(sdk, server)
    created = client.runs.start(body={"agent_id": "a1", "name": "n", "process_id": "p1", "stage": "Draft"})
    assert created.id == "run-9"
    posts = [s for s in server.seen if s.method == "POST"]
    assert len(posts) == 3 and len(delays) == 2
    assert len({s.body for s in posts}) == 1
    assert json.loads(posts[0].body) == {
        "agent_id": "a1",
        "name": "n",
        "process_id": "p1",
        "stage": "Draft",
    }
    keys = {s.headers.get("Idempotency-Key") for s in posts}
    assert len(keys) == 1 and None not in keys


def test_each_call_gets_its_own_idempotency_key(sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(201, run(1))
    client, _ = sync_client(sdk, server)
    body = {"agent_id": "a1", "name": "n", "process_id": "p1", "stage": "Draft"}
    client.runs.start(body=body)
    client.runs.start(body=body)
    assert len({s.headers["Idempotency-Key"] for s in server.seen}) == 2


def test_404_is_not_retried_and_is_typed(sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(404, {"detail": "no such run"}, {"x-request-id": "abc"})
    client, delays = sync_client(sdk, server)
    with pytest.raises(sdk.NotFoundError) as info:
        client.runs.get("nope")
    assert (info.value.status_code, info.value.body, info.value.headers["x-request-id"]) == (
        404,
        {"detail": "no such run"},
        "abc",
    )
    assert delays == [] and len(server.seen) == 1


def test_connection_reset_exhausts_retries_as_connection_error(sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reset()
    client, delays = sync_client(sdk, server, max_retries=1)
    with pytest.raises(sdk.APIConnectionError):
        client.runs.get("run-1")
    assert len(server.seen) == 2 and len(delays) == 1


def test_slow_response_times_out_per_call(sdk: ModuleType, server: FaultServer) -> None:
    server.default = Slow(1.0, Reply(200, run(1)))
    client, _ = sync_client(sdk, server)
    with pytest.raises(sdk.APITimeoutError):
        client.runs.get("run-1", timeout=0.2, max_retries=0)
    assert len(server.seen) == 1


def test_async_retries_and_errors(sdk: ModuleType, server: FaultServer) -> None:
    server.script = [
        Reply(503, {}, {"Retry-After": "2"}),
        Reset(),
        Reply(200, run(3)),
        Reply(401, {"e": "bad key"}),
    ]
    client, delays = async_client(sdk, server)

    async def main() -> Any:
        async with client:
            got = await client.runs.get("run-3")
            with pytest.raises(sdk.AuthenticationError):
                await client.runs.get("run-3")
            return got

    assert asyncio.run(main()).id == "run-3"
    assert delays[0] == 2.0 and len(delays) == 2


# ------------------------------------------------------------------------------ requests
def test_empty_path_parameter_is_rejected_before_any_request(sdk: ModuleType, server: FaultServer) -> None:
    client, _ = sync_client(sdk, server)
    with pytest.raises(ValueError, match="must not be empty"):
        client.runs.get("")
    assert server.seen == []


def test_path_values_are_percent_encoded_and_extras_sent(sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, run(1))
    client, _ = sync_client(sdk, server)
    client.runs.get("a/b c?", extra_headers={"X-Trace": "1"}, extra_query={"debug": "yes"})
    seen = server.seen[0]
    assert seen.path == "/runs/a%2Fb%20c%3F"
    assert seen.headers["X-Trace"] == "1" and seen.query == {"debug": ["yes"]}


def test_base_url_and_key_come_from_the_environment(
    sdk: ModuleType, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.default = Reply(200, run(1))
    monkeypatch.setenv("PROCESS_RUNS_BASE_URL", server.url)
    monkeypatch.setenv("PROCESS_RUNS_API_KEY", "from-env")
    with sdk.ProcessRunsClient() as client:
        client.runs.get("run-1")
    assert server.seen[0].headers["x-api-key"] == "from-env"


def test_no_server_and_no_base_url_is_a_clear_error(sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROCESS_RUNS_BASE_URL", raising=False)
    with pytest.raises(ValueError, match="PROCESS_RUNS_BASE_URL"):
        sdk.ProcessRunsClient(api_key="k")


def test_unknown_enum_values_and_fields_in_responses_are_kept(server: FaultServer) -> None:
    intuned = import_package(ROOT / "generated" / "intuned_client", "intuned_client")
    server.default = Reply(200, {"runId": "r", "status": "archived", "newField": {"x": 1}})
    with intuned.IntunedClient(workspace_id="w", api_key="k", base_url=server.url) as client:
        result = client.projects.runs.result(project_name="p", run_id="r")
    assert result.status.value == "archived" and result.status.name == "UNKNOWN"
    assert result.model_extra == {"newField": {"x": 1}}
    with pytest.raises(pydantic.ValidationError):
        intuned.models.RunResult(runId="r", status="archived")  # strict when built by the caller


def test_request_body_sends_only_what_was_set_by_wire_name(server: FaultServer) -> None:
    intuned = import_package(ROOT / "generated" / "intuned_client", "intuned_client")
    models = intuned.models
    server.default = Reply(201, {"runId": "r", "status": "pending"})
    body = models.RunStartRequestBody(
        parameters={},
        api="x",
        request_timeout=30,
        sink=models.WebhookSink(url="https://h.example/x"),
    )
    assert body.save_trace is True and body.request_timeout == 30
    assert models.RunStartRequestBodyRetry().maximum_attempts == 3
    with intuned.IntunedClient(workspace_id="w-1", api_key="k", base_url=server.url) as client:
        client.projects.runs.start(project_name="my project", body=body)
    seen = server.seen[0]
    assert seen.path == "/w-1/projects/my%20project/run/start"
    assert json.loads(seen.body) == {
        "parameters": {},
        "api": "x",
        "requestTimeout": 30,
        "sink": {"type": "webhook", "url": "https://h.example/x"},
    }


def test_constraints_hold_for_requests_not_for_responses(sdk: ModuleType, server: FaultServer) -> None:
    models = sdk.models
    with pytest.raises(pydantic.ValidationError, match="length 27 > 26"):
        models.RunCreate(agent_id="a" * 27, name="n", process_id="p", stage="Draft")
    with pytest.raises(pydantic.ValidationError, match="must match"):
        models.RunCreate(agent_id="bad id!", name="n", process_id="p", stage="Draft")
    with pytest.raises(pydantic.ValidationError, match="length 0 < 1"):
        models.RunCreate.model_validate({"agent_id": "a", "name": "", "process_id": "p", "stage": "Draft"})
    server.default = Reply(200, {**run(1), "agent_id": "x" * 40})  # the server's data is its own
    client, _ = sync_client(sdk, server)
    assert client.runs.get("run-1").agent_id == "x" * 40
