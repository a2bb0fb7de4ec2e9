"""Streamed responses: `client.with_streaming_response.<group>.<method>(...)` is a context manager.

    with client.with_streaming_response.files.get("f1") as response:
        for line in response.iter_lines():
            ...

Entering it sends the request as the method would (same retries, same errors: a status error
is raised on entering, after the retries, with its body read) and hands back a
`StreamedResponse` whose body has not been read: iterate it (`iter_bytes`, `iter_text`,
`iter_lines`), or read it whole (`read`, `text`, `json`, `parse` — the method's own result,
typed). Leaving the block closes the response, read or not. The async twin is the same with
`async with`, `async for` and `await`.

It rides on the raw-response machinery (`_raw.py`): the call runs inside a raw call state that
also asks the transport to leave the body unread (`_raw.streaming`), and the method's parse is
put off until `parse()`. A method whose result is not its parsed body (a list's first page, a
call without a body) reads its body before returning, as it always does; its response is
already read, and iterating it gives the bytes that were read.
"""

from __future__ import annotations

import functools
import json
import typing as _t

import httpx2 as _httpx

from . import _raw
from .errors import ResponseValidationError

P = _t.ParamSpec("P")
R = _t.TypeVar("R")


class _Result(_t.Generic[R]):
    """How `parse()` gets the method's result: a put-off parse, the result itself, or an error."""

    __slots__ = ("error", "run", "value")

    def __init__(self, result: object = None, error: ResponseValidationError | None = None) -> None:
        self.run = result.run if isinstance(result, _raw.Deferred) else None
        self.value = None if self.run is not None else result
        self.error = error

    def get(self) -> R:
        if self.error is not None:
            raise self.error
        return _t.cast(R, self.run() if self.run is not None else self.value)


def _start(call: _raw._Call, result: object) -> tuple[_httpx.Response, _Result[_t.Any]]:
    return call.responses[-1], _Result(result)


def _failed(call: _raw._Call, error: ResponseValidationError) -> tuple[_httpx.Response, _Result[_t.Any]]:
    """A strict client's body that did not validate when the method read it: `parse()` raises."""
    if not call.responses or error.response is not call.responses[-1]:
        raise error
    return error.response, _Result(error=error)


class _Common(_raw.ResponseView, _t.Generic[R]):
    __slots__ = ("_parsed", "_result")

    def __init__(self, http_response: _httpx.Response, result: _Result[R]) -> None:
        super().__init__(http_response)
        self._result = result
        self._parsed: tuple[R] | None = None

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    def _parse_read(self) -> R:
        """The parse, once the body is read."""
        if self._parsed is None:
            self._parsed = (self._result.get(),)
        return self._parsed[0]


class StreamedResponse(_Common[R]):
    """The response of a `with_streaming_response` call, its body read as you ask for it."""

    __slots__ = ()

    def iter_bytes(self, chunk_size: int | None = None) -> _t.Iterator[bytes]:
        """The body's bytes as they arrive (decompressed)."""
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> _t.Iterator[str]:
        """The body as text as it arrives, decoded by the response's charset."""
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> _t.Iterator[str]:
        """The body's lines as they arrive, without their line endings."""
        return self.http_response.iter_lines()

    def read(self) -> bytes:
        """The whole body (read once; later calls return the same bytes)."""
        return self.http_response.read()

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> object:
        return json.loads(self.read())

    def parse(self) -> R:
        """The body read and decoded as the method returns it (later calls return the same
        value). A strict client raises `ResponseValidationError` here for a body that does
        not match its schema."""
        self.read()
        return self._parse_read()

    def close(self) -> None:
        self.http_response.close()


class AsyncStreamedResponse(_Common[R]):
    """`StreamedResponse` of an async client: `async for` and `await`."""

    __slots__ = ()

    def iter_bytes(self, chunk_size: int | None = None) -> _t.AsyncIterator[bytes]:
        """The body's bytes as they arrive (decompressed)."""
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> _t.AsyncIterator[str]:
        """The body as text as it arrives, decoded by the response's charset."""
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> _t.AsyncIterator[str]:
        """The body's lines as they arrive, without their line endings."""
        return self.http_response.aiter_lines()

    async def read(self) -> bytes:
        """The whole body (read once; later calls return the same bytes)."""
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> object:
        return json.loads(await self.read())

    async def parse(self) -> R:
        """`StreamedResponse.parse`, awaited."""
        await self.read()
        return self._parse_read()

    async def close(self) -> None:
        await self.http_response.aclose()


class StreamedCall(_t.Generic[R]):
    """`with ... as response:` sends the request on entering and closes the response on leaving."""

    __slots__ = ("_response", "_send")

    def __init__(self, send: _t.Callable[[], StreamedResponse[R]]) -> None:
        self._send = send
        self._response: StreamedResponse[R] | None = None

    def __enter__(self) -> StreamedResponse[R]:
        self._response = self._send()
        return self._response

    def __exit__(self, *exc_info: object) -> None:
        if self._response is not None:
            self._response.close()


class AsyncStreamedCall(_t.Generic[R]):
    """`async with ... as response:` sends the request on entering and closes the response on leaving."""

    __slots__ = ("_response", "_send")

    def __init__(self, send: _t.Callable[[], _t.Awaitable[AsyncStreamedResponse[R]]]) -> None:
        self._send = send
        self._response: AsyncStreamedResponse[R] | None = None

    async def __aenter__(self) -> AsyncStreamedResponse[R]:
        self._response = await self._send()
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await self._response.close()


def wrap(method: _t.Callable[P, R], *, lazy: bool = False) -> _t.Callable[P, StreamedCall[R]]:
    """`method` as a `StreamedCall`; `lazy`: its result is its parsed body, and the body is
    left unread until asked for."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> StreamedCall[R]:
        def send() -> StreamedResponse[R]:
            state = _raw._Call(defer=lazy, stream=lazy)
            token = _raw._CALL.set(state)
            try:
                started = _start(state, method(*args, **kwargs))
            except ResponseValidationError as error:
                started = _failed(state, error)
            finally:
                _raw._CALL.reset(token)
            return StreamedResponse(*started)

        return StreamedCall(send)

    return call


def async_wrap(method: _t.Callable[P, _t.Awaitable[R]], *, lazy: bool = False) -> _t.Callable[P, AsyncStreamedCall[R]]:
    """`wrap` for an async method."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> AsyncStreamedCall[R]:
        async def send() -> AsyncStreamedResponse[R]:
            state = _raw._Call(defer=lazy, stream=lazy)
            token = _raw._CALL.set(state)
            try:
                started = _start(state, await method(*args, **kwargs))
            except ResponseValidationError as error:
                started = _failed(state, error)
            finally:
                _raw._CALL.reset(token)
            return AsyncStreamedResponse(*started)

        return AsyncStreamedCall(send)

    return call
