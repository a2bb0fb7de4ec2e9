"""`sdkgen samples`: the Overlay that adds each operation's SDK sample (`x-codeSamples`) to a
spec, applied by a real Overlay tool (npm `openapi-format`), its samples type-checked."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.code_samples import json_path
from generator.diagnostics import pointer_get
from tests.conftest import OPENAPI_FORMAT, ROOT, ensure_prism
from tests.docs_blocks import python_blocks
from tests.helpers import sdkgen

SDKS = {"intuned.yaml": "intuned_client", "process_runs.yaml": "process_runs_client"}

# Paths a JSONPath would read as syntax unless each name is quoted: a quote, a backslash, `$`,
# brackets, a dot; and text outside ASCII. One operation has its own samples, one of them in Python.
HOSTILE = """
openapi: 3.1.0
info: {title: "Hostile 'paths'", version: 1.0.0}
servers: [{url: "https://api.example.com"}]
paths:
  "/it's/{id}":
    get:
      operationId: quoted
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}
  "/back\\\\slash/$.x[0]/']['y":
    post:
      operationId: slashed
      x-codeSamples:
        - {lang: shell, label: curl, source: "curl -X POST https://api.example.com"}
        - {lang: Python, label: Older SDK, source: "import older_sdk"}
      responses: {"204": {description: none}}
  "/é/ü":
    delete:
      responses: {"204": {description: none}}
"""


def samples(spec: Path, *args: str) -> dict[str, Any]:
    """`sdkgen samples SPEC` as a user runs it, its standard output read as YAML."""
    result = sdkgen("samples", str(spec), *args)
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = yaml.safe_load(result.stdout)
    return document


def operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every operation object of a spec, by its JSON pointer."""
    methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    found = {}
    for path, item in spec["paths"].items():
        for method in methods:
            if method in item:
                token = path.replace("~", "~0").replace("/", "~1")
                found[f"#/paths/{token}/{method}"] = item[method]
    return found


def python_of(operation: dict[str, Any]) -> list[str]:
    return [s["source"] for s in operation.get("x-codeSamples", []) if s["lang"].lower() == "python"]


@pytest.mark.parametrize("spec", sorted(SDKS))
def test_every_operation_gets_the_program_its_docs_page_shows(spec: str) -> None:
    overlay = samples(ROOT / "specs" / spec)
    assert overlay["overlay"] == "1.0.0"
    updates = [a for a in overlay["actions"] if "update" in a]
    written = yaml.safe_load((ROOT / "specs" / spec).read_text(encoding="utf-8"))
    assert sorted(a["target"] for a in updates) == sorted(str(json_path(key)) for key in operations(written))
    sources = [s["source"] for a in updates for s in a["update"]["x-codeSamples"] if s["lang"] == "python"]
    docs = ROOT / "generated" / SDKS[spec] / "docs"
    shown = [block for page in sorted(docs.glob("*.md")) if page.name != "README.md" for block in python_blocks(page)]
    assert len(sources) == len(updates) and sorted(sources) == sorted(shown)


def test_a_json_path_quotes_every_name() -> None:
    assert json_path("#/paths/~1pets~1{id}/get") == "$['paths']['/pets/{id}']['get']"
    assert json_path("#/paths/~1it's~1a\\b/post") == "$['paths']['/it\\'s/a\\\\b']['post']"
    assert json_path("#/paths/~1a\tb\x01/get") == "$['paths']['/a\\u0009b\\u0001']['get']"
    assert json_path("#/paths/~1a~0b/get") == "$['paths']['/a~b']['get']"
    assert json_path("other.yaml#/paths/~1a/get") is None  # another file: not in the document the overlay targets


def test_a_sample_of_the_spec_in_a_language_of_ours_is_replaced_the_others_kept() -> None:
    overlay = samples(ROOT / "specs" / "intuned.yaml")
    start = "$['paths']['/{workspaceId}/projects/{projectName}/run/start']['post']"
    actions = [a for a in overlay["actions"] if a["target"].startswith(start)]
    assert [a["target"] for a in actions] == [start + "['x-codeSamples']", start]
    assert actions[0]["remove"] is True
    entries = actions[1]["update"]["x-codeSamples"]
    # the spec's own TypeScript and Python samples give way to the two SDKs' (TypeScript first)
    assert [(e["lang"], e["label"]) for e in entries] == [("typescript", "TypeScript"), ("python", "Python")]
    assert entries[0]["source"].startswith('import { IntunedClient } from "@intuned/client";')
    assert "client.projects.runs.start(" in entries[0]["source"]


def test_several_sdks_need_a_folder_and_json_is_written_by_suffix(tmp_path: Path) -> None:
    both = [str(ROOT / "specs" / spec) for spec in sorted(SDKS)]
    refused = sdkgen("samples", *both)
    assert refused.returncode == 2 and "give --output a folder" in refused.stderr
    done = sdkgen("samples", *both, "-o", str(tmp_path / "overlays"), "--json")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "overlays").iterdir()) == [
        "intuned_client.overlay.json",
        "process_runs_client.overlay.json",
    ]
    one = tmp_path / "one.json"
    assert sdkgen("samples", both[0], "-o", str(one)).returncode == 0
    assert json.loads(one.read_text(encoding="utf-8")) == json.loads(
        (tmp_path / "overlays" / "intuned_client.overlay.json").read_text(encoding="utf-8")
    )


def _apply(spec: Path, overlay: Path, out: Path) -> dict[str, Any]:
    result = subprocess.run(
        [str(OPENAPI_FORMAT), str(spec), "--overlayFile", str(overlay), "--no-sort", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and out.exists(), result.stdout + result.stderr
    applied: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return applied


def _without_samples(spec: dict[str, Any]) -> dict[str, Any]:
    bare = copy.deepcopy(spec)
    for operation in operations(bare).values():
        operation.pop("x-codeSamples", None)
    return bare


@pytest.mark.slow  # npm's openapi-format, installed with Prism
@pytest.mark.parametrize("spec", ["intuned.yaml", "process_runs.yaml", "hostile"])
def test_openapi_format_applies_the_overlay(spec: str, tmp_path: Path) -> None:
    """Applied by a real Overlay tool, every operation has the SDK's sample once, and no other in
    its language; the spec's samples in other languages stay, and nothing else changes."""
    ensure_prism()
    path = ROOT / "specs" / spec
    if spec == "hostile":
        path = tmp_path / "hostile.yaml"
        path.write_text(HOSTILE, encoding="utf-8")
    result = sdkgen("samples", str(path), "-o", str(tmp_path / "overlay.yaml"))
    assert result.returncode == 0, result.stderr
    overlay = yaml.safe_load((tmp_path / "overlay.yaml").read_text(encoding="utf-8"))
    ours = {a["target"]: a["update"]["x-codeSamples"][-1]["source"] for a in overlay["actions"] if "update" in a}
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    applied = _apply(path, tmp_path / "overlay.yaml", tmp_path / "applied.json")
    # the project's specs have a TypeScript SDK too: its sample is there once, before the Python one
    languages = ("typescript", "python") if spec != "hostile" else ("python",)
    for key, operation in operations(applied).items():
        assert python_of(operation) == [ours[str(json_path(key))]], key
        before = pointer_get(written, key).get("x-codeSamples", [])
        others = [s for s in operation["x-codeSamples"] if s["lang"].lower() not in languages]
        assert others == [s for s in before if s["lang"].lower() not in languages], key
        assert [s["lang"] for s in operation["x-codeSamples"] if s["lang"].lower() in languages] == list(languages)
    assert _without_samples(applied) == _without_samples(written)


@pytest.mark.slow  # mypy over the samples, against the generated SDKs
def test_every_sample_type_checks(tmp_path: Path) -> None:
    for spec, package in SDKS.items():
        folder = tmp_path / package
        folder.mkdir()
        updates = [a for a in samples(ROOT / "specs" / spec)["actions"] if "update" in a]
        for n, action in enumerate(updates):
            (folder / f"sample_{n}.py").write_text(action["update"]["x-codeSamples"][-1]["source"], encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(folder)],
            capture_output=True,
            text=True,
            env={"MYPYPATH": str(ROOT / "generated" / package), "PATH": ""},
            timeout=600,
        )
        assert result.returncode == 0, result.stdout


def test_an_operation_of_a_ref_path_item_gets_no_sample(tmp_path: Path) -> None:
    """Its object is another path's too: a sample there would show one path's call on both."""
    spec = tmp_path / "shared.yaml"
    spec.write_text(
        """
openapi: 3.0.3
info: {title: Shared, version: 1.0.0}
servers: [{url: "https://api.example.com"}]
paths:
  /things:
    get:
      operationId: listThings
      responses: {"204": {description: none}}
  /also-things:
    $ref: "#/paths/~1things"
""",
        encoding="utf-8",
    )
    result = sdkgen("samples", str(spec))
    assert result.returncode == 0, result.stderr
    overlay = yaml.safe_load(result.stdout)
    assert [a["target"] for a in overlay["actions"]] == ["$['paths']['/things']['get']"]
    assert "1 operation → standard output (1 in a $ref'd path item: none)" in result.stderr
