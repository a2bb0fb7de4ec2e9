"""Form and multipart bodies per the media type's `encoding`, and files (issue 13, items 1, 4):
the encoder, the file helpers and the IR, without a network.

The encoder is checked against the OpenAPI specification's own tables and examples (the Style
Examples of the Parameter Object, 3.1.1 / 3.2; "URL Encoded Form with JSON Values") and against
Stripe's shape (deepObject with nested objects and arrays of objects, as Stripe's own client
writes it); what goes over the wire through a generated SDK is tests/test_forms_wire.py's.
"""

from __future__ import annotations

import email.parser
import email.policy
import io
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pydantic
import pytest

from generator import ir
from generator.part_encoding import part_encodings
from generator.python.runtime import _files
from generator.python.runtime._bodies import Part, encode_form, encode_multipart
from generator.schemas import SchemaConverter

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
