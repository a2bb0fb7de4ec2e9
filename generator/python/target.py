"""The Python target: naming policy → views → templates and runtime files → one `ruff format` run.

With the previous generation at hand (`Previous`: its manifest and folder), only the units whose
fingerprint changed are rendered and formatted (`units.py`); every other file is taken from the
disk, where the manifest shows it as written.
"""

from __future__ import annotations

import dataclasses

from generator import ir
from generator.code_samples import Sample
from generator.config import SdkConfig
from generator.diagnostics import Diagnostic
from generator.files import RenderedFile
from generator.ir_digest import sha256
from generator.irquery import Index
from generator.manifest import Fingerprints
from generator.python.code_layout import Laid, lay_out
from generator.python.code_samples import python_samples
from generator.python.format import format_files
from generator.python.naming import name_api
from generator.python.render import Renderer
from generator.python.units import batch_keys, run_digest, units
from generator.target import Previous


class PythonTarget:
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
        records: list[RenderedFile] = []
        if config.bump_version:  # the version follows the surface change since the last generation
            from generator.surface.release import release

            made = release(api, config, explicit_version, prints)
            config, records = made.config, made.files
        renderer = Renderer(api, config)
        common = run_digest(renderer, (prints.generator, prints.templates, config.fingerprint()))
        recorded = previous.manifest.record if previous is not None else None
        reusable = recorded.units if recorded is not None else {}
        written = previous.manifest.files if previous is not None else {}  # `Previous.text` checks each
        kept: list[RenderedFile] = []
        tags: dict[str, str] = {}  # batch → "<batch>:<key>"
        skip: set[str] = set()
        index = Index.of(api)  # one for the batch keys and the views
        for name, digest in batch_keys(index, config).items():
            key = sha256(common + digest)
            tags[name] = f"{name}:{key}"
            batch = recorded.batches.get(name, [""]) if previous is not None and recorded is not None else [""]
            if batch[0] != key:
                continue
            assert previous is not None
            # the batch's inputs are as recorded: its files, if all intact, without building its views
            files = [(path, previous.text(path), reusable.get(path, "")) for path in batch[1:]]
            if all(text is not None and unit for _, text, unit in files):
                kept += [
                    RenderedFile(path, text or "", unit=unit, batch=tags[name], as_read=written[path])
                    for path, text, unit in files
                ]
                skip.add(name)
        fresh: list[RenderedFile] = []
        # the files known to be as ruff writes them: a module (0), a page's Python blocks (their
        # count); what the built-in templates write only (custom ones may write anything)
        known: dict[str, int] = {}
        builtin = config.templates_dir is None
        laid: Laid = {}  # the long lines laid out, for every module of the run
        for unit in units(index, config, skip=frozenset(skip)):
            tag = tags.get(unit.batch, "")
            # a group's units: their batch always has a key (`batch_keys` walks the same groups)
            fingerprint = unit.keyed(tags[unit.batch]) if unit.by_batch else unit.fingerprint(common)
            if fingerprint and not unit.once and reusable.get(unit.path) == fingerprint:
                assert previous is not None
                text = previous.text(unit.path)
                if text is not None:
                    kept.append(RenderedFile(unit.path, text, unit=fingerprint, batch=tag, as_read=written[unit.path]))
                    continue
            rendered = dataclasses.replace(unit.render(renderer), unit=fingerprint, batch=tag)
            if builtin and unit.blocks >= 0:
                known[unit.path] = unit.blocks
            elif builtin and unit.lay_out and (done := lay_out(rendered.text, config.line_length, laid)) is not None:
                rendered = rendered.with_text(done)  # as ruff writes it
                known[unit.path] = 0
            fresh.append(rendered)
        fresh += records
        # `format_files` empties `fresh` and frees each rendered text once it is staged
        return config, kept + format_files(fresh, line_length=config.line_length, known=known)

    def samples(self, api: ir.Api, config: SdkConfig) -> dict[str, list[Sample]]:
        return python_samples(api, config)


TARGET = PythonTarget()
