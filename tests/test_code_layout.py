"""`code_layout.lay_out` writes what `ruff format` writes, checked against ruff itself on random
examples of the docs' shape; a docs page of such examples is not staged for ruff, and is as
ruff leaves it."""

from __future__ import annotations

import json
import random
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruff.__main__ import find_ruff_bin

from generator.files import RenderedFile
from generator.python import format as format_module
from generator.python.code_layout import Laid, lay_out
from generator.python.escape import Code
from generator.python.pycode import data_literal, fit_annotation
from generator.python.ruff_rewrites import as_ruff_writes

WIDTHS = (120, 88, 60, 40)
_CHARS = "abcdefghij klmnop_-/:.{}[](),#'\"\\é\U0001f3b2"


def _json(rng: random.Random, depth: int) -> Any:
    kind = rng.choice(["str", "str", "int", "float", "bool", "none", "list", "dict"] if depth < 3 else ["str", "int"])
    if kind == "str":
        size = rng.choice([0, 3, 10, 25, 60])
        return "".join(rng.choice(_CHARS if rng.random() < 0.2 else _CHARS[:20]) for _ in range(size))
    if kind == "int":
        return rng.choice([0, 1, -5, 12345678901234])
    if kind == "float":
        return rng.choice([1.5, -0.25, 1e-05, 1e16])
    if kind in ("bool", "none"):
        return rng.choice([True, False, None])
    if kind == "list":
        return [_json(rng, depth + 1) for _ in range(rng.choice([0, 1, 2, 5]))]
    return {f"key_{rng.randrange(40)}": _json(rng, depth + 1) for _ in range(rng.choice([0, 1, 2, 6]))}


def _value(rng: random.Random) -> str:
    """An argument's value: data, or a call of it (a model read from data, a date from text)."""
    data = data_literal(_json(rng, 0))
    if rng.random() < 0.15:
        return f"models.Thing.model_validate({data})"
    if rng.random() < 0.1:
        return f"datetime.date.fromisoformat({data_literal(_json(rng, 3))})"
    return data


def _example(rng: random.Random) -> str:
    """A script shaped as `docs_examples.example_call` writes one, on one line a statement."""
    args = [f"name_{i}={_value(rng)}" for i in range(rng.choice([0, 1, 2, 4]))]
    if rng.random() < 0.3:
        args.append(rng.choice(['body=pathlib.Path("report.pdf")', 'day=datetime.date.fromisoformat("2024-01-01")']))
    call = f"client.{'group_name.' * rng.randrange(1, 4)}method_name({', '.join(args)})"
    ctor = ", ".join(f'key_{i}=os.getenv("ENV_VAR_{i}", "")' for i in range(rng.choice([0, 1, 6])))
    statement = rng.choice(
        [
            [f"    result = {call}", "    print(result)"],
            [f"    page = {call}", "    for item in page.data:", "        print(item)"],
            [f"    with {call} as download:", "        print(len(download.read()), download.content_type)"],
            [f"    {call}", '    print("done")'],
        ]
    )
    return "\n".join(["import os", "", "from pkg import Client", "", f"with Client({ctor}) as client:", *statement])


def _test_module(rng: random.Random) -> str:
    """A test function shaped as the generated test modules write one (`project/test_group.py.j2`)."""
    args = ", ".join(f"name_{i}={_value(rng)}" for i in range(rng.choice([0, 1, 2, 4])))
    method = f"{'group_name.' * rng.randrange(1, 4)}method_name"
    lines = rng.choice(
        [
            [f"        result: _t.Any = c.{method}({args}).data"],
            [f"        status = status_of(c.{method}{', ' if args else ''}{args})"],
            [f"        page = await c.{method}({args})  # the first page only"],
            [f"        return await c.{method}({args})"],
            [f"        c.{method}({args})"],
            [f"        with c.{method}({args}) as download:", "            pass"],
            [f"        with client() as d, c.{method}({args}) as download:", "            pass"],
            [f"        async with async_client() as d, await c.{method}({args}) as response:", "            pass"],
        ]
    )
    return "\n".join(["async def test_it() -> None:", "    with client() as c:", *lines])


def _ruff(texts: list[str], width: int, folder: Path) -> list[str]:
    for n, text in enumerate(texts):
        (folder / f"e{n}.py").write_text(text + "\n", encoding="utf-8")
    ruff = [str(find_ruff_bin()), "format", "--isolated", "--no-cache", "--line-length", str(width)]
    subprocess.run([*ruff, "--target-version", "py311", str(folder)], check=True, capture_output=True)
    return [(folder / f"e{n}.py").read_text(encoding="utf-8")[:-1] for n in range(len(texts))]


def _as_ruff_writes(
    make: Callable[[random.Random, int], str], widths: tuple[int, ...], seed: int, folder: Path
) -> list[list[str]]:
    """150 modules of `make` at each width (from `random.Random(width + seed)`), each laid out and
    compared with ruff's formatting of it: what was laid out, per width (each as ruff writes it).
    The modules share their lines laid out, as a generation's do; a second pass, from that
    memory, and a pass without it give the same."""
    claimed: list[list[str]] = []
    for width in widths:
        rng = random.Random(width + seed)
        modules = [make(rng, width) for _ in range(150)]
        memory: Laid = {}
        laid = [lay_out(m, width, memory) for m in modules]
        assert [lay_out(m, width, memory) for m in modules] == laid == [lay_out(m, width) for m in modules]
        claimed.append([])
        for module, ours, theirs in zip(modules, laid, _ruff(modules, width, folder), strict=True):
            if ours is not None:
                assert ours == theirs, module
                claimed[-1].append(ours)
    return claimed


@pytest.mark.parametrize("width", WIDTHS)
def test_lay_out_writes_what_ruff_writes(tmp_path: Path, width: int) -> None:
    rng = random.Random(width)
    examples = [_example(rng) if n % 2 else _test_module(rng) for n in range(600)]
    laid = [lay_out(e, width) for e in examples]
    claimed = [text for text in laid if text is not None and as_ruff_writes(text, width)]
    assert len(claimed) > 25  # many are laid out (or fit as they are): most but at width 40
    assert any("\n        " in text and text.count("\n") > 8 for text in claimed)  # some were split
    assert any(text is None for text in laid)  # and some are left to ruff
    formatted = _ruff(examples, width, tmp_path)
    for example, ours, theirs in zip(examples, laid, formatted, strict=True):
        if ours is not None:
            assert ours == theirs, example
    assert _ruff(claimed, width, tmp_path) == claimed  # what is claimed is ruff's fixed point


def test_what_is_not_laid_out() -> None:
    long = "x" * 100
    assert lay_out(f'    result = client.a.b(text="{long}")  # note', 60) == (
        f'    result = client.a.b(\n        text="{long}"\n    )  # note'
    )  # an argument with nothing to split at: on its own line however long, as ruff leaves it
    assert (
        lay_out(f'    with c() as x, c.a.b(text="{long[:30]}") as y:', 60)
        == (  # two context managers
            f'    with (\n        c() as x,\n        c.a.b(text="{long[:30]}") as y,\n    ):'
        )
    )
    assert lay_out(f'    with c() as x, c.a.b(text="{long[:30]}") as y:  # note', 60) is None
    assert lay_out(f'    x = c.a.b(text="{long[:30]}") + c.d(1)', 60) is None  # not a call alone
    assert lay_out(f'    x = c.a.b(text="{long[:30]}") # one space', 60) is None
    assert (
        lay_out(f'    x = c.a.b(text="{long[:40]}")  # note', 60)
        == f'    x = c.a.b(\n        text="{long[:40]}"\n    )  # note'
    )

    assert lay_out(f'    result = client.a.b(name=x + "{long}")', 60) is None  # an operator: not read here
    assert lay_out(f'    result = client.a.b(day=datetime.date.fromisoformat("{long}"))', 60) == (
        f'    result = client.a.b(\n        day=datetime.date.fromisoformat(\n            "{long}"\n        )\n    )'
    )  # a string too long for any line: on its own, as ruff leaves it
    assert lay_out(f'    result = client.a.b(day=x.f("{long[:50]}").y)', 60) is None  # a call, then more
    assert lay_out(f'    result = client.a.b(body=("{long}", 1))', 60) is None  # a tuple
    assert lay_out(f"    result = client.{long}.b(x=1)", 60) == f"    result = client.{long}.b(\n        x=1\n    )"
    # the head does not fit even in parentheses: split at the call all the same, as ruff does
    assert lay_out(f"    with client.{long}.b(x=1) as y:", 60) is None  # a `with` whose head does not fit
    assert lay_out('    result = client.a.b(x="say \\"hi\\"")', 60) is None  # ruff changes its quotes
    assert lay_out(f'    result = client.a.b(x="{long}é")', 60) is None  # not ASCII
    assert lay_out("    result = client.a.b(x=1)", 60) == "    result = client.a.b(x=1)"
    text = f'def f() -> None:\n    """Doc.\n\n    Call(the thing, {long[:40]})\n    """'
    assert lay_out(text, 60) == text  # a line of a docstring, shaped as a call: text, left as it is
    as_code = text.replace('"""Doc', "# Doc").replace('    """', "    pass")
    assert lay_out(as_code, 60) != as_code  # the same line as code is laid out: the docstring is what stops it
    assert not as_ruff_writes('    result = client.a.b(x="say \\"hi\\"")', 60)
    assert not as_ruff_writes("    x = 1e+16", 60)  # ruff writes 1e16
    assert not as_ruff_writes("    assert status in (302, 410,)", 60)  # a magic trailing comma
    assert as_ruff_writes("    assert status in (404,)", 60)  # a tuple's comma
    assert not as_ruff_writes("    f(404,)", 60)
    assert as_ruff_writes('    x: _t.Annotated[str, _c(pattern="[0-9]{4,}[a-z,]")]', 60)  # in a string: text
    assert not as_ruff_writes('    x = f("{4,}", [1, 2,])', 60)  # a magic comma after one in a string
    assert not as_ruff_writes("    x = [\n        'a,]', [1,]]", 60)  # a single-quoted line: read as code
    assert not as_ruff_writes('    """Doc with "a,]\n    and" more."""', 60)  # across a docstring's lines: code
    assert as_ruff_writes("    # " + "a comment too long " * 10, 60)  # ruff leaves comments as they are
    assert as_ruff_writes('"""A docstring ' + "too long " * 10 + "\n\nMore.\n" + '"""', 60)  # and docstrings


def test_a_long_line_of_a_docstring_is_left_as_ruff_leaves_it(tmp_path: Path) -> None:
    """The lines of a docstring (or of any triple-quoted string) are text: ruff moves a docstring's
    lines in to its quotes, but never splits or joins them."""
    words = ("a long line of text, " * 6).rstrip(", ")
    texts = [
        f'class A:\n    """First.\n\n    {words}\n      - {words}\n    """\n\n    x: int\n    """{words}"""',
        f'"""Module {words}.\n\n{words}\n"""\n\nX = 1\n"""{words}\n"""',
        f'class B:\n    x: int\n    """Field.\n\n    {words}\n    """\n\n    y: str = "{words[:30]}"',
    ]
    laid = [lay_out(text, 60) for text in texts]
    assert laid == texts  # nothing laid out: every long line is a string's
    assert _ruff(texts, 60, tmp_path) == texts


def test_text_outside_ascii_is_read_only_in_a_docstring_body_or_where_it_fits(tmp_path: Path) -> None:
    """ruff measures a line by the width its characters show at (a CJK character takes two
    columns): a module with characters outside ASCII is laid out only when each is in the body
    of a triple-quoted string, which ruff leaves as it is, or on a line that fits even with each
    of them two columns wide."""
    call = f'    x = f(name="{"n" * 30}", other="{"o" * 20}")'
    body = 'class A:\n    """First.\n\n    Café 東京 ' + ("wide text " * 8).rstrip() + '\n    """\n\n' + call
    short = '\n    y = "東京"  # → ' + "z" * 37  # 55 characters, at most 58 columns
    laid = [lay_out(body, 60), lay_out(body + short, 60)]
    assert laid[0] is not None and laid[0] != body  # the call laid out, the docstring left
    assert laid == _ruff([body, body + short], 60, tmp_path)
    assert lay_out(body.replace("First.", "First 東京 " + "f" * 42 + "."), 60) is None  # on the quotes' line: 59 + 2
    assert lay_out(body + short + "zzzz", 60) is None  # in code, 59 characters: maybe 62 columns


def _page(examples: list[str], extra: str = "") -> str:
    blocks = "".join(f"## op\n\n{extra}```python\n{e}\n```\n\n" for e in examples)
    return f"<!-- Generated -->\n# `group`\n\n{blocks}"


def test_a_page_of_examples_as_ruff_writes_them_is_not_staged(tmp_path: Path) -> None:
    examples = [_example(random.Random(n)) for n in range(40)]
    laid = [text for text in (lay_out(e, 88) for e in examples) if text is not None and as_ruff_writes(text, 88)]
    assert any(text.count("\n") > 8 for text in laid)
    page = _page(laid)
    assert not format_module._to_format(RenderedFile("docs/g.md", page), 88, len(laid))
    (tmp_path / "g.md").write_text(page, encoding="utf-8")
    ruff = [str(find_ruff_bin()), "format", "--isolated", "--no-cache", "--line-length", "88", "--check"]
    assert subprocess.run([*ruff, str(tmp_path / "g.md")], capture_output=True).returncode == 0
    # a fence from a spec's description, or a count that does not match: staged
    fenced = _page(laid, extra="```python\nx = ( 1 )\n```\n\n")
    assert format_module._to_format(RenderedFile("docs/g.md", fenced), 88, len(laid))
    assert format_module._to_format(RenderedFile("docs/g.md", page), 88, len(laid) - 1)
    assert format_module._to_format(RenderedFile("docs/g.md", page.replace("```python", "~~~python", 1)), 88, len(laid))


def test_a_generated_docs_page_and_test_module_with_long_calls_skip_ruff_and_are_as_ruff_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.python import target
    from tests.helpers import generate

    properties = {f"property_number_{i}": {"type": "string", "example": f"value {i} " * 3} for i in range(8)}
    body = {"type": "object", "required": sorted(properties), "properties": properties}
    spec = tmp_path / "api.json"
    operation = {
        "operationId": "make",
        "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
        "responses": {"200": {"description": "ok"}},
    }
    spec.write_text(
        json.dumps(
            {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/things": {"post": operation}}}
        ),
        encoding="utf-8",
    )
    staged: list[str] = []
    pages: dict[str, str] = {}
    real = target.format_files

    def spy(files: list[RenderedFile], *, line_length: int, known: dict[str, int]) -> list[RenderedFile]:
        for f in files:
            if format_module._to_format(f, line_length, known.get(f.path, -1)):
                staged.append(f.path)
            if f.path.startswith(("docs/", "tests/test_")) and f.path != "docs/README.md":
                pages[f.path] = f.text
        return real(files, line_length=line_length, known=known)

    monkeypatch.setattr(target, "format_files", spy)
    out = generate(spec, tmp_path / "out", "pkg")
    group = next(path for path, text in pages.items() if "```python" in text and "property_number_7" in text)
    tests = next(path for path in pages if path.startswith("tests/test_"))
    assert group not in staged and tests not in staged
    assert '        body={\n            "property_number_0": ' in pages[group]  # it was laid out
    assert '                "property_number_0": ' in pages[tests]  # and in both test functions
    assert '                    "property_number_0": ' in pages[tests]
    ruff = [str(find_ruff_bin()), "format", "--isolated", "--no-cache", "--line-length", "88", "--check"]
    for path in (group, tests):
        assert subprocess.run([*ruff, str(out / path)], capture_output=True).returncode == 0, path
        assert (out / path).read_text(encoding="utf-8") == pages[path]


def test_custom_templates_are_formatted_by_ruff(tmp_path: Path) -> None:
    """What `code_layout` claims holds for the built-in templates only: a custom one (here the
    test module's, with a single-quoted string and a blank line too many) goes through ruff."""
    from generator.config import make_config
    from generator.inputs import templates_root
    from generator.pipeline import build
    from generator.write import write
    from tests.helpers import ROOT

    name = "project/test_group.py.j2"
    custom = tmp_path / "tpl" / name
    custom.parent.mkdir(parents=True)
    custom.write_text((templates_root() / name).read_text() + "\n\n\nMARK = 'custom'\n")
    spec = tmp_path / "intuned.yaml"
    spec.write_bytes((ROOT / "specs" / "intuned.yaml").read_bytes())
    out = tmp_path / "out"
    config = make_config(spec, output=out, package_name="custom_sdk", base=tmp_path, templates="tpl")
    built = build(config)
    write(out, built.files, built.prints)
    modules = sorted((out / "tests").glob("test_*.py"))
    assert modules and all('MARK = "custom"\n' in m.read_text() for m in modules)
    ruff = [str(find_ruff_bin()), "format", "--isolated", "--check", "--line-length", "88", str(out / "tests")]
    assert subprocess.run(ruff, capture_output=True, text=True).returncode == 0


def _name(rng: random.Random, prefix: str = "") -> str:
    words = ["Org", "Request", "Body", "Item", "Variant", "Setting"]
    return prefix + "".join(rng.choice(words) for _ in range(rng.randint(1, 6)))


def _union(rng: random.Random, depth: int = 0) -> str:
    """A type as the models and the methods annotate one: models, a `Literal`, a `list` or a
    `dict` of such, `None`, `NotGiven`."""
    operands = [_name(rng, "models.") for _ in range(rng.randint(1, 2 if depth else 3))]
    if rng.random() < 0.5:
        words = ["all", "none", "off-topic", "createdDateTime", "id desc", "isDeleted"]
        values = [json.dumps(rng.choice(words)) for _ in range(rng.randint(1, 8))]
        operands.append("_t.Literal[" + ", ".join(values) + "]")
    if not depth and rng.random() < 0.4:
        operands.insert(0, rng.choice(["list[", "_b.list[", "dict[str, "]) + f"{_union(rng, 1)}]")
    operands.append(rng.choice(["None", "_base.NotGiven", "list[str]"]))
    return " | ".join(operands)


def _signature_module(rng: random.Random, width: int) -> str:
    """A class of fields and a method, as the model and resource modules write them before ruff:
    long annotations in parentheses (`fit_annotation`), the method's parameters a line each, a
    nested function of one parameter, a call's keyword arguments a line each."""

    def annotated(indent: int, tail: str) -> str:
        name = _name(rng).lower()
        return " " * indent + f"{name}: {fit_annotation(indent, name, Code(_union(rng)), tail, width)}{tail}"

    value = rng.choice(["", " = None", " = _base.NOT_GIVEN", f" = {_name(rng)}.{_name(rng).upper()}"])
    alias = json.dumps(_name(rng))
    field = f" = _p.Field(default=None, validation_alias={alias}, serialization_alias={alias})"
    pattern = '    c: _t.Annotated[str, _checks(pattern="^[0-9]{4,}$")]'
    fields = [annotated(4, value), annotated(4, value), annotated(4, field), pattern]
    members = [f"    {_name(rng).upper()} = {json.dumps(_name(rng) * rng.randint(1, 3))}" for _ in range(3)]
    enum = [f"class {_name(rng)}{_name(rng)}{_name(rng)}(str, _OpenEnum):", *members]
    parameters = [annotated(8, value + ",") for _ in range(2)]
    returns = f"_pagination.SyncPage[{_name(rng, 'models.')}, {_name(rng, 'models.')}{_name(rng)}]"
    errors = ", ".join(f'"{400 + n}": {_name(rng, "models.")}' for n in range(rng.randint(1, 5)))
    fetched = f"_pagination.Fetched[{_name(rng, 'models.')}, list[{_name(rng)}]]"
    body = [
        f"        def fetch(state: _pagination.State) -> {fetched}:",
        "            return state",
        "",
        f"        self.{_name(rng).lower()} = _raw.wrap(resource.{_name(rng).lower()}, lazy=True)",
        "        return send(",
        f"            error_types={{{errors}}},",
        "            timeout=timeout,",
        "        )",
    ]
    signature = ["    def method(", "        self,", "        *,", *parameters, f"    ) -> {returns}:", *body]
    init = f"    def __init__(self, resource: {_name(rng)}{_name(rng)}, other: int) -> None:\n        pass"
    imports = (
        f"if _t.TYPE_CHECKING:\n    from .a import (\n        {_name(rng)}{_name(rng)}{_name(rng)},\n        B,\n    )"
    )
    call = f'        f(\n            path="/{_name(rng)}/{{{_name(rng).lower()}}}/{_name(rng)}/$count",\n        )'
    header = f"class {_name(rng)}{_name(rng)}Param(_t.TypedDict, total=False):"
    return "\n".join([imports, "", "", *enum, "", "", header, *fields, "", init, "", *signature, call])


_OPERAND = re.compile(r" +(?:\| )?models\.\w+,?")  # an operand or an element that is a name, on its line


def test_annotations_and_signatures_are_laid_out_as_ruff_writes_them(tmp_path: Path) -> None:
    """The shapes the model and resource modules have beyond calls: each module laid out here is
    what ruff writes, and many are laid out whole."""
    widths = (120, 88, 60)
    per_width = _as_ruff_writes(_signature_module, widths, 1, tmp_path)
    assert all(len(laid) > 5 for laid in per_width)
    claimed = [text for laid in per_width for text in laid]
    # laid out with a name or a string alone on a line too long: nothing to split at
    overlong = sum(
        any(len(line) > width and _OPERAND.fullmatch(line) for line in text.split("\n"))
        for width, laid in zip(widths, per_width, strict=True)
        for text in laid
    )
    assert overlong > 5
    assert any("\n        | " in text for text in claimed)  # a union split, an operand a line
    assert any("list[\n" in text for text in claimed)  # a subscript split
    assert any("| _t.Literal[\n" in text for text in claimed)  # its elements a line each
    assert any("\n    ) = " in text for text in claimed)  # a field's annotation in parentheses
    assert any(" = (\n" in text for text in claimed)  # a field's value in parentheses instead
    assert any(") -> _pagination.SyncPage[\n" in text for text in claimed)  # a return annotation split
    assert any(re.search(r"SyncPage\[\n        models\.\w+,\n", text) for text in claimed)  # an element a line
    assert any("def fetch(\n" in text for text in claimed)  # a nested function's parameter on its line
    assert any("error_types={\n" in text for text in claimed)  # an argument's dict, an item a line
    assert any("Param(\n    _t.TypedDict, total=False\n):" in text for text in claimed)  # a class's bases
    assert any(re.search(r'\n    [A-Z]+ = \(\n        "', text) for text in claimed)  # a member's value
    assert any(" = _p.Field(\n        default=None" in text for text in claimed)  # a field's call
    assert any("{4,}$" in text for text in claimed)  # a comma and a bracket in a string: not a magic comma
    assert any("def __init__(\n        self,\n" in text for text in claimed)  # a parameter a line
    assert any("def __init__(\n        self, resource: " in text for text in claimed)  # all on one
    assert any(len(line) > 60 and "path=" in line for text in claimed[-5:] for line in text.split("\n"))  # kept


def _heads_module(rng: random.Random) -> str:
    """A module of the lines whose head is what is long: a method returning a call of a long class
    name (a resource's `with_raw_response`), a test function of a long name and no parameter, an
    import from a module of a long name, and an argument that is a name too long for any line."""
    words = ["Admin", "Service", "Health", "Overviews", "Issues", "Resource", "With", "Streaming", "Response"]

    def name(low: int, high: int) -> str:
        return "".join(rng.choice(words) for _ in range(rng.randint(low, high)))

    argument = rng.choice(["self", "self._resource.issues", "self._resource, lazy=True"])
    chain = ".".join("r_" + name(1, 4).lower() for _ in range(rng.randint(2, 5)))  # a method: `c.a.b.count`
    arguments = ", ".join(f'a_{name(1, 2).lower()}="string"' for _ in range(rng.randint(0, 6)))
    test = "test_" + name(4, 14).lower()
    module = "._" + name(6, 14).lower()
    return "\n".join(
        [
            f"from {module} import (\n    A,\n    B,\n)",
            "",
            "",
            f"class {name(4, 14)}:",
            *([f'    from_: {name(6, 14)} = _p.Field(validation_alias="from")', ""] if rng.random() < 0.3 else []),
            f"    def with_raw_response(self) -> {name(2, 6)}:",
            f"        return {name(4, 16)}({argument})",
            "",
            f"    def {test}() -> {rng.choice(['None', '_t.Any'])}:",
            f"        data = _t.cast(models.{name(3, 9)}, _base.parse(response, models.{name(3, 12)}))",
            f"        self.{test[5:]} = _streamed.async_wrap(resource.{test[5:]})",
            "        return send(",
            f'            path_params={{"{name(1, 5)}-id": {test[5:]}}},',
            "        )",
            "",
            f"    def {test[5:]}(self, a: int, b: {name(1, 3)}) -> None:",
            "        pass",
            "",
            f"    def __init__(self, resource: {name(6, 14)}) -> None:",
            "        pass",
            "",
            f"    async def {test[5:]}(",  # a signature the template wrote a parameter a line
            "        self,",
            "    ) -> None:",
            f"        result: _t.Any = c.{chain}({arguments})",
            f"        return await c.{chain}({arguments})",
            f"        await c.{chain}({arguments})",
            f"        page: _t.Any = c.{chain}({arguments}).data",  # an attribute after the call
            f"        await c.{chain}({arguments})  # declared to return nothing",  # a comment after
        ]
    )


def test_long_heads_are_laid_out_as_ruff_writes_them(tmp_path: Path) -> None:
    """A head too long for its line (a class, a function, a module's name): ruff puts a returned
    call in parentheses when its own head then fits, a function's return annotation in
    parentheses when it has no parameter, and leaves an import's first line and an argument that
    is a name as they are, however long."""
    claimed = [
        text for laid in _as_ruff_writes(lambda rng, _: _heads_module(rng), (88, 60), 2, tmp_path) for text in laid
    ]
    assert len(claimed) > 150
    assert any("        return (\n" in text for text in claimed)  # a returned call in parentheses
    assert any(re.search(r"\n        return \w{80,}\(\n", text) for text in claimed)  # or split however long
    assert any("() -> (\n        None\n    ):" in text for text in claimed)  # an annotation in parentheses
    assert any(re.match(r"from \._\w{60,} import \(\n", text) for text in claimed)  # an import's head
    assert any(re.search(r"\n {12,}models\.\w{57,},\n", text) for text in claimed)  # a name too long
    assert any(re.match(r"(?s).*\nclass \w{61,}:\n", text) for text in claimed)  # a class's line
    assert any(re.search(r"\n        self\.\w+ = \(\n            _streamed", text) for text in claimed)  # a value
    assert any(re.search(r"\n        self\.\w{75,} = _streamed\.async_wrap\(\n", text) for text in claimed)
    assert any(re.search(r"\n        resource: \w{75,},\n", text) for text in claimed)  # a parameter too long
    assert any(re.search(r'path_params=\{\n {16}"\w+-id": \w{60,}\n', text) for text in claimed)  # an item
    assert any(re.search(r"\n    def \w{80,}\(\n        self, a: int, b: \w+\n    \) -> None:", t) for t in claimed)
    assert any(re.search(r"\n    async def \w{80,}\(\n        self,\n", t) for t in claimed)  # a signature's head
    # a call of a chain of attributes too long for its line: in parentheses after `x: T = ` or
    # `return` when its head then fits (with its `await`), else split at its bracket however long
    assert any(re.search(r"\n        result: _t\.Any = \(\n            c\.\w", t) for t in claimed)
    assert any(re.search(r"\n        return \(\n            await c\.\w", t) for t in claimed)
    assert any(re.search(r"\n        result: _t\.Any = c\.[\w.]{70,}\(\n", t) for t in claimed)
    assert any(re.search(r"\n        await c\.[\w.]{75,}\(\n", t) for t in claimed)
    assert any(re.search(r"\n        await \(\n            c\.\w", t) for t in claimed)  # a statement awaited
    assert any(
        re.search(r"\n        page: _t\.Any = \(\n            c\.[^\n]*\n(?: {16}.*\n)*            \)\.data\n", t)
        for t in claimed
    )
    assert any(re.search(r"\n        \)  # declared to return nothing", t) for t in claimed)


def _types_module(rng: random.Random, width: int) -> str:
    """The lines whose types ruff splits inside: a field `_t.Annotated[T, _checks(pattern=...)]`
    (a format's pattern, often too long for any line), a model's read-only set, a TypedDict's
    field with no parentheses around its annotation, a method's `_t.cast` of a union, a test's
    `assert isinstance`."""
    pattern = json.dumps("^" + "-".join(f"[0-9a-fA-F]{{{rng.randint(1, 12)}}}" for _ in range(rng.randint(1, 6))) + "$")
    checked = f"_t.Annotated[{rng.choice(['_uuid.UUID', '_dt.datetime', 'str'])}, _checks(pattern={pattern})]"
    if rng.random() < 0.3:
        checked = f"list[{checked}]"
    alias = json.dumps(_name(rng))
    value = rng.choice([" = None", f" = _p.Field(default=None, validation_alias={alias}, serialization_alias={alias})"])
    name = _name(rng).lower()
    field = f"    {name}: {fit_annotation(4, name, Code(checked + ' | None'), value, width)}{value}"
    read_only = ", ".join(json.dumps(_name(rng)) for _ in range(rng.randint(1, 4)))
    union = f"{_name(rng, 'models.')}{_name(rng)} | dict[str, _t.Any] | None"
    literal = _name(rng).lower()
    typed = f"_t.Sequence[{_name(rng)}{_name(rng)}Param | _t.Mapping[str, _t.Any] | None]"
    return "\n".join(
        [
            f"class {_name(rng)}(_p.BaseModel):",
            field,
            f"    __sdk_read_only__: _t.ClassVar[frozenset[str]] = frozenset({{{read_only}}})",
            f'    object_: _t.Literal["{literal}"] = _p.Field(default="{literal}", validation_alias="object")',
            "",
            "",
            f"class {_name(rng)}Param(_t.TypedDict, total=False):",
            f"    {_name(rng).lower()}: {typed}",
            f"    {_name(rng).lower()}: {_name(rng)}{_name(rng)}{_name(rng)}Param",  # a name: nothing to split at
            "",
            "",
            "class Resource:",
            "    def method(self) -> None:",
            f"        return _t.cast({union}, _base.parse(response, {union}))",
            "",
            "",
            "def test_method() -> None:",
            f"    assert isinstance(result, {_name(rng, 'models.')}{_name(rng)})",
        ]
    )


def test_types_split_inside_are_laid_out_as_ruff_writes_them(tmp_path: Path) -> None:
    """A call inside a type (`_checks(...)`), a union as a call's argument, a field's annotation
    with no parentheses and a statement's call after a subscripted annotation or `assert`: laid
    out as ruff writes them, at two widths."""
    claimed = [text for laid in _as_ruff_writes(_types_module, (88, 72), 3, tmp_path) for text in laid]
    assert len(claimed) > 200
    assert any(re.search(r"\n {12}_checks\(\n {16}pattern=\"[^\n]{60,}\"\n {12}\),\n", t) for t in claimed)
    assert any(re.search(r"\n( {12,16})models\.\w+\n\1\| dict\[str, _t\.Any\]\n\1\| None,\n", t) for t in claimed)
    assert any(re.search(r"\n    \w+: _t\.Sequence\[\n        \w+Param \| _t\.Mapping", t) for t in claimed)
    assert any(re.search(r"\n    \w+: _t\.Sequence\[\n        \w+Param\n        \| _t\.Mapping", t) for t in claimed)
    assert any("= frozenset(\n" in t for t in claimed)  # a call after a subscripted annotation
    assert any(re.search(r'\n    object_: _t\.Literal\["\w+"\] = _p\.Field\(\n', t) for t in claimed)
    assert any(re.search(r"\n    \w+: \(\n        \w+Param\n    \)\n", t) for t in claimed)  # in parentheses
    assert any(re.search(r"\n    \w+: \w{80,}Param\n", t) for t in claimed)  # too long even so: left
    assert any("    assert isinstance(\n" in t for t in claimed)


def _magic_module(rng: random.Random, width: int) -> str:
    """A resource method's calls as the template writes them: security alternatives and response
    contents as tuples with a magic trailing comma (`(a, b, )`: ruff writes an element a line),
    a tuple of one (`(a,)`, whose comma is the tuple's), in lines short or long."""
    schemes = [f'("{_name(rng).lower()}",)' for _ in range(rng.randint(1, 3))]
    security = f"({schemes[0]},)" if len(schemes) == 1 else "(" + "".join(f"{s}, " for s in schemes) + ")"
    if rng.random() < 0.3:  # one alternative of two schemes together: a tuple of one around a magic comma
        security = f'(("{_name(rng).lower()}", "{_name(rng).lower()}", ),)'
    contents = [f'_base.Content("application/{_name(rng).lower()}", "json", {_name(rng, "models.")})' for _ in range(2)]
    decoded = f"({contents[0]},)" if rng.random() < 0.3 else "(" + "".join(f"{c}, " for c in contents) + ")"
    union = " | ".join(_name(rng, "models.") for _ in range(rng.randint(1, 2)))
    one = rng.choice([",", ", "])  # a tuple of one as ruff writes it, or with a space ruff takes out
    headers = '(("a", "b"), ("c", "d"), )'
    return "\n".join(
        [
            "class Resource:",
            "    def method(self) -> None:",
            "        response = self._client.send(",
            f'            path="/{_name(rng).lower()}",',
            f"            security={security},",
            f'            encoding={{"file": _base.Part(content_types=("image/png"{one}), headers={headers})}},',
            "        )",
            f"        return _t.cast({union}, _base.decode(response, {decoded}))",
        ]
    )


def test_magic_trailing_commas_are_laid_out_as_ruff_writes_them(tmp_path: Path) -> None:
    """A bracket whose last comma ends it is written an element a line however short, and every
    bracket around it split too; a tuple of one keeps its comma on its line."""
    claimed = [text for laid in _as_ruff_writes(_magic_module, (88, 120), 4, tmp_path) for text in laid]
    assert len(claimed) > 100  # of 300: `("image/png", )` on a line with a magic comma is left to ruff
    assert any('content_types=("image/png",),\n' in t for t in claimed)
    assert any(re.search(r"\n {12}security=\(\n {16}\(\"\w+\",\),\n {16}\(\"\w+\",\),\n", t) for t in claimed)
    assert any(re.search(r"\n {12}security=\(\(\"\w+\",\),\),\n", t) for t in claimed)  # a tuple of one
    assert any(
        re.search(r"\n {12}security=\(\n {16}\(\n {20}\"\w+\",\n {20}\"\w+\",\n {16}\),\n {12}\),", t) for t in claimed
    )
    assert any(re.search(r"\n {16}\(\n(?: {20}_base\.Content\([^\n]*\),\n){2} {16}\),\n", t) for t in claimed)
