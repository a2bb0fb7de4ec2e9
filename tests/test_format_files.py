"""`format_files`: the files come back formatted, in order, with their other fields; the list it
is given is emptied, so that the caller holds no rendered text once they are staged (the peak
memory of a big generation)."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import subprocess
import weakref
from pathlib import Path
from typing import Any

import pytest
from ruff.__main__ import find_ruff_bin

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


LEFT_OUT = [  # Markdown pages `ruff format` leaves as they are: not staged
    "# `A`\n\nText · more\n\n```python\nfrom pkg.models import A, AParam\n```\n\n| a | b |\n|---|---|\n",
    "# No code\n\n    indented = ( 1 )\n",
    "```python\nfrom pkg.models import A\n```\n\n```python\nfrom pkg.models import B\n```\n",
    # wrapped, as `from_import` writes a long one; and one name so (ruff keeps the trailing comma)
    "```python\nfrom pkg.models import (\n    " + ",\n    ".join(f"Name{i}" for i in range(20)) + ",\n)\n```\n",
    "# `A`\n\n```python\nfrom pkg.models import (\n    A,\n)\n```\n\nText\n",
    # a line past the limit: a name, `from <package>.models import (` (nothing in them to split)
    "```python\nfrom pkg.models import (\n    " + "N" * 90 + ",\n)\n```\n",
    "```python\nfrom " + "p" * 90 + ".models import (\n    A,\n    B,\n)\n```\n",
    "```python\nfrom pkg.models import " + "N" * 65 + "\n```\n",  # as long as the limit: it fits
]
STAGED = [
    "```python\nfrom pkg.models import " + ", ".join(f"Name{i}" for i in range(20)) + "\n```\n",  # too long
    "```python\nfrom pkg.models import " + "N" * 66 + "\n```\n",  # one past the limit
    "```python\nfrom pkg.models import A\nx = ( 1 )\n```\n",  # more than the import
    "```python\nfrom pkg.models import A\n```\n\n```python\nx = ( 1 )\n```\n",  # another block
    "```py\nx = ( 1 )\n```\n",
    "- item\n\n  ```python\n  from pkg.models import A\n  ```\n",  # indented
    "````python\nfrom pkg.models import A\n```\n````\n",
    "~~~python\nx = ( 1 )\n~~~\n",
    "```python\nfrom pkg.models import A\n```",  # no final newline
    "```python\nfrom pkg.models import Ä\n```\n",  # not ASCII: its width is not its length
    "```python\nfrom pkg.models import (\n    A,\n    B\n)\n```\n",  # no trailing comma: joined
    "```python\nfrom pkg.models import (\n  A,\n)\n```\n",  # indented by 2
    "```python\nfrom pkg.models import (A,)\n```\n",
    "```python\nfrom pkg.models import (\n    A,  # note\n)\n```\n",
]


def test_the_markdown_pages_left_out_are_as_ruff_formats_them(tmp_path: Path) -> None:
    assert [format_module._to_format(RenderedFile("a.md", text), 88) for text in LEFT_OUT] == [False] * len(LEFT_OUT)
    assert [format_module._to_format(RenderedFile("a.md", text), 88) for text in STAGED] == [True] * len(STAGED)
    for n, text in enumerate(LEFT_OUT):
        (tmp_path / f"{n}.md").write_text(text, encoding="utf-8")
    ruff = str(find_ruff_bin())
    subprocess.run([ruff, "format", "--isolated", "--no-cache", "--line-length", "88", str(tmp_path)], check=True)
    assert [(tmp_path / f"{n}.md").read_text(encoding="utf-8") for n in range(len(LEFT_OUT))] == LEFT_OUT


def test_with_text_keeps_every_other_field() -> None:
    values = {f.name: True if f.type == "bool" else f"{f.name}!" for f in dataclasses.fields(RenderedFile)}
    file = RenderedFile(**values)  # type: ignore[arg-type]
    assert dataclasses.astuple(file.with_text("new")) == dataclasses.astuple(dataclasses.replace(file, text="new"))


def test_the_staged_tree_of_a_killed_run_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run killed while ruff ran leaves its staged tree (in `/dev/shm`: memory); the next run
    removes it, and leaves alone the tree of a run still going and folders it did not make."""
    monkeypatch.setattr(format_module, "_memory_folder", lambda: str(tmp_path))
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = tmp_path / f"sdkgen-format-{gone.pid}-abc"
    live = tmp_path / f"sdkgen-format-{os.getpid()}-def"
    other = [tmp_path / "sdkgen-format-xyz", tmp_path / f"unrelated-{gone.pid}-x"]
    for folder in (dead, live, *other):
        (folder / "pkg").mkdir(parents=True)
        (folder / "pkg" / "m.py").write_text("x = 1\n")
    out = format_files([RenderedFile("pkg/a.py", "x=1\n")], line_length=88)
    assert [f.text for f in out] == ["x = 1\n"]
    assert not dead.exists()
    assert live.exists() and all(folder.exists() for folder in other)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (live, *other))


def test_model_pages_are_written_as_ruff_formats_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A model page's import, too long for a line with its request-body dict's name, is written
    wrapped as `ruff format` writes it: no model page is staged for ruff, and each is as ruff
    would leave it."""
    from generator.python import target
    from tests.helpers import generate

    long = "Very" * 12 + "LongModelName"
    spec = tmp_path / "api.yaml"
    body = {"type": "object", "properties": {"name": {"type": "string"}}}
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "T", "version": "1"},
                "paths": {
                    "/a": {
                        "post": {
                            "operationId": "make",
                            "requestBody": {
                                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{long}"}}}
                            },
                            "responses": {"200": {"description": "ok"}},
                        }
                    }
                },
                "components": {"schemas": {long: body, "Short": body}},
            }
        ),
        encoding="utf-8",
    )
    pages: dict[str, str] = {}
    real = target.format_files

    def spy(files: list[RenderedFile], *, line_length: int, known: dict[str, int]) -> list[RenderedFile]:
        for f in files:
            if f.path.startswith("docs/models/") and f.path != "docs/models/README.md":
                pages[f.path] = f.text
                assert not format_module._to_format(f, line_length), f.path
        return real(files, line_length=line_length, known=known)

    monkeypatch.setattr(target, "format_files", spy)
    out = generate(spec, tmp_path / "out", "pkg")
    assert "from pkg.models import (\n" in pages[f"docs/models/{long}.md"]  # it did need wrapping
    assert "from pkg.models import Short\n" in "".join(pages.values())
    for path, text in pages.items():
        (tmp_path / "check.md").write_text(text, encoding="utf-8")
        ruff = [str(find_ruff_bin()), "format", "--isolated", "--no-cache", "--line-length", "88", "--check"]
        assert subprocess.run([*ruff, str(tmp_path / "check.md")], capture_output=True).returncode == 0, path
        assert (out / path).read_text(encoding="utf-8") == text
