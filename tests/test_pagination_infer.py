"""Pagination inferred from Stripe's and openai's list shapes (generator/infer_pagination.py),
and the shapes that look alike but are no pager."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator import ir
from generator.infer import infer
from generator.normalize import Options, normalize
from tests.pagination_shapes import HAS_MORE, SPEC, TEXT, THING, listing, page_of, query


def inferred(spec: dict[str, Any]) -> dict[str, ir.Pagination | None]:
    api, _ = normalize(spec, Options({}), "inline")
    return {op.operation_id: op.pagination for op in infer(api).operations}


def with_paths(paths: dict[str, Any], **schemas: Any) -> dict[str, Any]:
    spec = copy.deepcopy(SPEC)
    spec["paths"] = paths
    spec["components"]["schemas"].update(schemas)
    return spec


def shape(paging: ir.Pagination | None) -> tuple[str, ...] | None:
    if paging is None:
        return None
    return (
        paging.kind,
        paging.param,
        paging.items_field,
        paging.cursor_field,
        paging.item_id_field,
        paging.has_more_field,
    )


def test_stripe_list_pages_after_the_last_items_id() -> None:
    assert shape(inferred(SPEC)["customers_list"]) == ("cursor_id", "starting_after", "data", "", "id", "has_more")


def test_openai_list_with_last_id_pages_by_that_field() -> None:
    assert shape(inferred(SPEC)["assistants_list"]) == ("cursor", "after", "data", "last_id", "", "has_more")


def test_openai_list_without_last_id_pages_after_the_last_items_id() -> None:
    assert shape(inferred(SPEC)["files_list"]) == ("cursor_id", "after", "data", "", "id", "has_more")


def test_stripe_search_pages_by_next_page() -> None:
    assert shape(inferred(SPEC)["customers_search"]) == ("cursor", "page", "data", "next_page", "", "has_more")


def test_an_after_that_is_a_timestamp_is_no_cursor() -> None:
    assert inferred(SPEC)["events_list"] is None


def test_has_more_without_a_cursor_parameter_is_no_pager() -> None:
    assert inferred(SPEC)["logs_list"] is None


@pytest.mark.parametrize(
    ("params", "body", "why"),
    [
        ([query("after", {"type": "integer"})], page_of("Thing", has_more=HAS_MORE), "an integer after, a text id"),
        ([query("starting_after", TEXT)], page_of("Thing"), "no has_more: the end is unknown"),
        ([query("starting_after", TEXT)], page_of("Nameless", has_more=HAS_MORE), "items without an id"),
        ([query("starting_after", TEXT)], page_of("Thing", has_more={"type": "string"}), "has_more not a boolean"),
        ([query("since", TEXT)], page_of("Thing", has_more=HAS_MORE), "not a cursor's name"),
    ],
)
def test_no_cursor_id_pager_without_every_signal(params: Any, body: Any, why: str) -> None:
    nameless = {"type": "object", "properties": {"name": {"type": "string"}}}
    spec = with_paths({"/things": listing("things", params, body)}, Thing=THING, Nameless=nameless)
    assert inferred(spec)["things_list"] is None, why


def test_a_union_of_items_each_with_an_id_pages_by_id() -> None:
    union = {"type": "array", "items": {"anyOf": [{"$ref": "#/components/schemas/Card"}, THING]}}
    body = {"type": "object", "properties": {"data": union, "has_more": HAS_MORE}}
    spec = with_paths({"/sources": listing("sources", [query("starting_after", TEXT)], body)}, Card=THING)
    assert shape(inferred(spec)["sources_list"]) == ("cursor_id", "starting_after", "data", "", "id", "has_more")


def test_a_union_member_without_an_id_is_no_cursor_id_pager() -> None:
    nameless = {"type": "object", "properties": {"name": {"type": "string"}}}
    union = {"type": "array", "items": {"anyOf": [{"$ref": "#/components/schemas/Card"}, nameless]}}
    body = {"type": "object", "properties": {"data": union, "has_more": HAS_MORE}}
    spec = with_paths({"/sources": listing("sources", [query("starting_after", TEXT)], body)}, Card=THING)
    assert inferred(spec)["sources_list"] is None


def test_an_explicit_next_cursor_field_wins_over_the_items_id() -> None:
    body = page_of("Thing", has_more=HAS_MORE, next_cursor=TEXT)
    spec = with_paths({"/things": listing("things", [query("after", TEXT)], body)}, Thing=THING)
    assert shape(inferred(spec)["things_list"]) == ("cursor", "after", "data", "next_cursor", "", "has_more")


def test_an_integer_page_still_counts_up() -> None:
    body = page_of("Thing", has_more=HAS_MORE, next_page={"type": "integer"})
    spec = with_paths({"/things": listing("things", [query("page", {"type": "integer"})], body)}, Thing=THING)
    assert shape(inferred(spec)["things_list"]) == ("page", "page", "data", "", "", "")
