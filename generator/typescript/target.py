"""The TypeScript target: naming policy (and what fetch can send) → the package's files → one Biome run."""

from __future__ import annotations

from generator import ir, irquery
from generator.code_samples import Sample
from generator.config import SdkConfig
from generator.diagnostics import Diagnostic
from generator.files import RenderedFile
from generator.ir import replace
from generator.manifest import Fingerprints
from generator.target import Previous
from generator.typescript.code_samples import typescript_samples
from generator.typescript.format import format_files
from generator.typescript.naming import name_api
from generator.typescript.render import render

NO_BODY = frozenset({"get", "head"})


class TypeScriptTarget:
    def name(self, api: ir.Api, config: SdkConfig) -> tuple[ir.Api, list[Diagnostic]]:
        named, diagnostics = name_api(api, config)
        return without_get_bodies(named, diagnostics), diagnostics

    def files(
        self,
        api: ir.Api,
        config: SdkConfig,
        prints: Fingerprints,
        explicit_version: str,
        previous: Previous | None = None,
    ) -> tuple[SdkConfig, list[RenderedFile]]:
        return config, format_files(render(api, config))

    def samples(self, api: ir.Api, config: SdkConfig) -> dict[str, list[Sample]]:
        return typescript_samples(api, config)


def without_get_bodies(api: ir.Api, diagnostics: list[Diagnostic]) -> ir.Api:
    """fetch refuses a body on GET and HEAD (in every runtime): such a method takes none, with a
    warning in `diagnostics` unless the body declares nothing to send (Stripe's GETs)."""
    if not any(op.body is not None and op.method.lower() in NO_BODY for op in api.operations):
        return api
    defs = irquery.definitions(api)
    operations = []
    for op in api.operations:
        if op.body is not None and op.method.lower() in NO_BODY:
            if not _empty(op.body.type, defs):
                message = f"TypeScript: fetch cannot send a body with {op.method.upper()}; the method takes none"
                diagnostics.append(Diagnostic("warning", op.key + "/requestBody", message, "body-not-sent"))
            op = replace(op, body=None)
        operations.append(op)
    return replace(api, operations=tuple(operations))


def _empty(t: ir.Type, defs: irquery.Definitions) -> bool:
    """A body schema that declares nothing to send: an object without properties (a free-form
    object to the IR)."""
    resolved = irquery.resolve(t, defs)
    if isinstance(resolved, ir.Map) and isinstance(resolved.value, ir.AnyType):
        return True
    model = irquery.model_of(t, defs)
    return model is not None and not model.fields and model.additional is None


TARGET = TypeScriptTarget()
