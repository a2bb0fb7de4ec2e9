"""Errors raised by this SDK.

    SDKError
    ├── APIConnectionError          the request did not get a response
    │   └── APITimeoutError         ... because a timeout expired
    ├── PaginationError             a server that would make a pager loop forever
    ├── PollingTimeoutError         work still in progress after poll_timeout
    └── APIStatusError              the server answered with a non-success status
        ├── BadRequestError              400
        ├── AuthenticationError          401
        ├── PermissionDeniedError        403
        ├── NotFoundError                404
        ├── ConflictError                409
        ├── UnprocessableEntityError     422
        ├── RateLimitError               429
        └── InternalServerError          5xx

`APIStatusError` carries the status code, the response headers, the decoded body and the `httpx`
response itself. The body is an instance of the error schema the operation declares for that
status (exact, then `4XX`/`5XX`, then `default`) when it matches, else the JSON data or the text.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx2 as _httpx

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "PollingTimeoutError",
    "RateLimitError",
    "SDKError",
    "UnprocessableEntityError",
]


class SDKError(Exception):
    """The base of every error this SDK raises."""


class APIConnectionError(SDKError):
    """The request could not be completed (DNS, refused or reset connection, protocol error)."""

    def __init__(self, message: str, *, request: _httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout expired."""


class PaginationError(SDKError):
    """The server sent a cursor or a page it had already sent, or a next link to another
    origin: following it would never end, or leak credentials."""


class PollingTimeoutError(SDKError):
    """The status still said in progress after `poll_timeout`; `last` is the last result read."""

    def __init__(self, message: str, *, last: object) -> None:
        super().__init__(message)
        self.last = last


class APIStatusError(SDKError):
    """The server returned a status code outside 2xx."""

    def __init__(self, message: str, *, response: _httpx.Response, body: object) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized: missing or invalid credentials."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class InternalServerError(APIStatusError):
    """A 5xx status."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error(response: _httpx.Response, body: object, *, redact: Callable[[str], str] = str) -> APIStatusError:
    """The error class for `response`'s status, with a message that includes the body; the
    message passes through `redact`, which hides the client's secrets (a server may echo them).
    """
    if response.status_code >= 500:
        cls: type[APIStatusError] = InternalServerError
    else:
        cls = STATUS_ERRORS.get(response.status_code, APIStatusError)
    message = f"{response.request.method} {response.request.url.path} → {response.status_code}: {body!r}"
    return cls(redact(message[:2000]), response=response, body=body)
