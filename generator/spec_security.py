"""Normalize, security: an OpenAPI document's security schemes and requirements → IR.

A scheme the runtime cannot apply is not an error of the document: `security_scheme` says why,
and normalize leaves it out with a warning (its credentials can still go in `extra_headers`).
"""

from __future__ import annotations

import re
from typing import Any

from generator import ir, openapi32

TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # RFC 9110 §5.6.2, header and cookie names


def security_alternatives(raw: Any) -> tuple[tuple[str, ...], ...]:
    """A `security` list: its requirements, each the sorted keys of the schemes it asks for together
    (an empty one: no credentials needed)."""
    if not isinstance(raw, list):
        return ()
    return tuple(tuple(sorted(openapi32.scheme_key(k) for k in r)) for r in raw if isinstance(r, dict))


def security_scheme(key: str, scheme: dict[str, Any]) -> ir.SecurityScheme | str:
    """One security scheme, or why the runtime cannot apply it."""
    kind = scheme.get("type")
    description = _text(scheme.get("description"))
    if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
        name = _text(scheme.get("name"))
        if scheme["in"] != "query" and not TOKEN.match(name):
            return f"its {scheme['in']} name {name!r} is not an RFC 9110 token"
        return ir.SecurityScheme(key, "api_key", scheme["in"], name, description)
    if kind == "http":
        http_scheme = str(scheme.get("scheme", "")).lower()
        if http_scheme == "basic":
            return ir.SecurityScheme(key, "http_basic", description=description)
        if http_scheme and TOKEN.match(http_scheme):  # bearer, and schemes whose credential follows their name
            prefix = "Bearer" if http_scheme == "bearer" else str(scheme["scheme"])
            return ir.SecurityScheme(key, "http_bearer", wire_name=prefix, description=description)
        return f"HTTP scheme {scheme.get('scheme')!r} is not an RFC 9110 token"
    if kind in ("oauth2", "openIdConnect"):
        flows = _dict(scheme.get("flows"))  # any flow (3.2's deviceAuthorization too): the caller's token
        credentials = _dict(flows.get("clientCredentials"))
        token_url = _text(credentials.get("tokenUrl"))
        scopes = tuple(sorted(str(s) for s in _dict(credentials.get("scopes"))))
        return ir.SecurityScheme(key, "oauth2", description=description, token_url=token_url, scopes=scopes)
    return f"type {kind!r} is not supported"


def metadata_url(scheme: dict[str, Any]) -> str:
    return _text(scheme.get("oauth2MetadataUrl")) if scheme.get("type") == "oauth2" else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
