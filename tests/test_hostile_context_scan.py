"""The context scan of a rendered Python file (contexts.py), on the cases its fast paths skip
or take: whole strings, string prefixes read backwards, code between strings marked at once."""

from __future__ import annotations

import pytest

from generator.python import contexts
from generator.python.contexts import CLOSE, OPEN


def ph(i: int) -> str:
    return f"{OPEN}{i}{CLOSE}"


CASES = [
    pytest.param(f"x = {ph(0)} + {ph(1)}\n", ["Python code", "Python code"], id="code"),
    pytest.param(f'"""{ph(0)}"""\n', ["a docstring"], id="docstring"),
    pytest.param(f'r"""{ph(0)}"""\n', ["a docstring"], id="raw-docstring"),
    pytest.param(f'b"""{ph(0)}"""\n', ["a string literal"], id="bytes-triple"),
    pytest.param(f"'''{ph(0)}'''\n", ["a string literal"], id="single-triple"),
    pytest.param(f'x = rb"{ph(0)}"\n', ["a string literal"], id="two-letter-prefix"),
    pytest.param(f'x = f"a{{ {ph(0)} }}b{ph(1)}"\n', ["an f-string", "an f-string"], id="f-string"),
    pytest.param(f'x = Rf"""{{ {ph(0)} }}"""\n', ["an f-string"], id="triple-f-string"),
    pytest.param(f'x = f"{{y["{ph(0)}"]}}" + {ph(1)}\n', ["a string literal", "Python code"], id="string-in-field"),
    pytest.param(f'x = xf"{ph(0)}"\n', ["a string literal"], id="name-then-f-is-no-prefix"),
    pytest.param(f'x = {ph(0)}"{ph(1)}"\n', ["Python code", "an f-string"], id="joined-after-placeholder"),
    pytest.param(f'x = {ph(0)}b"{ph(1)}"\n', ["Python code", "an f-string"], id="joined-prefix"),
    pytest.param(f"x = 1  # {ph(0)} and {ph(1)}\ny = {ph(2)}\n", ["a # comment"] * 2 + ["Python code"], id="comment"),
    pytest.param(f'x = "a # {ph(0)}" # {ph(1)}\n', ["a string literal", "a # comment"], id="hash-in-string"),
    pytest.param(f'"""a""""{ph(0)}\n{ph(1)}\n', ["a string literal", "Python code"], id="four-quotes"),
    pytest.param(f'x = "a\n{ph(0)}"\n', ["Python code"], id="newline-ends-string"),
    pytest.param(f'x = "a\\"{ph(0)}"\n', ["a string literal"], id="escaped-quote"),
    pytest.param(f'"""\n{ph(0)}\n', ["a docstring"], id="unterminated-docstring"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_placeholder_gets_the_context_of_its_place(text: str, expected: list[str]) -> None:
    found = contexts._python(text)
    assert [found[k] for k in sorted(found)] == expected
    assert sorted(found) == [i for i, c in enumerate(text) if c == OPEN]


def test_a_placeholder_after_a_backslash_in_a_string_has_no_context() -> None:
    """The escape takes the placeholder's first character: the value would be refused."""
    text = f'x = "a\\{ph(0)}"\ny = {ph(1)}\n'
    assert list(contexts._python(text).values()) == ["Python code"]


def test_fill_refuses_a_value_in_a_context_that_does_not_take_it() -> None:
    slots = contexts.Slots()
    code = contexts.escape.pystr("a")
    placed = slots.place(code, None)
    assert slots.fill(f"x = {placed}\n", "m.py") == 'x = "a"\n'
    slots.clear()
    placed = slots.place(code, None)
    with pytest.raises(contexts.MisplacedValue, match="placed in a docstring"):
        slots.fill(f'"""{placed}"""\n', "m.py")
    slots.clear()
    with pytest.raises(contexts.MisplacedValue, match="placeholder of its own"):
        slots.fill(f"x = {ph(0)}\n", "m.py")
