"""The request id a server gives each response, for support tickets and log searches.

Read from the first of `REQUEST_ID_HEADERS` the response carries (names in any case): the
common `x-request-id`, then the names of the big APIs that use their own. It is shown on every
`APIStatusError` (`.request_id`, and in the message), on `RawResponse.request_id`, on page
objects (`page._request_id`) and on the top-level model a call returns (`model._request_id`, as
openai-python names it): a slot, not a pydantic field or private attribute, so it is never dumped,
compared (`==`) or copied (`model_copy`), and a nested model has none.
"""

from __future__ import annotations

import typing as _t
from collections.abc import Mapping

from ._model_base import SDKModel

REQUEST_ID_HEADERS: tuple[str, ...] = (
    "x-request-id",  # the common one (OpenAI, Anthropic, many gateways)
    "request-id",  # Stripe
    "x-github-request-id",  # GitHub
    "x-amzn-requestid",  # AWS API Gateway, Lambda
    "x-amz-request-id",  # Amazon S3
    "x-ms-request-id",  # Azure
    "apim-request-id",  # Azure API Management
)
"""Where the request id is looked for, in this order."""


def request_id(headers: Mapping[str, str]) -> str | None:
    """The first request id header's value, or None (`headers` compare names in any case, as
    `httpx.Headers` do)."""
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return value
    return None


T = _t.TypeVar("T")


def attach(value: T, headers: Mapping[str, str]) -> T:
    """`value`, given the response's request id when it is a model (its `_request_id`)."""
    if isinstance(value, SDKModel):
        object.__setattr__(value, "_sdk_request_id", request_id(headers))
    return value
