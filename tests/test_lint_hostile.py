"""Issue 15: generated code passes `ruff check` under the SDK's own configuration, which selects
the rule families a careful project turns on.

The specs in tests/lint/ are written to make those rules fire: names whose `__all__` order
differs between Python's sort and ruff's (RUF022), a type that is nullable twice over or
optional and nullable (PYI016 `str | None | None`, RUF036 `None` before `NotGiven`), a model
with no fields (PIE790 `pass`), a test whose status has no check (F841), duplicate and null enum
members (PYI062, PYI061), `int | float` in a signature (PYI041), names pycodestyle calls ambiguous
(`l`, `O`, `I`: E741-E743), prose with typographic characters and blank lines (RUF001-RUF003, W293).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.helpers import check_trees, generate, generated_tests, ruff_own_config

SPECS = Path(__file__).parent / "lint"
FAMILIES = {"E", "F", "W", "I", "B", "UP", "RUF", "PIE", "PYI", "SIM", "C4"}


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    out = tmp_path_factory.mktemp("lint")
    made = []
    for spec in sorted(SPECS.glob("*.yaml")):
        package = spec.stem + "_sdk"
        made.append((generate(spec, out / spec.stem, package, lenient=True), package))
    return made


def test_the_sdk_selects_the_rule_families(projects: list[tuple[Path, str]]) -> None:
    for folder, _ in projects:
        config = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
        lint = config["tool"]["ruff"]["lint"]
        assert FAMILIES <= set(lint["select"])
        assert set(lint["ignore"]) <= {"E501", "RUF001", "RUF002", "RUF003", "PYI051"}  # each with its reason
        assert config["tool"]["ruff"]["target-version"] == "py311"
        assert config["project"]["requires-python"] == ">=3.11"


def test_ruff_check_under_the_sdks_own_configuration(projects: list[tuple[Path, str]]) -> None:
    """One `ruff check` over both SDKs, not `--isolated`: each file under its pyproject."""
    done = ruff_own_config([folder for folder, _ in projects])
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_spec_reaches_what_it_is_for(projects: list[tuple[Path, str]]) -> None:
    """The cases still exist in the output (a spec change cannot make the check vacuous)."""
    (folder, package), (folder31, package31) = projects
    models = folder / package / "models"
    empty = (models / "_empty_model.py").read_text(encoding="utf-8")
    assert "class EmptyModel(_SDKModel):" in empty and "pass" not in empty
    only_read = (models / "_only_read.py").read_text(encoding="utf-8")
    assert "class OnlyReadParam(_t.TypedDict, total=False):" in only_read and "pass" not in only_read
    everything = (models / "_everything.py").read_text(encoding="utf-8")
    assert "    b: str | None = None" in everything
    assert "    l_: dict[str, str | None] | None = _p.Field(" in everything
    assert "| None | None" not in everything + (folder31 / package31 / "models" / "_thing.py").read_text()
    assert "class OModel(_SDKModel):" in (models / "_o_model.py").read_text(encoding="utf-8")
    resources = (folder / package / "resources" / "things.py").read_text(encoding="utf-8")
    assert "q: str | _base.NotGiven | None = _base.NOT_GIVEN," in resources
    assert "nums: float | str," in resources and "num: float | _base.NotGiven = _base.NOT_GIVEN," in resources
    tests = generated_tests(folder)
    # `4X4` is no status (nor an extension): not a response, so nothing is left to check a status against
    assert "        c.weird.status()\n" in tests and "status = status_of(c.weird.status)" not in tests
    exported = (models / "__init__.py").read_text(encoding="utf-8").split("__all__ = [")[1]
    names = [line.strip().strip('",') for line in exported.splitlines()]
    assert names.index("A02") < names.index("A1") < names.index("A2") < names.index("A10")  # not Python's sort


@pytest.mark.slow  # mypy over two generated SDKs
def test_mypy_strict_ruff_and_black(projects: list[tuple[Path, str]]) -> None:
    problems = check_trees(projects)
    assert all(found == [] for found in problems.values()), problems
