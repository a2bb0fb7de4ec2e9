"""The TypeScript target: configuration, then the generated packages of specs/ as a user meets
them: `tsc --strict` clean, as Prettier writes them, the README's examples type-checked, the
seeds' TypeScript samples and the packages' own tests run against a Prism mock of the spec,
`npm pack` accepted by publint and attw, the overlay's samples type-checked; the golden feature
specs clean too. Over the wire against the fault server: tests/test_typescript_wire.py."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.config import load_project
from generator.diagnostics import BadInput
from generator.typescript.escape import doc, key
from generator.typescript.naming import camel
from tests.conftest import E2E, TSC, Prism
from tests.helpers import ROOT, sdkgen
from tests.ts_packages import GOLDEN, build_features, build_packages, consumer, node


# ------------------------------------------------------------------ configuration and policy
def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "specs").mkdir()
    shutil.copy(ROOT / "specs" / "intuned.yaml", tmp_path / "specs")
    (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
    return tmp_path


def test_typescript_table_adds_a_second_sdk(tmp_path: Path) -> None:
    base = _project(
        tmp_path,
        '[[tool.sdkgen.sdk]]\nspec = "specs/intuned.yaml"\npackage_name = "intuned_client"\n'
        'typescript = { package_name = "@intuned/client" }\n',
    )
    python, typescript = load_project(base)
    assert (python.target, typescript.target) == ("python", "typescript")
    assert typescript.npm_name == "@intuned/client"
    assert typescript.output == base / "generated" / "intuned-client"
    assert python.fingerprint() != typescript.fingerprint()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('typescript = { package_name = "Bad Name" }', "not a valid npm package name"),
        ('typescript = { colour = "blue" }', "unknown key 'colour'"),
        ("python = false", "needs a `typescript` table"),
        ('typescript = "yes"', "must be a table"),
    ],
)
def test_bad_typescript_tables_are_bad_input(tmp_path: Path, table: str, message: str) -> None:
    base = _project(tmp_path, f'[[tool.sdkgen.sdk]]\nspec = "specs/intuned.yaml"\n{table}\n')
    with pytest.raises(BadInput, match=re.escape(message)):
        load_project(base)


def test_spec_text_cannot_leave_a_comment_or_a_key() -> None:
    assert doc("ends here */ alert(1) /*").count("*/") == 1  # its own end only
    assert doc("line\u2028two").count(" * ") == 2
    assert key("a-b") == '"a-b"' and key("ok_1") == "ok_1" and key('"; x') == '"\\"; x"'
    assert [camel(n) for n in ("run_api_start", "import_", "list")] == ["runApiStart", "import", "list"]


# ------------------------------------------------------------------ the packages, built
@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_packages(tmp_path_factory.mktemp("ts"))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["intuned", "process-runs"])
def test_package_is_strict_clean_and_prettier_formatted(packages: Path, name: str) -> None:
    folder = packages / name
    node(str(TSC), "--noEmit", "-p", ".", cwd=folder)
    prettier = E2E / "node_modules" / "prettier" / "bin" / "prettier.cjs"
    checked = ["src", "docs", "test", "README.md", "package.json", "tsconfig.json", ".sdkgen.json"]
    node(str(prettier), "--check", *checked, cwd=folder)
    assert (folder / "dist" / "index.d.ts").is_file() and (folder / "dist" / "index.js").is_file()
    data = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    assert data["type"] == "module" and data["exports"]["."]["types"] == "./dist/index.d.ts"
    assert "dependencies" not in data  # no runtime dependency


# ------------------------------------------------------------------ programs against the packages
def _seed_001() -> str:
    """The spec's own `x-codeSamples` TypeScript sample, verbatim."""
    spec = yaml.safe_load((ROOT / "specs" / "intuned.yaml").read_text(encoding="utf-8"))
    for item in spec["paths"].values():
        for op in item.values():
            for sample in op.get("x-codeSamples", []) if isinstance(op, dict) else []:
                if sample["lang"] == "typescript":
                    return str(sample["source"])
    raise AssertionError("specs/intuned.yaml has no TypeScript x-codeSamples")


# Seeds 000, 002 and 003 with this spec's group names (`projects.runs`, `projects.jobs.runs`).
SEEDS = {
    "seed000": """import { IntunedClient } from "@intuned/client";

const intunedClient = new IntunedClient({
  workspaceId: "123e4567-e89b-12d3-a456-426614174000",
  apiKey: "<YOUR_API_KEY_HERE>",
});

async function run() {
  const result = await intunedClient.projects.runs.start("my-project", {
    parameters: {
      "param1": "value1",
      "param2": 42,
      "param3": true,
    },
    retry: {},
    api: "my-awesome-api",
  });

  console.log(result);
}

run();
""",
    "seed002": """import { IntunedClient } from "@intuned/client";

const intunedClient = new IntunedClient({
  workspaceId: "123e4567-e89b-12d3-a456-426614174000",
  apiKey: process.env["INTUNED_API_KEY"] ?? "",
});

async function run() {
  const result = await intunedClient.projects.runs.result("my-project", "aabbccddeeffggh");

  console.log(result);
}

run();
""",
    "seed003": """import { IntunedClient } from "@intuned/client";
const intunedClient = new IntunedClient({
workspaceId: "123e4567-e89b-12d3-a456-426614174000",
apiKey: process.env["INTUNED_API_KEY"] ?? "",
});
async function run() {
const result = await intunedClient.projects.jobs.runs.one("my-project", "my-sample-job", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
console.log(result);
}
run();
""",  # noqa: E501 (seed 003 as written)
}


@pytest.fixture(scope="module")
def prism() -> Iterator[Prism]:
    server = Prism(ROOT / "specs" / "intuned.yaml", log=ROOT / ".pytest_cache" / "prism-intuned-ts.log")
    yield server
    server.stop()


@pytest.mark.slow
def test_seed_samples_run_against_prism(packages: Path, prism: Prism, tmp_path: Path) -> None:
    out = consumer(tmp_path, packages, {"seed001": _seed_001(), **SEEDS})
    env = {"INTUNED_BASE_URL": prism.url, "INTUNED_API_KEY": "key"}
    printed = {name: node(f"{name}.js", cwd=out, env=env) for name in ("seed000", "seed001", "seed002", "seed003")}
    assert "runId" in printed["seed000"] and "runId" in printed["seed001"]
    assert "status" in printed["seed002"] and "jobRun" in printed["seed003"]
    assert prism.validation_errors() == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "spec", "prefix"), [("intuned", "intuned", "INTUNED"), ("process-runs", "process_runs", "PROCESS_RUNS")]
)
def test_package_tests_pass_against_prism(packages: Path, name: str, spec: str, prefix: str) -> None:
    """The package's own `node --test` suite (an operation a test) against a mock of its spec;
    Prism finds nothing wrong with the requests."""
    folder = packages / name
    tests = sorted((folder / "test").glob("*.test.js"))
    assert tests, "the package has no tests"
    server = Prism(ROOT / "specs" / f"{spec}.yaml", log=ROOT / ".pytest_cache" / f"prism-{spec}-ts-own.log")
    try:
        out = node(
            "--test",
            *(str(t.relative_to(folder)) for t in tests),
            cwd=folder,
            env={f"{prefix}_TEST_BASE_URL": server.url},
        )
        assert re.search(r"# pass 3\b", out) and re.search(r"# fail 0\b", out), out
        assert server.validation_errors() == []
    finally:
        server.stop()


@pytest.mark.slow
def test_readme_and_docs_examples_type_check(packages: Path, tmp_path: Path) -> None:
    programs = {}
    for name in ("intuned", "process-runs"):
        pages = [packages / name / "README.md", *sorted((packages / name / "docs").glob("*.md"))]
        blocks = [b for page in pages for b in re.findall(r"```ts\n(.*?)```", page.read_text(encoding="utf-8"), re.S)]
        assert len(blocks) == 5, name  # the client, `withResponse`, and an example per operation (3 each)
        programs.update({f"{name.replace('-', '_')}_{i}": block + "\nexport {};\n" for i, block in enumerate(blocks)})
    consumer(tmp_path, packages, programs)


@pytest.mark.slow
def test_packed_package_passes_publint_and_attw(packages: Path, tmp_path: Path) -> None:
    folder = packages / "intuned"  # dist/ built by the fixture, as `prepack` would
    packed = subprocess.run(
        ["npm", "pack", "--ignore-scripts", "--silent", "--pack-destination", str(tmp_path)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    tarball = tmp_path / packed.stdout.strip().splitlines()[-1]
    bins = E2E / "node_modules" / ".bin"
    lint = subprocess.run([str(bins / "publint"), "--strict", str(folder)], capture_output=True, text=True)
    assert lint.returncode == 0 and "All good" in lint.stdout, lint.stdout + lint.stderr
    types = subprocess.run(
        [str(bins / "attw"), str(tarball), "--profile", "esm-only", "--format", "ascii"], capture_output=True, text=True
    )
    assert types.returncode == 0, types.stdout + types.stderr


@pytest.mark.slow
def test_every_typescript_sample_of_the_overlay_type_checks(packages: Path, tmp_path: Path) -> None:
    """`sdkgen samples` over the project: each operation's TypeScript sample is a whole program
    that type-checks against the package (the project here is the fixture's, TypeScript only)."""
    result = sdkgen("samples", "-o", str(tmp_path / "overlays"), "--json", cwd=packages.parent)
    assert result.returncode == 0, result.stderr
    programs = {}
    for overlay in sorted((tmp_path / "overlays").iterdir()):
        actions = [a for a in json.loads(overlay.read_text(encoding="utf-8"))["actions"] if "update" in a]
        assert len(actions) == 3, overlay.name  # every operation of each spec
        for n, action in enumerate(actions):
            (sample,) = action["update"]["x-codeSamples"][-1:]
            assert (sample["lang"], sample["label"]) == ("typescript", "TypeScript")
            programs[f"{overlay.name.split('.')[0]}_{n}"] = sample["source"] + "\nexport {};\n"
    consumer(tmp_path / "consumer", packages, programs)


# ------------------------------------------------------------------ the feature specs
@pytest.fixture(scope="module")
def features(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_features(tmp_path_factory.mktemp("features"))


@pytest.mark.slow
def test_every_feature_spec_is_strict_clean_and_prettier_formatted(features: Path) -> None:
    """One `tsc` over every package, under the packages' own settings, and one `prettier --check`."""
    packages = sorted(p.name for p in features.iterdir())
    assert len(packages) == len(list(GOLDEN.iterdir()))
    options = json.loads((features / packages[0] / "tsconfig.json").read_text(encoding="utf-8"))["compilerOptions"]
    config = {"compilerOptions": options, "include": [f"{name}/src/**/*.ts" for name in packages]}
    (features / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    node(str(TSC), "-p", ".", cwd=features, timeout=300)
    # formatted by Biome and our layout, as Prettier would have: one check over every package
    prettier = E2E / "node_modules" / "prettier" / "bin" / "prettier.cjs"
    node(str(prettier), "--check", "--no-config", *packages, cwd=features, timeout=300)
