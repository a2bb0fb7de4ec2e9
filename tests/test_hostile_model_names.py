"""Issue 12, models: Python names and wire names are never confused.

One spec (written here) whose objects collide in every way a wire name can meet a Python name:
camelCase / snake_case / kebab-case pairs that snake to one name, names that differ only in
case, NFKC-equivalent names (`ﬁeld` / `field`, KELVIN SIGN / `K`, fullwidth letters, accents),
Python keywords and builtins, pydantic's and our model base's own attributes, dunders, the empty
name — nested, in arrays of arrays, nullable, required and optional, in a discriminated union
and with typed additional properties. The SDK is generated once; hypothesis then builds valid
wire objects, with unknown keys drawn from every Python name the models use, and checks that
each path from the wire and back to it is the identity.
"""

from __future__ import annotations

import json
import keyword
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.naming import Namer
from tests.fault_server import FaultServer, Reply
from tests.helpers import generate, import_package
from tests.program_checks import type_check


def _s(kind: str, nullable: bool = False) -> dict[str, Any]:
    return {"type": [kind, "null"] if nullable else kind}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


RESERVED = """class class_ def None True import self model_config model_config_ model_config_2
model_fields model_dump model_validate copy json json_ dict schema construct validate fields str int
list __class__ __dict__ _sdk_serialize __sdk_always_send__ __pydantic_extra__ __init__ field value""".split()
SCHEMAS: dict[str, Any] = {
    "Collide": {
        "type": "object",
        "required": ["userId", "user_id"],
        "properties": {
            "userId": _s("string"),
            "user_id": _s("integer"),
            "UserID": _s("boolean"),
            "user-id": _s("number"),
            "USER_ID": _s("string", nullable=True),
            "user_id2": _s("string"),  # what a numeric suffix would make of `user_id`
            "userId2": _s("integer", nullable=True),
        },
    },
    "Unicode": {
        "type": "object",
        "required": ["\ufb01eld", "K"],
        "properties": {
            "\ufb01eld": _s("string"),  # the `fi` ligature: NFKC `field`
            "field": _s("integer"),
            "\u212a": _s("string"),  # KELVIN SIGN: NFKC `K`
            "K": _s("integer"),
            "\uff55\uff53\uff45\uff52": _s("string"),  # fullwidth `user`
            "user": _s("boolean", nullable=True),
            "": _s("string"),
            "\u00e9t\u00e9": _s("integer"),
            "ete": _s("string"),
        },
    },
    "Reserved": {"type": "object", "properties": {name: _s("string") for name in RESERVED}},
    "Case": {"type": "object", "properties": {k: _s("integer") for k in ["a", "A", "aB", "Ab", "ab", "a_b", "A_B"]}},
    "Cat": {
        "type": "object",
        "required": ["petType"],
        "properties": {
            "petType": {"type": "string", "enum": ["cat"]},
            "pet_type": _s("integer"),
            "PetType": _s("string"),
        },
    },
    "Dog": {
        "type": "object",
        "required": ["petType"],
        "properties": {"petType": {"type": "string", "enum": ["dog"]}, "pet_type": _s("string")},
    },
    "Pet": {
        "oneOf": [_ref("Cat"), _ref("Dog")],
        "discriminator": {
            "propertyName": "petType",
            "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"},
        },
    },
    "Counts": {
        "type": "object",
        "properties": {"total": _s("integer"), "total_": _s("integer")},
        "additionalProperties": _s("integer"),
    },
    "Outer": {
        "type": "object",
        "required": ["inner"],
        "properties": {
            "inner": _ref("Collide"),
            "Inner": _ref("Unicode"),
            "items": {"type": "array", "items": _ref("Reserved")},
            "user_id": {"anyOf": [_ref("Case"), {"type": "null"}]},
            "userId": {"type": "array", "items": {"type": "array", "items": _ref("Collide")}},
            "pets": {"type": "array", "items": _ref("Pet")},
            "counts": _ref("Counts"),
            "model_config": {
                "type": "object",
                "properties": {"model_config": _s("string"), "modelConfig": _s("integer")},
            },
        },
    },
}
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Names", "version": "1"},
    "paths": {
        "/echo": {
            "post": {
                "operationId": "echo",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("Outer")}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": _ref("Outer")}}}},
            }
        }
    },
    "components": {"schemas": SCHEMAS},
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("names")
    spec = root / "names.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    out = generate(spec, root / "out", "names_sdk")
    package = import_package(out, "names_sdk")
    yield package


def _models(sdk: ModuleType) -> list[Any]:
    found = [getattr(sdk.models, name) for name in sdk.models.__all__]
    return [m for m in found if isinstance(m, type) and issubclass(m, sdk._model_base.SDKModel)]


def _wire_name(name: str, info: Any) -> str:
    return name if info.validation_alias is None else str(info.validation_alias)


# Valid wire objects -----------------------------------------------------------------------------
HOSTILE_KEYS = [*RESERVED, "ﬁeld", "\u212a", "K", "_private", "__slots__", "model_extra", "model_fields_set", ""]
TEXT = st.text(st.characters(codec="utf-8"), max_size=8)  # no lone surrogates: JSON text
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


def wire(schema: dict[str, Any], extra_keys: list[str]) -> st.SearchStrategy[Any]:
    """Valid instances of `schema` (the subset this spec uses). Objects get unknown keys drawn
    from `extra_keys` (every Python name of the SDK's models, and hostile ones) and from text."""
    if "$ref" in schema:
        return st.deferred(lambda: wire(SCHEMAS[schema["$ref"].rsplit("/", 1)[1]], extra_keys))
    for union in ("oneOf", "anyOf"):
        if union in schema:
            return st.one_of([wire(s, extra_keys) for s in schema[union]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    scalar = {
        "null": st.none(),
        "boolean": st.booleans(),
        "integer": st.integers(),
        "number": st.floats(allow_nan=False, allow_infinity=False),
        "string": TEXT,
    }
    options: list[st.SearchStrategy[Any]] = [scalar[k] for k in kinds if k in scalar]
    if "array" in kinds:
        options.append(st.lists(wire(schema["items"], extra_keys), max_size=2))
    if "object" in kinds:
        options.append(_object(schema, extra_keys))
    return st.one_of(options)


def _object(schema: dict[str, Any], extra_keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    props: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    declared = st.fixed_dictionaries(
        {k: wire(v, extra_keys) for k, v in props.items() if k in required},
        optional={k: wire(v, extra_keys) for k, v in props.items() if k not in required},
    )
    additional = schema.get("additionalProperties", True)
    value = JSON if additional is True else wire(additional, extra_keys)
    unknown = [k for k in extra_keys if k not in props]
    keys = (st.sampled_from(unknown) | TEXT).filter(lambda k: k not in props)
    extras = st.dictionaries(keys, value, max_size=3)
    return st.builds(lambda d, e: {**e, **d}, declared, extras)


class Wire:
    """Valid `Outer` wire objects (a short repr: hypothesis prints its test's arguments)."""

    def __init__(self, sdk: ModuleType) -> None:
        python_names = sorted({name for model in _models(sdk) for name in model.model_fields})
        self.strategy = wire(SCHEMAS["Outer"], [*python_names, *HOSTILE_KEYS])

    def __repr__(self) -> str:
        return "Wire(Outer)"


@pytest.fixture(scope="module")
def outer_wire(sdk: ModuleType) -> Wire:
    return Wire(sdk)


PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# The properties ---------------------------------------------------------------------------------
def test_names_never_meet(sdk: ModuleType) -> None:
    """No Python name is another field's wire name; every Python name is an NFKC-normal
    identifier, not a keyword, not an attribute of the model base, and unique after NFKC."""
    base = sdk._model_base.SDKModel
    for model in _models(sdk):
        names = {name: _wire_name(name, info) for name, info in model.model_fields.items()}
        assert all(info.validation_alias == info.serialization_alias for info in model.model_fields.values())
        for name in names:
            assert name.isidentifier() and not keyword.iskeyword(name), (model, name)
            assert unicodedata.normalize("NFKC", name) == name, (model, name)
            assert not hasattr(base, name), (model, name)
            others = {w for n, w in names.items() if n != name}
            assert name not in others, f"{model.__name__}.{name} is another field's wire name"
        assert len({unicodedata.normalize("NFKC", n) for n in names}) == len(names)


def test_the_namer_compares_names_as_python_reads_them() -> None:
    """NFKC: a name is handed out in the form Python gives it, and is then taken in every
    form that normalizes to it."""
    namer = Namer()
    assert [namer.claim(["\ufb01eld"]), namer.claim(["field"]), namer.claim(["\u212a"]), namer.claim(["K"])] == [
        "field",
        "field2",
        "K",
        "K2",
    ]
    assert not namer.free("\uff2b2") and not namer.free("\u212a2") and namer.free("k2")  # fullwidth K, Kelvin


@PROPERTY
@given(data=st.data())
def test_wire_round_trip(sdk: ModuleType, outer_wire: Wire, data: st.DataObject) -> None:
    """Wire → model → wire is the identity: by `model_validate`, from JSON text, and through the
    runtime's response parser; and the request serializer sends the same keys back."""
    value = data.draw(outer_wire.strategy)
    outer = sdk.models.Outer
    text = json.dumps(value)
    for model in (
        outer.model_validate(value),
        outer.model_validate_json(text),
        sdk._decode.from_wire(outer, text.encode()),
        sdk._decode.from_wire_data(outer, value),
    ):
        assert model.model_dump(by_alias=True, exclude_unset=True) == value
        assert sdk._serialize.jsonable(model) == json.loads(text)


@PROPERTY
@given(data=st.data())
def test_constructor_takes_python_names(sdk: ModuleType, outer_wire: Wire, data: st.DataObject) -> None:
    """Each model built again with keyword arguments by Python name (values of nested models
    built the same way) serializes for a request to the wire object without its unknown keys."""
    value = data.draw(outer_wire.strategy)

    def rebuild(item: Any) -> Any:
        if isinstance(item, sdk._model_base.SDKModel):
            names = item.model_fields_set & type(item).model_fields.keys()
            kwargs = {name: rebuild(getattr(item, name)) for name in names}
            return type(item)(**kwargs)
        return [rebuild(x) for x in item] if isinstance(item, list) else item

    def known(item: Any, model: Any) -> Any:
        if isinstance(model, sdk._model_base.SDKModel):
            wires = {_wire_name(name, info): name for name, info in type(model).model_fields.items()}
            return {k: known(v, getattr(model, wires[k])) for k, v in item.items() if k in wires}
        return [known(x, m) for x, m in zip(item, model, strict=True)] if isinstance(item, list) else item

    parsed = sdk.models.Outer.model_validate(value)
    built = rebuild(parsed)
    assert built.model_extra == {}
    assert sdk._serialize.jsonable(built) == json.loads(json.dumps(known(value, parsed)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_on_the_wire(sdk: ModuleType, outer_wire: Wire, data: st.DataObject) -> None:
    """Over real HTTP: the model sent is the wire object, and the echoed answer parses back to
    it (the generated method's own request and response paths). (A plain dict body is not wire
    data: it is keyed as the model's TypedDict, by Python names; tests/test_typed_bodies.py.)"""
    value = data.draw(outer_wire.strategy)
    with FaultServer() as server:
        server.default = lambda seen: Reply(200, json.loads(seen.body))
        with sdk.NamesSdkClient(base_url=server.url) as client:
            got = client.echo.echo(body=sdk.models.Outer.model_validate(value))
    assert [json.loads(s.body) for s in server.seen] == [json.loads(json.dumps(value))]
    assert got.model_dump(by_alias=True, exclude_unset=True) == value


def test_a_server_key_equal_to_a_python_name_stays_unknown(sdk: ModuleType) -> None:
    """The issue's example: `userId` (Python `user_id3`) beside `user_id`; and `A` (Python
    `a2`) beside `a`. From the server, the keys `user_id3` and `a2` are unknown fields: they do
    not fill (or mark as sent) the fields whose Python names they are."""
    collide, case = sdk.models.Collide, sdk.models.Case
    camel = {_wire_name(name, info): name for name, info in collide.model_fields.items()}["userId"]
    upper = {_wire_name(name, info): name for name, info in case.model_fields.items()}["A"]
    assert (camel, upper) == ("user_id3", "a2")
    cases: list[tuple[Any, dict[str, Any]]] = [
        (collide, {"user_id": 5, "userId": "x", camel: [1, 2]}),
        (case, {"a": 1, upper: 7}),
        (case, {"a": 1, upper: None}),
    ]
    for model, value in cases:
        for parsed in (model.model_validate(value), sdk._decode.from_wire(model, json.dumps(value))):
            assert parsed.model_extra == {k: v for k, v in value.items() if k in (camel, upper)}
            assert parsed.model_dump(by_alias=True, exclude_unset=True) == value
    made = collide(**{camel: "x", "user_id": 5})
    assert sdk._serialize.jsonable(made) == {"userId": "x", "user_id": 5}
    assert sdk._serialize.jsonable(case(a=1, **{upper: 2})) == {"a": 1, "A": 2}


@pytest.mark.slow
def test_type_checkers_show_python_names(sdk: ModuleType, tmp_path: Path) -> None:
    """mypy --strict (with the pydantic plugin the SDK's README asks for) and pyright accept
    constructors called with Python names; pyright refuses a wire name as a keyword."""
    project = Path(str(sdk.__file__)).parent.parent
    names = {_wire_name(n, info): n for n, info in sdk.models.Collide.model_fields.items()}
    good = project / "use_names.py"
    good.write_text(
        "from names_sdk.models import Collide, Outer\n\n"
        f"inner = Collide({names['userId']}='a', user_id=1, {names['UserID']}=True)\n"
        f"outer = Outer(inner=inner, {sdk.models.Outer.model_fields['user_id2'] and 'user_id2'}=[[inner]])\n",
        encoding="utf-8",
    )
    bad = project / "use_wire_names.py"
    bad.write_text("from names_sdk.models import Collide\n\nCollide(userId='a', user_id=1)\n", encoding="utf-8")
    checked = type_check(project, [good.name, bad.name])
    assert checked.pyright.keys() == {bad.name} and checked.mypy.keys() <= {bad.name}, checked  # the good one is clean
    messages = checked.pyright[bad.name]
    assert any('"userId"' in m for m in messages), messages
