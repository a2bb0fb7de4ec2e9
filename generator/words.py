"""Splitting spec text into words, and the few English rules naming needs (plural → singular).

Pure functions on strings; shared by `normalize` (to build name hints) and `naming` (to case them).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Digits stay with the word before them (`s3`, `v2`, `int64`); a leading number is a word.
_BOUNDARY = re.compile(r"[A-Z]?[a-z]+\d*|[A-Z]+\d*(?![a-z])|\d+")


def split_words(text: str) -> list[str]:
    """`runApiStart` → [run, api, start]; `HTTPServer_v2` → [http, server, v2]; lower case."""
    return list(_words(text))


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """`split_words`, memoized: a spec repeats its property and parameter names thousands of
    times, and naming splits each several times (a tuple, so no caller can change it)."""
    ascii_text = (
        text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    return tuple(w.lower() for w in _BOUNDARY.findall(ascii_text))


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
