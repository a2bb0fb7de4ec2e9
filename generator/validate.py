"""Stage 2, validate: a loaded `Document` → diagnostics (openapi-spec-validator).

Two depths. `generate` and `check` validate the document's structure against the official
OpenAPI JSON Schema (openapi-spec-validator's schema validators, on the jsonschema-rs backend:
0.02 s for GitHub's 13 MB spec). `sdkgen validate` adds openapi-spec-validator's full semantic
pass, which meta-validates every schema and every reference (13.8 s on the same spec, most of a
generation's time if it ran every time); normalization copes with those problems locally and
reports them as warnings. Each problem is a `Diagnostic` with the JSON pointer of the offending
node, so the CLI prints `file:line pointer: message`. A Swagger 2.0 document (upgraded to 3.0 by
the loader) is validated as written, against the 2.0 schema. openapi-spec-validator itself is
imported only when it has something to say (an invalid document, the full pass): its import is
slow, and a valid document is told apart by jsonschema-rs alone (`_structure`).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.load import Document

_VALIDATORS: dict[str, str] = {
    "2.0": "OpenAPIV2SpecValidator",
    "3.0": "OpenAPIV30SpecValidator",
    "3.1": "OpenAPIV31SpecValidator",
    "3.2": "OpenAPIV32SpecValidator",
}
_STRUCTURE: dict[str, str] = {
    "2.0": "openapi_v2_schema_validator",
    "3.0": "openapi_v30_schema_validator",
    "3.1": "openapi_v31_schema_validator",
    "3.2": "openapi_v32_schema_validator",
}
_BACKEND = "OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"
MAX_REPORTED = 200


def openapi_version(data: dict[str, Any]) -> str | None:
    """ "3.0", "3.1" or "3.2" for a supported document, else None."""
    version = data.get("openapi")
    if isinstance(version, str):
        major_minor = ".".join(version.split(".")[:2])
        if major_minor in _VALIDATORS:
            return major_minor
    return None


def validate(doc: Document, *, full: bool = False) -> list[Diagnostic]:
    """Problems in `doc`: its structure, and with `full` every semantic check as well."""
    if doc.swagger2 is not None:  # checked as written, so pointers match the user's file
        return _collect(_errors("2.0", doc.swagger2, full), doc.swagger2, "2.0")
    data = doc.data
    if "swagger" in data:
        return [Diagnostic("error", "#/swagger", f"unsupported Swagger version {data['swagger']!r}")]
    version = openapi_version(data)
    if version is None:
        found = data.get("openapi")
        what = f"unsupported OpenAPI version {found!r}" if found else "no `openapi` version field"
        return [Diagnostic("error", "#/openapi" if found else "#", what)]
    return _collect(_errors(version, data, full), data, version)


def _errors(version: str, data: dict[str, Any], full: bool) -> Any:
    if full:
        import openapi_spec_validator

        from generator.explain import locating

        return locating(getattr(openapi_spec_validator, _VALIDATORS[version]))(data).iter_errors()
    return _structure(version, data)


def _collect(errors: Any, data: dict[str, Any], version: str) -> list[Diagnostic]:
    """Each error at its offending node, reason first. A crash of the semantic pass on a node
    the structure check already found malformed is a consequence, not another problem."""
    out: list[Diagnostic] = []
    crashes: list[Diagnostic] = []
    try:
        for error in errors:
            from generator.explain import explain  # here, not at the top: it imports the validator

            pointer, message = explain(error, data, version)
            found = Diagnostic("error", pointer, _short(message), kind="invalid")
            if any(d.pointer == pointer for d in out):
                continue  # the structure check and the semantic pass can both see it
            (crashes if getattr(error, "sdkgen_crash", False) else out).append(found)
            if len(out) >= MAX_REPORTED:
                break
        if not out:
            out = crashes
    except RecursionError:
        out.append(Diagnostic("error", "#", "the validator ran out of stack (cyclic $ref?)"))
    except Exception as exc:  # noqa: BLE001 - the validator's own failures are diagnostics too
        out.append(Diagnostic("error", "#", f"the validator failed: {type(exc).__name__}: {exc}"))
    return sorted(out, key=lambda d: (d.pointer, d.message))


def _structure(version: str, data: dict[str, Any]) -> Any:
    """The structure check's errors. A valid document (the usual case) is told apart by
    jsonschema-rs on the OpenAPI schema openapi-spec-validator ships, without importing that
    package (a third of the pipeline's import time: pydantic-settings, jsonschema-path); only
    an invalid one goes through openapi-spec-validator's own validator, whose errors `explain`
    reads. Its backend setting, when it asks for another backend, is honoured."""
    fast = _fast_validator(version)
    try:
        valid = fast is not None and fast.is_valid(data)
    except Exception:  # noqa: BLE001 - the full path reports the failure as a diagnostic
        valid = False
    if valid:
        return iter(())
    from openapi_spec_validator import schemas

    return getattr(schemas, _STRUCTURE[version]).iter_errors(data)


@functools.cache
def _fast_validator(version: str) -> Any:
    """jsonschema-rs's validator for the OpenAPI schema of `version` (what openapi-spec-validator
    builds on its default backend), or None when that backend is not the one in use."""
    backend = next((v for k, v in os.environ.items() if k.upper() == _BACKEND), "auto").strip().lower()
    if backend not in ("auto", "jsonschema-rs"):
        return None
    try:
        import jsonschema_rs
    except ImportError:
        return None
    found = importlib.util.find_spec("openapi_spec_validator")  # the package is located, not run
    if found is None or not found.submodule_search_locations:
        return None
    for folder in found.submodule_search_locations:
        schema_file = Path(folder, "resources", "schemas", f"v{version}", "schema.json")
        if schema_file.is_file():
            schema = json.loads(schema_file.read_text(encoding="utf-8"))
            return jsonschema_rs.validator_cls_for(schema)(schema)
    return None


def _short(message: str, limit: int = 300) -> str:
    first_paragraph = message.split("\n\n", 1)[0]
    one_line = " ".join(first_paragraph.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
