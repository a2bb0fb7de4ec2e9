"""Whether every module `code_layout.lay_out` lays out for a spec is what ruff writes, and what
it leaves to ruff, by the shape of the first line it refuses.

    python scripts/layout_vs_ruff.py SPEC [SPEC ...] [--line-length 88] [--shapes 15]

Each spec is generated in this process (into a scratch folder) with `lay_out` watched: every
module it is given is kept with its answer. Those it lays out are formatted by ruff (the one this
project pins, at the same line length) and compared with its text; a difference is printed as a
diff, and the exit code is 1. The modules it refuses are counted by the shape of their first
line it does not lay out (names as `N`, strings as `"…"`) with their size: what ruff still
formats, in order of what laying it out would save.

A rule of `code_layout` is checked here against ruff on real output (Microsoft Graph's 15,000
modules have most shapes the generator writes), besides the random modules of
`tests/test_code_layout.py`: run it after changing a rule, and on a spec whose SDK still goes to
ruff in part.
"""

from __future__ import annotations

import argparse
import collections
import difflib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ruff.__main__ import find_ruff_bin

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from generator.python import code_layout, line_scan, target  # noqa: E402
from generator.python.code_layout import Laid  # noqa: E402
from generator.python.ruff_rewrites import magic_commas  # noqa: E402


def watched(spec: Path, line_length: int, scratch: Path) -> list[tuple[str, str | None]]:
    """Every module the generation of `spec` gives `lay_out`, with its answer."""
    seen: list[tuple[str, str | None]] = []
    module = vars(target)  # where `PythonTarget.files` finds `lay_out`
    original: Callable[[str, int, Laid | None], str | None] = module["lay_out"]

    def watch(code: str, width: int, lines: Laid | None = None) -> str | None:
        laid = original(code, width, lines)
        seen.append((code, laid))
        return laid

    (scratch / "pyproject.toml").write_text(f"[tool.ruff]\nline-length = {line_length}\n", encoding="utf-8")
    module["lay_out"] = watch
    try:
        from generator.cli.main import main

        argv = ["sdkgen", "generate", str(spec), "-o", str(scratch / "out"), "--lenient", "-q"]
        given, cwd = sys.argv, Path.cwd()
        try:
            sys.argv = argv
            os.chdir(scratch)
            main()
        finally:
            sys.argv = given
            os.chdir(cwd)
    finally:
        module["lay_out"] = original
    return seen


def shape(code: str, width: int) -> str:
    """Why `lay_out` leaves `code` to ruff: what ruff writes otherwise in a line that fits, a
    character outside ASCII, or the shape of the line it does not lay out."""
    if magic_commas(code) is None:
        return "(an escaped quote or an exponent: ruff writes them otherwise)"
    lines = code.split("\n")
    if not code.isascii() and not line_scan.widths_safe(code, lines, list(map(len, lines)), width):
        return "(a character outside ASCII on a line that may not fit, not in a docstring's body)"
    refused: list[str] = []
    module = vars(code_layout)
    original = module["_lay_line"]

    def watch(line: str, width: int, out: list[str], *, magic: bool = False) -> bool:
        done: bool = original(line, width, out, magic=magic)
        if not done:
            refused.append(line)
        return done

    module["_lay_line"] = watch
    try:
        code_layout.lay_out(code, width)
    finally:
        module["_lay_line"] = original
    if not refused:
        return "(none: laid out)"
    spelled = re.sub(r'"(?:[^"\\]|\\.)*"', '"…"', refused[0].strip())
    return re.sub(r"[A-Za-z_]\w*", "N", spelled)[:60]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="+", type=Path)
    parser.add_argument("--line-length", type=int, default=88)
    parser.add_argument("--shapes", type=int, default=15, help="how many refused shapes to list")
    args = parser.parse_args()
    width, differ = args.line_length, 0
    for spec in args.specs:
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder)
            seen = watched(spec.resolve(), width, scratch)
            laid = [(n, text) for n, (_, text) in enumerate(seen) if text is not None]
            formatted = scratch / "formatted"
            formatted.mkdir()
            for n, _ in laid:
                (formatted / f"m{n}.py").write_text(seen[n][0], encoding="utf-8")
            ruff = [find_ruff_bin(), "format", "--isolated", "--no-cache", "--line-length", str(width)]
            subprocess.run([*ruff, "--target-version", "py311", "-q", str(formatted)], check=True)
            for n, text in laid:
                want = (formatted / f"m{n}.py").read_text(encoding="utf-8")
                if want != text:
                    differ += 1
                    diff = difflib.unified_diff(want.splitlines(True), (text or "").splitlines(True), "ruff", "lay_out")
                    print("".join(list(diff)[:40]))
            refused: collections.Counter[str] = collections.Counter()
            size: collections.Counter[str] = collections.Counter()
            for code, answer in seen:
                if answer is None:
                    kind = shape(code, width)
                    refused[kind] += 1
                    size[kind] += len(code)
        print(
            f"{spec.name}: {len(seen)} modules, {len(laid)} laid out "
            f"({differ} not as ruff writes them), {len(seen) - len(laid)} left to ruff"
        )
        for kind, _ in sorted(size.items(), key=lambda item: -item[1])[: args.shapes]:
            print(f"  {refused[kind]:6} modules {size[kind] / 1e6:6.1f} MB  {kind}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
