"""Nullable components through a generated SDK, on the wire (tests/fault_server.py).

An SDK is generated from tests/nullable/issues_30.yaml (3.0 `nullable: true`) and from
issues_31.yaml (3.1 type lists, `null` variants, a `$ref` with a description): a page of issues
where one is unassigned parses, typed (the assignee is `None` or a `NullableSimpleUser`); a
request sent with `None` for a nullable-component field carries JSON `null`; a `null` response
body of a nullable component is `None`; and the referenced models still reject bad values.
Each wire case runs with the sync and the async client. The slow case type-checks both SDKs
(mypy --strict, ruff, black) and a user's program against them (pyright).
"""

from __future__ import annotations

import json
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest

from tests.fault_server import FaultServer, Reply, Seen
from tests.helpers import assert_clean, generate, generated_tests, import_package
from tests.program_checks import type_check
from tests.runtime_helpers import MODES, Runner, collect

SPECS = Path(__file__).parent / "nullable"
USER = {"login": "octocat", "id": 1}


def issue(number: int, **fields: Any) -> dict[str, Any]:
    return {"id": number, "title": f"issue {number}", "state_reason": None, "opened_by": USER, **fields}


@pytest.fixture(scope="module", params=["30", "31"])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    package = f"issues{request.param}"
    out = tmp_path_factory.mktemp(package)
    generate(SPECS / f"issues_{request.param}.yaml", out, package)
    return out, package


@pytest.fixture(scope="module")
def sdk(generated: tuple[Path, str]) -> ModuleType:
    return import_package(*generated)


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Runner:
    package = sdk.__name__
    sync_class = getattr(sdk, f"{package.capitalize()}Client")
    async_class = getattr(sdk, f"Async{package.capitalize()}Client")
    return Runner(request.param, sync_class, async_class, base_url=server.url)


def first_page(result: Any) -> list[Any]:
    """The items of a list call's answer: a list, or a page object's first page."""
    return result if isinstance(result, list) else list(result.data)


def test_a_page_with_an_unassigned_issue_parses_typed(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    unassigned = issue(
        1,
        assignee=None,
        assignees=[None, USER],
        kind=None,
        labels=None,
        counts=None,
        reviewers={"hubot": None},
        note=None,
        owner=None,
        closed_by=None,
        pet=None,
    )
    assigned = issue(
        2,
        assignee=USER,
        state_reason="completed",
        labels=["bug"],
        owner=USER,
        closed_by={**USER, "closed_at": "2024-01-02T03:04:05Z"},
        pet={"pet_type": "cat", "lives": 9},
    )
    server.script.append(Reply(200, [unassigned, assigned]))
    first, second = first_page(runner.run(lambda c: c.issues.list()))
    models = sdk.models
    assert first.assignee is None and first.state_reason is None and first.owner is None and first.pet is None
    assert first.closed_by is None and first.labels is None and first.counts is None and first.note is None
    assert first.assignees == [None, models.NullableSimpleUser(login="octocat", id=1)]
    assert first.reviewers == {"hubot": None}
    assert isinstance(second.assignee, models.NullableSimpleUser) and second.assignee.login == "octocat"
    assert second.state_reason == models.IssueStateReason.COMPLETED
    assert isinstance(second.closed_by, models.NullableCloser) and second.closed_by.closed_at.year == 2024
    assert isinstance(second.pet, models.NullableCat) and second.pet.lives == 9
    assert isinstance(second.opened_by, models.RequiredOpener)


def test_a_pager_over_a_nullable_page_model_reads_every_page(runner: Runner, server: FaultServer) -> None:
    def by_offset(seen: Seen) -> Reply:
        start = int(seen.query.get("offset", ["0"])[0])
        return Reply(200, {"data": [issue(i, assignee=None) for i in range(start, min(start + 2, 3))]})

    server.default = by_offset
    found = runner.run(lambda c: collect(c.issues.list_pages()))
    assert [i.id for i in found] == [0, 1, 2] and all(i.assignee is None for i in found)


@pytest.mark.parametrize("form", ["model", "dict"])
def test_none_for_a_nullable_component_field_goes_out_as_json_null(
    runner: Runner, sdk: ModuleType, server: FaultServer, form: str
) -> None:
    server.script.append(Reply(201, issue(3, assignee=None)))
    fields: dict[str, Any] = {"title": "new", "assignee": None, "state_reason": None, "labels": None}
    body = sdk.models.IssueCreate(**fields) if form == "model" else fields
    created = runner.run(lambda c: c.issues.create(body=body))
    assert created.assignee is None
    assert json.loads(server.seen[0].body) == fields


def test_a_full_user_in_a_request_goes_out_as_the_object(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.script.append(Reply(201, issue(4, assignee=USER)))
    body = sdk.models.IssueCreate(title="new", assignee=sdk.models.NullableSimpleUser(login="octocat", id=1))
    runner.run(lambda c: c.issues.create(body=body))
    assert json.loads(server.seen[0].body) == {"title": "new", "assignee": USER}


@pytest.mark.parametrize("form", ["None", "model", "dict"])
def test_a_body_of_a_nullable_component_is_the_model_a_dict_or_none(
    runner: Runner, sdk: ModuleType, server: FaultServer, form: str
) -> None:
    server.default = Reply(204)
    body = {"None": None, "model": sdk.models.NullableSimpleUser(**USER), "dict": USER}[form]
    assert runner.run(lambda c: c.issues.set_assignee(1, body=body)) is None
    assert json.loads(server.seen[0].body) == (None if form == "None" else USER)
    assert server.seen[0].headers["Content-Type"] == "application/json"


def test_a_null_response_body_of_a_nullable_component_is_none(runner: Runner, server: FaultServer) -> None:
    server.script.append(Reply(200, content=b"null", content_type="application/json"))
    server.script.append(Reply(200, USER))
    assert runner.run(lambda c: c.issues.get_assignee(1)) is None
    assert runner.run(lambda c: c.issues.get_assignee(1)).login == "octocat"


def test_the_annotations_say_none_where_the_component_allows_it(sdk: ModuleType) -> None:
    models = sdk.models
    hints = typing.get_type_hints(models.Issue)
    assert hints["assignee"] == models.NullableSimpleUser | None  # required, may be null
    assert hints["opened_by"] == models.RequiredOpener  # allOf with a member that rejects null
    assert hints["state_reason"] == models.IssueStateReason | None
    assert hints["assignees"] == list[models.NullableSimpleUser | None] | None  # optional, items may be null


def test_the_sdks_own_test_checks_a_nullable_answer_for_none_or_the_model(generated: tuple[Path, str]) -> None:
    out, _ = generated
    tests = generated_tests(out)
    assert tests.count("assert result is None or isinstance(result, models.NullableSimpleUser)") == 2  # sync, async


@pytest.mark.parametrize(
    ("model", "value"),
    [
        ("NullableSimpleUser", {"login": "octocat", "id": "not a number"}),
        ("NullableSimpleUser", {"login": "octocat"}),  # id is required
        ("Issue", issue(5, assignee={"login": "octocat"})),  # the nullable user's own rules still apply
        ("Issue", {k: v for k, v in issue(6).items() if k != "state_reason"} | {"assignee": None}),  # required
        ("Issue", issue(7, assignee=None, opened_by=None)),  # allOf with a non-nullable member
        ("Issue", issue(8, assignee=None, pet={"pet_type": "cat", "lives": "many"})),
    ],
)
def test_the_referenced_models_still_validate(sdk: ModuleType, model: str, value: dict[str, Any]) -> None:
    with pytest.raises(pydantic.ValidationError):
        getattr(sdk.models, model).model_validate(value)


def test_none_where_the_component_does_not_allow_it_is_rejected(sdk: ModuleType) -> None:
    models = sdk.models
    models.Issue.model_validate(issue(9, assignee=None))  # the model accepts null where allowed
    with pytest.raises(pydantic.ValidationError):
        models.Issue.model_validate(issue(10, assignee=None, title=None))
    with pytest.raises(pydantic.ValidationError):
        models.Issue.model_validate(issue(11, assignee=None, assignees=None, reviewers={"a": 1}))


PROGRAM = """\
# pyright: strict
from {package} import {client}, models


def assignee_logins(client: {client}) -> list[str]:
    issues = client.issues.list()
    return [i.assignee.login for i in issues if i.assignee is not None]


def first_assignee(client: {client}) -> models.NullableSimpleUser:
    user = client.issues.get_assignee(1)
    assert user is not None
    return user


def unassign(client: {client}) -> models.Issue:
    return client.issues.create(body=models.IssueCreate(title="t", assignee=None))
"""


@pytest.mark.slow  # mypy, ruff and black over the SDK; mypy and pyright over a user's program
def test_the_sdks_type_check_and_so_does_a_program_that_checks_for_none(generated: tuple[Path, str]) -> None:
    out, package = generated
    assert_clean(out, package)
    source = PROGRAM.format(package=package, client=f"{package.capitalize()}Client")
    (out / "use_nullable.py").write_text(source, encoding="utf-8")
    (out / "forgets_none.py").write_text(source.replace(" if i.assignee is not None", ""), encoding="utf-8")
    checked = type_check(out, ["use_nullable.py", "forgets_none.py"])
    assert checked.mypy.keys() | checked.pyright.keys() == {"forgets_none.py"}, checked
    mypy, pyright = checked.errors("forgets_none.py")
    # None must be handled: both checkers flag `.login` on an optional assignee
    assert any('"login"' in m for m in mypy) and any('"login"' in m for m in pyright), (mypy, pyright)
