"""Stage 3b, infer: the polling pairs (`infer.py` calls `polling_pair` for each operation).

A start operation (POST or PUT) whose response carries an id and a status, paired with a GET of
the same group that takes that id (of the same type) as its only new path parameter and answers
with a status whose values split cleanly into work in progress and work finished
(`split_statuses`). The helper waits while the status is in progress; anything else ends the wait.

Precision over recall: a helper that waits for the wrong thing blocks for `poll_timeout` and then
raises, which is worse than no helper. So the split is made only from a job's vocabulary, every
value of the status must be a word of the lists below, and one of them must name a success:
- a lifecycle vocabulary (active, disabled, canceled: Increase's cards and account numbers;
  open/closed; pending, running, stopped: a virtual machine, where `running` is the goal) has no
  success word, or has words no list holds, and gets no helper;
- a word that is a job's first step in one API and its outcome in another (`submitted`: queued in
  AWS Batch, deposited in Increase's check deposits) waits only beside a named success, which is
  then the outcome: Increase's check deposits (pending, submitted, rejected, returned) get none.
The words are a value's words joined by "_" in lower case (`InProgress`, `IN_PROGRESS` → in_progress).
"""

from __future__ import annotations

from generator import ir
from generator.irquery import Definitions, json_success, may_be_null, model_of, resolve
from generator.words import split_words

# The work has not ended yet: the helper polls again.
IN_PROGRESS = frozenset(
    {
        "pending",
        "queued",
        "enqueued",
        "in_queue",
        "waiting",
        "scheduled",
        "submitted",
        "accepted",
        "created",
        "new",
        "received",
        "not_started",
        "started",
        "starting",
        "initializing",
        "initialized",
        "running",
        "processing",
        "in_progress",
        "inprogress",
        "executing",
        "working",
        "validating",
        "preparing",
        "provisioning",
        "creating",
        "building",
        "uploading",
        "importing",
        "exporting",
        "generating",
        "analyzing",
        "converting",
        "transcoding",
        "retrying",
        "canceling",
        "cancelling",
        "stopping",
        "finishing",
    }
)
# The work ended well: a status with none of these is no job's (see the module's docstring).
SUCCEEDED = frozenset({"succeeded", "success", "successful", "completed", "complete", "done", "finished", "ready"})
# The work ended, well or badly: the helper returns the result, whose status the caller reads.
FINISHED = SUCCEEDED | frozenset(
    {
        "failed",
        "failure",
        "error",
        "errored",
        "canceled",
        "cancelled",
        "expired",
        "rejected",
        "timed_out",
        "timeout",
        "aborted",
        "terminated",
        "stopped",
        "skipped",
    }
)


def split_statuses(values: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(in progress, finished) values of a status, in the spec's order, or None when they do not
    split cleanly into both: a value of no list, no success among the finished ones."""
    words = [_words(v) for v in values]
    if not values or any(w not in IN_PROGRESS and w not in FINISHED for w in words):
        return None
    pending = tuple(v for v, w in zip(values, words, strict=True) if w in IN_PROGRESS)
    finished = tuple(v for v, w in zip(values, words, strict=True) if w in FINISHED)
    if not pending or not any(w in SUCCEEDED for w in words):
        return None
    return pending, finished


def _words(name: str) -> str:
    return "_".join(split_words(name))


def _null_body(op: ir.Operation, defs: Definitions) -> bool:
    """Whether the JSON success body may be null: a helper cannot read fields of None."""
    body = json_success(op)
    return body is not None and may_be_null(body, defs)


def polling_pair(start: ir.Operation, reads: list[ir.Operation], defs: Definitions) -> ir.Polling | None:
    """The polling pair `start` forms with one of `reads`, the GETs of its group."""
    if start.method not in ("post", "put") or start.pagination is not None:
        return None
    model = model_of(json_success(start), defs)
    if model is None or _null_body(start, defs):
        return None
    fields = {_words(f.wire_name): f for f in model.fields}
    status = fields.get("status") or fields.get("state")
    ids = [f for w, f in fields.items() if w == "id" or w.endswith("_id")]
    if status is None or not ids:
        return None
    start_path = {p.wire_name for p in start.params if p.location == "path"}
    for poll in reads:  # of the same group: the helper is a method of the group's class
        path = {p.wire_name for p in poll.params if p.location == "path"}
        new = path - start_path
        required_elsewhere = [p for p in poll.params if p.location != "path" and p.required]
        if len(new) != 1 or not start_path <= path or required_elsewhere or poll.body is not None:
            continue
        id_param = next(iter(new))
        id_field = _matching_id(id_param, ids)
        poll_model = None if _null_body(poll, defs) else model_of(json_success(poll), defs)
        param = next(p for p in poll.params if p.wire_name == id_param and p.location == "path")
        if id_field is None or poll_model is None or not _same_kind(id_field.type, param.type, defs):
            continue  # the id must pass to the poll operation as it is
        for field in poll_model.fields:
            if _words(field.wire_name) not in ("status", "state"):
                continue
            split = split_statuses(status_values(field.type, defs))
            if split is not None:
                return ir.Polling(poll.key, id_field.wire_name, id_param, field.wire_name, *split)
    return None


def _same_kind(a: ir.Type, b: ir.Type, defs: Definitions) -> bool:
    """The same Python type: primitives by name (formats and constraints aside), else equal."""
    first, second = resolve(a, defs, nullable=True), resolve(b, defs, nullable=True)
    if isinstance(first, ir.Prim) and isinstance(second, ir.Prim):
        return first.name == second.name
    return first == second


def _matching_id(param: str, ids: list[ir.Field]) -> ir.Field | None:
    """The start response's id field that the poll operation's path parameter names."""
    words = _words(param)
    exact = [f for f in ids if _words(f.wire_name) == words]
    if exact:
        return exact[0]
    plain = [f for f in ids if _words(f.wire_name) == "id"]
    return plain[0] if plain and (words == "id" or words.endswith("_id")) else None


def status_values(t: ir.Type, defs: Definitions) -> list[str]:
    """The string values a status can take: an enum's members, literals, or a union of them."""
    resolved = resolve(t, defs, nullable=True)
    match resolved:
        case ir.Lit(value=str() as value):
            return [value]
        case ir.Ref(key=key) if isinstance(defs.get(key), ir.EnumDef):
            enum = defs[key]
            assert isinstance(enum, ir.EnumDef)
            return [m.value for m in enum.members if isinstance(m.value, str)]
        case ir.Union(variants=variants):
            return [v for variant in variants for v in status_values(variant, defs)]
    return []
