"""The Python target: naming policy → views → templates and runtime files → one `ruff format` run."""

from __future__ import annotations

from generator import ir
from generator.config import SdkConfig
from generator.diagnostics import Diagnostic
from generator.files import RenderedFile
from generator.manifest import Fingerprints
from generator.python.format import format_files
from generator.python.naming import name_api
from generator.python.render import render


class PythonTarget:
    def name(self, api: ir.Api, config: SdkConfig) -> tuple[ir.Api, list[Diagnostic]]:
        return name_api(api, config)

    def files(
        self, api: ir.Api, config: SdkConfig, prints: Fingerprints, explicit_version: str
    ) -> tuple[SdkConfig, list[RenderedFile]]:
        records: list[RenderedFile] = []
        if config.bump_version:  # the version follows the surface change since the last generation
            from generator.surface.release import release

            made = release(api, config, explicit_version, prints)
            config, records = made.config, made.files
        return config, format_files(render(api, config) + records, line_length=config.line_length)


TARGET = PythonTarget()
