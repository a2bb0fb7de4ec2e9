"""Digests of IR nodes for the batch keys of incremental generation (`python/units.py`): each
node's `repr`, with the parts many nodes share printed once.

A node's `repr` is a faithful text of it (frozen dataclasses of strings, numbers, tuples and
other nodes, each field named): equal texts, equal nodes. Large specs share sub-objects, and a
plain `repr` prints a shared one in every holder: GitHub's 39,000 fields are 12,700 objects
(14 of its 18 MB of definitions), Graph's 48,000 operation parameters 10,000 objects (22 of
its 45 MB of operations), its 7,700 enums' member lists 1,400. Here such a part is printed
once, as a node of its own, and its holder is printed with the part's digest (sha256 of its
`repr`) in its place. The text stays faithful: a slot replaced holds a digest in every node of
that class, so equal texts mean the same digests in the same slots, hence (barring a sha256
collision) the same parts, hence equal nodes.

Parts are remembered by identity while a `Digests` lives: the IR it reads (which holds them)
must outlive it, so an `id` is never reused for another part meanwhile.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from generator import ir


def sha256(text: str) -> str:
    """The hex sha256 of `text` (lone surrogates a spec may hold kept as they are): the digest of
    every batch key and unit fingerprint (`python/units.py`)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Digests:
    """The digests of one IR's nodes, each shared part digested once (see the module's docstring)."""

    def __init__(self) -> None:
        self._known: dict[int, str] = {}  # id of a part → its digest

    def part(self, node: object) -> str:
        """sha256 of the `repr` of `node` (a field, a parameter, a response, a members tuple),
        made once per object."""
        found = self._known.get(id(node))
        if found is None:
            found = self._known[id(node)] = sha256(repr(node))
        return found

    def definition(self, d: ir.Definition) -> str:
        """The text of a definition: a model's fields, an enum's members by their digests."""
        if isinstance(d, ir.ModelDef):
            return _model_text(d, tuple(map(self.part, d.fields)))
        if isinstance(d, ir.EnumDef):
            return _enum_text(d, self.part(d.members))
        return repr(d)

    def definitions(self, defs: Iterable[ir.Definition]) -> str:
        """A digest of the definitions in order (a `repr` holds no NUL: it prints one escaped)."""
        return sha256("\0".join(map(self.definition, defs)))

    def operation(self, op: ir.Operation) -> str:
        """A digest of an operation: its parameters and responses (the success one among them)
        by their digests."""
        part = self.part
        success = None if op.success is None else part(op.success)
        return sha256(_operation_text(op, tuple(map(part, op.params)), tuple(map(part, op.responses)), success))


def _printer(cls: type, replaced: tuple[str, ...]) -> Callable[..., str]:
    """A function of a node of `cls` and a value for each field `replaced`, in that order: the
    text of the node with those values in place of its own, the `repr` of a tuple of the class's
    name and its fields' values in order (the class fixes the fields' order). Compiled, as
    `ir_class.quick_repr` compiles a `repr`."""
    names = [f.name for f in dataclasses.fields(cls)]
    shown = [f"_{replaced.index(n)}" if n in replaced else f"node.{n}" for n in names]
    params = "".join(f", _{i}" for i in range(len(replaced)))
    env: dict[str, Any] = {}
    body = ", ".join("{" + value + "!r}" for value in shown)
    exec(f'def show(node{params}):\n    return f"({cls.__qualname__!r}, {body})"\n', env)  # noqa: S102
    show: Callable[..., str] = env["show"]
    return show


_model_text = _printer(ir.ModelDef, ("fields",))
_enum_text = _printer(ir.EnumDef, ("members",))
_operation_text = _printer(ir.Operation, ("params", "responses", "success"))
