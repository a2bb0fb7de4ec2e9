"""`views_memo.quick_init`: a view class made with it is built as the dataclass builds it (the
same fields, defaults, derived fields and errors), only faster."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from generator.python.escape import Code, Docstring
from generator.python.model_modules import ModelModule
from generator.python.views_models import FieldView, MemberView, ModelView


@pytest.mark.parametrize("cls", [ModelView, FieldView, MemberView, ModelModule], ids=lambda c: c.__name__)
def test_a_quick_init_view_takes_the_dataclass_parameters(cls: type) -> None:
    """Each field of `__init__` a parameter of the same name, in order, with the same default."""
    wanted = [(f.name, f.default) for f in dataclasses.fields(cls) if f.init]
    given = [
        (p.name, dataclasses.MISSING if p.default is inspect.Parameter.empty else p.default)
        for p in inspect.signature(cls).parameters.values()
    ]
    assert given == wanted


def test_a_quick_init_view_stays_frozen_and_checks_its_arguments() -> None:
    view = ModelView("A", Docstring("d"), [], Code(""), Code('"a"'))
    assert (view.extra_type, view.dependent_required, view.closed, view.open) == (None, None, False, False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.closed = True  # type: ignore[misc]
    with pytest.raises(TypeError):
        ModelView("A")  # type: ignore[call-arg]


def test_derived_fields_are_set_after_the_given_ones() -> None:
    field = FieldView("a", Code("int"), Code("1"), Docstring("doc"), False)
    assert (field.line, field._repr) == ("a: int = 1", None)
    assert dataclasses.replace(field, default=None).line == "a: int"
    assert MemberView("A", Code('"a"')).line == 'A = "a"'
    module = ModelModule("_a", Docstring("`A`."), [], [], [], [], [], [], ["A", "B"])
    assert (module.names_list, module.entry) == ("A, B", '"_a": ("A", "B"),')
    assert ModelModule("_a", Docstring(""), [], [], [], [], [], [], ["A"]).entry == '"_a": ("A",),'
