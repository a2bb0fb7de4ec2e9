"""Sample values of primitive types: strings by format, pattern and length; numbers by bounds.

Input: an `ir.Prim` (its name, format and constraints). Output: a JSON value the schema accepts
(`prim_value`), or whether a value is one (`prim_matches`). A pattern is met by walking the
parse tree of Python's regex parser and checking the result with `re.search` (JSON Schema
patterns are unanchored); numbers meet inclusive and exclusive bounds and `multipleOf`, checked
by division as validators do. `samples.py` builds structured values out of these.
"""

from __future__ import annotations

import importlib
import math
import re
from fractions import Fraction
from typing import Any

from generator import ir

# The regex parser (no type stubs for `re._parser`, so it is used as `Any`).
_P: Any = importlib.import_module("re._parser")

_FORMATS: dict[str, str] = {  # by Prim name or format
    **dict.fromkeys(("datetime", "date-time"), "2024-01-01T00:00:00Z"),
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "duration": "P1D",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    **dict.fromkeys(("email", "idn-email"), "user@example.com"),
    **dict.fromkeys(("uri", "url", "iri", "uri-reference", "iri-reference"), "https://example.com"),
    "uri-template": "https://example.com/{id}",
    **dict.fromkeys(("hostname", "idn-hostname"), "example.com"),
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "password": "password",
    **dict.fromkeys(("int32", "int64", "integer"), "1"),
    **dict.fromkeys(("float", "double", "decimal", "number"), "1.5"),
    "json-pointer": "/a",
    "relative-json-pointer": "0",
    "regex": "^a$",
}
_CHARS = "abcxyzABCXYZ0123456789_-.~ !#$%&*+/=?@:;,"


def prim_matches(value: ir.JsonValue, p: ir.Prim) -> bool:
    if p.name == "bool" or isinstance(value, bool):
        return p.name == "bool" and isinstance(value, bool)
    if isinstance(value, int | float) and p.name in ("int", "float", "decimal"):
        return _in_bounds(p.constraints, value) and (p.name != "int" or float(value).is_integer())
    c = p.constraints
    return (
        isinstance(value, str)
        and p.name not in ("int", "float")
        and _fits(value, c.min_length or 0, c.max_length)
        and (c.pattern is None or _search(c.pattern, value))
    )


# ------------------------------------------------------------------------------- primitives
def prim_value(p: ir.Prim) -> ir.JsonValue:
    c = p.constraints
    numeric = any(b is not None for b in (c.ge, c.gt, c.le, c.lt, c.multiple_of))
    match p.name:
        case "bool":
            return True
        case "int":
            return _number(c, integer=True)
        case "float":
            return _number(c, integer=False)
        case "decimal" if numeric:  # `type: number, format: decimal`; else the string form
            return _number(c, integer=False)
        case _:  # strings, formatted strings, bytes
            preferred = _FORMATS.get(p.name) or _FORMATS.get(p.format or "")
            return _string(c, preferred, p.format)


def _string(c: ir.Constraints, preferred: str | None, fmt: str | None) -> str:
    low, high = c.min_length or 0, c.max_length
    if fmt == "byte":  # base64 of "ABC"…, a multiple of 4 long
        preferred = "QUJD" * (min(max(low, 8) + 3, high if high is not None else low + 11) // 4)
    if c.pattern is not None:
        if preferred is not None and _fits(preferred, low, high) and _search(c.pattern, preferred):
            return preferred
        matched = _from_pattern(c.pattern, low, high)
        if matched is not None:
            return matched
    if preferred is None or _fits(preferred, low, high):
        return preferred if preferred is not None else _plain(low, high)
    short = low - len(preferred)
    if short > 0 and fmt in ("email", "idn-email"):
        return "u" * short + preferred
    if short > 0 and fmt in ("uri", "url", "iri", "uri-reference", "iri-reference"):
        return preferred + "/" + "a" * (short - 1)
    if short > 0 and fmt == "password":
        return _plain(low, high, "password")
    return _plain(low, high)


def _fits(text: str, low: int, high: int | None) -> bool:
    return low <= len(text) and (high is None or len(text) <= high)


def _plain(low: int, high: int | None, word: str = "string") -> str:
    size = max(low, min(len(word), len(word) if high is None else high))
    return (word * (size // len(word) + 1))[:size]


def _search(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except (re.error, RecursionError, OverflowError):
        return False


def _in_bounds(c: ir.Constraints, x: float) -> bool:
    low = (c.ge is None or x >= c.ge) and (c.gt is None or x > c.gt)
    high = (c.le is None or x <= c.le) and (c.lt is None or x < c.lt)
    if not (low and high) or not c.multiple_of:
        return low and high
    quotient = x / c.multiple_of
    return math.isfinite(quotient) and quotient == int(quotient)


def _number(c: ir.Constraints, *, integer: bool) -> int | float:
    low = c.gt if c.gt is not None else c.ge
    high = c.lt if c.lt is not None else c.le
    preferred = 1 if integer else 1.5
    anchors: list[float] = [preferred]
    for bound, step in ((low, 1.0), (high, -1.0)):
        if bound is not None:
            anchors += [bound, bound + step, bound + step / 2]
    if low is not None and high is not None:
        anchors.append((low + high) / 2)
    unit = Fraction(1)
    if c.multiple_of:
        unit = Fraction(str(c.multiple_of))
        if integer:  # the integer multiples of p/q are the multiples of p
            unit = Fraction(unit.numerator)
    for anchor in anchors:
        if not math.isfinite(anchor):
            continue
        near = [Fraction(anchor)]
        if c.multiple_of or integer:  # the multiples of `unit` around the anchor, nearest first
            k = round(Fraction(anchor) / unit)
            near = [(k + d) * unit for d in (0, 1, -1, 2, -2, 3, -3)]
        for x in near:
            value = int(x) if integer else float(x)
            if _in_bounds(c, value):
                return value
    return preferred


# ------------------------------------------------------------------------------- patterns
def _from_pattern(pattern: str, low: int, high: int | None) -> str | None:
    """A string of length [low, high] that `pattern` matches, or None if none was found."""
    try:
        tree = _P.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    for shortest in (False, True):
        walker = _Walker(shortest)
        text = walker.text(tree)
        for _ in range(64):
            if len(text) >= low or not walker.grow(tree, low - len(text)):
                break
            text = walker.text(tree)
        pad = "a" * max(0, low - len(text))
        for candidate in (text, text + pad, pad + text):
            if _fits(candidate, low, high) and _search(pattern, candidate):
                return candidate
    return None


class _Walker:
    """Writes out one string of a parse tree; repeats run `counts[id(node)]` times (default: min).
    The text of a positive lookahead is "wanted": the next `.` or class that accepts it writes it."""

    def __init__(self, shortest: bool) -> None:
        self.shortest = shortest  # alternation: the shortest branch instead of the first
        self.counts: dict[int, int] = {}
        self.groups: dict[int, str] = {}
        self.wanted: list[str] = []

    def text(self, tree: Any) -> str:
        self.groups, self.wanted = {}, []
        return self._emit(tree)

    def _emit(self, tree: Any) -> str:
        out: list[str] = []
        for op, av in tree:
            match op:
                case _P.LITERAL:
                    out.append(chr(av))
                case _P.NOT_LITERAL:
                    out.append(self._char([(_P.NEGATE, None), (_P.LITERAL, av)]))
                case _P.ANY:
                    out.append(self._char([(_P.NEGATE, None), (_P.LITERAL, 10)]))
                case _P.IN:
                    out.append(self._char(av))
                case _P.MAX_REPEAT | _P.MIN_REPEAT | _P.POSSESSIVE_REPEAT:
                    out.extend(self._emit(av[2]) for _ in range(self.counts.get(id(av), av[0])))
                case _P.SUBPATTERN:
                    out.append(self._emit(av[3]))
                    if av[0] is not None:
                        self.groups[av[0]] = out[-1]
                case _P.BRANCH:
                    out.append(self._emit(self._branch(av[1])))
                case _P.ATOMIC_GROUP:
                    out.append(self._emit(av))
                case _P.GROUPREF:
                    out.append(self.groups.get(av, ""))
                case _P.GROUPREF_EXISTS:
                    out.append(self._emit(av[1]))
                case _P.ASSERT if av[0] == 1:
                    self.wanted.extend(self._measure(av[1]))
        return "".join(out)

    def _char(self, items: list[tuple[Any, Any]]) -> str:
        if self.wanted and _in_class(items, self.wanted[0]):
            return self.wanted.pop(0)
        return _class_char(items)

    def _measure(self, tree: Any) -> str:
        """The text of `tree`, leaving the wanted characters as they were."""
        wanted = list(self.wanted)
        text = self._emit(tree)
        self.wanted[:] = wanted
        return text

    def _branch(self, branches: list[Any]) -> Any:
        return min(branches, key=lambda b: len(self._measure(b))) if self.shortest else branches[0]

    def grow(self, tree: Any, short: int) -> bool:
        """Lengthen the first repeat (in written order) that may grow; False if none can."""
        for op, av in tree:
            match op:
                case _P.MAX_REPEAT | _P.MIN_REPEAT | _P.POSSESSIVE_REPEAT:
                    count, unit = self.counts.get(id(av), av[0]), len(self._measure(av[2]))
                    if unit and count < av[1]:
                        self.counts[id(av)] = min(av[1], count + math.ceil(short / unit))
                        return True
                    if count and self.grow(av[2], short):
                        return True
                case _P.SUBPATTERN if self.grow(av[3], short):
                    return True
                case _P.BRANCH if self.grow(self._branch(av[1]), short):
                    return True
                case _P.ATOMIC_GROUP if self.grow(av, short):
                    return True
        return False


def _class_char(items: list[tuple[Any, Any]]) -> str:
    """A character of a class: a common one it accepts, else one it names."""
    named = [chr(av) if op is _P.LITERAL else chr(av[0]) for op, av in items if op in (_P.LITERAL, _P.RANGE)]
    return next((ch for ch in _CHARS + "".join(named) + "é中\t" if _in_class(items, ch)), "a")


def _in_class(items: list[tuple[Any, Any]], ch: str) -> bool:
    negate, hit = False, False
    for op, av in items:
        match op:
            case _P.NEGATE:
                negate = True
            case _P.LITERAL:
                hit = hit or ord(ch) == av
            case _P.RANGE:
                hit = hit or av[0] <= ord(ch) <= av[1]
            case _P.CATEGORY:
                hit = hit or _category(av, ch)
    return hit != negate


def _category(category: Any, ch: str) -> bool:
    word = ch.isalnum() or ch == "_"
    match category:
        case _P.CATEGORY_DIGIT:
            return ch.isdigit()
        case _P.CATEGORY_NOT_DIGIT:
            return not ch.isdigit()
        case _P.CATEGORY_SPACE:
            return ch.isspace()
        case _P.CATEGORY_NOT_SPACE:
            return not ch.isspace()
        case _P.CATEGORY_WORD:
            return word
        case _P.CATEGORY_NOT_WORD:
            return not word
    return False
