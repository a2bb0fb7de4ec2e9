"""`samples.sample` with a shared `parts` memo gives what sampling afresh gives, whatever was
sampled before: a definition's value is replayed only where its walk would go the same way
(the same keys open around it), and no caller's change of a value reaches the memo."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.samples import Parts, Prims, sample
from generator.schemas import SchemaConverter
from tests.test_samples import OBJECTS, PETS, RECURSIVE, document


def _definitions(openapi: str, schemas: dict[str, Any]) -> dict[str, ir.Definition]:
    converter = SchemaConverter(document(schemas, openapi))
    converter.define_components()
    return dict(converter.definitions)


def _alike(defs: dict[str, ir.Definition], order: list[str]) -> None:
    """Every definition in `order`, both ways, with one memo for all: as sampled afresh."""
    parts: Parts = {}
    prims: Prims = {}
    for key in order:
        for optional in (True, False):
            shared = sample(ir.Ref(key), defs, optional=optional, prims=prims, parts=parts)
            assert shared == sample(ir.Ref(key), defs, optional=optional), (key, optional)


CASES = {f"recursive-{name}": case for name, case in RECURSIVE.items()}
CASES |= {f"objects-{name}": case for name, case in OBJECTS.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_shared_parts_sample_as_afresh(case: str) -> None:
    openapi, schemas = CASES[case]
    defs = _definitions(openapi, schemas)
    keys = sorted(defs)
    _alike(defs, keys)  # inner definitions after the ones holding them, and before
    _alike(defs, keys[::-1])


def test_a_tagged_variant_leaves_the_memo_alone() -> None:
    """A discriminated union tags its variant's value with the mapping's tag: on a copy, so the
    variant sampled on its own afterwards keeps its own value."""
    union = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "petType", "mapping": {"kitty": "#/components/schemas/Cat"}},
    }
    defs = _definitions("3.1.0", {**PETS, "Subject": union})
    parts: Parts = {}
    tagged = sample(ir.Ref("#/components/schemas/Subject"), defs, parts=parts)
    assert isinstance(tagged, dict) and tagged["petType"] == "kitty"
    alone = sample(ir.Ref("#/components/schemas/Cat"), defs, parts=parts)
    assert alone == sample(ir.Ref("#/components/schemas/Cat"), defs)
    assert isinstance(alone, dict) and alone["petType"] != "kitty"
