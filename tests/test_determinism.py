"""Output is byte-identical across runs and hash seeds, and formatting is stable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.config import make_config
from generator.pipeline import build
from generator.python.format import format_files
from tests.helpers import ROOT


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_runs_with_different_hash_seeds_are_identical(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        for spec in ("intuned.yaml", "process_runs.yaml"):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "generator",
                    "generate",
                    str(ROOT / "specs" / spec),
                    "-o",
                    str(out / spec),
                ],
                check=True,
                env=env,
                capture_output=True,
                cwd=tmp_path,
            )
        outputs.append(tree(out))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 30


def test_formatting_twice_changes_nothing() -> None:
    built = build(make_config(ROOT / "specs" / "intuned.yaml", base=ROOT))
    again = format_files(list(built.files), line_length=88)  # it empties the list it is given
    assert [f.text for f in again] == [f.text for f in built.files]


def test_every_python_file_parses() -> None:
    import ast

    parsed = [ast.parse(path.read_text(), filename=str(path)) for path in (ROOT / "generated").rglob("*.py")]
    assert len(parsed) >= 20  # both SDKs: packages, models, resources, tests
