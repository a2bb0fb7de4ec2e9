"""Every operation of the seed specs and of the OpenAPI 3.0/3.1 feature examples, against Prism.

For each spec the SDK is generated, a Prism mock server of the same spec is started, and the
SDK's own generated end-to-end tests (the `tests` package of the generated project) run
against it: every operation is called from the sync and the async client with every parameter
and body set. Prism must accept every request (the generated test fails a request Prism flags
in its `sl-violations` header or answers with 422) and the SDK must parse every answer as the
declared type.

Where that cannot hold through no fault of the SDK, the generated test is listed in `KNOWN`
(it must fail, sync and async twin alike: one that starts passing fails the harness too, so
the list stays honest) or, when its request makes the Prism process exit and so fails every
later test, in `CRASHES` (deselected). A spec without `KNOWN` entries must also leave no
request violation in Prism's log.

All selected specs run in a child process started at collection (`start_runs`), beside the tests
before this module's: in batches of `BATCH` specs, `WORKERS` batches at a time, each spec with its
own Prism and each batch in one pytest process (each spec's generated `tests` package copied under
a name of its own), as starting pytest costs about as much as a small spec's tests.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml

from generator.config import make_config
from generator.pipeline import build
from generator.write import write
from tests.background import Started, call_result, call_started
from tests.conftest import OAS_EXAMPLES, Prism, early, ensure_prism
from tests.helpers import ROOT, generate, generated_tests, import_package
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

SEEDS = {"intuned": "intuned_client", "process_runs": "process_runs_client"}
_PARAMETER_STYLES = {
    "test_multipart_form_data_encoding_standard": MULTIPART,
    "test_multipart_form_data_encoding_non_exploded": MULTIPART,
}
_SCHEMA_TYPES = {
    "test_quirks_entirely_incompatible_all_of": ALL_OF,
    "test_quirks_partially_usable_incompatible_all_of": ALL_OF,
}

# spec → {generated test (sync name; its `_async` twin too) → why it fails, not through the SDK}
KNOWN: dict[str, dict[str, str]] = {
    "3.0/circular-paths.json": {"test_anything_update": HEADER_OBJECTS},
    "3.0/discriminators.json": {"test_potentially_undefined_form_data_create": SAME_VARIANTS},
    "3.0/file-uploads.json": {"test_multipart_form_data_update_formdata": MULTIPART},
    "3.0/http-status-codes.json": {f"test_information_responses_call_{code}": HTTP_1XX for code in range(100, 104)},
    "3.0/parameters-style.json": _PARAMETER_STYLES,
    "3.0/request-examples.json": {
        "test_multiple_examples_update_request_body_primitive": "the spec's response example is JSON text in a string,"
        " not the array its schema declares; Prism sends it as is",
        "test_multiple_examples_patch_request_body_primitive_example": "the spec's response example is JSON text in a"
        " string, not the object its schema declares; Prism sends it as is",
    },
    "3.0/schema-circular.json": {"test_circular_update": AUTHORIZATION_PARAMETER},
    "3.0/schema-types.json": _SCHEMA_TYPES,
    "3.0/security-multiple.json": {"test_and__create": TWO_AUTHORIZATIONS},
    "3.1/parameters-style.json": _PARAMETER_STYLES,
    "3.1/schema-types.json": _SCHEMA_TYPES,
}

_STYLE_CRASHES = {
    "test_path_standard": SPLIT,
    "test_path_matrix_non_exploded": SPLIT,
    "test_path_label_non_exploded": SPLIT,
    "test_path_simple_non_exploded": SPLIT,
    "test_path_simple_exploded": SPLIT,
    "test_query_space_delimited_non_exploded": DELIMITED,
    "test_query_pipe_delimited_non_exploded": DELIMITED,
    "test_multipart_form_data_encoding_space_delimited_non_exploded": DELIMITED,
    "test_multipart_form_data_encoding_pipe_delimited_non_exploded": DELIMITED,
}
# spec → {generated test (and its `_async` twin) → why its request makes Prism exit}: deselected
CRASHES: dict[str, dict[str, str]] = {
    "3.0/parameters-style.json": _STYLE_CRASHES,
    "3.1/parameters-style.json": _STYLE_CRASHES,
}


WORKERS = 3
BATCH = 6
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
_GENERATE = threading.Lock()  # generation runs in the workers' threads, one at a time


def feature_specs() -> list[str]:
    ensure_prism()
    found = sorted(
        f"{version}/{path.name}"
        for version in ("3.0", "3.1")
        for path in (OAS_EXAMPLES / version / "json").glob("*.json")
    )
    return [name for name in found if name not in NO_OPERATIONS]


def spec_path(name: str) -> Path:
    if name in SEEDS:
        return ROOT / "specs" / f"{name}.yaml"
    version, file = name.split("/")
    return OAS_EXAMPLES / version / "json" / file


def operation_count(spec: Path) -> int:
    paths = yaml.safe_load(spec.read_text()).get("paths") or {}
    return sum(method in METHODS for item in paths.values() if isinstance(item, dict) for method in item)


def twins(names: dict[str, str]) -> set[str]:
    return {name + suffix for name in names for suffix in ("", "_async")}


@dataclass(frozen=True)
class Run:
    defined: set[str]  # the test functions of the generated tests
    outcomes: dict[str, str]  # of the tests that ran: "passed", "failed" or "skipped"
    output: str  # the failures' messages, or the batch's output when none ran
    crashed: bool  # Prism exited
    violations: list[str]  # Prism's log lines about requests that break the spec


def generated(name: str, work: Path) -> tuple[Path, str, str]:
    """(project folder, package, env prefix) of the SDK of spec `name`: generated into `work`,
    but the seeds', which are the committed ones under generated/."""
    spec = spec_path(name)
    if name in SEEDS:
        config = make_config(spec, package_name=SEEDS[name], base=ROOT)
        return ROOT / "generated" / SEEDS[name], SEEDS[name], config.env_prefix
    package = "oas" + name.split("/")[0].replace(".", "") + "_" + spec.stem.replace("-", "_")
    with _GENERATE:
        config = make_config(spec, output=work / package, package_name=package, base=ROOT)
        built = build(config, lenient=True)
        write(work / package, built.files, built.prints)
    return work / package, package, built.config.env_prefix


def run_batch(names: list[str], work: Path) -> dict[str, Run]:
    """Start a Prism per spec and run the specs' generated tests, but for `CRASHES`, in one pytest."""
    batch = work / "batch"
    batch.mkdir()
    # Prism speaks plain HTTP: an empty CA folder spares each test's client loading the CA
    # bundle (httpx builds an SSL context per client: 40% of a run's time otherwise)
    (work / "no-ca").mkdir()
    env = {**os.environ, "SSL_CERT_DIR": str(work / "no-ca"), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    for name in ("SSL_CERT_FILE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env.pop(name, None)
    modules, servers, defined, paths = {}, {}, {}, []
    where: dict[str, str] = {}  # a test's name → its module, as pytest names it from the batch folder
    try:
        for name in names:
            project, package, env_prefix = generated(name, work)
            modules[name] = f"tests_{package}"
            shutil.copytree(project / "tests", batch / modules[name])
            defined[name] = set()
            for module in sorted((batch / modules[name]).glob("test_*.py")):
                tests = re.findall(r"^def (test_\w+)\(", module.read_text(), re.M)
                defined[name].update(tests)
                where.update({f"{name}:{test}": f"{modules[name]}/{module.name}" for test in tests})
            log = ROOT / ".pytest_cache" / f"prism-batch-{name.replace('/', '-')}.log"  # not prism_intuned's
            servers[name] = Prism(spec_path(name), log=log)
            env[f"{env_prefix}_TEST_BASE_URL"] = servers[name].url
            paths.append(str(project))
        deselect = [
            f"--deselect={where[f'{name}:{test}']}::{test}"
            for name in names
            for test in sorted(twins(CRASHES.get(name, {})))
            if f"{name}:{test}" in where
        ]
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={work / 'junit.xml'}"]
            + [*deselect, *modules.values()],
            cwd=batch,
            capture_output=True,
            text=True,
            env={**env, "PYTHONPATH": os.pathsep.join(paths)},
            timeout=400,
        )
        crashed = {name: server.proc.poll() is not None for name, server in servers.items()}
        violations = {name: server.validation_errors() for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    cases = ET.parse(work / "junit.xml").getroot().iter("testcase") if (work / "junit.xml").exists() else iter(())
    found: dict[str, dict[str, tuple[str, str]]] = {name: {} for name in names}
    by_module = {module: name for name, module in modules.items()}
    for case in cases:
        problems = [child for child in case if child.tag in ("failure", "error", "skipped")]
        outcome = ({"failure": "failed", "error": "failed"}.get(problems[0].tag, "skipped")) if problems else "passed"
        text = "".join(f"{p.get('message', '')}\n{(p.text or '')[-3000:]}" for p in problems)
        package = case.get("classname", "").partition(".")[0]  # `tests_<package>.test_<group>`
        found.setdefault(by_module.get(package, ""), {})[case.get("name", "")] = (outcome, text)
    fallback = f"{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    return {
        name: Run(
            defined[name],
            {test: outcome for test, (outcome, _) in found[name].items()},
            "\n".join(f"--- {test}: {text}" for test, (_, text) in found[name].items() if text)[-8000:] or fallback,
            crashed[name],
            violations[name],
        )
        for name in names
    }


def selected(session: pytest.Session) -> list[str]:
    """The specs of the session's selected tests of this module."""
    here = sys.modules[__name__]
    return [
        str(item.callspec.params.get("name", item.callspec.params.get("spec")))
        for item in session.items
        if getattr(item, "module", None) is here
        and getattr(item, "originalname", "")
        in ("test_seed_sdk_every_operation", "test_feature_example_every_operation")
    ]


def run_all(names_json: str) -> dict[str, dict[str, Any]]:
    """Every spec's run, in this process: in batches of similar size (round robin over the specs,
    most operations first), `WORKERS` batches at a time, the largest batches first. Name → the
    Run's fields, or {"error": ...} when its batch failed."""
    names: list[str] = json.loads(names_json)
    ordered = sorted(names, key=lambda n: -operation_count(spec_path(n)))
    count = max(1, -(-len(ordered) // BATCH))
    batches = [ordered[i::count] for i in range(count)]
    found: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="sdkgen-e2e-") as tmp, ThreadPoolExecutor(WORKERS) as pool:
        futures = [(batch, pool.submit(run_batch, batch, Path(tempfile.mkdtemp(dir=tmp)))) for batch in batches]
        for batch, future in futures:
            try:
                runs = future.result()
            except Exception:  # the batch's own tests fail with it, not the others
                found.update({name: {"error": traceback.format_exc()} for name in batch})
                continue
            for name, run in runs.items():
                found[name] = {**asdict(run), "defined": sorted(run.defined)}
    return found


def start_runs(session: pytest.Session) -> Started:
    """`run_all` over the selected specs in a child process, started at collection (conftest
    EARLY): it generates SDKs and starts Prism servers, which a thread of this process must not
    do beside the tests (the generator sets the collector's thresholds and warning filters)."""
    return call_started("tests.test_e2e_operations:run_all", json.dumps(selected(session)))


@pytest.fixture(scope="module")
def e2e_runs(request: pytest.FixtureRequest) -> dict[str, Run | str]:
    """Every selected spec's run (`run_all`), or why its batch failed."""
    found: dict[str, dict[str, Any]] = call_result(early("e2e_runs", request.session))
    return {
        name: fields["error"] if "error" in fields else Run(**{**fields, "defined": set(fields["defined"])})
        for name, fields in found.items()
    }


def result(runs: dict[str, Run | str], name: str) -> Run:
    run = runs[name]
    if isinstance(run, str):
        raise AssertionError(f"the batch of {name} failed:\n{run}")
    return run


def check(name: str, run: Run) -> None:
    known, crashes = KNOWN.get(name, {}), CRASHES.get(name, {})
    assert twins(known) | twins(crashes) <= run.defined, f"KNOWN/CRASHES list tests {name} does not have"
    report = f"{name}:\n{run.output}"
    assert not run.crashed, f"Prism exited during the run of {report}"
    assert run.outcomes and "skipped" not in run.outcomes.values(), report
    failed = {test for test, outcome in run.outcomes.items() if outcome == "failed"}
    assert failed - twins(known) == set(), f"unexpected failures in {report}"
    assert twins(known) - failed == set(), f"KNOWN failures of {name} that passed: {sorted(twins(known) - failed)}"
    if not known:
        assert run.violations == [], f"Prism saw requests that break {name}:\n" + "\n".join(run.violations[:20])


@pytest.mark.slow
@pytest.mark.parametrize("spec", sorted(SEEDS))
def test_seed_sdk_every_operation(spec: str, e2e_runs: dict[str, Run | str]) -> None:
    check(spec, result(e2e_runs, spec))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The feature examples, from the npm package installed on first use; a run that leaves the
    slow tests out (`-m "not slow"`) collects none, so it needs neither npm nor Node."""
    if metafunc.definition.originalname == "test_feature_example_every_operation":
        fast = "not slow" in (metafunc.config.getoption("markexpr") or "")
        metafunc.parametrize("name", [] if fast else feature_specs())


@pytest.mark.slow
def test_feature_example_every_operation(name: str, e2e_runs: dict[str, Run | str]) -> None:
    check(name, result(e2e_runs, name))


# ------------------------------------------------------------------ what the runs rely on (no Prism)
F = {"$ref": "#/components/schemas/F"}
CALLS: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Calls", "version": "1"},
    "paths": {
        "/things/{filter}": {
            "get": {
                "operationId": "getThings",
                "tags": ["things"],
                "parameters": [
                    {"name": "filter", "in": "path", "required": True, "schema": {"$ref": "#/components/schemas/F"}},
                    {
                        "name": "deep",
                        "in": "query",
                        "style": "deepObject",
                        "schema": {"$ref": "#/components/schemas/F"},
                    },
                ],
                "responses": {"default": {"description": "whatever the status"}},
            }
        },
        "/nodes": {
            "post": {
                "operationId": "createNode",
                "tags": ["nodes"],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}},
                "responses": {"204": {"description": "created"}},
            }
        },
    },
    "components": {
        "schemas": {
            "F": {"type": "object", "properties": {"name": {"type": "string"}, "n": {"type": "integer"}}},
            "Node": {  # no finite value: `parent` is required and a Node
                "type": "object",
                "required": ["parent"],
                "properties": {"parent": {"$ref": "#/components/schemas/Node"}},
            },
        }
    },
}


@pytest.fixture(scope="module")
def calls_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("calls")
    (folder / "calls.json").write_text(json.dumps(CALLS))
    return generate(folder / "calls.json", folder / "out", "calls_sdk")


def test_generated_calls_send_what_validates(calls_sdk: Path) -> None:
    text = " ".join(generated_tests(calls_sdk).split())
    # optional fields are filled in: an object parameter sampled as `{}` has no path segment
    compact = "".join(text.split())  # however the formatter wraps the call
    assert 'c.things.retrieve(filter={"name":"string","n":1},deep={"name":"string","n":1})' in compact
    assert "c.nodes.create()" in text  # the optional body no value satisfies is left out
    assert "contextlib.suppress(errors.APIStatusError): c.things.retrieve(" in text  # `default`: any status
    assert 'event_hooks={"response": [reject_violations]}' in text


def test_generated_calls_fail_on_a_flagged_request(calls_sdk: Path) -> None:
    """The hook of the generated tests: Prism answers a request that breaks the spec anyway,
    naming what is wrong in `sl-violations` (response violations and warnings do not count)."""
    module = importlib.util.spec_from_file_location("calls_mock_server", calls_sdk / "tests" / "_mock_server.py")
    assert module is not None and module.loader is not None
    tests = importlib.util.module_from_spec(module)
    sys.path.insert(0, str(calls_sdk))
    try:
        os.environ["CALLS_TEST_BASE_URL"] = "http://127.0.0.1:9"
        module.loader.exec_module(tests)
    finally:
        del os.environ["CALLS_TEST_BASE_URL"]
        sys.path.remove(str(calls_sdk))

    def answer(violations: list[dict[str, Any]]) -> httpx2.Response:
        return httpx2.Response(200, headers={"sl-violations": json.dumps(violations)} if violations else {})

    tests.reject_violations(answer([]))
    tests.reject_violations(answer([{"location": ["response", "body"], "severity": "Error", "message": "m"}]))
    tests.reject_violations(answer([{"location": ["request", "query"], "severity": "Warning", "message": "m"}]))
    with pytest.raises(AssertionError, match="rejected the request"):
        tests.reject_violations(answer([{"location": ["request", "body"], "severity": "Error", "message": "m"}]))


def test_parameter_and_multipart_encoding(calls_sdk: Path) -> None:
    import_package(calls_sdk, "calls_sdk")
    base = sys.modules["calls_sdk._base"]
    for style, explode in (("form", True), ("form", False), ("deepObject", True)):
        assert base.serialize_query("o", {}, style, explode) == []  # an empty map is undefined (RFC 6570)
    assert base.serialize_query("o", {"a": 1}, "deepObject", True) == [("o[a]", "1")]
    assert base.serialize_query("o", [], "form", False) == [("o", "")]  # arrays as before
    assert base.serialize_simple([{"a": [1]}], False) == '{"a":[1]}'  # no style for it: JSON, not Python's repr
    kwargs = base.encode_body({"name": "x", "tags": ["a", "b"]}, "multipart", boundary="b0")
    assert kwargs["content"].startswith(b'--b0\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n')
    assert kwargs["content"].count(b'name="tags"') == 2 and kwargs["content"].endswith(b"--b0--\r\n")
