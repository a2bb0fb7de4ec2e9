"""Format: the rendered TypeScript package → what `prettier --check` accepts, so a user's own
format hook finds nothing to change. One `prettier --write` run over the staged tree (a
temporary folder), never a process per file; `--no-config --no-editorconfig` keeps the user's
settings out, so the output does not depend on where the generator runs.

Prettier is pinned in `tools/package-lock.json` and installed on first use with `npm ci` into
the user's cache (`$XDG_CACHE_HOME/sdkgen/ts-tools-<lock digest>`; `SDKGEN_TS_TOOLS` names
another folder holding `node_modules/.bin/prettier`). Node is needed to generate TypeScript
only: a Python SDK never comes here.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.diagnostics import BadInput
from generator.fileio import current_umask, read_plain, write_new
from generator.files import RenderedFile

TOOLS = Path(__file__).parent / "tools"
_SUFFIXES = (".ts", ".js", ".json", ".md")


class FormatError(RuntimeError):
    """Prettier refused a file the generator wrote (a generator bug, exit code 3)."""


def tools_folder() -> Path:
    """The folder whose `node_modules` holds the pinned Prettier, installed if missing."""
    given = os.environ.get("SDKGEN_TS_TOOLS")
    if given:
        return Path(given)
    lock = (TOOLS / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock + (TOOLS / "package.json").read_bytes()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "sdkgen" / f"ts-tools-{digest}"
    done = folder / ".installed"
    if done.exists():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        raise BadInput("typescript", "generating a TypeScript SDK needs Node 18+ with npm (for Prettier); none found")
    folder.mkdir(parents=True, exist_ok=True)
    with (folder.parent / f"{folder.name}.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # one install at a time (test workers, parallel hooks)
        if not done.exists():
            for name in ("package.json", "package-lock.json"):
                shutil.copyfile(TOOLS / name, folder / name)
            result = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--silent", "--ignore-scripts"],
                cwd=folder,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                detail = (result.stderr or result.stdout).strip().splitlines()
                raise BadInput(str(folder), f"npm ci of the TypeScript tools failed: {detail[-1] if detail else ''}")
            done.write_text("", encoding="utf-8")
    return folder


def prettier() -> list[str]:
    return ["node", str(tools_folder() / "node_modules" / "prettier" / "bin" / "prettier.cjs")]


def format_files(files: list[RenderedFile]) -> list[RenderedFile]:
    """The files, formatted, in the same order (`.ts`, `.json` and `.md`; others as they are)."""
    chosen = [i for i, f in enumerate(files) if f.path.endswith(_SUFFIXES) and f.text.strip()]
    if not chosen:
        return files
    out = list(files)
    with tempfile.TemporaryDirectory(prefix="sdkgen-ts-format-") as tmp:
        into = tmp + os.sep
        umask = current_umask()
        for i in chosen:
            os.makedirs(os.path.dirname(into + out[i].path), exist_ok=True)
            write_new(into + out[i].path, out[i].text.encode("utf-8"), 0o600, umask)
        command = [*prettier(), "--write", "--no-config", "--no-editorconfig", "--log-level", "warn", "."]
        result = subprocess.run(command, cwd=tmp, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            lines = (result.stderr or result.stdout).replace(tmp + "/", "").strip().splitlines()
            raise FormatError(f"generated TypeScript does not parse: {(lines or [''])[0][:300]}")
        for i in chosen:
            data = read_plain(into + out[i].path)
            if data is None:
                raise FormatError(f"the formatter left no file at {out[i].path}")
            out[i] = out[i].with_text(data.decode("utf-8"))
    return out
