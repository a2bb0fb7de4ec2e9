"""Lay out a line too long for the page the way `ruff format` does, for the one shape the docs'
usage examples and the generated tests' calls have: a statement ending in a call whose arguments
are literals, lists, dicts and keyword arguments, written on one line. What is laid out here is
what ruff would write, so a docs page of such examples, or a test module, needs no formatter
pass (`format.py`: Graph's 1,900 group pages and 1,900 test modules were 25 MB of ruff's input,
staged, formatted and read back for it).

The rules are ruff's (and black's) for brackets that hold no magic trailing comma:
- a line that fits stays as it is;
- else it splits at its last bracket pair: the head up to the opening bracket, then the contents
  indented by 4, then the closing bracket and what follows it;
- a call's arguments that fit go on one line as they are, with no comma added; else, and always
  for the elements of a list or a dict, when there is more than one, each goes on a line of
  its own followed by a comma (the last one added); a lone element or argument is laid out by
  the same rules in turn, with no comma added.

A comment at the end of the line goes after the closing bracket (and counts in whether the
line fits, as in ruff). A `with` of several items puts them in parentheses, one a line, each
laid out so in turn. A line of any other shape gives `None` and the caller keeps the one-line
text, which the formatter then lays out: a statement other than an assignment, `return` or
`with` of calls, a head or a closing line that does not fit, an element too long with no
bracket to split at, a call in the arguments but `name=f(...)`, `"key": f(...)` and `f(...)`, a
string this module does not read, text that is not ASCII (ruff measures width by the characters' display width).
`tests/test_code_layout.py` checks the rules against ruff itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a string literal (one or the other quote, escapes skipped), a bracket, a comma, or what this
# module does not lay out (a comment, a triple-quoted or prefixed string: read from the start)
_TOKENS = re.compile(r"""[rRbBuUfF]+["']|'''|\"\"\"|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[()\[\]{},#"']""")
_OPEN, _CLOSE = "([{", ")]}"
# the statements laid out: `x = `, `x: T = `, `return ` or nothing, maybe `await `, a call, its
# arguments, then `)`, maybe attributes (`.data`); or `with` a call `as` a name
_HEADS = re.compile(r"(?:(?:[A-Za-z_]\w*(?:: [\w.]+)? = |return )?(?:await )?|with )[A-Za-z_][\w.]*\($")
_NESTED_HEADS = re.compile(r'(?:[A-Za-z_]\w*=|"(?:[^"\\]|\\.)*": )?[A-Za-z_][\w.]*\($')
_TAILS = re.compile(r"\)(?:\.[A-Za-z_]\w*)*(?: as [A-Za-z_]\w*:?)?$")  # `:?`: an item of a `with` of several
_WITH = re.compile(r"(?:async )?with ")
_INDENT = 4


def lay_out(code: str, width: int) -> str | None:
    """`code` (lines of Python, each at its indent) with each line longer than `width` laid out
    as ruff would; `None` when one of them is of a shape this module does not lay out, or when
    ruff would change a line that fits (`as_ruff_writes`)."""
    if _REWRITTEN.search(code):
        return None
    lines = code.split("\n")
    if all(len(line) <= width for line in lines):
        return code
    out: list[str] = []
    for line in lines:
        if len(line) <= width or line.lstrip(" ").startswith(_LEFT):  # ruff leaves them as they are
            out.append(line)
            continue
        if not line.isascii():
            return None
        text = line.lstrip(" ")
        scan = _scan(text)
        if scan is None:
            return None
        end, comment = len(text), ""
        if scan.comment >= 0:  # `code  # comment`: the comment goes after the closing bracket
            end, comment = scan.comment - 2, "  " + text[scan.comment :]
            if text[end:] != comment or text[end - 1] == " ":
                return None
        indent = len(line) - len(text)
        opening = _WITH.match(text)
        items = [c for c in scan.commas if scan.depth[c] == 0] if opening and text.endswith(":") else []
        if opening and items and not comment:  # `with a as b, c(...) as d:`: the items in parentheses, one a line
            out.append(" " * indent + opening[0] + "(")
            starts, ends = [opening.end(), *(c + 1 for c in items)], [*items, end - 1]
            for a, b in zip(starts, ends, strict=True):
                if not _lay(text, *_strip(text, a, b), indent + _INDENT, ",", width, scan, out, top=True):
                    return None
            out.append(" " * indent + "):")
        elif not _lay(text, 0, end, indent, comment, width, scan, out, top=True):
            return None
    return "\n".join(out)


def as_ruff_writes(code: str, width: int) -> bool:
    """Whether `code`, made by `lay_out` or fitting as it is, is what ruff writes: its lines fit
    (`lay_out` left none longer) but those ruff leaves (`_LEFT`), and it has none of what ruff
    rewrites in a line that fits (`_REWRITTEN`). The generator's literals are otherwise as ruff
    writes them: double-quoted, ASCII, escapes as JSON writes them (`escape.pystr`), numbers as
    `repr` writes them, `, ` and `: ` between elements (`tests/test_code_layout.py` checks it
    against ruff)."""
    if not code.isascii() or _REWRITTEN.search(code):
        return False
    return all(len(line) <= width or line.lstrip(" ").startswith(_LEFT) for line in code.split("\n"))


# the lines too long that ruff leaves as they are: a comment, a docstring's first line (the
# generator's docstrings start and end with no quote: `escape.Docstring`)
_LEFT = ("#", '"""')


# What ruff writes otherwise in a line that fits: a string literal with an escaped double quote
# (`'say "hi"'` for `"say \\"hi\\""`), an exponent with a `+` (`1e16` for `repr`'s `1e+16`), a
# magic trailing comma (`(1, 2,)` one element a line; that of a tuple of one number of up to
# three digits after a space or a bracket, ` (404,)`, is the tuple's, kept). Looked for in the
# whole text, strings included: a false alarm only leaves the file to ruff.
_REWRITTEN = re.compile(r'\\"|[0-9][eE]\+|,[\]}]|(?<![ (]\(\d)(?<![ (]\(\d\d)(?<![ (]\(\d\d\d),\)')


@dataclass(slots=True)
class _Scan:
    pairs: dict[int, int]  # a closing bracket's index → its opening bracket's
    depth: dict[int, int]  # a bracket's or a comma's index → how many brackets enclose it
    closes: list[int]  # the closing brackets' indices, in order
    commas: list[int]  # the commas' indices, in order
    comment: int = -1  # where a comment starts (-1: none)


def _scan(text: str) -> _Scan | None:
    """The brackets and commas of one line outside its string literals; `None` when it has
    anything else this module does not lay out, or its brackets do not pair."""
    stack: list[int] = []
    scan = _Scan({}, {}, [], [])
    for token in _TOKENS.finditer(text):
        at, kind = token.start(), token[0]
        if len(kind) > 1:
            if kind[-1] in "\"'" and kind[0] not in "\"'" or kind in ('"""', "'''"):
                return None  # a prefixed or triple-quoted string
            continue  # a string literal
        if kind in _OPEN:
            scan.depth[at] = len(stack)
            stack.append(at)
        elif kind in _CLOSE:
            if not stack or text[stack[-1]] != _OPEN[_CLOSE.index(kind)]:
                return None
            opened = stack.pop()
            scan.pairs[at] = opened
            scan.depth[at] = len(stack)
            scan.closes.append(at)
        elif kind == ",":
            scan.depth[at] = len(stack)
            scan.commas.append(at)
        elif kind == "#":
            scan.comment = at
            break
        else:
            return None  # a quote that opens no literal the pattern reads
    return None if stack else scan


def _lay(
    text: str, lo: int, hi: int, indent: int, comma: str, width: int, scan: _Scan, out: list[str], *, top: bool
) -> bool:
    """Append `text[lo:hi] + comma` laid out at `indent` to `out`; False when it cannot be."""
    if indent + hi - lo + len(comma) <= width:
        out.append(" " * indent + text[lo:hi] + comma)
        return True
    close = _last_close(scan, lo, hi)
    if close is None:
        return False
    opened = scan.pairs[close]
    after_name = opened > 0 and (text[opened - 1].isalnum() or text[opened - 1] in "_)]")
    call = text[opened] == "(" and after_name
    if opened < lo or opened + 1 == close or (text[opened] == "(" and not call) or (text[opened] == "[" and after_name):
        return False  # empty brackets; a tuple; a subscript: not laid out here
    head, tail = text[lo : opened + 1], text[close:hi] + comma
    if indent + len(head) > width or indent + len(tail) > width:
        return False
    if top and not (_HEADS.match(head) and _TAILS.match(text, close, hi)):
        return False  # another statement: ruff may lay it out otherwise (`with a, b(...) as c:`)
    if call and not top and not (_NESTED_HEADS.match(head) and close + 1 == hi):
        return False  # a call in the arguments other than `name=f(...)`, `"key": f(...)` or `f(...)`
    out.append(" " * indent + head)
    inner = indent + _INDENT
    level = scan.depth[opened] + 1
    cuts = [c for c in _between(scan.commas, opened, close) if scan.depth[c] == level]
    starts = [opened + 1, *(c + 1 for c in cuts)]
    ends = [*cuts, close]
    elements = [_strip(text, a, b) for a, b in zip(starts, ends, strict=True)]
    if elements[-1][0] == elements[-1][1]:
        return False  # a trailing comma already there: a magic one, kept exploded (not written here)
    if len(elements) == 1:
        if not _lay(text, *elements[0], inner, "", width, scan, out, top=False):
            return False
    elif call and inner + close - opened - 1 <= width:
        out.append(" " * inner + text[opened + 1 : close])
    else:
        for a, b in elements:
            if not _lay(text, a, b, inner, ",", width, scan, out, top=False):
                return False
    out.append(" " * indent + tail)
    return True


def _last_close(scan: _Scan, lo: int, hi: int) -> int | None:
    """The last closing bracket in `[lo, hi)`."""
    found = None
    for at in reversed(scan.closes):
        if at < hi:
            found = at if at >= lo else None
            break
    return found


def _between(positions: list[int], lo: int, hi: int) -> list[int]:
    return [p for p in positions if lo < p < hi]


def _strip(text: str, lo: int, hi: int) -> tuple[int, int]:
    """`lo, hi` without the spaces at either end."""
    while lo < hi and text[lo] == " ":
        lo += 1
    while hi > lo and text[hi - 1] == " ":
        hi -= 1
    return lo, hi
