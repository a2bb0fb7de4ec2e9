"""A validation error → what is wrong, where: the offending node's full JSON pointer, the reason
first, then (if short) the value.

The structure check runs on jsonschema-rs, whose errors stop at the outermost `oneOf` that failed
(`{…the whole parameter…} is not valid under any of the schemas`). Only when a document is
invalid, each such error is checked again with the Python validator (format checks on) against
the part of the OpenAPI schema that failed, and the deepest failure inside is the one reported:
`#/paths/~1users/get/parameters/0/schema/pattern: not a valid regular expression`. The semantic
pass reports schemas' errors relative to the schema; `located` turns its path, which runs
through `$ref`s, into the pointer of the node as written in the document.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from jsonschema.exceptions import ValidationError
from jsonschema.validators import validator_for
from jsonschema_path import SchemaPath
from openapi_spec_validator import schemas
from openapi_spec_validator.validation import keywords
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from generator.diagnostics import pointer_get, pointer_join, shorten

_SCHEMAS = {"2.0": "schema_v2", "3.0": "schema_v30", "3.1": "schema_v31", "3.2": "schema_v32"}
_BRANCHES = ("oneOf", "anyOf")
MAX_REF_HOPS = 64


def explain(error: ValidationError, data: Any, version: str) -> tuple[str, str]:
    """(pointer, message) for one error of the structure check on `data`, or of a semantic check
    (tagged by `locating` with the node it checked; then `error`'s path is relative to that node)."""
    at = getattr(error, "sdkgen_at", None)
    base = located(data, at) if at is not None else []
    path = [*base, *error.absolute_path]
    instance = _walk(data, path)
    if at is None:
        error, deeper = _with_keyword(error, instance, version)
    else:
        deeper = _deepest(error)
    if deeper is not None and deeper is not error:
        path = [*path, *deeper.absolute_path] if at is None else [*base, *deeper.absolute_path]
        error, instance = deeper, deeper.instance
    pointer = pointer_join("#", *path)
    reason, key = _reason(error, instance)
    if key is not None:
        pointer = pointer_join(pointer, key)
    return pointer, reason + _value(error, instance)


def located(data: Any, parts: Iterable[str | int]) -> list[str | int]:
    """The path, as written in the document, of the node reached by `parts` following `$ref`s."""
    path: list[str | int] = []
    node = data
    for part in [*parts, None]:
        for _ in range(MAX_REF_HOPS):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#")):
                break
            target = pointer_get(data, ref, None)
            if target is None:
                break
            node, path = target, _split(ref)
        if part is None:
            break
        if isinstance(node, dict):
            node = node.get(str(part))
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            node = None
        path.append(part)
    return path


def _split(ref: str) -> list[str | int]:
    body = ref[1:].lstrip("/")
    return [t.replace("~1", "/").replace("~0", "~") for t in body.split("/")] if body else []


def _walk(data: Any, path: Sequence[str | int]) -> Any:
    node = data
    for token in path:
        if isinstance(node, dict):
            node = node.get(str(token))
        elif isinstance(node, list) and str(token).isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


@functools.cache
def _python_validator(version: str) -> Any:
    schema = dict(getattr(schemas, _SCHEMAS[version]))
    cls = validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _with_keyword(error: ValidationError, instance: Any, version: str) -> tuple[ValidationError, Any]:
    """A jsonschema-rs error with its keyword, the keyword's value and the instance filled in
    (it carries only a message and paths), and for a failed `oneOf`/`anyOf` the deepest failure
    inside, found again by the Python validator (format checks on) on that node alone."""
    keyword = list(error.schema_path)[-1] if error.schema_path else None
    subschema = _python_validator(version).schema
    for token in list(error.schema_path)[:-1]:
        if isinstance(subschema, dict) and str(token) in subschema:
            subschema = subschema[str(token)]
        elif isinstance(subschema, list) and str(token).isdigit() and int(token) < len(subschema):
            subschema = subschema[int(token)]
        else:
            return error, None
    if not isinstance(subschema, dict) or not isinstance(keyword, str) or keyword not in subschema:
        return error, None
    if isinstance(error.validator, str):  # already a Python validator's error
        return error, _deepest(error)
    filled = ValidationError(
        error.message, validator=keyword, validator_value=subschema[keyword], instance=instance, schema=subschema
    )
    if keyword not in _BRANCHES:
        return filled, None
    try:
        found = list(_python_validator(version).evolve(schema=subschema).iter_errors(instance))
    except Exception:  # noqa: BLE001 - the first report stands when the second opinion fails
        return filled, None
    same = [e for e in found if e.validator == keyword and not e.absolute_path]
    return filled, _deepest(same[0]) if same else None


def _deepest(error: ValidationError) -> ValidationError:
    """Into `oneOf`/`anyOf`: the branch that came closest (fewest failures, then the deepest), and
    its deepest failure. A `$ref`-or-object choice fails at once on the `$ref` branch, so that
    branch is never the one meant; a tie between branches leaves the choice itself as the error."""
    if error.validator not in _BRANCHES or not error.context:
        return error
    branches: dict[Any, list[ValidationError]] = {}
    for e in error.context:
        branches.setdefault(e.relative_schema_path[0] if e.relative_schema_path else None, []).append(e)
    candidates = [errors for errors in branches.values() if not all(_wanted_a_ref(e) for e in errors)]
    if not candidates:
        return error
    ranked = sorted(((len(errors), -_depth(_leaf(errors))), i) for i, errors in enumerate(candidates))
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return error
    return _leaf(candidates[ranked[0][1]])


def _leaf(errors: list[ValidationError]) -> ValidationError:
    leaves = [_deepest(e) for e in errors]
    return max(leaves, key=lambda e: (_depth(e), e.validator not in _BRANCHES))


def _depth(error: ValidationError) -> int:
    return len(error.absolute_path)


def _wanted_a_ref(error: ValidationError) -> bool:
    return bool(error.validator == "required" and error.validator_value == ["$ref"])


def _reason(error: ValidationError, instance: Any) -> tuple[str, str | None]:
    """The reason, and the key to add to the pointer when the offender is one field."""
    keyword, expected = error.validator, error.validator_value
    if keyword == "required" and isinstance(instance, dict) and isinstance(expected, list):
        missing = [name for name in expected if name not in instance]
        if missing:
            return f"missing required field {missing[0]!r}", None
    if keyword == "additionalProperties" and isinstance(instance, dict):
        extra = _unexpected(error, instance)
        if extra is not None:
            return "field not allowed here", extra
    if keyword == "type":
        names = " or ".join(expected) if isinstance(expected, list) else str(expected)
        return f"expected {names}, found {_json_type(instance)}", None
    if keyword == "enum" and isinstance(expected, list):
        return f"not one of {shorten(json.dumps(expected), 80)}", None
    if keyword == "format":
        return _bad_format(str(expected), instance), None
    if keyword in _BRANCHES:
        many = "more than one of" if "valid under each" in error.message else "none of"
        return f"matches {many} the allowed forms", None
    if keyword == "not" or expected is False:
        return "not allowed here", None
    return _without_value(error.message, instance), None


def _unexpected(error: ValidationError, instance: dict[str, Any]) -> str | None:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return next((k for k in instance if k not in known and not any(p.search(k) for p in patterns)), None)


def _bad_format(fmt: str, instance: Any) -> str:
    if fmt == "regex" and isinstance(instance, str):
        try:
            re.compile(instance)
        except re.error as exc:
            return f"not a valid regular expression ({exc})"
        return "not a valid regular expression (ECMA-262)"
    return f"not a valid {fmt}"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    names: dict[type, str] = {str: "string", list: "array", dict: "object"}
    return names.get(type(value), type(value).__name__)


def _without_value(message: str, instance: Any) -> str:
    """A library message, minus the value it starts with (the value comes last, shortened)."""
    text = " ".join(message.split("\n\n", 1)[0].split())
    for shown in (repr(instance), json.dumps(instance, separators=(",", ":"), default=str)):
        if text.startswith(shown + " "):
            return text[len(shown) + 1 :]
    return shorten(text, 160)


def _value(error: ValidationError, instance: Any) -> str:
    if error.validator in ("required", "additionalProperties"):
        return ""
    shown = json.dumps(instance, ensure_ascii=False, default=str)
    if isinstance(instance, dict | list) and (not instance or len(shown) > 60):
        return ""
    return f" — value: {shorten(shown)}"


def locating(spec_validator: type[Any]) -> type[Any]:
    """`spec_validator` (openapi-spec-validator's) whose keyword validators tag each error they
    raise with `sdkgen_at`, the parts of the node they were checking (a schema, an operation, a
    parameter…), and turn a crash on a malformed node into an error at that node."""
    wrapped = {name: _tagging(cls) for name, cls in spec_validator.keyword_validators.items()}
    return type(f"Located{spec_validator.__name__}", (spec_validator,), {"keyword_validators": wrapped})


def _tagging(cls: type[Any]) -> type[Any]:
    default = issubclass(cls, keywords.ValueValidator)  # called with (schema, its default value)

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        at = next((a for a in args if isinstance(a, SchemaPath)), None)
        parts = (*at.parts, *(["default"] if default else [])) if at is not None else ()
        try:
            for error in cls.__call__(self, *args, **kwargs):
                if not isinstance(error, OpenAPIValidationError):  # the library re-creates others
                    error = OpenAPIValidationError.create_from(error)
                if not hasattr(error, "sdkgen_at"):
                    error.sdkgen_at = parts
                yield error
        except RecursionError:
            raise
        except Exception as exc:  # noqa: BLE001 - a malformed node the semantic pass trips on
            crash = OpenAPIValidationError(f"the validator failed here: {type(exc).__name__}: {exc}")
            crash.sdkgen_at, crash.sdkgen_crash = parts, True
            yield crash

    return type(cls.__name__, (cls,), {"__call__": __call__})
