"""The Python samples of `sdkgen samples`: for each operation, the program its docs page shows
(`docs_examples.example_call`: the client made from the environment, the call, what it returns
printed), formatted as the page's block is, so the docs and the overlay show the same code."""

from __future__ import annotations

from generator import ir
from generator.code_samples import Sample
from generator.config import SdkConfig
from generator.files import RenderedFile
from generator.irquery import Index
from generator.python.docs_examples import example_call, settled
from generator.python.format import format_files
from generator.python.naming import walk
from generator.python.operation_memo import memo_of

LANG, LABEL = "python", "Python"


def python_samples(api: ir.Api, config: SdkConfig) -> dict[str, list[Sample]]:
    """Each operation's sample, by operation key. The examples `lay_out` made are as ruff writes
    them; the others go through the one ruff run that formats the SDK's own files."""
    index = Index.of(api)
    memo = memo_of(index)
    ops = index.ops
    files: list[RenderedFile] = []
    keys: list[str] = []
    known: dict[str, int] = {}
    for group in walk(api.root):
        if not group.path:
            continue
        attr = memo.attr(group)
        for key in group.operations:
            example = example_call(index, ops[key], attr, config)
            path = f"samples/sample_{len(keys)}.py"
            if settled(index, example):
                known[path] = 0
            files.append(RenderedFile(path, example + "\n"))
            keys.append(key)
    formatted = format_files(files, line_length=config.line_length, known=known)
    return {key: [Sample(LANG, LABEL, f.text)] for key, f in zip(keys, formatted, strict=True)}
