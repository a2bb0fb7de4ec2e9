"""Shared test helpers: generate an SDK from a spec into a folder and import it."""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from generator.config import make_config
from generator.pipeline import build
from generator.write import write

ROOT = Path(__file__).resolve().parent.parent

# a one-operation 3.1 spec: the smallest SDK the CLI tests generate
TINY_SPEC = """openapi: 3.1.0
info: {title: Tiny, version: 1.0.0}
servers: [{url: "https://api.example.com"}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      tags: [things]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
"""


def generate(spec: Path, out: Path, package: str, *, lenient: bool = False, **options: object) -> Path:
    config = make_config(spec, output=out, package_name=package, base=ROOT, **options)
    built = build(config, lenient=lenient)
    write(out, built.files, built.prints)
    return out


def sdkgen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The command line, as a user runs it (this checkout's generator, any working folder)."""
    env = {k: v for k, v in os.environ.items() if k != "SDKGEN_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def import_package(folder: Path, package: str) -> ModuleType:
    """Import a generated package fresh from `folder` (its project root)."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(folder))


def generated_tests(project: Path) -> str:
    """The text of a generated project's own tests: every module of its `tests` package (a
    module per group of operations, and `_mock_server.py`), in path order."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((project / "tests").glob("*.py")))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_clean(out: Path, package: str) -> None:
    """mypy --strict, ruff check and black --check accept the generated project as emitted."""
    problems = check_trees([(out, package)])[out]
    assert problems == [], "\n".join(problems)


def ruff_own_config(folders: Sequence[Path]) -> subprocess.CompletedProcess[str]:
    """One `ruff check` over generated projects, not `--isolated`: each file under its own
    pyproject's `[tool.ruff]` (the SDK's rule selection and ignores, with their reasons)."""
    command = [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise"]
    return subprocess.run([*command, *map(str, folders)], capture_output=True, text=True)


class Started:
    """A command running in the background from when it is made, its stdout and stderr going to
    files; `wait()` waits for its end and returns (exit code, stdout, stderr)."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        """`env`: the whole environment (default: this process's)."""
        self.command = command
        self._folder = tempfile.TemporaryDirectory(prefix="sdkgen-background-")
        folder = Path(self._folder.name)
        self._out, self._err = (folder / "stdout").open("w+b"), (folder / "stderr").open("w+b")
        # a session of its own: `stop` ends it with whatever it started (Prism servers, pytest)
        self.proc = subprocess.Popen(
            command,
            cwd=cwd,
            env=dict(os.environ) if env is None else env,
            stdout=self._out,
            stderr=self._err,
            start_new_session=True,
        )
        self._result: tuple[int, str, str] | None = None

    def wait(self) -> tuple[int, str, str]:
        if self._result is None:
            code = self.proc.wait()
            texts = []
            for file in (self._out, self._err):
                file.seek(0)
                texts.append(file.read().decode("utf-8", "replace"))
                file.close()
            self._folder.cleanup()
            self._result = (code, texts[0], texts[1])
        return self._result

    def stop(self) -> None:
        """End it if it still runs (a session stopped early), and drop its files."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.wait()


def tool(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Started:
    """`python -m <command>` started now, beside whatever else runs (the checkers are processes of
    their own, and the machine has a second core); `env` added to this process's environment."""
    return Started([sys.executable, "-m", *command], cwd, {**os.environ, **(env or {})})


def check_trees(trees: Sequence[tuple[Path, str]]) -> dict[Path, list[str]]:
    """mypy --strict, ruff check and black --check over several generated projects (project
    folder, package name) at once: one process per tool instead of one per tool and project,
    each project under its own configuration (its pyproject.toml's [tool.mypy] / [tool.black];
    projects whose tables differ get a run each). Ruff runs once, not `--isolated`: each file
    under its own project's `[tool.ruff]` (the rule selection the SDK's pyproject.toml declares).

    Returns each project's problems (empty when clean), one line each, prefixed with the tool
    and naming the file by its path.

    One mypy process for several projects: each package is given by its folder, its project
    folder on MYPYPATH and `--explicit-package-bases` (so a tree inside this repository's `tests`
    package is its own root, `enums_30`, not `tests.golden.enums_30.enums_30`); the projects' own
    tests (a `tests` package in every one of them, a name mypy must not see twice) as copies of
    the package named after their project in the working folder, also a base, reported under
    their original paths.

    The tools' processes are all started, then waited for: ruff and black run while mypy does.
    """
    folders = [folder.resolve() for folder, _ in trees]
    packages = [package for _, package in trees]
    assert len(set(packages)) == len(packages), f"a package name twice: {packages}"
    problems: dict[Path, list[str]] = {folder: [] for folder in folders}

    def owner(path: str, cwd: Path) -> Path | None:
        resolved = (cwd / path).resolve()
        return next((f for f in folders if resolved.is_relative_to(f)), None)

    def report(tool: str, output: str, cwd: Path, pattern: str, renames: dict[str, Path] | None = None) -> int:
        """File each line of `output` under its project; the number of lines filed."""
        filed = 0
        for line in output.splitlines():
            match = re.match(pattern, line)
            if match is None:
                continue
            path = match.group("path")
            if renames and path in renames:
                line = line.replace(path, str(renames[path]), 1)
                path = str(renames[path])
            folder = owner(path, cwd)
            if folder is not None:
                problems[folder].append(f"{tool}: {line}")
                filed += 1
        return filed

    def table(folder: Path, name: str) -> str:
        config = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
        return repr(config.get("tool", {}).get(name))

    with tempfile.TemporaryDirectory(prefix="sdkgen-mypy-") as tmp:
        work = Path(tmp)
        mypy_runs: list[tuple[list[Path], dict[str, Path], Started]] = []
        for key in sorted({table(f, "mypy") for f in folders}):
            group = [(f, p) for f, p in zip(folders, packages, strict=True) if table(f, "mypy") == key]
            renames: dict[str, Path] = {}
            for folder, package in group:
                (work / f"{package}__tests").mkdir()
                for test in sorted((folder / "tests").glob("*.py")):
                    copy = f"{package}__tests/{test.name}"
                    shutil.copy(test, work / copy)
                    renames[copy] = test
            config = group[0][0] / "pyproject.toml"
            command = ["mypy", "--strict", "--no-incremental", "--no-error-summary", "--explicit-package-bases"]
            command += ["--config-file", str(config), *(str(folder / package) for folder, package in group)]
            command += sorted({copy.partition("/")[0] for copy in renames})
            env = {"MYPYPATH": os.pathsep.join(str(folder) for folder, _ in group)}
            mypy_runs.append(([folder for folder, _ in group], renames, tool(command, work, env)))
        ruff_run = tool(["ruff", "check", "--no-cache", "--output-format", "concise", *map(str, folders)], work)
        black_runs: list[tuple[list[Path], Started]] = []
        for key in sorted({table(f, "black") for f in folders}):
            group_folders = [f for f in folders if table(f, "black") == key]
            config = group_folders[0] / "pyproject.toml"
            black_runs.append(
                (group_folders, tool(["black", "--check", "--config", str(config), *map(str, group_folders)], work))
            )

        for group_folders, renames, started in mypy_runs:
            code, out, err = started.wait()
            filed = report("mypy", out, work, r"(?P<path>[^:\s][^:]*):\d+:", renames)
            if code != 0 and not filed:  # a crash, a bad option: nobody's line
                for folder in group_folders:
                    problems[folder].append(f"mypy: exit {code}: {out}{err}")
        code, out, err = ruff_run.wait()
        filed = report("ruff", out, work, r"(?P<path>[^:\s][^:]*):\d+:\d+:")
        if code != 0 and not filed:
            for folder in folders:
                problems[folder].append(f"ruff: exit {code}: {out}{err}")
        for group_folders, started in black_runs:
            code, _, err = started.wait()
            filed = report("black", err, work, r"(?:would reformat|error: cannot format) (?P<path>[^:]+)")
            if code != 0 and not filed:
                for folder in group_folders:
                    problems[folder].append(f"black: exit {code}: {err}")
    return problems
