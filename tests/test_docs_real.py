"""Issue 14, docs to navigate, on real specs (Stripe, GitHub, Increase; see
tests/program_runs.py): every ```python block of the README and docs parses and none repeats on
its page, no private name of the SDK shows, every schema has its section, the relative links
reach their pages, and the examples use the spec's examples where it has them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.docs_blocks import mypy_examples, pages, problems
from tests.markdown_blocks import tables

pytestmark = pytest.mark.slow  # npm downloads, SDKs of 130-1,200 operations generated

LINK = re.compile(r"\]\(([\w./-]+\.md)(?:#([\w-]*))?\)")  # the links the generator writes


@pytest.mark.parametrize("name", ["stripe", "github", "increase"])
def test_the_docs_parse_differ_and_show_no_private_names(program_sdks: dict[str, Path], name: str) -> None:
    folder = program_sdks[name]
    assert problems(folder) == []
    models = folder / "docs" / "models"
    sections = {
        (page.name, heading[4:-1].lower())
        for page in models.glob("*.md")
        for heading in page.read_text(encoding="utf-8").splitlines()
        if heading.startswith("## `")
    }
    index = tables((models / "README.md").read_text(encoding="utf-8"))[0]
    assert sum(int(row[1]) for row in index[1:]) == len(sections) > 100  # every type has its section
    for page in pages(folder):  # every relative link reaches a page, and its anchor a section
        for target, anchor in LINK.findall(page.read_text(encoding="utf-8")):
            reached = (page.parent / target).resolve()
            assert reached.is_file(), (page, target)
            if anchor and reached.parent == models.resolve():
                assert (reached.name, anchor) in sections, (page, target, anchor)


def test_increase_examples_come_from_the_spec(program_sdks: dict[str, Path]) -> None:
    docs = "\n".join(p.read_text(encoding="utf-8") for p in pages(program_sdks["increase"]))
    assert '"account_in71c4amph0vgo2qllky"' in docs  # a property's `example`
    assert '"string"' not in docs


def test_increase_docs_examples_type_check(program_sdks: dict[str, Path], tmp_path: Path) -> None:
    """Every example of Increase's docs, each a module of its own, passes mypy --strict."""
    folder = program_sdks["increase"]
    result = mypy_examples(folder, tmp_path)
    assert result.returncode == 0, result.stdout[-5000:]
