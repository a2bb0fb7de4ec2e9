"""Issue 15: references across the files of a spec, the way JSON Schema 2020-12 and OpenAPI
3.1/3.2 define them, and reference chains that keep their kind.

One folder per class under `tests/fixtures/refs/`, each root in the versions where the class
applies: `$anchor` and `$id` (3.1, 3.2: 3.0 schemas have neither), embedded `$id` resources
named by their URI, 3.2's `$self`, parameter / response / request body / header chains across
two or three files (3.0, 3.1, 3.2, Swagger 2.0, where side files also point back into the
root's `#/definitions`, `#/parameters` and `#/responses`), discriminator mappings naming side
files (3.0, 3.1, 3.2). Each is generated without
`--lenient`, imported, and the bundled meaning checked where it arrives: a model's field has
the type of the schema the reference names, a method has the parameter, body and return type.
References that resolve to nothing land in `Document.dangling` with their file and pointer.
"""

from __future__ import annotations

import importlib
import inspect
import tempfile
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest

from generator.config import make_config
from generator.diagnostics import BadInput
from generator.load import load
from generator.pipeline import build
from generator.write import write
from tests.helpers import ROOT, check_trees, import_package, ruff_own_config

FIXTURES = ROOT / "tests" / "fixtures" / "refs"
SPECS = {
    "refs_anchor_31": "anchor/openapi_31.yaml",
    "refs_anchor_32": "anchor/openapi_32.yaml",
    "refs_id_31": "id_scope/openapi_31.yaml",
    "refs_id_32": "id_scope/openapi_32.yaml",
    "refs_embedded_31": "embedded_id/openapi_31.yaml",
    "refs_embedded_32": "embedded_id/openapi_32.yaml",
    "refs_self_32": "self_ref/openapi_32.yaml",
    "refs_chain_30": "chain/openapi_30.yaml",
    "refs_chain_31": "chain/openapi_31.yaml",
    "refs_chain_32": "chain/openapi_32.yaml",
    "refs_chain_20": "chain_swagger2/swagger.yaml",
    "refs_mapping_30": "mapping/openapi_30.yaml",
    "refs_mapping_31": "mapping/openapi_31.yaml",
    "refs_mapping_32": "mapping/openapi_32.yaml",
}
# the extended lint every generated SDK passes (COMMON.md's contract)


class Sdk(typing.NamedTuple):
    folder: Path
    package: ModuleType
    kinds: set[str]  # the kinds of the build's diagnostics


def generate_sdk(name: str, folder: Path) -> set[str]:
    """The SDK of fixture `name` in `folder`; the kinds of the build's diagnostics."""
    config = make_config(FIXTURES / SPECS[name], output=folder, package_name=name, base=ROOT)
    built = build(config, lenient=False)  # valid as bundled: a chain filed under the wrong kind is not
    write(folder, built.files, built.prints)
    return {d.kind for d in built.diagnostics}


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Sdk]:
    out: dict[str, Sdk] = {}
    for name in SPECS:
        folder = tmp_path_factory.mktemp(name)
        kinds = generate_sdk(name, folder)
        out[name] = Sdk(folder, import_package(folder, name), kinds)
    return out


def sdk_problems() -> dict[str, list[str]]:
    """Every fixture's SDK generated as `sdks` does, in a folder of its own, and checked
    (tests.helpers.check_trees): name → problems. Run in a child process started at collection
    (tests/conftest.py EARLY): a minute of mypy that runs beside the tests before it."""
    with tempfile.TemporaryDirectory(prefix="sdkgen-refs-") as tmp:
        folders = {name: Path(tmp) / name for name in SPECS}
        for name, folder in folders.items():
            generate_sdk(name, folder)
        problems = check_trees([(folder, name) for name, folder in folders.items()])
        return {name: problems[folder.resolve()] for name, folder in folders.items()}


def _valid(model: Any, data: dict[str, Any]) -> Any:
    return model.model_validate(data)


def _refused(model: Any, data: dict[str, Any]) -> None:
    with pytest.raises(pydantic.ValidationError):
        model.model_validate(data)


def _hints(method: Any) -> dict[str, Any]:
    return typing.get_type_hints(method)


def _list_of(hint: Any) -> Any:
    assert typing.get_origin(hint) is list, hint
    (item,) = typing.get_args(hint)
    return item


def _group(sdk: Sdk, name: str) -> Any:
    """The sync resource class of the group `name` (`pets` → `PetsResource`)."""
    module = importlib.import_module(f"{sdk.package.__name__}.resources.{name}")
    return getattr(module, name.capitalize() + "Resource")


@pytest.mark.parametrize("name", ["refs_anchor_31", "refs_anchor_32"])
def test_anchors_name_their_schema_in_the_root_and_in_side_files(sdks: dict[str, Sdk], name: str) -> None:
    models = sdks[name].package.models
    pet = _valid(models.Pet, {"name": "Rex", "size": 3, "tags": [{"label": "good"}]})
    assert isinstance(pet.tags[0], models.Tag) and pet.size == 3  # `#tag`, `#size` inside pet.yaml
    _refused(models.Pet, {"name": "Rex", "size": -1})  # the anchored schema's minimum
    _refused(models.Pet, {"name": "Rex", "size": "big"})
    owner = _valid(models.Owner, {"name": "Ann", "pet_size": 2})
    assert owner.name == "Ann"
    _refused(models.Owner, {"name": "", "pet_size": 2})  # `#owner-name` in the root: minLength 1
    _refused(models.Owner, {"name": 5, "pet_size": 2})  # not Any
    _refused(models.Owner, {"name": "Ann", "pet_size": "x"})  # `schemas/pet.yaml#size`


def test_a_root_anchor_is_no_longer_typed_any(sdks: dict[str, Sdk]) -> None:
    assert "unresolved-ref" not in sdks["refs_anchor_31"].kinds
    source = (sdks["refs_anchor_31"].folder / "refs_anchor_31" / "models" / "_owner.py").read_text()
    assert "name: _t.Annotated[str, _checks(min_length=1)]" in source and "Any" not in source


@pytest.mark.parametrize("name", ["refs_id_31", "refs_id_32"])
def test_pointers_under_an_id_are_read_in_its_resource(sdks: dict[str, Sdk], name: str) -> None:
    models = sdks[name].package.models
    box = _valid(models.Box, {"width": 1.5, "height": 2.5, "lid": {"hinged": True}})
    assert box.height == 2.5 and isinstance(box.lid, models.Lid)  # `#/properties/width` of Box; `lid` by id
    _refused(models.Box, {"width": 1.5, "height": "tall", "lid": {"hinged": True}})
    crate = _valid(models.Crate, {"width": 2, "depth": 3})  # the root's own `$id` resource
    assert crate.depth == 3
    _refused(models.Crate, {"width": 2, "depth": 1.5})
    item = _valid(models.Item, {"part": {"sku": "a-1"}, "weight": 4})  # `part.yaml` against `$id: parts/item.yaml`
    assert isinstance(item.part, models.Part)
    _refused(models.Item, {"part": {"sku": "a-1"}, "weight": "heavy"})
    returns = _hints(_group(sdks[name], "boxes").get)["return"]
    assert returns is models.Box


@pytest.mark.parametrize("name", ["refs_embedded_31", "refs_embedded_32"])
def test_embedded_ids_are_found_in_any_file(sdks: dict[str, Sdk], name: str) -> None:
    sdk = sdks[name]
    models = sdk.package.models
    # named by its id before the file holding it was read; `color` is the root's embedded id
    assert _hints(_group(sdk, "pets").get)["return"] is models.Pet
    pet = _valid(models.Pet, {"name": "Rex", "color": "red", "tag": {"label": "x"}})
    assert pet.color is models.Color.RED and isinstance(pet.tag, models.Tag)
    _refused(models.Pet, {"name": "Rex", "color": "red", "tag": {"label": 5}})


def test_self_names_the_document_and_its_neighbours(sdks: dict[str, Sdk]) -> None:
    sdk = sdks["refs_self_32"]
    models = sdk.package.models
    assert _list_of(_hints(_group(sdk, "pets").list)["return"]) is models.Pet
    assert _hints(_group(sdk, "owners").get)["return"] is models.Owner
    pet = _valid(models.Pet, {"name": "Rex", "owner": {"name": "Ann", "address": {"city": "Oslo"}, "pets": []}})
    assert isinstance(pet.owner.address, models.Address)
    owner = _valid(models.Owner, {"name": "Ann", "pets": [{"name": "Rex"}]})
    assert isinstance(owner.pets[0], models.Pet)


@pytest.mark.parametrize("name", ["refs_chain_30", "refs_chain_31", "refs_chain_32", "refs_chain_20"])
def test_chains_keep_their_kind(sdks: dict[str, Sdk], name: str) -> None:
    sdk = sdks[name]
    models = sdk.package.models
    pets = _group(sdk, "pets")
    listed = _hints(pets.list)
    assert int in typing.get_args(listed["limit"])  # parameters/index.yaml → limit.yaml: a query parameter
    assert _list_of(listed["return"]) is models.Pet  # responses/index.yaml → pet-list.yaml
    assert inspect.signature(pets.create).parameters["body"].kind is inspect.Parameter.KEYWORD_ONLY
    created = _hints(pets.create)
    if name == "refs_chain_20":  # a body parameter through a chain, its schema back in the root
        assert models.Pet in typing.get_args(created["body"])
        owner = _hints(_group(sdk, "owners").get)
        assert owner["id"] is str and owner["return"] is models.Owner
        assert isinstance(_valid(models.Owner, {"name": "Ann", "pets": [{"id": 1, "name": "Rex"}]}).pets[0], models.Pet)
    else:
        assert str in typing.get_args(listed["x_trace_id"])  # the path item's header parameter
        assert models.NewPet in typing.get_args(created["body"])  # bodies/index.yaml → new-pet.yaml
        assert created["return"] is models.Pet  # responses/index.yaml → common.yaml: three files


@pytest.mark.parametrize("name", ["refs_mapping_30", "refs_mapping_31", "refs_mapping_32"])
def test_discriminator_mappings_to_side_files(sdks: dict[str, Sdk], name: str) -> None:
    models = sdks[name].package.models
    pets = pydantic.TypeAdapter(models.Pet)
    assert isinstance(pets.validate_python({"kind": "woof", "barks": True}), models.Dog)  # `woof: pets/dog.yaml`
    assert isinstance(pets.validate_python({"kind": "meow", "lives": 9}), models.Cat)
    with pytest.raises(pydantic.ValidationError):
        pets.validate_python({"kind": "dog", "barks": True})  # the mapping's values, not the schema names


@pytest.mark.parametrize("version", ["30", "31", "32", "20"])
def test_chains_are_filed_under_their_own_section(version: str) -> None:
    spec = FIXTURES / SPECS[f"refs_chain_{version}"]
    components = load(spec).data["components"]
    assert components["parameters"]["Limit"]["in"] == "query"
    assert "Limit" not in components["schemas"] and "PetList" not in components["schemas"]
    assert "description" in components["responses"]["PetList"]
    if version != "20":
        assert components["requestBodies"]["NewPet"]["required"] is True
        assert components["headers"]["Total"]["schema"] == {"type": "integer"}


def test_every_ref_after_load_is_a_local_pointer() -> None:
    for spec in SPECS.values():
        doc = load(FIXTURES / spec)
        assert doc.dangling == ()
        refs = list(_refs(doc.data))
        assert refs and all(ref.startswith("#/") for ref in refs), (spec, refs)
        assert not any(key in ("$id", "$anchor") for key in _keys(doc.data)), spec


def test_swagger2_side_files_point_back_into_the_root() -> None:
    doc = load(FIXTURES / SPECS["refs_chain_20"])
    owner = doc.data["paths"]["/owners/{id}"]["get"]
    assert owner["parameters"] == [{"$ref": "#/components/parameters/OwnerId"}]
    assert owner["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}
    assert doc.data["components"]["schemas"]["owner"]["properties"]["pets"]["items"] == {
        "$ref": "#/components/schemas/Pet"
    }
    assert doc.swagger2 is not None and "Pet_2" not in doc.swagger2["definitions"]  # pointed at, not copied


def test_dangling_references_are_listed_with_file_and_pointer() -> None:
    doc = load(FIXTURES / "dangling" / "openapi_31.yaml")
    found = {d.pointer: d for d in doc.dangling}
    assert {d.level for d in doc.dangling} == {"error"} and {d.kind for d in doc.dangling} == {"dangling-ref"}
    op = "#/paths/~1things/get"
    schema = "content/application~1json/schema"
    expected = {
        f"{op}/parameters/0": ["'missing.yaml'", "no such file missing.yaml"],
        "#/components/parameters/loop-a": ["loop-b.yaml", "loops back on itself"],
        "#/components/schemas/Thing/properties/size": ["in side.yaml at #/Thing/properties/size", "no-such-anchor"],
        "#/components/schemas/Thing/properties/gone": ["in side.yaml at #/Thing/properties/gone", "gone.yaml"],
        f"{op}/responses/404/{schema}": ["side.yaml has no #/Nope"],
        f"{op}/responses/410/{schema}": ["urn:example:nothing"],
        f"{op}/responses/418/{schema}": ["$anchor 'teapot'"],
    }
    assert sorted(found) == sorted(expected)
    for pointer, fragments in expected.items():
        assert all(f in found[pointer].message for f in fragments), (pointer, found[pointer].message)
    # left as written, for whoever reports them
    get = doc.data["paths"]["/things"]["get"]
    assert get["parameters"][0] == {"$ref": "missing.yaml"}
    assert get["responses"]["418"]["content"]["application/json"]["schema"] == {"$ref": "#teapot"}


def test_remote_and_escaping_refs_from_side_files_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "api.yaml"
    root.write_text(
        "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n"
        "components: {schemas: {A: {$ref: 'side.yaml#/A'}}}\n"
    )
    side = tmp_path / "side.yaml"
    side.write_text("A: {properties: {b: {$ref: 'https://example.com/b.yaml'}}}\n")
    with pytest.raises(BadInput, match=r"remote \$ref 'https://example.com/b.yaml' refused") as caught:
        load(root)
    assert caught.value.file == "side.yaml" and caught.value.pointer == "#/A/properties/b"
    side.write_text("A: {properties: {b: {$ref: '../outside.yaml'}}}\n")
    with pytest.raises(BadInput, match="outside the spec's folder"):
        load(root)


def test_a_relative_self_keeps_neighbours_next_to_the_file(tmp_path: Path) -> None:
    """`$self: /api/v1/openapi` makes the base `file:///api/v1/openapi`: a relative `$ref`
    still names the file next to the spec, not one under `/api`."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "pet.yaml").write_text("type: object\nproperties: {name: {type: string}}\n")
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.2.0\n$self: /api/v1/openapi\ninfo: {title: x, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    Pet: {$ref: 'schemas/pet.yaml'}\n"
        "    Pets: {type: array, items: {$ref: '/api/v1/openapi#/components/schemas/Pet'}}\n"
    )
    doc = load(spec)
    assert doc.dangling == () and doc.data["components"]["schemas"]["Pet"]["type"] == "object"
    assert doc.data["components"]["schemas"]["Pets"]["items"] == {"$ref": "#/components/schemas/Pet"}


def test_anchors_mean_nothing_in_30(tmp_path: Path) -> None:
    """OpenAPI 3.0's schemas have no `$anchor` or `$id`: such a `$ref` names nothing."""
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {properties: {b: {$ref: '#b'}}}\n    B: {$anchor: b, type: string}\n"
    )
    (dangling,) = load(spec).dangling
    assert dangling.pointer == "#/components/schemas/A/properties/b" and "$anchor 'b'" in dangling.message


def test_extended_ruff_passes(sdks: dict[str, Sdk]) -> None:
    """The extended rule families, under each SDK's own pyproject (its ignores have reasons there)."""
    result = ruff_own_config([sdk.folder for sdk in sdks.values()])
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.slow  # mypy --strict over fourteen SDKs
def test_generated_sdks_are_clean(refs_sdk_problems: dict[str, list[str]]) -> None:
    assert set(refs_sdk_problems) == set(SPECS)
    assert all(not found for found in refs_sdk_problems.values()), refs_sdk_problems


def _refs(node: Any) -> Any:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _keys(node: Any) -> Any:
    if isinstance(node, dict):
        yield from node
        for value in node.values():
            yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)
