"""Python values → what goes on the wire: JSON data and parameter text. No I/O.

Parameters are serialized per OpenAPI `style`/`explode` (3.1 §4.8.12.4) and percent-encoded
where they go into a path; request bodies are `_bodies.py`'s. `NOT_GIVEN` lives here because it
is a rule of serialization: a value that is not given is left out of the request.
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import enum as _enum
import json
import typing as _t
import urllib.parse
import uuid as _uuid
from collections.abc import Mapping

import pydantic as _p

from ._model_base import REQUEST_CONTEXT


class NotGiven:
    """The type of `NOT_GIVEN`, the default of optional arguments.

    Distinct from `None`, because `None` may be a value the caller means to send (a nullable
    field), while `NOT_GIVEN` means "leave it out of the request". Test with `isinstance`.
    """

    def __bool__(self) -> _t.Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


def jsonable(value: object) -> object:
    """Request data as JSON data: models by wire name with only the fields that were set."""
    if isinstance(value, _p.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True, context=REQUEST_CONTEXT)
    if isinstance(value, _enum.Enum):
        return jsonable(value.value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, _uuid.UUID | _decimal.Decimal):
        return str(value)
    return value


# Parameters, OpenAPI 3.1 §4.8.12.4 (style and explode) -----------------------------------------
def param_text(value: object) -> str:
    """A parameter value as text: booleans lower case, enums by value, dates in ISO 8601; an
    object where no style has a form for it (an array's item, a member's value) as JSON.
    """
    plain = jsonable(value)
    if isinstance(plain, bool):
        return "true" if plain else "false"
    if plain is None:
        return ""
    if isinstance(plain, list):
        return ",".join(param_text(v) for v in plain)
    if isinstance(plain, dict):
        return json.dumps(plain, separators=(",", ":"))
    return str(plain)


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def _items(value: object) -> tuple[str | None, list[str], list[tuple[str, str]] | None]:
    """(text, array items, object pairs): a scalar has text; an array items; an object pairs."""
    plain = jsonable(value)
    if isinstance(plain, list):
        return None, [param_text(v) for v in plain], None
    if isinstance(plain, dict):
        return None, [], [(str(k), param_text(v)) for k, v in plain.items() if v is not None]
    return param_text(plain), [], None


def _flat(pairs: list[tuple[str, str]], explode: bool, sep: str = ",") -> str:
    return sep.join(f"{k}={v}" if explode else f"{k}{sep}{v}" for k, v in pairs)


def serialize_path(name: str, value: object, style: str, explode: bool) -> str:
    """A path parameter, percent-encoded: `simple` (a,b), `label` (.a.b) or `matrix` (;id=a);
    the name too, where `matrix` writes it."""
    name = _quote(name)
    text, array, pairs = _items(value)
    if text is not None:
        quoted = _quote(text)
        return {"label": "." + quoted, "matrix": f";{name}={quoted}"}.get(style, quoted)
    if pairs is not None:
        encoded = [(_quote(k), _quote(v)) for k, v in pairs]
        if style == "matrix":
            return "".join(f";{k}={v}" for k, v in encoded) if explode else f";{name}=" + _flat(encoded, False)
        if style == "label":
            return "." + _flat(encoded, explode, "." if explode else ",")
        return _flat(encoded, explode)
    texts = [_quote(v) for v in array]
    if style == "matrix":
        return "".join(f";{name}={v}" for v in texts) if explode else f";{name}=" + ",".join(texts)
    if style == "label":
        return "." + ("." if explode else ",").join(texts)
    return ",".join(texts)


def serialize_query(name: str, value: object, style: str, explode: bool) -> list[tuple[str, str]]:
    """Query pairs: `form` (repeated or a,b), `spaceDelimited`, `pipeDelimited`, `deepObject`.
    An object without members sends no pair (RFC 6570 §2.3: an empty map is undefined).
    """
    text, array, pairs = _items(value)
    if text is not None:
        return [(name, text)]
    joiner = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
    if pairs is not None:
        if not pairs:
            return []
        if style == "deepObject":
            return [(f"{name}[{k}]", v) for k, v in pairs]
        if explode and style == "form":
            return pairs
        return [(name, joiner.join(part for pair in pairs for part in pair))]
    if explode and style == "form":
        return [(name, v) for v in array]
    return [(name, joiner.join(array))]


def serialize_simple(value: object, explode: bool) -> str:
    """A header or cookie value: arrays `a,b`; objects `k,v` (`k=v` exploded)."""
    text, array, pairs = _items(value)
    if text is not None:
        return text
    return _flat(pairs, explode) if pairs is not None else ",".join(array)
