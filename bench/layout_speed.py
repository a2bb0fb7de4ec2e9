"""What `code_layout.lay_out` costs, and what it saves ruff, against a baseline checkout.

    python bench/layout_speed.py BASELINE SPEC [SPEC ...] [--repeat 3] [--line-length 88]

BASELINE is another checkout of this repository (`git worktree add /tmp/base <rev>`). Each spec
is generated once by this checkout with `lay_out` watched (`scripts/layout_vs_ruff.py`): its
modules are the input of both. Then, in this process, both checkouts' `lay_out` run over them
in chunks of 100 modules, the order of the two alternating chunk by chunk (a machine that
slows for a minute slows both), `--repeat` times; and ruff (the one this project pins) formats
the modules each leaves to it, in one run, the median of three taken. What a generation spends
on the two together is the measure of a layout change: laying out more in Python costs
`lay_out` time and saves ruff's (and the staging of the files for it, not counted here).

The baseline's `code_layout` and the modules it imports from `generator.python` are loaded
under another package name, so the two do not share a module.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ruff.__main__ import find_ruff_bin

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "scripts"))

from generator.python import code_layout  # noqa: E402

LayOut = Callable[..., "str | None"]  # (module, width[, the run's lines laid out])
_IMPORT = re.compile(r"^from generator\.python\.(\w+) import", re.MULTILINE)


def baseline_lay_out(checkout: Path, folder: Path) -> LayOut:
    """The baseline's `lay_out`, its `generator.python` imports copied along as `_baseline.*`."""
    package = folder / "_baseline"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    wanted, done = ["code_layout"], set()
    while wanted:
        name = wanted.pop()
        if name in done:
            continue
        done.add(name)
        text = (checkout / "generator" / "python" / f"{name}.py").read_text(encoding="utf-8")
        wanted += _IMPORT.findall(text)
        (package / f"{name}.py").write_text(_IMPORT.sub(r"from _baseline.\1 import", text), encoding="utf-8")
    sys.path.insert(0, str(folder))
    lay_out: LayOut = importlib.import_module("_baseline.code_layout").lay_out
    return lay_out


def lay_out_cpu(modules: list[str], lay_outs: dict[str, LayOut], width: int, repeat: int) -> dict[str, float]:
    """CPU seconds of each `lay_out` over `modules` (a mean of `repeat`), chunk by chunk in turn;
    a `lay_out` that shares its lines laid out across a run's modules (a third parameter) gets
    one memory for each pass over them, as a generation does."""
    spent = dict.fromkeys(lay_outs, 0.0)
    names = list(lay_outs)
    shares = {name: len(inspect.signature(f).parameters) > 2 for name, f in lay_outs.items()}
    for n in range(repeat):
        memories: dict[str, tuple[dict[str, str | None], ...]] = {name: ({},) if shares[name] else () for name in names}
        for at in range(0, len(modules), 100):
            chunk = modules[at : at + 100]
            for name in names if (at // 100 + n) % 2 == 0 else names[::-1]:
                lay_out, memory = lay_outs[name], memories[name]
                started = time.process_time()
                for module in chunk:
                    lay_out(module, width, *memory)
                spent[name] += time.process_time() - started
    return {name: seconds / repeat for name, seconds in spent.items()}


def ruff_cpu(modules: list[str], width: int) -> float:
    """ruff's CPU seconds formatting `modules` in one run (the median of three)."""
    runs = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as folder:
            for n, module in enumerate(modules):
                (Path(folder) / f"m{n}.py").write_text(module, encoding="utf-8")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            command = [find_ruff_bin(), "format", "--isolated", "--no-cache", "-q", "--line-length", str(width)]
            subprocess.run([*command, folder], check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return sorted(runs)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("specs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--line-length", type=int, default=88)
    args = parser.parse_args()
    watched = importlib.import_module("layout_vs_ruff").watched  # scripts/: the generation with lay_out watched
    width = args.line_length
    folder = Path(tempfile.mkdtemp())
    try:
        lay_outs = {"baseline": baseline_lay_out(args.baseline.resolve(), folder), "this": code_layout.lay_out}
        print("| spec | modules | checkout | lay_out CPU s | left to ruff | ruff CPU s | together s |")
        print("|---|---:|---|---:|---:|---:|---:|")
        for spec in args.specs:
            with tempfile.TemporaryDirectory() as scratch:
                modules = [module for module, _ in watched(spec.resolve(), width, Path(scratch))]
            spent = lay_out_cpu(modules, lay_outs, width, args.repeat)
            for name, lay_out in lay_outs.items():
                left = [module for module in modules if lay_out(module, width) is None]
                ruff = ruff_cpu(left, width) if left else 0.0
                print(
                    f"| {spec.name} | {len(modules)} | {name} | {spent[name]:.2f} | "
                    f"{len(left)} ({sum(map(len, left)) / 1e6:.1f} MB) | {ruff:.2f} | {spent[name] + ruff:.2f} |"
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
