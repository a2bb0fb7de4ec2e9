"""ruff's natural order (the `natord` crate) as a comparison of two names, a character at a
time: the reference the sort keys (`imports_sorted.natural_key`) are checked against."""

from __future__ import annotations

_DIGITS = frozenset("0123456789")


def natord_compare(a: str, b: str) -> int:
    """Digit runs compare as numbers, except that a run starting with `0` (`007`, a hash suffix
    `0f57…`) compares digit by digit, as a fraction; other characters as they are."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] in _DIGITS and b[j] in _DIGITS:
            fraction = a[i] == "0" or b[j] == "0"
            bias = 0
            while True:
                more_a, more_b = i < len(a) and a[i] in _DIGITS, j < len(b) and b[j] in _DIGITS
                if not more_a or not more_b:
                    if more_a != more_b:
                        return 1 if more_a else -1  # the shorter run first
                    break
                if a[i] != b[j]:
                    if fraction:
                        return -1 if a[i] < b[j] else 1
                    bias = bias or (-1 if a[i] < b[j] else 1)
                i, j = i + 1, j + 1
            if bias:
                return bias
            continue
        if a[i] != b[j]:
            return -1 if a[i] < b[j] else 1
        i, j = i + 1, j + 1
    return (i < len(a)) - (j < len(b))
