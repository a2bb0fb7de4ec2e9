"""The page objects of a generated SDK on the wire: Stripe's and openai's lists against the local
recording server (tests/fault_server.py), with the sync and the async client.

A list method returns its first page (`.data`, `.body`, `.response`, `.has_next_page()`,
`.next_page()`, `.iter_pages()`), iterable over every item; the async method's result is
awaitable (the first page) and async-iterable (every item); `with_raw_response` covers it.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.fault_server import FaultServer, Reply, Seen
from tests.helpers import generate, import_package
from tests.pagination_shapes import SPEC
from tests.program_checks import type_check
from tests.runtime_helpers import MODES, Runner, collect, pages


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = tmp_path_factory.mktemp("shop")
    spec = root / "shop.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    return import_package(generate(spec, root / "sdk", "shop"), "shop")


@pytest.fixture(params=MODES)
def runner(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Runner:
    return Runner(request.param, sdk.ShopClient, sdk.AsyncShopClient, base_url=server.url)


def customer(i: int) -> dict[str, Any]:
    return {"id": f"cus_{i}", "name": f"customer {i}"}


def stripe_pages(total: int = 6, size: int = 2) -> Any:
    """Stripe's list: `size` customers after `starting_after`, `has_more` while more follow."""

    def answer(seen: Seen) -> Reply:
        after = seen.query.get("starting_after", [None])[0]
        start = 0 if after is None else int(after.removeprefix("cus_")) + 1
        data = [customer(i) for i in range(start, min(start + size, total))]
        body = {"object": "list", "url": "/v1/customers", "has_more": start + size < total, "data": data}
        return Reply(200, body)

    return answer


def after_of(server: FaultServer, name: str = "starting_after") -> list[list[str] | None]:
    return [s.query.get(name) for s in server.seen]


# ------------------------------------------------------------------------------ every item
def test_iterating_a_stripe_list_sends_the_last_id_until_has_more_is_false(runner: Runner, server: FaultServer) -> None:
    server.default = stripe_pages()
    ids = [c.id for c in runner.run(lambda c: collect(c.customers.list(limit=2)))]
    assert ids == [f"cus_{i}" for i in range(6)]
    assert after_of(server) == [None, ["cus_1"], ["cus_3"]]  # three pages, none after has_more=false
    assert all(s.query["limit"] == ["2"] and s.path == "/v1/customers" for s in server.seen)


def test_has_more_false_stops_even_with_a_next_page_given(runner: Runner, server: FaultServer) -> None:
    server.script = [
        Reply(200, {"data": [customer(1)], "has_more": True, "next_page": "p2"}),
        Reply(200, {"data": [customer(2)], "has_more": False, "next_page": "p3"}),
    ]
    ids = [c.id for c in runner.run(lambda c: collect(c.customers.search(query="name:'x'")))]
    assert ids == ["cus_1", "cus_2"]
    assert after_of(server, "page") == [None, ["p2"]]


def test_openai_list_sends_last_id_as_after(runner: Runner, server: FaultServer) -> None:
    server.script = [
        Reply(200, {"data": [customer(1), customer(2)], "first_id": "cus_1", "last_id": "cus_2", "has_more": True}),
        Reply(200, {"data": [customer(3)], "first_id": "cus_3", "last_id": "cus_3", "has_more": False}),
    ]
    ids = [a.id for a in runner.run(lambda c: collect(c.assistants.list(limit=2)))]
    assert ids == ["cus_1", "cus_2", "cus_3"]
    assert after_of(server, "after") == [None, ["cus_2"]]


def test_a_list_that_leaves_has_more_out_walks_to_an_empty_page(runner: Runner, server: FaultServer) -> None:
    server.script = [Reply(200, {"data": [customer(1), customer(2)]}), Reply(200, {"data": []})]
    assert [f.id for f in runner.run(lambda c: collect(c.files.list()))] == ["cus_1", "cus_2"]
    assert after_of(server, "after") == [None, ["cus_2"]]


# ------------------------------------------------------------------------------ page by page
def test_the_call_returns_the_first_page(sdk: ModuleType, server: FaultServer) -> None:
    server.default = stripe_pages()
    with sdk.ShopClient(base_url=server.url) as client:
        page = client.customers.list(limit=2)
        assert isinstance(page, sdk.SyncPage) and len(server.seen) == 1  # nothing more is fetched yet
        assert [c.id for c in page.data] == ["cus_0", "cus_1"]
        assert isinstance(page.body, sdk.models.CustomerListResponse) and page.body.has_more is True
        assert page.response.status_code == 200 and page.has_next_page()
        second = page.next_page()
        assert [c.id for c in second.data] == ["cus_2", "cus_3"] and after_of(server)[-1] == ["cus_1"]
        third = second.next_page()
        assert not third.has_next_page() and third.next_cursor is None
        with pytest.raises(sdk.PaginationError, match="last page"):
            third.next_page()
        assert len(server.seen) == 3
        assert [c.id for c in second] == [f"cus_{i}" for i in range(2, 6)]  # from that page on


def test_iter_pages_yields_each_page(runner: Runner, server: FaultServer) -> None:
    server.default = stripe_pages(total=5)
    got = runner.run(lambda c: pages(c.customers.list(limit=2)))
    assert [[c.id for c in p.data] for p in got] == [["cus_0", "cus_1"], ["cus_2", "cus_3"], ["cus_4"]]
    assert [p.next_cursor for p in got] == ["cus_1", "cus_3", None]
    assert [p.body.has_more for p in got] == [True, True, False]


def test_the_async_call_is_awaitable_and_async_iterable(sdk: ModuleType, server: FaultServer) -> None:
    server.default = stripe_pages()

    async def main() -> tuple[list[str], list[str], list[list[str]], list[str]]:
        async with sdk.AsyncShopClient(base_url=server.url) as client:
            listing = client.customers.list(limit=2)
            assert not server.seen  # nothing is sent before it is awaited or iterated
            page = await listing
            assert isinstance(page, sdk.AsyncPage) and page.has_next_page()
            first = [c.id for c in page.data]
            second = await page.next_page()
            walked = [[c.id for c in p.data] async for p in page.iter_pages()]
            every = [c.id async for c in client.customers.list(limit=2)]
            return first, [c.id for c in second.data], walked, every

    first, second, walked, every = asyncio.run(main())
    assert first == ["cus_0", "cus_1"] and second == ["cus_2", "cus_3"]
    assert walked == [["cus_0", "cus_1"], ["cus_2", "cus_3"], ["cus_4", "cus_5"]]
    assert every == [f"cus_{i}" for i in range(6)]
    assert len(server.seen) == 1 + 1 + 2 + 3  # iter_pages starts at the page it is called on


def test_every_async_list_method_is_the_same_kind_of_object(sdk: ModuleType) -> None:
    client = sdk.AsyncShopClient(base_url="http://127.0.0.1:9")
    for listing in (client.customers.list(), client.customers.search(), client.assistants.list(), client.files.list()):
        assert isinstance(listing, sdk.AsyncPaginator)
        assert hasattr(listing, "__await__") and hasattr(listing, "__aiter__")


# ------------------------------------------------------------------------------ raw responses
def test_raw_response_of_a_list_is_the_first_pages(runner: Runner, sdk: ModuleType, server: FaultServer) -> None:
    server.default = stripe_pages()
    raw = runner.run(lambda c: c.with_raw_response.customers.list(limit=2))
    assert raw.status_code == 200 and raw.headers["content-type"] == "application/json"
    assert json.loads(raw.http_response.content)["data"][0]["id"] == "cus_0"
    page = raw.parse()
    assert isinstance(page, sdk.SyncPage if runner.mode == "sync" else sdk.AsyncPage)
    assert [c.id for c in page.data] == ["cus_0", "cus_1"] and page.response is raw.http_response
    assert len(server.seen) == 1


# ------------------------------------------------------------------------------ guards
def test_a_server_that_answers_every_page_alike_stops_with_an_error(
    runner: Runner, sdk: ModuleType, server: FaultServer
) -> None:
    """A mock server (Prism) answers the same example page forever: the last id repeats."""
    server.default = Reply(200, {"data": [customer(1)], "has_more": True})
    with pytest.raises(sdk.PaginationError, match="repeated the cursor 'cus_1'"):
        runner.run(lambda c: collect(c.customers.list()))
    assert after_of(server) == [None, ["cus_1"]]


def test_an_item_left_as_a_dict_still_gives_the_cursor(sdk: ModuleType) -> None:
    paging = sdk._pagination.Paging("cursor_id", "starting_after", item_id=("id", "id"))
    assert paging._item_id({"id": "cus_9"}) == "cus_9" and paging._item_id({"name": "x"}) is None


def test_the_docs_example_reads_the_first_page_only(sdk: ModuleType) -> None:
    readme = (Path(sdk.__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Pagination", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    assert "page = client.customers.list()" in example and "for item in page.data:" in example


# ------------------------------------------------------------------------------ types
USER_PROGRAM = """# pyright: strict
import asyncio

from shop import AsyncShopClient, ShopClient
from shop.models import Customer


def every(client: ShopClient) -> list[str]:
    ids = [c.id for c in client.customers.list()]
    page = client.customers.list(limit=3)
    first: Customer = page.data[0]
    more: bool | None = page.body.has_more
    ids += [first.id, str(more), str(page.response.status_code), str(page.has_next_page())]
    for each in page.iter_pages():
        ids += [c.id for c in each.data]
    if page.has_next_page():
        ids.append(page.next_page().data[0].id)
    raw = client.with_raw_response.customers.list()
    ids.append(raw.parse().data[0].id)
    return ids


async def every_async(client: AsyncShopClient) -> list[str]:
    page = await client.assistants.list()
    ids = [page.data[0].id]
    ids += [a.id async for a in client.files.list()]
    ids += [p.data[0].id async for p in page.iter_pages()]
    ids += [a.id async for a in page]
    if page.has_next_page():
        ids.append((await page.next_page()).data[0].id)
    raw = await client.with_raw_response.customers.list()
    ids.append(raw.parse().data[0].id)
    return ids


print(every(ShopClient()), asyncio.run(every_async(AsyncShopClient())))
"""


@pytest.mark.slow
def test_a_users_list_program_type_checks_under_mypy_and_pyright_strict(sdk: ModuleType) -> None:
    project = Path(str(sdk.__file__)).parent.parent
    (project / "use_pages.py").write_text(USER_PROGRAM, encoding="utf-8")
    (project / "misuse_pages.py").write_text(
        "from shop import ShopClient\n\nwrong: int = ShopClient().customers.list().data[0].id\n", encoding="utf-8"
    )
    checked = type_check(project, ["use_pages.py", "misuse_pages.py"])
    assert checked.mypy.keys() | checked.pyright.keys() == {"misuse_pages.py"}, checked  # use_pages.py is clean
    mypy, pyright = checked.errors("misuse_pages.py")
    assert len(mypy) == 1 and "Incompatible types in assignment" in mypy[0], checked.mypy_output
    assert len(pyright) == 1, pyright
