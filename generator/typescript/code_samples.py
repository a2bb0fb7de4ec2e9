"""The TypeScript samples of `sdkgen samples`: for each operation, the program the package's
README shows for it (`docs.example`), formatted by the same Biome run as the package, so the
docs and the overlay show the same code."""

from __future__ import annotations

from generator import ir
from generator.code_samples import Sample
from generator.config import SdkConfig
from generator.files import RenderedFile
from generator.irquery import Index
from generator.typescript.docs import attr_paths, example
from generator.typescript.format import format_files

LANG, LABEL = "typescript", "TypeScript"


def typescript_samples(api: ir.Api, config: SdkConfig) -> dict[str, list[Sample]]:
    index = Index.of(api)
    paths = attr_paths(api.root)
    keys = [op.key for op in api.operations if op.key in paths]
    files = [
        RenderedFile(f"samples/sample_{i}.ts", example(index.ops[key], api, config, index, paths[key]))
        for i, key in enumerate(keys)
    ]
    formatted = format_files(files)
    return {key: [Sample(LANG, LABEL, f.text)] for key, f in zip(keys, formatted, strict=True)}
