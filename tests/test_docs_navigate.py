"""Issue 14, docs to navigate: a page per group and per schema (fields with Python and wire
names, types, defaults, constraints, flags), linked both ways and indexed; parameter
descriptions from the schema; examples from the spec's `example`/`examples`; user-facing type
spellings; README and docs snippets that parse and do not repeat."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.spec_examples import object_example, schema_description
from tests.docs_blocks import mypy_examples, pages, problems, python_blocks
from tests.helpers import generate
from tests.markdown_blocks import tables

SPEC = """
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /orders:
    get:
      operationId: listOrders
      tags: [orders]
      parameters:
        - {name: since, in: query, required: true, schema: {$ref: "#/components/schemas/Since"}}
        - name: limit
          in: query
          required: true
          description: Own description wins.
          schema: {type: integer, minimum: 1, maximum: 100, description: Schema description loses.}
          examples: {few: {summary: A few, value: 5}}
        - {name: region, in: query, schema: {type: string, description: Only orders shipped there.}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Order"}}}}
    post:
      operationId: createOrder
      tags: [orders]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewOrder"}
            examples:
              basic: {summary: One, value: {item: sku-42, quantity: 3, return: true}}
      responses:
        "201":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Order"}}}
  /orders/{order_id}/notes:
    post:
      operationId: addNote
      tags: [orders.notes]
      parameters:
        - {name: order_id, in: path, required: true, schema: {type: string, pattern: "^ord_", example: ord_123}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [text, created, count]
              properties:
                text: {type: string, example: Leave at the door}
                created: {type: string, format: date-time, examples: ["2024-05-01T10:00:00Z"]}
                count: {type: integer, example: not a number}
      responses: {"204": {description: ok}}
components:
  schemas:
    Since: {type: string, format: date, description: Orders placed on or after this day., example: "2024-01-31"}
    NewOrder:
      type: object
      required: [item, quantity]
      properties:
        item: {type: string, minLength: 3, maxLength: 20}
        quantity: {type: integer, minimum: 1, maximum: 99}
        return: {type: boolean, default: false, description: Whether it may be returned.}
    Order:
      type: object
      description: An order | with a pipe.
      required: [id, placed_at]
      properties:
        id: {type: string, readOnly: true, pattern: "^ord_[a-z0-9]+$", description: The order's id.}
        placed_at: {type: string, format: date-time}
        note: {type: [string, "null"], deprecated: true}
        secret: {type: string, writeOnly: true}
        status: {type: string, enum: [open, closed]}
        total: {type: number, exclusiveMinimum: 0, multipleOf: 0.01}
        tags: {type: array, items: {type: string}, minItems: 1, maxItems: 5}
        lines: {type: array, items: {$ref: "#/components/schemas/Line"}}
    Line:
      type: object
      properties:
        sku: {type: string}
"""


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    spec = folder / "shop.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return generate(spec, folder / "out", "shop")


def read(shop: Path, path: str) -> str:
    return (shop / path).read_text(encoding="utf-8")


def rows(text: str, header: str) -> dict[str, list[str]]:
    """The rows of the page's tables whose header starts with `header`, by first cell."""
    return {row[0]: row for table in tables(text) if table[0][0] == header for row in table[1:]}


def test_a_parameter_without_a_description_takes_its_schemas(shop: Path) -> None:
    docs = rows(read(shop, "docs/orders.md"), "argument")
    assert docs["`since`"][3] == "Orders placed on or after this day."  # through the $ref
    assert docs["`region`"][3] == "Only orders shipped there."
    assert docs["`limit`"][3] == "Own description wins."
    method = read(shop, "shop/resources/orders.py")
    assert "Orders placed on or after this day." in method and "Only orders shipped there." in method
    assert "Schema description loses." not in method + read(shop, "docs/orders.md")


def test_examples_come_from_example_and_examples_where_the_spec_has_them(shop: Path) -> None:
    orders = read(shop, "docs/orders.md")
    assert 'since=datetime.date.fromisoformat("2024-01-31")' in orders  # the referenced schema's `example`
    assert "limit=5" in orders  # the parameter's `examples`
    assert '{"item": "sku-42", "quantity": 3, "return_": True}' in orders  # the media type's `examples`, by Python name
    notes = read(shop, "docs/orders_notes.md")
    assert 'order_id="ord_123"' in notes
    assert '"text": "Leave at the door"' in notes and '"created": "2024-05-01T10:00:00Z"' in notes
    assert '"count": 1' in notes and "not a number" not in notes  # a property example that does not fit is not used
    assert '"string"' not in orders + notes


def test_every_schema_has_a_page_with_its_fields_and_constraints(shop: Path) -> None:
    page = read(shop, "docs/models/Order.md")
    fields = rows(page, "field")
    assert fields["`id`"][1:] == [
        "`id`",
        "`str`",
        "yes",
        "pattern `^ord_[a-z0-9]+$`; read-only (responses only)",
        "The order's id.",
    ]
    assert fields["`placed_at`"][2:5] == ["`datetime.datetime`", "yes", "format `date-time`"]
    assert fields["`note`"][4] == "nullable; deprecated"
    assert fields["`secret`"][4] == "write-only (requests only)"
    assert fields["`status`"][2] == "[`OrderStatus`](Order.md#orderstatus)"
    assert fields["`status`"][4] == "one of `'open'`, `'closed'`"
    assert fields["`total`"][4] == "&gt; `0`; multiple of `0.01`"
    assert fields["`tags`"][4] == "items 1…5"
    assert fields["`lines`"][2] == "`list[Line]` ([`Line`](Line.md#line))"
    assert "An order &#124; with a pipe." in page or "An order | with a pipe." in page
    assert "from shop.models import Order" in python_blocks(shop / "docs/models/Order.md")[0]
    assert "## `OrderStatus`" in page  # the inline enum is a section of its schema's page
    values = rows(page, "member")
    assert values["`OrderStatus.OPEN`"] == ["`OrderStatus.OPEN`", "`'open'`"]
    new = rows(read(shop, "docs/models/NewOrder.md"), "field")
    assert new["`return_`"][1:5] == ["`return`", "`bool`", "no", "default `False`"]
    assert new["`item`"][4] == "length 3…20" and new["`quantity`"][4] == "≥ `1`; ≤ `99`"
    assert "NewOrderParam" in read(shop, "docs/models/NewOrder.md")


def test_group_and_model_pages_link_each_other_and_the_indexes_list_them(shop: Path) -> None:
    orders = read(shop, "docs/orders.md")
    assert "Models: [`Since`](models/Since.md#since), [`Order`](models/Order.md#order)." in orders
    assert "[`NewOrder`](models/NewOrder.md#neworder)" in orders
    assert "- [`orders.notes`](orders_notes.md)" in orders  # the child group
    assert "up: [`orders`](orders.md)" in read(shop, "docs/orders_notes.md")
    order = read(shop, "docs/models/Order.md")
    assert "- [`orders.create`](../orders.md#orderscreate) (response)" in order
    assert "- [`orders.list`](../orders.md#orderslist) (response)" in order
    index = read(shop, "docs/README.md")
    assert "- [`orders`](orders.md): 2 operations\n  - [`orders.notes`](orders_notes.md): 1 operation" in index
    models = rows(read(shop, "docs/models/README.md"), "page")
    assert set(models) >= {"[`Order`](Order.md)", "[`NewOrder`](NewOrder.md)", "[`Since`](Since.md)"}
    assert models["[`Order`](Order.md)"][1] == "2"  # Order and its status enum
    for link in ("docs/README.md", "docs/models/README.md"):
        assert f"]({link})" in read(shop, "README.md")
    for page in pages(shop):  # every relative link reaches a page
        for target in re.findall(r"\]\(([\w./-]+\.md)(?:#[\w-]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), (page, target)


def test_docs_show_no_private_names_and_their_snippets_parse_and_differ(shop: Path) -> None:
    assert problems(shop) == []
    orders = read(shop, "docs/orders.md")
    assert "| `since` | `Since` |" in orders


def test_the_readme_examples_differ_when_the_first_operation_lists(tmp_path: Path) -> None:
    spec = tmp_path / "one.yaml"
    spec.write_text(
        """
openapi: 3.0.3
info: {title: One, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      tags: [items]
      parameters: [{name: cursor, in: query, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  next_cursor: {type: string}
    post:
      operationId: createItem
      tags: [items]
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {return: {type: string}}}}}
      responses: {"201": {description: ok}}
""",
        encoding="utf-8",
    )
    out = generate(spec, tmp_path / "out", "one")
    readme = python_blocks(out / "README.md")
    assert len(readme) == len(set(readme)) >= 2
    assert "client.items.create(" in readme[0]
    assert problems(out) == []


@pytest.mark.slow  # mypy (and pyright) over an SDK the test generates
def test_docs_examples_type_check(shop: Path, tmp_path: Path) -> None:
    """Every example of the docs and README, as a module of its own, passes mypy --strict."""
    result = mypy_examples(shop, tmp_path)
    assert result.returncode == 0, result.stdout


def test_where_an_example_is_found() -> None:
    doc = {
        "components": {
            "examples": {"five": {"value": 5}},
            "schemas": {"N": {"type": "integer", "examples": [7]}, "M": {"$ref": "#/components/schemas/N"}},
        }
    }

    def lookup(ref: str) -> object:
        node: object = doc
        for part in ref[2:].split("/"):
            node = node[part] if isinstance(node, dict) else None
        return node

    ref = {"$ref": "#/components/schemas/M"}
    assert object_example({"example": 1, "examples": {"a": {"value": 2}}}, ref, "#/p", "#/p/schema", lookup) == (
        1,
        "#/p/example",
    )
    linked = {"examples": {"url": {"externalValue": "https://x"}, "b": {"$ref": "#/components/examples/five"}}}
    assert object_example(linked, ref, "#/p", "#/p/schema", lookup) == (5, "#/p/examples/b/value")
    assert object_example({"example": None}, ref, "#/p", "#/p/schema", lookup) == (
        7,
        "#/components/schemas/N/examples/0",
    )
    assert object_example({}, {"type": "string"}, "#/p", "#/p/schema", lookup) == (None, "")
    assert schema_description({"$ref": "#/components/schemas/M"}, lookup) == ""
