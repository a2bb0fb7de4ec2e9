"""The shape of the generator: a language-neutral core that no target leaks into, small modules.

DESIGN.md §1: the core stages sit flat in `generator/`; each target (`generator/python/`, later
`generator/typescript/`) and the parts built on one target (`surface/`, `cli/`) are packages
beside it. The core finds a target by name (`generator.target.load_target`), so it imports none.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import ROOT

GENERATOR = ROOT / "generator"
CORE = sorted(p for p in GENERATOR.glob("*.py") if p.name != "__main__.py")  # `python -m generator` is the CLI
OUTSIDE_THE_CORE = ("generator.python", "generator.typescript", "generator.surface", "generator.cli")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("module", CORE, ids=lambda p: p.name)
def test_the_core_imports_no_target(module: Path) -> None:
    leaks = sorted(m for m in imported_modules(module) if m.startswith(OUTSIDE_THE_CORE))
    assert leaks == [], f"{module.name} imports {leaks}"


def test_no_module_outgrows_one_responsibility() -> None:
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text().splitlines()) for p in GENERATOR.rglob("*.py")}
    assert {path: n for path, n in sizes.items() if n > 500} == {}


def test_the_runtime_is_not_templated() -> None:
    """The SDK's static runtime is Python source; templates hold only what depends on the spec."""
    templates = {p.name for p in (GENERATOR / "python" / "templates").rglob("*.j2")}
    runtime = {p.stem + ".py.j2" for p in (GENERATOR / "python" / "runtime").glob("*.py") if p.stem != "__init__"}
    assert runtime, "the runtime folder is missing"
    assert templates & runtime == set()
