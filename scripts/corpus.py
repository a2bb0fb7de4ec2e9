"""Coverage run over a folder of real-world specs (not part of the default tests).

    python scripts/corpus.py CORPUS/apis-guru --out corpus-results [--sample 150 --seed 20261123]
                             [--workers 2] [--timeout 120] [--mypy 20] [--keep]

Fetch a corpus with ../shared/corpus/fetch.sh. For every spec: generate (in its own process,
with a time limit), then record the outcome (ok / clean error / crash / timeout), time, peak
memory, operations in the spec and methods generated, diagnostics by kind, whether every file
compiles, whether the package imports (in a subprocess), whether `ruff check` passes under the
SDK's own configuration (its pyproject's rule selection; the rule codes it reports), the dangling
references (diagnostics of kind "dangling-ref"), and for a sample `mypy --strict`.
Writes results.csv and summary.md (top failure categories, an example spec for each).
"""

from __future__ import annotations

import argparse
import ast
import collections
import csv
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace", "query"}  # query: 3.2
SPEC_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass
class Result:
    spec: str
    outcome: str = ""  # ok | clean-error | crash | timeout
    seconds: float = 0.0
    peak_mb: float = 0.0
    operations: int = 0
    methods: int = 0
    diagnostics: dict[str, int] = field(default_factory=dict)
    compiles: bool | None = None
    imports: bool | None = None
    ruff_clean: bool | None = None  # `ruff check` under the SDK's own pyproject
    ruff_codes: dict[str, int] = field(default_factory=dict)  # rule code → violations, most first
    dangling_refs: int = 0  # diagnostics of kind "dangling-ref"
    mypy_errors: int | None = None
    error: str = ""


def count_operations(spec: Path) -> int:
    try:
        text = spec.read_text(encoding="utf-8")
        data = json.loads(text) if spec.suffix == ".json" else yaml.load(text, Loader=yaml.CSafeLoader)
    except Exception:  # noqa: BLE001 - unreadable specs are counted as 0 operations
        return 0
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return 0
    items = [item for key, item in paths.items() if str(key).startswith("/") and isinstance(item, dict)]
    fixed = sum(1 for item in items for m in item if m in METHODS and isinstance(item[m], dict))
    extra = [item.get("additionalOperations") for item in items]  # 3.2: any other method
    return fixed + sum(sum(isinstance(op, dict) for op in ops.values()) for ops in extra if isinstance(ops, dict))


def count_methods(package: Path) -> int:
    """Methods of the sync resource classes (their async twins are the same methods)."""
    total = 0
    for path in (package / "resources").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
        for node in tree.body:
            # a sync class has an `Async` twin (a group named "async" gives `AsyncResource`)
            if isinstance(node, ast.ClassDef) and "Async" + node.name in classes:
                total += sum(
                    1
                    for f in node.body
                    if isinstance(f, ast.FunctionDef)
                    and f.name != "__init__"
                    and not any(isinstance(d, ast.Attribute) and d.attr == "cached_property" for d in f.decorator_list)
                )
    return total


def is_spec(path: Path) -> bool:
    """A file whose top level names an OpenAPI or Swagger version (package.json is not a spec)."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return bool(re.search(r"""(^|[{,\s])["']?(openapi|swagger)["']?\s*:""", head, re.M))


def category(message: str) -> str:
    """A failure message without its specifics (file, line, pointer, names, numbers)."""
    last = message.strip().splitlines()[-1] if message.strip() else ""
    text = re.sub(r"^(internal )?error: \S+?(:\d+)?( #\S*)?: ", "", last)
    text = re.sub(r"'[^']*'|\"[^\"]*\"|#/\S+|\d+", "…", text)
    return text[:120] or "(no message)"


def run_one(spec: Path, root: Path, work: Path, timeout: float) -> Result:
    rel = spec.relative_to(root).as_posix()
    result = Result(spec=rel, operations=count_operations(spec))
    out = work / re.sub(r"[^A-Za-z0-9_.-]", "_", rel)
    report, record = out.with_suffix(".report.json"), out.with_suffix(".result.json")
    command = [
        sys.executable,
        str(HERE / "_corpus_one.py"),
        str(record),
        "--",
        "generate",
        str(spec),
        "-o",
        str(out),
        "--package-name",
        "sdk",
        "--lenient",
        "--report",
        str(report),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        result.outcome, result.seconds = "timeout", timeout
        return result
    if not record.exists():
        result.outcome, result.error = "crash", "the runner process died"
        return result
    data = json.loads(record.read_text())
    result.seconds, result.peak_mb = data["seconds"], data["peak_mb"]
    stderr = data["stderr"].strip()
    if data["exit"] == 0:
        result.outcome = "ok"
    elif data["exit"] == 2 and len(stderr.splitlines()) == 1 and "Traceback" not in stderr:
        result.outcome, result.error = "clean-error", stderr
        return result
    else:
        result.outcome, result.error = "crash", stderr[-500:]
        return result
    if report.exists():
        kinds = collections.Counter(d["kind"] for d in json.loads(report.read_text()))
        result.diagnostics = dict(sorted(kinds.items()))
        result.dangling_refs = kinds.get("dangling-ref", 0)
    result.methods = count_methods(out / "sdk")
    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(out / "sdk")], capture_output=True, text=True
    )
    result.compiles = compiled.returncode == 0
    imported = subprocess.run(
        [sys.executable, "-c", "import sdk, sdk.models"], cwd=out, capture_output=True, text=True, timeout=timeout
    )
    result.imports = imported.returncode == 0
    if not result.imports:
        result.error = (imported.stderr.strip().splitlines() or ["?"])[-1][:500]
    run_ruff(result, out, timeout)
    return result


def run_ruff(result: Result, out: Path, timeout: float) -> None:
    """One `ruff check` over the whole SDK (package, tests), not `--isolated`: each file under
    the configuration of the SDK's own pyproject.toml, as its users run it."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "json", "."],
            cwd=out,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        found = json.loads(done.stdout) if done.returncode in (0, 1) else None
    except (subprocess.TimeoutExpired, json.JSONDecodeError):
        found = None
    if found is None:  # ruff itself failed: neither clean nor a rule
        result.ruff_clean, result.ruff_codes = False, {"(ruff failed)": 1}
        return
    codes = collections.Counter(str(v.get("code") or "syntax-error") for v in found)
    result.ruff_clean = not codes
    result.ruff_codes = dict(codes.most_common())


def run_mypy(result: Result, work: Path) -> None:
    out = work / re.sub(r"[^A-Za-z0-9_.-]", "_", result.spec)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            "pyproject.toml",
            "--no-incremental",
            "--cache-dir",
            str(out / ".mypy_cache"),
            "sdk",
        ],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    result.mypy_errors = sum(1 for line in done.stdout.splitlines() if ": error:" in line)


def summary(results: list[Result], mypy_checked: list[Result]) -> str:
    outcomes = collections.Counter(r.outcome for r in results)
    ok = [r for r in results if r.outcome == "ok"]
    importing = [r for r in ok if r.imports]
    times = sorted(r.seconds for r in results if r.outcome != "timeout")
    missing = [r for r in ok if r.methods < r.operations]
    lines = [
        "# Corpus run",
        "",
        f"{len(results)} specs.",
        "",
        "| measure | value |",
        "|---|---|",
        *[
            f"| outcome: {name} | {count} ({100 * count / len(results):.1f}%) |"
            for name, count in outcomes.most_common()
        ],
        f"| compiles and imports | {len(importing)} ({100 * len(importing) / len(results):.2f}%) |",
        f"| operations in specs | {sum(r.operations for r in results)} |",
        f"| methods generated (ok specs) | {sum(r.methods for r in ok)} for {sum(r.operations for r in ok)} ops |",
        f"| specs with fewer methods than operations | {len(missing)} |",
    ]
    linted = [r for r in ok if r.ruff_clean is not None]
    if linted:
        clean = sum(1 for r in linted if r.ruff_clean)
        lines.append(
            f"| `ruff check` clean, the SDK's own rule selection | {clean} of {len(linted)} generated "
            f"({100 * clean / len(linted):.2f}%) |"
        )
    dangling = [r for r in ok if r.dangling_refs]
    lines.append(
        f"| dangling references (kind dangling-ref) | {sum(r.dangling_refs for r in ok)} in {len(dangling)} specs |"
    )
    if times:
        p90 = times[int(0.9 * (len(times) - 1))]
        lines.append(
            f"| time per spec, median / p90 / max | {statistics.median(times):.2f} / {p90:.2f} / {times[-1]:.2f} s |"
        )
    if ok:
        memory = sorted(r.peak_mb for r in ok)
        lines.append(f"| peak memory, median / max | {statistics.median(memory):.0f} / {memory[-1]:.0f} MB |")
    if mypy_checked:
        clean = sum(1 for r in mypy_checked if r.mypy_errors == 0)
        share = 100 * clean / len(mypy_checked)
        lines.append(f"| mypy --strict clean (sample of {len(mypy_checked)}) | {clean} ({share:.1f}%) |")
    diag: collections.Counter[str] = collections.Counter()
    for r in ok:
        diag.update(r.diagnostics)
    lines += ["", "## Diagnostics by kind", "", "| kind | count |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in diag.most_common()] or ["| – | 0 |"]
    rules: collections.Counter[str] = collections.Counter()
    rule_specs: dict[str, list[str]] = collections.defaultdict(list)
    for r in ok:
        rules.update(r.ruff_codes)
        for code in r.ruff_codes:
            rule_specs[code].append(r.spec)
    lines += ["", "## Ruff rule codes", "", "| code | violations | specs | example |", "|---|---|---|---|"]
    lines += [
        f"| {code} | {n} | {len(rule_specs[code])} | `{rule_specs[code][0]}` |" for code, n in rules.most_common()
    ] or ["| – | 0 | 0 | |"]
    failures = collections.defaultdict(list)
    for r in results:
        if r.outcome != "ok" or not r.imports:
            failures[(r.outcome if r.outcome != "ok" else "import", category(r.error))].append(r.spec)
    lines += ["", "## Failure categories", "", "| outcome | category | specs | example |", "|---|---|---|---|"]
    for (outcome, cat), specs in sorted(failures.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"| {outcome} | {cat.replace('|', '/')} | {len(specs)} | `{specs[0]}` |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=Path("corpus-results"))
    parser.add_argument("--sample", type=int, help="a random sample of this many specs")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--mypy", type=int, default=0, help="run mypy --strict on this many ok specs")
    parser.add_argument("--keep", action="store_true", help="keep the generated SDKs in OUT/sdks")
    args = parser.parse_args()
    root = args.corpus.resolve()
    paths = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.suffix in SPEC_SUFFIXES and p.is_file() and is_spec(p)
    )
    if args.sample:
        paths = random.Random(args.seed).sample(paths, min(args.sample, len(paths)))
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.out / "sdks" if args.keep else Path(tempfile.mkdtemp(prefix="sdkgen-corpus-"))
    work.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(args.workers) as pool:
        results = list(pool.map(lambda rel: run_one(root / rel, root, work, args.timeout), paths))
    checked = [r for r in results if r.outcome == "ok" and r.imports][: args.mypy]
    with ThreadPoolExecutor(args.workers) as pool:
        list(pool.map(lambda r: run_mypy(r, work), checked))
    with (args.out / "results.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(asdict(results[0])))
        writer.writeheader()
        for r in results:
            row = asdict(r)
            row["diagnostics"] = json.dumps(r.diagnostics)
            row["ruff_codes"] = json.dumps(r.ruff_codes)
            writer.writerow(row)
    text = summary(results, checked)
    (args.out / "summary.md").write_text(text)
    print(text)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
