"""Inferred polling helpers wait for the right thing (generator/infer_polling.py, runtime/_polling.py).

A helper is inferred only from a job's vocabulary (work in progress, then a named outcome), never
from a resource's lifecycle; it waits while the status is in progress and returns on anything
else. The Increase-shaped cases are the ones that waited for `canceled` or for `rejected` alone;
the generated SDK is tested on the wire against the recording server, sync and async.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator import ir
from generator.infer import infer
from generator.infer_polling import split_statuses
from generator.normalize import Options, normalize
from tests.fault_server import FaultServer, Reply
from tests.helpers import generate, import_package
from tests.runtime_helpers import MODES, Runner


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["pending", "running", "succeeded", "failed"], (("pending", "running"), ("succeeded", "failed"))),
        (["QUEUED", "IN_PROGRESS", "COMPLETED", "CANCELLED"], (("QUEUED", "IN_PROGRESS"), ("COMPLETED", "CANCELLED"))),
        (["InProgress", "Succeeded", "Failed"], (("InProgress",), ("Succeeded", "Failed"))),
        (["submitted", "processing", "done", "error"], (("submitted", "processing"), ("done", "error"))),
    ],
)
def test_a_job_vocabulary_splits_into_in_progress_and_finished(
    values: list[str], expected: tuple[tuple[str, ...], tuple[str, ...]]
) -> None:
    assert split_statuses(values) == expected


@pytest.mark.parametrize(
    "values",
    [
        ["active", "disabled", "canceled"],  # Increase's account numbers and cards
        ["pending", "submitted", "rejected", "returned"],  # Increase's check deposits: submitted = deposited
        ["open", "closed"],
        ["draft", "open", "paid", "void"],
        ["pending", "running", "stopped", "terminated"],  # a virtual machine: running is the goal
        ["pending", "active", "failed", "completed"],  # lifecycle and progress words mixed
        ["queued", "running", "paused", "succeeded"],  # a word of no list
        ["pending", "failed", "canceled"],  # no success: the outcome is not named
        ["WAITING", "IN_PROGRESS", "COMPLETED", "ERROR"],  # AWS Data Exchange: WAITING for StartJob
        ["succeeded", "failed"],  # nothing to wait through
        ["queued", "running"],  # nothing to wait for
        [],
    ],
)
def test_no_split_for_lifecycles_or_unclear_vocabularies(values: list[str]) -> None:
    assert split_statuses(values) is None


# An Increase-shaped API (account numbers, cards, check deposits: each created by a POST and read
# by a GET of its id) and one job API; the lifecycle groups come first, so under the old rules
# the README featured `account_numbers.create_and_wait`, which waited for `canceled`.
def _resource(name: str, statuses: list[str], **extra: Any) -> dict[str, Any]:
    properties = {"id": {"type": "string"}, "status": {"type": "string", "enum": statuses}, **extra}
    return {"type": "object", "required": ["id", "status"], "properties": properties}


SCHEMAS = {
    "AccountNumber": _resource("account_number", ["active", "disabled", "canceled"]),
    "Card": _resource("card", ["active", "disabled", "canceled"]),
    "CheckDeposit": _resource("check_deposit", ["pending", "submitted", "rejected", "returned"]),
    "Job": _resource("job", ["queued", "running", "succeeded", "failed", "canceled"], result={"type": "string"}),
}
GROUPS = ("account_numbers", "cards", "check_deposits", "jobs")


def _pair(tag: str, schema: str, id_param: str) -> dict[str, Any]:
    def answer(code: str) -> dict[str, Any]:
        content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
        return {code: {"description": schema, "content": content}}

    body = {"content": {"application/json": {"schema": {"type": "object"}}}}
    return {
        f"/{tag}": {
            "post": {"operationId": f"create_{tag}", "tags": [tag], "requestBody": body, "responses": answer("200")}
        },
        f"/{tag}/{{{id_param}}}": {
            "get": {
                "operationId": f"retrieve_{tag}",
                "tags": [tag],
                "parameters": [{"name": id_param, "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": answer("200"),
            }
        },
    }


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Bank", "version": "1"},
    "paths": {
        **_pair("account_numbers", "AccountNumber", "account_number_id"),
        **_pair("cards", "Card", "card_id"),
        **_pair("check_deposits", "CheckDeposit", "check_deposit_id"),
        **_pair("jobs", "Job", "job_id"),
    },
    "components": {"schemas": SCHEMAS},
}


def test_only_the_job_gets_a_polling_pair() -> None:
    api, _ = normalize(json.loads(json.dumps(SPEC)), Options({}), "inline")
    pairs = {op.operation_id: op.polling for op in infer(api).operations if op.polling is not None}
    assert list(pairs) == ["create_jobs"]
    assert pairs["create_jobs"] == ir.Polling(
        "#/paths/~1jobs~1{job_id}/get",
        "id",
        "job_id",
        "status",
        ("queued", "running"),
        ("succeeded", "failed", "canceled"),
    )


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    folder = tmp_path_factory.mktemp("bank")
    (folder / "bank.json").write_text(json.dumps(SPEC))
    out = generate(folder / "bank.json", folder / "out", "bank_sdk")
    return out, import_package(out, "bank_sdk")


def test_no_helper_on_lifecycle_resources_and_the_readme_features_the_job(bank: tuple[Path, ModuleType]) -> None:
    out, sdk = bank
    client = sdk.BankSdkClient(base_url="http://x")
    helpers = {g: [m for m in dir(getattr(client, g)) if m.endswith("_and_wait")] for g in GROUPS}
    assert helpers == {"account_numbers": [], "cards": [], "check_deposits": [], "jobs": ["create_and_wait"]}
    readme = (out / "README.md").read_text()
    section = readme.split("### Waiting for long-running work", 1)[1].split("\n###", 1)[0]
    assert (
        "`jobs.create_and_wait` calls `jobs.create`, then `jobs.retrieve` as long as `status` is queued, running"
        in section
    )
    assert "(succeeded, failed, canceled)" in section and "client.jobs.create_and_wait(" in section
    assert "account_numbers" not in section and "check_deposits" not in section


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, bank: tuple[Path, ModuleType], server: FaultServer) -> Runner:
    sdk = bank[1]
    return Runner(request.param, sdk.BankSdkClient, sdk.AsyncBankSdkClient, base_url=server.url)


def test_create_and_wait_polls_while_in_progress(runner: Runner, server: FaultServer) -> None:
    server.script = [
        Reply(200, {"id": "job 1", "status": "queued"}),
        Reply(200, {"id": "job 1", "status": "queued"}),
        Reply(200, {"id": "job 1", "status": "running"}),
        Reply(200, {"id": "job 1", "status": "succeeded", "result": "42"}),
    ]
    job = runner.run(lambda c: c.jobs.create_and_wait(body={"task": "t"}, poll_interval=0.5))
    assert (job.status.value, job.result) == ("succeeded", "42")
    assert runner.delays == [0.5, 0.5]
    assert [(s.method, s.path) for s in server.seen] == [("POST", "/jobs")] + [("GET", "/jobs/job%201")] * 3
    assert json.loads(server.seen[0].body) == {"task": "t"}


@pytest.mark.parametrize("status", ["canceled", "failed", "paused"])
def test_any_status_but_in_progress_ends_the_wait(runner: Runner, server: FaultServer, status: str) -> None:
    """A failed or canceled job is returned, not raised; so is a status the spec does not list
    (`paused`): the caller reads it, instead of waiting `poll_timeout` for a listed one."""
    server.script = [Reply(200, {"id": "j1", "status": "queued"}), Reply(200, {"id": "j1", "status": status})]
    job = runner.run(lambda c: c.jobs.create_and_wait(body={}))
    assert getattr(job.status, "value", job.status) == status and runner.delays == []
    assert len(server.seen) == 2


def test_still_in_progress_after_poll_timeout_raises(
    runner: Runner, bank: tuple[Path, ModuleType], server: FaultServer
) -> None:
    server.script = [Reply(200, {"id": "j1", "status": "queued"})]
    server.default = Reply(200, {"id": "j1", "status": "running"})
    with pytest.raises(bank[1].PollingTimeoutError) as info:
        runner.run(lambda c: c.jobs.create_and_wait(body={}, poll_interval=1, poll_timeout=2.5))
    assert runner.delays == [1, 1] and info.value.last.status.value == "running"


# ------------------------------------------------------------------------------ which pair
def _inferred(spec: dict[str, Any]) -> dict[str, ir.Polling | None]:
    api, _ = normalize(spec, Options({}), "inline")
    return {op.operation_id: op.polling for op in infer(api).operations}


def _with(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**SPEC, "paths": paths, "components": {"schemas": {**SCHEMAS, **(schemas or {})}}}


def _status_body(statuses: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": {"status": {"type": "string", "enum": statuses}}}
    return {"content": {"application/json": {"schema": schema}}}


def test_a_status_the_caller_sets_gets_no_helper() -> None:
    """GitHub's check runs: the app that creates one moves it from queued to completed itself."""
    paths = _pair("jobs", "Job", "job_id")
    paths["/jobs"]["post"]["requestBody"] = _status_body(["queued", "running", "succeeded"])
    assert _inferred(_with(paths))["create_jobs"] is None
    paths = _pair("jobs", "Job", "job_id")  # an update that sets it in progress, in the same group
    update = {"operationId": "update_jobs", "tags": ["jobs"], "requestBody": _status_body(["running", "succeeded"])}
    paths["/jobs/{job_id}"]["patch"] = {**update, "responses": {"204": {"description": "ok"}}}
    assert _inferred(_with(paths))["create_jobs"] is None


def test_cancelling_through_the_status_keeps_the_helper() -> None:
    paths = _pair("jobs", "Job", "job_id")
    cancel = {"operationId": "cancel_jobs", "tags": ["jobs"], "requestBody": _status_body(["canceled"])}
    paths["/jobs/{job_id}"]["patch"] = {**cancel, "responses": {"204": {"description": "ok"}}}
    assert _inferred(_with(paths))["create_jobs"] is not None


def test_the_poll_reads_what_the_start_made_not_a_sibling_collection() -> None:
    """Microsoft Graph: `POST …/cloudPCs` was paired with `GET …/deviceImages/{id}` of its group."""
    paths = _pair("jobs", "Job", "job_id")
    paths["/exports"] = paths.pop("/jobs")
    assert _inferred(_with(paths))["create_jobs"] is None
    paths = _pair("jobs", "Job", "job_id")  # an action under the collection: POST /jobs/start
    paths["/jobs/start"] = paths.pop("/jobs")
    assert _inferred(_with(paths))["create_jobs"] is not None


def test_the_start_must_answer_with_the_same_status() -> None:
    """InfluxDB: adding a task member (active, inactive) is no start of the task's runs."""
    member = _resource("member", ["active", "inactive"])
    paths = _pair("jobs", "Job", "job_id")
    ok = paths["/jobs"]["post"]["responses"]["200"]["content"]["application/json"]
    ok["schema"] = {"$ref": "#/components/schemas/Member"}
    assert _inferred(_with(paths, {"Member": member}))["create_jobs"] is None
