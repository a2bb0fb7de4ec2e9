"""Run one scenario with the sync and with the async client of a generated SDK.

`Runner(mode, client_class, async_client_class, **client_kwargs).run(action)` builds the client
of `mode`, replaces its retry sleep with a recorder, calls `action(client)` and, for the async
client, awaits what it returns; `collect` / `pages` / `drain` turn a list call's result or an event
stream (sync or async) into a list, so each test is written once for both.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

MODES = ["sync", "async"]


class Runner:
    def __init__(self, mode: str, sync_class: Any, async_class: Any, **client_kwargs: Any) -> None:
        self.mode = mode
        self.cls = sync_class if mode == "sync" else async_class
        self.kwargs = client_kwargs
        self.delays: list[float] = []

    def client(self, **overrides: Any) -> Any:
        client = self.cls(**{**self.kwargs, **overrides})
        if self.mode == "sync":
            client._transport.sleep = self.delays.append
        else:

            async def record(seconds: float) -> None:
                self.delays.append(seconds)

            client._transport.sleep = record
        return client

    def run(self, action: Callable[[Any], Any], **overrides: Any) -> Any:
        if self.mode == "sync":
            with self.client(**overrides) as client:
                return action(client)

        async def main() -> Any:
            async with self.client(**overrides) as client:
                result = action(client)
                while inspect.isawaitable(result):
                    result = await result
                return result

        return asyncio.run(main())


def collect(listing: Any) -> Any:
    """Every item of every page (a list): a sync list call's first page, or an async list
    call's result (awaitable and async-iterable), for which a coroutine of that list."""
    if hasattr(listing, "__aiter__"):

        async def items() -> list[Any]:
            return [item async for item in listing]

        return items()
    return list(listing)


def pages(listing: Any) -> Any:
    """Every page (a list) from a list call's first page on; for the async call a coroutine of
    that list (the call awaited gives the first page)."""
    if inspect.isawaitable(listing):

        async def all_pages() -> list[Any]:
            first = await listing
            return [page async for page in first.iter_pages()]

        return all_pages()
    return list(listing.iter_pages())


def drain(stream: Any) -> Any:
    """Every event of a stream; an async stream (or a coroutine giving one) is awaited first."""

    async def events() -> list[Any]:
        opened = await stream if inspect.isawaitable(stream) else stream
        async with opened:
            return [event async for event in opened]

    if inspect.isawaitable(stream) or hasattr(stream, "__aiter__"):
        return events()
    with stream:
        return list(stream)


def read(download: Any) -> Any:
    """A download's whole body; for the async client a coroutine of it."""

    async def body() -> bytes:
        opened = await download if inspect.isawaitable(download) else download
        async with opened:
            data: bytes = await opened.read()
            return data

    if inspect.isawaitable(download):
        return body()
    with download:
        data: bytes = download.read()
        return data
