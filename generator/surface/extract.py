"""The named IR → the SDK's public surface: what a user of the generated package can call,
construct and import, as plain data (`Surface`).

Input: `pipeline.analyze(config)` (`.api`, `.config`); nothing is rendered and no generated
code is parsed. Every name comes from the naming stage and every annotation from the functions
the views use (`views_resources.group_types`, `views_operations.signature_params` /
`result_annotation` / `error_types`, `views_models.field_parts`), spelled by
`pycode.Types(public=True)`, so the surface is what the generated Python exposes.

Output invariants:
- annotations are in their *public* spelling: the generated code's private
  module aliases dropped (`_t.Literal` → `Literal`, `models.Run` → `Run`, `_pagination.SyncPage`
  → `SyncPage`, `_dt.datetime` → `datetime.datetime`), pydantic's discriminator metadata
  dropped, the models' constraint checks kept (`Annotated[str, checks(max_length=5)]`);
- the sync surface stands for the async one (`Async<Class>`, same methods) and for the raw
  and streaming wrappers (`<Class>WithRawResponse`, `<Class>WithStreamingResponse`): `mirrors()`
  gives their object paths;
- per-call options (`extra_headers`, `timeout`, …) and the client's fixed options (`base_url`,
  `server`, …) are the same in every SDK and left out;
- every model, enum and alias says whether it is reached from requests (parameters, bodies),
  responses (success and error bodies), both, or neither (`direction`), following references
  transitively; a read-only field is followed on the response side only, a write-only one on
  the request side only;
- `py_path` is where an object is defined in the generated package (what `griffe` reports):
  `pkg.resources.<module>.<Class>.<method>`, `pkg.models._<module>.<Class>` (re-exported as
  `pkg.models.<Class>`; `model_modules.placement` says which module),
  `pkg._client.<Client>.<group>`, `pkg.errors.<Error>`;
- `to_json()` is deterministic (collections sorted by name, parameters and servers in their
  order, which is meaningful) and `Surface.from_json(s.to_json()) == s`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from generator import ir
from generator.config import SdkConfig
from generator.directions import Direction
from generator.directions import directions as directions_of
from generator.irquery import Index
from generator.python.model_modules import placement
from generator.python.naming import walk
from generator.python.pycode import Types
from generator.python.runtime_files import error_names
from generator.python.views_models import field_parts
from generator.python.views_operations import POLL_OPTIONS, error_types, mode_of, result_annotation, signature_params
from generator.python.views_params import typed_dict_name
from generator.python.views_resources import group_types

FORMAT = 1  # the version of the JSON layout; a stored surface of another version is not compared


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parameter of a method or of the client constructor. `location`: path, query, header,
    cookie, body, option (a helper's own option); for the client: global or credential."""

    name: str
    annotation: str
    required: bool
    positional: bool = False
    location: str = ""
    wire_name: str = ""


@dataclass(frozen=True, slots=True)
class Method:
    group: str  # dotted attribute path from the client: `projects.runs`
    name: str
    params: tuple[Parameter, ...]
    returns: str
    errors: tuple[tuple[str, str], ...] = ()  # (status, the model `error.body` is decoded as)
    endpoint: str = ""  # `POST /runs/{id}`
    helper_of: str = ""  # a `<start>_and_wait` helper: the start method
    deprecated: bool = False
    py_path: str = ""
    mirrors: tuple[str, ...] = ()  # the same method on the async and raw-response classes (py_path first)


@dataclass(frozen=True, slots=True)
class Group:
    path: str  # dotted attribute path from the client
    class_name: str
    module: str  # pkg.resources.<module>
    py_path: str  # the attribute that reaches it (`pkg._client.<Client>.projects`)
    mirrors: tuple[str, ...] = ()  # its class family and the attributes that reach each


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    wire_name: str
    annotation: str
    required: bool  # no default: the constructor needs it
    read_only: bool = False
    write_only: bool = False
    default: str | None = None  # the default's expression, when there is one


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    fields: tuple[Field, ...]
    direction: Direction
    py_path: str
    typed_dict: str = ""  # its TypedDict's path (`pkg.models._<module>.<Model>Param`), if a request body reaches it


@dataclass(frozen=True, slots=True)
class Enum:
    name: str
    base: str  # str or int
    members: tuple[tuple[str, str | int], ...]  # (Python name, wire value)
    direction: Direction
    py_path: str


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    annotation: str
    direction: Direction
    py_path: str


@dataclass(frozen=True, slots=True)
class ServerVariable:
    name: str
    default: str
    enum: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    variables: tuple[ServerVariable, ...] = ()


@dataclass(frozen=True, slots=True)
class Surface:
    package: str
    client: str  # the client class (`IntunedClient`; `Async…` mirrors it)
    client_params: tuple[Parameter, ...]
    servers: tuple[Server, ...]
    groups: tuple[Group, ...]
    methods: tuple[Method, ...]
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    aliases: tuple[Alias, ...]
    errors: tuple[str, ...]  # the classes of errors.py
    client_mirrors: tuple[str, ...] = ()  # the client's class family (`client_path` first)

    @property
    def client_path(self) -> str:
        return f"{self.package}._client.{self.client}"

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data: every dataclass a dict of its fields, in the `canonical` order."""
        data = _plain(self.canonical())
        assert isinstance(data, dict)
        return {"format": FORMAT, **data}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Surface:
        if data.get("format") != FORMAT:
            raise ValueError(f"surface format {data.get('format')!r} is not {FORMAT}")
        loaded = _load(cls, {k: v for k, v in data.items() if k != "format"})
        assert isinstance(loaded, Surface)
        return loaded.canonical()

    def canonical(self) -> Surface:
        """The same surface with its collections sorted by name (parameters and servers keep
        their order, which is meaningful), so equal surfaces compare equal."""
        return replace(
            self,
            groups=tuple(sorted(self.groups, key=lambda g: g.path)),
            methods=tuple(sorted(self.methods, key=lambda m: (m.group, m.name))),
            models=tuple(
                replace(m, fields=tuple(sorted(m.fields, key=lambda f: f.name)))
                for m in sorted(self.models, key=lambda m: m.name)
            ),
            enums=tuple(
                replace(e, members=tuple(sorted(e.members, key=lambda x: x[0])))
                for e in sorted(self.enums, key=lambda e: e.name)
            ),
            aliases=tuple(sorted(self.aliases, key=lambda a: a.name)),
            errors=tuple(sorted(self.errors)),
        )


# The fields that hold dataclasses, for `from_json`; every other list is a tuple of plain values.
_NESTED: dict[tuple[type, str], type] = {
    (Surface, "client_params"): Parameter,
    (Surface, "servers"): Server,
    (Surface, "groups"): Group,
    (Surface, "methods"): Method,
    (Surface, "models"): Model,
    (Surface, "enums"): Enum,
    (Surface, "aliases"): Alias,
    (Server, "variables"): ServerVariable,
    (Method, "params"): Parameter,
    (Model, "fields"): Field,
}


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _load(cls: type, data: dict[str, Any]) -> object:
    values = {}
    for f in fields(cls):
        nested = _NESTED.get((cls, f.name))
        if f.name not in data:  # a field added since the record was written: its default
            continue
        raw = data[f.name]
        values[f.name] = tuple(_load(nested, item) for item in raw) if nested else _tuples(raw)
    return cls(**values)


def _tuples(value: object) -> object:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


# ------------------------------------------------------------------------------ extraction
def extract(api: ir.Api, config: SdkConfig) -> Surface:
    """The public surface of the SDK `render(api, config)` would generate."""
    pkg = config.package_name
    index = Index.of(api)
    client = api.names["client"]
    client_family = _family(f"{pkg}._client", client, api.names)
    groups: list[Group] = []
    methods: list[Method] = []
    # group path → (dotted attribute path, the owner's class family paths)
    parents: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {(): ("", client_family)}
    for group in walk(api.root):
        if not group.path:
            continue
        parent_dotted, owners = parents[group.path[:-1]]
        dotted = f"{parent_dotted}.{group.py_name}" if parent_dotted else group.py_name
        family = _family(f"{pkg}.resources.{group.module}", group.class_name, group.names)
        parents[group.path] = (dotted, family)
        accessors = tuple(f"{owner}.{group.py_name}" for owner in owners)
        groups.append(Group(dotted, group.class_name, group.module, accessors[0], (*family, *accessors)))
        methods += _methods(index, group, dotted, family)
    directions = directions_of(api)
    models, enums, aliases = _definitions(index, pkg, directions)
    return Surface(
        pkg,
        client,
        _client_params(api),
        tuple(
            Server(s.url, tuple(ServerVariable(v.name, v.default, v.enum) for v in s.variables)) for s in api.servers
        ),
        tuple(groups),
        tuple(methods),
        models,
        enums,
        aliases,
        error_names(),
        client_family,
    ).canonical()


def _family(module: str, class_name: str, names: ir.Names) -> tuple[str, ...]:
    """The paths of a class and of the classes naming derived from it: sync, async, and their
    raw-response and streaming-response wrappers."""
    derived = (names["async"], names["raw"], names["async_raw"], names["streaming"], names["async_streaming"])
    return tuple(f"{module}.{name}" for name in (class_name, *derived))


def _methods(index: Index, group: ir.Group, dotted: str, family: tuple[str, ...]) -> list[Method]:
    types = group_types(index, group, public=True)
    out = []
    for key in group.operations:
        op = index.ops[key]
        params = tuple(
            Parameter(
                p.py_name,
                p.annotation,
                p.default is None,
                p.positional,
                p.source.location if p.source is not None else "body",
                p.source.wire_name if p.source is not None else "",
            )
            for p in signature_params(op, types)
        )
        errors = tuple((status, str(t)) for status, t in error_types(op, types))
        endpoint = f"{op.method.upper()} {op.path}"
        mirrors = tuple(f"{cls}.{op.py_name}" for cls in family)
        returns = result_annotation(op, types, qualified=False)
        out.append(
            Method(dotted, op.py_name, params, returns, errors, endpoint, "", op.deprecated, mirrors[0], mirrors)
        )
        if op.polling is not None and mode_of(op) == "parse":
            poll = index.ops[op.polling.poll_key]
            assert poll.success is not None and poll.success.type is not None
            options = tuple(Parameter(o.py_name, str(o.annotation), False, False, "option") for o in POLL_OPTIONS)
            helper = tuple(f"{cls}.{op.polling.py_name}" for cls in family)
            out.append(
                Method(
                    dotted,
                    op.polling.py_name,
                    params + options,
                    types.expr(poll.success.type),
                    errors,
                    endpoint,
                    op.py_name,
                    op.deprecated,
                    helper[0],
                    helper,
                )
            )
    return out


def _client_params(api: ir.Api) -> tuple[Parameter, ...]:
    """The constructor's spec-derived parameters: global parameters (required ones raise when
    neither passed nor set in the environment) and credentials (always optional)."""
    out = [Parameter(g.py_name, "str | None", g.required, False, "global", g.wire_name) for g in api.globals]
    out += [
        Parameter(argument, "str | None", False, False, "credential")
        for s in api.security_schemes
        for argument in s.arguments
    ]
    return tuple(out)


def _definitions(
    index: Index, pkg: str, directions: dict[str, Direction]
) -> tuple[tuple[Model, ...], tuple[Enum, ...], tuple[Alias, ...]]:
    types = Types(index.defs, constraints=True, public=True)
    models, enums, aliases = [], [], []
    where = placement(index.api.definitions)
    for d in index.api.definitions:
        direction = directions.get(d.key, "none")
        path = f"{pkg}.models.{where[d.class_name]}.{d.class_name}"
        match d:
            case ir.ModelDef():
                typed_dict = typed_dict_name(d)
                params_path = f"{pkg}.models.{where[typed_dict]}.{typed_dict}" if typed_dict is not None else ""
                models.append(
                    Model(d.class_name, tuple(_field(f, types) for f in d.fields), direction, path, params_path)
                )
            case ir.EnumDef():
                enums.append(
                    Enum(d.class_name, d.base, tuple((m.py_name, m.value) for m in d.members), direction, path)
                )
            case ir.AliasDef():
                aliases.append(Alias(d.class_name, types.expr(d.type), direction, path))
    return tuple(models), tuple(enums), tuple(aliases)


def _field(f: ir.Field, types: Types) -> Field:
    """A model field as its user sees it: what the models view decides (`field_parts`), in the
    public spelling."""
    parts = field_parts(f, types)
    default = parts.default[0] if parts.default is not None else None
    return Field(f.py_name, f.wire_name, parts.annotation, default is None, f.read_only, f.write_only, default)
