"""IR → the view of one generated method: its parameters (`views_signature`), the request it
sends, what it returns, and its pager or polling helper, as data.

Values are escaped or computed expressions (`Code`: type expressions, defaults, literals) and
identifiers from the naming stage; the statements are the template's (`_resource.py.j2`), so the
template shows the shape of the method and `surface` reads the same data. An operation's `mode`
says how its response is returned: `none`, `parse` (one JSON body), `decode` (several media
types, chosen by the response's Content-Type), `binary` (a streamed download), `stream`
(server-sent events, or a 3.2 sequence of JSON items: `views_streams.py`) or `paginated` (a pager).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Literal

from generator import http_methods, ir, irquery
from generator.python import views_querystring
from generator.python.escape import Code, Docstring, pystr
from generator.python.pycode import Types
from generator.python.views_memo import Memo
from generator.python.views_method_doc import method_doc
from generator.python.views_models import doc_text
from generator.python.views_params import body_annotation
from generator.python.views_signature import CALL_OPTIONS, MethodLocals, Spelling
from generator.python.views_signature import POLL_OPTIONS as POLL_OPTIONS  # read from here by `surface`, tests
from generator.python.views_signature import ParamView as ParamView
from generator.python.views_signature import signature_params as signature_params
from generator.python.views_streams import STREAM_KINDS, stream_class, stream_returns

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

# The style and explode each location has when the spec does not say (OpenAPI 3.1 §4.8.12.4).
DEFAULT_STYLES = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", True),
    "querystring": ("simple", False),  # 3.2: by its media type instead (`views_querystring`)
}
# The media type of a request body when the generated call gives none (RequestOptions.media_type).
DEFAULT_MEDIA_TYPE = "application/json"
Mode = Literal["none", "parse", "decode", "binary", "stream", "paginated"]


@dataclass(frozen=True, slots=True)
class WireArg:
    """A parameter as the request sends it: its wire name and the argument holding its value."""

    wire: Code
    py_name: str


@dataclass(frozen=True, slots=True)
class RequestView:
    """The arguments of the method's `_base.RequestOptions(...)`; `*_dict`: literals it places, one value each."""

    method: Code
    path: Code
    path_params: list[WireArg]
    query: list[WireArg]
    headers: list[WireArg]
    cookies: list[WireArg]
    styles: list[tuple[Code, Code, bool]]  # (wire name, style, explode) where not the default
    body: bool
    body_type: Code | None  # a body that reaches a model: the type a dict body is validated as
    body_kind: Code | None  # a body that is not JSON: its kind
    media_type: Code | None  # the Content-Type as declared, when not DEFAULT_MEDIA_TYPE
    encoding: list[tuple[Code, Code]]  # (wire name, `_base.Part(...)`) of form and multipart properties
    accept: Code | None
    security: list[list[Code]]  # alternatives of scheme keys
    server: Code | None  # the operation's own server
    globals: list[Code]  # wire names of the client's global parameters the operation declares
    error_types: list[tuple[Code, Code]]  # (status, type) of declared error bodies
    idempotency_key: bool  # a fresh key per call (POST, PATCH: methods not idempotent)
    querystring: Code | None = None  # 3.2's `in: querystring`: `_base.QueryString(...)`
    path_params_dict: Code = field(init=False, repr=False, compare=False)  # `{"id": id}` (derived: not in the repr)
    query_dict: Code = field(init=False, repr=False, compare=False)
    headers_dict: Code = field(init=False, repr=False, compare=False)
    cookies_dict: Code = field(init=False, repr=False, compare=False)
    error_types_dict: Code = field(init=False, repr=False, compare=False)
    styles_dict: Code = field(init=False, repr=False, compare=False)  # `{"ids": ("form", False)}`
    encoding_dict: Code = field(init=False, repr=False, compare=False)  # `{"file": _base.Part(...)}`
    security_tuple: Code = field(init=False, repr=False, compare=False)  # `(("oauth", ), )`
    globals_tuple: Code = field(init=False, repr=False, compare=False)  # `("X-Version", )`

    def __post_init__(self) -> None:
        derived = object.__setattr__  # an empty one is the shared `{}` or `()` (most of them)
        derived(self, "path_params_dict", _wire_dict(self.path_params))
        derived(self, "query_dict", _wire_dict(self.query))
        derived(self, "headers_dict", _wire_dict(self.headers))
        derived(self, "cookies_dict", _wire_dict(self.cookies))
        errors = self.error_types
        derived(self, "error_types_dict", _dict([f"{status}: {kind}" for status, kind in errors]) if errors else _EMPTY)
        styles = self.styles
        spelled = [f"{wire}: ({style}, {explode})" for wire, style, explode in styles] if styles else []
        derived(self, "styles_dict", _dict(spelled) if styles else _EMPTY)
        encoding = self.encoding
        derived(self, "encoding_dict", _dict([f"{name}: {part}" for name, part in encoding]) if encoding else _EMPTY)
        alternatives = [_tuple(keys) for keys in self.security]
        derived(self, "security_tuple", _tuple(alternatives) if alternatives else _NONE)
        derived(self, "globals_tuple", _tuple(self.globals) if self.globals else _NONE)


_EMPTY, _NONE = Code("{}"), Code("()")


def _tuple(items: Sequence[str]) -> Code:
    """A tuple literal: `(a,)` as ruff writes a tuple of one; of more, each followed by a comma
    (the magic trailing comma: ruff then writes an element a line)."""
    return Code(f"({items[0]},)") if len(items) == 1 else Code("(" + "".join(f"{item}, " for item in items) + ")")


def _dict(items: list[str]) -> Code:
    return Code("{" + ", ".join(items) + "}")


def _wire_dict(args: list[WireArg]) -> Code:
    """`{"id": id}`: the arguments by wire name."""
    return _dict([f"{arg.wire}: {arg.py_name}" for arg in args]) if args else _EMPTY


@dataclass(frozen=True, slots=True)
class PagingView:
    kind: Code
    param: Code
    limit_param: Code
    items_attr: str  # the page model's attribute holding the items; "" when the body is the list
    cursor_attr: str  # cursor paging: the attribute holding the next cursor
    has_more_attr: str = ""  # cursor/cursor_id paging: the attribute saying more pages follow
    item_id: tuple[Code, Code] | None = None  # cursor_id paging: the items' id (attribute, wire name)


@dataclass(frozen=True, slots=True)
class PollView:
    py_name: str
    poll_name: str  # the poll operation's method
    params: list[ParamView]
    doc: Docstring
    returns: Code
    forwarded: list[str]  # the start method's arguments, passed on by name
    id_attr: str  # the start response's attribute holding the id
    id_wire: Code
    poll_args: list[tuple[str, str]]  # the poll method's (argument, local holding its value)
    status_attr: str
    pending: list[Code]  # the statuses polled through
    started: str  # local names: the start result, the id, the poll function
    resource_id: str
    poll: str
    forwarded_args: Code = field(init=False, repr=False, compare=False)  # `name=name, ...` (derived)
    poll_call_args: Code = field(init=False, repr=False, compare=False)  # `argument=local, ...`
    pending_set: Code = field(init=False, repr=False, compare=False)  # `{"queued", "running"}`

    def __post_init__(self) -> None:
        derived = object.__setattr__
        derived(self, "forwarded_args", Code(", ".join([f"{name}={name}" for name in self.forwarded])))
        derived(self, "poll_call_args", Code(", ".join([f"{name}={value}" for name, value in self.poll_args])))
        derived(self, "pending_set", Code("{" + ", ".join(self.pending) + "}"))


@dataclass(frozen=True, slots=True)
class OperationView:
    """One method. `params` are the spec's (and the body); the per-call options that follow them
    in every method are the template's own text. The fields after `polling` are derived from
    the others (so not in the `repr`), made once for both the sync and the async method."""

    py_name: str
    params: list[ParamView]
    returns: Code
    parse_type: Code  # parse: the type; decode: the contents tuple; stream: the class's arguments
    doc: Docstring
    request: RequestView
    locals: MethodLocals
    mode: Mode = "parse"
    item_type: Code = Code("")  # paginated: the items' type; stream: the stream's class
    paging: PagingView | None = None
    polling: PollView | None = None
    positional: list[ParamView] = field(init=False, repr=False, compare=False)  # before `*`
    keyword: list[ParamView] = field(init=False, repr=False, compare=False)  # after it
    sync_returns: Code = field(init=False, repr=False, compare=False)  # the sync method's return annotation
    async_returns: Code = field(init=False, repr=False, compare=False)  # the async one's
    # Whether `with_raw_response` has it: calls that return a parsed body (a list's first page) at once
    raw: bool = field(init=False, repr=False, compare=False)
    # Whether its raw twin parses on demand: the method returns its parsed body as it is
    raw_lazy: bool = field(init=False, repr=False, compare=False)
    awaits: bool = field(init=False, repr=False, compare=False)  # the async method is `async def`

    def __post_init__(self) -> None:
        mode, derived = self.mode, object.__setattr__
        derived(self, "positional", [p for p in self.params if p.positional])
        derived(self, "keyword", [p for p in self.params if not p.positional])
        derived(self, "sync_returns", result_type(mode, self.returns, self.item_type, ""))
        derived(self, "async_returns", result_type(mode, self.returns, self.item_type, "Async"))
        derived(self, "raw", mode in ("none", "parse", "decode", "paginated"))
        derived(self, "raw_lazy", mode in ("parse", "decode"))
        derived(self, "awaits", mode != "paginated")


def mode_of(op: ir.Operation) -> Mode:
    """How the operation's result is returned (see the module docstring)."""
    contents = op.success.contents if op.success is not None else ()
    if not contents:
        return "none"
    if any(c.kind in STREAM_KINDS for c in contents):
        return "stream"
    if all(c.kind == "binary" for c in contents):
        return "binary"
    if len(contents) > 1 or contents[0].kind != "json":
        return "decode"
    return "paginated" if op.pagination is not None else "parse"


def operation_view(
    op: ir.Operation,
    index: irquery.Index,
    types: Types,
    line_length: int,
    strings: Memo[Code] | None = None,
    spelling: Spelling | None = None,
) -> OperationView:
    """`spelling`: the group's `Spelling` of `types` (made here when not given)."""
    spelling = spelling if spelling is not None else Spelling(index, types, line_length)
    mode, returns, parse_type = _returns(op, types, spelling.expr, spelling.static)
    local_names = spelling.locals(op)
    params = spelling.signature(op)
    types.used.add("_base")  # the per-call options' annotations
    doc, request = method_doc(op), _request(op, types, strings, spelling)
    item_type, paging, polling, shown = Code(""), None, None, mode
    if op.pagination is not None and mode == "parse":
        paging = _paging(op, op.pagination, index)
        shown, item_type = "paginated", types.expr(op.pagination.item_type)
    elif mode == "stream":
        item_type = stream_class(op)
    if op.polling is not None and mode == "parse":  # a pager's too
        polling = _poll_view(op, op.polling, index.ops[op.polling.poll_key], index, types, params)
    return OperationView(
        op.py_name, params, returns, parse_type, doc, request, local_names, shown, item_type, paging, polling
    )


def result_annotation(
    op: ir.Operation, types: Types, *, qualified: bool = True, expr: Callable[[ir.Type], Code] | None = None
) -> Code:
    """What the sync method returns (see `result_type`); `expr`: `types.expr`, memoized
    (`types` is static then: its own static spelling)."""
    mode, returns, _ = _returns(op, types, expr, expr)
    if op.pagination is not None and mode == "parse":
        return result_type("paginated", returns, types.expr(op.pagination.item_type), qualified=qualified)
    return result_type(mode, returns, stream_class(op) if mode == "stream" else Code(""), qualified=qualified)


def result_type(mode: Mode, returns: Code, item_type: Code, prefix: str = "", *, qualified: bool = True) -> Code:
    """A method's return annotation from its mode, its body's type (one page's, for a pager) and
    its item type: sync (`prefix` "") or async ("Async"); not `qualified`, the runtime classes
    are named as the package exports them (`SyncPage`, `BinaryResponse`, `Stream`)."""
    pagination, streaming = ("_pagination.", "_streaming.") if qualified else ("", "")
    if mode == "paginated":
        return Code(f"{pagination}{'AsyncPaginator' if prefix else 'SyncPage'}[{item_type}, {returns}]")
    if mode == "binary":
        return Code(f"{streaming}{prefix}BinaryResponse")
    if mode == "stream":
        return Code(f"{streaming}{prefix}{item_type or 'Stream'}[{returns}]")
    return returns


def _returns(
    op: ir.Operation,
    types: Types,
    expr: Callable[[ir.Type], Code] | None = None,
    static_expr: Callable[[ir.Type], Code] | None = None,
) -> tuple[Mode, Code, Code]:
    """(mode, the annotation of the result, what the runtime decodes with); a paginated
    operation's are those of one page, the pager adds the rest. `expr`, `static_expr`:
    `types.expr` and `types.as_static().expr`, memoized (`Spelling`)."""
    mode = mode_of(op)
    contents = op.success.contents if op.success is not None else ()
    if mode == "none":
        return mode, Code("None"), Code("None")
    if mode == "binary":
        return mode, Code(""), Code("None")
    if mode == "stream":
        return mode, *stream_returns(op, types)
    expr = expr if expr is not None else types.expr
    static = static_expr if static_expr is not None else types.as_static().expr
    if mode in ("parse", "paginated"):
        t = contents[0].type
        if mode == "paginated" and isinstance(t, ir.Nullable):  # a page of a nullable model: never null
            t = t.inner
        return "parse", static(t) if t else types.typing("Any"), expr(t) if t else types.typing("Any")
    annotations: list[str] = []
    entries = []
    for c in contents:
        kind = "json" if c.kind == "json" else "text" if c.kind == "text" else "binary"
        spelled = {"text": "str", "binary": "bytes"}.get(kind) or (static(c.type) if c.type else types.typing("Any"))
        if spelled not in annotations:
            annotations.append(spelled)
        runtime = f", {expr(c.type)}" if kind == "json" and c.type is not None else ""
        entries.append(f"_base.Content({pystr(c.media_type)}, {pystr(kind)}{runtime})")
    annotation = Code(types.any_name) if types.any_name in annotations else Code(" | ".join(annotations))
    return mode, annotation, _tuple(entries)


def _request(
    op: ir.Operation, types: Types, strings: Memo[Code] | None = None, spelling: Spelling | None = None
) -> RequestView:
    """The request's arguments; `strings`: string literals by text (`pystr`), for all of a run's
    methods; `spelling`: the group's memoized expressions."""
    q = strings if strings is not None else Memo(pystr)
    expr = spelling.expr if spelling is not None else types.expr
    annotated = spelling.body_annotation if spelling is not None else lambda body: body_annotation(body, types)

    located: dict[str, list[WireArg]] = {"path": [], "query": [], "header": [], "cookie": []}  # one pass
    for p in op.params:
        sent = located.get(p.location)  # not a querystring
        if sent is not None:
            sent.append(WireArg(q[p.wire_name], p.py_name))
    body = op.body
    return RequestView(
        method=q[http_methods.wire(op.method)],
        path=pystr(op.path),  # one per operation
        path_params=located["path"],
        query=located["query"],
        headers=located["header"],
        cookies=located["cookie"],
        styles=[
            (q[p.wire_name], q[p.style], p.explode)
            for p in op.params
            if (p.style, p.explode) != DEFAULT_STYLES[p.location]
        ],
        body=body is not None,
        body_type=expr(body.type) if body is not None and annotated(body)[1] else None,
        body_kind=q[body.kind] if body is not None and body.kind != "json" else None,
        media_type=q[body.media_type] if body is not None and body.media_type != DEFAULT_MEDIA_TYPE else None,
        encoding=[(q[part.name], _part(part)) for part in body.encoding] if body is not None else [],
        accept=q[", ".join(c.media_type for c in op.success.contents)]
        if op.success is not None and op.success.contents
        else None,
        security=[[q[k] for k in alt] for alt in op.security],
        server=q[_server_url(op.servers[0])] if op.servers else None,
        globals=sorted({q[wire] for wire, _ in op.globals}),
        error_types=[(q[status], kind) for status, kind in error_types(op, types, expr)],
        idempotency_key=not http_methods.idempotent(op.method),
        querystring=views_querystring.request(op, types, _part),
    )


def _part(part: ir.PartEncoding) -> Code:
    """`_base.Part(...)`: how the runtime encodes one property of a form or multipart body."""
    args = [f"content_types={_tuple([pystr(t) for t in part.content_types])}"] if part.content_types else []
    if part.style is not None:
        args += [f"style={pystr(part.style)}", f"explode={part.explode!r}"]
        args += ["allow_reserved=True"] if part.allow_reserved else []
    if part.headers:
        args.append(f"headers={_tuple([f'({pystr(k)}, {pystr(v)})' for k, v in part.headers])}")
    return Code(f"_base.Part({', '.join(args)})")


def error_types(
    op: ir.Operation, types: Types, expr: Callable[[ir.Type], Code] | None = None
) -> list[tuple[str, Code]]:
    """(status, type) of each error response whose JSON body the runtime decodes into `body`;
    `expr`: `types.expr`, memoized."""
    expr = expr if expr is not None else types.expr
    return [
        (r.status, expr(r.type))
        for r in op.responses
        if not r.status.startswith("2") and r.type is not None and r.contents[0].kind == "json"
    ]


def _server_url(server: ir.Server) -> str:
    url = server.url
    for v in server.variables:
        url = url.replace("{" + v.name + "}", v.default)
    return url


def _paging(op: ir.Operation, paging: ir.Pagination, index: irquery.Index) -> PagingView:
    model = irquery.model_of(op.success.type if op.success else None, index.defs)  # as infer.py found it
    attrs = {f.wire_name: f.py_name for f in model.fields} if model is not None else {}
    return PagingView(
        pystr(paging.kind),
        pystr(paging.param),
        pystr(paging.limit_param),
        attrs[paging.items_field] if paging.items_field else "",
        attrs[paging.cursor_field] if paging.cursor_field else "",
        attrs[paging.has_more_field] if paging.has_more_field else "",
        _item_id(paging, index) if paging.kind == "cursor_id" else None,
    )


def _item_id(paging: ir.Pagination, index: irquery.Index) -> tuple[Code, Code]:
    """The items' id attribute (of the first model, for a union of models: a union's members
    name a wire field alike) and its wire name, for the runtime to read either."""
    item = irquery.resolve(paging.item_type, index.defs, nullable=True)
    first = item.variants[0] if isinstance(item, ir.Union) else item
    model = irquery.model_of(first, index.defs)
    assert model is not None  # infer_pagination.py found the id field on every member
    field = next(f for f in model.fields if f.wire_name == paging.item_id_field)
    return pystr(field.py_name), pystr(paging.item_id_field)


def _poll_view(
    start: ir.Operation,
    polling: ir.Polling,
    poll: ir.Operation,
    index: irquery.Index,
    types: Types,
    start_params: list[ParamView],
) -> PollView:
    """The `<start>_and_wait` helper: the start method's parameters, then the polling options
    (then, in the template, the per-call ones)."""
    params = [*start_params, *POLL_OPTIONS]
    forwarded = [p.py_name for p in start.params] + (["body"] if start.body is not None else [])
    forwarded += CALL_OPTIONS
    local = start.names
    by_wire = {p.wire_name: p.py_name for p in start.params if p.location == "path"}
    poll_args = []
    for p in poll.params:
        if p.wire_name == polling.id_param and p.location == "path":
            poll_args.append((p.py_name, local["local.resource_id"]))
        elif p.location == "path":
            poll_args.append((p.py_name, by_wire[p.wire_name]))
    poll_args += [(name, name) for name in ("extra_headers", "timeout", "max_retries")]
    start_model = irquery.model_of(start.success.type if start.success else None, index.defs)
    poll_model = irquery.model_of(poll.success.type if poll.success else None, index.defs)
    assert start_model is not None and poll_model is not None  # infer.py paired them by these models
    assert poll.success is not None and poll.success.type is not None
    doc = doc_text(
        f"{(start.summary or start.py_name).rstrip('.')}, then wait for the result.",
        f"Calls `{start.py_name}`, then `{poll.py_name}` every `poll_interval` seconds while "
        f"`{polling.status_field}` is {', '.join(polling.pending)}, and returns the first result with any other "
        f"status ({', '.join(polling.terminal)}, or one the spec does not list), a failed one too. "
        "Raises `PollingTimeoutError` after `poll_timeout` seconds.",
        fallback=polling.py_name,
        indent=8,  # a method's
    )
    return PollView(
        polling.py_name,
        poll.py_name,
        params,
        doc,
        types.as_static().expr(poll.success.type),
        forwarded,
        next(f.py_name for f in start_model.fields if f.wire_name == polling.id_field),
        pystr(polling.id_field),
        poll_args,
        next(f.py_name for f in poll_model.fields if f.wire_name == polling.status_field),
        [pystr(t) for t in polling.pending],
        local["local.started"],
        local["local.resource_id"],
        local["local.poll"],
    )
