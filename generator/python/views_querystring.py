"""IR → how a method takes and sends OpenAPI 3.2's `in: querystring` parameter (`querystring.py`).

The method takes the whole query string as one argument typed as a request body of its schema
is (the model, or its TypedDict: `views_params.body_annotation`), validated the same way at run
time (`_base.request_body`), and hands it to the runtime as `_base.QueryString(value, media
type, encoding)`, which writes it as a form body's fields (each by its `encoding` entry), or as
percent-encoded JSON or text.
"""

from __future__ import annotations

from collections.abc import Callable

from generator import ir, irquery
from generator.python.escape import Code, pystr
from generator.python.pycode import Types
from generator.python.views_params import body_annotation


def as_body(param: ir.Param) -> ir.Body | None:
    """The querystring parameter seen as the request body it is written like, else None."""
    if param.content is None:
        return None
    media, encoding = param.content
    return ir.Body(media, param.type, param.required, param.description, None, encoding, irquery.body_kind(media))


def annotation(param: ir.Param, types: Types) -> Code | None:
    """The argument's type (a model's TypedDict too), for a querystring parameter; else None."""
    body = as_body(param)
    return body_annotation(body, types)[0] if body is not None else None


def request(op: ir.Operation, types: Types, part: Callable[[ir.PartEncoding], Code]) -> Code | None:
    """`_base.QueryString(...)` of the operation's querystring parameter, None without one."""
    param = next((p for p in op.params if p.content is not None), None)
    body = as_body(param) if param is not None else None
    if param is None or body is None:
        return None
    value = param.py_name
    if body_annotation(body, types)[1]:
        value = f"_base.request_body({value}, {types.expr(body.type)}, {pystr(body.kind)})"
    args = [value, pystr(body.media_type)]
    if body.encoding:
        args.append("{" + ", ".join(f"{pystr(e.name)}: {part(e)}" for e in body.encoding) + "}")
    return Code(f"_base.QueryString({', '.join(args)})")
