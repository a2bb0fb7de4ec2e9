"""IR → views of the Markdown docs: a page per resource group, a page per named type, indexes.

Pages (paths relative to the SDK's root):
- `docs/README.md`: the index, every group as a nested list (with its operation count), a link
  to the models index;
- `docs/<group module>.md`: a group's operations (call, HTTP route, description, arguments,
  return type, a runnable example), links to its parent and child groups and, per operation,
  to the pages of the models it takes or returns;
- `docs/models/README.md`: every named type, A to Z, with its kind and the first line of its
  description;
- `docs/models/<Class>.md`: one named type: a model's fields (Python name, wire name, type,
  required, default, constraints, flags, description), an enum's values, an alias's type, and
  the operations that take or return it.

Types are spelled as a user reads them (`Types(public=True)`: `datetime.datetime`, `Any`,
`FileTypes`, never the SDK's private aliases). Every spec string goes through `escape`; link
targets are built from identifiers only (module and class names). A page's file name is its
class name, with a numeric suffix where two class names differ only in case (they would be one
file on macOS and Windows) or where a class would be named `README`. Deterministic: pages and
rows follow the IR's order or sort by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from generator import http_methods, ir
from generator.config import SdkConfig
from generator.irquery import Index
from generator.python import escape
from generator.python.docs_examples import example_call
from generator.python.naming import walk
from generator.python.operation_memo import memo_of
from generator.python.pycode import Types
from generator.python.views_docs_models import (
    MAX_LINKS,
    ModelPage,
    ModelsIndex,
    Pages,
    anchor,
    index_row,
    model_section,
    pages_of,
)
from generator.python.views_memo import Memo
from generator.python.views_operations import result_annotation

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass


@dataclass(frozen=True, slots=True)
class DocOp:
    title: escape.MdCode
    call: escape.Code
    http: escape.MdCode
    description: escape.Markdown
    params: list[tuple[escape.MdCellCode, escape.MdCellCode, str, escape.MdInline]]  # table cells
    example: escape.Code  # in a fenced block
    returns: escape.MdCode
    models: escape.MdInline  # links to the pages of the models it takes and returns ("" if none)


@dataclass(frozen=True, slots=True)
class DocsView:
    title: escape.MdCode
    description: escape.Markdown
    operations: list[DocOp]
    up: escape.MdInline  # links to the docs index and the parent group
    children: list[escape.MdInline]  # links to the child groups (list items)


@dataclass(frozen=True, slots=True)
class DocsIndex:
    title: escape.MdInline
    groups: list[escape.MdInline]  # nested list items, indented by depth
    models: int


@dataclass(frozen=True, slots=True)
class DocPage:
    path: str
    template: str
    view: object


# ------------------------------------------------------------------------------------ groups
def docs_view(index: Index, group: ir.Group, config: SdkConfig, pages: Pages | None = None) -> DocsView:
    ops = index.ops
    pages = pages if pages is not None else pages_of(index)
    types = Types(index.defs, prefix="models.", public=True)
    memo = memo_of(index)
    spelled = memo.exprs(types)  # public, so static too: `result_annotation`'s spelling
    rows = memo.table("docs rows", types)
    attr = memo.attr(group)
    code, inline = pages.cell_code, pages.inline  # a parameter's name, type and description recur
    by_id = pages.param_rows
    out = []
    for key in group.operations:
        op = ops[key]
        params = []
        for p in op.params:  # a row for each alike parameter made once per render (Graph: 48,000 of them)
            found = by_id.get(id(p))  # the IR shares parameter objects (Graph: 10,200 objects)
            if found is None:
                described = p.description or ("The whole query string." if p.content is not None else "")
                row_key = (p.py_name, memo.type_key(p.type), p.required, described)
                found = by_id[id(p)] = p, rows.get(row_key, _param_row, p, described, spelled, code, inline)
            params.append(found[1])
        if op.body is not None:
            body = op.body
            params.append((_BODY, code[spelled(body.type)], "yes" if body.required else "no", inline[body.description]))
        returns = result_annotation(op, types, qualified=False, expr=spelled)
        out.append(
            DocOp(
                title=escape.md_code(f"{attr}.{op.py_name}"),
                call=escape.Code(f"client.{attr}.{op.py_name}"),
                http=escape.md_code(f"{http_methods.wire(op.method)} {op.path}"),
                description=pages.markdown[op.description or op.summary],  # Graph: a third of them differ
                params=params,
                example=example_call(index, op, attr, config),
                returns=pages.code[returns],  # Graph: 11,400 operations, 2,900 return types
                models=_models_line(op, pages),
            )
        )
    up = ["[Docs index](README.md)"]
    parent = pages.parent_of(group)
    if parent is not None and parent.path and parent.operations:
        up.append(f"up: [`{memo.attr(parent)}`]({parent.module}.md)")
    children = [
        escape.MdInline(f"- [`{memo.attr(c)}`]({c.module}.md)") for c in group.children if c.operations or c.children
    ]
    title = escape.md_code(attr)
    return DocsView(title, escape.markdown(group.description), out, escape.MdInline(" · ".join(up)), children)


_BODY = escape.md_cell_code("body")


def _models_line(op: ir.Operation, pages: Pages) -> escape.MdInline:
    """The line of links to the pages of the models `op` takes and returns ("" if none)."""
    linked = pages.models_of(op)
    models = ", ".join([pages.model_link(k, "models/") for k, _ in linked[:MAX_LINKS]])
    if len(linked) > MAX_LINKS:
        models += f" and {len(linked) - MAX_LINKS} more"
    return escape.MdInline(f"Models: {models}." if models else "")


def _param_row(
    p: ir.Param,
    described: str,
    spelled: Callable[[ir.Type], str],
    code: Memo[escape.MdCellCode],
    inline: Memo[escape.MdInline],
) -> tuple[escape.MdCellCode, escape.MdCellCode, str, escape.MdInline]:
    """A parameter's row of the arguments table: name, type, whether required, description."""
    return code[p.py_name], code[spelled(p.type)], "yes" if p.required else "no", inline[described]


def docs_index(index: Index) -> DocsIndex:
    """Every group as a nested list item, A to Z among its siblings (a hundred groups read
    better sorted than in the spec's order)."""
    api, memo = index.api, memo_of(index)
    lines: list[escape.MdInline] = []

    def visit(group: ir.Group, depth: int) -> None:
        for child in sorted(group.children, key=lambda c: c.py_name):
            name = f"`{memo.attr(child)}`"
            count = len(child.operations)
            item = f"[{name}]({child.module}.md)" if child.operations else name
            noun = "operation" if count == 1 else "operations"
            lines.append(escape.MdInline("  " * depth + f"- {item}" + (f": {count} {noun}" if count else "")))
            visit(child, depth + 1)

    visit(api.root, 0)
    return DocsIndex(escape.md_inline(api.title), lines, len(api.definitions))


# ------------------------------------------------------------------------------------ pages
def doc_pages(index: Index, config: SdkConfig) -> list[DocPage]:
    """The docs index, the models index and a page per family of named types."""
    pages = pages_of(index)
    types = Types(index.defs, prefix="models.", public=True)
    used_by: dict[str, list[escape.MdInline]] = {}
    memo = memo_of(index)
    for group in walk(index.api.root):
        attr = memo.attr(group)
        for key in group.operations:
            op = index.ops[key]
            call = f"{attr}.{op.py_name}"
            link = f"[`{call}`](../{group.module}.md#{anchor(call)}) ("  # the same for each model it uses
            for model, role in pages.models_of(op):
                used_by.setdefault(model, []).append(escape.MdInline(f"{link}{role})"))
    out = [DocPage("docs/README.md", "docs/index.md.j2", docs_index(index))]
    rows = []
    for stem, members in pages.families.items():
        sections = [model_section(d, pages, types, config, used_by.get(d.key, [])) for d in members]
        title = sections[0].title  # the first type's: `md_code` of its class name
        out.append(DocPage(f"docs/models/{stem}.md", "docs/model.md.j2", ModelPage(title, sections)))
        rows.append(index_row(members, pages))
    out.append(DocPage("docs/models/README.md", "docs/models_index.md.j2", ModelsIndex(rows)))
    return out
