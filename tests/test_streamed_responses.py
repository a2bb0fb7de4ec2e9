"""`with_streaming_response`: a context manager that sends the request on entering, hands back the
response with its body unread, and closes it on leaving.

Against the committed golden SDK of tests/golden/specs/runtime_31.yaml and the local scripted
server, with the sync and the async client: the body is not read before it is asked for (the
server holds the rest of the body back until the test has the response in hand), `parse()` is the
plain call's result, status errors are raised on entering after the retries, the response is
closed on leaving (on an error inside the block too), and a user program is typed under mypy
--strict and pyright --strict (`parse()` gives the method's type).
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.fault_server import Chunks, FaultServer, Reply
from tests.helpers import ROOT, import_package
from tests.program_checks import type_check
from tests.runtime_helpers import MODES, Runner

GOLDEN = ROOT / "tests" / "golden" / "runtime_31"


@pytest.fixture(scope="module")
def sdk() -> ModuleType:
    return import_package(GOLDEN, "runtime_31")


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Runner:
    return Runner(request.param, sdk.Runtime31Client, sdk.AsyncRuntime31Client, api_key="k", base_url=server.url)


def item(i: int) -> dict[str, Any]:
    return {"id": f"i{i}", "name": f"item {i}"}


def streamed(runner: Runner, call: Any, use: Any) -> Any:
    """Enter `call(client)` (the streaming call) and return `use(response)`, awaited for the
    async client, with the response kept for checks after the block: `(result, response)`."""
    if runner.mode == "sync":

        def sync_action(client: Any) -> Any:
            with call(client) as response:
                result = use(response)
            return result, response

        return runner.run(sync_action)

    async def async_action(client: Any) -> Any:
        async with call(client) as response:
            result = use(response)
            while hasattr(result, "__await__"):
                result = await result
        return result, response

    return runner.run(async_action)


async def _alist(iterator: Any) -> list[Any]:
    return [part async for part in iterator]


def gather(runner: Runner, iterator: Any) -> Any:
    """A list of what a sync or async iterator of the response gives."""
    return list(iterator) if runner.mode == "sync" else _alist(iterator)


def test_the_body_is_not_read_before_it_is_asked_for(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    # The server sends the first part of the body, then waits until the test has entered the
    # block: a client that read the body up front would still be waiting when the gate times out.
    entered = threading.Event()
    waited: list[bool] = []
    body = json.dumps(item(3)).encode()
    server.default = Chunks(
        [body[:10], body[10:]], "application/json", after_first=lambda: waited.append(entered.wait(10))
    )

    def use(response: Any) -> Any:
        unread = not response.http_response.is_stream_consumed
        entered.set()
        if runner.mode == "sync":
            return unread, response.parse()

        async def parsed() -> Any:
            return unread, await response.parse()

        return parsed()

    (unread, parsed), response = streamed(runner, lambda c: c.items.with_streaming_response.get("i3"), use)
    assert unread and waited == [True]
    assert isinstance(parsed, sdk.models.Item) and parsed == runner.run(lambda c: c.items.get("i3"))
    assert response.is_closed and response.status_code == 200


def test_the_body_is_iterated_as_it_arrives(runner: Runner, server: FaultServer) -> None:
    lines = [b'{"id": "i1",\n', b'"name": "one"}\n']
    server.default = Chunks(lines, "application/json")
    chunks, _ = streamed(
        runner, lambda c: c.with_streaming_response.items.get("i1"), lambda r: gather(runner, r.iter_bytes())
    )
    assert b"".join(chunks) == b"".join(lines)
    server.default = Chunks(lines, "application/json")
    text_lines, _ = streamed(
        runner, lambda c: c.with_streaming_response.items.get("i1"), lambda r: gather(runner, r.iter_lines())
    )
    assert text_lines == ['{"id": "i1",', '"name": "one"}']
    server.default = Chunks(lines, "application/json")
    text, _ = streamed(
        runner, lambda c: c.with_streaming_response.items.get("i1"), lambda r: gather(runner, r.iter_text())
    )
    assert "".join(text) == b"".join(lines).decode()


def test_read_text_json_and_the_response_s_parts(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = Reply(200, item(2), {"X-Request-Id": "r-2"})
    for method, expected in (("read", json.dumps(item(2)).encode()), ("text", json.dumps(item(2))), ("json", item(2))):
        got, response = streamed(
            runner, lambda c: c.items.with_streaming_response.get("i2"), lambda r, m=method: getattr(r, m)()
        )
        assert got == expected
    assert response.headers["x-request-id"] == "r-2" and response.status_code == 200
    assert response.http_request.url.path == "/items/i2" and response.url == response.http_request.url
    prefix = "" if runner.mode == "sync" else "Async"
    assert type(response) is getattr(sdk, f"{prefix}StreamedResponse") and repr(response).endswith("[200]>")


def test_status_errors_are_raised_on_entering_after_the_retries(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    server.script = [Reply(503, {}), Reply(404, {"message": "no such item"})]
    used: list[object] = []
    with pytest.raises(sdk.errors.APIStatusError) as caught:
        streamed(runner, lambda c: c.items.with_streaming_response.get("nope"), used.append)
    assert used == [] and caught.value.status_code == 404 and len(server.seen) == 2 and len(runner.delays) == 1
    server.script = [Reply(503, {}), Reply(200, item(5))]
    parsed, _ = streamed(runner, lambda c: c.items.with_streaming_response.get("i5"), lambda r: r.parse())
    assert parsed.id == "i5" and len(server.seen) == 4


def test_the_response_is_closed_when_the_block_raises(runner: Runner, server: FaultServer) -> None:
    server.default = Chunks([b'{"id": ', b'"i1"}'], "application/json")
    kept: list[Any] = []

    def use(response: Any) -> Any:
        kept.append(response)
        raise KeyError("inside the block")

    with pytest.raises(KeyError):
        streamed(runner, lambda c: c.items.with_streaming_response.get("i1"), use)
    assert kept[0].is_closed and not kept[0].http_response.is_stream_consumed


def test_a_list_s_first_page_and_a_strict_client_s_mismatch(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    server.default = Reply(200, {"data": [item(1), item(2)], "total": 2})
    page, response = streamed(runner, lambda c: c.with_streaming_response.items.list(), lambda r: r.parse())
    assert [i.id for i in page.data] == ["i1", "i2"] and response.is_closed
    server.default = Reply(200, {"id": 7})
    classes = (sdk.Runtime31Client, sdk.AsyncRuntime31Client)
    strict = Runner(runner.mode, *classes, api_key="k", base_url=server.url, strict_response_validation=True)
    with pytest.raises(sdk.errors.ResponseValidationError):
        streamed(strict, lambda c: c.items.with_streaming_response.get("i7"), lambda r: r.parse())


USER_PROGRAM = """# pyright: strict
import asyncio
from typing import assert_type

from runtime_31 import AsyncRuntime31Client, AsyncStreamedResponse, Runtime31Client, StreamedResponse
from runtime_31.models import Item


def use(client: Runtime31Client) -> str:
    with client.items.with_streaming_response.get("i1") as response:
        assert_type(response, StreamedResponse[Item])
        status: int = response.status_code
        lines: list[str] = list(response.iter_lines())
        item = response.parse()
        assert_type(item, Item)
    with client.with_streaming_response.items.get(item_id="i1") as again:
        chunks: list[bytes] = list(again.iter_bytes())
    return f"{status} {lines} {chunks} {item.id} {item.to_json(indent=None)} {item.to_dict()}"


async def use_async(client: AsyncRuntime31Client) -> str:
    async with client.with_streaming_response.items.get("i1") as response:
        assert_type(response, AsyncStreamedResponse[Item])
        text: list[str] = [part async for part in response.iter_text()]
        item = await response.parse()
        assert_type(item, Item)
    async with client.items.with_streaming_response.list(limit=2) as listed:
        page = await listed.parse()
    return f"{text} {item.name} {page.data[0].id}"


print(use(Runtime31Client(api_key="k")), asyncio.run(use_async(AsyncRuntime31Client(api_key="k"))))
"""

MISUSE = """from runtime_31 import Runtime31Client

with Runtime31Client(api_key="k").items.with_streaming_response.get("i1") as response:
    wrong: int = response.parse().id
"""


@pytest.mark.slow
def test_a_users_streaming_program_type_checks_under_mypy_and_pyright_strict(tmp_path: Path) -> None:
    project = tmp_path / "runtime_31"
    shutil.copytree(GOLDEN, project)
    (project / "use_streams.py").write_text(USER_PROGRAM, encoding="utf-8")
    (project / "misuse_streams.py").write_text(MISUSE, encoding="utf-8")
    checked = type_check(project, ["use_streams.py", "misuse_streams.py"])
    assert checked.mypy.keys() | checked.pyright.keys() == {"misuse_streams.py"}, checked  # use_streams.py is clean
    mypy, pyright = checked.errors("misuse_streams.py")
    assert len(mypy) == 1 and "Incompatible types in assignment" in mypy[0], checked.mypy_output
    assert len(pyright) == 1, pyright
