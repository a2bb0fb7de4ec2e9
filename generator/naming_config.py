"""The config's naming levers, checked: `method_names`, `groups` and `strip_path_prefix` of
`[tool.sdkgen.sdk]` (what they do: `resource_shape`). A bad entry is one `BadInput` line.

    strip_path_prefix = "/v1"
    [tool.sdkgen.sdk.method_names]
    runApiStart = "start"                              # by operationId
    "POST /v1/charges/{charge}/capture" = "capture"    # by HTTP method and path
    [tool.sdkgen.sdk.groups]
    "Balance Lookups" = "accounts"                     # a tag
    "/v1/test_helpers" = "testing"                     # a path prefix
"""

from __future__ import annotations

import re

from generator.diagnostics import BadInput
from generator.http_methods import TOKEN
from generator.resource_shape import HTTP_METHODS
from generator.words import split_words

_SPACED = re.compile(r"^(\S+)\s+(\S.*)$")


def read_method_names(value: object, where: str) -> dict[str, str]:
    """operationId or `"METHOD /path"` → method name; the method upper-cased (an
    `additionalOperations` method, such as `COPY`, as written)."""
    if not isinstance(value, dict):
        raise BadInput(where, 'method_names must be a table of operationId (or "METHOD /path") = name')
    out: dict[str, str] = {}
    for key, name in value.items():
        spaced = _SPACED.match(key)
        if spaced:
            method, path = spaced.groups()
            if not (method.lower() in HTTP_METHODS or TOKEN.match(method)) or not path.startswith("/"):
                raise BadInput(
                    where,
                    f'method_names key {key!r} must be an operationId or an HTTP method and a path ("GET /users")',
                )
            key = f"{method.upper() if method.lower() in HTTP_METHODS else method} {path}"
        if not isinstance(name, str) or not split_words(name) or "." in name:
            raise BadInput(where, f"method_names value for {key!r} must be a method name, not {name!r}")
        out[key] = name
    return out


def read_groups(value: object, where: str) -> dict[str, str]:
    """A tag, or a path prefix (`/v1/test_helpers`), → a dotted group (`testing.helpers`)."""
    if not isinstance(value, dict):
        raise BadInput(where, 'groups must be a table of tag (or "/path/prefix") = "dotted.group"')
    out: dict[str, str] = {}
    for key, group in value.items():
        if not key.strip():
            raise BadInput(where, 'groups has an empty key: name a tag or a path prefix ("/v1/customers")')
        if key.startswith("/") and "{" in key:
            raise BadInput(where, f"groups key {key!r}: a path prefix of static segments only, no {{parameter}}")
        parts = group.split(".") if isinstance(group, str) else []
        if not parts or not all(split_words(p) for p in parts):
            raise BadInput(
                where, f'groups value for {key!r} must be a dotted group name ("accounts.people"), not {group!r}'
            )
        out[key.rstrip("/") if key.startswith("/") and key != "/" else key] = group
    return out


def read_path_prefix(value: object, where: str) -> str:
    if value == "":
        return ""
    if not isinstance(value, str) or not value.startswith("/") or "{" in value or value.strip("/") == "":
        raise BadInput(where, f'strip_path_prefix must be a path prefix such as "/v1", not {value!r}')
    return value.rstrip("/")
