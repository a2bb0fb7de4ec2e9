"""Checks a session starts early in processes of their own, and waits for where a test needs them.

The checks that take tens of seconds are other processes' work (mypy, pyright, ruff, black over
trees that exist before the test asking for them runs): started as soon as their input exists,
they run on the second core while the tests before their first user run on this one. Each is a
child process writing its output to files, never a thread of this process: the tests here
monkeypatch `subprocess.run`, change the working folder and the environment, and count the
cyclic garbage and the collector's state (test_typebounds_measure.py, test_collector.py), none of
which a thread running beside them may disturb.

`python -m tests.background MODULE:FUNCTION ARG...` is such a child: the function's result as
JSON on stdout (`call_started`, `call_result`).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.helpers import ROOT, check_trees


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
