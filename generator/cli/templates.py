"""`sdkgen templates export DIR`: the built-in templates, copied as a start for custom ones.

A `templates` folder named in the config overrides built-in templates by relative path
(`sdk/package/_client.py.j2`, `project/README.md.j2`…). Keep only the ones you change: the
others then follow generator upgrades. Templates render in Jinja's sandbox and receive values
already escaped, each for one context; the environment refuses raw spec text and a value placed
in another context than its own (`render.py`, `contexts.py`), custom templates included.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from generator.diagnostics import BadInput
from generator.inputs import templates_root


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    templates = sub.add_parser("templates", help="work with the templates")
    actions = templates.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="copy the built-in templates into DIR")
    export.add_argument("dir", type=Path)
    export.add_argument("--force", action="store_true", help="overwrite templates already in DIR")
    export.set_defaults(func=_export)


def export_templates(target: Path, *, force: bool = False) -> list[str]:
    """Copy every built-in template into `target`; the relative paths copied."""
    root = templates_root()
    sources = sorted(p for p in root.rglob("*.j2") if p.is_file())
    names = [p.relative_to(root).as_posix() for p in sources]
    if not force:
        clash = [n for n, p in zip(names, sources, strict=True) if _differs(target / n, p)]
        if clash:
            raise BadInput(
                str(target), f"would overwrite {len(clash)} changed template(s), first {clash[0]}; use --force"
            )
    for name, source in zip(names, sources, strict=True):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / name)
    return names


def _differs(existing: Path, source: Path) -> bool:
    return existing.exists() and existing.read_bytes() != source.read_bytes()


def _export(args: argparse.Namespace) -> int:
    names = export_templates(args.dir, force=args.force)
    print(
        f"{len(names)} templates in {args.dir}; name the folder in the config "
        f'(templates = "{args.dir.as_posix()}") and keep only the ones you change'
    )
    return 0
