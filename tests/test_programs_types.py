"""The programs of tests/programs/ type-check as written: `mypy --strict` (with the pydantic
plugin the SDKs' README asks for) and `pyright --strict`, one process each over every program."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.program_runs import PROGRAMS, TypeChecks

pytestmark = pytest.mark.slow  # mypy and pyright over programs that import three big generated SDKs


def test_every_program_is_run_here() -> None:
    """A program added to the folder gets a test above (each test names its program)."""
    source = "".join(p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.glob("test_programs_*.py")))
    missing = [p for p in sorted(PROGRAMS.glob("*/*.py")) if f'"{p.parent.name}/{p.name}"' not in source]
    assert missing == []


# The probes (tests/programs/probes/github_probe.py, stripe_probe.py) hold what an editor must know of
# the two big SDKs: a model's attribute, a nested model's attribute, an enum member as an argument,
# and a misspelt keyword each checker must flag. Those lines carry both checkers' ignore comments,
# and an unneeded one is an error (mypy's strict `warn_unused_ignores`, pyright's
# `reportUnnecessaryTypeIgnoreComment` with `type: ignore` left to mypy): a checker that stops
# seeing the models' fields or a method's parameters fails. Pyright once gave up on these SDKs'
# one models module ("Code is too complex to analyze": more than about 30,000 code-flow nodes in
# one module), which made every model Unknown; every strict rule now applies to every program.
PROBES = ("probes/github_probe.py", "probes/stripe_probe.py")


def test_programs_type_check(program_type_checks: TypeChecks) -> None:
    """mypy --strict (pydantic plugin) and pyright --strict accept every program as written:
    the names, the page objects, the dict bodies and the upload arguments are the SDKs' types,
    with no Unknown anywhere, and the probes' mistakes are flagged.
    One process per checker over every program; each analyses the parts of the three SDKs the
    programs use. Both started with the SDKs (tests/program_runs.py), so they run beside the
    tests between."""
    programs = program_type_checks.programs
    _, out, err = program_type_checks.mypy.wait()
    mypy_out = out + err
    _, out, err = program_type_checks.pyright.wait()
    pyright_out = out + err
    assert pyright_out.startswith("{"), pyright_out[-2000:]  # pyright ran (a test dependency)
    report = json.loads(pyright_out)
    assert report["summary"]["filesAnalyzed"] >= len(programs), report["summary"]
    assert {str(PROGRAMS / probe) for probe in PROBES} <= set(programs)
    problems = [f"mypy: {line}" for line in mypy_out.splitlines() if line.strip()]
    for found in report["generalDiagnostics"]:
        if found["severity"] not in ("error", "warning"):
            continue
        file = Path(found.get("file", ""))
        where = f"{file.relative_to(PROGRAMS) if file.is_relative_to(PROGRAMS) else file}"
        where += f":{found['range']['start']['line'] + 1}"
        problems.append(f"pyright: {where}: {found['message']} ({found.get('rule', '')})")
    assert problems == [], "\n".join(problems)
