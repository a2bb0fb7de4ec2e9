"""The intermediate representation: what `normalize` produces and `render` consumes.

Frozen, slotted dataclasses, one per kind, joined in `TypeAlias` unions (made by `ir_class.py`);
changed only with `dataclasses.replace` (or `replace` here: the same for IR nodes, faster). No
raw spec dict survives past normalization. Names come in two kinds: `*_name`/`wire_name` fields hold spec text
(untrusted), `py_name`/`class_name` hold identifiers that only `naming.py` assigns. Types refer
to named definitions by `key` (the schema's JSON pointer), so renaming never rewrites references.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypeAlias

from generator.ir_class import quick_repr as quick_repr

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
    from dataclasses import replace as replace
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass
    from generator.ir_class import replace as replace


@dataclass(frozen=True, slots=True)
class Names:
    """Identifiers a target derives for one element beyond its own name, by role: a resource
    group's async and raw-response classes, a method's local variables, an environment
    variable, a generated test. Assigned only by the target's naming stage, which defines the
    roles; empty before it."""

    by_role: tuple[tuple[str, str], ...] = ()

    def __getitem__(self, role: str) -> str:
        for key, name in self.by_role:
            if key == role:
                return name
        raise KeyError(role)


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
    const: str | None = None  # `const` of a float, an object or an array, as canonical JSON text


@dataclass(frozen=True, slots=True)
class Prim:
    name: PrimName
    format: str | None = None
    constraints: Constraints = Constraints()


@dataclass(frozen=True, slots=True)
class Lit:
    """A single allowed value (`const`, or an enum of one); None for `const: null`."""

    value: str | int | bool | None


@dataclass(frozen=True, slots=True)
class Array:
    item: Type
    constraints: Constraints = Constraints()


@dataclass(frozen=True, slots=True)
class Tuple:
    """An array of exactly these items by position (`prefixItems` closed by `items: false` or
    `maxItems`); shorter lengths the schema allows are other `Tuple`s of a `Union`."""

    items: tuple[Type, ...]


@dataclass(frozen=True, slots=True)
class Map:
    value: Type
    constraints: Constraints = Constraints()  # `const` of an object


@dataclass(frozen=True, slots=True)
class Discriminator:
    wire_name: str
    mapping: tuple[tuple[str, str], ...]  # (wire value, definition key)
    default: str = ""  # 3.2 `defaultMapping`: the definition key of an absent or unmapped value


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


Type: TypeAlias = Prim | Lit | Array | Tuple | Map | Union | Nullable | Ref | AnyType


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
    # the property's `example` (or first `examples` entry), unchecked: docs check it before use
    example: Default | None = None


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
    open: bool = False  # additionalProperties: true (or {}): undeclared properties are expected
    names: Names = Names()  # a request body's model: its TypedDict (`typed_dict`)
    # `properties` with a `oneOf`/`anyOf` of `required` lists: the lists, each a way to be valid
    # (a field all of them name is a required field); used to build valid values, not for typing
    required_sets: tuple[tuple[str, ...], ...] = ()
    # `dependentRequired`: (wire name, the wire names that must be present when it is)
    dependent_required: tuple[tuple[str, tuple[str, ...]], ...] = ()


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

ParamLocation = Literal["path", "query", "header", "cookie", "querystring"]  # querystring: OpenAPI 3.2


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
    names: Names = Names()  # a global parameter's environment variable (`env`)
    # `in: querystring` (the whole query string, `querystring.py`): its media type and form encoding
    content: tuple[str, tuple[PartEncoding, ...]] | None = None


BodyKind = Literal["json", "form", "multipart", "text", "binary", "json_lines", "json_seq"]  # `sequential.py`


@dataclass(frozen=True, slots=True)
class PartEncoding:
    """How one property of a form or multipart body goes on the wire: an entry of the media
    type's `encoding` (`part_encoding.py`)."""

    name: str  # the property's wire name
    content_types: tuple[str, ...] = ()  # `contentType`, each entry checked and canonical
    style: str | None = None  # set (with explode) when the entry serializes like a query parameter
    explode: bool = True
    allow_reserved: bool = False
    headers: tuple[tuple[str, str], ...] = ()  # a part's headers whose value the spec fixes


@dataclass(frozen=True, slots=True)
class Body:
    media_type: str
    type: Type
    required: bool
    description: str = ""
    example: Default | None = None
    encoding: tuple[PartEncoding, ...] = ()  # form and multipart bodies: per property
    kind: BodyKind = "json"  # how the runtime encodes it (`irquery.body_kind`)


ContentKind = Literal["json", "text", "binary", "event_stream", "json_lines", "json_seq"]  # streams: `sequential.py`


@dataclass(frozen=True, slots=True)
class Content:
    """One media type of a response, and how the runtime decodes it."""

    media_type: str
    type: Type | None  # None: no schema (decoded by kind alone)
    kind: ContentKind = "json"
    events: tuple[tuple[str, Type], ...] = ()  # an event stream's data type by event name (3.2 `itemSchema`)


@dataclass(frozen=True, slots=True)
class Response:
    status: str  # "200", "2XX", "default"
    contents: tuple[Content, ...] = ()  # the preferred (JSON) first
    description: str = ""
    headers: tuple[str, ...] = ()  # wire names of the declared response headers, lower case

    @property
    def media_type(self) -> str | None:
        return self.contents[0].media_type if self.contents else None

    @property
    def type(self) -> Type | None:
        return self.contents[0].type if self.contents else None


PaginationKind = Literal["cursor", "cursor_id", "offset", "page", "link"]


@dataclass(frozen=True, slots=True)
class Pagination:
    """How to walk the pages of a list operation, inferred from its shape (`infer.py`).

    cursor: send `param` = the response's `cursor_field` until it is empty;
    cursor_id: send `param` = the `item_id_field` of the page's last item (Stripe's
        `starting_after`, openai's `after`);
    offset: `param` advances by the number of items received;
    page: `param` advances by one;
    link: follow the `Link: <...>; rel="next"` response header.
    offset and page stop on an empty page, or a page shorter than `limit_param` asked for;
    cursor and cursor_id also stop when the response's `has_more_field` is not true.
    """

    kind: PaginationKind
    item_type: Type
    items_field: str = ""  # wire name of the response's array field; "" when the body is the array
    param: str = ""  # wire name of the query parameter that selects the page
    cursor_field: str = ""  # cursor: wire name of the response field holding the next cursor
    limit_param: str = ""  # offset/page: wire name of the page-size parameter, if any
    item_id_field: str = ""  # cursor_id: wire name of the items' field the next cursor is
    has_more_field: str = ""  # cursor/cursor_id: wire name of the response's "more pages" boolean


@dataclass(frozen=True, slots=True)
class Polling:
    """A start operation paired with the one that reads its result (`infer_polling.py`).

    The start response carries the new resource's id in `id_field`; the poll operation takes it
    as the path parameter `id_param`; the helper polls while its response's `status_field` is one
    of `pending` (work in progress), which the spec says ends in one of `terminal`.
    """

    poll_key: str  # the poll operation's key
    id_field: str
    id_param: str
    status_field: str
    pending: tuple[str, ...]
    terminal: tuple[str, ...]
    py_name: str = ""  # the helper method, `<start>_and_wait`


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """A credential the client holds. oauth2 covers OAuth 2 and OpenID Connect: the caller
    passes an access token, or, where the scheme has a client-credentials flow (`token_url`),
    a client id and secret the runtime exchanges for tokens."""

    key: str
    kind: Literal["api_key", "http_bearer", "http_basic", "oauth2"]
    location: Literal["header", "query", "cookie"] = "header"
    wire_name: str = ""
    description: str = ""
    token_url: str = ""
    scopes: tuple[str, ...] = ()
    py_name: str = ""  # the credential's argument (the token, or the user name for HTTP basic)
    # every argument the client takes for it (HTTP basic: user and password; OAuth 2 with a token
    # URL: token, client id and secret), and the environment variable of each, in that order
    arguments: tuple[str, ...] = ()
    env_vars: tuple[str, ...] = ()
    # declared in the SDK's config (security_config.py): the argument and variable it asks for
    argument: str = ""
    env: str = ""
    deprecated: bool = False  # 3.2: still supported, documented as deprecated
    metadata_url: str = ""  # 3.2 `oauth2MetadataUrl` (RFC 8414): documented, not fetched


@dataclass(frozen=True, slots=True)
class Operation:
    key: str  # JSON pointer of the operation object
    operation_id: str
    group: tuple[str, ...]  # resource group path, spec words (untrusted)
    name_hint: tuple[str, ...]  # words of the method name before naming
    method: str  # a fixed field's name (`get`, `query`), or an `additionalOperations` key as written
    path: str
    summary: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    body: Body | None = None
    responses: tuple[Response, ...] = ()
    success: Response | None = None
    security: tuple[tuple[str, ...], ...] = ()  # alternatives of scheme keys; an empty one = optional
    security_declared: bool = True  # False: neither the operation nor the document has `security`
    pagination: Pagination | None = None
    polling: Polling | None = None
    servers: tuple[Server, ...] = ()  # operation or path-item servers, overriding the API's
    globals: tuple[tuple[str, str], ...] = ()  # (wire name, location) of the client's globals it declares
    deprecated: bool = False
    py_name: str = ""
    names: Names = Names()  # the method's local variables and its generated test, by role


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
    names: Names = Names()  # the classes derived from `class_name` (async, raw-response twins)


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
    names: Names = Names()  # the client classes and the client's environment variables
    trusted_origins: tuple[str, ...] = ()  # the config's `allow_credentials_to`: origins that get credentials too
