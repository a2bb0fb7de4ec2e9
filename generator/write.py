"""Stage 7, write: formatted files → the output folder (or, for `check`, a diff).

Invariants:
- Every file is written atomically (temporary file in the same folder, then `os.replace`).
- A file whose content is unchanged is not rewritten, so its mtime stays.
- Files this generator wrote before (listed in the `.sdkgen.json` manifest) and no longer
  produces are removed; nothing else is ever removed.
- "Once" files (the package's `custom.py`) are created when missing and never touched again.
- A hand edit is never lost silently: an owned file whose content is not what the manifest
  says was written, or a file in the way that the generator did not write, is a conflict;
  `write` refuses the whole generation (before touching anything) unless `force`.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import HandEdited
from generator.files import RenderedFile
from generator.manifest import MANIFEST, Fingerprints, Manifest, manifest_text, read_manifest, sha256


def planned_files(files: list[RenderedFile], prints: Fingerprints) -> list[RenderedFile]:
    """The files and, last, the manifest that lists the owned ones."""
    owned = {f.path: f.text for f in files if f.owned}
    return [*files, RenderedFile(MANIFEST, manifest_text(owned, prints))]


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: list[str]
    removed: list[str]
    unchanged: int


def conflicts(
    output: Path, files: list[RenderedFile], old: Manifest | None, on_disk: dict[str, bytes | None]
) -> list[tuple[str, str]]:
    """Owned files that writing `files` would overwrite or remove although they were changed
    by hand, and files in the way that the generator never wrote (`on_disk`: each file's
    current content, None when missing)."""
    known = old.files if old is not None else {}
    found: list[tuple[str, str]] = []
    produced = set()
    for f in files:
        produced.add(f.path)
        data = on_disk[f.path]
        if not f.owned or data is None or data == f.text.encode("utf-8"):
            continue
        if f.path not in known:
            found.append((f.path, "not written by sdkgen"))
        elif sha256(data) != known[f.path]:
            found.append((f.path, "edited by hand"))
    for path in sorted(set(known) - produced):
        data = _read_bytes(output / path)
        if data is not None and sha256(data) != known[path]:
            found.append((path, "edited by hand, no longer generated"))
    return found


def write(output: Path, files: list[RenderedFile], prints: Fingerprints, *, force: bool = False) -> WriteResult:
    old = read_manifest(output)
    planned = planned_files(files, prints)
    on_disk = {f.path: _read_bytes(output / f.path) for f in planned}  # each file read once
    if not force:
        found = conflicts(output, files, old, on_disk)
        if found:
            raise HandEdited(output, found)
    old_files = old.files if old is not None else {}
    written, unchanged = [], 0
    umask = _umask()
    output.mkdir(parents=True, exist_ok=True)
    root = output.resolve()
    for f in planned:
        target = (output / f.path).resolve()
        if not target.is_relative_to(root):  # paths come from sanitized names; belt and braces
            raise ValueError(f"refusing to write outside the output folder: {f.path}")
        if f.once and on_disk[f.path] is not None:
            continue
        if on_disk[f.path] == f.text.encode("utf-8"):
            unchanged += 1
            continue
        _atomic_write(target, f.text, _mode(target, umask))
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


def diff(output: Path, files: list[RenderedFile], prints: Fingerprints, *, label: str = "") -> str:
    """A unified diff from what is on disk to what would be written; empty when current.
    Paths are `label/<path in the output>` (`git apply` from where `label` is relative to)."""
    prefix = f"{label.rstrip('/')}/" if label else ""
    old = read_manifest(output)
    old_files = old.files if old is not None else {}
    chunks: list[str] = []
    planned = planned_files(files, prints)
    for f in planned:
        if f.once:
            continue
        current = _read(output / f.path)
        if current != f.text:
            chunks.extend(
                difflib.unified_diff(
                    (current or "").splitlines(keepends=True),
                    f.text.splitlines(keepends=True),
                    fromfile=f"a/{prefix}{f.path}" if current is not None else "/dev/null",
                    tofile=f"b/{prefix}{f.path}",
                )
            )
    for path in sorted(set(old_files) - {f.path for f in planned}):
        current = _read(output / path)
        if current is not None:
            chunks.extend(difflib.unified_diff(current.splitlines(keepends=True), [], f"a/{prefix}{path}", "/dev/null"))
    return "".join(c if c.endswith("\n") else c + "\n\\ No newline at end of file\n" for c in chunks)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _atomic_write(target: Path, text: str, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, mode)  # mkstemp makes 0600 files; a written file gets what `open` would give
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _mode(target: Path, umask: int) -> int:
    """A rewritten file keeps its permissions; a new one gets 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~umask


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
