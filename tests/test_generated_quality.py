"""The committed SDKs pass mypy --strict, ruff check, ruff format --check and black --check."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT

GENERATED = ROOT / "generated"
SDKS = sorted(p.name for p in GENERATED.iterdir() if (p / "pyproject.toml").exists())


@pytest.mark.parametrize("sdk", SDKS)
def test_mypy_strict(sdk: str) -> None:
    folder = GENERATED / sdk
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--explicit-package-bases",
            "--config-file",
            "pyproject.toml",
            sdk,
            "tests",  # the generated end-to-end test too
        ],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check_and_format() -> None:
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", str(GENERATED)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--isolated", str(GENERATED)],
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout


def test_black_check() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "-q", str(GENERATED)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_mypy_strict_on_the_generator() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "generator"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
