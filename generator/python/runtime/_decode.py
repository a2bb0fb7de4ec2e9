"""Response bodies → Python values. No I/O: the transport has read the body already.

`parse` validates a JSON body as the operation's declared type, `decode` first picks the
declared media type that matches the response's Content-Type. Both validate with the response
context, so models tolerate what the server adds (unknown fields, enum values, union variants),
and by wire names only (`from_wire`): a key that is some field's Python name stays an unknown field.
"""

from __future__ import annotations

import json
import typing as _t
from dataclasses import dataclass

import httpx2 as _httpx
import pydantic as _p

from ._model_base import RESPONSE_CONTEXT, validate_wire

_ADAPTERS: dict[object, _p.TypeAdapter[_t.Any]] = {}


def adapter(type_: object) -> _p.TypeAdapter[_t.Any]:
    """A pydantic TypeAdapter for `type_`, built once per type."""
    try:
        found = _ADAPTERS.get(type_)
        if found is None:
            found = _ADAPTERS[type_] = _p.TypeAdapter(_t.cast(_t.Any, type_))
    except TypeError:  # an unhashable annotation: build it each time
        found = _p.TypeAdapter(_t.cast(_t.Any, type_))
    return found


def parse(response: _httpx.Response, type_: object) -> _t.Any:
    """The response body validated as `type_`; enums are open (unknown values kept)."""
    if type_ is None:
        return None
    if type_ is str:
        return response.text
    if type_ is bytes:
        return response.content
    return from_wire(type_, response.content)


def parse_data(data: str | bytes, type_: object) -> _t.Any:
    """JSON text validated as `type_` (an event of an event stream); `str` keeps the text."""
    if type_ is str:
        return data if isinstance(data, str) else data.decode()
    return from_wire(type_, data)


def from_wire(type_: object, data: str | bytes) -> _t.Any:
    """JSON text from the server validated as `type_`: in the response context, by wire names only."""

    def validate(context: _t.Any) -> _t.Any:
        return adapter(type_).validate_json(data, context=context, by_alias=True, by_name=False)

    return validate_wire(validate, lambda: json.loads(data), RESPONSE_CONTEXT)


def from_wire_data(type_: object, data: object) -> _t.Any:
    """Decoded JSON data from the server validated as `type_`, as `from_wire` does."""

    def validate(context: _t.Any) -> _t.Any:
        return adapter(type_).validate_python(data, context=context, by_alias=True, by_name=False)

    return validate_wire(validate, lambda: data, RESPONSE_CONTEXT)


def decode_body(response: _httpx.Response) -> object:
    """A body without a declared type (an error, a token answer): JSON data, else the text."""
    if "json" in response.headers.get("content-type", ""):
        try:
            return response.json()
        except ValueError:
            pass
    return response.text


@dataclass(frozen=True, slots=True)
class Content:
    """One media type an operation answers with: how to decode it, and as what."""

    media_type: str
    kind: _t.Literal["json", "text", "binary"]
    type: object = None


def decode(response: _httpx.Response, contents: _t.Sequence[Content]) -> _t.Any:
    """The body decoded by the declared media type that matches the response's Content-Type
    (type/subtype exactly, parameters aside, then by wildcard, else the first declared): JSON
    validated, text as `str`, anything else as `bytes`."""
    actual = _essence(response.headers.get("content-type", ""))
    chosen = next((c for c in contents if _essence(c.media_type) == actual), None)
    if chosen is None:
        chosen = next((c for c in contents if _wildcard_match(_essence(c.media_type), actual)), contents[0])
    if chosen.kind == "text":
        return response.text
    if chosen.kind == "binary":
        return response.content
    return parse(response, chosen.type if chosen.type is not None else _t.Any)


def _essence(media_type: str) -> str:
    """`type/subtype` of a media type, lower case, without its parameters."""
    return media_type.split(";")[0].strip().lower()


def _wildcard_match(pattern: str, actual: str) -> bool:
    major, _, minor = pattern.partition("/")
    a_major, _, a_minor = actual.partition("/")
    return (major in ("*", a_major)) and (minor in ("*", a_minor))
