"""IR → views of the client class and the project files (README, pyproject, docs/).

Like `views_models.py` and `views_resources.py`: every value is computed and escaped here, so the
templates only place it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import ir
from generator.config import SdkConfig
from generator.irquery import Index
from generator.python import escape
from generator.python.docs_examples import example_call, file_fields
from generator.python.naming import walk
from generator.python.operation_memo import memo_of
from generator.python.pycode import Types
from generator.python.views_models import doc_text
from generator.python.views_operations import mode_of
from generator.python.views_resources import ChildView, child_view

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass


@dataclass(frozen=True, slots=True)
class SchemeView:
    key: escape.Code
    kind: escape.Code
    location: escape.Code
    name: escape.Code
    token_url: escape.Code
    scopes: list[escape.Code]
    arguments: list[EnvArgument]  # the constructor's arguments for it, in order
    builder: str  # "basic" / "oauth2": `_auth.<builder>(*arguments)`; "": the one argument itself


@dataclass(frozen=True, slots=True)
class EnvArgument:
    """A constructor argument that falls back to an environment variable."""

    py_name: str
    env: escape.Code  # the variable's name, as a string literal
    env_name: str  # the variable's name (an identifier, for docs)


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
    argument: EnvArgument
    missing: escape.Code | None  # required: the error when neither passed nor in the environment


@dataclass(frozen=True, slots=True)
class ClientView:
    name: str
    async_name: str
    raw_name: str
    async_raw_name: str
    doc: escape.Docstring
    async_doc: escape.Docstring
    servers: list[ServerView]
    trusted: list[escape.Code]  # origins the SDK's publisher vouches for (the config's allow_credentials_to)
    schemes: list[SchemeView]
    required: list[list[escape.Code]]  # every operation needs credentials: its alternatives, else []
    globals: list[GlobalView]
    env_doc: list[escape.MdInline]  # README lines (Markdown list items)
    env_base_url: escape.Code
    children: list[ChildView]
    url: str  # the constructor's locals
    from_spec: str
    http: str
    env_log: escape.Code  # `<ENV_PREFIX>_LOG`
    streaming_name: str = ""
    async_streaming_name: str = ""


def client_view(api: ir.Api) -> ClientView:
    names = api.names
    env_doc: list[escape.MdInline] = []
    globals_: list[GlobalView] = []
    for g in api.globals:
        argument = _env_argument(g.py_name, g.names["env"])
        missing = escape.pystr(f"{g.py_name} is required: pass it or set {argument.env_name}") if g.required else None
        globals_.append(GlobalView(escape.pystr(g.wire_name), escape.pystr(g.location), argument, missing))
        env_doc.append(escape.MdInline(f"- {escape.md_code(g.py_name)}: {escape.md_code(argument.env_name)}"))
    schemes: list[SchemeView] = []
    for s in api.security_schemes:
        arguments = [_env_argument(a, e) for a, e in zip(s.arguments, s.env_vars, strict=True)]
        builder = "basic" if s.kind == "http_basic" else "oauth2" if s.kind == "oauth2" else ""
        listed = ", ".join(escape.md_code(a.py_name) for a in arguments)
        variables = ", ".join(escape.md_code(a.env_name) for a in arguments)
        env_doc.append(escape.MdInline(f"- {listed}: {variables}{security_notes(s)}"))
        schemes.append(
            SchemeView(
                escape.pystr(s.key),
                escape.pystr(s.kind),
                escape.pystr(s.location),
                escape.pystr(s.wire_name),
                escape.pystr(s.token_url),
                [escape.pystr(scope) for scope in s.scopes],
                arguments,
                builder,
            )
        )
    required: list[list[escape.Code]] = []
    if api.operations and all(op.security and () not in op.security for op in api.operations):
        alternatives = dict.fromkeys(alt for op in api.operations for alt in op.security)
        required = [[escape.pystr(key) for key in alt] for alt in alternatives]
    env_base_url = names["env.base_url"]
    env_doc.append(escape.MdInline(f"- `base_url`: {escape.md_code(env_base_url)}"))
    environment = "\n".join(
        ["Credentials and global parameters not passed here are read from the environment:", *env_doc]
    )
    docs = [
        doc_text(
            api.title,
            api.description,
            environment,
            "Credentials, global parameters and `default_headers` are sent only to the origin of\n"
            "the base URL and of the spec's servers: an operation whose own server is elsewhere\n"
            "goes without them, unless `allow_credentials_to` lists its origin\n"
            "(`allow_credentials_to=['https://uploads.example.com']`).",
            f"Use it as a context manager, or call `{awaits}client.close()`, to release its connections.",
            fallback="",
        )
        for awaits in ("", "await ")
    ]
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
    return ClientView(
        names["client"],
        names["async"],
        names["raw"],
        names["async_raw"],
        docs[0],
        docs[1],
        servers,
        [escape.pystr(o) for o in api.trusted_origins],
        schemes,
        required,
        globals_,
        env_doc,
        escape.pystr(env_base_url),
        [child_view(c) for c in api.root.children],
        names["local.url"],
        names["local.from_spec"],
        names["local.http"],
        escape.pystr(names["env.log"]),
        names["streaming"],
        names["async_streaming"],
    )


def security_notes(scheme: ir.SecurityScheme) -> str:
    """What the client's docstring adds to a credential's line: OpenAPI 3.2's `deprecated` and
    `oauth2MetadataUrl` (where the authorization server describes itself; the SDK does not fetch it)."""
    notes = ["deprecated by the API"] if scheme.deprecated else []
    if scheme.metadata_url:
        notes.append(f"authorization server metadata at {escape.md_code(scheme.metadata_url)}, not fetched")
    return "".join(f"\n  ({note})" for note in notes)  # each on its own line: a URL may be long


def _env_argument(py_name: str, env_name: str) -> EnvArgument:
    return EnvArgument(py_name, escape.pystr(env_name), env_name)


# ------------------------------------------------------------------------------ project files
@dataclass(frozen=True, slots=True)
class ProjectView:
    dist_name: escape.Toml
    version: escape.Toml
    description: escape.Toml
    http_requirement: escape.Toml
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
    title: escape.MdInline
    description: escape.Markdown
    dist_name: escape.Code  # in a fenced block
    env_lines: list[escape.MdInline]
    groups: list[tuple[escape.MdCode, escape.MdInline]]  # (link text, link target)
    example: escape.Code  # the examples are in fenced blocks
    paginated_example: escape.Code
    alias_example: escape.MdInline
    polling_example: escape.Code
    polling_doc: escape.MdInline
    servers: list[tuple[str, escape.MdCellCode]]  # (index, URL template) when there are several or variables
    streams: bool  # any download or event stream
    upload_example: escape.Code = escape.Code("")  # the first operation that takes a file
    env_log: escape.MdInline = escape.MdInline("")  # `<ENV_PREFIX>_LOG`, in backticks
    paginates: bool = False  # any list operation (its example may be the README's first one)


def readme_view(index: Index, config: SdkConfig) -> ReadmeView:
    api, ops = index.api, index.ops
    cv = client_view(api)
    groups = []
    calls: list[tuple[str, str]] = []  # (operation key, its group's attribute path), in order
    paginated, upload = escape.Code(""), escape.Code("")
    types = Types(index.defs)
    polling, polling_doc = escape.Code(""), escape.MdInline("")
    for group in walk(api.root):
        if group.path and group.operations:
            groups.append(
                (
                    escape.md_code(".".join(group.path)),
                    escape.md_inline(f"docs/{group.module}.md"),
                )
            )
            attr = memo_of(index).attr(group)
            for key in group.operations:
                calls.append((key, attr))
                if not paginated and ops[key].pagination is not None:
                    paginated = example_call(index, ops[key], attr, config)
                body = ops[key].body
                if not upload and body is not None and file_fields(body, types):
                    upload = example_call(index, ops[key], attr, config)
                found = ops[key].polling
                if not polling and found is not None:
                    polling = example_call(index, ops[key], attr, config, wait=True)
                    poll = ops[found.poll_key]
                    code = escape.md_code
                    polling_doc = escape.MdInline(
                        f"{code(f'{attr}.{found.py_name}')} calls {code(f'{attr}.{ops[key].py_name}')}, then "
                        f"{code(f'{attr}.{poll.py_name}')} as long as {code(found.status_field)} is "
                        + ", ".join(escape.md_inline(t) for t in found.pending)
                        + ", and returns the first result with another status ("
                        + ", ".join(escape.md_inline(t) for t in found.terminal)
                        + ")"
                    )
    # the first example is the first call unlike the README's other examples (a list call's
    # would repeat the pagination example); with none, the first call and no second copy of it
    shown = {paginated, upload, polling}
    examples = (example_call(index, ops[key], attr, config) for key, attr in calls)
    first_example = next((e for e in examples if e not in shown), escape.Code(""))
    if not first_example and calls:
        first_example = example_call(index, ops[calls[0][0]], calls[0][1], config)
        paginated = escape.Code("") if paginated == first_example else paginated
        upload = escape.Code("") if upload == first_example else upload
    aliased = next(
        (f for d in api.definitions if isinstance(d, ir.ModelDef) for f in d.fields if f.py_name != f.wire_name),
        None,
    )
    servers = []
    if len(api.servers) > 1 or any(s.variables for s in api.servers):
        servers = [(str(i), escape.md_cell_code(s.url)) for i, s in enumerate(api.servers)]
    alias_example = escape.MdInline("")
    if aliased is not None:
        names = f"{escape.md_code(aliased.py_name + '=')}, sent as {escape.md_code(aliased.wire_name)}"
        alias_example = escape.MdInline(f" ({names})")
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
        upload,
        escape.MdInline(escape.md_code(api.names["env.log"])),
        any(op.pagination is not None for op in api.operations),
    )
