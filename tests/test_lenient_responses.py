"""Responses that do not match their schema, over real HTTP (tests/fault_server.py).

By default one odd field does not cost the caller the response: what validates is typed (nested
models, lists and unions of models included), what does not keeps the value it came with, a
missing required field is None, extra keys are kept, and nothing raises; error bodies are read
the same way. `strict_response_validation=True` makes such a body raise
`ResponseValidationError` (an `SDKError`) with the response, the body and pydantic's errors, and
`with_raw_response` puts the parse off until `.parse()`. Each case runs with the sync and the
async client.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.fault_server import Chunks, FaultServer, Reply
from tests.helpers import generate, import_package
from tests.runtime_helpers import MODES, Runner, drain

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Ledger", "version": "1.0.0"},
    "servers": [{"url": "https://ledger.example"}],
    "paths": {
        "/accounts": {
            "get": {
                "operationId": "listAccounts",
                "tags": ["accounts"],
                "responses": {
                    "200": {
                        "description": "the accounts",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Account"}}
                            }
                        },
                    }
                },
            }
        },
        "/entries": {
            "get": {
                "operationId": "streamEntries",
                "tags": ["entries"],
                "responses": {
                    "200": {
                        "description": "entries as they are posted",
                        "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/Entry"}}},
                    }
                },
            }
        },
        "/accounts/{id}": {
            "get": {
                "operationId": "getAccount",
                "tags": ["accounts"],
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "an account",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Account"}}},
                    },
                    "404": {
                        "description": "no such account",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    },
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Account": {
                "type": "object",
                "required": ["id", "openedOn", "closedAt", "status", "owner", "balance"],
                "properties": {
                    "id": {"type": "string"},
                    "openedOn": {"type": "string", "format": "date"},
                    "closedAt": {"type": "string", "format": "date-time", "nullable": True},
                    "status": {"type": "string", "enum": ["open", "closed"]},
                    "owner": {"$ref": "#/components/schemas/Person"},
                    "balance": {"type": "integer"},
                    "entries": {"type": "array", "items": {"$ref": "#/components/schemas/Entry"}},
                    "payment": {"$ref": "#/components/schemas/Payment"},
                    "limits": {"type": "object", "additionalProperties": {"type": "integer"}},
                },
            },
            "Person": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
            },
            "Entry": {
                "type": "object",
                "required": ["id", "amount"],
                "properties": {
                    "id": {"type": "string"},
                    "amount": {"type": "integer"},
                    "postedAt": {"type": "string", "format": "date-time"},
                },
            },
            "Card": {
                "type": "object",
                "required": ["type", "last4"],
                "properties": {"type": {"type": "string", "enum": ["card"]}, "last4": {"type": "string"}},
            },
            "Wire": {
                "type": "object",
                "required": ["type", "iban"],
                "properties": {"type": {"type": "string", "enum": ["wire"]}, "iban": {"type": "string"}},
            },
            "Payment": {
                "oneOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Wire"}],
                "discriminator": {"propertyName": "type"},
            },
            "Problem": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
            },
        }
    },
}

GOOD: dict[str, Any] = {
    "id": "a1",
    "openedOn": "2024-03-01",
    "closedAt": None,
    "status": "open",
    "owner": {"name": "Ann", "age": 40},
    "balance": 5,
    "entries": [{"id": "e1", "amount": 3, "postedAt": "2024-01-02T03:04:05Z"}],
    "payment": {"type": "card", "last4": "4242"},
    "limits": {"daily": 100},
}

# Everything a real server and a real spec disagree on, once each.
ODD: dict[str, Any] = {
    "id": "a1",
    "openedOn": "2024-03-01T10:00:00Z",  # a date-time in a `format: date` field
    # "closedAt" (required, nullable) left out
    "status": "frozen",  # a value the enum does not list
    "owner": {"name": "Ann", "age": "forty"},  # a wrong type in one nested field
    "balance": 5,
    "entries": [
        {"id": "e1", "amount": 3, "postedAt": "2024-01-02T03:04:05Z"},
        {"id": "e2", "amount": "lots"},  # one bad item of a list
        {"id": "e3", "amount": 4},
    ],
    "payment": {"type": "card", "last4": 4242},  # a wrong type inside a union variant
    "limits": {"daily": 100, "weekly": "none"},
    "nickname": "savings",  # a key the spec does not declare
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("lenient")
    spec = folder / "ledger.json"
    spec.write_text(json.dumps(SPEC))
    generate(spec, folder / "out", "ledger")
    return import_package(folder / "out", "ledger")


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Runner:
    return Runner(request.param, sdk.LedgerClient, sdk.AsyncLedgerClient, base_url=server.url, max_retries=0)


def test_a_body_that_matches_is_validated_as_before(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, GOOD)
    account = runner.run(lambda c: c.accounts.get("a1"))
    assert account == sdk.models.Account.model_validate(GOOD)
    assert account.opened_on == dt.date(2024, 3, 1) and account.entries[0].posted_at.year == 2024


def test_one_odd_field_does_not_cost_the_response(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    m = sdk.models
    server.default = Reply(200, ODD)
    account = runner.run(lambda c: c.accounts.get("a1"))
    assert isinstance(account, m.Account)
    assert account.id == "a1" and account.balance == 5  # typed access to every field that validates
    assert account.opened_on == "2024-03-01T10:00:00Z"  # the raw value of one that does not
    assert account.closed_at is None  # a missing required field
    assert account.status.name == "UNKNOWN" and account.status.value == "frozen"  # open enum, as before
    assert isinstance(account.owner, m.Person) and account.owner.name == "Ann" and account.owner.age == "forty"
    assert [type(e) for e in account.entries] == [m.Entry] * 3
    assert account.entries[0].posted_at == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert (account.entries[1].id, account.entries[1].amount, account.entries[2].amount) == ("e2", "lots", 4)
    assert isinstance(account.payment, m.Card) and account.payment.last4 == 4242  # the variant its tag names
    assert account.limits == {"daily": 100, "weekly": "none"}
    assert account.model_extra == {"nickname": "savings"}
    assert "closed_at" not in account.model_fields_set and "owner" in account.model_fields_set


def test_a_list_keeps_its_good_items_typed(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, [GOOD, {**GOOD, "balance": "n/a"}, "not an account"])
    accounts = runner.run(lambda c: c.accounts.list())
    assert [type(a).__name__ for a in accounts] == ["Account", "Account", "str"]
    assert accounts[0] == sdk.models.Account.model_validate(GOOD)
    assert accounts[1].balance == "n/a" and accounts[1].owner.age == 40


def test_an_unknown_union_tag_and_a_body_that_is_not_json_are_kept_as_they_came(
    runner: Runner, server: FaultServer
) -> None:
    server.script = [
        Reply(200, {**GOOD, "payment": {"type": "crypto", "wallet": "0x1"}}),
        Reply(200, content=b"<html>maintenance</html>", content_type="application/json"),
    ]
    assert runner.run(lambda c: c.accounts.get("a1")).payment == {"type": "crypto", "wallet": "0x1"}
    assert runner.run(lambda c: c.accounts.get("a1")) == "<html>maintenance</html>"


def test_event_stream_data_is_read_the_same_way(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    events = [b'data: {"id": "e1", "amount": 1}\n\n', b'data: {"id": "e2", "amount": "lots"}\n\n']
    server.script = [Chunks(events), Chunks(events)]
    entries = [event.data for event in runner.run(lambda c: drain(c.entries.stream()))]
    assert [type(e) for e in entries] == [sdk.models.Entry] * 2 and [e.amount for e in entries] == [1, "lots"]
    with pytest.raises(sdk.ResponseValidationError) as caught:
        runner.run(lambda c: drain(c.entries.stream()), strict_response_validation=True)
    assert caught.value.body == {"id": "e2", "amount": "lots"}


def test_error_bodies_are_read_leniently_too(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(404, {"code": "NOT_FOUND", "message": "no account a9", "requestId": "r-1"})
    with pytest.raises(sdk.NotFoundError) as caught:
        runner.run(lambda c: c.accounts.get("a9"))
    problem = caught.value.body
    assert isinstance(problem, sdk.models.Problem)
    assert (problem.code, problem.message, problem.model_extra) == ("NOT_FOUND", "no account a9", {"requestId": "r-1"})


def test_strict_validation_raises_a_response_validation_error(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    server.default = Reply(200, ODD)
    with pytest.raises(sdk.SDKError) as caught:  # what `except SDKError` catches
        runner.run(lambda c: c.accounts.get("a1"), strict_response_validation=True)
    error = caught.value
    assert isinstance(error, sdk.ResponseValidationError) and isinstance(error, sdk.errors.ResponseValidationError)
    assert error.body == ODD and error.status_code == 200 and error.response.json() == ODD
    locations = {e["loc"] for e in error.errors}
    assert {("openedOn",), ("closedAt",), ("owner", "age"), ("entries", 1, "amount")} <= locations
    assert any(loc[0] == "payment" and loc[-1] == "last4" for loc in locations)
    assert "the body does not match its declared schema" in str(error) and "GET /accounts/a1 → 200" in str(error)
    assert "forty" not in str(error)  # no input values in the message (a body may hold secrets)


def test_strict_validation_accepts_what_matches_and_keeps_the_typed_error_body(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    server.script = [Reply(200, GOOD), Reply(404, {"code": "NOT_FOUND", "message": "gone"})]
    account = runner.run(lambda c: c.accounts.get("a1"), strict_response_validation=True)
    assert account == sdk.models.Account.model_validate(GOOD)
    with pytest.raises(sdk.NotFoundError) as caught:  # the status error, not a validation error
        runner.run(lambda c: c.accounts.get("a9"), strict_response_validation=True)
    assert caught.value.body == {"code": "NOT_FOUND", "message": "gone"}  # kept as JSON: it does not match


def test_a_raw_response_parses_on_demand(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, ODD, {"x-request-id": "r-7"})
    raw = runner.run(lambda c: c.with_raw_response.accounts.get("a1"), strict_response_validation=True)
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "r-7"  # the call itself does not fail
    with pytest.raises(sdk.ResponseValidationError) as caught:
        raw.parse()
    assert caught.value.response is raw.http_response
    lenient = runner.run(lambda c: c.accounts.with_raw_response.get("a1"))
    account = lenient.parse()
    assert isinstance(account, sdk.models.Account) and account.owner.age == "forty"
    assert lenient.parse() is account  # parsed once


def test_a_raw_response_is_not_parsed_until_asked(
    runner: Runner, sdk: ModuleType, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[object] = []
    real = sdk._decode.from_wire

    def counting(type_: object, data: str | bytes, response: Any = None) -> Any:
        parsed.append(type_)
        return real(type_, data, response)

    monkeypatch.setattr(sdk._decode, "from_wire", counting)
    server.default = Reply(200, GOOD)
    raw = runner.run(lambda c: c.with_raw_response.accounts.get("a1"))
    assert parsed == []
    assert raw.parse().id == "a1" and parsed == [sdk.models.Account]


def test_lenient_reading_is_the_fallback_not_the_path(
    runner: Runner, sdk: ModuleType, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body that validates is validated once, as before; only one that does not is walked."""
    walked: list[object] = []
    real = sdk._lenient._repair

    def counting(type_: object, data: object) -> Any:
        walked.append(type_)
        return real(type_, data)

    monkeypatch.setattr(sdk._lenient, "_repair", counting)
    server.script = [Reply(200, GOOD), Reply(200, ODD)]
    runner.run(lambda c: c.accounts.get("a1"))
    assert walked == []
    runner.run(lambda c: c.accounts.get("a1"))
    assert walked[0] is sdk.models.Account


def test_a_model_pydantic_has_not_completed_yet_is_read_leniently(server: FaultServer, tmp_path: Path) -> None:
    """`Account` refers to `Person`, defined after it: pydantic completes such a model on first
    use, and a first response that does not validate must not find it incomplete."""
    spec = tmp_path / "ledger.json"
    spec.write_text(json.dumps(SPEC))
    fresh = import_package(generate(spec, tmp_path / "out", "ledger_fresh"), "ledger_fresh")
    assert not fresh.models.Account.__pydantic_complete__
    server.default = Reply(200, ODD)
    with fresh.LedgerFreshClient(base_url=server.url) as client:
        account = client.accounts.get("a1")
    assert isinstance(account.owner, fresh.models.Person) and account.owner.age == "forty"
    assert isinstance(account.entries[1], fresh.models.Entry) and account.entries[1].amount == "lots"
