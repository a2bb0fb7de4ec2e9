"""Functional: small inline specs that generate, import and get called over real HTTP.

One spec per concern: OpenAPI 3.0 features (nullable, allOf, discriminators, enums, recursion,
tagless paths), and a hostile spec whose every string tries to break out of the generated code.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

import pydantic
import pytest

from tests.fault_server import FaultServer, Reply
from tests.helpers import check_trees, generate, import_package

FEATURES_30: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Pet Shop", "version": "2.1.0"},
    "servers": [{"url": "https://{region}.pets.example/v1", "variables": {"region": {"default": "eu"}}}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Base": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "integer", "format": "int64"}},
            },
            "Cat": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {
                        "type": "object",
                        "required": ["kind"],
                        "properties": {
                            "kind": {"type": "string", "enum": ["cat"]},
                            "lives": {"type": "integer", "default": 9},
                        },
                    },
                ]
            },
            "Dog": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {
                        "type": "object",
                        "required": ["kind"],
                        "properties": {
                            "kind": {"type": "string", "enum": ["dog"]},
                            "good": {"type": "boolean", "nullable": True},
                            "size": {"oneOf": [{"type": "integer"}, {"type": "string"}], "default": 1},
                            "label": {"anyOf": [{"type": "integer"}, {"type": "string"}], "default": "big"},
                        },
                    },
                ]
            },
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind"},
            },
            "Circle": {
                "type": "object",
                "required": ["shapeType"],
                "properties": {"shapeType": {"type": "string"}, "radius": {"type": "number"}},
            },
            "Square": {
                "type": "object",
                "required": ["shapeType"],
                "properties": {"shapeType": {"type": "string"}, "side": {"type": "number"}},
            },
            "Shape": {
                "oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}],
                "discriminator": {"propertyName": "shapeType", "mapping": {"round": "#/components/schemas/Circle"}},
            },
            "Account": {
                "type": "object",
                "required": ["id", "password", "name"],
                "properties": {
                    "id": {"type": "integer", "readOnly": True},
                    "password": {"type": "string", "writeOnly": True},
                    "name": {"type": "string"},
                },
            },
            "Size": {"type": "integer", "enum": [1, 2, 3]},
            "Mood": {"type": "string", "enum": ["happy", "so-so", "so_so", "2sad", "class"]},
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                    "class": {"type": "string"},
                    "fooBar": {"type": "string"},
                    "foo_bar": {"type": "string"},
                    "born": {"type": "string", "format": "date-time", "nullable": True},
                    "mood": {"$ref": "#/components/schemas/Mood"},
                    "size": {"$ref": "#/components/schemas/Size"},
                },
            },
        },
    },
    "security": [{"bearer": []}],
    "paths": {
        "/pets": {
            "get": {
                "parameters": [
                    {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
                            }
                        },
                    }
                },
            },
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                },
                "responses": {
                    "201": {
                        "description": "created",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                    }
                },
            },
        },
        "/accounts": {
            "post": {
                "tags": ["accounts"],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Account"}}}},
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Account"}}},
                    }
                },
            }
        },
        "/pets/{petId}/tree": {
            "get": {
                "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}},
                    }
                },
            },
            "delete": {
                "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"204": {"description": "gone"}},
            },
        },
    },
}

CANARY = "sdkgen_pwned"
EVIL = f'x"""\'\'\'\\"; import os; open("{CANARY}", "w") #\n"""\nraise SystemExit\n\u202e\x00'
HOSTILE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": EVIL, "version": "1.0", "description": EVIL},
    "servers": [{"url": 'https://evil.example/"+__import__("os").system("true")+"'}],
    "security": [{'k"ey': []}],
    "components": {
        "securitySchemes": {'k"ey': {"type": "apiKey", "in": "header", "name": "X-Key", "description": EVIL}},
        "schemas": {
            'Thing"); import os; ("': {
                "type": "object",
                "title": EVIL,
                "description": EVIL,
                "required": ['a"b'],
                "properties": {
                    'a"b': {"type": "string", "description": EVIL, "default": EVIL},
                    "__class__": {"type": "string"},
                    "model_config": {"type": "string"},
                    "self": {"type": "string"},
                    "def": {"type": "string", "enum": ['"', "\\", "\n", "'''", EVIL]},
                    "": {"type": "string"},
                },
            }
        },
    },
    "paths": {
        '/things/{id"}': {
            "get": {
                "operationId": 'get"); import os; ("',
                "tags": ["../../etc", EVIL],
                "summary": EVIL,
                "description": EVIL,
                "parameters": [
                    {"name": 'id"', "in": "path", "required": True, "description": EVIL, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": EVIL,
                        "content": {
                            "application/json": {"schema": {"$ref": '#/components/schemas/Thing"); import os; ("'}}
                        },
                    }
                },
            }
        }
    },
}


def write_spec(tmp_path: Path, name: str, spec: dict[str, Any]) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(spec))
    return path


def test_features_of_openapi_30(tmp_path: Path) -> None:
    out = generate(write_spec(tmp_path, "pets", FEATURES_30), tmp_path / "out", "pets_sdk")
    sdk = import_package(out, "pets_sdk")
    m = sdk.models
    # allOf merged with the referenced base; discriminated union by the shared literal `kind`
    assert set(m.Cat.model_fields) == {"id", "kind", "lives"} and m.Cat(id=1).lives == 9
    pets = pydantic.TypeAdapter(list[m.Pet]).validate_python(
        [{"id": 1, "kind": "cat"}, {"id": 2, "kind": "dog", "good": None}]
    )
    assert [type(p).__name__ for p in pets] == ["Cat", "Dog"]
    # a union's default: the first variant it fits
    assert (pets[1].size, pets[1].label) == (1, "big")
    # an explicit discriminator with a mapping over plain string properties; unmapped variants
    # are named by their schema name
    shapes = pydantic.TypeAdapter(list[m.Shape]).validate_python(
        [{"shapeType": "round", "radius": 1}, {"shapeType": "Square", "side": 2, "radius": 5}]
    )
    assert [type(s).__name__ for s in shapes] == ["Circle", "Square"]
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(m.Shape).validate_python({"shapeType": "Circle", "radius": 1})
    # enums: integers, values that are not identifiers, names that collide after casing
    assert [e.name for e in m.Mood] == ["HAPPY", "SO_SO", "SO_SO2", "VALUE_2_SAD", "CLASS"]
    assert [e.value for e in m.Size] == [1, 2, 3]
    # keywords and casing collisions in field names, recursion
    assert {"class_", "foo_bar", "foo_bar2"} <= set(m.Node.model_fields)
    node = m.Node.model_validate({"name": "a", "children": [{"name": "b", "children": []}], "class": "x"})
    assert node.children[0].name == "b" and node.class_ == "x"
    # readOnly fields are never sent, writeOnly fields never expected back
    with FaultServer() as server:
        server.default = Reply(200, {"id": 7, "name": "ann"})
        account = sdk.PetsSdkClient(bearer_token="t", base_url=server.url).accounts.create(
            body=m.Account(id=1, password="pw", name="ann")
        )
    assert json.loads(server.seen[0].body) == {"password": "pw", "name": "ann"}
    assert account.id == 7 and account.password is None
    # groups and method names from tagless paths; the server variable default
    with FaultServer() as server:
        server.script = [
            Reply(200, [{"id": 1, "kind": "cat"}]),
            Reply(201, {"id": 3, "kind": "dog"}),
            Reply(200, {"name": "root", "children": [], "mood": "newmood", "size": 2}),
            Reply(204),
        ]
        client = sdk.PetsSdkClient(bearer_token="t0k", base_url=server.url)
        assert [s.resolve() for s in sdk._client.SERVERS] == ["https://eu.pets.example/v1"]
        listed = client.pets.list(tags=["a", "b"], extra_headers={"X-Extra": "1"})
        created = client.pets.create(body=m.Dog(id=3))
        tree = client.pets.tree.retrieve(7)
        assert client.pets.tree.delete(7) is None
    assert isinstance(listed[0], m.Cat) and isinstance(created, m.Dog)
    assert tree.mood.name == "UNKNOWN" and tree.size is m.Size.VALUE_2
    first, second = server.seen[0], server.seen[1]
    assert first.query == {"tags": ["a", "b"]} and first.headers["Authorization"] == "Bearer t0k"
    assert json.loads(second.body) == {"id": 3, "kind": "dog"}
    assert [s.path for s in server.seen[2:]] == ["/pets/7/tree", "/pets/7/tree"]


def test_hostile_spec_cannot_inject_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # Invalid (component names break the spec's pattern), so generated leniently: the point is
    # what happens when such text gets through.
    out = generate(write_spec(tmp_path, "evil", HOSTILE), tmp_path / "out", "evil_sdk", lenient=True)
    sdk = import_package(out, "evil_sdk")
    assert not (tmp_path / CANARY).exists()
    text = "\n".join(p.read_text() for p in out.rglob("*.py"))
    assert "\u202e" not in text and "\x00" not in text
    thing = next(getattr(sdk.models, n) for n in sdk.models.__all__ if n.startswith("Thing"))
    instance = thing.model_validate({'a"b': "v", "def": "'''"})
    assert instance.model_dump(by_alias=True, exclude_unset=True) == {'a"b': "v", "def": "'''"}
    defaults = thing.model_fields
    assert any(f.default == EVIL for f in defaults.values())
    with FaultServer() as server:
        server.default = Reply(200, {'a"b': "x"})
        client = sdk.EvilSdkClient(api_key="secret", base_url=server.url)
        group = next(v for k, v in vars(type(client)).items() if not k.startswith("_") and hasattr(v, "func"))
        resource = group.func(client)
        method = next(getattr(resource, n) for n in dir(resource) if n.startswith("get"))
        got = method('1"/2')
    assert got.model_dump(by_alias=True, exclude_unset=True) == {'a"b': "x"}
    assert server.seen[0].path == "/things/1%22%2F2" and server.seen[0].headers["X-Key"] == "secret"
    assert not (tmp_path / CANARY).exists()


def test_http_library_option_httpx(tmp_path: Path) -> None:
    """`http_library = "httpx"` generates the same SDK on httpx for projects pinned to it."""
    out = generate(write_spec(tmp_path, "pets", FEATURES_30), tmp_path / "out", "pets_httpx", http_library="httpx")
    assert "import httpx as _httpx" in (out / "pets_httpx" / "_transport.py").read_text()
    assert '"httpx>=0.27"' in (out / "pyproject.toml").read_text()
    sdk = import_package(out, "pets_httpx")
    with FaultServer() as server:
        server.script = [Reply(503, {}, {"Retry-After": "0"}), Reply(200, {"name": "root"})]
        with sdk.PetsHttpxClient(bearer_token="t", base_url=server.url) as client:
            assert client.pets.tree.retrieve(1).name == "root"
    assert len(server.seen) == 2


EDGE: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "Edge", "version": "1"},
    "components": {
        "securitySchemes": {
            "basic": {"type": "http", "scheme": "basic"},
            "adminBasic": {"type": "http", "scheme": "basic"},
        }
    },
    "security": [{"adminBasic": []}],
    "paths": {
        "/import/run": {"post": {"tags": ["import"], "responses": {"204": {"description": "ok"}}}},
        "/class/list": {"get": {"tags": ["class"], "responses": {"204": {"description": "ok"}}}},
    },
}


def test_corpus_regressions_keywords_basic_auth_no_schemas(tmp_path: Path) -> None:
    """Found on APIs.guru: a group named after a keyword (`import`), two HTTP basic schemes,
    and a spec without any schema."""
    out = generate(write_spec(tmp_path, "edge", EDGE), tmp_path / "out", "edge_sdk")
    sdk = import_package(out, "edge_sdk")
    assert sdk.models.__all__ == []
    with FaultServer() as server:
        server.default = Reply(204)
        client = sdk.EdgeSdkClient(
            username="u", password="p", admin_basic_username="admin", admin_basic_password="s3cret", base_url=server.url
        )
        client.import_.run()
        client.class_.list()
    import base64

    assert server.seen[0].headers["Authorization"] == "Basic " + base64.b64encode(b"admin:s3cret").decode()
    assert [s.path for s in server.seen] == ["/import/run", "/class/list"]


BOOKS: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "Books", "version": "1"},
    "paths": {
        "/lists": {
            "get": {
                "operationId": "getLists",
                "parameters": [
                    {"name": "list", "in": "query", "schema": {"type": "string"}},
                    {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"results": {"type": "array", "items": {"type": "string"}}},
                                }
                            }
                        },
                    }
                },
            }
        },
        "/list/teams": {"get": {"tags": ["list"], "responses": {"204": {"description": "ok"}}}},
        "/hooks": {"get": {"tags": ["event hooks"], "responses": {"204": {"description": "ok"}}}},
        "/search": {
            "post": {
                "operationId": "search",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "pos": {
                                        "type": "array",
                                        "items": {"type": "string", "enum": ["noun", "verb"]},
                                        "default": ["verb", "noun"],
                                    }
                                },
                            }
                        }
                    }
                },
                "responses": {"204": {"description": "ok"}},
            }
        },
    },
}


def test_corpus_regressions_builtin_parameter_names_and_enum_array_defaults(tmp_path: Path) -> None:
    """Found on APIs.guru (nytimes.com/books_api, wordassociations.net): a paginated operation
    with a query parameter named `list` (the pager body called the builtin), and an array of
    enum values with a default (emitted as plain strings, which mypy rejects); thebluealliance.com:
    a group named `list`, which shadowed the builtin in the client's own annotations; and a group
    named after a client attribute (`event_hooks`)."""
    out = generate(write_spec(tmp_path, "books", BOOKS), tmp_path / "out", "books_sdk")
    sdk = import_package(out, "books_sdk")
    body = sdk.models.SearchSearchRequestBody()
    assert [p.value for p in body.pos] == ["verb", "noun"] and all(isinstance(p, Enum) for p in body.pos)
    with FaultServer() as server:
        server.script = [Reply(200, {"results": ["a", "b"]}), Reply(200, {"results": []})]
        client = sdk.BooksSdkClient(base_url=server.url)
        assert list(client.lists.get(list="fiction")) == ["a", "b"]
        assert set(client.event_hooks) == {"request", "response"}
        assert hasattr(client.list, "list_teams") and hasattr(client.event_hooks_, "list")
    assert [s.query for s in server.seen] == [{"list": ["fiction"]}, {"list": ["fiction"], "offset": ["2"]}]


def style_param(name: str, where: str, style: str, explode: bool, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "style": style,
        "explode": explode,
        "required": where == "path",
        "schema": schema,
    }


ARRAY = {"type": "array", "items": {"type": "integer"}}
OBJECT = {"type": "object", "properties": {"role": {"type": "string"}, "firstName": {"type": "string"}}}


STYLES: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Styles", "version": "1"},
    "paths": {
        "/p/{a}/{b}/{c}/{d}/{e}/{f}": {
            "get": {
                "operationId": "paths",
                "tags": ["styles"],
                "parameters": [
                    style_param("a", "path", "simple", False, ARRAY),
                    style_param("b", "path", "label", True, ARRAY),
                    style_param("c", "path", "label", False, ARRAY),
                    style_param("d", "path", "matrix", True, ARRAY),
                    style_param("e", "path", "matrix", False, OBJECT),
                    style_param("f", "path", "simple", True, OBJECT),
                ],
                "responses": {"204": {"description": "ok"}},
            }
        },
        "/q": {
            "get": {
                "operationId": "queries",
                "tags": ["styles"],
                "parameters": [
                    style_param("form", "query", "form", True, ARRAY),
                    style_param("csv", "query", "form", False, ARRAY),
                    style_param("space", "query", "spaceDelimited", False, ARRAY),
                    style_param("pipe", "query", "pipeDelimited", False, ARRAY),
                    style_param("deep", "query", "deepObject", True, OBJECT),
                    style_param("flat", "query", "form", True, OBJECT),
                    style_param("X-Ids", "header", "simple", False, ARRAY),
                    style_param("X-Who", "header", "simple", True, OBJECT),
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                    {"name": "Bad Header", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {"204": {"description": "ok"}},
            }
        },
    },
}


def test_parameters_follow_style_and_explode(tmp_path: Path) -> None:
    """OpenAPI 3.1 §4.8.12.4, the examples of its style table, sent over real HTTP."""
    out = generate(write_spec(tmp_path, "styles", STYLES), tmp_path / "out", "styles_sdk")
    sdk = import_package(out, "styles_sdk")
    who = {"role": "admin", "firstName": "Alex"}
    with FaultServer() as server:
        server.default = Reply(204)
        client = sdk.StylesSdkClient(base_url=server.url).styles
        client.paths([3, 4, 5], [3, 4, 5], [3, 4, 5], [3, 4, 5], who, who)
        client.queries(
            form=[3, 4],
            csv=[3, 4],
            space=[3, 4],
            pipe=[3, 4],
            deep=who,
            flat=who,
            x_ids=[3, 4],
            x_who=who,
            session="s1",
        )
    paths, queries = server.seen
    assert paths.path == "/p/3,4,5/.3.4.5/.3,4,5/;d=3;d=4;d=5/;e=role,admin,firstName,Alex/role=admin,firstName=Alex"
    assert queries.query == {
        "form": ["3", "4"],
        "csv": ["3,4"],
        "space": ["3 4"],
        "pipe": ["3|4"],
        "deep[role]": ["admin"],
        "deep[firstName]": ["Alex"],
        "role": ["admin"],
        "firstName": ["Alex"],
    }
    assert queries.headers["X-Ids"] == "3,4" and queries.headers["X-Who"] == "role=admin,firstName=Alex"
    assert queries.headers["Cookie"] == "session=s1"
    assert "bad_header" not in sdk.resources.styles.StylesResource.queries.__code__.co_varnames


# (spec, package, generate options): every SDK above, as those tests generate it
SDKS: list[tuple[dict[str, Any], str, dict[str, Any]]] = [
    (FEATURES_30, "pets_sdk", {}),
    (HOSTILE, "evil_sdk", {"lenient": True}),
    (FEATURES_30, "pets_httpx", {"http_library": "httpx"}),
    (EDGE, "edge_sdk", {}),
    (BOOKS, "books_sdk", {}),
    (STYLES, "styles_sdk", {}),
]


@pytest.mark.slow
def test_every_sdk_passes_mypy_ruff_and_black(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDKs of the tests above as emitted, hostile one included: mypy --strict, ruff check
    and black --check, one process each for all six (tests.helpers.check_trees)."""
    monkeypatch.chdir(tmp_path)
    trees = [
        (generate(write_spec(tmp_path, package, spec), tmp_path / package, package, **options), package)
        for spec, package, options in SDKS
    ]
    problems = check_trees(trees)
    assert {folder.name: lines for folder, lines in problems.items() if lines} == {}
    assert not (tmp_path / CANARY).exists()
