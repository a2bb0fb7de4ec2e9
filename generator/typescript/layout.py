"""Prettier's layout where the formatter run does not give it: so the package is accepted as is
by `prettier --check` without a Prettier run (it costs more than the whole rest of generation).

- `width`: the columns a string takes as Prettier counts them (its `getStringWidth`: East Asian
  wide and full-width characters and emoji two, control and combining characters none);
- `table`: a Markdown table with its columns padded to one width, as Prettier aligns them;
- `unions`: the layouts in which Biome and Prettier differ on the generated code, Prettier's:
  a union that fits on the line after `=` or `:` joined there, and an interface's `extends`
  kept on its line.
"""

from __future__ import annotations

import re
import unicodedata

PRINT_WIDTH = 80

# An emoji with its modifiers, variation selector, keycap and zero-width-joined followers.
_EMOJI = re.compile(
    "(?:[\U0001f1e6-\U0001f1ff]{2}"
    "|[\u2600-\u27bf\U0001f000-\U0001faff\u2b00-\u2bff\u231a-\u23ff]"
    "[\U0001f3fb-\U0001f3ff\ufe0f\u20e3]*"
    "(?:\u200d[\u2600-\u27bf\U0001f000-\U0001faff\u2b00-\u2bff][\U0001f3fb-\U0001f3ff\ufe0f]*)*)"
)


def width(text: str) -> int:
    """Columns of `text` in a monospace font, counted as Prettier counts them."""
    if text.isascii():
        return sum(1 for c in text if " " <= c != "\x7f")
    text = _EMOJI.sub("  ", text)
    total = 0
    for c in text:
        point = ord(c)
        if point <= 0x1F or 0x7F <= point <= 0x9F or 0x300 <= point <= 0x36F:
            continue
        total += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return total


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table of Markdown cells (no `|` unescaped), its columns aligned."""
    columns = [max(3, *(width(r[i]) for r in [header, *rows])) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c + " " * (columns[i] - width(c)) for i, c in enumerate(cells)) + " |"

    return [line(header), "| " + " | ".join("-" * n for n in columns) + " |", *(line(r) for r in rows)]


# a line ending in `=` or `:` (a type alias, a property, a parameter), then the union's members a
# line each, `| member` at one indent
_UNION = re.compile(r"^([^\n]*[=:])\n(( +)\| [^\n]*\n(?:\3\| [^\n]*\n)*)", re.M)
# Biome breaks a long `interface X extends Y {` before `extends`; Prettier never does (one
# heritage clause, no type parameters)
_EXTENDS = re.compile(r"^(export interface \w+)\n  (extends [\w.]+ \{\}?)$", re.M)


def unions(code: str) -> str:
    """Biome's layout turned into Prettier's where they differ on the generated code: a union
    broken a member a line after `=` or `:` is joined on the next line when it fits there (and
    no member spans lines or holds a comment); an interface's `extends` stays on its line."""

    def joined(match: re.Match[str]) -> str:
        indent = match.group(3)
        members = [line[len(indent) + 2 :] for line in match.group(2).splitlines()]
        one = indent + " | ".join(members)
        if width(one) > PRINT_WIDTH or any("//" in m or "/*" in m or m.count("{") != m.count("}") for m in members):
            return match.group(0)
        if any(m.endswith((";", ",")) for m in members[:-1]):
            return match.group(0)
        return f"{match.group(1)}\n{one}\n"

    return _EXTENDS.sub(r"\1 \2", _UNION.sub(joined, code))
