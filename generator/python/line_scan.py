"""The brackets, commas and comment of one line of generated Python outside its string literals
(`scan_line`, one regex match a token), and what `code_layout` reads of them: the parts of an
expression between separators outside brackets and strings (`split`), whether a part of a line
is whole (`whole`), its brackets with a magic trailing comma (`magic`); and of a module, which
lines are a triple-quoted string's text (`quote_counts`), and whether the width ruff measures of
its lines outside ASCII matters (`widths_safe`)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate

from generator.python.ruff_rewrites import ATOM, STRING

# a bracket, a comma, a comment's `#` (group 1), after the text and the double-quoted string
# literals before it (escapes skipped); or a quote that opens none (a single quote, a double
# quote with no closing one after it): what `code_layout` does not lay out; or the end of the line
# (group 1 empty). Each repetition unrolled (`a*(?:b a*)*`, not `(?:a|b)*`): `re` steps through
# it at twice the speed. The end is a match of its own, and the runs of text are possessive
# (`*+`): else the text after the last token is tried again from each of its characters, a
# search quadratic in its length (`) -> LongName:` cost 100 µs a line)
_TOKENS = re.compile(r"""[^"'()\[\]{},#]*+(?:"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"[^"'()\[\]{},#]*+)*+([()\[\]{},#'"]|\Z)""")
_OPEN, _CLOSE = "([{", ")]}"


@dataclass(slots=True)
class Scan:
    """What `scan_line` finds in a line: its bracket pairs, their commas, where a comment starts."""

    pairs: dict[int, int]  # a closing bracket's index → its opening bracket's
    commas: dict[int, list[int]]  # an opening bracket's index → those of the commas right inside it (-1: outside any)
    closes: list[int]  # the closing brackets' indices, in order
    comment: int = -1  # where a comment starts (-1: none)
    forced: tuple[int, ...] = ()  # the opening brackets with a magic trailing comma, in order (`magic`)


def scan_line(text: str) -> Scan | None:
    """The brackets and commas of one line outside its string literals; `None` when it has
    anything else `code_layout` does not lay out, or its brackets do not pair. One match a
    bracket or comma: the text and the string literals before it are skipped in C."""
    if '"""' in text:
        return None  # a triple-quoted string
    stack: list[list[int]] = []  # each open bracket: its index, then its commas'
    top: list[int] = []  # the commas outside any bracket
    scan = Scan({}, {-1: top}, [])
    for token in _TOKENS.finditer(text):
        at, kind = token.start(1), token[1]
        if not kind:
            break  # the end of the line
        if kind == ",":
            (stack[-1] if stack else top).append(at)
        elif kind in _OPEN:
            stack.append([at])
        elif kind in _CLOSE:
            if not stack or text[stack[-1][0]] != _OPEN[_CLOSE.index(kind)]:
                return None
            inside = stack.pop()
            scan.pairs[at] = inside[0]
            scan.commas[inside[0]] = inside[1:]
            scan.closes.append(at)
        elif kind == "#":
            scan.comment = at
            return None if stack else scan
        else:
            return None  # a quote: a single-quoted string (the generator writes double quotes)
    return None if stack else scan


def split(expr: str, separator: str) -> list[str]:
    """`expr` split at each `separator` outside brackets and strings; [] when a part is not read
    here (`scan_line`). One scan of the whole: a part is whole (`whole`) exactly when it ends at a
    separator outside the brackets and strings the scan finds."""
    scan = scan_line(expr + ",")
    if scan is None or scan.comment >= 0:  # a comment: none in what is split (`_lay_bracketed`)
        return []
    return split_at(expr, separator, scan)


def stripped(text: str, lo: int, hi: int) -> tuple[int, int]:
    """`lo, hi` without the spaces at either end of `text[lo:hi]`."""
    while lo < hi and text[lo] == " ":
        lo += 1
    while hi > lo and text[hi - 1] == " ":
        hi -= 1
    return lo, hi


def split_at(expr: str, separator: str, scan: Scan) -> list[str]:
    """`split` with the scan of `expr + ","` at hand."""
    # the spans a separator inside is not one: the outermost bracket pairs, and the string
    # literals between them (one inside brackets is inside their span: not looked for)
    brackets = outermost(scan)
    gaps = zip([0, *(end for _, end in brackets)], [*(start for start, _ in brackets), len(expr)], strict=True)
    strings = [m.span() for lo, hi in gaps if expr.find('"', lo, hi) >= 0 for m in STRING.finditer(expr, lo, hi)]
    spans = sorted(brackets + strings) if strings else brackets
    starts = [start for start, _ in spans]
    parts: list[str] = []
    last, at = 0, expr.find(separator)
    while at >= 0:
        n = bisect.bisect_right(starts, at) - 1
        if n < 0 or spans[n][1] <= at:  # outside them all
            parts.append(expr[last:at])
            last = at + len(separator)
        at = expr.find(separator, at + len(separator))
    parts.append(expr[last:])
    return parts


def outermost(scan: Scan) -> list[tuple[int, int]]:
    """The spans of the bracket pairs that are inside no other (from the opening bracket to
    after the closing one)."""
    spans: list[tuple[int, int]] = []
    for close in scan.closes:  # in order: an outer pair closes after those inside it
        opened = scan.pairs[close]
        while spans and spans[-1][0] > opened:
            spans.pop()
        spans.append((opened, close + 1))
    return spans


def whole(part: str) -> bool:
    """Whether `part` of a line is whole: its brackets pair and its strings close (`scan_line`); an
    atom (most of the elements and operands `split` finds: a literal's values) at a glance."""
    return ATOM.fullmatch(part) is not None or scan_line(part + ",") is not None


def magic(text: str, scan: Scan) -> tuple[int, ...]:
    """The opening brackets of `text` whose last comma ends their content (a magic trailing
    comma: ruff writes an element a line), in order; not a tuple's of one element (`(a,)`, whose
    comma makes it a tuple)."""
    found = []
    for close, opened in scan.pairs.items():
        commas = scan.commas[opened]
        if not commas or text[commas[-1] + 1 : close].strip(" "):
            continue
        if text[opened] == "(" and not after_name(text, opened) and len(commas) == 1:
            continue  # a tuple of one
        found.append(opened)
    return tuple(sorted(found))


def after_name(text: str, opened: int) -> bool:
    """Whether the bracket at `opened` follows a name or a closing bracket: a call's or a
    subscript's, not a tuple's, a list's or a dict's."""
    return opened > 0 and (text[opened - 1].isalnum() or text[opened - 1] in "_)]")


def forced_in(scan: Scan, lo: int, hi: int) -> bool:
    """Whether a bracket opened in `lo:hi` has a magic trailing comma (`Scan.forced`)."""
    return bool(scan.forced) and bisect.bisect_left(scan.forced, lo) < bisect.bisect_left(scan.forced, hi)


def widths_safe(code: str, lines: list[str], sizes: list[int], width: int) -> bool:
    """Whether ruff leaves every line with characters outside ASCII as it is, however wide they
    show (ruff measures a line in columns: a CJK character takes two, none more): the line fits
    even with each of them two columns wide (`# class → module`), or it is in the text of a
    triple-quoted string, on a line with no quotes of its own (a docstring's body)."""
    wide = [
        n
        for n, line in enumerate(lines)
        if not line.isascii() and sizes[n] + sum(not c.isascii() for c in line) > width
    ]
    quotes = quote_counts(code, sizes, wide)
    return all(quotes[n] % 2 and '"""' not in lines[n] for n in wide)


def quote_counts(code: str, sizes: list[int], wanted: list[int]) -> dict[int, int]:
    """For each line of `code` in `wanted` (in order; `sizes`: the lines' lengths), how many
    `\"\"\"` come before it: counted in `code` up to the line's start (a `\"\"\"` is on one line)."""
    starts = list(accumulate(sizes, initial=0))  # line n starts at starts[n] + n
    counts, seen, start = {}, 0, 0
    for n in wanted:
        seen += code.count('"""', start, starts[n] + n)
        counts[n], start = seen, starts[n] + n
    return counts
