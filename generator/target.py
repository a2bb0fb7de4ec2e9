"""A target language: the stages after `infer` that depend on the language (DESIGN.md §2).

The core (load → validate → normalize → infer → write) never imports a target package: it finds
one by name, `generator.<name>.target.TARGET`, so a second language is a sibling folder. A target
names the IR by its own policy (`generator.naming` holds the shared collision machinery) and
renders and formats its files.
"""

from __future__ import annotations

import importlib
from typing import Protocol, runtime_checkable

from generator import ir
from generator.config import SdkConfig
from generator.diagnostics import Diagnostic
from generator.files import RenderedFile
from generator.manifest import Fingerprints

TARGETS = ("python",)


@runtime_checkable
class Target(Protocol):
    def name(self, api: ir.Api, config: SdkConfig) -> tuple[ir.Api, list[Diagnostic]]:
        """Every identifier the target emits, assigned; renames reported."""
        ...

    def files(
        self, api: ir.Api, config: SdkConfig, prints: Fingerprints, explicit_version: str
    ) -> tuple[SdkConfig, list[RenderedFile]]:
        """The formatted files of one SDK, and the config they were made with: with
        `bump_version` the version follows the surface change (`explicit_version` is the
        config's own `package_version`, "" when unset)."""
        ...


def load_target(name: str = "python") -> Target:
    if name not in TARGETS:
        raise ValueError(f"unknown target {name!r}")
    target = importlib.import_module(f"generator.{name}.target").TARGET
    assert isinstance(target, Target)
    return target
