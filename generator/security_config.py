"""Security schemes declared in the SDK's config, for specs that declare none (GitHub's).

    [tool.sdkgen.sdk.security_schemes.token]
    type = "http"          # or "apiKey"
    scheme = "bearer"      # http: bearer, basic, or another RFC 9110 auth scheme
    in = "header"          # apiKey: header, query or cookie
    name = "X-API-Key"     # apiKey: the header, query parameter or cookie name
    env = "GITHUB_TOKEN"   # optional; default <ENV_PREFIX>_<NAME>
    optional = true        # optional; true: the operations also go out without it

`read_schemes` checks the table (a bad value is one line and exit 2, as every config error);
`declare` adds the schemes to the IR and makes them the security of every operation that
declares none of its own (neither the operation nor the document has a `security` list). Each
scheme is an alternative; an optional one adds the empty alternative, so a request without a
credential still goes. The client's argument is the scheme's name (`token=`).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from typing import Literal

from generator import ir
from generator.diagnostics import BadInput, Diagnostic, pointer_join
from generator.ir import replace

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")  # the client's argument: a snake_case identifier
_ENV = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # RFC 9110 §5.6.2
_KEYS = {"http": ("type", "scheme", "env", "optional"), "apiKey": ("type", "in", "name", "env", "optional")}


@dataclass(frozen=True, slots=True)
class ConfiguredScheme:
    """One `security_schemes.<name>` table, checked."""

    name: str  # the scheme's key, and the client's argument
    type: str  # "http" or "apiKey"
    scheme: str = ""  # http: the Authorization scheme
    location: str = ""  # apiKey: `in`
    wire_name: str = ""  # apiKey: `name`
    env: str = ""  # the environment variable; "" for the default
    optional: bool = False


def read_schemes(value: object, where: str) -> tuple[ConfiguredScheme, ...]:
    """The `security_schemes` table of an sdk entry, in name order; `BadInput` for a bad one."""
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise BadInput(where, "security_schemes must be a table of tables ([tool.sdkgen.sdk.security_schemes.<name>])")
    return tuple(_scheme(name, value[name], where) for name in sorted(value))


def _scheme(name: str, table: dict[str, object], where: str) -> ConfiguredScheme:
    at = f"security_schemes.{name}"
    if not _NAME.match(name) or keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise BadInput(where, f"{at}: the name becomes the client's argument: use snake_case (a-z, 0-9, _)")
    kind = table.get("type")
    if kind not in _KEYS:
        raise BadInput(where, f"{at}.type must be 'http' or 'apiKey', not {kind!r}")
    unknown = sorted(set(table) - set(_KEYS[kind]))
    if unknown:
        raise BadInput(where, f"{at}: unknown key(s) {unknown} for type {kind!r}; it takes {list(_KEYS[kind])}")
    env = table.get("env", "")
    if not isinstance(env, str) or (env and not _ENV.match(env)):
        raise BadInput(where, f"{at}.env must be an environment variable name (letters, digits, _), not {env!r}")
    optional = table.get("optional", False)
    if not isinstance(optional, bool):
        raise BadInput(where, f"{at}.optional must be true or false, not {optional!r}")
    if kind == "http":
        scheme = table.get("scheme")
        if not isinstance(scheme, str) or not _TOKEN.match(scheme):
            raise BadInput(where, f"{at}.scheme must be an HTTP auth scheme ('bearer', 'basic', ...), not {scheme!r}")
        return ConfiguredScheme(name, kind, scheme=scheme, env=env, optional=optional)
    location, wire_name = table.get("in"), table.get("name")
    if location not in ("header", "query", "cookie"):
        raise BadInput(where, f"{at}.in must be 'header', 'query' or 'cookie', not {location!r}")
    if not isinstance(wire_name, str) or not wire_name or (location != "query" and not _TOKEN.match(wire_name)):
        raise BadInput(where, f"{at}.name must be the {location} name the key goes in, not {wire_name!r}")
    return ConfiguredScheme(name, kind, location=location, wire_name=wire_name, env=env, optional=optional)


def ir_scheme(s: ConfiguredScheme) -> ir.SecurityScheme:
    """The IR's scheme for a configured one, with the argument and variable it asks for."""
    if s.type == "apiKey":
        location: Literal["header", "query", "cookie"] = "query" if s.location == "query" else "header"
        if s.location == "cookie":
            location = "cookie"
        return ir.SecurityScheme(s.name, "api_key", location, s.wire_name, argument=s.name, env=s.env)
    if s.scheme.lower() == "basic":
        return ir.SecurityScheme(s.name, "http_basic", argument=s.name, env=s.env)
    prefix = "Bearer" if s.scheme.lower() == "bearer" else s.scheme
    return ir.SecurityScheme(s.name, "http_bearer", wire_name=prefix, argument=s.name, env=s.env)


def declare(api: ir.Api, schemes: tuple[ConfiguredScheme, ...], source: str) -> tuple[ir.Api, list[Diagnostic]]:
    """`api` with the configured schemes added, and made the security of every operation that
    declares none; a warning for schemes no operation takes."""
    if not schemes:
        return api, []
    taken = {s.key for s in api.security_schemes}
    for s in schemes:
        if s.name in taken:
            message = f"the config's security_schemes.{s.name} has the name of a scheme the spec declares: rename it"
            raise BadInput(source, message, pointer=pointer_join("#/components/securitySchemes", s.name))
    alternatives: tuple[tuple[str, ...], ...] = tuple((s.name,) for s in schemes)
    if any(s.optional for s in schemes):
        alternatives += ((),)
    operations = tuple(op if op.security_declared else replace(op, security=alternatives) for op in api.operations)
    diagnostics = []
    if all(op.security_declared for op in api.operations):
        names = ", ".join(s.name for s in schemes)
        message = f"the config's security_schemes ({names}) apply to no operation: each declares its own security"
        diagnostics.append(Diagnostic("warning", "#", message, "unused-security"))
    declared = (*api.security_schemes, *(ir_scheme(s) for s in schemes))
    return replace(api, security_schemes=declared, operations=operations), diagnostics
