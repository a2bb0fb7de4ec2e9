"""Credentials and how they reach a request — no I/O.

Each security scheme of the spec is a `SecurityScheme`; the client holds one credential per
scheme. An operation lists alternatives (sets of schemes); the first alternative whose
credentials are all present is applied. An empty alternative makes security optional: when no
other alternative can be met, the request goes out without credentials.

OAuth 2 client credentials (RFC 6749 §4.4): `Credentials` asks for a token when it has none or
when the one it has expires within `TOKEN_LEEWAY` seconds; the transport sends that request and
hands the answer back to `store_token`. A 401 drops the cached token, so the next attempt
fetches a new one.
"""

from __future__ import annotations

import base64
import time
import typing as _t
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx2 as _httpx

from .errors import SDKError

TOKEN_LEEWAY = 30.0


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    kind: _t.Literal["api_key", "http_bearer", "http_basic", "oauth2"]
    location: _t.Literal["header", "query", "cookie"] = "header"
    name: str = ""  # apiKey: the header, query or cookie name; http: the Authorization scheme
    token_url: str = ""  # oauth2 with a client-credentials flow
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Basic:
    username: str
    password: str


@dataclass(frozen=True, slots=True)
class OAuth2:
    """An access token given by the caller, or a client id and secret to obtain one."""

    access_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None


Credential = str | Basic | OAuth2 | None


def basic(username: str | None, password: str | None) -> Basic | None:
    """HTTP basic credentials, when both parts are known."""
    return Basic(username, password) if username is not None and password is not None else None


def oauth2(access_token: str | None, client_id: str | None = None, client_secret: str | None = None) -> OAuth2 | None:
    if access_token is None and (client_id is None or client_secret is None):
        return None
    return OAuth2(access_token, client_id, client_secret)


@dataclass(slots=True)
class _Token:
    value: str
    expires_at: float | None


class Credentials:
    """The client's credentials by scheme key, and the OAuth 2 tokens fetched for them."""

    def __init__(
        self,
        schemes: Mapping[str, SecurityScheme],
        values: Mapping[str, Credential],
        *,
        clock: _t.Callable[[], float] = time.monotonic,
    ) -> None:
        self.schemes = dict(schemes)
        self.values = {key: value for key, value in values.items() if value is not None}
        self.clock = clock
        self._tokens: dict[str, _Token] = {}

    def choose(self, alternatives: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
        """The first alternative whose credentials are all present; () when none is."""
        for alternative in alternatives:
            if alternative and all(key in self.values for key in alternative):
                return alternative
        return ()

    # ------------------------------------------------------------------ OAuth 2 tokens
    def token_requests(self, chosen: tuple[str, ...], base_url: str) -> list[tuple[str, _httpx.Request]]:
        """The token requests to send before a request that uses `chosen`."""
        out = []
        for key in chosen:
            scheme, value = self.schemes[key], self.values[key]
            if not isinstance(value, OAuth2) or value.access_token is not None or not scheme.token_url:
                continue
            token = self._tokens.get(key)
            if token is not None and (token.expires_at is None or self.clock() < token.expires_at - TOKEN_LEEWAY):
                continue
            assert value.client_id is not None and value.client_secret is not None
            data = {"grant_type": "client_credentials"}
            if scheme.scopes:
                data["scope"] = " ".join(scheme.scopes)
            url = urllib.parse.urljoin(base_url + "/", scheme.token_url)
            secret = base64.b64encode(f"{value.client_id}:{value.client_secret}".encode()).decode("ascii")
            headers = {"Authorization": f"Basic {secret}", "Accept": "application/json"}
            out.append((key, _httpx.Request("POST", url, data=data, headers=headers)))
        return out

    def store_token(self, key: str, payload: object) -> None:
        """Keep the token of a successful token response (`access_token`, `expires_in`)."""
        fields: dict[str, object] = payload if isinstance(payload, dict) else {}
        token, expires_in = fields.get("access_token"), fields.get("expires_in")
        if not token:
            raise SDKError(f"the token endpoint of {key!r} answered without an access_token")
        expires_at = self.clock() + float(expires_in) if isinstance(expires_in, int | float) else None
        self._tokens[key] = _Token(str(token), expires_at)

    def drop_tokens(self, chosen: tuple[str, ...]) -> bool:
        """Forget fetched tokens (after a 401); True when there was one to forget."""
        dropped = [key for key in chosen if self._tokens.pop(key, None) is not None]
        return bool(dropped)

    # ------------------------------------------------------------------ applying
    def apply(
        self,
        chosen: tuple[str, ...],
        headers: dict[str, str],
        query: dict[str, object],
        cookies: dict[str, str],
    ) -> None:
        for key in chosen:
            scheme, value = self.schemes[key], self.values[key]
            if isinstance(value, Basic):
                token = base64.b64encode(f"{value.username}:{value.password}".encode()).decode("ascii")
                headers["Authorization"] = f"Basic {token}"
            elif isinstance(value, OAuth2):
                fetched = self._tokens.get(key)
                access = value.access_token or (fetched.value if fetched is not None else "")
                headers["Authorization"] = f"Bearer {access}"
            elif scheme.kind == "http_bearer":
                headers["Authorization"] = f"{scheme.name or 'Bearer'} {value}"
            elif scheme.location == "header":
                headers[scheme.name] = str(value)
            elif scheme.location == "query":
                query[scheme.name] = str(value)
            else:
                cookies[scheme.name] = str(value)
