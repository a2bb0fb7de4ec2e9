"""The committed SDKs pass mypy --strict, ruff check, ruff format --check and black --check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

GENERATED = ROOT / "generated"
SDKS = sorted(p.name for p in GENERATED.iterdir() if (p / "pyproject.toml").exists())


@pytest.mark.parametrize("sdk", SDKS)
def test_mypy_strict_ruff_and_black(sdk: str, committed_sdk_problems: dict[Path, list[str]]) -> None:
    """Its package and its own end-to-end test (tests/): one mypy, ruff and black run over
    every committed SDK (conftest), the golden trees included."""
    problems = committed_sdk_problems[(GENERATED / sdk).resolve()]
    assert problems == [], "\n".join(problems)


def test_ruff_format() -> None:
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--isolated", str(GENERATED)],
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout


def test_mypy_strict_on_the_generator() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "generator"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
