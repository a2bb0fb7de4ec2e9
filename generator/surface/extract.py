"""The named IR → the SDK's public surface: what a user of the generated package can call,
construct and import, as plain data (`Surface`).

Input: `pipeline.analyze(config)` (`.api`, `.config`); nothing is rendered. Every name and
annotation comes from the functions the views use (`views_project.client_view`,
`views_resources.group_types` / `signature_params` / `operation_view` / `error_types`,
`views.models_view`), so the surface is what the generated Python exposes, not a re-derivation.

Output invariants:
- annotations are in their *public* spelling (`public_annotation`): the generated code's private
  module aliases dropped (`_t.Literal` → `Literal`, `models.Run` → `Run`, `_pagination.SyncPager`
  → `SyncPager`, `_dt.datetime` → `datetime.datetime`), pydantic's discriminator metadata
  dropped, the models' constraint checks kept (`Annotated[str, checks(max_length=5)]`);
- the sync surface stands for the async one (`Async<Class>`, same methods) and for the raw
  wrappers (`<Class>WithRawResponse`): `mirrors()` gives their object paths;
- per-call options (`extra_headers`, `timeout`, …) and the client's fixed options (`base_url`,
  `server`, …) are the same in every SDK and left out;
- every model, enum and alias says whether it is reached from requests (parameters, bodies),
  responses (success and error bodies), both, or neither (`direction`), following references
  transitively; a read-only field is followed on the response side only, a write-only one on
  the request side only;
- `py_path` is where an object is defined in the generated package (what `griffe` reports):
  `pkg.resources.<module>.<Class>.<method>`, `pkg.models._models.<Class>` (re-exported as
  `pkg.models.<Class>`), `pkg._client.<Client>.<group>`, `pkg.errors.<Error>`;
- `to_json()` is deterministic (collections sorted by name, parameters and servers in their
  order, which is meaningful) and `Surface.from_json(s.to_json()) == s`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, Literal, cast

from generator import ir
from generator.config import SdkConfig
from generator.python.pycode import definitions_of
from generator.python.render import ERROR_NAMES
from generator.python.views_models import models_view
from generator.python.views_project import client_class_name, client_view, walk
from generator.python.views_resources import (
    POLL_OPTIONS,
    error_types,
    group_types,
    operation_view,
    signature_params,
)

FORMAT = 1  # the version of the JSON layout; a stored surface of another version is not compared
Direction = Literal["request", "response", "both", "none"]

# The generated code's private aliases → the public spelling ("" drops the prefix).
_MODULES = {
    "_t": "",
    "_b": "",
    "_base": "",
    "_pagination": "",
    "_streaming": "",
    "models": "",
    "_dt": "datetime",
    "_uuid": "uuid",
    "_decimal": "decimal",
}
_PYDANTIC_METADATA = ("Field", "Discriminator", "Tag")  # `_p.<name>(...)` in Annotated: runtime only


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


@dataclass(frozen=True, slots=True)
class Group:
    path: str  # dotted attribute path from the client
    class_name: str
    module: str  # pkg.resources.<module>
    py_path: str  # the attribute that reaches it (`pkg._client.<Client>.projects`)


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
        raw = data[f.name]
        values[f.name] = tuple(_load(nested, item) for item in raw) if nested else _tuples(raw)
    return cls(**values)


def _tuples(value: object) -> object:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


# ------------------------------------------------------------------------------ extraction
def extract(api: ir.Api, config: SdkConfig) -> Surface:
    """The public surface of the SDK `render(api, config)` would generate."""
    pkg = config.package_name
    client = client_class_name(pkg)
    ops = {op.key: op for op in api.operations}
    groups: list[Group] = []
    methods: list[Method] = []
    parents: dict[tuple[str, ...], tuple[str, str]] = {(): ("", f"{pkg}._client.{client}")}  # path → (dotted, owner)
    for group in walk(api.root):
        if not group.path:
            continue
        parent_dotted, owner = parents[group.path[:-1]]
        dotted = f"{parent_dotted}.{group.py_name}" if parent_dotted else group.py_name
        class_path = f"{pkg}.resources.{group.module}.{group.class_name}"
        parents[group.path] = (dotted, class_path)
        groups.append(Group(dotted, group.class_name, group.module, f"{owner}.{group.py_name}"))
        methods += _methods(api, group, ops, dotted, class_path, config.line_length)
    directions = _directions(api)
    models, enums, aliases = _definitions(api, pkg, directions, config.line_length)
    return Surface(
        pkg,
        client,
        _client_params(api, config, client),
        tuple(
            Server(s.url, tuple(ServerVariable(v.name, v.default, v.enum) for v in s.variables)) for s in api.servers
        ),
        tuple(groups),
        tuple(methods),
        models,
        enums,
        aliases,
        tuple(ERROR_NAMES),
    ).canonical()


def _methods(
    api: ir.Api, group: ir.Group, ops: dict[str, ir.Operation], dotted: str, class_path: str, line_length: int
) -> list[Method]:
    types = group_types(api, group, ops)
    out = []
    for key in group.operations:
        op = ops[key]
        view = operation_view(op, ops, types, line_length)
        params = tuple(
            Parameter(
                p.py_name,
                public_annotation(p.annotation),
                p.default is None,
                p.positional,
                p.source.location if p.source is not None else "body",
                p.source.wire_name if p.source is not None else "",
            )
            for p in signature_params(op, types)
        )
        errors = tuple((status, public_annotation(t)) for status, t in error_types(op, types))
        endpoint = f"{op.method.upper()} {op.path}"
        returns = public_annotation(view.returns_for(""))
        path = f"{class_path}.{op.py_name}"
        out.append(Method(dotted, op.py_name, params, returns, errors, endpoint, "", op.deprecated, path))
        if view.polling is not None:
            poll = view.polling
            options = tuple(_parsed_param(code, "option") for code in POLL_OPTIONS)
            out.append(
                Method(
                    dotted,
                    poll.py_name,
                    params + options,
                    public_annotation(poll.returns),
                    errors,
                    endpoint,
                    op.py_name,
                    op.deprecated,
                    f"{class_path}.{poll.py_name}",
                )
            )
    return out


def _client_params(api: ir.Api, config: SdkConfig, client: str) -> tuple[Parameter, ...]:
    """The constructor's spec-derived parameters: global parameters (required ones raise when
    neither passed nor set in the environment) and credentials (always optional)."""
    globals_ = {g.py_name: g for g in api.globals}
    out = []
    for code in client_view(api, config, client).init_params:
        param = _parsed_param(code, "global")
        g = globals_.get(param.name)
        if g is None:
            out.append(Parameter(param.name, param.annotation, False, False, "credential"))
        else:
            out.append(Parameter(param.name, param.annotation, g.required, False, "global", g.wire_name))
    return tuple(out)


def _parsed_param(code: str, location: str) -> Parameter:
    """A `name: annotation = default` parameter the views wrote, read back."""
    arg = cast(ast.FunctionDef, ast.parse(f"def _(*, {code}): pass").body[0]).args
    annotation = arg.kwonlyargs[0].annotation
    assert annotation is not None
    return Parameter(
        arg.kwonlyargs[0].arg, public_annotation(ast.unparse(annotation)), arg.kw_defaults[0] is None, False, location
    )


def _definitions(
    api: ir.Api, pkg: str, directions: dict[str, Direction], line_length: int
) -> tuple[tuple[Model, ...], tuple[Enum, ...], tuple[Alias, ...]]:
    view = models_view(api, line_length)
    model_views = {m.class_name: m for m in view.models}
    alias_views = {a.class_name: a for a in view.aliases}
    models, enums, aliases = [], [], []
    for d in api.definitions:
        direction = directions.get(d.key, "none")
        path = f"{pkg}.models._models.{d.class_name}"
        match d:
            case ir.ModelDef():
                fields = tuple(
                    Field(
                        fv.py_name,
                        f.wire_name,
                        public_annotation(fv.annotation),
                        fv.required,
                        f.read_only,
                        f.write_only,
                        _default(fv.default) if not fv.required else None,
                    )
                    for f, fv in zip(d.fields, model_views[d.class_name].fields, strict=True)
                )
                models.append(Model(d.class_name, fields, direction, path))
            case ir.EnumDef():
                enums.append(
                    Enum(d.class_name, d.base, tuple((m.py_name, m.value) for m in d.members), direction, path)
                )
            case ir.AliasDef():
                aliases.append(Alias(d.class_name, public_annotation(alias_views[d.class_name].expr), direction, path))
    return tuple(models), tuple(enums), tuple(aliases)


def _default(code: str | None) -> str | None:
    """The default of a field's `= ...`: the value itself, out of `_p.Field(default=…, alias=…)`."""
    if code is None:
        return None
    node = ast.parse(code, mode="eval").body
    if isinstance(node, ast.Call) and _is_pydantic(node.func, "Field"):
        for kw in node.keywords:
            if kw.arg == "default":
                return public_annotation(ast.unparse(kw.value))
            if kw.arg == "default_factory" and isinstance(kw.value, ast.Lambda):
                return public_annotation(ast.unparse(kw.value.body))
        return None  # only an alias: no default
    return public_annotation(code)


def _directions(api: ir.Api) -> dict[str, Direction]:
    """Definition key → the side(s) of the API that reach it."""
    defs = definitions_of(api)
    reached: dict[str, set[str]] = {}
    pending: list[tuple[ir.Type, str]] = []
    for op in api.operations:
        pending += [(p.type, "request") for p in op.params]
        if op.body is not None:
            pending.append((op.body.type, "request"))
        pending += [(c.type, "response") for r in op.responses for c in r.contents if c.type is not None]
    while pending:  # iterative: recursive schemas are expected
        t, side = pending.pop()
        match t:
            case ir.Array(item=inner) | ir.Map(value=inner) | ir.Nullable(inner=inner):
                pending.append((inner, side))
            case ir.Union(variants=variants):
                pending += [(v, side) for v in variants]
            case ir.Ref(key=key) if side not in reached.setdefault(key, set()):
                reached[key].add(side)
                d = defs[key]
                if isinstance(d, ir.AliasDef):
                    pending.append((d.type, side))
                elif isinstance(d, ir.ModelDef):
                    # a read-only field is never sent, a write-only one never returned
                    pending += [
                        (f.type, side) for f in d.fields if not (f.read_only if side == "request" else f.write_only)
                    ]
                    if d.additional is not None:
                        pending.append((d.additional, side))
    names: dict[frozenset[str], Direction] = {
        frozenset({"request"}): "request",
        frozenset({"response"}): "response",
        frozenset({"request", "response"}): "both",
    }
    return {key: names[frozenset(sides)] for key, sides in reached.items() if sides}


# ------------------------------------------------------------------------------ annotations
class _Public(ast.NodeTransformer):
    def visit_Attribute(self, node: ast.Attribute) -> ast.expr:
        if isinstance(node.value, ast.Name) and node.value.id in _MODULES:
            module = _MODULES[node.value.id]
            return ast.Name(node.attr) if not module else ast.Attribute(ast.Name(module), node.attr)
        return cast(ast.expr, self.generic_visit(node))

    def visit_Name(self, node: ast.Name) -> ast.expr:
        # the models module's own helpers, imported under private names
        return ast.Name(node.id.removeprefix("_")) if node.id in ("_checks", "_discriminate") else node

    def visit_Subscript(self, node: ast.Subscript) -> ast.expr:
        if _is_typing(node.value, "Annotated") and isinstance(node.slice, ast.Tuple):
            first, *metadata = node.slice.elts
            kept = [m for m in metadata if not (isinstance(m, ast.Call) and _is_pydantic(m.func, *_PYDANTIC_METADATA))]
            if not kept:
                return cast(ast.expr, self.visit(first))
            node.slice.elts = [first, *kept]
        return cast(ast.expr, self.generic_visit(node))


def _is_typing(node: ast.expr, name: str) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == name
        and isinstance(node.value, ast.Name)
        and node.value.id == "_t"
    )


def _is_pydantic(node: ast.expr, *names: str) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr in names
        and isinstance(node.value, ast.Name)
        and node.value.id == "_p"
    )


def public_annotation(code: str) -> str:
    """The generated annotation in its public spelling (see the module docstring)."""
    tree = ast.parse(code.strip(), mode="eval")
    return ast.unparse(_Public().visit(tree))


def mirrors(py_path: str) -> tuple[str, ...]:
    """The object paths that expose the same thing as a sync resource class or method:
    `pkg.resources.m.Runs.start` → itself, `…AsyncRuns.start`, `…RunsWithRawResponse.start`,
    `…AsyncRunsWithRawResponse.start` (a raw wrapper exists for methods that return a parsed
    body); the client's group attributes likewise."""
    parts = py_path.split(".")
    for at, part in enumerate(parts):
        if part[:1].isupper():
            return tuple(
                ".".join([*parts[:at], f"{prefix}{part}{suffix}", *parts[at + 1 :]])
                for suffix in ("", "WithRawResponse")
                for prefix in ("", "Async")
            )
    return (py_path,)
