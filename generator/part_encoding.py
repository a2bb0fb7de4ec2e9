"""Normalize, request bodies: a form or multipart media type's `encoding` → `ir.PartEncoding`s.

OpenAPI 3.0 / 3.1, Encoding Object: an entry with `style`, `explode` or `allowReserved`
serializes its property like a query parameter (RFC 6570 style; `style` defaults to `form`,
`explode` to true for `form` and false for the other styles), and its `contentType` is then
ignored; an entry with none of them sends the property by content: its `contentType`, or the
default for its type (objects as JSON, scalars as text, each item of an array on its own).
`headers` apply to multipart parts: those whose value the schema fixes (`const`, a one-value
`enum`, `default`) go with the part; `Content-Type` is never one of them (the spec describes it
with `contentType`). Entries of other media types are ignored, as the spec says.

A multipart property that is a plain string but whose `contentType` is not text (`image/png`)
is typed as binary, like `format: binary`: the SDK then takes a file for it (bytes, a path, a
file object, a `(filename, content, ...)` tuple); so is a plain string property named `file`
with no `encoding` entry, which real specs use for uploads without saying binary (Stripe's
`/v1/files`, Zoom's, Linode's: 9 in the APIs.guru directory, all files). What is read is checked: content types with
RFC 9110's grammar, header names as tokens, header values without control characters; what
fails is left out, reported. No I/O.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from generator import ir, irquery, media_types
from generator.diagnostics import Diagnostic, pointer_join
from generator.schemas import SchemaConverter

STYLES = ("form", "spaceDelimited", "pipeDelimited", "deepObject")  # the query styles a property can have
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 §5.6.2
_BINARY = ir.Prim("bytes", "binary")


def part_encodings(
    media: dict[str, Any],
    pointer: str,
    body: ir.Type,
    kind: ir.BodyKind,
    converter: SchemaConverter,
    diagnostics: list[Diagnostic],
) -> tuple[ir.PartEncoding, ...]:
    """The encoding of each property of a form or multipart body (the media type object
    `media` at `pointer`, its schema converted to `body`), one per `encoding` entry, in the
    spec's order."""
    if kind not in ("form", "multipart"):
        return ()
    entries = media.get("encoding")
    out: list[ir.PartEncoding] = []
    for name, raw in (entries if isinstance(entries, dict) else {}).items():
        entry = _deref(raw, converter)
        if not isinstance(entry, dict):
            continue
        where = pointer_join(pointer, "encoding", name)
        types = _content_types(entry.get("contentType"), where, name, diagnostics)
        style, explode, reserved = _style(entry, where, diagnostics)
        headers = _headers(entry.get("headers"), where, converter, diagnostics) if kind == "multipart" else ()
        if kind == "multipart" and types and style is None and not any(media_types.is_text(t) for t in types):
            why = f"the content type of part {name!r} is not text"
            _as_binary(body, name, converter, pointer_join(where, "contentType"), why, diagnostics)
        out.append(ir.PartEncoding(name, types, style, explode, reserved, headers))
    if kind == "multipart" and not any(p.name == "file" for p in out):
        why = "a multipart property named 'file' that the spec types as plain text (Stripe's, Zoom's)"
        _as_binary(body, "file", converter, pointer_join(pointer, "schema"), why, diagnostics)
    return tuple(out)


def _content_types(raw: Any, pointer: str, name: str, diagnostics: list[Diagnostic]) -> tuple[str, ...]:
    """The entries of a `contentType` list, canonical; one that is no RFC 9110 media type
    leaves the whole list out, reported."""
    if not isinstance(raw, str):
        return ()
    try:
        return tuple(media_types.canonical(m) for m in media_types.split_list(raw))
    except media_types.MediaTypeError as exc:
        message = f"the content type {raw!r} of part {name!r} is left out: {exc}"
        diagnostics.append(Diagnostic("warning", pointer_join(pointer, "contentType"), message, "invalid-media-type"))
        return ()


def _style(entry: dict[str, Any], pointer: str, diagnostics: list[Diagnostic]) -> tuple[str | None, bool, bool]:
    """(style, explode, allowReserved): style None when the entry gives none of the three."""
    style, explode, reserved = entry.get("style"), entry.get("explode"), entry.get("allowReserved")
    if not (isinstance(style, str) or isinstance(explode, bool) or isinstance(reserved, bool)):
        return None, True, False
    if not isinstance(style, str):
        style = "form"
    elif style not in STYLES:
        message = f"style {style!r} is not one a body property can have ({', '.join(STYLES)}); form is used"
        diagnostics.append(Diagnostic("warning", pointer_join(pointer, "style"), message, "style"))
        style = "form"
    return style, explode if isinstance(explode, bool) else style == "form", reserved is True


def _headers(
    raw: Any, pointer: str, converter: SchemaConverter, diagnostics: list[Diagnostic]
) -> tuple[tuple[str, str], ...]:
    """(name, value) of the declared part headers whose value the schema fixes."""
    out = []
    for name, header in (raw if isinstance(raw, dict) else {}).items():
        where = pointer_join(pointer, "headers", name)
        if name.lower() == "content-type":
            continue
        if not _TOKEN.fullmatch(name):
            message = f"header name {name!r} is not an RFC 9110 token; the header is left out"
            diagnostics.append(Diagnostic("warning", where, message, "header"))
            continue
        header = _deref(header, converter)
        schema = _deref(header.get("schema"), converter) if isinstance(header, dict) else None
        value = _fixed(schema) if isinstance(schema, dict) else None
        if value is None:
            continue
        if any(ord(c) < 0x20 and c != "\t" or ord(c) == 0x7F for c in value):
            message = f"the value of header {name!r} contains a control character; the header is left out"
            diagnostics.append(Diagnostic("warning", where, message, "header"))
            continue
        out.append((name, value))
    return tuple(out)


def _fixed(schema: dict[str, Any]) -> str | None:
    """The one value a header schema allows or defaults to, as header text."""
    enum = schema.get("enum")
    for value, present in (
        (schema.get("const"), "const" in schema),
        (enum[0] if isinstance(enum, list) and len(enum) == 1 else None, isinstance(enum, list) and len(enum) == 1),
        (schema.get("default"), "default" in schema),
    ):
        if present and isinstance(value, str):
            return value
        if present and isinstance(value, bool | int | float):
            return json.dumps(value)
    return None


def _as_binary(
    body: ir.Type, name: str, converter: SchemaConverter, pointer: str, why: str, diags: list[Diagnostic]
) -> None:
    """Type the body model's property `name` as binary when it is a plain string (or a list
    of them): `why` says what makes it a file."""
    model = irquery.model_of(body, converter.definitions)
    field = next((f for f in model.fields if f.wire_name == name), None) if model is not None else None
    if model is None or field is None:
        return
    typ = field.type
    inner = typ.inner if isinstance(typ, ir.Nullable) else typ
    item = inner.item if isinstance(inner, ir.Array) else inner
    if not (isinstance(item, ir.Prim) and item.name == "str" and item.format is None):
        return
    retyped: ir.Type = ir.Array(_BINARY, inner.constraints) if isinstance(inner, ir.Array) else _BINARY
    retyped = ir.Nullable(retyped) if isinstance(typ, ir.Nullable) else retyped
    fields = tuple(replace(f, type=retyped) if f is field else f for f in model.fields)
    converter.definitions[model.key] = replace(model, fields=fields)
    diags.append(Diagnostic("info", pointer, f"{why}: the property is typed as a file", "media-type"))


def _deref(node: Any, converter: SchemaConverter, depth: int = 0) -> Any:
    """Follow local `$ref`s (a header, an encoding entry or a header's schema)."""
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 32:
        node = converter.lookup(node["$ref"])
        depth += 1
    return node
