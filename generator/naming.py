"""The naming machinery every target shares: unique names from ordered candidates, claimed for
a whole family at once, with a diagnostic whenever a name had to change.

A target's naming module (`generator/<target>/naming.py`) supplies the policy: how spec text is
cased, which words are reserved, and which names derive from one another (a Python resource
class `FooResource` brings `AsyncFooResource`, `FooResourceWithRawResponse` and
`AsyncFooResourceWithRawResponse`). A family is claimed whole: a candidate is granted only when
every derived name is free too, so two elements can never meet through a derived name.
Deterministic: the result depends only on the order of the claims and their candidates.

Names are compared, and handed out, in Unicode normal form NFKC: Python reads identifiers that
way (`ﬁeld` is the attribute `field`, the Kelvin sign `K` is `K`), so two names that differ only
before normalization are one name, and a name handed out is the one the language sees.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from generator.diagnostics import Diagnostic

HASH_DIGITS = 8  # of the suffix that keeps a shortened name unique (`bounded`)


def bounded(name: str, limit: int, *, sep: str = "_") -> str:
    """`name` when it has at most `limit` characters; else its start, `sep` and the first
    `HASH_DIGITS` hex digits of the SHA-256 of the whole name, `limit` characters in all.
    Deterministic, and two long names that share their first `limit` characters stay apart."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:HASH_DIGITS]
    keep = max(limit - len(sep) - HASH_DIGITS, 1)
    return name[:keep].rstrip("_") + sep + digest


def nfkc(name: str) -> str:
    """`name` in NFKC, the form Python gives identifiers (ASCII text is its own)."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


@lru_cache(maxsize=64)
def _normalized(names: frozenset[str]) -> frozenset[str]:
    """The NFKC forms of a reserved set, which every namespace of its kind starts from."""
    return frozenset(nfkc(name) for name in names)


def alone(name: str) -> tuple[str, ...]:
    """The family of a name that derives nothing."""
    return (name,)


class Namer:
    """Hands out unique names (and their families) in one namespace.

    `claim` takes candidates best first; when all are taken, the last one gets the first free
    numeric suffix (`name2`, `name3`…). Skipping the first candidate because it was taken is a
    rename, reported to `renamed` with the element's pointer.
    """

    def __init__(self, taken: Iterable[str] = (), renamed: list[Diagnostic] | None = None) -> None:
        self.taken = set(_normalized(taken)) if isinstance(taken, frozenset) else {nfkc(name) for name in taken}
        self.renamed = renamed if renamed is not None else []

    def free(self, name: str, family: Callable[[str], tuple[str, ...]] = alone) -> bool:
        if family is alone:  # the common case, without building the family
            return nfkc(name) not in self.taken
        return not any(nfkc(member) in self.taken for member in family(name))

    def take(self, name: str, family: Callable[[str], tuple[str, ...]] = alone) -> str:
        """Take `name` (in NFKC) and its family; the name taken."""
        name = nfkc(name)
        if family is alone:
            self.taken.add(name)
        else:
            self.taken.update(nfkc(member) for member in family(name))
        return name

    def claim(
        self,
        candidates: list[str],
        family: Callable[[str], tuple[str, ...]] = alone,
        *,
        pointer: str | Callable[[], str] = "",
        what: str = "name",
    ) -> str:
        """The first free candidate (its family free too), taken. `pointer` (or a function
        that makes it, called only for a rename) places the element for the diagnostic."""
        first = nfkc(candidates[0])
        if family is alone and first not in self.taken:  # the common case: the first is free
            self.taken.add(first)
            return first
        candidates = [nfkc(c) for c in candidates]
        chosen = None
        for candidate in candidates:
            if self.free(candidate, family):
                chosen = candidate
                break
        if chosen is None:
            base, n = candidates[-1], 2
            while not self.free(f"{base}{n}", family):
                n += 1
            chosen = f"{base}{n}"
        if pointer and chosen != candidates[0] and not self.free(candidates[0], family):
            self.renamed.append(
                Diagnostic(
                    "info",
                    pointer if isinstance(pointer, str) else pointer(),
                    f"{what} `{candidates[0]}` is taken (reserved, or another element's name): named `{chosen}`",
                    "renamed",
                )
            )
        return self.take(chosen, family)
