"""One logical request (`RequestOptions`) → the `httpx.Request` of an attempt. No I/O.

The URL (the base URL and the path template filled with percent-encoded parameters, or the
absolute URL of a next page), the query, headers and cookies by parameter style, the client's
global parameters and credentials, and the body with its declared `Content-Type`. An OpenAPI 3.2
`in: querystring` parameter (`QueryString`) is the query string itself, the other parameters
after it. The method is sent as given: `QUERY`, and a spec's own tokens (`COPY`, `PURGE`), too. Every attempt
of a request is built from the same options, so a retry sends the same bytes: `replayable` reads
files (paths, file objects) once, and the idempotency key and the multipart boundary are chosen
once per logical request.

No parameter value can change the route: each is percent-encoded (`/`, `?`, `#`, `%` and `;`
included), and a value that would make its segment empty, `.` or `..` is refused with
`ValueError` before any request, because a dot segment is resolved away by httpx itself, and
its percent-encoded form `%2E%2E` is resolved away by servers and proxies that normalize URLs
(RFC 3986 §6.2.2, the WHATWG URL standard).
"""

from __future__ import annotations

import dataclasses
import json
import typing as _t
import urllib.parse
import uuid as _uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx2 as _httpx

from ._auth import Credentials
from ._bodies import Part, body_fields, encode_body, encode_form, merge_extra_body, read_files
from ._files import UploadFile, content_type, is_file_content, is_file_tuple, read_file
from ._serialize import NOT_GIVEN, NotGiven, jsonable, param_text, serialize_path, serialize_query, serialize_simple

IDEMPOTENCY_HEADER = "Idempotency-Key"

Timeout = float | _httpx.Timeout | None


@dataclass(frozen=True, slots=True)
class QueryString:
    """OpenAPI 3.2's `in: querystring` parameter: the whole query string as one value, written
    as its media type says: a form's fields (each by its `encoding` entry, as a form body's),
    or JSON or text, percent-encoded."""

    value: object
    media_type: str = "application/x-www-form-urlencoded"
    encoding: Mapping[str, Part] = field(default_factory=dict)

    def text(self) -> str | None:
        """The query string (without `?`); None when the value is not given."""
        if self.value is None or isinstance(self.value, NotGiven):
            return None
        base = self.media_type.split(";")[0].strip().lower()
        if base == "application/x-www-form-urlencoded":
            return encode_form(body_fields(self.value, "form"), self.encoding).decode("ascii")
        if base == "application/json" or base.endswith("+json"):
            return urllib.parse.quote(json.dumps(jsonable(self.value), separators=(",", ":")), safe="")
        return urllib.parse.quote(param_text(self.value), safe="")


@dataclass(slots=True)
class RequestOptions:
    """One logical request; attempts are built from it, so a retry sends identical bytes."""

    method: str
    path: str
    path_params: dict[str, object] = field(default_factory=dict)
    query: dict[str, object] = field(default_factory=dict)
    headers: dict[str, object] = field(default_factory=dict, repr=False)  # may carry secrets: not shown
    cookies: dict[str, object] = field(default_factory=dict, repr=False)
    #: wire name → (style, explode) where it differs from the location's default
    styles: dict[str, tuple[str, bool]] = field(default_factory=dict)
    body: object = NOT_GIVEN
    body_kind: _t.Literal["json", "form", "multipart", "binary", "text", "json_lines", "json_seq"] = "json"
    #: the body's Content-Type as declared; a multipart body's gets `boundary`, never one of
    #: the spec
    media_type: str = "application/json"
    #: a multipart body's boundary: random, drawn once per logical request by `replayable`
    boundary: str | None = None
    #: form and multipart bodies: property wire name → how it is encoded (the spec's `encoding`)
    encoding: Mapping[str, Part] = field(default_factory=dict)
    #: the Accept header: the media types the operation answers with, preferred first
    accept: str | None = None
    security: tuple[tuple[str, ...], ...] = ()
    #: the operation's own servers, used when the client's base URL came from the spec
    servers: tuple[str, ...] = ()
    #: wire names of the client's global parameters this operation declares (only those are sent)
    globals: tuple[str, ...] = ()
    #: declared error bodies: status ("404", "4XX", "default") → the type to decode them as
    error_types: Mapping[str, object] = field(default_factory=dict)
    #: an absolute URL to request instead of `path` (the next page of a `Link` header)
    url: str | None = None
    extra_headers: Mapping[str, str] | None = field(default=None, repr=False)
    extra_query: Mapping[str, object] | None = field(default=None, repr=False)
    #: properties merged into a JSON object body or a form's fields (`_bodies.merge_extra_body`)
    extra_body: Mapping[str, object] | None = field(default=None, repr=False)
    timeout: Timeout | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    idempotency_key: str | None = None
    #: OpenAPI 3.2's `in: querystring` parameter: the query string, before any other parameter
    querystring: QueryString | None = None


def build_request(
    client: _httpx.Client | _httpx.AsyncClient,
    options: RequestOptions,
    *,
    base_url: str,
    headers: Mapping[str, str],
    globals_: Mapping[str, tuple[str, object]],
    credentials: Credentials,
    timeout: Timeout,
    default_query: Mapping[str, object] | None = None,
) -> _httpx.Request:
    """The request of one attempt. `headers` are the client's own (User-Agent, default
    headers), `globals_` its global parameters (wire name → (location, value)), `default_query`
    its default query parameters, `timeout` its default; the operation's parameters and the
    caller's extras win over them."""
    path_params = dict(options.path_params)
    # A next-page URL from a Link header already carries the operation's query.
    query: dict[str, object] = dict(options.query) if options.url is None else {}
    out_headers: dict[str, str] = dict(headers)
    if options.accept:
        out_headers["Accept"] = options.accept
    cookies: dict[str, str] = {}
    for wire, (location, value) in globals_.items():
        if location == "header":
            out_headers.setdefault(wire, param_text(value))
        elif location == "query" and options.url is None:
            query.setdefault(wire, value)
        elif location == "cookie":
            cookies.setdefault(wire, param_text(value))
        else:
            path_params.setdefault(wire, value)
    for name, value in options.headers.items():
        if not isinstance(value, NotGiven) and value is not None:
            out_headers[name] = serialize_simple(value, options.styles.get(name, ("simple", False))[1])
    for name, value in options.cookies.items():
        if not isinstance(value, NotGiven) and value is not None:
            cookies[name] = serialize_simple(value, False)
    credentials.apply(credentials.choose(options.security), out_headers, query, cookies)
    if options.idempotency_key is not None:
        out_headers[IDEMPOTENCY_HEADER] = options.idempotency_key
    out_headers.update(options.extra_headers or {})
    params: list[tuple[str, str | int | float | bool | None]] = []
    for name, value in {**query, **(options.extra_query or {})}.items():
        if not isinstance(value, NotGiven) and value is not None:
            style, explode = options.styles.get(name, ("form", True))
            params.extend(serialize_query(name, value, style, explode))
    given = {name for name, _ in params} | set(_httpx.URL(options.url or "").params)
    for name, value in (default_query or {}).items():
        if name not in given and not isinstance(value, NotGiven) and value is not None:
            params.extend(serialize_query(name, value, "form", True))
    if options.url is not None:  # httpx would replace the URL's query with `params`: merge them
        url = str(_httpx.URL(options.url).copy_merge_params(params))
        params = []
    else:
        url = base_url + fill_path(options.path, path_params, options.styles)
        whole = options.querystring.text() if options.querystring is not None else None
        if whole:  # written as it is, then the other parameters (an API key, extra_query)
            url += "?" + "&".join([whole, *([str(_httpx.QueryParams(params))] if params else [])])
            params = []
    chosen_timeout = timeout if isinstance(options.timeout, NotGiven) else options.timeout
    content: dict[str, _t.Any] = {}
    if not isinstance(options.body, NotGiven):
        if options.body_kind == "multipart" and options.boundary is None:
            options = dataclasses.replace(options, boundary=_uuid.uuid4().hex)
        content = encode_body(options.body, options.body_kind, options.encoding, boundary=options.boundary)
        _content_type(out_headers, options)
    if cookies:  # one Cookie header, so a client-level cookie jar cannot duplicate it
        out_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return client.build_request(
        options.method, url, params=params or None, headers=out_headers, timeout=chosen_timeout, **content
    )


def _content_type(headers: dict[str, str], options: RequestOptions) -> None:
    """The body's Content-Type: the declared media type, parameters included, unless the
    caller's extra headers set one; a multipart body's is always the declared multipart type
    (`multipart/form-data`, `multipart/mixed`, ...) naming its own boundary (the one its parts
    are written with)."""
    given = [k for k in headers if k.lower() == "content-type"]
    if options.body_kind == "multipart":
        for key in given:
            del headers[key]
        headers["Content-Type"] = f"{options.media_type}; boundary={options.boundary}"
    elif not given and options.body_kind == "binary" and "*" in options.media_type:
        file = options.body if isinstance(options.body, UploadFile) else UploadFile(None, b"")
        headers["Content-Type"] = content_type(file, (options.media_type,))  # `image/*`: the file's own
    elif not given:
        headers["Content-Type"] = options.media_type


def fill_path(template: str, values: Mapping[str, object], styles: Mapping[str, tuple[str, bool]]) -> str:
    """The template, each `{name}` replaced by its serialized, percent-encoded value, so that
    no value can change the path's segments, query or fragment. A `ValueError` for an empty
    value, and for values that make a segment `.` or `..` (`%2E` or `%2e` for a dot): httpx
    resolves a dot segment away, and servers and proxies that normalize URLs resolve the
    percent-encoded form, so no encoding of such a value keeps the route.
    """
    path = template
    for name, value in values.items():
        style, explode = styles.get(name, ("simple", False))
        text = serialize_path(name, value, style, explode)
        if text in ("", serialize_path(name, "", style, explode)):  # "", "." (label), ";name=" (matrix)
            raise ValueError(f"path parameter {name!r} must not be empty")
        path = path.replace("{" + name + "}", text)
    for declared, filled in zip(template.split("/"), path.split("/"), strict=True):
        if filled != declared and filled.lower().replace("%2e", ".") in ("", ".", ".."):
            raise ValueError(
                f"path parameters must not make the segment {declared!r} the dot segment {filled!r},"
                " which would change the route"
            )
    return path


def replayable(options: RequestOptions) -> RequestOptions:
    """The request with its files read, once (I/O: a path is opened, a file object read where
    it stands): every attempt of a retried upload then sends the same bytes (a file object
    would be spent by the first). A form or multipart body becomes its properties (a model's by
    wire name). Its path parameters are checked here, so a value that would change the route is
    refused before any request (an OAuth 2 token request included).
    """
    if options.url is None:
        fill_path(options.path, options.path_params, options.styles)
    if options.extra_body:
        merged = merge_extra_body(options.body, options.body_kind, options.extra_body)
        options = dataclasses.replace(options, body=merged, extra_body=None)
    body = options.body
    if isinstance(body, NotGiven) or options.body_kind == "json":
        return options
    if options.body_kind in ("form", "multipart"):
        body = read_files(body_fields(body, options.body_kind))
    elif options.body_kind in ("json_lines", "json_seq") and isinstance(body, _t.Iterator):
        body = list(body)  # an iterator of items, read once: every attempt sends them all
    elif is_file_content(body) or is_file_tuple(body):
        body = read_file(body)
    # A multipart boundary nobody can guess (never one from the spec), the same for every
    # attempt: file content cannot end a part or add one.
    boundary = _uuid.uuid4().hex if options.body_kind == "multipart" else None
    return dataclasses.replace(options, body=body, boundary=boundary)


def new_idempotency_key() -> str:
    """One key per logical request, sent with every attempt so the server can de-duplicate."""
    return f"sdk-{_uuid.uuid4()}"
