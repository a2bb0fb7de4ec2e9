"""The `sdkgen` command: generate, check, validate (and templates, diff, samples).

Exit codes: 0 success (or current), 1 `check` found the output stale, 2 bad input (one line:
`file:line pointer: message`, never a traceback).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.cli import diff as cli_diff
from generator.cli import samples as cli_samples
from generator.cli import templates as cli_templates
from generator.cli.check import check, unchanged
from generator.cli.collector import no_collections
from generator.config import SdkConfig, apart, load_project, make_config, project_defaults
from generator.diagnostics import BadInput, Diagnostic, HandEdited, UnsafeOutput
from generator.manifest import Manifest

if TYPE_CHECKING:
    from generator.pipeline import Built


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # the command itself
        # No cyclic collection in the command: the stages leave next to no cyclic garbage (a
        # pass after GitHub's analysis freed 206 objects in 0.055 s) and reference counting frees
        # the rest, while the passes over young objects cost 0.17 s of a cold GitHub run and 0.6 s
        # of Graph's (and 0.3 s at exit after a GitHub build). `pipeline._collector` keeps its
        # policy for a caller that collects (the tests build in their own process).
        gc.disable()
    code = _main(argv)
    if argv is None:  # the process ends next, and frees everything with it
        gc.freeze()
    return code


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except HandEdited as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("move the changes into custom.py (or a custom template), then run with --force", file=sys.stderr)
        return 1
    except UnsafeOutput as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("remove them (the generator never follows a link in its output folder), then run again", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a generator bug: one line, the traceback only on request
        if os.environ.get("SDKGEN_DEBUG"):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc} (set SDKGEN_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sdkgen", description="OpenAPI → typed Python SDK.")
    parser.add_argument("--version", action="version", version=f"openapi-sdkgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="generate SDKs (all configured ones, or one spec)")
    gen.add_argument("spec", nargs="*", type=Path, help="spec files (default: the project's SDKs)")
    gen.add_argument("--output", "-o", type=Path, help="output folder (with one SPEC)")
    gen.add_argument("--package-name", help="Python package name (with one SPEC)")
    gen.add_argument("--report", type=Path, help="write every diagnostic to this JSON file")
    gen.add_argument("--lenient", action="store_true", help="generate despite validation errors")
    gen.add_argument("--quiet", "-q", action="store_true", help="print nothing but problems")
    gen.add_argument("--force", action="store_true", help="overwrite generated files edited by hand")
    gen.add_argument("--exit-code", action="store_true", help="exit 1 when files were written or removed (for hooks)")
    gen.add_argument("--project", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    gen.set_defaults(func=_generate)

    chk = sub.add_parser("check", help="exit 1 with a diff when generated code is stale")
    chk.add_argument("spec", nargs="*", type=Path)
    chk.add_argument("--output", "-o", type=Path)
    chk.add_argument("--package-name")
    chk.add_argument("--lenient", action="store_true")
    chk.add_argument("--project", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    chk.set_defaults(func=_check)

    cli_templates.register(sub)
    cli_diff.register(sub)
    cli_samples.register(sub, _configs)

    val = sub.add_parser("validate", help="validate a spec; print every problem")
    val.add_argument("spec", type=Path)
    val.set_defaults(func=_validate)
    return parser


def _configs(args: argparse.Namespace) -> list[SdkConfig]:
    base = args.project.resolve()
    if not args.spec:
        if args.output or args.package_name:
            raise BadInput("sdkgen", "--output and --package-name need a SPEC argument")
        configs = load_project(base)
        if not configs:
            raise BadInput(str(base), "nothing to do: no [tool.sdkgen] SDKs and no specs/ folder")
        return configs
    if len(args.spec) > 1 and (args.output or args.package_name):
        raise BadInput("sdkgen", "--output and --package-name take exactly one SPEC")
    known: dict[Path, list[SdkConfig]] = {}  # a spec's SDKs: Python, TypeScript, or both
    for c in load_project(base) if not args.output else []:
        known.setdefault(c.spec.resolve(), []).append(c)
    out = []
    for spec in args.spec:
        if spec.resolve() in known and not args.package_name:
            out += known[spec.resolve()]
        else:
            out.append(
                make_config(
                    spec,
                    output=args.output,
                    package_name=args.package_name,
                    base=base,
                    source="sdkgen" if args.output or args.package_name else None,
                    **project_defaults(base),
                )
            )
    return apart(out, "sdkgen")


def _generate(args: argparse.Namespace) -> int:
    """Build every SDK, then plan every write (conflicts, links), then commit them together:
    a failure anywhere leaves every output folder as it was. An SDK whose manifest shows it
    current (`check.unchanged`) is not built: nothing would be written."""
    report: list[dict[str, Any]] = []
    changed: list[str] = []
    runs: list[tuple[SdkConfig, Built | None, float]] = []
    current: dict[int, tuple[Manifest, float]] = {}
    for i, config in enumerate(_configs(args)):
        started = time.perf_counter()
        manifest = None if args.report else unchanged(config, lenient=args.lenient)
        if manifest is not None:
            current[i] = (manifest, time.perf_counter() - started)
            runs.append((config, None, 0.0))
            continue
        from generator.pipeline import build

        runs.append((config, build(config, lenient=args.lenient), time.perf_counter() - started))
    builds = [(config, made) for config, made, _ in runs if made is not None]
    if builds:
        from generator.write import commit, plan

        with no_collections():
            plans = [plan(config.output, made.files, made.prints, force=args.force) for config, made in builds]
            started = time.perf_counter()
            results = iter(commit(plans))
            writing = (time.perf_counter() - started) / len(builds)
    else:
        results, writing = iter([]), 0.0
    for i, (config, built, seconds) in enumerate(runs):
        where = _rel(config.output)
        if built is None:
            manifest, seconds = current[i]
            assert manifest.record is not None
            operations, warnings, written, removed = manifest.record.operations, manifest.record.warnings, 0, 0
            unchanged_files = len(manifest.files) + 1  # and the manifest
        else:
            result = next(results)
            seconds += writing
            changed += [f"{where}/{path}: written" for path in result.written]
            changed += [f"{where}/{path}: removed" for path in result.removed]
            operations, written, removed = built.operations, len(result.written), len(result.removed)
            warnings = sum(d.level == "warning" for d in built.diagnostics)
            unchanged_files = result.unchanged
            if args.report:
                report += _report_entries(config.spec, built.diagnostics)
        if args.quiet:
            continue
        print(
            f"{config.label}: {operations} operations → {where} "
            f"({written} written, {removed} removed, {unchanged_files} unchanged, "
            f"{warnings} warnings) in {seconds:.2f}s"
        )
    if args.report:
        args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.exit_code and changed:
        print("\n".join(changed), file=sys.stderr)
        print("the SDKs changed: review and stage them", file=sys.stderr)
        return 1
    return 0


def _report_entries(spec: Path, diagnostics: list[Diagnostic]) -> list[dict[str, Any]]:
    """The `--report` entries of one spec: each diagnostic with the line of its node in the
    spec file (when the node is in that file), so a dropped value can be found."""
    from generator.load import locate_all

    try:
        lines = locate_all(spec.read_text(encoding="utf-8-sig"), [d.pointer for d in diagnostics])
    except (OSError, UnicodeDecodeError):
        lines = {}
    return [
        {
            "spec": str(spec),
            "line": lines.get(d.pointer),
            "level": d.level,
            "kind": d.kind,
            "pointer": d.pointer,
            "message": d.message,
        }
        for d in diagnostics
    ]


def _check(args: argparse.Namespace) -> int:
    return check(_configs(args), lenient=args.lenient)


def _validate(args: argparse.Namespace) -> int:
    from generator.load import load, locate_all
    from generator.pipeline import check_valid

    doc = load(args.spec)
    problems = check_valid(doc, lenient=True, full=True)
    lines = locate_all(doc.text, [d.pointer for d in problems]) if problems else {}
    for d in problems:  # each as `generate` prints the first one
        print(f"error: {BadInput(str(doc.path), d.message, pointer=d.pointer, line=lines[d.pointer])}")
    if problems:
        return 2
    print(f"{doc.path}: valid")
    return 0


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
