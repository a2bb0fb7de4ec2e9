"""The Python target's naming policy: `ir.Api` with spec words → `ir.Api` with every identifier the
Python SDK emits.

The only place spec text becomes a Python identifier, derived names included. One policy for
every kind of name: sanitize (ASCII words only) → split words → case → keywords, builtins and
reserved names → collisions (`generator.naming.Namer`), resolved with a longer candidate
(parent prefix, title, location) before a numeric suffix, each rename reported as an `info`
diagnostic. Names claimed together share one namespace:
- model, enum and alias classes and the TypedDicts of request bodies (the models package);
- the client's family and every resource group's family (`FooResource`, `AsyncFooResource`,
  `FooResourceWithRawResponse`, `AsyncFooResourceWithRawResponse`, and the two
  `...WithStreamingResponse`), which `_client.py` and the
  resource modules import side by side;
- the client constructor's arguments (global parameters, credentials) and its locals;
- each method's parameters and locals, each group's attributes and methods;
- environment variables; generated test functions (`test_x` and `test_x_async`).
Definitions are named in a fixed order (components before inline schemas, then by pointer), the
tree depth first, so names are deterministic and independent of hash seeds.
"""

from __future__ import annotations

import builtins
import keyword
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from generator import ir
from generator.config import SdkConfig
from generator.diagnostics import Diagnostic, pointer_join
from generator.directions import body_models
from generator.ir import replace
from generator.naming import Namer, alone, bounded, nfkc
from generator.words import split_words

# Names a model field cannot take: pydantic BaseModel's own attributes and the builtins its
# annotations use (a field named `str` would shadow `str` in the class body).
MODEL_RESERVED = frozenset(
    """construct copy dict json parse_obj parse_raw parse_file from_orm schema schema_json
    validate update_forward_refs fields str int float bool bytes list dict set tuple object
    none true false any to_dict to_json""".split()
)
# The keyword arguments every generated method (and polling helper) has besides the spec's.
METHOD_RESERVED = frozenset(
    "self body extra_headers extra_query extra_body timeout max_retries poll_interval poll_timeout".split()
)
# The client constructor's own keyword arguments.
CLIENT_RESERVED = frozenset(
    """self base_url timeout max_retries http_client default_headers default_query server server_variables
    event_hooks allow_credentials_to strict_response_validation""".split()
)
# Builtins that resource annotations use (`list` and `dict` stay available, see pycode.Types),
# and names the client and resource class bodies use after their members (`@property`, ...).
RESOURCE_RESERVED = frozenset(
    """with_raw_response with_streaming_response str int float bool bytes object property functools
    staticmethod classmethod""".split()
)
# The client's own attributes besides RESOURCE_RESERVED's: reserved among the client's groups and
# methods only (`client.accounts.close` and `client.repos.get` are free).
CLIENT_NAMESPACE_RESERVED = RESOURCE_RESERVED | frozenset(
    "close base_url event_hooks with_options copy get post put patch delete".split()
)
# Class names the models package itself uses, and every builtin: a forward reference to a class
# named `Warning` that is not defined yet would resolve to the builtin exception.
CLASS_RESERVED = frozenset({"SDKModel", "OpenEnum", "BaseModel", "Field"}) | frozenset(dir(builtins))
# Names that read as digits in some fonts (`l`, `O`, `I`): pycodestyle's E741-E743 refuse them.
AMBIGUOUS = frozenset({"l", "O", "I"})
# What `_client.py` and the resource modules define or import next to the resource classes.
RUNTIME_NAMES = frozenset(
    """SERVERS SECURITY_SCHEMES REQUIRED_SECURITY ENV_BASE_URL Mapping AsyncTransport SyncTransport EventHooks HookLists
    functools models errors""".split()
)
# The locals of a method's body, of its polling helper, and of the client constructor.
METHOD_LOCALS = ("response", "options", "paging", "fetch", "state", "data")
HELPER_LOCALS = ("started", "resource_id", "poll")
CLIENT_LOCALS = ("url", "from_spec", "http")
ParamMemo = dict[tuple[int, str], ir.Param]  # (id, Python name) → a parameter many operations share, named


# ---------------------------------------------------------------------------- length bounds
# Characters of any identifier the SDK emits from spec text, and of a module name: its file name
# (`resources/<module>.py`, `docs/<module>.md`) stays far below the 255 bytes file systems allow.
# Above the longest real names seen (GitHub's spec: 107), so that real SDKs keep their names.
MAX_NAME = 128


def bound(name: str, *, sep: str = "_") -> str:
    """The length policy of every name made from spec text: at most `MAX_NAME` characters, a
    longer one cut and given a stable hash suffix (`generator.naming.bounded`)."""
    return bounded(name, MAX_NAME, sep=sep)


# ---------------------------------------------------------------------------------- casing
# The casing functions are pure and called with the same text again and again (a spec repeats its
# property names and enum values across models): memoized, but for `pascal`, whose texts (the
# definitions' name hints) are nearly all different.
@lru_cache(maxsize=8192)
def snake(text: str, empty: str = "value") -> str:
    words = split_words(text)
    name = "_".join(words) or empty
    return bound(f"{empty}_{name}" if name[0].isdigit() else name)


def pascal(text: str, empty: str = "Model") -> str:
    name = "".join(w[:1].upper() + w[1:] for w in split_words(text)) or empty
    return bound(f"{empty}{name}" if name[0].isdigit() else name, sep="")


def pascal_hint(hint: tuple[str, ...], empty: str = "Model") -> str:
    """`pascal(" ".join(hint))`, a part at a time: no word spans a space, and a definition's hint
    repeats the parts of its parents' (GitHub's spec: 7,000 hints of 2,400 distinct parts)."""
    name = "".join(map(_pascal_part, hint)) or empty
    return bound(f"{empty}{name}" if name[0].isdigit() else name, sep="")


@lru_cache(maxsize=8192)
def _pascal_part(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in split_words(text))


def constant(value: str | int) -> str:
    if isinstance(value, int):
        return f"VALUE_{value}" if value >= 0 else f"VALUE_MINUS_{-value}"
    return _constant(value)


@lru_cache(maxsize=8192)
def _constant(value: str) -> str:
    words = split_words(value)
    name = "_".join(words).upper() or "EMPTY"
    return safe(bound(f"VALUE_{name}" if name[0].isdigit() else name).upper())


def safe(name: str, reserved: Iterable[str] = ()) -> str:
    """Append `_` to keywords, reserved and ambiguous names."""
    if keyword.iskeyword(name) or name in reserved or name in AMBIGUOUS or name.startswith("model_"):
        return name + "_"
    return name


def class_family(name: str) -> tuple[str, ...]:
    """A resource or client class and the classes derived from it: the async twin, and the
    raw-response and streaming-response wrappers of both."""
    return (
        name,
        f"Async{name}",
        f"{name}WithRawResponse",
        f"Async{name}WithRawResponse",
        f"{name}WithStreamingResponse",
        f"Async{name}WithStreamingResponse",
    )


def family_names(name: str) -> ir.Names:
    sync, async_, raw, async_raw, streaming, async_streaming = class_family(name)
    return ir.Names(
        (
            ("async", async_),
            ("raw", raw),
            ("async_raw", async_raw),
            ("streaming", streaming),
            ("async_streaming", async_streaming),
        )
    )


def _test_family(name: str) -> tuple[str, ...]:
    """A generated test function and its async twin."""
    return (name, f"{name}_async")


def walk(group: ir.Group) -> Iterator[ir.Group]:
    """The group and every group below it, depth first."""
    yield group
    for child in group.children:
        yield from walk(child)


def name_api(api: ir.Api, config: SdkConfig) -> tuple[ir.Api, list[Diagnostic]]:
    renamed: list[Diagnostic] = []
    definitions = _name_definitions(api.definitions, renamed, body_models(api))
    client = Namer(CLIENT_RESERVED, renamed)
    security = _name_security(api.security_schemes, client)
    globals_ = _name_params(api.globals, client, CLIENT_RESERVED | client.taken, "#", {})
    client_locals = [(role, client.claim([role, f"{role}_"])) for role in CLIENT_LOCALS]
    unnamed = {op.key: op for op in api.operations}
    memo: ParamMemo = {}  # `_name_params`': the unnamed ones live on, their ids too
    found = {op.key: _name_operation(op, renamed, memo) for op in api.operations}
    classes = Namer(RUNTIME_NAMES, renamed)
    client_class = classes.claim([_client_class(config.package_name)], class_family, pointer="#", what="client class")
    root = _name_group(api.root, unnamed, found, classes, Namer({"__init__"}, renamed), renamed)
    _name_tests(root, found, renamed)
    env = Namer((), renamed)
    base_urls = [
        ("env.base_url", env.take(f"{config.env_prefix}_BASE_URL")),
        ("env.test_base_url", env.take(f"{config.env_prefix}_TEST_BASE_URL")),
        ("env.log", env.take(f"{config.env_prefix}_LOG")),
    ]
    globals_ = tuple(replace(g, names=ir.Names((("env", _env(env, config, g.py_name)),))) for g in globals_)
    security = tuple(replace(s, env_vars=_scheme_env(env, config, s)) for s in security)
    client_names = (("client", client_class), *family_names(client_class).by_role, *base_urls)
    named = replace(
        api,
        definitions=definitions,
        security_schemes=security,
        globals=globals_,
        operations=tuple(found[op.key].named(op) for op in api.operations),
        root=root,
        names=ir.Names((*client_names, *(("local." + role, name) for role, name in client_locals))),
    )
    return named, renamed


def _client_class(package: str) -> str:
    name = pascal(package)
    return name if name.endswith("Client") else name + "Client"


def _env(env: Namer, config: SdkConfig, argument: str) -> str:
    return env.claim([f"{config.env_prefix}_{argument.upper()}"], what="environment variable", pointer="#")


def _scheme_env(env: Namer, config: SdkConfig, s: ir.SecurityScheme) -> tuple[str, ...]:
    """The environment variable of each of a scheme's arguments; the config may name the first."""
    first = env.claim([s.env], what="environment variable", pointer="#") if s.env else _env(env, config, s.arguments[0])
    return (first, *(_env(env, config, a) for a in s.arguments[1:]))


def _name_definitions(
    defs: tuple[ir.Definition, ...], renamed: list[Diagnostic], bodies: frozenset[str] = frozenset()
) -> tuple[ir.Definition, ...]:
    """Model, enum and alias classes, then the TypedDict of each model a request body reaches
    (`bodies`: `<Model>Param`), in the same namespace, after every class has its name."""
    namer = Namer(CLASS_RESERVED | AMBIGUOUS, renamed)
    memo = _FieldMemo()
    # an enum's members are named by their values alone, once per tuple of them (by id: the converter
    # makes one per list of values, Graph's spec 1,300 for 7,700 enums; hashing them was 100,000 hashes)
    enum_members: dict[int, tuple[ir.EnumMember, ...]] = {}
    ordered = sorted(defs, key=lambda d: (not d.key.startswith("#/components/schemas/"), d.key))
    named: dict[str, ir.Definition] = {}
    for d in ordered:
        candidates = []
        title = d.title if isinstance(d, ir.ModelDef) else ""
        if title and not d.key.startswith("#/components/schemas/"):
            candidates.append(pascal(title))
        candidates.append(pascal_hint(d.name_hint))
        candidates += [c + "Model" for c in candidates if c in CLASS_RESERVED or c in AMBIGUOUS]
        class_name = namer.claim(candidates, pointer=d.key, what="class")
        if isinstance(d, ir.ModelDef):
            named[d.key] = replace(d, class_name=class_name, fields=_name_fields(d, renamed, memo))
        elif isinstance(d, ir.EnumDef):
            members = enum_members.get(id(d.members))
            if members is None:
                members = enum_members[id(d.members)] = _name_members(d.members)
            named[d.key] = replace(d, class_name=class_name, members=members)
        else:
            named[d.key] = replace(d, class_name=class_name)
    for d in ordered:
        model = named[d.key]
        if d.key in bodies and isinstance(model, ir.ModelDef):
            base = model.class_name
            candidates = [bound(base + "Param", sep=""), bound(base + "Params", sep=""), bound(base + "Dict", sep="")]
            typed_dict = namer.claim(candidates, pointer=d.key, what="typed dict")
            named[d.key] = replace(model, names=ir.Names((("typed_dict", typed_dict),)))
    return tuple(named[d.key] for d in defs)


def _name_members(members: tuple[ir.EnumMember, ...]) -> tuple[ir.EnumMember, ...]:
    """An enum's members with their constant names: a function of the values alone (a member
    renamed to stay unique has no pointer, so it is not reported)."""
    namer = Namer({"UNKNOWN"})
    return tuple(ir.EnumMember(m.value, namer.claim([constant(m.value)])) for m in members)


class _FieldMemo:
    """What naming the fields of one API's models repeats: a model's Python names depend only on
    its wire names (in order) when nothing had to be renamed, and a field object shared by many
    models (`SchemaConverter._field` shares a flat property's) is named the same in each when
    its Python name is (GitHub's spec: 39,500 fields, 3,800 distinct objects, in 3,800 models)."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, ...], tuple[str, ...]] = {}
        # (id of the unnamed field, Python name) → the named field; the unnamed fields live in the
        # definitions being named for the whole run, so their ids are not reused meanwhile
        self.fields: dict[tuple[int, str], ir.Field] = {}
        # the ids of a model's unnamed fields → its named fields (models that copy another's
        # properties share their field objects), when naming them renamed nothing
        self.models: dict[tuple[int, ...], tuple[ir.Field, ...]] = {}


def _name_fields(d: ir.ModelDef, renamed: list[Diagnostic], memo: _FieldMemo | None = None) -> tuple[ir.Field, ...]:
    """A model's fields with their Python names (`_py_names`)."""
    memo = memo or _FieldMemo()
    ids = tuple(map(id, d.fields))
    done = memo.models.get(ids)
    if done is not None:
        return done
    wires = tuple(f.wire_name for f in d.fields)
    names = memo.names.get(wires)
    shared = names is not None
    if names is None:
        before = len(renamed)
        names = _py_names(d, renamed)
        shared = len(renamed) == before  # a rename's diagnostic names the model: made again for each
        if shared:
            memo.names[wires] = names
    keys = list(zip(ids, names, strict=True))
    out = list(map(memo.fields.get, keys))  # most were named before, in another model (GitHub's: 27,000 of 39,500)
    for i in [i for i, named in enumerate(out) if named is None]:
        out[i] = memo.fields[keys[i]] = replace(d.fields[i], py_name=names[i])
    fields: tuple[ir.Field, ...] = tuple(out)  # type: ignore[arg-type]
    if shared:
        memo.models[ids] = fields
    return fields


def _py_names(d: ir.ModelDef, renamed: list[Diagnostic]) -> tuple[str, ...]:
    """A model's field names. A Python name is never another field's wire name: the constructor
    takes Python names (and wire names, as older SDKs did), so a key must name one field only.
    A field whose wire name is already its Python name keeps it; the others are named after,
    in the order of the schema, with every wire name of the model taken."""
    namer = Namer(MODEL_RESERVED, renamed)
    wanted = [_field_name(f.wire_name) for f in d.fields]
    same = {f.wire_name for f, name in zip(d.fields, wanted, strict=True) if name == f.wire_name}
    for wire_name in sorted(same):
        namer.take(wire_name)
    # every other wire name a Python name could equal (emitted names are NFKC, so only those)
    namer.taken.update(f.wire_name for f in d.fields if nfkc(f.wire_name) == f.wire_name)

    def where(f: ir.Field) -> Callable[[], str]:
        return lambda: pointer_join(d.key, "properties", f.wire_name)

    return tuple(
        f.wire_name if f.wire_name in same else namer.claim([name], pointer=where(f), what="field")
        for f, name in zip(d.fields, wanted, strict=True)
    )


@lru_cache(maxsize=8192)
def _field_name(wire_name: str) -> str:
    """The Python name a field wants (a spec repeats its property names across models)."""
    return safe(snake(wire_name, "field"), MODEL_RESERVED)


def _name_security(schemes: tuple[ir.SecurityScheme, ...], namer: Namer) -> tuple[ir.SecurityScheme, ...]:
    """A credential's arguments: the token (or user name) first, then what derives from it —
    HTTP basic's password, an OAuth 2 client-credentials flow's client id and secret."""
    out = []
    single_key = sum(1 for x in schemes if x.kind == "api_key") == 1
    for s in schemes:
        own = safe(snake(s.key))
        if s.argument:  # declared in the config: its name is the argument
            candidates = [own]
        elif s.kind == "api_key":
            candidates = ["api_key"] if single_key else [own, own + "_api_key"]
        elif s.kind == "http_bearer":
            candidates = ["bearer_token", own + "_token"]
        elif s.kind == "oauth2":
            candidates = [c for c in ("access_token", own + "_token") if c != "bearer_token"]
        else:
            candidates = ["username", own + "_username"]
        family = _basic_family if s.kind == "http_basic" else _oauth_family if s.token_url else alone
        where = pointer_join("#/components/securitySchemes", s.key)
        first = namer.claim(candidates, family, pointer=where, what="argument")
        out.append(replace(s, py_name=first, arguments=family(first)))
    return tuple(out)


def _basic_family(user: str) -> tuple[str, ...]:
    """HTTP basic's user name argument and its password argument."""
    password = user[: -len("username")] + "password" if user.endswith("username") else user + "_password"
    return (user, password)


def _oauth_family(token: str) -> tuple[str, ...]:
    """An OAuth 2 scheme's token argument and its client id and secret arguments."""
    prefix = "" if token == "access_token" else token.removesuffix("token")
    return (token, f"{prefix}client_id", f"{prefix}client_secret")


def _name_params(
    params: tuple[ir.Param, ...], namer: Namer, reserved: Iterable[str], pointer: str, memo: ParamMemo
) -> tuple[ir.Param, ...]:
    out = []
    for p in params:
        base = safe(snake(p.wire_name, "param"), reserved)
        where = partial(pointer_join, pointer, "parameters", p.wire_name)
        key = (id(p), namer.claim([base, f"{p.location}_{base}"], pointer=where, what="parameter"))
        out.append(memo.get(key) or memo.setdefault(key, replace(p, py_name=key[1])))
    return tuple(out)


@dataclass(slots=True)
class _Found:
    """The names of one operation, found by the naming steps in turn (`_name_operation`,
    `_name_group`, `_name_tests`) and set on it in one `replace` (Graph's spec: 11,000
    operations of 21 fields, rebuilt three times before)."""

    params: tuple[ir.Param, ...]
    locals: tuple[tuple[str, str], ...]  # by role
    py_name: str | None = None
    helper: str | None = None  # the polling helper's
    test: str | None = None

    def named(self, op: ir.Operation) -> ir.Operation:
        roles = self.locals if self.test is None else (*self.locals, ("test", self.test))
        changes: dict[str, Any] = {"params": self.params, "names": ir.Names(roles)}
        if self.py_name is not None:
            changes["py_name"] = self.py_name
        if self.helper is not None and op.polling is not None:
            changes["polling"] = replace(op.polling, py_name=self.helper)
        return replace(op, **changes)


def _name_operation(op: ir.Operation, renamed: list[Diagnostic], memo: ParamMemo) -> _Found:
    """Parameters, then the locals of the method body and of a polling helper, which share the
    parameters' namespace."""
    namer = Namer(METHOD_RESERVED, renamed)
    params = _name_params(op.params, namer, METHOD_RESERVED, op.key, memo)
    if namer.taken.isdisjoint(_LOCALS):  # the usual case: no parameter is named like a local
        return _Found(params, _LOCAL_NAMES)
    roles = [(role, namer.claim([role, f"{role}_", f"{role}__"])) for role in _LOCALS]
    return _Found(params, tuple((f"local.{r}", n) for r, n in roles))


_LOCALS = (*METHOD_LOCALS, *HELPER_LOCALS)
# each local its own name: what `_name_operation` gives when no parameter takes one
_LOCAL_NAMES = tuple((f"local.{role}", role) for role in _LOCALS)


def _name_group(
    group: ir.Group,
    operations: dict[str, ir.Operation],
    found: dict[str, _Found],
    classes: Namer,
    modules: Namer,
    renamed: list[Diagnostic],
) -> ir.Group:
    """Name a group's children (attributes, class families, modules) first, then its methods,
    which share the class's namespace. Module and class names are unique across the whole tree."""
    reserved = RESOURCE_RESERVED if group.path else CLIENT_NAMESPACE_RESERVED
    namer = Namer(reserved, renamed)
    children = []
    for child in group.children:
        where = "#/tags/" + ".".join(child.path)
        attr = namer.claim([safe(snake(child.path[-1], "group"), reserved)], pointer=where, what="group")
        words = bound("_".join(snake(p, "group") for p in child.path))
        module = modules.claim([safe(words)], pointer=where, what="module")
        class_name = classes.claim([pascal(module, "Group") + "Resource"], class_family, pointer=where, what="class")
        named = replace(child, py_name=attr, class_name=class_name, module=module, names=family_names(class_name))
        children.append(_name_group(named, operations, found, classes, modules, renamed))
    for key in group.operations:
        op = operations[key]
        first = safe(snake(" ".join(op.name_hint), "call"), reserved)
        if namer.free(first):  # the usual case: the others, each a split of long text, are not needed
            candidates = [first]
        else:
            candidates = [first]
            if op.operation_id:
                candidates.append(safe(snake(op.operation_id, "call")))
            candidates.append(safe(snake(f"{op.method} {op.path}", "call")))
        found[key].py_name = namer.claim(candidates, pointer=op.key, what="method")
    for key in group.operations:  # helpers after every operation has its name
        op = operations[key]
        if op.polling is not None:
            found[key].helper = namer.claim([f"{found[key].py_name}_and_wait"], pointer=op.key, what="method")
    return replace(group, children=tuple(children))


def attr_path(root: ir.Group, target: ir.Group) -> list[str]:
    """The attribute names from the client down to `target` (`["projects", "runs"]`)."""
    node, names = root, []
    for i in range(1, len(target.path) + 1):
        node = next(c for c in node.children if c.path == target.path[:i])
        names.append(node.py_name)
    return names


def _walk_attrs(root: ir.Group) -> Iterator[tuple[ir.Group, list[str]]]:
    """`walk`'s groups, each with its `attr_path` (made on the way down, not searched for from
    the root for each group: Graph's spec has 2,000 groups)."""
    stack: list[tuple[ir.Group, list[str]]] = [(root, [])]
    while stack:
        group, attrs = stack.pop()
        yield group, attrs
        stack.extend((child, [*attrs, child.py_name]) for child in reversed(group.children))


def _name_tests(root: ir.Group, found: dict[str, _Found], renamed: list[Diagnostic]) -> None:
    """The generated test of each operation, `test_<group path>_<method>` (and its `_async` twin)."""
    tests = Namer((), renamed)
    for group, attrs in _walk_attrs(root):
        for key in group.operations:
            name = bound("test_" + "_".join([*attrs, found[key].py_name or ""]).strip("_"))
            found[key].test = tests.claim([name, name + "_", name + "__"], _test_family)
