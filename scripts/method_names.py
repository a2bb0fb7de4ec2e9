"""Every operation of a spec and the Python method that calls it, one a line:

    python scripts/method_names.py SPEC [--config pyproject.toml] [--lenient]

    POST /v1/customers  client.customers.create

Runs the pipeline up to the naming stage (`pipeline.analyze`: nothing is rendered), so two
versions of the naming rules, or two configs, can be compared with `diff`. `--config` reads the
naming levers (`method_names`, `groups`, `strip_path_prefix`) from a project file: the
`[[tool.sdkgen.sdk]]` (or `sdkgen.toml`'s `[[sdk]]`) entry whose `spec` is SPEC, else the file's
top-level keys. Run from the repository root (`python scripts/method_names.py ...`).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.config import make_config  # noqa: E402
from generator.pipeline import analyze  # noqa: E402
from generator.python.naming import attr_path, walk  # noqa: E402

LEVERS = ("method_names", "groups", "strip_path_prefix")


def levers(config: Path, spec: Path) -> dict[str, Any]:
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    table = data.get("tool", {}).get("sdkgen", data)
    for entry in table.get("sdk", []) if isinstance(table.get("sdk"), list) else []:
        if isinstance(entry, dict) and (config.parent / str(entry.get("spec", ""))).resolve() == spec.resolve():
            return {k: v for k, v in entry.items() if k in LEVERS}
    return {k: v for k, v in table.items() if k in LEVERS}


def lines(spec: Path, options: dict[str, Any], *, lenient: bool) -> list[str]:
    config = make_config(spec, package_name="api_client", base=spec.parent, **options)
    api = analyze(config, lenient=lenient).api
    by_key = {op.key: op for op in api.operations}
    calls = {}
    for group in walk(api.root):
        prefix = ".".join(["client", *attr_path(api.root, group)])
        for key in group.operations:
            calls[key] = f"{prefix}.{by_key[key].py_name}"
    return [f"{op.method.upper()} {op.path}  {calls[op.key]}" for op in api.operations]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--lenient", action="store_true", help="generate names for an invalid spec too")
    args = parser.parse_args()
    options = levers(args.config, args.spec) if args.config else {}
    print("\n".join(lines(args.spec, options, lenient=args.lenient)))


if __name__ == "__main__":
    main()
