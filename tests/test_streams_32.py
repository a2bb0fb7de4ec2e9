"""OpenAPI 3.2 streams end to end (tests/golden/specs/streams_32.yaml, over real HTTP with the
local server: Prism 5.16 reads the document but cannot serialize `itemSchema` responses).

A media type with an `itemSchema` is a stream of typed items: JSON Lines / NDJSON (one value a
line) and JSON text sequences (RFC 7464) return an `ItemStream` of the item type; a server-sent
event stream whose events carry JSON data returns a `Stream` whose events' `data` is typed, by
event name where the item schema names its events. Also: a discriminator's `defaultMapping`,
and a reusable Media Type Object (`components/mediaTypes`).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.config import make_config
from generator.pipeline import analyze
from tests.fault_server import Chunks, FaultServer, Reply
from tests.helpers import ROOT, generate, import_package
from tests.program_checks import type_check
from tests.runtime_helpers import MODES, Runner, drain

SPEC = ROOT / "tests" / "golden" / "specs" / "streams_32.yaml"
RS = b"\x1e"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("streams32") / "out"
    return import_package(generate(SPEC, out, "streams_32"), "streams_32")


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Runner:
    return Runner(request.param, sdk.Streams32Client, sdk.AsyncStreams32Client, base_url=server.url, max_retries=0)


def test_json_lines_yield_typed_items_across_chunk_boundaries(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    server.default = Chunks(
        [b'{"level": "info", "mess', b'age": "one"}\n\n{"level": "error", "message": "tw', b'o"}\r\n  \n'],
        content_type="application/jsonl",
    )
    items = runner.run(lambda c: drain(c.logs.stream(level="info")))
    assert [type(i) for i in items] == [sdk.models.LogEntry] * 2
    assert [(i.level.value, i.message) for i in items] == [("info", "one"), ("error", "two")]
    assert server.seen[0].headers["Accept"] == "application/jsonl" and server.seen[0].query == {"level": ["info"]}


def test_ndjson_through_a_reusable_media_type(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    parts = [b'{"name": "cpu", "value": 0.5}\n{"name": "mem",', b' "value": 3}\n']
    server.default = Chunks(parts, "application/x-ndjson")
    items = runner.run(lambda c: drain(c.metrics.stream()))
    assert items == [sdk.models.Metric(name="cpu", value=0.5), sdk.models.Metric(name="mem", value=3)]


def test_json_text_sequences_split_on_the_record_separator(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    parts = [RS + b'{"seq": 1}\n' + RS + b'{"seq": 2, "no', b'te": "a\\nb"}\n', RS + b'{"seq": 3}']
    server.default = Chunks(parts, content_type="application/json-seq")
    items = runner.run(lambda c: drain(c.records.stream()))
    assert [(type(i), i.seq) for i in items] == [(sdk.models.Record, 1), (sdk.models.Record, 2), (sdk.models.Record, 3)]
    assert items[1].note == "a\nb"


def test_event_data_is_typed_by_the_event_name(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Chunks(
        [
            b'event: delta\ndata: {"text": "Hel"}\n\n',
            b'event: delta\ndata: {"text": "lo"}\n\nevent: usage\ndata: {"tok',
            b'ens": 7}\n\n',
            b"event: done\ndata: bye\n\n",
        ]
    )
    events = runner.run(lambda c: drain(c.chat.chat(body={"prompt": "hi"})))
    m = sdk.models
    assert [(e.event, type(e.data)) for e in events] == [
        ("delta", m.Delta),
        ("delta", m.Delta),
        ("usage", m.Usage),
        ("done", str),
    ]
    assert "".join(e.data.text for e in events if e.event == "delta") == "Hello"
    assert events[2].data.tokens == 7 and events[3].data == "bye"


def test_event_data_of_one_type(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Chunks([b'id: 1\ndata: {"n": 1}\n\nid: 2\ndata: {"n": 2}\n\n'])
    events = runner.run(lambda c: drain(c.ticks.stream()))
    assert [(e.id, e.data) for e in events] == [("1", sdk.models.Tick(n=1)), ("2", sdk.models.Tick(n=2))]


def test_closing_early_releases_the_connection(sdk: ModuleType, server: FaultServer) -> None:
    lines = [json.dumps({"level": "info", "message": str(i)}).encode() + b"\n" for i in range(50)]
    server.script = [Chunks(lines, content_type="application/jsonl"), Reply(200, {"kind": "circle", "radius": 1})]
    with sdk.Streams32Client(base_url=server.url, max_retries=0) as client:
        with client.logs.stream() as stream:
            first = next(iter(stream))
        assert first.message == "0" and stream.response.is_closed
        assert isinstance(client.shapes.get("s1"), sdk.models.Circle)  # the client goes on


def test_async_close_releases_the_connection(sdk: ModuleType, server: FaultServer) -> None:
    import asyncio

    lines = [b'{"level": "info", "message": "x"}\n'] * 20
    server.script = [Chunks(lines, content_type="application/jsonl")]

    async def main() -> tuple[str, bool]:
        async with sdk.AsyncStreams32Client(base_url=server.url, max_retries=0) as client:
            stream = await client.logs.stream()
            item = await stream.__aiter__().__anext__()
            await stream.close()
            return item.message, stream.response.is_closed

    assert asyncio.run(main()) == ("x", True)


def test_a_value_that_is_not_json_raises_and_closes(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    parts = [b'{"name": "cpu", "value": 1}\n', b"{oops\n", b'{"name": "x", "value": 2}\n']
    server.default = Chunks(parts, "application/x-ndjson")
    seen: list[Any] = []

    def consume(c: Any) -> Any:
        async def async_consume() -> None:
            stream = await c.metrics.stream()
            seen.append(stream)
            async for item in stream:
                seen.append(item)

        if runner.mode == "async":
            return async_consume()
        stream = c.metrics.stream()
        seen.append(stream)
        for item in stream:
            seen.append(item)
        return None

    with pytest.raises(sdk.ResponseValidationError) as caught:
        runner.run(consume)
    assert "value 2 of the application/x-ndjson response is not JSON" in str(caught.value)
    assert caught.value.body == "{oops" and caught.value.status_code == 200
    assert seen[1] == sdk.models.Metric(name="cpu", value=1) and seen[0].response.is_closed


def test_a_mismatched_item_is_read_leniently_unless_strict(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    body = [b'{"name": "cpu", "value": "high"}\n']
    server.script = [Chunks(body, "application/x-ndjson"), Chunks(body, "application/x-ndjson")]
    [item] = runner.run(lambda c: drain(c.metrics.stream()))
    assert isinstance(item, sdk.models.Metric) and item.value == "high"
    with pytest.raises(sdk.ResponseValidationError):
        runner.run(lambda c: drain(c.metrics.stream()), strict_response_validation=True)


def test_an_unmapped_discriminator_value_reads_as_the_default_mapping(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    m = sdk.models
    server.script = [
        Reply(200, {"kind": "hexagon", "sides": 6}),
        Reply(200, {"kind": "square", "side": 2}),
        Reply(200, {"sides": 0}),
    ]
    hexagon, square, untagged = (runner.run(lambda c: c.shapes.get("s")) for _ in range(3))
    assert type(hexagon) is m.GenericShape and hexagon.kind == "hexagon" and hexagon.model_extra == {"sides": 6}
    assert type(square) is m.Square and square.side == 2
    assert type(untagged) is m.GenericShape and untagged.kind is None
    strict = m.GenericShape.model_validate({"kind": "oval"})  # a strict client validates the same way
    assert strict.kind == "oval"


def test_a_stream_is_its_own_raw_response_as_an_event_stream_is(sdk: ModuleType, server: FaultServer) -> None:
    """Streams, SSE or JSON, are not in `with_raw_response`/`with_streaming_response` (their body is
    never read up front): the stream carries its HTTP response, headers readable before iterating."""
    server.default = Chunks([RS + b'{"seq": 1}\n', RS + b'{"seq": 2}\n'], content_type="application/json-seq")
    with sdk.Streams32Client(base_url=server.url, max_retries=0) as client:
        assert not hasattr(client.with_streaming_response.records, "stream")
        assert not hasattr(client.with_streaming_response.ticks, "stream")
        with client.records.stream() as stream:
            assert stream.response.headers["content-type"] == "application/json-seq"
            assert [r.seq for r in stream] == [1, 2]


def test_a_json_lines_body_is_sent_one_item_a_line(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    m = sdk.models
    server.default = Reply(202, {"accepted": 2})

    def entries() -> Any:
        yield m.LogEntry(level="info", message="one")
        yield {"level": "error", "message": "two"}

    bodies = [
        [m.LogEntry(level="info", message="one"), {"level": "error", "message": "two"}],
        entries(),  # any iterable, read once
    ]
    for body in bodies:
        assert runner.run(lambda c, body=body: c.logs.ingest(body=body)).accepted == 2
    for seen in server.seen:
        assert seen.headers["Content-Type"] == "application/jsonl"
        lines = seen.body.decode().splitlines()
        assert [json.loads(line) for line in lines] == [
            {"level": "info", "message": "one"},
            {"level": "error", "message": "two"},
        ]
    with pytest.raises(sdk.RequestValidationError):
        runner.run(lambda c: c.logs.ingest(body=[{"level": "loud", "message": "x"}]))
    assert sdk._bodies.encode_body([{"a": 1}, 2], "json_seq") == {"content": b'\x1e{"a": 1}\n\x1e2\n'}


def _diagnostics(tmp_path: Path, spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    found = analyze(make_config(path, package_name="x", base=tmp_path), lenient=True)
    return [(d.kind, d.pointer, d.message) for d in found.diagnostics if d.kind == "unsupported-media-type"]


def _one_op(content: dict[str, Any], body: dict[str, Any] | None = None, version: str = "3.2.0") -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": "go", "responses": {"200": {"description": "ok", "content": content}}}
    if body is not None:
        op["requestBody"] = {"content": body}
    return {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {"/go": {"post": op}}}


def test_what_is_not_read_item_by_item_is_reported(tmp_path: Path) -> None:
    item = {"itemSchema": {"type": "object"}}
    found = _diagnostics(tmp_path, _one_op({"multipart/mixed": item}, body={"text/event-stream": item}))
    assert [(kind, pointer) for kind, pointer, _ in found] == [
        ("unsupported-media-type", "#/paths/~1go/post/requestBody/content/text~1event-stream/itemSchema"),
        ("unsupported-media-type", "#/paths/~1go/post/responses/200/content/multipart~1mixed/itemSchema"),
    ]
    assert "the itemSchema of 'multipart/mixed' is not supported" in found[1][2]
    mixed = {"multipart/mixed": {"schema": {"type": "array"}, "prefixEncoding": [{"contentType": "text/plain"}]}}
    assert _diagnostics(tmp_path, _one_op({}, body=mixed)) == []  # openapi32.py's, once (test_openapi_32)


def test_a_31_ndjson_body_with_a_plain_schema_is_still_a_download(tmp_path: Path) -> None:
    spec = _one_op({"application/x-ndjson": {"schema": {"type": "object"}}}, version="3.1.0")
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    found = analyze(make_config(path, package_name="x", base=tmp_path), lenient=True)
    [op] = found.api.operations
    assert op.success is not None and [c.kind for c in op.success.contents] == ["binary"]


PROGRAM = """# pyright: strict
import asyncio

from streams_32 import AsyncStreams32Client, ItemStream, Streams32Client, models


def total(client: Streams32Client) -> float:
    stream: ItemStream[models.Metric] = client.metrics.stream()
    with stream:
        return sum(m.value for m in stream)


def text(client: Streams32Client) -> str:
    out = ""
    for event in client.chat.chat(body={"prompt": "hi"}):
        if isinstance(event.data, models.Delta):
            out += event.data.text
        elif isinstance(event.data, models.Usage):
            out += str(event.data.tokens)
        else:
            out += event.data
    return out


def describe(shape: models.Shape) -> str:
    if isinstance(shape, models.Circle):
        return f"circle {shape.radius}"
    if isinstance(shape, models.Square):
        return f"square {shape.side}"
    return f"other {shape.kind}"


def upload(client: Streams32Client, lines: list[str]) -> int:
    entries = (models.LogEntry(level=models.LogEntryLevel.INFO, message=line) for line in lines)
    first = client.logs.ingest(body=entries).accepted
    return first + client.logs.ingest(body=[{"level": "error", "message": "x"}]).accepted


async def levels(client: AsyncStreams32Client) -> list[str]:
    async with await client.logs.stream() as stream:
        return [entry.level.value async for entry in stream]


def wrong(client: Streams32Client) -> None:
    for record in client.records.stream():
        record.missing  # an error: records have no such field


asyncio.run(levels(AsyncStreams32Client()))
"""


@pytest.mark.slow
def test_a_program_iterating_streams_type_checks(sdk: ModuleType) -> None:
    project = Path(str(sdk.__file__)).parent.parent
    (project / "use_streams.py").write_text(PROGRAM, encoding="utf-8")
    checked = type_check(project, ["use_streams.py"])
    assert checked.mypy.keys() == checked.pyright.keys() == {"use_streams.py"}, checked  # the SDK is clean
    mypy, pyright = checked.errors("use_streams.py")
    assert len(mypy) == 1 and '"Record" has no attribute "missing"' in mypy[0], checked.mypy_output
    assert pyright and all('"missing"' in e for e in pyright), pyright  # the wrong line only
