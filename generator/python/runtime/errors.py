"""Errors raised by this SDK.

    SDKError
    ├── APIError                    a request was sent (openai-python's name; `.request_id`)
    │   ├── APIConnectionError      ... and did not get a response
    │   │   └── APITimeoutError     ... because a timeout expired
    │   ├── ResponseValidationError ... and its success body does not match its schema (strict mode)
    │   └── APIStatusError          ... and the server answered with a non-success status
    ├── CredentialsError            a credential is missing, or cannot be sent; nothing was sent
    ├── PaginationError             a server that would make a pager loop forever
    ├── PollingTimeoutError         work still in progress after poll_timeout
    └── RequestValidationError      a dict body does not match its model (nothing was sent)

    APIStatusError
        ├── BadRequestError              400
        ├── AuthenticationError          401
        ├── PermissionDeniedError        403
        ├── NotFoundError                404
        ├── ConflictError                409
        ├── UnprocessableEntityError     422
        ├── RateLimitError               429
        └── InternalServerError          5xx

`APIStatusError` carries the status code, the response headers, the decoded body, the `httpx`
response itself and the response's request id (`request_id`, also in the message; see
`_request_id.py`). The body is an instance of the error schema the operation declares for that
status (exact, then `4XX`/`5XX`, then `default`), read leniently as success bodies are (what does
not validate is kept as it came; see `_lenient.py`), else the JSON data or the text. With
`strict_response_validation=True` it is that schema's instance only when the body validates.

`ResponseValidationError` is raised only by a client built with `strict_response_validation=True`;
by default a body that does not match its schema is read leniently and nothing raises. The one
exception: a value of a JSON Lines / NDJSON / JSON text sequence stream that is not JSON at all
raises it with any client (there is nothing to read leniently as the item type).
"""

from __future__ import annotations

import typing as _t
from collections.abc import Callable

import httpx2 as _httpx

from ._request_id import request_id as _request_id

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "CredentialsError",
    "InternalServerError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "PollingTimeoutError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseValidationError",
    "SDKError",
    "UnprocessableEntityError",
]


class SDKError(Exception):
    """The base of every error this SDK raises."""


class APIError(SDKError):
    """A request was sent: no response came (`APIConnectionError`), or one that is an error
    (`APIStatusError`) or does not match its schema (`ResponseValidationError`). `request_id`
    is the response's request id, None without a response or an id."""

    request_id: str | None = None


class APIConnectionError(APIError):
    """The request could not be completed (DNS, refused or reset connection, protocol error)."""

    def __init__(self, message: str, *, request: _httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout expired."""


class CredentialsError(SDKError):
    """The client was built without the credentials every operation needs, an operation needs
    one the client lacks, or a credential cannot go into an HTTP header. Raised before any
    request is sent; the message names the arguments and environment variables to
    set."""


class PaginationError(SDKError):
    """The server sent a cursor or a page it had already sent, or a next link to another
    origin: following it would never end, or leak credentials."""


class PollingTimeoutError(SDKError):
    """The status still said in progress after `poll_timeout`; `last` is the last result read."""

    def __init__(self, message: str, *, last: object) -> None:
        super().__init__(message)
        self.last = last


class RequestValidationError(SDKError, ValueError):
    """A dict request body does not match its model: a misspelled or unknown key, a
    missing or mistyped value. Raised before anything is sent; `errors` are pydantic's.
    """

    def __init__(self, message: str, *, errors: _t.Sequence[_t.Any] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


class ResponseValidationError(APIError):
    """A response body that does not match the schema the spec declares for it, raised by a
    client built with `strict_response_validation=True`: `response` is the HTTP response, `body`
    the decoded body (JSON data, or the text when it is not JSON), `errors` pydantic's list of
    what did not validate (`loc`, `msg`, `type`, `input`)."""

    def __init__(self, message: str, *, response: _httpx.Response, body: object, errors: list[_t.Any]) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.errors = errors
        self.request_id = _request_id(response.headers)


class APIStatusError(APIError):
    """The server returned a status code outside 2xx."""

    def __init__(self, message: str, *, response: _httpx.Response, body: object) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.request_id = _request_id(response.headers)


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
    found = _request_id(response.headers)
    request_id = f" (request id {found})" if found else ""
    message = f"{response.request.method} {response.request.url.path} → {response.status_code}{request_id}: {body!r}"
    return cls(redact(message[:2000]), response=response, body=body)
