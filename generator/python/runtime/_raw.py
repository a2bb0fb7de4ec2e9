"""Raw responses: `client.with_raw_response.<group>.<method>(...)` returns a `RawResponse`.

The wrapped method runs as usual (same retries, same request); the transport records the HTTP
response it returned in a context variable that only the wrapper sets, so concurrent calls,
threads and tasks never see each other's responses. The body is parsed on demand: a method
that returns its parsed body is wrapped `lazy`, and its parse (`_decode.parse` / `decode`)
hands the wrapper a `Deferred` instead of running, so `raw.parse()` parses then; other methods
(a pager reads its first page at once) parse as usual, and a `ResponseValidationError` of the
response (a strict client's) waits for `raw.parse()` too. Either way a body that does not match
its schema never fails the raw call itself.
"""

from __future__ import annotations

import contextvars
import functools
import typing as _t
from dataclasses import dataclass, field

import httpx2 as _httpx

from ._request_id import request_id
from .errors import ResponseValidationError

P = _t.ParamSpec("P")
R = _t.TypeVar("R")


@dataclass(slots=True)
class _Call:
    """One raw call: the responses the transport returned, whether its parse is put off, and
    whether the transport leaves the body unread (`with_streaming_response`)."""

    responses: list[_httpx.Response] = field(default_factory=list)
    defer: bool = False
    stream: bool = False


# `<package>_raw_response`: the name only shows in reprs
_CALL: contextvars.ContextVar[_Call | None] = contextvars.ContextVar(
    __name__.rpartition(".")[0] + "_raw_response", default=None
)


def capture(response: _httpx.Response) -> None:
    """Called by the transport with each response; kept only inside a raw wrapper."""
    call = _CALL.get()
    if call is not None:
        call.responses.append(response)


def streaming() -> bool:
    """Whether the transport should leave the body of the call's response unread."""
    call = _CALL.get()
    return call is not None and call.stream


class Deferred:
    """A parse put off by a lazy raw wrapper: `run()` parses."""

    __slots__ = ("run",)

    def __init__(self, run: _t.Callable[[], object]) -> None:
        self.run = run


def defer(run: _t.Callable[[], object]) -> Deferred | None:
    """Called by the parse functions: inside a lazy raw wrapper the (first) parse of the call is
    put off and returned as a `Deferred`; elsewhere None, and the caller parses."""
    call = _CALL.get()
    if call is None or not call.defer:
        return None
    call.defer = False
    return Deferred(run)


class ResponseView:
    """What a response wrapper shows before any parse: status, headers, request id, request
    and URL (`RawResponse` here, `StreamedResponse` in `_streamed.py`)."""

    __slots__ = ("http_response",)

    def __init__(self, http_response: _httpx.Response) -> None:
        self.http_response = http_response

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.http_response.status_code}]>"

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> _httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The response's request id (`x-request-id` and the like, see `_request_id.py`)."""
        return request_id(self.http_response.headers)

    @property
    def http_request(self) -> _httpx.Request:
        return self.http_response.request

    @property
    def url(self) -> _httpx.URL:
        return self.http_response.url


class RawResponse(ResponseView, _t.Generic[R]):
    """The HTTP response of a call, and its body parsed on demand (`parse()`)."""

    __slots__ = ("_parse", "_parsed")

    def __init__(self, http_response: _httpx.Response, parse: _t.Callable[[], R]) -> None:
        super().__init__(http_response)
        self._parse = parse
        self._parsed: tuple[R] | None = None

    def parse(self) -> R:
        """The body as the method returns it, parsed on the first call (later calls return the
        same value). A strict client raises `ResponseValidationError` here for a body that does
        not match its schema."""
        if self._parsed is None:
            self._parsed = (self._parse(),)
        return self._parsed[0]

    @property
    def parsed(self) -> R:
        """`parse()`."""
        return self.parse()


def _result(call: _Call, result: object) -> RawResponse[_t.Any]:
    if isinstance(result, Deferred):
        return RawResponse(call.responses[-1], result.run)
    return RawResponse(call.responses[-1], lambda: result)


def _failed(call: _Call, error: ResponseValidationError) -> RawResponse[_t.Any]:
    """The raw response of a call whose body did not validate: `parse()` raises the error."""
    if not call.responses or error.response is not call.responses[-1]:
        raise error

    def parse() -> _t.Any:
        raise error

    return RawResponse(error.response, parse)


def wrap(method: _t.Callable[P, R], *, lazy: bool = False) -> _t.Callable[P, RawResponse[R]]:
    """`method` returning a `RawResponse`; `lazy`: its result is its parsed body, parsed on demand."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        state = _Call(defer=lazy)
        token = _CALL.set(state)
        try:
            result: object = method(*args, **kwargs)
        except ResponseValidationError as error:
            return _failed(state, error)
        finally:
            _CALL.reset(token)
        return _result(state, result)

    return call


def async_wrap(
    method: _t.Callable[P, _t.Awaitable[R]], *, lazy: bool = False
) -> _t.Callable[P, _t.Awaitable[RawResponse[R]]]:
    """`wrap` for an async method."""

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        state = _Call(defer=lazy)
        token = _CALL.set(state)
        try:
            result: object = await method(*args, **kwargs)
        except ResponseValidationError as error:
            return _failed(state, error)
        finally:
            _CALL.reset(token)
        return _result(state, result)

    return call
