"""Response data that does not validate as its declared type, read as far as it does.

Real servers and real specs disagree: a date-time where the spec says `format: date`, a
required key left out, one item of a list in an older shape. One such field must not cost the
caller the whole response, so a body is first validated as usual (the fast path, and the only
one for a body that matches) and only when that fails it is read again part by part:

- a model keeps every field that validates, typed (nested models, lists and unions of models
  included, each repaired the same way); a field that does not keeps the value it came with
  (JSON data), a missing required field is `None`, keys the spec does not declare are kept as
  extra fields, as always;
- a list or a map keeps each item that validates, typed, and every other as it came;
- a union (none of whose variants validated) takes the variant its discriminator names, else
  its only variant besides null, else the object variant whose fields the data fills best; an
  unknown discriminator value keeps the data as it came;
- anything else (a scalar, an enum, a literal, a list where an object was due) keeps the data
  as it came.

Every part is validated as responses are (by wire names only, the response context), so a part
that validates is exactly what the fast path would have made of it. Nothing here raises.
"""

from __future__ import annotations

import contextlib as _contextlib
import enum as _enum
import types as _types
import typing as _t
from collections.abc import Mapping, Sequence

import pydantic as _p
from pydantic.fields import FieldInfo as _FieldInfo

from ._model_base import RESPONSE_CONTEXT, validate_wire

_ADAPTERS: dict[object, _p.TypeAdapter[_t.Any]] = {}
_FIELD_TYPES: dict[tuple[type, str], object] = {}
_UNIONS = (_t.Union, _types.UnionType)


def adapter(type_: object) -> _p.TypeAdapter[_t.Any]:
    """A pydantic TypeAdapter for `type_`, built once per type."""
    try:
        found = _ADAPTERS.get(type_)
        if found is None:
            found = _ADAPTERS[type_] = _p.TypeAdapter(_t.cast(_t.Any, type_))
    except TypeError:  # an unhashable annotation: build it each time
        found = _p.TypeAdapter(_t.cast(_t.Any, type_))
    return found


def validate(type_: object, data: object) -> _t.Any:
    """Decoded JSON data validated as `type_` the way responses are: by wire names only,
    in the response context (open enums, constraints not enforced); raises
    `ValidationError`."""

    def run(context: _t.Any) -> _t.Any:
        return adapter(type_).validate_python(data, context=context, by_alias=True, by_name=False)

    return validate_wire(run, lambda: data, RESPONSE_CONTEXT)


def construct(type_: object, data: object) -> _t.Any:
    """`data` as `type_` where it validates, as it came where it does not (module docstring)."""
    if type_ is _t.Any or type_ is object:
        return data
    try:
        return validate(type_, data)
    except _p.ValidationError:
        return _repair(type_, data)
    except (TypeError, _p.PydanticUserError):  # not a type pydantic validates
        return data


def _repair(type_: object, data: object) -> _t.Any:
    origin = _t.get_origin(type_)
    if origin is _t.Annotated:  # constraints are not enforced on responses: the type inside failed
        inner, *metadata = _t.get_args(type_)
        return _union(inner, data, metadata) if _t.get_origin(inner) in _UNIONS else _repair(inner, data)
    if origin in _UNIONS:
        return _union(type_, data, [])
    if isinstance(type_, type) and issubclass(type_, _p.BaseModel):
        return _model(type_, data)
    if origin in (list, tuple, set, frozenset, Sequence) and isinstance(data, list):
        args = _t.get_args(type_)
        item = args[0] if args else _t.Any
        return [construct(item, value) for value in data]
    if origin in (dict, Mapping) and isinstance(data, dict):
        args = _t.get_args(type_)
        value_type = args[1] if len(args) == 2 else _t.Any
        return {key: construct(value_type, value) for key, value in data.items()}
    return data


def _model(cls: type[_p.BaseModel], data: object) -> object:
    """A model instance of `data` (a dict; anything else stays as it came), field by field."""
    if not isinstance(data, dict):
        return data
    values: dict[str, _t.Any] = {}
    sent: set[str] = set()
    wire_names: set[str] = set()
    for name, info in _fields(cls).items():
        wire = _wire_name(name, info)
        wire_names.add(wire)
        if wire in data:
            values[name] = construct(_field_type(cls, name, info), data[wire])
            sent.add(name)
        elif info.is_required():
            values[name] = None
        else:
            values[name] = info.get_default(call_default_factory=True)
    instance = cls.model_construct(_fields_set=sent, **values)
    extra = {key: value for key, value in data.items() if key not in wire_names}
    if instance.__pydantic_extra__ is not None:
        instance.__pydantic_extra__.clear()
        instance.__pydantic_extra__.update(extra)
    return instance


def _fields(cls: type[_p.BaseModel]) -> dict[str, _FieldInfo]:
    """The model's fields, their annotations resolved: a model whose fields refer to models
    defined after it is completed by pydantic on first use, which a failed validation of
    another type may not have been."""
    if not cls.__pydantic_complete__:
        with _contextlib.suppress(_p.PydanticUserError):  # a name that does not resolve: its field stays as it came
            cls.model_rebuild()
    return cls.model_fields


def _wire_name(name: str, info: _FieldInfo) -> str:
    alias = info.validation_alias
    if isinstance(alias, str):
        return alias
    return info.alias if isinstance(info.alias, str) else name


def _field_type(cls: type, name: str, info: _FieldInfo) -> object:
    """A field's annotation with what pydantic moved off it (constraints, a discriminator)."""
    key = (cls, name)
    found = _FIELD_TYPES.get(key)
    if found is None:
        metadata = list(info.metadata)
        discriminator = _discriminator(info)
        if discriminator is not None:
            metadata.append(discriminator)
        found = _t.Annotated[(info.annotation, *metadata)] if metadata else info.annotation
        _FIELD_TYPES[key] = found
    return found


def _union(type_: object, data: object, metadata: list[object]) -> _t.Any:
    """A union's data: by discriminator, else by the variant that fits."""
    variants = [v for v in _t.get_args(type_) if v is not type(None)]
    if data is None:
        return None
    discriminator = next((d for d in map(_discriminator, metadata) if d is not None), None)
    if discriminator is not None:
        chosen = _tagged(variants, discriminator, data)
        return _repair(chosen, data) if chosen is not None else data
    # every variant failed as a whole (the union did): the one the data fits best, repaired
    if len(variants) == 1:
        return _repair(variants[0], data)
    fits = [(score, -i, v) for i, v in enumerate(variants) if (score := _fit(v, data)) is not None]
    if fits:
        return _repair(max(fits, key=lambda fit: fit[:2])[2], data)
    return data


def _discriminator(metadata: object) -> _p.Discriminator | None:
    """The discriminator an `Annotated` union carries: `Discriminator(...)` or `Field(discriminator=...)`."""
    if isinstance(metadata, _p.Discriminator):
        return metadata
    if isinstance(metadata, _FieldInfo) and metadata.discriminator is not None:
        found = metadata.discriminator
        return found if isinstance(found, _p.Discriminator) else _p.Discriminator(found)
    return None


def _tagged(variants: list[object], discriminator: _p.Discriminator, data: object) -> object | None:
    """The variant whose tag the data carries (a callable discriminator and `Tag`s, or the name
    of a literal field); None for a tag no variant has."""
    how = discriminator.discriminator
    if callable(how):
        tag = how(data)
        for variant in variants:
            tags = [m.tag for m in _t.get_args(variant)[1:] if isinstance(m, _p.Tag)]
            if tag is not None and tag in tags:
                return variant
        return None
    if not isinstance(data, dict):
        return None
    for variant in variants:
        model = _model_class(variant)
        if model is None:
            continue
        for name, info in _fields(model).items():
            if how in (name, _wire_name(name, info)) and _t.get_origin(info.annotation) is _t.Literal:
                value = data.get(_wire_name(name, info))
                if isinstance(value, _enum.Enum):
                    value = value.value
                if value in _t.get_args(info.annotation):
                    return variant
    return None


def _model_class(type_: object) -> type[_p.BaseModel] | None:
    while _t.get_origin(type_) is _t.Annotated:
        type_ = _t.get_args(type_)[0]
    return type_ if isinstance(type_, type) and issubclass(type_, _p.BaseModel) else None


def _fit(variant: object, data: object) -> tuple[int, int] | None:
    """How well a dict fills an object variant: (declared keys present, required keys
    present); None for a variant that cannot take the data (a list for a list, a dict for
    a model)."""
    model = _model_class(variant)
    if model is not None:
        if not isinstance(data, dict):
            return None
        fields = [(_wire_name(n, f), f.is_required()) for n, f in _fields(model).items()]
        return sum(w in data for w, _ in fields), sum(w in data for w, required in fields if required)
    origin = _t.get_origin(variant)
    if origin in (list, tuple, set, frozenset, Sequence) and isinstance(data, list):
        return 0, 0
    if origin in (dict, Mapping) and isinstance(data, dict):
        return 0, 0
    return None
