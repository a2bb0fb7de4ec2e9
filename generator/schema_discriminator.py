"""Normalize, schemas: the discriminator of a union of models — explicit (OpenAPI's
`discriminator`, on the union or inherited from the allOf parent every variant shares) or
implicit (a property every variant has, each with its own single string value)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator import ir
from generator.diagnostics import pointer_join
from generator.schema_keywords import is_str


def discriminator(
    schema: dict[str, Any],
    variants: list[ir.Type],
    definitions: Mapping[str, ir.Definition],
    lookup: Callable[[str], Any],
    component_keys: Mapping[str, str],
) -> ir.Discriminator | None:
    """The union's discriminator: explicit (`discriminator.propertyName`, its `mapping`, and
    the schema name for unmapped variants, as OpenAPI defines), on the union or on the allOf
    parent of every variant, or implicit: a property every variant model has, typed as a
    distinct single string value."""
    models = [definitions.get(v.key) if isinstance(v, ir.Ref) else None for v in variants]
    if not all(isinstance(m, ir.ModelDef) for m in models):
        return None
    keys = [v.key for v in variants if isinstance(v, ir.Ref)]
    explicit = schema.get("discriminator") or _inherited(keys, lookup)
    if isinstance(explicit, dict) and isinstance(explicit.get("propertyName"), str):
        return _explicit(explicit, keys, models, component_keys)
    first = models[0]
    assert isinstance(first, ir.ModelDef)
    for name in [f.wire_name for f in first.fields if isinstance(f.type, ir.Lit)]:
        mapping: list[tuple[str, str]] = []
        for key, model in zip(keys, models, strict=True):
            assert isinstance(model, ir.ModelDef)
            field = next((f for f in model.fields if f.wire_name == name), None)
            if field is None or not isinstance(field.type, ir.Lit) or not isinstance(field.type.value, str):
                break
            mapping.append((field.type.value, key))
        else:
            if len({value for value, _ in mapping}) == len(mapping):
                return ir.Discriminator(name, tuple(mapping))
    return None


def _inherited(keys: list[str], lookup: Callable[[str], Any]) -> Any:
    """The discriminator of the allOf parent every variant has (OpenAPI: a parent's
    discriminator tells its children apart, `oneOf` or not), if they share one."""
    found = []
    for key in keys:
        target = lookup(key)
        members = target.get("allOf") if isinstance(target, dict) else None
        parents = [lookup(m["$ref"]) for m in members or () if isinstance(m, dict) and is_str(m.get("$ref"))]
        inherited = [p["discriminator"] for p in parents if isinstance(p, dict) and "discriminator" in p]
        if len(inherited) != 1:
            return None
        found.append(inherited[0])
    return found[0] if found and all(d == found[0] for d in found) else None


def _explicit(
    explicit: dict[str, Any], keys: list[str], models: list[ir.Definition | None], component_keys: Mapping[str, str]
) -> ir.Discriminator | None:
    name, fallback = explicit["propertyName"], explicit.get("defaultMapping")  # 3.2: absent or unmapped values
    default = _target(fallback) if isinstance(fallback, str) and _target(fallback) in keys else ""
    for key, m in zip(keys, models, strict=True):
        if not isinstance(m, ir.ModelDef) or (key != default and all(f.wire_name != name for f in m.fields)):
            return None
    mapping: list[tuple[str, str]] = []
    raw = explicit.get("mapping")
    for value, target in raw.items() if isinstance(raw, dict) else ():
        if isinstance(target, str) and _target(target) in keys:
            mapping.append((str(value), _target(target)))
    mapped = {ref for _, ref in mapping}
    for key, model in zip(keys, models, strict=True):
        assert isinstance(model, ir.ModelDef)
        literal = next((f.type for f in model.fields if f.wire_name == name), None)
        if isinstance(literal, ir.Lit) and isinstance(literal.value, str):
            if (literal.value, key) not in mapping:
                mapping.append((literal.value, key))
        elif key not in mapped and key in component_keys:
            mapping.append((component_keys[key], key))
    values = [v for v, _ in mapping]
    if len(set(values)) != len(values) or {ref for _, ref in mapping} != set(keys):
        return None
    return ir.Discriminator(name, tuple(mapping), default)


def _target(target: str) -> str:
    """A `mapping` (or `defaultMapping`) value as a definition key: a reference, or a schema name."""
    return target if target.startswith("#") else pointer_join("#/components/schemas", target)
