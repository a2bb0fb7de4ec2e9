"""Form and multipart bodies per the media type's `encoding`, and uploads (issue 13, items 1, 4).

The encoder is checked against the OpenAPI specification's own tables and examples (the Style
Examples of the Parameter Object, 3.1.1 / 3.2; "URL Encoded Form with JSON Values"), then on the
wire: an SDK generated from the spec below, with httpx2 and with httpx, sync and async, sends
its requests to the local recording server, which keeps the raw body. Stripe's shape (deepObject
with nested objects and arrays of objects) is checked byte for byte against what Stripe's own
client sends; uploads from paths, file objects, bytes and tuples, in a model and in a dict, by
the file name, content type, headers and content of each multipart part.
"""

from __future__ import annotations

import email.parser
import email.policy
import io
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import pydantic
import pytest

from generator import ir
from generator.part_encoding import part_encodings
from generator.python.runtime import _files
from generator.python.runtime._bodies import Part, encode_form, encode_multipart
from generator.schemas import SchemaConverter
from tests.fault_server import FaultServer, Reply, Seen
from tests.helpers import assert_clean, generate, import_package
from tests.runtime_helpers import MODES, Runner

COLOR_ARRAY = ["blue", "black", "brown"]
COLOR_OBJECT = {"R": 100, "G": 200, "B": 150}

# OpenAPI 3.1.1 / 3.2, Parameter Object, Style Examples: (style, explode) → (string, array,
# object) as the query string shows them; `None` where the table says n/a.
STYLE_TABLE: dict[tuple[str, bool], tuple[str | None, str | None, str | None]] = {
    ("form", False): ("color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"),
    ("form", True): ("color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"),
    ("spaceDelimited", False): (None, "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"),
    ("pipeDelimited", False): (None, "color=blue%7Cblack%7Cbrown", "color=R%7C100%7CG%7C200%7CB%7C150"),
    ("deepObject", True): (None, None, "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"),
}


def form(value: object, part: Part) -> str:
    return encode_form({"color": value}, {"color": part}).decode()


# ------------------------------------------------------------------------------ the spec's tables
@pytest.mark.parametrize(("style", "explode"), list(STYLE_TABLE), ids=[f"{s}-{e}" for s, e in STYLE_TABLE])
def test_the_specs_style_examples_as_form_bodies(style: str, explode: bool) -> None:
    part = Part(style=style, explode=explode)
    for value, expected in zip(("blue", COLOR_ARRAY, COLOR_OBJECT), STYLE_TABLE[style, explode], strict=True):
        if expected is not None:
            assert form(value, part) == expected, (style, explode, value)


def test_the_style_examples_as_multipart_parts_are_not_percent_encoded() -> None:
    """OpenAPI 3.1.1 Appendix E.3: percent-encoding is not applied to multipart/form-data."""
    expected = {
        ("form", False): [("color", "R,100,G,200,B,150")],
        ("form", True): [("R", "100"), ("G", "200"), ("B", "150")],
        ("spaceDelimited", False): [("color", "R 100 G 200 B 150")],
        ("pipeDelimited", False): [("color", "R|100|G|200|B|150")],
        ("deepObject", True): [("color[R]", "100"), ("color[G]", "200"), ("color[B]", "150")],
    }
    for (style, explode), pairs in expected.items():
        body = encode_multipart({"color": COLOR_OBJECT}, {"color": Part(style=style, explode=explode)}, "b")
        assert [(n, c) for n, _, _, _, c in parse_parts("b", body)] == [(n, v.encode()) for n, v in pairs]
    body = encode_multipart({"color": COLOR_ARRAY}, {"color": Part(style="pipeDelimited", explode=False)}, "b")
    assert [c for *_, c in parse_parts("b", body)] == [b"blue|black|brown"]


def test_items_keep_their_own_delimiters_and_empty_values() -> None:
    assert form(["a,b", "c d"], Part(style="form", explode=False)) == "color=a%2Cb,c+d"
    # `|` must be percent-encoded (RFC 3986), so an item's own pipe reads like the delimiter
    assert form(["a b", "c|d"], Part(style="pipeDelimited", explode=False)) == "color=a+b%7Cc%7Cd"
    assert form("", Part(style="form")) == "color="
    assert form({}, Part(style="deepObject")) == ""  # an empty object is undefined: nothing is sent
    assert form([], Part(style="form", explode=False)) == "color="
    assert form(True, Part(style="form")) == "color=true"


def test_deep_objects_nest_the_way_stripe_reads_them() -> None:
    deep = Part(style="deepObject", explode=True)
    fields = {
        "address": {"line1": "510 Townsend St", "city": "San Francisco"},
        "metadata": {"order_id": "6735"},
        "line_items": [{"price": "price_1", "quantity": 2}, {"price_data": {"product_data": {"name": "T"}}}],
        "expand": ["customer"],
        "unset": None,
    }
    body = encode_form(fields, dict.fromkeys(fields, deep)).decode()
    assert body == (
        "address%5Bline1%5D=510+Townsend+St&address%5Bcity%5D=San+Francisco&metadata%5Border_id%5D=6735"
        "&line_items%5B0%5D%5Bprice%5D=price_1&line_items%5B0%5D%5Bquantity%5D=2"
        "&line_items%5B1%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D=T&expand%5B0%5D=customer"
    )
    assert parse_qsl(body)[:2] == [("address[line1]", "510 Townsend St"), ("address[city]", "San Francisco")]


def test_allow_reserved_keeps_reserved_characters_but_the_forms_own() -> None:
    value = "https://x.example/a?b=c&d e;f,[g]#h%41%"
    assert form(value, Part(style="form", allow_reserved=True)) == (
        "color=https://x.example/a?b%3Dc%26d+e;f,%5Bg%5D%23h%41%25"
    )
    assert form(value, Part(style="form")) == (
        "color=https%3A%2F%2Fx.example%2Fa%3Fb%3Dc%26d+e%3Bf%2C%5Bg%5D%23h%2541%25"
    )


def test_values_sent_by_content_follow_the_encoding_objects_defaults() -> None:
    """OpenAPI 3.1.1 §4.8.15.2.1, "URL Encoded Form with JSON Values": no `encoding`, so `id` is
    text and `address` (an object) JSON; `id` declared `application/json` is a JSON string."""
    address = {"streetAddress": "123 Example Dr.", "city": "Somewhere", "state": "CA", "zip": "99999+1234"}
    body = encode_form({"id": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "address": address}, {}).decode()
    spec = (
        "id=f81d4fae-7dec-11d0-a765-00a0c91e6bf6&address=%7B%22streetAddress%22:%22123+Example+Dr.%22,"
        "%22city%22:%22Somewhere%22,%22state%22:%22CA%22,%22zip%22:%2299999%2B1234%22%7D"
    )
    assert parse_qsl(body) == parse_qsl(spec)  # the spec leaves `:` and `,` as they are; we encode them
    assert "%2B1234" in body and "+" not in body.split("address=")[1].replace("123+Example+Dr.", "")
    as_json = Part(content_types=("application/json",))
    uid = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
    assert encode_form({"id": uid}, {"id": as_json}) == f"id=%22{uid}%22".encode()
    assert encode_form({"kinds": ["a", "b"], "n": 1, "on": False}, {}) == b"kinds=a&kinds=b&n=1&on=false"


# ------------------------------------------------------------------------------ files
def test_a_files_content_type_comes_from_the_caller_the_spec_or_its_name(tmp_path: Path) -> None:
    def kind(value: object, *declared: str) -> str:
        return _files.content_type(_files.read_file(value), declared)

    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF")
    assert kind(report) == "application/pdf"
    assert kind(report, "image/png") == "image/png"  # the one concrete type the spec names
    assert kind(("x.gif", b"G", "image/webp"), "image/png") == "image/webp"  # the caller's
    assert kind(tmp_path / "report.pdf", "application/pdf", "image/*") == "application/pdf"
    assert kind(("a.png", b"P"), "application/pdf", "image/*") == "image/png"  # guessed, allowed
    assert kind(("a.txt", b"t"), "application/pdf", "image/*") == "application/pdf"  # first concrete
    assert kind(("a.txt", b"t"), "image/*") == "application/octet-stream"
    assert kind(b"raw") == "application/octet-stream"
    assert _files.read_file(report).filename == "report.pdf"
    assert _files.read_file(io.BytesIO(b"x")).filename is None
    with report.open("rb") as handle:
        assert _files.read_file(handle) == _files.UploadFile("report.pdf", b"%PDF", None, {})
    with report.open("r") as text, pytest.raises(TypeError, match="text mode"):
        _files.read_file(text)
    with pytest.raises(ValueError, match="line break"):
        _files.read_file(("a", b"x", None, {"X-A": "1\r\nX-B: 2"}))
    with pytest.raises(ValueError, match="line break"):
        _files.read_file(("a", b"x", "text/plain\r\nX-B: 2"))


def test_a_binary_model_field_keeps_its_file_when_dumped(tmp_path: Path) -> None:
    class Upload(pydantic.BaseModel):
        file: _files.File
        more: list[_files.File] = []

    path = tmp_path / "a.txt"
    handle = io.BytesIO(b"abc")
    made = Upload(file=path, more=[handle, ("b.csv", handle, "text/csv", {"X-A": "1"}), b"raw"])
    dumped = made.model_dump()
    assert dumped["file"] is path
    first, second, third = dumped["more"]
    assert isinstance(first, _files.FileHandle) and first.file is handle  # not an iterator over its lines
    assert second[0] == "b.csv" and second[1].file is handle and second[2:] == ("text/csv", {"X-A": "1"})
    assert third == b"raw"
    assert Upload(file=b"abc").model_dump(mode="json") == {"file": "abc", "more": []}
    assert Upload.model_validate({"file": "abc"}, context={"sdk_response": True}).file == b"abc"
    with pytest.raises(pydantic.ValidationError, match="expected a file"):
        Upload(file=3)  # type: ignore[arg-type]
    with pytest.raises(pydantic.ValidationError, match="expected a file"):
        Upload.model_validate({"file": path}, context={"sdk_response": True})


# ------------------------------------------------------------------------------ the IR
def test_encoding_entries_become_part_encodings() -> None:
    schema = {
        "type": "object",
        "properties": {
            "thumb": {"type": "string"},
            "thumbs": {"type": "array", "items": {"type": "string"}},
            "note": {"type": "string"},
            "preview": {"type": "string", "contentMediaType": "image/png"},
            "encoded": {"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64"},
            "doc": {"type": "string", "contentMediaType": "application/json"},
        },
    }
    media = {
        "schema": schema,
        "encoding": {
            "thumb": {"contentType": "image/jpeg", "headers": {"Content-Type": {}, "X-Kind": {"$ref": "#/h"}}},
            "thumbs": {"contentType": "image/*"},
            "note": {
                "contentType": "text/plain; charset=utf-8",
                "headers": {"Bad Name": {}, "X-Evil": {"schema": {"const": "a\r\nb"}}},
            },
            "labels": {"explode": False},
            "tags": {"style": "pipeDelimited"},
            "odd": {"style": "matrix", "allowReserved": True},
            "bad": {"contentType": "image/png\r\nX-Injected: 1"},
        },
    }
    converter = SchemaConverter({"h": {"schema": {"type": "string", "enum": ["avatar"]}}})
    body = converter.convert(schema, "#/b", ("Body",))
    found: list[Any] = []
    parts = {p.name: p for p in part_encodings(media, "#/m", body, "multipart", converter, found)}
    assert parts["thumb"] == ir.PartEncoding("thumb", ("image/jpeg",), headers=(("X-Kind", "avatar"),))
    assert parts["labels"] == ir.PartEncoding("labels", style="form", explode=False)
    assert parts["tags"] == ir.PartEncoding("tags", style="pipeDelimited", explode=False)
    assert parts["odd"] == ir.PartEncoding("odd", style="form", explode=True, allow_reserved=True)
    assert parts["note"].headers == () and parts["bad"].content_types == ()
    model = converter.definitions[body.key]  # type: ignore[attr-defined]
    types = {f.wire_name: f.type for f in model.fields}
    binary = ir.Prim("bytes", "binary")
    assert types["thumb"] == ir.Nullable(binary) or types["thumb"] == binary
    assert types["thumbs"] in (ir.Array(binary), ir.Nullable(ir.Array(binary)))
    assert types["preview"].name == "bytes"  # type: ignore[union-attr]
    assert types["note"].name == types["encoded"].name == types["doc"].name == "str"  # type: ignore[union-attr]
    assert any(
        d.level == "warning" and "style 'matrix' is not one a body property can have" in d.message for d in found
    )
    assert {d.pointer for d in found} >= {
        "#/m/encoding/note/headers/Bad Name",
        "#/m/encoding/note/headers/X-Evil",
        "#/m/encoding/bad/contentType",
        "#/m/encoding/thumb/contentType",
    }
    assert part_encodings(media, "#/m", body, "json", converter, []) == ()


def test_a_plain_string_named_file_in_a_multipart_body_is_a_file() -> None:
    """Stripe's `/v1/files` declares `file: {type: string}` ("A file to upload"); Zoom and Linode
    do the same. Elsewhere, or with an `encoding` entry saying text, `file` stays a string."""
    schema = {"type": "object", "properties": {"file": {"type": "string"}, "purpose": {"type": "string"}}}

    def file_type(kind: ir.BodyKind, encoding: dict[str, Any]) -> ir.Type:
        converter = SchemaConverter({})
        body = converter.convert(schema, "#/b", ("Body",))
        found: list[Any] = []
        part_encodings({"schema": schema, "encoding": encoding}, "#/m", body, kind, converter, found)
        model = converter.definitions[body.key]  # type: ignore[attr-defined]
        assert next(f for f in model.fields if f.wire_name == "purpose").type == ir.Prim("str")
        return next(f for f in model.fields if f.wire_name == "file").type

    assert file_type("multipart", {}) == ir.Prim("bytes", "binary")
    assert file_type("form", {}) == ir.Prim("str")
    assert file_type("multipart", {"file": {"contentType": "text/csv"}}) == ir.Prim("str")


# ------------------------------------------------------------------------------ on the wire
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Forms", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {
        "/customers": {
            "post": {
                "operationId": "createCustomer",
                "tags": ["customers"],
                "requestBody": {
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "name": {"type": "string"},
                                    "address": {
                                        "type": "object",
                                        "properties": {"line1": {"type": "string"}, "city": {"type": "string"}},
                                    },
                                    "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                                    "expand": {"type": "array", "items": {"type": "string"}},
                                    "line_items": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "price": {"type": "string"},
                                                "quantity": {"type": "integer"},
                                                "price_data": {"type": "object", "additionalProperties": True},
                                            },
                                        },
                                    },
                                    "tags": {"type": "array", "items": {"type": "string"}},
                                    "sizes": {"type": "array", "items": {"type": "integer"}},
                                    "colors": {"type": "array", "items": {"type": "string"}},
                                    "filter": {"type": "object", "additionalProperties": {"type": "string"}},
                                    "redirect": {"type": "string"},
                                    "ref": {"type": "string"},
                                    "settings": {"type": "object", "additionalProperties": True},
                                    "kinds": {"type": "array", "items": {"type": "string"}},
                                },
                            },
                            "encoding": {
                                "address": {"style": "deepObject", "explode": True},
                                "metadata": {"style": "deepObject", "explode": True},
                                "expand": {"style": "deepObject", "explode": True},
                                "line_items": {"style": "deepObject", "explode": True},
                                "tags": {"style": "pipeDelimited"},
                                "sizes": {"style": "spaceDelimited", "explode": False},
                                "colors": {"style": "form", "explode": False},
                                "filter": {"style": "form"},
                                "redirect": {"allowReserved": True},
                                "ref": {"contentType": "application/json"},
                            },
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}},
                    }
                },
            }
        },
        "/uploads": {
            "post": {
                "operationId": "upload",
                "tags": ["files"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {"$ref": "#/components/schemas/Upload"},
                            "encoding": {
                                "file": {
                                    "contentType": "image/png",
                                    "headers": {
                                        "X-Part-Kind": {"schema": {"type": "string", "const": "avatar"}},
                                        "X-Free": {"schema": {"type": "string"}},
                                    },
                                },
                                "doc": {"contentType": "application/pdf, image/*"},
                                "thumbnail": {"contentType": "image/jpeg"},
                                "labels": {"style": "deepObject", "explode": True},
                            },
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}},
                    }
                },
            }
        },
        "/batch": {
            "post": {
                "operationId": "sendBatch",
                "tags": ["files"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/mixed": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "meta": {"type": "object", "properties": {"a": {"type": "string"}}},
                                    "data": {"type": "string", "format": "binary"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}},
                    }
                },
            }
        },
        "/images/{image_id}": {
            "put": {
                "operationId": "putImage",
                "tags": ["files"],
                "parameters": [{"name": "image_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {
                    "required": True,
                    "content": {"image/*": {"schema": {"type": "string", "format": "binary"}}},
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Ok": {"type": "object", "properties": {"ok": {"type": "boolean"}}},
            "Upload": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "attachments": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    "doc": {"type": "string", "format": "binary"},
                    "preview": {"type": "string", "contentMediaType": "image/png"},
                    "thumbnail": {"type": "string"},
                    "note": {"type": "string"},
                    "meta": {"type": "object", "properties": {"title": {"type": "string"}}},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        }
    },
}
LIBRARIES = ["httpx2", "httpx"]


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    root = tmp_path_factory.mktemp("forms")
    spec = root / "forms.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    out = {}
    for library in LIBRARIES:
        generate(spec, root / library, f"forms_{library}", http_library=library)
        out[library] = import_package(root / library, f"forms_{library}")
    return out


@pytest.fixture(params=[(lib, mode) for lib in LIBRARIES for mode in MODES], ids=lambda p: f"{p[0]}-{p[1]}")
def runner(request: pytest.FixtureRequest, sdks: dict[str, ModuleType], server: FaultServer) -> Runner:
    library, mode = request.param
    sdk = sdks[library]
    server.default = Reply(200, {"ok": True})
    name = f"Forms{library.capitalize()}Client"
    return Runner(mode, getattr(sdk, name), getattr(sdk, "Async" + name), base_url=server.url, max_retries=1)


@pytest.fixture
def sdk(sdks: dict[str, ModuleType], runner: Runner) -> ModuleType:
    return next(s for s in sdks.values() if runner.cls.__module__.startswith(s.__name__ + "."))


def parse_parts(boundary: str, body: bytes) -> list[tuple[str, str | None, str | None, dict[str, str], bytes]]:
    """(name, file name, Content-Type as sent or None, other headers, content) of each part."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n".encode() + body
    )
    assert message.is_multipart() and not message.defects, message.defects
    out = []
    for part in message.iter_parts():
        headers = {k: str(v) for k, v in part.items() if k.lower() not in ("content-disposition", "content-type")}
        out.append(
            (
                str(part.get_param("name", header="content-disposition")),
                part.get_filename(),
                part.get("Content-Type"),
                headers,
                part.get_payload(decode=True),
            )
        )
    return out


def seen_parts(
    seen: Seen, media_type: str = "multipart/form-data"
) -> list[tuple[str, str | None, str | None, dict[str, str], bytes]]:
    content_type = seen.headers["Content-Type"]
    assert content_type.startswith(f"{media_type}; boundary=")
    return parse_parts(content_type.split("boundary=")[1], seen.body)


def test_a_stripe_shaped_form_body_on_the_wire(runner: Runner, server: FaultServer) -> None:
    body = {
        "name": "Jenny Rosen",
        "address": {"line1": "510 Townsend St", "city": "San Francisco"},
        "metadata": {"order_id": "6735"},
        "expand": ["default_source"],
        "line_items": [{"price": "price_123", "quantity": 2}, {"price_data": {"currency": "usd"}, "quantity": 1}],
    }
    runner.run(lambda c: c.customers.create(body=body))
    seen = server.seen[0]
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert seen.body.decode() == (
        "name=Jenny+Rosen&address%5Bline1%5D=510+Townsend+St&address%5Bcity%5D=San+Francisco"
        "&metadata%5Border_id%5D=6735&expand%5B0%5D=default_source"
        "&line_items%5B0%5D%5Bprice%5D=price_123&line_items%5B0%5D%5Bquantity%5D=2"
        "&line_items%5B1%5D%5Bprice_data%5D%5Bcurrency%5D=usd&line_items%5B1%5D%5Bquantity%5D=1"
    )


def test_form_styles_on_the_wire(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    body = sdk.models.CustomerCreateRequestBody(
        tags=["a", "b|c"],
        sizes=[1, 2],
        colors=["red", "green"],
        filter={"status": "open"},
        redirect="https://x.example/a?b=c",
        ref="r-1",
        settings={"dark": True},
        kinds=["x", "y"],
    )
    runner.run(lambda c: c.customers.create(body=body))
    assert server.seen[0].body.decode() == (
        "tags=a%7Cb%7Cc&sizes=1%202&colors=red,green&status=open&redirect=https://x.example/a?b%3Dc"
        "&ref=%22r-1%22&settings=%7B%22dark%22%3Atrue%7D&kinds=x&kinds=y"
    )


def test_uploads_from_paths_file_objects_bytes_and_tuples(runner: Runner, server: FaultServer, tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG-photo")
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4")
    with report.open("rb") as opened:
        body = {
            "file": photo,
            "attachments": [
                opened,
                io.BytesIO(b"in memory"),
                ("notes.csv", b"a,b", "text/csv", {"X-Row": "1"}),
                b"raw",
            ],
            "doc": ("scan.jpg", b"\xff\xd8"),
            "preview": ("p.png", photo),
            "thumbnail": b"\xff\xd8thumb",
            "note": "hello",
            "meta": {"title": "T"},
            "tags": ["a", "b"],
            "labels": {"team": "core", "tier": "1"},
        }
        runner.run(lambda c: c.files.upload(body=body))
    parts = seen_parts(server.seen[0])
    assert [(n, f, t, h, c) for n, f, t, h, c in parts] == [
        ("file", "photo.png", "image/png", {"X-Part-Kind": "avatar"}, b"\x89PNG-photo"),
        ("attachments", "report.pdf", "application/pdf", {}, b"%PDF-1.4"),
        ("attachments", "attachments", "application/octet-stream", {}, b"in memory"),
        ("attachments", "notes.csv", "text/csv", {"X-Row": "1"}, b"a,b"),
        ("attachments", "attachments", "application/octet-stream", {}, b"raw"),
        ("doc", "scan.jpg", "image/jpeg", {}, b"\xff\xd8"),  # `image/*` allows the guess
        ("preview", "p.png", "image/png", {}, b"\x89PNG-photo"),
        ("thumbnail", "thumbnail", "image/jpeg", {}, b"\xff\xd8thumb"),
        ("note", None, None, {}, b"hello"),  # text/plain, without a Content-Type (RFC 7578)
        ("meta", None, "application/json", {}, b'{"title": "T"}'),
        ("tags", None, None, {}, b"a"),
        ("tags", None, None, {}, b"b"),
        ("labels[team]", None, None, {}, b"core"),
        ("labels[tier]", None, None, {}, b"1"),
    ]


def test_a_models_file_fields_upload_what_they_hold(
    runner: Runner, sdk: ModuleType, server: FaultServer, tmp_path: Path
) -> None:
    photo = tmp_path / "me.jpg"
    photo.write_bytes(b"\xff\xd8me")
    with photo.open("rb") as opened:
        body = sdk.models.Upload(
            file=photo,
            attachments=[opened, ("custom.bin", b"0101", "application/x-custom", {"X-Part-Kind": "mine"})],
            note="n",
        )
        runner.run(lambda c: c.files.upload(body=body))
    parts = seen_parts(server.seen[0])
    assert parts == [
        ("file", "me.jpg", "image/png", {"X-Part-Kind": "avatar"}, b"\xff\xd8me"),  # the spec's one type wins
        ("attachments", "me.jpg", "image/jpeg", {}, b"\xff\xd8me"),
        ("attachments", "custom.bin", "application/x-custom", {"X-Part-Kind": "mine"}, b"0101"),
        ("note", None, None, {}, b"n"),
    ]


def test_uploads_are_read_once_and_replayed_on_retry(runner: Runner, server: FaultServer, tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG" * 100)
    server.script = [Reply(503, {}), Reply(200, {"ok": True}), Reply(503, {}), Reply(200, {"ok": True})]
    with photo.open("rb") as opened:
        runner.run(lambda c: c.files.upload(body={"file": opened}))
    runner.run(lambda c: c.files.put_image("i1", body=photo))
    first, retry, put, put_retry = server.seen
    assert first.body == retry.body and first.headers["Content-Type"] == retry.headers["Content-Type"]
    assert seen_parts(first)[0][1:3] == ("photo.png", "image/png")
    assert put.body == put_retry.body == photo.read_bytes()
    assert put.headers["Content-Type"] == "image/png"  # `image/*` declared: the file's own type


def test_a_multipart_mixed_body_stays_mixed(runner: Runner, server: FaultServer) -> None:
    runner.run(lambda c: c.files.send_batch(body={"meta": {"a": "b"}, "data": ("d.bin", b"\x00\x01")}))
    parts = seen_parts(server.seen[0], "multipart/mixed")
    assert parts == [
        ("meta", None, "application/json", {}, b'{"a": "b"}'),
        ("data", "d.bin", "application/octet-stream", {}, b"\x00\x01"),
    ]


def test_a_text_mode_file_is_refused_before_sending(runner: Runner, server: FaultServer, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hi")
    with notes.open() as text, pytest.raises(TypeError, match="open it with 'rb'"):
        runner.run(lambda c: c.files.upload(body={"file": text}))
    assert server.seen == []


def test_the_docs_and_readme_upload_a_real_file(sdks: dict[str, ModuleType]) -> None:
    project = Path(str(sdks["httpx2"].__file__)).parent.parent
    readme = (project / "README.md").read_text()
    section = readme.split("### Forms and uploads", 1)[1].split("\n### ", 1)[0]
    assert "forms_httpx2.FileTypes" in section
    assert 'client.files.upload(body={"file": pathlib.Path("image.png")})' in section
    assert "import pathlib" in section
    docs = (project / "docs" / "files.md").read_text()
    assert 'client.files.put_image(image_id="string", body=pathlib.Path("image.png"))' in docs
    assert 'client.files.send_batch(body={"data": pathlib.Path("report.pdf")})' in docs  # optional: the first


@pytest.mark.slow
def test_file_types_check_under_mypy_and_pyright(sdks: dict[str, ModuleType]) -> None:
    """What a user writes type-checks: a Path, an open file, bytes and tuples, in a model and in
    a dict; a number where a file goes is an error for pyright (mypy's pydantic plugin leaves
    constructor arguments untyped unless `init_typed` is set)."""
    project = Path(str(sdks["httpx2"].__file__)).parent.parent
    assert_clean(project, "forms_httpx2")  # the SDK itself: mypy --strict, ruff, black
    program = project / "use_files.py"
    program.write_text(
        "import io\n"
        "import pathlib\n\n"
        "from forms_httpx2 import FileTypes, FormsHttpx2Client, models\n\n"
        "one: FileTypes = ('a.csv', b'a,b', 'text/csv', {'X-A': '1'})\n"
        "with FormsHttpx2Client() as client, open('r.pdf', 'rb') as handle:\n"
        "    client.files.upload(body=models.Upload(file=pathlib.Path('a.png'), attachments=[handle, one]))\n"
        "    client.files.upload(body={'file': io.BytesIO(b'x'), 'doc': ('d.pdf', b'%PDF')})\n"
        "    client.files.put_image('i', body=pathlib.Path('a.png'))\n",
        encoding="utf-8",
    )
    bad = project / "use_files_wrong.py"
    bad.write_text("from forms_httpx2 import models\n\nmodels.Upload(file=3)\n", encoding="utf-8")
    config = ["--config-file", str(project / "pyproject.toml")]
    for name, clean in ((program.name, True), (bad.name, False)):
        mypy = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *config, name],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert mypy.returncode == 0 or not clean, mypy.stdout  # the plugin types no constructor argument
        pyright = subprocess.run(
            [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, "--outputjson", name],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert pyright.stdout.startswith("{"), pyright.stderr
        assert (json.loads(pyright.stdout)["summary"]["errorCount"] == 0) == clean, pyright.stdout
