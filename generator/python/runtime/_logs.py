"""`<ENV_PREFIX>_LOG=info|debug`: the SDK's logging, switched on from the environment.

Standard `logging` on the logger named after the package. `configure` reads the variable when
a client is built (not when the package is imported: importing stays free of side effects, and
a variable set after the import, in a notebook or a test, still counts); other values leave
logging as the application set it. When the application has configured no logging at all, a
stderr handler is added (`logging.basicConfig`) so that the lines show.

`info` logs each attempt's request line (method and URL) and its response (status, time taken,
request id); `debug` adds the request's and the response's headers, and the transport's
decisions (retries and their delays, tokens fetched, untrusted origins). Bodies are never
logged. Every line passes through the client's redactor (`_redact.py`: credentials in URLs and
known secret values); headers that carry credentials — the spec's API-key headers and any whose
name says auth, cookie, token, key (but `Idempotency-Key`), secret, session, signature or password
— show `[redacted]` instead of their value.
"""

from __future__ import annotations

import logging
import os
import re
import time
import typing as _t
from collections.abc import Iterable

import httpx2 as _httpx

from ._redact import REDACTED
from ._request_id import request_id

if _t.TYPE_CHECKING:
    from ._base import BaseClient

log = logging.getLogger(__name__.rpartition(".")[0])

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
FORMAT = "[%(asctime)s %(name)s %(levelname)s] %(message)s"
_SECRET_NAME = re.compile(r"auth|cookie|token|key|secret|session|signature|password|credential", re.IGNORECASE)
_NOT_SECRET = frozenset({"idempotency-key"})  # names the pattern matches that carry no secret


def configure(variable: str) -> None:
    """Set the package logger's level from the environment variable `variable`
    (`debug` or `info`, any case); anything else changes nothing."""
    level = LEVELS.get((os.environ.get(variable) or "").strip().lower())
    if level is None:
        return
    log.setLevel(level)
    if not logging.getLogger().handlers and not log.handlers:
        logging.basicConfig(format=FORMAT)


def secret_headers(base: BaseClient) -> frozenset[str]:
    """The header names (lower case) whose values are never logged."""
    names = {
        s.name.lower() for s in base.credentials.schemes.values() if s.kind == "api_key" and s.location == "header"
    }
    return frozenset(names | {"authorization", "proxy-authorization", "cookie", "set-cookie"})


def headers_text(headers: Iterable[tuple[str, str]], secret: frozenset[str]) -> str:
    """`{name: value, ...}` with every credential header's value hidden."""
    return repr({name: REDACTED if _hidden(name.lower(), secret) else value for name, value in headers})


def _hidden(name: str, secret: frozenset[str]) -> bool:
    return name in secret or (_SECRET_NAME.search(name) is not None and name not in _NOT_SECRET)


def sent(request: _httpx.Request, base: BaseClient) -> float:
    """Log an attempt about to be sent; the time it starts."""
    if log.isEnabledFor(logging.INFO):
        log.info("%s %s", request.method, base.redactor.url(str(request.url)))
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "request headers: %s", base.redactor.text(headers_text(request.headers.items(), secret_headers(base)))
        )
    return time.monotonic()


def received(response: _httpx.Response, started: float, base: BaseClient) -> None:
    """Log the response of an attempt: status, time taken, request id (and headers at debug)."""
    if log.isEnabledFor(logging.INFO):
        found = request_id(response.headers)
        log.info(
            "%s %s → %d %s in %.0f ms%s",
            response.request.method,
            base.redactor.url(str(response.request.url)),
            response.status_code,
            response.reason_phrase,
            (time.monotonic() - started) * 1000,
            f" (request id {found})" if found else "",
        )
    if log.isEnabledFor(logging.DEBUG):
        text = headers_text(response.headers.items(), secret_headers(base))
        log.debug("response headers: %s", base.redactor.text(text))
