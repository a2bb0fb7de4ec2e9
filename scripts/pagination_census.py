"""Count the paginated operations of a folder of real-world specs, by pagination kind.

    nice -n 10 python scripts/pagination_census.py CORPUS/apis-guru [--budget 60] [--examples]

Runs the generator's analysis up to the infer stage (`corpus_infer.py`) on every .json/.yaml
spec under the folder, and prints one table: specs read, specs skipped (bad input, crash, over
the per-spec time budget), specs with a pager, and the operations paginated per kind.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

from corpus_infer import inferred


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--budget", type=int, default=60, help="seconds per spec (default 60)")
    parser.add_argument("--examples", action="store_true", help="print the first operation of each kind")
    args = parser.parse_args()
    kinds: collections.Counter[str] = collections.Counter()
    skipped: collections.Counter[str] = collections.Counter()
    skipped_specs: list[str] = []
    examples: dict[str, str] = {}
    specs = paginated_specs = 0
    started = time.monotonic()
    for outcome in inferred(args.folder, args.budget):
        if outcome.api is None:
            reason = outcome.skipped.split(":", 1)[0]
            skipped[reason] += 1
            skipped_specs.append(f"{outcome.name} ({reason})")
            continue
        found = [
            (op.pagination.kind, f"{op.method.upper()} {op.path}") for op in outcome.api.operations if op.pagination
        ]
        specs += 1
        paginated_specs += bool(found)
        for kind, where in found:
            kinds[kind] += 1
            examples.setdefault(kind, f"{outcome.name} {where}")
    print(f"specs read              {specs}")
    for reason, count in sorted(skipped.items()):
        print(f"skipped ({reason}){' ' * max(1, 14 - len(reason))}{count}")
    print(f"specs with a pager      {paginated_specs}")
    print("paginated operations by kind:")
    for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:<20} {count}")
    print(f"  {'total':<20} {sum(kinds.values())}")
    for spec in skipped_specs:
        print(f"skipped: {spec}")
    if args.examples:
        for kind, where in sorted(examples.items()):
            print(f"example {kind}: {where}")
    print(f"({time.monotonic() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
