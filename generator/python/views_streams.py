"""IR → what a streaming method returns: a `Stream` of server-sent events (each event's `data`
decoded as the declared type; by event name when a 3.2 `itemSchema` names the events) or an
`ItemStream` of the JSON values of a sequential media type (JSON Lines, NDJSON, RFC 7464
JSON text sequences; `generator/sequential.py`)."""

from __future__ import annotations

from generator import ir
from generator.python.escape import Code, pystr
from generator.python.pycode import Types

STREAM_KINDS = ("event_stream", "json_lines", "json_seq")
# The runtime's framing of each kind of JSON sequence (`ItemStream`).
_FRAMING = {"json_lines": "lines", "json_seq": "json-seq"}


def stream_content(op: ir.Operation) -> ir.Content:
    """The streamed content of a streaming operation (the first, if it offers several)."""
    assert op.success is not None
    return next(c for c in op.success.contents if c.kind in STREAM_KINDS)


def stream_class(op: ir.Operation) -> Code:
    """The runtime class a streaming method returns (sync name)."""
    return Code("Stream" if stream_content(op).kind == "event_stream" else "ItemStream")


def stream_returns(op: ir.Operation, types: Types) -> tuple[Code, Code]:
    """(what the stream yields (for a `Stream`, its events' data type), the runtime class's
    arguments after the response)."""
    content = stream_content(op)
    static = types.as_static()
    if content.kind != "event_stream":
        t = content.type if content.type is not None else ir.AnyType()
        return static.expr(t), Code(f"{types.expr(t)}, {pystr(_FRAMING[content.kind])}")
    event = _event_type(content.type, types)
    returns = static.expr(event) if event is not None else Code("str")
    runtime = _runtime(event, types)
    if content.events:
        named = ", ".join(f"{pystr(name)}: {_runtime(_event_type(t, types), types)}" for name, t in content.events)
        runtime = Code(f"{runtime}, {{{named}}}")
    return returns, runtime


def _event_type(t: ir.Type | None, types: Types) -> ir.Type | None:
    """An event's data type: the schema's, unless it is plain text."""
    resolved = types.resolve(t) if t is not None else None
    return None if resolved is None or (isinstance(resolved, ir.Prim) and resolved.name == "str") else t


def _runtime(t: ir.Type | None, types: Types) -> Code:
    return types.expr(t) if t is not None else Code("str")
