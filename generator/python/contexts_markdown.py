"""The context of each placeholder of a rendered Markdown file (`contexts.py`): a fence and the
code block it opens, HTML, an indented code block, a value alone between blank lines, a table
cell, a code span or a line of prose — decided from the template's own text, the placeholders
opaque."""

from __future__ import annotations

import collections
import operator
import re
from itertools import chain
from typing import cast

from generator.python.placeholders import CLOSE, OPEN, PLACEHOLDER, mark_span

_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
CLOSES_FENCE = re.compile(r"(?:^|\n) {0,3}(?:```|~~~)")  # a line of a value that could end a fence
NEXT_TO_PAIRS = ("`" + OPEN, "\\" + OPEN, CLOSE + OPEN, CLOSE + "`")  # a placeholder next to these
_MDPLACEHOLDER_LINE = re.compile(f"^[ ]*{OPEN}\\d+{CLOSE}[ ]*$")
_MD_INLINE = re.compile(f"(?P<ph>{OPEN}\\d+{CLOSE})|(?P<esc>\\\\[^{OPEN}])|(?P<ticks>`+)")
# The lines that can end a paragraph (a blank line, a fence, HTML) and, in a fence, the lines
# that can close it: every other line only extends the paragraph it is in, so it is skipped.
_MD_BREAK = re.compile(r"^(?: {0,3}(?:```|~~~|<)|[^\S\n]*$)", re.MULTILINE)
_MD_FENCE_LINE = re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)
_MD_BLANK_LINE = re.compile(r"^[^\S\n]*$", re.MULTILINE)


def markdown(text: str) -> dict[int, str]:
    """The context of each placeholder of a Markdown file, by its offset."""
    return {m.start(): c for m, c in zip(PLACEHOLDER.finditer(text), md_contexts(text), strict=True) if c is not None}


def md_contexts(text: str, parts: list[str] | None = None) -> list[str | None]:
    """The context of each placeholder of a Markdown file, in order (`md_scan`)."""
    return md_scan(text, parts)[0]


def md_scan(text: str, parts: list[str] | None = None) -> tuple[list[str | None], bool]:
    """The context of each placeholder of a Markdown file, in order, and whether a placeholder is
    next to a backtick, a backslash or another placeholder (`NEXT_TO_PAIRS`), scanned a chunk at
    a time: up to and including the next empty line, after which the scan is always in the state
    it starts in (a paragraph ended, no fence or HTML open). A rendered page repeats a few chunk
    shapes (a table row, a heading, a sample) with other values, so each shape — the chunk with
    every placeholder the same — is scanned once (`_md_chunk`): the scan reads a placeholder's
    digits nowhere, nor does a pair (none holds a line break: no pair spans two chunks). The
    chunks are cut and looked up all at once (a page has dozens: GitHub's model pages 50,000,
    most seen before). A chunk that leaves a fence or HTML open is scanned on to the end of the
    file. `parts`: the text split at its placeholders, if at hand."""
    shape = _SHAPE.join((parts if parts is not None else PLACEHOLDER.split(text))[0::2])
    pieces = shape.split("\n\n")  # each chunk but the last is its piece and the first "\n"
    last = pieces.pop()
    seen = list(map(CHUNKS.get, pieces))
    if None in seen:
        seen = [k if k is not None else _md_chunk(p, "\n") for k, p in zip(seen, pieces, strict=True)]
    known = cast(list[Chunk], seen)
    if not all(map(_CLEAR, known)):
        opened = list(map(_CLEAR, known)).index(False)
        pos = sum(map(len, pieces[:opened])) + 2 * opened
        found = list(chain.from_iterable(map(_CONTEXTS, known[:opened])))
        rest, _ = _md_scan(shape[pos:])
        found += (rest.get(m.start() - pos) for m in PLACEHOLDER.finditer(shape, pos))
        return found, _next_to(shape)
    found = list(chain.from_iterable(map(_CONTEXTS, known)))
    ending = LAST_CHUNKS.get(last)
    if ending is None:
        contexts, _, next_to = _md_chunk(last, "")
        ending = contexts, next_to
    found += ending[0]
    return found, ending[1] or any(map(_NEXT_TO, known))


def _next_to(shape: str) -> bool:
    """Whether a placeholder of `shape` is next to a backtick, a backslash or another one."""
    return any(pair in shape for pair in NEXT_TO_PAIRS)


_SHAPE = f"{OPEN}0{CLOSE}"
_CONTEXTS, _CLEAR, _NEXT_TO = operator.itemgetter(0), operator.itemgetter(1), operator.itemgetter(2)
Chunk = tuple[tuple[str | None, ...], bool, bool]  # contexts, whether it ends clear, `_next_to`
CHUNKS: dict[str, Chunk] = {}  # a chunk's piece (the chunk without the "\n" it ends with) → its scan
LAST_CHUNKS: dict[
    str, tuple[tuple[str | None, ...], bool]
] = {}  # a file's last chunk (all of it) → contexts, `_next_to`
CHUNKS_SIZE = 0  # characters held, bounded
CHUNKS_MAX = 4_000_000  # characters: a few MB on the largest specs


def _md_chunk(piece: str, end: str) -> Chunk:
    """The context of each placeholder of one chunk, `piece` then `end` ("\n", or "" for the
    last), in order, whether the scan ends it in its starting state and whether a placeholder
    is next to a backtick, a backslash or another one; kept for the next chunk of that shape."""
    global CHUNKS_SIZE
    shape = piece + end
    found, clear = _md_scan(shape)
    count = shape.count(OPEN)
    if len(found) == count and list(found) == sorted(found):
        # every opening character a placeholder with a context (each of `found` is one), found
        # in order: most chunks, without reading the placeholders again
        contexts: tuple[str | None, ...] = tuple(found.values())
    else:
        contexts = tuple(found.get(m.start()) for m in PLACEHOLDER.finditer(shape))
    known = contexts, clear, _next_to(shape)
    if CHUNKS_SIZE + len(shape) > CHUNKS_MAX:
        CHUNKS.clear()
        LAST_CHUNKS.clear()
        CHUNKS_SIZE = 0
    if end:
        CHUNKS[piece] = known
    else:
        LAST_CHUNKS[piece] = known[0], known[2]
    CHUNKS_SIZE += len(shape)
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
            mark_span(text, pos, end, "a Markdown fence's info string", found)
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
            mark_span(text, pos, stop, "Markdown HTML", found)
            pos = stop + 1
            continue
        if len(line) - len(stripped) >= 4 and previous_blank and not blank:
            mark_span(text, pos, end, "an indented Markdown code block", found)
        elif blank:
            paragraph = _inline(text, paragraph, pos - 1, found)
        elif previous_blank and OPEN in line and _MDPLACEHOLDER_LINE.match(line) and _md_blank_after(text, end):
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
                mark_span(text, start, m.start(), "a Markdown code block", found)
                return end + 1, False
        pos = end + 1
    mark_span(text, start, size, "a Markdown code block", found)
    return size + 1, False  # the fence is still open


def _inline(text: str, start: int, end: int, found: dict[int, str]) -> int:
    """The placeholders of the paragraph (or table) `text[start:end]` (none if `start` is -1): in
    a code span, a table cell (a line with a `|`: a GFM table row needs no leading pipe) or prose.
    A backtick run opens a code span only if the same length closes it later in the paragraph.
    Returns -1, the paragraph that follows (none yet)."""
    if start < 0 or text.find(OPEN, start, end) < 0:
        return -1
    if text.find("`", start, end) < 0:  # no code span: a line's placeholders are in a cell or prose
        if all("|" in line for line in text[start:end].split("\n") if OPEN in line):  # a table's rows
            mark_span(text, start, end, "a Markdown table cell", found)
            return -1
        line = start
        while line <= end:
            stop = text.find("\n", line, end)
            stop = end if stop < 0 else stop
            if text.find(OPEN, line, stop) >= 0:
                cell = text.find("|", line, stop) >= 0
                mark_span(text, line, stop, "a Markdown table cell" if cell else "a line of Markdown", found)
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
