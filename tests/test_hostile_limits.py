"""Limits that produced broken output: deep types, long names, config values.

- A spec nesting types as deep as the loader allows (arrays, maps, constrained and nullable
  arrays, inline objects, a chain of aliases that each reuse the next twice, deep inline
  parameter and body schemas) generates code that compiles, imports, validates deep values and
  passes mypy --strict, ruff and black; each cut type is reported where it is.
- Tags, path segments, operationIds, schema, property and parameter names and enum values of
  hundreds of characters give bounded, distinct, deterministic names and file names.
- Config values that crashed or made an SDK that cannot work are one line and exit code 2.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli.main import main
from generator.config import make_config
from generator.pipeline import build
from generator.python.naming import MAX_NAME
from generator.typebounds import MAX_TYPE_DEPTH
from generator.write import write
from tests.helpers import ROOT, check_trees, import_package


def nest(levels: int, wrap: Any, leaf: dict[str, Any] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = leaf or {"type": "string"}
    for _ in range(levels):
        schema = wrap(schema)
    return schema


def deep_spec() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "DeepList": nest(210, lambda s: {"type": "array", "items": s}),
        "DeepChecked": nest(120, lambda s: {"type": "array", "items": s, "minItems": 1}),
        "DeepMap": nest(210, lambda s: {"type": "object", "additionalProperties": s}),
        "DeepNullable": nest(120, lambda s: {"type": "array", "items": s, "nullable": True}),
        "DeepUnion": nest(80, lambda s: {"anyOf": [{"type": "array", "items": s}, {"type": "integer"}]}),
        "DeepObject": nest(100, lambda s: {"type": "object", "properties": {"inner": s}}),
        "Holder": {
            "type": "object",
            "properties": {
                name: {"$ref": f"#/components/schemas/{name}"}
                for name in ("DeepList", "DeepChecked", "DeepMap", "DeepObject", "A0")
            },
        },
    }
    for i in range(40):  # A0 = list[A1] | dict[str, A1], A1 = …: 2^40 parts spelled out
        ref = {"$ref": f"#/components/schemas/A{i + 1}"}
        schemas[f"A{i}"] = {"anyOf": [{"type": "array", "items": ref}, {"type": "object", "additionalProperties": ref}]}
    schemas["A40"] = {"type": "string"}
    operation = {
        "operationId": "putDeep",
        "parameters": [
            {
                "name": "q",
                "in": "query",
                "content": {"application/json": {"schema": nest(150, lambda s: {"type": "array", "items": s})}},
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": nest(150, lambda s: {"type": "object", "additionalProperties": s})}
            },
        },
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Holder"}}},
            }
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Deep", "version": "1.0.0"},
        "paths": {"/deep": {"post": operation}},
        "components": {"schemas": schemas},
    }


LONG_TAG = "t" * 241
LONG_SEGMENT = "s" * 300


def long_spec() -> dict[str, Any]:
    name = "N" * 300
    operations = {}
    for i, tag in enumerate((LONG_TAG, "t" * 240 + "u")):  # the same first 240 characters
        operations[f"/{LONG_SEGMENT}/{i}/{{{'p' * 300}}}"] = {
            "get": {
                "tags": [tag],
                "operationId": "o" * 300 + str(i),
                "parameters": [{"name": "p" * 300, "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}{i}"}}},
                    }
                },
            }
        }
    schemas = {
        f"{name}{i}": {
            "type": "object",
            "properties": {"f" * 300: {"type": "string"}, "f" * 299 + "g": {"type": "integer"}},
        }
        for i in range(2)
    }
    schemas["LongEnum"] = {"type": "string", "enum": ["v" * 300, "v" * 299 + "w"]}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Long", "version": "1.0.0"},
        "paths": operations,
        "components": {"schemas": schemas},
    }


def generate(spec: dict[str, Any], folder: Path, package: str) -> tuple[Path, list[Any], bool]:
    """Write `spec`, generate it; the output, the diagnostics, and whether a second build makes
    the same files."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{package}.json"
    path.write_text(json.dumps(spec))
    out = folder / package
    config = make_config(path, output=out, package_name=package, base=ROOT)
    built = build(config)
    write(out, built.files, built.prints)
    return out, built.diagnostics, build(config).files == built.files


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    out, diagnostics, _ = generate(deep_spec(), tmp_path_factory.mktemp("deep"), "deep_client")
    return out, diagnostics


@pytest.fixture(scope="module")
def long(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bool, list[str]]:
    out, _, same = generate(long_spec(), tmp_path_factory.mktemp("long"), "long_client")
    return out, same, sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


def test_deep_types_are_cut_and_reported_where_they_are(deep: tuple[Path, list[Any]]) -> None:
    _, diagnostics = deep
    cut = {d.pointer for d in diagnostics if d.kind == "approximated" and "levels" in d.message}
    schemas = "#/components/schemas/"
    for name in ("DeepList", "DeepChecked", "DeepMap", "DeepNullable", "DeepUnion", "A0"):
        assert schemas + name in cut, sorted(cut)
    assert "#/paths/~1deep/post/parameters/q" in cut
    assert "#/paths/~1deep/post/requestBody" in cut
    assert schemas + "A39" not in cut  # small enough to be left as it is


def test_deep_types_compile_import_and_validate_deep_values(deep: tuple[Path, list[Any]]) -> None:
    out, _ = deep
    for path in out.rglob("*.py"):
        compile(path.read_text(), str(path), "exec")  # CPython's parser: at most 200 nested brackets
    models = import_package(out, "deep_client").models
    from pydantic import TypeAdapter

    value: Any = "x"
    for _ in range(210):
        value = [value]
    assert TypeAdapter(models.DeepList).validate_python(value) == value  # Any below the cut
    checked: Any = "x"
    for _ in range(120):
        checked = [checked]
    assert TypeAdapter(models.DeepChecked).validate_python(checked) == checked
    with pytest.raises(ValueError):  # minItems still enforced above the cut
        TypeAdapter(models.DeepChecked).validate_python([[]])
    obj: Any = "x"
    for _ in range(100):
        obj = {"inner": obj}
    assert models.DeepObject.model_validate(obj).model_dump(exclude_unset=True) == obj
    chain: Any = "leaf"
    for _ in range(40):
        chain = {"k": [chain]}
    assert TypeAdapter(models.A0).validate_python(chain) == chain
    assert MAX_TYPE_DEPTH * 2 < 200


def test_long_names_are_bounded_distinct_and_deterministic(long: tuple[Path, bool, list[str]]) -> None:
    out, same, files = long
    assert same  # a second build names every file and identifier the same
    for path in files:
        # a name and its suffix; a group's test module is `test_` and its module's name
        assert all(len(part.encode()) <= MAX_NAME + len("test_.py") for part in path.split("/")), path
    modules = [f for f in files if f.startswith("long_client/resources/") and not f.endswith("__init__.py")]
    docs = [f for f in files if f.startswith("docs/") and f != "docs/README.md" and not f.startswith("docs/models/")]
    assert len(modules) == 2 and len(set(modules)) == 2, modules  # two tags, 240 characters in common
    tests = [f for f in files if f.startswith("tests/test_")]
    assert sorted(tests) == sorted(f"tests/test_{m.rpartition('/')[2]}" for m in modules), tests
    assert len(docs) == 2, docs
    for path in out.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            name = getattr(node, "name", None) or getattr(node, "id", None) or getattr(node, "arg", None)
            if isinstance(name, str):
                assert len(name) <= MAX_NAME + len("AsyncResourceWithStreamingResponse"), (path, name)
    models = import_package(out, "long_client").models
    named = sorted(n for n in models.__all__ if n.startswith("N"))
    assert len(named) == 2 and all(len(n) <= MAX_NAME for n in named), named
    wire = {"f" * 300: "a", "f" * 299 + "g": 1}
    for name in named:
        assert getattr(models, name).model_validate(wire).model_dump(by_alias=True, exclude_unset=True) == wire


@pytest.mark.slow  # mypy over a generated SDK
def test_the_deep_and_long_trees_pass_mypy_ruff_and_black(
    deep: tuple[Path, list[Any]], long: tuple[Path, bool, list[str]]
) -> None:
    problems = check_trees([(deep[0], "deep_client"), (long[0], "long_client")])
    assert problems[deep[0].resolve()] == [], problems
    # black and ruff format part ways on a line that no split brings under the line length (a
    # 128-character name in an annotation): black adds parentheses, ruff does not. GitHub's real
    # names (107 characters, at line length 120) meet the same; the format stage's to settle,
    # not the names'. mypy and ruff must accept the long names.
    assert [p for p in problems[long[0].resolve()] if not p.startswith("black:")] == [], problems


# ------------------------------------------------------------------------------- config values
SPEC = """openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
"""


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('package_name = "class"', "package_name 'class' is a Python keyword"),
        ('package_name = "1abc"', "package_name '1abc' is not a valid Python package name"),
        ('package_name = "my-pkg"', "package_name 'my-pkg' is not a valid Python package name"),
        ('package_name = ""', "package_name must be a non-empty string"),
        ("package_name = 5", "package_name must be a non-empty string"),
        ('package_name = "typing"', "package_name 'typing' would shadow the module"),
        ('package_name = "pydantic"', "package_name 'pydantic' would shadow the module"),
        ('package_name = "httpx"', "package_name 'httpx' would shadow the module"),
        ('package_name = "tests"', "package_name 'tests' would shadow the module"),
        (f'package_name = "{"a" * 65}"', "longer than 64 characters"),
        ('templates = "/etc"', "templates folder '/etc' must be a folder inside the project"),
        ('templates = "specs"', "templates folder 'specs' holds no templates"),
        ('templates = "."', "templates folder '.' must be a folder inside the project"),
        ('output = "."', "is the project folder (or above it)"),
        ('output = ".."', "is the project folder (or above it)"),
        ('output = ""', "output must be a path"),
        ("output = 3", "output must be a path"),
        ('output = "specs/a.yaml"', "is a file, not a folder"),
        ('output = "specs"', "holds the spec"),
        ('output = "out"\n[[sdk]]\nspec = "specs/a.yaml"\noutput = "out/inner"', "output folders overlap"),
        ("spec = 3", "spec must be a path"),
    ],
)
def test_a_bad_config_value_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, line: str, says: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(SPEC)
    first = "[[sdk]]\n" if line.startswith("spec =") else '[[sdk]]\nspec = "specs/a.yaml"\n'
    (tmp_path / "sdkgen.toml").write_text(first + line + "\n")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert main(["generate", "-q", "--project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"error: {tmp_path / 'sdkgen.toml'}: ") and says in err, err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_a_bad_package_name_on_the_command_line_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(SPEC)
    assert main(["generate", "a.yaml", "--package-name", "class", "--project", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "error: sdkgen: package_name 'class' is a Python keyword\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def _ref_chain(length: int, *, through_models: bool) -> dict[str, Any]:
    """S0 → S1 → … → S<length>: each an alias of the next, or a model whose property is the next."""
    refs = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(length)}
    if through_models:
        refs = {name: {"type": "object", "properties": {"next": ref}} for name, ref in refs.items()}
    schemas = {**refs, f"S{length}": {"type": "string"}}
    ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Chain", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": ok}}}},
        "components": {"schemas": schemas},
    }


@pytest.mark.parametrize("through_models", [False, True], ids=["aliases", "models"])
def test_a_ref_chain_too_deep_to_convert_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], through_models: bool
) -> None:
    """1,500 schemas each referring to the next ended in a RecursionError (exit 3)."""
    spec = tmp_path / "chain.json"
    spec.write_text(json.dumps(_ref_chain(1500, through_models=through_models), indent=1))
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--output", str(out), "--package-name", "chain_client", "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"error: {spec}:") and " #/components/schemas/S" in err and "$refs nest" in err, err
    line = int(err.split(":")[2].split()[0])  # the line of the schema the conversion stopped at
    pointer = err.split()[2].rstrip(":")
    assert json.dumps(pointer.rsplit("/", 1)[1]) in spec.read_text().splitlines()[line - 1], (line, pointer)
    assert not out.exists()
    shallow = tmp_path / "shallow.json"
    shallow.write_text(json.dumps(_ref_chain(40, through_models=through_models)))
    assert main(["generate", str(shallow), "--output", str(out), "--package-name", "chain_client", "-q"]) == 0
