"""Stage 6, format: rendered files → files that `ruff format --check` and `black --check` accept.

`ruff check --select I --fix` over the staged files whose imports need sorting, then one `ruff
format` run over the whole staged tree (a temporary folder), never a process per file: on a
72k-line tree ruff takes 0.2 s where black takes 23 s (DESIGN.md, format). `--isolated` keeps the
user's own ruff settings out and the line length is passed explicitly, so output does not depend
on where the generator runs. `.py` files and the Python blocks of `.md` files are formatted.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from generator.fileio import current_umask, read_plain, write_new
from generator.files import RenderedFile
from generator.python.imports_sorted import imports_sorted

_MAX_ARGS = 2000  # files to sort per ruff command (a command line stays short)


class GeneratedCodeError(RuntimeError):
    """The generator produced code that does not parse (a generator bug, exit code 3)."""


def format_files(
    files: list[RenderedFile], *, line_length: int, known: Mapping[str, int] | None = None
) -> list[RenderedFile]:
    """The files, formatted, in the same order; `known`: the files known to be as ruff writes
    them (`code_layout.py`), by path: a module (0), or a Markdown page's Python blocks (how many
    there are: the docs' examples), which `_to_format` checks are all the page's fenced blocks.

    Takes `files` over: the list is emptied, and each rendered text is let go once it is
    written to the staged tree, so that the rendered texts and their formatted copies are never
    all held together (Graph's are 150 MB each: that was the run's peak memory). The caller
    passes a list of its own and keeps no other reference to the texts."""
    taken = files.copy()
    files.clear()
    laid = known or {}
    python = [i for i, f in enumerate(taken) if _to_format(f, line_length, laid.get(f.path, -1))]
    if not python:
        return taken
    folder = _memory_folder()
    _remove_abandoned(folder or tempfile.gettempdir())
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-", dir=folder) as tmp:
        root = Path(tmp)
        for folder in sorted({os.path.dirname(taken[i].path) for i in python}):  # each folder once
            os.makedirs(os.path.join(tmp, folder), exist_ok=True)
        into = tmp + os.sep  # + a file's path (relative, `/`-separated): `os.path.join`, 70k calls fewer
        umask = current_umask()
        # Import blocks are computed per module; isort's grouping is easier to leave to ruff, for
        # the files whose imports are not already as it writes them (`imports_sorted`: most model
        # modules are, and ruff's pass over thousands of them cost a quarter of a CPU-second).
        unsorted: list[str] = []
        for i in python:
            path, text = taken[i].path, taken[i].text
            write_new(into + path, text.encode("utf-8"), 0o600, umask)
            if path.endswith(".py") and not imports_sorted(text, line_length):
                unsorted.append(path)
            taken[i] = taken[i].with_text("")  # staged: the rendered text can go
        del text
        common = [
            "--isolated",
            "--no-cache",
            "--line-length",
            str(line_length),
            "--target-version",
            "py311",
        ]
        ruff = str(find_ruff_bin())
        # Only the files listed, in commands of up to `_MAX_ARGS` files, never the whole tree: ruff
        # parses every file it is given, and the sorted ones (Graph: 11 of 99 MB of Python) are
        # files the pass leaves as they are.
        for start in range(0, len(unsorted), _MAX_ARGS):
            targets = [into + path for path in unsorted[start : start + _MAX_ARGS]]
            sort = [ruff, "check", *common, "--select", "I", "--fix", "--exit-zero", *targets]
            subprocess.run(sort, capture_output=True, text=True, check=False)
        result = subprocess.run([ruff, "format", *common, str(root)], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            # A syntax error in generated code is a generator bug, not bad input: say where.
            lines = (result.stderr or result.stdout).replace(tmp + "/", "").strip().splitlines()
            detail = next((line for line in lines if "error" in line.lower()), lines[0] if lines else "")
            raise GeneratedCodeError(f"generated code does not parse: {detail[:300]}")
        for i in python:
            taken[i] = taken[i].with_text(_read(into + taken[i].path))
    return taken


def _to_format(f: RenderedFile, line_length: int, blocks: int = -1) -> bool:
    """A Python module or a Markdown page that `ruff format` may change: not blank, and for a page,
    not one whose only Python blocks are each a single import: one line that fits, or the names
    one a line, each with its comma, as `from_import` writes a longer one (`ruff format` leaves
    both as they are, the second for its trailing comma, a line of it too long too: a name is not
    split, nor `from package.models import (`); Graph's 9,700 pages are mostly model
    pages of that kind, and staging them for nothing was 0.3 s of the run's CPU). Nor a page
    whose `blocks` Python blocks are known to be as ruff writes them, when it has no other fence
    (a spec's description may hold one, which ruff would format), nor a module known so
    (`blocks` 0) whose imports are sorted."""
    if not f.path.endswith((".py", ".md")) or not f.text or f.text.isspace():
        return False
    if f.path.endswith(".py"):  # a module as ruff writes it, but for its imports, which ruff's isort sorts
        return blocks != 0 or not imports_sorted(f.text, line_length)
    text = f.text
    if blocks >= 0 and "~~~" not in text and text.count("```") == 2 * blocks and text.endswith("\n"):
        return False
    found = 0
    for block in _IMPORT_BLOCK.finditer(text):
        if block.start() and text[block.start() - 1] != "\n":
            return True
        if block[1] is not None and len(block[1]) > line_length:
            return True
        found += 1
    # another block, another kind of fence, or no final newline (not a page the generator writes)
    return "~~~" in text or text.count("```") != 2 * found or not text.endswith("\n")


# a fenced Python block of one import (ASCII: its width is its length): `from module import Name,
# Other` on a line (group 1), or wrapped, a name a line (group 2)
_IMPORT_BLOCK = re.compile(
    r"```python\n(?:(from [A-Za-z_][\w.]* import [A-Za-z_]\w*(?:, [A-Za-z_]\w*)*)"
    r"|(from [A-Za-z_][\w.]* import \(\n(?:    [A-Za-z_]\w*,\n)+\)))\n```\n",
    re.ASCII,
)


def _read(path: str) -> str:
    data = read_plain(path)
    if data is None:
        raise GeneratedCodeError(f"the formatter left no file at {path}")
    return data.decode("utf-8")


def _memory_folder() -> str | None:
    """A folder in memory for the staged tree, where the system has one (`/dev/shm`): a big API is
    thousands of small modules, and removing them from a disk mounted with `discard` costs
    milliseconds each (10 s for GitHub's 4,000 model modules); else the default temporary folder."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


_PREFIX = "sdkgen-format-"  # + the process id + "-": the folder of a run that was killed can be told


def _remove_abandoned(folder: str) -> None:
    """Remove the staged trees of runs that were killed (their process is gone), which nothing
    else would: in `/dev/shm` they hold memory (a Graph-size tree is 200 MB) until a reboot. Only
    this user's folders named with a process id; a folder of a running process is left alone."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(_PREFIX) :].partition("-")[0] if entry.name.startswith(_PREFIX) else ""
        try:
            if not pid.isdigit() or _alive(int(pid)) or not entry.is_dir(follow_symlinks=False):
                continue
            if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal sent: whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's, or not a process id: not ours to judge
    return True
