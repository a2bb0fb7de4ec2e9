"""Sample values: for an IR type, a JSON value that validates against the schema it came from.

Input: an `ir.Type`, the definitions it refers to (by key), and optionally a spec example.
Output: `ir.JsonValue` data: what a call of an operation can send to a strict mock server.

Invariants:
- A spec example, when given, is returned unchanged (the caller prefers it).
- Strings honour format, pattern (a string walked out of Python's regex parse tree and checked
  with `re.search`, as JSON Schema patterns are unanchored) and length; numbers honour inclusive
  and exclusive bounds and `multipleOf` (checked by division, as validators do); ints stay ints.
- Objects carry every required, non-read-only field and every `Lit` field; with `optional=True`
  (what a call sends: every parameter and body filled in) also every other non-read-only field
  that can be sampled without re-entering a definition already open, unless it is typed Any or
  needs a union no value of which matches exactly one variant (then it is left out). Of a
  model's `required_sets` (a `oneOf` of `required` lists) exactly one is met: its fields are
  sent, the fields only other sets name are left out. Arrays carry max(min_items, 1) items
  (never more than max_items); maps are empty; a nullable is sampled as its inner type.
- A union is sampled as its first variant whose value no other variant accepts (`oneOf` means
  exactly one, discriminator or not), its discriminator property set to the variant's mapping
  value. Failing that, the first value is given a property another variant declares, with a
  value of a type that variant rejects, where its own variant leaves that property open.
- Recursion ends: a definition never contains itself. Where a required path would recurse, an
  empty array, another union variant or, last, `None` for a nullable is chosen; if none exists
  (an unsatisfiable schema) a naive value is returned.
- Deterministic: no randomness; only tuple/list order of the IR decides.
"""

from __future__ import annotations

import copy
import importlib
import math
import re
import sys
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from generator import ir

# The regex parser (no type stubs for `re._parser`, so it is used as `Any`).
_P: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

_MAX_DEPTH = 32  # definitions open at once
_BUDGET = 50_000  # types visited per sample, a bound on union/recursion search

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


class _Unsampleable(Exception):
    """No value on this path (recursion or the depth limit); the caller tries another."""


class _Exhausted(Exception):
    """The search budget is spent; the whole sample falls back to a naive value."""


def sample(
    t: ir.Type,
    defs: Mapping[str, ir.Definition],
    *,
    example: ir.Default | None = None,
    optional: bool = False,
) -> ir.JsonValue:
    """A JSON value valid against the schema of `t` (or `example.value` when given); with
    `optional`, objects carry their optional fields too (if that spends the search budget, the
    value is the one without them)."""
    if example is not None:
        return example.value
    for extra in (True, False) if optional else (False,):
        try:
            return _Sampler(defs, extra).value(t)
        except _Exhausted:
            continue
        except _Unsampleable:
            break
    target = defs.get(t.key) if isinstance(t, ir.Ref) else None
    if isinstance(t, ir.Array):
        return []
    return {} if isinstance(t, ir.Map) or isinstance(target, ir.ModelDef) else None


def valid(value: ir.JsonValue, t: ir.Type, defs: Mapping[str, ir.Definition]) -> bool:
    """Whether the schema of `t` accepts `value`, formats aside (a sample that is not valid is
    the naive value returned where none was found)."""
    return _matches(value, t, defs)


class _Sampler:
    def __init__(self, defs: Mapping[str, ir.Definition], optional: bool = False) -> None:
        self.defs = defs
        self.optional = optional
        self.open: list[str] = []  # definition keys being sampled, outermost first
        self.steps = 0
        self.strict = 0  # > 0 inside an optional field: a union no value of which is valid fails it

    def value(self, t: ir.Type) -> ir.JsonValue:
        self.steps += 1
        if self.steps > _BUDGET:
            raise _Exhausted
        match t:
            case ir.Prim():
                return _prim(t)
            case ir.Lit(value=value):
                return value
            case ir.Array(item=item, constraints=c):
                return self._array(item, c)
            case ir.Map():
                return {}
            case ir.Nullable(inner=inner):
                try:
                    return self.value(inner)
                except _Unsampleable:
                    return None
            case ir.Union(variants=variants, discriminator=discriminator):
                return self._union(variants, discriminator)
            case ir.Ref(key=key):
                return self._ref(key)
            case ir.AnyType():
                return "string"

    def _array(self, item: ir.Type, c: ir.Constraints) -> ir.JsonValue:
        low = c.min_items or 0
        count = max(low, 1) if c.max_items is None else min(max(low, 1), c.max_items)
        if count == 0:
            return []
        try:
            one = self.value(item)
        except _Unsampleable:
            if low == 0:
                return []
            raise
        return [one] + [copy.deepcopy(one) for _ in range(count - 1)]

    def _union(self, variants: tuple[ir.Type, ...], discriminator: ir.Discriminator | None) -> ir.JsonValue:
        first: tuple[ir.Type, ir.JsonValue] | None = None
        for variant in variants:
            try:
                value = self.value(variant)
            except _Unsampleable:
                continue
            if discriminator is not None and isinstance(variant, ir.Ref) and isinstance(value, dict):
                tag = next((wire for wire, key in discriminator.mapping if key == variant.key), None)
                if tag is not None:
                    value[discriminator.wire_name] = tag
            if not any(_matches(value, other, self.defs) for other in variants if other is not variant):
                return value
            first = first or (variant, value)
        if first is None:
            raise _Unsampleable
        value = self._exclude(*first, [v for v in variants if v is not first[0]])
        if value is None and self.strict:
            raise _Unsampleable
        return first[1] if value is None else value

    def _exclude(self, variant: ir.Type, value: ir.JsonValue, others: list[ir.Type]) -> ir.JsonValue:
        """`value` (of `variant`) with properties added that make the `others` reject it, where
        its own model leaves them open; None if that cannot be done."""
        own = _model_of(variant, self.defs)
        if own is None or not isinstance(value, dict) or own.closed or own.additional is not None:
            return None
        declared = {f.wire_name for f in own.fields}
        out = dict(value)
        for other in others:
            model = _model_of(other, self.defs)
            if model is None or not _matches(out, other, self.defs):
                continue
            for f in model.fields:
                wrong = _wrong(f.type, self.defs)
                if f.wire_name not in declared and f.wire_name not in out and wrong is not None:
                    out[f.wire_name] = wrong
                    break
        return out if not any(_matches(out, other, self.defs) for other in others) else None

    def _ref(self, key: str) -> ir.JsonValue:
        definition = self.defs.get(key)
        if definition is None:
            return {}
        if isinstance(definition, ir.EnumDef):
            if not definition.members:
                raise _Unsampleable
            return definition.members[0].value
        if key in self.open or len(self.open) >= _MAX_DEPTH:
            raise _Unsampleable
        self.open.append(key)
        try:
            match definition:
                case ir.AliasDef(type=inner):
                    return self.value(inner)
                case ir.ModelDef():
                    return self._model(definition)
        finally:
            self.open.pop()

    def _model(self, model: ir.ModelDef) -> dict[str, ir.JsonValue]:
        chosen, left_out = self._required_set(model)
        out: dict[str, ir.JsonValue] = {}
        for f in model.fields:
            if isinstance(f.type, ir.Lit) or (f.required and not f.read_only) or f.wire_name in chosen:
                out[f.wire_name] = self.value(f.type)
            elif self.optional and not f.read_only and f.wire_name not in left_out and f.type != ir.AnyType():
                self.strict += 1  # left out rather than sent with a value that may be invalid
                try:
                    out[f.wire_name] = self.value(f.type)
                except _Unsampleable:
                    pass
                finally:
                    self.strict -= 1
        return out

    def _required_set(self, model: ir.ModelDef) -> tuple[set[str], set[str]]:
        """(the names one of `required_sets` requires, the names only the others require): the
        first set that no other set is contained in, given the fields sent anyway."""
        if not model.required_sets:
            return set(), set()
        named = {name for names in model.required_sets for name in names}
        always = {f.wire_name for f in model.fields if f.required or isinstance(f.type, ir.Lit)}
        for names in model.required_sets:
            chosen = set(names)
            if not any(set(other) <= chosen | always for other in model.required_sets if other != names):
                return chosen, named - chosen
        return set(model.required_sets[0]), named - set(model.required_sets[0])


# ------------------------------------------------------------------------------- matching
def _model_of(t: ir.Type, defs: Mapping[str, ir.Definition]) -> ir.ModelDef | None:
    seen: set[str] = set()
    while isinstance(t, ir.Ref) and t.key not in seen:
        seen.add(t.key)
        definition = defs.get(t.key)
        if isinstance(definition, ir.ModelDef):
            return definition
        if not isinstance(definition, ir.AliasDef):
            return None
        t = definition.type
    return None


def _wrong(t: ir.Type, defs: Mapping[str, ir.Definition]) -> ir.JsonValue:
    """A value of another JSON type that `t` rejects, or None if it accepts them all."""
    candidates: tuple[ir.JsonValue, ...] = (0, "string", False, {}, [])
    return next((v for v in candidates if not _matches(v, t, defs)), None)


def _matches(value: ir.JsonValue, t: ir.Type, defs: Mapping[str, ir.Definition], depth: int = 0) -> bool:
    """Whether the schema of `t` accepts `value` (formats are not checked: a string passes)."""
    if depth > _MAX_DEPTH:
        return True
    match t:
        case ir.Prim():
            return _prim_matches(value, t)
        case ir.Lit(value=literal):
            return value == literal and isinstance(value, bool) == isinstance(literal, bool)
        case ir.Array(item=item, constraints=c):
            return (
                isinstance(value, list)
                and (c.min_items or 0) <= len(value) <= (len(value) if c.max_items is None else c.max_items)
                and all(_matches(v, item, defs, depth) for v in value)
            )
        case ir.Map(value=inner):
            return isinstance(value, dict) and all(_matches(v, inner, defs, depth) for v in value.values())
        case ir.Nullable(inner=inner):
            return value is None or _matches(value, inner, defs, depth)
        case ir.Union(variants=variants):
            return any(_matches(value, v, defs, depth) for v in variants)
        case ir.Ref(key=key):
            return _ref_matches(value, defs.get(key), defs, depth + 1)
    return True


def _ref_matches(value: ir.JsonValue, d: ir.Definition | None, defs: Mapping[str, ir.Definition], depth: int) -> bool:
    match d:
        case ir.EnumDef(members=members):
            return any(_matches(value, ir.Lit(m.value), defs) for m in members)
        case ir.AliasDef(type=inner):
            return _matches(value, inner, defs, depth)
        case ir.ModelDef(fields=fields) if isinstance(value, dict):
            types = {f.wire_name: f.type for f in fields}
            extra: ir.Type = ir.AnyType() if d.additional is None else d.additional
            return (
                all(f.wire_name in value for f in fields if f.required and not f.read_only)
                and all(_matches(v, types.get(k, extra), defs, depth) for k, v in value.items())
                and not (d.closed and set(value) - set(types))
                and (not d.required_sets or any(set(names) <= set(value) for names in d.required_sets))
            )
    return not isinstance(d, ir.ModelDef)


def _prim_matches(value: ir.JsonValue, p: ir.Prim) -> bool:
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
def _prim(p: ir.Prim) -> ir.JsonValue:
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
