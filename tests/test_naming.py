"""The naming policy: words, cases, keywords, collisions, and stability."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.config import make_config
from generator.normalize import Options, normalize
from generator.python.naming import constant, name_api, pascal, snake
from generator.words import split_words

CONFIG = make_config(Path("spec.yaml"), output=Path("out"), package_name="naming_client")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("runApiStart", ["run", "api", "start"]),
        ("HTTPServer_v2", ["http", "server", "v2"]),
        ("s3-sink-error", ["s3", "sink", "error"]),
        ("getV2Users", ["get", "v2", "users"]),
        ("2nd-line", ["2", "nd", "line"]),
        ("crème brûlée", ["creme", "brulee"]),
        ("__dunder__", ["dunder"]),
        ('x"); import os; ("', ["x", "import", "os"]),
    ],
)
def test_split_words(text: str, words: list[str]) -> None:
    assert split_words(text) == words


def test_cases_and_fallbacks() -> None:
    assert (snake("fooBar"), pascal("foo-bar"), constant("in-progress")) == ("foo_bar", "FooBar", "IN_PROGRESS")
    assert (snake("123abc"), pascal("9lives"), constant(-1), constant("")) == (
        "value_123_abc",
        "Model9Lives",
        "VALUE_MINUS_1",
        "EMPTY",
    )
    assert snake("") == "value" and pascal("!!!") == "Model"


def spec(extra_paths: dict[str, Any] | None = None, extra_schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    body = {"type": "object", "properties": {"config": {"type": "object", "properties": {"a": {"type": "string"}}}}}
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/jobs": {
                "post": {
                    "operationId": "createJob",
                    "tags": ["jobs"],
                    "requestBody": {"content": {"application/json": {"schema": copy.deepcopy(body)}}},
                    "responses": {"204": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": {}},
    }
    doc["paths"].update(extra_paths or {})
    doc["components"]["schemas"].update(extra_schemas or {})
    return doc


def names(doc: dict[str, Any]) -> dict[str, str]:
    api, _ = normalize(doc, Options({}), "t")
    return {d.key: d.class_name for d in name_api(api, CONFIG)[0].definitions}


def test_inline_names_are_stable_when_unrelated_parts_change() -> None:
    before = names(spec())
    after = names(
        spec(
            extra_paths={
                "/zebras": {"get": {"operationId": "listZebras", "responses": {"204": {"description": "ok"}}}}
            },
            extra_schemas={"Zebra": {"type": "object", "properties": {"config": {"type": "string"}}}},
        )
    )
    assert before.items() <= after.items()
    assert "JobCreateRequestBody" in before.values() and "JobCreateRequestBodyConfig" in before.values()


def test_component_names_win_over_inline_ones_and_collide_deterministically() -> None:
    doc = spec(extra_schemas={"JobCreateRequestBody": {"type": "object", "properties": {"x": {"type": "string"}}}})
    got = names(doc)
    assert got["#/components/schemas/JobCreateRequestBody"] == "JobCreateRequestBody"
    inline = next(v for k, v in got.items() if k.startswith("#/paths") and k.endswith("/schema"))
    assert inline == "JobCreateRequestBody2"
    assert names(dict(reversed(doc.items()))) == got  # `components` before `paths`: the same winner


def test_allof_conflicts_are_reported() -> None:
    doc = spec(
        extra_schemas={
            "A": {"type": "object", "properties": {"n": {"type": "string"}}},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"n": {"type": "integer"}}}]},
        }
    )
    _, diagnostics = normalize(doc, Options({}), "t")
    assert [d.kind for d in diagnostics] == ["allof-conflict"]
    assert diagnostics[0].pointer == "#/components/schemas/B/allOf/1/properties/n"


def test_every_operation_becomes_a_method_even_when_names_collide() -> None:
    doc = spec(
        extra_paths={
            "/jobs/": {
                "post": {"operationId": "createJob", "tags": ["jobs"], "responses": {"204": {"description": "ok"}}}
            },
            "/jobs//x": {
                "post": {"operationId": "create_job", "tags": ["jobs"], "responses": {"204": {"description": "ok"}}}
            },
        }
    )
    api, _ = normalize(doc, Options({}), "t")
    named = name_api(api, CONFIG)[0]
    methods = [op.py_name for op in named.operations]
    assert len(methods) == 3 and len(set(methods)) == 3
    (jobs,) = named.root.children  # all three in the one group, `client.jobs`
    assert jobs.py_name == "jobs" and sorted(jobs.operations) == sorted(op.key for op in named.operations)


def test_the_clients_own_attributes_are_not_group_names() -> None:
    """`client.get/post/...`, `with_options` and `copy` are the client's (openai-python's
    affordances, issue 14): a top-level group named like one gets another name (only the top
    level: methods such as `client.repos.get` keep theirs); `extra_body` is every method's."""
    paths = {
        f"/{tag}": {
            "get": {
                "operationId": f"{tag}Get",
                "tags": [tag],
                "parameters": [{"name": "extra_body", "in": "query", "schema": {"type": "string"}}],
                "responses": {"204": {"description": "ok"}},
            }
        }
        for tag in ("get", "post", "copy", "with_options", "delete")
    }
    api, _ = normalize(spec(extra_paths=paths), Options({}), "t")
    named = name_api(api, CONFIG)[0]
    groups = {child.path[-1]: child.py_name for child in named.root.children}
    assert all(groups[tag] != tag for tag in ("get", "post", "copy", "with_options", "delete")), groups
    params = {p.py_name for op in named.operations for p in op.params}
    assert "extra_body" not in params and "extra_body_" in params
