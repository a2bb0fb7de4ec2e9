"""Request bodies → httpx content: JSON, raw binary or text, form fields, multipart parts, and
JSON sequences (3.2 `itemSchema`: one JSON value a line, or RFC 7464's, each after an RS).

Form (`application/x-www-form-urlencoded`) and multipart bodies follow the media type's
`encoding`, property by property (`Part`, from the spec), as OpenAPI 3.0 / 3.1 define it:

- a property whose entry has `style`, `explode` or `allowReserved` is serialized like a query
  parameter: `form` exploded repeats an array's name (`color=blue&color=black`) and spreads an
  object's members (`R=100&G=200`), unexploded it joins them (`color=blue,black`,
  `color=R,100,G,200`); `spaceDelimited` and `pipeDelimited` join with `%20` and `%7C`;
  `deepObject` names each member (`color[R]=100`), nested objects and arrays too
  (`address[city]=…`, `line_items[0][price]=…`, the way Stripe reads them);
- every other property is sent by content: with its `contentType`, else objects as JSON,
  scalars as text, and each item of an array on its own (the name repeated, a part each).

In a form body names and values are percent-encoded as WHATWG's form serializer does (a space
is `+`, `[` is `%5B`); with `allowReserved` RFC 3986's reserved characters other than
`[ ] # & = +`, and percent-encoded triples, stay as they are. A multipart body is written here,
in the declared multipart media type (`multipart/mixed` stays mixed) with the request's random
boundary: each part names its property (`Content-Disposition: form-data; name=…`, as OpenAPI
correlates parts with properties); a file (`_files`) carries its file name, content type and
headers, a JSON part `application/json` unless the spec says otherwise, a text part no
Content-Type (text/plain, RFC 7578); the headers the spec fixes (`encoding.headers`) go with
the property's parts. Nothing is percent-encoded in a multipart body. No I/O but `read_files`.
"""

from __future__ import annotations

import functools
import json
import re
import typing as _t
import urllib.parse
import uuid as _uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pydantic as _p

from ._files import UploadFile, content_type, is_file_content, is_file_tuple, read_file
from ._model_base import REQUEST_CONTEXT
from ._serialize import NotGiven, jsonable, param_text

# RFC 3986 reserved characters that `allowReserved` leaves as they are in a form body: all but
# `[ ] #` (not allowed in a query) and `& = +` (a form's own delimiters and its space).
_RESERVED_KEPT = ":/?@!$'()*,;"
_TRIPLE = re.compile(r"(%[0-9A-Fa-f]{2})")


@dataclass(frozen=True, slots=True)
class Part:
    """How one property of a form or multipart body is encoded (the spec's `encoding`)."""

    content_types: tuple[str, ...] = ()  # the part's `contentType` list
    style: str | None = None  # form, spaceDelimited, pipeDelimited, deepObject; None: by content
    explode: bool = True
    allow_reserved: bool = False
    headers: tuple[tuple[str, str], ...] = ()  # a multipart part's headers the spec fixes


_BY_CONTENT = Part()


def encode_body(
    body: object,
    kind: str,
    encoding: Mapping[str, Part] | None = None,
    *,
    boundary: str | None = None,
) -> dict[str, _t.Any]:
    """httpx keyword arguments for a request body of the given kind: `json` for JSON, else
    `content` (the raw bytes or text of a binary or text body; the encoded form; the
    multipart body written with `boundary`, a random one when None)."""
    if kind == "json":  # `json=None` would send no body: a nullable body's None is JSON's null
        return {"json": jsonable(body)} if body is not None else {"content": b"null"}
    if kind in ("json_lines", "json_seq"):  # one JSON value a line; RFC 7464: each after an RS
        lead = b"\x1e" if kind == "json_seq" else b""
        return {"content": b"".join(lead + json.dumps(jsonable(item)).encode() + b"\n" for item in _sequence(body))}
    if kind in ("binary", "text"):
        if isinstance(body, str):
            return {"content": body.encode("utf-8")}
        if is_file_content(body) or is_file_tuple(body):
            return {"content": read_file(body).content}
        return {"content": body}
    fields, encoding = body_fields(body, kind), encoding or {}
    if kind == "form":
        return {"content": encode_form(fields, encoding)}
    return {"content": encode_multipart(fields, encoding, boundary or _uuid.uuid4().hex)}


def _sequence(body: object) -> list[object]:
    """The items of a JSON sequence body (any iterable but text and a mapping)."""
    if isinstance(body, str | bytes | Mapping) or not isinstance(body, _t.Iterable):
        raise TypeError(f"a JSON sequence body is an iterable of items, not {type(body).__name__}")
    return list(body)


def merge_extra_body(body: object, kind: str, extra: Mapping[str, object]) -> object:
    """A call's `extra_body=` merged into its body, the extra keys winning: into a JSON object
    (a model's data by wire name; the extra keys alone when the call has no body) or a form's or
    multipart's fields. A `TypeError` before anything is sent for a binary or text body, and
    for a JSON body that is not an object: there is nothing to merge into."""
    if kind in ("form", "multipart"):
        return {**(body_fields(body, kind) if not isinstance(body, NotGiven) else {}), **extra}
    if kind != "json":
        raise TypeError(f"extra_body cannot be merged into a {kind} body: pass the whole body, or use extra_query=")
    data = {} if isinstance(body, NotGiven) else jsonable(body)
    if not isinstance(data, dict):
        raise TypeError(f"extra_body can only be merged into a JSON object body, not a {type(data).__name__}")
    return {**data, **extra}


def body_fields(body: object, kind: str) -> Mapping[str, object]:
    """The properties of a form or multipart body: a model's by wire name (the fields
    that were set, read-only ones left out; a file stays as it is), or the mapping."""
    if isinstance(body, _p.BaseModel):
        dumped: dict[str, object] = body.model_dump(by_alias=True, exclude_unset=True, context=REQUEST_CONTEXT)
        return dumped
    if not isinstance(body, Mapping):
        raise TypeError(f"a {kind} body must be a model or a mapping, not {type(body).__name__}")
    return body


def read_files(fields: Mapping[str, object]) -> dict[str, object]:
    """The properties with every file read into an `UploadFile` (I/O: paths and file objects),
    so each attempt of the request sends the same bytes."""

    def read(value: object) -> object:
        if is_file_content(value) or is_file_tuple(value):
            return read_file(value)
        if isinstance(value, list | tuple):
            return [read(item) for item in value]
        return value

    return {name: read(value) for name, value in fields.items()}


# Form bodies ------------------------------------------------------------------------------------
def encode_form(fields: Mapping[str, object], encoding: Mapping[str, Part]) -> bytes:
    """`application/x-www-form-urlencoded` text of the properties (None and NOT_GIVEN left out)."""
    pairs: list[str] = []
    for name, value in fields.items():
        if value is None or isinstance(value, NotGiven):
            continue
        part = encoding.get(name, _BY_CONTENT)
        if part.style is not None:
            value_quote = functools.partial(_form_quote, allow_reserved=part.allow_reserved)
            styled = styled_pairs(name, value, part.style, part.explode, _form_quote, value_quote, ("%20", "%7C"))
            pairs += [f"{k}={v}" for k, v in styled]
            continue
        for item in _items(value):
            pairs.append(f"{_form_quote(name)}={_form_quote(_content_text(item, part))}")
    return "&".join(pairs).encode("ascii")


def _form_quote(text: str | bytes, allow_reserved: bool = False) -> str:
    """Percent-encoded for a form body (a space is `+`); `allow_reserved`: RFC 3986's reserved
    characters but the form's own and percent-encoded triples stay as they are."""
    if not allow_reserved:
        return urllib.parse.quote_plus(text, safe="")
    if isinstance(text, bytes):
        text = text.decode("utf-8", "surrogateescape")
    pieces = _TRIPLE.split(text)  # percent-encoded triples pass through, at odd positions
    return "".join(p if i % 2 else urllib.parse.quote_plus(p, safe=_RESERVED_KEPT) for i, p in enumerate(pieces))


def styled_pairs(
    name: str,
    value: object,
    style: str,
    explode: bool,
    quote: _t.Callable[[str], str],
    value_quote: _t.Callable[[str], str],
    delimiters: tuple[str, str] = (" ", "|"),
) -> list[tuple[str, str]]:
    """(name, value) pairs of a property serialized like a query parameter of `style`, each
    name through `quote` and each value through `value_quote`; the delimiters of the styles
    (`,`, and `delimiters` for spaceDelimited and pipeDelimited) are put between quoted items,
    so an item's own comma, space or pipe stays distinct from them. An empty object sends
    nothing (RFC 6570: undefined), an empty array an empty value unless exploded."""
    plain = jsonable(value)
    if style == "deepObject":
        return [(quote(k), value_quote(v)) for k, v in _deep(name, plain)]
    joiner = {"spaceDelimited": delimiters[0], "pipeDelimited": delimiters[1]}.get(style, ",")
    if isinstance(plain, list):
        texts = [param_text(v) for v in plain if v is not None]
        if explode:
            return [(quote(name), value_quote(t)) for t in texts]
        return [(quote(name), joiner.join(value_quote(t) for t in texts))]
    if isinstance(plain, dict):
        members = [(str(k), param_text(v)) for k, v in plain.items() if v is not None]
        if explode:
            return [(quote(k), value_quote(v)) for k, v in members]
        if not members:
            return []
        return [(quote(name), joiner.join(value_quote(x) for pair in members for x in pair))]
    return [(quote(name), value_quote(param_text(plain)))]


def _deep(prefix: str, value: object) -> list[tuple[str, str]]:
    """deepObject names, nested: `a[b][c]` for objects, `a[0][b]` for arrays (Stripe's form)."""
    if isinstance(value, dict):
        return [pair for k, v in value.items() if v is not None for pair in _deep(f"{prefix}[{k}]", v)]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) if v is not None for pair in _deep(f"{prefix}[{i}]", v)]
    return [(prefix, param_text(value))]


def _items(value: object) -> list[object]:
    """A property sent by content: each item of an array on its own, else the value."""
    if isinstance(value, list | tuple) and not is_file_tuple(value):
        return [v for v in value if v is not None]
    return [value]


def _is_json(media_type: str | None) -> bool:
    essence = (media_type or "").split(";")[0].strip().lower()
    return essence == "application/json" or essence.endswith("+json")


def _content_text(item: object, part: Part) -> str | bytes:
    """A value sent by content: JSON for objects and arrays, and for any value whose declared
    content type is JSON; the bytes of a file or of `bytes`; else its text."""
    if isinstance(item, UploadFile):
        return item.content
    if isinstance(item, bytes | bytearray):
        return bytes(item)
    plain = jsonable(item)
    declared = part.content_types[0] if part.content_types else None
    if isinstance(plain, dict | list) or _is_json(declared):
        return json.dumps(plain, separators=(",", ":"))
    return param_text(plain)


# Multipart bodies -------------------------------------------------------------------------------
def encode_multipart(fields: Mapping[str, object], encoding: Mapping[str, Part], boundary: str) -> bytes:
    """The multipart body: a part per property (per item of an array), then the closing line."""
    out = bytearray()
    for name, value in fields.items():
        if value is None or isinstance(value, NotGiven):
            continue
        for headers, content in _parts(name, value, encoding.get(name, _BY_CONTENT)):
            lines = "".join(f"{k}: {v}\r\n" for k, v in headers)
            out += f"--{boundary}\r\n".encode() + lines.encode("utf-8") + b"\r\n" + content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out)


def _parts(name: str, value: object, part: Part) -> Iterator[tuple[list[tuple[str, str]], bytes]]:
    """(headers, content) of each part of a property."""
    if part.style is not None:
        for key, text in styled_pairs(name, value, part.style, part.explode, str, str):
            yield [("Content-Disposition", _disposition(key)), *part.headers], text.encode("utf-8")
        return
    for item in _items(value):
        if is_file_content(item) or is_file_tuple(item):
            file = read_file(item)  # already read by `read_files` when sent through a client
            given = {k.lower(): k for k in file.headers}
            declared = part.content_types
            kind = file.headers[given["content-type"]] if "content-type" in given else content_type(file, declared)
            headers = [("Content-Disposition", _disposition(name, file.filename or name)), ("Content-Type", kind)]
            headers += [(k, v) for k, v in part.headers if k.lower() not in given]
            headers += [(k, v) for k, v in file.headers.items() if k.lower() != "content-type"]
            yield headers, file.content
            continue
        plain = jsonable(item)
        media = part.content_types[0] if part.content_types else None
        if isinstance(plain, dict | list) or _is_json(media):
            text = json.dumps(plain)  # JSON parts as Python writes them (`{"a": "b"}`)
            media = media if _is_json(media) else "application/json"
        else:
            text = param_text(plain)
        headers = [("Content-Disposition", _disposition(name))]
        if media is not None and media != "text/plain":
            headers.append(("Content-Type", media))
        yield [*headers, *part.headers], text.encode("utf-8")


def _disposition(name: str, filename: str | None = None) -> str:
    """`form-data; name="…"` with `"`, CR and LF percent-encoded, as browsers write it."""

    def escaped(text: str) -> str:
        return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")

    return f'form-data; name="{escaped(name)}"' + (f'; filename="{escaped(filename)}"' if filename else "")
