"""Where each escaped value lands: the context check behind the render environment.

While a template renders, every escaped value (`escape.Code`, `Docstring`, …) is replaced by a
placeholder. The rendered text is then read as the file it will be (Python, Markdown or TOML),
with the placeholders opaque, so the context of each one is decided by the template's own text
alone: Python code, a `\"\"\"` string, another string or f-string, a `#` comment; a Markdown
block, a line of prose, a table cell, a code span, a fenced code block, HTML; a TOML value, string
or comment. A value is put back only where its type says it was escaped for (`ACCEPTS`);
anything else is refused, and a context this module does not know takes nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress, repeat
from types import FrameType

from generator.python import escape
from generator.python.contexts_markdown import CLOSES_FENCE, markdown, md_contexts, md_scan
from generator.python.placeholders import CLOSE, MARKS, NUMERALS, OPEN, PLACEHOLDER, mark, marks

__all__ = ["ACCEPTS", "CLOSE", "KINDS", "MARKS", "OPEN", "MisplacedValue", "Slots", "marks"]
_PLACEHOLDER = PLACEHOLDER
_markdown = markdown  # by offset (the tests read the scanners so)


# context → the value types it takes (identifier-shaped text and numbers need no placeholder)
ACCEPTS: dict[str, tuple[type, ...]] = {
    "Python code": (escape.Code,),
    "a docstring": (escape.Docstring,),
    "a # comment": (escape.Comment,),
    "a string literal": (),
    "an f-string": (),
    "a Markdown block": (escape.Markdown, escape.MdInline, escape.MdCode),
    "a line of Markdown": (escape.MdInline, escape.MdCode),
    "a Markdown table cell": (escape.MdInline, escape.MdCellCode),
    "a Markdown code span": (),
    "a Markdown code block": (escape.Code,),
    "an indented Markdown code block": (),
    "a Markdown fence's info string": (),
    "Markdown HTML": (),
    "a TOML value": (escape.Toml,),
    "a TOML string": (),
    "a TOML comment": (),
    "an unknown kind of file": (),
}
_UNKNOWN = "an unknown kind of file"
# context → the one type it takes (every context of a Python file takes one type or none)
_ONLY: dict[str | None, type] = {context: kinds[0] for context, kinds in ACCEPTS.items() if len(kinds) == 1}
_CODE_BLOCK = "a Markdown code block"

# value type → what it was escaped for, and the filter that escapes for it
KINDS: dict[type, tuple[str, str]] = {
    escape.Code: ("Python code", "pystr"),
    escape.Docstring: ("a docstring", "docstring"),
    escape.Comment: ("a # comment", "comment"),
    escape.Markdown: ("a Markdown block", "markdown"),
    escape.MdInline: ("a line of Markdown", "md_inline"),
    escape.MdCode: ("a Markdown code span", "md_code"),
    escape.MdCellCode: ("a Markdown code span in a table cell", "md_cell_code"),
    escape.Toml: ("a TOML string", "toml"),
}


class MisplacedValue(Exception):
    """A value escaped for one context was placed in another (or in one that takes none)."""

    def __init__(self, message: str, index: int | None) -> None:
        super().__init__(message)
        self.index = index  # the value's, in the render's order (None: not a value)


@dataclass
class Slots:
    """The escaped values one render placed. `watch`: the index of one value whose placing
    template line to record (a render is repeated with it to report a misplaced value)."""

    values: list[str] = field(default_factory=list)
    watch: int | None = None
    placed_at: tuple[str, int] | None = None

    def clear(self) -> None:
        self.values.clear()

    def place(self, value: str, frame: FrameType | None) -> str:
        self.values.append(value)
        if self.watch == len(self.values) - 1:
            while frame is not None and "__jinja_template__" not in frame.f_globals:
                frame = frame.f_back
            if frame is not None:
                template = frame.f_globals["__jinja_template__"]
                self.placed_at = str(template.filename), int(template.get_corresponding_lineno(frame.f_lineno))
        return marks(len(self.values))[len(self.values) - 1]

    def fill(self, text: str, path: str) -> str:
        """`text` with every placeholder replaced by its value, each checked against its context."""
        if OPEN not in text and CLOSE not in text:
            return text
        kind = path.rsplit(".", 1)[-1]
        markdown = kind == "md"
        parts = _PLACEHOLDER.split(text)
        if markdown:  # the scan also tells whether a value is next to a backtick, a backslash or another
            contexts, next_to = md_scan(text, parts)
        else:
            contexts, next_to = _SCANNERS.get(kind, _unknown)(text, parts), False
        filled = None if next_to else self._fill_at_once(text, parts, contexts, markdown)
        if filled is None:
            at = {m.start(): c for m, c in zip(_PLACEHOLDER.finditer(text), contexts, strict=True) if c is not None}
            filled = self._fill_one_by_one(text, at, markdown)
        if OPEN in filled or CLOSE in filled:
            raise MisplacedValue("a template wrote a placeholder character of its own", None)
        return filled

    def _fill_at_once(self, text: str, parts: list[str], contexts: list[str | None], markdown: bool) -> str | None:
        """The filled text when the scan gave every placeholder a context that takes its value
        (checked once per distinct pair of context and value type) and, in Markdown, no value
        could close its code block (the caller has checked that none is next to a backtick, a
        backslash or another value); else None: then the one by one pass says what is wrong.
        `parts`: the text split at its placeholders; `contexts`: the context of each
        placeholder, in order (None: none)."""
        if None in contexts:
            return None  # a placeholder without a context
        numerals, values = parts[1::2], self.values
        count = len(numerals)
        if count <= len(values) and numerals == NUMERALS[:count] and len(NUMERALS) >= count:
            placed = values[:count]  # the values in the order they were placed: each once
        else:
            indices = list(map(int, numerals))
            if indices and max(indices) >= len(values):
                return None  # a placeholder not from this render
            placed = list(map(values.__getitem__, indices))
        kinds = list(map(type, placed))
        if markdown or kinds != list(map(_ONLY.get, contexts)):  # Python: each context takes one type
            if not all(kind in ACCEPTS[context] for context, kind in set(zip(contexts, kinds, strict=True))):  # type: ignore[index]
                return None
        if markdown and "a Markdown code block" in contexts:
            in_code_blocks = compress(placed, map(_CODE_BLOCK.__eq__, contexts))
            if any(("```" in v or "~~~" in v) and CLOSES_FENCE.search(v) for v in in_code_blocks):
                return None
        parts[1::2] = placed
        return "".join(parts)

    def _fill_one_by_one(self, text: str, contexts: dict[int, str], markdown: bool) -> str:
        values = self.values

        def put(match: re.Match[str]) -> str:
            start = match.start()
            index = int(match.group(1))
            if index >= len(values):
                raise MisplacedValue("a template wrote a placeholder of its own", None)
            value = values[index]
            context = contexts.get(start, _UNKNOWN)
            if type(value) not in ACCEPTS[context]:
                kind, filter_name = KINDS[type(value)]
                raise MisplacedValue(f"a value escaped for {kind} (|{filter_name}) is placed in {context}", index)
            if context == "a Markdown code block" and CLOSES_FENCE.search(value):
                raise MisplacedValue("a value with a line that could close the code block is placed in it", index)
            end = match.end()
            if markdown and (text[start - 1 : start] in ("`", "\\", CLOSE) or text[end : end + 1] in ("`", OPEN)):
                raise MisplacedValue(
                    "a Markdown value is placed next to a backtick, a backslash or another value", index
                )
            return value

        return _PLACEHOLDER.sub(put, text)


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


Spans = list[tuple[int, int, str]]  # (start, end, context): the placeholders in text[start:end], in order


def _python(text: str) -> dict[int, str]:
    """The context of each placeholder of a Python file, by its offset."""
    return {m.start(): c for s, e, c in _py_spans(text) for m in _PLACEHOLDER.finditer(text, s, e)}


def _py_contexts(text: str, count: int) -> list[str | None]:
    """The context of each of the `count` placeholders of a Python file, in order: each span's
    context once per opening placeholder character in it, when the text has no other ones (a
    stray closing one moves no placeholder from its span: no token starts inside one)."""
    spans = _py_spans(text)
    if text.count(OPEN) == count:
        found: list[str | None] = []
        for start, end, context in spans:
            found += repeat(context, text.count(OPEN, start, end))
        if len(found) == count:
            return found
    at = {m.start(): c for s, e, c in spans for m in _PLACEHOLDER.finditer(text, s, e)}
    return [at.get(m.start()) for m in _PLACEHOLDER.finditer(text)]


def _py_spans(text: str) -> Spans:
    """The spans of a Python file's text that hold placeholders, each with its context. Every
    token starts with one of a few characters: the next of each is found with `str.find` (kept
    until passed) and the token matched there, which is what `search` finds, without `re`
    testing each character of the code between (most of a file's text). A string with no prefix
    letter and no placeholder just before it (most strings) needs no look at its prefix."""
    found: Spans = []
    size = len(text)
    find, match = text.find, _PY_CODE[False].match
    pos = 0
    comment = string = other = -1  # where the next `#`, `"` and `'` are (-1: not looked for; size: none)
    while True:
        if comment < pos:
            comment = find("#", pos)
            comment = size if comment < 0 else comment
        if string < pos:
            string = find('"', pos)
            string = size if string < 0 else string
        if other < pos:
            other = find("'", pos)
            other = size if other < 0 else other
        start = min(comment, string, other)
        if start >= size:
            break
        m = match(text, start)
        assert m is not None  # each start character is a token of its own
        if find(OPEN, pos, start) >= 0:
            found.append((pos, start, "Python code"))
        pos = m.end()
        token = m.group()
        if start == comment:
            if find(OPEN, start, pos) >= 0:
                found.append((start, pos, "a # comment"))
            continue
        kind = _string_kind(text, start) if start and text[start - 1] in _BEFORE_PREFIX else ""
        if token in _QUOTES:
            pos = _py_string(text, pos, token, kind, found)
            continue
        quote = token[:3] if token[:3] in _QUOTES else token[0]  # a whole string
        if kind == "f":  # its replacement fields are code
            pos = _py_string(text, start + len(quote), quote, kind, found)
        elif find(OPEN, start, pos) >= 0:
            context = "a docstring" if quote == '"""' and not kind else "a string literal"
            found.append((start + len(quote), pos - len(quote), context))
    if find(OPEN, pos, size) >= 0:
        found.append((pos, size, "Python code"))
    return found


def _string_kind(text: str, start: int) -> str:
    """The kind of the string whose quote is at `start`, from its prefix letters: "f", "b" (bytes) or "".
    After a placeholder the value's last characters may join the prefix (`f` + `\"\"\"`): such a
    string counts as an f-string."""
    prefix = _string_prefix(text, start).lower()
    joined = text[start - len(prefix) - 1 : start - len(prefix)] == CLOSE
    return "f" if "f" in prefix or joined else "b" if "b" in prefix else ""


_BEFORE_PREFIX = frozenset(f"rRbBuUfF{CLOSE}")  # what may precede a quote that has a prefix or joins a value


def _py_code(text: str, pos: int, found: Spans) -> int:
    """Scan an f-string's replacement field from `pos` up to its closing brace."""
    depth = 0
    tokens = _PY_CODE[True]
    while (m := tokens.search(text, pos)) is not None:
        start = m.start()
        _py_span(text, pos, start, "an f-string", found)
        pos = m.end()
        token = m.group()
        first = token[0]
        if first == "#":
            _py_span(text, start, pos, "a # comment", found)
        elif first == "{" or first == "}":
            depth += 1 if first == "{" else -1
            if depth < 0:
                return pos
        else:
            kind = _string_kind(text, start)
            if token in _QUOTES:
                pos = _py_string(text, pos, token, kind, found)
                continue
            quote = token[:3] if token[:3] in _QUOTES else first  # a whole string
            if kind == "f":  # its replacement fields are code
                pos = _py_string(text, start + len(quote), quote, kind, found)
            else:
                context = "a docstring" if quote == '"""' and not kind else "a string literal"
                _py_span(text, start + len(quote), pos - len(quote), context, found)
    _py_span(text, pos, len(text), "an f-string", found)
    return len(text)


def _string_prefix(text: str, quote: int) -> str:
    """The prefix letters (`f`, `rb`, …) of the string whose quote is at `quote`: one or two
    of them, not right after a name's character."""
    if quote == 0 or text[quote - 1] not in _PREFIX_LETTERS:
        return ""  # most strings
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


def _py_string(text: str, pos: int, quote: str, kind: str, found: Spans) -> int:
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
            found.append((m.start(), pos, context))
        elif token == "{":
            pos = _py_code(text, pos, found)
    return len(text)


def _py_span(text: str, start: int, end: int, context: str, found: Spans) -> None:
    """The placeholders of `text[start:end]` (if any) are in `context`."""
    if text.find(OPEN, start, end) >= 0:
        found.append((start, end, context))


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
            mark(text[pos:end], pos, "a TOML comment", found)
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


def _unknown(text: str, parts: list[str]) -> list[str | None]:
    return [None] * (len(parts) // 2)


def _in_order(scan: Callable[[str], dict[int, str]]) -> Callable[[str, list[str]], list[str | None]]:
    """A scanner's contexts in the order of the placeholders of the text (split at them: `parts`)."""

    def ordered(text: str, parts: list[str]) -> list[str | None]:
        count = len(parts) // 2
        found = scan(text)
        starts = list(found)  # the scanners find placeholders in order: sorting is a check
        if len(starts) == count and starts == sorted(starts):
            return list(found.values())
        return [found.get(m.start()) for m in _PLACEHOLDER.finditer(text)]

    return ordered


# file extension → the context of each placeholder of a rendered file (split at them), in order
_SCANNERS: dict[str, Callable[[str, list[str]], list[str | None]]] = {
    "py": lambda text, parts: _py_contexts(text, len(parts) // 2),
    "md": md_contexts,
    "toml": _in_order(_toml),
}
