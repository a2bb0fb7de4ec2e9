"""An SDK's own generated tests and docs examples against Prism serving its spec's examples.

    python scripts/prism_selftest.py SPEC [--out DIR] [--generator CHECKOUT] [--prism PATH]
                                          [-k EXPR] [--examples-matching TEXT] [--no-docs]

Generates the SDK of SPEC into DIR (default: a temporary folder) with the generator of
CHECKOUT (default: the checkout this script is in, so the same script measures another branch:
`--generator /work/main`), starts Prism on SPEC (`prism mock`, from `tests/e2e/node_modules`
unless `--prism` or `$PRISM` names one; installed from `tests/e2e/package-lock.json` when
missing), runs the SDK's `tests/` with pytest against it, then every ```python block of its
README.md and docs/*.md (credentials and the base URL set through the SDK's environment
variables, each block its own process). Prints passed/failed counts, and each failure with its
first error line; with `--out`, also writes `summary.json` there. `-k` selects tests as pytest
does and `--examples-matching` the examples whose code contains TEXT (one operation of a big
spec: `-k "repos_get and not repos_get_" --examples-matching "client.repos.get("`).

Not a test: a measurement (how much of what a spec's own examples say its API answers the SDK
accepts). Run it with `nice -n 10`; a large spec takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import Prism, ensure_prism  # noqa: E402  (the tests' Prism, pinned in tests/e2e)


@dataclass
class Outcome:
    name: str
    passed: bool
    error: str = ""  # the first error line of a failure


@dataclass
class Report:
    spec: str
    generator: str
    tests: list[Outcome] = field(default_factory=list)
    examples: list[Outcome] = field(default_factory=list)


def find_prism(explicit: str | None) -> Path:
    """`--prism`, else `$PRISM`, else the pinned one of tests/e2e (installed on first use)."""
    chosen = explicit or os.environ.get("PRISM")
    return Path(chosen) if chosen else ensure_prism()


def generate(spec: Path, out: Path, generator: Path) -> str:
    """Generate the SDK with `generator`'s code (run from that checkout); its package name."""
    command = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "-q", "--lenient"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(command, cwd=generator, capture_output=True, text=True, env=env)
    if result.returncode not in (0, 1):
        sys.exit(f"generation failed ({result.returncode}):\n{result.stderr[-3000:]}")
    packages = [p.parent.name for p in out.glob("*/_client.py")]
    if len(packages) != 1:
        sys.exit(f"no generated package in {out}")
    return packages[0]


def environment(out: Path, package: str, url: str) -> dict[str, str]:
    """The SDK's environment: every variable its client reads (credentials, global parameters)
    set to a test value, the base URL (and the tests' base URL) to Prism's."""
    client = (out / package / "_client.py").read_text()
    env = {k: v for k, v in os.environ.items() if not k.endswith("_PROXY") and not k.endswith("_proxy")}
    for name in sorted(set(re.findall(r'_base\.env\("([A-Z0-9_]+)"\)', client))):
        env[name] = "test-value"
    base = re.search(r'ENV_BASE_URL = "([A-Z0-9_]+)"', client)
    if base:
        env[base.group(1)] = url
    tests = "\n".join(p.read_text() for p in (out / "tests").glob("*.py"))
    for name in set(re.findall(r'os\.environ\.get\("([A-Z0-9_]+_TEST_BASE_URL)"', tests)):
        env[name] = url
    env["PYTHONPATH"] = str(out)
    return env


def run_tests(out: Path, env: dict[str, str], select: str | None) -> list[Outcome]:
    junit = out / "junit.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", str(out / "tests"), "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
        + ["--junitxml", str(junit), "-o", "junit_family=xunit2"]
        + (["-k", select] if select else []),
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
    )
    outcomes = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        if case.find("skipped") is not None:
            continue
        outcomes.append(
            Outcome(case.get("name", "?"), failure is None, first_error(failure) if failure is not None else "")
        )
    return outcomes


def first_error(failure: ET.Element) -> str:
    """The exception line of a pytest failure (`E   ...`), else its message."""
    text = failure.text or ""
    for line in text.splitlines():
        if line.startswith("E   "):
            return line[4:].strip()[:300]
    return (failure.get("message") or "").splitlines()[0][:300] if failure.get("message") else "?"


def exception_line(stderr: str) -> str:
    """The `module.Error: message` line of a traceback (the last one), else its last line."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    found = [line for line in lines if re.match(r"[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b", line)]
    return (found or lines or ["?"])[-1][:300]


def python_blocks(out: Path) -> list[tuple[str, str]]:
    blocks = []
    for doc in [out / "README.md", *sorted((out / "docs").glob("*.md"))]:
        for i, block in enumerate(doc.read_text().split("```python\n")[1:]):
            blocks.append((f"{doc.name}#{i}", block.split("```", 1)[0]))
    return blocks


def run_examples(out: Path, env: dict[str, str], matching: str | None) -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="sdk-example-") as tmp:
        script = Path(tmp) / "example.py"
        for where, code in python_blocks(out):
            if matching and matching not in code:
                continue
            script.write_text(code)
            for name in re.findall(r'pathlib\.Path\("([\w.-]+)"\)', code):  # the file an upload example reads
                (Path(tmp) / name).write_bytes(b"%PDF-1.4 example upload\n")
            try:
                result = subprocess.run(
                    [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120, cwd=tmp
                )
            except subprocess.TimeoutExpired:
                outcomes.append(Outcome(where, False, "timed out after 120 s"))
                continue
            outcomes.append(
                Outcome(where, result.returncode == 0, exception_line(result.stderr) if result.returncode else "")
            )
    return outcomes


def summary(report: Report) -> str:
    out = [f"spec: {report.spec}", f"generator: {report.generator}"]
    for title, outcomes in (("generated tests", report.tests), ("docs examples", report.examples)):
        failed = [o for o in outcomes if not o.passed]
        out.append(f"{title}: {len(outcomes) - len(failed)} passed, {len(failed)} failed (of {len(outcomes)})")
        out += [f"  FAIL {o.name}: {o.error}" for o in failed]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", type=Path)
    parser.add_argument("--out", type=Path, help="where the SDK, Prism's log and summary.json go (kept)")
    parser.add_argument("--generator", type=Path, default=ROOT, help="the checkout whose generator builds the SDK")
    parser.add_argument("--prism", help="the prism executable")
    parser.add_argument("-k", dest="select", help="run only the generated tests this pytest expression selects")
    parser.add_argument("--examples-matching", help="run only the docs examples whose code contains this text")
    parser.add_argument("--no-docs", action="store_true", help="skip the docs examples")
    args = parser.parse_args(argv)
    spec = args.spec.resolve()
    prism = find_prism(args.prism)
    with tempfile.TemporaryDirectory(prefix="prism-selftest-") as tmp:
        out = (args.out or Path(tmp) / "sdk").resolve()
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        package = generate(spec, out / "sdk", args.generator.resolve())
        sdk = out / "sdk"
        server = Prism(spec, out / "prism.log", executable=prism, timeout=300)
        try:
            env = environment(sdk, package, server.url)
            report = Report(str(spec), str(args.generator.resolve()))
            report.tests = run_tests(sdk, env, args.select)
            if not args.no_docs:
                report.examples = run_examples(sdk, env, args.examples_matching)
        finally:
            server.stop()
        if args.out:
            (out / "summary.json").write_text(json.dumps(asdict(report), indent=1))
    print(summary(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
