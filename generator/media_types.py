"""Media types from the spec, checked and written in one form before they can reach a header.

A media type of the spec (a `content` key, an `encoding` `contentType`) ends up in a
`Content-Type` or `Accept` header of the generated SDK, so it is spec text going into a header:
it is read with RFC 9110 §8.3.1's grammar (`type/subtype *( OWS ";" OWS name=value )`) and
written again as `type/subtype; name=value`, a value that is not a token as a quoted-string
whose `"` and `\\` are escaped as quoted-pairs (§5.6.4). What cannot be read that way (a control
character such as CR or LF, a tab anywhere but between parameters, a non-ASCII character, no
subtype, a parameter without a value, a quoted value that does not end) is refused:
`MediaTypeError` says why, and the caller leaves the media type out with a diagnostic. No I/O.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 §5.6.2
_OWS = " \t"


class MediaTypeError(ValueError):
    """A media type that cannot be read with RFC 9110's grammar; the message says why."""


def parse(text: str) -> tuple[str, list[tuple[str, str]]]:
    """`type/subtype` and the parameters (name, unescaped value) of a media type, in order."""
    bad = next((c for c in text if ord(c) < 0x20 and c != "\t" or ord(c) == 0x7F), None)
    if bad is not None:
        raise MediaTypeError(f"it contains the control character {bad!r}")
    if not text.isascii():
        raise MediaTypeError("it contains a character that is not ASCII")
    essence, _, rest = text.strip(_OWS).partition(";")
    essence = essence.rstrip(_OWS)
    kind, slash, sub = essence.partition("/")
    if not (slash and _TOKEN.fullmatch(kind) and _TOKEN.fullmatch(sub)):
        raise MediaTypeError(f"{essence!r} is not type/subtype")
    params: list[tuple[str, str]] = []
    i = 0
    while i < len(rest):
        i = _skip(rest, i, _OWS + ";")
        if i == len(rest):
            break
        name = _TOKEN.match(rest, i)
        if name is None or not rest.startswith("=", name.end()):
            raise MediaTypeError(f"the parameter at {rest[i:]!r} is not name=value")
        i = name.end() + 1
        if rest.startswith('"', i):
            value, i = _quoted(rest, i)
            i = _skip(rest, i, _OWS)
            if i < len(rest) and rest[i] != ";":
                raise MediaTypeError(f"text follows the quoted value of {name.group()!r}")
        else:
            end = rest.find(";", i)
            end = len(rest) if end < 0 else end
            value, i = rest[i:end].strip(_OWS), end
            if not value:
                raise MediaTypeError(f"the parameter {name.group()!r} has no value")
        if "\t" in value:
            raise MediaTypeError(f"the value of {name.group()!r} contains a tab")
        params.append((name.group(), value))
    return essence, params


@lru_cache(maxsize=4096)  # a spec repeats a few media types thousands of times
def canonical(text: str, *, drop: tuple[str, ...] = ()) -> str:
    """The media type as the SDK sends it: `type/subtype; name=value`, a value that is not a
    token quoted with its `"` and `\\` escaped; parameters named in `drop` (lower case) left out."""
    essence, params = parse(text)
    return essence + "".join(f"; {name}={quote(value)}" for name, value in params if name.lower() not in drop)


def quote(value: str) -> str:
    """A parameter value: as it is when it is a token, else a quoted-string (RFC 9110 §5.6.4)."""
    if _TOKEN.fullmatch(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def is_text(media_type: str) -> bool:
    """Whether values of this media type are text: `text/*`, JSON, XML, YAML and form data
    (`+json`, `+xml` and `+yaml` suffixes too); anything else (images, PDF, `*/*`) is binary."""
    essence = media_type.split(";")[0].strip().lower()
    kind, _, sub = essence.partition("/")
    if kind == "text":
        return True
    textual = ("json", "xml", "yaml", "x-yaml", "x-www-form-urlencoded", "javascript")
    return kind == "application" and sub in textual or sub.endswith(("+json", "+xml", "+yaml"))


def split_list(text: str) -> list[str]:
    """The entries of a comma-separated list of media types (an `encoding` `contentType`),
    commas inside quoted values kept."""
    return list(_split_list(text))


@lru_cache(maxsize=4096)
def _split_list(text: str) -> tuple[str, ...]:
    entries, start, quoted, escaped = [], 0, False, False
    for i, c in enumerate(text):
        if escaped:
            escaped = False
        elif quoted and c == "\\":
            escaped = True
        elif c == '"':
            quoted = not quoted
        elif c == "," and not quoted:
            entries.append(text[start:i])
            start = i + 1
    entries.append(text[start:])
    return tuple(e.strip(_OWS) for e in entries if e.strip(_OWS))


def _skip(text: str, i: int, chars: str) -> int:
    while i < len(text) and text[i] in chars:
        i += 1
    return i


def _quoted(text: str, i: int) -> tuple[str, int]:
    """The unescaped content of the quoted-string at `text[i]` (a `"`) and the index after it."""
    out: list[str] = []
    i += 1
    while i < len(text):
        c = text[i]
        if c == '"':
            return "".join(out), i + 1
        if c == "\\":
            if i + 1 == len(text):
                break
            c = text[i + 1]
            i += 1
        out.append(c)
        i += 1
    raise MediaTypeError("a quoted value does not end")
