"""The TypeScript package's README: install, the client and its settings, errors, retries and
pages, then every operation with an example call (sample values that validate against the
spec, `samples.py`), each a whole program that type-checks against the package."""

from __future__ import annotations

import json
import re

from generator import ir, irquery
from generator.config import SdkConfig
from generator.irquery import Index
from generator.python.escape import md_code  # Markdown's, not Python's: a code span
from generator.samples import sample, valid
from generator.typescript.escape import key, string
from generator.typescript.naming import walk
from generator.typescript.operations import streams

FENCE = "```"


class Expr(str):
    """Code standing in a sample value as it is (a file's content: `new Blob([...])`)."""


FILE = Expr('new Blob(["..."])')


def _value(value: ir.JsonValue, indent: int = 0) -> str:
    """A JSON value as a TypeScript expression (keys quoted only where they must be)."""
    if isinstance(value, Expr):
        return str(value)
    pad = "  " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}{key(k)}: {_value(v, indent + 1)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + "\n" + "  " * indent + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v, indent) for v in value) + "]"
    return json.dumps(value)


def global_samples(api: ir.Api) -> list[tuple[str, str]]:
    """Each client-held parameter (`workspaceId`) with a sample value, as code."""
    return [(g.py_name, string(_sample_text(g.type, g.example))) for g in api.globals]


def client_setup(api: ir.Api, config: SdkConfig) -> str:
    client = api.names["client"]
    lines = [f"import {{ {client} }} from {string(config.npm_name)};", "", f"const client = new {client}({{"]
    lines += [f"  {name}: {value}," for name, value in global_samples(api)]
    for s in api.security_schemes:
        lines.append(f'  {s.arguments[0]}: process.env[{string(s.env_vars[0])}] ?? "",')
    lines.append("});")
    return "\n".join(lines)


def _sample_text(t: ir.Type, example: ir.Default | None) -> str:
    value = sample(t, {}, example=example)
    return value if isinstance(value, str) else json.dumps(value)


def arguments(op: ir.Operation, index: Index, *, every: bool = False) -> list[str]:
    """Sample arguments of a call: the path parameters, then the object of what is required
    (the body, or the parameters with `body` among them); with `every`, the optional parameters
    and body fields too (those a valid value is found for), as a test sends them: sampled from
    the schemas, not the spec's examples (an example may break its own schema's format)."""
    defs = index.defs

    def example(found: ir.Default | None) -> ir.Default | None:
        return None if every else found

    args = [
        json.dumps(sample(p.type, defs, example=example(p.example), optional=every))
        for p in op.params
        if p.location == "path"
    ]
    others = [p for p in op.params if p.location in ("query", "header", "cookie")]
    fields = {}
    for p in others:
        value = sample(p.type, defs, example=example(p.example), optional=every)
        if p.required or (every and valid(value, p.type, defs)):
            fields[p.wire_name] = value
    body = op.body
    if body is not None:
        data = sample(body.type, defs, example=example(body.example), optional=every)
        if every and not valid(data, body.type, defs):
            data = sample(body.type, defs)
        value = FILE if body.kind == "binary" else _value(_with_files(data, body, defs))
        if others:
            pairs = [f"{key(k)}: {_value(v, 1)}," for k, v in fields.items()] + [f"body: {value},"]
            args.append("{\n  " + "\n  ".join(pairs) + "\n}")
        elif body.required or value != "{}":
            args.append(value)
    elif fields:
        args.append(_value(fields))
    return args


def _with_files(data: ir.JsonValue, body: ir.Body, defs: irquery.Definitions) -> ir.JsonValue:
    """A multipart body's sample with a `Blob` for each file field (a string would go as text)."""
    model = irquery.model_of(body.type, defs) if body.kind == "multipart" else None
    if model is None or not isinstance(data, dict):
        return data
    out = dict(data)
    for f in model.fields:
        t = irquery.resolve(f.type, defs)
        item = irquery.resolve(t.item, defs) if isinstance(t, ir.Array) else None
        if f.wire_name in out and _is_file(t):
            out[f.wire_name] = FILE
        elif f.wire_name in out and item is not None and _is_file(item):
            out[f.wire_name] = [FILE]
    return out


def _is_file(t: ir.Type) -> bool:
    return isinstance(t, ir.Prim) and t.name == "bytes" and t.format != "byte"


def call(op: ir.Operation, index: Index, attrs: list[str]) -> str:
    """`await client.<group>.<method>(…)` with sample arguments for what is required."""
    target = ".".join(["client", *attrs, op.py_name])
    args = ", ".join(arguments(op, index))
    if op.pagination is not None:
        return f"for await (const item of {target}({args})) {{\n  console.log(item);\n}}"
    return f"const result = await {target}({args});\nconsole.log(result);"


def attr_paths(root: ir.Group) -> dict[str, list[str]]:
    """Each operation's group attributes from the client (`["projects", "runs"]`), by key."""
    found: dict[str, list[str]] = {}
    stack: list[tuple[ir.Group, list[str]]] = [(root, [])]
    while stack:
        group, attrs = stack.pop()
        found.update((k, attrs) for k in group.operations)
        stack.extend((c, [*attrs, c.py_name]) for c in group.children)
    return found


def example(op: ir.Operation, api: ir.Api, config: SdkConfig, index: Index, attrs: list[str]) -> str:
    """A whole program: the client, then the call."""
    return client_setup(api, config) + "\n\n" + call(op, index, attrs) + "\n"


def readme_text(api: ir.Api, config: SdkConfig, index: Index) -> str:
    paths = attr_paths(api.root)
    envs = [f"- `{g.py_name}`: `{g.names['env']}`" for g in api.globals]
    envs += [f"- `{a}`: `{e}`" for s in api.security_schemes for a, e in zip(s.arguments, s.env_vars, strict=True)]
    envs.append(f"- `baseURL`: `{api.names['env.base_url']}`")
    out = [
        "<!-- Generated by openapi-sdkgen. Do not edit: changes are overwritten. -->",
        "",
        f"# {config.npm_name}",
        "",
        f"The TypeScript SDK of {md(api.title)} (version {md(api.version)} of its spec). No runtime",
        "dependency: the global `fetch` of Node 18+, Deno, Bun and browsers.",
        "",
        f"{FENCE}sh\nnpm install {config.npm_name}\n{FENCE}",
        "",
        "## The client",
        "",
        f"{FENCE}ts\n{client_setup(api, config)}\n{FENCE}",
        "",
        "Every option may be left out when its environment variable is set:",
        "",
        *envs,
        "",
        "Other options: `timeout` (milliseconds per attempt, default 60,000), `maxRetries` (default 2),",
        "`defaultHeaders`, `fetch` (your own `fetch`). Each call takes them last, as request options:",
        "`timeout`, `maxRetries`, `headers`, `signal` (an `AbortSignal`) and `idempotencyKey`.",
        "",
        *_servers_text(api),
        "Credentials and default headers go only to the base URL's origin, the spec's servers' and",
        "those you list in `allowCredentialsTo`: an operation served elsewhere gets neither.",
        *_oauth_text(api),
        "",
        "## Errors and retries",
        "",
        "A response with an error status throws an `APIError` (`BadRequestError`, `AuthenticationError`,",
        "`PermissionDeniedError`, `NotFoundError`, `ConflictError`, `UnprocessableEntityError`,",
        "`RateLimitError`, `InternalServerError`) with its `status`, `headers` and decoded `body`; no",
        "response throws `APIConnectionError` (`APIConnectionTimeoutError` after the timeout).",
        "408, 409, 429 and 5xx responses and connection errors are retried with exponential backoff",
        "(0.5 s doubled up to 8 s, less up to 25% jitter; the server's `Retry-After` is obeyed up to",
        "60 s); a call that is not idempotent sends one `Idempotency-Key` with every attempt.",
        "",
    ]
    plain = [
        (", ".join(arguments(op, index)), op)
        for op in api.operations
        if op.pagination is None and op.key in paths and not streams(op)
    ]
    if plain:  # the call with the shortest arguments
        args, op = min(plain, key=lambda pair: len(pair[0]))
        target = ".".join(["client", *paths[op.key], op.py_name])
        raw = f"const {{ data, response }} = await {target}({args}).withResponse();"
        out += [
            "## Responses",
            "",
            "A call's promise gives the decoded body; `.withResponse()` on it gives the body and the",
            "`Response` it came in, for its status and headers:",
            "",
            f"{FENCE}ts\n{client_setup(api, config)}\n\n{raw}\n"
            f'console.log(response.status, response.headers.get("content-type"), data);\n{FENCE}',
            "",
        ]
    out += [
        "## Operations",
        "",
        "A page per group, each operation with its arguments and an example:",
        "",
    ]
    for group in walk(api.root):
        if group.operations:
            where = ".".join(["client", *paths[group.operations[0]]])
            count = len(group.operations)
            out.append(f"- [`{where}`](docs/{group.module}.md): {count} operation{'' if count == 1 else 's'}")
    return "\n".join(out) + "\n"


def _servers_text(api: ir.Api) -> list[str]:
    """The spec's servers, when there is a choice to make: `server` and `serverVariables`."""
    if len(api.servers) < 2 and not any(s.variables for s in api.servers):
        return []
    out = ["Without `baseURL`, the client calls the spec's server number `server` (default 0):", ""]
    for i, server in enumerate(api.servers):
        out.append(f"{i}. {md_code(server.url)}" + (f": {md(server.description)}" if server.description else ""))
    variables = []
    for v in (v for server in api.servers for v in server.variables):
        allowed = f"; one of {', '.join(md_code(e) for e in v.enum)}" if v.enum else ""
        variables.append(f"{md_code(v.name)} (default {md_code(v.default)}{allowed})")
    if variables:
        out += ["", "`serverVariables` fills in its URL: " + ", ".join(dict.fromkeys(variables)) + "."]
    return [*out, ""]


def _oauth_text(api: ir.Api) -> list[str]:
    """How a client id and secret stand in for a token (OAuth 2 client credentials)."""
    exchanged = [s for s in api.security_schemes if s.kind == "oauth2" and len(s.arguments) >= 3]
    if not exchanged:
        return []
    token, client_id, secret = exchanged[0].arguments[:3]
    return [
        "",
        f"`{client_id}` and `{secret}` instead of `{token}`: the client asks for a token (OAuth 2",
        "client credentials), keeps it while it is fresh, and asks again after a 401.",
    ]


def md(text: str) -> str:
    """Spec text inline in Markdown: one line, the characters that make markup escaped (and a
    first one that would start a heading, a list or a quote)."""
    flat = "".join("\\" + c if c in "\\`*_[]<>|&" else c for c in " ".join(text.split()))
    if "\\*" in flat or "\\_" in flat:
        # an autolinked URL next to escaped emphasis characters trips Prettier (it rewrites `\*\*`
        # after the URL as `\*\_`): such a URL is not linked, so the text stays as written
        flat = flat.replace("://", "\\://")
    if re.match(r"\d+[.)]", flat):  # an ordered list's marker: its `.` or `)` escaped
        return re.sub(r"^(\d+)", r"\1\\", flat)
    return "\\" + flat if flat[:1] in ("#", "+", "-", "=", ">") else flat
