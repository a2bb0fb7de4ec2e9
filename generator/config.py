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
    strip_path_prefix = "/v1"             # removed from paths before groups are made from them
    python = true                         # false: the TypeScript SDK only
    typescript = { output = "generated/intuned-client", package_name = "@intuned/client" }
                                          # a TypeScript SDK too (config_typescript.py)
    [tool.sdkgen.sdk.method_names]        # operationId, or "METHOD /path", → method name
    runApiStart = "start"
    "POST /v1/charges/{charge}/capture" = "capture"
    [tool.sdkgen.sdk.groups]              # a tag, or a path prefix, → a dotted group
    "Balance Lookups" = "accounts"
    "/v1/test_helpers" = "testing"
    [tool.sdkgen.sdk.security_schemes.token]  # for operations the spec gives no security
    type = "http"                         # or "apiKey", with `in` and `name`
    scheme = "bearer"
    env = "GITHUB_TOKEN"                  # default: <env_prefix>_<NAME>
    optional = true                       # default false: operations need the credential

With no `sdk` tables, every `*.yaml`, `*.yml` and `*.json` in `specs/` is built into
`generated/<stem>_client`.
"""

from __future__ import annotations

import hashlib
import json
import keyword
import re
import sys
import tomllib
from dataclasses import asdict, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.config_typescript import typescript_config
from generator.diagnostics import BadInput
from generator.naming_config import read_groups, read_method_names, read_path_prefix
from generator.security_config import ConfiguredScheme, read_schemes
from generator.servers import configured_origins

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")
_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")
_ENV_PREFIX = re.compile(r"^[A-Z_][A-Z0-9_]*$")
MAX_PACKAGE = 64  # characters of a package name: the folder, the client class and the env prefix derive from it
# Modules an SDK imports, or its project holds next to the package (`tests`, `docs`): a package of
# the same name would shadow them.
SHADOWED = frozenset(
    """pydantic pydantic_core httpx httpx2 httpcore h11 anyio sniffio certifi idna typing_extensions
    annotated_types typing_inspection pytest tests docs""".split()
)


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
    method_names: dict[str, str] = field(default_factory=dict)  # operationId or "METHOD /path" → name
    bump_version: bool = False  # version from the surface change since the last generation
    security_schemes: tuple[ConfiguredScheme, ...] = ()  # for operations the spec gives no security
    allow_credentials_to: tuple[str, ...] = ()  # origins of the API's own other hosts (files, uploads)
    strip_path_prefix: str = ""  # removed from paths before groups are made from them
    groups: dict[str, str] = field(default_factory=dict)  # tag or "/path/prefix" → dotted group
    target: str = "python"  # the language: "python" or "typescript" (an entry's `typescript` table)
    npm_name: str = ""  # the TypeScript package's npm name (`@intuned/client`)

    @property
    def label(self) -> str:
        """How messages name the SDK: its npm name for TypeScript, else its package name."""
        return self.npm_name or self.package_name

    def fingerprint(self) -> str:
        """A hash of every option that shapes the output; paths excluded, so the same project
        checked out elsewhere has the same fingerprint. The templates' content is fingerprinted
        on its own (`inputs.fingerprints`), so `check` can say which of the two changed. An
        option left at an empty default that older versions did not have is left out, so
        their fingerprints stay the same."""
        data = {k: v for k, v in asdict(self).items() if k not in ("spec", "output", "templates_dir")}
        if data["target"] == "python":
            del data["target"]
        for option in ("security_schemes", "allow_credentials_to", "strip_path_prefix", "groups", "npm_name"):
            if not data[option]:
                del data[option]
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
    source: Path | str | None = None,
    **options: Any,
) -> SdkConfig:
    """One SDK's config; `source` is the file it was read from (for error messages), `base`
    the project folder that relative paths start from."""
    base = base or Path.cwd()
    where = str(source or base / "pyproject.toml")
    if package_name is None:
        stem = re.sub(r"[^a-z0-9_]", "_", spec.stem.lower()).strip("_")[: MAX_PACKAGE - len("api__client")]
        name = stem + "_client"
        if name[0].isdigit():
            name = "api_" + name
    else:
        name = _package_name(package_name, where)
    if not _PACKAGE.match(name):
        raise BadInput(where, f"package_name {name!r} is not a valid Python package name")
    http = options.get("http_library", "httpx2")
    if http not in ("httpx2", "httpx"):
        raise BadInput(where, f"http_library must be 'httpx2' or 'httpx', not {http!r}")
    templates = _templates_dir(base, options.get("templates"), where)
    version = str(options.get("package_version", ""))
    if version and not _PEP440.match(version):
        raise BadInput(where, f"package_version {version!r} is not a PEP 440 version")
    env_prefix = str(options.get("env_prefix") or default_env_prefix(name))
    if not _ENV_PREFIX.match(env_prefix):
        raise BadInput(where, f"env_prefix {env_prefix!r} must be upper case letters, digits and _")
    folder = output if output is not None else base / "generated" / name
    _check_output(folder, spec, base, templates, where)
    return SdkConfig(
        spec=spec,
        output=folder,
        package_name=name,
        package_version=version,
        env_prefix=env_prefix,
        http_library=http,
        line_length=_line_length(options.get("line_length", 88), where),
        templates_dir=templates,
        method_names=read_method_names(options.get("method_names", {}), where),
        bump_version=_flag(options.get("bump_version", False), "bump_version", where),
        security_schemes=read_schemes(options.get("security_schemes"), where),
        allow_credentials_to=configured_origins(options.get("allow_credentials_to"), where),
        strip_path_prefix=read_path_prefix(options.get("strip_path_prefix", ""), where),
        groups=read_groups(options.get("groups", {}), where),
        target=options.get("target", "python"),
        npm_name=options.get("npm_name", ""),
    )


def _package_name(value: object, where: str) -> str:
    """A package name given in the config or on the command line, checked: one that is not
    an identifier, a keyword, or a module the SDK or its users import (the standard library,
    the SDK's dependencies) would make an SDK that does not compile or shadows a module."""
    if not isinstance(value, str) or not value:
        raise BadInput(where, f"package_name must be a non-empty string, not {value!r}")
    if not _PACKAGE.match(value):
        raise BadInput(where, f"package_name {value!r} is not a valid Python package name (a-z, 0-9, _)")
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        raise BadInput(where, f"package_name {value!r} is a Python keyword")
    if value in sys.stdlib_module_names or value in SHADOWED:
        raise BadInput(where, f"package_name {value!r} would shadow the module {value!r} the SDK or its users import")
    if len(value) > MAX_PACKAGE:
        raise BadInput(where, f"package_name {value!r} is longer than {MAX_PACKAGE} characters")
    return value


def _templates_dir(base: Path, value: object, where: str) -> Path | None:
    """The custom templates folder: inside the project (its content is read, hashed and
    rendered), a folder, holding templates."""
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise BadInput(where, f"templates must be a folder path, not {value!r}")
    folder = base / value
    if not folder.is_dir():
        raise BadInput(where, f"templates folder {value!r} does not exist")
    root = base.resolve()
    resolved = folder.resolve()
    if not resolved.is_relative_to(root) or resolved == root:
        raise BadInput(where, f"templates folder {value!r} must be a folder inside the project {str(root)!r}")
    if next(resolved.rglob("*.j2"), None) is None:
        raise BadInput(where, f"templates folder {value!r} holds no templates (*.j2); see `sdkgen templates export`")
    return folder


def _check_output(output: Path, spec: Path, base: Path, templates: Path | None, where: str) -> None:
    """The output folder is the generator's to fill: not the project (or a folder above it),
    not a file, and not where the SDK's inputs are."""
    if not isinstance(output, Path) or not str(output):
        raise BadInput(where, f"output must be a folder path, not {output!r}")
    target = output.resolve()
    if target.exists() and not target.is_dir():
        raise BadInput(where, f"output {str(output)!r} is a file, not a folder")
    if base.resolve().is_relative_to(target):
        raise BadInput(where, f"output {str(output)!r} is the project folder (or above it); name a folder inside it")
    if spec.resolve().is_relative_to(target):
        raise BadInput(where, f"output {str(output)!r} holds the spec {str(spec)!r}; name a folder of its own")
    inputs = templates.resolve() if templates is not None else None
    if inputs is not None and (inputs.is_relative_to(target) or target.is_relative_to(inputs)):
        raise BadInput(where, f"output {str(output)!r} and the templates folder overlap")


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
    source = base / "pyproject.toml"
    for name in ("sdkgen.toml", "pyproject.toml"):
        if (base / name).is_file():
            data = _read_toml(base / name)
            table = data if name == "sdkgen.toml" else data.get("tool", {}).get("sdkgen", {})
            if table or name == "sdkgen.toml":
                source = base / name
                break
    where = str(source)
    if not isinstance(table, dict):
        raise BadInput(where, "[tool.sdkgen] must be a table")
    defaults = project_defaults(base)
    entries = table.get("sdk", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise BadInput(where, "sdk must be an array of tables ([[tool.sdkgen.sdk]])")
    if not entries:
        specs = sorted(p for p in (base / "specs").glob("*") if p.suffix in SPEC_SUFFIXES)
        return apart([make_config(p, base=base, source=source, **defaults) for p in specs], where)
    configs = []
    for entry in entries:
        if "spec" not in entry:
            raise BadInput(where, "every [[tool.sdkgen.sdk]] needs `spec`")
        for key in ("spec", "output"):
            if key in entry and (not isinstance(entry[key], str) or not entry[key]):
                raise BadInput(where, f"{key} must be a path, not {entry[key]!r}")
        own = ("spec", "output", "package_name", "typescript", "python")
        options = defaults | {k: v for k, v in entry.items() if k not in own}
        config = make_config(
            base / entry["spec"],
            output=base / entry["output"] if "output" in entry else None,
            package_name=entry.get("package_name"),
            base=base,
            source=source,
            **options,
        )
        python = _flag(entry.get("python", True), "python", where)
        if python:
            configs.append(config)
        if "typescript" in entry:
            configs.append(typescript_config(config, entry["typescript"], base, where))
        elif not python:
            raise BadInput(where, "python = false needs a `typescript` table: the entry would build nothing")
    return apart(configs, where)


def apart(configs: list[SdkConfig], where: str) -> list[SdkConfig]:
    """Each SDK's output folder is its own: not another's, not inside another's, and not
    holding another SDK's spec (a generation would overwrite or remove the other's files)."""
    for i, a in enumerate(configs):
        for b in configs[i + 1 :]:
            out_a, out_b = a.output.resolve(), b.output.resolve()
            if out_a.is_relative_to(out_b) or out_b.is_relative_to(out_a):
                raise BadInput(where, f"output folders overlap: {str(a.output)!r} and {str(b.output)!r}")
            if b.spec.resolve().is_relative_to(out_a) or a.spec.resolve().is_relative_to(out_b):
                pair = f"{str(a.output)!r}, {str(b.output)!r}"
                raise BadInput(where, f"an SDK's output folder holds another SDK's spec: {pair}")
    return configs
