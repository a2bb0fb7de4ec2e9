"""`format_files`: the files come back formatted, in order, with their other fields; the list it
is given is emptied, so that the caller holds no rendered text once they are staged (the peak
memory of a big generation)."""

from __future__ import annotations

import gc
import os
import subprocess
import weakref
from typing import Any

import pytest

from generator.files import RenderedFile
from generator.python import format as format_module
from generator.python.format import format_files


class _Text(str):
    """A str that can be referred to weakly: shows when a rendered text is freed."""

    __slots__ = ("__weakref__",)


def test_formatted_in_order_and_the_list_given_is_emptied() -> None:
    files = [
        RenderedFile("pkg/a.py", "import typing\nimport abc\nx = ( 1 )\n", unit="u1", batch="b:1"),
        RenderedFile("README.md", "# Title\n\n```python\ny = [ 1,2 ]\n```\n", once=True),
        RenderedFile("pkg/py.typed", "x = ( 1 )\n", log=True),
        RenderedFile("pkg/empty.py", "  \n"),
    ]
    given = list(files)
    result = format_files(given, line_length=88)
    assert given == []
    assert [f.path for f in result] == [f.path for f in files]
    assert result[0] == RenderedFile("pkg/a.py", "import abc\nimport typing\n\nx = 1\n", unit="u1", batch="b:1")
    assert result[1] == RenderedFile("README.md", "# Title\n\n```python\ny = [1, 2]\n```\n", once=True)
    assert result[2:] == files[2:]  # neither Python nor Markdown, or blank: as given


def test_a_rendered_text_is_freed_before_the_formatted_one_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _Text("x = ( 1 )\n")
    freed = weakref.ref(text)
    files = [RenderedFile("a.py", text)]
    del text
    seen: list[bool] = []
    real = format_module._read

    def spy(path: str) -> str:  # the formatted copies are read back after ruff ran
        gc.collect()
        seen.append(freed() is None)
        return real(path)

    monkeypatch.setattr(format_module, "_read", spy)
    assert [f.text for f in format_files(files, line_length=88)] == ["x = 1\n"]
    assert seen == [True]


def test_imports_are_sorted_in_the_files_that_need_it_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past `_MAX_ARGS` files, more commands, never the whole tree (ruff would parse every file)."""
    commands: list[list[str]] = []
    real = subprocess.run

    def spy(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        return real(command, **kwargs)

    monkeypatch.setattr(format_module, "_MAX_ARGS", 2)
    monkeypatch.setattr(subprocess, "run", spy)
    unsorted = [RenderedFile(f"pkg/m{i}.py", "import typing\nimport abc\n") for i in range(3)]
    files = [*unsorted, RenderedFile("pkg/sorted.py", "from ._a import A\n")]
    result = format_files(files, line_length=88)
    assert [f.text for f in result] == ["import abc\nimport typing\n"] * 3 + ["from ._a import A\n"]
    sorts = [c for c in commands if c[1] == "check"]
    targets = [c[c.index("--exit-zero") + 1 :] for c in sorts]  # files, never the folder
    assert [[os.path.basename(a) for a in t] for t in targets] == [["m0.py", "m1.py"], ["m2.py"]]
