"""End to end: the generated SDKs over real HTTP against Prism mock servers of the same specs.

Prism validates every request against the spec (a bad request gets 422) and answers with the
spec's examples, which the SDK must parse into its models.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Prism
from tests.helpers import ROOT, import_package

INTUNED = ROOT / "generated" / "intuned_client"
PROCESS_RUNS = ROOT / "generated" / "process_runs_client"
SAMPLE = ROOT / "tests" / "e2e" / "seed_001_sample.py"
SEED_001 = ROOT.parent / "shared" / "seeds" / "001_6914e2083855ea37.txt"
WORKSPACE = "123e4567-e89b-12d3-a456-426614174000"


def test_sample_file_is_the_seed_sample_unchanged() -> None:
    if not SEED_001.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    seed = SEED_001.read_text()
    sample_lines = SAMPLE.read_text().strip().splitlines()
    indented = "\n".join(" " * 12 + line if line else "" for line in sample_lines)
    assert indented in seed


@pytest.mark.slow
def test_seed_001_python_sample_runs_unchanged(prism_intuned: Prism) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(INTUNED),
        "INTUNED_BASE_URL": prism_intuned.url,
        "INTUNED_API_KEY": "test-key",
    }
    result = subprocess.run([sys.executable, str(SAMPLE)], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "run_id='ru_" in result.stdout and "status='pending'" in result.stdout


@pytest.mark.slow
def test_prism_rejects_what_breaks_the_spec(prism_intuned: Prism) -> None:
    """The server really validates: a body without the required `api` is a 422, mapped. (A dict
    body is refused before sending; a model built without validation is sent as it is.)"""
    sdk = import_package(INTUNED, "intuned_client")
    body = sdk.models.RunStartRequestBody.model_construct(parameters={})
    with sdk.IntunedClient(workspace_id=WORKSPACE, api_key="k", base_url=prism_intuned.url, max_retries=0) as client:
        with pytest.raises(sdk.RequestValidationError):
            client.projects.runs.start(project_name="p", body={"parameters": {}})
        with pytest.raises(sdk.UnprocessableEntityError) as info:
            client.projects.runs.start(project_name="p", body=body)
    assert info.value.status_code == 422
    assert isinstance(info.value.body, dict)


def test_missing_credentials_fail_at_construction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every operation of the spec needs the API key: without one (or with an empty one, the
    README's `os.getenv("INTUNED_API_KEY", "")`) the client is not built, and nothing is sent."""
    sdk = import_package(INTUNED, "intuned_client")
    monkeypatch.setenv("INTUNED_API_KEY", "")
    for cls in (sdk.IntunedClient, sdk.AsyncIntunedClient):
        with pytest.raises(sdk.CredentialsError, match="needs credentials: pass api_key= or set INTUNED_API_KEY$"):
            cls(workspace_id=WORKSPACE, base_url="http://127.0.0.1:9", max_retries=0)


@pytest.mark.slow
def test_result_and_job_run_return_parsed_models(prism_intuned: Prism) -> None:
    sdk = import_package(INTUNED, "intuned_client")
    models = sdk.models
    with sdk.IntunedClient(workspace_id=WORKSPACE, api_key="k", base_url=prism_intuned.url) as client:
        result = client.projects.runs.result(project_name="my-project", run_id="aabbccddeeffggh")
        job = client.projects.jobs.runs.one(project_name="my-project", job_id="my-sample-job", run_id="r-1")
    assert isinstance(result, models.RunResult)
    assert result.status is models.RunResultStatus.COMPLETED
    assert isinstance(job, models.JobRunWithResults)
    assert job.job_run.status is models.JobRunStatus.SUCCESS
    assert isinstance(job.job_run.job_configuration_snapshot.sink, models.WebhookSink)
    assert job.job_run.job_configuration_snapshot.sink.type == "webhook"


@pytest.mark.slow
def test_async_client_has_the_same_surface(prism_intuned: Prism) -> None:
    sdk = import_package(INTUNED, "intuned_client")
    models = sdk.models

    async def main() -> tuple[object, object]:
        async with sdk.AsyncIntunedClient(workspace_id=WORKSPACE, api_key="k", base_url=prism_intuned.url) as client:
            started = await client.projects.runs.start(
                project_name="my-project",
                body=models.RunStartRequestBody(
                    parameters={"a": 1},
                    api="my-api",
                    sink=models.S3Sink(bucket="b", accessKeyId="AKIA", secretAccessKey="s", region="us-west-2"),
                ),
            )
            job = await client.projects.jobs.runs.one(project_name="p", job_id="j", run_id="r")
            return started, job

    started, job = asyncio.run(main())
    assert isinstance(started, models.RunStartResponse) and started.status == "pending"
    assert isinstance(job, models.JobRunWithResults)


@pytest.mark.slow
def test_process_runs_operations(prism_process_runs: Prism) -> None:
    sdk = import_package(PROCESS_RUNS, "process_runs_client")
    models = sdk.models
    with sdk.ProcessRunsClient(api_key="k", base_url=prism_process_runs.url) as client:
        runs = list(client.runs.list(process_id="p1", agent_id="a1", limit=5, stage="Draft"))
        started = client.runs.start(
            body=models.RunCreate(agent_id="agent-1", name="Invoice 42", process_id="proc-1", stage="Draft")
        )
        one = client.runs.get("run-1")
    assert runs and all(isinstance(r, models.Run) for r in runs)
    assert isinstance(started, models.Run) and isinstance(one, models.Run)


@pytest.mark.slow
def test_process_runs_async(prism_process_runs: Prism) -> None:
    sdk = import_package(PROCESS_RUNS, "process_runs_client")

    async def main() -> list[object]:
        async with sdk.AsyncProcessRunsClient(api_key="k", base_url=prism_process_runs.url) as client:
            return [run async for run in client.runs.list(process_id="p1", agent_id="a1")]

    runs = asyncio.run(main())
    assert runs and all(isinstance(r, sdk.models.Run) for r in runs)


@pytest.mark.slow
def test_prism_saw_no_invalid_request_except_the_deliberate_ones(prism_process_runs: Prism) -> None:
    assert prism_process_runs.validation_errors() == []


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


_ = Path


def python_blocks(folder: Path) -> list[tuple[str, str]]:
    """Every ```python block of the generated README.md and docs/*.md, with where it is."""
    blocks = []
    for doc in [folder / "README.md", *sorted((folder / "docs").glob("*.md"))]:
        for i, block in enumerate(doc.read_text().split("```python\n")[1:]):
            blocks.append((f"{doc.name}#{i}", block.split("```", 1)[0]))
    return blocks


@pytest.mark.slow
@pytest.mark.parametrize("sdk", ["intuned_client", "process_runs_client"])
def test_every_documented_example_runs_against_prism(
    sdk: str, prism_intuned: Prism, prism_process_runs: Prism, tmp_path: Path
) -> None:
    folder = ROOT / "generated" / sdk
    prefix, server = ("INTUNED", prism_intuned) if sdk == "intuned_client" else ("PROCESS_RUNS", prism_process_runs)
    env = {**os.environ, "PYTHONPATH": str(folder), f"{prefix}_BASE_URL": server.url, f"{prefix}_API_KEY": "k"}
    blocks = python_blocks(folder)
    assert len(blocks) >= 4
    for where, code in blocks:
        script = tmp_path / "example.py"
        script.write_text(code)
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0, f"{sdk} {where}:\n{code}\n{result.stderr[-2000:]}"
        assert result.stdout.strip(), f"{sdk} {where} printed nothing"
