"""A fixed random sample of the polling helpers the generator infers over a folder of specs.

    nice -n 10 python scripts/polling_sample.py CORPUS/apis-guru [--sample 60] [--seed 13]
                                                [--budget 180] [--all helpers.tsv]
                                                [--labels bench/polling_labels.tsv]

Runs the generator's analysis up to the infer stage (`corpus_infer.py`) on every spec, each
within `--budget` seconds (a spec that takes longer is counted and skipped), collects every polling helper inferred, and
prints a seeded random sample of them — spec, operation, status field, the values waited
through (in progress), the values that end the wait (finished), the status's full enum and the
operations' summaries — to be labelled by hand (bench/polling_labels.tsv). The sample depends
only on the set of helpers and the seed, so the same rules and corpus draw the same sample.
`--labels` reads the hand labels (`correct` or `wrong`, with a reason) and prints the precision
over the sample; `--all` writes every helper, one a line, to compare two versions of the rules.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from corpus_infer import inferred

from generator import ir
from generator.infer_polling import status_values
from generator.irquery import definitions, json_success, model_of


@dataclass(frozen=True)
class Helper:
    spec: str
    operation_id: str
    endpoint: str
    poll_endpoint: str
    status_field: str
    pending: tuple[str, ...]
    finished: tuple[str, ...]
    enum: tuple[str, ...]
    start_text: str
    poll_text: str

    def row(self) -> str:
        return "\t".join(
            [self.spec, self.operation_id, self.status_field, ",".join(self.pending), ",".join(self.finished)]
        )


def _text(op: ir.Operation) -> str:
    text = " ".join(f"{op.summary} {op.description}".split())
    return text[:300] + ("…" if len(text) > 300 else "")


def helpers_of(api: ir.Api, spec: str) -> list[Helper]:
    defs = definitions(api)
    ops = {op.key: op for op in api.operations}
    found = []
    for op in api.operations:
        if op.polling is None:
            continue
        poll = ops[op.polling.poll_key]
        model = model_of(json_success(poll), defs)
        assert model is not None
        field = next(f for f in model.fields if f.wire_name == op.polling.status_field)
        found.append(
            Helper(
                spec,
                op.operation_id or op.key,
                f"{op.method.upper()} {op.path}",
                f"{poll.method.upper()} {poll.path}",
                op.polling.status_field,
                op.polling.pending,
                op.polling.terminal,
                tuple(status_values(field.type, defs)),
                _text(op),
                _text(poll),
            )
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--budget", type=int, default=180, help="seconds per spec")
    parser.add_argument("--all", type=Path, help="write every helper to this file (TSV)")
    parser.add_argument("--labels", type=Path, help="hand labels (TSV: spec, operation, label, reason)")
    args = parser.parse_args()
    found: list[Helper] = []
    loaded = operations = 0
    skipped: dict[str, int] = {"bad input": 0, "over budget": 0, "crash": 0}
    for outcome in inferred(args.root, args.budget):
        if outcome.api is None:
            skipped[outcome.skipped.split(":", 1)[0]] += 1
            if outcome.skipped != "bad input":
                print(f"{outcome.skipped}: {outcome.name}", file=sys.stderr)
            continue
        loaded += 1
        operations += len(outcome.api.operations)
        found += helpers_of(outcome.api, outcome.name)
    if args.all:
        args.all.write_text("".join(h.row() + "\n" for h in found), encoding="utf-8")
    drawn = random.Random(args.seed).sample(found, min(args.sample, len(found)))
    drawn.sort(key=lambda h: (h.spec, h.operation_id))
    counts = ", ".join(f"{reason} {n}" for reason, n in skipped.items())
    print(f"specs {loaded + sum(skipped.values())}: loaded {loaded}, {counts}")
    print(f"operations {operations}; polling helpers {len(found)} in {len({h.spec for h in found})} specs")
    print(f"sample of {len(drawn)} (seed {args.seed}):\n")
    for number, h in enumerate(drawn, 1):
        print(f"{number:>3}. {h.spec}  {h.operation_id}  ({h.endpoint} → {h.poll_endpoint})")
        print(f"     status field {h.status_field!r}: waits while {list(h.pending)}, ends on {list(h.finished)}")
        print(f"     enum {list(h.enum)}")
        print(f"     start: {h.start_text}")
        print(f"     poll:  {h.poll_text}\n")
    if args.labels:
        print(precision(drawn, args.labels))


def precision(drawn: list[Helper], labels_file: Path) -> str:
    """Correct / labelled over the drawn helpers; a drawn helper without a label is listed."""
    labels = {}
    for line in labels_file.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            spec, operation, label, _reason = line.split("\t")
            labels[spec, operation] = label
    found = [labels.get((h.spec, h.operation_id)) for h in drawn]
    missing = [f"{h.spec} {h.operation_id}" for h, label in zip(drawn, found, strict=True) if label is None]
    correct = sum(label == "correct" for label in found)
    labelled = len(drawn) - len(missing)
    lines = [f"precision: {correct}/{labelled} correct" + (f" = {correct / labelled:.1%}" if labelled else "")]
    lines += [f"not labelled: {m}" for m in missing]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
