"""The command line: generate, check, validate; bad input is one line and exit code 2."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, TINY_SPEC, sdkgen


def assert_one_clean_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_check_passes_on_the_committed_tree() -> None:
    result = sdkgen("check")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert result.stdout == ""


def test_check_reports_a_spec_edit_with_a_diff(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project)
    shutil.copytree(ROOT / "specs", project / "specs")
    shutil.copytree(ROOT / "generated", project / "generated")
    assert sdkgen("check", cwd=project).returncode == 0
    spec = project / "specs" / "process_runs.yaml"
    spec.write_text(spec.read_text().replace("Get the details of a specific run.", "Get one run, in detail."))
    result = sdkgen("check", cwd=project)
    assert result.returncode == 1
    assert "-        Get the details of a specific run." in result.stdout
    assert "+        Get one run, in detail." in result.stdout
    assert "sdkgen generate" in result.stderr
    assert sdkgen("generate", cwd=project).returncode == 0
    assert sdkgen("check", cwd=project).returncode == 0


def test_generate_one_spec_to_a_folder(tmp_path: Path) -> None:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(TINY_SPEC)
    out = tmp_path / "out"
    result = sdkgen("generate", str(spec), "--output", str(out), "--package-name", "tiny_sdk")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("tiny_sdk: 1 operations")
    assert (out / "tiny_sdk" / "resources" / "things.py").is_file()
    assert (out / ".sdkgen.json").is_file()


def test_generate_is_idempotent_and_keeps_mtimes(tmp_path: Path) -> None:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(TINY_SPEC)
    out = tmp_path / "out"
    sdkgen("generate", str(spec), "-o", str(out))
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    custom = out / "tiny_client" / "custom.py"
    custom.write_text("HAND_WRITTEN = True\n")
    result = sdkgen("generate", str(spec), "-o", str(out))
    assert "0 written" in result.stdout
    assert custom.read_text() == "HAND_WRITTEN = True\n"
    assert all(p.stat().st_mtime_ns == t for p, t in stamps.items() if p != custom)


def test_files_no_longer_produced_are_removed_but_nothing_else(tmp_path: Path) -> None:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(TINY_SPEC)
    out = tmp_path / "out"
    sdkgen("generate", str(spec), "-o", str(out))
    mine = out / "notes.txt"
    mine.write_text("keep me")
    spec.write_text(TINY_SPEC.replace("tags: [things]", "tags: [items]"))
    assert sdkgen("generate", str(spec), "-o", str(out)).returncode == 0
    assert not (out / "tiny_client" / "resources" / "things.py").exists()
    assert (out / "tiny_client" / "resources" / "items.py").exists()
    assert mine.read_text() == "keep me"


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (None, ["no such file"]),
        ("openapi: 3.1.0\ninfo: {title: x\n  version: 1\n", ["malformed YAML", ":3"]),
        (
            TINY_SPEC.replace("description: ok", "description: 42"),
            [":13", "#/paths/~1things~1{id}/get/responses/200/description", "expected string, found integer"],
        ),
        ("swagger: '2.0'\ninfo: {title: x}\npaths: {}\n", [":2", "#/info", "version"]),
        ("- just\n- a list\n", ["not a mapping"]),
        ("a: &a [*a, *a]\n", ["tiny.yaml"]),
        (
            "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    $ref: 'http://evil.example/x.yaml'\n",
            ["remote $ref", "refused"],
        ),
        (
            "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    $ref: '../../etc/passwd'\n",
            ["outside the spec's folder"],
        ),
    ],
    ids=[
        "missing",
        "malformed-yaml",
        "invalid-spec",
        "invalid-swagger2",
        "not-mapping",
        "recursive-alias",
        "remote-ref",
        "escaping-ref",
    ],
)
def test_bad_input_is_one_line_and_exit_2_and_no_output(
    tmp_path: Path, content: str | None, fragments: list[str]
) -> None:
    spec = tmp_path / "tiny.yaml"
    if content is not None:
        spec.write_text(content)
    out = tmp_path / "out"
    result = sdkgen("generate", str(spec), "-o", str(out))
    assert_one_clean_line(result, str(spec), *fragments)
    assert not out.exists()


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    spec = tmp_path / "bomb.yaml"
    spec.write_text("\n".join(lines) + "\n")
    result = sdkgen("generate", str(spec), "-o", str(tmp_path / "out"))
    assert_one_clean_line(result, "more than")


def test_validate_lists_every_problem(tmp_path: Path) -> None:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(TINY_SPEC.replace("description: ok", "description: 42"))
    result = sdkgen("validate", str(spec))
    assert result.returncode == 2
    assert f"{spec}:13 #/paths/~1things~1{{id}}/get/responses/200/description" in result.stdout
    spec.write_text(TINY_SPEC)
    assert sdkgen("validate", str(spec)).returncode == 0


def test_multi_file_refs_are_bundled(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "thing.yaml").write_text(
        "type: object\nproperties:\n  id: {type: string}\n  child: {$ref: './thing.yaml'}\n"
    )
    spec = tmp_path / "api.yaml"
    spec.write_text(
        TINY_SPEC.replace(
            "schema: {type: object, properties: {id: {type: string}}}",
            "schema: {$ref: 'schemas/thing.yaml'}",
        )
    )
    result = sdkgen("generate", str(spec), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    models = (tmp_path / "out" / "api_client" / "models" / "_thing.py").read_text()
    assert "class Thing(_SDKModel):" in models and "child: Thing | None = None" in models


def test_check_on_a_current_tree_answers_from_the_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    """No rendering when the manifest's fingerprints and file hashes all match."""
    from generator import pipeline
    from generator.cli import main as cli

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("check rendered although the tree is current")

    monkeypatch.setattr(pipeline, "build", no_build)
    assert cli.main(["check", "--project", str(ROOT)]) == 0


def test_check_on_a_current_tree_loads_no_parser_validator_or_jinja() -> None:
    """The fast path imports the standard library and the manifest code only."""
    probe = (
        "import sys; from generator.cli.main import main; code = main(['check']); "
        "print(code, sorted({'yaml', 'jinja2', 'openapi_spec_validator', 'generator.pipeline'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "0 []", result.stdout + result.stderr


def test_report_lists_diagnostics_with_pointers(tmp_path: Path) -> None:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(TINY_SPEC.replace("schema: {type: string}}", "schema: {not: {type: integer}}}"))
    report = tmp_path / "report.json"
    result = sdkgen("generate", str(spec), "-o", str(tmp_path / "out"), "--report", str(report))
    assert result.returncode == 0, result.stderr
    entries = __import__("json").loads(report.read_text())
    assert [e["kind"] for e in entries] == ["not"]
    assert entries[0]["pointer"] == "#/paths/~1things~1{id}/get/parameters/id"


def test_a_pattern_python_warns_about_is_a_diagnostic_not_console_noise(tmp_path: Path) -> None:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(TINY_SPEC.replace("schema: {type: string}}", 'schema: {type: string, pattern: "^[[a-z]]+$"}}'))
    report = tmp_path / "report.json"
    result = sdkgen("generate", str(spec), "-o", str(tmp_path / "out"), "--report", str(report))
    assert result.returncode == 0 and "FutureWarning" not in result.stderr, result.stderr
    entries = json.loads(report.read_text())
    assert [(e["kind"], "nested set" in e["message"]) for e in entries] == [("pattern", True)]
    imported = subprocess.run(
        [sys.executable, "-W", "error::FutureWarning", "-c", "import tiny_client.models"],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
