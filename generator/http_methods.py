"""HTTP methods of a path item: the fixed fields, OpenAPI 3.2's `query`, and the method tokens
of 3.2's `additionalOperations` (`COPY`, `LINK`, `PURGE`...).

An operation's method in the IR is the fixed field's name in lower case (`get`, `query`), or an
`additionalOperations` key exactly as written: HTTP methods are case-sensitive, and the key is
what is sent (OpenAPI 3.2 §4.8.9.1). A key must be an RFC 9110 method token (`1*tchar`), and not
a fixed field's method in any case (those have their own fields); otherwise it is left out with
a diagnostic, since it would reach the request line. Which methods are idempotent follows the
IANA HTTP Method Registry: a method it does not list is taken as not idempotent (it gets an
`Idempotency-Key`, as POST does).
"""

from __future__ import annotations

import re

# The Path Item's fixed fields, in the order operations are read; `query` is OpenAPI 3.2's.
FIXED = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")
# RFC 9110 §9.1: method = token; §5.6.2: token = 1*tchar.
TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
# IANA HTTP Method Registry: the methods registered as idempotent (RFC 9110 §9.2.2 and the
# WebDAV, versioning, binding, calendar and link specifications), QUERY included.
IDEMPOTENT = frozenset(
    """ACL BASELINE-CONTROL BIND CHECKIN CHECKOUT COPY DELETE GET HEAD LABEL LINK MERGE MKACTIVITY
    MKCALENDAR MKCOL MKREDIRECTREF MKWORKSPACE MOVE OPTIONS ORDERPATCH PROPFIND PROPPATCH PUT QUERY
    REBIND REPORT SEARCH TRACE UNBIND UNCHECKOUT UNLINK UNLOCK UPDATE UPDATEREDIRECTREF
    VERSION-CONTROL""".split()
)


def wire(method: str) -> str:
    """What the request line carries: a fixed field's method upper-cased, any other as written."""
    return method.upper() if method in FIXED else method


def idempotent(method: str) -> bool:
    """Whether a repeated request has the effect of one (a retry needs no `Idempotency-Key`)."""
    return wire(method) in IDEMPOTENT


def additional_problem(key: object) -> str | None:
    """Why an `additionalOperations` key cannot be an operation's method, or None."""
    if not isinstance(key, str) or not TOKEN.match(key):
        return f"{key!r} is not an HTTP method (an RFC 9110 token): the operation is left out"
    if key.lower() in FIXED:
        field = key.lower()
        return f"{key!r} has its own Path Item field (`{field}`): use that; the operation is left out"
    return None
