"""Stage 3b, infer: the polling pairs (`infer.py` calls `with_polling`).

A start operation (POST or PUT) whose response carries an id and a status, paired with the GET of
the same group that reads what it made — `POST /jobs` → `GET /jobs/{id}` (or, for an action,
`POST /runs/start` → `GET /runs/{id}`), the id of the same type — and answers with the same status,
whose values split cleanly into work in progress and work finished (`split_statuses`). The helper
waits while the status is in progress; any other value ends the wait.

Precision over recall: a helper that waits for the wrong thing blocks for `poll_timeout` and then
raises, which is worse than no helper. So:
- the split is made only from a job's vocabulary: every value must be a word of the lists below
  and one must name a success. A lifecycle (active, disabled, canceled: Increase's cards and
  account numbers; open, closed; pending, running, stopped: a virtual machine, whose goal is
  `running`) has no success word or has words no list holds, and gets no helper; so does a mix of
  lifecycle and progress words;
- a word that is a job's first step in one API and its outcome in another (`submitted`: queued
  in AWS Batch, deposited in Increase's check deposits) waits only beside a named success, which
  is then the outcome: Increase's check deposits (pending, submitted, rejected, returned) get none;
- a word for work not started (`waiting`, `not_started`) is in no list: such work may wait for
  the caller (AWS Data Exchange's jobs stay WAITING until `StartJob`);
- a status the caller writes (a request of the group sets it to a value in progress) is the
  caller's own bookkeeping, which no waiting advances: GitHub's check runs, Microsoft Graph's
  generic `POST …/operations`. This also drops a few good pairs whose create body is the whole
  resource, status included (Airflow's DAG runs, Google Cloud DNS changes).
The words are a value's words joined by "_" in lower case (`InProgress`, `IN_PROGRESS` → in_progress).
"""

from __future__ import annotations

from generator import ir
from generator.ir import replace
from generator.irquery import Definitions, json_success, may_be_null, model_of, resolve
from generator.words import split_words

# The work has not ended yet: the helper polls again.
IN_PROGRESS = frozenset(
    {
        "pending",
        "queued",
        "enqueued",
        "in_queue",
        "scheduled",
        "submitted",
        "accepted",
        "created",
        "new",
        "received",
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
        "downloading",
        "analyzing",
        "converting",
        "transcoding",
        "retry",
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
        "killed",
        "completed_with_errors",
        "completed_with_failures",
        "completed_with_warnings",
        "partial_failure",
        "partial_success",
        "partially_completed",
        "partially_succeeded",
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


def with_polling(operations: tuple[ir.Operation, ...], defs: Definitions) -> tuple[ir.Operation, ...]:
    """`operations` with the polling pair of each start operation set."""
    groups: dict[tuple[str, ...], list[ir.Operation]] = {}  # the operations of each group, in spec order
    for op in operations:
        groups.setdefault(op.group, []).append(op)
    return tuple(_with(op, polling_pair(op, groups[op.group], defs)) for op in operations)


def _with(op: ir.Operation, polling: ir.Polling | None) -> ir.Operation:
    """`op` with `polling`; itself when that changes nothing (most: rebuilding every operation
    for nothing was a tenth of inferring Graph's 11,000)."""
    return op if polling == op.polling else replace(op, polling=polling)


def polling_pair(start: ir.Operation, group: list[ir.Operation], defs: Definitions) -> ir.Polling | None:
    """The polling pair `start` forms with one of the GETs of its group (the helper is a method
    of the group's class)."""
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
    for poll in (op for op in group if op.method == "get" and op.pagination is None):
        path = {p.wire_name for p in poll.params if p.location == "path"}
        new = path - start_path
        required_elsewhere = [p for p in poll.params if p.location != "path" and p.required]
        if len(new) != 1 or not start_path <= path or required_elsewhere or poll.body is not None:
            continue
        id_param = next(iter(new))
        if not _reads_what_start_made(start.path, poll.path, id_param):
            continue
        id_field = _matching_id(id_param, ids)
        poll_model = None if _null_body(poll, defs) else model_of(json_success(poll), defs)
        param = next(p for p in poll.params if p.wire_name == id_param and p.location == "path")
        if id_field is None or poll_model is None or not _same_kind(id_field.type, param.type, defs):
            continue  # the id must pass to the poll operation as it is
        for field in poll_model.fields:
            if _words(field.wire_name) not in ("status", "state"):
                continue
            values = status_values(field.type, defs)
            split = split_statuses(values)
            if split is None or not set(status_values(status.type, defs)) <= set(values):
                continue  # the start's status must be the same status (InfluxDB's task members: active, inactive)
            if _written_by_caller(field.wire_name, split[0], group, defs):
                return None
            return ir.Polling(poll.key, id_field.wire_name, id_param, field.wire_name, *split)
    return None


def _written_by_caller(status: str, pending: tuple[str, ...], group: list[ir.Operation], defs: Definitions) -> bool:
    """Whether a request of the group sets the status to a value in progress: the API then
    records the caller's own work (GitHub's check runs: the app that creates one moves it from
    queued to completed), which no amount of waiting advances."""
    bodies = [op.body.type for op in group if op.body is not None]  # JSON, form or multipart
    for model in (m for body in bodies for m in _models(body, defs)):
        for field in model.fields:
            if field.wire_name == status and set(status_values(field.type, defs)) & set(pending):
                return True
    return False


def _models(t: ir.Type, defs: Definitions, depth: int = 0) -> list[ir.ModelDef]:
    """The object models a body may be: itself, or each member of its union (nested unions to
    a bounded depth: an alias may name a union that contains it)."""
    resolved = resolve(t, defs, nullable=True)
    if isinstance(resolved, ir.Union):
        return [m for v in resolved.variants if depth < 4 for m in _models(v, defs, depth + 1)]
    model = model_of(resolved, defs)
    return [model] if model is not None else []


def _reads_what_start_made(start: str, poll: str, id_param: str) -> bool:
    """Whether the poll path is the start's collection followed by the new id: `POST /jobs` →
    `GET /jobs/{id}[/…]`, or, the start path ending in an action, `POST /run/start` →
    `GET /run/{id}[/…]`. Not a sibling collection of the same group (Microsoft Graph's
    `POST …/virtualEndpoint/cloudPCs` is no start of `GET …/virtualEndpoint/deviceImages/{id}`)."""
    segments = start.rstrip("/").split("/")
    bases = [segments] + ([segments[:-1]] if "{" not in segments[-1] else [])
    read = poll.rstrip("/").split("/")
    return any(read[: len(b)] == b and read[len(b) : len(b) + 1] == [f"{{{id_param}}}"] for b in bases)


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
