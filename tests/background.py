"""Checks a session starts early in processes of their own, and waits for where a test needs them.

The checks that take tens of seconds are other processes' work (mypy, pyright, ruff, black over
trees that exist before the test asking for them runs): started as soon as their input exists,
they run on the second core while the tests before their first user run on this one. Each is a
child process writing its output to files, never a thread of this process: the tests here
monkeypatch `subprocess.run`, change the working folder and the environment, and count the
cyclic garbage and the collector's state (test_typebounds_measure.py, test_collector.py), none of
which a thread running beside them may disturb.

Each is a `tests.helpers.Started` (the way the tests that run the checkers themselves, such as
`program_checks.type_check`, start them side by side too).

`python -m tests.background MODULE:FUNCTION ARG...` is such a child: the function's result as
JSON on stdout (`call_started`, `call_result`).
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

from tests.helpers import ROOT, Started, check_trees


def call_started(target: str, *args: str) -> Started:
    """`target` ("module:function" of this checkout) called with `args` in a child process;
    `call_result` returns what it returned (anything JSON holds)."""
    return Started([sys.executable, "-m", "tests.background", target, *args], cwd=ROOT)


def call_result(started: Started) -> Any:
    code, out, err = started.wait()
    assert code == 0, f"{started.command[3]} failed in the background (exit {code}):\n{out[-3000:]}\n{err[-3000:]}"
    return json.loads(out)


def check_trees_json(trees: str) -> dict[str, list[str]]:
    """tests.helpers.check_trees over the JSON list [[project folder, package], ...]."""
    problems = check_trees([(Path(folder), package) for folder, package in json.loads(trees)])
    return {str(folder): found for folder, found in problems.items()}


def check_trees_started(trees: list[tuple[Path, str]]) -> Started:
    """tests.helpers.check_trees over `trees`, started in a child process."""
    listed = json.dumps([[str(folder.resolve()), package] for folder, package in trees])
    return call_started("tests.background:check_trees_json", listed)


def check_trees_result(started: Started) -> dict[Path, list[str]]:
    """What check_trees returned in the child started by `check_trees_started`."""
    found: dict[str, list[str]] = call_result(started)
    return {Path(folder): problems for folder, problems in found.items()}


def main(args: list[str]) -> int:
    if not args or ":" not in args[0]:
        print("usage: python -m tests.background MODULE:FUNCTION [ARG...]", file=sys.stderr)
        return 2
    module, _, function = args[0].partition(":")
    result = getattr(importlib.import_module(module), function)(*args[1:])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
