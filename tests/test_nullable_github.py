"""GitHub's own spec: a page of issues with an unassigned issue parses.

GitHub's spec (npm `@octokit/openapi@23.0.2`, checked against its registry integrity; fetched
with `npm pack` once per machine, the one file kept in `tests/e2e/.cache/`) has 62 component
schemas that accept null (`nullable-simple-user`, `nullable-milestone`, …), each referred to by
`$ref`. `issues.list_for_repo` used to fail on GitHub's own example the moment `assignee` was
null (a bare pydantic ValidationError). Here the SDK generated from it parses that example, with
`assignee: null` in one copy, from the recording server.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator import ir
from generator.schemas import SchemaConverter
from tests.fault_server import FaultServer, Reply
from tests.helpers import ROOT, generate, import_package

pytestmark = pytest.mark.slow  # an npm download (29 MB) and a ~950-operation SDK

PACKAGE = "@octokit/openapi@23.0.2"
INTEGRITY = "sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg=="
CACHE = ROOT / "tests" / "e2e" / ".cache" / "octokit-openapi-23.0.2" / "api.github.com.json"


@pytest.fixture(scope="module")
def spec() -> Path:
    """GitHub's spec from the npm tarball (fetched on first use)."""
    if CACHE.exists():
        return CACHE
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is required to fetch GitHub's spec (Node 20+)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", PACKAGE, "--silent", "--pack-destination", tmp], check=True, timeout=900, capture_output=True
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        algorithm, expected = INTEGRITY.split("-", 1)
        digest = hashlib.new(algorithm, tarball.read_bytes()).digest()
        assert base64.b64encode(digest).decode() == expected, f"{tarball.name} does not match {INTEGRITY}"
        with tarfile.open(tarball) as tar:
            source = tar.extractfile("package/generated/api.github.com.json")
            assert source is not None
            CACHE.parent.mkdir(parents=True, exist_ok=True)
            partial = CACHE.with_name(f"{CACHE.name}.{os.getpid()}.part")  # each process its own
            partial.write_bytes(source.read())
            partial.replace(CACHE)
    return CACHE


@pytest.fixture(scope="module")
def document(spec: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(spec.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def sdk(spec: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("github")
    generate(spec, out, "github_sdk")
    return import_package(out, "github_sdk")


def test_every_nullable_component_is_referred_to_as_nullable(document: dict[str, Any]) -> None:
    converter = SchemaConverter(document)
    converter.define_components()
    nullable = [key for key in converter.component_keys if converter.nulls.at(key)]
    assert len(nullable) == 62
    issue = converter.definitions["#/components/schemas/issue"]
    assert isinstance(issue, ir.ModelDef)
    types = {f.wire_name: f.type for f in issue.fields}
    assert types["assignee"] == ir.Nullable(ir.Ref("#/components/schemas/nullable-simple-user"))
    assert types["milestone"] == ir.Nullable(ir.Ref("#/components/schemas/nullable-milestone"))
    assert isinstance(converter.definitions["#/components/schemas/nullable-simple-user"], ir.ModelDef)


def test_list_for_repo_parses_githubs_example_with_an_unassigned_issue(
    sdk: ModuleType, document: dict[str, Any], server: FaultServer
) -> None:
    (example,) = document["components"]["examples"]["issue-items"]["value"]
    unassigned = copy.deepcopy(example) | {"id": 2, "number": 1348, "assignee": None, "assignees": []}
    unassigned |= {"milestone": None, "closed_by": None}
    server.script.append(Reply(200, [example, unassigned]))
    with sdk.GithubSdkClient(base_url=server.url) as client:
        issues = list(client.issues.list_for_repo("octocat", "Hello-World"))
    assert [(s.method, s.path) for s in server.seen] == [("GET", "/repos/octocat/Hello-World/issues")]
    assigned, nobody = issues
    assert isinstance(assigned.assignee, sdk.models.NullableSimpleUser) and assigned.assignee.login == "octocat"
    assert isinstance(assigned.milestone, sdk.models.NullableMilestone)
    assert nobody.assignee is None and nobody.milestone is None and nobody.closed_by is None
