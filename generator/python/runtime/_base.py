"""The part of the client that does no I/O: configuration, retry decisions, error mapping.

The sync and async send loops in `_transport.py` call into `BaseClient`; everything here is
plain computation, so it is tested without a network and shared by both loops. The work is
split by concern, and every name generated code reaches as `_base.<name>` is re-exported here
(`__all__`):

    _request.py     RequestOptions → httpx.Request: URL, path, query, headers, cookies, body
    _serialize.py   values → wire: JSON data, parameter styles, NOT_GIVEN
    _bodies.py      request bodies: JSON, binary, text, form and multipart per `encoding`
    _files.py       files to upload: bytes, paths, file objects, (filename, content, ...) tuples
    _decode.py      response bodies → values: parse, decode, Content
    _lenient.py     bodies that do not match their schema, read as far as they validate
    _base.py        BaseClient (retries and backoff, error mapping), servers, the environment
    _auth.py        credentials, and the origins they may go to
    _redact.py      secrets kept out of log lines, error messages and reprs
    _logs.py        `<ENV_PREFIX>_LOG=info|debug`: each request and response logged, redacted
    _request_id.py  the response's request id, on errors, models, pages and raw responses
    _generic.py     `client.get/post/...(path, cast_to=...)` for endpoints the spec lacks
    _streamed.py    `with_streaming_response`: responses whose body is read as it is asked for

This module is the same in every SDK: the logger is named after the package this module is in,
and the User-Agent (`<package>/<version> (openapi-sdkgen)`) reads the version from the package's
`__version__`, which its generated `__init__.py` sets before any client can be built.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import logging
import os
import random
import sys
import typing as _t
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx2 as _httpx
import pydantic as _p

from . import _decode, _lenient, _request
from ._auth import Credentials, Origins
from ._bodies import Part, encode_body
from ._body_check import request_body
from ._decode import Content, decode, parse, parse_data
from ._files import FileContent, FileTypes
from ._model_base import discriminate
from ._redact import Redactor, watch
from ._request import IDEMPOTENCY_HEADER, QueryString, RequestOptions, Timeout, new_idempotency_key
from ._serialize import (
    NOT_GIVEN,
    NotGiven,
    jsonable,
    param_text,
    serialize_path,
    serialize_query,
    serialize_simple,
)
from .errors import status_error

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "IDEMPOTENCY_HEADER",
    "NOT_GIVEN",
    "BaseClient",
    "Content",
    "FileContent",
    "FileTypes",
    "NotGiven",
    "Part",
    "QueryString",
    "RequestOptions",
    "Server",
    "Timeout",
    "decode",
    "discriminate",
    "encode_body",
    "env",
    "jsonable",
    "log",
    "new_idempotency_key",
    "param_text",
    "parse",
    "parse_data",
    "request_body",
    "select_server",
    "serialize_path",
    "serialize_query",
    "serialize_simple",
    "user_agent",
]

_PACKAGE = __name__.rpartition(".")[0]  # the SDK's package, wherever it is imported from

log = logging.getLogger(_PACKAGE)

DEFAULT_TIMEOUT = _httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
RETRY_STATUSES = frozenset({408, 409, 429}) | frozenset(range(500, 600))


def user_agent() -> str:
    """`<package>/<version> (openapi-sdkgen)`, the version being the package's `__version__`."""
    version = getattr(sys.modules.get(_PACKAGE), "__version__", "unknown")
    return f"{_PACKAGE.rpartition('.')[2]}/{version} (openapi-sdkgen)"


@dataclass(frozen=True, slots=True)
class Server:
    """A server of the spec: a URL template and its variables (name → default, allowed values)."""

    url: str
    description: str = ""
    variables: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    def resolve(self, values: Mapping[str, str] | None = None) -> str:
        """The URL with every `{variable}` filled: the given value, else the default."""
        values = dict(values or {})
        unknown = sorted(set(values) - set(self.variables))
        if unknown:
            raise ValueError(f"unknown server variable(s) {unknown}; this server has {sorted(self.variables)}")
        url = self.url
        for name, (default, allowed) in self.variables.items():
            value = values.get(name, default)
            if allowed and value not in allowed:
                raise ValueError(f"server variable {name!r} must be one of {list(allowed)}, not {value!r}")
            url = url.replace("{" + name + "}", value)
        return url

    def variants(self) -> list[str]:
        """The URL with the defaults, then with each allowed value of each variable in turn."""
        defaults = {name: default for name, (default, _) in self.variables.items()}
        out = [_fill(self.url, defaults)]
        for name, (default, allowed) in self.variables.items():
            out += [_fill(self.url, {**defaults, name: value}) for value in allowed if value != default]
        return out


def _fill(url: str, values: Mapping[str, str]) -> str:
    for name, value in values.items():
        url = url.replace("{" + name + "}", value)
    return url


def select_server(servers: _t.Sequence[Server], server: int, variables: Mapping[str, str] | None) -> str | None:
    """The URL of `servers[server]` with `variables` filled in, or None without servers."""
    if not servers:
        if variables:
            raise ValueError("server_variables given, but the spec lists no servers")
        return None
    if not 0 <= server < len(servers):
        raise ValueError(f"server must be an index from 0 to {len(servers) - 1}, not {server}")
    url = servers[server].resolve(variables)
    if not url.lower().startswith(("http://", "https://")):
        if "://" not in url and not url.startswith("//"):
            raise ValueError(f"server {server} is the relative URL {url!r}: pass base_url=")
        raise ValueError(f"server {server} with these server_variables is not an http(s) URL")
    return url


def env(name: str) -> str | None:
    """An environment variable; an empty one is a missing one."""
    value = os.environ.get(name)
    return value if value else None


def _check_base_url(url: str) -> None:
    """A `ValueError` now for a base URL no request could be sent to (the URL is not shown:
    it may carry user info)."""
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port
        _httpx.URL(url)
    except (ValueError, _httpx.InvalidURL) as exc:
        raise ValueError(f"base_url is not a valid URL: {exc}") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError("base_url must be an absolute http:// or https:// URL, such as 'https://api.example.com'")


class BaseClient:
    """Configuration and every decision that needs no I/O."""

    def __init__(
        self,
        *,
        base_url: str,
        operation_servers: bool,
        globals_: Mapping[str, tuple[str, object]],
        credentials: Credentials,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        servers: _t.Sequence[Server] = (),
        allow_credentials_to: _t.Iterable[str] = (),
        strict_response_validation: bool = False,
        default_query: Mapping[str, object] | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        _check_base_url(base_url)
        self.base_url = base_url.rstrip("/")
        self.operation_servers = operation_servers  # the base URL came from the spec, not the caller
        self._globals = dict(globals_)
        self.credentials = credentials
        self.timeout = timeout
        self.max_retries = max_retries
        self.strict_response_validation = strict_response_validation
        self._default_headers = dict(default_headers or {})
        self._default_query = dict(default_query or {})  # sent, like default headers, to trusted origins only
        self._http_headers: list[str] = []  # the caller's http_client's headers (names)
        self._http_auth = False  # the caller's http_client authenticates by itself (`auth=`)
        self.user_agent = user_agent()
        self.origins = Origins([self.base_url, *(url for s in servers for url in s.variants())], allow_credentials_to)
        self.redactor = Redactor(query=credentials.query_names(), secrets=self._secrets)
        watch(self.redactor, _PACKAGE, _httpx.__name__)

    def __repr__(self) -> str:
        return f"BaseClient(base_url={self.redactor.url(self.base_url)!r}, credentials={self.credentials!r})"

    def _secrets(self) -> list[str]:
        """The values the redactor hides: the credentials' and the base URL's user info."""
        base = urllib.parse.urlsplit(self.base_url)
        userinfo = base.netloc.rpartition("@")[0]
        found = [userinfo, urllib.parse.unquote(userinfo)] if userinfo else []
        if base.password:
            found.append(base.password)
        return found + self.credentials.secrets()

    # ------------------------------------------------------------------ building
    def build_request(self, client: _httpx.Client | _httpx.AsyncClient, options: RequestOptions) -> _httpx.Request:
        """The request of one attempt. On an untrusted origin (`trusts`) it carries no
        credentials, no global parameters but path ones, no default headers or query; global
        parameters go only with the operations that declare them.
        """
        trusted = self.trusts(options)
        if not trusted:
            base = self.redactor.url(options.url or self.base_for(options))
            log.debug("%s is not on a trusted origin: sent without credentials (see allow_credentials_to)", base)
        globals_ = {
            wire: (location, value)
            for wire, (location, value) in self._globals.items()
            if wire in options.globals and (trusted or location == "path")
        }
        credentials = self.credentials if trusted else Credentials(self.credentials.schemes, {})
        default_headers = self._default_headers if trusted else {}
        return _request.build_request(
            client,
            options,
            base_url=self.base_for(options),
            headers={"User-Agent": self.user_agent, **default_headers},
            globals_=globals_,
            credentials=credentials,
            timeout=self.timeout,
            default_query=self._default_query if trusted else None,
        )

    def trusts(self, options: RequestOptions) -> bool:
        """Whether the request goes to an origin that may see the client's credentials."""
        return self.origins.trusts(options.url if options.url is not None else self.base_for(options))

    def chosen(self, options: RequestOptions) -> tuple[str, ...]:
        """The security schemes whose credentials the request carries; none off the trusted
        origins. `CredentialsError` when the operation needs a credential the client
        lacks."""

        def given(values: Mapping[str, object] | None) -> list[str]:
            return [k for k, v in (values or {}).items() if v is not None and not isinstance(v, NotGiven)]

        if not self._http_auth:
            self.credentials.require(
                options.security,
                f"{options.method} {options.path} needs a credential this client was not given",
                headers=[
                    *self._default_headers,
                    *self._http_headers,
                    *given(options.headers),
                    *given(options.extra_headers),
                ],
                query=[*given(options.query), *given(options.extra_query), *given(self._default_query)],
            )
        return self.credentials.choose(options.security) if self.trusts(options) else ()

    def require_credentials(
        self,
        alternatives: _t.Sequence[tuple[str, ...]],
        client: str,
        http: _httpx.Client | _httpx.AsyncClient | None,
    ) -> None:
        """At construction: `CredentialsError` unless the client holds the credentials of one
        of `alternatives` (every operation needs one of them), or its default headers or the
        caller's `http` client carry one (in a header, or by its own `auth=`)."""
        if http is not None:
            self._http_headers = list(http.headers)
            self._http_auth = http.auth is not None
        if not self._http_auth:
            headers = [*self._default_headers, *self._http_headers]
            self.credentials.require(alternatives, f"{client} needs credentials", headers=headers)

    def base_for(self, options: RequestOptions) -> str:
        """The operation's own server when the spec gives one and the caller chose no base URL."""
        if options.servers and self.operation_servers:
            return options.servers[0].rstrip("/")
        return self.base_url

    @staticmethod
    def replayable(options: RequestOptions) -> RequestOptions:
        """`options` with file objects read once, so every attempt sends the same bytes."""
        return _request.replayable(options)

    # ------------------------------------------------------------------ retries
    def retries_for(self, options: RequestOptions) -> int:
        return self.max_retries if isinstance(options.max_retries, NotGiven) else options.max_retries

    @staticmethod
    def should_retry(response: _httpx.Response) -> bool:
        """408, 409, 429 and 5xx are retried, unless the server says otherwise."""
        override: str | None = response.headers.get("x-should-retry")
        if override in ("true", "false"):
            return override == "true"
        status: int = response.status_code
        return status in RETRY_STATUSES

    @staticmethod
    def retry_delay(attempt: int, response: _httpx.Response | None) -> float:
        """Seconds to wait before retry number `attempt` (1-based).

        `retry-after-ms` or `Retry-After` (seconds or an HTTP date) is obeyed up to
        MAX_RETRY_AFTER; otherwise capped exponential backoff with up to 25% jitter off.
        """
        if response is not None:
            after = _retry_after(response.headers)
            if after is not None and 0 <= after <= MAX_RETRY_AFTER:
                return after
        delay: float = min(INITIAL_RETRY_DELAY * 2.0 ** (attempt - 1), MAX_RETRY_DELAY)
        return delay * (1 - 0.25 * random.random())

    # ------------------------------------------------------------------ responses
    def received(self, response: _httpx.Response) -> None:
        """Called by the transport with each response: a strict client's bodies that do not
        match their schema raise `ResponseValidationError` when parsed."""
        if self.strict_response_validation:
            _decode.validate_strictly(response, self.redactor.text)

    @staticmethod
    def decode_body(response: _httpx.Response) -> object:
        return _decode.decode_body(response)

    def status_error(self, response: _httpx.Response, options: RequestOptions) -> Exception:
        """The typed error for a non-success response; its body decoded as the operation's
        declared error schema for that status, leniently (what does not validate kept as it
        came; a strict client's only when it validates), else as plain JSON or text: a body
        that carries none of the schema's fields is some other error's (a gateway's, a proxy's).
        """
        body = self.decode_body(response)
        status = str(response.status_code)
        declared = options.error_types
        type_ = declared.get(status, declared.get(status[0] + "XX", declared.get("default")))
        if type_ is not None and not isinstance(body, str):
            if not self.strict_response_validation:
                typed = _lenient.construct(type_, body)
                if not isinstance(typed, _p.BaseModel) or typed.model_fields_set or not type(typed).model_fields:
                    body = typed
            else:
                try:
                    body = _decode.from_wire_data(type_, body)
                except _p.ValidationError:
                    log.debug("the %s body does not match its declared schema; kept as JSON", status)
        return status_error(response, body, redact=self.redactor.text)


def _retry_after(headers: _httpx.Headers) -> float | None:
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when: _dt.datetime = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    seconds: float = (when - _dt.datetime.now(_dt.UTC)).total_seconds()
    return seconds
