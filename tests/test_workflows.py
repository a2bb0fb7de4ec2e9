"""The three workflows of the README's "Keeping the SDK in step with the spec", with the real
tools, in a temporary git repository holding a small project with two SDKs (a YAML and a JSON
spec):

- regenerate: the README's shell snippet, as written;
- pre-commit: this repository's hooks as `pre-commit try-repo` runs them (the check passes on a
  current tree and prints nothing, fails with a diff after a spec edit; generate fails while it
  changes files, after which the check passes), and the README's `.pre-commit-config.yaml`
  (hooks skipped when nothing they depend on changed; with ruff and black, every hook passes
  on a freshly generated tree, at the default line length and at the project's own);
- CI: the README's GitHub Actions workflow, linted with actionlint, its `run:` steps executed.

GitHub is out of reach, so where a snippet names a repository there only its URL is replaced
(the `rev`s stay as written):
- this repository → a snapshot of the working tree's files (tracked, and untracked but not
  ignored, so work in progress is what is tried), committed and tagged with the README's `rev`;
- astral-sh/ruff-pre-commit and psf/black-pre-commit-mirror → local repositories built like
  those mirrors (their hook definitions, and a `pyproject.toml` that only requires ruff / black
  at the `rev`'s version), tagged with the README's `rev`.
The workflow's `uses:` steps (checkout, setup-python) need GitHub and are not run: the project
is already checked out, and a fresh venv of the running Python stands in for setup-python.

The temporary projects are generated with the snapshot's code, the code the hooks install.
pre-commit's environments live in a PRE_COMMIT_HOME under .pytest_cache, keyed by the
snapshot's content: built once a session (about 15 s for the sdkgen, ruff and black
environments with pip's cache warm; in a child process started at collection), and reused by a
later session on the same files.
`try-repo` ignores PRE_COMMIT_HOME: it builds the hook's environment in a throwaway store of its
own on every call (7 to 15 s each). So `Bench.try_repo` does what try-repo does (a config of the
repository at its rev and the one hook, given to pre-commit's `run`) with the session's store.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.background import Started
from tests.conftest import early
from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None, reason="git is not installed (pre-commit and these workflows need it)"
)

README = ROOT / "README.md"
CACHE = ROOT / ".pytest_cache" / "sdkgen-workflows"
THIS_REPO = "https://github.com/openapi-sdkgen/openapi-sdkgen"
RUFF_MIRROR = "https://github.com/astral-sh/ruff-pre-commit"
BLACK_MIRROR = "https://github.com/psf/black-pre-commit-mirror"
VENV_BIN = Path(sys.executable).parent

# The mirrors' hook definitions, as upstream ships them.
MIRROR_HOOKS = {
    RUFF_MIRROR: (
        "ruff",
        """\
- id: ruff-check
  name: ruff check
  description: "Run 'ruff check' for extremely fast Python linting"
  entry: ruff check --force-exclude
  language: python
  types_or: [python, pyi, jupyter]
  args: []
  require_serial: true
  additional_dependencies: []
  minimum_pre_commit_version: "2.9.2"
- id: ruff-format
  name: ruff format
  description: "Run 'ruff format' for extremely fast Python formatting"
  entry: ruff format --force-exclude
  language: python
  types_or: [python, pyi, jupyter]
  args: []
  require_serial: true
  additional_dependencies: []
  minimum_pre_commit_version: "2.9.2"
""",
    ),
    BLACK_MIRROR: (
        "black",
        """\
- id: black
  name: black
  description: "Black: The uncompromising Python code formatter"
  entry: black
  language: python
  minimum_pre_commit_version: 2.9.2
  require_serial: true
  types_or: [python, pyi]
""",
    ),
}

PETS_YAML = """\
openapi: 3.1.0
info: {title: Pets, version: 1.2.0}
servers: [{url: "https://pets.example.com/v1"}]
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      summary: List the pets.
      parameters:
        - {name: species, in: query, schema: {$ref: "#/components/schemas/Species"}}
      responses:
        "200":
          description: The pets.
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
    post:
      operationId: createPet
      tags: [pets]
      summary: Add a pet.
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
      responses:
        "201":
          description: The new pet.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      summary: Get one pet.
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: The pet.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Species: {type: string, enum: [cat, dog, rabbit]}
    Pet:
      type: object
      required: [name]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string, description: "The pet's name, as its owner calls it."}
        species: {$ref: "#/components/schemas/Species"}
        birthday: {type: string, format: date}
"""

NOTES_JSON = """\
{
  "openapi": "3.0.3",
  "info": {"title": "Notes", "version": "0.3.0"},
  "servers": [{"url": "https://notes.example.com"}],
  "paths": {
    "/notes/{noteId}": {
      "get": {
        "operationId": "getNote",
        "tags": ["notes"],
        "summary": "Read a note.",
        "parameters": [{"name": "noteId", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {
          "200": {
            "description": "The note.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Note"}}}
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Note": {
        "type": "object",
        "required": ["id", "text"],
        "properties": {"id": {"type": "integer"}, "text": {"type": "string"}}
      }
    }
  }
}
"""

PYPROJECT = """\
[project]
name = "pet-service"
version = "1.0.0"
requires-python = ">=3.11"

[[tool.sdkgen.sdk]]
spec = "specs/pets.yaml"
package_name = "pets_sdk"

[[tool.sdkgen.sdk]]
spec = "specs/notes.json"
package_name = "notes_sdk"
"""

# The user's own linting, stricter than the generated projects' defaults.
STRICT_RUFF = """
[tool.ruff.lint]
select = ["E", "F", "I", "UP", "B"]
"""

LINE_LENGTH_100 = """
[tool.black]
line-length = 100

[tool.ruff]
line-length = 100
"""

APP_PY = '''\
"""The pet service: the project's own code, next to the generated SDKs."""


def pet_names(pets: list[dict[str, str]]) -> list[str]:
    """The names of `pets`, sorted."""
    return sorted(pet["name"] for pet in pets)
'''

SPEC_EDIT = ("summary: Get one pet.", "summary: Get one pet by its id.")


def readme_snippet(name: str) -> str:
    """The fenced block right after `<!-- test: NAME -->` in README.md."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^<!-- test: {re.escape(name)} -->\n```[a-z]*\n(.*?)^```$", text, re.S | re.M)
    assert match is not None, f"README.md has no fenced block after <!-- test: {name} -->"
    return match.group(1)


def precommit_repos() -> dict[str, str]:
    """The README's pre-commit config: repository URL → rev."""
    config = yaml.safe_load(readme_snippet("precommit-config"))
    return {repo["repo"]: str(repo["rev"]) for repo in config["repos"]}


def project_files() -> list[str]:
    """This repository's files as the working tree has them: tracked (less deleted ones), and
    untracked but not ignored."""
    result = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"these tests run from a git checkout of openapi-sdkgen: {result.stderr.decode()}")
    names = {name for name in result.stdout.decode().split("\0") if name}
    return sorted(name for name in names if (ROOT / name).is_file() and not (ROOT / name).is_symlink())


@dataclass(frozen=True)
class Bench:
    """The hook repositories, the PRE_COMMIT_HOME and the environment the tools run in."""

    home: Path
    hook_repo: Path  # the snapshot of this repository
    mirrors: dict[str, Path]  # upstream URL → local mirror
    bin: Path  # `sdkgen` running the snapshot's code
    env: dict[str, str]
    rev: str  # the README's `rev` of this repository, the snapshot's tag

    def run(self, args: list[str], cwd: Path, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=cwd, env=env or self.env, capture_output=True, text=True, timeout=540, check=False
        )

    def git(self, cwd: Path, *args: str) -> str:
        result = self.run(["git", *args], cwd)
        assert result.returncode == 0, f"git {' '.join(args)}: {result.stdout}{result.stderr}"
        return result.stdout

    def pre_commit(self, cwd: Path, *args: str) -> tuple[int, str]:
        """`pre-commit ARGS --color never`: the exit code and the whole log."""
        result = subprocess.run(
            [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
            cwd=cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=540,
            check=False,
        )
        return result.returncode, result.stdout

    def try_repo(self, cwd: Path, hook: str, *args: str) -> tuple[int, str]:
        """What `pre-commit try-repo HOOK_REPO HOOK ARGS` does: a config naming the repository at
        its `rev` with that one hook, given to pre-commit's `run` (try_repo.py calls the same
        function). Not try-repo itself: it builds the hook's environment in a throwaway store
        on every call (7 to 15 s each, six calls); here the session's PRE_COMMIT_HOME keeps it,
        the environment of the README's config (the same repository and rev)."""
        config = cwd.parent / f"try-repo-{hook}.yaml"  # outside the project's git tree, as try-repo's
        repo = {"repo": self.localize(THIS_REPO), "rev": self.rev, "hooks": [{"id": hook}]}
        config.write_text(yaml.safe_dump({"repos": [repo]}), encoding="utf-8")
        return self.pre_commit(cwd, "run", "--config", str(config), "--verbose", *args)

    def localize(self, snippet: str) -> str:
        """The snippet with each GitHub repository URL replaced by its local stand-in."""
        for url, path in [(THIS_REPO, self.hook_repo), *self.mirrors.items()]:
            snippet = snippet.replace(url, f"file://localhost{path.as_posix()}")  # pip 23 wants a host
        assert "https://github.com/" not in snippet, snippet
        return snippet


def _build_once(target: Path, build: Callable[[Path], None]) -> Path:
    """`target`, built by `build` into a temporary folder beside it unless it exists (two
    sessions at once: the first rename wins, the other's copy is dropped)."""
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-"))
    try:
        build(tmp)
        tmp.rename(target)
    except OSError:
        if not target.is_dir():
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _commit_and_tag(repo: Path, tag: str, env: dict[str, str]) -> None:
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"], ["tag", tag]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _base_env(work: Path) -> dict[str, str]:
    """The environment of every command: no git, pre-commit or sdkgen settings of the caller's,
    an identity for commits, this venv's tools on PATH."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "PRE_COMMIT", "SDKGEN_")) and k not in ("SKIP", "PYTHONPATH", "VIRTUAL_ENV")
    }
    env |= {
        "PRE_COMMIT_HOME": str(work / "home"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "sdkgen tests",
        "GIT_AUTHOR_EMAIL": "tests@example.com",
        "GIT_COMMITTER_NAME": "sdkgen tests",
        "GIT_COMMITTER_EMAIL": "tests@example.com",
        "PATH": os.pathsep.join([str(work / "bin"), str(VENV_BIN), env.get("PATH", "")]),
    }
    return env


_benches: list[Bench] = []


def make_bench() -> Bench:
    """The session's Bench (made on the first call)."""
    if _benches:
        return _benches[0]
    files = project_files()
    repos = precommit_repos()
    assert THIS_REPO in repos, f"the README's pre-commit config does not use {THIS_REPO}"
    digest = hashlib.sha256(f"{sys.version}\n{sorted(repos.items())}\n".encode())
    for name in files:
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    work = CACHE / digest.hexdigest()[:16]
    env = _base_env(work)

    def snapshot(into: Path) -> None:
        for name in files:
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
        _commit_and_tag(into, repos[THIS_REPO], env)

    hook_repo = _build_once(work / "openapi-sdkgen", snapshot)
    mirrors: dict[str, Path] = {}
    for url, (tool, hooks) in MIRROR_HOOKS.items():
        version = repos[url].removeprefix("v")

        def mirror(into: Path, tool: str = tool, hooks: str = hooks, version: str = version, url: str = url) -> None:
            (into / ".pre-commit-hooks.yaml").write_text(hooks, encoding="utf-8")
            name = url.rsplit("/", 1)[1]
            (into / "pyproject.toml").write_text(
                f'[project]\nname = "{name}"\nversion = "0.0.0"\ndependencies = ["{tool}=={version}"]\n',
                encoding="utf-8",
            )
            _commit_and_tag(into, repos[url], env)

        mirrors[url] = _build_once(work / url.rsplit("/", 1)[1], mirror)

    def wrapper(into: Path) -> None:
        script = into / "sdkgen"
        script.write_text(
            "#!/bin/sh\n# sdkgen from the snapshot: the code the hooks install\n"
            f"PYTHONPATH={shlex.quote(str(hook_repo))} PYTHONDONTWRITEBYTECODE=1 "
            f'exec {shlex.quote(sys.executable)} -m generator "$@"\n',
            encoding="utf-8",
        )
        script.chmod(0o755)

    _build_once(work / "bin", wrapper)
    os.utime(work)
    for old in CACHE.iterdir():  # other snapshots' environments (140 MB each), unused for 30 minutes
        if old != work and time.time() - old.stat().st_mtime > 1800:
            shutil.rmtree(old, ignore_errors=True)
    _benches.append(
        Bench(home=work / "home", hook_repo=hook_repo, mirrors=mirrors, bin=work / "bin", env=env, rev=repos[THIS_REPO])
    )
    return _benches[0]


def start_hook_environments(session: pytest.Session) -> Started:
    """`pre-commit install-hooks` of the README's config (the sdkgen, ruff and black hooks), in
    the session's PRE_COMMIT_HOME, in a child process started at collection (conftest EARLY):
    pip builds the environments (15 to 40 s) while the tests before this module's run. A test's
    own `pre-commit run` waits for them on pre-commit's store lock, or builds what is missing."""
    bench = make_bench()
    scratch = Path(tempfile.mkdtemp(dir=bench.home.parent, prefix=".hook-envs-"))  # goes with the snapshot
    subprocess.run(["git", "init", "-q"], cwd=scratch, env=bench.env, check=True, capture_output=True)
    config = scratch / "config.yaml"
    config.write_text(bench.localize(readme_snippet("precommit-config")), encoding="utf-8")
    command = [sys.executable, "-m", "pre_commit", "install-hooks", "--config", str(config)]
    return Started(command, scratch, bench.env)


@pytest.fixture(scope="session")
def bench(request: pytest.FixtureRequest) -> Bench:
    early("bench", request.session)
    return make_bench()


def make_project(path: Path, bench: Bench, *, pyproject: str = PYPROJECT, commit: bool = True) -> Path:
    """A project with two SDKs, generated and (unless `commit` is false) committed."""
    (path / "specs").mkdir(parents=True)
    (path / "specs" / "pets.yaml").write_text(PETS_YAML, encoding="utf-8")
    (path / "specs" / "notes.json").write_text(NOTES_JSON, encoding="utf-8")
    (path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (path / "app.py").write_text(APP_PY, encoding="utf-8")
    bench.git(path, "init", "-q", "-b", "main")
    result = bench.run(["sdkgen", "generate", "-q"], path)
    assert result.returncode == 0 and not result.stdout + result.stderr, result
    if commit:
        bench.git(path, "add", "-A")
        bench.git(path, "commit", "-q", "-m", "The service and its SDKs")
    return path


def edit_spec(project: Path) -> None:
    spec = project / "specs" / "pets.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(*SPEC_EDIT), encoding="utf-8")


def hook_output(log: str, hook: str) -> str:
    """What one hook printed, from a `pre-commit run --verbose` log."""
    assert f"- hook id: {hook}\n" in log, log
    block = log.split(f"- hook id: {hook}\n", 1)[1].splitlines()
    printed: list[str] = []
    for line in block:
        if re.match(r"^\S.*\.{3,}.*(Passed|Failed|Skipped)$", line):
            break  # the next hook
        if not printed and line.startswith("- "):
            continue  # duration, exit code, files were modified
        printed.append(line)
    return "\n".join(printed).strip()


def status(log: str, name: str) -> str:
    """Passed, Failed or Skipped: the verdict on hook `name` (its display name) in a log."""
    match = re.search(rf"^{re.escape(name)}\.+(?:\([^)]*\))?(Passed|Failed|Skipped)$", log, re.M)
    assert match is not None, f"no verdict on {name!r} in:\n{log}"
    return match.group(1)


def test_hook_definitions() -> None:
    from pre_commit.clientlib import load_manifest  # type: ignore[import-untyped]

    hooks = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"sdkgen-check", "sdkgen-generate"}
    assert hooks["sdkgen-check"]["entry"] == "sdkgen check"
    assert hooks["sdkgen-generate"]["entry"] == "sdkgen generate -q --exit-code"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        files = re.compile(hook["files"])
        for path in (
            "specs/pets.yaml",
            "specs/schemas/pet.json",
            "generated/pets_sdk/pets_sdk/_client.py",
            "generated/pets_sdk/.sdkgen.json",
            "templates/sdk/resource.py.jinja",
            "pyproject.toml",
            "sdkgen.toml",
            "ruff.toml",
            ".ruff.toml",
            ".pre-commit-config.yaml",
        ):
            assert files.search(path), path
        for path in ("app.py", "README.md", "src/specs/x.yaml", "docs/pyproject.toml", "service/generated.py"):
            assert not files.search(path), path


def test_readme_pins_this_version() -> None:
    """The pre-commit `rev` and the CI install name the version this repository is."""
    from generator import __version__

    assert precommit_repos()[THIS_REPO] == f"v{__version__}"
    assert f"{THIS_REPO}@v{__version__}" in readme_snippet("ci-workflow")


@pytest.mark.slow
def test_check_hook_passes_then_fails_with_a_diff_and_generate_hook_fixes(bench: Bench, tmp_path: Path) -> None:
    project = make_project(tmp_path / "service", bench)

    code, log = bench.try_repo(project, "sdkgen-check", "--all-files")
    assert code == 0 and status(log, "sdkgen check") == "Passed", log
    assert hook_output(log, "sdkgen-check") == ""

    edit_spec(project)
    bench.git(project, "add", "specs")
    code, log = bench.try_repo(project, "sdkgen-check")
    assert code == 1 and status(log, "sdkgen check") == "Failed", log
    printed = hook_output(log, "sdkgen-check")
    # paths from the project root: they tell the SDKs apart, and `git apply` takes the diff as is
    assert "+++ b/generated/pets_sdk/pets_sdk/resources/pets.py" in printed, printed
    assert "+++ b/generated/pets_sdk/docs/pets.md" in printed, printed
    assert re.search(r"^-\s*Get one pet\.$", printed, re.M) and re.search(
        r"^\+\s*Get one pet by its id\.$", printed, re.M
    )
    assert "pets_sdk: the spec changed (pets.yaml)" in printed
    assert "notes_sdk:" not in printed  # the other SDK is current
    assert "run `sdkgen generate`" in printed
    assert bench.git(project, "status", "--porcelain") == "M  specs/pets.yaml\n"  # check wrote nothing

    code, log = bench.try_repo(project, "sdkgen-generate")
    assert code == 1 and status(log, "sdkgen generate") == "Failed", log
    assert "files were modified by this hook" in log
    printed = hook_output(log, "sdkgen-generate")
    assert "generated/pets_sdk/pets_sdk/resources/pets.py: written" in printed, printed
    assert printed.endswith("the SDKs changed: review and stage them"), printed
    changed = bench.git(project, "status", "--porcelain").splitlines()
    assert " M generated/pets_sdk/.sdkgen.json" in changed
    assert not [line for line in changed if "notes_sdk" in line]

    bench.git(project, "add", "generated")
    code, log = bench.try_repo(project, "sdkgen-check")
    assert code == 0 and status(log, "sdkgen check") == "Passed", log
    assert hook_output(log, "sdkgen-check") == ""


@pytest.mark.slow
def test_generate_hook_fails_on_a_first_generation_git_does_not_track_yet(bench: Bench, tmp_path: Path) -> None:
    """pre-commit sees only tracked files change; `--exit-code` makes the hook fail anyway."""
    project = make_project(tmp_path / "service", bench, commit=False)
    shutil.rmtree(project / "generated" / "notes_sdk")
    bench.git(project, "add", "specs", "pyproject.toml")
    code, log = bench.try_repo(project, "sdkgen-generate")
    assert code == 1 and status(log, "sdkgen generate") == "Failed", log
    printed = hook_output(log, "sdkgen-generate")
    assert "generated/notes_sdk/notes_sdk/_client.py: written" in printed, printed
    assert "pets_sdk" not in printed  # generated already, unchanged
    code, log = bench.try_repo(project, "sdkgen-generate")
    assert code == 0 and status(log, "sdkgen generate") == "Passed", log


def readme_precommit_project(path: Path, bench: Bench, pyproject: str = PYPROJECT) -> Path:
    project = make_project(path, bench, pyproject=pyproject, commit=False)
    (project / ".pre-commit-config.yaml").write_text(bench.localize(readme_snippet("precommit-config")))
    bench.git(project, "add", "-A")
    bench.git(project, "commit", "-q", "-m", "The service, its SDKs and their hooks")
    return project


@pytest.mark.slow
def test_hooks_skip_when_nothing_they_depend_on_changed(bench: Bench, tmp_path: Path) -> None:
    project = readme_precommit_project(tmp_path / "service", bench)
    app = project / "app.py"
    app.write_text(APP_PY + '\n\ndef greet(name: str) -> str:\n    return f"Hello, {name}"\n')
    (project / "NOTES.md").write_text("Call the vet on Monday.\n")
    bench.git(project, "add", "app.py", "NOTES.md")
    code, log = bench.pre_commit(project, "run", "--verbose")
    assert code == 0, log
    assert re.search(r"^sdkgen generate\.+\(no files to check\)Skipped$", log, re.M), log
    assert status(log, "ruff check") == status(log, "ruff format") == status(log, "black") == "Passed"

    bench.git(project, "commit", "-q", "-m", "greet")
    (project / "NOTES.md").write_text("Called the vet.\n")
    bench.git(project, "add", "NOTES.md")
    code, log = bench.pre_commit(project, "run", "--verbose")
    assert code == 0, log
    assert {status(log, name) for name in ("sdkgen generate", "ruff check", "ruff format", "black")} == {"Skipped"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "formatter_config",
    [STRICT_RUFF, LINE_LENGTH_100 + STRICT_RUFF],
    ids=["default-line-length", "line-length-100"],
)
def test_readme_precommit_config_with_ruff_and_black_passes_on_a_fresh_tree(
    bench: Bench, tmp_path: Path, formatter_config: str
) -> None:
    """Every hook of the README's config (sdkgen-generate, ruff check --fix, ruff format, black)
    passes over the whole tree of a freshly generated project, with the user's stricter ruff
    selection at the root, at the default line length and at the project's own 100."""
    project = readme_precommit_project(tmp_path / "service", bench, PYPROJECT + formatter_config)
    length = 100 if "line-length = 100" in formatter_config else 88
    for sdk in ("pets_sdk", "notes_sdk"):
        own = (project / "generated" / sdk / "pyproject.toml").read_text()
        assert f"[tool.black]\nline-length = {length}\n" in own and f"[tool.ruff]\nline-length = {length}\n" in own
    if length > 88:  # the project's line length is used, not just allowed
        assert any(len(line) > 88 for p in (project / "generated").rglob("*.py") for line in p.read_text().splitlines())

    code, log = bench.pre_commit(project, "run", "--all-files", "--verbose")
    assert code == 0, log
    for name in ("sdkgen generate", "ruff check", "ruff format", "black"):
        assert status(log, name) == "Passed", log
    assert hook_output(log, "sdkgen-generate") == ""
    assert bench.git(project, "status", "--porcelain") == ""

    # Ruff takes a generated file's settings from the SDK's own pyproject.toml, not the root's.
    client = project / "generated" / "pets_sdk" / "pets_sdk" / "_client.py"
    shown = bench.run([sys.executable, "-m", "ruff", "check", "--show-settings", str(client)], project)
    assert f'Settings path: "{project / "generated" / "pets_sdk" / "pyproject.toml"}"' in shown.stdout, shown
    # Even forced onto the generated code, the root's stricter selection finds nothing to fix.
    forced = ["ruff", "check", "--config", "pyproject.toml", "--fix", "--exit-zero", "generated"]
    assert bench.run([sys.executable, "-m", *forced], project).returncode == 0
    assert bench.git(project, "status", "--porcelain") == ""


@pytest.mark.slow
def test_hook_environment_holds_the_installed_package(bench: Bench, tmp_path: Path) -> None:
    """pre-commit installs this repository non-editable, its templates and runtime files inside the package."""
    project = readme_precommit_project(tmp_path / "service", bench)
    code, log = bench.pre_commit(project, "install-hooks")
    assert code == 0, log
    probe = "import generator, pathlib; print(pathlib.Path(generator.__file__).parent)"
    found = []
    for python in bench.home.glob("repo*/py_env-*/bin/python"):
        result = bench.run([str(python), "-c", probe], tmp_path)
        if result.returncode == 0:
            found.append(Path(result.stdout.strip()))
    assert len(found) == 1, found
    package = found[0]
    assert "site-packages" in package.parts

    def listing(folder: Path) -> list[str]:
        files = (p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        return sorted(p.relative_to(folder).as_posix() for p in files)

    for data in ("python/templates", "python/runtime"):  # package data: the templates, the SDK runtime
        assert listing(package / data) == listing(bench.hook_repo / "generator" / data) != [], data


@pytest.mark.slow
def test_readme_regenerate_snippet(bench: Bench, tmp_path: Path) -> None:
    project = make_project(tmp_path / "service", bench)
    edit_spec(project)
    result = bench.run(["bash", "-e", "-c", readme_snippet("regenerate")], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pets_sdk: 3 operations" in result.stdout and "notes_sdk: 1 operations" in result.stdout
    assert "generated/pets_sdk/docs/pets.md" in result.stdout  # the review
    assert bench.git(project, "status", "--porcelain") == ""
    assert bench.git(project, "log", "-1", "--format=%s").strip() == "Regenerate the SDKs"


def _run_steps(workflow: dict[str, Any]) -> list[str]:
    (job,) = workflow["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/checkout", "actions/setup-python"], uses
    return [str(step["run"]) for step in steps if "run" in step]


@pytest.mark.slow
def test_readme_ci_workflow_lints_and_runs(bench: Bench, tmp_path: Path) -> None:
    snippet = readme_snippet("ci-workflow")
    target = snippet.splitlines()[0].removeprefix("# ").strip()
    assert target.startswith(".github/workflows/") and target.endswith(".yml"), target
    project = make_project(tmp_path / "service", bench)
    (project / target).parent.mkdir(parents=True)
    (project / target).write_text(snippet)

    actionlint = shutil.which("actionlint", path=str(VENV_BIN)) or shutil.which("actionlint")
    if actionlint is None:
        pytest.fail("actionlint is missing: install the test extra (pip install -e '.[test]')")
    linted = bench.run([actionlint, target], project)
    assert linted.returncode == 0 and linted.stdout == "", linted.stdout + linted.stderr
    broken = project / ".github" / "workflows" / "broken.yml"
    broken.write_text(snippet.replace("runs-on:", "runs_on:").replace("pull_request:", "pull-request:"))
    linted = bench.run([actionlint, str(broken.relative_to(project))], project)
    assert linted.returncode == 1 and "runs-on" in linted.stdout and "pull-request" in linted.stdout, linted
    broken.unlink()

    workflow = yaml.safe_load(snippet)
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    steps = _run_steps(workflow)

    # setup-python: a fresh venv, first on PATH; then each `run:` step as GitHub runs it (bash -e).
    venv = tmp_path / "runner-python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    git = shutil.which("git")
    assert git is not None
    env = {k: v for k, v in bench.env.items() if k != "PRE_COMMIT_HOME"}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), str(Path(git).parent), "/usr/bin", "/bin"])
    results = [bench.run(["bash", "-e", "-c", bench.localize(step)], project, env=env) for step in steps]
    for result in results:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert results[-1].stdout == results[-1].stderr == ""

    # A pull request whose SDK is out of step fails the last step, with the diff and the reason.
    edit_spec(project)
    bench.git(project, "commit", "-q", "-am", "A better summary, but no regeneration")
    result = bench.run(["bash", "-e", "-c", bench.localize(steps[-1])], project, env=env)
    assert result.returncode == 1, result
    assert "Get one pet by its id." in result.stdout
    assert "pets_sdk: the spec changed (pets.yaml)" in result.stderr


@pytest.mark.slow
def test_readme_ci_diff_workflow_lints_and_gates_breaking_changes(bench: Bench, tmp_path: Path) -> None:
    snippet = readme_snippet("ci-diff-workflow")
    target = snippet.splitlines()[0].removeprefix("# ").strip()
    project = make_project(tmp_path / "service", bench)
    (project / target).parent.mkdir(parents=True)
    (project / target).write_text(snippet)
    actionlint = shutil.which("actionlint", path=str(VENV_BIN)) or shutil.which("actionlint")
    assert actionlint is not None, "actionlint is missing: install the test extra (pip install -e '.[test]')"
    linted = bench.run([actionlint, target], project)
    assert linted.returncode == 0 and linted.stdout == "", linted.stdout + linted.stderr

    # The runner's checkout: the pull request's branch, with the base branch fetched from origin.
    origin = tmp_path / "origin.git"
    bench.git(tmp_path, "clone", "-q", "--bare", str(project), str(origin))
    bench.git(project, "remote", "add", "origin", str(origin))
    bench.git(project, "fetch", "-q", "origin")
    bench.git(project, "checkout", "-q", "-b", "feature")
    steps = _run_steps(yaml.safe_load(snippet))
    venv = tmp_path / "runner-python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    git = shutil.which("git")
    assert git is not None
    env = {k: v for k, v in bench.env.items() if k != "PRE_COMMIT_HOME"}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), str(Path(git).parent), "/usr/bin", "/bin"])
    env["GITHUB_BASE_REF"] = "main"

    def gate() -> subprocess.CompletedProcess[str]:
        for step in steps[:-1]:
            result = bench.run(["bash", "-e", "-c", bench.localize(step)], project, env=env)
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return bench.run(["bash", "-e", "-c", bench.localize(steps[-1])], project, env=env)

    edit_spec(project)  # documentation only: passes
    bench.git(project, "commit", "-q", "-am", "A better summary")
    result = gate()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "bump: none", result.stdout

    spec = project / "specs" / "pets.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("operationId: createPet", "operationId: addPet"))
    bench.git(project, "commit", "-q", "-am", "Rename an operation")
    result = gate()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "client.pets.add: renamed: `client.pets.create` → `client.pets.add`" in result.stdout, result.stdout
    assert result.stdout.splitlines()[-1] == "bump: major", result.stdout
