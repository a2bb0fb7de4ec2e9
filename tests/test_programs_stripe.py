"""Stripe's programs (tests/programs/stripe/): form bodies with Stripe's `encoding`, basic auth
with the secret key as the user, `starting_after` pages, a multipart upload by path; replies
shaped like Stripe's API (its spec has no examples). See tests/program_runs.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fault_server import FaultServer, Reply
from tests.program_runs import (
    Checks,
    Run,
    basic,
    form,
    header,
    multipart,
    nth,
)

pytestmark = pytest.mark.slow  # npm downloads, SDKs of 130-1,200 operations generated and imported

STRIPE_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"

# --- Stripe: form bodies, basic auth with the secret key, starting_after pages ------------


def stripe_customer(id_: str, email: str, name: str | None = None, **fields: Any) -> dict[str, Any]:
    """A customer as Stripe's API returns it (its API reference's example, fields as of 2023)."""
    return {
        "id": id_,
        "object": "customer",
        "address": None,
        "balance": 0,
        "created": 1680893993,
        "currency": None,
        "default_source": None,
        "delinquent": False,
        "description": None,
        "discount": None,
        "email": email,
        "invoice_prefix": "0759376C",
        "invoice_settings": {
            "custom_fields": None,
            "default_payment_method": None,
            "footer": None,
            "rendering_options": None,
        },
        "livemode": False,
        "metadata": {},
        "name": name,
        "next_invoice_sequence": 1,
        "phone": None,
        "preferred_locales": [],
        "shipping": None,
        "tax_exempt": "none",
        "test_clock": None,
        **fields,
    }


def stripe_list(url: str, items: list[dict[str, Any]], has_more: bool) -> dict[str, Any]:
    return {"object": "list", "url": url, "has_more": has_more, "data": items}


def stripe_error(status: int, code: str, message: str, param: str) -> Reply:
    doc = f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}"
    error = {"code": code, "doc_url": doc, "message": message, "param": param, "type": "invalid_request_error"}
    return Reply(status, {"error": error}, headers={"request-id": "req_xyz"})


JENNY = "jenny.rosen@example.com"
CUSTOMERS = [
    stripe_customer("cus_NffrFeUfNV2Hib", JENNY, "Jenny Rosen"),
    stripe_customer("cus_NffrE5pGkSnoQ3", JENNY, "Jenny R."),
    stripe_customer("cus_Nfbn3PGOMKbHpM", JENNY, "J. Rosen"),
]


def test_stripe_list_customers(run_program: Run, server: FaultServer) -> None:
    server.script = [
        Reply(200, stripe_list("/v1/customers", CUSTOMERS[:2], has_more=True)),
        Reply(200, stripe_list("/v1/customers", CUSTOMERS[2:], has_more=False)),
    ]
    result = run_program("stripe/list_customers.py", STRIPE_SECRET_KEY=STRIPE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests",
        [(s.method, s.path, s.query) for s in server.seen],
        [
            ("GET", "/v1/customers", {"email": [JENNY], "limit": ["2"]}),
            ("GET", "/v1/customers", {"email": [JENNY], "limit": ["2"], "starting_after": ["cus_NffrE5pGkSnoQ3"]}),
        ],
    )
    check("authorization", [header(s, "Authorization") for s in server.seen], [basic(STRIPE_KEY)] * 2)
    check(
        "output",
        result.out,
        [
            "first page: 2 customers, more: True",
            "cus_NffrFeUfNV2Hib Jenny Rosen",
            "cus_NffrE5pGkSnoQ3 Jenny R.",
            "cus_Nfbn3PGOMKbHpM J. Rosen",
        ],
    )
    check.done()


def test_stripe_create_customer_nested_form(run_program: Run, server: FaultServer) -> None:
    """The issue's headline: Stripe's `encoding` (deepObject, explode) gives `address[city]=…`."""
    address = {"city": "San Francisco", "country": "US", "line1": "510 Townsend St", "line2": None}
    address |= {"postal_code": "94103", "state": "CA"}
    created = stripe_customer("cus_NffrFeUfNV2Hib", JENNY, "Jenny Rosen", address=address)
    server.script = [Reply(200, created | {"metadata": {"order_id": "6735"}})]
    result = run_program("stripe/create_customer.py", STRIPE_SECRET_KEY=STRIPE_KEY)
    seen = nth(server, 0)
    check = Checks()
    check("program", result.ended, None)
    check("requests", [(s.method, s.path, s.raw_query) for s in server.seen], [("POST", "/v1/customers", "")])
    check("content-type", header(seen, "Content-Type"), "application/x-www-form-urlencoded")
    check("authorization", header(seen, "Authorization"), basic(STRIPE_KEY))
    check(
        "form body",
        form(seen),
        [
            ("address[city]", "San Francisco"),
            ("address[country]", "US"),
            ("address[line1]", "510 Townsend St"),
            ("address[postal_code]", "94103"),
            ("address[state]", "CA"),
            ("email", "jenny.rosen@example.com"),
            ("metadata[order_id]", "6735"),
            ("name", "Jenny Rosen"),
        ],
    )
    check("output", result.out, ["cus_NffrFeUfNV2Hib jenny.rosen@example.com"])
    check.done()


def test_stripe_upload_file_by_path(run_program: Run, server: FaultServer, tmp_path: Path) -> None:
    receipt = tmp_path / "receipt.pdf"
    content = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    receipt.write_bytes(content)
    link_list = stripe_list("/v1/file_links?file=file_1Mr4LDLkdIwHu7ixFCz0dZiH", [], has_more=False)
    uploaded = {
        "id": "file_1Mr4LDLkdIwHu7ixFCz0dZiH",
        "object": "file",
        "created": 1680116847,
        "expires_at": 1703444847,
        "filename": "receipt.pdf",
        "links": link_list,
        "purpose": "dispute_evidence",
        "size": len(content),
        "title": None,
        "type": "pdf",
        "url": "https://files.stripe.com/v1/files/file_1Mr4LDLkdIwHu7ixFCz0dZiH",
    }
    server.script = [Reply(200, uploaded)]
    result = run_program("stripe/upload_dispute_evidence.py", str(receipt), STRIPE_SECRET_KEY=STRIPE_KEY)
    seen = nth(server, 0)
    check = Checks()
    check("program", result.ended, None)
    check("requests", [(s.method, s.path) for s in server.seen], [("POST", "/v1/files")])
    check("authorization", header(seen, "Authorization"), basic(STRIPE_KEY))
    parts = multipart(seen)
    check(
        "multipart parts (filename, content)",
        {name: (filename, data) for name, (filename, _, data) in parts.items()} if isinstance(parts, dict) else parts,
        {"file": ("receipt.pdf", content), "purpose": (None, b"dispute_evidence")},
    )
    check(
        "file part content type",
        parts["file"][1] if isinstance(parts, dict) and "file" in parts else None,
        "application/pdf",
    )
    check("output", result.out, [f"file_1Mr4LDLkdIwHu7ixFCz0dZiH receipt.pdf {len(content)}"])
    check.done()


def test_stripe_errors(run_program: Run, server: FaultServer) -> None:
    server.script = [
        stripe_error(404, "resource_missing", "No such customer: 'cus_doesnotexist'", "id"),
        stripe_error(400, "email_invalid", "Invalid email address: not-an-email", "email"),
    ]
    result = run_program("stripe/customer_errors.py", STRIPE_SECRET_KEY=STRIPE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests (neither retried)",
        [(s.method, s.path) for s in server.seen],
        [("GET", "/v1/customers/cus_doesnotexist"), ("POST", "/v1/customers/cus_NffrFeUfNV2Hib")],
    )
    check("form body", form(nth(server, 1)), [("email", "not-an-email")])
    check(
        "output",
        result.out,
        [
            "lookup: 404 resource_missing: No such customer: 'cus_doesnotexist' (param id)",
            "update: 400 email_invalid: Invalid email address: not-an-email (param email)",
        ],
    )
    check.done()


def test_stripe_secret_key_is_the_basic_user(run_program: Run, server: FaultServer) -> None:
    account = {"id": "acct_1Nv0FGQ9RKHgCVdK", "object": "account", "email": "jenny.rosen@example.com"}
    server.script = [Reply(200, account)]
    result = run_program("stripe/check_secret_key.py", STRIPE_SECRET_KEY=STRIPE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check("requests", [(s.method, s.path) for s in server.seen], [("GET", "/v1/account")])
    check("authorization", header(nth(server, 0), "Authorization"), basic(STRIPE_KEY))
    check("output", result.out, ["acct_1Nv0FGQ9RKHgCVdK jenny.rosen@example.com"])
    check.done()


def test_stripe_missing_secret_key_fails_at_construction(run_program: Run, server: FaultServer) -> None:
    """`os.getenv("STRIPE_SECRET_KEY", "")` with nothing set: an SDKError naming the argument
    and its variable, before any request (Stripe would answer 401)."""
    server.default = Reply(
        401, {"error": {"message": "You did not provide an API key.", "type": "invalid_request_error"}}
    )
    result = run_program("stripe/check_secret_key.py")
    check = Checks()
    check("program", result.ended, "SystemExit(2)")
    check("requests", server.seen, [])
    message = " ".join(result.out)
    check("message", message.startswith("not configured: "), True)
    check("message names the argument and its variable", "username" in message and "STRIPE_USERNAME" in message, True)
    check.done()


def test_stripe_raw_response(run_program: Run, server: FaultServer) -> None:
    server.script = [Reply(200, CUSTOMERS[0], headers={"request-id": "req_Bb4YmTGHxXk9Qx"})]
    result = run_program("stripe/raw_customer.py", STRIPE_SECRET_KEY=STRIPE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check("requests", [(s.method, s.path) for s in server.seen], [("GET", "/v1/customers/cus_NffrFeUfNV2Hib")])
    check("authorization", header(nth(server, 0), "Authorization"), basic(STRIPE_KEY))
    check("output", result.out, ["200 req_Bb4YmTGHxXk9Qx", "cus_NffrFeUfNV2Hib jenny.rosen@example.com 0"])
    check.done()


def test_stripe_async(run_program: Run, server: FaultServer) -> None:
    page_1 = Reply(200, stripe_list("/v1/customers", CUSTOMERS[:2], has_more=True))
    server.script = [
        Reply(200, stripe_customer("cus_NffrFeUfNV2Hib", JENNY, metadata={"order_id": "6735"})),
        page_1,
        page_1,
        Reply(200, stripe_list("/v1/customers", CUSTOMERS[2:], has_more=False)),
    ]
    result = run_program("stripe/async_customers.py", STRIPE_SECRET_KEY=STRIPE_KEY)
    check = Checks()
    check("program", result.ended, None)
    check(
        "requests",
        [(s.method, s.path, s.query) for s in server.seen],
        [
            ("POST", "/v1/customers", {}),
            ("GET", "/v1/customers", {"limit": ["2"]}),
            ("GET", "/v1/customers", {"limit": ["2"]}),
            ("GET", "/v1/customers", {"limit": ["2"], "starting_after": ["cus_NffrE5pGkSnoQ3"]}),
        ],
    )
    check("form body", form(nth(server, 0)), [("email", JENNY), ("metadata[order_id]", "6735")])
    check("authorization", {header(s, "Authorization") for s in server.seen}, {basic(STRIPE_KEY)})
    check(
        "output",
        result.out,
        [
            "created cus_NffrFeUfNV2Hib",
            "first page: ['cus_NffrFeUfNV2Hib', 'cus_NffrE5pGkSnoQ3']",
            f"cus_NffrFeUfNV2Hib {JENNY}",
            f"cus_NffrE5pGkSnoQ3 {JENNY}",
            f"cus_Nfbn3PGOMKbHpM {JENNY}",
        ],
    )
    check.done()
