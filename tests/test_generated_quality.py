"""The committed SDKs pass mypy --strict, ruff check, ruff format --check and black --check.

`ruff check` runs under each SDK's own pyproject.toml, never `--isolated`: the rules its users'
ruff applies are the ones the SDK selects (issue 15: E F W I B UP RUF PIE PYI SIM C4).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.helpers import ROOT

GENERATED = ROOT / "generated"
SDKS = sorted(p.name for p in GENERATED.iterdir() if (p / "pyproject.toml").exists())
GOLDEN = sorted(p for p in (ROOT / "tests" / "golden").iterdir() if (p / "pyproject.toml").exists())
FAMILIES = {"E", "F", "W", "I", "B", "UP", "RUF", "PIE", "PYI", "SIM", "C4"}


@pytest.mark.slow  # mypy over every committed SDK and golden tree: half a minute
@pytest.mark.parametrize("sdk", SDKS)
def test_mypy_strict_ruff_and_black(sdk: str, committed_sdk_problems: dict[Path, list[str]]) -> None:
    """Its package and its own end-to-end test (tests/): one mypy, ruff and black run over
    every committed SDK (conftest), the golden trees included."""
    problems = committed_sdk_problems[(GENERATED / sdk).resolve()]
    assert problems == [], "\n".join(problems)


def test_ruff_check_under_each_sdks_own_configuration() -> None:
    """The committed SDKs and the golden trees: one run, each file under its project's rules."""
    projects = [GENERATED / sdk for sdk in SDKS] + GOLDEN
    for project in projects:
        lint = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
        assert FAMILIES <= set(lint["select"]), project
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", *map(str, projects)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_ruff_format() -> None:
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--isolated", str(GENERATED)],
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout


@pytest.mark.slow  # mypy over the generator: 15 s; run it by hand while working (README)
def test_mypy_strict_on_the_generator() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "generator"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
