"""`sdkgen generate` on a current tree answers from the manifest: nothing rendered, nothing
written (every file keeps its inode and mtime), and only the light modules imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main as cli
from generator.manifest import MANIFEST, read_manifest
from tests.helpers import ROOT, TINY_SPEC


def _stats(out: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()
    }


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    spec = tmp_path / "tiny.yaml"
    spec.write_text(TINY_SPEC)
    out = tmp_path / "out"
    assert cli.main(["generate", str(spec), "-o", str(out), "-q"]) == 0
    return spec, out


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import pipeline

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("generate rendered although the tree is current")

    monkeypatch.setattr(pipeline, "build", no_build)


def test_generate_on_a_current_tree_renders_and_writes_nothing(
    tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec, out = tree
    before = _stats(out)
    _no_build(monkeypatch)
    assert cli.main(["generate", str(spec), "-o", str(out), "--exit-code"]) == 0
    assert _stats(out) == before
    assert "1 operations" in capsys.readouterr().out


def test_generate_on_the_project_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository's own SDKs (several, with custom templates and a project config)."""
    _no_build(monkeypatch)
    assert cli.main(["generate", "-q", "--exit-code", "--project", str(ROOT)]) == 0


@pytest.mark.parametrize("change", ["edit", "delete", "delete custom.py", "spec", "report", "old manifest"])
def test_generate_builds_when_anything_differs(
    tree: tuple[Path, Path], change: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A hand edit (refused without --force), a deleted file, a missing custom.py, a changed
    spec, --report (it lists the diagnostics) and a manifest without a record all build."""
    from generator import pipeline

    spec, out = tree
    built: list[object] = []
    real = pipeline.build
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: built.append(1) or real(*a, **k))
    args = ["generate", str(spec), "-o", str(out), "-q"]
    module = out / "tiny_client" / "resources" / "things.py"
    if change == "edit":
        module.write_text(module.read_text() + "# mine\n")
        args.append("--force")
    elif change == "delete":
        module.unlink()
    elif change == "delete custom.py":
        (out / "tiny_client" / "custom.py").unlink()
    elif change == "spec":
        spec.write_text(TINY_SPEC.replace("version: 1.0.0", "version: 1.0.1"))
    elif change == "report":
        args += ["--report", str(tmp_path / "report.json")]
    else:
        manifest = out / MANIFEST
        text = manifest.read_text()
        manifest.write_text(text[: text.index('  "record"')] + text[text.index('  "spec"') :])
        assert read_manifest(out).record is None  # type: ignore[union-attr]
    assert cli.main(args) == 0
    assert built == [1]
    assert (out / "tiny_client" / "custom.py").is_file() and module.is_file()
    monkeypatch.setattr(pipeline, "build", real)
    _no_build(monkeypatch)  # and the run after it is a no-op again
    assert cli.main(["generate", str(spec), "-o", str(out), "-q"]) == 0


def test_generate_without_lenient_builds_a_tree_made_from_an_invalid_spec(tmp_path: Path) -> None:
    """A spec with a validation error generates only with --lenient: without it, the no-op
    must not hide the error."""
    spec = tmp_path / "tiny.yaml"
    spec.write_text(TINY_SPEC.replace("description: ok", "description: ok\n          bogus: 1"))
    out = tmp_path / "out"
    assert cli.main(["generate", str(spec), "-o", str(out), "-q", "--lenient"]) == 0
    assert read_manifest(out).record.valid is False  # type: ignore[union-attr]
    assert cli.main(["generate", str(spec), "-o", str(out), "-q"]) == 2
    assert cli.main(["generate", str(spec), "-o", str(out), "-q", "--lenient"]) == 0


def test_a_link_in_the_output_is_still_refused(tree: tuple[Path, Path], tmp_path: Path) -> None:
    spec, out = tree
    resources = out / "tiny_client" / "resources"
    moved = tmp_path / "elsewhere"
    os.rename(resources, moved)
    os.symlink(moved, resources)
    assert cli.main(["generate", str(spec), "-o", str(out), "-q"]) == 1  # UnsafeOutput


def test_a_no_op_generate_loads_no_parser_validator_or_jinja(tree: tuple[Path, Path]) -> None:
    spec, out = tree
    probe = (
        "import sys; from generator.cli.main import main; "
        f"code = main(['generate', {str(spec)!r}, '-o', {str(out)!r}, '-q']); "
        "print(code, sorted({'yaml', 'jinja2', 'openapi_spec_validator', 'generator.pipeline', 'generator.write'} "
        "& set(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env)
    assert result.stdout.strip() == "0 []", result.stdout + result.stderr
