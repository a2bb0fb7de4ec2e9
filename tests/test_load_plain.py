"""The loader uses the parsed tree as it is, and validation imports openapi-spec-validator only
for an invalid document: what the fast paths skip must not change what comes out.

- YAML that names a container twice (an alias, a merge key) is still copied, so no container is
  shared; explicit tags that make no JSON value (`!!timestamp`, `!!binary`, `!!set`) still end as
  strings; NaN and infinities are still listed, in JSON and YAML.
- JSON's bounds (`MAX_NODES`, `MAX_DEPTH`) are checked without the copy, at the same limits, with
  the same message and pointer.
- A valid document is validated without importing openapi-spec-validator; an invalid one gets the
  diagnostics it always had.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import generator.load
from generator.diagnostics import BadInput
from generator.load import MAX_DEPTH, load
from generator.validate import validate

HEAD = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}'
ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, name: str, text: str) -> Path:
    spec = tmp_path / name
    spec.write_text(text)
    return spec


def containers(node: object, seen: list[int]) -> None:
    if isinstance(node, dict | list):
        seen.append(id(node))
        for value in node.values() if isinstance(node, dict) else node:
            containers(value, seen)


def test_yaml_aliases_and_merges_share_no_container(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "alias.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx: &a {k: [1, .nan]}\ny: *a\nm: {<<: *a, j: 2}\n",
    )
    doc = load(spec)
    assert doc.data["x"] == doc.data["y"] and doc.data["m"]["k"] == doc.data["x"]["k"]
    seen: list[int] = []
    containers(doc.data, seen)
    assert len(seen) == len(set(seen))
    assert doc.non_finite == ("#/x/k/1", "#/y/k/1", "#/m/k/1")


def test_yaml_tags_without_a_json_value_become_strings(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "tags.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "x: !!timestamp 2001-01-01\ny: !!binary aGVsbG8=\nz: !!pairs [a: 1]\n",
    )
    data = load(spec).data
    assert (data["x"], data["y"], data["z"]) == ("2001-01-01", "b'hello'", ["('a', 1)"])


def test_yaml_without_aliases_keeps_its_keys_as_written(tmp_path: Path) -> None:
    spec = write(
        tmp_path,
        "plain.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n~: 1\ntrue: 2\n0755: [-.inf]\n",
    )
    doc = load(spec)
    assert {k: doc.data[k] for k in ("~", "true")} == {"~": 1, "true": 2}
    assert doc.non_finite == ("#/0755/0",)


def test_json_non_finite_numbers_are_listed(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "nan.json", HEAD + ', "x": [1, NaN, {"y": Infinity, "z": -Infinity}]}'))
    assert doc.non_finite == ("#/x/1", "#/x/2/y", "#/x/2/z")
    assert load(write(tmp_path, "finite.json", HEAD + ', "x": [1.5, "NaN"]}')).non_finite == ()


@pytest.mark.parametrize("levels", [MAX_DEPTH - 1, MAX_DEPTH])
def test_json_as_deep_as_allowed_loads(tmp_path: Path, levels: int) -> None:
    # `x` sits at depth 1: its innermost list is at depth `levels`
    load(write(tmp_path, "deep.json", HEAD + ', "x": ' + "[" * levels + "]" * levels + "}"))


@pytest.mark.parametrize(("opening", "inner", "closing", "token"), [("[", "", "]", "0"), ('{"a": ', "1", "}", "a")])
def test_json_deeper_than_allowed_is_refused_at_the_first_node_too_deep(
    tmp_path: Path, opening: str, inner: str, closing: str, token: str
) -> None:
    levels = MAX_DEPTH + 1  # the innermost container at depth MAX_DEPTH + 1
    text = HEAD + ', "x": ' + opening * levels + inner + closing * levels + "}"
    with pytest.raises(BadInput) as caught:
        load(write(tmp_path, "deeper.json", text))
    assert caught.value.message == f"nesting deeper than {MAX_DEPTH} levels (or a recursive YAML alias)"
    assert caught.value.pointer == "#/x" + f"/{token}" * MAX_DEPTH
    assert caught.value.line == 1


def test_json_node_budget_is_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The budget counts containers, keys and values: a document of exactly that many passes."""
    items = ",".join(["[1]"] * 100)
    spec = write(tmp_path, "wide.json", HEAD + f', "x": [{items}]}}')
    data = json.loads(spec.read_text())

    def nodes(node: object) -> int:
        if isinstance(node, dict):
            return 1 + len(node) + sum(nodes(v) for v in node.values())
        if isinstance(node, list):
            return 1 + sum(nodes(v) for v in node)
        return 1

    exact = nodes(data)
    monkeypatch.setattr(generator.load, "MAX_NODES", exact)
    load(spec)
    monkeypatch.setattr(generator.load, "MAX_NODES", exact - 1)
    with pytest.raises(BadInput) as caught:
        load(spec)
    assert caught.value.message == f"the document has more than {exact - 1:,} nodes; refused"
    assert caught.value.pointer == ""  # the root's count crossed it (each container counts its own)


def test_a_valid_document_is_validated_without_openapi_spec_validator(tmp_path: Path) -> None:
    spec = write(tmp_path, "valid.json", HEAD + "}")
    program = (
        "import sys; from pathlib import Path; from generator.load import load; "
        "from generator.pipeline import check_valid; "
        f"assert check_valid(load(Path({str(spec)!r})), lenient=False) == []; "
        "print(sorted(m for m in sys.modules if m.startswith(('openapi_spec_validator', 'pydantic_settings'))))"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


def test_an_invalid_document_gets_the_validator_s_diagnostics(tmp_path: Path) -> None:
    operation = {"parameters": [{"name": "q", "in": "nowhere"}], "responses": {}}
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": operation}}}
    spec = write(tmp_path, "invalid.json", json.dumps(document))
    found = validate(load(spec))
    assert found and all(d.kind == "invalid" for d in found)
    assert found[0].pointer.startswith("#/paths/~1a/get/parameters/0")
