"""Regeneration keeps hand-written code, touches only what changed, and never loses a hand edit.

A small project (pyproject.toml with `[tool.sdkgen]`, one spec with two resource groups) is
generated, hand-written code is added the documented ways, the spec is edited and regenerated.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import ROOT, sdkgen

SPEC = """openapi: 3.1.0
info: {title: Shop, version: 1.0.0}
servers: [{url: "https://api.example.com"}]
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /orders/{id}:
    get:
      operationId: getOrder
      summary: Read an order.
      tags: [orders]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
components:
  schemas:
    Pet:
      type: object
      properties: {name: {type: string}}
"""

PYPROJECT = """[tool.sdkgen]
[[tool.sdkgen.sdk]]
spec = "specs/shop.yaml"
package_name = "shop_client"
"""

CUSTOM = '''"""Mine."""

from __future__ import annotations

from shop_client._client import AsyncShopClient, ShopClient

SEEN: list[str] = []


def init_client(client: ShopClient | AsyncShopClient) -> None:
    client.event_hooks["request"].append(lambda request: SEEN.append(str(request.url)))


class MyClient(ShopClient):
    def pet_name(self, pet_id: str) -> str | None:
        return self.pets.get(pet_id=pet_id).name
'''


@pytest.fixture(scope="module")
def generated_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project as `sdkgen generate` leaves it, made once for the module's tests."""
    folder = tmp_path_factory.mktemp("shop")
    (folder / "specs").mkdir()
    (folder / "specs" / "shop.yaml").write_text(SPEC)
    (folder / "pyproject.toml").write_text(PYPROJECT)
    result = sdkgen("generate", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def project(generated_project: Path, tmp_path: Path) -> Path:
    """A test's own copy of `generated_project` (contents, modes and mtimes: `copy2`), instead of
    a generation per test (a second each: `sdkgen` in a new process)."""
    shutil.copytree(generated_project, tmp_path, dirs_exist_ok=True)
    return tmp_path


def out(project: Path) -> Path:
    return project / "generated" / "shop_client"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def edit_spec(project: Path, old: str, new: str) -> None:
    spec = project / "specs" / "shop.yaml"
    text = spec.read_text()
    assert old in text
    spec.write_text(text.replace(old, new))


def test_hand_written_code_and_unaffected_files_survive_a_regeneration(project: Path) -> None:
    sdk = out(project)
    (sdk / "shop_client" / "custom.py").write_text(CUSTOM)
    (sdk / "shop_client" / "extras.py").write_text("EXTRA = 1\n")
    (sdk / "tests" / "test_mine.py").write_text("def test_mine() -> None:\n    assert True\n")
    before = snapshot(sdk)

    edit_spec(project, "summary: Read an order.", "summary: Read one order by its id.")
    result = sdkgen("generate", cwd=project)
    assert result.returncode == 0, result.stderr
    after = snapshot(sdk)

    changed = {path for path in before if before[path] != after.get(path)}
    # the orders group's module and its docs page, and the manifest
    assert changed == {
        ".sdkgen.json",
        "docs/orders.md",
        "shop_client/resources/orders.py",
    }, changed
    assert set(after) == set(before)
    for mine in ("shop_client/custom.py", "shop_client/extras.py", "tests/test_mine.py"):
        assert after[mine] == before[mine]
    assert "Read one order by its id." in (sdk / "shop_client" / "resources" / "orders.py").read_text()
    assert sdkgen("check", cwd=project).returncode == 0


def test_custom_code_hooks_into_every_client(project: Path) -> None:
    sdk = out(project)
    (sdk / "shop_client" / "custom.py").write_text(CUSTOM)
    probe = textwrap.dedent(
        """
        import httpx2 as httpx
        from shop_client import ShopClient, custom

        def answer(request):
            return httpx.Response(200, json={"name": "Rex"})

        with custom.MyClient(http_client=httpx.Client(transport=httpx.MockTransport(answer))) as client:
            print(client.pet_name("7"), custom.SEEN)
        ShopClient()
        print(len(custom.SEEN))
        """
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=sdk, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["Rex ['https://api.example.com/pets/7']", "1"]


def test_a_hand_edit_is_reported_and_refused_until_forced(project: Path) -> None:
    sdk = out(project)
    pets = sdk / "shop_client" / "resources" / "pets.py"
    edited = pets.read_text() + "\n# my fix\n"
    pets.write_text(edited)

    check = sdkgen("check", cwd=project)
    assert check.returncode == 1
    assert "+++ b/generated/shop_client/shop_client/resources/pets.py" in check.stdout
    assert "-# my fix" in check.stdout
    reasons = check.stderr.strip().splitlines()
    assert reasons[0] == "shop_client: edited by hand: shop_client/resources/pets.py"
    assert "sdkgen generate --force" in reasons[-1] and "shop_client/custom.py" in reasons[-1]

    edit_spec(project, "summary: Read an order.", "summary: Read one order.")
    before = snapshot(sdk)
    refused = sdkgen("generate", cwd=project)
    assert refused.returncode == 1
    assert "shop_client/resources/pets.py (edited by hand)" in refused.stderr
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert snapshot(sdk) == before  # refused as a whole: not even the orders change was written

    check = sdkgen("check", cwd=project)
    assert check.returncode == 1
    assert set(check.stderr.strip().splitlines()[:-1]) == {
        "shop_client: the spec changed (shop.yaml)",
        "shop_client: edited by hand: shop_client/resources/pets.py",
    }

    forced = sdkgen("generate", "--force", "-q", cwd=project)
    assert forced.returncode == 0 and forced.stdout == "" and forced.stderr == ""
    assert "# my fix" not in pets.read_text()
    assert sdkgen("check", cwd=project).returncode == 0


def test_a_hand_edited_file_that_is_no_longer_generated_is_not_removed(project: Path) -> None:
    sdk = out(project)
    orders = sdk / "shop_client" / "resources" / "orders.py"
    orders.write_text(orders.read_text() + "# mine now\n")
    edit_spec(project, "tags: [orders]", "tags: [purchases]")
    refused = sdkgen("generate", cwd=project)
    assert refused.returncode == 1
    assert "shop_client/resources/orders.py (edited by hand, no longer generated)" in refused.stderr
    assert orders.read_text().endswith("# mine now\n")


def test_a_file_in_the_way_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_text(SPEC)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    readme = tmp_path / "generated" / "shop_client" / "README.md"
    readme.parent.mkdir(parents=True)
    readme.write_text("my own readme\n")
    refused = sdkgen("generate", cwd=tmp_path)
    assert refused.returncode == 1 and "README.md (not written by sdkgen)" in refused.stderr
    assert readme.read_text() == "my own readme\n"
    assert not (readme.parent / "shop_client").exists()


def test_check_names_each_input_that_changed(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(PYPROJECT + '[tool.sdkgen.sdk.method_names]\ngetPet = "fetch"\n')
    check = sdkgen("check", cwd=project)
    assert check.returncode == 1
    assert check.stderr.splitlines()[0] == "shop_client: the [tool.sdkgen] config changed"
    assert "+    def fetch(" in check.stdout
    assert check.stderr.splitlines()[-1] == "stale: shop_client; run `sdkgen generate` to update"


def test_custom_templates_override_by_name_and_are_fingerprinted(project: Path) -> None:
    exported = sdkgen("templates", "export", "my_templates", cwd=project)
    assert exported.returncode == 0, exported.stderr
    names = sorted(p.relative_to(project / "my_templates").as_posix() for p in (project / "my_templates").rglob("*.j2"))
    assert "sdk/package/_client.py.j2" in names and "project/README.md.j2" in names
    # keep only the one we change
    for name in names:
        if name != "project/README.md.j2":
            (project / "my_templates" / name).unlink()
    readme = project / "my_templates" / "project" / "README.md.j2"
    readme.write_text(readme.read_text() + "\nSupport: ask the platform team.\n")
    (project / "pyproject.toml").write_text(PYPROJECT + 'templates = "my_templates"\n')
    assert sdkgen("generate", "-q", cwd=project).returncode == 0
    assert (out(project) / "README.md").read_text().endswith("Support: ask the platform team.\n")
    assert sdkgen("check", cwd=project).returncode == 0

    readme.write_text(readme.read_text().replace("platform team", "API team"))
    check = sdkgen("check", cwd=project)
    assert check.returncode == 1
    assert check.stderr.splitlines()[0] == "shop_client: the custom templates changed"
    assert "+Support: ask the API team." in check.stdout
    # export refuses to overwrite a template that was changed
    again = sdkgen("templates", "export", "my_templates", cwd=project)
    assert again.returncode == 2 and "use --force" in again.stderr


def test_the_line_length_follows_the_projects_formatter(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    long_summary = "Read a pet, with every field the server knows about, in one call."
    (tmp_path / "specs" / "shop.yaml").write_text(
        SPEC.replace("operationId: getPet", f"operationId: getPet\n      summary: {long_summary}")
    )
    (tmp_path / "pyproject.toml").write_text(PYPROJECT + "\n[tool.black]\nline-length = 120\n")
    assert sdkgen("generate", "-q", cwd=tmp_path).returncode == 0
    sdk = out(tmp_path)
    assert "line-length = 120" in (sdk / "pyproject.toml").read_text()
    widest = max(len(line) for line in (sdk / "shop_client" / "_client.py").read_text().splitlines())
    assert 88 < widest <= 120
    for tool in (
        ["black", "--check", "-q", "--line-length", "120"],
        ["ruff", "format", "--check", "--line-length", "120"],
    ):
        result = subprocess.run([sys.executable, "-m", *tool, "."], cwd=sdk, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # mypy --strict over a copy of the Intuned SDK
def test_the_readme_custom_code_example_type_checks_survives_and_runs(tmp_path: Path) -> None:
    """README's custom.py, as written, in a copy of the committed Intuned SDK."""
    readme = (ROOT / "README.md").read_text()
    code = readme.split("<!-- test: custom-code -->\n```python\n", 1)[1].split("```", 1)[0]
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml",):
        shutil.copy(ROOT / name, project)
    shutil.copytree(ROOT / "specs", project / "specs")
    shutil.copytree(ROOT / "generated", project / "generated")
    custom = project / code.splitlines()[0].removeprefix("# ")
    custom.write_text(code)
    assert sdkgen("generate", "-q", cwd=project).returncode == 0
    assert custom.read_text() == code
    sdk = project / "generated" / "intuned_client"
    mypy = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--config-file",
            "pyproject.toml",
            "intuned_client",
        ],
        cwd=sdk,
        capture_output=True,
        text=True,
    )
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    probe = textwrap.dedent(
        """
        import logging
        import httpx2 as httpx
        from intuned_client.custom import MyClient

        logging.basicConfig(level=logging.INFO, format="%(name)s %(message)s")
        def answer(request):
            return httpx.Response(200, json={"runId": "r1", "status": "completed"})

        http = httpx.Client(transport=httpx.MockTransport(answer))
        with MyClient(workspace_id="w", api_key="k", http_client=http) as client:
            print(client.result_status("p", "r1"))
        """
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=sdk, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "completed\n"
    assert "my_app.intuned GET https://" in result.stderr and "/projects/p/run/r1/result" in result.stderr


def test_written_files_get_the_usual_permissions(project: Path) -> None:
    """Atomic writes go through a temporary file (0600); the result must be what `open` gives."""
    current = os.umask(0o022)
    os.umask(current)
    sdk = out(project)
    modes = {oct(p.stat().st_mode & 0o777) for p in sdk.rglob("*") if p.is_file()}
    assert modes == {oct(0o666 & ~current)}
    pets = sdk / "shop_client" / "resources" / "pets.py"
    pets.chmod(0o640)
    edit_spec(project, "tags: [pets]", "summary: Read a pet.\n      tags: [pets]")
    assert sdkgen("generate", "-q", cwd=project).returncode == 0
    assert "Read a pet." in pets.read_text() and pets.stat().st_mode & 0o777 == 0o640  # kept


@pytest.mark.parametrize(
    ("template", "line", "error"),
    [
        ("# {{ readme.title }\n", 1, "TemplateSyntaxError"),
        ("x\n# {{ readme.no_such_thing }}\n", 2, "UndefinedError"),
        ('a\n\n{% set raw = "spec\\ntext" %}{{ raw }}\n', 3, "UnescapedText"),  # unescaped text is refused
    ],
)
def test_a_broken_custom_template_is_bad_input(tmp_path: Path, template: str, line: int, error: str) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_text(SPEC)
    (tmp_path / "my_templates" / "project").mkdir(parents=True)
    (tmp_path / "my_templates" / "project" / "README.md.j2").write_text(template)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT + 'templates = "my_templates"\n')
    result = sdkgen("generate", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    (message,) = result.stderr.splitlines()
    assert message.startswith(
        f"error: {tmp_path / 'my_templates' / 'project' / 'README.md.j2'}:{line}: custom template: {error}"
    )
    assert not (tmp_path / "generated").exists()


def test_a_custom_template_for_a_runtime_module_is_refused(tmp_path: Path) -> None:
    """The runtime modules are copied, not rendered: an old `_base.py.j2` would be ignored."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_text(SPEC)
    (tmp_path / "my_templates" / "sdk" / "package").mkdir(parents=True)
    (tmp_path / "my_templates" / "sdk" / "package" / "_base.py.j2").write_text("# mine\n")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT + 'templates = "my_templates"\n')
    result = sdkgen("generate", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    (message,) = result.stderr.splitlines()
    assert message.startswith(
        f"error: {tmp_path / 'my_templates' / 'sdk' / 'package' / '_base.py.j2'}: custom template"
    )
    assert not (tmp_path / "generated").exists()
