"""Servers of the document, a path item or an operation: read, checked, and compared by origin.

A server reaches the SDK only with an `http` or `https` URL (a relative URL, which OpenAPI
resolves against the document's own location, is kept): `file:`, `javascript:`, `gopher:` and
the like are left out with a warning at the server's `url`. Credentials written into a URL
(`https://user:pw@host`) are stripped from it and reported. Server variables count as well:
every value a variable may take (its default and each `enum` value) is tried in the URL; a
default that makes the URL unusable leaves the server out, an enum value that does is dropped
from the variable's choices.

The origin (scheme, host, port) of each document-level server, with each value its variables
allow, is where the SDK sends credentials. An operation or path-item server on any other origin
is reported (`cross-origin-server`): the SDK sends it no credentials and no global parameters
unless the caller allows that origin.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

from generator import ir
from generator.diagnostics import BadInput, Diagnostic, pointer_join

WEB_SCHEMES = ("http", "https")
Origin = tuple[str, str, int]
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_TEMPLATE_SCHEME = re.compile(r"[A-Za-z{][A-Za-z0-9+.{}-]*:")  # `{scheme}:` in a URL template
_DEFAULT_PORTS = {"http": 80, "https": 443}


def read_servers(raw: Any, pointer: str) -> tuple[tuple[ir.Server, ...], list[Diagnostic]]:
    """The usable servers of a `servers` list at `pointer`, and what was left out and why."""
    out: list[ir.Server] = []
    diagnostics: list[Diagnostic] = []
    for i, server in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        ptr = pointer_join(pointer, i)
        variables = tuple(
            ir.ServerVariable(
                name=name,
                default=str(_dict(v).get("default", "")),
                enum=tuple(str(e) for e in _dict(v).get("enum", []) or []),
                description=_text(_dict(v).get("description")),
            )
            for name, v in _dict(server.get("variables")).items()
        )
        text = _text(server.get("description")) or _text(server.get("name"))  # 3.2's `name`
        checked = _check(ir.Server(server["url"], text, variables), ptr, diagnostics)
        if checked is not None:
            out.append(checked)
    return tuple(out), diagnostics


def origin(url: str) -> Origin | None:
    """(scheme, host, port) of an absolute http(s) URL; None for a relative or other URL."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port if port is not None else _DEFAULT_PORTS[scheme]


def origins(servers: tuple[ir.Server, ...]) -> set[Origin]:
    """The origins of `servers` with every value their variables allow."""
    return {o for s in servers for url in _variants(s) if (o := origin(url)) is not None}


def cross_origin(
    servers: tuple[ir.Server, ...], pointer: str, trusted: set[Origin], seen: set[str]
) -> list[Diagnostic]:
    """A warning for each server of an operation (or path item) whose origin is none of the
    document servers' origins; `seen` holds pointers already reported (a path item's servers
    are shared by its operations)."""
    out = []
    for i, server in enumerate(servers):
        ptr = pointer_join(pointer, i, "url")
        found = origin(resolve(server))
        if found is None or found in trusted or ptr in seen:
            continue
        seen.add(ptr)
        where = (
            "another origin than the document's servers" if trusted else "an origin while the document lists no servers"
        )
        message = (
            f"server {server.url!r} is on {where}: the SDK sends it no credentials and no global "
            "parameters unless the caller allows its origin"
        )
        out.append(Diagnostic("warning", ptr, message, "cross-origin-server"))
    return out


def resolve(server: ir.Server, values: dict[str, str] | None = None) -> str:
    """The server's URL with its variables filled: `values`, else the defaults."""
    url = server.url
    for v in server.variables:
        url = url.replace("{" + v.name + "}", (values or {}).get(v.name, v.default))
    return url


def _variants(server: ir.Server) -> Iterator[str]:
    """The URL with the defaults, then with each enum value of each variable in turn."""
    yield resolve(server)
    for v in server.variables:
        for value in v.enum:
            if value != v.default:
                yield resolve(server, {v.name: value})


def _check(server: ir.Server, ptr: str, diagnostics: list[Diagnostic]) -> ir.Server | None:
    """The server with userinfo stripped and unusable variable values dropped, or None.
    Messages show URLs with their user info hidden: a report must not spread the password."""
    url_ptr = pointer_join(ptr, "url")
    resolved = resolve(server)
    if _problem(resolved) == "scheme":
        shown = repr(_shown(server.url))
        if resolved != server.url:
            shown += f" ({_shown(resolved)!r} with its defaults)"
        message = f"server URL {shown} is not http or https; the server is left out"
        diagnostics.append(Diagnostic("warning", url_ptr, message, "server-scheme"))
        return None
    stripped = _strip_userinfo(server.url)
    if stripped != server.url:
        message = f"server URL {_shown(server.url)!r} carries credentials (user info); they are stripped from it"
        diagnostics.append(Diagnostic("warning", url_ptr, message, "server-userinfo"))
        server = ir.Server(stripped, server.description, server.variables)
    variables = []
    for v in server.variables:
        if "{" + v.name + "}" not in server.url:
            variables.append(v)
            continue
        var_ptr = pointer_join(ptr, "variables", v.name)
        url = resolve(server, {v.name: v.default})
        problem = _problem(url)
        if problem is not None:
            message = f"with variable {v.name!r} at its default, {_why(url, problem)}; the server is left out"
            diagnostics.append(Diagnostic("warning", pointer_join(var_ptr, "default"), message, f"server-{problem}"))
            return None
        enum = []
        for j, value in enumerate(v.enum):
            url = resolve(server, {v.name: value})
            problem = _problem(url)
            if problem is None:
                enum.append(value)
                continue
            message = f"with variable {v.name!r} at its enum value {j}, {_why(url, problem)}; the value is left out"
            diagnostics.append(Diagnostic("warning", pointer_join(var_ptr, "enum", j), message, f"server-{problem}"))
        variables.append(ir.ServerVariable(v.name, v.default, tuple(enum), v.description))
    return ir.Server(server.url, server.description, tuple(variables))


def _why(url: str, problem: str) -> str:
    what = "is not http or https" if problem == "scheme" else "carries credentials (user info)"
    return f"the server URL {_shown(url)!r} {what}"


def _shown(url: str) -> str:
    """The URL with the user info of its authority replaced by `***`."""
    head, authority, rest = _authority(url)
    if "@" not in authority:
        return url
    return f"{head}***@{authority.rpartition('@')[2]}{rest}"


def _problem(url: str) -> str | None:
    """ "scheme" for a URL with a scheme other than http(s), "userinfo" for credentials in it.

    Read by hand, not by urlsplit, which refuses some URLs (a `[` in the host) outright."""
    text = re.sub(r"[\t\n\r]", "", url).strip()  # as URL parsers read it (WHATWG drops these)
    scheme = _SCHEME.match(text)
    if scheme is not None and scheme.group(1).lower() not in WEB_SCHEMES:
        return "scheme"  # `file:`, `javascript:`, also `host:8080/v1`, which reads as the scheme `host`
    if "@" in _authority(text)[1]:
        return "userinfo"
    return None


def _authority(url: str) -> tuple[str, str, str]:
    """(what precedes the authority, the authority, the rest) of a URL; ("", "", url) without one."""
    head, sep, rest = url.partition("//")
    if not sep or (head and not _TEMPLATE_SCHEME.fullmatch(head)):
        return "", "", url
    end = min([i for i in (rest.find(c) for c in "/?#") if i != -1], default=len(rest))
    return head + sep, rest[:end], rest[end:]


def _strip_userinfo(url: str) -> str:
    """The URL template without a `user:password@` in its authority."""
    head, authority, rest = _authority(url)
    if "@" not in authority:
        return url
    return head + authority.rpartition("@")[2] + rest


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def configured_origins(value: object, where: str) -> tuple[str, ...]:
    """The config's `allow_credentials_to`: origins the SDK's publisher vouches for (an
    operation server of their own on another host, such as a files or uploads host), each
    `scheme://host[:port]` and nothing more; anything else is one line and exit 2."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadInput(where, "allow_credentials_to must be a list of origins such as 'https://files.example.com'")
    out: list[str] = []
    for url in value:
        found = origin(url)
        parts = urllib.parse.urlsplit(url) if found is not None else None
        if (
            found is None
            or parts is None
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
            or "@" in parts.netloc
        ):
            raise BadInput(
                where, f"allow_credentials_to takes origins such as 'https://files.example.com', not {url!r}"
            )
        scheme, host, port = found
        text = f"{scheme}://{host}" + ("" if port == _DEFAULT_PORTS[scheme] else f":{port}")
        if text not in out:
            out.append(text)
    return tuple(out)
