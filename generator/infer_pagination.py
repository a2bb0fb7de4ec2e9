"""Pagination inferred from a list operation's shape (part of stage 3b, `infer.py`).

A pager needs a GET whose success body holds exactly one array (or is the array) and something
that selects the next page, in this order of trust:
- link: a `Link` response header;
- cursor: a query parameter named like a cursor and a text field of the body that carries the
  next one (`cursor` → `next_cursor`; `after` → `last_id`, openai's shape; Stripe's search `page`
  → `next_page`), stopping also on a `has_more` boolean when the body has one;
- cursor_id: Stripe's and openai's lists — a forward cursor parameter (`starting_after`, `after`)
  that takes an item's id, a `has_more` boolean in the body, and items whose `id` is text of the
  parameter's type: the next cursor is the last item's id;
- offset / page: an integer `offset`-like or `page`-like parameter.
Nothing is guessed from one weak signal: `has_more` without a cursor parameter, or an `after`
that is a timestamp or a date, is no pager.
"""

from __future__ import annotations

from generator import ir
from generator.irquery import Definitions, json_success, model_of, resolve
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
AFTER_PARAMS = frozenset({"starting_after", "after"})  # the cursor is the id of the last item seen
AFTER_FIELDS = ("last_id",)  # openai: `after` + `first_id`/`last_id`/`has_more`
HAS_MORE_FIELDS = ("has_more",)
ITEM_ID_FIELD = "id"
OFFSET_PARAMS = frozenset({"offset", "skip", "start", "start_index"})
PAGE_PARAMS = frozenset({"page", "page_number", "page_num", "page_index"})
LIMIT_PARAMS = frozenset(
    {"limit", "per_page", "page_size", "size", "count", "max_results", "top", "take", "page_limit", "max_items"}
)
ITEM_FIELDS = ("data", "items", "results", "records", "entries", "values", "list")


def words(name: str) -> str:
    return "_".join(split_words(name))


def pagination(op: ir.Operation, defs: Definitions) -> ir.Pagination | None:
    body = json_success(op)
    if op.method != "get" or body is None or op.success is None:
        return None
    items_field, item_type, model = _items(body, defs)
    if item_type is None:
        return None
    query = {words(p.wire_name): p for p in op.params if p.location == "query"}
    limit = next((p.wire_name for w, p in query.items() if w in LIMIT_PARAMS and _is_int(p.type, defs)), "")
    if "link" in op.success.headers:
        return ir.Pagination("link", item_type, items_field)
    fields = {words(f.wire_name): f for f in model.fields} if model is not None else {}
    more = next((f.wire_name for w, f in fields.items() if w in HAS_MORE_FIELDS and _is_bool(f.type, defs)), "")
    for name, param in query.items():
        candidates = _cursor_fields(name, param, defs)
        for candidate in candidates if model is not None else ():
            field = fields.get(candidate)
            if field is not None and field.wire_name != items_field and _is_text(field.type, defs):
                return ir.Pagination(
                    "cursor", item_type, items_field, param.wire_name, field.wire_name, has_more_field=more
                )
    for name, param in query.items():
        if name in AFTER_PARAMS and more and _has_id(item_type, param.type, defs):
            return ir.Pagination(
                "cursor_id", item_type, items_field, param.wire_name, item_id_field=ITEM_ID_FIELD, has_more_field=more
            )
    for name, param in query.items():
        if name in OFFSET_PARAMS and _is_int(param.type, defs):
            return ir.Pagination("offset", item_type, items_field, param.wire_name, limit_param=limit)
        if name in PAGE_PARAMS and _is_int(param.type, defs):
            return ir.Pagination("page", item_type, items_field, param.wire_name, limit_param=limit)
    return None


def _cursor_fields(name: str, param: ir.Param, defs: Definitions) -> tuple[str, ...]:
    """The body fields that may carry the next value of the query parameter `name`."""
    if name in CURSOR_PARAMS:
        after = AFTER_FIELDS if name in AFTER_PARAMS else ()
        return (name, f"next_{name}", *after, *sorted(CURSOR_FIELDS))
    if name in PAGE_PARAMS and _is_str(param.type, defs):  # Stripe's search: `page` → `next_page`
        return (f"next_{name}",)
    return ()


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
        arrays = [f for f in arrays if words(f.wire_name) in ITEM_FIELDS][:1]
    if len(arrays) != 1:
        return "", None, model
    array = resolve(arrays[0].type, defs, nullable=True)
    assert isinstance(array, ir.Array)
    return arrays[0].wire_name, array.item, model


def _has_id(item: ir.Type, cursor: ir.Type, defs: Definitions) -> bool:
    """Whether every item (each member of a union of models) has an `id` that can be sent as the
    cursor parameter as it is: text of the parameter's own type (a `uuid` id for a `uuid`
    cursor), never a timestamp or a date parameter that merely shares the name `after`."""
    resolved = resolve(item, defs, nullable=True)
    members = resolved.variants if isinstance(resolved, ir.Union) else (resolved,)
    param = resolve(cursor, defs, nullable=True)
    if not isinstance(param, ir.Prim) or param.name not in ("str", "uuid"):
        return False
    for member in members:
        model = model_of(member, defs)
        field = next((f for f in model.fields if f.wire_name == ITEM_ID_FIELD), None) if model else None
        found = resolve(field.type, defs, nullable=True) if field is not None else None
        if not isinstance(found, ir.Prim) or found.name != param.name:
            return False
    return True


def _is_int(t: ir.Type, defs: Definitions) -> bool:
    resolved = resolve(t, defs, nullable=True)
    return isinstance(resolved, ir.Prim) and resolved.name == "int"


def _is_str(t: ir.Type, defs: Definitions) -> bool:
    resolved = resolve(t, defs, nullable=True)
    return isinstance(resolved, ir.Prim) and resolved.name == "str"


def _is_bool(t: ir.Type, defs: Definitions) -> bool:
    resolved = resolve(t, defs, nullable=True)
    return isinstance(resolved, ir.Prim) and resolved.name == "bool"


def _is_text(t: ir.Type, defs: Definitions) -> bool:
    resolved = resolve(t, defs, nullable=True)
    if isinstance(resolved, ir.Union):
        return all(_is_text(v, defs) for v in resolved.variants)
    return isinstance(resolved, ir.Prim) and resolved.name in ("str", "int")
