"""How often the shapes `generator/infer.py` looks for occur in a folder of real-world specs.

    python scripts/infer_stats.py CORPUS/apis-guru

Loads and normalizes every spec (no rendering), runs the infer stage, and prints, as JSON, the
number of operations paginated per kind (cursor, offset, page, link), the polling helpers, and
one example of each, so a change to the inference rules can be judged on the whole corpus.
"""

from __future__ import annotations

import collections
import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.diagnostics import BadInput  # noqa: E402
from generator.infer import infer  # noqa: E402
from generator.load import load  # noqa: E402
from generator.normalize import Options, normalize  # noqa: E402


def main() -> None:
    root = Path(sys.argv[1])
    kinds: collections.Counter[str] = collections.Counter()
    examples: dict[str, str] = {}
    specs = operations = polling = 0
    warnings.simplefilter("ignore")  # regex warnings about the specs' patterns
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".json", ".yaml", ".yml")):
        try:
            api, _ = normalize(load(path).data, Options({}), str(path))
        except BadInput:
            continue
        specs += 1
        for op in infer(api).operations:
            operations += 1
            where = f"{path.relative_to(root)} {op.method.upper()} {op.path}"
            if op.pagination is not None:
                kinds[op.pagination.kind] += 1
                examples.setdefault(op.pagination.kind, where)
            if op.polling is not None:
                polling += 1
                examples.setdefault("polling", where)
    summary = {"specs": specs, "operations": operations, "pagination": dict(kinds), "polling": polling}
    print(json.dumps({**summary, "examples": examples}, indent=1))


if __name__ == "__main__":
    main()
