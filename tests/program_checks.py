"""mypy --strict and pyright (strict) over a user's programs next to a generated SDK: one process
per checker for all the programs, the two side by side.

The type-checking tests each wrote a user's program (and often a wrong one the checkers must
flag) and ran mypy, then pyright, on each file in turn: four processes that each loaded the whole
SDK, one after the other, while the machine's second core idled. One mypy and one pyright run over
all the files, started together, check the same files with the same settings (each program is a
module of its own, and the project's pyproject.toml is the configuration either way), in a
quarter of the processes and half the wall time.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import tool

_MYPY_ERROR = re.compile(r"(?P<path>[^:\s][^:]*):\d+(?::\d+)?: error: ")


@dataclass(frozen=True, slots=True)
class Checked:
    """The checkers' errors by file (as given, or relative to the project for another file):
    mypy's error lines (`file:line: error: message  [code]`), pyright's as `line: message`;
    their whole outputs for assertion messages."""

    mypy: dict[str, list[str]]
    pyright: dict[str, list[str]]
    mypy_output: str
    pyright_output: str

    def errors(self, program: str) -> tuple[list[str], list[str]]:
        """mypy's and pyright's errors in `program`."""
        return self.mypy.get(program, []), self.pyright.get(program, [])

    def lines(self, program: str) -> tuple[set[int], set[int]]:
        """The lines of `program` where mypy and pyright found errors."""
        mypy, pyright = self.errors(program)
        return {int(e.split(":")[1]) for e in mypy}, {int(e.partition(":")[0]) for e in pyright}

    def clean(self) -> bool:
        """Neither checker found an error anywhere: the programs, or the SDK they import."""
        return not any(self.mypy.values()) and not any(self.pyright.values())


def type_check(project: Path, programs: Sequence[str]) -> Checked:
    """mypy --strict and pyright over `programs` (paths relative to `project`), run in `project`:
    mypy under its pyproject.toml, pyright with the settings it finds there."""
    config = ["--config-file", str(project / "pyproject.toml")] if (project / "pyproject.toml").exists() else []
    mypy = ["mypy", "--strict", "--no-incremental", "--no-error-summary", *config, *programs]
    pyright = ["pyright", "--pythonpath", sys.executable, "--outputjson", *programs]
    mypy_run, pyright_run = tool(mypy, project), tool(pyright, project)
    (mypy_code, mypy_out, mypy_err), (pyright_code, pyright_text, pyright_err) = mypy_run.wait(), pyright_run.wait()
    mypy_text = mypy_out + mypy_err
    by_file: dict[str, list[str]] = {}
    for line in mypy_text.splitlines():
        if (match := _MYPY_ERROR.match(line)) is not None:
            by_file.setdefault(_relative(match["path"], project), []).append(line)
    assert mypy_code in (0, 1) and (mypy_code == 0) == (not by_file), (
        f"mypy did not run (exit {mypy_code}):\n{mypy_text}"
    )
    assert pyright_text.startswith("{"), f"pyright did not run (exit {pyright_code}):\n{pyright_text}{pyright_err}"
    found: dict[str, list[str]] = {}
    for diagnostic in json.loads(pyright_text)["generalDiagnostics"]:
        if diagnostic["severity"] == "error":
            line = diagnostic["range"]["start"]["line"] + 1
            found.setdefault(_relative(diagnostic["file"], project), []).append(f"{line}: {diagnostic['message']}")
    return Checked(by_file, found, mypy_text, pyright_text)


def _relative(path: str, project: Path) -> str:
    resolved = (project / path).resolve()
    return resolved.relative_to(project.resolve()).as_posix() if resolved.is_relative_to(project.resolve()) else path
