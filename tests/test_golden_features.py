"""Feature golden trees: tests/golden/specs/* (Swagger 2.0, OpenAPI 3.0 and 3.1), one per
concern, with their generated SDKs committed beside them.

Regenerate with `cd tests/golden && sdkgen generate`. Each tree must be current, import,
pass mypy --strict / ruff / black, and behave as its spec says.
"""

from __future__ import annotations

import inspect
import json
import uuid
from pathlib import Path

import pydantic
import pytest

from generator.cli import main as cli
from generator.config import load_project
from tests.fault_server import FaultServer, Reply
from tests.helpers import ROOT, import_package

GOLDEN = ROOT / "tests" / "golden"
CONFIGS = load_project(GOLDEN)


def test_golden_trees_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--project", str(GOLDEN)]) == 0, capsys.readouterr().out[-3000:]


@pytest.mark.parametrize("name", [c.package_name for c in CONFIGS])
def test_golden_sdk_is_clean(name: str, committed_sdk_problems: dict[Path, list[str]]) -> None:
    """mypy --strict, ruff check and black --check: one run over every committed SDK (conftest)."""
    problems = committed_sdk_problems[(GOLDEN / name).resolve()]
    assert problems == [], "\n".join(problems)
    import_package(GOLDEN / name, name)


def test_swagger2_body_multipart_and_servers() -> None:
    sdk = import_package(GOLDEN / "swagger2_store", "swagger2_store")
    assert [s.resolve() for s in sdk._client.SERVERS] == ["https://store.example.com/v2"]
    with FaultServer() as server:
        server.script = [Reply(201, {"id": 1, "name": "pen"}), Reply(204), Reply(200, [])]
        client = sdk.Swagger2StoreClient(api_key="k", username="ann", password="pw", base_url=server.url)
        item = client.items.create(body=sdk.models.NewItem(name="pen", price=None))
        client.items.upload_photo(3, body={"caption": "front", "file": b"\x89PNG"})
        client.items.list(limit=5, tags=["a", "b"])
    created, upload, listed = server.seen
    assert json.loads(created.body) == {"name": "pen", "price": None} and item.id == 1
    assert upload.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="caption"\r\n\r\nfront' in upload.body and b"\x89PNG" in upload.body
    assert listed.query == {"limit": ["5"], "tags": ["a", "b"]} and listed.headers["X-Key"] == "k"
    # `basic` is defined but no operation requires it: the client takes its credentials and
    # sends them nowhere here
    assert {"username", "password"} <= set(inspect.signature(sdk.Swagger2StoreClient).parameters)
    assert all("Authorization" not in seen.headers for seen in server.seen)


def test_composition_inheritance_and_discriminators() -> None:
    sdk = import_package(GOLDEN / "composition_30", "composition_30")
    m = sdk.models
    animals = pydantic.TypeAdapter(list[m.Animal]).validate_python(
        [{"name": "a", "petType": "Cat"}, {"name": "b", "petType": "Dog", "packSize": 3}]
    )
    assert [type(a).__name__ for a in animals] == ["Cat", "Dog"] and animals[0].hunting_skill.value == "lazy"
    shape = pydantic.TypeAdapter(m.Shape).validate_python({"kind": "round", "radius": 2})
    assert type(shape).__name__ == "Circle"
    with pytest.raises(pydantic.ValidationError):
        m.Circle(kind="round", radius=0)  # exclusiveMinimum: true in 3.0 form
    assert m.Tagged(label=None, anything=[1]).label is None


def test_types_31_formats_and_constraints() -> None:
    sdk = import_package(GOLDEN / "types_31", "types_31")
    m = sdk.models
    sample = m.Sample(id="123e4567-e89b-12d3-a456-426614174000", version=2, big=5, code="ABC", ratio=0.5)
    assert sample.id == uuid.UUID("123e4567-e89b-12d3-a456-426614174000")  # format: uuid, parsed
    for bad in ({"big": 0}, {"big": 1000000}, {"code": "abc"}, {"ratio": 0.3}, {"tags": []}):
        with pytest.raises(pydantic.ValidationError):
            m.Sample.model_validate({"id": "123e4567-e89b-12d3-a456-426614174000", "version": 2, **bad})
    assert m.Sample(id="123e4567-e89b-12d3-a456-426614174000", version=2, js_pattern="ünï").js_pattern == "ünï"


def test_enums_open_in_responses_strict_in_requests() -> None:
    sdk = import_package(GOLDEN / "enums_30", "enums_30")
    m = sdk.models
    assert [e.name for e in m.Status] == [
        "OPEN",
        "IN_PROGRESS",
        "IN_PROGRESS2",
        "VALUE_2_ND_LINE",
        "EMPTY",
        "CLASS",
        "NONE",
    ]
    with FaultServer() as server:
        server.default = Reply(200, [{"status": "brand-new", "priority": 9}])
        tickets = sdk.Enums30Client(base_url=server.url).tickets.list(status=m.Status.IN_PROGRESS)
    assert tickets[0].status.name == "UNKNOWN" and tickets[0].priority.value == 9
    assert server.seen[0].query == {"status": ["in-progress"]}
    with pytest.raises(pydantic.ValidationError):
        m.Ticket(status="brand-new")


def test_objects_maps_recursion_and_visibility() -> None:
    sdk = import_package(GOLDEN / "objects_31", "objects_31")
    m = sdk.models
    node = m.Node.model_validate({"name": "a", "children": [{"name": "b"}], "owner": {"favourite": {"name": "c"}}})
    assert node.children[0].name == "b" and node.owner.favourite.name == "c"
    account = m.Account.model_validate({"id": 1, "scores": {"x": 1}, "typedExtra": {"name": "n", "w": 1.5}})
    assert account.password is None and account.typed_extra.model_extra == {"w": 1.5}
    with pytest.raises(pydantic.ValidationError):
        m.AccountTypedExtra.model_validate({"w": "heavy"})
