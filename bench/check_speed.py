"""`sdkgen check` on an unchanged tree, as ratios to baselines measured on the same machine.

    python bench/check_speed.py SPEC [--repeat N]

The SDK of SPEC is generated into a temporary folder once; then, each N times (median):
- in process: `check` against reading and hashing every file of the output (the least any
  content check can do), and against a full `build` (what `check` costs when it must render);
- as a command, what a pre-commit hook pays: `python -m generator check SPEC -o OUT` against
  `python -c pass` (the interpreter's start).
Fetch large specs with ../shared/corpus/fetch.sh (GitHub's is `github/api.github.com.json`).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.cli.check import check  # noqa: E402
from generator.config import make_config  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.write import write  # noqa: E402


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def hash_tree(folder: Path) -> int:
    count = 0
    for path in folder.rglob("*"):
        if path.is_file():
            hashlib.sha256(path.read_bytes()).hexdigest()
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        config = make_config(args.spec.resolve(), output=out, package_name="bench_client")
        built = build(config)
        write(out, built.files, built.prints)
        files = hash_tree(out)
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())

        def quiet_check() -> None:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                assert check([config]) == 0

        env = {**os.environ, "PYTHONPATH": str(ROOT)}  # run from an empty folder: no project config
        command = [
            sys.executable,
            "-m",
            "generator",
            "check",
            str(args.spec.resolve()),
            "-o",
            str(out),
            "--package-name",
            "bench_client",
        ]
        rows = {
            "baseline: hash every output file": median_time(lambda: hash_tree(out), args.repeat),
            "check (in process, unchanged tree)": median_time(quiet_check, args.repeat),
            "build (render, what a stale check costs)": median_time(lambda: build(config), max(1, args.repeat // 3)),
            "baseline: python -c pass": median_time(
                lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), args.repeat
            ),
            "sdkgen check (command, unchanged tree)": median_time(
                lambda: subprocess.run(command, check=True, cwd=tmp, capture_output=True, env=env), args.repeat
            ),
        }
    print(f"{args.spec.name}: {built.operations} operations, {files} files, {size / 1e6:.1f} MB of output")
    hashing = rows["baseline: hash every output file"]
    start = rows["baseline: python -c pass"]
    for name, seconds in rows.items():
        base = start if "command" in name or "python -c" in name else hashing
        print(f"  {name:44} {seconds * 1000:9.1f} ms  {seconds / base:6.2f}x")
    print(f"  check as a command, beyond the interpreter's start: {(rows[list(rows)[-1]] - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
