"""Stage 7, write: formatted files → the output folder (or, for `check`, a diff).

Invariants:
- Every file is written atomically (temporary file in the same folder, then `os.replace`).
- A file whose content is unchanged is not rewritten, so its mtime stays.
- Files this generator wrote before (listed in the `.sdkgen.json` manifest) and no longer
  produces are removed; nothing else is ever removed.
- "Once" files (the package's `custom.py`) are created when missing and never touched again.
- The manifest records generator, spec and config fingerprints and the hash of every file, so
  `check` on an unchanged tree answers without rendering.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.render import RenderedFile

MANIFEST = ".sdkgen.json"


def sha256(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Fingerprints:
    generator: str
    spec: str
    config: str
    spec_files: tuple[str, ...] = ()  # every file the spec was read from, relative to the spec

    def as_dict(self) -> dict[str, str]:
        return {"generator": self.generator, "spec": self.spec, "config": self.config}


def manifest_text(files: list[RenderedFile], prints: Fingerprints) -> str:
    body = {
        **prints.as_dict(),
        "spec_files": list(prints.spec_files),
        "files": {f.path: sha256(f.text) for f in files if not f.once},
    }
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


def read_manifest(output: Path) -> dict[str, object] | None:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _planned(files: list[RenderedFile], prints: Fingerprints) -> list[RenderedFile]:
    return [*files, RenderedFile(MANIFEST, manifest_text(files, prints))]


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: list[str]
    removed: list[str]
    unchanged: int


def write(output: Path, files: list[RenderedFile], prints: Fingerprints) -> WriteResult:
    old = read_manifest(output) or {}
    old_files = old.get("files") if isinstance(old.get("files"), dict) else {}
    assert isinstance(old_files, dict)
    planned = _planned(files, prints)
    written, unchanged = [], 0
    output.mkdir(parents=True, exist_ok=True)
    root = output.resolve()
    for f in planned:
        target = (output / f.path).resolve()
        if not target.is_relative_to(root):  # paths come from sanitized names; belt and braces
            raise ValueError(f"refusing to write outside the output folder: {f.path}")
        if f.once and target.exists():
            continue
        if _read(target) == f.text:
            unchanged += 1
            continue
        _atomic_write(target, f.text)
        written.append(f.path)
    produced = {f.path for f in planned}
    removed = []
    for path in sorted(set(old_files) - produced):
        target = (output / path).resolve()
        if target.is_relative_to(root) and target.is_file():
            target.unlink()
            removed.append(path)
            _prune_empty(target.parent, root)
    return WriteResult(written, removed, unchanged)


def diff(output: Path, files: list[RenderedFile], prints: Fingerprints) -> str:
    """A unified diff from what is on disk to what would be written; empty when current."""
    old = read_manifest(output) or {}
    old_files = old.get("files") if isinstance(old.get("files"), dict) else {}
    assert isinstance(old_files, dict)
    chunks: list[str] = []
    planned = _planned(files, prints)
    for f in planned:
        if f.once:
            continue
        current = _read(output / f.path)
        if current != f.text:
            chunks.extend(
                difflib.unified_diff(
                    (current or "").splitlines(keepends=True),
                    f.text.splitlines(keepends=True),
                    fromfile=f"a/{f.path}" if current is not None else "/dev/null",
                    tofile=f"b/{f.path}",
                )
            )
    for path in sorted(set(old_files) - {f.path for f in planned}):
        current = _read(output / path)
        if current is not None:
            chunks.extend(difflib.unified_diff(current.splitlines(keepends=True), [], f"a/{path}", "/dev/null"))
    return "".join(c if c.endswith("\n") else c + "\n\\ No newline at end of file\n" for c in chunks)


def up_to_date(output: Path, prints: Fingerprints) -> bool:
    """True when the manifest's fingerprints match and every listed file is as written."""
    old = read_manifest(output)
    if old is None or any(old.get(k) != v for k, v in prints.as_dict().items()):
        return False
    listed = old.get("files")
    if not isinstance(listed, dict):
        return False
    for path, digest in listed.items():
        try:
            if sha256((output / path).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _atomic_write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
