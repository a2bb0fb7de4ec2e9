"""The Markdown scan's flag for a placeholder next to a backtick, a backslash or another
placeholder (`md_scan`, kept per chunk shape) says what a look at the whole text says, on random
text, from a cold cache and from one warmed by other texts; and a render that places a value so
is still refused."""

from __future__ import annotations

import random

import pytest

from generator.python import contexts, contexts_markdown, escape
from generator.python.contexts import CLOSE, OPEN


def ph(i: int) -> str:
    return f"{OPEN}{i}{CLOSE}"


ATOMS = [
    *["```", "~~~", "`", "``", "\\", "|", "<", "<!--", "-->", " ", "    ", "\n", "\n", "\n\n", "\n\n"],
    *["a", "b c", "#", "- ", "[a]", OPEN, CLOSE, OPEN + "3", ph(0), ph(1), ph(12), ph(1)],
]


def test_the_flag_of_each_text_is_a_look_at_the_whole_text() -> None:
    rnd = random.Random(20)
    texts = ["".join(rnd.choice(ATOMS) for _ in range(rnd.randint(0, 30))) for _ in range(6_000)]
    for warm in (False, True):
        contexts_markdown.CHUNKS.clear()
        contexts_markdown.LAST_CHUNKS.clear()
        for text in texts if warm else texts[:1]:
            contexts_markdown.md_scan(text)  # the cache filled by the others first, or not at all
        for text in texts:
            found, next_to = contexts_markdown.md_scan(text, contexts._PLACEHOLDER.split(text))
            assert next_to == any(pair in text for pair in contexts_markdown.NEXT_TO_PAIRS), text
            assert found == contexts_markdown.md_contexts(text), text


@pytest.mark.parametrize("text", [f"a {ph(0)}` b\n", f"a \\{ph(0)}\n", f"{ph(0)}{ph(1)}\n", f"{ph(0)}`\n\n"])
def test_a_value_next_to_a_backtick_a_backslash_or_another_is_refused(text: str) -> None:
    slots = contexts.Slots()
    slots.values[:] = [escape.md_inline("x"), escape.md_inline("y")]
    with pytest.raises(contexts.MisplacedValue, match="next to a backtick"):
        slots.fill(text, "page.md")
