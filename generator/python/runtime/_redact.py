"""Secrets kept out of log lines, error messages and reprs.

A `Redactor` knows the query parameters that carry credentials (the spec's API-key schemes
`in: query`) and the secret values the client holds (API keys, passwords, tokens, fetched OAuth 2
tokens, the user info of its base URL), read each time it redacts, so a token fetched later is
covered too. A text (a URL, a log message, an error message) loses the user info of every URL in
it, the values of credential query parameters, and every known secret value, as given and
percent-encoded: a credential header (`Authorization`, `Cookie`, an API-key header) is never
logged, and its value is hidden wherever it appears. `watch` puts a client's redactor on the
SDK's logger and on the HTTP library's, whose INFO line shows every request URL. Values shorter
than `MIN_SECRET` characters are hidden only where their name shows (a query parameter): hiding
every `k` of a message would hide the message, not a secret.
"""

from __future__ import annotations

import logging
import re
import urllib.parse
import weakref
from collections.abc import Callable, Iterable

REDACTED = "[redacted]"
MIN_SECRET = 4


class Redactor:
    def __init__(
        self,
        *,
        query: Iterable[str] = (),
        secrets: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        self.query = frozenset(query)
        self._secrets = secrets
        names = sorted({form for name in self.query for form in (name, _quote(name), _quote(name, plus=True))})
        # `?name=value` / `&name=value` of a credential query parameter, anywhere in a text
        self._query = re.compile(f"([?&;](?:{'|'.join(map(re.escape, names))})=)[^&#\\s'\"]*") if names else None

    def __repr__(self) -> str:
        return f"Redactor(query={sorted(self.query)})"

    def values(self) -> list[str]:
        """The secret values to hide, longest first (so a longer one is hidden whole)."""
        found: set[str] = set()
        for value in self._secrets():
            if len(value) >= MIN_SECRET:
                found |= {value, _quote(value), _quote(value, plus=True)}
        return sorted(found, key=lambda v: (-len(v), v))

    def text(self, text: object) -> str:
        """`text` (a URL, a message, a repr) without user info in URLs, without the values of
        credential query parameters, and without any known secret value."""
        out = _USERINFO.sub(f"\\1{REDACTED}@", str(text))
        if self._query is not None:
            out = self._query.sub(f"\\1{REDACTED}", out)
        for value in self.values():
            out = out.replace(value, REDACTED)
        return out

    url = text  # a URL is redacted as text: user info, credential query values, secret values


class LogFilter(logging.Filter):
    """Hides the secrets of every live client in the records of a logger: the SDK's own, and the
    HTTP library's (httpx logs each request's URL at INFO, query credentials included).
    """

    def __init__(self) -> None:
        super().__init__()
        self.redactors: weakref.WeakSet[Redactor] = weakref.WeakSet()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            redactors = list(self.redactors)
            if not redactors:
                return True
            message = original = record.getMessage()
        except (TypeError, ValueError, KeyError, RuntimeError):  # a malformed record: logging reports it, later
            return True
        for redactor in redactors:
            message = redactor.text(message)
        if message != original:
            record.msg, record.args = message, ()
        return True


_FILTER = LogFilter()


def watch(redactor: Redactor, *loggers: str) -> None:
    """Redact the records of `loggers` with `redactor` (as long as it lives)."""
    _FILTER.redactors.add(redactor)
    for name in loggers:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


def _quote(text: str, *, plus: bool = False) -> str:
    return urllib.parse.quote_plus(text, safe="") if plus else urllib.parse.quote(text, safe="")


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s?#@'\"]*@")
