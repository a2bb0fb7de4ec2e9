"""A small spec with the list shapes users know, for tests/test_pagination*.py.

- `customers.list`: Stripe's list (`starting_after` / `ending_before` / `limit`, a body of
  `data` + `has_more`): the next cursor is the last customer's id.
- `assistants.list`: openai's (`after`, a body with `first_id` / `last_id` / `has_more`).
- `files.list`: openai's other shape (`after` + `has_more`, no `last_id`): the last file's id.
- `customers.search`: Stripe's search (`page` text + `next_page` + `has_more`).
- `events.list` (an `after` that is a timestamp) and `logs.list` (`has_more` and no cursor
  parameter) are no pagers.
"""

from __future__ import annotations

import copy
from typing import Any


def query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


TEXT = {"type": "string", "maxLength": 5000}
LIMIT = query("limit", {"type": "integer"})


def listing(group: str, params: list[dict[str, Any]], body: dict[str, Any], op: str = "list") -> dict[str, Any]:
    ok = {"description": "ok", "content": {"application/json": {"schema": body}}}
    return {"get": {"operationId": f"{group}_{op}", "tags": [group], "parameters": params, "responses": {"200": ok}}}


def page_of(item: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["data"],
        "properties": {"data": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}, **fields},
    }


HAS_MORE = {"type": "boolean"}
THING = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1.0.0"},
    "servers": [{"url": "https://api.shop.example"}],
    "paths": {
        "/v1/customers": listing(
            "customers",
            [query("ending_before", TEXT), LIMIT, query("starting_after", TEXT)],
            page_of("Customer", has_more=HAS_MORE, object={"type": "string", "enum": ["list"]}, url=TEXT),
        ),
        "/v1/customers/search": listing(
            "customers",
            [query("query", TEXT), LIMIT, query("page", TEXT)],
            page_of("Customer", has_more=HAS_MORE, next_page={"type": "string", "nullable": True}),
            op="search",
        ),
        "/assistants": listing(
            "assistants",
            [LIMIT, query("after", {"type": "string"}), query("before", {"type": "string"})],
            page_of("Assistant", first_id=TEXT, last_id=TEXT, has_more=HAS_MORE),
        ),
        "/files": listing("files", [query("after", {"type": "string"}), LIMIT], page_of("File", has_more=HAS_MORE)),
        "/events": listing(
            "events", [query("after", {"type": "string", "format": "date-time"})], page_of("Event", has_more=HAS_MORE)
        ),
        "/logs": listing("logs", [LIMIT], page_of("Log", has_more=HAS_MORE)),
    },
    "components": {
        "schemas": {name: copy.deepcopy(THING) for name in ("Customer", "Assistant", "File", "Event", "Log")},
    },
}
