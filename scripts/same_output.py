"""Whether this generator writes the same SDKs as another checkout of it, file for file.

    python scripts/same_output.py BASELINE SPEC [SPEC ...]

BASELINE is another checkout of this repository (`git worktree add /tmp/base <rev>`). Each spec
is generated twice, `sdkgen generate SPEC -o DIR --lenient -q`, once with each tree's `generator`
package first on `PYTHONPATH`, from the same working folder (the same config applies), and every
file is compared but `.sdkgen.json` (its fingerprints name the generator). One line per spec:
`same` or `DIFF` with the files that differ, and both times; the exit code is 1 when any spec
differs or fails with one tree only.

For a change meant to leave the output as it is (a faster path to the same text: the layout
`code_layout.py` writes instead of the formatter, say), run it over the corpus (`fetch.sh`):
a random sample of the APIs.guru specs finds what the repository's own specs do not.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def generate(tree: Path, spec: Path, out: Path, cwd: Path) -> tuple[int, float, str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--lenient", "-q"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return done.returncode, time.perf_counter() - started, done.stderr.strip()[-300:]


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def compare(baseline: Path, spec: Path, work: Path) -> bool:
    a, b = work / "baseline", work / "this"
    shutil.rmtree(a, ignore_errors=True)
    shutil.rmtree(b, ignore_errors=True)
    code_a, time_a, error_a = generate(baseline, spec, a, work)
    code_b, time_b, error_b = generate(HERE, spec, b, work)
    if code_a != code_b:
        print(f"DIFF {spec}: exit {code_a} with the baseline, {code_b} with this tree: {error_a or error_b}")
        return False
    if code_a != 0:
        print(f"skip {spec}: both fail ({error_b})")
        return True
    found_a, found_b = files(a), files(b)
    differ = sorted(
        (found_a ^ found_b)
        | {f for f in found_a & found_b if f != ".sdkgen.json" and not filecmp.cmp(a / f, b / f, shallow=False)}
    )
    verdict = "DIFF" if differ else "same"
    print(f"{verdict} {spec.name}: {len(found_b)} files, {time_a:.1f} s then {time_b:.1f} s {differ[:5]}", flush=True)
    return not differ


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("baseline", type=Path, help="another checkout of this repository")
    parser.add_argument("specs", type=Path, nargs="+")
    args = parser.parse_args()
    if not (args.baseline / "generator" / "__init__.py").is_file():
        parser.error(f"{args.baseline} has no generator package")
    with tempfile.TemporaryDirectory(prefix="same-output-") as tmp:
        results = [compare(args.baseline.resolve(), spec.resolve(), Path(tmp)) for spec in args.specs]
    print(f"{results.count(False)} of {len(results)} differ")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
