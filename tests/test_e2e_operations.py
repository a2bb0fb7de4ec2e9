"""Every operation of the seed specs and of the OpenAPI 3.0/3.1 feature examples, against Prism.

For each spec the SDK is generated, a Prism mock server of the same spec is started, and the
SDK's own generated end-to-end test (`tests/test_operations.py` of the generated project) runs
against it: every operation is called from the sync and the async client with every parameter
and body set. Prism must accept every request (it answers a request that breaks the spec with
422, which fails the call, and logs the violation, which fails this test) and the SDK must
parse every answer as the declared type.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import make_config
from generator.pipeline import build
from generator.write import write
from tests.conftest import OAS_EXAMPLES, Prism, ensure_prism
from tests.helpers import ROOT

SEEDS = {"intuned": "intuned_client", "process_runs": "process_runs_client"}
# Feature examples Prism cannot serve: no operations at all (webhooks only).
NO_OPERATIONS = {"3.1/webhooks.json"}


def feature_specs() -> list[str]:
    ensure_prism()
    found = sorted(
        f"{version}/{path.name}"
        for version in ("3.0", "3.1")
        for path in (OAS_EXAMPLES / version / "json").glob("*.json")
    )
    return [name for name in found if name not in NO_OPERATIONS]


def run_generated_tests(project: Path, package: str, env_prefix: str, spec: Path) -> None:
    server = Prism(spec)
    try:
        env = {**os.environ, "PYTHONPATH": str(project), f"{env_prefix}_TEST_BASE_URL": server.url}
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            env.pop(name, None)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE", "tests/test_operations.py"],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        violations = server.validation_errors()
    finally:
        server.stop()
    assert result.returncode == 0, f"{spec.name}:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-2000:]
    assert violations == [], f"Prism saw requests that break {spec.name}:\n" + "\n".join(violations[:20])


@pytest.mark.parametrize("spec", sorted(SEEDS))
def test_seed_sdk_every_operation(spec: str) -> None:
    package = SEEDS[spec]
    project = ROOT / "generated" / package
    env_prefix = make_config(ROOT / "specs" / f"{spec}.yaml", package_name=package, base=ROOT).env_prefix
    run_generated_tests(project, package, env_prefix, ROOT / "specs" / f"{spec}.yaml")


@pytest.mark.parametrize("name", feature_specs())
def test_feature_example_every_operation(name: str, tmp_path: Path) -> None:
    spec = OAS_EXAMPLES / name.split("/")[0] / "json" / name.split("/")[1]
    package = "oas" + name.split("/")[0].replace(".", "") + "_" + spec.stem.replace("-", "_")
    config = make_config(spec, output=tmp_path / package, package_name=package, base=ROOT)
    built = build(config, lenient=True)
    write(tmp_path / package, built.files, built.prints)
    run_generated_tests(tmp_path / package, package, built.config.env_prefix, spec)
