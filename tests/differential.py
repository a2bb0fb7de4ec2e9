"""The second opinion: datamodel-code-generator's models, instances made from the schemas, and
the JSON Schema validator of the spec's dialect as the arbiter (see test_differential.py)."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import datamodel_code_generator as dcg
from openapi_schema_validator import OAS30Validator, OAS31Validator

FORMAT_SAMPLES = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "uri": "https://example.com/x",
    "email": "a@example.com",
    "decimal": "1.5",
    "byte": "aGk=",
    "int64": 7,
}


def their_models(spec: dict[str, Any], folder: Path, name: str) -> ModuleType:
    """datamodel-code-generator's pydantic v2 models for the spec, imported from `folder`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = dcg.generate(
            json.dumps(spec),
            input_file_type=dcg.InputFileType.OpenAPI,
            output_model_type=dcg.DataModelType.PydanticV2BaseModel,
        )
    path = folder / f"{name}.py"
    path.write_text(str(code))
    module_spec = importlib.util.spec_from_file_location(name, path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    with warnings.catch_warnings():  # the peer's models warn about their own field names
        warnings.simplefilter("ignore")
        module_spec.loader.exec_module(module)
    return module


def oracle(spec: dict[str, Any], schema_name: str, payload: Any) -> bool | None:
    """Does `payload` satisfy the component schema, per the spec's own dialect? None when the
    validator cannot tell (a `$ref` cycle with no schema in between recurses forever)."""
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": spec.get("components", {})}
    cls = OAS31Validator if str(spec.get("openapi", "")).startswith("3.1") else OAS30Validator
    try:
        return bool(cls(root, format_checker=cls.FORMAT_CHECKER).is_valid(payload))
    except RecursionError:
        return None


class Instances:
    """Valid instances of a schema (built from the schema, examples first) and invalid ones made
    by breaking one rule at a time: a missing required property, a wrong type, a bad enum value."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, schema: Any, seen: frozenset[str] = frozenset()) -> tuple[dict[str, Any], frozenset[str]]:
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref in seen:
                return {}, seen
            seen = seen | {ref}
            node: Any = self.spec
            for token in ref.lstrip("#/").split("/"):
                node = node[token]
            schema = node
        return (schema if isinstance(schema, dict) else {}), seen

    def valid(self, schema: Any, depth: int = 0, seen: frozenset[str] = frozenset()) -> Any:
        schema, seen = self.resolve(schema, seen)
        if "example" in schema:
            return copy.deepcopy(schema["example"])
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            return copy.deepcopy(schema["examples"][0])
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self.valid(schema[key][0], depth, seen)
        if schema.get("allOf"):
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self.valid(part, depth, seen)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if kind == "object" or "properties" in schema:
            out = {}
            for name, prop in (schema.get("properties") or {}).items():
                if name in (schema.get("required") or []) or depth < 2:
                    _, prop_seen = self.resolve(prop, seen)
                    if depth < 3 and not (prop_seen - seen and prop_seen & seen):
                        value = self.valid(prop, depth + 1, seen)
                        if value is not _SKIP:
                            out[name] = value
            return out
        if kind == "array":
            if depth > 3:
                return []
            item = self.valid(schema.get("items", {}), depth + 1, seen)
            return [item] * max(1, int(schema.get("minItems", 1)))
        if kind == "string":
            fmt = schema.get("format")
            if fmt in FORMAT_SAMPLES and isinstance(FORMAT_SAMPLES[fmt], str):
                return FORMAT_SAMPLES[fmt]
            if schema.get("pattern"):
                return _SKIP
            return "x" * max(1, int(schema.get("minLength", 1)))
        if kind == "integer":
            low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
            return int(low if isinstance(low, int | float) and not isinstance(low, bool) else 0) + 1
        if kind == "number":
            return 0.5 if schema.get("maximum", 1) >= 0.5 else 0
        if kind == "boolean":
            return True
        return "anything"

    def cases(self, schema_name: str) -> list[tuple[str, Any]]:
        schema, _ = self.resolve({"$ref": f"#/components/schemas/{schema_name}"})
        base = self.valid(schema)
        if base is _SKIP:
            return []
        cases: list[tuple[str, Any]] = [("valid", base)]
        merged, _ = self._object_view(schema)
        if isinstance(base, dict) and merged:
            props, required = merged
            for name in sorted(required):
                if name in base:
                    cases.append((f"missing {name}", {k: v for k, v in base.items() if k != name}))
            for name in sorted(props):
                prop, _ = self.resolve(props[name])
                wrong = _wrong_type(prop)
                if wrong is not _SKIP:
                    cases.append((f"wrong type {name}", {**base, name: wrong}))
                if isinstance(prop.get("enum"), list) and all(isinstance(e, str) for e in prop["enum"]):
                    cases.append((f"bad enum {name}", {**base, name: "not-a-member"}))
        elif not isinstance(base, dict):
            cases.append(("wrong type", {"not": "this"} if not isinstance(base, dict) else 12345))
        return cases

    def _object_view(self, schema: dict[str, Any]) -> tuple[tuple[dict[str, Any], set[str]] | None, None]:
        props: dict[str, Any] = {}
        required: set[str] = set()
        parts, seen = [schema], set[int]()
        while parts:
            part, _ = self.resolve(parts.pop())
            if id(part) in seen:  # `A: {allOf: [{$ref: A}]}` adds nothing the second time
                continue
            seen.add(id(part))
            props.update(part.get("properties") or {})
            required.update(part.get("required") or [])
            parts.extend(part.get("allOf") or [])
        return ((props, required) if props else None), None


class _Skip:
    pass


_SKIP: Any = _Skip()


def _wrong_type(schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    if isinstance(kind, list) or kind is None:
        return _SKIP
    return {"string": 12345, "integer": "twelve", "number": "many", "boolean": "yes", "array": "x", "object": 7}.get(
        kind, _SKIP
    )
