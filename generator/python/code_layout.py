"""Lay out a line too long for the page the way `ruff format` does, for the shapes the generated
code has: a statement ending in a call whose arguments are literals, lists, dicts and keyword
arguments, written on one line (the docs' usage examples, the tests' calls, `self.x = f(...)`,
`assert isinstance(...)`);
a keyword argument of an exploded call (`error_types={...},`); a field's or a parameter's
annotation in parentheses (`fit_annotation`), and a field's value that is a call; a function's
signature; the end of a signature (`) -> T[...]:`); a class's line; an enum member's; a string
argument or a name alone on its line, which ruff leaves however long. What is laid out here is
what ruff would write, so a module or a docs page of such lines needs no formatter pass
(`format.py`: Graph's 1,900 group pages and 1,900 test modules were 25 MB of ruff's input,
staged, formatted and read back for it; its resource and model modules 88 MB more). A line
inside a triple-quoted string is text, left as it is.

The rules are ruff's (and black's) for brackets that hold no magic trailing comma:
- a line that fits stays as it is;
- else it splits at its last bracket pair: the head up to the opening bracket, then the contents
  indented by 4, then the closing bracket and what follows it;
- a call's arguments that fit go on one line as they are, with no comma added; else, and always
  for the elements of a list or a dict, when there is more than one, each goes on a line of
  its own followed by a comma (the last one added); a lone element or argument is laid out by
  the same rules in turn, with no comma added.

An annotation's content goes on a line of its own, or when too long an operand of its `|` a
line (`| ` before all but the first), an operand too long that is a subscript (`list[...]`,
`_t.Literal[...]`) split at its bracket, what is inside laid out so in turn (its elements a
line each, each with a comma, when there are several), an element that is a call
(`_checks(pattern=...)`) as a call's arguments are. A TypedDict's field (`name: T[...]`, no
value) splits at its subscript's bracket so too; a call's argument that is a union of types
(`_t.cast`'s) goes an operand a line, `| ` before all but the first. A field's annotation loses its
parentheses when the line then fits, and keeps the annotation on the line with its value in
parentheses instead when `name: T = (` fits (a parameter keeps its parentheses); a value that is a
call is split first when `name: T = f(` fits. A class's bases go on a line of their own however
long its name; an enum member's string goes in parentheses on a line of its own when it fits
there, else stays as it is. A function's parameters go on one line when there are several and
they fit, else a line each with a comma; a return annotation too long splits at its
subscript's bracket, what is inside laid out as a type's, and a function without parameters
puts a return annotation that is a name in parentheses (`def f() -> (`, `None`, `):`).

What has nothing to split at stays on its line however long, as ruff leaves it: an element, an
operand or an argument that is a name or a string, `) -> T:`, an import's `from m import (`,
a signature's `def name(` with its parameters a line each, the head of a call statement, and
that of a call that is returned, assigned (`x = `, `x: T = `) or awaited when it is too long
even in parentheses. When it fits there, such a call whose head is too long goes in
parentheses (`return (`, the call laid out in turn, maybe after its `await`, `)`).

A bracket whose content ends with a comma (a magic trailing comma, which the generator writes
for a tuple of several: `(a, b, )`) is written an element a line however short, and the
brackets around it are split too; a tuple of one keeps its comma (`(a,)`).

A comment at the end of the line goes after the closing bracket (and counts in whether the
line fits, as in ruff). A `with` of several items puts them in parentheses, one a line, each
laid out so in turn. A line of any other shape gives `None` and the caller keeps the one-line
text, which the formatter then lays out: a statement other than an assignment, `return` or
`with` of calls, a head (but the above) or a closing line that does not fit, a call in the
arguments but `name=f(...)`, `"key": f(...)` and `f(...)`,
a string this module does not read, text that is not ASCII (ruff measures width by the
characters' display width). `tests/test_code_layout.py` checks the rules against ruff itself.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate, compress, count

from generator.python.line_scan import (
    Scan,
    after_name,
    forced_in,
    magic,
    quote_counts,
    scan_line,
    split,
    split_at,
    stripped,
    whole,
    widths_safe,
)
from generator.python.ruff_rewrites import ATOM, HEAD_ALONE, LEFT, LONE, PLAIN, magic_commas

# the statements laid out: `x = `, `x: T = `, `return ` or nothing, maybe `await `, a call, its
# arguments, then `)`, maybe attributes (`.data`); or `with` a call `as` a name
_HEADS = re.compile(
    r'(?:(?:[A-Za-z_][\w.]*(?:: [\w.]+(?:\[(?:[\w., \[\]]|"[^"\\]*")*\])?)? = |return )?(?:await )?|with |assert )'
    r"[A-Za-z_][\w.]*\($"
)
_NESTED_HEADS = re.compile(r'(?:[A-Za-z_]\w*=|"(?:[^"\\]|\\.)*": )?[A-Za-z_][\w.]*\($')
_TAILS = re.compile(r"\)(?:\.[A-Za-z_]\w*)*(?: as [A-Za-z_]\w*:?)?$")  # `:?`: an item of a `with` of several
_WITH = re.compile(r"(?:async )?with ")
# an argument of an exploded call, on its own line: `name=value,`
_KEYWORD = re.compile(r"[A-Za-z_]\w*=[^=]")
# what ruff leaves as it is, however long: an argument or element that is a string (maybe of a
# keyword), or a name alone (an import's), each on its own line with its comma
_UNSPLIT = re.compile(r'(?:[A-Za-z_]\w*=)?"(?:[^"\\\n]|\\.)*",|[A-Za-z_]\w*,')
# what a statement's call follows: `return `, an assignment's target (`x = `, `x: T = `) or, for
# a statement that is an awaited call, `await `; what follows (maybe after `await `: `return (`,
# `await c.f(`) goes in parentheses when the call's head is too long and that helps
_GIVEN = re.compile(r"return |await |[A-Za-z_][\w.]*(?:: [\w.]+)? = ")
# a statement that is a call: split at its bracket however long its head
_BARE = re.compile(r"[A-Za-z_][\w.]*\($")
# a field with no value (a TypedDict's, a model's required one): `name: T[...]`, split at its
# bracket; `name: T`, the name in parentheses when it then fits (else left as it is)
_FIELD = re.compile(r"([A-Za-z_]\w*: )([A-Za-z_][\w.]*\[.*\])")
_NAMED_FIELD = re.compile(r"([A-Za-z_]\w*: )[A-Za-z_][\w.]*")
# a type (an operand of a union): a name, maybe subscripted
_TYPE = re.compile(r"[A-Za-z_][\w.]*(?:\[.*\])?")
# the end of a signature whose annotation is a name: `) -> T:`
_NAMED_RETURN = re.compile(r"\) -> ([A-Za-z_][\w.]*):")
# a function's signature on one line: `def name(parameter, ...) -> T:`
_DEF = re.compile(r"(?:async )?def [A-Za-z_]\w*\(")
# a field's or a parameter's annotation that the generator put in parentheses for being long,
# then maybe ` = ` and a value with no bracket, then maybe the parameter's comma
_ANNOTATION = re.compile(r"[A-Za-z_]\w*: \(")
_ANNOTATION_REST = re.compile(r"(?: = [^()\[\]{}]+)?,?")
# a class's line, `class Name(bases):`, and an enum member's, `NAME = "value"`
_CLASS = re.compile(r"class [A-Za-z_]\w*\(")
_MEMBER = re.compile(r'[A-Za-z_]\w* = ("(?:[^"\\\n]|\\.)*")')
# a field's value that is a call: ` = f(...)`
_CALL_VALUE = re.compile(r" = [A-Za-z_][\w.]*\(")
# the end of a signature: `) -> T[...]:`, the return annotation a subscript
_RETURNS = re.compile(r"\) -> [A-Za-z_][\w.]*\[")
_INDENT = 4
_REMEMBERED = 8_000  # lines laid out that a run keeps for the modules after (a few MB)
Laid = dict[str, str | None]  # a long line → its lines laid out, joined; None: it cannot be


def lay_out(code: str, width: int, laid: Laid | None = None) -> str | None:
    """`code` (lines of Python, each at its indent) with each line longer than `width` laid out
    as ruff would, when the result is as ruff writes it (`as_ruff_writes`); else `None`: a line
    of a shape this module does not lay out, or something ruff would change in a line that fits.
    Whole modules go through it (Graph's test modules are 11 MB): only the long lines are looked
    at in Python, the others by their lengths (`max`). `laid`: the lines laid out so far at this
    `width`, shared by the modules of a run: a module repeats many (sync and async), and a
    group's modules each other's (Graph: 68,000 lines laid out instead of 133,000)."""
    commas = magic_commas(code)
    if commas is None:
        return None  # what ruff writes otherwise in a line that fits, but a magic comma (`rewritten`)
    lines = code.split("\n")
    sizes = list(map(len, lines))
    if not code.isascii() and not widths_safe(code, lines, sizes, width):
        return None  # ruff measures a line by the width its characters show at: not read here
    if max(sizes) <= width and not commas:
        return code
    long = list(compress(count(), map(width.__lt__, sizes)))  # the long lines' numbers, found in C
    forced: set[int] = set()  # the lines with a magic trailing comma, laid out however short
    if commas:
        starts = list(accumulate((size + 1 for size in sizes), initial=0))  # line n starts at starts[n]
        forced = {bisect.bisect_right(starts, at) - 1 for at in commas}
        long = sorted(forced.union(long))
    quotes = quote_counts(code, sizes, long) if '"""' in code else {}
    if laid is None:
        laid = {}
    elif len(laid) > _REMEMBERED:
        laid.clear()  # the lines that repeat across modules come close together (a group's modules)
    for n in long:
        line = lines[n]
        if line.lstrip(" ").startswith(LEFT):  # ruff leaves it as it is
            continue
        if quotes.get(n, 0) % 2:
            continue  # a line inside a triple-quoted string: text, which ruff leaves as it is
        if line in laid:
            done = laid[line]
        else:
            out: list[str] = []
            # whether a line has a magic trailing comma follows from its text (`magic_commas`)
            done = laid[line] = "\n".join(out) if _lay_line(line, width, out, magic=n in forced) else None
        if done is None:
            return None
        lines[n] = done
    return "\n".join(lines)


def _lay_line(line: str, width: int, out: list[str], *, magic: bool = False) -> bool:
    """Append `line` laid out to `out`; False when it cannot be. `magic`: the line has a magic
    trailing comma (`ruff_rewrites.magic_commas`), whose brackets are laid out an element a line
    however short (by `_lay` only: a statement, or a keyword argument on its line)."""
    text = line.lstrip(" ")
    indent = len(line) - len(text)
    if magic:
        return _lay_magic(text, indent, width, out)
    if _RETURNS.match(text):  # the end of a signature whose parameters are a line each
        return scan_line(text[1:]) is not None and _put(_returns(text, indent, width), width, out)
    member = _MEMBER.fullmatch(text)
    if member is not None:  # the string in parentheses when that fits, else left as it is
        at, value = " " * indent, member[1]
        if indent + _INDENT + len(value) > width:
            out.append(line)
            return True
        return _put([at + text[: member.start(1)] + "(", at + " " * _INDENT + value, at + ")"], width, out)
    named = _NAMED_FIELD.fullmatch(text)
    if named is not None and indent + _INDENT + len(text) - named.end(1) <= width:  # `name: (`, the type, `)`
        at = " " * indent
        out.extend([at + text[: named.end(1)] + "(", at + " " * _INDENT + text[named.end(1) :], at + ")"])
        return True
    if HEAD_ALONE.fullmatch(text) or named is not None:  # nothing to split at: left as it is
        out.append(line)
        return True
    scan = scan_line(text)
    if scan is None:
        return False
    end, comment = len(text), ""
    if scan.comment >= 0:  # `code  # comment`: the comment goes after the closing bracket
        end, comment = scan.comment - 2, "  " + text[scan.comment :]
        if text[end:] != comment or text[end - 1] == " ":
            return False
    if not comment and (_DEF.match(text) or _ANNOTATION.match(text) or _CLASS.match(text)):
        return _lay_bracketed(text, indent, width, scan, out)
    field = None if comment else _FIELD.fullmatch(text)
    if field is not None and len(split(field[2], " | ")) == 1:  # split at its subscript's bracket
        return _put(_type_lines(field[2], indent, width, field[1]), width, out)
    if not comment and _UNSPLIT.fullmatch(text):
        out.append(line)
        return True
    if not comment and text.endswith(",") and _KEYWORD.match(text):
        return _lay(text, 0, end - 1, indent, ",", width, scan, out, top=False)
    opening = _WITH.match(text)
    items = scan.commas[-1] if opening and text.endswith(":") else []
    if not (opening and items):
        return _lay(text, 0, end, indent, comment, width, scan, out, top=True)
    if comment:
        return False
    out.append(" " * indent + opening[0] + "(")  # `with a as b, c(...) as d:`: the items in parentheses, one a line
    starts, ends = [opening.end(), *(c + 1 for c in items)], [*items, end - 1]
    for a, b in zip(starts, ends, strict=True):
        if not _lay(text, *stripped(text, a, b), indent + _INDENT, ",", width, scan, out, top=True):
            return False
    out.append(" " * indent + "):")
    return True


def _lay_magic(text: str, indent: int, width: int, out: list[str]) -> bool:
    """A line with a magic trailing comma (`_lay_line`): each bracket that has one is split an
    element a line, and every bracket around it (`Scan.forced`, read by `_lay`)."""
    scan = scan_line(text)
    if scan is None or scan.comment >= 0:
        return False
    scan.forced = magic(text, scan)
    if not scan.forced:
        return False  # the comma the search found is not one (in a string): left to ruff
    laid: list[str] = []
    if text.endswith(",") and _KEYWORD.match(text):
        done = _lay(text, 0, len(text) - 1, indent, ",", width, scan, laid, top=False)
    else:
        done = _lay(text, 0, len(text), indent, "", width, scan, laid, top=True)
    if not done or magic_commas("\n".join(laid)) != []:
        return False  # a comma ruff writes otherwise is left on a line: a tuple of one's spaced, `(a, )`
    out.extend(laid)
    return True


def _lay_bracketed(text: str, indent: int, width: int, scan: Scan, out: list[str]) -> bool:
    """A function's signature: its parameters on a line of their own when there are several and
    they fit, else each on its own line with a comma; then the end of the signature
    (`_returns`). Or a parenthesized annotation: a field's without its parentheses when that
    fits, or with the value in parentheses instead (`name: T = (`) when that line fits; else
    the annotation's content on a line of its own, or each operand of its `|` on one (`| `
    before all but the first), then what follows the closing bracket."""
    opened = text.index("(")
    close = next((c for c in scan.closes if scan.pairs[c] == opened), -1)
    at, pad = " " * indent, " " * (indent + _INDENT)
    if _CLASS.match(text):  # `class Name(` however long, the bases on a line, `):`
        if not text.endswith("):") or close != len(text) - 2 or len(pad) + close - opened - 1 > width:
            return False
        out.extend([at + text[: opened + 1], pad + text[opened + 1 : close], at + "):"])
        return True
    if _DEF.match(text):
        if close == opened + 1:  # no parameter: the annotation in parentheses, when a name
            returns = _NAMED_RETURN.fullmatch(text, close)
            if returns is None or len(pad) + len(returns[1]) > width:
                return False
            out.extend([at + text[: close + 1] + " -> (", pad + returns[1], at + "):"])  # the first line however long
            return True
        cuts = [opened, *scan.commas[opened], close]
        parameters = [text[a + 1 : b].strip(" ") for a, b in zip(cuts, cuts[1:], strict=False)]
        together = ", ".join(parameters)
        if len(parameters) > 1 and len(pad) + len(together) <= width:  # on one line, no comma added
            lines = [pad + together]
        else:  # one alone, or too long together: a line each, each with a comma
            lines = [pad + parameter + "," for parameter in parameters]
        after = [*lines, *_returns(text[close:], indent, width)]
        if not _put(after, width, []):
            return False
        out.extend([at + text[: opened + 1], *after])  # `def name(` however long: nothing to split at
        return True
    rest = text[close + 1 :]
    content = text[opened + 1 : close]
    call = _CALL_VALUE.match(rest)
    if call is not None:  # ` = f(...)`: the call split, the annotation on its line when it fits
        return _lay_call_value(text[:opened], content, rest, call.end(), indent, width, out)
    if not _ANNOTATION_REST.fullmatch(rest):
        return False
    if not rest.endswith(","):  # a field (a parameter keeps its parentheses)
        bare = at + text[:opened] + content
        if len(bare) + len(rest) <= width:  # ruff drops the parentheses
            return _put([bare + rest], width, out)
        if rest and len(bare) + 4 <= width:  # `name: T = (`: the value in parentheses
            return _put([bare + " = (", pad + rest[3:], at + ")"], width, out)
    inner = _type_lines(content, indent + _INDENT, width)
    return _put([at + text[: opened + 1], *inner, at + text[close:]], width, out)


def _lay_call_value(name: str, content: str, rest: str, opened: int, indent: int, width: int, out: list[str]) -> bool:
    """`name(content) = f(...)` (a field whose value is a call, `rest` from ` = `, its bracket
    before `opened`): `name: content = f(` when that fits, then the arguments (`_arguments`) and
    `)`; else the call in parentheses when `name: content = (` fits; else the annotation in
    parentheses laid out (`_type_lines`), then `) = f(...)`, split in turn when too long."""
    at, pad = " " * indent, " " * (indent + _INDENT)
    if not rest.endswith(")") or not whole(rest[opened:-1]):
        return False
    arguments = rest[opened:-1]
    head = at + name + content + rest[:opened]
    if len(head) <= width:
        return _put([head, *_arguments(arguments, indent + _INDENT, width), at + ")"], width, out)
    bare = at + name + content
    if len(bare) + 4 <= width:  # `name: T = (`: the call in parentheses, split in turn when too long
        value = rest[3:]
        if len(pad) + len(value) <= width:
            return _put([bare + " = (", pad + value, at + ")"], width, out)
        split = [pad + value[: opened - 3], *_arguments(arguments, indent + 2 * _INDENT, width), pad + ")"]
        return _put([bare + " = (", *split, at + ")"], width, out)
    annotation = [at + name + "(", *_type_lines(content, indent + _INDENT, width)]
    if indent + 1 + len(rest) <= width:  # `) = f(...)` fits as it is
        return _put([*annotation, at + ")" + rest], width, out)
    split = [at + ")" + rest[:opened], *_arguments(arguments, indent + _INDENT, width), at + ")"]
    return _put([*annotation, *split], width, out)


def _arguments(arguments: str, indent: int, width: int) -> list[str]:
    """A call's arguments at `indent`: on one line when they fit, else one a line, each with a
    comma."""
    pad = " " * indent
    if not arguments or len(pad) + len(arguments) <= width:
        return [pad + arguments] if arguments else []
    return [pad + part + "," for part in split(arguments, ", ")] or [""]


def _returns(end: str, indent: int, width: int) -> list[str]:
    """The end of a signature (`) -> T:`) at `indent`, a line; when too long and its annotation
    is a name, the name in parentheses when it then fits (else left long); a subscript, split
    at its bracket as ruff splits it: `) -> T[`, what is inside indented (on a line when it
    fits, else laid out as a type, `_type_lines`: its elements a line each, each with a comma),
    `]:`."""
    at = " " * indent
    named = _NAMED_RETURN.fullmatch(end)
    if named and indent + len(end) > width and indent + _INDENT + len(named[1]) <= width:
        return [at + ") -> (", at + " " * _INDENT + named[1], at + "):"]  # a name: in parentheses when it then fits
    if indent + len(end) <= width or not (_RETURNS.match(end) and end.endswith("]:")):
        return [at + end]
    opened = end.index("[")
    if indent + _INDENT + len(end) - opened - 3 <= width:
        return [at + end[: opened + 1], at + " " * _INDENT + end[opened + 1 : -2], at + "]:"]
    lines = _type_lines(end[5:-1], indent, width, ") -> ")
    return [*lines[:-1], lines[-1] + ":"] if lines[-1] == at + "]" else [""]


def _put(lines: list[str], width: int, out: list[str]) -> bool:
    """Append `lines` (each at its indent) when each fits; an empty one stands for a part not
    laid out."""
    if not all(line.strip() for line in lines) or not all(len(line) <= width or LONE.fullmatch(line) for line in lines):
        return False
    out.extend(lines)
    return True


def _type_lines(expr: str, indent: int, width: int, prefix: str = "", *, top: bool = True) -> list[str]:
    """A type expression (after `prefix`, `| ` or nothing) laid out at `indent` as ruff writes
    it: on one line when it fits; else a union an operand a line, `| ` before all but the first;
    a subscript `T[...]` its head, what is inside indented (on one line when it fits, else an
    element a line, with a comma after each when there are several), then `]`. [""] (no line)
    for a part too long that is none of these, or not read here (`scan_line`). One scan of `expr`
    gives its operands, whether its subscript is whole and its elements."""
    pad = " " * indent
    if indent + len(prefix) + len(expr) <= width or (not top and ATOM.fullmatch(expr)):
        return [pad + prefix + expr]  # fits, or an operand or element with nothing to split at
    scan = scan_line(expr + ",")
    read = scan is not None and scan.comment < 0
    if read and " | " in expr:
        assert scan is not None
        operands = split_at(expr, " | ", scan)
        if len(operands) > 1:
            return [
                line
                for n, part in enumerate(operands)
                for line in _type_lines(part, indent, width, "| " if n else "", top=False)
            ]
    if read and not prefix and expr.endswith(")"):  # a call (`_checks(pattern=...)`): laid out as an argument
        assert scan is not None
        called: list[str] = []
        return called if _lay(expr, 0, len(expr), indent, "", width, scan, called, top=False) else [""]
    opened = expr.find("[")
    if opened < 1 or not expr.endswith("]"):
        return [""]
    inside = expr[opened + 1 : -1]
    if read:  # whole when its bracket is the last one's pair; its elements split at its commas
        assert scan is not None
        if scan.pairs.get(len(expr) - 1) != opened:
            return [""]
        cuts = [c for c in scan.commas[opened] if expr[c + 1] == " "]
        elements = [
            expr[a:b] for a, b in zip([opened + 1, *(c + 2 for c in cuts)], [*cuts, len(expr) - 1], strict=True)
        ]
    elif whole(inside):  # a head this does not read (no name): the inside on its own
        elements = split(inside, ", ")
    else:
        return [""]
    if indent + _INDENT + len(inside) <= width:
        body = [pad + " " * _INDENT + inside]
    elif len(elements) > 1:  # an element a line (or more), a comma after each
        body = []
        for element in elements:
            lines = _type_lines(element, indent + _INDENT, width, top=False)
            if "" in lines:
                return [""]
            body += [*lines[:-1], lines[-1] + ","]
    else:
        body = _type_lines(inside, indent + _INDENT, width, top=False)
    return [pad + prefix + expr[: opened + 1], *body, pad + "]"]


def _lay(
    text: str, lo: int, hi: int, indent: int, comma: str, width: int, scan: Scan, out: list[str], *, top: bool
) -> bool:
    """Append `text[lo:hi] + comma` laid out at `indent` to `out`; False when it cannot be."""
    fits = indent + hi - lo + len(comma) <= width and not forced_in(scan, lo, hi)
    if fits or (not top and PLAIN.fullmatch(text, lo, hi)):
        out.append(" " * indent + text[lo:hi] + comma)  # fits, or an argument with nothing to split at
        return True
    operands = split(text[lo:hi], " | ") if not top and " | " in text[lo:hi] else []
    if len(operands) > 1:  # a union of types (`_t.cast`'s): an operand a line, `| ` before all but the first
        if not all(map(_TYPE.fullmatch, operands)):
            return False
        last = len(operands) - 1  # the one followed by the comma, which counts in whether it fits
        lines = [
            line
            for n, part in enumerate(operands)
            for line in _type_lines(part, indent, width - len(comma) * (n == last), "| " if n else "", top=False)
        ]
        if "" in lines:
            return False
        out.extend([*lines[:-1], lines[-1] + comma])
        return True
    last = bisect.bisect_left(scan.closes, hi) - 1  # the last closing bracket before `hi`
    if last < 0 or scan.closes[last] < lo:
        return False
    close = scan.closes[last]
    opened = scan.pairs[close]
    follows = after_name(text, opened)
    call = text[opened] == "(" and follows
    tuple_ = text[opened] == "(" and not call
    # a magic trailing comma, or a tuple around one: an element a line (a tuple of one keeps its comma)
    exploded = opened in scan.forced or (tuple_ and forced_in(scan, opened + 1, close))
    if opened < lo or opened + 1 == close or (tuple_ and not exploded) or (text[opened] == "[" and follows):
        return False  # empty brackets; a tuple (but one exploded); a subscript: not laid out here
    head, tail = text[lo : opened + 1], text[close:hi] + comma
    # a statement's call after `return `, `x = ` or `await ` (then maybe `.data`, a comment)
    given = _GIVEN.match(head) if top and (not comma or comma.startswith("  #")) else None
    if given and indent + len(head) > width and indent + _INDENT + len(head) - given.end() <= width:
        # the call's head too long after `return ` or `x = `: the call in parentheses, laid out in
        # turn, when every line then fits (else ruff splits at the call all the same)
        wrapped: list[str] = []
        if not _lay(text, lo + given.end(), hi, indent + _INDENT, "", width, scan, wrapped, top=True):
            return False
        if indent + given.end() < width and max(map(len, wrapped)) <= width:
            out.extend([" " * indent + head[: given.end()] + "(", *wrapped, " " * indent + ")" + comma])
            return True
    # a head too long even in parentheses (or with a comment after the statement: none are put
    # then), or a call statement's: ruff splits at the call all the same
    if indent + len(head) > width and not given and not (top and close + 1 == hi and _BARE.match(head)):
        return False
    if indent + len(tail) > width:
        return False
    if top and not (_HEADS.match(head) and _TAILS.match(text, close, hi)):
        return False  # another statement: ruff may lay it out otherwise (`with a, b(...) as c:`)
    if call and not top and not (_NESTED_HEADS.match(head) and close + 1 == hi):
        return False  # a call in the arguments other than `name=f(...)`, `"key": f(...)` or `f(...)`
    out.append(" " * indent + head)
    inner = indent + _INDENT
    cuts = scan.commas[opened]
    starts = [opened + 1, *(c + 1 for c in cuts)]
    ends = [*cuts, close]
    elements = [stripped(text, a, b) for a, b in zip(starts, ends, strict=True)]
    if elements[-1][0] == elements[-1][1]:  # a trailing comma already there
        if not exploded:
            return False  # not one `magic` calls magic (a tuple's of one): not written here
        elements.pop()
    if len(elements) == 1 and not exploded:
        if not _lay(text, *elements[0], inner, "", width, scan, out, top=False):
            return False
    elif call and not exploded and inner + close - opened - 1 <= width and not forced_in(scan, opened + 1, close):
        out.append(" " * inner + text[opened + 1 : close])
    else:
        pad = " " * inner
        for a, b in elements:
            if inner + b - a < width and not forced_in(scan, a, b):  # fits with its comma: most do
                out.append(pad + text[a:b] + ",")
            elif not _lay(text, a, b, inner, ",", width, scan, out, top=False):
                return False
    out.append(" " * indent + tail)
    return True
