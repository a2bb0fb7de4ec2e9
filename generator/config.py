"""Configuration: `[tool.sdkgen]` in pyproject.toml (or `sdkgen.toml`) → frozen `SdkConfig`s.

    [[tool.sdkgen.sdk]]
    spec = "specs/intuned.yaml"          # required
    output = "generated/intuned_client"   # default: generated/<package_name>
    package_name = "intuned_client"       # default: <spec stem>_client
    package_version = "0.1.0"             # default: the spec's info.version when PEP 440, else 0.1.0
    env_prefix = "INTUNED"                # default: package name without _client/_sdk, upper case
    http_library = "httpx2"               # or "httpx"
    line_length = 88                      # default: the project's black, else ruff line-length, else 88
    templates = "my_templates"            # a folder whose templates override the built-in ones
    bump_version = false                  # true: version and CHANGELOG.md from the surface change
    [tool.sdkgen.sdk.method_names]        # operationId → method name
    runApiStart = "start"

With no `sdk` tables, every `*.yaml`, `*.yml` and `*.json` in `specs/` is built into
`generated/<stem>_client`.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import BadInput

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")
_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")
_ENV_PREFIX = re.compile(r"^[A-Z_][A-Z0-9_]*$")


@dataclass(frozen=True, slots=True)
class SdkConfig:
    spec: Path
    output: Path
    package_name: str
    package_version: str = ""
    env_prefix: str = ""
    http_library: str = "httpx2"
    line_length: int = 88
    templates_dir: Path | None = None
    method_names: dict[str, str] = field(default_factory=dict)
    bump_version: bool = False  # version from the surface change since the last generation

    def fingerprint(self) -> str:
        """A hash of every option that shapes the output; paths excluded, so the same project
        checked out elsewhere has the same fingerprint. The templates' content is fingerprinted
        on its own (`inputs.fingerprints`), so `check` can say which of the two changed."""
        data = {k: v for k, v in asdict(self).items() if k not in ("spec", "output", "templates_dir")}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def default_env_prefix(package: str) -> str:
    stem = re.sub(r"_(client|sdk|api)$", "", package)
    return (stem or package).upper()


def make_config(
    spec: Path,
    *,
    output: Path | None = None,
    package_name: str | None = None,
    base: Path | None = None,
    **options: Any,
) -> SdkConfig:
    base = base or Path.cwd()
    name = package_name or re.sub(r"[^a-z0-9_]", "_", spec.stem.lower()).strip("_") + "_client"
    if name[0].isdigit():
        name = "api_" + name
    where = str(base / "pyproject.toml")
    if not _PACKAGE.match(name):
        raise BadInput(where, f"package_name {name!r} is not a valid Python package name")
    http = options.get("http_library", "httpx2")
    if http not in ("httpx2", "httpx"):
        raise BadInput(where, f"http_library must be 'httpx2' or 'httpx', not {http!r}")
    templates = options.get("templates")
    if templates and not (base / templates).is_dir():
        raise BadInput(where, f"templates folder {templates!r} does not exist")
    version = str(options.get("package_version", ""))
    if version and not _PEP440.match(version):
        raise BadInput(where, f"package_version {version!r} is not a PEP 440 version")
    env_prefix = str(options.get("env_prefix") or default_env_prefix(name))
    if not _ENV_PREFIX.match(env_prefix):
        raise BadInput(where, f"env_prefix {env_prefix!r} must be upper case letters, digits and _")
    method_names = options.get("method_names", {})
    if not isinstance(method_names, dict):
        raise BadInput(where, "method_names must be a table of operationId = name")
    return SdkConfig(
        spec=spec,
        output=output if output is not None else base / "generated" / name,
        package_name=name,
        package_version=version,
        env_prefix=env_prefix,
        http_library=http,
        line_length=_line_length(options.get("line_length", 88), where),
        templates_dir=(base / templates) if templates else None,
        method_names={str(k): str(v) for k, v in method_names.items()},
        bump_version=_flag(options.get("bump_version", False), "bump_version", where),
    )


def _line_length(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 40 <= value <= 320:
        raise BadInput(where, f"line_length must be a whole number from 40 to 320, not {value!r}")
    return value


def _flag(value: object, name: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise BadInput(where, f"{name} must be true or false, not {value!r}")
    return value


def formatter_line_length(base: Path) -> int | None:
    """The line length the project's own formatters use, so that its black / ruff hooks find
    nothing to change in the generated code: black's (`[tool.black]`) first, because black
    run from the project root ignores the generated project's own pyproject.toml (ruff reads
    the closest one, which sets the same length), then ruff's (`ruff.toml`, `.ruff.toml`,
    `[tool.ruff]`); None when neither sets one."""
    tool = _read_toml(base / "pyproject.toml").get("tool", {})
    tables = [
        tool.get("black", {}),
        _read_toml(base / "ruff.toml"),
        _read_toml(base / ".ruff.toml"),
        tool.get("ruff", {}),
    ]
    for table in tables:
        found = table.get("line-length") if isinstance(table, dict) else None
        if isinstance(found, int) and not isinstance(found, bool):
            return found
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(str(path), f"malformed TOML: {exc}") from None


def with_spec_version(config: SdkConfig, spec_version: str) -> SdkConfig:
    if config.package_version:
        return config
    from dataclasses import replace

    return replace(config, package_version=spec_version if _PEP440.match(spec_version) else "0.1.0")


def project_defaults(base: Path) -> dict[str, Any]:
    """Options the project implies without `[tool.sdkgen]` saying them: the line length of its
    formatters."""
    found = formatter_line_length(base)
    return {"line_length": found} if found is not None else {}


def load_project(base: Path) -> list[SdkConfig]:
    """The SDKs of the project at `base`."""
    table: dict[str, Any] = {}
    for name in ("sdkgen.toml", "pyproject.toml"):
        if (base / name).is_file():
            data = _read_toml(base / name)
            table = data if name == "sdkgen.toml" else data.get("tool", {}).get("sdkgen", {})
            if table or name == "sdkgen.toml":
                break
    defaults = project_defaults(base)
    entries = table.get("sdk", [])
    if not entries:
        specs = sorted(p for p in (base / "specs").glob("*") if p.suffix in SPEC_SUFFIXES)
        return [make_config(p, base=base, **defaults) for p in specs]
    configs = []
    for entry in entries:
        if "spec" not in entry:
            raise BadInput(str(base / "pyproject.toml"), "every [[tool.sdkgen.sdk]] needs `spec`")
        options = defaults | {k: v for k, v in entry.items() if k not in ("spec", "output", "package_name")}
        configs.append(
            make_config(
                base / entry["spec"],
                output=base / entry["output"] if "output" in entry else None,
                package_name=entry.get("package_name"),
                base=base,
                **options,
            )
        )
    return configs
