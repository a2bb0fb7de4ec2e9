"""The `repr` of the views a unit's fingerprint digests (`units.py`): every field a template can
read changes it, and a kept `repr` (`views_memo.kept_repr`) is the dataclass's own text."""

from __future__ import annotations

import dataclasses

import pytest

from generator import ir
from generator.python.escape import Code, Docstring, MdCellCode, MdInline
from generator.python.views_docs_models import FieldRow
from generator.python.views_models import FieldView, MemberView
from generator.python.views_operations import ParamView

SAMPLES: list[object] = [
    FieldView("a", Code("int"), Code("1"), Docstring("doc"), False),
    MemberView("A", Code('"a"')),
    FieldRow(MdCellCode("`a`"), MdCellCode("`a`"), MdInline("int"), "yes", "", ""),
]


def _plain(view: object) -> str:
    """The `repr` a dataclass gives: each field shown, by its own `repr`."""
    shown = [f for f in dataclasses.fields(view) if f.repr]  # type: ignore[arg-type]
    return f"{type(view).__qualname__}({', '.join(f'{f.name}={getattr(view, f.name)!r}' for f in shown)})"


@pytest.mark.parametrize("view", SAMPLES, ids=lambda v: type(v).__name__)
def test_a_kept_repr_is_the_dataclass_repr_and_follows_every_field(view: object) -> None:
    assert repr(view) == _plain(view) and repr(view) == repr(view)
    for f in dataclasses.fields(view):  # type: ignore[arg-type]
        if f.init:
            value = getattr(view, f.name)
            other = dataclasses.replace(view, **{f.name: not value if isinstance(value, bool) else value + "x"})  # type: ignore[type-var]
            assert repr(other) != repr(view), f.name


def _param(name: str = "id", location: str = "path") -> ir.Param:
    return ir.Param(name, location, ir.Prim("str"), True)  # type: ignore[arg-type]


def test_a_param_view_repr_shows_every_field_and_the_source_by_location_and_wire_name() -> None:
    view = ParamView("id", Code("str"), None, True, _param())
    text = repr(view)
    assert text.startswith("ParamView(py_name='id', annotation='str', default=None, positional=True, source=<")
    changed = [
        dataclasses.replace(view, py_name="x"),
        dataclasses.replace(view, annotation=Code("int")),
        dataclasses.replace(view, default=Code("None")),
        dataclasses.replace(view, positional=False),
        dataclasses.replace(view, source=None),
        dataclasses.replace(view, source=_param("other")),
        dataclasses.replace(view, source=_param(location="query")),
    ]
    assert len({text, *map(repr, changed)}) == 1 + len(changed)
    # every field of the view is in its repr (a field added later must be shown too)
    assert all(f"{f.name}=" in text for f in dataclasses.fields(ParamView) if f.repr)
