"""Golden: the committed generated/ tree equals a fresh render, file by file.

Regenerate with `sdkgen generate` (the README's first command does it).
"""

from __future__ import annotations

import pytest

from generator.config import load_project
from generator.manifest import MANIFEST
from generator.pipeline import build
from generator.write import diff, planned_files
from tests.helpers import ROOT

CONFIGS = load_project(ROOT)


@pytest.mark.parametrize("config", CONFIGS, ids=[c.npm_name or c.package_name for c in CONFIGS])
def test_generated_tree_is_current(config: object) -> None:
    built = build(config)  # type: ignore[arg-type]
    assert config.output.is_dir(), "run `sdkgen generate`"  # type: ignore[attr-defined]
    for f in built.files:
        if f.once:
            continue
        on_disk = (config.output / f.path).read_text(encoding="utf-8")  # type: ignore[attr-defined]
        assert on_disk == f.text, f"{f.path} is stale: run `sdkgen generate`"
    assert (config.output / MANIFEST).read_text() == planned_files(built.files, built.prints)[-1].text  # type: ignore[attr-defined]
    assert diff(config.output, built.files, built.prints) == ""  # type: ignore[attr-defined]


def test_every_spec_in_specs_is_configured() -> None:
    configured = {c.spec.resolve() for c in CONFIGS}
    specs = {p.resolve() for p in (ROOT / "specs").iterdir() if p.suffix in (".yaml", ".yml", ".json")}
    assert specs == configured
