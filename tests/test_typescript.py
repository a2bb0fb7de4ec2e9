"""The TypeScript target: configuration, then the generated packages of specs/ as a user meets
them: `tsc --strict` clean, as Prettier writes them, the README's examples type-checked, the
seeds' TypeScript samples run against a Prism mock of the spec, and retries, errors, timeouts
and pages over real HTTP against the local fault server."""

from __future__ import annotations

import base64
import json
import os
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
from tests.conftest import E2E, TSC, Prism, ensure_prism
from tests.fault_server import FaultServer, Reply, Slow
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
    ensure_prism()  # tsc, prettier and @types/node come with the end-to-end tools
    base = tmp_path_factory.mktemp("ts")
    (base / "specs").mkdir()
    for name in ("intuned.yaml", "process_runs.yaml"):
        shutil.copy(ROOT / "specs" / name, base / "specs")
    (base / "pyproject.toml").write_text(PROJECT, encoding="utf-8")
    result = sdkgen("generate", cwd=base)
    assert result.returncode == 0, result.stderr
    for name in ("intuned", "process-runs"):
        _node(str(TSC), "-p", "tsconfig.build.json", cwd=base / "out" / name)
    return base / "out"


def _node(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> str:
    result = subprocess.run(
        ["node", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )
    assert result.returncode == 0, f"node {' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", ["intuned", "process-runs"])
def test_package_is_strict_clean_and_prettier_formatted(packages: Path, name: str) -> None:
    folder = packages / name
    _node(str(TSC), "--noEmit", "-p", ".", cwd=folder)
    prettier = E2E / "node_modules" / "prettier" / "bin" / "prettier.cjs"
    checked = ["src", "docs", "test", "README.md", "package.json", "tsconfig.json", ".sdkgen.json"]
    _node(str(prettier), "--check", *checked, cwd=folder)
    assert (folder / "dist" / "index.d.ts").is_file() and (folder / "dist" / "index.js").is_file()
    data = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    assert data["type"] == "module" and data["exports"]["."]["types"] == "./dist/index.d.ts"
    assert "dependencies" not in data  # no runtime dependency


# ------------------------------------------------------------------ programs against the packages
def _consumer(tmp_path: Path, packages: Path | dict[str, Path], programs: dict[str, str]) -> Path:
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
    _node(str(TSC), "-p", ".", cwd=tmp_path)
    return tmp_path / "out"


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
    out = _consumer(tmp_path, packages, {"seed001": _seed_001(), **SEEDS})
    env = {"INTUNED_BASE_URL": prism.url, "INTUNED_API_KEY": "key"}
    printed = {name: _node(f"{name}.js", cwd=out, env=env) for name in ("seed000", "seed001", "seed002", "seed003")}
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
        out = _node(
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
    _consumer(tmp_path, packages, programs)


WIRE = """import { IntunedClient, NotFoundError, APIConnectionTimeoutError } from "@intuned/client";
import { ProcessRunsClient } from "process-runs-client";

const base = process.env["FAULT_URL"] ?? "";
const client = new IntunedClient({ workspaceId: "ws-1", apiKey: "k", baseURL: base });
const kind = process.argv[2];
if (kind === "retry") {
  const run = await client.projects.runs.start("my project", { parameters: { a: 1 }, api: "x" });
  console.log(JSON.stringify(run));
} else if (kind === "error") {
  try {
    await client.projects.runs.result("p", "r", { maxRetries: 0 });
  } catch (error) {
    if (error instanceof NotFoundError) console.log(JSON.stringify([error.status, error.body]));
    else throw error;
  }
} else if (kind === "timeout") {
  try {
    await client.projects.runs.result("p", "r", { maxRetries: 0, timeout: 300 });
  } catch (error) {
    if (error instanceof APIConnectionTimeoutError) console.log("timed out");
    else throw error;
  }
} else if (kind === "raw") {
  const { data, response } = await client.projects.runs.result("p", "r").withResponse();
  const failed = await client.projects.runs.result("p", "r", { maxRetries: 0 }).catch((e: unknown) => e);
  const requestId = response.headers.get("x-request-id");
  console.log(JSON.stringify([data, response.status, requestId, failed instanceof NotFoundError]));
} else if (kind === "wait") {
  const done = await client.projects.runs.startAndWait("p", { parameters: {}, api: "x" }, { pollInterval: 10 });
  console.log(JSON.stringify(done));
} else {
  const runs = new ProcessRunsClient({ apiKey: "k", baseURL: base });
  const ids: string[] = [];
  for await (const r of runs.runs.list({ process_id: "p1", agent_id: "a1" })) ids.push(r.id);
  console.log(JSON.stringify(ids));
}
"""


@pytest.fixture(scope="module")
def wire(packages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _consumer(tmp_path_factory.mktemp("wire"), packages, {"wire": WIRE})


@pytest.mark.slow
def test_retries_resend_the_same_body_and_idempotency_key(wire: Path) -> None:
    with FaultServer() as server:
        server.script = [
            Reply(500, {"message": "busy"}),
            Reply(429, {"message": "slow down"}, headers={"retry-after-ms": "10"}),
            Reply(200, {"runId": "r1", "status": "pending"}),
        ]
        printed = _node("wire.js", "retry", cwd=wire, env={"FAULT_URL": server.url})
        assert json.loads(printed) == {"runId": "r1", "status": "pending"}
        assert len(server.seen) == 3
        assert {s.path for s in server.seen} == {"/ws-1/projects/my%20project/run/start"}
        keys = {s.headers.get("Idempotency-Key") or s.headers.get("idempotency-key") for s in server.seen}
        assert len(keys) == 1 and None not in keys
        assert {s.body for s in server.seen} == {b'{"parameters":{"a":1},"api":"x"}'}
        assert all(s.headers.get("x-api-key") == "k" for s in server.seen)


@pytest.mark.slow
def test_typed_errors_and_timeouts(wire: Path) -> None:
    with FaultServer() as server:
        server.script = [Reply(404, {"message": "no such run"}), Slow(3, Reply(200, {}))]
        assert json.loads(_node("wire.js", "error", cwd=wire, env={"FAULT_URL": server.url})) == [
            404,
            {"message": "no such run"},
        ]
        assert _node("wire.js", "timeout", cwd=wire, env={"FAULT_URL": server.url}).strip() == "timed out"


@pytest.mark.slow
def test_with_response_gives_the_status_and_headers(wire: Path) -> None:
    """`.withResponse()` on a call; `.catch` on one that fails (the result is a whole Promise)."""
    with FaultServer() as server:
        server.script = [Reply(200, {"status": "completed"}, headers={"x-request-id": "req-7"}), Reply(404, {})]
        printed = _node("wire.js", "raw", cwd=wire, env={"FAULT_URL": server.url})
        assert json.loads(printed) == [{"status": "completed"}, 200, "req-7", True]


@pytest.mark.slow
def test_for_await_walks_every_page(wire: Path) -> None:
    run = {"process_id": "p1", "agent_id": "a1", "status": "completed"}
    with FaultServer() as server:
        server.script = [
            Reply(200, {"items": [{**run, "id": "r1"}, {**run, "id": "r2"}], "continuation_token": "t2"}),
            Reply(200, {"items": [{**run, "id": "r3"}], "continuation_token": None}),
        ]
        printed = _node("wire.js", "pages", cwd=wire, env={"FAULT_URL": server.url})
        assert json.loads(printed) == ["r1", "r2", "r3"]
        assert server.seen[0].query == {"process_id": ["p1"], "agent_id": ["a1"]}
        assert server.seen[1].query["continuation_token"] == ["t2"]


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
    _consumer(tmp_path / "consumer", packages, programs)


@pytest.mark.slow
def test_start_and_wait_polls_until_the_status_is_not_pending(wire: Path) -> None:
    with FaultServer() as server:
        server.script = [
            Reply(200, {"runId": "r9", "status": "pending"}),
            Reply(200, {"runId": "r9", "status": "started"}),
            Reply(200, {"runId": "r9", "status": "completed", "result": 1}),
        ]
        printed = _node("wire.js", "wait", cwd=wire, env={"FAULT_URL": server.url})
        assert json.loads(printed) == {"runId": "r9", "status": "completed", "result": 1}
        assert [s.path for s in server.seen] == ["/ws-1/projects/p/run/start"] + ["/ws-1/projects/p/run/r9/result"] * 2


# ------------------------------------------------------------------ the feature specs
GOLDEN = ROOT / "tests" / "golden" / "specs"


@pytest.fixture(scope="module")
def features(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every golden feature spec (composition, enums, naming, objects, operations, runtime,
    streams, Swagger 2.0, types) as a TypeScript package."""
    ensure_prism()
    base = tmp_path_factory.mktemp("features")
    shutil.copytree(GOLDEN, base / "specs")
    tables = [
        f'[[tool.sdkgen.sdk]]\nspec = "specs/{p.name}"\npython = false\ntypescript = {{ output = "out/{p.stem}" }}\n'
        for p in sorted(GOLDEN.iterdir())
    ]
    (base / "pyproject.toml").write_text("\n".join(tables), encoding="utf-8")
    result = sdkgen("generate", "--lenient", cwd=base)
    assert result.returncode == 0, result.stderr
    return base / "out"


@pytest.mark.slow
def test_every_feature_spec_is_strict_clean_and_prettier_formatted(features: Path) -> None:
    """One `tsc` over every package, under the packages' own settings, and one `prettier --check`."""
    packages = sorted(p.name for p in features.iterdir())
    assert len(packages) == len(list(GOLDEN.iterdir()))
    options = json.loads((features / packages[0] / "tsconfig.json").read_text(encoding="utf-8"))["compilerOptions"]
    config = {"compilerOptions": options, "include": [f"{name}/src/**/*.ts" for name in packages]}
    (features / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    _node(str(TSC), "-p", ".", cwd=features, timeout=300)
    # formatted by Biome and our layout, as Prettier would have: one check over every package
    prettier = E2E / "node_modules" / "prettier" / "bin" / "prettier.cjs"
    _node(str(prettier), "--check", "--no-config", *packages, cwd=features, timeout=300)


STREAMS = """import { Streams32Client } from "streams-32-client";

const client = new Streams32Client({ baseURL: process.env["FAULT_URL"] ?? "" });
const seen: number[] = [];
for await (const tick of await client.ticks.stream()) seen.push(tick.n);
const lines: string[] = [];
for await (const entry of await client.logs.stream()) lines.push(JSON.stringify(entry));
console.log(JSON.stringify({ seen, lines: lines.length }));
"""


@pytest.mark.slow
def test_server_sent_events_and_json_lines_stream(features: Path, tmp_path: Path) -> None:
    folder = features / "streams_32"
    _node(str(TSC), "-p", "tsconfig.build.json", cwd=folder)
    out = _consumer(tmp_path, {"streams-32-client": folder}, {"main": STREAMS})
    # an event split across lines and chunks, a comment, CRLF line ends, then [DONE]
    events = b': hello\r\ndata: {"n"\r\ndata: : 1}\r\n\r\nevent: tick\ndata: {"n": 2}\n\ndata: [DONE]\n\n'
    with FaultServer() as server:
        server.script = [
            Reply(200, content=events, content_type="text/event-stream"),
            Reply(200, content=b'{"level": "info"}\n{"level": "warn"}\n', content_type="application/jsonl"),
        ]
        printed = _node(str(out / "main.js"), cwd=tmp_path, env={"FAULT_URL": server.url})
        assert json.loads(printed) == {"seen": [1, 2], "lines": 2}
        assert server.seen[0].headers.get("Accept") == "text/event-stream"


FORMS_SPEC = """
openapi: 3.1.0
info: {title: Forms, version: 1.0.0}
servers: [{url: "https://api.example.com"}]
paths:
  /charges:
    post:
      operationId: createCharge
      tags: [charges]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [amount]
              properties:
                amount: {type: integer}
                note: {type: string}
                expand: {type: array, items: {type: string}}
                tags: {type: array, items: {type: string}}
                metadata: {type: object, additionalProperties: {type: string}}
                line_items:
                  type: array
                  items: {type: object, properties: {price: {type: string}, quantity: {type: integer}}}
            encoding:
              expand: {style: form, explode: true}
              tags: {style: form, explode: false}
              metadata: {style: deepObject, explode: true}
              line_items: {style: deepObject, explode: true}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
    get:
      operationId: listCharges
      tags: [charges]
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {}, additionalProperties: false}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
  /files:
    post:
      operationId: uploadFile
      tags: [files]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                purpose: {type: string}
                meta: {type: object, properties: {a: {type: integer}}}
                video: {type: string, format: binary}
                avatar: {type: string, format: binary}
            encoding:
              video: {contentType: "video/mp4, video/webm"}
              avatar: {contentType: "image/*"}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
"""

FORMS = """import { FormsClient } from "forms-client";

const client = new FormsClient({ baseURL: process.env["FAULT_URL"] ?? "" });
await client.charges.create({
  amount: 100,
  note: "a b&c",
  expand: ["x", "y"],
  tags: ["t1", "t2"],
  metadata: { order: "42" },
  line_items: [{ price: "p_1", quantity: 2 }],
});
await client.files.upload({
  file: new Uint8Array([104, 105]),
  purpose: "fine-tune",
  meta: { a: 1 },
  video: new File(["v"], "clip.webm", { type: "video/webm" }),
  avatar: new Uint8Array([1]),
});
await client.charges.list();
const failed = await client.charges.list().catch((e: unknown) => e);
console.log(failed instanceof Error ? failed.message : "no error");
"""


@pytest.mark.slow
def test_form_and_multipart_bodies_on_the_wire(tmp_path: Path) -> None:
    """What a user means, on the wire: a form body by each property's `encoding` (Stripe's
    deepObject nesting, form arrays exploded or joined), a multipart upload from bytes."""
    ensure_prism()
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "forms.yaml").write_text(FORMS_SPEC, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.sdkgen.sdk]]\nspec = "specs/forms.yaml"\npython = false\ntypescript = { output = "out/forms" }\n',
        encoding="utf-8",
    )
    result = sdkgen("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "forms"
    _node(str(TSC), "-p", "tsconfig.build.json", cwd=folder)
    user = _consumer(tmp_path / "user", {"forms-client": folder}, {"main": FORMS})
    with FaultServer() as server:
        server.script = [
            Reply(200, {}),
            Reply(200, {}),
            Reply(200, {}),
            Reply(404, {"error": {"message": "No such charge", "code": "resource_missing"}}),
        ]
        printed = _node(str(user / "main.js"), cwd=user, env={"FAULT_URL": server.url}).strip()
    assert printed == "404 No such charge"  # the message of Stripe's (and OpenAI's) error object
    form, upload, listed, _ = server.seen
    assert (listed.method, listed.body) == ("GET", b"")  # a GET sends no body (fetch can't)
    form_headers = {k.lower(): v for k, v in form.headers.items()}
    upload_headers = {k.lower(): v for k, v in upload.headers.items()}
    assert form_headers["content-type"] == "application/x-www-form-urlencoded"
    assert form.body.decode() == (
        "amount=100&note=a+b%26c&expand=x&expand=y&tags=t1%2Ct2&metadata%5Border%5D=42"
        "&line_items%5B0%5D%5Bprice%5D=p_1&line_items%5B0%5D%5Bquantity%5D=2"
    )
    assert upload_headers["content-type"].startswith("multipart/form-data; boundary=")
    body = upload.body.decode()
    assert 'name="file"; filename="file"\r\nContent-Type: application/octet-stream\r\n\r\nhi\r\n' in body
    assert 'name="purpose"\r\n\r\nfine-tune\r\n' in body
    assert 'name="meta"\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n' in body  # a field, not a file
    assert 'name="video"; filename="clip.webm"\r\nContent-Type: video/webm\r\n' in body  # the file's own type
    assert 'name="avatar"; filename="avatar"\r\nContent-Type: application/octet-stream\r\n' in body  # not image/*
    assert body.endswith("--\r\n") and body.count("Content-Disposition") == 5


SERVERS = """import { Runtime31Client } from "runtime-31-client";

const seen: string[] = [];
const record: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  const key = headers.get("x-api-key") ?? "-";
  seen.push(`${String(input)} ${key} ${headers.get("x-team") ?? "-"}`);
  return new Response(null, { status: 204 });
};
type Choice = { server?: number; serverVariables?: Record<string, string>; baseURL?: string };
const make = (more: Choice) =>
  new Runtime31Client({ apiKey: "k", fetch: record, defaultHeaders: { "x-team": "t" }, ...more });
await make({}).items.report("i1");
await make({ serverVariables: { region: "us", version: "v2" } }).items.report("i1");
await make({ server: 1 }).items.report("i1");
await make({}).auth.elsewhere();
await make({ baseURL: "https://mine.example.com" }).auth.elsewhere();
const refused: string[] = [];
const wrong: Choice[] = [{ serverVariables: { region: "mars" } }, { serverVariables: { zone: "a" } }, { server: 2 }];
for (const more of wrong) {
  try {
    make(more);
  } catch (error) {
    refused.push(String(error));
  }
}
console.log(JSON.stringify({ seen, refused }));
"""

OAUTH = """import { Runtime31Client } from "runtime-31-client";

const client = new Runtime31Client({
  clientId: "id",
  clientSecret: "secret",
  baseURL: process.env["FAULT_URL"] ?? "",
  maxRetries: 0,
});
await client.auth.oauthOnly();
await client.auth.oauthOnly();
await client.auth.oauthOnly();
console.log("done");
"""


LINKS = """import { Runtime31Client } from "runtime-31-client";

const client = new Runtime31Client({ apiKey: "k", baseURL: process.env["FAULT_URL"] ?? "", maxRetries: 0 });
const ids: string[] = [];
for await (const item of client.items.listLinked({ per_page: 1 })) ids.push(item.id);
let refused = "";
try {
  await client.items.report("..");
} catch (error) {
  refused = String(error);
}
console.log(JSON.stringify({ ids, refused }));
"""


@pytest.fixture(scope="module")
def runtime31(features: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's project with the runtime feature spec's package (servers, every scheme)."""
    folder = features / "runtime_31"
    _node(str(TSC), "-p", "tsconfig.build.json", cwd=folder)
    base = tmp_path_factory.mktemp("runtime31")
    return _consumer(base, {"runtime-31-client": folder}, {"servers": SERVERS, "oauth": OAUTH, "links": LINKS})


@pytest.mark.slow
def test_servers_variables_and_credentials_only_to_trusted_origins(runtime31: Path) -> None:
    """`server` and `serverVariables` pick and fill the spec's server (its enums enforced); an
    operation's own server is used when the base URL came from the spec, and being on another
    origin it gets neither the API key nor the default headers."""
    printed = json.loads(_node(str(runtime31 / "servers.js"), cwd=runtime31))
    assert printed["seen"] == [
        "https://eu.api.example.com/v1/items/i1/report k t",
        "https://us.api.example.com/v2/items/i1/report k t",
        "https://sandbox.example.com/items/i1/report k t",
        "https://other.example.com/base/auth/elsewhere - -",
        "https://mine.example.com/auth/elsewhere k t",
    ]
    assert [r.split(":")[0] for r in printed["refused"]] == ["TypeError", "TypeError", "RangeError"]
    assert "must be one of eu, us, not mars" in printed["refused"][0]
    assert "unknown server variable(s) zone" in printed["refused"][1]


@pytest.mark.slow
def test_oauth_client_credentials_fetch_reuse_and_renew_the_token(runtime31: Path) -> None:
    """A token asked for once with the client id and secret (HTTP basic, the scheme's scopes),
    reused while fresh, asked for again after a 401, and the call then repeated."""
    with FaultServer() as server:
        server.script = [
            Reply(200, {"access_token": "t1", "expires_in": 3600}),
            Reply(204),
            Reply(401, {"message": "expired"}),
            Reply(200, {"access_token": "t2"}),
            Reply(204),
            Reply(204),
        ]
        assert _node(str(runtime31 / "oauth.js"), cwd=runtime31, env={"FAULT_URL": server.url}).strip() == "done"
    calls = [(s.method, s.path, s.headers.get("Authorization")) for s in server.seen]
    basic = "Basic " + base64.b64encode(b"id:secret").decode()
    assert calls == [
        ("POST", "/oauth/token", basic),
        ("GET", "/auth/oauth", "Bearer t1"),
        ("GET", "/auth/oauth", "Bearer t1"),
        ("POST", "/oauth/token", basic),
        ("GET", "/auth/oauth", "Bearer t2"),
        ("GET", "/auth/oauth", "Bearer t2"),
    ]
    assert server.seen[0].body == b"grant_type=client_credentials&scope=read"


@pytest.mark.slow
def test_link_pages_whose_urls_hold_commas_and_no_dot_segment_in_a_path(runtime31: Path) -> None:
    """GitHub's `Link` header: a next URL with a comma in its query is followed (the header is
    not split on commas); a path parameter `..` is refused, not resolved to another endpoint."""
    with FaultServer() as server:
        nxt = f"{server.url}/items/linked?labels=bug,ui&page=2"
        server.script = [
            Reply(
                200,
                [{"id": "a"}],
                headers={"Link": f'<{nxt}>; rel="next", <{server.url}/items/linked?page=9>; rel="last"'},
            ),
            Reply(200, [{"id": "b"}], headers={"Link": f'<{server.url}/items/linked?page=1>; rel="prev"'}),
        ]
        printed = json.loads(_node(str(runtime31 / "links.js"), cwd=runtime31, env={"FAULT_URL": server.url}))
    assert printed["ids"] == ["a", "b"]
    assert server.seen[1].query == {"labels": ["bug,ui"], "page": ["2"]}
    assert "cannot be" in printed["refused"] and len(server.seen) == 2
