"""Which keys of a document are what they look like: paths, response statuses.

Every stage that reads `paths` or an operation's `responses` asks here, so an extension
(`x-internal` under `paths`, `x-foo` under `responses`) or a stray key (`parameters` under
`paths`) is never taken for a path or a response: a path starts with `/` (OpenAPI 3 §4.8.8,
Swagger 2.0 `paths`), a response is `default`, a status range (`1XX`-`5XX`) or three digits.
"""

from __future__ import annotations

import re
from typing import Any

_STATUS = re.compile(r"^(?:default|[1-5](?:XX|xx)|[0-9]{3})$")


def is_path(key: str) -> bool:
    return key.startswith("/")


def is_status(key: str) -> bool:
    return _STATUS.match(key) is not None


def path_items(paths: Any) -> list[tuple[str, Any]]:
    """The (path, path item) pairs of a `paths` object, in the document's order."""
    return [(k, v) for k, v in paths.items() if is_path(k)] if isinstance(paths, dict) else []


def statuses(responses: Any) -> list[str]:
    """The status keys of a `responses` object, in the document's order."""
    return [k for k in responses if is_status(k)] if isinstance(responses, dict) else []
