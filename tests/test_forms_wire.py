"""Form and multipart bodies and uploads on the wire (issue 13, items 1, 4).

An SDK generated from the spec below, with httpx2 and with httpx, sync and async, sends its
requests to the local recording server, which keeps the raw body: Stripe's nested create byte
for byte; the form styles; uploads from paths, file objects, bytes and tuples, in a model and in
a dict, by the file name, content type, headers and content of each multipart part; retries
that resend the same bytes; multipart/mixed; a raw `image/*` body. The generated README and
docs upload a real file, and a user's program type-checks under mypy and pyright.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.fault_server import FaultServer, Reply, Seen
from tests.helpers import assert_clean, generate, import_package
from tests.program_checks import type_check
from tests.runtime_helpers import MODES, Runner
from tests.test_forms import parse_parts

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
        "&line_items%5B1%5D%5Bquantity%5D=1&line_items%5B1%5D%5Bprice_data%5D%5Bcurrency%5D=usd"
    )  # a dict body is validated through its model, so nested keys follow the schema's order


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
    a dict; a number where a file goes is an error for both (the SDK's pyproject.toml sets the
    pydantic plugin's `init_typed`, without which the plugin types no constructor argument)."""
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
    checked = type_check(project, [program.name, bad.name])
    # the program is clean, the misuse is not
    assert checked.mypy.keys() == checked.pyright.keys() == {bad.name}, checked
