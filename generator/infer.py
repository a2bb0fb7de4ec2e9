"""Stage 3b, infer: behaviours the spec implies by its shape but never names.

Input: the `ir.Api` from `normalize` (before naming). Output: the same API with
`Operation.pagination` and `Operation.polling` set where the shape is unambiguous. Nothing is
guessed from a single weak signal: pagination needs a GET whose success body holds exactly one
array (or is the array) and a query parameter or response header that selects the next page;
polling needs a start operation whose response carries an id and a status, and a GET of the same
group that takes that id (of the same type) as its only new path parameter and answers with a
status that has terminal and non-terminal values (`infer_polling.py`).
"""

from __future__ import annotations

from dataclasses import replace

from generator import ir
from generator.infer_polling import with_polling
from generator.irquery import Definitions, definitions, json_success, model_of, resolve
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


def infer(api: ir.Api) -> ir.Api:
    defs = definitions(api)
    operations = tuple(replace(op, pagination=_pagination(op, defs)) for op in api.operations)
    return replace(api, operations=with_polling(operations, defs))


def _words(name: str) -> str:
    return "_".join(split_words(name))


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
