"""`client.get/post/put/patch/delete(path, cast_to=...)`: endpoints the spec lacks.

The request goes the way every generated method's goes — the client's base URL, credentials
(those the client holds; none to an origin it does not trust, so an absolute URL elsewhere gets
none), default headers and query, retries, timeouts and error mapping (`APIStatusError`
subclasses) — only the operation's own knowledge is missing: the body is JSON (`body=`, a model
or any JSON data; `extra_body=` merges into it), and the response becomes `cast_to`: a model
class (or any type pydantic validates, `list[Model]`), `object` (the decoded JSON, or the text),
`str`, `bytes`, or `httpx.Response` itself. A returned model carries its `_request_id`. POST and
PATCH requests get an `Idempotency-Key`, as generated methods do.

Per-call options are the generated methods' (`extra_headers`, `extra_query`, `extra_body`,
`timeout`, `max_retries`), as keywords or as one `options={...}` mapping (keywords win).
"""

from __future__ import annotations

import typing as _t
from collections.abc import Mapping

import httpx2 as _httpx

from ._decode import decode_body, parse
from ._request import RequestOptions, Timeout, new_idempotency_key
from ._serialize import NOT_GIVEN, NotGiven

if _t.TYPE_CHECKING:
    from ._base import BaseClient

T = _t.TypeVar("T")


class CallOptions(_t.TypedDict, total=False):
    """The per-call options of `client.get(...)` and the others (and of generated methods)."""

    extra_headers: Mapping[str, str] | None
    extra_query: Mapping[str, object] | None
    extra_body: Mapping[str, object] | None
    timeout: Timeout | NotGiven
    max_retries: int | NotGiven


_KEYS = frozenset(CallOptions.__annotations__)


def request_options(
    base: BaseClient, method: str, path: str, body: object, options: CallOptions | None, given: CallOptions
) -> RequestOptions:
    """The `RequestOptions` of a call for a path (`/things`, joined to the base URL) or an
    absolute `http(s)://` URL."""
    merged: dict[str, _t.Any] = {**(options or {}), **given}
    unknown = sorted(set(merged) - _KEYS)
    if unknown:
        raise TypeError(f"unknown option(s) {unknown}; the options are {sorted(_KEYS)}")
    absolute = path.lower().startswith(("http://", "https://"))
    return RequestOptions(
        method=method,
        path="" if absolute else "/" + path.lstrip("/"),
        url=path if absolute else None,
        body=body,
        # the credentials the client holds, the first one the origin may see; none is required
        security=(*((key,) for key in base.credentials.values), ()),
        extra_headers=merged.get("extra_headers"),
        extra_query=merged.get("extra_query"),
        extra_body=merged.get("extra_body"),
        timeout=merged.get("timeout", NOT_GIVEN),
        max_retries=merged.get("max_retries", NOT_GIVEN),
        idempotency_key=new_idempotency_key() if method in ("POST", "PATCH") else None,
    )


def cast(response: _httpx.Response, cast_to: type[T]) -> T:
    """The response as `cast_to` (see the module's doc)."""
    if cast_to is _httpx.Response:
        return _t.cast(T, response)
    if cast_to is object:
        return _t.cast(T, decode_body(response) if response.content else None)
    return _t.cast(T, parse(response, cast_to))


class SyncRequests:
    """`get`, `post`, `put`, `patch` and `delete` for the sync client."""

    _base: BaseClient
    _send: _t.Callable[[RequestOptions], _httpx.Response]  # the transport's `send`

    def _call(
        self, method: str, path: str, cast_to: type[T], body: object, options: CallOptions | None, given: CallOptions
    ) -> T:
        sent = self._send(request_options(self._base, method, path, body, options, given))
        return cast(sent, cast_to)

    def get(
        self, path: str, *, cast_to: type[T], options: CallOptions | None = None, **given: _t.Unpack[CallOptions]
    ) -> T:
        """GET `path` (joined to the base URL, or an absolute URL), the response as `cast_to`."""
        return self._call("GET", path, cast_to, NOT_GIVEN, options, given)

    def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        options: CallOptions | None = None,
        **given: _t.Unpack[CallOptions],
    ) -> T:
        """POST `body` (JSON) to `path`, the response as `cast_to`."""
        return self._call("POST", path, cast_to, body, options, given)

    def put(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        options: CallOptions | None = None,
        **given: _t.Unpack[CallOptions],
    ) -> T:
        """PUT `body` (JSON) to `path`, the response as `cast_to`."""
        return self._call("PUT", path, cast_to, body, options, given)

    def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        options: CallOptions | None = None,
        **given: _t.Unpack[CallOptions],
    ) -> T:
        """PATCH `path` with `body` (JSON), the response as `cast_to`."""
        return self._call("PATCH", path, cast_to, body, options, given)

    def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        options: CallOptions | None = None,
        **given: _t.Unpack[CallOptions],
    ) -> T:
        """DELETE `path` (with a JSON `body` if given), the response as `cast_to`."""
        return self._call("DELETE", path, cast_to, body, options, given)


class AsyncRequests:
    """`get`, `post`, `put`, `patch` and `delete` for the async client."""

    _base: BaseClient
    _send: _t.Callable[[RequestOptions], _t.Awaitable[_httpx.Response]]  # the transport's `send`

    async def _call(
        self, method: str, path: str, cast_to: type[T], body: object, options: CallOptions | None, given: CallOptions
    ) -> T:
        sent = await self._send(request_options(self._base, method, path, body, options, given))
        return cast(sent, cast_to)

    async def get(
        self, path: str, *, cast_to: type[T], options: CallOptions | None = None, **given: _t.Unpack[CallOptions]
    ) -> T:
        """GET `path` (joined to the base URL, or an absolute URL), the response as `cast_to`."""
        return await self._call("GET", path, cast_to, NOT_GIVEN, options, given)

    async def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        options: CallOptions | None = None,
        **given: _t.Unpack[CallOptions],
    ) -> T:
        """POST `body` (JSON) to `path`, the response as `cast_to`."""
        return await self._call("POST", path, cast_to, body, options, given)

    async def put(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        options: CallOptions | None = None,
        **given: _t.Unpack[CallOptions],
    ) -> T:
        """PUT `body` (JSON) to `path`, the response as `cast_to`."""
        return await self._call("PUT", path, cast_to, body, options, given)

    async def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        options: CallOptions | None = None,
        **given: _t.Unpack[CallOptions],
    ) -> T:
        """PATCH `path` with `body` (JSON), the response as `cast_to`."""
        return await self._call("PATCH", path, cast_to, body, options, given)

    async def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object = NOT_GIVEN,
        options: CallOptions | None = None,
        **given: _t.Unpack[CallOptions],
    ) -> T:
        """DELETE `path` (with a JSON `body` if given), the response as `cast_to`."""
        return await self._call("DELETE", path, cast_to, body, options, given)
