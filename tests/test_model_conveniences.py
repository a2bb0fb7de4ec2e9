"""What openai-python's users reach for on a model: `to_dict()` / `to_json()` (wire names, only the
fields that were set, unknown fields kept), a `str` and `repr` that name the class, and enums
whose `str()` is their value. On the committed golden SDKs; the last case reads a response off
the local scripted server, so the fields set are the keys the server sent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator import ir
from generator.config import make_config
from generator.normalize import Options, normalize
from generator.python.naming import name_api
from tests.fault_server import FaultServer, Reply
from tests.helpers import ROOT, import_package

GOLDEN = ROOT / "tests" / "golden"
UUID = "123e4567-e89b-12d3-a456-426614174000"


@pytest.fixture(scope="module")
def types_31() -> ModuleType:
    return import_package(GOLDEN / "types_31", "types_31")


@pytest.fixture(scope="module")
def objects_31() -> ModuleType:
    return import_package(GOLDEN / "objects_31", "objects_31")


@pytest.fixture(scope="module")
def enums_30() -> ModuleType:
    return import_package(GOLDEN / "enums_30", "enums_30")


def test_to_dict_uses_wire_names_and_only_the_fields_that_were_set(types_31: ModuleType) -> None:
    wire = {"id": UUID, "when": "2024-01-02T03:04:05Z", "jsPattern": "x", "maybe": None, "surprise": {"a": [1]}}
    sample = types_31.models.Sample.model_validate(wire)
    # `version` is a constant the model always sends; `maybe` was sent as null, so it stays
    assert sample.to_dict(mode="json") == {**wire, "version": 2}
    python = sample.to_dict()
    assert python["when"] == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC) and str(python["id"]) == UUID
    assert "js_pattern" in sample.to_dict(use_api_names=False) and "jsPattern" not in sample.to_dict(
        use_api_names=False
    )
    everything = sample.to_dict(exclude_unset=False)
    assert everything["site"] is None and everything["jsPattern"] == "x" and everything["surprise"] == {"a": [1]}
    assert "maybe" not in sample.to_dict(exclude_none=True)
    assert "version" not in sample.to_dict(exclude_defaults=True)


def test_to_json_is_indented_json_with_the_same_conventions(types_31: ModuleType) -> None:
    sample = types_31.models.Sample(id=UUID, js_pattern="x", amount="1.50")
    text = sample.to_json()
    assert text.startswith('{\n  "id": ') and json.loads(text) == {
        "id": UUID,
        "version": 2,
        "jsPattern": "x",
        "amount": "1.50",
    }
    assert sample.to_json(indent=None) == json.dumps(json.loads(text), separators=(",", ":"))
    assert '"js_pattern"' in sample.to_json(use_api_names=False)
    assert json.loads(sample.to_json(exclude_unset=False))["maybe"] is None


def test_nested_models_and_unknown_fields_come_back_out(objects_31: ModuleType) -> None:
    m = objects_31.models
    wire = {"name": "root", "children": [{"name": "leaf", "extra": True}], "owner": {"favourite": {"name": "c"}}}
    node = m.Node.model_validate(wire)
    assert node.to_dict() == wire and json.loads(node.to_json()) == wire
    account = m.Account.model_validate({"id": 1, "typedExtra": {"name": "n", "w": 1.5}})
    assert account.to_dict() == {"id": 1, "typedExtra": {"name": "n", "w": 1.5}}
    assert account.to_dict(use_api_names=False) == {"id": 1, "typed_extra": {"name": "n", "w": 1.5}}


def test_str_and_repr_name_the_class_nested_models_too(objects_31: ModuleType) -> None:
    node = objects_31.models.Node.model_validate({"name": "root", "owner": {"name": "ann"}, "x-extra": 1})
    expected = "Node(name='root', children=None, owner=Person(name='ann', favourite=None), x-extra=1)"
    assert repr(node) == expected and str(node) == expected and f"{node}" == expected


def test_enums_print_as_their_value(enums_30: ModuleType) -> None:
    m = enums_30.models
    assert str(m.Status.IN_PROGRESS) == "in-progress" and f"{m.Status.IN_PROGRESS}" == "in-progress"
    assert str(m.Priority.VALUE_MINUS_1) == "-1" and repr(m.Status.OPEN).startswith("<Status.OPEN")
    ticket = m.Ticket.model_validate({"status": "brand-new", "nullableStatus": None}, context={"sdk_response": True})
    assert str(ticket.status) == "brand-new" and ticket.to_dict(mode="json") == {
        "status": "brand-new",
        "nullableStatus": None,
        "single": "only",
    }
    assert "Ticket(status=<Status.UNKNOWN: 'brand-new'>" in str(ticket)


def test_a_response_model_dumps_the_keys_the_server_sent(enums_30: ModuleType) -> None:
    with FaultServer() as server:
        server.default = Reply(200, [{"status": "open", "nullableStatus": None, "new": {"k": "v"}}])
        tickets = enums_30.Enums30Client(base_url=server.url).tickets.list()
    assert tickets[0].to_dict(mode="json") == {
        "status": "open",
        "nullableStatus": None,
        "new": {"k": "v"},
        "single": "only",
    }
    assert tickets[0].to_dict(exclude_none=True, mode="json") == {"status": "open", "new": {"k": "v"}, "single": "only"}


def test_the_new_names_are_reserved() -> None:
    """A field named `to_dict` or `to_json` does not hide the method, nor a group named
    `with_streaming_response` the wrapper (the client's and each group's)."""
    schema = {"type": "object", "properties": {"to_dict": {"type": "string"}, "to_json": {"type": "string"}}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/M"}}}}}
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {"operationId": "withStreamingResponse", "tags": ["with_streaming_response"], "responses": ok}
            }
        },
        "components": {"schemas": {"M": schema}},
    }
    api, _ = name_api(
        normalize(doc, Options({}), "t")[0], make_config(Path("s.yaml"), output=Path("o"), package_name="t")
    )
    model = next(d for d in api.definitions if isinstance(d, ir.ModelDef))
    assert [f.py_name for f in model.fields] == ["to_dict_", "to_json_"]
    group = api.root.children[0]
    assert group.py_name == "with_streaming_response_" and api.operations[0].py_name != "with_streaming_response"
    assert group.names["streaming"] == group.class_name + "WithStreamingResponse"
