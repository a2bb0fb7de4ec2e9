"""Normalize, nullability: which schemas accept null, and where a `$ref` must say so.

A model or enum definition describes the non-null value; when its component accepts null, each
reference to it is `ir.Nullable(ir.Ref(key))` (the model keeps its own validation, the field is
`Model | None`). An alias definition carries its null itself (`ir.AliasDef.type` is nullable),
so a reference to it, or to a chain of them, is a plain `ir.Ref`: never `X | None | None`.

What accepts null, read from the raw schema (JSON Schema's meaning, lenient where real specs
write something else and mean null):
- 3.0 `nullable: true`, a 3.1 `type` list with `"null"`, a `null` in `enum`, `type: "null"`,
  `const: null`. A 3.0 enum with `nullable: true` but no `null` among its values accepts null
  too (OpenAPI 3.0.3 wants it listed; GitHub's nullable enums omit it and its servers send null);
- a `$ref`: when its target does (through chains of references), or with `nullable: true`
  beside it (3.0 ignores `$ref` siblings, but specs write it meaning exactly this);
- `allOf`: when every member does (a member that rejects null rejects it for the whole), the
  schema's own keywords beside `allOf` counting as a member; `nullable: true` beside `allOf`
  (3.0's idiom for a nullable reference) makes it nullable whatever the members say;
- `oneOf`/`anyOf`: when any variant does;
- a schema that constrains no shape (only annotations, formats, bounds: `{}`,
  `{description: …}`) accepts null as JSON Schema says.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from generator import ir
from generator.irquery import resolve
from generator.schema_keywords import is_null_schema, required_sets, split_null

# Keywords that give a value a shape null does not have (absent all of them, null passes).
_SHAPES = frozenset(
    {
        "type",
        "properties",
        "additionalProperties",
        "patternProperties",
        "items",
        "prefixItems",
        "required",
        "enum",
        "const",
        "$ref",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
    }
)


class NullableSchemas:
    """Answers "does the schema at this pointer accept null?" once per pointer (a loop of
    `$ref`s adds nothing: it answers no at the point it closes)."""

    def __init__(
        self, lookup: Callable[[str], Any], definitions: Mapping[str, ir.Definition], building: Collection[str]
    ) -> None:
        self._lookup = lookup
        self._definitions = definitions  # the converter's, filled as it goes
        self._building = building  # the models the converter is building (recursion)
        self._known: dict[str, bool] = {}
        self._open: set[str] = set()

    def reference(self, key: str, found: ir.Type) -> ir.Type:
        """What a `$ref` to `key` is, given the converter's `found` for it: `Nullable` when the
        target accepts null and its definition (a model or enum) cannot say so itself."""
        if not isinstance(found, ir.Ref) or found.key != key:
            return found
        defined = self._definitions.get(key)
        if (isinstance(defined, ir.ModelDef | ir.EnumDef) or key in self._building) and self.at(key):
            return ir.Nullable(found)
        return found

    def at(self, key: str) -> bool:
        """Whether the schema at the local pointer `key` accepts null."""
        if key in self._known:
            return self._known[key]
        if key in self._open or not key.startswith("#"):
            return False
        self._open.add(key)
        try:
            found = self.accepts_null(self._lookup(key))
        finally:
            self._open.discard(key)
        self._known[key] = found
        return found

    def accepts_null(self, schema: Any) -> bool:
        if schema is True:
            return True
        if not isinstance(schema, dict):
            return False
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return schema.get("nullable") is True or self.at(ref)
        if split_null(schema)[0] or is_null_schema(schema) or ("const" in schema and schema["const"] is None):
            return True
        if isinstance(schema.get("allOf"), list):
            return self.all_of_accepts_null(schema)
        for keyword in ("oneOf", "anyOf"):
            variants = schema.get(keyword)
            if isinstance(variants, list) and variants and not required_sets(schema):
                return any(self.accepts_null(v) for v in variants)
        return _SHAPES.isdisjoint(schema)

    def all_of_accepts_null(self, schema: dict[str, Any]) -> bool:
        """Whether every member of the `allOf` (and the keywords beside it) accepts null."""
        members = [m for m in schema["allOf"] if isinstance(m, dict | bool)]
        own = {k: v for k, v in schema.items() if k != "allOf"}
        return bool(members) and self.accepts_null(own) and all(self.accepts_null(m) for m in members)

    def all_of(self, schema: dict[str, Any], typ: ir.Type) -> ir.Type:
        """The type of an `allOf` built as `typ` (a merged model, or its first member's type):
        nullable exactly when every member accepts null."""
        if self.all_of_accepts_null(schema):
            return or_none(typ, self._definitions)
        return non_null(typ, self._definitions)


def accepts_none(t: ir.Type, defs: Mapping[str, ir.Definition], seen: frozenset[ir.Type] = frozenset()) -> bool:
    """Whether the IR type `t` (through aliases) already admits `None`."""
    resolved = resolve(t, defs)
    if isinstance(resolved, ir.Union) and resolved not in seen:
        return any(accepts_none(v, defs, seen | {resolved}) for v in resolved.variants)
    return isinstance(resolved, ir.Nullable | ir.AnyType) or resolved == ir.Lit(None)


def or_none(t: ir.Type, defs: Mapping[str, ir.Definition]) -> ir.Type:
    """`t` admitting `None`, wrapped only if it does not already (no `X | None | None`)."""
    return t if accepts_none(t, defs) else ir.Nullable(t)


def non_null(t: ir.Type, defs: Mapping[str, ir.Definition]) -> ir.Type:
    """`t` without its `None`: its inner type, or an alias's that carries it (the alias's name
    is lost then: it stands for the nullable type)."""
    if isinstance(t, ir.Nullable):
        return t.inner
    resolved = resolve(t, defs)
    return resolved.inner if isinstance(resolved, ir.Nullable) else t
