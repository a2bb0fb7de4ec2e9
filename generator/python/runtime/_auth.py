"""Credentials and how they reach a request — no I/O.

Each security scheme of the spec is a `SecurityScheme`; the client holds one credential per
scheme. An operation lists alternatives (sets of schemes); the first alternative whose
credentials are all present is applied. An empty alternative makes security optional: when no
other alternative can be met, the request goes out without credentials.

An empty credential is a missing one. Credentials fail early and say what to do: an operation
that needs a credential the client lacks raises `CredentialsError` before anything is sent
(`require`), naming the client arguments and environment variables that would provide one, and a
value that cannot go into an HTTP header (a line break, another control character, surrounding
whitespace, a non-ASCII character) is refused when the client is built.

OAuth 2 client credentials (RFC 6749 §4.4): `Credentials` asks for a token when it has none or
when the one it has expires within `TOKEN_LEEWAY` seconds; the transport sends that request and
hands the answer back to `store_token`. A 401 drops the cached token, so the next attempt
fetches a new one.

Credentials go only to trusted origins (`Origins`): the client's base URL, the spec's
document-level servers (with every value their variables allow) and the origins the caller
names in `allow_credentials_to`. An operation whose own server is on any other origin is sent
without them. No secret appears in a `repr`: the dataclasses hide their secret fields and
`Credentials` shows only which schemes have a value.
"""

from __future__ import annotations

import base64
import time
import typing as _t
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import httpx2 as _httpx

from .errors import CredentialsError, SDKError

TOKEN_LEEWAY = 30.0


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    kind: _t.Literal["api_key", "http_bearer", "http_basic", "oauth2"]
    location: _t.Literal["header", "query", "cookie"] = "header"
    name: str = ""  # apiKey: the header, query or cookie name; http: the Authorization scheme
    token_url: str = ""  # oauth2 with a client-credentials flow
    scopes: tuple[str, ...] = ()
    #: the client's arguments for it, each with its environment variable: the value (or HTTP
    #: basic's user name, then password; OAuth 2's token, then client id and secret)
    arguments: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Basic:
    username: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class OAuth2:
    """An access token given by the caller, or a client id and secret to obtain one."""

    access_token: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)


Credential = str | Basic | OAuth2 | None


def basic(username: str | None, password: str | None) -> Basic | None:
    """HTTP basic credentials when either part is given; the other is then empty. A user name
    alone is how some APIs take their key: `Authorization: Basic base64("sk_…:")`."""
    if not username and not password:
        return None
    return Basic(username or "", password or "")


def oauth2(access_token: str | None, client_id: str | None = None, client_secret: str | None = None) -> OAuth2 | None:
    """An access token, or a client id and secret to obtain one; None without either."""
    if not access_token and not (client_id and client_secret):
        return None
    return OAuth2(access_token or None, client_id or None, client_secret or None)


@dataclass(slots=True)
class _Token:
    value: str = field(repr=False)
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
        self.values = {key: value for key, value in values.items() if value is not None and value != ""}
        self.clock = clock
        self._tokens: dict[str, _Token] = {}
        for key, value in self.values.items():
            self._check_value(key, value)

    def __repr__(self) -> str:
        return f"Credentials(given={sorted(self.values)})"

    def secrets(self) -> list[str]:
        """Every secret value held: API keys, passwords, tokens (fetched ones too), and the
        encoded forms they take on the wire.
        """
        out: list[str] = [token.value for token in self._tokens.values()]
        for value in self.values.values():
            if isinstance(value, Basic):
                out += [value.password, _b64(f"{value.username}:{value.password}")]
                if not value.password:  # a user name alone is the API key (Stripe's `sk_…`)
                    out.append(value.username)
            elif isinstance(value, OAuth2):
                out += [v for v in (value.access_token, value.client_secret) if v is not None]
                if value.client_secret is not None:
                    out.append(_b64(f"{value.client_id}:{value.client_secret}"))
            elif value is not None:
                out.append(value)
        return out

    def _check_value(self, key: str, value: Credential) -> None:
        """Refuse a value that cannot be sent as it is placed: in a header (a bearer token, an
        OAuth 2 access token, an API key in a header or a cookie) it must be visible ASCII
        with inner spaces only. HTTP basic credentials are base64-encoded; a query value is
        percent-encoded: anything goes there."""
        scheme = self.schemes.get(key)
        if scheme is None or isinstance(value, Basic):
            return
        text = value.access_token if isinstance(value, OAuth2) else value
        if text is None or (scheme.kind == "api_key" and scheme.location == "query"):
            return
        if text != text.strip() or not all(" " <= c <= "~" for c in text):
            argument = scheme.arguments[0][0] if scheme.arguments else key
            raise CredentialsError(
                f"{argument} cannot be sent in an HTTP header: it has surrounding whitespace, a line break,"
                " a control character or a non-ASCII character (a key read from a file keeps its newline)"
            )

    def require(
        self,
        alternatives: Sequence[tuple[str, ...]],
        who: str,
        *,
        headers: Iterable[str] = (),
        query: Iterable[str] = (),
    ) -> None:
        """`CredentialsError` unless one of `alternatives` can be met: an empty one always is, and
        so is one that names a scheme this SDK cannot hold (its credential goes by hand). A
        scheme is met by its credential, or by the header (`headers`: names, any case) or query
        parameter (`query`) that would carry it, given by the caller."""
        if not alternatives or any(not alt or any(key not in self.schemes for key in alt) for alt in alternatives):
            return
        given_headers = {name.lower() for name in headers}
        given_query = set(query)

        def met(key: str) -> bool:
            scheme = self.schemes[key]
            if key in self.values:
                return True
            if scheme.kind != "api_key":
                return "authorization" in given_headers
            if scheme.location == "query":
                return scheme.name in given_query
            return (scheme.name if scheme.location == "header" else "cookie").lower() in given_headers

        if any(all(met(key) for key in alt) for alt in alternatives):
            return
        raise CredentialsError(f"{who}: {self.describe(alternatives)}")

    def describe(self, alternatives: Sequence[tuple[str, ...]]) -> str:
        """What the caller can do to meet one of `alternatives`, as a sentence."""
        ways = [", and ".join(self._describe(key) for key in alt) for alt in alternatives]
        return "; or ".join(dict.fromkeys(ways))

    def _describe(self, key: str) -> str:
        scheme = self.schemes[key]
        arguments = scheme.arguments or ((key, ""),)
        args = [f"{name}=" for name, _ in arguments]
        envs = [env for _, env in arguments if env]

        def way(names: list[str], variables: list[str], note: str = "") -> str:
            text = "pass " + " and ".join(names) + note
            return text + (" or set " + " and ".join(variables) if variables else "")

        if scheme.kind == "http_basic":
            return way(args[:2], envs[:2], " (either may be left out)")
        if scheme.kind == "oauth2" and len(args) == 3:
            return way(args[:1], envs[:1]) + ", or " + way(args[1:], envs[1:])
        return way(args[:1], envs[:1])

    def query_names(self) -> list[str]:
        """The query parameters that carry API keys."""
        return [s.name for s in self.schemes.values() if s.kind == "api_key" and s.location == "query"]

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
            secret = _b64(f"{value.client_id}:{value.client_secret}")
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
                headers["Authorization"] = f"Basic {_b64(f'{value.username}:{value.password}')}"
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


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode("ascii")


Origin = tuple[str, str, int]
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> Origin | None:
    """(scheme, host, port) of an absolute http(s) URL, the port made explicit; else None."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port if port is not None else _DEFAULT_PORTS[scheme]


class Origins:
    """The origins credentials, global parameters and default headers may be sent to."""

    def __init__(self, urls: Iterable[str], allowed: Iterable[str]) -> None:
        trusted = {o for url in urls if (o := origin(url)) is not None}
        for url in [allowed] if isinstance(allowed, str) else allowed:
            found = origin(url)
            if found is None:
                raise ValueError(
                    f"allow_credentials_to takes http(s) origins such as 'https://api.example.com', not {url!r}"
                )
            trusted.add(found)
        self.trusted = frozenset(trusted)

    def __repr__(self) -> str:
        return f"Origins({sorted(f'{s}://{h}:{p}' for s, h, p in self.trusted)})"

    def trusts(self, url: str) -> bool:
        """True for an absolute http(s) URL on a trusted origin."""
        return origin(url) in self.trusted
