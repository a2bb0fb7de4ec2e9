"""Spec text into TypeScript source: string literals, doc comments and property keys. The only
way spec strings reach the TypeScript SDK (templates get them through these filters)."""

from __future__ import annotations

import json
import re

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
# What ends a comment early, or moves the rest of a line out of it
_COMMENT_BREAKERS = re.compile(r"\*/|[\u2028\u2029\r]")


def string(text: str) -> str:
    """A double-quoted string literal (JSON's escapes are TypeScript's; non-ASCII escaped)."""
    return json.dumps(text)


def key(wire_name: str) -> str:
    """A property key: bare when it is an identifier, else a string literal."""
    return wire_name if _IDENTIFIER.match(wire_name) else string(wire_name)


def member(wire_name: str) -> str:
    """A property access: `.name` or `["wire name"]`."""
    return f".{wire_name}" if _IDENTIFIER.match(wire_name) else f"[{string(wire_name)}]"


def doc(text: str, indent: str = "") -> str:
    """A JSDoc block (`/** … */`, one ` * ` line per line of text); "" for no text."""
    text = _COMMENT_BREAKERS.sub(lambda m: "*\\/" if m.group() == "*/" else "\n", text.strip())
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return ""
    body = "\n".join(f"{indent} *" + (f" {line}" if line else "") for line in lines)
    return f"{indent}/**\n{body}\n{indent} */\n"
