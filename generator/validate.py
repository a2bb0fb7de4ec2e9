"""Stage 2, validate: a loaded `Document` → diagnostics (openapi-spec-validator).

Each problem becomes a `Diagnostic` whose pointer is the JSON pointer of the offending node, so
the CLI can print `file:line pointer: message`. Swagger 2.0 is recognised and refused with one
clear line (the 2.0 → 3.0 upgrade belongs to the loader and is not built yet).
"""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import (
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    OpenAPIV32SpecValidator,
)

from generator.diagnostics import Diagnostic, pointer_join
from generator.load import Document

_VALIDATORS: dict[str, Any] = {
    "3.0": OpenAPIV30SpecValidator,
    "3.1": OpenAPIV31SpecValidator,
    "3.2": OpenAPIV32SpecValidator,
}
MAX_REPORTED = 200


def openapi_version(data: dict[str, Any]) -> str | None:
    """ "3.0", "3.1" or "3.2" for a supported document, else None."""
    version = data.get("openapi")
    if isinstance(version, str):
        major_minor = ".".join(version.split(".")[:2])
        if major_minor in _VALIDATORS:
            return major_minor
    return None


def validate(doc: Document) -> list[Diagnostic]:
    data = doc.data
    if "swagger" in data:
        return [Diagnostic("error", "#/swagger", "Swagger 2.0 is not supported; convert to 3.x")]
    version = openapi_version(data)
    if version is None:
        found = data.get("openapi")
        what = f"unsupported OpenAPI version {found!r}" if found else "no `openapi` version field"
        return [Diagnostic("error", "#/openapi" if found else "#", what)]
    validator = _VALIDATORS[version](data)
    out: list[Diagnostic] = []
    try:
        for error in validator.iter_errors():
            pointer = pointer_join("#", *error.absolute_path)
            out.append(Diagnostic("error", pointer, _short(error.message), kind="invalid"))
            if len(out) >= MAX_REPORTED:
                break
    except RecursionError:
        out.append(Diagnostic("error", "#", "the validator ran out of stack (cyclic $ref?)"))
    except Exception as exc:  # noqa: BLE001 - the validator's own failures are diagnostics too
        out.append(Diagnostic("error", "#", f"the validator failed: {type(exc).__name__}: {exc}"))
    return sorted(out, key=lambda d: (d.pointer, d.message))


def _short(message: str, limit: int = 300) -> str:
    one_line = " ".join(message.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
