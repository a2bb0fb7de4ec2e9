"""Increase's programs (tests/programs/increase/; Increase's own SDK is Stainless-built): JSON
bodies, the bearer key from the environment, `cursor` pages, polling an Export until it is
complete; replies from the spec's own examples. See tests/program_runs.py."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.fault_server import FaultServer, Reply
from tests.program_runs import (
    Checks,
    Run,
    header,
    json_body,
    nth,
    schema_example,
)

pytestmark = pytest.mark.slow  # npm downloads, SDKs of 130-1,200 operations generated and imported

INCREASE_KEY = "secret_key_1234567890"

# --- Increase (Stainless-built): JSON, bearer key, cursor pages, polling ---------------------


def increase_accounts(increase_spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two pages of accounts: the spec's example list (next_cursor "v57w5d"), then a last page."""
    first = schema_example(increase_spec, "account_list")
    payroll = schema_example(increase_spec, "account") | {"id": "account_payroll9d4kz3", "name": "Payroll"}
    return first, {"data": [payroll], "next_cursor": None}


def test_increase_list_accounts_page_by_page(
    run_program: Run, server: FaultServer, increase_spec: dict[str, Any]
) -> None:
    first, last = increase_accounts(increase_spec)
    server.script = [Reply(200, first), Reply(200, last)]
    result = run_program("increase/list_accounts.py", INCREASE_BEARER_TOKEN=INCREASE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests",
        [(s.method, s.path, s.query) for s in server.seen],
        [
            ("GET", "/accounts", {"status": ["open"], "limit": ["1"]}),
            ("GET", "/accounts", {"status": ["open"], "limit": ["1"], "cursor": ["v57w5d"]}),
        ],
    )
    check("authorization", [header(s, "Authorization") for s in server.seen], [f"Bearer {INCREASE_KEY}"] * 2)
    check(
        "output",
        result.out,
        ["account_in71c4amph0vgo2qllky My first account! open", "account_payroll9d4kz3 Payroll open"],
    )
    check.done()


def test_increase_create_account(run_program: Run, server: FaultServer, increase_spec: dict[str, Any]) -> None:
    server.script = [Reply(200, schema_example(increase_spec, "account"))]
    result = run_program("increase/create_account.py", INCREASE_BEARER_TOKEN=INCREASE_KEY)
    seen = nth(server, 0)
    check = Checks()
    check("program", result.ended, None)
    check("requests", [(s.method, s.path) for s in server.seen], [("POST", "/accounts")])
    check("content-type", header(seen, "Content-Type"), "application/json")
    check("authorization", header(seen, "Authorization"), f"Bearer {INCREASE_KEY}")
    check(
        "JSON body",
        json_body(seen),
        {
            "name": "New Account!",
            "entity_id": "entity_n8y8tnk2p9339ti393yi",
            "program_id": "program_i2v2os4mwza1oetokh9i",
        },
    )
    check("output", result.out, ["account_in71c4amph0vgo2qllky open 2025-10-15T13:52:35.595000+00:00"])
    check.done()


def test_increase_export_and_wait(run_program: Run, server: FaultServer, increase_spec: dict[str, Any]) -> None:
    """Polling a real in-progress → finished pair: an Export is `pending`, then `complete`."""
    done = schema_example(increase_spec, "export")
    pending = done | {"status": "pending", "file_id": None, "file_download_url": None}
    server.script = [Reply(200, pending), Reply(200, pending), Reply(200, done)]
    started = time.monotonic()
    result = run_program("increase/export_transactions.py", INCREASE_BEARER_TOKEN=INCREASE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check("under 30 s", time.monotonic() - started < 30, True)
    check(
        "requests",
        [(s.method, s.path) for s in server.seen],
        [("POST", "/exports")] + [("GET", "/exports/export_8s4m48qz3bclzje0zwh9")] * 2,
    )
    check(
        "JSON body",
        json_body(nth(server, 0)),
        {"category": "transaction_csv", "transaction_csv": {"account_id": "account_in71c4amph0vgo2qllky"}},
    )
    check("output", result.out, ["export_8s4m48qz3bclzje0zwh9 complete https://example.com/file"])
    check.done()


def test_increase_errors(run_program: Run, server: FaultServer) -> None:
    not_found = {
        "type": "object_not_found_error",
        "title": "Could not find the requested object.",
        "detail": "No Account with id account_doesnotexist exists.",
        "status": 404,
    }
    invalid = {
        "type": "invalid_parameters_error",
        "title": "Your request contains invalid parameters.",
        "detail": "program_id: not a valid Program identifier.",
        "status": 400,
        "errors": [{"field": "program_id", "message": "not a valid Program identifier"}],
    }
    server.script = [Reply(404, not_found), Reply(400, invalid)]
    result = run_program("increase/account_errors.py", INCREASE_BEARER_TOKEN=INCREASE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests (neither retried)",
        [(s.method, s.path) for s in server.seen],
        [("GET", "/accounts/account_doesnotexist"), ("POST", "/accounts")],
    )
    check("JSON body", json_body(nth(server, 1)), {"name": "Payroll", "program_id": "not-a-program"})
    check("statuses", [line.split(" ", 2)[:2] for line in result.out], [["lookup:", "404"], ["create:", "400"]])
    titles = [not_found["title"], invalid["title"]]
    check("bodies", [title in line for title, line in zip(titles, result.out, strict=False)], [True, True])
    check.done()


@pytest.mark.parametrize("key", [None, ""], ids=["unset", "empty"])
def test_increase_missing_key_fails_at_construction(run_program: Run, server: FaultServer, key: str | None) -> None:
    server.default = Reply(
        401, {"type": "invalid_api_key_error", "title": "Invalid API key", "detail": None, "status": 401}
    )
    result = run_program("increase/check_api_key.py", **({"INCREASE_BEARER_TOKEN": key} if key is not None else {}))
    check = Checks()
    check("program", result.ended, "SystemExit(2)")
    check("requests", server.seen, [])
    message = " ".join(result.out)
    check("message", message.startswith("not configured: "), True)
    check(
        "message names the argument and its variable",
        "bearer_token" in message and "INCREASE_BEARER_TOKEN" in message,
        True,
    )
    check.done()


def test_increase_key_from_the_environment(
    run_program: Run, server: FaultServer, increase_spec: dict[str, Any]
) -> None:
    server.script = [Reply(200, schema_example(increase_spec, "account"))]
    result = run_program("increase/check_api_key.py", INCREASE_BEARER_TOKEN=INCREASE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check("requests", [(s.method, s.path) for s in server.seen], [("GET", "/accounts/account_in71c4amph0vgo2qllky")])
    check("authorization", header(nth(server, 0), "Authorization"), f"Bearer {INCREASE_KEY}")
    check("output", result.out, ["account_in71c4amph0vgo2qllky My first account!"])
    check.done()


def test_increase_raw_response_lenient(run_program: Run, server: FaultServer, increase_spec: dict[str, Any]) -> None:
    """A required nullable key left out (as Prism serves Increase's examples): the account
    still parses, the missing field None."""
    account = schema_example(increase_spec, "account")
    del account["informational_entity_id"]
    server.script = [Reply(200, account, headers={"X-Request-Id": "req_5d8e0c"})]
    result = run_program("increase/raw_account.py", INCREASE_BEARER_TOKEN=INCREASE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check("requests", [(s.method, s.path) for s in server.seen], [("GET", "/accounts/account_in71c4amph0vgo2qllky")])
    check("output", result.out, ["200 req_5d8e0c", "account_in71c4amph0vgo2qllky My first account! None"])
    check.done()


def test_increase_async(run_program: Run, server: FaultServer, increase_spec: dict[str, Any]) -> None:
    first, last = increase_accounts(increase_spec)
    opened = schema_example(increase_spec, "account") | {"id": "account_payroll9d4kz3", "name": "Payroll"}
    server.script = [Reply(200, opened), Reply(200, first), Reply(200, last)]
    result = run_program("increase/async_accounts.py", INCREASE_BEARER_TOKEN=INCREASE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests",
        [(s.method, s.path, s.query) for s in server.seen],
        [
            ("POST", "/accounts", {}),
            ("GET", "/accounts", {"limit": ["1"]}),
            ("GET", "/accounts", {"limit": ["1"], "cursor": ["v57w5d"]}),
        ],
    )
    check("JSON body", json_body(nth(server, 0)), {"name": "Payroll"})
    check("authorization", {header(s, "Authorization") for s in server.seen}, {f"Bearer {INCREASE_KEY}"})
    check(
        "output",
        result.out,
        [
            "opened account_payroll9d4kz3",
            "account_in71c4amph0vgo2qllky My first account!",
            "account_payroll9d4kz3 Payroll",
        ],
    )
    check.done()
