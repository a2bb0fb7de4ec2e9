"""Hostile YAML (issue 12): read as YAML 1.2, and an alias bomb refused before it is expanded.

YAML 1.1 (PyYAML's default) reads `yes`/`no`/`on`/`off`/`y`/`n` as booleans, `10:30` as a base-60
integer, `0755` as octal and `1_000` as a thousand, so an enum of strings became booleans and the
SDK sent `true` for "yes". The generator reads the 1.2 core schema (`generator/yaml_core.py`);
these tests pin every rule of it, then check what a generated SDK sends and accepts on the wire.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import math
import re
import resource
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator import yaml_core
from generator.diagnostics import BadInput
from generator.load import MAX_NODES, load
from tests.fault_server import FaultServer, Reply
from tests.helpers import generate, import_package, sdkgen

SPEC = """\
openapi: 3.0.3
info: {title: Answers, version: "1"}
paths:
  /answers:
    get:
      operationId: getAnswer
      parameters:
        - name: answer
          in: query
          required: true
          schema: {$ref: "#/components/schemas/Answer"}
        - name: mode
          in: query
          schema: {type: integer, enum: [0755, 0x1F, 0o17]}
        - name: switch
          in: query
          schema: {type: string, enum: [on, off, ~]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Reply"}
components:
  schemas:
    Answer:
      type: string
      enum: [yes, no, on, off, y, n, Yes, NO, 10:30, 1_000, 0b101, 2024-01-01]
    Reply:
      type: object
      required: [answer]
      properties:
        answer: {$ref: "#/components/schemas/Answer"}
        count: {type: integer, default: 0o17, maximum: 0x1F}
        note: {type: string, nullable: true, default: ~}
"""
STRINGS = ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "10:30", "1_000", "0b101", "2024-01-01"]


def read(text: str) -> Any:
    return yaml_core.load(text, max_nodes=MAX_NODES, max_depth=64)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        *[(s, s) for s in STRINGS],
        *[(s, s) for s in ["On", "OFF", "Y", "N", "tRUE", "nULL", "0o8", "0x", "0xG", "1__0", "1,000", "+.5e", "inf"]],
        *[(s, s) for s in ["1:20:30", "-10:30", "2001-12-14t21:59:43.10-05:00", "=", "<<x"]],
        ("~", None),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("", None),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("0755", 755),  # decimal in 1.2 (octal in 1.1)
        ("-0755", -755),
        ("+12", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("0xff", 255),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("-1.", -1.0),
        ("1.5E-3", 0.0015),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("+.INF", math.inf),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    loaded = read(f"v: {text}\n")["v"]
    assert loaded == value and type(loaded) is type(value)


@pytest.mark.parametrize("text", [".nan", ".NaN", ".NAN"])
def test_nan_is_a_float(text: str) -> None:
    assert math.isnan(read(f"v: {text}\n")["v"])


def test_quoted_and_explicitly_tagged_scalars() -> None:
    assert read("a: 'yes'\nb: \"0755\"\nc: !!str 12\nd: !!int 0755\ne: !!float 1\n") == {
        "a": "yes",
        "b": "0755",
        "c": "12",
        "d": 755,
        "e": 1.0,
    }


@pytest.mark.parametrize("text", ["!!int 1_000", "!!bool yes", "!!float 10:30", "!!int " + "9" * 5000])
def test_a_tag_that_does_not_fit_its_value_is_malformed_yaml(tmp_path: Path, text: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx: {text}\n")
    with pytest.raises(BadInput) as caught:
        load(spec)
    assert caught.value.line == 4
    assert caught.value.message.startswith("malformed YAML: ") and "(YAML 1.2 core schema)" in caught.value.message
    assert len(caught.value.message) < 150


def test_keys_are_the_text_as_written() -> None:
    assert list(read("200: a\n0755: b\nyes: c\n~: d\n1e3: e\ntrue: f\n")) == ["200", "0755", "yes", "~", "1e3", "true"]


def test_merge_keys_still_merge() -> None:
    assert read("base: &b {x: 1, y: 2}\nm: {<<: *b, y: 3}\n")["m"] == {"x": 1, "y": 3}


def test_the_spec_reads_as_written(tmp_path: Path) -> None:
    spec = tmp_path / "answers.yaml"
    spec.write_text(SPEC)
    data = load(spec).data
    schemas = data["components"]["schemas"]
    assert schemas["Answer"]["enum"] == STRINGS
    assert data["paths"]["/answers"]["get"]["parameters"][1]["schema"]["enum"] == [755, 31, 15]
    assert schemas["Reply"]["properties"]["count"] == {"type": "integer", "default": 15, "maximum": 31}
    assert schemas["Reply"]["properties"]["note"]["default"] is None


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    folder = tmp_path_factory.mktemp("answers")
    (folder / "answers.yaml").write_text(SPEC)
    generate(folder / "answers.yaml", folder / "out", "answers")
    return import_package(folder / "out", "answers")


def test_the_enum_stays_strings_in_the_sdk(answers: ModuleType) -> None:
    assert [member.value for member in answers.models.Answer] == STRINGS
    reply = answers.models.Reply.model_validate({"answer": "yes"})
    assert reply.answer == "yes" and reply.count == 15
    assert reply.model_dump(by_alias=True, exclude_unset=True) == {"answer": "yes"}


def allowed(sdk: ModuleType, parameter: str) -> list[object]:
    """The values a parameter's annotation allows: its enum class's, or its Literal's."""
    resource = importlib.import_module(f"{sdk.__name__}.resources.answers").AnswersResource
    annotation = str(inspect.signature(resource.get).parameters[parameter].annotation)
    enum = re.search(r"models\.(\w+)", annotation)
    if enum is not None:
        return [member.value for member in getattr(sdk.models, enum.group(1))]
    literal = re.search(r"Literal\[(.*?)\]", annotation)
    assert literal is not None, annotation
    return list(ast.literal_eval(f"[{literal.group(1)}]"))


def test_inline_enums_keep_what_was_written(answers: ModuleType) -> None:
    assert allowed(answers, "mode") == [755, 31, 15]
    assert allowed(answers, "switch") == ["on", "off"]  # and None: `~` is null


def test_the_strings_go_on_the_wire_as_strings(answers: ModuleType, server: FaultServer) -> None:
    client = answers.AnswersClient(base_url=server.url)
    for value in ["yes", "off", "n", "10:30", "1_000"]:
        server.script.append(Reply(200, {"answer": value, "count": 31}))
        reply = client.answers.get(answer=value, mode=755, switch="on")
        assert reply.answer == value and reply.count == 31
    assert [(s.query["answer"], s.query["mode"], s.query["switch"]) for s in server.seen] == [
        ([v], ["755"], ["on"]) for v in ["yes", "off", "n", "10:30", "1_000"]
    ]


def alias_bomb(distinct: int, aliases: int) -> str:
    """A flow-style spec whose `x` holds `distinct` empty lists and whose `y` names `x` `aliases`
    times. The old bounds (50 visits per distinct container, 20 M containers) were checked while
    copying, so it was copied up to 20 M containers before being refused (1.5 MB: 87 s, 1.36 GB)."""
    body = ",".join(["[]"] * distinct)
    return (
        '{openapi: 3.0.3, info: {title: t, version: "1"}, paths: {}, '
        f"x: &a [{body}], y: [{', '.join(['*a'] * aliases)}]}}\n"
    )


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    spec = tmp_path / "bomb.yaml"
    spec.write_text(alias_bomb(500_000, 49))  # 1.5 MB, 25 M containers expanded
    assert 1_400_000 < spec.stat().st_size < 1_600_000
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = sdkgen("generate", str(spec), "-o", str(tmp_path / "out"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"error: {spec}:1 #: the document expands to more than {MAX_NODES:,} nodes through YAML aliases; refused\n"
    )
    assert not (tmp_path / "out").exists()
    # A bound, not a benchmark (CPU time, so a busy machine does not make it flaky): counting runs
    # once per distinct node, about 3 s with the interpreter's start; expanding, as before, took 87 s.
    assert cpu < 15


def expanded(node: Any) -> int:
    """Nodes of a loaded document as the budget counts them: containers, keys and scalars."""
    if isinstance(node, dict):
        return 1 + len(node) + sum(expanded(v) for v in node.values())
    if isinstance(node, list):
        return 1 + sum(expanded(v) for v in node)
    return 1


def test_the_budget_counts_nodes_as_expanded() -> None:
    """Layered aliases (each layer names the one below 4 times) are counted exactly as expanded:
    a budget of that many nodes passes, one fewer refuses, at the line of the container whose
    aliases crossed it."""
    layers = ["l0: &l0 [x, x, x, x]"] + [
        f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]" for i in range(1, 8)
    ]
    text = "\n".join(layers) + "\ntop: [*l7, *l7]\n"
    exact = expanded(read(text))
    assert exact > 4**9
    assert expanded(yaml_core.load(text, max_nodes=exact, max_depth=64)) == exact
    with pytest.raises(yaml_core.TooBig) as caught:
        yaml_core.load(text, max_nodes=exact - 1, max_depth=64)
    assert caught.value.line == 9


def test_a_bomb_in_a_mapping_key_or_a_merge_is_counted() -> None:
    layers = ["l0: &l0 [x, x, x, x, x, x, x, x]"] + [
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 8)}]" for i in range(1, 6)
    ]
    base = "\n".join(layers) + "\n"
    for attack in ["? [*l5, *l5, *l5, *l5]\n: v\n", "m: &m {k: *l5}\nn: {<<: [*m, *m], j: [*l5, *l5, *l5, *l5]}\n"]:
        with pytest.raises(yaml_core.TooBig):
            yaml_core.load(base + attack, max_nodes=1_000_000, max_depth=64)


def test_recursive_aliases_end_at_the_depth_bound(tmp_path: Path) -> None:
    spec = tmp_path / "loop.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx: &x [a, *x]\n")
    with pytest.raises(BadInput) as caught:
        load(spec)
    assert caught.value.message.startswith("nesting deeper than")


def test_json_has_the_same_node_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON has no aliases, so its size is its text's; the same budget applies all the same."""
    import generator.load

    spec = tmp_path / "wide.json"
    items = ",".join(["[1]"] * 3000)
    spec.write_text(f'{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "x": [{items}]}}')
    monkeypatch.setattr(generator.load, "MAX_NODES", 5000)
    with pytest.raises(BadInput) as caught:
        load(spec)
    assert caught.value.message == "the document has more than 5,000 nodes; refused"
    assert caught.value.pointer.startswith("#/x")
