"""The placeholders of a render (`contexts.py`): an escaped value's stand-in, two characters of
Unicode's private use area around the value's number, made once for the process."""

from __future__ import annotations

import re

OPEN, CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")
MARKS: list[str] = []  # placeholder n, made once for the process (`marks`)
NUMERALS: list[str] = []  # the digits of placeholder n


def marks(count: int) -> list[str]:
    """`MARKS`, holding at least the first `count` placeholders."""
    if len(MARKS) < count:
        more = range(len(MARKS), max(count, 2 * len(MARKS), 1024))
        NUMERALS.extend(map(str, more))
        MARKS.extend(f"{OPEN}{n}{CLOSE}" for n in more)
    return MARKS


def mark(line: str, start: int, context: str, found: dict[int, str]) -> None:
    """Every placeholder of `line` (at `start` in its text) is in `context`."""
    for m in PLACEHOLDER.finditer(line):
        found[start + m.start()] = context


def mark_span(text: str, start: int, end: int, context: str, found: dict[int, str]) -> None:
    """Every placeholder of `text[start:end]` is in `context`."""
    if text.find(OPEN, start, end) >= 0:
        found.update(dict.fromkeys(map(re.Match.start, PLACEHOLDER.finditer(text, start, end)), context))
