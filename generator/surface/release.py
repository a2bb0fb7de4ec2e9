"""`bump_version = true`: the generated package's version follows what changed for its users.

Each generation with the switch on records, in the output's `.sdkgen-surface.json`, the version
it gave the package, the SDK's public surface (`extract.py`) and the fingerprints of its inputs.
The next generation compares its own surface with the recorded one (`diff.compare`):
- a breaking change bumps major, an addition minor (on 0.y.z: breaking bumps y, the rest z);
- no surface change, but a changed spec, config, template or generator bumps patch (the
  package's files changed, so the release needs a new version);
- nothing changed: the same version, and CHANGELOG.md is left as it is;
- a `package_version` set in the config wins when it is higher (a deliberate jump).
Every bump prepends a CHANGELOG.md entry listing the changes, breaking ones first. The file
is not owned (never reported as hand-edited, never removed): notes added by hand stay. The
entry has no date, so output stays a function of the inputs (byte-identical on any day).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from generator import ir
from generator.config import SdkConfig
from generator.files import RenderedFile
from generator.manifest import Fingerprints
from generator.python import escape
from generator.surface.diff import SurfaceDiff, compare, version_after
from generator.surface.extract import Surface, extract

SURFACE_FILE = ".sdkgen-surface.json"
CHANGELOG = "CHANGELOG.md"
TITLE = "# Changelog\n"
_RELEASE = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?")


@dataclasses.dataclass(frozen=True, slots=True)
class Release:
    config: SdkConfig  # with the version this generation gives the package
    files: list[RenderedFile]  # the surface record, and CHANGELOG.md


def release(api: ir.Api, config: SdkConfig, explicit_version: str, prints: Fingerprints) -> Release:
    """The version and records of this generation (`config` has the spec's default version;
    `explicit_version` is the config's own `package_version`, "" when unset)."""
    surface = extract(api, config)
    made_from = prints.as_dict()
    previous = _previous(config.output)
    old_log = _read(config.output / CHANGELOG)
    if previous is None:
        version = config.package_version
        entry = _entry(version, api, None)
    else:
        old_version, old_surface, old_inputs = previous
        diff = compare(old_surface, surface)
        bump = diff.bump
        if bump == "none" and old_inputs != made_from:
            bump = "patch"
        version = version_after(old_version, bump)
        if explicit_version and _release(explicit_version) > _release(version):
            version = explicit_version
        entry = _entry(version, api, diff) if version != old_version else ""
    record = {"version": version, "inputs": made_from, "surface": surface.to_json()}
    files = [RenderedFile(SURFACE_FILE, json.dumps(record, indent=1, sort_keys=True) + "\n")]
    if entry or old_log is None:
        body = old_log.removeprefix(TITLE).lstrip("\n") if old_log else ""
        files.append(RenderedFile(CHANGELOG, TITLE + "\n" + entry + ("\n" + body if body else ""), log=True))
    return Release(dataclasses.replace(config, package_version=version), files)


def _previous(output: Path) -> tuple[str, Surface, dict[str, str]] | None:
    """The version, surface and inputs the last generation recorded; None when there is no
    usable record (first generation with the switch, or a record of another format)."""
    text = _read(output / SURFACE_FILE)
    if text is None:
        return None
    try:
        data = json.loads(text)
        inputs = data["inputs"]
        return str(data["version"]), Surface.from_json(data["surface"]), {str(k): str(v) for k, v in inputs.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _entry(version: str, api: ir.Api, diff: SurfaceDiff | None) -> str:
    source = f"Generated from {_md(api.title)} {_md(api.version)}."
    if diff is None:
        return f"## {version}\n\n{source} First version with a changelog.\n"
    lines = [f"## {version}", "", source, ""]
    breaking = [c for c in diff.changes if c.breaking]
    other = [c for c in diff.changes if not c.breaking]
    if breaking:
        lines += ["### Breaking changes", "", *(f"- {_md(c.path)}: {_md(c.message)}" for c in breaking), ""]
    if other:
        lines += ["### Other changes", "", *(f"- {_md(c.path)}: {_md(c.message)}" for c in other), ""]
    if not diff.changes:
        lines += ["No change to the public surface: documentation, defaults or the runtime changed.", ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    """Spec text (names, enum values, defaults) on one Markdown line, raw HTML disabled."""
    return " ".join(str(escape.markdown(text)).split())


def _release(version: str) -> tuple[int, int, int]:
    match = _RELEASE.match(version)
    if match is None:
        return (0, 0, 0)
    x, y, z = (int(part or 0) for part in match.groups())
    return (x, y, z)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
