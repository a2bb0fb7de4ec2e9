"""The fast paths of the models' views and the render: each gives what the general way gives."""

from __future__ import annotations

import functools
import random

from generator.python import escape, pycode
from generator.python.imports_sorted import natural_key
from generator.python.render import isort_order
from tests.natord import natord_compare


def _by_comparison(names: list[str]) -> list[str]:
    """`isort_order` the general way: a comparison of each pair (`natord_compare`)."""

    def kind(name: str) -> int:
        return 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2

    def compare(a: str, b: str) -> int:
        return (kind(a) > kind(b)) - (kind(a) < kind(b)) or natord_compare(a, b)

    return sorted(names, key=functools.cmp_to_key(compare))


def test_isort_order_without_digits_is_the_natural_order() -> None:
    rng = random.Random(16)
    for alphabet in ("aAbB_", "aAbB_01", "xyZ"):
        names = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(300)]
        assert isort_order(names) == _by_comparison(names)


def test_isort_order_of_identifiers_with_digits_is_the_natural_order() -> None:
    """`natural_key` (names with digits and nothing before `0`) against a comparison a pair;
    a name with a character before `0` is sorted by comparisons."""
    rng = random.Random(17)
    pieces = ["A", "a", "b", "Z", "_", "é", "0", "1", "2", "9", "00", "01", "09", "10", "99", "007", "V2", "x0"]
    for _ in range(20):
        names = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(300)]
        assert isort_order(names) == _by_comparison(names)
    odd = ["a-1", "a1", "a.2", "a10", "a 3", "a9"]  # `-`, `.`, ` ` sort before the digits
    assert isort_order(odd) == _by_comparison(odd)


def test_docstring_fast_path_is_the_general_one() -> None:
    rng = random.Random(16)
    pieces = ["a", "Z", " ", "  ", "\n", "\n\n", " \n", "`x`", ".", "'", "#", "é", '"', "\\", "\t", "\r", "\x01"]
    pieces.append("\u202e")
    texts = ["", " ", "\n", "plain", " padded \n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        assert escape.docstring(text) == escape._docstring(text), repr(text)


def test_md_cell_codes_is_md_cell_code_of_each() -> None:
    rng = random.Random(16)
    pieces = ["a", "B.c", "_", " ", "  ", "\n", "`", "|", "é", "\t", "\r", "\x01", "\u202e", "1"]
    lists: list[list[str]] = [[], [""], ["a"], [" a"], ["a "], ["a", " b"], ["a ", "b"], ["a\nb", "c"]]
    for _ in range(3000):
        size = rng.randint(0, 4)
        lists.append(["".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(size)])
        lists.append([f"Enum.{rng.choice(['A', 'B_C', 'd1'])}" for _ in range(size)])
    prefixes = ["", "Enum.", " Enum.", "Enum .", "E|.", "É.", "E`."]
    for texts in lists:
        assert escape.md_cell_codes(texts) == [escape.md_cell_code(t) for t in texts], texts
        prefix = rng.choice(prefixes)
        assert escape.md_cell_codes(texts, prefix) == [escape.md_cell_code(prefix + t) for t in texts], (prefix, texts)


def test_clean_of_printable_unicode_is_the_character_by_character_way() -> None:
    import unicodedata

    def by_character(text: str) -> str:
        text = escape._INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
        if text.isascii():
            return escape._ASCII_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
        return "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else f"\\x{ord(ch):02x}" for ch in text)

    rng = random.Random(16)
    pieces = ["a", " ", "\n", "\t", "\r", "é", "\u00a0", "\u2003", "\x85", "\x01", "\u200b", "\ue000", "\U0001f600"]
    pieces.append("\ufffe")
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert escape._clean(text) == by_character(text), repr(text)


def test_backtick_runs_are_those_a_left_to_right_read_finds() -> None:
    import re

    def left_to_right(text: str) -> list[tuple[int, int]]:  # a backslash takes the character after it
        return [m.span() for m in re.finditer(r"\\.|`+", text, re.DOTALL) if m.group().startswith("`")]

    rng = random.Random(16)
    for _ in range(5000):
        text = "".join(rng.choice(["`", "``", "\\", "\\\\", "a", "|", "\n"]) for _ in range(rng.randint(0, 12)))
        assert escape._backtick_runs(text) == left_to_right(text), repr(text)


def _union_by_character(annotation: str) -> bool:
    """`pycode._top_level_union` the general way: the bracket depth at each character."""
    depth = 0
    for i, ch in enumerate(annotation):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "|" and depth == 0 and annotation[i - 1 : i + 2] == " | ":
            return True
    return False


def test_top_level_union_is_the_character_by_character_way() -> None:
    rng = random.Random(17)
    tokens = ["A", "b", " | ", "|", " ", "[", "]", "(", ")", "{", "}", ", "]
    texts = ["".join(rng.choice(tokens) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    texts += ["A | B", "list[A | B]", "list[A] | None", "dict[str, A | B] | None", "(A | B)", " | A"]
    assert [pycode._top_level_union(t) for t in texts] == [_union_by_character(t) for t in texts]
    assert 2_000 < sum(map(_union_by_character, texts)) < 18_000  # both answers are well represented


def test_natural_key_orders_each_pair_as_natord_compares_it() -> None:
    rng = random.Random(29)
    pieces = ["A", "a", "b", "_", "0", "1", "2", "9", "00", "10", "Name", "V2"]
    names = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(600)]
    for a in names[:300]:
        for b in names[300:]:
            ka, kb = natural_key(a), natural_key(b)
            assert (ka > kb) - (ka < kb) == natord_compare(a, b), (a, b)
    assert natord_compare("x12", "x12") == 0 and natural_key("x12") == natural_key("x12")
