"""Python source fragments computed from the IR: type expressions and literal values.

Templates never build a type or a value themselves; they place what these functions return.
Models are rendered in one module where the typing helpers are imported under private aliases
(`_t` typing, `_p` pydantic, `_dt` datetime, `_uuid`, `_decimal`), so no spec-derived class name
can shadow them. Type aliases are expanded where used (`Sink` becomes its union), because a
module-level alias would have to be defined before the classes it names.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from generator import ir, irquery
from generator.python.default_values import default_value, factory
from generator.python.escape import Code, pystr

PRIMS: dict[str, tuple[str, str]] = {  # IR primitive → (module alias it needs, or "", expression)
    "str": ("", "str"),
    "int": ("", "int"),
    "float": ("", "float"),
    "bool": ("", "bool"),
    "bytes": ("", "bytes"),
    "datetime": ("_dt", "_dt.datetime"),
    "date": ("_dt", "_dt.date"),
    "time": ("_dt", "_dt.time"),
    "uuid": ("_uuid", "_uuid.UUID"),
    "decimal": ("_decimal", "_decimal.Decimal"),
}
# The public spelling of the private module aliases (`sdkgen diff`, docs).
PUBLIC_MODULES = {"_dt": "datetime.", "_uuid": "uuid.", "_decimal": "decimal."}


_NO_CONSTRAINTS = ir.Constraints()


class Types:
    """Type expressions and default values for one namespace of generated code.

    `prefix` is how class names are reached from there (`""` inside the models module,
    `"models."` from resources). Every helper an expression uses is recorded in `used` (module
    aliases such as `_t`, `_dt`, `_p`, `_b`, `models`, `_base`, and the models module's
    `_checks` and `_discriminate`), so a module imports what its code uses, computed from the
    structure rather than from the text. `public` spells the same types as a user of the SDK
    reads them (`Literal['a']`, `datetime.datetime`, `Run`, constraints as `checks(...)`,
    no runtime-only pydantic metadata): what `sdkgen diff` compares.
    """

    def __init__(
        self,
        definitions: Mapping[str, ir.Definition],
        prefix: str = "",
        shadowed: frozenset[str] | set[str] = frozenset(),
        static: bool = False,
        *,
        constraints: bool | None = None,
        public: bool = False,
        used: set[str] | None = None,
        enum_strings: bool = False,
    ) -> None:
        self.defs = definitions
        self.namespace = prefix
        self.prefix = "" if public else prefix  # as spelled: a user reads `Run`, not `models.Run`
        self.shadowed = frozenset(shadowed)
        self.public = public
        # static: for annotations and casts only, unions without their runtime discriminators
        self.static = static or public
        # Constraints are enforced by the models (`_checks`), so only model annotations carry them.
        self.constraints = (prefix == "" and not static) if constraints is None else constraints
        self.used = used if used is not None else set()
        # Inside the models module aliases are expanded (they are defined after the classes);
        # elsewhere the alias name is used, and the tagged-union helper is reached via _base.
        self.expand_aliases = prefix == ""
        # Request-side annotations: an enum also takes its values as plain strings (`Literal`)
        self.enum_strings = enum_strings

    # ------------------------------------------------------------------ spelling
    def _use(self, alias: str) -> None:
        if not self.public:
            self.used.add(alias)

    def typing(self, name: str) -> Code:
        """A name from `typing` (`_t.Any`)."""
        if self.public:
            return Code(name)
        self.used.add("_t")
        return Code(f"_t.{name}")

    def pydantic(self, name: str) -> str:
        self._use("_p")
        return f"_p.{name}"

    def string(self, value: str) -> Code:
        return Code(repr(value)) if self.public else pystr(value)

    def literal(self, value: str | int | bool | None) -> Code:
        return self.string(value) if isinstance(value, str) else Code(repr(value))

    def data(self, value: Any) -> Code:
        """JSON data as a Python expression (`data_literal`, or its public spelling)."""
        return public_literal(value) if self.public else data_literal(value)

    def class_ref(self, name: str) -> Code:
        if self.prefix:
            self._use(self.prefix.rstrip("."))
        return Code(self.prefix + name)

    def builtin(self, name: str) -> str:
        """`list`/`dict`, through `builtins` where a method of the namespace shadows them."""
        if name in self.shadowed and not self.public:
            self.used.add("_b")
            return f"_b.{name}"
        return name

    def _prim(self, name: str) -> Code:
        if name == "bytes":  # binary: a file to upload (bytes, a path, a file object, a tuple)
            return self._file()
        alias, expr = PRIMS[name]
        if alias and self.public:
            return Code(PUBLIC_MODULES[alias] + expr.split(".", 1)[1])
        if alias:
            self.used.add(alias)
        return Code(expr)

    def _file(self) -> Code:
        """The type of a binary value: `FileTypes` (`_files.py`); in the models module the
        pydantic-aware `File` that keeps a file as it is when the model is dumped."""
        if self.public:
            return Code("FileTypes")
        if self.namespace == "":
            self.used.add("_File")
            return Code("_File")
        self.used.add("_base")
        return Code("_base.FileTypes")

    # ------------------------------------------------------------------ types
    def expr(self, t: ir.Type, seen: frozenset[str] = frozenset()) -> Code:
        match t:
            case ir.Prim(name=name, constraints=constraints):
                return self._constrained(self._prim(name), constraints)
            case ir.Lit(value=None):
                return Code("None")  # `const: null`
            case ir.Lit(value=value):
                literal = Code(f"{self.typing('Literal')}[{self.literal(value)}]")
                if isinstance(value, int) and self.constraints and not self.public:  # bool or int: not the other kind
                    self._use("_literal_kind")
                    return Code(f"{self.typing('Annotated')}[{literal}, _literal_kind({value!r})]")
                return literal
            case ir.Array(item=item, constraints=constraints):
                item_code = self.expr(item, seen)
                return self._constrained(Code(f"{self.builtin('list')}[{item_code}]"), constraints)
            case ir.Tuple(items=items):
                inner = ", ".join(self.expr(item, seen) for item in items) if items else "()"
                return Code(f"{self.builtin('tuple')}[{inner}]")
            case ir.Map(value=value, constraints=constraints):
                return self._constrained(Code(f"{self.builtin('dict')}[str, {self.expr(value, seen)}]"), constraints)
            case ir.Nullable(inner=inner):
                inner_code = self.expr(inner, seen)
                return inner_code if inner_code == self.any_name else or_none(inner_code)
            case ir.Union(variants=variants, discriminator=disc):
                return self._union(variants, disc, seen)
            case ir.Ref(key=key):
                d = self.defs[key]
                if isinstance(d, ir.AliasDef) and self.expand_aliases:
                    return self.typing("Any") if key in seen else self.expr(d.type, seen | {key})
                if isinstance(d, ir.EnumDef) and self.enum_strings:
                    return self.enum_or_values(d)
                return self.class_ref(d.class_name)
            case _:
                return self.typing("Any")

    def enum_or_values(self, d: ir.EnumDef) -> Code:
        """The enum, or one of its values as written (`Status | Literal["queued", "done"]`)."""
        values = ", ".join(self.literal(m.value) for m in d.members)
        return Code(f"{self.class_ref(d.class_name)} | {self.typing('Literal')}[{values}]")

    def for_requests(self, enum_strings: bool = True) -> Types:
        """The same namespace for request-side annotations (`enum_strings`), same `used`;
        `enum_strings=False`: the same namespace with enums alone."""
        return Types(
            self.defs,
            self.namespace,
            self.shadowed,
            static=self.static,
            constraints=self.constraints,
            public=self.public,
            used=self.used,
            enum_strings=enum_strings,
        )

    @property
    def any_name(self) -> str:
        """How `typing.Any` is spelled here (compare with it; `typing("Any")` to emit it)."""
        return "Any" if self.public else "_t.Any"

    def _constrained(self, base: Code, c: ir.Constraints) -> Code:
        if not self.constraints or c == _NO_CONSTRAINTS:  # most types: nothing to check
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
        given = [f"{k}={self.string(v) if isinstance(v, str) else repr(v)}" for k, v in args.items() if v is not None]
        if c.const is not None:
            given.append(f"const={self.data(json.loads(c.const))}")
        if not given or not all(math.isfinite(v) for v in args.values() if isinstance(v, float)):
            return base
        checks = "checks" if self.public else "_checks"
        self._use("_checks")
        return Code(f"{self.typing('Annotated')}[{base}, {checks}({', '.join(given)})]")

    def _union(self, variants: tuple[ir.Type, ...], disc: ir.Discriminator | None, seen: frozenset[str]) -> Code:
        """`A | B`, with literal variants merged into one `Literal[...]` and `None` once, last."""
        nullable = any(isinstance(v, ir.Nullable) or v == irquery.NULL for v in variants)
        plain = tuple(v.inner if isinstance(v, ir.Nullable) else v for v in variants if v != irquery.NULL)
        # a literal spelled out as an alias (`BlankEnum: {enum: [""]}`) merges like one written inline
        plain = tuple(self._alias_literal(v) for v in plain)
        literals = [v.value for v in plain if isinstance(v, ir.Lit)]
        # a request's enum takes its values as strings too: with other literals beside it, all
        # of them go into the one `Literal[...]` (PYI030), after the first enum's class
        enums = [d for v in plain if (d := self._enum_of(v)) is not None] if self.enum_strings else []
        values: list[str | int | bool | None] = []
        if len(enums) + bool(literals) > 1:
            values = [*(m.value for d in enums for m in d.members), *literals]
        parts: list[str] = []
        for v in plain:
            if values and (d := self._enum_of(v)) is not None:
                parts.append(self.class_ref(d.class_name))
                if d is enums[0]:
                    parts.append(
                        f"{self.typing('Literal')}[{', '.join(self.literal(x) for x in dict.fromkeys(values))}]"
                    )
                continue
            if isinstance(v, ir.Lit):
                if v.value == literals[0] and not values:
                    merged = ", ".join(self.literal(x) for x in dict.fromkeys(literals))
                    parts.append(f"{self.typing('Literal')}[{merged}]")
                continue
            parts.append(self.expr(v, seen))
        # a variant that is nullable itself (an alias of `str | None`): its `None` joins the union's one
        none_parts = any(part == "None" or part.endswith(_OR_NONE) for part in parts)
        parts = [part.removesuffix(_OR_NONE) for part in parts]
        parts = list(dict.fromkeys(p for part in parts for p in ([part] if part != "None" else [])))
        if self.any_name in parts:
            return self.typing("Any")
        joined = " | ".join(parts)
        if disc is not None and not nullable and not literals and not self.static:
            field_name = self._literal_discriminator(disc)
            if field_name is not None:
                field = self.pydantic("Field")
                joined = f"{self.typing('Annotated')}[{joined}, {field}(discriminator={pystr(field_name)})]"
            else:
                joined = self._tagged_union(plain, disc, seen)
        return or_none(joined) if nullable or none_parts else Code(joined)

    def _literal_discriminator(self, disc: ir.Discriminator) -> str | None:
        """The Python name of the discriminator field when every variant declares it as the
        literal its mapping says (pydantic's own discriminated union), else None. Not when the
        Python name differs from the wire name: pydantic reads the tag by either name, even in
        validation by wire name only, so an unknown key equal to the Python name would choose.
        Nor with a `defaultMapping` (pydantic's own rejects a tag it does not know)."""
        names = set()
        for value, key in () if disc.default else disc.mapping:
            model = self.defs.get(key)
            if not isinstance(model, ir.ModelDef):
                return None
            field = next((f for f in model.fields if f.wire_name == disc.wire_name), None)
            if field is None or field.type != ir.Lit(value) or field.py_name != field.wire_name:
                return None
            names.add(field.py_name)
        keys = [key for _, key in disc.mapping]
        return names.pop() if len(names) == 1 and len(set(keys)) == len(keys) and not disc.default else None

    def _alias_literal(self, v: ir.Type) -> ir.Type:
        d = self.defs.get(v.key) if isinstance(v, ir.Ref) and self.expand_aliases else None
        return d.type if isinstance(d, ir.AliasDef) and isinstance(d.type, ir.Lit) else v

    def _enum_of(self, v: ir.Type) -> ir.EnumDef | None:
        d = self.defs.get(v.key) if isinstance(v, ir.Ref) else None
        return d if isinstance(d, ir.EnumDef) else None

    def _tagged_union(self, variants: tuple[ir.Type, ...], disc: ir.Discriminator, seen: frozenset[str]) -> Code:
        """A union whose variant is chosen by a callable reading the discriminator's value."""
        tag_of = {key: self.defs[key].class_name for _, key in disc.mapping}
        py_name = next(
            f.py_name
            for _, key in disc.mapping
            for f in self.defs[key].fields  # type: ignore[union-attr]
            if f.wire_name == disc.wire_name
        )
        annotated, tag = self.typing("Annotated"), self.pydantic("Tag")
        tagged = " | ".join(  # a variant the spec lists twice, once (PYI016)
            dict.fromkeys(
                f"{annotated}[{self.expr(v, seen)}, {tag}({pystr(tag_of[v.key])})]"
                for v in variants
                if isinstance(v, ir.Ref)
            )
        )
        table = "{" + ", ".join(f"{pystr(value)}: {pystr(tag_of[key])}" for value, key in disc.mapping) + "}"
        if self.prefix == "":
            self.used.add("_discriminate")
            discriminate = "_discriminate"
        else:
            self.used.add("_base")
            discriminate = "_base.discriminate"
        default = f", {pystr(tag_of[disc.default])}" if disc.default else ""
        call = f"{discriminate}({pystr(disc.wire_name)}, {pystr(py_name)}, {table}{default})"
        return Code(f"{annotated}[{tagged}, {self.pydantic('Discriminator')}({call})]")

    def as_static(self) -> Types:
        """The same namespace for annotations and casts (recording into the same `used`)."""
        return Types(
            self.defs,
            self.namespace,
            self.shadowed,
            static=True,
            constraints=self.constraints,
            public=self.public,
            used=self.used,
            enum_strings=self.enum_strings,
        )

    def resolve(self, t: ir.Type) -> ir.Type:
        """Follow alias definitions to the type they stand for."""
        return irquery.resolve(t, self.defs)

    def is_nullable(self, t: ir.Type) -> bool:
        return irquery.may_be_null(t, self.defs)

    # ------------------------------------------------------------------ defaults
    def default(self, t: ir.Type, value: ir.JsonValue) -> Code | None:
        """A default expression for a field of type `t`, or None when the value does not fit.
        A mutable one is built afresh for each instance (`_p.Field(default_factory=...)`); its
        public spelling is the value alone."""
        found = self.default_value(t, value)
        if found is None:
            return None
        code, mutable = found
        if mutable and not self.public:
            return Code(f"{self.pydantic('Field')}(default_factory={factory(self, code)})")
        return code

    def default_value(self, t: ir.Type, value: ir.JsonValue) -> tuple[Code, bool] | None:
        """(the value's expression, whether it is mutable), or None when it does not fit
        (`default_values.py`: built through the models and enums, not as raw JSON)."""
        return default_value(self, t, value)


_OR_NONE = " | None"


def or_none(annotation: str) -> Code:
    """`annotation | None`, with `None` once and last (PYI016, RUF036) when it has one already."""
    return Code(annotation if annotation == "None" or annotation.endswith(_OR_NONE) else annotation + _OR_NONE)


def or_before_none(annotation: str, member: str) -> Code:
    """`annotation | member`, its `None` kept last (RUF036): `str | NotGiven | None`."""
    if annotation == "None":
        return Code(f"{member} | None")
    if annotation.endswith(_OR_NONE):
        return Code(f"{annotation.removesuffix(_OR_NONE)} | {member}{_OR_NONE}")
    return Code(f"{annotation} | {member}")


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


def split_string(value: str, width: int) -> Code:
    """A string literal too long for its line, as parenthesized implicit concatenation of pieces
    that each fit in `width` (split after spaces where it can): the one layout of an over-long
    annotated assignment that black and ruff format both keep (black wraps a lone long string in
    parentheses, ruff removes them; both keep split pieces)."""
    pieces: list[str] = []
    current = ""
    for word in re.findall(r"\S*\s*", value):
        while len(pystr(current + word)) > width and word:
            if current:
                pieces.append(current)
                current = ""
                continue
            cut = max(1, width // 2)  # one word longer than the line: cut it
            while len(pystr(word[:cut])) > width and cut > 1:
                cut -= 1
            pieces.append(word[:cut])
            word = word[cut:]
        current += word
    if current or not pieces:
        pieces.append(current)
    return Code("(" + " ".join(pystr(piece) for piece in pieces) + ")")


def _top_level_union(annotation: str) -> bool:
    """Whether a ` | ` stands outside every bracket: the brackets before each one counted in
    C (`str.count`), not a Python step per character (Graph's long `Literal[...]` annotations
    were 2.5 million characters)."""
    depth, last = 0, 0
    at = annotation.find(" | ")
    while at != -1:
        part = annotation[last:at]
        depth += part.count("(") + part.count("[") + part.count("{")
        depth -= part.count(")") + part.count("]") + part.count("}")
        if depth == 0:
            return True
        last = at
        at = annotation.find(" | ", at + 1)
    return False


def public_literal(value: Any) -> Code:
    """JSON data as a user reads it (`repr`, as `ast.unparse` spells it); floats finite."""
    if isinstance(value, float) and not math.isfinite(value):
        return Code("None")
    if isinstance(value, list):
        return Code("[" + ", ".join(public_literal(v) for v in value) + "]")
    if isinstance(value, dict):
        return Code("{" + ", ".join(f"{str(k)!r}: {public_literal(v)}" for k, v in value.items()) + "}")
    return Code(repr(value))


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
