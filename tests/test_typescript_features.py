"""Every operation of the OpenAPI 3.0/3.1 feature examples, from the TypeScript packages, against
Prism: as tests/test_e2e_operations.py does for the Python SDKs.

Each feature example becomes a TypeScript package (one `sdkgen generate` for all of them, one
`tsc -b` building them all), a Prism mock of the same spec is started, and the package's own
`node --test` suite runs against it: every operation called with every parameter and body field
a valid value is found for, no retry. A test fails when Prism finds the request breaks the spec
(its `sl-violations` header, or its 422), when an operation that declares only errors gets none
of them, or when the call throws anything else.

Where that cannot hold through no fault of the SDK, the test is listed in `KNOWN` (it must fail:
one that starts passing fails the harness too, so the list stays honest) or, when its request
makes the Prism process exit and so fails every later test, in `CRASHES` (not run). A spec
without `KNOWN` entries must also leave no request violation in Prism's log.
"""

from __future__ import annotations

import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import OAS_EXAMPLES, TSC, Prism, ensure_prism
from tests.helpers import sdkgen
from tests.prism_limits import (
    ALL_OF,
    AUTHORIZATION_PARAMETER,
    DELIMITED,
    HEADER_OBJECTS,
    HTTP_1XX,
    MULTIPART,
    NO_OPERATIONS,
    SAME_VARIANTS,
    SPLIT,
    TWO_AUTHORIZATIONS,
)

_STYLE_KNOWN = {
    "multipartFormDataEncoding.standard": MULTIPART,
    "multipartFormDataEncoding.nonExploded": MULTIPART,
}
_SCHEMA_TYPES = {
    "quirks.entirelyIncompatibleAllOf": ALL_OF,
    "quirks.partiallyUsableIncompatibleAllOf": ALL_OF,
}

# spec → {test ("group.method") → why it fails, not through the SDK}
KNOWN: dict[str, dict[str, str]] = {
    "3.0/circular-paths.json": {"anything.update": HEADER_OBJECTS},
    "3.0/discriminators.json": {"potentiallyUndefinedFormData.create": SAME_VARIANTS},
    "3.0/file-uploads.json": {"multipartFormData.updateFormdata": MULTIPART},
    "3.0/http-status-codes.json": {
        **{f"informationResponses.call{code}": HTTP_1XX for code in range(100, 104)},
        "clientErrorResponses.call407": "Node's fetch (undici) never hands a 407 to the caller: it throws, a 407"
        " being a proxy's demand for credentials",
    },
    "3.0/parameters-style.json": _STYLE_KNOWN,
    "3.0/schema-circular.json": {"circular.update": AUTHORIZATION_PARAMETER},
    "3.0/schema-types.json": _SCHEMA_TYPES,
    "3.0/security-multiple.json": {"and.create": TWO_AUTHORIZATIONS},
    "3.1/parameters-style.json": _STYLE_KNOWN,
    "3.1/schema-types.json": _SCHEMA_TYPES,
}

_STYLE_CRASHES = {
    "path.standard": SPLIT,
    "path.matrixNonExploded": SPLIT,
    "path.labelNonExploded": SPLIT,
    "path.simpleNonExploded": SPLIT,
    "path.simpleExploded": SPLIT,
    "query.spaceDelimitedNonExploded": DELIMITED,
    "query.pipeDelimitedNonExploded": DELIMITED,
    "multipartFormDataEncoding.spaceDelimitedNonExploded": DELIMITED,
    "multipartFormDataEncoding.pipeDelimitedNonExploded": DELIMITED,
}
# spec → {test → why its request makes Prism exit}: not run
CRASHES: dict[str, dict[str, str]] = {
    "3.0/parameters-style.json": _STYLE_CRASHES,
    "3.1/parameters-style.json": _STYLE_CRASHES,
}
WORKERS = 3


def feature_specs() -> list[str]:
    found = sorted(f"{v}/{p.name}" for v in ("3.0", "3.1") for p in (OAS_EXAMPLES / v / "json").glob("*.json"))
    return [name for name in found if name not in NO_OPERATIONS]


def _slug(name: str) -> str:
    return "f" + re.sub(r"\W", "_", name.removesuffix(".json"))


def _spec(name: str) -> Path:
    version, file = name.split("/")
    return OAS_EXAMPLES / version / "json" / file


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every feature example's package, generated in one run and built by one `tsc -b`."""
    ensure_prism()
    base = tmp_path_factory.mktemp("ts-features")
    names = feature_specs()
    tables = [
        f'[[tool.sdkgen.sdk]]\nspec = "{_spec(n).as_posix()}"\npython = false\n'
        f'typescript = {{ output = "out/{_slug(n)}", package_name = "{_slug(n).replace("_", "-")}" }}\n'
        for n in names
    ]
    (base / "pyproject.toml").write_text("\n".join(tables), encoding="utf-8")
    result = sdkgen("generate", "--quiet", "--lenient", cwd=base)
    assert result.returncode == 0, result.stderr
    configs = [f"out/{_slug(n)}/tsconfig.build.json" for n in names]
    built = subprocess.run(["node", str(TSC), "-b", *configs], cwd=base, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-3000:]
    return base / "out"


def _run(name: str, folder: Path, logs: Path) -> tuple[set[str], set[str], list[str]]:
    """The spec's package tests against its Prism: (passed, failed, Prism's request violations)."""
    tests = sorted(p.name for p in (folder / "test").glob("*.test.js"))
    env_name = re.search(r'process\.env\["(\w+_TEST_BASE_URL)"\]', (folder / "test" / tests[0]).read_text())
    assert env_name is not None
    pattern = []
    if name in CRASHES:  # the others, by name (a name pattern selects; it cannot leave out)
        found = {m for t in tests for m in re.findall(r'^test\("([^"]+)"', (folder / "test" / t).read_text(), re.M)}
        pattern = [f"--test-name-pattern=^{re.escape(t)}$" for t in sorted(found - set(CRASHES[name]))]
    prism = Prism(_spec(name), log=logs / f"{_slug(name)}.log")
    try:
        result = subprocess.run(
            ["node", "--test", "--test-reporter=tap", *pattern, *(f"test/{t}" for t in tests)],
            cwd=folder,
            env={**os.environ, env_name.group(1): prism.url},
            capture_output=True,
            text=True,
            timeout=300,
        )
        violations = prism.validation_errors()
    finally:
        prism.stop()
    lines = [m.groups() for m in re.finditer(r"^(not ok|ok) \d+ - (\S+)( # SKIP.*)?$", result.stdout, re.M)]
    passed = {test for state, test, skip in lines if state == "ok" and not skip}
    failed = {test for state, test, _ in lines if state == "not ok"}
    return passed, failed, violations


@pytest.mark.slow
def test_every_feature_example_operation_against_prism(built: Path, tmp_path: Path) -> None:
    names = feature_specs()
    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(zip(names, pool.map(lambda n: _run(n, built / _slug(n), tmp_path), names), strict=True))
    problems = []
    for name, (passed, failed, violations) in results.items():
        known = set(KNOWN.get(name, {}))
        if not passed and not failed:
            problems.append(f"{name}: no test ran")
        if failed - known:
            problems.append(f"{name}: failed {sorted(failed - known)}")
        if known - failed:
            problems.append(f"{name}: listed in KNOWN but did not fail: {sorted(known - failed)}")
        if not known and violations:
            problems.append(f"{name}: Prism saw invalid requests: {violations[:3]}")
    assert not problems, "\n".join(problems)
    assert sum(len(p) for p, _, _ in results.values()) > 400  # every spec's operations ran, not a few
