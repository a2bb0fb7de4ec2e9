"""Stage 3b, infer: behaviours the spec implies by its shape but never names.

Input: the `ir.Api` from `normalize` (before naming). Output: the same API with
`Operation.pagination` and `Operation.polling` set where the shape is unambiguous. Nothing is
guessed from a single weak signal: pagination needs a GET whose success body holds exactly one
array (or is the array) and a query parameter or response header that selects the next page;
polling needs a start operation whose response carries an id and a status, and a GET of the same
group that takes that id (of the same type) as its only new path parameter and answers with a
status that has terminal and non-terminal values.
"""

from __future__ import annotations

from dataclasses import replace

from generator import ir
from generator.irquery import Definitions, definitions, json_success, may_be_null, model_of, resolve
from generator.words import split_words

CURSOR_PARAMS = frozenset(
    {
        "continuation_token",
        "cursor",
        "next_cursor",
        "page_token",
        "next_page_token",
        "next_token",
        "starting_after",
        "after",
        "next",
        "page_cursor",
        "marker",
    }
)
CURSOR_FIELDS = frozenset({"next_cursor", "next", "cursor", "next_page_token", "next_token", "next_marker"})
OFFSET_PARAMS = frozenset({"offset", "skip", "start", "start_index"})
PAGE_PARAMS = frozenset({"page", "page_number", "page_num", "page_index"})
LIMIT_PARAMS = frozenset(
    {"limit", "per_page", "page_size", "size", "count", "max_results", "top", "take", "page_limit", "max_items"}
)
ITEM_FIELDS = ("data", "items", "results", "records", "entries", "values", "list")
TERMINAL = frozenset(
    {
        "completed",
        "complete",
        "succeeded",
        "success",
        "successful",
        "failed",
        "failure",
        "error",
        "errored",
        "canceled",
        "cancelled",
        "done",
        "finished",
        "expired",
        "rejected",
        "timed_out",
        "terminated",
        "aborted",
        "stopped",
    }
)


def infer(api: ir.Api) -> ir.Api:
    defs = definitions(api)
    operations = tuple(replace(op, pagination=_pagination(op, defs)) for op in api.operations)
    reads: dict[tuple[str, ...], list[ir.Operation]] = {}  # the GETs of each group, in spec order
    for op in operations:
        if op.method == "get" and op.pagination is None:
            reads.setdefault(op.group, []).append(op)
    operations = tuple(replace(op, polling=_polling(op, reads.get(op.group, []), defs)) for op in operations)
    return replace(api, operations=operations)


def _words(name: str) -> str:
    return "_".join(split_words(name))


def _null_body(op: ir.Operation, defs: Definitions) -> bool:
    """Whether the JSON success body may be null: a helper cannot read fields of None."""
    body = json_success(op)
    return body is not None and may_be_null(body, defs)


# ------------------------------------------------------------------------------ pagination
def _pagination(op: ir.Operation, defs: Definitions) -> ir.Pagination | None:
    body = json_success(op)
    if op.method != "get" or body is None or op.success is None:
        return None
    items_field, item_type, model = _items(body, defs)
    if item_type is None:
        return None
    query = {_words(p.wire_name): p for p in op.params if p.location == "query"}
    limit = next((p.wire_name for w, p in query.items() if w in LIMIT_PARAMS and _is_int(p.type, defs)), "")
    if "link" in op.success.headers:
        return ir.Pagination("link", item_type, items_field)
    fields = {_words(f.wire_name): f for f in model.fields} if model is not None else {}
    for words, param in query.items():
        if words in CURSOR_PARAMS and model is not None:
            for candidate in (words, f"next_{words}", *sorted(CURSOR_FIELDS)):
                field = fields.get(candidate)
                if field is not None and field.wire_name != items_field and _is_text(field.type, defs):
                    return ir.Pagination("cursor", item_type, items_field, param.wire_name, field.wire_name)
    for words, param in query.items():
        if words in OFFSET_PARAMS and _is_int(param.type, defs):
            return ir.Pagination("offset", item_type, items_field, param.wire_name, limit_param=limit)
        if words in PAGE_PARAMS and _is_int(param.type, defs):
            return ir.Pagination("page", item_type, items_field, param.wire_name, limit_param=limit)
    return None


def _items(body: ir.Type, defs: Definitions) -> tuple[str, ir.Type | None, ir.ModelDef | None]:
    """(items field, item type, page model): the body's one array field, or the body itself."""
    resolved = resolve(body, defs, nullable=True)
    if isinstance(resolved, ir.Array):
        return "", resolved.item, None
    model = model_of(body, defs)
    if model is None:
        return "", None, None
    arrays = [f for f in model.fields if isinstance(resolve(f.type, defs, nullable=True), ir.Array)]
    if len(arrays) > 1:
        arrays = [f for f in arrays if _words(f.wire_name) in ITEM_FIELDS][:1]
    if len(arrays) != 1:
        return "", None, model
    array = resolve(arrays[0].type, defs, nullable=True)
    assert isinstance(array, ir.Array)
    return arrays[0].wire_name, array.item, model


def _is_int(t: ir.Type, defs: Definitions) -> bool:
    resolved = resolve(t, defs, nullable=True)
    return isinstance(resolved, ir.Prim) and resolved.name == "int"


def _is_text(t: ir.Type, defs: Definitions) -> bool:
    resolved = resolve(t, defs, nullable=True)
    if isinstance(resolved, ir.Union):
        return all(_is_text(v, defs) for v in resolved.variants)
    return isinstance(resolved, ir.Prim) and resolved.name in ("str", "int")


# ------------------------------------------------------------------------------ polling
def _polling(start: ir.Operation, reads: list[ir.Operation], defs: Definitions) -> ir.Polling | None:
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
            values = _values(field.type, defs)
            terminal = tuple(v for v in values if _words(v) in TERMINAL)
            if terminal and len(terminal) < len(values):
                return ir.Polling(poll.key, id_field.wire_name, id_param, field.wire_name, terminal)
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


def _values(t: ir.Type, defs: Definitions) -> list[str]:
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
            return [v for variant in variants for v in _values(variant, defs)]
    return []
