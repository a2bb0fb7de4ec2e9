"""The stages chained: a `SdkConfig` → formatted files, diagnostics and fingerprints.

load → validate → normalize → infer → name → render → format; the last three are the target's
(`target.py`). Nothing here touches the output
folder; `write.py` does, after everything else has succeeded, so bad input never leaves a
half-written folder.
"""

from __future__ import annotations

import contextlib
import gc
import warnings
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from generator import ir
from generator.config import SdkConfig, with_spec_version
from generator.dangling import dangling_refs
from generator.diagnostics import BadInput, Diagnostic
from generator.files import RenderedFile
from generator.infer import infer
from generator.inputs import fingerprints, generator_fingerprint
from generator.load import Document, load, locate, without
from generator.manifest import Fingerprints, Record
from generator.normalize import Options, normalize
from generator.security_config import declare
from generator.target import Previous, load_target
from generator.typebounds import bound_types
from generator.validate import validate

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass


@dataclass(frozen=True, slots=True)
class Built:
    config: SdkConfig
    files: list[RenderedFile]
    diagnostics: list[Diagnostic]
    prints: Fingerprints
    operations: int


def check_valid(doc: Document, *, lenient: bool, full: bool = False) -> list[Diagnostic]:
    """Validation diagnostics and references that resolve to nothing (`dangling.py`); the first
    error is fatal unless `lenient`.

    NaN and infinities are validated as absent: generation drops each with a diagnostic where
    it would be used (a default, a bound), so one does not sink the document; the full check
    (`sdkgen validate`) lists each as an error."""
    dangling = dangling_refs(doc)
    diagnostics = dangling + [d for d in validate(_finite(doc), full=full) if not (dangling and _unresolved(d))]
    if full:
        diagnostics += [
            Diagnostic("error", p, "not a JSON number (NaN or infinity)", "invalid") for p in doc.non_finite
        ]
    errors = [d for d in diagnostics if d.level == "error"]
    fatal = [d for d in errors if d.kind not in _LOCAL] or ([] if lenient else errors)
    if fatal:
        first = fatal[0]
        notes = [f"and {len(errors) - 1} more"] if len(errors) > 1 else []
        if all(d.kind in _LOCAL for d in errors):  # each one local: normalization copes with it
            notes.append("--lenient generates anyway")
        raise BadInput(
            str(doc.path),
            first.message + (f" ({'; '.join(notes)})" if notes else ""),
            pointer=first.pointer,
            line=locate(doc.text, first.pointer),
        )
    return [Diagnostic("warning", d.pointer, d.message, d.kind) for d in diagnostics]


_LOCAL = ("invalid", "dangling-ref")  # errors `--lenient` generates despite


def _unresolved(d: Diagnostic) -> bool:
    """The semantic validator tripping on a reference the dangling check reports better: a
    pointer to nowhere, or a loop of `$ref`s it follows until the stack runs out."""
    return d.message.startswith(_TRIPPED)


_TRIPPED = (
    "the validator failed here: PointerToNowhere",
    "the validator failed here: Unresolvable",
    "the validator failed here: NoSuchAnchor",
    "the validator failed here: NoSuchResource",
    "the validator ran out of stack",
)


def _finite(doc: Document) -> Document:
    if not doc.non_finite:
        return doc
    if doc.swagger2 is not None:  # the pointers are the file's, as written
        return replace(doc, swagger2=without(doc.swagger2, doc.non_finite))
    return replace(doc, data=without(doc.data, doc.non_finite))


@contextlib.contextmanager
def _patterns_quiet() -> Iterator[None]:
    """Regex warnings about a spec's patterns are reported once, as diagnostics (schemas.py);
    the patterns compiled again for samples and checks must not print them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        yield


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The generator builds millions of objects and frees them only at the end: the cyclic
    collector's passes over them (every 700 allocations by default) were 10-15% of GitHub's
    generation. Collect 70 times less often while a stage runs; memory grows by a few percent."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextlib.contextmanager
def _collector(hold: bool) -> Iterator[Callable[[], None]]:
    """The cyclic collector around a build; the block calls the function it gets once `analyze`
    is done. From then on the objects alive (the named IR, the modules) are left out of the
    collector's passes until the block ends (`gc.freeze`): they live through it, and each pass
    over them was 0.1 s on GitHub. Before that, the young garbage of `analyze` (the spec
    document and the IR before naming, which cycles keep: half its objects on GitHub) is
    collected, a 0.2 s pass; with `hold` it is not, but kept until the block ends, when the
    render is known to be small (a regeneration), its memory no concern."""
    if not gc.isenabled() or gc.get_freeze_count():  # the caller's own policy
        yield lambda: None
        return
    gc.disable()

    def analyzed() -> None:
        if not hold:
            gc.collect(0)
        gc.freeze()
        gc.enable()

    try:
        yield analyzed
    finally:
        gc.unfreeze()
        gc.enable()


def build(config: SdkConfig, *, lenient: bool = False) -> Built:
    """The formatted files of one SDK: `analyze`, then the target renders and formats."""
    previous = Previous.of(config.output)  # what can be reused of the last generation
    with _collector(hold=_regeneration(previous, config)) as analyzed:
        analysis = analyze(config, lenient=lenient)
        analyzed()
        api = analysis.api
        with _patterns_quiet(), _fewer_collections():
            target = load_target(config.target)
            named, files = target.files(api, analysis.config, analysis.prints, config.package_version, previous)
    diagnostics = analysis.diagnostics
    summary = Record(
        len(api.operations),
        sum(d.level == "warning" for d in diagnostics),
        not any(d.kind in _LOCAL for d in diagnostics),  # conservative: a normalize warning may share a kind
    )
    prints = replace(analysis.prints, summary=summary)
    return Built(named, sorted(files, key=lambda f: f.path), diagnostics, prints, len(api.operations))


def _regeneration(previous: Previous | None, config: SdkConfig) -> bool:
    """The last generation was made by this generator with this config: only the spec may have
    changed, and most files will be reused."""
    if previous is None:
        return False
    recorded = previous.manifest.fingerprints
    return recorded["generator"] == generator_fingerprint() and recorded["config"] == config.fingerprint()


@dataclass(frozen=True, slots=True)
class Analyzed:
    """The named IR of a spec, before rendering: what `build` renders and `diff` compares."""

    api: ir.Api
    config: SdkConfig  # with the package version defaulted from the spec
    diagnostics: list[Diagnostic]
    prints: Fingerprints


def analyze(config: SdkConfig, *, lenient: bool = False) -> Analyzed:
    """load → validate → normalize → bound types → infer → naming."""
    with _patterns_quiet(), _fewer_collections():
        doc = load(config.spec)
        diagnostics = check_valid(doc, lenient=lenient)
        # No cyclic collection from here to the named IR: what these stages build lives on, so the
        # collector's passes (10% of their time on GitHub's and Graph's specs) found nothing to free.
        collecting = gc.isenabled()
        gc.disable()
        try:
            try:
                options = Options(
                    config.method_names, config.allow_credentials_to, config.strip_path_prefix, config.groups
                )
                api, found = normalize(doc.data, options, str(config.spec))
                api, unused = declare(api, config.security_schemes, str(config.spec))
            except BadInput as exc:
                exc.line = locate(doc.text, exc.pointer) if exc.pointer else None
                raise
            api, cut = bound_types(api)
            prints = fingerprints(config, doc.files)  # of the config as written, before defaults
            config = with_spec_version(config, api.version)
            named, renamed = load_target(config.target).name(infer(api), config)
        finally:
            if collecting:
                gc.enable()
        return Analyzed(named, config, diagnostics + found + unused + cut + renamed, prints)
