"""Normalize: OpenAPI 3.2 Media Type Objects — reusable ones (`components/mediaTypes`, reached
through a `$ref` in `content`) and sequential media types described item by item (`itemSchema`).

A response whose media type has an `itemSchema` is a stream of items:

- `application/jsonl`, `application/x-ndjson` (one JSON value a line) and `application/json-seq`
  (RFC 7464: each value after an RS) become the content kinds `json_lines` / `json_seq`, typed
  by the item schema;
- `text/event-stream`: the item schema describes one event (`event`, `data`, `id`, `retry`);
  the stream yields its `data`, decoded as the `contentSchema` of the `data` property (JSON by
  `contentMediaType`, else text). An item schema that is a `oneOf`/`anyOf` of events told apart
  by a constant `event` name decodes each event's data by its name (`Content.events`).

A request body of a JSON sequence media type with an `itemSchema` is a list (any iterable) of
items, sent one value a line (or after an RS). Other media types with an `itemSchema`
(`multipart/mixed`; a request's event stream) are reported and read or sent as without it
(`unsupported-media-type`); 3.2's positional multipart encodings (`prefixEncoding`,
`itemEncoding`) are reported by `openapi32.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator import ir
from generator.diagnostics import Diagnostic, pointer_join
from generator.schemas import SchemaConverter

# The sequential media types whose items are JSON values, and how they are framed.
JSON_SEQUENCES: dict[str, ir.ContentKind] = {
    "application/jsonl": "json_lines",
    "application/x-ndjson": "json_lines",
    "application/x-jsonlines": "json_lines",
    "application/json-seq": "json_seq",
}
_DEPTH = 32  # the longest `$ref` chain followed

Convert = Callable[[Any, str, tuple[str, ...]], ir.Type]


def media_object(node: Any, pointer: str, lookup: Callable[[str], Any]) -> tuple[dict[str, Any], str]:
    """A `content` entry as a Media Type Object, following `$ref`s (3.2 `components/mediaTypes`),
    and the pointer where it was found (so that its schemas are converted once, where they are)."""
    for _ in range(_DEPTH):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            break
        pointer = node["$ref"]
        node = lookup(pointer)
    return (node if isinstance(node, dict) else {}), pointer


def item_content(
    media: str,
    obj: dict[str, Any],
    pointer: str,
    schemas: SchemaConverter,
    hint: tuple[str, ...],
    diagnostics: list[Diagnostic],
) -> ir.Content | None:
    """The content of a response media type that has an `itemSchema`: a stream of its items;
    None when it has none, or when its media type is not one read item by item (reported)."""
    if "itemSchema" not in obj:
        return None
    convert, lookup = schemas.convert, schemas.lookup
    base = media.split(";")[0].strip().lower()
    item_ptr = pointer_join(pointer, "itemSchema")
    if base in JSON_SEQUENCES:
        return ir.Content(media, convert(obj["itemSchema"], item_ptr, (*hint, "Item")), JSON_SEQUENCES[base])
    if base == "text/event-stream":
        return _events(media, obj["itemSchema"], item_ptr, convert, lookup, hint)
    diagnostics.append(unsupported(media, item_ptr))
    return None


def item_body(
    media: str,
    obj: dict[str, Any],
    pointer: str,
    schemas: SchemaConverter,
    hint: tuple[str, ...],
    diagnostics: list[Diagnostic],
) -> tuple[ir.Type, ir.BodyKind] | None:
    """A request body's type and kind when its media type has an `itemSchema`: a JSON sequence
    of its items (the type: an array of them); None when it has none or is not a JSON sequence
    (reported; positional multipart encodings, `prefixEncoding`/`itemEncoding`, are
    `openapi32.py`'s to report)."""
    if "itemSchema" not in obj:
        return None
    base = media.split(";")[0].strip().lower()
    item_ptr = pointer_join(pointer, "itemSchema")
    if base not in JSON_SEQUENCES:
        diagnostics.append(unsupported(media, item_ptr))
        return None
    kind: ir.BodyKind = "json_seq" if JSON_SEQUENCES[base] == "json_seq" else "json_lines"
    return ir.Array(schemas.convert(obj["itemSchema"], item_ptr, (*hint, "Item"))), kind


def unsupported(media: str, pointer: str) -> Diagnostic:
    """The diagnostic of an `itemSchema` the SDK does not read item by item."""
    message = f"the itemSchema of {media!r} is not supported: the body is sent or read whole, as without it"
    return Diagnostic("warning", pointer, message, "unsupported-media-type")


def _events(
    media: str, item: Any, pointer: str, convert: Convert, lookup: Callable[[str], Any], hint: tuple[str, ...]
) -> ir.Content:
    """An event stream: the type of its events' data, and by event name where the item schema
    is a union of named events."""
    schema, pointer = _resolved(item, pointer, lookup)
    key = "oneOf" if isinstance(schema.get("oneOf"), list) else "anyOf"
    variants = schema.get(key)
    if not isinstance(variants, list) or not variants:
        return ir.Content(media, _data_type(schema, pointer, convert, (*hint, "Event")), "event_stream")
    named: list[tuple[str, ir.Type]] = []
    types: list[ir.Type] = []
    for i, variant in enumerate(variants):
        node, ptr = _resolved(variant, pointer_join(pointer, key, str(i)), lookup)
        name = _event_name(node)
        data = _data_type(node, ptr, convert, (*hint, name or str(i), "Event"))
        if data not in types:
            types.append(data)
        if name is not None and name not in dict(named):
            named.append((name, data))
    union = types[0] if len(types) == 1 else ir.Union(tuple(types))
    return ir.Content(media, union, "event_stream", tuple(named))


def _resolved(node: Any, pointer: str, lookup: Callable[[str], Any]) -> tuple[dict[str, Any], str]:
    return media_object(node, pointer, lookup)  # a schema's `$ref`s are followed the same way


def _event_name(schema: dict[str, Any]) -> str | None:
    """The event name a variant fixes (`event: {const: ...}` or a one-value `enum`)."""
    props = schema.get("properties")
    event = props.get("event") if isinstance(props, dict) else None
    if not isinstance(event, dict):
        return None
    values = [event["const"]] if "const" in event else event.get("enum")
    return values[0] if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str) else None


def _data_type(schema: dict[str, Any], pointer: str, convert: Convert, hint: tuple[str, ...]) -> ir.Type:
    """The type of an event's `data`: its `contentSchema`, JSON of any type for a JSON
    `contentMediaType`, else the text."""
    props = schema.get("properties")
    data = props.get("data") if isinstance(props, dict) else None
    if not isinstance(data, dict):
        return ir.Prim("str")
    data_ptr = pointer_join(pointer, "properties", "data")
    if "contentSchema" in data:
        return convert(data["contentSchema"], pointer_join(data_ptr, "contentSchema"), hint)
    media = data.get("contentMediaType")
    if isinstance(media, str) and (media.split(";")[0].strip().lower().endswith(("/json", "+json"))):
        return ir.AnyType()
    return ir.Prim("str")
