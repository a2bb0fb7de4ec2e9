"""Count the paginated operations of a folder of real-world specs, by pagination kind.

    nice -n 10 python scripts/pagination_census.py CORPUS/apis-guru [--budget 60] [--examples]

Runs the generator's analysis up to the infer stage (load → normalize → bound types → infer; no
naming, no rendering) on every .json/.yaml spec under the folder, and prints one table: specs
read, specs skipped (bad input, crash, over the per-spec time budget), operations, and the
operations paginated per kind. The `generator` imported is the first on the path: set
PYTHONPATH to another checkout to count that checkout's inference (the numbers before a change).
"""

from __future__ import annotations

import argparse
import collections
import signal
import sys
import time
import warnings
from pathlib import Path
from types import FrameType

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: that one wins

from generator.diagnostics import BadInput  # noqa: E402
from generator.infer import infer  # noqa: E402
from generator.load import load  # noqa: E402
from generator.normalize import Options, normalize  # noqa: E402
from generator.typebounds import bound_types  # noqa: E402

SUFFIXES = (".json", ".yaml", ".yml")


class OverBudget(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise OverBudget


def kinds_of(path: Path) -> list[tuple[str, str]]:
    """(kind, "METHOD /path") of each paginated operation of one spec."""
    api, _ = normalize(load(path).data, Options({}), str(path))
    api, _ = bound_types(api)
    return [(op.pagination.kind, f"{op.method.upper()} {op.path}") for op in infer(api).operations if op.pagination]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--budget", type=int, default=60, help="seconds per spec (default 60)")
    parser.add_argument("--examples", action="store_true", help="print the first operation of each kind")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # regex warnings about the specs' patterns
    signal.signal(signal.SIGALRM, _alarm)
    kinds: collections.Counter[str] = collections.Counter()
    skipped: collections.Counter[str] = collections.Counter()
    skipped_specs: list[str] = []
    examples: dict[str, str] = {}
    specs = paginated_specs = 0
    started = time.monotonic()
    for path in sorted(p for p in args.folder.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
        signal.alarm(args.budget)
        try:
            found = kinds_of(path)
        except OverBudget:
            skipped["over budget"] += 1
            skipped_specs.append(f"{path.relative_to(args.folder)} (over budget)")
            continue
        except BadInput:
            skipped["bad input"] += 1
            skipped_specs.append(f"{path.relative_to(args.folder)} (bad input)")
            continue
        except (Exception, RecursionError):  # noqa: BLE001 - a census counts crashes, it does not stop
            skipped["crash"] += 1
            skipped_specs.append(f"{path.relative_to(args.folder)} (crash)")
            continue
        finally:
            signal.alarm(0)
        specs += 1
        paginated_specs += bool(found)
        for kind, where in found:
            kinds[kind] += 1
            examples.setdefault(kind, f"{path.relative_to(args.folder)} {where}")
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
