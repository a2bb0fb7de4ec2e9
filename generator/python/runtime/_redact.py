"""Secrets kept out of log lines, error messages and reprs.

A `Redactor` knows the names that carry credentials — `Authorization`, `Proxy-Authorization`,
`Cookie`, `Set-Cookie`, and the header, query and cookie names of the spec's API-key schemes —
and the secret values the client holds (API keys, passwords, tokens, fetched OAuth 2 tokens, the
password of a base URL), read when it redacts, so a token fetched later is covered too. A URL
loses its user info and the values of credential query parameters; any text loses every known
secret value, as given and percent-encoded. Values shorter than `MIN_SECRET` characters are
matched by name only: replacing every `k` of a message would hide the message, not a secret.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable, Mapping

REDACTED = "[redacted]"
MIN_SECRET = 4
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


class Redactor:
    def __init__(
        self,
        *,
        headers: Iterable[str] = (),
        query: Iterable[str] = (),
        secrets: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        self.headers = CREDENTIAL_HEADERS | {name.lower() for name in headers}
        self.query = frozenset(query)
        self._secrets = secrets

    def __repr__(self) -> str:
        return f"Redactor(headers={sorted(self.headers)}, query={sorted(self.query)})"

    def values(self) -> list[str]:
        """The secret values to hide, longest first (so a longer one is hidden whole)."""
        found: set[str] = set()
        for value in self._secrets():
            if len(value) >= MIN_SECRET:
                found |= {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value, safe="")}
        return sorted(found, key=lambda v: (-len(v), v))

    def text(self, text: object) -> str:
        """`text` with every known secret value replaced."""
        out = str(text)
        for value in self.values():
            out = out.replace(value, REDACTED)
        return out

    def url(self, url: object) -> str:
        """The URL without user info and with the values of credential query parameters hidden."""
        text = str(url)
        try:
            parts = urllib.parse.urlsplit(text)
        except ValueError:
            return self.text(text)
        netloc = parts.netloc
        if "@" in netloc:
            netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
        query = "&".join(self._query_pair(pair) for pair in parts.query.split("&")) if parts.query else ""
        return self.text(urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)))

    def header_map(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Headers with the values of credential headers hidden."""
        return {k: REDACTED if k.lower() in self.headers else self.text(v) for k, v in headers.items()}

    def _query_pair(self, pair: str) -> str:
        name, sep, _ = pair.partition("=")
        if sep and urllib.parse.unquote_plus(name) in self.query:
            return f"{name}={REDACTED}"
        return pair
