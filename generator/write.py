"""Stage 7, write: formatted files → the output folder (or, for `check`, a diff).

Invariants:
- All or nothing: nothing in the output folder changes until every file of the SDK is rendered,
  formatted and written to a staging folder next to it (`.<output name>.sdkgen-staging-*`, on
  the same file system, removed after the run, or by the next one if the run was killed); the
  staged files are then moved in by rename, and any failure while moving them puts back every
  file already moved (`Plan`). The CLI builds and plans every SDK of a run (conflicts
  included) before it commits the first, and a failure in one puts the others back too.
- A file whose content is unchanged is not rewritten, so its mtime stays.
- Files this generator wrote before (listed in the `.sdkgen.json` manifest) and no longer
  produces are removed; nothing else is ever removed.
- "Once" files (the package's `custom.py`) are created when missing and never touched again.
- A hand edit is never lost silently: an owned file whose content is not what the manifest
  says was written, or a file in the way that the generator did not write, is a conflict;
  `write` refuses the whole generation (before touching anything) unless `force`.
- Nothing is written, read or removed through a symbolic link inside the output folder: a link
  on the way to any file the generator would write or remove is refused (`UnsafeOutput`), with
  or without `force`.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import HandEdited, UnsafeOutput
from generator.fileio import current_umask, read_plain, write_new
from generator.files import RenderedFile
from generator.manifest import MANIFEST, Fingerprints, Manifest, manifest_text, read_manifest, sha256

STAGING = ".sdkgen-staging-"  # the prefix of the staging folder (removed after every run)


def planned_files(files: list[RenderedFile], prints: Fingerprints) -> list[RenderedFile]:
    """The files and, last, the manifest that lists the owned ones (and, when `prints` has the
    run's summary, its record: the files created when missing, each file's unit fingerprint)."""
    owned = {f.path: f.text for f in files if f.owned}
    record = None
    if prints.summary is not None:
        kept = tuple(f.path for f in files if not f.owned)
        units = {f.path: f.unit for f in files if f.unit and f.owned}
        batches: dict[str, list[str]] = {}
        for f in files:
            if f.batch and f.owned:
                name, _, key = f.batch.rpartition(":")  # the key is hexadecimal
                batches.setdefault(name, [key]).append(f.path)
        record = dataclasses.replace(prints.summary, kept=kept, units=units, batches=batches)
    known = {f.path: f.as_read for f in files if f.as_read}
    return [*files, RenderedFile(MANIFEST, manifest_text(owned, prints, record, known=known))]


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
    current content, None when missing; none for a file as read, `RenderedFile.as_read`)."""
    known = old.files if old is not None else {}
    found: list[tuple[str, str]] = []
    produced = set()
    for f in files:
        produced.add(f.path)
        if f.as_read or not f.owned:  # as read: the file on disk is this text
            continue
        data = on_disk[f.path]
        if data is None or data == f.text.encode("utf-8"):
            continue
        if f.path not in known:
            found.append((f.path, "not written by sdkgen"))
        elif sha256(data) != known[f.path]:
            found.append((f.path, "edited by hand"))
    for path in sorted(set(_owned(known)) - produced):
        data = read_plain(output / path)
        if data is not None and sha256(data) != known[path]:
            found.append((path, "edited by hand, no longer generated"))
    return found


@dataclass(slots=True)
class Plan:
    """What writing one SDK will change, decided before anything is: the files to write
    (path, text, permissions), the files to remove, and how many are already current.

    Committed in three steps, so several SDKs change together: `stage` writes every new file
    into a staging folder (the output untouched), `swap` moves them in and the replaced and
    removed files out, by rename, `finish` drops the staging folder; `undo` after `swap` puts
    the folder back as it was."""

    output: Path
    writes: list[tuple[str, str, int]] = field(default_factory=list)
    removes: list[str] = field(default_factory=list)
    unchanged: int = 0
    _staging: Path | None = None
    _fresh: bool = False
    _made: list[Path] = field(default_factory=list)  # folders created, outermost first
    _moved: list[tuple[Path, Path | None]] = field(default_factory=list)  # (target, its old content)

    @property
    def result(self) -> WriteResult:
        return WriteResult([p for p, _, _ in self.writes], list(self.removes), self.unchanged)

    def stage(self) -> None:
        if not self.writes and not self.removes:
            return
        self._fresh = not self.output.exists()
        real = self.output.resolve()  # the staging folder sits next to it: same file system
        self._made = _makedirs(real.parent) if self._fresh else []
        prefix = f".{real.name}{STAGING}"
        for left in real.parent.glob(prefix + "*"):  # left by a run that was killed
            if left.is_dir() and not left.is_symlink():
                shutil.rmtree(left, ignore_errors=True)
        self._staging = Path(tempfile.mkdtemp(prefix=prefix, dir=real.parent))
        new = os.path.join(self._staging, "new")
        os.mkdir(new, mode=0o777)
        umask = current_umask()
        for folder in sorted({os.path.dirname(path) for path, _, _ in self.writes} - {""}):  # each once
            os.makedirs(os.path.join(new, folder), exist_ok=True)
        for path, text, mode in self.writes:
            write_new(os.path.join(new, path), text.encode("utf-8"), mode, umask)

    def swap(self) -> None:
        """Move the staged files in and the replaced and removed ones out, recording each move;
        a failure undoes the moves made."""
        if self._staging is None:
            return
        new, old = self._staging / "new", self._staging / "old"
        try:
            if self._fresh:
                os.rename(new, self.output)  # the whole tree appears at once
                self._made.append(self.output)
                return
            for path in self.removes:
                target, backup = self.output / path, old / path
                backup.parent.mkdir(parents=True, exist_ok=True)
                os.rename(target, backup)
                self._moved.append((target, backup))
            for path, _, _ in self.writes:
                target, backup = self.output / path, old / path
                if os.path.lexists(target):
                    backup.parent.mkdir(parents=True, exist_ok=True)
                    os.rename(target, backup)
                    self._moved.append((target, backup))
                else:
                    self._made += _makedirs(target.parent)
                    self._moved.append((target, None))
                os.rename(new / path, target)
        except BaseException:
            self.undo()
            raise

    def undo(self) -> None:
        """Put back every file moved (newest first), remove the folders made, drop the staging."""
        for target, backup in reversed(self._moved):
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
        self._moved.clear()
        self.finish()
        if self._fresh and self.output in self._made:
            shutil.rmtree(self.output, ignore_errors=True)
        for folder in reversed(self._made):
            _rmdir(folder)
        self._made.clear()

    def finish(self, *, prune: bool = False) -> None:
        """Drop the staging folder; with `prune`, the folders emptied by removals too."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        if prune and not self._fresh:
            for path in self.removes:
                _prune_empty((self.output / path).parent, self.output)

    def commit(self) -> WriteResult:
        return commit([self])[0]


def commit(plans: list[Plan]) -> list[WriteResult]:
    """Commit several SDKs together: all staged before any output folder changes, and a
    failure while moving files into one puts back the ones already changed."""
    try:
        for p in plans:
            p.stage()
        for i, p in enumerate(plans):
            try:
                p.swap()
            except BaseException:
                for done in reversed(plans[:i]):
                    done.undo()
                raise
    except BaseException:
        for p in plans:  # the staging folders, and the folders made for new output folders
            p.undo()
        raise
    for p in plans:
        p.finish(prune=True)
    return [p.result for p in plans]


def plan(output: Path, files: list[RenderedFile], prints: Fingerprints, *, force: bool = False) -> Plan:
    """The changes writing `files` to `output` makes; raises `UnsafeOutput` for a symbolic link
    in the way and `HandEdited` for a conflict (unless `force`), touching nothing."""
    planned = planned_files(files, prints)
    produced = {f.path for f in planned}
    if len(_owned(sorted(produced))) != len(produced):  # paths come from sanitized names
        raise ValueError(f"refusing to write outside the output folder: {sorted(produced)}")
    old = read_manifest(output) if not _unsafe(output, [MANIFEST]) else None
    stale = sorted(set(_owned(old.files)) - produced) if old is not None else []
    unsafe, missing = _scan(output, [*sorted(produced), *stale])
    if unsafe:
        raise UnsafeOutput(output, unsafe)
    # each file read once; not at all when this run just read it as it is (`RenderedFile.as_read`)
    # or it is known to be missing (a new output folder: thousands of reads and stats saved)
    on_disk = {f.path: None if f.path in missing else read_plain(output / f.path) for f in planned if not f.as_read}
    if not force:
        found = conflicts(output, files, old, on_disk)
        if found:
            raise HandEdited(output, found)
    result = Plan(output)
    umask = current_umask()
    new_mode = 0o666 & ~umask
    for f in planned:
        if f.as_read:
            result.unchanged += not f.once
            continue
        data = on_disk[f.path]
        if data is not None and (f.once or data == f.text.encode("utf-8")):  # none: a new file, no encoding
            result.unchanged += not f.once
            continue
        mode = new_mode if f.path in missing else _mode(output / f.path, umask)
        result.writes.append((f.path, f.text, mode))
    result.removes = [path for path in stale if (output / path).is_file()]
    return result


def write(output: Path, files: list[RenderedFile], prints: Fingerprints, *, force: bool = False) -> WriteResult:
    return plan(output, files, prints, force=force).commit()


def _owned(paths: dict[str, str] | list[str]) -> list[str]:
    """The manifest's paths that are plain relative paths inside the output (an edited manifest
    cannot name `../x` or `/etc/x`)."""
    return [p for p in paths if p and not p.startswith("/") and ".." not in p.split("/") and "\\" not in p]


def _unsafe(output: Path, paths: list[str]) -> list[tuple[str, str]]:
    """What in `output` stands where the generator would write, read or remove a file, and is
    not a plain file or folder: a symbolic link on the way to (or at) any of `paths`, a folder
    or special file (a FIFO would block a read) where a file goes, a file where a folder goes."""
    return _scan(output, paths)[0]


def _scan(output: Path, paths: list[str]) -> tuple[list[tuple[str, str]], set[str]]:
    """`_unsafe`'s findings, and the paths that are missing (a step of the way is): nothing to
    read there. Each step of the way is looked at once (`lstat`), however many paths share it."""
    found: dict[str, str] = {}
    missing: set[str] = set()
    modes: dict[str, int | None] = {}  # relative path → its lstat mode, None when missing
    root = os.fspath(output)
    for path in paths:
        parts = [part for part in path.split("/") if part not in ("", ".")]
        rel = ""
        for i, part in enumerate(parts):
            rel = f"{rel}/{part}" if rel else part
            if rel in found:
                break
            if rel not in modes:
                try:
                    modes[rel] = os.lstat(os.path.join(root, rel)).st_mode
                except OSError:
                    modes[rel] = None
            mode, last = modes[rel], i == len(parts) - 1
            if mode is not None and stat.S_ISLNK(mode):
                found[rel] = f"a symbolic link to {os.readlink(os.path.join(root, rel))}"
            elif mode is None:
                missing.add(path)
                break
            elif last and not stat.S_ISREG(mode):
                found[rel] = "a folder or special file where a file goes"
            elif not last and not stat.S_ISDIR(mode):
                found[rel] = "a file where a folder goes"
            else:
                continue
            break
    return sorted(found.items()), missing


def diff(output: Path, files: list[RenderedFile], prints: Fingerprints, *, label: str = "") -> str:
    """A unified diff from what is on disk to what would be written; empty when current.
    Paths are `label/<path in the output>` (`git apply` from where `label` is relative to)."""
    prefix = f"{label.rstrip('/')}/" if label else ""
    planned = planned_files(files, prints)
    old = read_manifest(output) if not _unsafe(output, [MANIFEST]) else None
    old_files = _owned(old.files) if old is not None else []
    unsafe = _unsafe(output, [*(f.path for f in planned), *old_files])
    if unsafe:  # a diff would print what a link points at
        raise UnsafeOutput(output, unsafe)
    chunks: list[str] = []
    for f in planned:
        if f.once or f.as_read:  # as read: the file on disk is this text
            continue
        current = _read(output / f.path)
        if current != f.text:
            chunks.extend(
                _unified_diff(
                    (current or "").splitlines(keepends=True),
                    f.text.splitlines(keepends=True),
                    f"a/{prefix}{f.path}" if current is not None else "/dev/null",
                    f"b/{prefix}{f.path}",
                )
            )
    for path in sorted(set(old_files) - {f.path for f in planned}):
        current = _read(output / path)
        if current is not None:
            chunks.extend(difflib.unified_diff(current.splitlines(keepends=True), [], f"a/{prefix}{path}", "/dev/null"))
    return "".join(c if c.endswith("\n") else c + "\n\\ No newline at end of file\n" for c in chunks)


_CONTEXT = 3  # lines of context around each change, as `difflib.unified_diff` and git show
_TRIM = 1000  # common lines at the ends from which the comparison leaves them out


def _unified_diff(a: list[str], b: list[str], fromfile: str, tofile: str) -> list[str]:
    """`difflib.unified_diff(a, b, fromfile, tofile)`; when the two share many lines at their
    ends (a regenerated file: a few lines changed among thousands; GitHub's tests module took
    0.14 s), those lines, but for the context shown, are left out of the comparison, and the
    hunks placed back where they are. The same hunks on generated code; on text of a few
    distinct lines repeated, difflib may align the change elsewhere, equally valid."""
    limit = min(len(a), len(b))
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start, end = max(0, head - _CONTEXT), max(0, tail - _CONTEXT)
    if start + end < _TRIM:
        return list(difflib.unified_diff(a, b, fromfile, tofile, n=_CONTEXT))
    lines = list(difflib.unified_diff(a[start : len(a) - end], b[start : len(b) - end], fromfile, tofile, n=_CONTEXT))
    for i in range(2, len(lines)):
        if lines[i].startswith("@@ -"):  # a hunk's header (its lines start with " ", "-" or "+")
            old, new = lines[i][4:].split(" @@")[0].split(" +")
            lines[i] = f"@@ -{_shifted(old, start)} +{_shifted(new, start)} @@\n"
    return lines


def _shifted(lines: str, by: int) -> str:
    """A hunk's range (`start,length`, or `start` for one line) moved down `by` lines."""
    first, _, count = lines.partition(",")
    return f"{int(first) + by}{',' + count if count else ''}"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _makedirs(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; the ones created, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir()
    return list(reversed(missing))


def _rmdir(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


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
