"""A request body as the caller gives it (a model, or a dict typed by the model's TypedDict) →
the dict that is sent: wire names, only what was set. No I/O.

A dict is validated through the body's model before anything is sent, taking each key by the
field's Python name or its wire name, so `{"save_trace": False}` and `{"saveTrace": False}`
both reach the wire as `saveTrace`. A key the model does not declare is an error
(`RequestValidationError`), not a silent drop or a key the server ignores, unless the schema
declares `additionalProperties` (`__sdk_open__`): then it is sent as given. A model instance
was validated when it was built and is only dumped. Files in a multipart body (file objects,
paths, `(filename, content, ...)` tuples) are not values a model field describes: they are set
aside while the rest is validated and sent as given.
"""

from __future__ import annotations

import typing as _t
from collections.abc import Mapping

import pydantic as _p

from ._decode import adapter
from ._files import is_file_content
from ._model_base import BY_NAME_TOO, REQUEST_CONTEXT, SDKModel
from .errors import RequestValidationError

# The context of a dict body's validation: request rules, and undeclared keys refused.
DICT_CONTEXT: dict[str, bool] = {**REQUEST_CONTEXT, "sdk_dict": True}


def request_body(value: object, type_: _t.Any, kind: str = "json") -> object:
    """The body to send: a model dumped by wire name, a dict validated through `type_` (the
    body's model, or the union or list of models it is) and dumped the same way."""
    if isinstance(value, _p.BaseModel):
        return _dump(type(value), value, kind)
    if kind in ("json_lines", "json_seq") and isinstance(value, _t.Iterator):
        value = list(value)  # the items of a JSON sequence, validated as a list
    if value is None or not isinstance(value, Mapping | list | tuple):
        return value  # NOT_GIVEN, null, or a value the type checkers already refused
    files: dict[str, object] = {}
    if kind == "multipart" and isinstance(value, Mapping):
        files = {k: v for k, v in value.items() if _is_file(v)}
        value = {k: (_placeholder(v) if k in files else v) for k, v in value.items()}
    names_too = BY_NAME_TOO.set(True)  # a union's tag may be under its Python name too
    try:
        if isinstance(type_, type) and issubclass(type_, SDKModel):
            validated: object = type_.model_validate(value, by_alias=True, by_name=True, context=dict(DICT_CONTEXT))
        else:
            validated = adapter(type_).validate_python(value, by_alias=True, by_name=True, context=dict(DICT_CONTEXT))
    except _p.ValidationError as exc:
        name = getattr(type_, "__name__", None) or str(type_)
        raise RequestValidationError(f"the request body does not match {name}: {exc}", errors=exc.errors()) from exc
    finally:
        BY_NAME_TOO.reset(names_too)
    body = _dump(type_, validated, kind)
    if files and isinstance(body, dict) and isinstance(type_, type) and issubclass(type_, SDKModel):
        fields = type_.model_fields
        wire = {name: info.serialization_alias or name for name, info in fields.items()}
        by_wire = {info.validation_alias or name: info.serialization_alias or name for name, info in fields.items()}
        for key, file in files.items():
            body[wire.get(key) or by_wire.get(key) or key] = file
    return body


def _dump(type_: _t.Any, value: object, kind: str) -> object:
    """By wire name, only what was set: JSON data for a JSON body (bytes as text, as in
    a model's JSON), Python values for a form or multipart one (encoder input)."""
    mode: _t.Literal["json", "python"] = "json" if kind in ("json", "json_lines", "json_seq") else "python"
    if isinstance(value, _p.BaseModel):
        return value.model_dump(mode=mode, by_alias=True, exclude_unset=True, context=REQUEST_CONTEXT)
    return adapter(type_).dump_python(value, mode=mode, by_alias=True, exclude_unset=True, context=REQUEST_CONTEXT)


def _placeholder(file: object) -> object:
    """What a file's field is validated with: bytes, as the model declares a file."""
    return [b"" for _ in file] if isinstance(file, list) else b""


def _is_file(value: object) -> bool:
    """A file a multipart part carries: a file object, a path, a `(filename, content, ...)`
    tuple, or a list of those (bytes validate as they are)."""
    if isinstance(value, list) and value:
        return all(_is_file(v) for v in value)
    return isinstance(value, tuple) or (is_file_content(value) and not isinstance(value, bytes | bytearray))
