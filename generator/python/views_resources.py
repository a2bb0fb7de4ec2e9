"""IR → views of the resource modules: one class family per group, its methods (`views_operations`)
and its child groups, with the module's imports computed from what its code uses.

Every value a template places is computed and escaped here or in `views_operations`; the
imports come from the structure (the `Types.used` record of every expression, and the modes of
the methods), never from searching rendered text.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import TYPE_CHECKING

from generator import ir, irquery
from generator.python.escape import Code, Docstring
from generator.python.imports_sorted import from_import
from generator.python.pycode import Types
from generator.python.views_memo import Memo
from generator.python.views_models import doc_text, reindent
from generator.python.views_operations import OperationView, operation_view
from generator.python.views_signature import Spelling

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

# Module aliases a resource module may use, and the import that brings each.
RESOURCE_MODULE_IMPORTS = (
    ("_b", "import builtins as _b"),
    ("_dt", "import datetime as _dt"),
    ("_decimal", "import decimal as _decimal"),
    ("_t", "import typing as _t"),
    ("_uuid", "import uuid as _uuid"),
)


@dataclass(frozen=True, slots=True)
class ChildView:
    py_name: str
    class_name: str
    async_class: str
    raw_class: str
    async_raw_class: str
    module: str
    doc: Docstring
    streaming_class: str = ""
    async_streaming_class: str = ""
    # a group module's lazy import of each of the child's classes (in a method: indented), as
    # ruff's isort writes it (wrapped past the line length); "" where the view is not a module's
    lazy: dict[str, Code] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GroupView:
    module: str
    class_name: str
    async_class: str
    raw_class: str
    async_raw_class: str
    doc: Docstring
    children: list[ChildView]
    operations: list[OperationView]
    imports: list[Code] = field(default_factory=list)
    streaming_class: str = ""
    async_streaming_class: str = ""
    class_doc: Docstring = Docstring("")  # `doc` for the class's docstring (its lines indented)


def child_view(group: ir.Group, line_length: int = 0) -> ChildView:
    """A child group as its parent reads it; with `line_length`, as a group module imports it."""
    n = group.names
    classes = [group.class_name, n["async"], n["raw"], n["async_raw"], n["streaming"], n["async_streaming"]]
    lazy = (
        {name: Code(from_import(f".{group.module}", [name], line_length, " " * 8)) for name in classes}
        if line_length
        else {}
    )
    return ChildView(
        group.py_name,
        group.class_name,
        n["async"],
        n["raw"],
        n["async_raw"],
        group.module,
        reindent(group_doc(group), 8),  # a property's
        n["streaming"],
        n["async_streaming"],
        lazy,
    )


def group_doc(group: ir.Group) -> Docstring:
    if all(re.fullmatch(r"[A-Za-z0-9_.-]+", g) for g in group.path):
        return doc_text(group.description, fallback=f"Operations of the `{'.'.join(group.path)}` group.")
    return doc_text(group.description, fallback="Operations of this group.")


def group_view(index: irquery.Index, group: ir.Group, line_length: int, strings: Memo[Code] | None = None) -> GroupView:
    """A group's module; `strings`: the string literals of the run's methods, by text (`pystr`,
    made once per text: Graph's 11,000 methods made 140,000 of them, most alike)."""
    types = group_types(index, group)
    spelling = Spelling(index, types, line_length)
    ops = index.ops
    operations = [operation_view(ops[key], index, types, line_length, strings, spelling) for key in group.operations]
    children = [child_view(c, line_length) for c in group.children]
    n = group.names
    return GroupView(
        group.module,
        group.class_name,
        n["async"],
        n["raw"],
        n["async_raw"],
        group_doc(group),
        children,
        operations,
        _imports(operations, children, types.used, line_length),
        n["streaming"],
        n["async_streaming"],
        reindent(group_doc(group), 4),
    )


def group_types(index: irquery.Index, group: ir.Group, *, public: bool = False) -> Types:
    """The type expressions of a group's module (`models.` prefixed)."""
    ops = index.ops
    members = {ops[key].py_name for key in group.operations} | {c.py_name for c in group.children}
    members |= {polling.py_name for key in group.operations if (polling := ops[key].polling)}
    # A method named `list` shadows the builtin in the class body, where annotations are read.
    return Types(index.defs, prefix="models.", shadowed=members, public=public)


def _imports(
    operations: list[OperationView], children: list[ChildView], used: set[str], line_length: int
) -> list[Code]:
    modes = {o.mode for o in operations}
    if modes & {"parse", "decode", "paginated"}:
        used = used | {"_t"}  # `_t.cast(...)` of the parsed body
    if children:
        used = used | {"_t"}  # `_t.TYPE_CHECKING`: a child group's module is imported on first use
    lines = ["import functools", *(line for alias, line in RESOURCE_MODULE_IMPORTS if alias in used)]
    # by module, as ruff's isort writes them (`imports_sorted` then leaves the module out of its pass)
    imports = [Code(line) for line in sorted(lines, key=lambda line: line.split()[1])]
    if operations:
        imports.append(Code("from collections.abc import Mapping"))
    imports.append(Code(""))
    if "_p" in used:
        imports += [Code("import pydantic as _p"), Code("")]
    runtime = {
        "_base": bool(operations) or "_base" in used,
        "_pagination": "paginated" in modes,
        "_polling": any(o.polling for o in operations),
        "_raw": any(o.raw for o in operations),
        "_streamed": any(o.raw for o in operations),
        "_streaming": bool(modes & {"binary", "stream"}),
        "models": "models" in used,
    }
    modules = sorted(name for name, needed in runtime.items() if needed)
    if modules:
        imports.append(Code(f"from .. import {', '.join(modules)}"))
    imports.append(Code("from .._transport import AsyncTransport, SyncTransport"))
    if children:
        imports += [Code(""), Code("if _t.TYPE_CHECKING:")]
    for c in sorted(children, key=lambda c: c.module):  # by module, as ruff's isort orders them
        family = [
            c.async_class,
            c.async_raw_class,
            c.class_name,
            c.raw_class,
            c.streaming_class,
            c.async_streaming_class,
        ]
        imports.append(Code(from_import(f".{c.module}", family, line_length, "    ")))
    return imports
