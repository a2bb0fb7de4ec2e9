"""Diagnostics are data: every stage returns them instead of printing or raising.

`Diagnostic` is an error, warning or note tied to a JSON pointer in the spec; `BadInput` is the
one exception raised for input the generator cannot use at all (a spec, a config, a custom
template, a command line). The CLI turns it into one line
(`file:line pointer: message`) and exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Level = Literal["error", "warning", "info"]  # info: a choice worth knowing (a name that had to change)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    level: Level
    pointer: str
    message: str
    kind: str = "general"


class BadInput(Exception):
    """Input the generator cannot use (spec, config, template, command line); reported as one
    line, exit code 2."""

    def __init__(self, file: str, message: str, *, pointer: str = "", line: int | None = None):
        super().__init__(message)
        self.file = file
        self.pointer = pointer
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        pointer = f" {self.pointer or '#'}" if self.pointer or self.line is not None else ""
        return f"{where}{pointer}: {self.message}"


def shorten(text: str, limit: int = 60) -> str:
    """`text` on one line, cut to `limit` characters with `…` when longer."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def pointer_join(base: str, *parts: str | int) -> str:
    """Append reference tokens to a JSON pointer, escaping `~` and `/` (RFC 6901)."""
    out = base
    for part in parts:
        out += "/" + str(part).replace("~", "~0").replace("/", "~1")
    return out


def pointer_get(data: Any, pointer: str, default: Any = None) -> Any:
    """The node at a JSON pointer (`#/a/0/b`), or `default` when there is none."""
    node = data
    for token in pointer_split(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node


def pointer_split(pointer: str) -> list[str]:
    """The reference tokens of a JSON pointer (`#/a/b` or `/a/b`)."""
    body = pointer[1:] if pointer.startswith("#") else pointer
    if not body:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in body.lstrip("/").split("/")]


class HandEdited(Exception):
    """Generation would overwrite or remove files changed by hand (exit code 1)."""

    def __init__(self, output: Path, conflicts: list[tuple[str, str]]) -> None:
        self.output = output
        self.conflicts = conflicts  # (path, what happened to it)
        listed = ", ".join(f"{path} ({why})" for path, why in conflicts)
        super().__init__(f"{output}: refusing to overwrite hand edits: {listed}")


class UnsafeOutput(Exception):
    """The output folder holds a symbolic link (or a folder, or a special file) where the
    generator would write, read or remove a file (exit code 1, with or without `--force`)."""

    def __init__(self, output: Path, found: list[tuple[str, str]]) -> None:
        self.output = output
        self.found = found  # (path inside the output, what is there)
        listed = ", ".join(f"{path} ({what})" for path, what in found)
        super().__init__(f"{output}: refusing to write through or remove: {listed}")
