"""Raw responses: `client.with_raw_response.<group>.<method>(...)` returns a `RawResponse`.

The wrapped method runs as usual (same retries, same parsing); the transport records the HTTP
response it returned in a context variable that only the wrapper sets, so concurrent calls,
threads and tasks never see each other's responses.
"""

from __future__ import annotations

import contextvars
import functools
import typing as _t
from dataclasses import dataclass

import httpx2 as _httpx

P = _t.ParamSpec("P")
R = _t.TypeVar("R")

# `<package>_raw_response`: the name only shows in reprs
_CAPTURED: contextvars.ContextVar[list[_httpx.Response] | None] = contextvars.ContextVar(
    __name__.rpartition(".")[0] + "_raw_response", default=None
)


def capture(response: _httpx.Response) -> None:
    """Called by the transport with each response; kept only inside a raw wrapper."""
    seen = _CAPTURED.get()
    if seen is not None:
        seen.append(response)


@dataclass(frozen=True, slots=True)
class RawResponse(_t.Generic[R]):
    """The parsed result of a call together with the HTTP response it came from."""

    http_response: _httpx.Response
    parsed: R

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> _httpx.Headers:
        return self.http_response.headers

    def parse(self) -> R:
        return self.parsed


def wrap(method: _t.Callable[P, R]) -> _t.Callable[P, RawResponse[R]]:
    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        seen: list[_httpx.Response] = []
        token = _CAPTURED.set(seen)
        try:
            parsed = method(*args, **kwargs)
        finally:
            _CAPTURED.reset(token)
        return RawResponse(seen[-1], parsed)

    return call


def async_wrap(method: _t.Callable[P, _t.Awaitable[R]]) -> _t.Callable[P, _t.Awaitable[RawResponse[R]]]:
    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        seen: list[_httpx.Response] = []
        token = _CAPTURED.set(seen)
        try:
            parsed = await method(*args, **kwargs)
        finally:
            _CAPTURED.reset(token)
        return RawResponse(seen[-1], parsed)

    return call
