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
import json
from collections.abc import Mapping
from dataclasses import dataclass

from generator import ir
from generator.irquery import model_of
from generator.sample_values import prim_matches, prim_value
from generator.values import same_json

_MAX_DEPTH = 32  # definitions open at once
_BUDGET = 50_000  # types visited per sample, a bound on union/recursion search
_OPTIONAL_BUDGET = 5_000  # the same with optional fields: past it, the required-only value


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
    prims: Prims | None = None,
    parts: Parts | None = None,
) -> ir.JsonValue:
    """A JSON value valid against the schema of `t` (or `example.value` when given); with
    `optional`, objects carry their optional fields too (if that spends the search budget, the
    value is the one without them). `prims`: the values of the primitive types met so far, for
    a caller that samples many types of one API (`Prims`); `parts`: the values of the
    definitions sampled so far, for the same caller (`Parts`)."""
    if example is not None:
        return example.value
    prims = {} if prims is None else prims
    for extra in (True, False) if optional else (False,):
        try:
            return _Sampler(defs, extra, _OPTIONAL_BUDGET if extra else _BUDGET, prims, parts).value(t)
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


# `prim_value` of each primitive type met, by the type's identity (the type kept, so the identity
# is not reused while the memo lives): the IR shares its primitive types (Graph's tests: 109,000
# values of 593 types), and a primitive value is immutable (a string, a number, a boolean).
Prims = dict[int, tuple[ir.Prim, ir.JsonValue]]


@dataclass(frozen=True, slots=True)
class Part:
    """How sampling one definition went, replayed where it goes the same way: its walk depends
    on where it is sampled only through which of the definition keys it checks are open
    (recursion ends there) and how deep it reaches (the depth limit). So it is reused where the
    same keys of `checked` are open (`hits`) and the limit is as far; its `steps` are spent
    again, so that a sample exhausts its budget exactly where walking anew would."""

    value: ir.JsonValue  # `_UNSAMPLEABLE` where the walk found none; only read (`_union` copies)
    steps: int
    checked: frozenset[str]  # the definition keys its walk checked against the open ones
    hits: frozenset[str]  # those of them open around it
    reach: int  # how many more definitions were open at its deepest check than at its start


# The definitions sampled so far by a caller that samples many types of one API (Graph's tests:
# a body's models recur in other bodies, 48,000 definitions walked for 1,700), by key, by
# `optional` and by whether inside an optional field (`_Sampler.strict`).
Parts = dict[tuple[str, bool, bool], Part]
_UNSAMPLEABLE: ir.JsonValue = ["no value"]  # (by identity)
_Walk = tuple[set[str], list[int]]  # a definition being walked: the keys checked, the deepest check


class _Sampler:
    def __init__(
        self,
        defs: Mapping[str, ir.Definition],
        optional: bool = False,
        budget: int = _BUDGET,
        prims: Prims | None = None,
        parts: Parts | None = None,
    ) -> None:
        self.defs = defs
        self.prims: Prims = {} if prims is None else prims
        self.parts: Parts = {} if parts is None else parts
        self.walks: list[_Walk] = []  # with `open`: what each open definition's walk depends on
        self.optional = optional
        self.budget = budget
        self.open: list[str] = []  # definition keys being sampled, outermost first
        self.steps = 0
        self.strict = 0  # > 0 inside an optional field: a union no value of which is valid fails it

    def value(self, t: ir.Type) -> ir.JsonValue:
        self.steps += 1
        if self.steps > self.budget:
            raise _Exhausted
        if isinstance(t, ir.Prim):  # the most common kind by far, first (Graph: 300,000 steps a run)
            const = t.constraints.const
            if const is not None:
                return json.loads(const)  # type: ignore[no-any-return]
            found = self.prims.get(id(t))
            if found is not None and found[0] is t:
                return found[1]
            value = prim_value(t)
            self.prims[id(t)] = (t, value)
            return value
        if isinstance(t, ir.Ref):
            return self._ref(t.key)
        if isinstance(t, ir.Array | ir.Map) and t.constraints.const is not None:
            return json.loads(t.constraints.const)  # type: ignore[no-any-return]
        match t:
            case ir.Lit(value=value):
                return value
            case ir.Array(item=item, constraints=c):
                return self._array(item, c)
            case ir.Tuple(items=items):
                return [self.value(item) for item in items]
            case ir.Map():
                return {}
            case ir.Nullable(inner=inner):
                try:
                    return self.value(inner)
                except _Unsampleable:
                    return None
            case ir.Union(variants=variants, discriminator=discriminator):
                return self._union(variants, discriminator)
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
                if tag is not None:  # on a copy: the value may be a `Part`'s
                    value = {**value, discriminator.wire_name: tag}
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
        own = model_of(variant, self.defs, nullable=False)
        if own is None or not isinstance(value, dict) or own.closed or own.additional is not None:
            return None
        declared = {f.wire_name for f in own.fields}
        out = dict(value)
        for other in others:
            model = model_of(other, self.defs, nullable=False)
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
        depth = len(self.open)
        if self.walks:
            checked, deepest = self.walks[-1]
            checked.add(key)
            deepest[0] = max(deepest[0], depth)
        if key in self.open or depth >= _MAX_DEPTH:
            raise _Unsampleable
        memo_key = (key, self.optional, self.strict > 0)
        part = self.parts.get(memo_key)
        if part is None or depth + part.reach >= _MAX_DEPTH or part.checked.intersection(self.open) != part.hits:
            part = self._walk(key, definition, depth)
            if depth + part.reach < _MAX_DEPTH:  # the depth limit untouched: the same anywhere as far
                self.parts[memo_key] = part
        else:
            self.steps += part.steps
            if self.steps > self.budget:
                raise _Exhausted
        if self.walks:
            checked, deepest = self.walks[-1]
            checked |= part.checked
            deepest[0] = max(deepest[0], depth + part.reach)
        if part.value is _UNSAMPLEABLE:
            raise _Unsampleable
        return part.value

    def _walk(self, key: str, definition: ir.Definition, depth: int) -> Part:
        """Sample a definition not open (at `depth`), recording what the walk depended on."""
        walk: _Walk = (set(), [depth])
        self.walks.append(walk)
        self.open.append(key)
        start = self.steps
        value: ir.JsonValue = None
        try:
            match definition:
                case ir.AliasDef(type=inner):
                    value = self.value(inner)
                case ir.ModelDef():
                    value = self._model(definition)
        except _Unsampleable:
            value = _UNSAMPLEABLE
        finally:
            self.open.pop()
            self.walks.pop()
        checked, deepest = walk
        return Part(
            value,
            self.steps - start,
            frozenset(checked),
            frozenset(checked.intersection(self.open)),
            deepest[0] - depth,
        )

    def _model(self, model: ir.ModelDef) -> dict[str, ir.JsonValue]:
        chosen, left_out = self._required_set(model)
        out: dict[str, ir.JsonValue] = {}
        for f in model.fields:
            if isinstance(f.type, ir.Lit) or (f.required and not f.read_only) or f.wire_name in chosen:
                out[f.wire_name] = self.value(f.type)
            elif (
                self.optional and not f.read_only and f.wire_name not in left_out and f.type.__class__ is not ir.AnyType
            ):
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


def _wrong(t: ir.Type, defs: Mapping[str, ir.Definition]) -> ir.JsonValue:
    """A value of another JSON type that `t` rejects, or None if it accepts them all."""
    candidates: tuple[ir.JsonValue, ...] = (0, "string", False, {}, [])
    return next((v for v in candidates if not _matches(v, t, defs)), None)


def _matches(value: ir.JsonValue, t: ir.Type, defs: Mapping[str, ir.Definition], depth: int = 0) -> bool:
    """Whether the schema of `t` accepts `value` (formats are not checked: a string passes)."""
    if depth > _MAX_DEPTH:
        return True
    if isinstance(t, ir.Prim | ir.Array | ir.Map) and t.constraints.const is not None:
        return same_json(value, json.loads(t.constraints.const))
    match t:
        case ir.Prim():
            return prim_matches(value, t)
        case ir.Lit(value=literal):
            return value == literal and isinstance(value, bool) == isinstance(literal, bool)
        case ir.Array(item=item, constraints=c):
            return (
                isinstance(value, list)
                and (c.min_items or 0) <= len(value) <= (len(value) if c.max_items is None else c.max_items)
                and all(_matches(v, item, defs, depth) for v in value)
            )
        case ir.Tuple(items=items):
            return (
                isinstance(value, list)
                and len(value) == len(items)
                and all(_matches(v, i, defs, depth) for v, i in zip(value, items, strict=True))
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
