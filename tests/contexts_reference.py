"""The context scanners of `generator/python/contexts.py` as they were before they were made
faster (openapi-sdkgen 75c0c12): a line at a time, a placeholder at a time. The reference the
fast ones must agree with, placeholder for placeholder (tests/test_contexts_fast.py)."""

# ruff: noqa

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from generator.python.contexts import CLOSE, OPEN

_PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")


# ------------------------------------------------------------------------------------ Python
# The tokens that change the context: comments, strings (every branch starts with a literal
# character, so `re` skips ahead to the next candidate); the code between them is one context.
_PY_TOKENS = (
    "#[^\n]*"
    # A whole string without a backslash (a single-quoted one on one line): what `_py_string`
    # would scan to its first closing quote. Then an opening quote, for the rest.
    '|"""[^"\\\\]*(?:"(?!"")[^"\\\\]*)*"""|"(?!"")[^"\\\\\n]*"'
    "|'''[^'\\\\]*(?:'(?!'')[^'\\\\]*)*'''|'(?!'')[^'\\\\\n]*'"
    "|'''|\"\"\"|'|\""
)
_PY_CODE = {False: re.compile(_PY_TOKENS), True: re.compile(_PY_TOKENS + r"|\{|\}")}
_QUOTES = frozenset({"'", '"', "'''", '"""'})
_PREFIX_LETTERS = frozenset("rRbBuUfF")
_NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _python(text: str) -> dict[int, str]:
    found: dict[int, str] = {}
    _py_code(text, 0, found, in_fstring=False)
    return found


def _py_code(text: str, pos: int, found: dict[int, str], *, in_fstring: bool) -> int:
    """Scan code from `pos`; inside an f-string's replacement field, up to its closing brace."""
    depth = 0
    tokens = _PY_CODE[in_fstring]
    code = "an f-string" if in_fstring else "Python code"
    while (m := tokens.search(text, pos)) is not None:
        start = m.start()
        _mark_span(text, pos, start, code, found)
        pos = m.end()
        token = m.group()
        first = token[0]
        if first == "#":
            _mark_span(text, start, pos, "a # comment", found)
        elif first == "{" or first == "}":  # in an f-string's replacement field
            depth += 1 if first == "{" else -1
            if depth < 0:
                return pos
        else:
            prefix = _string_prefix(text, start).lower()
            # After a placeholder the value's last characters may join the prefix (`f` + `"""`):
            # count such a string as an f-string.
            joined = text[start - len(prefix) - 1 : start - len(prefix)] == CLOSE
            kind = "f" if "f" in prefix or joined else "b" if "b" in prefix else ""
            if token in _QUOTES:
                pos = _py_string(text, pos, token, kind, found)
                continue
            quote = token[:3] if token[:3] in _QUOTES else first  # a whole string
            if kind == "f":  # its replacement fields are code
                pos = _py_string(text, start + len(quote), quote, kind, found)
            else:
                context = "a docstring" if quote == '"""' and not kind else "a string literal"
                _mark_span(text, start + len(quote), pos - len(quote), context, found)
    _mark_span(text, pos, len(text), code, found)
    return len(text)


def _string_prefix(text: str, quote: int) -> str:
    """The prefix letters (`f`, `rb`, …) of the string whose quote is at `quote`: one or two
    of them, not right after a name's character."""
    for n in (2, 1):
        begin = quote - n
        if (
            begin >= 0
            and all(c in _PREFIX_LETTERS for c in text[begin:quote])
            and (begin == 0 or text[begin - 1] not in _NAME_CHARACTERS)
        ):
            return text[begin:quote]
    return ""


@functools.cache
def _py_string_stops(quote: str, fstring: bool) -> re.Pattern[str]:
    stops = [re.escape(quote), r"\\.", f"{OPEN}\\d+{CLOSE}"]
    if len(quote) == 1:
        stops.append("\n")
    if fstring:
        stops += [r"\{\{", r"\}\}", r"\{"]
    return re.compile("|".join(stops), re.DOTALL)


def _py_string(text: str, pos: int, quote: str, kind: str, found: dict[int, str]) -> int:
    """Scan a string literal from after its opening quote; `kind`: "f", "b" (bytes) or ""."""
    fstring = kind == "f"
    pattern = _py_string_stops(quote, fstring)
    context = "an f-string" if fstring else "a docstring" if quote == '"""' and not kind else "a string literal"
    while (m := pattern.search(text, pos)) is not None:
        pos = m.end()
        token = m.group()
        if token == quote or token == "\n":
            return pos
        if token.startswith(OPEN):
            found[m.start()] = context
        elif token == "{":
            pos = _py_code(text, pos, found, in_fstring=True)
    return len(text)


# ---------------------------------------------------------------------------------- Markdown
_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_MD_CLOSES_FENCE = re.compile(r"(?:^|\n) {0,3}(?:```|~~~)")  # a line of a value that could end a fence
_MD_PLACEHOLDER_LINE = re.compile(f"^[ ]*{OPEN}\\d+{CLOSE}[ ]*$")
_MD_INLINE = re.compile(f"(?P<ph>{OPEN}\\d+{CLOSE})|(?P<esc>\\\\[^{OPEN}])|(?P<ticks>`+)")


def _markdown(text: str) -> dict[int, str]:
    found: dict[int, str] = {}
    fence: tuple[str, int] | None = None
    html_until: str | None = None  # "-->" for a comment, "" for a blank line
    paragraph: list[tuple[int, str, bool]] = []  # (offset, line, is a table row)
    previous_blank = True
    offset = 0
    lines = text.split("\n")
    for number, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        next_line = lines[number + 1] if number + 1 < len(lines) else ""
        blank = not line.strip()
        if fence is not None:
            closing = _MD_FENCE.match(line)
            run = closing.group(1) if closing else ""
            if closing and run[0] == fence[0] and len(run) >= fence[1] and not closing.group(2).strip():
                fence = None
            else:
                _mark(line, start, "a Markdown code block", found)
            previous_blank = blank
            continue
        if html_until is not None:
            _mark(line, start, "Markdown HTML", found)
            if (html_until and html_until in line) or (not html_until and blank):
                html_until = None
            previous_blank = blank
            continue
        opening = _MD_FENCE.match(line)
        stripped = line.lstrip(" ")
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            _inline(paragraph, found)
            paragraph = []
            fence = (opening.group(1)[0], len(opening.group(1)))
            _mark(line, start, "a Markdown fence's info string", found)
        elif stripped.startswith("<") and len(line) - len(stripped) < 4:
            _inline(paragraph, found)
            paragraph = []
            _mark(line, start, "Markdown HTML", found)
            if not stripped.startswith("<!--"):
                html_until = ""  # to the next blank line
            elif "-->" not in stripped[4:]:
                html_until = "-->"
        elif len(line) - len(stripped) >= 4 and previous_blank and not blank:
            _mark(line, start, "an indented Markdown code block", found)
        elif blank:
            _inline(paragraph, found)
            paragraph = []
        elif _MD_PLACEHOLDER_LINE.match(line) and previous_blank and not next_line.strip():
            found[line.index(OPEN) + start] = "a Markdown block"  # a block of its own: blank lines around
        else:
            paragraph.append((start, line, "|" in line))  # a GFM table row needs no leading pipe
        previous_blank = blank
    _inline(paragraph, found)
    return found


def _mark(line: str, start: int, context: str, found: dict[int, str]) -> None:
    for m in _PLACEHOLDER.finditer(line):
        found[start + m.start()] = context


def _mark_span(text: str, start: int, end: int, context: str, found: dict[int, str]) -> None:
    """Every placeholder of `text[start:end]` is in `context`."""
    if text.find(OPEN, start, end) >= 0:
        found.update(dict.fromkeys(map(re.Match.start, _PLACEHOLDER.finditer(text, start, end)), context))


def _inline(paragraph: list[tuple[int, str, bool]], found: dict[int, str]) -> None:
    """The placeholders of one paragraph (or table): in a code span, a table cell or prose. A
    backtick run opens a code span only if the same length closes it later in the paragraph."""
    tokens = [(start + m.start(), m, row) for start, line, row in paragraph for m in _MD_INLINE.finditer(line)]
    span: int | None = None
    unclosed = False  # a run no later run of the template closes: a value could close it
    for i, (at, m, row) in enumerate(tokens):
        if m.group("ph"):
            code = span is not None or unclosed
            found[at] = "a Markdown code span" if code else "a Markdown table cell" if row else "a line of Markdown"
        elif m.group("ticks") and span is None:
            length = len(m.group("ticks"))
            if any(t.group("ticks") and len(t.group("ticks")) == length for _, t, _ in tokens[i + 1 :]):
                span = length
            else:
                unclosed = True
        elif m.group("ticks") and len(m.group("ticks")) == span:
            span = None


# -------------------------------------------------------------------------------------- TOML
_TOML = re.compile(f"(?P<ph>{OPEN}\\d+{CLOSE})|(?P<comment>#)|(?P<quote>\"\"\"|'''|\"|')")


def _toml(text: str) -> dict[int, str]:
    found: dict[int, str] = {}
    pos = 0
    while (m := _TOML.search(text, pos)) is not None:
        pos = m.end()
        if m.group("ph"):
            found[m.start()] = "a TOML value"
        elif m.group("comment"):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            _mark(text[pos:end], pos, "a TOML comment", found)
            pos = end
        else:
            quote = m.group("quote")
            stops = [re.escape(quote), f"{OPEN}\\d+{CLOSE}"]
            if quote.startswith('"'):
                stops.append(r"\\.")
            if len(quote) == 1:
                stops.append("\n")
            pattern = re.compile("|".join(stops), re.DOTALL)
            while (s := pattern.search(text, pos)) is not None:
                pos = s.end()
                if s.group().startswith(OPEN):
                    found[s.start()] = "a TOML string"
                elif s.group() in (quote, "\n"):
                    break
            else:
                pos = len(text)
    return found


SCANNERS: dict[str, Callable[[str], dict[int, str]]] = {"py": _python, "md": _markdown, "toml": _toml}
