"""Wait for long-running work: call a read operation while its status says work is in progress.

`wait` (and `async_wait`) call `fetch` every `interval` seconds while `status(result)` is one
of `pending`, and return the first result whose status is not — a failed or canceled one too,
and one with a status the spec did not list: the caller reads its status. Waiting for the end of
`pending` rather than for listed final values means a status the API added since the spec (or
a missing one) returns at once instead of blocking until the timeout. After `timeout` seconds
still in progress they raise `PollingTimeoutError`, which carries the last result. The sleep is
the transport's, so tests replace it.
"""

from __future__ import annotations

import enum
import time
import typing as _t

from ._base import log
from .errors import PollingTimeoutError

T = _t.TypeVar("T")
V = _t.TypeVar("V")


def status_text(value: object) -> str:
    """A status as text: an enum member (known or not) by its value."""
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


def required(value: V | None, name: str) -> V:
    """The start response's id, which the poll needs."""
    if value is None:
        raise ValueError(f"the start response has no {name!r}; cannot poll for the result")
    return value


def wait(
    fetch: _t.Callable[[], T],
    status: _t.Callable[[T], object],
    pending: frozenset[str],
    *,
    interval: float,
    timeout: float,
    sleep: _t.Callable[[float], None],
    clock: _t.Callable[[], float] = time.monotonic,
) -> T:
    if interval < 0 or timeout < 0:
        raise ValueError("poll_interval and poll_timeout must be >= 0")
    started, waited = clock(), 0.0
    while True:
        result = fetch()
        current = status_text(status(result))
        if current not in pending:
            return result
        # time passed: the clock's, or the sleeps' (a replaced sleep does not move the clock)
        if max(clock() - started, waited) + interval > timeout:
            raise PollingTimeoutError(f"status still {current!r} after {timeout}s", last=result)
        log.debug("status %r; polling again in %.2fs", current, interval)
        sleep(interval)
        waited += interval


async def async_wait(
    fetch: _t.Callable[[], _t.Awaitable[T]],
    status: _t.Callable[[T], object],
    pending: frozenset[str],
    *,
    interval: float,
    timeout: float,
    sleep: _t.Callable[[float], _t.Awaitable[None]],
    clock: _t.Callable[[], float] = time.monotonic,
) -> T:
    if interval < 0 or timeout < 0:
        raise ValueError("poll_interval and poll_timeout must be >= 0")
    started, waited = clock(), 0.0
    while True:
        result = await fetch()
        current = status_text(status(result))
        if current not in pending:
            return result
        # time passed: the clock's, or the sleeps' (a replaced sleep does not move the clock)
        if max(clock() - started, waited) + interval > timeout:
            raise PollingTimeoutError(f"status still {current!r} after {timeout}s", last=result)
        log.debug("status %r; polling again in %.2fs", current, interval)
        await sleep(interval)
        waited += interval
