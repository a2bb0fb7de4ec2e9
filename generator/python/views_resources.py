"""IR → views of the resource modules: one class per group, its methods, helpers and raw wrappers.

Like `views.py` for models: every value a template places is computed and escaped here. An
operation's `mode` says how its response is returned: `none`, `parse` (one JSON body), `decode`
(several media types, chosen by the response's Content-Type), `binary` (a streamed download),
`stream` (server-sent events) or `paginated` (a pager).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from generator import ir
from generator.infer import model_of
from generator.python.escape import Code, pystr
from generator.python.pycode import Types, data_literal, definitions_of, fit_annotation
from generator.python.views_models import MODEL_IMPORTS, doc_text

# The style and explode each location has when the spec does not say (OpenAPI 3.1 §4.8.12.4).
DEFAULT_STYLES = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", True),
}
CALL_OPTIONS = (
    Code("extra_headers: Mapping[str, str] | None = None"),
    Code("extra_query: Mapping[str, object] | None = None"),
    Code("timeout: _base.Timeout | _base.NotGiven = _base.NOT_GIVEN"),
    Code("max_retries: int | _base.NotGiven = _base.NOT_GIVEN"),
)
# The polling helpers' own options, before the per-call ones.
POLL_OPTIONS = (Code("poll_interval: float = 2.0"), Code("poll_timeout: float = 600.0"))
NOT_GIVEN = Code("_base.NOT_GIVEN")
Mode = Literal["none", "parse", "decode", "binary", "stream", "paginated"]


@dataclass(frozen=True, slots=True)
class PollView:
    py_name: str
    poll_name: str  # the poll operation's method
    signature: list[Code]
    doc: Code
    returns: Code
    start_call: Code  # the start method's keyword arguments
    id_expr: Code  # the id, read from the start response `started`
    poll_call: Code  # the poll method's keyword arguments
    status_attr: str
    terminal: Code
    names: tuple[str, str, str]  # local names: the start result, the id, the poll function


@dataclass(frozen=True, slots=True)
class OperationView:
    py_name: str
    signature: list[Code]
    returns: Code
    parse_type: Code  # parse: the type; decode: the contents tuple; stream: the event type
    doc: Code
    options: Code
    mode: Mode = "parse"
    item_type: Code = Code("")
    paging: Code = Code("")
    items_expr: Code = Code("")
    cursor_expr: Code = Code("None")
    polling: PollView | None = None

    def returns_for(self, prefix: str) -> Code:
        """The return annotation of the sync (`prefix` "") or async ("Async") method."""
        if self.mode == "paginated":
            return Code(f"_pagination.{prefix or 'Sync'}Pager[{self.item_type}, {self.returns}]")
        if self.mode == "binary":
            return Code(f"_streaming.{prefix}BinaryResponse")
        if self.mode == "stream":
            return Code(f"_streaming.{prefix}Stream[{self.returns}]")
        return self.returns

    @property
    def raw(self) -> bool:
        """Whether `with_raw_response` has it: calls that return a parsed body at once."""
        return self.mode in ("none", "parse", "decode")

    @property
    def awaits(self) -> bool:
        return self.mode != "paginated"


@dataclass(frozen=True, slots=True)
class ChildView:
    py_name: str
    class_name: str
    module: str
    doc: Code


@dataclass(frozen=True, slots=True)
class GroupView:
    module: str
    class_name: str
    doc: Code
    children: list[ChildView]
    operations: list[OperationView]
    imports: list[Code] = field(default_factory=list)


def child_view(group: ir.Group) -> ChildView:
    return ChildView(group.py_name, group.class_name, group.module, group_doc(group))


def group_doc(group: ir.Group) -> Code:
    if all(re.fullmatch(r"[A-Za-z0-9_.-]+", g) for g in group.path):
        return doc_text(group.description, fallback=f"Operations of the `{'.'.join(group.path)}` group.")
    return doc_text(group.description, fallback="Operations of this group.")


def group_view(api: ir.Api, group: ir.Group, ops: dict[str, ir.Operation], line_length: int) -> GroupView:
    types = group_types(api, group, ops)
    operations = [operation_view(ops[key], ops, types, line_length) for key in group.operations]
    children = [child_view(c) for c in group.children]
    return GroupView(
        group.module, group.class_name, group_doc(group), children, operations, _imports(operations, children)
    )


def group_types(api: ir.Api, group: ir.Group, ops: dict[str, ir.Operation]) -> Types:
    """The type expressions of a group's module (`models.` prefixed)."""
    members = {ops[key].py_name for key in group.operations} | {c.py_name for c in group.children}
    members |= {polling.py_name for key in group.operations if (polling := ops[key].polling)}
    # A method named `list` shadows the builtin in the class body, where annotations are read.
    return Types(definitions_of(api), prefix="models.", shadowed=members)


def _imports(operations: list[OperationView], children: list[ChildView]) -> list[Code]:
    text = "\n".join(
        [o.options + o.returns + o.parse_type + o.item_type + "".join(o.signature) for o in operations]
        + [p.returns + p.start_call + p.poll_call + "".join(p.signature) for o in operations if (p := o.polling)]
    )
    imports = []
    if "_b." in text:
        imports.append(Code("import builtins as _b"))
    imports.append(Code("import functools"))
    for prefix, line in MODEL_IMPORTS:
        uses_cast = any(o.mode in ("parse", "decode", "paginated") for o in operations)  # `_t.cast(...)`
        if prefix in text or (prefix == "_t." and uses_cast):
            imports.append(Code(line))
    if operations:
        imports.append(Code("from collections.abc import Mapping"))
    imports.append(Code(""))
    if "_p." in text:
        imports.extend([Code("import pydantic as _p"), Code("")])
    modules = ["_base"] if operations else []
    modules += [m for m, used in _runtime_modules(operations).items() if used]
    if "models." in text:
        modules.append("models")
    if modules:
        imports.append(Code(f"from .. import {', '.join(sorted(modules))}"))
    imports.append(Code("from .._transport import AsyncTransport, SyncTransport"))
    for c in children:
        imports.append(
            Code(
                f"from .{c.module} import (Async{c.class_name}, Async{c.class_name}WithRawResponse, "
                f"{c.class_name}, {c.class_name}WithRawResponse)"
            )
        )
    return imports


def _runtime_modules(operations: list[OperationView]) -> dict[str, bool]:
    return {
        "_pagination": any(o.mode == "paginated" for o in operations),
        "_polling": any(o.polling for o in operations),
        "_raw": any(o.raw for o in operations),
        "_streaming": any(o.mode in ("binary", "stream") for o in operations),
    }


def mode_of(op: ir.Operation) -> Mode:
    """How the operation's result is returned (see the module docstring)."""
    contents = op.success.contents if op.success is not None else ()
    if not contents:
        return "none"
    if any(c.kind == "event_stream" for c in contents):
        return "stream"
    if all(c.kind == "binary" for c in contents):
        return "binary"
    if len(contents) > 1 or contents[0].kind != "json":
        return "decode"
    return "paginated" if op.pagination is not None else "parse"


def result_annotation(op: ir.Operation, types: Types) -> Code:
    """What the sync method returns, as the docs show it."""
    mode, returns, parse_type = _returns(op, types)
    view = OperationView(op.py_name, [], returns, parse_type, Code(""), Code(""), mode)
    if op.pagination is not None and mode == "parse":
        view = replace(view, mode="paginated", item_type=types.expr(op.pagination.item_type))
    return view.returns_for("")


def operation_view(op: ir.Operation, ops: dict[str, ir.Operation], types: Types, line_length: int) -> OperationView:
    signature = _signature(op, types, line_length)
    mode, returns, parse_type = _returns(op, types)
    view = OperationView(op.py_name, signature, returns, parse_type, _operation_doc(op), _options(op, types), mode)
    if op.pagination is not None and mode == "parse":
        view = _paginated(view, op, op.pagination, types)
    if op.polling is not None and mode == "parse":
        view = replace(view, polling=_poll_view(op, op.polling, ops[op.polling.poll_key], types, line_length))
    return view


@dataclass(frozen=True, slots=True)
class SignatureParam:
    """One parameter of a method as generated: path parameters are positional (before `*`),
    the rest keyword-only; `default` is None for a required parameter."""

    py_name: str
    annotation: Code
    default: Code | None
    positional: bool
    source: ir.Param | None  # None: the request body


def signature_params(op: ir.Operation, types: Types) -> list[SignatureParam]:
    """The parameters of an operation's method, in order, without the per-call `CALL_OPTIONS`."""
    params = [SignatureParam(p.py_name, types.expr(p.type), None, True, p) for p in op.params if p.location == "path"]
    for p in sorted((p for p in op.params if p.location != "path"), key=lambda p: not p.required):
        annotation = types.expr(p.type)
        if p.required:
            params.append(SignatureParam(p.py_name, annotation, None, False, p))
        else:
            params.append(SignatureParam(p.py_name, Code(f"{annotation} | _base.NotGiven"), NOT_GIVEN, False, p))
    if op.body is not None:
        body_type = types.expr(op.body.type)
        if isinstance(types.resolve(op.body.type), ir.Ref):
            body_type = Code(f"{body_type} | Mapping[str, _t.Any]")
        if op.body.required:
            params.append(SignatureParam("body", body_type, None, False, None))
        else:
            params.append(SignatureParam("body", Code(f"{body_type} | _base.NotGiven"), NOT_GIVEN, False, None))
    return params


def _signature(op: ir.Operation, types: Types, line_length: int) -> list[Code]:
    def code(p: SignatureParam) -> Code:
        tail = f" = {p.default}," if p.default else ","
        fitted = fit_annotation(8, p.py_name, p.annotation, tail, line_length)
        return Code(f"{p.py_name}: {fitted}" + (f" = {p.default}" if p.default else ""))

    params = signature_params(op, types)
    positional = [code(p) for p in params if p.positional]
    return positional + [Code("*")] + [code(p) for p in params if not p.positional] + list(CALL_OPTIONS)


def _returns(op: ir.Operation, types: Types) -> tuple[Mode, Code, Code]:
    """(mode, the annotation of the result, what the runtime decodes with); a paginated
    operation's are those of one page, `_paginated` adds the rest."""
    mode = mode_of(op)
    contents = op.success.contents if op.success is not None else ()
    static = types.as_static()
    if mode == "none":
        return mode, Code("None"), Code("None")
    if mode == "binary":
        return mode, Code(""), Code("None")
    if mode == "stream":
        event = _event_type(next(c for c in contents if c.kind == "event_stream").type, types)
        return mode, static.expr(event) if event is not None else Code("str"), _runtime(event, types)
    if mode in ("parse", "paginated"):
        t = contents[0].type
        return "parse", static.expr(t) if t else Code("_t.Any"), types.expr(t) if t else Code("_t.Any")
    annotations: list[str] = []
    entries = []
    for c in contents:
        kind = "json" if c.kind == "json" else "text" if c.kind == "text" else "binary"
        expr = {"text": "str", "binary": "bytes"}.get(kind) or (static.expr(c.type) if c.type else "_t.Any")
        if expr not in annotations:
            annotations.append(expr)
        runtime = f", {types.expr(c.type)}" if kind == "json" and c.type is not None else ""
        entries.append(f"_base.Content({pystr(c.media_type)}, {pystr(kind)}{runtime})")
    annotation = Code("_t.Any") if "_t.Any" in annotations else Code(" | ".join(annotations))
    return mode, annotation, Code("(" + "".join(e + ", " for e in entries) + ")")


def _event_type(t: ir.Type | None, types: Types) -> ir.Type | None:
    """An event's data type: the schema's, unless it is plain text."""
    resolved = types.resolve(t) if t is not None else None
    return None if resolved is None or (isinstance(resolved, ir.Prim) and resolved.name == "str") else t


def _runtime(t: ir.Type | None, types: Types) -> Code:
    return types.expr(t) if t is not None else Code("str")


def _options(op: ir.Operation, types: Types) -> Code:
    by_location: dict[str, list[str]] = {"path": [], "query": [], "header": [], "cookie": []}
    for p in op.params:
        by_location[p.location].append(f"{pystr(p.wire_name)}: {p.py_name}")
    parts = [
        f"method={pystr(op.method.upper())}",
        f"path={pystr(op.path)}",
        f"path_params={{{', '.join(by_location['path'])}}}",
        f"query={{{', '.join(by_location['query'])}}}",
        f"headers={{{', '.join(by_location['header'])}}}",
    ]
    if by_location["cookie"]:
        parts.append(f"cookies={{{', '.join(by_location['cookie'])}}}")
    styled = [
        f"{pystr(p.wire_name)}: ({pystr(p.style)}, {p.explode})"
        for p in op.params
        if (p.style, p.explode) != DEFAULT_STYLES[p.location]
    ]
    if styled:
        parts.append(f"styles={{{', '.join(styled)}}}")
    parts.append("body=body" if op.body is not None else "body=_base.NOT_GIVEN")
    if op.body is not None and body_kind_of(op.body.media_type) != "json":
        parts.append(f"body_kind={pystr(body_kind_of(op.body.media_type))}, media_type={pystr(op.body.media_type)}")
    if op.body is not None and op.body.encoding:
        parts.append("encoding={" + ", ".join(f"{pystr(k)}: {pystr(v)}" for k, v in op.body.encoding) + "}")
    if op.success is not None and op.success.contents:
        parts.append(f"accept={pystr(', '.join(c.media_type for c in op.success.contents))}")
    parts.append(
        "security=(" + "".join("(" + "".join(f"{pystr(k)}, " for k in alt) + "), " for alt in op.security) + ")"
    )
    if op.servers:
        parts.append(f"servers=({pystr(_server_url(op.servers[0]))},)")
    errors = [f"{pystr(status)}: {expr}" for status, expr in error_types(op, types)]
    if errors:
        parts.append("error_types={" + ", ".join(errors) + "}")
    idempotency = "_base.new_idempotency_key()" if op.method in ("post", "patch") else "None"
    parts += [
        "extra_headers=extra_headers",
        "extra_query=extra_query",
        "timeout=timeout",
        "max_retries=max_retries",
        f"idempotency_key={idempotency}",
    ]
    return Code("_base.RequestOptions(" + ", ".join(parts) + ")")


def error_types(op: ir.Operation, types: Types) -> list[tuple[str, Code]]:
    """(status, type) of each error response whose JSON body the runtime decodes into `body`."""
    return [
        (r.status, types.expr(r.type))
        for r in op.responses
        if not r.status.startswith("2") and r.type is not None and r.contents[0].kind == "json"
    ]


def _server_url(server: ir.Server) -> str:
    url = server.url
    for v in server.variables:
        url = url.replace("{" + v.name + "}", v.default)
    return url


def _paginated(view: OperationView, op: ir.Operation, paging: ir.Pagination, types: Types) -> OperationView:
    model = types.defs.get(op.success.type.key) if op.success and isinstance(op.success.type, ir.Ref) else None
    attrs = {f.wire_name: f.py_name for f in model.fields} if isinstance(model, ir.ModelDef) else {}
    items = f"data.{attrs[paging.items_field]}" if paging.items_field else "data"
    cursor = f"data.{attrs[paging.cursor_field]}" if paging.cursor_field else "None"
    code = f"_pagination.Paging({pystr(paging.kind)}, {pystr(paging.param)}, {pystr(paging.limit_param)})"
    return replace(
        view,
        mode="paginated",
        item_type=types.expr(paging.item_type),
        paging=Code(code),
        items_expr=Code(items),
        cursor_expr=Code(cursor),
    )


def _poll_view(
    start: ir.Operation, polling: ir.Polling, poll: ir.Operation, types: Types, line_length: int
) -> PollView:
    signature = _signature(start, types, line_length)
    at = signature.index(CALL_OPTIONS[0])
    signature[at:at] = list(POLL_OPTIONS)
    taken = {p.py_name for p in start.params} | {"body", "poll_interval", "poll_timeout"}
    started, resource_id, fetch = (_fresh(n, taken) for n in ("started", "resource_id", "poll"))
    start_args = [f"{p.py_name}={p.py_name}" for p in start.params]
    if start.body is not None:
        start_args.append("body=body")
    start_args += [
        "extra_headers=extra_headers",
        "extra_query=extra_query",
        "timeout=timeout",
        "max_retries=max_retries",
    ]
    by_wire = {p.wire_name: p.py_name for p in start.params if p.location == "path"}
    poll_args = []
    for p in poll.params:
        if p.wire_name == polling.id_param and p.location == "path":
            poll_args.append(f"{p.py_name}={resource_id}")
        elif p.location == "path":
            poll_args.append(f"{p.py_name}={by_wire[p.wire_name]}")
    poll_args += ["extra_headers=extra_headers", "timeout=timeout", "max_retries=max_retries"]
    start_model = model_of(start.success.type if start.success else None, types.defs)
    poll_model = model_of(poll.success.type if poll.success else None, types.defs)
    assert start_model is not None and poll_model is not None  # infer.py paired them by these models
    assert poll.success is not None and poll.success.type is not None
    id_attr = next(f.py_name for f in start_model.fields if f.wire_name == polling.id_field)
    status_attr = next(f.py_name for f in poll_model.fields if f.wire_name == polling.status_field)
    statuses = ", ".join(polling.terminal)
    doc = doc_text(
        f"{(start.summary or start.py_name).rstrip('.')}, then wait for the result.",
        f"Calls `{start.py_name}`, then `{poll.py_name}` every `poll_interval` seconds until "
        f"`{polling.status_field}` is one of: {statuses}, and returns that result (a failed one too). "
        "Raises `PollingTimeoutError` after `poll_timeout` seconds.",
        fallback=polling.py_name,
    )
    return PollView(
        polling.py_name,
        poll.py_name,
        signature,
        doc,
        types.as_static().expr(poll.success.type),
        Code(", ".join(start_args)),
        Code(f"_polling.required({started}.{id_attr}, {pystr(polling.id_field)})"),
        Code(", ".join(poll_args)),
        status_attr,
        Code("frozenset({" + ", ".join(pystr(t) for t in polling.terminal) + "})"),
        (started, resource_id, fetch),
    )


def _fresh(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def body_kind_of(media_type: str) -> str:
    """How the runtime encodes a request body of this media type (`_base.encode_body`)."""
    base = media_type.split(";")[0].strip().lower()
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base.startswith("multipart/"):
        return "multipart"
    return "text" if base.startswith("text/") else "binary"


def _operation_doc(op: ir.Operation) -> Code:
    lines = [op.summary, op.description if op.description != op.summary else ""]
    lines.append(f"`{op.method.upper()} {op.path}`")
    args = [p for p in op.params if p.description]
    if args or op.body is not None:
        arg_lines = ["Args:"]
        for p in op.params:
            default = f" Defaults to {data_literal(p.default.value)} on the server." if p.default else ""
            arg_lines.append(f"    {p.py_name}: {' '.join(p.description.split()) or p.wire_name}{default}")
        if op.body is not None:
            arg_lines.append(f"    body: {' '.join(op.body.description.split()) or 'The request body.'}")
        lines.append("\n".join(arg_lines))
    if op.pagination is not None:
        lines.append("Returns a pager: iterate it for every item across pages, or call `.pages()`.")
    if op.deprecated:
        lines.append("Deprecated.")
    return doc_text(*lines, fallback=op.py_name)
