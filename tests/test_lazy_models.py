"""The split, lazily imported output: importing an SDK and building its client loads only the
runtime; touching a group loads that group's module; a model is imported on first use, with the
models it refers to, across modules and in cycles (at run time and for mypy --strict, pyright)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.python.model_modules import placement
from tests.helpers import ROOT, assert_clean, generate

GOLDEN = sorted(p.parent.parent for p in (ROOT / "tests" / "golden").glob("*/*/_client.py"))

# Which modules `import pkg; pkg.Client(...)` loads, and which touching a group adds, as JSON.
PROBE = """
import functools, inspect, json, sys
import {package} as pkg

def loaded(prefix):
    return sorted(m for m in sys.modules if m.startswith(prefix))

cls = next(v for k, v in vars(pkg).items() if k in pkg.__all__ and isinstance(v, type) and k.endswith("Client")
           and not k.startswith("Async"))
strings = {{n: "x" for n, p in inspect.signature(cls).parameters.items() if p.annotation == "str | None"}}
client = cls(**{{**strings, "base_url": "http://127.0.0.1:9"}})
lazy = functools.cached_property
mirrors = ("with_raw_response", "with_streaming_response")
groups = sorted(n for n, v in vars(cls).items() if isinstance(v, lazy) and n not in mirrors)
report = {{"models": loaded("{package}.models"), "resources": loaded("{package}.resources")}}
if groups:
    getattr(client, groups[0])
    report["group"] = groups[0]
    report["after"] = loaded("{package}.resources.")
    report["models_after"] = loaded("{package}.models.")
print(json.dumps(report))
"""


def probe(folder: Path, package: str, code: str = PROBE) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", code.format(package=package)], cwd=folder, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("folder", GOLDEN, ids=[f.name for f in GOLDEN])
def test_import_and_client_load_only_the_runtime(folder: Path) -> None:
    """No model and no resource module after `import pkg; pkg.Client(...)`; touching a group
    imports its module (and no model: a method reaches its models when called)."""
    package = next(p.parent.name for p in folder.glob("*/_client.py"))
    report = probe(folder, package)
    assert report["models"] == [] and report["resources"] == []
    if "group" in report:
        after = report["after"]
        assert isinstance(after, list) and after, report
        assert all(m.startswith(f"{package}.resources.") for m in after)
        assert report["models_after"] == []


CYCLES = """\
openapi: 3.1.0
info: {title: Cycles, version: "1"}
paths:
  /nodes:
    post:
      operationId: createNode
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
  /owners/{id}:
    get:
      operationId: getOwner
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Owner'}
  /uploads:
    post:
      operationId: upload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Upload'}
      responses:
        "204": {description: done}
components:
  schemas:
    Color:
      type: string
      enum: [red, green]
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        color: {$ref: '#/components/schemas/Color'}
        shade:
          type: string
          enum: [light, dark]
          default: light
        children:
          type: array
          items: {$ref: '#/components/schemas/Node'}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      required: [name]
      properties:
        name: {type: string}
        favourite: {$ref: '#/components/schemas/Node'}
        color:
          allOf: [{$ref: '#/components/schemas/Color'}]
          default: green
        pets: {$ref: '#/components/schemas/Pets'}
    Pets:
      type: array
      items: {$ref: '#/components/schemas/Pet'}
    Pet:
      type: object
      properties:
        owner: {$ref: '#/components/schemas/Owner'}
    Upload:
      type: object
      properties:
        file: {type: string, format: binary}
        note: {type: string}
"""


@pytest.fixture(scope="module")
def cycles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cycles")
    (folder / "cycles.yaml").write_text(CYCLES)
    return generate(folder / "cycles.yaml", folder / "out", "cycles_sdk")


def test_models_live_one_per_module_with_their_typed_dict_and_lone_enums(cycles: Path) -> None:
    models = cycles / "cycles_sdk" / "models"
    node = (models / "_node.py").read_text()
    assert "class Node(_SDKModel):" in node and "class NodeParam(_t.TypedDict" in node
    assert "class NodeShade(" in node  # an enum only Node uses lives with it
    assert (models / "_color.py").is_file()  # one that several use has its own module
    assert "from ._color import Color" in node.split("class ")[0]  # imported at the top
    assert node.rstrip().endswith("from ._owner import Owner, OwnerParam")  # a model, at the bottom
    assert "from .._files import FileTypes as _FileTypes" in (models / "_upload.py").read_text()
    assert not (models / "_models.py").exists()


def test_cyclic_models_decode_across_modules(cycles: Path) -> None:
    code = textwrap.dedent(
        """
        import json
        from cycles_sdk import models
        from cycles_sdk.models import Owner
        node = models.Node.model_validate(
            {
                "name": "a",
                "color": "red",
                "children": [{"name": "b", "owner": {"name": "o", "pets": [{"owner": {"name": "p"}}]}}],
            }
        )
        owner = node.children[0].owner
        assert isinstance(owner, Owner) and isinstance(owner.pets[0].owner, Owner)
        assert node.shade == "light" and Owner(name="x").color == models.Color.GREEN
        print(json.dumps({"loaded": sorted(models.__dict__.keys() & set(models.__all__))}))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=cycles, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["loaded"] == ["Color", "Node", "Owner"]


def test_every_export_resolves_and_star_import_works(cycles: Path) -> None:
    code = textwrap.dedent(
        """
        from cycles_sdk import models
        from cycles_sdk.models import *  # noqa: F403
        assert set(models.__all__) <= set(dir(models))
        assert all(getattr(models, name).__name__ == name for name in models.__all__ if name != "Pets")
        try:
            models.Missing
        except AttributeError:
            pass
        else:
            raise AssertionError("models.Missing resolved")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=cycles, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow  # mypy (and pyright) over an SDK the test generates
def test_cyclic_models_pass_mypy_strict_pyright_ruff_and_black(cycles: Path) -> None:
    program = cycles / "tests" / "test_use.py"
    program.write_text(
        textwrap.dedent(
            """
            from cycles_sdk import models
            from cycles_sdk.models import Node, NodeParam


            def names(node: Node) -> list[str]:
                owner = node.owner
                favourite = owner.favourite if owner is not None else None
                return [node.name, favourite.name if favourite is not None else ""]


            body: NodeParam = {"name": "a", "owner": {"name": "o", "favourite": {"name": "b"}}}
            color: models.Color = models.Color.RED
            """
        ).lstrip()
    )
    assert_clean(cycles, "cycles_sdk")
    pyright = subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, "--outputjson", "tests/test_use.py"],
        cwd=cycles,
        capture_output=True,
        text=True,
        check=False,
    )
    assert pyright.stdout.startswith("{"), pyright.stderr
    assert json.loads(pyright.stdout)["summary"]["errorCount"] == 0, pyright.stdout


def test_placement_is_the_surface_path(cycles: Path) -> None:
    """`sdkgen diff` reports `pkg.models.<module>.<Class>`: the module the render wrote."""
    from generator.config import make_config
    from generator.pipeline import analyze
    from generator.surface.extract import extract

    config = make_config(cycles.parent / "cycles.yaml", output=cycles, package_name="cycles_sdk", base=ROOT)
    api = analyze(config).api
    surface = extract(api, config)
    where = placement(api.definitions)
    for model in surface.models:
        module = where[model.name]
        assert model.py_path == f"cycles_sdk.models.{module}.{model.name}"
        assert (cycles / "cycles_sdk" / "models" / f"{module}.py").is_file()


def test_regenerating_removes_the_modules_of_models_gone(tmp_path: Path) -> None:
    spec = tmp_path / "cycles.yaml"
    spec.write_text(CYCLES)
    out = generate(spec, tmp_path / "out", "cycles_sdk")
    models = out / "cycles_sdk" / "models"
    assert (models / "_pet.py").is_file() and (models / "_pets.py").is_file()
    pets = CYCLES[CYCLES.index("    Pets:\n") : CYCLES.index("    Upload:\n")]
    spec.write_text(CYCLES.replace(pets, "").replace("        pets: {$ref: '#/components/schemas/Pets'}\n", ""))
    generate(spec, out, "cycles_sdk")
    assert not (models / "_pet.py").exists() and not (models / "_pets.py").exists()
    assert "Pet" not in (models / "__init__.py").read_text()
