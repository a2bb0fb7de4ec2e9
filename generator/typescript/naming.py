"""The TypeScript target's naming policy: the Python policy's names (the same words, the same
collision choices and renames, so both SDKs of a spec read alike: `client.projects.runs.start`),
recased for TypeScript and checked against its own reserved words.

- methods, group properties, positional (path) parameters, client options: camelCase, from the
  Python snake_case name; a parameter or option that is a reserved word gets a `_` suffix;
- types (models, enums, aliases) and resource classes: the Python class names, PascalCase, kept
  unique; one that is a TypeScript global the SDK's own code uses (`Record`, `Promise`, `Blob`…)
  is given a `Model` suffix;
- property names of types and of parameter objects are the wire names, never renamed (quoted
  where they are not identifiers; `quoting.py`).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator import ir
from generator.config import SdkConfig
from generator.diagnostics import Diagnostic
from generator.ir import replace
from generator.naming import Namer
from generator.python.naming import name_api as python_names

# Reserved words of ECMAScript and TypeScript, and strict mode's: no local variable or
# parameter may take one.
RESERVED = frozenset(
    """break case catch class const continue debugger default delete do else enum export extends
    false finally for function if import in instanceof new null return super switch this throw
    true try typeof var void while with as implements interface let package private protected
    public static yield await any boolean number string symbol type from of arguments eval
    undefined never unknown object bigint declare namespace module require""".split()
)
# Names a method body or the client constructor uses besides the parameters.
LOCALS = frozenset({"options", "params", "body", "client"})
# Globals the SDK's code names in type positions, and its runtime's exports: no type may shadow one.
TYPE_RESERVED = frozenset(
    """Record Promise Array Blob File Date Error Headers Response Request URL Uint8Array
    ArrayBuffer ReadableStream FormData AbortSignal Object String Number Boolean Symbol Map Set
    Partial Readonly Pick Omit Exclude Extract JSON Math BodyInit RequestInit Function
    APIError Page PagePromise RequestOptions ClientOptions BaseClient Credential Call Paging
    Models SDKError BadRequestError AuthenticationError PermissionDeniedError NotFoundError
    ConflictError UnprocessableEntityError RateLimitError InternalServerError APIConnectionError
    APIConnectionTimeoutError APIUserAbortError PollingTimeoutError PollOptions Stream
    ServerSentEvent RawResult APIPromise""".split()
)
# The public and protected members of the runtime's BaseClient (its own are `#private`) and the
# options it takes: the client's global parameters and its group properties must not take one.
CLIENT_MEMBERS = frozenset("constructor baseURL timeout maxRetries defaultHeaders fetch request requestRaw".split())


def camel(snake: str) -> str:
    """`run_api_start` → `runApiStart`; a trailing `_` (a Python keyword's escape) dropped."""
    head, *rest = snake.rstrip("_").split("_") or [snake]
    name = head + "".join(w[:1].upper() + w[1:] for w in rest if w)
    return name or snake


def local(snake: str, namer: Namer) -> str:
    """A parameter's or option's name: camelCase, not reserved, unique in `namer`."""
    name = camel(snake)
    return namer.claim([name + "_" if name in RESERVED or name in LOCALS else name])


def name_api(api: ir.Api, config: SdkConfig) -> tuple[ir.Api, list[Diagnostic]]:
    named, renamed = python_names(api, config)
    client = named.names["client"]
    types = Namer(TYPE_RESERVED | {client, client + "Options"})
    definitions = tuple(
        replace(d, class_name=types.claim([d.class_name, d.class_name + "Model"])) for d in named.definitions
    )
    options = Namer(CLIENT_MEMBERS | {"server", "serverVariables", "allowCredentialsTo"})
    globals_ = tuple(replace(g, py_name=local(g.py_name, options)) for g in named.globals)
    schemes = tuple(
        replace(s, py_name=(args := tuple(local(a, options) for a in s.arguments))[0], arguments=args)
        for s in named.security_schemes
    )
    methods = {op.key: op.py_name for op in named.operations}  # Python's, then camelCase
    # credentials are `#private` fields: a group may take a credential's name
    root = _recase(named.root, methods, CLIENT_MEMBERS | {g.py_name for g in globals_})
    operations = []
    for op in named.operations:
        params = Namer()
        operations.append(
            replace(
                op,
                py_name=methods[op.key],
                params=tuple(replace(p, py_name=local(p.py_name, params)) for p in op.params),
                polling=replace(op.polling, py_name=camel(op.polling.py_name)) if op.polling is not None else None,
            )
        )
    return (
        replace(
            named,
            definitions=definitions,
            globals=globals_,
            security_schemes=schemes,
            operations=tuple(operations),
            root=root,
        ),
        renamed,
    )


def _recase(group: ir.Group, methods: dict[str, str], taken: frozenset[str] | set[str] = frozenset()) -> ir.Group:
    """The group's properties and methods camelCase, unique among its members (a resource
    class's own `_client` and `taken` excepted); `methods` gets each operation's, by key."""
    members = Namer({"_client", "_credentials", "constructor", *taken})
    children = tuple(
        replace(c, py_name=members.claim([camel(c.py_name), camel(c.py_name) + "Resource"])) for c in group.children
    )
    # the Python names are unique already: recasing merges only `a_b` with `aB` (not Python's style)
    operations = {key: members.claim([camel(methods[key])]) for key in group.operations}
    methods.update(operations)
    return replace(group, children=tuple(_recase(c, methods) for c in children))


def walk(group: ir.Group) -> Iterator[ir.Group]:
    """The group and every group below it, depth first."""
    yield group
    for child in group.children:
        yield from walk(child)
