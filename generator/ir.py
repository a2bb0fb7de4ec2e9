"""The intermediate representation: what `normalize` produces and `render` consumes.

Frozen, slotted dataclasses, one per kind, joined in `TypeAlias` unions; changed only with
`dataclasses.replace`. No raw spec dict survives past normalization. Names come in two kinds:
`*_name`/`wire_name` fields hold spec text (untrusted), `py_name`/`class_name` hold identifiers
that only `naming.py` assigns. Types refer to named definitions by `key` (the schema's JSON
pointer), so renaming never rewrites references.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

JsonValue: TypeAlias = "None | bool | int | float | str | list[JsonValue] | dict[str, JsonValue]"
PrimName = Literal["str", "int", "float", "bool", "bytes", "datetime", "date", "time", "uuid", "decimal"]


@dataclass(frozen=True, slots=True)
class Constraints:
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    multiple_of: float | None = None
    min_items: int | None = None
    max_items: int | None = None


@dataclass(frozen=True, slots=True)
class Prim:
    name: PrimName
    format: str | None = None
    constraints: Constraints = Constraints()


@dataclass(frozen=True, slots=True)
class Lit:
    """A single allowed value (`const`, or an enum of one)."""

    value: str | int | bool


@dataclass(frozen=True, slots=True)
class Array:
    item: Type
    constraints: Constraints = Constraints()


@dataclass(frozen=True, slots=True)
class Map:
    value: Type


@dataclass(frozen=True, slots=True)
class Discriminator:
    wire_name: str
    mapping: tuple[tuple[str, str], ...]  # (wire value, definition key)


@dataclass(frozen=True, slots=True)
class Union:
    variants: tuple[Type, ...]
    discriminator: Discriminator | None = None


@dataclass(frozen=True, slots=True)
class Nullable:
    inner: Type


@dataclass(frozen=True, slots=True)
class Ref:
    key: str


@dataclass(frozen=True, slots=True)
class AnyType:
    pass


Type: TypeAlias = Prim | Lit | Array | Map | Union | Nullable | Ref | AnyType


@dataclass(frozen=True, slots=True)
class Default:
    """A spec default, already checked to be JSON data."""

    value: JsonValue


@dataclass(frozen=True, slots=True)
class Field:
    wire_name: str
    type: Type
    required: bool
    default: Default | None = None
    description: str = ""
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    py_name: str = ""


@dataclass(frozen=True, slots=True)
class ModelDef:
    key: str
    name_hint: tuple[str, ...]
    fields: tuple[Field, ...]
    description: str = ""
    title: str = ""
    additional: Type | None = None  # type of additionalProperties, when declared with a schema
    closed: bool = False  # additionalProperties: false
    deprecated: bool = False
    class_name: str = ""


@dataclass(frozen=True, slots=True)
class EnumMember:
    value: str | int
    py_name: str = ""


@dataclass(frozen=True, slots=True)
class EnumDef:
    key: str
    name_hint: tuple[str, ...]
    base: Literal["str", "int"]
    members: tuple[EnumMember, ...]
    description: str = ""
    class_name: str = ""


@dataclass(frozen=True, slots=True)
class AliasDef:
    """A named schema that is not an object or enum (a union, array, primitive…)."""

    key: str
    name_hint: tuple[str, ...]
    type: Type
    description: str = ""
    class_name: str = ""


Definition: TypeAlias = ModelDef | EnumDef | AliasDef

ParamLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True, slots=True)
class Param:
    wire_name: str
    location: ParamLocation
    type: Type
    required: bool
    default: Default | None = None
    description: str = ""
    style: str = "simple"
    explode: bool = False
    deprecated: bool = False
    example: Default | None = None
    py_name: str = ""


@dataclass(frozen=True, slots=True)
class Body:
    media_type: str
    type: Type
    required: bool
    description: str = ""
    example: Default | None = None


@dataclass(frozen=True, slots=True)
class Response:
    status: str  # "200", "2XX", "default"
    media_type: str | None
    type: Type | None
    description: str = ""


@dataclass(frozen=True, slots=True)
class CursorPagination:
    """Cursor pagination: send `param` = the response's `cursor_field` until it is empty."""

    param: str  # wire name of the request parameter
    cursor_field: str  # wire name of the response field holding the next cursor
    items_field: str  # wire name of the response array of items
    item_type: Type


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    key: str
    kind: Literal["api_key", "http_bearer", "http_basic"]
    location: Literal["header", "query", "cookie"] = "header"
    wire_name: str = ""
    description: str = ""
    py_name: str = ""


@dataclass(frozen=True, slots=True)
class Operation:
    key: str  # JSON pointer of the operation object
    operation_id: str
    group: tuple[str, ...]  # resource group path, spec words (untrusted)
    name_hint: tuple[str, ...]  # words of the method name before naming
    method: str
    path: str
    summary: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    body: Body | None = None
    responses: tuple[Response, ...] = ()
    success: Response | None = None
    security: tuple[tuple[str, ...], ...] = ()  # alternatives of scheme keys; () = none needed
    pagination: CursorPagination | None = None
    deprecated: bool = False
    py_name: str = ""


@dataclass(frozen=True, slots=True)
class ServerVariable:
    name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    description: str = ""
    variables: tuple[ServerVariable, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """A node of the resource tree: `client.<py_name>` holds operations and child groups."""

    path: tuple[str, ...]
    operations: tuple[str, ...] = ()  # operation keys
    children: tuple[Group, ...] = ()
    py_name: str = ""
    class_name: str = ""
    module: str = ""  # the module under resources/ (and the docs/ file), unique in the SDK
    description: str = ""


@dataclass(frozen=True, slots=True)
class Api:
    title: str
    version: str
    description: str
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    globals: tuple[Param, ...]
    operations: tuple[Operation, ...]
    definitions: tuple[Definition, ...]
    root: Group
    openapi: str = "3.1"
