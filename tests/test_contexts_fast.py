"""The fast paths of the render environment decide exactly what the slow ones did: the context
scanners against their reference (tests/contexts_reference.py, a line and a placeholder at a
time) on random text, the Markdown scan's cache of chunk shapes, and the template code that
reads view attributes and places values inline against the sandbox and `finalize` it skips."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import jinja2
import pytest

from generator.python import contexts, contexts_markdown, escape, render
from generator.python.contexts import CLOSE, OPEN
from tests import contexts_reference as reference


def ph(i: int) -> str:
    return f"{OPEN}{i}{CLOSE}"


# Pieces of Markdown, Python and TOML that change a scanner's state, and placeholders (some with
# stray placeholder characters around them).
ATOMS = [
    *["```", "~~~", "````", "`", "``", "\\", "|", "<", "<!--", "-->", "<div>", " ", "    ", "\t", "\r"],
    *["\n", "\n", "\n\n", "\n\n", "a", "b c", "\u00a0", "\x0c", "#", "'", '"', '"""', "'''", "f", "{", "}"],
    *["{{", "}}", 'f"', "f'''", "b'", 'rb"', "\\\n", "x\\", "=", "[a]", OPEN, CLOSE, OPEN + "3"],
    *[ph(1), ph(22), ph(1), ph(7)],
]


def each_placeholder(text: str, found: dict[int, str]) -> list[str | None]:
    return [found.get(m.start()) for m in contexts._PLACEHOLDER.finditer(text)]


def test_the_scanners_agree_with_their_reference_on_random_text() -> None:
    rnd = random.Random(16)
    for _ in range(20_000):
        text = "".join(rnd.choice(ATOMS) for _ in range(rnd.randint(0, 40)))
        parts = contexts._PLACEHOLDER.split(text)
        for kind, fast in (("py", contexts._python), ("md", contexts._markdown), ("toml", contexts._toml)):
            expected = reference.SCANNERS[kind](text)
            assert fast(text) == expected, (kind, text)
            assert contexts._SCANNERS[kind](text, parts) == each_placeholder(text, expected), (kind, text)


MARKDOWN = [
    pytest.param(f"# {ph(0)}\n\n| a | b |\n|---|---|\n| {ph(1)} | {ph(2)} |\n\n{ph(3)}\n", id="table"),
    pytest.param(f"```python\n{ph(0)}\n\n{ph(1)}\n```\n\n{ph(2)}\n", id="fence-across-empty-lines"),
    pytest.param(f"```\n{ph(0)}\n\n{ph(1)}\n", id="fence-never-closed"),
    pytest.param(f"<!-- a\n\n{ph(0)}\n\n-->\n{ph(1)}\n", id="comment-across-empty-lines"),
    pytest.param(f"<div>\n{ph(0)}\n\n{ph(1)}\n", id="html-to-empty-line"),
    pytest.param(f"a `b\n\nc` {ph(0)} `{ph(1)}`\n", id="code-span-ends-at-paragraph"),
    pytest.param(f"x\n    {ph(0)}\n\n    {ph(1)}\n", id="indented-after-paragraph-and-blank"),
    pytest.param(f"\n\n\n{ph(0)}\n \n{ph(1)}\n\n", id="blank-lines"),
]


@pytest.mark.parametrize("text", MARKDOWN)
def test_a_markdown_chunk_shape_seen_before_gets_the_same_contexts(text: str) -> None:
    """The cache of chunk shapes: the same page with other placeholder numbers (other digits,
    so other offsets) scanned again, from the cache, gives what the reference gives."""
    contexts_markdown.CHUNKS.clear()
    contexts_markdown.LAST_CHUNKS.clear()
    for numbers in (range(100), range(1000, 1100), range(7, 107)):
        renumbered = text
        for old, new in zip(range(8), numbers, strict=False):
            renumbered = renumbered.replace(ph(old), ph(new))
        assert contexts._markdown(renumbered) == reference._markdown(renumbered)


@dataclasses.dataclass(frozen=True)
class _Item:
    name: str
    count: int


def _sandbox(tmp_path: Path, text: str) -> tuple[jinja2.Template, contexts.Slots]:
    (tmp_path / "t.j2").write_text(text)
    slots = contexts.Slots()
    return render.environment(tmp_path, slots).get_template("t.j2"), slots


def test_inline_attribute_reads_keep_the_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A class read directly is one `_Sandbox.getattr` let through (here: made a view); other
    objects, private names and missing attributes still take the sandbox's path, the first time
    and after the direct path is known."""
    monkeypatch.setattr(_Item, "__module__", "generator.python.views_test")
    template, _ = _sandbox(
        tmp_path, "{% for i in items %}{{ i.name }}={{ i.count }}{% if not loop.last %},{% endif %}{% endfor %}"
    )
    items = [_Item("a", 1), _Item("b", 2)]
    for _ in range(2):
        assert template.render(items=items) == "a=1,b=2"
    assert (_Item, "name") in render._FAST_ATTRIBUTES
    for text in ("{{ items[0].__class__ }}", "{{ items.append }}", "{{ items[0].nothing }}"):
        template, _ = _sandbox(tmp_path, text)
        for _ in range(2):
            with pytest.raises((jinja2.exceptions.SecurityError, jinja2.exceptions.UndefinedError)):
                template.render(items=items)
    template, _ = _sandbox(tmp_path, "{{ items[0].nothing is defined }}")
    assert template.render(items=items) == "False"
    # a name Python cannot read after a dot (a keyword) compiles, read with `getattr`
    template, _ = _sandbox(tmp_path, "{{ items[0].name }}{{ items[0].from is defined }}{{ items[0].None is defined }}")
    for _ in range(2):
        assert template.render(items=items) == "aFalseFalse"


def test_inline_output_places_what_finalize_places(tmp_path: Path) -> None:
    """Identifier-shaped text and numbers as they are, escaped values as placeholders in order,
    anything else refused: the first time (`finalize`) and once known (inline)."""
    template, slots = _sandbox(tmp_path, "{{ a }} {{ n }} {{ b }} {{ code }} {{ doc }} {{ a }}{{ none }}")
    code, doc = escape.pystr("x y"), escape.docstring("d")
    for _ in range(2):
        slots.clear()
        text = template.render(a="name", n=3, b=True, code=code, doc=doc, none=None)
        assert text == f"name 3 True {ph(0)} {ph(1)} nameNone"
        assert slots.values == [code, doc]
    for bad in ("a-b", "x\ny", '"quoted"'):
        with pytest.raises(render.UnescapedText):
            template.render(a=bad, n=3, b=True, code=code, doc=doc, none=None)


def test_an_autoescape_block_keeps_jinjas_own_output(tmp_path: Path) -> None:
    template, slots = _sandbox(tmp_path, "{% autoescape true %}{{ a }} {{ code }}{% endautoescape %} {{ a }}")
    code = escape.pystr("<b>")
    assert template.render(a="x", code=code) == f"x {ph(0)} x"
    assert slots.values == [code]
