"""Normalize, schemas: JSON Schema (OpenAPI 3.0 / 3.1 dialects) → IR types and definitions.

Invariants:
- Two phases: every `components/schemas` entry is registered by pointer before anything is
  resolved, and a `$ref` becomes `ir.Ref(pointer)`; a definition is built once, so recursive
  and mutually recursive schemas are just references (no "loop while progress").
- 3.0 and 3.1 are folded: `nullable`, `type: [..., "null"]` and a `null` variant all become
  `ir.Nullable`, on the `$ref` for a nullable model or enum (`schema_nullable.py`); `const` and
  one-value enums become `ir.Lit`; exclusive bounds in either form.
- Objects, enums and named non-object schemas become definitions with a name *hint* (a path of
  spec words); `naming.py` turns hints into class names.
- Anything that cannot be represented becomes `ir.AnyType` plus a warning, never a silent drop.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from generator import ir
from generator.dangling import lookup_in, loops, target
from generator.diagnostics import Diagnostic, pointer_join, pointer_split
from generator.schema_discriminator import discriminator
from generator.schema_keywords import (
    BASE_TYPES,
    NO_CONSTRAINTS,
    const_type,
    constraints,
    dependent_required,
    guess_type,
    is_literal,
    is_null_schema,
    json_value,
    not_a_number,
    plain_prim,
    prim_name,
    required_sets,
    split_null,
    string_format,
    string_list,
    text,
    type_names,
)
from generator.schema_nullable import NullableSchemas, or_none
from generator.schema_sharing import flat_key, token
from generator.schema_unenforced import checked_pattern, note, unenforced
from generator.spec_examples import schema_example
from generator.values import shown

# The keywords `_convert_non_null` looks at before the type (a schema with none of them is typed by `type`).
_COMBINING = frozenset({"const", "enum", "allOf", "oneOf", "anyOf", "not"})
_NOT_ALONE = frozenset({"not", "description", "title", "nullable", "deprecated", "default", "example", "examples"})


class SchemaConverter:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.definitions: dict[str, ir.Definition] = {}
        self.diagnostics: list[Diagnostic] = []
        self._building: set[str] = set()  # models under construction (recursion)
        # $ref targets under resolution → how many models were under construction when it began:
        # a $ref back to one of them is a cycle through an object (fine) if more are now
        self.resolving: dict[str, int] = {}
        self._reported: set[str] = set()  # schema pointers whose keywords were checked
        self._formats: set[str] = set()  # unchecked formats reported (at their first use)
        self.unreported = 0  # reports skipped (the pointer checked already): see `schema_sharing`
        # (model key, wire name) → the JSON pointer of the property (where its default is)
        self.property_pointers: dict[tuple[str, str], str] = {}
        # the node a local `$ref` names: a function, not a method, so that `nulls` holding it
        # makes no reference cycle (the converter is freed when normalize is done, not by the
        # cyclic collector's next pass)
        self.lookup = lookup_in(document)
        self._flat_fields: dict[tuple[Any, ...], ir.Field] = {}  # (wire, required, flat key) → field
        schemas = document.get("components", {}).get("schemas", {})
        self.component_keys = {
            pointer_join("#/components/schemas", name): name for name in (schemas if isinstance(schemas, dict) else {})
        }
        self._members: dict[tuple[str | int, ...], tuple[ir.EnumMember, ...]] = {}  # `_define_enum`'s
        self._refs: dict[str, tuple[str, bool]] = {}  # `_ref`'s: key, nullable (of the defined targets)
        self.nulls = NullableSchemas(self.lookup, self.definitions, self._building)

    # ----------------------------------------------------------------------------- public API
    def define_components(self) -> None:
        for key, name in self.component_keys.items():
            self._define_ref(key, (name,))

    def convert(self, schema: Any, pointer: str, hint: tuple[str, ...]) -> ir.Type:
        """The IR type of `schema`, found at `pointer`, named after `hint` if it needs a name."""
        if schema is True or schema == {}:
            return ir.AnyType()
        if not isinstance(schema, dict):
            self._warn(pointer, "schema is not an object; typed as Any", "approximated")
            return ir.AnyType()
        self._report(schema, pointer)
        ref = schema.get("$ref")
        if isinstance(ref, str):
            inner = self._ref(ref, pointer)
            return or_none(inner, self.definitions) if schema.get("nullable") is True else inner
        nullable, schema = split_null(schema)
        result = self._convert_non_null(schema, pointer, hint)
        if nullable and not isinstance(result, ir.Nullable | ir.AnyType):
            return ir.Nullable(result)
        return result

    def describe(self, t: ir.Type, description: str) -> None:
        """Give an inline model with no description of its own one from its context (the
        request body's description, for a body schema)."""
        if not description or not isinstance(t, ir.Ref) or t.key in self.component_keys:
            return
        model = self.definitions.get(t.key)
        if isinstance(model, ir.ModelDef) and not model.description:
            self.definitions[t.key] = replace(model, description=description)

    def mark_reported(self, pointer: str) -> None:  # its conversion was shared (`schema_sharing`)
        self._reported.add(pointer)

    # ----------------------------------------------------------------------------- kinds
    def _report(self, schema: dict[str, Any], pointer: str) -> None:
        """Report, once per schema, the keywords the SDK does not enforce and unusable numbers."""
        if pointer in self._reported:
            self.unreported += 1
            return
        self._reported.add(pointer)
        found = unenforced(schema, pointer, self._formats)
        if found:
            self.diagnostics += found

    def _convert_non_null(self, schema: dict[str, Any], pointer: str, hint: tuple[str, ...]) -> ir.Type:
        if schema.keys().isdisjoint(_COMBINING):  # most schemas: straight to their type
            types = type_names(schema)
            if len(types) <= 1:
                return self._typed(schema, types[0] if types else guess_type(schema), pointer, hint)
        if "const" in schema:
            const = const_type(schema["const"])
            if const is not None:
                return const
            self._warn(
                pointer_join(pointer, "const"), f"{shown(schema['const'])} is not a JSON value; ignored", "bad-value"
            )
        if isinstance(schema.get("enum"), list):
            return self._enum(schema, pointer, hint)
        if isinstance(schema.get("allOf"), list):
            return self._all_of(schema, pointer, hint)
        for keyword in ("oneOf", "anyOf"):
            if isinstance(schema.get(keyword), list) and schema[keyword] and not required_sets(schema):
                return self._union(schema, keyword, pointer, hint)
        if "not" in schema and set(schema) <= _NOT_ALONE:
            self._warn(pointer, "`not` cannot be expressed in Python types; typed as Any", "not")
            return ir.AnyType()
        if "not" in schema:
            self.diagnostics.append(note(pointer, "not", "not checked; the other keywords type the value"))
        types = type_names(schema)
        if len(types) > 1:
            variants = tuple(self._typed(schema, t, pointer, hint) for t in types)
            return ir.Union(variants)
        return self._typed(schema, types[0] if types else guess_type(schema), pointer, hint)

    def _typed(self, schema: dict[str, Any], kind: str | None, pointer: str, hint: tuple[str, ...]) -> ir.Type:
        if kind == "object":
            return self._object(schema, pointer, hint)
        if kind == "array":
            return self._array(schema, pointer, hint)
        if kind in BASE_TYPES:
            fmt = string_format(schema)
            c = constraints(schema)
            if c is NO_CONSTRAINTS:  # most: one shared node per type and format
                return plain_prim(kind, fmt)
            return ir.Prim(prim_name(kind, fmt), fmt, c if c.pattern is None else self._checked(c, pointer))
        return ir.AnyType()

    def _array(self, schema: dict[str, Any], pointer: str, hint: tuple[str, ...]) -> ir.Type:
        """A list of `items`; with `prefixItems` of a closed length (`items: false`, or
        `maxItems` at most the prefix), a tuple of each length the schema allows."""
        c = self._checked(constraints(schema), pointer)
        prefix = schema.get("prefixItems")
        items = schema.get("items", {})
        if not isinstance(prefix, list) or not prefix:
            return ir.Array(self.convert(items, pointer_join(pointer, "items"), (*hint, "item")), c)
        positions = tuple(
            self.convert(p, pointer_join(pointer, "prefixItems", i), (*hint, f"item{i + 1}"))
            for i, p in enumerate(prefix)
        )
        longest = min(len(prefix), len(prefix) if c.max_items is None else c.max_items)
        if items is False or c.max_items is not None and c.max_items <= len(prefix):
            lengths = range(c.min_items or 0, longest + 1)
            if not lengths:
                self._warn(
                    pointer, "minItems exceeds the tuple's length: no value satisfies it; typed as Any", "unsatisfiable"
                )
                return ir.AnyType()
            tuples = tuple(ir.Tuple(positions[:n]) for n in lengths)
            return tuples[0] if len(tuples) == 1 else ir.Union(tuples)
        rest = self.convert(items, pointer_join(pointer, "items"), (*hint, "item"))
        message = "positions not checked (items may follow the prefix): typed as a list of any position's type"
        self.diagnostics.append(note(pointer, "prefixItems", message))
        variants = tuple(dict.fromkeys((*positions, rest)))
        return ir.Array(variants[0] if len(variants) == 1 else ir.Union(variants), c)

    def _checked(self, c: ir.Constraints, pointer: str) -> ir.Constraints:
        checked, found = checked_pattern(c, pointer)
        self.diagnostics.extend(found)
        return checked

    def _object(self, schema: dict[str, Any], pointer: str, hint: tuple[str, ...]) -> ir.Type:
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        named = string_list(schema.get("required")) or required_sets(schema)
        if (not isinstance(props, dict) or not props) and not named:
            if dependent_required(schema):
                self.diagnostics.append(note(pointer, "dependentRequired", "checked only on objects with properties"))
            if isinstance(extra, dict) and extra:
                value = self.convert(extra, pointer_join(pointer, "additionalProperties"), hint)
                return ir.Map(value)
            return ir.Map(ir.AnyType())
        return self._model(schema, pointer, hint, [(schema, pointer)])

    def _model(
        self,
        schema: dict[str, Any],
        pointer: str,
        hint: tuple[str, ...],
        parts: list[tuple[dict[str, Any], str]],
    ) -> ir.Ref:
        """A model definition from one schema or from the merged parts of an allOf."""
        if pointer in self.definitions or pointer in self._building:
            return ir.Ref(pointer)
        self._building.add(pointer)
        fields: dict[str, ir.Field] = {}
        required: dict[str, None] = {}  # a set that keeps the spec's order
        additional: ir.Type | None = None
        closed = open_ = False
        sets: tuple[tuple[str, ...], ...] = ()
        dependents: dict[str, tuple[str, ...]] = {}
        for part, part_pointer in parts:
            self._report(part, part_pointer)
            required.update(dict.fromkeys(string_list(part.get("required"))))
            for key, needed in dependent_required(part):
                dependents[key] = tuple(dict.fromkeys(dependents.get(key, ()) + needed))
            part_sets = required_sets(part)
            if part_sets:  # every combination of one list of each part
                keyword = "oneOf" if "oneOf" in part else "anyOf"
                message = "each alternative's required properties are not checked (samples meet one)"
                self.diagnostics.append(note(part_pointer, keyword, message))
                sets = tuple(tuple(dict.fromkeys(a + b)) for a in sets or ((),) for b in part_sets)
            props = part.get("properties")
            for wire, prop in props.items() if isinstance(props, dict) else ():
                prop_pointer = f"{part_pointer}/properties/{token(wire)}"
                field = self._field(wire, prop, prop_pointer, hint, wire in required)
                self.property_pointers[(pointer, wire)] = prop_pointer
                earlier = fields.get(wire)
                if earlier is not None and earlier.type != field.type and not isinstance(field.type, ir.Lit):
                    message = f"allOf parts define {wire!r} differently; the later one is used"
                    self._warn(prop_pointer, message, "allof-conflict")
                fields[wire] = field
            extra = part.get("additionalProperties")
            closed, open_ = closed or extra is False, open_ or extra is True or extra == {}
            if isinstance(extra, dict) and extra:
                additional = self.convert(extra, pointer_join(part_pointer, "additionalProperties"), (*hint, "value"))
        if sets:
            required.update(dict.fromkeys(n for n in sets[0] if all(n in names for names in sets)))
        for wire in [n for n in (*required, *(n for names in sets for n in names)) if n not in fields]:
            # named by `required` (or a `oneOf` of them) but not declared: additionalProperties types it
            fields[wire] = ir.Field(wire, ir.AnyType() if additional is None else additional, required=False)
        done = tuple(  # rebuilt only where a later part (or a oneOf of `required`s) made it required
            f if f.required == (f.wire_name in required) else ir.replace(f, required=f.wire_name in required)
            for f in fields.values()
        )
        self.definitions[pointer] = ir.ModelDef(
            key=pointer,
            name_hint=hint,
            fields=done,
            description=text(schema.get("description")),
            title=text(schema.get("title")),
            additional=additional,
            closed=closed,
            open=open_,
            deprecated=schema.get("deprecated") is True,
            required_sets=sets,
            dependent_required=tuple(dependents.items()),
        )
        self._building.discard(pointer)
        return ir.Ref(pointer)

    def _field(self, wire: str, prop: Any, pointer: str, hint: tuple[str, ...], required: bool) -> ir.Field:
        """A property's field; a flat property's made once per content (`schema_sharing`)."""
        flat = flat_key(prop)
        if flat is None:
            return self._make_field(wire, prop, pointer, hint, required)
        key = (wire, required, flat)
        found = self._flat_fields.get(key)
        if found is not None:
            if prop:  # as converting it would have (an empty schema is not checked)
                self._reported.add(pointer)
            return found
        before = len(self.diagnostics), self.unreported
        field = self._make_field(wire, prop, pointer, hint, required)
        if (len(self.diagnostics), self.unreported) == before:
            self._flat_fields[key] = field
        return field

    def _make_field(self, wire: str, prop: Any, pointer: str, hint: tuple[str, ...], required: bool) -> ir.Field:
        typ = self.convert(prop, pointer, (*hint, wire))
        prop_d = prop if isinstance(prop, dict) else {}
        default = None
        if "default" in prop_d:
            default = ir.Default(json_value(prop_d["default"]))
        example = prop_d.get("example")  # the common case of `schema_example`, without its pointer
        if example is None:
            example = schema_example(prop_d, pointer, self.lookup)[0]
        return ir.Field(
            wire_name=wire,
            type=typ,
            required=required,
            default=default,
            description=text(prop_d.get("description")),
            read_only=prop_d.get("readOnly") is True,
            write_only=prop_d.get("writeOnly") is True,
            deprecated=prop_d.get("deprecated") is True,
            example=ir.Default(json_value(example)) if example is not None else None,
        )

    def _all_of(self, schema: dict[str, Any], pointer: str, hint: tuple[str, ...]) -> ir.Type:
        members = [m for m in schema["allOf"] if isinstance(m, dict)]
        own = {k: v for k, v in schema.items() if k not in ("allOf", "description", "title", "nullable")}
        if len(members) == 1 and not own:
            return self.convert(members[0], pointer_join(pointer, "allOf", 0), hint)
        parts: list[tuple[dict[str, Any], str]] = []
        for i, member in enumerate(members):
            parts.extend(self._flatten(member, pointer_join(pointer, "allOf", i)))
        if own:
            parts.append((own, pointer))
        if not any("properties" in p or "additionalProperties" in p for p, _ in parts):
            kinds = [
                set(type_names(p)) | ({"integer"} if "number" in type_names(p) else set())
                for p, _ in parts
                if type_names(p)
            ]
            if kinds and not set.intersection(*kinds):
                message = "allOf of incompatible types: no value satisfies it; typed as Any"
                self._warn(pointer, message, "unsatisfiable")
                return ir.AnyType()
            # allOf of non-objects (e.g. a constrained string): the first member decides the type
            if len(members) > 1:
                self.diagnostics.append(note(pointer, "allOf", "only the first member of non-objects types the value"))
            first = self.convert(members[0], pointer_join(pointer, "allOf", 0), hint) if members else ir.AnyType()
            return self.nulls.all_of(schema, first)
        return self.nulls.all_of(schema, self._model(schema, pointer, hint, parts))

    def _flatten(self, schema: dict[str, Any], pointer: str, depth: int = 0) -> Iterator[tuple[dict[str, Any], str]]:
        """The object parts of an allOf member, following refs and nested allOfs."""
        if depth > 32:
            self._warn(pointer, "allOf nested too deeply; merge stopped", "approximated")
            return
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.lookup(ref)
            if isinstance(target, dict):
                yield from self._flatten(target, ref, depth + 1)
            return
        for i, member in enumerate(schema.get("allOf", []) or []):
            if isinstance(member, dict):
                yield from self._flatten(member, pointer_join(pointer, "allOf", i), depth + 1)
        yield {k: v for k, v in schema.items() if k != "allOf"}, pointer

    def _union(self, schema: dict[str, Any], keyword: str, pointer: str, hint: tuple[str, ...]) -> ir.Type:
        raw = schema[keyword]
        nullable = any(is_null_schema(v) for v in raw)
        variants: list[ir.Type] = []
        for i, member in enumerate(raw):
            if is_null_schema(member):
                continue
            title = member.get("title") if isinstance(member, dict) else None
            sub_hint = (*hint, title) if isinstance(title, str) and title else (*hint, f"variant{i + 1}")
            typ = self.convert(member, pointer_join(pointer, keyword, i), sub_hint)
            if isinstance(typ, ir.Nullable):  # one `None` for the whole union, not per variant
                nullable, typ = True, typ.inner
            if typ not in variants or keyword == "oneOf":  # a repeated oneOf variant: none can match once
                variants.append(typ)
        result: ir.Type
        if not variants:
            result = ir.AnyType()
        elif len(variants) == 1:
            result = variants[0]
        elif any(isinstance(v, ir.AnyType) for v in variants):
            result = ir.AnyType()
        else:
            result = ir.Union(
                tuple(variants), discriminator(schema, variants, self.definitions, self.lookup, self.component_keys)
            )
        return ir.Nullable(result) if nullable and not isinstance(result, ir.AnyType) else result

    def _enum(self, schema: dict[str, Any], pointer: str, hint: tuple[str, ...]) -> ir.Type:
        raw = schema["enum"]
        if len(raw) > 1 and _STR.issuperset(map(type, raw)):  # most: strings only, checked at C speed
            return self._define_enum(schema, pointer, hint, "str", raw)
        values = [v for v in raw if v is not None and not not_a_number(v)]  # reported
        if not values or not all(is_literal(v) for v in values):
            self._warn(pointer, "enum with non-scalar values; typed as Any", "approximated")
            return ir.AnyType()
        if len(values) == 1:
            return ir.Lit(values[0])
        if all(isinstance(v, bool) for v in values):
            return ir.Prim("bool")
        if all(isinstance(v, str) for v in values) or all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            return self._define_enum(schema, pointer, hint, "str" if isinstance(values[0], str) else "int", values)
        return ir.Union(tuple(ir.Lit(v) for v in dict.fromkeys(values)))

    def _define_enum(
        self, schema: dict[str, Any], pointer: str, hint: tuple[str, ...], base: Any, values: list[Any]
    ) -> ir.Ref:
        """An enum definition; its members made once per list of values (they are immutable:
        Graph's spec has 7,700 enums of 1,300 lists, 88,000 members)."""
        if pointer not in self.definitions:
            unique = tuple(dict.fromkeys(values))
            members = self._members.get(unique)
            if members is None:
                members = self._members[unique] = tuple(ir.EnumMember(v) for v in unique)
            self.definitions[pointer] = ir.EnumDef(
                key=pointer, name_hint=hint, base=base, members=members, description=text(schema.get("description"))
            )
        return ir.Ref(pointer)

    # ----------------------------------------------------------------------------- references
    def _ref(self, ref: str, pointer: str) -> ir.Type:
        """The type of a `$ref`; once its target is defined, whether it is nullable is the same
        at every use (Graph's spec refers to its schemas 38,000 times), so it is kept from then
        on. Each use gets nodes of its own, as the converter makes them: a consumer may tell a
        union's variants apart by identity (`samples.py`: a `oneOf` of one `$ref` twice)."""
        known = self._refs.get(ref)
        if known is not None:
            typ = ir.Ref(known[0])
            return ir.Nullable(typ) if known[1] else typ
        if not ref.startswith("#"):  # a side file's reference that resolves to nothing: the loader reported it
            return ir.AnyType()
        key = target(self.document, ref)  # one key per schema, however its pointer is encoded
        tokens = pointer_split(key)
        name = tokens[-1] if tokens else "Root"
        found = self.nulls.reference(key, self._define_ref(key, (name,)))
        if key in self.definitions and key not in self._building:  # as `_define_ref` and `nulls` answer from now on
            # (then `found` is `Ref(key)` or `Nullable(Ref(key))`)
            self._refs[ref] = (key, isinstance(found, ir.Nullable))
        return found

    def _define_ref(self, key: str, hint: tuple[str, ...]) -> ir.Type:
        """A named definition for the schema at `key`, or its alias target for trivial ones."""
        if key in self.definitions or key in self._building:
            return ir.Ref(key)
        if key in self.resolving:
            if len(self._building) > self.resolving[key]:
                return ir.Ref(key)  # e.g. Expr = oneOf[Binary, ...], Binary.left = Expr: defined below
            if not loops(self.document, key):  # a loop of bare $refs is reported by dangling.py
                self._warn(key, "$ref cycle with no object in between; typed as Any", "degenerate-cycle")
            return ir.AnyType()
        target = self.lookup(key)
        if target is None:  # reported by dangling.py (kind "dangling-ref"), at the referring pointer
            return ir.AnyType()
        self.resolving[key] = len(self._building)
        typ = self.convert(target, key, hint)
        del self.resolving[key]
        if key not in self.definitions:
            description = text(target.get("description")) if isinstance(target, dict) else ""
            self.definitions[key] = ir.AliasDef(key=key, name_hint=hint, type=typ, description=description)
        return ir.Ref(key)

    def _warn(self, pointer: str, message: str, kind: str) -> None:
        self.diagnostics.append(ir_diag(pointer, message, kind))


def ir_diag(pointer: str, message: str, kind: str) -> Diagnostic:
    return Diagnostic("warning", pointer, message, kind)


# --------------------------------------------------------------------------------- helpers


_STR = frozenset({str})
