"""An operation as a method of its resource class: the signature (path parameters positional,
then one object for the body or the query/header/cookie parameters, then request options) and
the `Call` the runtime sends. Spec text reaches the code only through `escape`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator import http_methods, ir, servers
from generator.irquery import Index
from generator.typescript.escape import doc, key, string
from generator.typescript.types import Names, expr

MODELS = "Models."
_BINARY = "Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>"


@dataclass(frozen=True, slots=True)
class Method:
    text: str  # the method, indented for a class body
    uses_page: bool
    uses_stream: bool = False
    uses_request: bool = False  # returns the client's APIPromise


def _params_type(op: ir.Operation, names: Names) -> tuple[str, bool]:
    """The object type of the non-path parameters (wire names as keys); whether one is required."""
    lines = []
    required = False
    for p in op.params:
        if p.location in ("path", "querystring"):
            continue
        lines.append(doc(p.description, "  "))
        lines.append(f"  {key(p.wire_name)}{'' if p.required else '?'}: {expr(p.type, names, MODELS)};\n")
        required = required or p.required
    return "{\n" + "".join(lines) + "}", required


def _body_type(body: ir.Body, names: Names) -> str:
    if body.kind == "binary":
        return _BINARY
    if body.kind == "text":
        return "string"
    return expr(body.type, names, MODELS)


_FRAMING = {"event_stream": "sse", "json_lines": "lines", "json_seq": "json-seq"}


def streams(op: ir.Operation) -> bool:
    """Whether the operation's success is a stream (events, JSON Lines)."""
    return op.success is not None and bool(op.success.contents) and op.success.contents[0].kind in _FRAMING


def _streamed(op: ir.Operation, names: Names) -> tuple[str, str, str] | None:
    """A streaming operation's (item type, framing, media type); None for any other."""
    if op.success is None or not streams(op):
        return None
    content = op.success.contents[0]
    types = [t for _, t in content.events] or ([content.type] if content.type is not None else [])
    plain = content.kind == "event_stream" and all(isinstance(t, ir.Prim) and t.name == "str" for t in types)
    item = "string" if plain else " | ".join(dict.fromkeys(expr(t, names, MODELS) for t in types)) or "unknown"
    return item, _FRAMING[content.kind], content.media_type


def _success(op: ir.Operation, names: Names) -> tuple[str, str]:
    """The method's result type and what the runtime decodes the body as."""
    if op.success is None or not op.success.contents:
        return "void", "none"
    streamed = _streamed(op, names)
    if streamed is not None:
        return f"Stream<{streamed[0]}>", "stream"
    content = op.success.contents[0]
    if content.kind == "binary":
        return "Blob", "binary"
    if content.kind in ("text", "event_stream"):
        return "string", "text"
    return (expr(content.type, names, MODELS) if content.type is not None else "unknown"), "json"


def method(op: ir.Operation, index: Index, names: Names, client_globals: dict[str, str]) -> Method:
    """`client_globals`: wire name of each client-held parameter → its client property."""
    path_params = [p for p in op.params if p.location == "path"]
    others = [p for p in op.params if p.location in ("query", "header", "cookie")]
    args = [f"{p.py_name}: {expr(p.type, names, MODELS)}" for p in path_params]
    body = op.body
    params_text, params_required = _params_type(op, names)
    if body is not None and not others:
        arg = "body" + ("" if body.required else "?")
        args.append(f"{arg}: {_body_type(body, names)}")
        params_expr, body_expr = "", "body"
    elif others or body is not None:
        if body is not None:
            params_text = params_text[:-1] + f"  body{'' if body.required else '?'}: {_body_type(body, names)};\n}}"
            params_required = params_required or body.required
        args.append(f"params: {params_text}" + ("" if params_required else " = {}"))
        params_expr, body_expr = "params", "params.body" if body is not None else ""
    else:
        params_expr = body_expr = ""
    args.append("options?: RequestOptions")

    call = [f"method: {string(op.method)}"]
    path_values = [f"{key(p.wire_name)}: {p.py_name}" for p in path_params]
    path_values += [
        f"{key(wire)}: this._client.{prop}"
        for (wire, location), prop in _globals(op, client_globals)
        if location == "path"
    ]
    styled = [
        f"{key(p.wire_name)}: [{string(p.style)}, {str(p.explode).lower()}]"
        for p in path_params
        if (p.style, p.explode) != ("simple", False)
    ]
    styles = f", {{ {', '.join(styled)} }}" if styled else ""
    call.append(f"path: buildPath({string(op.path)}, {{ {', '.join(path_values)} }}{styles})")
    own = servers.resolve(op.servers[0]) if op.servers else ""
    if re.match(r"https?://", own, re.I):  # a relative one is the API's: the base URL stands
        call.append(f"server: {string(own)}")
    where = [f"{key(p.wire_name)}: [{string(p.location)}, {string(p.style)}, {str(p.explode).lower()}]" for p in others]
    extra = []
    for (wire, location), prop in _globals(op, client_globals):
        if location != "path":
            style = "form" if location == "query" else "simple"
            where.append(f"{key(wire)}: [{string(location)}, {string(style)}, {str(location == 'query').lower()}]")
            extra.append(f"{key(wire)}: this._client.{prop}")
    if extra:
        call.append(f"params: {{ ...{params_expr or '{}'}, {', '.join(extra)} }}")
    elif params_expr:
        call.append(f"params: {params_expr}")
    if where:
        call.append(f"where: {{ {', '.join(where)} }}")
    if body is not None:
        kind = body.kind if body.kind in ("json", "form", "multipart", "binary", "text") else "json"
        call += [f"body: {body_expr}", f"bodyKind: {string(kind)}", f"mediaType: {string(body.media_type)}"]
        parts = [_part(e) for e in body.encoding if kind in ("form", "multipart")]
        if any(parts):
            call.append("encoding: { " + ", ".join(p for p in parts if p) + " }")
    result, expect = _success(op, names)
    call.append(f"expect: {string(expect)}")
    if op.security:
        alternatives = ", ".join("[" + ", ".join(string(k) for k in alt) + "]" for alt in op.security)
        call.append(f"security: [{alternatives}]")
    if not http_methods.idempotent(op.method):
        call.append("idempotent: false")
    streamed = _streamed(op, names)
    if op.success is not None and op.success.contents:  # what the operation answers, as Python's SDK asks
        call.append(f"accept: {string(', '.join(c.media_type for c in op.success.contents))}")
    call_text = "{\n" + "".join(f"        {line},\n" for line in call) + "      }"

    text = doc(_method_doc(op), "  ")
    signature = ", ".join(args)
    if op.pagination is not None:
        p = op.pagination
        item = expr(p.item_type, names, MODELS)
        paging = (
            f"{{ kind: {string(p.kind)}, itemsField: {string(p.items_field)}, param: {string(p.param)}, "
            f"cursorField: {string(p.cursor_field)}, limitParam: {string(p.limit_param)}, "
            f"itemIdField: {string(p.item_id_field)}, hasMoreField: {string(p.has_more_field)} }}"
        )
        text += (
            f"  {op.py_name}({signature}): PagePromise<{item}, {result}> {{\n"
            f"    return new PagePromise<{item}, {result}>(\n      this._client,\n      {call_text},\n"
            f"      {paging},\n      options,\n    );\n  }}\n"
        )
        return Method(text, True)
    if streamed is not None:
        item, framing, _ = streamed
        text += (
            f"  async {op.py_name}({signature}): Promise<{result}> {{\n"
            f"    const {{ response }} = await this._client.requestRaw<undefined>(\n      {call_text},\n"
            f"      options,\n    );\n    return new Stream<{item}>(response, {string(framing)});\n  }}\n"
        )
        return Method(text, False, True)
    text += (
        f"  {op.py_name}({signature}): APIPromise<{result}> {{\n"
        f"    return this._client.request<{result}>(\n      {call_text},\n      options,\n    );\n  }}\n"
    )
    return Method(text, False, uses_request=True)


def _part(e: ir.PartEncoding) -> str:
    """A property's `encoding` entry as the runtime's `PartSpec`; "" when it sets nothing."""
    fields = []
    if e.content_types:
        fields.append(f"contentTypes: [{', '.join(string(t) for t in e.content_types)}]")
    if e.style is not None:
        fields += [f"style: {string(e.style)}", f"explode: {str(e.explode).lower()}"]
    return f"{key(e.name)}: {{ {', '.join(fields)} }}" if fields else ""


def _globals(op: ir.Operation, client_globals: dict[str, str]) -> list[tuple[tuple[str, str], str]]:
    return [(g, client_globals[g[0]]) for g in op.globals if g[0] in client_globals]


def _method_doc(op: ir.Operation) -> str:
    parts = [op.summary, op.description] if op.description != op.summary else [op.summary]
    text = "\n\n".join(t for t in parts if t)
    text += ("\n\n" if text else "") + f"`{op.method.upper()} {op.path}`".replace("*/", "*\\/")
    return text + ("\n\n@deprecated" if op.deprecated else "")


def helper(op: ir.Operation, poll: ir.Operation, names: Names) -> str:
    """`<start>AndWait`: the start call, then the poll operation while the status is pending."""
    polling = op.polling
    assert polling is not None
    start_path = {p.wire_name: p.py_name for p in op.params if p.location == "path"}
    args = [f"{p.py_name}: {expr(p.type, names, MODELS)}" for p in op.params if p.location == "path"]
    passed = list(start_path.values())
    body = op.body
    others = [p for p in op.params if p.location in ("query", "header", "cookie")]
    if body is not None and not others:
        args.append(f"body{'' if body.required else '?'}: {_body_type(body, names)}")
        passed.append("body")
    elif others or body is not None:
        params_text, required = _params_type(op, names)
        if body is not None:
            params_text = params_text[:-1] + f"  body{'' if body.required else '?'}: {_body_type(body, names)};\n}}"
            required = required or body.required
        args.append(f"params: {params_text}" + ("" if required else " = {}"))
        passed.append("params")
    args.append("options?: RequestOptions & PollOptions")
    poll_args = []
    for p in poll.params:
        if p.location != "path":
            continue
        if p.wire_name == polling.id_param:
            poll_args.append(f"id as {expr(p.type, names, MODELS)}")
        elif p.wire_name in start_path:
            poll_args.append(start_path[p.wire_name])
        else:  # (`infer_polling` pairs only operations whose other path parameters match)
            return ""
    result, _ = _success(poll, names)
    pending = ", ".join(string(s) for s in polling.pending)
    described = ", ".join(polling.pending)
    text = doc(
        f"{op.summary or op.py_name}, then wait for the result.\n\n"
        f"Calls `{op.py_name}`, then `{poll.py_name}` every `pollInterval` milliseconds while "
        f"`{polling.status_field}` is {described}, and returns the first result with any other "
        "status (a failed one too). Throws `PollingTimeoutError` after `pollTimeout` milliseconds.",
        "  ",
    )
    return text + (
        f"  async {polling.py_name}({', '.join(args)}): Promise<{result}> {{\n"
        f"    const started = await this.{op.py_name}({', '.join([*passed, 'options'])});\n"
        f"    const id = field(started, {string(polling.id_field)});\n"
        f"    return waitFor(\n"
        f"      () => this.{poll.py_name}({', '.join([*poll_args, 'options'])}),\n"
        f"      {string(polling.status_field)},\n"
        f"      [{pending}],\n"
        f"      options,\n"
        f"    );\n  }}\n"
    )
