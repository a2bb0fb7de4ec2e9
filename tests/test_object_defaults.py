"""Defaults that hold objects are objects (tests/object_defaults/, OpenAPI 3.1, 3.0, Swagger 2.0).

A default whose value holds objects is built through the model types, as enum defaults are:
`Bar().baz[0]` is a `Baz` (not a dict), nested models, enums, aliases, nullable members, maps
of models and wire names that are not identifiers included; an object default for a union is
the member it belongs to (by its discriminator, else the one it fits), and one that fits
several members is not applied, reported at its pointer. Every mutable default is built afresh
per instance (`default_factory`, `list`/`dict` for empty ones), dumps back to the spec's JSON,
and type-checks: the SDK under mypy --strict, ruff (the extended selection) and black, a user's
program reading the defaults under mypy --strict and pyright strict. Defaults of method
arguments stay on the server: an omitted argument is not sent.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from generator.config import make_config
from generator.diagnostics import Diagnostic
from generator.pipeline import build
from generator.write import write
from tests.fault_server import FaultServer, Reply
from tests.helpers import ROOT, check_trees, import_package
from tests.program_checks import type_check

SPECS = Path(__file__).parent / "object_defaults"
VERSIONS = ("31", "30", "20")
UNIONS = ("31", "30")  # Swagger 2.0 has no oneOf
# The extended lint every SDK passes (COMMON contract); E402: the models' bottom-of-module
# imports are how cycles between model modules resolve (model_modules.py), not this feature's.


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Diagnostic]]]:
    out: dict[str, tuple[Path, list[Diagnostic]]] = {}
    for version in VERSIONS:
        package = f"defaults{version}"
        folder = tmp_path_factory.mktemp(package)
        config = make_config(SPECS / f"defaults_{version}.yaml", output=folder, package_name=package, base=ROOT)
        built = build(config, lenient=False)
        write(folder, built.files, built.prints)
        out[version] = folder, built.diagnostics
    return out


@pytest.fixture(scope="module", params=VERSIONS)
def version(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def sdk(generated: dict[str, tuple[Path, list[Diagnostic]]], version: str) -> ModuleType:
    return import_package(generated[version][0], f"defaults{version}")


def spec_defaults(version: str, model: str) -> dict[str, Any]:
    """The spec's defaults of a model's properties, as JSON (wire names)."""
    spec = yaml.safe_load((SPECS / f"defaults_{version}.yaml").read_text(encoding="utf-8"))
    schemas = spec["definitions"] if version == "20" else spec["components"]["schemas"]
    return {name: p["default"] for name, p in schemas[model]["properties"].items() if "default" in p}


def test_a_list_default_of_models_holds_models(sdk: ModuleType) -> None:
    m = sdk.models
    bar = m.Bar()
    first, second = bar.baz
    assert type(first) is m.Baz and type(second) is m.Baz
    assert (first.name, first.count, first.label, first.note, first.wire_name) == ("one", 1, "first", None, "w1")
    assert first.kind is m.Kind.SMALL and first.kinds == [m.Kind.SMALL, m.Kind.LARGE]
    assert all(type(k) is m.Kind for k in first.kinds)
    assert second.name == "two" and second.model_fields_set == {"name"}
    assert [type(b) for b in bar.baz_list] == [m.Baz] and bar.baz_list[0].name == "dashed"


def test_object_and_map_defaults_hold_models_and_enum_members(sdk: ModuleType) -> None:
    m = sdk.models
    bar = m.Bar()
    assert type(bar.qux) is m.Qux and type(bar.qux.baz) is m.Baz and bar.qux.baz.kind is m.Kind.LARGE
    assert type(bar.qux.bazzes["a"]) is m.Baz and bar.qux.bazzes["a"].kinds == [m.Kind.LARGE]
    assert type(bar.baz_map["first"]) is m.Baz and bar.baz_map["first"].wire_name == "w2"
    assert bar.kinds == [m.Kind.LARGE, m.Kind.SMALL] and bar.kind_map == {"x": m.Kind.SMALL}
    assert type(bar.kind_map["x"]) is m.Kind
    assert bar.empty == [] and bar.empty_map == {}
    if hasattr(bar, "mixed"):  # a list of a union of scalars, through `list[int | str](...)` for mypy
        assert bar.mixed == [1, "a"]
    assert m.Bar.model_fields["empty"].default_factory is list
    assert m.Bar.model_fields["empty_map"].default_factory is dict
    order = m.Order()
    assert [type(line) for line in order.lines] == [m.Line] and order.lines[0].kind is m.Kind.LARGE
    assert type(order.by_kind["small"]) is m.Line and order.kinds == [m.Kind.SMALL]


def test_a_union_default_is_the_member_it_belongs_to(sdk: ModuleType, version: str) -> None:
    if version not in UNIONS:
        pytest.skip("Swagger 2.0 has no unions")
    m = sdk.models
    bar = m.Bar()
    assert type(bar.pet) is m.Dog  # 3.0: fits Cat too; the discriminator says Dog
    assert [type(p) for p in bar.pets] == [m.Cat, m.Dog]
    assert type(bar.shape) is m.Square and bar.shape.side == 2.5  # the one member it fits
    assert bar.maybe is not None and bar.maybe.name == "maybe" and bar.nothing is None
    assert bar.either is None and m.Bar.model_fields["either"].default is None  # fits both: not applied
    assert bar.bad_shape is None and m.Bar.model_fields["bad_shape"].default is None  # fits none: dropped
    assert type(bar.meta) is m.Meta and bar.meta.name == "m" and bar.meta.model_extra == {"x-extra": "v"}


DROPPED = {  # property of Bar → (diagnostic kind, what its message says), for 3.1 (3.0: no `window`)
    "either": ("default-not-applied", "fits several variants of the union (Left, Right)"),
    "badShape": ("bad-default", "matches no variant of the union"),
    "window": ("bad-default", "property 'start' is present, so 'end' must be too"),  # dependentRequired
}


def test_a_default_that_fits_several_members_or_none_is_reported_and_dropped(
    generated: dict[str, tuple[Path, list[Diagnostic]]],
) -> None:
    for version in UNIONS:
        found = {d.pointer: (d.kind, d.message) for d in generated[version][1]}
        expected = {k: v for k, v in DROPPED.items() if version == "31" or k != "window"}
        assert sorted(found) == sorted(f"#/components/schemas/Bar/properties/{k}/default" for k in expected)
        for name, (kind, reason) in expected.items():
            assert found[f"#/components/schemas/Bar/properties/{name}/default"][0] == kind
            assert reason in found[f"#/components/schemas/Bar/properties/{name}/default"][1]
    assert generated["20"][1] == []


def test_instances_never_share_a_default(sdk: ModuleType) -> None:
    a, b = sdk.models.Bar(), sdk.models.Bar()
    for name, field in sdk.models.Bar.model_fields.items():
        if field.default_factory is not None:
            assert getattr(a, name) is not getattr(b, name), name
    assert a.baz[0] is not b.baz[0] and a.qux.baz is not b.qux.baz
    a.baz.append(sdk.models.Baz(name="three"))
    a.baz[0].kinds.append(sdk.models.Kind.SMALL)
    a.empty.append(sdk.models.Baz(name="x"))
    assert len(b.baz) == 2 and b.baz[0].kinds == [sdk.models.Kind.SMALL, sdk.models.Kind.LARGE] and b.empty == []


@pytest.mark.parametrize("model", ["Bar", "Order"])
def test_a_default_only_instance_dumps_the_specs_defaults(sdk: ModuleType, version: str, model: str) -> None:
    cls = getattr(sdk.models, model)
    instance = cls()
    expected = spec_defaults(version, model)
    for name in DROPPED:
        expected.pop(name, None)
    instance.model_fields_set.update(cls.model_fields)  # every field, the nested ones as they were set
    dumped = instance.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert {k: dumped[k] for k in expected} == expected
    assert cls.model_validate(cls().model_dump(by_alias=True)) == cls()


def test_defaults_of_method_arguments_stay_on_the_server(sdk: ModuleType, server: FaultServer) -> None:
    package = sdk.__name__
    client = getattr(sdk, f"{package.capitalize()}Client")(base_url=server.url)
    server.script.append(Reply(204))
    client.orders.create(body=sdk.models.Order())
    (seen,) = server.seen
    assert seen.query == {}  # `kinds` and `line` default on the server: not sent
    assert json.loads(seen.body) == {"lines": [{"sku": "a", "qty": 1, "kind": "large"}]}  # required: always sent


PROGRAM = """\
# pyright: strict
from {package}.models import Bar, Baz, Kind, Line, Order


def first_kinds() -> list[Kind]:
    first: Baz = Bar().baz[0]
    return (first.kinds or []) + list(Bar().kind_map.values())


def lines() -> list[Line]:
    return Order().lines + list(Order().by_kind.values())


def names() -> list[str]:
    inner = Bar().qux.baz
    return [b.name for b in Bar().baz] + [inner.name if inner is not None else ""]
"""

UNION_PROGRAM = """
from {package}.models import Cat, Dog, Square


def pets() -> list[Cat | Dog]:
    shape = Bar().shape
    assert isinstance(shape, Square)
    return [*Bar().pets, Bar().pet]
"""


@pytest.mark.slow  # mypy and pyright
def test_the_sdks_and_a_program_reading_the_defaults_type_check(
    generated: dict[str, tuple[Path, list[Diagnostic]]],
) -> None:
    trees = [(folder, f"defaults{version}") for version, (folder, _) in generated.items()]
    problems = check_trees(trees)
    assert all(found == [] for found in problems.values()), problems
    for version, (folder, _) in generated.items():
        package = f"defaults{version}"
        source = PROGRAM + (UNION_PROGRAM if version in UNIONS else "")
        (folder / "use_defaults.py").write_text(source.format(package=package), encoding="utf-8")
        checked = type_check(folder, ["use_defaults.py"])
        assert checked.clean(), (version, checked.mypy_output, checked.pyright)
