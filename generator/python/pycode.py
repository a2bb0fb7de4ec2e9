"""Python source fragments computed from the IR: type expressions and literal values.

Templates never build a type or a value themselves; they place what these functions return.
Models are rendered in one module where the typing helpers are imported under private aliases
(`_t` typing, `_p` pydantic, `_dt` datetime, `_uuid`, `_decimal`), so no spec-derived class name
can shadow them. Type aliases are expanded where used (`Sink` becomes its union), because a
module-level alias would have to be defined before the classes it names.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.python.escape import Code, pystr

PRIMS: dict[str, str] = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "bytes": "bytes",
    "datetime": "_dt.datetime",
    "date": "_dt.date",
    "time": "_dt.time",
    "uuid": "_uuid.UUID",
    "decimal": "_decimal.Decimal",
}


_DEFINITIONS: dict[int, tuple[tuple[ir.Definition, ...], dict[str, ir.Definition]]] = {}


def definitions_of(api: ir.Api) -> dict[str, ir.Definition]:
    """The API's definitions by key, built once per API (views ask for it per operation)."""
    hit = _DEFINITIONS.get(id(api.definitions))
    if hit is not None and hit[0] is api.definitions:
        return hit[1]
    table = {d.key: d for d in api.definitions}
    _DEFINITIONS.clear()
    _DEFINITIONS[id(api.definitions)] = (api.definitions, table)
    return table


class Types:
    """Type expressions for one namespace: `prefix` is how class names are reached from there
    (`""` inside the models module, `"models."` from resources)."""

    def __init__(
        self,
        definitions: Mapping[str, ir.Definition],
        prefix: str = "",
        shadowed: frozenset[str] | set[str] = frozenset(),
        static: bool = False,
    ) -> None:
        self.defs = definitions
        self.prefix = prefix
        self.shadowed = frozenset(shadowed)
        # Constraints are enforced by the models (`_checks`), so only model annotations carry them.
        self.constraints = prefix == "" and not static
        # static: for annotations and casts only, unions without their runtime discriminators
        self.static = static
        self.list = "_b.list" if "list" in shadowed else "list"
        self.dict = "_b.dict" if "dict" in shadowed else "dict"
        # Inside the models module aliases are expanded (they are defined after the classes);
        # elsewhere the alias name is used, and the tagged-union helper is reached via _base.
        self.expand_aliases = prefix == ""
        self.discriminate = "_discriminate" if prefix == "" else "_base.discriminate"

    def expr(self, t: ir.Type, seen: frozenset[str] = frozenset()) -> Code:
        match t:
            case ir.Prim(name=name, constraints=constraints):
                return self._constrained(Code(PRIMS[name]), constraints)
            case ir.Lit(value=value):
                return Code(f"_t.Literal[{literal(value)}]")
            case ir.Array(item=item, constraints=constraints):
                return self._constrained(Code(f"{self.list}[{self.expr(item, seen)}]"), constraints)
            case ir.Map(value=value):
                return Code(f"{self.dict}[str, {self.expr(value, seen)}]")
            case ir.Nullable(inner=inner):
                inner_code = self.expr(inner, seen)
                return inner_code if inner_code == "_t.Any" else Code(f"{inner_code} | None")
            case ir.Union(variants=variants, discriminator=disc):
                return self._union(variants, disc, seen)
            case ir.Ref(key=key):
                d = self.defs[key]
                if isinstance(d, ir.AliasDef):
                    if not self.expand_aliases:
                        return Code(self.prefix + d.class_name)
                    if key in seen:
                        return Code("_t.Any")
                    return self.expr(d.type, seen | {key})
                return Code(self.prefix + d.class_name)
            case _:
                return Code("_t.Any")

    def _constrained(self, base: Code, c: ir.Constraints) -> Code:
        if not self.constraints:
            return base
        args = {
            "min_length": c.min_length if c.min_length is not None else c.min_items,
            "max_length": c.max_length if c.max_length is not None else c.max_items,
            "pattern": c.pattern,
            "ge": c.ge,
            "gt": c.gt,
            "le": c.le,
            "lt": c.lt,
            "multiple_of": c.multiple_of,
        }
        given = [f"{k}={pystr(v) if isinstance(v, str) else repr(v)}" for k, v in args.items() if v is not None]
        if not given or not all(math.isfinite(v) for v in args.values() if isinstance(v, float)):
            return base
        return Code(f"_t.Annotated[{base}, _checks({', '.join(given)})]")

    def _union(self, variants: tuple[ir.Type, ...], disc: ir.Discriminator | None, seen: frozenset[str]) -> Code:
        """`A | B`, with literal variants merged into one `Literal[...]` and `None` once, last."""
        nullable = any(isinstance(v, ir.Nullable) for v in variants)
        plain = tuple(v.inner if isinstance(v, ir.Nullable) else v for v in variants)
        literals = [v.value for v in plain if isinstance(v, ir.Lit)]
        parts: list[str] = []
        for v in plain:
            if isinstance(v, ir.Lit):
                if v.value == literals[0]:
                    parts.append(f"_t.Literal[{', '.join(literal(x) for x in dict.fromkeys(literals))}]")
                continue
            parts.append(self.expr(v, seen))
        parts = list(dict.fromkeys(p for part in parts for p in ([part] if part != "None" else [])))
        if "_t.Any" in parts:
            return Code("_t.Any")
        joined = " | ".join(parts)
        if disc is not None and not nullable and not literals and not self.static:
            field_name = self._literal_discriminator(disc)
            if field_name is not None:
                joined = f"_t.Annotated[{joined}, _p.Field(discriminator={pystr(field_name)})]"
            else:
                joined = self._tagged_union(plain, disc, seen)
        return Code(f"{joined} | None" if nullable else joined)

    def _literal_discriminator(self, disc: ir.Discriminator) -> str | None:
        """The Python name of the discriminator field when every variant declares it as the
        literal its mapping says (pydantic's own discriminated union), else None."""
        names = set()
        for value, key in disc.mapping:
            model = self.defs.get(key)
            if not isinstance(model, ir.ModelDef):
                return None
            field = next((f for f in model.fields if f.wire_name == disc.wire_name), None)
            if field is None or field.type != ir.Lit(value):
                return None
            names.add(field.py_name)
        keys = [key for _, key in disc.mapping]
        return names.pop() if len(names) == 1 and len(set(keys)) == len(keys) else None

    def _tagged_union(self, variants: tuple[ir.Type, ...], disc: ir.Discriminator, seen: frozenset[str]) -> Code:
        """A union whose variant is chosen by a callable reading the discriminator's value."""
        tag_of = {key: self.defs[key].class_name for _, key in disc.mapping}
        py_name = next(
            f.py_name
            for f in self.defs[disc.mapping[0][1]].fields  # type: ignore[union-attr]
            if f.wire_name == disc.wire_name
        )
        tagged = " | ".join(
            f"_t.Annotated[{self.expr(v, seen)}, _p.Tag({pystr(tag_of[v.key])})]"
            for v in variants
            if isinstance(v, ir.Ref)
        )
        table = "{" + ", ".join(f"{pystr(value)}: {pystr(tag_of[key])}" for value, key in disc.mapping) + "}"
        call = f"{self.discriminate}({pystr(disc.wire_name)}, {pystr(py_name)}, {table})"
        return Code(f"_t.Annotated[{tagged}, _p.Discriminator({call})]")

    def as_static(self) -> Types:
        return Types(self.defs, self.prefix, self.shadowed, static=True)

    def resolve(self, t: ir.Type) -> ir.Type:
        """Follow alias definitions to the type they stand for."""
        seen: set[str] = set()
        while isinstance(t, ir.Ref) and isinstance(self.defs[t.key], ir.AliasDef) and t.key not in seen:
            seen.add(t.key)
            alias = self.defs[t.key]
            assert isinstance(alias, ir.AliasDef)
            t = alias.type
        return t

    def is_nullable(self, t: ir.Type) -> bool:
        return isinstance(self.resolve(t), ir.Nullable | ir.AnyType)

    def default(self, t: ir.Type, value: ir.JsonValue) -> Code | None:
        """A default expression for a field of type `t`, or None when the value does not fit."""
        t = self.resolve(t)
        if isinstance(t, ir.Nullable):
            if value is None:
                return Code("None")
            t = self.resolve(t.inner)
        match t:
            case ir.Prim(name="bool") if isinstance(value, bool):
                return Code(repr(value))
            case ir.Prim(name="int") if isinstance(value, int) and not isinstance(value, bool):
                return Code(repr(value))
            case ir.Prim(name="float") if isinstance(value, int | float) and not isinstance(value, bool):
                return Code(repr(float(value))) if math.isfinite(value) else None
            case ir.Prim(name="str") if isinstance(value, str):
                return pystr(value)
            case ir.Lit(value=lit) if value == lit and type(value) is type(lit):
                return literal(lit)
            case ir.Ref(key=key):
                d = self.defs[key]
                if isinstance(d, ir.EnumDef):
                    member = next(
                        (m for m in d.members if m.value == value and type(m.value) is type(value)),
                        None,
                    )
                    return Code(f"{self.prefix}{d.class_name}.{member.py_name}") if member else None
                if isinstance(d, ir.ModelDef) and isinstance(value, dict):
                    factory = f"{self.prefix}{d.class_name}.model_validate({data_literal(value)})"
                    return Code(f"_p.Field(default_factory=lambda: {factory})")
            case ir.Array(item=item) if isinstance(value, list):
                # element by element, so that enum members are members (not their values)
                items = [self.default(item, v) for v in value]
                if all(c is not None and not c.startswith("_p.Field(") for c in items):
                    return Code(f"_p.Field(default_factory=lambda: [{', '.join(str(c) for c in items)}])")
                return Code(f"_p.Field(default_factory=lambda: {data_literal(value)})")
            case ir.Map() if isinstance(value, dict):
                return Code(f"_p.Field(default_factory=lambda: {data_literal(value)})")
            case ir.Union(variants=variants):
                # the first variant the value fits; models are left out, as a dict may fit several
                for variant in variants:
                    resolved = self.resolve(variant)
                    if isinstance(resolved, ir.Ref) and isinstance(self.defs[resolved.key], ir.ModelDef):
                        continue
                    found = self.default(variant, value)
                    if found is not None:
                        return found
            case ir.AnyType():
                if isinstance(value, list | dict):
                    return Code(f"_p.Field(default_factory=lambda: {data_literal(value)})")
                return data_literal(value)
        return None


def fit_annotation(indent: int, name: str, annotation: Code, tail: str, line_length: int) -> Code:
    """Parenthesize a top-level union annotation exactly when its line is too long.

    black wraps a long `name: A | B = default` (or a long required parameter) in parentheses,
    ruff format splits it bare; both keep parentheses that are needed and black removes those
    that are not. Emitting them exactly when needed gives output both formatters accept.
    `tail` is what follows the annotation on the line (` = default,`).
    """
    if indent + len(name) + 2 + len(annotation) + len(tail) <= line_length or not _top_level_union(annotation):
        return annotation
    return Code(f"({annotation})")


def _top_level_union(annotation: str) -> bool:
    depth = 0
    for i, ch in enumerate(annotation):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "|" and depth == 0 and annotation[i - 1 : i + 2] == " | ":
            return True
    return False


def literal(value: str | int | bool) -> Code:
    return pystr(value) if isinstance(value, str) else Code(repr(value))


def data_literal(value: Any) -> Code:
    """JSON data as a Python expression; strings escaped, floats finite."""
    if value is None or isinstance(value, bool):
        return Code(repr(value))
    if isinstance(value, int):
        return Code(repr(value))
    if isinstance(value, float):
        return Code(repr(value) if math.isfinite(value) else "None")
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, list):
        return Code("[" + ", ".join(data_literal(v) for v in value) + "]")
    if isinstance(value, dict):
        return Code("{" + ", ".join(f"{pystr(str(k))}: {data_literal(v)}" for k, v in value.items()) + "}")
    return pystr(str(value))
