"""A target language: the stages after `infer` that depend on the language (DESIGN.md §2).

The core (load → validate → normalize → infer → write) never imports a target package: it finds
one by name, `generator.<name>.target.TARGET`, so a second language is a sibling folder. A target
names the IR by its own policy (`generator.naming` holds the shared collision machinery) and
renders and formats its files.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from generator import ir
from generator.code_samples import Sample
from generator.config import SdkConfig
from generator.diagnostics import Diagnostic
from generator.fileio import read_plain
from generator.files import RenderedFile
from generator.manifest import MANIFEST, Fingerprints, Manifest, read_manifest, sha256

TARGETS = ("python", "typescript")


@dataclass(frozen=True, slots=True)
class Previous:
    """The last generation in the output folder: its manifest, and its files as written."""

    output: Path
    manifest: Manifest

    @classmethod
    def of(cls, output: Path) -> Previous | None:
        manifest = read_manifest(output) if not (output / MANIFEST).is_symlink() else None
        return cls(output, manifest) if manifest is not None and manifest.record is not None else None

    def text(self, path: str) -> str | None:
        """The file's text when it is a plain file, as the manifest says it was written."""
        written = self.manifest.files.get(path)
        if written is None or path.startswith("/") or ".." in path.split("/") or "\\" in path:
            return None  # an edited manifest names no file outside the output
        data = read_plain(self.output / path)  # None for a link or anything but a plain file
        try:
            return data.decode("utf-8") if data is not None and sha256(data) == written else None
        except UnicodeDecodeError:
            return None


@runtime_checkable
class Target(Protocol):
    def name(self, api: ir.Api, config: SdkConfig) -> tuple[ir.Api, list[Diagnostic]]:
        """Every identifier the target emits, assigned; renames reported."""
        ...

    def files(
        self,
        api: ir.Api,
        config: SdkConfig,
        prints: Fingerprints,
        explicit_version: str,
        previous: Previous | None = None,
    ) -> tuple[SdkConfig, list[RenderedFile]]:
        """The formatted files of one SDK, and the config they were made with: with
        `bump_version` the version follows the surface change (`explicit_version` is the
        config's own `package_version`, "" when unset). With `previous`, a file whose unit
        fingerprint is the recorded one may be taken from there instead of rendered."""
        ...

    def samples(self, api: ir.Api, config: SdkConfig) -> dict[str, list[Sample]]:
        """Each operation's code samples (`x-codeSamples` entries), by operation key: the
        program the SDK's docs show for it, formatted."""
        ...


def load_target(name: str = "python") -> Target:
    if name not in TARGETS:
        raise ValueError(f"unknown target {name!r}")
    target = importlib.import_module(f"generator.{name}.target").TARGET
    assert isinstance(target, Target)
    return target
