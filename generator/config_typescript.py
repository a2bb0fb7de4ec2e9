"""An SDK entry's `typescript` table: the TypeScript SDK built from the same spec and options.

    [[tool.sdkgen.sdk]]
    spec = "specs/intuned.yaml"
    package_name = "intuned_client"
    typescript = { output = "generated/intuned-client", package_name = "@intuned/client" }

`package_name` is the npm name (default: the Python package's, `_` as `-`); `output` defaults to
`generated/<npm name without its scope's @, / as ->`. Every other option is the entry's own, so
both SDKs name groups, methods, credentials and environment variables alike.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import BadInput

if TYPE_CHECKING:
    from generator.config import SdkConfig

# npm's rules for a new package: lower case, URL-safe, an optional scope, at most 214 characters
_NPM_NAME = re.compile(r"^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$")
_NPM_MAX = 214
_KEYS = frozenset({"output", "package_name"})


def typescript_config(python: SdkConfig, table: object, base: Path, where: str) -> SdkConfig:
    """The TypeScript twin of an entry's config: its own npm name and output folder."""
    from generator.config import _check_output

    if not isinstance(table, dict):
        raise BadInput(where, "typescript must be a table: { output = ..., package_name = ... }")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise BadInput(where, f"typescript: unknown key {unknown[0]!r} (it takes output and package_name)")
    name = table.get("package_name", python.package_name.replace("_", "-"))
    if not isinstance(name, str) or not _NPM_NAME.match(name) or len(name) > _NPM_MAX:
        raise BadInput(where, f"typescript package_name {name!r} is not a valid npm package name")
    output = table.get("output")
    if output is not None and (not isinstance(output, str) or not output):
        raise BadInput(where, f"typescript output must be a path, not {output!r}")
    folder = base / output if output is not None else base / "generated" / name.lstrip("@").replace("/", "-")
    _check_output(folder, python.spec, base, python.templates_dir, where)
    return replace(python, output=folder, target="typescript", npm_name=name)
