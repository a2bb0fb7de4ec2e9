"""Fixtures: Prism mock servers (installed from npm on first use), the local fault server, and
the checks started at collection in child processes (EARLY, tests/background.py): one mypy /
ruff / black run over every committed SDK, one over the SDKs of the multi-file reference fixtures."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.background import call_result, call_started, check_trees_result, check_trees_started
from tests.fault_server import FaultServer
from tests.helpers import ROOT, Started, free_port

pytest_plugins = ["tests.program_runs"]  # the real-program tests: SDKs, runs, checks

E2E = ROOT / "tests" / "e2e"
PRISM = E2E / "node_modules" / ".bin" / "prism"
OAS_EXAMPLES = E2E / "node_modules" / "@readme" / "oas-examples"
OPENAPI_FORMAT = E2E / "node_modules" / ".bin" / "openapi-format"  # applies `sdkgen samples`' overlays
TSC = E2E / "node_modules" / "typescript" / "bin" / "tsc"  # checks and builds the TypeScript SDKs


INSTALLED = E2E / "node_modules" / ".sdkgen-installed"  # written once `npm ci` has finished


def ensure_prism() -> Path:
    """Install the pinned Prism and feature examples from tests/e2e/package-lock.json unless
    they are there. One process at a time: the xdist workers both collect the end-to-end specs
    (`test_e2e_operations.feature_specs`), and two `npm ci` in one folder delete and write each
    other's files. The others wait for the lock, then find the install finished (`npm ci`
    empties `node_modules` first, so the mark is there only after a whole install)."""
    if INSTALLED.exists() and OPENAPI_FORMAT.exists() and TSC.exists():  # (an older install has neither)
        return PRISM
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is required for the end-to-end tests (Node 20+)")
    lock = E2E / ".cache" / "npm-ci.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # released when the file is closed
        if not (INSTALLED.exists() and OPENAPI_FORMAT.exists() and TSC.exists()):
            subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=E2E, check=True)
            assert PRISM.exists() and OAS_EXAMPLES.exists() and OPENAPI_FORMAT.exists() and TSC.exists(), (
                "npm ci left a tool out"
            )
            INSTALLED.write_text("", encoding="utf-8")
    return PRISM


class Prism:
    """`prism mock SPEC` on a free port of 127.0.0.1, its log in `log`; `executable` another
    Prism than the pinned one, `timeout` how long a big spec may take to start."""

    def __init__(
        self, spec: Path, log: Path | None = None, executable: Path | None = None, timeout: float = 60
    ) -> None:
        self.log = log or ROOT / ".pytest_cache" / f"prism-{spec.stem}.log"
        self.log.parent.mkdir(exist_ok=True)
        for attempt in range(3):  # a free port can be taken before Prism binds it (servers start side by side)
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self._out = self.log.open("w")
            self.proc = subprocess.Popen(
                [str(executable or ensure_prism()), "mock", "--host", "127.0.0.1", "-p", str(self.port), str(spec)],
                stdout=self._out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "NO_COLOR": "1"},
            )
            deadline = time.monotonic() + timeout
            while "Prism is listening" not in self.log.read_text():
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    if "EADDRINUSE" in self.log.read_text() and attempt < 2:
                        break
                    raise RuntimeError(f"prism did not start:\n{self.log.read_text()[-2000:]}")
                time.sleep(0.1)
            else:
                return

    def validation_errors(self) -> list[str]:
        """Prism's log lines about requests that break the spec. Not: its own failed callbacks,
        its checks of the answers it makes up from the spec's examples and schemas (`Violation:
        response…`: the SDK's parse of them is what counts), nor the 500 of an operation that
        declares no response (the request passed)."""
        lines = self.log.read_text().splitlines()
        return [
            line
            for line in lines
            if ("Request terminated" in line or "✖" in line)
            and "[CALLBACK]" not in line
            and "Violation: response" not in line
            and "NO_RESPONSE_RESPONSE_DEFINED" not in line
        ]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._out.close()


@pytest.fixture(scope="session")
def prism_intuned() -> Iterator[Prism]:
    server = Prism(ROOT / "specs" / "intuned.yaml")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def prism_process_runs() -> Iterator[Prism]:
    server = Prism(ROOT / "specs" / "process_runs.yaml")
    yield server
    server.stop()


@pytest.fixture()
def server() -> Iterator[FaultServer]:
    """A scripted local HTTP server (tests/fault_server.py) for one test."""
    with FaultServer() as s:
        yield s


def _committed_checks() -> Started:
    from generator.config import load_project

    configs = [c for c in load_project(ROOT) + load_project(ROOT / "tests" / "golden") if c.target == "python"]
    return check_trees_started([(config.output, config.package_name) for config in configs])


# Session fixtures that wait for a child process (tests/background.py) → how it starts. Each
# starts at collection when a selected test asks for its fixture, and runs while the tests before
# that one run (under the xdist workers of `addopts`, where a test first asks for it): mypy over
# the committed SDKs, over the multi-file reference fixtures' SDKs, the end-to-end runs against
# Prism (tests/test_e2e_operations.py), and the pre-commit environments (tests/test_workflows.py).
def _e2e_runs(session: pytest.Session) -> Started:
    from tests.test_e2e_operations import start_runs

    return start_runs(session)


def _hook_environments(session: pytest.Session) -> Started:
    from tests.test_workflows import start_hook_environments

    return start_hook_environments(session)


EARLY: dict[str, Callable[[pytest.Session], Started]] = {
    "bench": _hook_environments,
    "committed_sdk_problems": lambda session: _committed_checks(),
    "refs_sdk_problems": lambda session: call_started("tests.test_refs_multifile:sdk_problems"),
    "e2e_runs": _e2e_runs,
}
_early: dict[str, Started] = {}


def early(name: str, session: pytest.Session) -> Started:
    """The child process of fixture `name` (EARLY), started now unless collection did."""
    if name not in _early:
        _early[name] = EARLY[name](session)
    return _early[name]


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly or os.environ.get("PYTEST_XDIST_WORKER"):
        # A worker collects every test but runs the files it is sent, which it does not know yet:
        # started here, each child would run in both workers. It starts where a test first asks.
        return
    wanted = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    for name in sorted(wanted & EARLY.keys()):
        try:
            early(name, session)
        except Exception:  # raised again where a test asks for the fixture, as if started there
            continue


def pytest_unconfigure(config: pytest.Config) -> None:
    for started in _early.values():  # a session stopped before the test that needs it ran
        started.stop()


@pytest.fixture(scope="session")
def committed_sdk_problems(request: pytest.FixtureRequest) -> dict[Path, list[str]]:
    """mypy --strict, ruff check and black --check over every committed SDK, generated/* and
    the feature golden trees tests/golden/*, one process per tool (tests.helpers.check_trees):
    project folder (resolved) → its problems, one line each."""
    return check_trees_result(early("committed_sdk_problems", request.session))


@pytest.fixture(scope="session")
def refs_sdk_problems(request: pytest.FixtureRequest) -> dict[str, list[str]]:
    """tests.test_refs_multifile.sdk_problems, run in a child process: fixture → problems."""
    problems: dict[str, list[str]] = call_result(early("refs_sdk_problems", request.session))
    return problems
