"""Generation speed, stage by stage, as ratios to a baseline measured in the same process.

    python bench/generate_speed.py SPEC [--repeat N]

The baseline is parsing the same spec with the stdlib (`json.loads`, or the YAML C loader), so
the ratios compare across machines: "generate = 9.1x parse" means as much on a laptop as in CI.
Fetch large specs with ../shared/corpus/fetch.sh (GitHub's 1,200-operation spec is
`github/api.github.com.json`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.config import make_config, with_spec_version  # noqa: E402
from generator.infer import infer  # noqa: E402
from generator.load import load  # noqa: E402
from generator.normalize import Options, normalize  # noqa: E402
from generator.python.format import format_files  # noqa: E402
from generator.python.naming import name_api  # noqa: E402
from generator.python.render import render  # noqa: E402
from generator.validate import validate  # noqa: E402


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run_once(spec: Path) -> dict[str, float]:
    text = spec.read_text()
    if spec.suffix == ".json":
        baseline, _ = timed(lambda: json.loads(text))
    else:
        baseline, _ = timed(lambda: yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    times: dict[str, float] = {"baseline (parse)": baseline}
    times["load"], doc = timed(lambda: load(spec))
    times["validate"], _ = timed(lambda: validate(doc))
    times["normalize"], (api, _) = timed(lambda: normalize(doc.data, Options({}), str(spec)))
    times["infer"], api = timed(lambda: infer(api))
    config = with_spec_version(make_config(spec, output=Path("/nonexistent"), package_name="bench_client"), api.version)
    times["naming"], api = timed(lambda: name_api(api, config)[0])
    times["render"], files = timed(lambda: render(api, config))
    times["format"], files = timed(lambda: format_files(files, line_length=88))
    times["lines"] = sum(f.text.count("\n") for f in files)
    times["operations"] = len(api.operations)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [run_once(args.spec) for _ in range(args.repeat)]
    stages = ["load", "validate", "normalize", "infer", "naming", "render", "format"]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    base = med["baseline (parse)"]
    total = sum(med[s] for s in stages)
    ops, lines = int(med["operations"]), int(med["lines"])
    print(f"{args.spec.name}: {ops} operations, {lines} output lines, median of {args.repeat}")
    print(f"{'stage':<18}{'seconds':>9}{'x parse':>9}")
    for name in ["baseline (parse)", *stages]:
        print(f"{name:<18}{med[name]:>9.3f}{med[name] / base:>9.1f}")
    print(f"{'generate (total)':<18}{total:>9.3f}{total / base:>9.1f}")


if __name__ == "__main__":
    main()
