"""Response bodies → Python values. No I/O: the transport has read the body already.

`parse` validates a JSON body as the operation's declared type, `decode` first picks the
declared media type that matches the response's Content-Type. Both validate with the response
context, so models tolerate what the server adds (unknown fields, enum values, union variants),
and by wire names only (`from_wire`): a key that is some field's Python name stays an unknown field.

A body that does not validate is read leniently (`_lenient.py`: what validates is typed, the
rest kept as it came), unless its response comes from a client built with
`strict_response_validation=True` (`validate_strictly`): then it raises
`ResponseValidationError`. Inside `with_raw_response` the parse is put off until `.parse()`.
"""

from __future__ import annotations

import json
import logging
import typing as _t
import weakref
from dataclasses import dataclass

import httpx2 as _httpx
import pydantic as _p

from . import _lenient, _raw
from ._lenient import adapter
from ._model_base import RESPONSE_CONTEXT, validate_wire
from ._request_id import attach
from .errors import ResponseValidationError

__all__ = ["Content", "adapter", "decode", "decode_body", "from_wire", "from_wire_data", "parse", "parse_data"]

log = logging.getLogger(__name__.rpartition(".")[0])

# The responses of clients built with `strict_response_validation=True`, marked by the
# transport, each with the client's redaction of error messages.
_STRICT: weakref.WeakKeyDictionary[_httpx.Response, _t.Callable[[str], str]] = weakref.WeakKeyDictionary()


def validate_strictly(response: _httpx.Response, redact: _t.Callable[[str], str] = str) -> None:
    """Make a body of `response` that does not match its schema raise `ResponseValidationError`
    (its message passed through `redact`, which hides the client's secrets)."""
    _STRICT[response] = redact


def parse(response: _httpx.Response, type_: object) -> _t.Any:
    """The response body validated as `type_`; enums are open (unknown values kept); a model
    gets the response's request id (`_request_id`)."""
    deferred = _raw.defer(lambda: parse(response, type_))
    if deferred is not None:
        return deferred
    if type_ is None:
        return None
    if type_ is str:
        return response.text
    if type_ is bytes:
        return response.content
    return attach(from_wire(type_, response.content, response), response.headers)


def parse_data(data: str | bytes, type_: object, response: _httpx.Response | None = None) -> _t.Any:
    """JSON text validated as `type_` (an event of an event stream); `str` keeps the text."""
    if type_ is str:
        return data if isinstance(data, str) else data.decode()
    return from_wire(type_, data, response)


def from_wire(type_: object, data: str | bytes, response: _httpx.Response | None = None) -> _t.Any:
    """JSON text from the server validated as `type_`: in the response context, by wire names
    only; when it does not validate, read leniently, or for a strict client's `response` a
    `ResponseValidationError`."""

    def validate(context: _t.Any) -> _t.Any:
        return adapter(type_).validate_json(data, context=context, by_alias=True, by_name=False)

    try:
        return validate_wire(validate, lambda: json.loads(data), RESPONSE_CONTEXT)
    except _p.ValidationError as error:
        try:
            body: object = json.loads(data) if data else None
            decoded = True
        except ValueError:
            body, decoded = (data if isinstance(data, str) else data.decode("utf-8", "replace")), False
        redact = _STRICT.get(response) if response is not None else None
        if response is not None and redact is not None:
            raise _mismatch(response, body, error, redact) from None
        log.debug("the body does not match its declared type; read leniently: %s", _summary(error))
        return _lenient.construct(type_, body) if decoded else body


def from_wire_data(type_: object, data: object) -> _t.Any:
    """Decoded JSON data from the server validated as `type_`, as `from_wire` does;
    raises `pydantic.ValidationError` when it does not validate (`_lenient.construct`
    reads it leniently)."""
    return _lenient.validate(type_, data)


def _mismatch(
    response: _httpx.Response, body: object, error: _p.ValidationError, redact: _t.Callable[[str], str]
) -> ResponseValidationError:
    request = response.request
    message = (
        f"{request.method} {request.url.path} → {response.status_code}: the body does not match its declared"
        f" schema ({error.error_count()} error(s)): {_summary(error)}"
    )
    return ResponseValidationError(
        redact(message), response=response, body=body, errors=error.errors(include_url=False)
    )


def _summary(error: _p.ValidationError, most: int = 3) -> str:
    """`loc: message` of the first errors (no input values: a body may hold what logs must not)."""
    found = error.errors(include_url=False)
    parts = [f"{'.'.join(map(str, e['loc'])) or '(body)'}: {e['msg']}" for e in found[:most]]
    return "; ".join(parts) + (f"; and {len(found) - most} more" if len(found) > most else "")


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
    deferred = _raw.defer(lambda: decode(response, contents))
    if deferred is not None:
        return deferred
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
