"""The TypeScript target: naming policy → the package's files → one Prettier run."""

from __future__ import annotations

from generator import ir
from generator.code_samples import Sample
from generator.config import SdkConfig
from generator.diagnostics import Diagnostic
from generator.files import RenderedFile
from generator.manifest import Fingerprints
from generator.target import Previous
from generator.typescript.code_samples import typescript_samples
from generator.typescript.format import format_files
from generator.typescript.naming import name_api
from generator.typescript.render import render


class TypeScriptTarget:
    def name(self, api: ir.Api, config: SdkConfig) -> tuple[ir.Api, list[Diagnostic]]:
        return name_api(api, config)

    def files(
        self,
        api: ir.Api,
        config: SdkConfig,
        prints: Fingerprints,
        explicit_version: str,
        previous: Previous | None = None,
    ) -> tuple[SdkConfig, list[RenderedFile]]:
        return config, format_files(render(api, config))

    def samples(self, api: ir.Api, config: SdkConfig) -> dict[str, list[Sample]]:
        return typescript_samples(api, config)


TARGET = TypeScriptTarget()
