"""What `ruff format` writes otherwise in a line that fits, and whether a text is as ruff writes
it: the checks `code_layout` makes before it claims a module or a docs example needs no formatter
pass (`format.py`). Each is looked for with a pattern that starts with a fixed character, which
`re` finds at C speed over Graph's 100 MB of modules; a false alarm only leaves a file to ruff.
"""

from __future__ import annotations

import re

# a double-quoted string literal on one line, its escapes skipped
STRING = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')


def as_ruff_writes(code: str, width: int) -> bool:
    """Whether `code`, made by `lay_out` or fitting as it is, is what ruff writes: its lines fit
    (`lay_out` left none longer) but those ruff leaves (`LEFT`), and it has none of what ruff
    rewrites in a line that fits (`rewritten`). The generator's literals are otherwise as ruff
    writes them: double-quoted, ASCII, escapes as JSON writes them (`escape.pystr`), numbers as
    `repr` writes them, `, ` and `: ` between elements (`tests/test_code_layout.py` checks it
    against ruff)."""
    if not code.isascii() or rewritten(code):
        return False
    lines = code.split("\n")
    return max(map(len, lines)) <= width or all(
        size <= width or line.lstrip(" ").startswith(LEFT) for line, size in zip(lines, map(len, lines), strict=True)
    )


# the lines too long that ruff leaves as they are: a comment, a docstring's first line (the
# generator's docstrings start and end with no quote: `escape.Docstring`)
LEFT = ("#", '"""')


# a line with nothing to split at: the first line of an import of several names, one a line;
# a class's with no bases; the first line of a signature whose parameters follow a line each;
# that of a dict's item whose tuple follows an element a line (`models/__init__.py`'s `_MODULES`)
HEAD_ALONE = re.compile(r'from [\w.]+ import \(|class [A-Za-z_]\w*:|(?:async )?def [A-Za-z_]\w*\(|"[^"\\\n]*": \(')
# an atom: a string literal with no escape, a name or a number (nothing inside to split at)
_ATOM = r'"[^"\\\n]*"|[\w.]+'
ATOM = re.compile(_ATOM)
# an argument, an element or a dict's item with nothing to split at: an atom, maybe after
# `name=` or `"key": `
PLAIN = re.compile(rf'(?:[A-Za-z_]\w*=|"[^"\\\n]*": )?(?:{_ATOM})')
# a line too long that ruff leaves so, having nothing to split at: an element, an operand or an
# argument (maybe a keyword one) that is a name or a string, a parameter whose annotation is a
# name, or the end of a signature whose annotation is a name
LONE = re.compile(r' *(?:(?:\| |[A-Za-z_]\w*(?:: |=))?(?:"[^"\\\n]*"|[A-Za-z_][\w.]*),?|\) -> [A-Za-z_][\w.]*:)')


def rewritten(code: str) -> bool:
    """Whether `code` has what ruff writes otherwise in a line that fits: a string literal with
    an escaped double quote (`'say "hi"'` for `"say \\"hi\\""`), an exponent with a `+` (`1e16`
    for `repr`'s `1e+16`), a magic trailing comma (`(1, 2,)` one element a line; that of a tuple
    of one number of up to three digits after a space or a bracket, ` (404,)`, is the tuple's,
    kept). Looked for in the whole text, strings included, but for a comma before a closing
    bracket inside a string literal of its line (`_in_string`: a pattern's `{4,}`, in 457 of
    Graph's model modules): a false alarm only leaves the file to ruff. Each pattern starts with
    a fixed character, which `re` finds at C speed (a pattern of alternatives or with a
    look-behind took seconds over Graph's test modules)."""
    found = magic_commas(code)
    return found is None or bool(found)


def magic_commas(code: str) -> list[int] | None:
    """Where `code` has a magic trailing comma (`rewritten`), by offset; None when it has something
    else ruff writes otherwise (an escaped double quote, an exponent with a `+`)."""
    if _ESCAPED_QUOTE.search(code):
        return None
    if any(code[m.start() - 1 : m.start()].isdigit() for m in _EXPONENT.finditer(code)):
        return None
    found = [
        m.start()
        for pattern in (_CLOSED_AFTER_COMMA, _SPACED_CLOSE)
        for m in pattern.finditer(code)
        if not _in_string(code, m.start())
    ]
    # each looked for on its line: a tuple the generator writes is on one
    found += [
        m.start()
        for m in _COMMA_PAREN.finditer(code)
        if not _TUPLE_OF_ONE.search(code, code.rfind("\n", 0, m.start()) + 1, m.start())
    ]
    return found


def _in_string(code: str, at: int) -> bool:
    """Whether offset `at` is inside a double-quoted string literal of its line, the line's
    strings found from its start (the text has no escaped quote: `rewritten`). A line with a
    single quote or a triple quote is not read (a docstring's text may pair its quotes across
    lines): False, as if code."""
    start = code.rfind("\n", 0, at) + 1
    end = code.find("\n", at)
    line = code[start : len(code) if end < 0 else end]
    if "'" in line or '"""' in line:
        return False
    return any(a < at - start < b - 1 for a, b in (m.span() for m in STRING.finditer(line)))


_ESCAPED_QUOTE = re.compile(r'\\"')
_CLOSED_AFTER_COMMA = re.compile(r",[\]}]")
_SPACED_CLOSE = re.compile(r", [)\]}]")  # a trailing comma too, spaced
_EXPONENT = re.compile(r"e\+")
_COMMA_PAREN = re.compile(r",\)")
# A tuple of one, whose comma is the tuple's (not a magic one): its `(` after a space, a bracket,
# `=`, `:` or a comma (not a call's, nor a subscript's), and one element: a number of up to three
# digits, a string (the text has no escaped quote), a tuple of one string, or a call of strings and
# names without brackets of its own (`_base.Content("text/plain", "text")`)
_TUPLE_OF_ONE = re.compile(r'[ (=\[{:,]\((?:\d{1,3}|"[^"\n]*"|\("[^"\n]*",\)|[A-Za-z_][\w.]*\([^()\n]*\))$')
