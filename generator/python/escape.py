"""The escaping boundary: spec text → text that is safe inside generated files.

Every filter returns `Code`, a `str` subclass that marks text as already made safe. The render
environment's `finalize` accepts `Code`, numbers, booleans and identifier-shaped strings only, so
spec text that skipped these functions fails the render instead of reaching a file.
"""

from __future__ import annotations

import json
import re
import unicodedata

# Bidirectional overrides and isolates ("Trojan Source", CVE-2021-42574) and other invisibles.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2028\u2029\ufeff]")
# Identifier-shaped text (and the dotted names, subscripts and commas that template constants
# use): no quote, bracket of call, operator or newline, so it cannot break out of anything.
_IDENT = re.compile(r"^[A-Za-z0-9_.\[\], ]*$")


class Code(str):
    """Text that is safe to place in generated output as is."""

    __slots__ = ()


def is_safe(value: object) -> bool:
    if isinstance(value, Code | bool | int | float) or value is None:
        return True
    return isinstance(value, str) and bool(_IDENT.match(value))


def pystr(value: str) -> Code:
    """A Python string literal (double quotes, ASCII only, every control character escaped).

    Characters outside the BMP become `\\U0001f3b2`, not the surrogate pair JSON would write
    (`\\ud83c\\udfb2` in Python is two lone surrogates, not the character).
    """
    text = json.dumps(value, ensure_ascii=False)
    return Code("".join(ch if ord(ch) < 0x80 else _escape_char(ch) for ch in text))


def _escape_char(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_ASCII_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str) -> str:
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if text.isascii():  # the common case, without a Unicode lookup per character
        return _ASCII_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else f"\\x{ord(ch):02x}" for ch in text)


def docstring(text: str) -> Code:
    """The body of a `\"\"\"` docstring: backslashes doubled, quote runs broken, controls
    escaped, lines stripped on the right. A body ending in `"` needs a space or a newline
    before the closing quotes; `views_models.doc_text` adds one."""
    text = _clean(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\t", "    ")
    lines = [line.rstrip() for line in text.strip().split("\n")]
    return Code("\n".join(lines))


def markdown(text: str) -> Code:
    """Spec prose for Markdown docs: raw HTML disabled, controls removed."""
    cleaned = _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Code(cleaned.strip())


def md_inline(text: str) -> Code:
    """One line of Markdown (a table cell or heading)."""
    return Code(" ".join(str(markdown(text)).replace("|", "\\|").split()))


def toml_str(value: str) -> Code:
    """A TOML basic string (JSON string escapes are valid TOML escapes)."""
    return Code(json.dumps(_clean(value), ensure_ascii=True))


_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f]|" + _INVISIBLE.pattern)


def terminal(text: str) -> str:
    """Spec text on one terminal line: control characters (escape sequences, newlines) and
    invisible or bidirectional characters shown as `\\xNN` / `\\uNNNN` instead of acting."""
    return _TERMINAL.sub(lambda m: _escape_char(m.group()), text)
