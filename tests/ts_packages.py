"""What the TypeScript tests share: the repository's two packages and the golden feature specs,
generated and built, `node`, and a user's project that installs packages and compiles
programs against them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import E2E, TSC, ensure_prism
from tests.helpers import ROOT, sdkgen

PROJECT = """
[[tool.sdkgen.sdk]]
spec = "specs/intuned.yaml"
package_name = "intuned_client"
python = false
typescript = { output = "out/intuned", package_name = "@intuned/client" }

[[tool.sdkgen.sdk]]
spec = "specs/process_runs.yaml"
python = false
typescript = { output = "out/process-runs", package_name = "process-runs-client" }
"""


def build_packages(base: Path) -> Path:
    """specs/intuned.yaml and specs/process_runs.yaml as TypeScript packages, built (dist/)."""
    ensure_prism()  # tsc, prettier and @types/node come with the end-to-end tools
    (base / "specs").mkdir()
    for name in ("intuned.yaml", "process_runs.yaml"):
        shutil.copy(ROOT / "specs" / name, base / "specs")
    (base / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
    result = sdkgen("generate", cwd=base)
    assert result.returncode == 0, result.stderr
    for name in ("intuned", "process-runs"):
        node(str(TSC), "-p", "tsconfig.build.json", cwd=base / "out" / name)
    return base / "out"


def node(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> str:
    result = subprocess.run(
        ["node", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )
    assert result.returncode == 0, f"node {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def consumer(tmp_path: Path, packages: Path | dict[str, Path], programs: dict[str, str]) -> Path:
    """A user's project: the packages installed (linked; `packages` the folder of the
    repository's two, or folders by npm name), each program a module, all type-checked under
    `--strict` and compiled by one `tsc` run; the folder of the compiled programs."""
    if isinstance(packages, Path):
        packages = {"@intuned/client": packages / "intuned", "process-runs-client": packages / "process-runs"}
    modules = tmp_path / "node_modules"
    for name, folder in {**packages, "@types/node": E2E / "node_modules" / "@types" / "node"}.items():
        (modules / name).parent.mkdir(parents=True, exist_ok=True)
        (modules / name).symlink_to(folder)
    (tmp_path / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    options = {
        "target": "ES2022",
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "strict": True,
        "lib": ["ES2022", "DOM"],
        "types": ["node"],
        "outDir": "out",
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps({"compilerOptions": options}), encoding="utf-8")
    for name, text in programs.items():
        (tmp_path / f"{name}.ts").write_text(text, encoding="utf-8")
    node(str(TSC), "-p", ".", cwd=tmp_path)
    return tmp_path / "out"


GOLDEN = ROOT / "tests" / "golden" / "specs"


def build_features(base: Path) -> Path:
    """Every golden feature spec (composition, enums, naming, objects, operations, runtime,
    streams, Swagger 2.0, types) as a TypeScript package."""
    ensure_prism()
    shutil.copytree(GOLDEN, base / "specs")
    tables = [
        f'[[tool.sdkgen.sdk]]\nspec = "specs/{p.name}"\npython = false\ntypescript = {{ output = "out/{p.stem}" }}\n'
        for p in sorted(GOLDEN.iterdir())
    ]
    (base / "pyproject.toml").write_text("\n".join(tables), encoding="utf-8")
    result = sdkgen("generate", "--lenient", cwd=base)
    assert result.returncode == 0, result.stderr
    return base / "out"
