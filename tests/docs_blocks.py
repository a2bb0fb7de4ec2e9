"""The ```python blocks of a generated SDK's README.md and docs/ pages, read by the CommonMark
oracle (tests/markdown_blocks.py), and what is wrong with them: a block Python cannot parse, a
block repeated on its page, a private name of the SDK shown to users."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from tests.markdown_blocks import blocks

# the SDK's private spellings (`_dt.datetime`, `_t.Any`, `_File`, `_base.FileTypes`, ...)
PRIVATE = re.compile(r"(?<![\w.])(_dt|_t|_p|_b|_uuid|_decimal|_base|_pagination|_streaming)\.\w|(?<![\w.])_File\b")


def pages(folder: Path) -> list[Path]:
    return [folder / "README.md", *sorted((folder / "docs").rglob("*.md"))]


def python_blocks(page: Path) -> list[str]:
    return [b.content for b in blocks(page.read_text(encoding="utf-8")) if b.kind == "fence" and b.info == "python"]


def mypy_examples(folder: Path, scratch: Path) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` over every Python block of the docs and README of the SDK project
    `folder`, each block a module of its own in `scratch`."""
    for i, page in enumerate(pages(folder)):
        for j, code in enumerate(python_blocks(page)):
            (scratch / f"example_{i}_{j}.py").write_text(code, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(scratch)],
        capture_output=True,
        text=True,
        env={"MYPYPATH": str(folder), "PATH": ""},
        cwd=folder,
        timeout=1200,
    )


def problems(folder: Path) -> list[str]:
    """Every problem of every page, one line each (empty: all blocks parse, none repeats on its
    page, no private name anywhere)."""
    found = []
    for page in pages(folder):
        where = page.relative_to(folder)
        seen: set[str] = set()
        for i, code in enumerate(python_blocks(page)):
            try:
                ast.parse(code)
            except SyntaxError as exc:
                found.append(f"{where} block {i}: {exc}\n{code}")
            if code in seen:
                found.append(f"{where} block {i} repeats an earlier block:\n{code}")
            seen.add(code)
        for line in page.read_text(encoding="utf-8").splitlines():
            if PRIVATE.search(line):
                found.append(f"{where}: a private name: {line[:200]}")
    return found
