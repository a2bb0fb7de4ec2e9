"""IR → views of the client class and the project files (README, pyproject, docs/).

Like `views.py` for models and resources: every value is computed and escaped here, so the
templates only place it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator import ir
from generator.config import SdkConfig
from generator.python import escape
from generator.python.docs_examples import example_call
from generator.python.naming import basic_password_name, oauth_client_names, pascal
from generator.python.pycode import Types, definitions_of
from generator.python.views_models import doc_text
from generator.python.views_resources import ChildView, child_view, mode_of, result_annotation


def walk(group: ir.Group) -> Iterator[ir.Group]:
    """The group and every group below it, depth first."""
    yield group
    for child in group.children:
        yield from walk(child)


def client_class_name(package: str) -> str:
    name = pascal(package)
    return name if name.endswith("Client") else name + "Client"


@dataclass(frozen=True, slots=True)
class SchemeView:
    key: escape.Code
    kind: escape.Code
    location: escape.Code
    name: escape.Code
    credential: escape.Code
    token_url: escape.Code
    scopes: list[escape.Code]


@dataclass(frozen=True, slots=True)
class VariableView:
    name: escape.Code
    default: escape.Code
    enum: list[escape.Code]


@dataclass(frozen=True, slots=True)
class ServerView:
    url: escape.Code
    description: escape.Code
    variables: list[VariableView]


@dataclass(frozen=True, slots=True)
class GlobalView:
    wire: escape.Code
    location: escape.Code
    py_name: str


@dataclass(frozen=True, slots=True)
class ClientView:
    name: str
    doc: escape.Code
    servers: list[ServerView]
    schemes: list[SchemeView]
    globals: list[GlobalView]
    init_params: list[escape.Code]
    init_body: list[escape.Code]
    env_doc: list[escape.Code]
    env_base_url: escape.Code
    children: list[ChildView]


def client_view(api: ir.Api, config: SdkConfig, name: str) -> ClientView:
    prefix = config.env_prefix
    params: list[escape.Code] = []
    body: list[escape.Code] = []
    env_doc: list[escape.Code] = []
    globals_: list[GlobalView] = []
    for g in api.globals:
        env_name = f"{prefix}_{g.py_name.upper()}"
        params.append(escape.Code(f"{g.py_name}: str | None = None"))
        body.append(escape.Code(f"if {g.py_name} is None:"))
        body.append(escape.Code(f"    {g.py_name} = _base.env({escape.pystr(env_name)})"))
        if g.required:
            body.append(escape.Code(f"if {g.py_name} is None:"))
            body.append(
                escape.Code(
                    f"    raise ValueError({escape.pystr(f'{g.py_name} is required: pass it or set {env_name}')})"
                )
            )
        env_doc.append(escape.Code(f"- `{g.py_name}`: `{env_name}`"))
        globals_.append(GlobalView(escape.pystr(g.wire_name), escape.pystr(g.location), g.py_name))
    schemes: list[SchemeView] = []
    for s in api.security_schemes:
        env_name = f"{prefix}_{s.py_name.upper()}"
        arguments = [s.py_name]
        if s.kind == "http_basic":
            arguments.append(basic_password_name(s.py_name))
        elif s.kind == "oauth2" and s.token_url:
            arguments.extend(oauth_client_names(s.py_name))
        for argument in arguments:
            params.append(escape.Code(f"{argument}: str | None = None"))
            body.append(_from_env(argument, f"{prefix}_{argument.upper()}"))
        if s.kind == "http_basic":
            credential = escape.Code(f"_auth.basic({', '.join(arguments)})")
        elif s.kind == "oauth2":
            credential = escape.Code(f"_auth.oauth2({', '.join(arguments)})")
        else:
            credential = escape.Code(s.py_name)
        names = ", ".join(f"`{a}`" for a in arguments)
        env_doc.append(escape.Code(f"- {names}: {', '.join(f'`{prefix}_{a.upper()}`' for a in arguments)}"))
        schemes.append(
            SchemeView(
                escape.pystr(s.key),
                escape.pystr(s.kind),
                escape.pystr(s.location),
                escape.pystr(s.wire_name),
                credential,
                escape.pystr(s.token_url),
                [escape.pystr(scope) for scope in s.scopes],
            )
        )
    env_doc.append(escape.Code(f"- `base_url`: `{prefix}_BASE_URL`"))
    servers = [
        ServerView(
            escape.pystr(s.url),
            escape.pystr(s.description),
            [
                VariableView(escape.pystr(v.name), escape.pystr(v.default), [escape.pystr(e) for e in v.enum])
                for v in s.variables
            ],
        )
        for s in api.servers
    ]
    doc = doc_text(api.title, api.description, fallback=name)
    children = [child_view(c) for c in api.root.children]
    return ClientView(
        name,
        doc,
        servers,
        schemes,
        globals_,
        params,
        body,
        env_doc,
        escape.pystr(f"{prefix}_BASE_URL"),
        children,
    )


def _from_env(argument: str, env_name: str) -> escape.Code:
    """`x = x if x is not None else <environment variable>`: explicit arguments win."""
    return escape.Code(f"{argument} = {argument} if {argument} is not None else _base.env({escape.pystr(env_name)})")


# ------------------------------------------------------------------------------ docs and project
@dataclass(frozen=True, slots=True)
class DocOp:
    title: escape.Code
    call: escape.Code
    http: escape.Code
    description: escape.Code
    params: list[tuple[escape.Code, escape.Code, escape.Code, escape.Code]]
    example: escape.Code
    returns: escape.Code


@dataclass(frozen=True, slots=True)
class DocsView:
    title: escape.Code
    description: escape.Code
    operations: list[DocOp]


def docs_view(
    api: ir.Api, group: ir.Group, ops: dict[str, ir.Operation], client_name: str, config: SdkConfig
) -> DocsView:
    from generator.python.docs_examples import example_call

    types = Types(definitions_of(api), prefix="models.")
    attr = ".".join(attr_path(api.root, group))
    out = []
    for key in group.operations:
        op = ops[key]
        params = [
            (
                escape.Code(f"`{p.py_name}`"),
                escape.md_inline(str(types.expr(p.type))),
                escape.Code("yes" if p.required else "no"),
                escape.md_inline(p.description),
            )
            for p in op.params
        ]
        if op.body is not None:
            params.append(
                (
                    escape.Code("`body`"),
                    escape.md_inline(str(types.expr(op.body.type))),
                    escape.Code("yes" if op.body.required else "no"),
                    escape.md_inline(op.body.description),
                )
            )
        # the public names: `SyncPager`, `BinaryResponse`, `Stream` are exported by the package
        returns = result_annotation(op, types.as_static()).replace("_pagination.", "").replace("_streaming.", "")
        out.append(
            DocOp(
                title=escape.md_inline(f"{attr}.{op.py_name}"),
                call=escape.Code(f"client.{attr}.{op.py_name}"),
                http=escape.md_inline(f"{op.method.upper()} {op.path}"),
                description=escape.markdown(op.description or op.summary),
                params=params,
                example=example_call(api, op, attr, client_name, config),
                returns=escape.md_inline(str(returns)),
            )
        )
    title = escape.md_inline(".".join(group.path))
    return DocsView(title, escape.markdown(group.description), out)


def attr_path(root: ir.Group, target: ir.Group) -> list[str]:
    node, names = root, []
    for i in range(1, len(target.path) + 1):
        node = next(c for c in node.children if c.path == target.path[:i])
        names.append(node.py_name)
    return names


@dataclass(frozen=True, slots=True)
class ProjectView:
    dist_name: escape.Code
    version: escape.Code
    description: escape.Code
    http_requirement: escape.Code
    line_length: int


def project_view(api: ir.Api, config: SdkConfig) -> ProjectView:
    http_req = "httpx2>=2.16" if config.http_library == "httpx2" else "httpx>=0.27"
    return ProjectView(
        escape.toml_str(config.package_name.replace("_", "-")),
        escape.toml_str(config.package_version),
        escape.toml_str(f"Python client for {api.title}"),
        escape.toml_str(http_req),
        config.line_length,
    )


@dataclass(frozen=True, slots=True)
class ReadmeView:
    title: escape.Code
    description: escape.Code
    dist_name: escape.Code
    env_lines: list[escape.Code]
    groups: list[tuple[escape.Code, escape.Code]]
    example: escape.Code
    paginated_example: escape.Code
    alias_example: escape.Code
    polling_example: escape.Code
    polling_doc: escape.Code
    servers: list[tuple[escape.Code, escape.Code]]  # (index, URL template) when there are several or variables
    streams: bool  # any download or event stream


def readme_view(api: ir.Api, config: SdkConfig, client_name: str) -> ReadmeView:
    cv = client_view(api, config, client_name)
    groups = []
    ops = {op.key: op for op in api.operations}
    first_example = escape.Code("")
    paginated = escape.Code("")
    polling, polling_doc = escape.Code(""), escape.Code("")
    for group in walk(api.root):
        if group.path and group.operations:
            groups.append(
                (
                    escape.md_inline(".".join(group.path)),
                    escape.Code(f"docs/{group.module}.md"),
                )
            )
            attr = ".".join(attr_path(api.root, group))
            for key in group.operations:
                if not first_example:
                    first_example = example_call(api, ops[key], attr, client_name, config)
                if not paginated and ops[key].pagination is not None:
                    paginated = example_call(api, ops[key], attr, client_name, config)
                found = ops[key].polling
                if not polling and found is not None:
                    polling = example_call(api, ops[key], attr, client_name, config, wait=True)
                    poll = ops[found.poll_key]
                    polling_doc = escape.md_inline(
                        f"`{attr}.{found.py_name}` calls `{attr}.{ops[key].py_name}`, then `{attr}.{poll.py_name}` "
                        f"until `{found.status_field}` is one of {', '.join(found.terminal)}"
                    )
    aliased = next(
        (f for d in api.definitions if isinstance(d, ir.ModelDef) for f in d.fields if f.py_name != f.wire_name),
        None,
    )
    servers = []
    if len(api.servers) > 1 or any(s.variables for s in api.servers):
        servers = [(escape.Code(str(i)), escape.md_inline(s.url)) for i, s in enumerate(api.servers)]
    alias_example = escape.Code("")
    if aliased is not None:
        alias_example = escape.Code(f" (`{aliased.py_name}=` or `{escape.md_inline(aliased.wire_name)}=`)")
    return ReadmeView(
        escape.md_inline(api.title),
        escape.markdown(api.description),
        escape.Code(config.package_name.replace("_", "-")),
        cv.env_doc,
        groups,
        first_example,
        paginated,
        alias_example,
        polling,
        polling_doc,
        servers,
        any(mode_of(op) in ("binary", "stream") for op in api.operations),
    )
