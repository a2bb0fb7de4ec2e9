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

import collections
import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from types import FrameType

from generator.python import escape

OPEN, CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")
MARKS: list[str] = []  # placeholder n, made once for the process (`marks`)
_NUMERALS: list[str] = []  # the digits of placeholder n


def marks(count: int) -> list[str]:
    """`MARKS`, holding at least the first `count` placeholders."""
    if len(MARKS) < count:
        more = range(len(MARKS), max(count, 2 * len(MARKS), 1024))
        _NUMERALS.extend(map(str, more))
        MARKS.extend(f"{OPEN}{n}{CLOSE}" for n in more)
    return MARKS


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
        contexts = _SCANNERS.get(kind, _unknown)(text, parts)
        filled = self._fill_at_once(text, parts, contexts, markdown)
        if filled is None:
            at = {m.start(): c for m, c in zip(_PLACEHOLDER.finditer(text), contexts, strict=True) if c is not None}
            filled = self._fill_one_by_one(text, at, markdown)
        if OPEN in filled or CLOSE in filled:
            raise MisplacedValue("a template wrote a placeholder character of its own", None)
        return filled

    def _fill_at_once(self, text: str, parts: list[str], contexts: list[str | None], markdown: bool) -> str | None:
        """The filled text when the scan gave every placeholder a context that takes its value
        (checked once per distinct pair of context and value type) and, in Markdown, no value
        is next to a backtick, a backslash or another value, or could close its code block;
        else None: then the one by one pass says what is wrong. `parts`: the text split at its
        placeholders; `contexts`: the context of each placeholder, in order (None: none)."""
        if markdown and any(pair in text for pair in _MD_NEXT_TO_PAIRS):
            return None
        if None in contexts:
            return None  # a placeholder without a context
        numerals, values = parts[1::2], self.values
        count = len(numerals)
        if count <= len(values) and numerals == _NUMERALS[:count] and len(_NUMERALS) >= count:
            placed = values[:count]  # the values in the order they were placed: each once
        else:
            indices = list(map(int, numerals))
            if indices and max(indices) >= len(values):
                return None  # a placeholder not from this render
            placed = list(map(values.__getitem__, indices))
        if not all(kind in ACCEPTS[context] for context, kind in set(zip(contexts, map(type, placed), strict=True))):  # type: ignore[index]
            return None
        if markdown and "a Markdown code block" in contexts:
            in_code_blocks = (v for c, v in zip(contexts, placed, strict=True) if c == "a Markdown code block")
            if any(("```" in v or "~~~" in v) and _MD_CLOSES_FENCE.search(v) for v in in_code_blocks):
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
            if context == "a Markdown code block" and _MD_CLOSES_FENCE.search(value):
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
    context once per placeholder character in it, when the text has no other ones."""
    spans = _py_spans(text)
    if text.count(OPEN) == count == text.count(CLOSE):
        found: list[str | None] = []
        for start, end, context in spans:
            found += repeat(context, text.count(OPEN, start, end))
        if len(found) == count:
            return found
    at = {m.start(): c for s, e, c in spans for m in _PLACEHOLDER.finditer(text, s, e)}
    return [at.get(m.start()) for m in _PLACEHOLDER.finditer(text)]


def _py_spans(text: str) -> Spans:
    found: Spans = []
    _py_code(text, 0, found, in_fstring=False)
    return found


def _py_code(text: str, pos: int, found: Spans, *, in_fstring: bool) -> int:
    """Scan code from `pos`; inside an f-string's replacement field, up to its closing brace."""
    depth = 0
    tokens = _PY_CODE[in_fstring]
    code = "an f-string" if in_fstring else "Python code"
    while (m := tokens.search(text, pos)) is not None:
        start = m.start()
        _py_span(text, pos, start, code, found)
        pos = m.end()
        token = m.group()
        first = token[0]
        if first == "#":
            _py_span(text, start, pos, "a # comment", found)
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
                _py_span(text, start + len(quote), pos - len(quote), context, found)
    _py_span(text, pos, len(text), code, found)
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
            pos = _py_code(text, pos, found, in_fstring=True)
    return len(text)


def _py_span(text: str, start: int, end: int, context: str, found: Spans) -> None:
    """The placeholders of `text[start:end]` (if any) are in `context`."""
    if text.find(OPEN, start, end) >= 0:
        found.append((start, end, context))


# ---------------------------------------------------------------------------------- Markdown
_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_MD_CLOSES_FENCE = re.compile(r"(?:^|\n) {0,3}(?:```|~~~)")  # a line of a value that could end a fence
_MD_NEXT_TO_PAIRS = ("`" + OPEN, "\\" + OPEN, CLOSE + OPEN, CLOSE + "`")  # a placeholder next to these
_MD_PLACEHOLDER_LINE = re.compile(f"^[ ]*{OPEN}\\d+{CLOSE}[ ]*$")
_MD_INLINE = re.compile(f"(?P<ph>{OPEN}\\d+{CLOSE})|(?P<esc>\\\\[^{OPEN}])|(?P<ticks>`+)")
# The lines that can end a paragraph (a blank line, a fence, HTML) and, in a fence, the lines
# that can close it: every other line only extends the paragraph it is in, so it is skipped.
_MD_BREAK = re.compile(r"^(?: {0,3}(?:```|~~~|<)|[^\S\n]*$)", re.MULTILINE)
_MD_FENCE_LINE = re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)
_MD_BLANK_LINE = re.compile(r"^[^\S\n]*$", re.MULTILINE)


def _markdown(text: str) -> dict[int, str]:
    """The context of each placeholder of a Markdown file, by its offset."""
    return {m.start(): c for m, c in zip(_PLACEHOLDER.finditer(text), _md_contexts(text), strict=True) if c is not None}


def _md_contexts(text: str, parts: list[str] | None = None) -> list[str | None]:
    """The context of each placeholder of a Markdown file, in order, scanned a chunk at a time: up
    to and including the next empty line, after which the scan is always in the state it starts
    in (a paragraph ended, no fence or HTML open). A rendered page repeats a few chunk shapes (a
    table row, a heading, a sample) with other values, so each shape — the chunk with every
    placeholder the same — is scanned once (`_md_chunk`): the scan reads a placeholder's digits
    nowhere. A chunk that leaves a fence or HTML open is scanned on to the end of the file.
    `parts`: the text split at its placeholders, if at hand."""
    shape = _SHAPE.join((parts if parts is not None else _PLACEHOLDER.split(text))[0::2])
    found: list[str | None] = []
    size = len(shape)
    pos = 0
    while pos <= size:
        cut = shape.find("\n\n", pos)
        end = size if cut < 0 else cut + 1
        contexts, clear = _md_chunk(shape[pos:end])
        if not clear and cut >= 0:
            rest, _ = _md_scan(shape[pos:])
            found += (rest.get(m.start() - pos) for m in _PLACEHOLDER.finditer(shape, pos))
            return found
        found += contexts
        pos = end + 1
    return found


_SHAPE = f"{OPEN}0{CLOSE}"
_MD_CHUNKS: dict[str, tuple[tuple[str | None, ...], bool]] = {}
_MD_CHUNKS_SIZE = 0  # characters held, bounded
_MD_CHUNKS_MAX = 20_000_000


def _md_chunk(shape: str) -> tuple[tuple[str | None, ...], bool]:
    """The context of each placeholder of one chunk's shape, in order, and whether the scan ends
    it in its starting state."""
    global _MD_CHUNKS_SIZE
    known = _MD_CHUNKS.get(shape)
    if known is None:
        found, clear = _md_scan(shape)
        known = tuple(found.get(m.start()) for m in _PLACEHOLDER.finditer(shape)), clear
        if _MD_CHUNKS_SIZE + len(shape) > _MD_CHUNKS_MAX:
            _MD_CHUNKS.clear()
            _MD_CHUNKS_SIZE = 0
        _MD_CHUNKS[shape] = known
        _MD_CHUNKS_SIZE += len(shape)
    return known


def _md_scan(text: str) -> tuple[dict[int, str], bool]:
    """Line by line (CommonMark's blocks, simplified): a fence and the code block it opens, HTML,
    an indented code block, a value alone between blank lines, else paragraphs (`_inline`). A
    line that can change the block (`_MD_BREAK`), or follows a blank one, is read on its own; the
    lines between only extend the paragraph, and are found a run at a time. Also whether the scan
    ends in the state it starts in (the last line blank, no fence or HTML open)."""
    found: dict[int, str] = {}
    size = len(text)
    pos = 0  # the start of the next line to read; size + 1 past the last one
    paragraph = -1  # where the current paragraph starts (-1: none)
    previous_blank = True
    while pos <= size:
        if not previous_blank:  # skip to the next line that can break the paragraph
            m = _MD_BREAK.search(text, pos)
            at = m.start() if m is not None else size + 1
            if at > pos:
                if paragraph < 0:
                    paragraph = pos
                pos = at
                if pos > size:
                    break
        end = text.find("\n", pos)
        end = size if end < 0 else end
        line = text[pos:end]
        blank = not line.strip()
        opening = _MD_FENCE.match(line)
        stripped = line.lstrip(" ")
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            paragraph = _inline(text, paragraph, pos - 1, found)
            _mark_span(text, pos, end, "a Markdown fence's info string", found)
            run = opening.group(1)
            pos, previous_blank = _md_fence_body(text, end + 1, run[0], len(run), found)
            continue
        if stripped.startswith("<") and len(line) - len(stripped) < 4:
            paragraph = _inline(text, paragraph, pos - 1, found)
            if not stripped.startswith("<!--"):
                until = _MD_BLANK_LINE.search(text, end + 1) if end < size else None  # to the next blank line
                stop = until.end() if until is not None else size
                previous_blank = until is not None
            elif "-->" not in stripped[4:]:
                close = text.find("-->", end + 1) if end < size else -1
                stop = text.find("\n", close) if close >= 0 else -1  # to the end of the line that closes it
                stop = size if stop < 0 else stop
                previous_blank = False
            else:
                stop, previous_blank = end, False
            _mark_span(text, pos, stop, "Markdown HTML", found)
            pos = stop + 1
            continue
        if len(line) - len(stripped) >= 4 and previous_blank and not blank:
            _mark_span(text, pos, end, "an indented Markdown code block", found)
        elif blank:
            paragraph = _inline(text, paragraph, pos - 1, found)
        elif previous_blank and OPEN in line and _MD_PLACEHOLDER_LINE.match(line) and _md_blank_after(text, end):
            found[line.index(OPEN) + pos] = "a Markdown block"  # a block of its own: blank lines around
        elif paragraph < 0:
            paragraph = pos
        previous_blank = blank
        pos = end + 1
    _inline(text, paragraph, size, found)
    return found, previous_blank


def _md_blank_after(text: str, end: int) -> bool:
    """Whether the line after the one ending at `end` is blank (or there is none)."""
    if end >= len(text):
        return True
    after = text.find("\n", end + 1)
    return not text[end + 1 : after if after >= 0 else len(text)].strip()


def _md_fence_body(text: str, pos: int, char: str, length: int, found: dict[int, str]) -> tuple[int, bool]:
    """Mark a fenced code block's lines from `pos` up to the line that closes it (the same
    character, at least as long, nothing after); the next line's start, and whether the last
    line read was blank."""
    size = len(text)
    start = pos
    while pos <= size:
        m = _MD_FENCE_LINE.search(text, pos)
        if m is None:
            break
        end = text.find("\n", m.start())
        end = size if end < 0 else end
        closing = _MD_FENCE.match(text[m.start() : end])
        if closing is not None:
            run = closing.group(1)
            if run[0] == char and len(run) >= length and not closing.group(2).strip():
                _mark_span(text, start, m.start(), "a Markdown code block", found)
                return end + 1, False
        pos = end + 1
    _mark_span(text, start, size, "a Markdown code block", found)
    return size + 1, False  # the fence is still open


def _mark(line: str, start: int, context: str, found: dict[int, str]) -> None:
    for m in _PLACEHOLDER.finditer(line):
        found[start + m.start()] = context


def _mark_span(text: str, start: int, end: int, context: str, found: dict[int, str]) -> None:
    """Every placeholder of `text[start:end]` is in `context`."""
    if text.find(OPEN, start, end) >= 0:
        found.update(dict.fromkeys(map(re.Match.start, _PLACEHOLDER.finditer(text, start, end)), context))


def _inline(text: str, start: int, end: int, found: dict[int, str]) -> int:
    """The placeholders of the paragraph (or table) `text[start:end]` (none if `start` is -1): in
    a code span, a table cell (a line with a `|`: a GFM table row needs no leading pipe) or prose.
    A backtick run opens a code span only if the same length closes it later in the paragraph.
    Returns -1, the paragraph that follows (none yet)."""
    if start < 0 or text.find(OPEN, start, end) < 0:
        return -1
    if text.find("`", start, end) < 0:  # no code span: a line's placeholders are in a cell or prose
        line = start
        while line <= end:
            stop = text.find("\n", line, end)
            stop = end if stop < 0 else stop
            if text.find(OPEN, line, stop) >= 0:
                cell = text.find("|", line, stop) >= 0
                _mark_span(text, line, stop, "a Markdown table cell" if cell else "a line of Markdown", found)
            line = stop + 1
        return -1
    tokens = list(_MD_INLINE.finditer(text, start, end))
    later = collections.Counter(len(t) for t in map(_ticks, tokens) if t)  # the runs not yet passed
    span: int | None = None
    unclosed = False  # a run no later run of the template closes: a value could close it
    for m in tokens:
        ticks = m.group("ticks")
        if ticks:
            length = len(ticks)
            later[length] -= 1
            if span is None:
                if later[length] > 0:
                    span = length
                else:
                    unclosed = True
            elif length == span:
                span = None
        elif m.group("ph"):
            at = m.start()
            if span is not None or unclosed:
                found[at] = "a Markdown code span"
            else:
                first = text.rfind("\n", start, at) + 1 or start
                last = text.find("\n", at, end)
                row = text.find("|", first, last if last >= 0 else end) >= 0
                found[at] = "a Markdown table cell" if row else "a line of Markdown"
    return -1


_ticks = operator.methodcaller("group", "ticks")


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
    "md": _md_contexts,
    "toml": _in_order(_toml),
}
