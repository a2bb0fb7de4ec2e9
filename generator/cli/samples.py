"""`sdkgen samples`: an OpenAPI Overlay that adds each SDK's code samples to its spec.

    sdkgen samples specs/intuned.yaml > samples.yaml
    sdkgen samples -o docs/overlays/            # every configured SDK: <package>.overlay.yaml each
    openapi-format specs/intuned.yaml --overlayFile samples.yaml -o openapi.yaml

The spec is analysed as `generate` does (the same names, the same examples as the docs pages);
nothing is written to the SDK's folder. See `generator/code_samples.py` for the document.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from generator.config import SdkConfig
from generator.diagnostics import BadInput

Configs = Callable[[argparse.Namespace], list[SdkConfig]]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], configs: Configs) -> None:
    cmd = sub.add_parser("samples", help="write an OpenAPI Overlay adding SDK code samples to every operation")
    cmd.add_argument("spec", nargs="*", type=Path, help="spec files (default: the project's SDKs)")
    cmd.add_argument(
        "--output",
        "-o",
        type=Path,
        help="the overlay file (.json: JSON, else YAML), or a folder for one file per SDK (default: standard output)",
    )
    cmd.add_argument("--package-name", help="Python package name (with one SPEC)")
    cmd.add_argument("--json", action="store_true", help="JSON on standard output, or in a folder")
    cmd.add_argument("--lenient", action="store_true", help="write samples despite validation errors")
    cmd.add_argument("--project", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    cmd.set_defaults(func=lambda args: run(args, configs))


def run(args: argparse.Namespace, configs: Configs) -> int:
    from generator.code_samples import Sample, dump, overlay  # the analysis: only for this command
    from generator.load import load
    from generator.pipeline import analyze
    from generator.target import load_target

    found = configs(argparse.Namespace(**{**vars(args), "output": None}))  # `--output` is the overlay's
    by_spec: dict[Path, list[SdkConfig]] = {}  # a spec's SDKs (Python, TypeScript): one overlay
    for config in found:
        by_spec.setdefault(config.spec.resolve(), []).append(config)
    sdks = list(by_spec.values())
    destinations = _destinations([group[0] for group in sdks], args.output, args.json)
    for group, destination in zip(sdks, destinations, strict=True):
        samples: dict[str, list[Sample]] = {}
        # TypeScript first, as the seeds' docs show them
        for config in sorted(group, key=lambda c: c.target != "typescript"):
            analysis = analyze(config, lenient=args.lenient)
            for key, found_samples in load_target(config.target).samples(analysis.api, analysis.config).items():
                samples.setdefault(key, []).extend(found_samples)
        config = group[0]
        written = load(config.spec).data  # the spec's own samples, as written
        document = overlay(analysis.api, samples, analysis.config.package_version, written)
        as_json = args.json if destination is None else destination.suffix == ".json"
        text = dump(document, as_json=as_json)
        if destination is None:
            sys.stdout.write(text)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(text, encoding="utf-8")
        where = "standard output" if destination is None else str(destination)
        operations = sum("update" in action for action in document["actions"])
        left = len(analysis.api.operations) - operations
        unplaced = f" ({left} in a $ref'd path item: none)" if left else ""
        counted = f"{operations} operation{'' if operations == 1 else 's'}"
        print(f"{config.package_name}: {counted} → {where}{unplaced}", file=sys.stderr)
    return 0


def _destinations(found: list[SdkConfig], output: Path | None, as_json: bool) -> list[Path | None]:
    """Where each SDK's overlay goes: standard output (one SDK, no `--output`), the file given,
    or `<package>.overlay.yaml` (`.json`) in the folder given."""
    if output is None:
        if len(found) > 1:
            raise BadInput("sdkgen samples", f"{len(found)} SDKs: give --output a folder for their overlays")
        return [None]
    if len(found) == 1 and not output.is_dir():
        return [output]
    if output.exists() and not output.is_dir():
        raise BadInput(str(output), f"{len(found)} SDKs: --output must be a folder")
    suffix = ".overlay.json" if as_json else ".overlay.yaml"
    return [output / f"{config.package_name}{suffix}" for config in found]
