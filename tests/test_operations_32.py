"""OpenAPI 3.2's operation-side features, end to end: tests/golden/specs/operations_32.yaml's SDK
against the local scripted server (Prism 5.16 reads a 3.2 document but answers the QUERY method
and `additionalOperations` with 405, so it cannot serve them).

What goes over the wire is asserted (method, path, the query string a querystring parameter
writes, body, credentials, the idempotency key) and that the responses parse into the models,
with the sync and with the async client.
"""

from __future__ import annotations

import json
from types import ModuleType
from typing import Any

import pytest

from tests.fault_server import FaultServer, Reply
from tests.helpers import ROOT, import_package
from tests.runtime_helpers import MODES, Runner

GOLDEN = ROOT / "tests" / "golden" / "operations_32"
RUN = {"id": "r1", "project_id": "p1", "status": "done", "labels": ["a"]}


@pytest.fixture()
def sdk() -> ModuleType:
    return import_package(GOLDEN, "operations_32")


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Runner:
    return Runner(request.param, sdk.Operations32Client, sdk.AsyncOperations32Client, api_key="k", base_url=server.url)


def test_query_sends_its_body_without_idempotency_key(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.script = [Reply(200, [RUN]), Reply(200, [{"id": "p1", "name": "web", "active": True}])]
    runs = runner.run(lambda c: c.projects.runs.search("p1", body={"statuses": ["queued", "done"], "text": "x"}))
    found = runner.run(lambda c: c.projects.query(body=sdk.models.ProjectSearch(active=True)))
    search, projects = server.seen
    assert (search.method, search.path) == ("QUERY", "/projects/p1/runs")
    assert json.loads(search.body) == {"statuses": ["queued", "done"], "text": "x"}
    assert search.headers["Content-Type"] == "application/json" and search.headers["X-API-Key"] == "k"
    assert "Idempotency-Key" not in search.headers  # QUERY is idempotent
    assert isinstance(runs[0], sdk.models.Run) and runs[0].status == sdk.models.RunStatus.DONE
    assert (projects.method, projects.path, json.loads(projects.body)) == ("QUERY", "/projects", {"active": True})
    assert found == [sdk.models.Project(id="p1", name="web", active=True)]


def test_query_is_retried_with_the_same_body(runner: Runner, server: FaultServer) -> None:
    server.script = [Reply(503), Reply(200, [RUN])]
    runner.run(lambda c: c.projects.runs.search("p1", body={"statuses": ["done"]}))
    first, second = server.seen
    assert first.method == second.method == "QUERY" and first.body == second.body
    assert runner.delays and len(runner.delays) == 1


def test_additional_operations_send_their_method_token(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.script = [Reply(201, {**RUN, "project_id": "p2"}), Reply(204)]
    copied = runner.run(lambda c: c.projects.runs.copy("p1", "r1", destination="p2"))
    purged = runner.run(lambda c: c.projects.runs.purge("p1", "r1"))
    copy, purge = server.seen
    assert (copy.method, copy.path, copy.headers["Destination"]) == ("COPY", "/projects/p1/runs/r1", "p2")
    assert "Idempotency-Key" not in copy.headers  # COPY is registered as idempotent
    assert isinstance(copied, sdk.models.Run) and copied.project_id == "p2"
    assert (purge.method, purge.path, purged) == ("PURGE", "/projects/p1/runs/r1", None)
    assert purge.headers["Idempotency-Key"].startswith("sdk-")  # PURGE is not registered: not idempotent


def test_querystring_parameter_is_the_whole_query_string(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, [RUN])
    value: dict[str, Any] = {"status": "done", "labels": ["a b", "c"], "created": {"after": "2024-01-02"}, "limit": 5}
    runs = runner.run(lambda c: c.projects.runs.list("p1", filter=value))
    model = sdk.models.RunFilter(status="running", limit=1)
    runner.run(lambda c: c.projects.runs.list("p1", filter=model, extra_query={"trace": "1"}))
    runner.run(lambda c: c.projects.runs.list("p1"))
    by_dict, by_model, without = server.seen
    assert (by_dict.method, by_dict.path) == ("GET", "/projects/p1/runs")
    # form-encoded as a form body is, by the media type's `encoding`: pipeDelimited, deepObject
    assert by_dict.raw_query == "status=done&labels=a+b%7Cc&created%5Bafter%5D=2024-01-02&limit=5"
    assert by_model.raw_query == "status=running&limit=1&trace=1"
    assert without.raw_query == ""
    assert runs == [sdk.models.Run.model_validate(RUN)]


def test_querystring_value_is_validated_before_sending(sdk: ModuleType, server: FaultServer) -> None:
    client = sdk.Operations32Client(api_key="k", base_url=server.url)
    with client, pytest.raises(Exception, match="RunFilter"):
        client.projects.runs.list("p1", filter={"limit": "many"})
    assert server.seen == []


def test_tag_tree_and_kinds_shape_the_groups(sdk: ModuleType, server: FaultServer) -> None:
    client = sdk.Operations32Client(api_key="k", base_url=server.url)
    assert type(client.projects.runs.artifacts).__name__ == "ProjectsRunsArtifactsResource"
    # badge and audience tags label operations without grouping them
    assert not hasattr(client, "beta") and not hasattr(client, "partners") and not hasattr(client, "runs")
    assert "Projects and what they hold" in (type(client.projects).__doc__ or "")
    assert "Runs of a project" in (type(client.projects.runs).__doc__ or "")


def test_security_32_fields(sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, ["a.txt"])
    with sdk.Operations32Client(legacy_key="old", access_token="tok", base_url=server.url) as client:
        assert client.projects.runs.artifacts.list("p1", "r1") == ["a.txt"]
        client.projects.list()
    artifacts, projects = server.seen
    assert artifacts.headers["X-Legacy-Key"] == "old"  # deprecated, still supported
    assert projects.headers["Authorization"] == "Bearer tok"  # the device flow's token
    doc = sdk.Operations32Client.__doc__ or ""
    assert "deprecated by the API" in doc and "not fetched" in doc
    assert "https://auth.example.com/.well-known/oauth-authorization-server" in doc
