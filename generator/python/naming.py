"""Stage 4, naming: `ir.Api` with spec words → `ir.Api` with final Python identifiers.

The only place spec text becomes an identifier. One policy for every kind of name:
sanitize (ASCII words only) → split words → case → keywords, builtins and reserved names →
collisions, resolved with a longer candidate (parent prefix, title, location) before a numeric
suffix. Definitions are named in a fixed order (components before inline schemas, then by
pointer), so names are deterministic and independent of hash seeds.
"""

from __future__ import annotations

import builtins
import keyword
from collections.abc import Iterable
from dataclasses import replace

from generator import ir
from generator.config import SdkConfig
from generator.diagnostics import Diagnostic
from generator.words import split_words

# Names a model field cannot take: pydantic BaseModel's own attributes and the builtins its
# annotations use (a field named `str` would shadow `str` in the class body).
MODEL_RESERVED = frozenset(
    """construct copy dict json parse_obj parse_raw parse_file from_orm schema schema_json
    validate update_forward_refs fields str int float bool bytes list dict set tuple object
    none true false any""".split()
)
# Keyword arguments every generated method or client constructor has.
METHOD_RESERVED = frozenset(
    "self body extra_headers extra_query timeout max_retries idempotency_key cls poll_interval poll_timeout".split()
)
CLIENT_RESERVED = frozenset(
    "self base_url timeout max_retries http_client default_headers server server_variables event_hooks logger".split()
)
# Builtins that resource annotations use; `list` and `dict` stay available (see pycode.Types).
# and names the client and resource class bodies use after their members (`@property`, ...).
RESOURCE_RESERVED = frozenset(
    """with_raw_response close base_url event_hooks str int float bool bytes object property functools
    staticmethod classmethod""".split()
)
# Class names the models package itself uses, and every builtin: a forward reference to a class
# named `Warning` that is not defined yet would resolve to the builtin exception.
CLASS_RESERVED = frozenset({"SDKModel", "OpenEnum", "BaseModel", "Field"}) | frozenset(dir(builtins))


def snake(text: str, empty: str = "value") -> str:
    words = split_words(text)
    name = "_".join(words) or empty
    return f"{empty}_{name}" if name[0].isdigit() else name


def pascal(text: str, empty: str = "Model") -> str:
    name = "".join(w[:1].upper() + w[1:] for w in split_words(text)) or empty
    return f"{empty}{name}" if name[0].isdigit() else name


def constant(value: str | int) -> str:
    if isinstance(value, int):
        return f"VALUE_{value}" if value >= 0 else f"VALUE_MINUS_{-value}"
    words = split_words(value)
    name = "_".join(words).upper() or "EMPTY"
    return f"VALUE_{name}" if name[0].isdigit() else name


def safe(name: str, reserved: Iterable[str] = ()) -> str:
    """Append `_` to keywords and reserved names."""
    if keyword.iskeyword(name) or name in reserved or name.startswith("model_"):
        return name + "_"
    return name


class _Namer:
    """Hands out unique names from ordered candidate lists."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)

    def claim(self, candidates: list[str]) -> str:
        for candidate in candidates:
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        base, n = candidates[-1], 2
        while f"{base}{n}" in self.taken:
            n += 1
        self.taken.add(f"{base}{n}")
        return f"{base}{n}"


def name_api(api: ir.Api, config: SdkConfig) -> tuple[ir.Api, list[Diagnostic]]:
    definitions = _name_definitions(api.definitions)
    security = _name_security(api.security_schemes)
    client_taken = CLIENT_RESERVED | {s.py_name for s in security}
    globals_ = _name_params(api.globals, client_taken)
    operations = {op.key: _name_operation(op) for op in api.operations}
    root, operations = _name_group(api.root, operations)
    return (
        replace(
            api,
            definitions=definitions,
            security_schemes=security,
            globals=globals_,
            operations=tuple(operations[op.key] for op in api.operations),
            root=root,
        ),
        [],
    )


def _name_definitions(defs: tuple[ir.Definition, ...]) -> tuple[ir.Definition, ...]:
    namer = _Namer(CLASS_RESERVED)
    ordered = sorted(defs, key=lambda d: (not d.key.startswith("#/components/schemas/"), d.key))
    named: dict[str, ir.Definition] = {}
    for d in ordered:
        candidates = []
        title = d.title if isinstance(d, ir.ModelDef) else ""
        if title and not d.key.startswith("#/components/schemas/"):
            candidates.append(pascal(title))
        candidates.append(pascal(" ".join(d.name_hint)))
        candidates += [c + "Model" for c in candidates if c in CLASS_RESERVED]
        class_name = namer.claim(candidates)
        if isinstance(d, ir.ModelDef):
            field_namer = _Namer(MODEL_RESERVED)
            fields = tuple(
                replace(
                    f,
                    py_name=field_namer.claim([safe(snake(f.wire_name, "field"), MODEL_RESERVED)]),
                )
                for f in d.fields
            )
            named[d.key] = replace(d, class_name=class_name, fields=fields)
        elif isinstance(d, ir.EnumDef):
            member_namer = _Namer({"UNKNOWN"})
            members = tuple(replace(m, py_name=member_namer.claim([constant(m.value)])) for m in d.members)
            named[d.key] = replace(d, class_name=class_name, members=members)
        else:
            named[d.key] = replace(d, class_name=class_name)
    return tuple(named[d.key] for d in defs)


def _name_security(schemes: tuple[ir.SecurityScheme, ...]) -> tuple[ir.SecurityScheme, ...]:
    namer = _Namer(CLIENT_RESERVED)
    out = []
    for s in schemes:
        if s.kind == "api_key":
            single = sum(1 for x in schemes if x.kind == "api_key") == 1
            candidates = ["api_key"] if single else [safe(snake(s.key)), safe(snake(s.key)) + "_api_key"]
        elif s.kind == "http_bearer":
            candidates = ["bearer_token", safe(snake(s.key)) + "_token"]
        elif s.kind == "oauth2":  # the access token; with a token URL also `<prefix>client_id/_secret`
            candidates = [c for c in ("access_token", safe(snake(s.key)) + "_token") if c != "bearer_token"]
            token = namer.claim([c for c in candidates if not set(oauth_client_names(c)) & namer.taken])
            namer.taken.update(oauth_client_names(token))
            out.append(replace(s, py_name=token))
            continue
        else:  # HTTP basic: `<name>` is the user name argument, `<name minus username>password`
            candidates = ["username", safe(snake(s.key)) + "_username"]
            user = namer.claim([c for c in candidates if c.replace("username", "password") not in namer.taken])
            namer.taken.add(basic_password_name(user))
            out.append(replace(s, py_name=user))
            continue
        out.append(replace(s, py_name=namer.claim(candidates)))
    return tuple(out)


def oauth_client_names(token_argument: str) -> tuple[str, str]:
    """The client id and secret arguments that go with an OAuth 2 scheme's token argument."""
    prefix = "" if token_argument == "access_token" else token_argument.removesuffix("token")
    return f"{prefix}client_id", f"{prefix}client_secret"


def basic_password_name(user_argument: str) -> str:
    """The password argument that goes with an HTTP basic scheme's user name argument."""
    return (
        user_argument[: -len("username")] + "password"
        if user_argument.endswith("username")
        else user_argument + "_password"
    )


def _name_params(params: tuple[ir.Param, ...], reserved: Iterable[str]) -> tuple[ir.Param, ...]:
    namer = _Namer(reserved)
    out = []
    for p in params:
        base = safe(snake(p.wire_name, "param"), reserved)
        out.append(replace(p, py_name=namer.claim([base, f"{p.location}_{base}"])))
    return tuple(out)


def _name_operation(op: ir.Operation) -> ir.Operation:
    return replace(op, params=_name_params(op.params, METHOD_RESERVED))


def _name_group(
    group: ir.Group, operations: dict[str, ir.Operation], modules: _Namer | None = None
) -> tuple[ir.Group, dict[str, ir.Operation]]:
    """Name a group's children (attributes, classes, modules) first, then its methods, which
    share the class's namespace. Module and class names are unique across the whole tree."""
    modules = modules if modules is not None else _Namer({"__init__"})
    namer = _Namer(RESOURCE_RESERVED)
    children = []
    for child in group.children:
        attr = namer.claim([safe(snake(child.path[-1], "group"), RESOURCE_RESERVED)])
        words = "_".join(snake(p, "group") for p in child.path)
        module = modules.claim([safe(words)])
        class_name = pascal(module, "Group") + "Resource"
        named = replace(child, py_name=attr, class_name=class_name, module=module)
        named_child, operations = _name_group(named, operations, modules)
        children.append(named_child)
    for key in group.operations:
        op = operations[key]
        candidates = [safe(snake(" ".join(op.name_hint), "call"), RESOURCE_RESERVED)]
        if op.operation_id:
            candidates.append(safe(snake(op.operation_id, "call")))
        candidates.append(safe(snake(f"{op.method} {op.path}", "call")))
        operations[key] = replace(op, py_name=namer.claim(candidates))
    for key in group.operations:  # helpers after every operation has its name
        op = operations[key]
        if op.polling is not None:
            helper = namer.claim([f"{op.py_name}_and_wait"])
            operations[key] = replace(op, polling=replace(op.polling, py_name=helper))
    root_class = group.class_name or ("Client" if not group.path else "")
    return replace(group, children=tuple(children), class_name=root_class), operations
