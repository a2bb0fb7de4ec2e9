"""The `.sdkgen.json` manifest: what a generation was made from, and what it wrote.

It records the fingerprints of the inputs (generator, spec files, config, custom templates) and
the SHA-256 of every file the generator owns. From it alone, `check` tells a current tree from a
stale one without rendering, and says why a tree is stale: which input changed, and which owned
file was edited or deleted by hand. `write` uses the same record to remove only files it wrote
and to refuse to overwrite a hand edit.
"""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

MANIFEST = ".sdkgen.json"

# fingerprint key → what changed, in words, for `check`
INPUTS = {
    "spec": "the spec changed",
    "config": "the [tool.sdkgen] config changed",
    "templates": "the custom templates changed",
    "generator": "the generator changed (openapi-sdkgen version or built-in templates)",
}


def sha256(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Record:
    """What a generation knows beyond its files, so that the next one can skip work: the
    summary `generate` prints (read back by a no-op generate), the files that must exist for
    a run to write nothing (`custom.py`, CHANGELOG.md), and each rendered file's fingerprint
    (`units`: the digest of exactly what it was rendered from; an equal one means equal text)."""

    operations: int = 0
    warnings: int = 0
    valid: bool = True  # no validation error: a run without --lenient would succeed too
    kept: tuple[str, ...] = ()  # once and log files: created when missing, so a no-op needs them
    units: dict[str, str] = field(default_factory=dict)  # path → fingerprint of its inputs
    batches: dict[str, list[str]] = field(default_factory=dict)  # name → [key, path of each file made]

    def as_dict(self) -> dict[str, object]:
        return {
            "operations": self.operations,
            "warnings": self.warnings,
            "valid": self.valid,
            "kept": sorted(self.kept),
            "units": dict(sorted(self.units.items())),
            "batches": {name: [paths[0], *sorted(paths[1:])] for name, paths in sorted(self.batches.items())},
        }


@dataclass(frozen=True, slots=True)
class Fingerprints:
    generator: str
    spec: str
    config: str
    templates: str = ""  # "" without custom templates
    spec_files: tuple[str, ...] = ()  # every file the spec was read from, relative to the spec
    summary: Record | None = None  # set by `pipeline.build`: what the manifest records of the run

    def as_dict(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in INPUTS}


@dataclass(frozen=True, slots=True)
class Manifest:
    fingerprints: dict[str, str]
    spec_files: tuple[str, ...]
    files: dict[str, str]  # path → sha256 of the content written
    record: Record | None = None  # None: a manifest from before records (nothing to reuse)

    def changed_inputs(self, prints: Fingerprints) -> list[str]:
        """The INPUTS keys whose fingerprint differs from `prints`."""
        return [key for key, value in prints.as_dict().items() if self.fingerprints.get(key) != value]

    def hand_changes(self, output: Path, intact: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
        """(edited, deleted): owned files whose content is no longer what was written (`intact`:
        files this run just found as written, path → digest, not read again)."""
        edited, deleted = [], []
        intact = intact or {}
        for path, digest in sorted(self.files.items()):
            if intact.get(path) == digest:
                continue
            target = output / path
            try:
                if not stat.S_ISREG(target.lstat().st_mode):  # a link, a FIFO (a read would block)…
                    edited.append(path)
                    continue
                data = target.read_bytes()
            except FileNotFoundError:
                deleted.append(path)
                continue
            except OSError:
                edited.append(path)
                continue
            if sha256(data) != digest:
                edited.append(path)
        return edited, deleted


def manifest_text(
    owned: dict[str, str], prints: Fingerprints, record: Record | None = None, *, known: dict[str, str] | None = None
) -> str:
    """The manifest for `owned` (path → text of every file the generator owns; `known`: the
    SHA-256 of some of those texts, already at hand)."""
    known = known or {}
    body = {
        **prints.as_dict(),
        "spec_files": list(prints.spec_files),
        "files": {path: known.get(path) or sha256(text) for path, text in sorted(owned.items())},
    }
    if record is not None:
        body["record"] = record.as_dict()
    return _dumps(body, "", "\n")


def _dumps(value: object, outer: str, end: str = "") -> str:
    """`json.dumps(value, indent=2, sort_keys=True)` + `end`, but for a list of scalars that fits
    on its line (80 columns), written on it, as Prettier lays JSON out: a TypeScript package's
    manifest is then accepted by a user's `prettier --check` too. Faster than `json.dumps` as
    well: with `indent` the json module encodes in Python, a call per value (0.03-0.05 s per
    GitHub manifest).

    The pieces are joined once, at the end: joined level by level, each level copied the text of
    the ones inside it (Graph's manifest is 8.6 MB: 34 MB at the peak of the run, for the copies)."""
    parts: list[str] = []
    _dump(value, outer, parts, len(outer), 0)
    parts.append(end)
    return "".join(parts)


def _dump(value: object, outer: str, parts: list[str], lead: int, trail: int) -> None:
    """`value` after `lead` columns of its line, `trail` columns (a comma) after it."""
    if isinstance(value, str):
        parts.append(_string(value))
        return
    pad = outer + "  "
    if isinstance(value, dict) and value:
        items = sorted(value.items())
        parts.append("{\n")
        if all(type(v) is str for _, v in items):  # the manifest's largest: path → digest
            parts.append(",\n".join([f"{pad}{_string(k)}: {_string(v)}" for k, v in items]))
        else:
            last = len(items) - 1
            for n, (k, v) in enumerate(items):
                key = _string(k)
                parts.append(f",\n{pad}{key}: " if n else f"{pad}{key}: ")
                _dump(v, pad, parts, len(pad) + len(key) + 2, 0 if n == last else 1)
        parts.append("\n" + outer + "}")
    elif isinstance(value, list) and value:
        if all(v is None or isinstance(v, str | int | float | bool) for v in value):
            line = "[" + ", ".join(json.dumps(v) for v in value) + "]"
            if lead + len(line) + trail <= 80:
                parts.append(line)
                return
        parts.append("[\n")
        last = len(value) - 1
        for n, v in enumerate(value):
            parts.append(",\n" + pad if n else pad)
            _dump(v, pad, parts, len(pad), 0 if n == last else 1)
        parts.append("\n" + outer + "]")
    else:
        parts.append(json.dumps(value))


_string = json.encoder.encode_basestring_ascii  # what `json.dumps` escapes strings with


def read_manifest(output: Path) -> Manifest | None:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    files = data.get("files")
    listed = data.get("spec_files")
    return Manifest(
        fingerprints={key: str(data.get(key, "")) for key in INPUTS},
        spec_files=tuple(str(p) for p in listed) if isinstance(listed, list) else (),
        files={str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {},
        record=_record(data.get("record")),
    )


def _record(data: object) -> Record | None:
    """The manifest's record; None (nothing to reuse) when absent or malformed."""
    if not isinstance(data, dict):
        return None
    kept, units, batches = data.get("kept"), data.get("units"), data.get("batches", {})
    operations, warnings = data.get("operations"), data.get("warnings")
    if not (
        isinstance(kept, list)
        and isinstance(units, dict)
        and isinstance(operations, int)
        and isinstance(warnings, int)
        and isinstance(data.get("valid"), bool)
        and isinstance(batches, dict)
        and all(isinstance(v, list) and v and all(isinstance(p, str) for p in v) for v in batches.values())
    ):
        return None
    return Record(
        operations,
        warnings,
        bool(data["valid"]),
        tuple(str(p) for p in kept),
        {str(k): str(v) for k, v in units.items()},
        {str(k): list(v) for k, v in batches.items()},
    )
