"""`line_scan`: the one-regex scan of a line and the splits made from it, each against its
definition (a character at a time, a part at a time) on random lines."""

from __future__ import annotations

import random

from generator.python import line_scan


def _split_a_part_at_a_time(expr: str, separator: str) -> list[str]:
    """`split` by its definition: pieces joined until their brackets pair and their
    strings close (`scan_line` reads the part)."""
    parts: list[str] = []
    part = ""
    for piece in expr.split(separator):
        part = f"{part}{separator}{piece}" if part else piece
        if line_scan.scan_line(part + ",") is not None:
            parts.append(part)
            part = ""
    return [] if part else parts


def _type_expression(rng: random.Random, depth: int = 0) -> str:
    if depth > 3 or rng.random() < 0.3:
        return rng.choice(["a", "b.c", "1", '""', '"x, y"', '"p | q"', '"s\\"t"', '"[("', "a", "'q'", "("])
    separator = rng.choice([", ", " | "])
    inside = separator.join(_type_expression(rng, depth + 1) for _ in range(rng.randint(1, 4)))
    return rng.choice(["list[{}]", "_t.Literal[{}]", "f({})", "{{{}}}", "{}"]).format(inside)


def test_a_split_ends_each_part_where_the_part_is_whole() -> None:
    """One scan of the whole expression splits it where a part at a time does: at separators
    outside brackets and strings, nowhere when a bracket or a string is left open."""
    rng = random.Random(16)
    split = 0
    for _ in range(20_000):
        expr = rng.choice([", ", " | "]).join(_type_expression(rng, 1) for _ in range(rng.randint(1, 4)))
        for separator in (", ", " | "):
            parts = line_scan.split(expr, separator)
            assert parts == _split_a_part_at_a_time(expr, separator), (expr, separator)
            split += len(parts) > 1
    assert split > 1_000  # the separators were found outside brackets, not only refused


def _scan_a_character_at_a_time(text: str) -> line_scan.Scan | None:
    """`scan_line` by its definition, read a character at a time: brackets, commas and a
    comment outside double-quoted strings (escapes skipped); `None` for a triple quote, a single
    quote, a string left open, or brackets that do not pair."""
    if '"""' in text:
        return None
    stack: list[list[int]] = []
    top: list[int] = []
    scan = line_scan.Scan({}, {-1: top}, [])
    at = 0
    while at < len(text):
        c = text[at]
        if c == '"':
            at += 1
            while at < len(text) and text[at] not in '"\n':
                at += 2 if text[at] == "\\" else 1
            if at >= len(text) or text[at] != '"':
                return None
        elif c == "'":
            return None
        elif c == ",":
            (stack[-1] if stack else top).append(at)
        elif c in "([{":
            stack.append([at])
        elif c in ")]}":
            if not stack or text[stack[-1][0]] != "([{"[")]}".index(c)]:
                return None
            inside = stack.pop()
            scan.pairs[at] = inside[0]
            scan.commas[inside[0]] = inside[1:]
            scan.closes.append(at)
        elif c == "#":
            scan.comment = at
            return None if stack else scan
        at += 1
    return None if stack else scan


def test_a_line_is_scanned_as_read_a_character_at_a_time() -> None:
    """The one-regex scan finds what a reading a character at a time finds, on random lines with
    strings (holding brackets, commas, quotes and escapes) anywhere, a text after the last
    bracket long or short, strings left open and single quotes: the end of a line is found
    without reading its tail again from each character (a search that once made the scan cost
    100 µs on `) -> LongName:`), and a string after the last bracket is read, not refused."""
    rng = random.Random(2026)
    pieces = ["a", "b.c", " = ", " -> ", ", ", "(", ")", "[", "]", "{", "}", '"x, (y"', '"s\\"t"', '"#"', "'", '"']
    pieces.append("#c")
    tails = [" -> LongName:", ' + "s, (t"', " x" * 30, ""]
    read = tail = 0
    for _ in range(30_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.5:  # a balanced call, then a tail with no bracket, maybe with a string
            text = f"f({text.replace('(', '').replace(')', '')})" + rng.choice(tails)
        found = line_scan.scan_line(text)
        assert found == _scan_a_character_at_a_time(text), text
        read += found is not None
        tail += found is not None and '"' in text[max(found.closes, default=0) :]
    assert read > 5_000 and tail > 500  # lines were read, some with a string after their last bracket
