"""Format: the rendered TypeScript package → what `prettier --check` accepts, so a user's own
format hook finds nothing to change. One Biome run over the staged tree (a temporary folder,
with our `biome.json`: Prettier's settings, so nothing of the user's applies), never a process
per file. Biome is Prettier's layout from a native binary: on GitHub's spec it takes 1 s where
Prettier took 17 s, more than the whole rest of generation. Where the two differ on our code
(`layout.unions`) the output is adjusted; the Markdown is written aligned (`layout.table`) and
its TypeScript examples are formatted in the same run, taken out of the pages and put back.

Biome is pinned in `tools/package-lock.json` and installed on first use with `npm ci` into the
user's cache (`$XDG_CACHE_HOME/sdkgen/ts-tools-<lock digest>`; `SDKGEN_TS_TOOLS` names another
folder holding `node_modules/@biomejs/biome`). Node is needed to generate TypeScript only: a
Python SDK never comes here.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.diagnostics import BadInput
from generator.fileio import current_umask, read_plain, write_new
from generator.files import RenderedFile
from generator.typescript.layout import unions

TOOLS = Path(__file__).parent / "tools"
_CODE = (".ts", ".js", ".json")
# Prettier's defaults, as Biome spells them; no size limit (a big API's models.ts is megabytes)
_CONFIG = {
    "formatter": {"enabled": True, "indentStyle": "space", "indentWidth": 2, "lineWidth": 80, "lineEnding": "lf"},
    "javascript": {
        "formatter": {
            "quoteStyle": "double",
            "trailingCommas": "all",
            "semicolons": "always",
            "arrowParentheses": "always",
            "bracketSpacing": True,
            "quoteProperties": "asNeeded",
        }
    },
    "json": {"formatter": {"enabled": True}},
    "linter": {"enabled": False},
    "assist": {"enabled": False},
    "vcs": {"enabled": False},
    "files": {"maxSize": 1 << 30, "ignoreUnknown": True},
}
_EXAMPLE = re.compile(r"^```ts\n(.*?)^```$", re.M | re.S)


class FormatError(RuntimeError):
    """The formatter refused a file the generator wrote (a generator bug, exit code 3)."""


def tools_folder() -> Path:
    """The folder whose `node_modules` holds the pinned Biome, installed if missing."""
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
        raise BadInput("typescript", "generating a TypeScript SDK needs Node 18+ with npm (for Biome); none found")
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


def biome() -> list[str]:
    return ["node", str(tools_folder() / "node_modules" / "@biomejs" / "biome" / "bin" / "biome")]


def format_files(files: list[RenderedFile]) -> list[RenderedFile]:
    """The files, formatted, in the same order: `.ts`, `.js` and `.json` files, and the
    TypeScript examples of `.md` files; others as they are."""
    code = [i for i, f in enumerate(files) if f.path.endswith(_CODE) and f.text.strip()]
    pages = {i: _EXAMPLE.split(f.text) for i, f in enumerate(files) if f.path.endswith(".md") and "```ts" in f.text}
    if not code and not pages:
        return files
    out = list(files)
    # every file staged under tree/, every example under examples/<file>/<n>.ts
    staged = {f"tree/{out[i].path}": i for i in code}
    examples = {f"examples/{i}/{n}.ts": (i, n) for i, parts in pages.items() for n in range(1, len(parts), 2)}
    with tempfile.TemporaryDirectory(prefix="sdkgen-ts-format-") as tmp:
        into = tmp + os.sep
        umask = current_umask()
        texts = {**{k: out[i].text for k, i in staged.items()}, **{k: pages[i][n] for k, (i, n) in examples.items()}}
        texts["biome.json"] = json.dumps(_CONFIG)
        for rel, text in texts.items():
            os.makedirs(os.path.dirname(into + rel) or tmp, exist_ok=True)
            write_new(into + rel, text.encode("utf-8"), 0o600, umask)
        folders = [f for f in ("tree", "examples") if os.path.isdir(into + f)]
        command = [*biome(), "format", "--write", "--colors=off", "--log-level=none", *folders]
        result = subprocess.run(command, cwd=tmp, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            lines = (result.stdout + result.stderr).replace(tmp + "/", "").strip().splitlines()
            found = [line for line in lines if "tree/" in line or "examples/" in line] or lines
            raise FormatError(f"generated TypeScript does not parse: {(found or [''])[0][:300]}")
        for rel in (*staged, *examples):
            data = read_plain(into + rel)
            if data is None:
                raise FormatError(f"the formatter left no file at {rel}")
            text = data.decode("utf-8")
            if rel in staged:
                i = staged[rel]
                out[i] = out[i].with_text(unions(text) if rel.endswith(".ts") else text)
            else:
                i, n = examples[rel]
                pages[i][n] = unions(text)
    for i, parts in pages.items():
        out[i] = out[i].with_text("".join(p if n % 2 == 0 else f"```ts\n{p}```" for n, p in enumerate(parts)))
    return out
