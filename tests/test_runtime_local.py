"""The generated runtime against a local scripted server: pagination, retries, timeouts, errors.

Real sockets on 127.0.0.1 (`fault_server.py`); the retry sleep is replaced by a recorder, so the
delays the policy chose are asserted without waiting for them. Each case runs with the sync and
with the async client (`runtime_helpers.Runner`).
"""

from __future__ import annotations

import json
import logging
from types import ModuleType
from typing import Any

import pydantic
import pytest

from tests.fault_server import FaultServer, Partial, Reply, Reset, Seen, Slow
from tests.helpers import ROOT, import_package
from tests.runtime_helpers import MODES, Runner, collect, pages

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


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Runner:
    """The sync or the async client of the process-runs SDK, on the local server."""
    return Runner(
        request.param, sdk.ProcessRunsClient, sdk.AsyncProcessRunsClient, api_key="secret", base_url=server.url
    )


def sync_client(sdk: ModuleType, server: FaultServer, **kw: Any) -> tuple[Any, list[float]]:
    runner = Runner("sync", sdk.ProcessRunsClient, sdk.AsyncProcessRunsClient, api_key="secret", base_url=server.url)
    return runner.client(**kw), runner.delays


# ------------------------------------------------------------------------------ pagination
def test_iterating_walks_every_page(runner: Runner, server: FaultServer) -> None:
    server.default = paged
    ids = [r.id for r in runner.run(lambda c: collect(c.runs.list(process_id="p1", agent_id="a1")))]
    assert ids == [f"run-{i}" for i in range(7)]
    assert len(server.seen) == 4
    assert [s.query.get("continuation_token") for s in server.seen] == [None, ["2"], ["4"], ["6"]]
    assert all(s.query["process_id"] == ["p1"] and s.headers["x-api-key"] == "secret" for s in server.seen)


def test_iter_pages_yields_whole_pages(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = paged
    got = runner.run(lambda c: pages(c.runs.list(process_id="p1", agent_id="a1", limit=2)))
    assert [len(p.data) for p in got] == [2, 2, 2, 1]
    assert [p.next_cursor for p in got] == ["2", "4", "6", None]
    assert isinstance(got[0].body, sdk.models.RunList) and got[0].response.status_code == 200


def test_a_repeated_cursor_stops_with_an_error(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, {"continuation_token": "same", "items": [run(1)]})
    with pytest.raises(sdk.PaginationError, match="repeated the cursor"):
        runner.run(lambda c: collect(c.runs.list(process_id="p1", agent_id="a1")))
    assert len(server.seen) == 2  # the second page repeats the first page's cursor


# ------------------------------------------------------------------------------ retries
def test_503_with_retry_after_is_retried_after_that_many_seconds(runner: Runner, server: FaultServer) -> None:
    server.script = [Reply(503, {"error": "busy"}, {"Retry-After": "3"}), Reply(200, run(1))]
    assert runner.run(lambda c: c.runs.get("run-1")).id == "run-1"
    assert runner.delays == [3.0]
    assert len(server.seen) == 2


def test_429_with_retry_after_ms(runner: Runner, server: FaultServer) -> None:
    server.script = [Reply(429, {}, {"retry-after-ms": "1500"}), Reply(200, run(1))]
    runner.run(lambda c: c.runs.get("run-1"))
    assert runner.delays == [1.5]


def test_retry_after_beyond_the_cap_falls_back_to_backoff(runner: Runner, server: FaultServer) -> None:
    server.script = [Reply(503, {}, {"Retry-After": "3600"}), Reply(200, run(1))]
    runner.run(lambda c: c.runs.get("run-1"))
    assert len(runner.delays) == 1 and 0.375 <= runner.delays[0] <= 0.5


def test_backoff_is_exponential_capped_and_jittered(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(500, {"error": "down"})
    with pytest.raises(sdk.InternalServerError) as info:
        runner.run(lambda c: c.runs.get("run-1"), max_retries=6)
    assert info.value.status_code == 500 and info.value.body == {"error": "down"}
    assert len(server.seen) == 7
    nominal = [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert all(0.75 * n <= d <= n for d, n in zip(runner.delays, nominal, strict=True))


def test_post_retries_send_the_same_body_and_idempotency_key(runner: Runner, server: FaultServer) -> None:
    server.script = [Reply(502), Reset(), Partial(Reply(201, run(9)), sent=20), Reply(201, run(9))]
    body = {"agent_id": "a1", "name": "n", "process_id": "p1", "stage": "Draft"}
    created = runner.run(lambda c: c.runs.start(body=body), max_retries=3)
    assert created.id == "run-9"
    posts = [s for s in server.seen if s.method == "POST"]
    assert len(posts) == 4 and len(runner.delays) == 3
    assert len({s.body for s in posts}) == 1
    assert json.loads(posts[0].body) == body
    keys = {s.headers.get("Idempotency-Key") for s in posts}
    assert len(keys) == 1 and None not in keys


def test_a_connection_reset_mid_response_is_retried(runner: Runner, server: FaultServer) -> None:
    server.script = [Partial(Reply(200, run(1)), sent=15), Reply(200, run(2))]
    assert runner.run(lambda c: c.runs.get("run-1")).id == "run-2"
    assert len(server.seen) == 2 and len(runner.delays) == 1


def test_each_call_gets_its_own_idempotency_key(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(201, run(1))
    body = {"agent_id": "a1", "name": "n", "process_id": "p1", "stage": "Draft"}

    def twice(c: Any) -> Any:
        first = c.runs.start(body=body)
        if runner.mode == "sync":
            return c.runs.start(body=body)

        async def then() -> Any:
            await first
            return await c.runs.start(body=body)

        return then()

    runner.run(twice)
    assert len({s.headers["Idempotency-Key"] for s in server.seen}) == 2


def test_404_is_not_retried_and_is_typed(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(404, {"detail": "no such run"}, {"x-request-id": "abc"})
    with pytest.raises(sdk.NotFoundError) as info:
        runner.run(lambda c: c.runs.get("nope"))
    assert (info.value.status_code, info.value.body, info.value.headers["x-request-id"]) == (
        404,
        {"detail": "no such run"},
        "abc",
    )
    assert runner.delays == [] and len(server.seen) == 1


def test_connection_reset_exhausts_retries_as_connection_error(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    server.default = Reset()
    with pytest.raises(sdk.APIConnectionError):
        runner.run(lambda c: c.runs.get("run-1"), max_retries=1)
    assert len(server.seen) == 2 and len(runner.delays) == 1


def test_slow_response_times_out_per_call(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Slow(1.0, Reply(200, run(1)))
    with pytest.raises(sdk.APITimeoutError):
        runner.run(lambda c: c.runs.get("run-1", timeout=0.2, max_retries=0))
    assert len(server.seen) == 1


def test_a_client_that_hangs_up_leaves_no_traceback_but_a_server_bug_does(
    sdk: ModuleType, capfd: pytest.CaptureFixture[str]
) -> None:
    """tests/fault_server.py: a client that timed out and closed the connection makes the
    server's late write fail (BrokenPipeError, ConnectionResetError); socketserver would print
    that traceback into the test output. Only disconnects are silenced."""
    with FaultServer() as server:
        server.default = Slow(0.5, Reply(200, content=b"x" * 4_000_000))
        client, _ = sync_client(sdk, server)
        with client, pytest.raises(sdk.APITimeoutError):
            client.runs.get("run-1", timeout=0.1, max_retries=0)
        server.wait_idle()  # the handler's late write, to a closed connection, is over
    assert len(server.seen) == 1
    assert capfd.readouterr().err == ""

    def broken(seen: Seen) -> Reply:
        raise RuntimeError("a bug in a scripted behaviour")

    with FaultServer() as server:
        server.default = broken
        client, _ = sync_client(sdk, server)
        with client, pytest.raises(sdk.APIConnectionError):
            client.runs.get("run-1", max_retries=0)
        server.wait_idle()
    err = capfd.readouterr().err
    assert "Traceback" in err and "RuntimeError: a bug in a scripted behaviour" in err


def test_a_timeout_is_retried_then_succeeds(runner: Runner, server: FaultServer) -> None:
    # the retry's answer is immediate, but the timeout leaves it a second: on a busy machine (the
    # suite runs in two workers beside background checks) a local answer took more than 0.2 s
    server.script = [Slow(2.0, Reply(200, run(1))), Reply(200, run(2))]
    assert runner.run(lambda c: c.runs.get("run-1", timeout=1.0)).id == "run-2"
    assert len(runner.delays) == 1 and 0.375 <= runner.delays[0] <= 0.5


def test_per_client_max_retries_and_per_call_override(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(503, {})
    with pytest.raises(sdk.InternalServerError):
        runner.run(lambda c: c.runs.get("r"), max_retries=0)
    assert len(server.seen) == 1
    with pytest.raises(sdk.InternalServerError):
        runner.run(lambda c: c.runs.get("r", max_retries=2), max_retries=0)
    assert len(server.seen) == 4


def test_retry_decisions_are_logged_at_debug(
    runner: Runner, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script = [Reply(503, {}, {"Retry-After": "1"}), Reply(200, run(1))]
    with caplog.at_level(logging.DEBUG, logger="process_runs_client"):
        runner.run(lambda c: c.runs.get("run-1"))
    assert any("→ 503; retry 1/2 in 1.00s" in r.getMessage() for r in caplog.records)


def test_async_retries_and_errors(sdk: ModuleType, server: FaultServer) -> None:
    server.script = [
        Reply(503, {}, {"Retry-After": "2"}),
        Reset(),
        Reply(200, run(3)),
        Reply(401, {"e": "bad key"}),
    ]
    runner = Runner("async", sdk.ProcessRunsClient, sdk.AsyncProcessRunsClient, api_key="secret", base_url=server.url)

    async def both(c: Any) -> Any:
        got = await c.runs.get("run-3")
        with pytest.raises(sdk.AuthenticationError):
            await c.runs.get("run-3")
        return got

    assert runner.run(both).id == "run-3"
    assert runner.delays[0] == 2.0 and len(runner.delays) == 2


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
