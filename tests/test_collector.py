"""The cyclic collector is off while `generate` plans and writes and while `check` diffs
(`generator/cli/collector.py`): a full pass over a big build's objects there freed nothing."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from generator import write
from generator.cli import main as cli_main
from generator.cli.collector import no_collections
from tests.helpers import ROOT


def test_no_collections_pauses_and_restores_the_callers_setting() -> None:
    assert gc.isenabled()
    with no_collections():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with no_collections():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the caller had it off: left off
    finally:
        gc.enable()


def test_generate_plans_and_writes_without_collections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real_plan, real_commit = write.plan, write.commit

    def plan(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real_plan(*args, **kwargs)

    def commit(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real_commit(*args, **kwargs)

    monkeypatch.setattr(write, "plan", plan)
    monkeypatch.setattr(write, "commit", commit)
    spec = ROOT / "specs" / "process_runs.yaml"
    assert cli_main.main(["generate", str(spec), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert seen == [False, False] and gc.isenabled()
