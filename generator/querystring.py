"""OpenAPI 3.2's `in: querystring` parameter: the whole query string as one value, described
by the parameter's `content` (one media type).

- `application/x-www-form-urlencoded`: the value's properties are written as a form body's are,
  each by the media type's `encoding` entry where it has one (`part_encoding.py`), so a
  `deepObject` or `pipeDelimited` property goes on the wire as it would in a form body;
- a JSON media type (`application/json`, `+json`): the value's JSON text, percent-encoded;
- a text media type: the value as text, percent-encoded.

Any other media type has no encoding the runtime knows: the parameter is left out with an
"unsupported-3.2" diagnostic. An operation has at most one such parameter, and none beside
`in: query` ones (OpenAPI 3.2 §4.8.12.2.1): the others are reported ("invalid") and, for a second
`querystring`, left out; `query` parameters beside one are still sent, after it.
"""

from __future__ import annotations

from typing import Any

from generator import ir, media_types
from generator.diagnostics import Diagnostic, pointer_join
from generator.irquery import body_kind
from generator.part_encoding import part_encodings
from generator.schemas import SchemaConverter, ir_diag

QUERYSTRING = "querystring"


def content(
    param: dict[str, Any], pointer: str, typ: ir.Type, converter: SchemaConverter, diagnostics: list[Diagnostic]
) -> tuple[str, tuple[ir.PartEncoding, ...]] | None:
    """(media type, form encoding) of a querystring parameter at `pointer`, or None (reported)."""
    entries = param.get("content")
    entries = entries if isinstance(entries, dict) else {}
    key = next(iter(entries), None)
    if not isinstance(key, str):
        message = "a querystring parameter needs `content` (its one media type); the parameter is left out"
        diagnostics.append(ir_diag(pointer, message, "invalid"))
        return None
    where = pointer_join(pointer, "content", key)
    try:
        media = media_types.canonical(key)
    except media_types.MediaTypeError as exc:
        diagnostics.append(ir_diag(where, f"media type {key!r} is left out: {exc}", "invalid-media-type"))
        return None
    kind = body_kind(media)
    if kind not in ("form", "json", "text"):
        message = f"a querystring parameter of media type {media!r} is not supported; the parameter is left out"
        diagnostics.append(Diagnostic("warning", where, message, "unsupported-3.2"))
        return None
    media_obj = entries[key] if isinstance(entries[key], dict) else {}
    return media, part_encodings(media_obj, where, typ, kind, converter, diagnostics)


def check_locations(params: list[dict[str, Any]], pointer: str, diagnostics: list[Diagnostic]) -> list[dict[str, Any]]:
    """The operation's parameters, a second `querystring` one left out; each conflict reported."""
    out: list[dict[str, Any]] = []
    seen = False
    for p in params:
        if p.get("in") == QUERYSTRING:
            if seen:
                message = f"a second querystring parameter {p.get('name')!r} is left out: the query string is one"
                diagnostics.append(ir_diag(pointer, message, "invalid"))
                continue
            seen = True
        out.append(p)
    if seen and any(p.get("in") == "query" for p in out):
        message = "`in: query` parameters beside a querystring one: they are sent after it, as the spec does not allow"
        diagnostics.append(ir_diag(pointer, message, "invalid"))
    return out
