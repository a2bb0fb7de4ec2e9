"""What a user's type checker pays on a program against a big SDK: `pyright --strict` and `mypy
--strict` (cold cache, then warm) on each probe of tests/programs/probes/, wall time and peak
memory (max RSS of the checker process and its children), with the problems each reports.

    python bench/typecheck_probe.py github=SDK_FOLDER stripe=SDK_FOLDER [--pyright-only] [--probes DIR]

An SDK folder is the generated project (the one holding `github_sdk/` or `stripe_sdk/`), e.g.
`python -m generator generate -q --lenient api.github.com.json -o /tmp/gh --package-name
github_sdk`. The checkers are configured as tests/test_programs_types.py configures them (mypy
with the pydantic plugin, its constructor typing on; pyright strict, unneeded ignores an error),
so a probe that passes there shows `0` problems here. `--probes` takes `<api>_probe.py` files from
another folder (a probe written against an older SDK's method names, to compare with it). Run on a
quiet machine: both checkers are single-threaded and the numbers move with the load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_programs_types import MYPY_CONFIG  # noqa: E402

PROBES = ROOT / "tests" / "programs" / "probes"


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[str, float, float]:
    """Output, wall seconds and peak RSS in MB of `command` (its waited-for children included)."""
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
        text=True,
    )
    assert process.stdout is not None
    out = process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped above
    return out, time.monotonic() - started, usage.ru_maxrss / 1024


def pyright(probe: Path, sdk: Path, work: Path) -> tuple[int, float, float]:
    settings = {
        "typeCheckingMode": "strict",
        "enableTypeIgnoreComments": False,
        "reportUnnecessaryTypeIgnoreComment": "error",
        "extraPaths": [str(sdk)],
    }
    (work / "pyrightconfig.json").write_text(json.dumps(settings), encoding="utf-8")
    command = [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, "--outputjson", str(probe)]
    out, seconds, mb = measure(command, work)
    report = json.loads(out[out.index("{") :])
    return report["summary"]["errorCount"] + report["summary"]["warningCount"], seconds, mb


def mypy(probe: Path, sdk: Path, work: Path, cache: Path) -> tuple[int, float, float]:
    (work / "mypy.ini").write_text(MYPY_CONFIG, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--cache-dir", str(cache), str(probe)]
    out, seconds, mb = measure(command, work, {"MYPYPATH": str(sdk)})
    return sum(": error:" in line for line in out.splitlines()), seconds, mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sdks", nargs="+", metavar="API=SDK_FOLDER", help="github=... and/or stripe=...")
    parser.add_argument("--pyright-only", action="store_true")
    parser.add_argument("--probes", type=Path, default=PROBES, help="folder of <api>_probe.py files")
    args = parser.parse_args()
    print("| probe | checker | problems | seconds | max RSS (MB) |")
    print("|---|---|---:|---:|---:|")
    for pair in args.sdks:
        api, _, folder = pair.partition("=")
        probe, sdk = args.probes.resolve() / f"{api}_probe.py", Path(folder).resolve()
        with tempfile.TemporaryDirectory(prefix="typecheck-probe-") as scratch:
            work = Path(scratch)
            rows = [("pyright --strict", pyright(probe, sdk, work))]
            if not args.pyright_only:
                cache = work / "mypy-cache"
                for name in ("mypy --strict (cold cache)", "mypy --strict (warm cache)"):
                    rows.append((name, mypy(probe, sdk, work, cache)))
            for name, (problems, seconds, mb) in rows:
                print(f"| {probe.name} | {name} | {problems} | {seconds:.1f} | {mb:.0f} |", flush=True)


if __name__ == "__main__":
    main()
