"""IR → views of the model pages of the docs: which page documents each named type, and what
a type's section says.

A page holds a family of named types (`Pages`); each type is a section: a model's fields
(Python name, wire name, type with links to the types it names, required, details: default,
format, bounds, lengths, pattern, the values of an enum, nullable, read-only, write-only,
deprecated; description), an enum's members, an alias's type, and the operations that take or
return it. Every spec string goes through `escape`; link targets are built from identifiers
(class and module names) only. `views_docs.py` puts the pages together.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING

from generator import ir
from generator.config import SdkConfig
from generator.irquery import Index
from generator.python import escape
from generator.python.imports_sorted import import_statement
from generator.python.naming import walk
from generator.python.pycode import Types
from generator.python.views_memo import Memo, field_keys, kept_repr, keyed

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

MAX_LINKS = 8  # links to named types per field, and to models per operation (views_docs)
_MAX_VALUES = 12  # enum values listed in a field's details (the enum's section lists them all)
_SUMMARY = 160  # characters of a description in the models index


@kept_repr
@dataclass(frozen=True, slots=True, repr=False)
class FieldRow:
    name: escape.MdCellCode
    wire: escape.MdCellCode
    type: escape.MdInline  # a link, or a code span then links to the named types it refers to
    required: str
    details: escape.MdInline | str  # default, constraints, flags ("" when none: nothing to place)
    description: escape.MdInline | str
    _repr: str | None = field(default=None, init=False, repr=False, compare=False)  # `kept_repr`
    # the six cells, in order, as `ModelSection.rows` holds them (made with the row: rows are shared)
    cells: Cells = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cells = (self.name, self.wire, self.type, self.required, self.details, self.description)
        object.__setattr__(self, "cells", cells)


Cells = tuple[escape.MdCellCode, escape.MdCellCode, escape.MdInline, str, escape.MdInline | str, escape.MdInline | str]


@dataclass(frozen=True, slots=True)
class ModelSection:
    title: escape.MdCode
    kind: str  # "model", "enum", "alias"
    description: escape.Markdown
    imports: escape.Code  # in a fenced block
    notes: list[escape.MdInline]  # TypedDict, additional properties, deprecation
    fields: list[FieldRow]
    values: list[tuple[escape.MdCellCode, escape.MdCellCode]]  # an enum's (member, value)
    alias: escape.MdCode  # an alias's type ("" otherwise)
    used_by: list[escape.MdInline]  # "[`customers.create`](../customers.md#customerscreate) (request body)"
    # each field's `FieldRow.cells`: the table's rows as tuples, which a template's loop unpacks
    # without an attribute read per cell (GitHub: 39,000 rows); left out of the repr (the fields say it)
    rows: list[Cells] = field(repr=False)


@dataclass(frozen=True, slots=True)
class ModelPage:
    title: escape.MdCode
    sections: list[ModelSection]


@dataclass(frozen=True, slots=True)
class ModelsIndex:
    rows: list[tuple[escape.MdInline, int, escape.MdInline]]  # (link, number of types, summary)


class Pages:
    """Which page documents each named type, and how to link it.

    A page holds a family: a component schema with the inline types it defines, or an
    operation's inline types (keys under one `#/paths/<path>/<method>`). It is named after its
    first type (the shortest key: the component, or the request body), each type a section.
    """

    def __init__(self, index: Index) -> None:
        families: dict[str, list[ir.Definition]] = {}
        for d in sorted(index.api.definitions, key=lambda d: (len(d.key), d.key)):
            families.setdefault(_family(d.key), []).append(d)
        self.files: dict[str, str] = {}  # definition key → the page's file stem
        self.families: dict[str, list[ir.Definition]] = {}  # file stem → its types, in order
        taken: set[str] = {"readme"}
        for members in sorted(families.values(), key=lambda m: (m[0].class_name.lower(), m[0].class_name)):
            stem, n = members[0].class_name, 1
            while stem.lower() in taken:  # no longer than the class name (bounded by naming)
                n += 1
                stem = f"{members[0].class_name[: len(members[0].class_name) - len(str(n)) - 1]}-{n}"
            taken.add(stem.lower())
            first = members[0]  # the family's own schema, then its inner types by name
            members.sort(key=lambda d: (d is not first, d.class_name))
            self.families[stem] = members
            self.files.update(dict.fromkeys((d.key for d in members), stem))
        self.defs = index.defs
        self._root = index.api.root
        self._parents: dict[int, ir.Group] | None = None  # id of a group → the group holding it
        self._models: dict[str, list[tuple[str, str]]] = {}  # `models_of`, by operation key
        self.cells: dict[Hashable, tuple[escape.MdInline, list[str]]] = {}  # `_type_cells`, by `type_key`
        self.rows: dict[Hashable, FieldRow] = {}  # `_field_row`, by `field_key`
        # `rows`' entry of a field object, by its `id` (the IR shares field objects: GitHub's 39,000
        # model fields are 12,700 objects); they live as long as these pages (`pages_of` holds the index)
        self.rows_by_id: dict[int, FieldRow] = {}
        self.keys = field_keys(index)  # `field_key` of each field object, shared with the model views
        self._members: dict[int, tuple[list[str], list[escape.MdCellCode]]] = {}  # `member_cells`, by tuple id
        # a parameter object (the IR shares them) → it and its row of a group page's arguments table
        self.param_rows: dict[
            int, tuple[ir.Param, tuple[escape.MdCellCode, escape.MdCellCode, str, escape.MdInline]]
        ] = {}
        self._links: dict[tuple[str, str], str] = {}  # `model_link`, by key and folder
        # escapes of the text pages repeat (names, values, descriptions), by text
        self.cell_code = Memo(escape.md_cell_code)
        self.code = Memo(escape.md_code)
        self.inline = Memo(escape.md_inline)
        self.markdown = Memo(escape.markdown)

    def member_cells(self, members: tuple[ir.EnumMember, ...]) -> tuple[list[str], list[escape.MdCellCode]]:
        """An enum's member names, and the cells of their values, made once per tuple of members:
        naming shares the members of enums with the same values (Graph: 7,700 enums, 1,400
        tuples of 88,000 members); the tuples live as long as these pages."""
        found = self._members.get(id(members))
        if found is None:
            code = self.cell_code
            found = self._members[id(members)] = [m.py_name for m in members], [code[repr(m.value)] for m in members]
        return found

    def parent_of(self, group: ir.Group) -> ir.Group | None:
        """The group holding `group` (None for the root): one walk of the tree per render, not
        one per group (Graph: thousands of groups)."""
        if self._parents is None:
            self._parents = {}
            for g in walk(self._root):
                for c in g.children:
                    self._parents.setdefault(id(c), g)  # the first holder in walk order
        return self._parents.get(id(group))

    def models_of(self, op: ir.Operation) -> list[tuple[str, str]]:
        """`op_models(op)`, made once per render: each group's page and the model
        pages read it (Graph: 11,000 operations)."""
        found = self._models.get(op.key)
        if found is None:
            found = self._models[op.key] = list(op_models(op))
        return found

    def model_link(self, key: str, folder: str) -> str:
        """`[`Customer`](models/Customer.md#customer)` from a page in docs/ (`folder`
        "models/"), or `[`Customer`](Customer.md#customer)` from one in docs/models/ (`folder`
        "")."""
        found = self._links.get((key, folder))
        if found is None:  # each model is linked from every operation and field that names it
            name = self.defs[key].class_name
            found = self._links[key, folder] = f"[`{name}`]({folder}{self.files[key]}.md#{anchor(name)})"
        return found


_FAMILY = re.compile(r"^#/components/schemas/[^/]+|^#/paths/[^/]+/[^/]+")


def _family(key: str) -> str:
    found = _FAMILY.match(key)
    return found.group() if found else key


_CACHE: list[tuple[Index, Pages]] = []


def pages_of(index: Index) -> Pages:
    """The `Pages` of `index`, built once per render (each group's page needs them)."""
    if not _CACHE or _CACHE[0][0] is not index:
        _CACHE[:] = [(index, Pages(index))]
    return _CACHE[0][1]


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading made of a code span (`customers.create` → customerscreate)."""
    if heading.isascii() and heading.replace(".", "").replace("_", "").isalnum():  # names: the common case
        return heading.lower().replace(".", "")
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def refs(t: ir.Type | None, out: dict[str, None] | None = None) -> dict[str, None]:
    """The named types `t` mentions directly (not those inside them), in order."""
    out = {} if out is None else out
    kind = t.__class__  # by exact class, not `match`'s `isinstance` per case (no IR type is subclassed)
    if kind is ir.Ref:
        out[t.key] = None  # type: ignore[union-attr]
    elif kind in _LEAVES:  # most types
        pass
    elif kind is ir.Array:
        refs(t.item, out)  # type: ignore[union-attr]
    elif kind is ir.Map:
        refs(t.value, out)  # type: ignore[union-attr, arg-type]  # a `Map`'s value: a type
    elif kind is ir.Nullable:
        refs(t.inner, out)  # type: ignore[union-attr]
    elif kind is ir.Tuple or kind is ir.Union:
        for item in t.items if kind is ir.Tuple else t.variants:  # type: ignore[union-attr]
            refs(item, out)
    return out


_LEAVES = (ir.Prim, ir.Lit, ir.AnyType, type(None))


def op_models(op: ir.Operation) -> Iterator[tuple[str, str]]:
    """(definition key, role) of the named types an operation takes or returns."""
    seen: set[str] = set()
    roles: list[tuple[ir.Type | None, str]] = [(p.type, "parameter") for p in op.params]
    roles.append((op.body.type if op.body is not None else None, "request body"))
    roles += [(c.type, "response") for c in (op.success.contents if op.success is not None else ())]
    if op.pagination is not None:
        roles.append((op.pagination.item_type, "list item"))
    for t, role in roles:
        for key in refs(t):
            if key not in seen:
                seen.add(key)
                yield key, role


def _models_import(config: SdkConfig, *names: str) -> escape.Code:
    """A page's import of its models, as `ruff format` writes it: on one line when it fits, else
    the names one a line, each with a comma (in the order given: the formatter does not sort).
    The page then needs no formatting (`format._to_format`): GitHub's long model names were 250
    pages staged for ruff for this line alone."""
    return escape.Code(import_statement(f"{config.package_name}.models", list(names), config.line_length))


def model_section(
    d: ir.Definition, pages: Pages, types: Types, config: SdkConfig, used_by: list[escape.MdInline]
) -> ModelSection:
    typed = _role(d.names, "typed_dict") if isinstance(d, ir.ModelDef) else ""
    imports = _models_import(config, d.class_name, typed) if typed else _models_import(config, d.class_name)
    fields: list[FieldRow] = []
    table: list[Cells] = []  # `ModelSection.rows`
    values: list[tuple[escape.MdCellCode, escape.MdCellCode]] = []
    notes: list[escape.MdInline] = []
    alias = escape.MdCode("")
    description = d.description
    if isinstance(d, ir.ModelDef):
        kind = "model"
        if d.title and d.title != d.description:
            description = f"{d.title}\n\n{d.description}" if d.description else d.title
        if typed:
            notes.append(escape.MdInline(f"As a request body it is also taken as a dict typed by `{typed}`."))
        if d.deprecated:
            notes.append(escape.MdInline("Deprecated."))
        if d.additional is not None:
            notes.append(escape.MdInline(f"Other properties: {_type_cell(d.additional, pages, types, cell=False)}."))
        elif d.closed:
            notes.append(escape.MdInline("No other properties are allowed."))
        elif d.open:
            notes.append(escape.MdInline("Other properties are allowed (kept as they come)."))
        rows, by_id = pages.rows, pages.rows_by_id
        for f in d.fields:
            row = by_id.get(id(f))
            if row is None:
                key = keyed(pages.keys, f)
                row = rows.get(key)
                if row is None:
                    row = rows[key] = _field_row(f, key[0][0], pages, types)
                by_id[id(f)] = row
            fields.append(row)
            table.append(row.cells)
    elif isinstance(d, ir.EnumDef):
        kind = "enum"
        names, cells = pages.member_cells(d.members)
        values = list(zip(escape.md_cell_codes(names, f"{d.class_name}."), cells, strict=True))
        notes.append(escape.MdInline("A value the SDK does not know yet is read as a member named `UNKNOWN`."))
    else:
        kind = "alias"
        alias = escape.md_code(types.expr(d.type))
        linked = [pages.model_link(k, "") for k in refs(d.type) if k != d.key][:MAX_LINKS]
        if linked:
            notes.append(escape.MdInline("Refers to " + ", ".join(linked) + "."))
    return ModelSection(
        escape.md_code(d.class_name),
        kind,
        pages.markdown[description],
        imports,
        notes,
        fields,
        values,
        alias,
        used_by,
        table,
    )


def _role(names: ir.Names, role: str) -> str:
    try:
        return names[role]
    except KeyError:
        return ""


def _type_cell(t: ir.Type, pages: Pages, types: Types, *, cell: bool = True) -> str:
    """The type as a code span (for a table `cell`), then links to the pages of the named
    types it mentions."""
    if isinstance(t, ir.Ref):
        return pages.model_link(t.key, "")
    span = escape.md_cell_code(types.expr(t)) if cell else escape.md_code(types.expr(t))
    linked = [pages.model_link(k, "") for k in refs(t)][:MAX_LINKS]
    return f"{span} ({', '.join(linked)})" if linked else span


def _field_row(f: ir.Field, type_key: Hashable, pages: Pages, types: Types) -> FieldRow:
    """A field's row; `type_key`: its type's (`views_memo.type_key`), which its cells follow from."""
    details: list[str] = []
    if f.default is not None:
        value = types.default_value(f.type, f.default.value)
        if value is not None:
            details.append(f"default {escape.md_cell_code(value[0])}")
    found = pages.cells.get(type_key)
    if found is None:
        found = pages.cells[type_key] = _type_cells(f.type, pages, types)
    cell, constraints = found
    details += constraints
    if f.read_only:
        details.append("read-only (responses only)")
    if f.write_only:
        details.append("write-only (requests only)")
    if f.deprecated:
        details.append("deprecated")
    code = pages.cell_code
    return FieldRow(
        code[f.py_name],
        code[f.wire_name],
        cell,
        "yes" if f.required else "no",
        escape.MdInline("; ".join(details)) if details else "",
        pages.inline[f.description] if f.description else "",
    )


def _type_cells(t: ir.Type, pages: Pages, types: Types) -> tuple[escape.MdInline, list[str]]:
    """A type's cell and the details it implies (constraints, nullable): the same for every
    field of that type, so computed once per type (GitHub's webhooks repeat thousands)."""
    details = _constraints(t, pages, types)
    if types.is_nullable(t):
        details.append("nullable")
    return escape.MdInline(_type_cell(t, pages, types)), details


def _constraints(t: ir.Type, pages: Pages, types: Types) -> list[str]:
    """What the schema asks of a value beyond its type: format, bounds, lengths, pattern, the
    values of an enum."""
    t = types.resolve(t)
    if isinstance(t, ir.Nullable):
        t = types.resolve(t.inner)
    out: list[str] = []
    code = pages.cell_code
    match t:
        case ir.Prim(format=fmt, constraints=c):
            if fmt:
                out.append(f"format {code[fmt]}")
            out += _bounds(c, "length")
        case ir.Array(item=item, constraints=c):
            out += _bounds(c, "items")
            out += [f"each item: {x}" for x in _constraints(item, pages, types)]
        case ir.Map(constraints=c):
            out += _bounds(c, "properties")
        case ir.Ref(key=key) if isinstance(d := types.defs[key], ir.EnumDef):
            # the cells of its values, which the enum's own section lists too (made once)
            shown = ", ".join(pages.member_cells(d.members)[1][:_MAX_VALUES])
            more = f" and {len(d.members) - _MAX_VALUES} more" if len(d.members) > _MAX_VALUES else ""
            out.append(f"one of {shown}{more}")
    return out


def _bounds(c: ir.Constraints, unit: str) -> list[str]:
    code = escape.md_cell_code
    out = []
    low = c.min_length if c.min_length is not None else c.min_items
    high = c.max_length if c.max_length is not None else c.max_items
    if low is not None or high is not None:
        if low == high:
            out.append(f"{unit} {low}")
        else:
            out.append(f"{unit} {low if low is not None else 0}…{high if high is not None else '∞'}")
    for word, value in (("≥", c.ge), ("&gt;", c.gt), ("≤", c.le), ("&lt;", c.lt), ("multiple of", c.multiple_of)):
        if value is not None:
            out.append(f"{word} {code(_number(value))}")
    if c.pattern is not None:
        out.append(f"pattern {code(c.pattern)}")
    if c.const is not None:
        out.append(f"always {code(c.const)}")
    return out


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def index_row(members: list[ir.Definition], pages: Pages) -> tuple[escape.MdInline, int, escape.MdInline]:
    """The models index's row of a page: a link, how many types it documents, the first line
    of its first type's description."""
    first = members[0]
    summary = first.description.strip().split("\n", 1)[0]
    if len(summary) > _SUMMARY:
        summary = summary[: _SUMMARY - 1].rstrip() + "…"
    link = escape.MdInline(f"[`{first.class_name}`]({pages.files[first.key]}.md)")
    return link, len(members), pages.inline[summary]  # most are alike (Graph: 7,790 pages, 190 summaries)
