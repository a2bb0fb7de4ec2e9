"""Request bodies as typed dicts: what a user writes reaches the wire by wire name, and a mistake
is caught by mypy, pyright and the SDK itself before anything is sent.

The spec has camelCase wire names (`saveTrace`), nested models, a list of models, an enum in a
model only requests reach (its constructor takes the plain strings too) and one in a model both
sides reach (responses still give the enum), and a model that declares `additionalProperties`
(undeclared keys are legitimate there). The wire tests run the sync and the async client against
the local recording server; the type-checker tests (slow) run mypy --strict with the pydantic
plugin, as the SDK configures it, and pyright in strict mode on small user programs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.fault_server import FaultServer, Reply
from tests.helpers import ROOT, generate, generated_tests, import_package
from tests.program_checks import type_check
from tests.runtime_helpers import MODES, Runner

SPEC = """\
openapi: 3.1.0
info: {title: Typed Bodies, version: "1.0"}
servers: [{url: "https://api.example.com"}]
paths:
  /runs:
    get:
      operationId: listRuns
      tags: [runs]
      parameters:
        - {name: status, in: query, schema: {$ref: "#/components/schemas/Status"}}
      responses:
        "200":
          description: the runs
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Run"}}
    post:
      operationId: createRun
      tags: [runs]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/RunCreate"}
      responses:
        "200":
          description: the run
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Run"}
  /labels:
    post:
      operationId: createLabel
      tags: [labels]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Label"}
      responses:
        "200":
          description: the label
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Label"}
components:
  schemas:
    Priority: {type: string, enum: [low, high]}
    Status: {type: string, enum: [queued, done]}
    RunCreate:
      type: object
      required: [api]
      properties:
        api: {type: string}
        saveTrace: {type: boolean}
        priority: {$ref: "#/components/schemas/Priority"}
        retry: {$ref: "#/components/schemas/Retry"}
        steps: {type: array, items: {$ref: "#/components/schemas/Step"}}
        metadata: {$ref: "#/components/schemas/Metadata"}
        note: {type: string, format: binary}
        source:
          oneOf: [{$ref: "#/components/schemas/Card"}, {$ref: "#/components/schemas/Bank"}]
          discriminator:
            propertyName: object
            mapping: {card: "#/components/schemas/Card", bank: "#/components/schemas/Bank"}
    Card:
      type: object
      required: [object]
      properties: {object: {type: string, enum: [card]}, number: {type: string}}
    Bank:
      type: object
      required: [object]
      properties: {object: {type: string, enum: [bank]}, iban: {type: string}}
    Retry:
      type: object
      properties:
        maximumAttempts: {type: integer}
    Step:
      type: object
      required: [stepName]
      properties:
        stepName: {type: string}
        priority: {$ref: "#/components/schemas/Priority"}
    Metadata:
      type: object
      additionalProperties: true
      properties:
        ownerId: {type: string}
    Run:
      type: object
      properties:
        id: {type: string}
        status: {$ref: "#/components/schemas/Status"}
    Label:
      type: object
      required: [name]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        labelColor: {$ref: "#/components/schemas/Status"}
"""

PYTHON_NAMES = {
    "api": "a",
    "save_trace": False,
    "priority": "high",
    "retry": {"maximum_attempts": 3},
    "steps": [{"step_name": "s", "priority": "low"}],
    "metadata": {"owner_id": "o", "team": "blue"},
}
WIRE = {
    "api": "a",
    "saveTrace": False,
    "priority": "high",
    "retry": {"maximumAttempts": 3},
    "steps": [{"stepName": "s", "priority": "low"}],
    "metadata": {"ownerId": "o", "team": "blue"},
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("typed_bodies")
    spec = folder / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return generate(spec, folder / "out", "typed_bodies")


@pytest.fixture(scope="module")
def sdk(project: Path) -> ModuleType:
    return import_package(project, "typed_bodies")


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Runner:
    server.default = Reply(200, {"id": "r1", "status": "queued"})
    return Runner(request.param, sdk.TypedBodiesClient, sdk.AsyncTypedBodiesClient, base_url=server.url)


def sent(server: FaultServer) -> list[Any]:
    return [json.loads(s.body) for s in server.seen]


def test_a_dict_with_python_names_goes_out_by_wire_name(runner: Runner, server: FaultServer, sdk: ModuleType) -> None:
    run = runner.run(lambda c: c.runs.create(body=PYTHON_NAMES))
    assert sent(server) == [WIRE]
    assert run.status is sdk.models.Status.QUEUED  # responses still give the enum


def test_a_dict_with_wire_names_goes_out_the_same(runner: Runner, server: FaultServer) -> None:
    runner.run(lambda c: c.runs.create(body=WIRE))
    assert sent(server) == [WIRE]


@pytest.mark.parametrize(
    "body",
    [
        {"api": "a", "save_trce": False},  # misspelled at the top
        {"api": "a", "retry": {"maximum_attempt": 3}},  # misspelled in a nested model
        {"api": "a", "steps": [{"step_name": "s", "priorty": "low"}]},  # in a list's model
        {"api": "a", "priority": "urgent"},  # not one of the enum's values
        {"save_trace": True},  # the required `api` left out
    ],
)
def test_a_mistake_in_a_dict_raises_before_sending(
    runner: Runner, server: FaultServer, sdk: ModuleType, body: dict[str, Any]
) -> None:
    with pytest.raises(sdk.errors.RequestValidationError) as info:
        runner.run(lambda c: c.runs.create(body=body))
    assert server.seen == []
    assert isinstance(info.value, sdk.SDKError) and isinstance(info.value, ValueError)
    assert info.value.errors and "RunCreate" in str(info.value)


def test_undeclared_keys_are_sent_where_the_schema_declares_additional_properties(
    runner: Runner, server: FaultServer
) -> None:
    runner.run(lambda c: c.runs.create(body={"api": "a", "metadata": {"team": "blue", "size": 3}}))
    assert sent(server) == [{"api": "a", "metadata": {"team": "blue", "size": 3}}]


def test_models_take_python_names_and_wire_names_and_enum_strings(
    runner: Runner, server: FaultServer, sdk: ModuleType
) -> None:
    models = sdk.models
    by_python = models.RunCreate(api="a", save_trace=True, priority="high")
    by_wire = models.RunCreate(api="a", saveTrace=True, priority=models.Priority.HIGH)
    runner.run(lambda c: c.runs.create(body=by_python))
    runner.run(lambda c: c.runs.create(body=by_wire))
    assert sent(server) == [{"api": "a", "saveTrace": True, "priority": "high"}] * 2


def test_a_model_both_sides_reach_keeps_its_enum_and_drops_read_only_keys(
    runner: Runner, server: FaultServer, sdk: ModuleType
) -> None:
    server.default = Reply(200, {"id": "l1", "name": "n", "labelColor": "done"})
    label = runner.run(lambda c: c.labels.create(body={"name": "n", "label_color": "done", "id": "x"}))
    assert label.label_color is sdk.models.Status.DONE
    assert sent(server) == [{"name": "n", "labelColor": "done"}]


def test_a_union_tag_under_its_python_name_and_binary_text_in_json(runner: Runner, server: FaultServer) -> None:
    """`object` is the discriminator's wire name, `object_` its Python name (a reserved word);
    a `format: binary` string in a JSON body goes out as the text it was."""
    runner.run(lambda c: c.runs.create(body={"api": "a", "source": {"object_": "bank", "iban": "x"}, "note": "hi"}))
    runner.run(lambda c: c.runs.create(body={"api": "a", "source": {"object": "card", "number": "4"}}))
    assert sent(server) == [
        {"api": "a", "source": {"object": "bank", "iban": "x"}, "note": "hi"},
        {"api": "a", "source": {"object": "card", "number": "4"}},
    ]


def test_an_enum_parameter_takes_its_string_value(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(200, [])
    runner.run(lambda c: c.runs.list(status="done"))
    assert [s.raw_query for s in server.seen] == ["status=done"]


def test_docs_examples_and_generated_tests_key_bodies_by_python_name(project: Path) -> None:
    docs = (project / "docs" / "runs.md").read_text(encoding="utf-8")
    assert '"save_trace"' in docs or '"api"' in docs
    assert "saveTrace" not in docs
    tests = generated_tests(project)
    assert '"save_trace": True' in tests and '"step_name"' in tests and "saveTrace" not in tests


def test_docs_example_values_pass_the_checks_a_dict_body_goes_through(tmp_path: Path, server: FaultServer) -> None:
    """A docs example with no spec example fills each required field with a value its
    constraints accept (Increase's `routing_number` has `minLength: 9`: "string" was refused
    by the body check before sending), so the example runs."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Banks", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/accounts": {
                "post": {
                    "operationId": "createAccount",
                    "tags": ["accounts"],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewAccount"}}},
                    },
                    "responses": {"204": {"description": "created"}},
                }
            }
        },
        "components": {
            "schemas": {
                "NewAccount": {
                    "type": "object",
                    "required": ["routing_number", "code", "count"],
                    "properties": {
                        "routing_number": {"type": "string", "minLength": 9, "maxLength": 9},
                        "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
                        "count": {"type": "integer", "minimum": 10},
                    },
                }
            }
        },
    }
    (tmp_path / "banks.json").write_text(json.dumps(spec), encoding="utf-8")
    out = generate(tmp_path / "banks.json", tmp_path / "out", "banks_sdk")
    docs = (out / "docs" / "accounts.md").read_text(encoding="utf-8")
    example = docs.split("```python", 1)[1].split("```", 1)[0]
    server.default = Reply(204)
    env = {**os.environ, "PYTHONPATH": str(out), "BANKS_BASE_URL": server.url}
    result = subprocess.run([sys.executable, "-c", example], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    body = sent(server)[0]
    assert len(body["routing_number"]) == 9 and body["code"].isupper() and body["count"] >= 10


def test_seed_001_sample_runs_verbatim(server: FaultServer) -> None:
    """The seed's own Python sample (wire names as constructor keywords) against the committed
    SDK: it runs, and the body goes out by wire name."""
    server.default = Reply(200, {"runId": "ru_1", "status": "pending"})
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "generated" / "intuned_client"),
        "INTUNED_BASE_URL": server.url,
        "INTUNED_API_KEY": "test-key",
    }
    sample = ROOT / "tests" / "e2e" / "seed_001_sample.py"
    result = subprocess.run([sys.executable, str(sample)], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    body = sent(server)[0]
    assert body["saveTrace"] is True and body["requestTimeout"] == 600 and body["api"] == "my-awesome-api"


# ---------------------------------------------------------------------------- type checkers
GOOD = """\
# pyright: strict
from typed_bodies import TypedBodiesClient, models
from typed_bodies.models import RunCreateParam


def main(client: TypedBodiesClient) -> None:
    body: RunCreateParam = {
        "api": "a",
        "save_trace": False,
        "priority": "high",
        "retry": {"maximum_attempts": 3},
        "steps": [{"step_name": "s", "priority": models.Priority.LOW}],
        "metadata": {"owner_id": "o"},
    }
    run = client.runs.create(body=body)
    status: models.Status | None = run.status
    print(status)
    client.runs.create(body={"api": "a", "priority": "low"})
    client.runs.create(body=models.RunCreate(api="a", save_trace=True, priority="high"))
    client.labels.create(body={"name": "n", "label_color": "done"})
    label = models.Label(name="n", label_color=models.Status.DONE)
    client.labels.create(body=label)
    color: models.Status | None = label.label_color  # the enum, not a string
    print(color, client.runs.list(status="done"), client.runs.list(status=models.Status.QUEUED))
"""
# Each line a mistake both checkers must flag (line number → what is wrong).
BAD = {
    5: 'client.runs.create(body={"api": "a", "save_trce": False})',
    6: 'client.runs.create(body={"api": "a", "priority": "urgent"})',
    7: 'client.runs.create(body={"save_trace": False})',
    8: 'client.runs.create(body={"api": "a", "retry": {"maximum_attempt": 3}})',
}


def _programs(project: Path) -> tuple[Path, Path]:
    good = project / "good_program.py"
    good.write_text(GOOD, encoding="utf-8")
    bad = project / "bad_program.py"
    head = "from typed_bodies import TypedBodiesClient\n\n\ndef main(client: TypedBodiesClient) -> None:\n"
    bad.write_text(head + "".join(f"    {line}\n" for line in BAD.values()), encoding="utf-8")
    assert [n for n, line in enumerate(bad.read_text().splitlines(), 1) if "client.runs" in line] == list(BAD)
    return good, bad


@pytest.mark.slow
def test_mypy_and_pyright_accept_typed_dicts_and_python_names_and_flag_each_mistake(project: Path) -> None:
    good, bad = _programs(project)
    checked = type_check(project, [good.name, bad.name])
    assert checked.mypy.keys() | checked.pyright.keys() == {bad.name}, checked  # the good program is clean
    mypy, pyright = checked.lines(bad.name)
    assert mypy == set(BAD), checked.mypy_output
    assert pyright == set(BAD), checked.pyright[bad.name]
