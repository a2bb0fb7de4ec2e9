"""Questions every stage after `normalize` asks of the IR, answered in one place.

Input: IR types and the table of definitions by key (`definitions(api)`, built once by the
caller and passed along: no cache keyed by object identity). Every walk through aliases is
bounded by the keys it has seen, so a `$ref` loop ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from generator import ir

if TYPE_CHECKING:
    from generator.directions import Direction

Definitions = Mapping[str, ir.Definition]


def definitions(api: ir.Api) -> dict[str, ir.Definition]:
    """The API's definitions by key."""
    return {d.key: d for d in api.definitions}


@dataclass(frozen=True, slots=True)
class Index:
    """An API with its definitions and operations by key: built once per render (or surface
    extraction) and handed to every view, instead of each view rebuilding the tables."""

    api: ir.Api
    defs: Mapping[str, ir.Definition]
    ops: Mapping[str, ir.Operation]
    _sides: list[Mapping[str, Direction]] = field(default_factory=list, compare=False, repr=False)  # `sides`

    @classmethod
    def of(cls, api: ir.Api) -> Index:
        return cls(api, definitions(api), {op.key: op for op in api.operations})

    def sides(self) -> Mapping[str, Direction]:
        """`directions.directions` of the API, made once per index: the models' batch key and
        their views both read it (a walk of every type the API reaches: 0.2 s on Graph)."""
        if not self._sides:
            from generator.directions import directions  # it asks this module its questions

            self._sides.append(directions(self.api))
        return self._sides[0]


def resolve(t: ir.Type, defs: Definitions, *, nullable: bool = False) -> ir.Type:
    """Through aliases to the type that has a shape; with `nullable`, through `Nullable` too
    (at any point of the chain)."""
    seen: set[str] = set()
    while True:
        if nullable and isinstance(t, ir.Nullable):
            t = t.inner
        elif isinstance(t, ir.Ref) and t.key not in seen and isinstance(alias := defs.get(t.key), ir.AliasDef):
            seen.add(t.key)
            t = alias.type
        else:
            return t


def model_of(t: ir.Type | None, defs: Definitions, *, nullable: bool = True) -> ir.ModelDef | None:
    """The object model `t` stands for, through aliases (and nullability, unless `nullable` is
    False), if it is one."""
    if t is None:
        return None
    t = resolve(t, defs, nullable=nullable)
    found = defs.get(t.key) if isinstance(t, ir.Ref) else None
    return found if isinstance(found, ir.ModelDef) else None


NULL = ir.Lit(None)  # `const: null`


def may_be_null(t: ir.Type, defs: Definitions) -> bool:
    """Whether `t` (through aliases) accepts null."""
    resolved = resolve(t, defs)
    return isinstance(resolved, ir.Nullable | ir.AnyType) or resolved == NULL


def json_success(op: ir.Operation) -> ir.Type | None:
    """The success body's type when it is one JSON media type (the method returns that model)."""
    if op.success is None or len(op.success.contents) != 1 or op.success.contents[0].kind != "json":
        return None
    return op.success.type


def body_kind(media_type: str) -> ir.BodyKind:
    """How a request body of this media type is encoded: JSON, a form, multipart parts, text
    or raw bytes."""
    base = media_type.split(";")[0].strip().lower()
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base.startswith("multipart/"):
        return "multipart"
    return "text" if base.startswith("text/") else "binary"


@lru_cache(maxsize=256)
def content_kind(media_type: str) -> ir.ContentKind:
    """How a response body of this media type is decoded: JSON, text, an event stream or bytes."""
    base = media_type.split(";")[0].strip().lower()
    if base == "application/json" or base.endswith("+json") or base.startswith("application/json"):
        return "json"
    if base == "text/event-stream":
        return "event_stream"
    if base.startswith("text/") or base.endswith(("/xml", "+xml", "/yaml", "/x-yaml", "/javascript")):
        return "text"
    if base in ("*/*", "application/*"):
        return "json"
    return "binary"
