"""`sdkgen diff`: the change a spec change makes to the SDK's public surface, and its semver bump.

    sdkgen diff OLD NEW                 two spec files
    sdkgen diff --against REF [SPEC…]   each spec (default: every SDK of the project) against
                                        itself at a git ref

Both sides use the same configuration (the project's, when NEW / SPEC is one of its SDKs):
package name, method names. For `--against`, the spec's folder is taken from `git archive REF`
into a temporary folder, so multi-file specs with local `$ref`s load as they were. Output: one
line per change, breaking first, the bump last (`--json`: the same as data). Exit codes: 0, or 1
when `--fail-on LEVEL` and the bump is at least LEVEL; 2 for bad input (a missing spec, an
unknown ref), one line, as every command.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.config import SdkConfig, load_project, make_config, project_defaults
from generator.diagnostics import BadInput
from generator.surface.kinds import RANK

if TYPE_CHECKING:
    from generator.surface.diff import SurfaceDiff
    from generator.surface.extract import Surface

_LEVELS = ("patch", "minor", "major")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = sub.add_parser("diff", help="the change to the SDK's public surface between two specs, and its semver bump")
    diff.add_argument("spec", nargs="*", type=Path, help="OLD NEW; with --against: the specs (default: the project's)")
    diff.add_argument("--against", metavar="REF", help="compare each spec with itself at this git ref")
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    diff.add_argument("--fail-on", choices=_LEVELS, help="exit 1 when the bump is at least this")
    diff.add_argument("--package-name", help="Python package name (default: the project's, else <spec stem>_client)")
    diff.add_argument("--lenient", action="store_true", help="compare despite validation errors")
    diff.add_argument("--kinds", action="store_true", help="print the change kinds and their rules, and exit")
    diff.add_argument("--project", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    diff.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # imported here: `sdkgen check`, which shares the command line, stays free of the parser
    from generator.surface.diff import compare, diff_json, kinds_table, render_json, render_text

    if args.kinds:
        print(kinds_table(), end="")
        return 0
    base = args.project.resolve()
    if args.against is None:
        if len(args.spec) != 2:
            raise BadInput("sdkgen diff", "give OLD and NEW spec files, or --against REF")
        old, new = args.spec
        config = _config(new, base, args.package_name)
        diff = compare(_surface(replace(config, spec=old), args.lenient), _surface(config, args.lenient))
        print(render_json(diff) if args.json else render_text(diff), end="")
        return _exit(diff.bump, args.fail_on)
    results = _against(args.against, args.spec, base, args.package_name, args.lenient)
    overall = max((d.bump for _, d in results), key=lambda b: RANK[b], default="none")
    if args.json:
        data = {"bump": overall, "sdks": [{"package": p, **diff_json(d)} for p, d in results]}
        print(json.dumps(data, indent=2, sort_keys=True))
    else:
        for package, diff in results:
            print(f"{package}:")
            print("".join(f"  {line}\n" for line in render_text(diff).splitlines()), end="")
        print(f"bump: {overall}")
    return _exit(overall, args.fail_on)


def _exit(bump: str, fail_on: str | None) -> int:
    return 1 if fail_on is not None and RANK[bump] >= RANK[fail_on] else 0


def _config(spec: Path, base: Path, package_name: str | None) -> SdkConfig:
    """The project's configuration of this spec, else one made from the project's defaults."""
    if not spec.is_file():
        raise BadInput(str(spec), "no such file")
    if package_name is None:
        for config in load_project(base):
            if config.spec.resolve() == spec.resolve():
                return config
    return make_config(spec, package_name=package_name, base=base, **project_defaults(base))


def _surface(config: SdkConfig, lenient: bool) -> Surface:
    from generator.pipeline import analyze
    from generator.surface.extract import extract

    analyzed = analyze(config, lenient=lenient)
    return extract(analyzed.api, analyzed.config)


def _against(
    ref: str, specs: list[Path], base: Path, package_name: str | None, lenient: bool
) -> list[tuple[str, SurfaceDiff]]:
    if specs:
        configs = [_config(spec, base, package_name) for spec in specs]
    else:
        if package_name:
            raise BadInput("sdkgen diff", "--package-name needs a SPEC argument")
        configs = load_project(base)
        if not configs:
            raise BadInput(str(base), "nothing to do: no [tool.sdkgen] SDKs and no specs/ folder")
    from generator.surface.diff import compare

    results = []
    for config in configs:
        with tempfile.TemporaryDirectory(prefix="sdkgen-diff-") as tmp:
            old_spec = spec_at(ref, config.spec, Path(tmp))
            if old_spec is None:
                if specs:
                    raise BadInput(str(config.spec), f"not in {ref}")
                print(f"{config.package_name}: {config.spec} is not in {ref}; skipped", file=sys.stderr)
                continue
            old = _surface(replace(config, spec=old_spec), lenient)
        results.append((config.package_name, compare(old, _surface(config, lenient))))
    return results


def spec_at(ref: str, spec: Path, into: Path) -> Path | None:
    """The spec as it was at `ref`: its folder extracted from `git archive` into `into` (local
    `$ref`s never leave the spec's folder), or None when the spec is not in that commit."""
    spec = spec.resolve()
    if not spec.parent.is_dir():
        raise BadInput(str(spec), "no such folder")
    if ref.startswith("-"):
        raise BadInput("git", f"unknown git ref {ref!r}")
    found_top = _git(["rev-parse", "--show-toplevel"], spec.parent, f"{spec.parent} is not in a git repository")
    top = Path(found_top.decode().strip()).resolve()
    commit = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top, f"unknown git ref {ref!r}")
    commit_id = commit.decode().strip()
    folder = spec.parent.relative_to(top).as_posix()
    relative = spec.relative_to(top).as_posix()
    import subprocess
    import tarfile  # here: `sdkgen generate` and `check` import this module, not these

    found = subprocess.run(["git", "cat-file", "-e", f"{commit_id}:{relative}"], cwd=top, capture_output=True)
    if found.returncode != 0:
        return None
    archive = _git(["archive", "--format=tar", commit_id, "--", folder], top, f"git archive {ref} failed")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / relative


def _git(arguments: list[str], cwd: Path, failure: str) -> bytes:
    import subprocess

    try:
        done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BadInput("git", f"{failure}: {exc}") from None
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        raise BadInput("git", failure + (f": {detail[-1]}" if detail and "--quiet" not in arguments else ""))
    return done.stdout
