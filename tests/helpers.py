"""Shared test helpers: generate an SDK from a spec into a folder and import it."""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from generator.config import make_config
from generator.pipeline import build
from generator.write import write

ROOT = Path(__file__).resolve().parent.parent


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_clean(out: Path, package: str) -> None:
    """mypy --strict, ruff check and black --check accept the generated project as emitted."""
    for command in (
        # --explicit-package-bases: a tree inside this repository's `tests` package is its own root
        ["mypy", "--strict", "--no-incremental", "--explicit-package-bases", "--config-file", "pyproject.toml"]
        + [package, "tests"],
        ["ruff", "check", "--isolated", "."],
        ["black", "--check", "-q", "."],
    ):
        result = subprocess.run([sys.executable, "-m", *command], cwd=out, capture_output=True, text=True)
        assert result.returncode == 0, command[0] + ": " + result.stdout + result.stderr
