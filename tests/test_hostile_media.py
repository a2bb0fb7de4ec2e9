"""Media types and multipart bodies from a hostile spec (issue 12, "Media types and multipart").

An SDK generated from a spec written here, for httpx2 and for httpx, sends requests with its
sync and its async client to the local recording server:

- a declared request media type is sent as declared, parameters included, not replaced by
  `application/json`; a parameter value with quotes and backslashes is sent as an RFC 9110
  quoted-string with quoted-pairs;
- the multipart boundary fixed in the spec is never used: each call draws a random one, the same
  across its retries, so a file whose content holds `--XYZ` (the spec's boundary) or a guessable
  boundary cannot add a part;
- at generation time a media type with CR, LF or another control character, or one that does not
  parse, is left out with a diagnostic that points at it, and never reaches generated code.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator import media_types
from generator.config import make_config
from generator.diagnostics import Diagnostic
from generator.pipeline import build
from tests.fault_server import FaultServer, Reply, Seen
from tests.helpers import ROOT, generate, import_package
from tests.runtime_helpers import MODES, Runner

LD = 'application/ld+json; profile="https://example.com/p"'
QUOTED = 'application/merge-patch+json; note=say "hi" \\ bye'  # unquoted, with a quote and a backslash
BAD_JSON = "application/json\r\nX-Injected: 1"
BAD_ACCEPT = "application/json\nX-Evil: 1"
BAD_PART = "text/plain\r\nContent-Type: application/x-evil"
UNTERMINATED = 'application/x-thing; a="open'

NAMED = {"type": "object", "properties": {"name": {"type": "string"}}}


def post(operation_id: str, content: dict[str, Any], responses: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "post": {
            "operationId": operation_id,
            "tags": ["things"],
            "requestBody": {"required": True, "content": content},
            "responses": responses or {"204": {"description": "done"}},
        }
    }


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Hostile media", "version": "1.0.0"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {
        "/ld": post(
            "postLd",
            {LD: {"schema": NAMED}},
            {"200": {"description": "ok", "content": {LD: {"schema": NAMED}}}},
        ),
        "/charset": post("postCharset", {"application/json; charset=utf-8": {"schema": NAMED}}),
        "/vnd": post(
            "postVnd",
            {"application/vnd.api+json": {"schema": NAMED}},
            {"200": {"description": "ok", "content": {"text/csv,text/plain;charset=utf-8": {}}}},
        ),
        "/quoted": post("postQuoted", {QUOTED: {"schema": NAMED}}),
        "/upload": post(
            "upload",
            {
                "multipart/form-data; boundary=XYZ": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "note": {"type": "string"},
                            "meta": {"type": "object", "properties": {"a": {"type": "string"}}},
                        },
                    },
                    "encoding": {"file": {"contentType": "text/plain"}, "meta": {"contentType": BAD_PART}},
                }
            },
        ),
        "/bad": post(
            "postBad",
            {BAD_JSON: {"schema": NAMED}, "text/plain": {"schema": {"type": "string"}}},
            {"200": {"description": "ok", "content": {BAD_ACCEPT: {"schema": NAMED}, "text/csv": {}}}},
        ),
        "/unterminated": post("postUnterminated", {UNTERMINATED: {"schema": NAMED}}),
    },
}

LIBRARIES = ["httpx2", "httpx"]


def write_spec(folder: Path) -> Path:
    spec = folder / "spec.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    return spec


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[ModuleType, Path]]:
    root = tmp_path_factory.mktemp("hostile_media")
    spec = write_spec(root)
    out = {}
    for library in LIBRARIES:
        package = f"hostile_media_{library}"
        generate(spec, root / library, package, http_library=library)
        out[library] = (import_package(root / library, package), root / library)
    return out


@pytest.fixture(params=[(lib, mode) for lib in LIBRARIES for mode in MODES], ids=lambda p: f"{p[0]}-{p[1]}")
def runner(request: pytest.FixtureRequest, sdks: dict[str, tuple[ModuleType, Path]], server: FaultServer) -> Runner:
    library, mode = request.param
    sdk = sdks[library][0]
    name = f"HostileMedia{library.capitalize()}Client"
    return Runner(mode, getattr(sdk, name), getattr(sdk, "Async" + name), base_url=server.url)


# ------------------------------------------------------------------------------ media types as declared
def test_a_declared_media_type_is_sent_with_its_parameters(runner: Runner, server: FaultServer) -> None:
    server.script = [Reply(200, content=b'{"name": "back"}', content_type=LD), Reply(204), Reply(200, content=b"a,b")]
    got = runner.run(lambda c: c.things.post_ld(body={"name": "n"}))
    assert got.name == "back"  # decoded as the model: the answer's media type has parameters too
    runner.run(lambda c: c.things.post_charset(body={"name": "n"}))
    runner.run(lambda c: c.things.post_vnd(body={"name": "n"}))
    assert [s.headers["Content-Type"] for s in server.seen] == [
        LD,
        "application/json; charset=utf-8",
        "application/vnd.api+json",
    ]
    assert server.seen[0].headers["Accept"] == LD
    assert server.seen[2].headers["Accept"] == "text/csv, text/plain; charset=utf-8"  # a list of a response's
    assert all(json.loads(s.body) == {"name": "n"} for s in server.seen)


def test_quotes_and_backslashes_in_a_parameter_are_a_quoted_string(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(204)
    runner.run(lambda c: c.things.post_quoted(body={"name": "n"}))
    header = server.seen[0].headers["Content-Type"]
    assert header == r'application/merge-patch+json; note="say \"hi\" \\ bye"'
    parsed = email.parser.HeaderParser(policy=email.policy.HTTP).parsestr(f"Content-Type: {header}\n\n")
    assert parsed.get_param("note") == 'say "hi" \\ bye'


def test_the_callers_content_type_wins(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(204)
    runner.run(lambda c: c.things.post_vnd(body={"name": "n"}, extra_headers={"content-type": "application/x-mine"}))
    assert [v for k, v in server.seen[0].headers.items() if k.lower() == "content-type"] == ["application/x-mine"]


# ------------------------------------------------------------------------------ multipart
INJECTION = (
    b"line one\r\n"
    b"--XYZ\r\n"
    b'Content-Disposition: form-data; name="admin"\r\n\r\ntrue\r\n'
    b"--boundary\r\n"
    b'Content-Disposition: form-data; name="admin"\r\n\r\ntrue\r\n'
    b"------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
    b'Content-Disposition: form-data; name="admin"\r\n\r\ntrue\r\n'
    b"--XYZ--\r\n--boundary--\r\n"
)


def parts(seen: Seen) -> list[tuple[str | None, str, bytes]]:
    """(name, content type, content) of each part, as a multipart parser reads the body."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + seen.headers["Content-Type"].encode() + b"\r\n\r\n" + seen.body
    )
    assert message.is_multipart() and not message.defects, message.defects
    return [
        (part.get_param("name", header="content-disposition"), part.get_content_type(), part.get_payload(decode=True))
        for part in message.iter_parts()
    ]


def boundary(seen: Seen) -> str:
    match = re.fullmatch(r"multipart/form-data; boundary=([0-9a-f]{32})", seen.headers["Content-Type"])
    assert match is not None, seen.headers["Content-Type"]
    return match.group(1)


def test_file_content_cannot_add_a_part(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(204)
    runner.run(
        lambda c: c.things.upload(body={"file": ("a.txt", INJECTION), "note": "--XYZ\r\nhi", "meta": {"a": "b"}})
    )
    seen = server.seen[0]
    assert boundary(seen) != "XYZ" and b"boundary=XYZ" not in seen.body
    assert parts(seen) == [
        ("file", "text/plain", INJECTION),
        ("note", "text/plain", b"--XYZ\r\nhi"),
        ("meta", "application/json", b'{"a": "b"}'),  # the encoding with CR LF was left out
    ]


def test_the_boundary_is_random_per_call_and_kept_across_retries(runner: Runner, server: FaultServer) -> None:
    server.script = [Reply(503, {}), Reply(204), Reply(204)]
    for _ in range(2):
        runner.run(lambda c: c.things.upload(body={"file": b"data", "note": "n"}))
    first, retry, second = server.seen
    assert boundary(first) == boundary(retry) and first.body == retry.body
    assert boundary(second) != boundary(first)
    assert [p[0] for p in parts(first)] == [p[0] for p in parts(second)] == ["file", "note"]
    assert runner.delays and len(runner.delays) == 1


def test_a_boundary_in_the_callers_headers_is_not_used_either(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(204)
    headers = {"Content-Type": "multipart/form-data; boundary=XYZ"}
    runner.run(lambda c: c.things.upload(body={"file": INJECTION}, extra_headers=headers))
    seen = server.seen[0]
    assert boundary(seen) != "XYZ" and parts(seen) == [("file", "text/plain", INJECTION)]


# ------------------------------------------------------------------------------ refused at generation time
def test_control_characters_and_unparsable_media_types_are_refused(runner: Runner, server: FaultServer) -> None:
    server.default = Reply(200, content=b"a,b", content_type="text/csv")
    runner.run(lambda c: c.things.post_bad(body="plain text"))
    seen = server.seen[0]
    assert seen.headers["Content-Type"] == "text/plain" and seen.body == b"plain text"
    assert seen.headers["Accept"] == "text/csv"
    assert not [k for k in seen.headers if k.lower() in ("x-injected", "x-evil")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("application/json\r\n", "control character"),
        ("application/json\x00", "control character"),
        ("application/json; a=\x7f", "control character"),
        ("application/json; a=\u2028", "not ASCII"),
        ("application/json; a=\u00e9", "not ASCII"),
        ('application/json; a="x\ty"', "tab"),
        ("application", "not type/subtype"),
        ("application/", "not type/subtype"),
        ("app lication/json", "not type/subtype"),
        ("application/json; =x", "not name=value"),
        ("application/json; a", "not name=value"),
        ("application/json; a=", "no value"),
        ('application/json; a="x', "does not end"),
        ('application/json; a="x\\', "does not end"),
        ('application/json; a="x"y', "text follows"),
    ],
)
def test_what_is_not_a_media_type(text: str, reason: str) -> None:
    with pytest.raises(media_types.MediaTypeError, match=reason):
        media_types.canonical(text)


@pytest.mark.parametrize(
    ("text", "sent"),
    [
        ("application/json;charset=utf-8", "application/json; charset=utf-8"),
        (LD, LD),
        (r'a/b; q="x\\\"y"', r'a/b; q="x\\\"y"'),  # quoted-pairs kept
        ('a/b; q="token"', "a/b; q=token"),
        (r'a/b; q=x"y', r'a/b; q="x\"y"'),
        (r"a/b; q=x\y", r'a/b; q="x\\y"'),
        ("a/b;\t q=1 ;; r=2;", "a/b; q=1; r=2"),
    ],
)
def test_a_media_type_as_written(text: str, sent: str) -> None:
    assert media_types.canonical(text) == sent


def diagnostics(tmp_path: Path) -> list[Diagnostic]:
    config = make_config(write_spec(tmp_path), output=tmp_path / "out", package_name="hostile_media", base=ROOT)
    return build(config).diagnostics


def test_each_refusal_is_a_diagnostic_at_its_pointer(tmp_path: Path) -> None:
    found = {(d.level, d.kind, d.pointer): d.message for d in diagnostics(tmp_path)}
    body = "#/paths/~1{}/post/requestBody/content/{}"
    expected = {
        ("warning", "invalid-media-type", body.format("bad", "application~1json\r\nX-Injected: 1")): "'\\r'",
        (
            "warning",
            "invalid-media-type",
            "#/paths/~1bad/post/responses/200/content/application~1json\nX-Evil: 1",
        ): "'\\n'",
        (
            "warning",
            "invalid-media-type",
            body.format("upload", "multipart~1form-data; boundary=XYZ") + "/encoding/meta/contentType",
        ): "'\\r'",
        ("warning", "invalid-media-type", body.format("unterminated", 'application~1x-thing; a="open')): "does not end",
        ("info", "media-type", body.format("upload", "multipart~1form-data; boundary=XYZ")): "boundary",
    }
    for key, words in expected.items():
        assert key in found and words in found[key], (key, sorted(found))
    assert len([d for d in found if d[1] in ("invalid-media-type", "media-type")]) == len(expected)


def test_no_refused_media_type_reaches_generated_code(sdks: dict[str, tuple[ModuleType, Path]]) -> None:
    for _, folder in sdks.values():
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in (".py", ".md", ".toml"):
                text = path.read_text(encoding="utf-8")
                for needle in ("X-Injected", "X-Evil", "application/x-evil", "boundary=XYZ", "x-thing"):
                    assert needle not in text, (path, needle)
