"""No partial output, ever, and nothing written, read or removed through a link in the output.

A project with two SDKs is generated, its specs are edited so that a new run would change both,
and the run is made to fail at each stage: rendering, formatting, staging the files, moving them
in (in the second SDK, after the first one has been moved in), and a process killed while it
stages. Every time, both output folders are byte for byte what they were. Links in an output
folder (a generated file, the package folder, a hand-written file not created yet) are refused
with exit code 1, with or without `--force`, and what they point at is not touched, nor shown
by `check`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli.main import main
from tests.helpers import ROOT

SPEC = """openapi: 3.1.0
info: {{title: {title}, version: 1.0.0}}
paths:
  /things/{{id}}:
    get:
      operationId: getThing
      summary: Read a thing.
      tags: [things]
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/Thing"}}
components:
  schemas:
    Thing:
      type: object
      properties: {{name: {{type: string}}}}
"""

PYPROJECT = """[tool.sdkgen]
[[tool.sdkgen.sdk]]
spec = "specs/shop.yaml"
package_name = "shop_client"

[[tool.sdkgen.sdk]]
spec = "specs/zoo.yaml"
package_name = "zoo_client"
"""

Tree = dict[str, bytes | None]


def snapshot(folder: Path) -> Tree:
    """Every file's bytes and every folder (None) under `folder`, links as their target text."""
    out: Tree = {}
    for p in sorted(folder.rglob("*")):
        if "__pycache__" in p.parts:
            continue
        key = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[key] = b"-> " + os.readlink(p).encode()
        elif p.is_dir():
            out[key] = None
        elif p.is_file():
            out[key] = p.read_bytes()
        else:
            out[key] = b"<not a file>"  # a FIFO: reading it would block
    return out


def generate(project: Path, *args: str) -> int:
    return main(["generate", "-q", "--project", str(project), *args])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two SDKs generated, then both specs edited: the next run changes both."""
    monkeypatch.delenv("SDKGEN_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "project"
    (folder / "specs").mkdir(parents=True)
    for name in ("shop", "zoo"):
        (folder / "specs" / f"{name}.yaml").write_text(SPEC.format(title=name.title()))
    (folder / "pyproject.toml").write_text(PYPROJECT)
    assert generate(folder) == 0
    for name in ("shop", "zoo"):
        spec = folder / "specs" / f"{name}.yaml"
        spec.write_text(spec.read_text().replace("Read a thing.", "Read one thing by its id."))
    return folder


def outputs(project: Path) -> Tree:
    """Both output folders and what is next to them (a staging folder left behind shows)."""
    return snapshot(project / "generated")


def failing_on(call: int, error: BaseException, when: Callable[..., bool] = lambda *a: True) -> Callable[..., object]:
    """A wrapper of `real` that lets calls through and raises `error` on the `call`-th call
    for which `when(*args)` holds."""
    calls = [0]

    def make(real: Callable[..., object]) -> Callable[..., object]:
        def stand_in(*args: object, **kwargs: object) -> object:
            calls[0] += when(*args)
            if calls[0] == call and when(*args):
                raise error
            return real(*args, **kwargs)

        return stand_in

    return make


def in_zoo(path: object, *rest: object) -> bool:
    return ".zoo_client.sdkgen-staging-" in str(path)


@pytest.mark.parametrize(
    ("module", "name", "call", "when"),
    [
        ("generator.python.target", "units", 2, lambda *a: True),  # the second SDK's render stage (its units)
        ("generator.python.target", "format_files", 2, lambda *a: True),  # the second SDK's format stage
        ("generator.write", "write_new", 2, in_zoo),  # staging the second SDK
    ],
)
def test_a_failure_in_any_stage_leaves_every_output_as_it_was(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    module: str,
    name: str,
    call: int,
    when: Callable[..., bool],
) -> None:
    before = outputs(project)
    target = sys.modules[module]
    monkeypatch.setattr(target, name, failing_on(call, RuntimeError("boom"), when)(getattr(target, name)))
    assert generate(project) == 3
    assert "internal error: RuntimeError: boom" in capsys.readouterr().err
    assert outputs(project) == before
    monkeypatch.undo()
    monkeypatch.chdir(project.parent)
    assert generate(project) == 0  # and the next run is not stopped by anything left behind
    assert "Read one thing by its id." in (project / "generated/zoo_client/docs/things.md").read_text()


def test_a_failure_while_moving_the_second_sdk_in_puts_the_first_back(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first SDK's files are already in place when the second's third move fails."""
    before = outputs(project)
    zoo = str(project / "generated" / "zoo_client")
    real = os.rename
    moves = [0]

    def rename(src: str | Path, dst: str | Path) -> None:
        if str(dst).startswith(zoo + os.sep):
            moves[0] += 1
            if moves[0] == 3:
                raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    assert generate(project) == 3
    assert moves[0] == 3
    assert outputs(project) == before


def test_a_new_output_folder_is_not_left_half_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SDKGEN_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_text(SPEC.format(title="Shop"))
    import generator.write

    monkeypatch.setattr(
        generator.write, "write_new", failing_on(5, OSError(36, "File name too long"))(generator.write.write_new)
    )
    assert generate(tmp_path) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["specs"]  # no generated/, no staging folder


def test_a_killed_run_leaves_the_output_as_it_was(project: Path) -> None:
    """SIGKILL while the files are staged (nothing can clean up): the output folders are as
    they were; the staging folder is next to them, and the next run removes it."""
    before = {name: snapshot(project / "generated" / name) for name in ("shop_client", "zoo_client")}
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        import generator.write as w
        real, calls = w.write_new, [0]
        def write_file(*args):
            calls[0] += 1
            if calls[0] == 5:
                os.kill(os.getpid(), signal.SIGKILL)
            real(*args)
        w.write_new = write_file
        from generator.cli.main import main
        sys.exit(main(["generate", "-q", "--project", {str(project)!r}]))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run([sys.executable, "-c", script], cwd=project, env=env, capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    for name, tree in before.items():
        assert snapshot(project / "generated" / name) == tree
    assert any(".sdkgen-staging-" in p.name for p in (project / "generated").iterdir())
    assert generate(project) == 0
    assert sorted(p.name for p in (project / "generated").iterdir()) == ["shop_client", "zoo_client"]


# ------------------------------------------------------------------------------------- links
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text("SECRET, not the generator's\n")
    return path


@pytest.mark.parametrize("force", [False, True])
def test_a_linked_generated_file_is_refused_and_its_target_untouched(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], force: bool
) -> None:
    target = victim(tmp_path)
    link = project / "generated/shop_client/docs/things.md"  # a file the run would rewrite
    link.unlink()
    link.symlink_to(target)
    before = outputs(project)
    assert generate(project, *(["--force"] if force else [])) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert "docs/things.md (a symbolic link to" in err[0] and str(target) in err[0], err
    assert target.read_text() == "SECRET, not the generator's\n"
    assert link.is_symlink()
    assert outputs(project) == before  # and the other SDK is not written either


def test_a_linked_package_folder_is_refused(project: Path, tmp_path: Path) -> None:
    package = project / "generated/zoo_client/zoo_client"
    elsewhere = tmp_path / "elsewhere"
    package.rename(elsewhere)
    package.symlink_to(elsewhere, target_is_directory=True)
    outside = snapshot(elsewhere)
    before = outputs(project)
    assert generate(project, "--force") == 1
    assert snapshot(elsewhere) == outside
    assert outputs(project) == before


def test_a_dangling_link_where_a_hand_written_file_goes_is_refused(project: Path, tmp_path: Path) -> None:
    """custom.py is created when missing: never through a link to a file that does not exist."""
    custom = project / "generated/shop_client/shop_client/custom.py"
    custom.unlink()
    custom.symlink_to(tmp_path / "made_by_sdkgen.py")
    assert generate(project) == 1
    assert not (tmp_path / "made_by_sdkgen.py").exists()


def test_check_does_not_show_what_a_link_points_at(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = project / "generated/shop_client/docs/things.md"
    link.unlink()
    link.symlink_to(victim(tmp_path))
    assert main(["check", "--project", str(project)]) == 1
    out = capsys.readouterr()
    assert "SECRET" not in out.out + out.err
    assert "symbolic link" in out.err


def test_a_manifest_cannot_name_a_file_outside_the_output(project: Path, tmp_path: Path) -> None:
    """An edited manifest listing `../../victim.txt` as generated does not get it removed."""
    target = victim(tmp_path)
    manifest = project / "generated/shop_client/.sdkgen.json"
    relative = os.path.relpath(target, manifest.parent)
    text = manifest.read_text().replace('"files": {', f'"files": {{\n    "{relative}": "0",', 1)
    manifest.write_text(text)
    assert generate(project, "--force") == 0
    assert target.read_text() == "SECRET, not the generator's\n"


@pytest.mark.parametrize("command", ["generate", "check"])
def test_a_fifo_or_a_folder_where_a_file_goes_is_refused_without_blocking(
    project: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Reading a FIFO would block the run; a folder in a file's place would be moved away."""
    fifo = project / "generated/shop_client/docs/things.md"
    fifo.unlink()
    os.mkfifo(fifo)
    folder = project / "generated/zoo_client/docs/things.md"
    folder.unlink()
    (folder / "mine").mkdir(parents=True)
    before = outputs(project)
    assert main([command, "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert "docs/things.md (a folder or special file where a file goes)" in err, err
    assert outputs(project) == before
