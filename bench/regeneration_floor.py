"""The floor under a one-operation regeneration: what any partial front end would still pay.

    python bench/regeneration_floor.py [SPEC.json] [--repeat 5] [--corpus DIR]

A one-operation change (`compare.one_operation_changed`: a summary changed, a query parameter
added) makes `sdkgen generate` analyse the whole spec again: load, validate, normalize, infer,
name, then the batch keys, before it finds that one group changed. A partial front end would
analyse only what the edit reaches. This measures what it could not avoid, as a command, on
GitHub's spec by default: the imports (the CLI and the target), parsing and bounding the spec,
validating it, the input fingerprints, the manifest, the previous named IR loaded from a cache,
every kept file checked against the manifest, and the scan of the output before a write. It
analyses nothing, renders nothing and writes nothing.

The cache is a marshal table: every IR node once, as its class's number and its fields (a node
held in several places is one entry, referred to by its index), rebuilt in order with the
classes' constructors. It is built here, from the spec's own analysis (and checked to give
the IR back, equal), and does not exist in the generator. The floor (`--floor`, run as a
command) and a real one-operation `generate` alternate, `--repeat` times, each timed by its
CPU (user + system, its children's included, as `compare.run` measures it); between two, the
spec is put back and generated again (not timed). Each repetition changes the summary to a
text of its own, as `compare.py` does.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib
import json
import marshal
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from compare import REPO, SPECS, fetch, one_operation_changed, run, sdkgen  # noqa: E402

_PLAIN = (str, int, float, bool, type(None))
_TUPLE, _DICT, _LIST, _FROZENSET = -1, -2, -3, -4
Ref = tuple[str, int]


def encode(root: object) -> bytes:
    """`root` as a marshal table: (classes, entries, the root's reference)."""
    classes: dict[type, int] = {}
    entries: list[tuple[int, tuple[Any, ...]]] = []
    seen: dict[int, int] = {}

    def put(value: object) -> Any:
        if isinstance(value, _PLAIN):
            return value  # in place: a plain value is never a tuple, so never read as a reference
        found = seen.get(id(value))
        if found is not None:
            return ("@", found)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            kind = classes.setdefault(type(value), len(classes))
            entry = (kind, tuple(put(getattr(value, f.name)) for f in dataclasses.fields(value)))
        elif isinstance(value, tuple):
            entry = (_TUPLE, tuple(map(put, value)))
        elif isinstance(value, list):
            entry = (_LIST, tuple(map(put, value)))
        elif isinstance(value, frozenset):
            entry = (_FROZENSET, tuple(map(put, value)))
        elif isinstance(value, dict):
            entry = (_DICT, tuple((put(k), put(v)) for k, v in value.items()))
        else:
            raise TypeError(f"not in the IR: {type(value).__name__}")
        entries.append(entry)
        seen[id(value)] = len(entries) - 1
        return ("@", len(entries) - 1)

    top = put(root)
    names = [(cls.__module__, cls.__qualname__) for cls in classes]
    return marshal.dumps((names, entries, top))


def decode(blob: bytes) -> object:
    """The IR `encode` wrote, rebuilt: each entry after the ones it refers to."""
    names, entries, top = marshal.loads(blob)
    classes = [getattr(importlib.import_module(module), name) for module, name in names]
    built: list[Any] = [None] * len(entries)

    def get(value: Any) -> Any:
        return built[value[1]] if type(value) is tuple else value

    for n, (kind, parts) in enumerate(entries):
        if kind >= 0:
            built[n] = classes[kind](*map(get, parts))
        elif kind == _TUPLE:
            built[n] = tuple(map(get, parts))
        elif kind == _LIST:
            built[n] = list(map(get, parts))
        elif kind == _FROZENSET:
            built[n] = frozenset(map(get, parts))
        else:
            built[n] = {get(k): get(v) for k, v in parts}
    return get(top)


def floor(spec: Path, output: Path, cache: Path) -> None:
    """What a one-operation regeneration does when nothing is analysed again (the module's list)."""
    import generator.cli.main  # noqa: F401  # the command's own imports
    from generator.config import make_config
    from generator.inputs import fingerprints
    from generator.load import load
    from generator.pipeline import check_valid
    from generator.target import Previous, load_target
    from generator.write import _scan

    load_target()  # the target's modules: views, templates, runtime
    gc.disable()  # as `pipeline.analyze` runs
    doc = load(spec)
    check_valid(doc, lenient=True)
    fingerprints(make_config(spec, output=output), doc.files)
    previous = Previous.of(output)
    if previous is None:
        raise SystemExit(f"error: no generation in {output}")
    decode(cache.read_bytes())
    paths = list(previous.manifest.files)
    for path in paths:
        previous.text(path)  # read and checked against the manifest, as a reused file is
    _scan(output, paths)


def cpu(command: list[str], cwd: Path) -> float:
    """The command's CPU seconds, its children's included (`compare.run`); it must succeed."""
    done = run(command, cwd=cwd)
    if not done.ok:
        raise SystemExit(f"error: {' '.join(command)}: {done.detail}")
    return done.cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("spec", nargs="?", type=Path, help="default: GitHub's, from --corpus")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=REPO / ".corpus", help="folder laid out as fetch.sh makes it")
    parser.add_argument("--floor", nargs=3, type=Path, metavar=("SPEC", "OUT", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        floor(*args.floor)
        return
    if args.spec is None:
        github = next(s for s in SPECS if s.key == "github")
        fetch(args.corpus, [github])
        args.spec = args.corpus / github.path
    from generator.config import make_config
    from generator.pipeline import analyze

    with tempfile.TemporaryDirectory(prefix="sdkgen-floor-") as tmp:
        here = Path(tmp)
        spec, out, cache = here / "spec.json", here / "out", here / "ir.marshal"
        shutil.copyfile(args.spec, spec)
        original = spec.read_bytes()
        data = json.loads(original)
        generate = sdkgen("generate", str(spec), "-o", str(out), "--lenient", "-q")
        cpu(generate, here)
        api = analyze(make_config(spec, output=out), lenient=True).api
        blob = encode(api)
        if decode(blob) != api:  # the floor loads the IR whole, or its figure means nothing
            raise SystemExit("error: the marshal table does not give the IR back")
        cache.write_bytes(blob)
        floors, changes = [], []
        for n in range(args.repeat):
            floors.append(cpu([sys.executable, __file__, "--floor", str(spec), str(out), str(cache)], here))
            spec.write_text(json.dumps(one_operation_changed(data, n), indent=2))
            changes.append(cpu(generate, here))
            spec.write_bytes(original)
            cpu(generate, here)  # back to the current tree (not timed)
    print(f"{args.spec.name}, CPU s, {args.repeat} alternating runs:")
    print("| command | runs | median |")
    print("|---|---|---:|")
    for label, runs in (("floor (nothing analysed)", floors), ("generate (1 op)", changes)):
        print(f"| {label} | {', '.join(f'{r:.2f}' for r in runs)} | {statistics.median(runs):.2f} |")
    print(f"floor / one-operation generate: {statistics.median(floors) / statistics.median(changes):.2f}")


if __name__ == "__main__":
    main()
