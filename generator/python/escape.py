"""The escaping boundary: spec text → text that is safe in one context of a generated file.

Each filter returns a `str` subclass that names the one context it was escaped for: `Code`
(Python source), `Docstring` (inside `\"\"\"`), `Comment` (after `#`), `Markdown` (a block of
prose), `MdInline` (one line of prose: heading, list item, table cell), `MdCode` / `MdCellCode`
(a whole code span, outside / inside a table) and `Toml` (a TOML string). `contexts.py` finds
the context of every value a template places and refuses a value escaped for another one, and
`render.py` refuses plain text that is not identifier-shaped, so spec text that skipped these
functions, or was escaped for somewhere else, fails the render instead of reaching a file.
"""

from __future__ import annotations

import json
import json.encoder
import re
import unicodedata
from collections.abc import Callable

# Bidirectional overrides and isolates ("Trojan Source", CVE-2021-42574) and other invisibles.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2028\u2029\ufeff]")
# Identifier-shaped text (and the dotted names, subscripts and commas that template constants
# use): no quote, bracket of call, operator, backtick, `#`, `|`, `<` or newline, so it cannot
# break out of any context.
_IDENT = re.compile(r"^[A-Za-z0-9_.\[\], ]*$")


class Code(str):
    """Python source: an expression, annotation, literal or statements, closed (every string
    literal it opens it also closes)."""

    __slots__ = ()


class Docstring(str):
    """The body of a `\"\"\"` string: no `\"\"\"`, no quote at either end, no trailing backslash."""

    __slots__ = ()


class Comment(str):
    """The text of a `#` comment: one line."""

    __slots__ = ()


class Markdown(str):
    """Markdown blocks of prose: no fence, HTML, heading, link definition or indented code."""

    __slots__ = ()


class MdInline(str):
    """One line of Markdown prose, safe as a heading, a list item or a table cell."""

    __slots__ = ()


class MdCode(str):
    """A Markdown code span, delimiters included."""

    __slots__ = ()


class MdCellCode(str):
    """A Markdown code span for a table cell (its pipes escaped for the table), delimiters included."""

    __slots__ = ()


class Toml(str):
    """A TOML basic string, quotes included."""

    __slots__ = ()


MARKERS = (Code, Docstring, Comment, Markdown, MdInline, MdCode, MdCellCode, Toml)


def is_safe(value: object) -> bool:
    """A value any context takes as it is: a number, a boolean, None, identifier-shaped text."""
    if isinstance(value, bool | int | float) or value is None:
        return True
    return type(value) is str and bool(_IDENT.match(value))


def pystr(value: str) -> Code:
    """A Python string literal (double quotes, ASCII only, every control character escaped).

    Characters outside the BMP become `\\U0001f3b2`, not the surrogate pair JSON would write
    (`\\ud83c\\udfb2` in Python is two lone surrogates, not the character).
    """
    text = _json_string(value)  # what json.dumps(value, ensure_ascii=False) returns, without its encoder object
    if text.isascii():  # the common case, without a look at each character
        return Code(text)
    return Code("".join(ch if ord(ch) < 0x80 else _escape_char(ch) for ch in text))


_json_string: Callable[[str], str] = json.encoder.encode_basestring


def _escape_char(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_ASCII_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():  # every invisible character is outside ASCII
        text = _INVISIBLE.sub("", text)
    if text.isascii():  # the common case, without a Unicode lookup per character
        if text.replace("\n", "").replace("\t", "").isprintable():  # no control character, in one look
            return text
        return _ASCII_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if text.replace("\n", "").replace("\t", "").isprintable():  # no character of category C, in one look
        return text
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else f"\\x{ord(ch):02x}" for ch in text)


def docstring(text: str) -> Docstring:
    """The body of a `\"\"\"` docstring: backslashes doubled, quote runs broken, controls
    escaped, lines stripped on the right, a quote at the start escaped. A run of quotes at the
    end keeps its last quote unescaped and is followed by a space (`...?" ` then the closing
    quotes): neither end can grow into a longer run, and it is the one ending black and ruff
    format both keep (after `\"` black adds a space and ruff removes it).
    `views_models.doc_text` lays it out."""
    if text.isascii() and '"' not in text and "\\" not in text and text.replace("\n", "").isprintable():
        # the common case (printable ASCII lines, no quote or backslash): what `_docstring` makes
        # of it, with nothing to clean, escape or break, is the text stripped, each line on the right
        text = text.strip()
        return Docstring("\n".join([line.rstrip() for line in text.split("\n")]) if "\n" in text else text)
    return _docstring(text)


def _docstring(text: str) -> Docstring:
    """`docstring` of any text."""
    text = _clean(text).replace("\\", "\\\\").replace("\t", "    ").strip()
    body = text.rstrip('"')
    quotes = len(text) - len(body)  # the closing run: every third quote from the end escaped
    text = body.replace('"""', '\\"\\"\\"') + "".join('\\"' if i % 3 == 2 else '"' for i in reversed(range(quotes)))
    if "\n" in text:
        text = "\n".join([line.rstrip() for line in text.split("\n")])
    if text.startswith('"'):
        text = "\\" + text
    return Docstring(text + " " if quotes else text)


def comment(text: str) -> Comment:
    """Text for a `#` comment: one line, controls escaped."""
    return Comment(" ".join(_clean(text).split()))


# Markdown prose. The page's structure is the template's: spec text keeps its inline formatting
# (descriptions are CommonMark) but cannot open a block that outlives it or that pretends to be
# the page's own (CommonMark 0.31, section 4).
_FENCE = re.compile(r"^(?=```|~~~)")
_HEADING = re.compile(r"^(?=#)")
_UNDERLINE = re.compile(r"^(?=[-=*_](?:[ ]*[-=*_])*[ ]*$)")  # setext underline, thematic break
_LINK_DEFINITION = re.compile(r"^(?=\[[^\]]*\]:)")
_BLOCK_STARTS = frozenset("`~#-=*_[")
_LIST_OR_QUOTE = re.compile(r"^(?=[-+*](?:[ ]|$))|^(\d{1,9})(?=[.)](?:[ ]|$))")


def _close_spans(text: str) -> str:
    """`text` with every backtick run that no later run of its length closes backslash-escaped,
    so that each code span the text opens, it closes: nothing around it can pair with one."""
    if "`" not in text:
        return text
    runs = _backtick_runs(text)
    unmatched = []
    i = 0
    while i < len(runs):
        n = runs[i][1] - runs[i][0]
        closer = next((k for k in range(i + 1, len(runs)) if runs[k][1] - runs[k][0] == n), None)
        if closer is None:
            unmatched.append(runs[i])
            i += 1
        else:
            i = closer + 1
    for start, end in reversed(unmatched):
        text = text[:start] + "\\`" * (end - start) + text[end:]
    return text


_TICKS = re.compile("`+")


def _backtick_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each backtick run a backslash does not escape, in order: what reading the
    text from the left, a backslash taking the character after it, finds, but from the runs
    alone (a text escaped for Markdown holds a backslash for each pipe and `#`, each a match
    of that read): a run's first backtick is escaped when an odd number of backslashes precede it."""
    runs = []
    for m in _TICKS.finditer(text):
        start, end = m.span()
        before = start
        while before and text[before - 1] == "\\":
            before -= 1
        if (start - before) % 2:
            start += 1
        if start < end:
            runs.append((start, end))
    return runs


def markdown(text: str) -> Markdown:
    """Spec prose for a Markdown page, as blocks (a description).

    Raw HTML is disabled (`<`, `&` as entities: no HTML block, comment or tag), indentation is
    capped at 3 spaces (no indented code block), and a line that would open a code fence, an ATX
    heading, a setext underline or thematic break, or a link reference definition starts with a
    backslash instead.
    """
    cleaned = _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = []
    for line in cleaned.expandtabs(4).split("\n"):
        body = line.lstrip(" ")
        indent = min(len(line) - len(body), 3)
        if body[:1] in _BLOCK_STARTS:  # the first character of every line the patterns match
            for pattern in (_FENCE, _HEADING, _UNDERLINE, _LINK_DEFINITION):
                body = pattern.sub("\\\\", body, count=1)
        lines.append(" " * indent + body.rstrip() if body.strip() else "")
    paragraphs = re.split(r"\n(?:[ ]*\n)+", "\n".join(lines).strip("\n"))
    return Markdown("\n\n".join(_close_spans(p) for p in paragraphs))


def md_inline(text: str) -> MdInline:
    """One line of Markdown prose (a heading, list item or table cell): `markdown` on one line,
    backslashes, pipes and `#` escaped, and a leading list or quote marker escaped."""
    line = " ".join(_clean(text).split())
    line = line.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    line = line.replace("|", "\\|").replace("#", "\\#")
    line = _LIST_OR_QUOTE.sub(lambda m: f"{m.group(1)}\\" if m.group(1) else "\\", line, count=1)
    line = _FENCE.sub("\\\\", _UNDERLINE.sub("\\\\", line, count=1), count=1)
    return MdInline(_close_spans(line))


def _code_span(text: str) -> str:
    if text.isascii() and text.isprintable() and "`" not in text and "  " not in text and text.strip(" ") == text:
        return f"`{text}`"  # what the rest makes of it (nothing to clean, join or fence), in one step
    body = " ".join(_clean(text).split())
    longest = max((len(run) for run in re.findall("`+", body)), default=0)
    fence = "`" * (longest + 1)
    if body.startswith("`") or body.endswith("`") or (body.startswith(" ") and body.endswith(" ")):
        body = f" {body} "
    return f"{fence}{body}{fence}"


def md_code(text: str) -> MdCode:
    """A code span: delimiters one backtick longer than the longest run inside, on one line."""
    return MdCode(_code_span(text))


def md_cell_code(text: str) -> MdCellCode:
    """A code span for a table cell: `md_code` with its pipes escaped (GFM splits cells first)."""
    return MdCellCode(_code_span(text).replace("|", "\\|"))


def md_cell_codes(texts: list[str], prefix: str = "") -> list[MdCellCode]:
    """`md_cell_code` of `prefix` + each text (an enum's members, `Class.` + each name: Graph's
    7,700 enums have 88,000): when none has anything to clean, join, fence or escape
    (`_code_span`'s first case, and no pipe), which one look at them all joined tells (and one at
    the prefix: the two joined have nothing either), each is its text in backticks, made without
    a Python step per text."""
    if _plain_codes("\n".join(texts), len(texts)) and (not prefix or _plain_codes(prefix, 1)):
        return list(map(MdCellCode, map(f"`{prefix}".__add__, map("{}`".format, texts))))
    return [md_cell_code(prefix + text) for text in texts]


def _plain_codes(joined: str, count: int) -> bool:
    """Whether none of the `count` texts joined by line breaks in `joined` has anything that
    `md_cell_code` would clean, join, fence or escape."""
    return (
        joined.isascii()
        and joined.count("\n") == count - 1  # no text holds a line break: the others are the joins
        and joined.replace("\n", "").isprintable()
        and "`" not in joined
        and "|" not in joined
        and "  " not in joined
        and " \n" not in joined
        and "\n " not in joined
        and joined.strip(" ") == joined
    )


def toml_str(value: str) -> Toml:
    """A TOML basic string (JSON string escapes are valid TOML escapes)."""
    return Toml(json.dumps(_clean(value), ensure_ascii=True))


_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f]|" + _INVISIBLE.pattern)


def terminal(text: str) -> str:
    """Spec text on one terminal line: control characters (escape sequences, newlines) and
    invisible or bidirectional characters shown as `\\xNN` / `\\uNNNN` instead of acting."""
    return _TERMINAL.sub(lambda m: _escape_char(m.group()), text)
