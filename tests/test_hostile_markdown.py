"""Spec text in the generated README and docs cannot change the page's structure.

An unbalanced ``` in `info.description` used to open a code block that hid the Install section.
Prose from the spec (`escape.markdown`, `md_inline`) cannot open a fence, an HTML block or
comment, a heading, a setext underline, a link reference definition or an indented code block,
nor split a table row; code spans (`md_code`) pick delimiters longer than any backtick run
inside. Checked with a CommonMark parser (markdown-it-py, through `tests/markdown_blocks.py`):
every heading the template writes is still a heading, no code or HTML block
holds the sections after it, and the spec makes no heading, block or HTML of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import make_config
from generator.pipeline import build
from generator.python import contexts, escape
from tests.hostile_spec import hostile_spec
from tests.markdown_blocks import ORACLE, Block, blocks, tables

README_HEADINGS = [
    ("2", "Install"),
    ("2", "Use"),
    ("3", "Configuration from the environment"),
    ("3", "Models"),
    ("3", "Lenient responses and strict validation"),
    ("3", "Errors, retries and timeouts"),
    ("3", "Raw responses"),
    ("3", "Streaming responses"),
    ("3", "Coming from openai-python"),
    ("3", "Servers"),
    ("2", "Docs"),
    ("2", "Operations"),
    ("2", "Hand-written code"),
]

# Constructs that open a block, swallow what follows or fake the page's own structure.
HOSTILE = [
    "```",
    "```python\ncode",
    "  ```",
    "~~~",
    "   ~~~~ x",
    "<script>alert(1)",
    "<pre>",
    "<!-- open",
    "<?php",
    "<!DOCTYPE html>",
    "<![CDATA[",
    "<div>",
    "</table>",
    "<custom-tag a='1'>",
    "# Install",
    "###### deep",
    "Setext\n===",
    "Setext\n---",
    "---",
    "***",
    "[ref]: https://evil.example",
    '[ref]: <https://evil.example> "title"',
    "    indented code",
    "\tindented code",
    "text\n\n        more indented",
    "> quote",
    "- item\n\n      code in item",
    "\\",
    "a `` b",
    "`",
]


def page(middle: str) -> str:
    return f"# Before\n\n{middle}\n\n## After\n\n```sh\nlast\n```\n"


def assert_intact(found: list[Block]) -> None:
    """Before, whatever the spec text made of prose, then After and its fence, as written."""
    assert found[0] == Block("heading", "1", "Before"), found
    assert found[-2:] == [Block("heading", "2", "After"), Block("fence", "sh", "last\n")], found
    middle = found[1:-2]
    assert all(b.kind == "paragraph" for b in middle), middle


def test_the_oracle_sees_what_the_hostile_constructs_do_unescaped() -> None:
    """The oracle itself: raw, each construct breaks the page (so the tests below can fail)."""
    broken = []
    for text in HOSTILE:
        try:
            assert_intact(blocks(page(text)))
        except AssertionError:
            broken.append(text)
    harmless = {"\\", "a `` b", "`", "> quote"}  # inline only, or a block that ends at the blank line
    assert set(HOSTILE) - set(broken) <= harmless, (ORACLE, set(HOSTILE) - set(broken))


@pytest.mark.parametrize("text", HOSTILE)
def test_prose_from_the_spec_opens_no_block(text: str) -> None:
    for variant in (text, f"Intro line.\n{text}", f"{text}\nafter"):
        assert_intact(blocks(page(escape.markdown(variant))))


@pytest.mark.parametrize("text", HOSTILE)
def test_one_line_of_prose_stays_in_its_heading_list_item_and_table_cell(text: str) -> None:
    line = escape.md_inline(text)
    assert "\n" not in line
    assert_intact(blocks(page(f"- item {line}")))
    found = blocks(f"# T {line}\n\n## After\n")
    assert [b.kind for b in found] == ["heading", "heading"] and found[1].content == "After", found
    row = f"| a | {line} | c |"
    assert len(re.split(r"(?<!\\)\|", row)) == 5, row  # the cell holds its pipes


@pytest.mark.parametrize("text", ["a`b", "``", "`x`", "a | b", "```", "x ` `` ``` y", " lead", "<b>&amp;"])
def test_a_code_span_holds_any_text(text: str) -> None:
    span = escape.md_code(text)
    runs = re.findall("`+", span)
    assert runs[0] == runs[-1] and all(len(r) < len(runs[0]) for r in runs[1:-1]), span
    inner = span[len(runs[0]) : -len(runs[0])]
    assert inner.strip(" ") == text.strip(" ") or inner == f" {text} ", span
    assert_intact(blocks(page(f"x {span} y")))


@pytest.mark.parametrize("line", ["```", "  ~~~~", "```python"])
def test_no_value_can_close_the_templates_code_block(line: str) -> None:
    """Inside a template's fence only Python code goes, and never with a line that could close
    it (the generator's Python has none: its string literals are one line)."""
    slots = contexts.Slots()
    placeholder = slots.place(escape.Code("x = 1\n" + line + "\n<script>"), None)
    text = f"```python\n{placeholder}\n```\n"
    with pytest.raises(contexts.MisplacedValue, match="could close the code block"):
        slots.fill(text, "README.md")
    slots = contexts.Slots()
    placeholder = slots.place(escape.Code("x = 1  # ```"), None)
    text = f"```python\n{placeholder}\n```\n"
    assert slots.fill(text, "README.md") == "```python\nx = 1  # ```\n```\n"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("markdown")
    spec = hostile_spec(folder / "hostile.json", folder / "pwned")
    built = build(make_config(spec, output=folder / "out", package_name="hostile", base=folder))
    return {f.path: f.text for f in built.files if f.path.endswith(".md")}


def test_the_readme_keeps_its_sections(pages: dict[str, str]) -> None:
    """info.description opens a fence and an HTML comment and fakes an `# Install` heading:
    every section of the template is still a heading, in order, and nothing else is."""
    found = blocks(pages["README.md"])
    headings = [(b.info, b.content) for b in found if b.kind == "heading"]
    assert headings[0][0] == "1" and headings[0][1].endswith("Python client"), headings
    assert headings[1:] == README_HEADINGS, (ORACLE, headings)
    assert [b.info for b in found if b.kind == "fence"] == ["sh", "python"]
    assert [b.kind for b in found if b.kind in ("code", "html", "html_inline", "hr")] == ["html"]  # the header comment
    assert found[0].content.startswith("<!-- Generated by openapi-sdkgen")
    for block in found:
        if block.kind != "fence":
            assert "<script" not in block.content, block


def test_the_docs_keep_their_sections(pages: dict[str, str]) -> None:
    found = blocks(pages["docs/items.md"])
    headings = [(b.info, b.content) for b in found if b.kind == "heading"]
    assert headings == [("1", "`items`"), ("2", "`items.get`")], (ORACLE, headings)
    assert [b.info for b in found if b.kind == "fence"] == ["python"]
    assert [b.kind for b in found if b.kind in ("code", "html", "html_inline", "hr")] == ["html"]
    (table,) = tables(pages["docs/items.md"])
    assert table[0] == ["argument", "type", "required", "description"], (ORACLE, table)
    assert len(table) == 3  # the header and one row per parameter
    assert all(len(row) == 4 for row in table), table


def test_the_model_pages_and_indexes_keep_their_sections(pages: dict[str, str]) -> None:
    """Every schema's page: one title, a section heading per type (a code span), Python fences
    only, no HTML but the header comment, every table row as wide as its header."""
    models = {path: text for path, text in pages.items() if path.startswith("docs/models/")}
    assert "docs/models/README.md" in models and len(models) > 2
    for path, text in {**models, "docs/README.md": pages["docs/README.md"]}.items():
        found = blocks(text)
        headings = [(b.info, b.content) for b in found if b.kind == "heading"]
        assert headings[0][0] == "1" and all(level == "2" for level, _ in headings[1:]), (path, headings)
        if path.endswith("/README.md") or path == "docs/README.md":
            assert [b.info for b in found if b.kind == "fence"] == [], path
        else:
            assert all(content.startswith("`") for _, content in headings), (path, headings)
            assert {b.info for b in found if b.kind == "fence"} == {"python"}, path
        assert [b.kind for b in found if b.kind in ("code", "html", "html_inline", "hr")] == ["html"], path
        for table in tables(text):
            assert all(len(row) == len(table[0]) for row in table), (path, table)


def test_the_readme_of_an_unclosed_fence_in_the_description(tmp_path: Path) -> None:
    """The report's case: an unbalanced ``` in info.description hid the Install section."""
    spec = tmp_path / "fence.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo:\n  title: Fence\n  version: '1'\n"
        "  description: |\n    Intro\n    ```\n    never closed\n"
        "paths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'204': {description: ok}}\n"
    )
    built = build(make_config(spec, output=tmp_path / "out", package_name="fence", base=tmp_path))
    found = blocks(next(f.text for f in built.files if f.path == "README.md"))
    assert ("2", "Install") in [(b.info, b.content) for b in found if b.kind == "heading"]
    assert [b.info for b in found if b.kind == "fence"] == ["sh", "python"]
