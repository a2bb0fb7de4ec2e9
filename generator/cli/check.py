"""`sdkgen check`: is each SDK's output what `generate` would write now, and if not, why.

On an unchanged tree the manifest answers alone (fingerprints of the inputs, hashes of the
owned files): no spec is parsed and nothing is rendered. Otherwise the SDK is rendered and
compared with the disk. A stale SDK prints a unified diff (stdout), then one line per reason
(stderr): which input changed (spec, config, templates, generator), which owned file was
edited or deleted by hand; the last line names the command that fixes it.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from generator.cli.collector import no_collections
from generator.config import SdkConfig
from generator.inputs import fingerprints
from generator.manifest import INPUTS, MANIFEST, Manifest, read_manifest


@dataclass(slots=True)
class Verdict:
    config: SdkConfig
    changes: str = ""  # the unified diff
    reasons: list[str] = field(default_factory=list)
    hand_edits: list[str] = field(default_factory=list)


def check(configs: list[SdkConfig], *, lenient: bool = False) -> int:
    """Exit 0 when every SDK is current, 1 when one is stale; print what and why."""
    stale = [v for v in (_verdict(c, lenient=lenient) for c in configs) if v.changes]
    for verdict in stale:
        sys.stdout.write(verdict.changes)
    sys.stdout.flush()
    for verdict in stale:
        for reason in verdict.reasons:
            print(f"{verdict.config.label}: {reason}", file=sys.stderr)
    if not stale:
        return 0
    names = ", ".join(v.config.label for v in stale)
    if any(v.hand_edits for v in stale):
        custom = sorted(
            {
                f"{v.config.package_name}/custom.py"
                if v.config.target == "python"
                else f"{v.config.output.name}/src/custom.ts"
                for v in stale
                if v.hand_edits
            }
        )
        fix = (
            f"stale: {names}; move hand edits into {', '.join(custom)} (or a custom template), "
            "then run `sdkgen generate --force` to overwrite them"
        )
    else:
        fix = f"stale: {names}; run `sdkgen generate` to update"
    print(fix, file=sys.stderr)
    return 1


def _verdict(config: SdkConfig, *, lenient: bool) -> Verdict:
    manifest = read_manifest(config.output)
    if manifest is not None and _current(config, manifest):
        return Verdict(config)
    # the parser, the validator and Jinja: loaded only when the manifest cannot answer
    from generator.pipeline import build
    from generator.write import diff

    built = build(config, lenient=lenient)
    with no_collections():
        changes = diff(config.output, built.files, built.prints, label=_label(config.output))
    verdict = Verdict(config, changes=changes)
    if not verdict.changes:
        return verdict
    if manifest is None:
        verdict.reasons.append(f"not generated yet in {config.output}")
        return verdict
    for key in manifest.changed_inputs(built.prints):
        detail = f" ({config.spec.name})" if key == "spec" else ""
        verdict.reasons.append(INPUTS[key] + detail)
    edited, deleted = manifest.hand_changes(config.output, {f.path: f.as_read for f in built.files if f.as_read})
    verdict.hand_edits = edited
    verdict.reasons += [f"edited by hand: {path}" for path in edited]
    verdict.reasons += [f"deleted: {path}" for path in deleted]
    return verdict


def unchanged(config: SdkConfig, *, lenient: bool) -> Manifest | None:
    """The manifest, when `generate` would write nothing: the tree is current (`_current`),
    the manifest records the last run (`Record`), a run without `lenient` would not have
    failed, the files created when missing (`custom.py`) exist, and no link stands in the way;
    else None (the SDK is built)."""
    manifest = read_manifest(config.output)
    record = manifest.record if manifest is not None else None
    if manifest is None or record is None or not (lenient or record.valid):
        return None
    if (config.output / MANIFEST).is_symlink() or not _plain(config.output, [*manifest.files, *record.kept]):
        return None
    if not all(stat.S_ISREG(_mode(config.output / path)) for path in record.kept):
        return None
    return manifest if _current(config, manifest) else None


def _plain(output: Path, paths: list[str]) -> bool:
    """Every one of `paths` is inside `output`, reached through no link (the files themselves
    are checked by `Manifest.hand_changes`)."""
    folders: set[str] = set()
    for path in paths:
        if not path or path.startswith("/") or ".." in path.split("/"):
            return False
        folder, _, _ = path.rpartition("/")
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return not any(os.path.islink(output / folder) for folder in folders)


def _mode(path: Path) -> int:
    try:
        return path.lstat().st_mode
    except OSError:
        return 0


def _current(config: SdkConfig, manifest: Manifest) -> bool:
    """The manifest's fingerprints match the inputs, and every owned file is as written."""
    spec_files = [config.spec.parent / p for p in manifest.spec_files] or [config.spec]
    try:
        prints = fingerprints(config, spec_files)
    except OSError:
        return False
    if manifest.changed_inputs(prints):
        return False
    edited, deleted = manifest.hand_changes(config.output)
    return not edited and not deleted


def _label(output: Path) -> str:
    """The output folder as the diff names it: relative to the working folder when inside it,
    so that paths tell SDKs apart and `git apply` works from the project root."""
    try:
        return output.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return output.resolve().as_posix()
