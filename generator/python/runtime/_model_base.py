"""Base classes of the generated models.

`SDKModel` keeps fields the server adds that the spec does not declare, and serializes by wire
name. Python names and wire names are never confused: the constructor takes Python names
(`save_trace=`, what type checkers show; wire names are still accepted there, and naming
guarantees that no Python name is another field's wire name), while wire data — responses,
`model_validate(data)` — is read by wire name only, so a key the server sends that happens to be
a field's Python name (`{"save_trace": 1}` next to `saveTrace`) stays an unknown field and is
sent back as it came.

`OpenEnum` makes enums open in responses: when a response (validated with the context
`{"sdk_response": True}`) carries a value the spec does not list, it becomes a pseudo-member
named `UNKNOWN` whose `.value` is the raw value, so a new server-side value does not break old
clients. In requests the enum stays strict.
"""

from __future__ import annotations

import contextvars as _contextvars
import decimal as _decimal
import enum as _enum
import functools as _functools
import json as _json
import re as _re
import typing as _t
import warnings as _warnings

import pydantic as _p
from pydantic_core import core_schema as _cs

RESPONSE_CONTEXT: dict[str, bool] = {"sdk_response": True}
REQUEST_CONTEXT: dict[str, bool] = {"sdk_request": True}
#: True while a dict request body is validated (`_body_check.request_body`): its keys may be Python
#: names, so a union's tag is also looked for under the discriminator's Python name.
BY_NAME_TOO: _contextvars.ContextVar[bool] = _contextvars.ContextVar("sdk_by_name_too", default=False)


def checks(
    *,
    min_length: int | None = None,
    max_length: int | None = None,
    pattern: str | None = None,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    multiple_of: float | None = None,
    const: _t.Any = None,
) -> _t.Any:
    """The spec's constraints, enforced on values the caller builds (requests) and not on
    responses, whose data the server owns. Lengths apply to strings, lists and maps; `const`
    (a float, object or array the value must equal, as JSON compares) to any value."""
    # the spec's pattern, as written: no warning at import
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore", FutureWarning)
        compiled = _re.compile(pattern) if pattern is not None else None

    def check(value: _t.Any, info: _cs.ValidationInfo) -> _t.Any:
        context = info.context
        if isinstance(context, dict) and context.get("sdk_response"):
            return value
        problems = []
        if isinstance(value, str | list | dict):
            if min_length is not None and len(value) < min_length:
                problems.append(f"length {len(value)} < {min_length}")
            if max_length is not None and len(value) > max_length:
                problems.append(f"length {len(value)} > {max_length}")
        if isinstance(value, int | float | _decimal.Decimal) and not isinstance(value, bool):
            number = float(value)
            for bound, ok, sign in (
                (ge, number >= (ge or 0), ">="),
                (gt, number > (gt or 0), ">"),
                (le, number <= (le or 0), "<="),
                (lt, number < (lt or 0), "<"),
            ):
                if bound is not None and not ok:
                    problems.append(f"must be {sign} {bound}")
            if multiple_of and (number / multiple_of) % 1:
                problems.append(f"must be a multiple of {multiple_of}")
        if compiled is not None and isinstance(value, str) and not compiled.search(value):
            problems.append(f"must match {pattern!r}")
        if const is not None and not same_json(value, const):
            problems.append(f"must be {const!r}")
        if problems:
            raise ValueError("; ".join(problems))
        return value

    return _p.AfterValidator(check)


def same_json(a: _t.Any, b: _t.Any) -> bool:
    """JSON equality: `1 == 1.0` but `True != 1`; objects by keys, arrays by position."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def literal_kind(literal: bool | int) -> _t.Any:
    """A `bool` or `int` literal that refuses the other kind: pydantic compares literals with
    `==`, so `Literal[True]` would take `1` (and `Literal[1]` `true`); JSON does not."""

    def check(value: _t.Any) -> _t.Any:
        if isinstance(value, int) and isinstance(value, bool) != isinstance(literal, bool):
            raise ValueError(f"must be {literal!r}")
        return value

    return _p.BeforeValidator(check)


def discriminate(
    wire_name: str, py_name: str, tags: dict[str, str], default: str | None = None
) -> _t.Callable[[_t.Any], str | None]:
    """The tag of a union variant, read from the discriminator property of a dict (wire name
    only: wire data; its Python name too in a dict request body, `BY_NAME_TOO`) or of a
    model (the field with that wire name; `py_name`, the field's Python name in the first
    variant, when the model has none); OpenAPI `discriminator.mapping` values map to variant
    tags, and a value it lacks (or none) to the `default` tag (3.2 `defaultMapping`), if any.
    """
    names: dict[type, str] = {}

    def field_name(model: type[_p.BaseModel]) -> str:
        found = names.get(model)
        if found is None:
            fields = model.model_fields.items()
            found = next(
                (n for n, f in fields if (n if f.validation_alias is None else f.validation_alias) == wire_name),
                py_name,
            )
            names[model] = found
        return found

    def tag(value: _t.Any) -> str | None:
        if isinstance(value, dict):
            found = value.get(wire_name)
            if found is None and BY_NAME_TOO.get():
                found = value.get(py_name)
        elif isinstance(value, _p.BaseModel):
            found = getattr(value, field_name(type(value)), None)
        else:
            found = None
        if isinstance(found, _enum.Enum):
            found = found.value
        return tags.get(found, default) if isinstance(found, str) else default

    return tag


T = _t.TypeVar("T")
# The key a wire validation's context carries: raised by `model_post_init` when a model kept an
# unknown key that is also one of its fields' Python names (see `validate_wire`).
_NAME_AS_KEY = "sdk_name_as_key"


def _wire_names(by_alias: bool | None, by_name: bool | None) -> tuple[bool | None, bool | None]:
    """Validation of wire data: by wire name (alias) only, unless the caller chose."""
    return (True, False) if by_alias is None and by_name is None else (by_alias, by_name)


def validate_wire(validate: _t.Callable[[_t.Any], T], raw: _t.Callable[[], object], context: _t.Any = None) -> T:
    """`validate(context)` of wire data (validated by wire names only), made exact.

    pydantic records an unknown key in the model's set fields, so an unknown key that is some
    field's Python name (`user_id2` from the server, where `user_id2` is the Python name of
    `userId2`) would mark that field set, and `exclude_unset` dumps would add a key the server
    never sent. Such models are rare: `model_post_init` flags them in the context, and only then
    the value is walked beside the raw data (`raw()`) to unmark the fields that were not sent.
    """
    if context is not None and not isinstance(context, dict):
        return validate(context)
    marked = {**(context or {}), _NAME_AS_KEY: False}
    value = validate(marked)
    if marked[_NAME_AS_KEY]:
        _unmark_unsent(value, raw())
    return value


def _unmark_unsent(value: object, raw: object) -> None:
    if isinstance(value, SDKModel) and isinstance(raw, dict):
        extra = value.__pydantic_extra__ or {}
        for name, info in type(value).model_fields.items():
            wire = info.validation_alias if isinstance(info.validation_alias, str) else name
            if wire in raw:
                _unmark_unsent(getattr(value, name), raw[wire])
            elif name in extra and name not in value.__sdk_always_send__:
                value.__pydantic_fields_set__.discard(name)
        for key, item in extra.items():
            _unmark_unsent(item, raw.get(key))
    elif isinstance(value, list | tuple) and isinstance(raw, list):
        for item, raw_item in zip(value, raw, strict=False):
            _unmark_unsent(item, raw_item)
    elif isinstance(value, dict) and isinstance(raw, dict):
        for key, item in value.items():
            _unmark_unsent(item, raw.get(key))


class SDKModel(_p.BaseModel):
    """Base of every generated model."""

    # The request id of the response a top-level model was read from (`_request_id.attach`): a
    # slot, so it is no field, never dumped or compared.
    __slots__ = ("_sdk_request_id",)

    @property
    def _request_id(self) -> str | None:
        """The request id of the response this model came from (see `_request_id.py`); None
        for a model built by hand or nested in another."""
        found: str | None = getattr(self, "_sdk_request_id", None)
        return found

    # Both names for the constructor; wire data is validated with `by_name=False` (above, and
    # in `_decode`), which also applies to every nested model.
    model_config = _p.ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        arbitrary_types_allowed=False,
        # naming.py already keeps fields off `model_*` names (a trailing `_`)
        protected_namespaces=(),
    )

    #: Fields whose only possible value is fixed (discriminators): always sent.
    __sdk_always_send__: _t.ClassVar[frozenset[str]] = frozenset()
    #: Wire names of `readOnly` fields: the server sets them, requests leave them out.
    __sdk_read_only__: _t.ClassVar[frozenset[str]] = frozenset()
    #: `dependentRequired`: wire name → the wire names that must be present when it is.
    __sdk_dependent_required__: _t.ClassVar[dict[str, tuple[str, ...]]] = {}
    #: `additionalProperties: false`: a request may not carry undeclared properties.
    __sdk_closed__: _t.ClassVar[bool] = False
    #: `additionalProperties` declared: a dict body may carry undeclared keys (else each is a
    #: mistake, refused before sending; see `_body_check.request_body`).
    __sdk_open__: _t.ClassVar[bool] = False

    @classmethod
    def model_validate(
        cls, obj: _t.Any, *, by_alias: bool | None = None, by_name: bool | None = None, **options: _t.Any
    ) -> _t.Self:
        """Wire data (JSON keys as the server sends them) → a model, by wire names only unless
        `by_alias` / `by_name` say otherwise."""
        by_alias, by_name = _wire_names(by_alias, by_name)
        context = options.pop("context", None)
        validate = _functools.partial(super().model_validate, obj, by_alias=by_alias, by_name=by_name, **options)
        return validate_wire(lambda context: validate(context=context), lambda: obj, context)

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        by_alias: bool | None = None,
        by_name: bool | None = None,
        **options: _t.Any,
    ) -> _t.Self:
        """JSON text from the wire → a model, by wire names only (see `model_validate`)."""
        by_alias, by_name = _wire_names(by_alias, by_name)
        context = options.pop("context", None)
        validate = _functools.partial(
            super().model_validate_json, json_data, by_alias=by_alias, by_name=by_name, **options
        )
        return validate_wire(lambda context: validate(context=context), lambda: _json.loads(json_data), context)

    @classmethod
    def model_validate_strings(
        cls, obj: _t.Any, *, by_alias: bool | None = None, by_name: bool | None = None, **options: _t.Any
    ) -> _t.Self:
        """String data from the wire → a model, by wire names only (see `model_validate`)."""
        by_alias, by_name = _wire_names(by_alias, by_name)
        context = options.pop("context", None)
        validate = _functools.partial(
            super().model_validate_strings, obj, by_alias=by_alias, by_name=by_name, **options
        )
        return validate_wire(lambda context: validate(context=context), lambda: obj, context)

    def model_post_init(self, context: _t.Any, /) -> None:
        if self.__sdk_always_send__:
            self.__pydantic_fields_set__.update(self.__sdk_always_send__)
        extra = self.__pydantic_extra__
        if (
            extra
            and isinstance(context, dict)
            and _NAME_AS_KEY in context
            and not extra.keys().isdisjoint(type(self).model_fields)
        ):
            context[_NAME_AS_KEY] = True

    @_p.model_validator(mode="after")
    def _sdk_object_checks(self, info: _p.ValidationInfo) -> _t.Self:
        """`dependentRequired` and `additionalProperties: false`, enforced on values
        the caller builds, not on responses (the server's data is its own)."""
        context = info.context
        if isinstance(context, dict) and context.get("sdk_response"):
            return self
        if self.__sdk_closed__ and self.model_extra:
            raise ValueError(f"undeclared properties: {', '.join(map(repr, sorted(self.model_extra)))}")
        if self.model_extra and not self.__sdk_open__ and isinstance(context, dict) and context.get("sdk_dict"):
            known = ", ".join(map(repr, type(self).model_fields))
            raise ValueError(f"unknown key(s) {', '.join(map(repr, sorted(self.model_extra)))}; the keys are: {known}")
        if not self.__sdk_dependent_required__:
            return self
        fields = type(self).model_fields
        present = {fields[name].alias or name for name in self.model_fields_set if name in fields}
        present |= set(self.model_extra or {})
        for key, needed in self.__sdk_dependent_required__.items():
            missing = [name for name in needed if name not in present]
            if key in present and missing:
                raise ValueError(f"{key!r} is set, so {', '.join(map(repr, missing))} must be set too")
        return self

    def to_dict(
        self,
        *,
        mode: _t.Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> dict[str, object]:
        """The model as a dict: by wire name (`use_api_names=False`: Python names), only
        the fields that were set (a response's: the keys the server sent, unknown ones too;
        `exclude_unset=False`: every field). `mode="json"`: JSON data, dates as text."""
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """The model as JSON text, with `to_dict`'s conventions; `indent=None`: on one line."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def __str__(self) -> str:
        """`repr`: the class and its fields, `Customer(id='cus_1', ...)`."""
        return self.__repr__()

    @_p.model_serializer(mode="wrap")
    def _sdk_serialize(self, handler: _p.SerializerFunctionWrapHandler, info: _p.SerializationInfo) -> _t.Any:
        data = handler(self)
        context = info.context
        if (
            self.__sdk_read_only__
            and isinstance(data, dict)
            and isinstance(context, dict)
            and context.get("sdk_request")
        ):
            for name in self.__sdk_read_only__:
                data.pop(name, None)
        return data


class OpenEnum(_enum.Enum):
    """An enum that tolerates unknown values when validating responses. Printed, formatted and
    joined it is its value (`f"{asset.state}"` is `uploaded`), as a `StrEnum` is; `repr` names
    the member."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(self.value, format_spec)

    @classmethod
    def _unknown(cls, value: _t.Any) -> _t.Any:
        base: _t.Any = getattr(cls, "_member_type_", object)
        member = base.__new__(cls, value) if base is not object else object.__new__(cls)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @classmethod
    def __get_pydantic_core_schema__(cls, source: _t.Any, handler: _p.GetCoreSchemaHandler) -> _cs.CoreSchema:
        members = list(cls.__members__.values())
        base: _t.Any = getattr(cls, "_member_type_", object)
        sub_type: _t.Any = "str" if base is str else "int" if base is int else None
        strict = _cs.enum_schema(cls, members, sub_type=sub_type)

        def validate(value: _t.Any, inner: _cs.ValidatorFunctionWrapHandler, info: _cs.ValidationInfo) -> _t.Any:
            try:
                return inner(value)
            except _p.ValidationError:
                context = info.context
                if isinstance(context, dict) and context.get("sdk_response") and isinstance(value, str | int):
                    return cls._unknown(value)
                raise

        return _cs.with_info_wrap_validator_function(
            validate, strict, serialization=_cs.plain_serializer_function_ser_schema(lambda m: m.value)
        )
