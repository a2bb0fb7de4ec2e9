"""IR → template views of the models: every value a template places is computed here, already escaped.

Templates only loop and branch over these views (STYLE 8). A view field is `Code` (escaped or
generated source), an identifier from `naming.py`, a bool, or a list of those. Resources are in
`views_resources.py`, the client and project files in `views_project.py`.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import field
from typing import TYPE_CHECKING

from generator import ir
from generator.irquery import Index
from generator.python.default_values import factory
from generator.python.escape import Code, Docstring, docstring, pystr
from generator.python.pycode import Types, fit_annotation, or_none, split_string
from generator.python.views_memo import FieldKey, field_keys, kept_repr, keyed, quick_init, recorded

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass


@quick_init
@kept_repr
@dataclass(frozen=True, slots=True, repr=False)
class FieldView:
    py_name: str
    annotation: Code
    default: Code | None
    doc: Docstring
    required: bool  # no default: the constructor needs it
    # `name: annotation = default`, the field's line as one value (one output per field in the
    # template, not three); made from the fields above, so left out of the repr
    line: Code = field(init=False, repr=False, compare=False)
    _repr: str | None = field(default=None, init=False, repr=False, compare=False)  # `kept_repr`

    def __post_init__(self) -> None:
        text = f"{self.py_name}: {self.annotation} = {self.default}" if self.default else None
        _SET_FIELD_LINE(self, Code(text or f"{self.py_name}: {self.annotation}"))


@quick_init
@dataclass(frozen=True, slots=True)
class ModelView:
    class_name: str
    doc: Docstring
    fields: list[FieldView]
    # the names as the items of a set literal (`"a", "b"`; "" for none): one output per model,
    # not a loop over the names
    always_send: Code  # Python names of the fields always sent (required, with a default)
    read_only: Code  # wire names of the read-only fields
    extra_type: Code | None = None  # the declared type of additionalProperties
    dependent_required: Code | None = None  # `dependentRequired` as a dict literal of wire names
    closed: bool = False  # `additionalProperties: false`
    open: bool = False  # `additionalProperties` declared: a dict body may carry undeclared keys


@quick_init
@kept_repr
@dataclass(frozen=True, slots=True, repr=False)
class MemberView:
    py_name: str
    value: Code
    # `name = value`, the member's line as one value (made from the fields above, so left out of the repr)
    line: Code = field(init=False, repr=False, compare=False)
    _repr: str | None = field(default=None, init=False, repr=False, compare=False)  # `kept_repr`

    def __post_init__(self) -> None:
        _SET_MEMBER_LINE(self, Code(f"{self.py_name} = {self.value}"))


# the `line` slots' own stores, as `quick_init`'s (the classes are frozen)
_SET_FIELD_LINE = FieldView.__dict__["line"].__set__
_SET_MEMBER_LINE = MemberView.__dict__["line"].__set__


@quick_init
@dataclass(frozen=True, slots=True)
class EnumView:
    class_name: str
    base: str
    doc: Docstring
    members: list[MemberView]


@quick_init
@dataclass(frozen=True, slots=True)
class AliasView:
    class_name: str
    expr: Code
    doc: Docstring


@dataclass(frozen=True, slots=True)
class ModelsView:
    imports: list[Code]
    enums: list[EnumView]
    models: list[ModelView]
    aliases: list[AliasView]
    names: list[str]


def doc_memo(memo: dict[str, Docstring], *parts: str, fallback: str, indent: int = 0) -> Docstring:
    """`doc_text`, each text laid out once (`memo`: by text, for one `indent`; descriptions recur)."""
    text = "\n\n".join(p.strip() for p in parts if p and p.strip())
    if not text:
        return doc_text(fallback=fallback, indent=indent)
    found = memo.get(text)
    if found is None:
        found = memo[text] = doc_text(text, fallback=fallback, indent=indent)  # the fallback is not read
    return found


def doc_text(*parts: str, fallback: str, indent: int = 0) -> Docstring:
    """A docstring body, for a docstring whose quotes are `indent` spaces in, as `ruff format`
    writes it: a one-line one keeps the closing quotes on its line however long; a longer one
    has its lines after the first moved in by `indent`, less the indentation they all share
    (blank lines left empty), and the closing quotes on a line of their own."""
    text = "\n\n".join(p.strip() for p in parts if p and p.strip())
    body = docstring(text or fallback)
    if "\n" not in body:
        return body
    # the space after a final quote is not needed once the closing quotes are on their own line (W291)
    return reindent(Docstring(body.rstrip(" ") + "\n"), indent)


def reindent(body: Docstring, indent: int) -> Docstring:
    """A `doc_text` body of several lines (its last one empty, or spaces), for quotes `indent`
    spaces in: each line after the first moved in by `indent`, less the indentation they all share."""
    if "\n" not in body:
        return body
    first, *rest, _ = body.split("\n")
    # the indentation the lines share (`docstring` leaves a blank line empty, and the last one not blank)
    shared = min(len(line) - len(line.lstrip(" ")) for line in rest if line)
    pad = " " * indent
    return Docstring("\n".join([first, *(pad + line[shared:] if line else "" for line in rest), pad]))


# The models module's helpers, by the alias `Types.used` records: the import that brings each.
MODEL_MODULE_IMPORTS = (
    ("_dt", "import datetime as _dt"),
    ("_decimal", "import decimal as _decimal"),
    ("_t", "import typing as _t"),
    ("_uuid", "import uuid as _uuid"),
)
MODEL_BASE_HELPERS = (
    ("_checks", "checks as _checks"),
    ("_discriminate", "discriminate as _discriminate"),
    ("_literal_kind", "literal_kind as _literal_kind"),
)


def models_view(index: Index, line_length: int) -> ModelsView:
    types = Types(index.defs)
    # a model only requests reach takes its enums' values as plain strings too
    request_types = types.for_requests()
    request_only = {key for key, side in index.sides().items() if side == "request"}
    enums, models, aliases = [], [], []
    docs: dict[str, Docstring] = {}  # a description's docstring (GitHub: 39k fields, 2.6k descriptions)
    class_docs: dict[str, Docstring] = {}  # a class docstring by its text (`doc_memo`)
    keys = field_keys(index)  # shared with the model pages
    memos = (
        _Memos({}, {}, {}, docs, class_docs, keys, {}),
        _Memos({}, {}, {}, docs, class_docs, keys, {}),
    )  # each `Types`
    members_seen: dict[tuple[str, type, str | int], MemberView] = {}  # an enum member's view (enums repeat)
    # an enum's member views, by the id of its members' tuple: naming shares the members of enums
    # with the same values (Graph: 7,700 enums, 1,400 tuples of 88,000 members), alive through the call
    member_lists: dict[int, list[MemberView]] = {}
    for d in sorted(index.api.definitions, key=lambda d: d.class_name):
        if isinstance(d, ir.EnumDef):
            members = member_lists.get(id(d.members))
            if members is None:
                members = member_lists[id(d.members)] = []
                for m in d.members:
                    key = (m.py_name, m.value.__class__, m.value)
                    member = members_seen.get(key)
                    if member is None:
                        member = members_seen[key] = MemberView(m.py_name, types.literal(m.value))
                    members.append(member)
            doc = doc_memo(class_docs, d.description, fallback=f"Values of {d.class_name}.", indent=4)
            enums.append(EnumView(d.class_name, d.base, doc, members))
        elif isinstance(d, ir.ModelDef):
            request = d.key in request_only
            models.append(_model_view(d, request_types if request else types, line_length, memos[request]))
        else:
            aliases.append(AliasView(d.class_name, types.expr(d.type), _alias_doc(d.description)))
    if aliases or any(m.always_send or m.read_only or m.dependent_required or m.closed or m.open for m in models):
        types.used.add("_t")  # `_t.TypeAlias`, `_t.ClassVar`
    if any(m.extra_type for m in models):
        types.used.add("_p")  # `_p.Field(init=False)`
    imports = [Code(line) for alias, line in MODEL_MODULE_IMPORTS if alias in types.used]
    imports.append(Code(""))
    if "_p" in types.used:
        imports += [Code("import pydantic as _p"), Code("")]
    helpers = [name for alias, name in MODEL_BASE_HELPERS if alias in types.used]
    helpers += ["OpenEnum as _OpenEnum"] if enums else []
    helpers += ["SDKModel as _SDKModel"] if models else []
    if "_File" in types.used:
        imports.append(Code("from .._files import File as _File"))
    if helpers:
        imports.append(Code(f"from .._model_base import {', '.join(helpers)}"))
    names = sorted([e.class_name for e in enums] + [m.class_name for m in models] + [a.class_name for a in aliases])
    return ModelsView(imports, enums, models, aliases, names)


@quick_init
@dataclass(frozen=True, slots=True)
class FieldParts:
    """A model field's annotation and default, decided once for the models module and for the
    public surface (required, nullable and default handling, STYLE 9)."""

    annotation: Code
    default: tuple[Code, bool] | None  # (expression, mutable); None: the constructor needs it
    always_send: bool  # a literal, or required with a default: sent even when not set


def field_parts(f: ir.Field, types: Types) -> FieldParts:
    resolved = types.resolve(f.type)
    default: tuple[Code, bool] | None = None
    always = False
    if isinstance(resolved, ir.Lit) and resolved.value is not None:
        default, always = types.default_value(f.type, resolved.value), True
    elif f.default is not None:
        default = types.default_value(f.type, f.default.value)
        always = default is not None and f.required  # required: the default is sent, never left out
    if default is not None and default[1] and types.enum_strings:
        # a list or map default holds enum members; mypy infers the factory's result without the
        # annotation's context, so the container keeps the enum alone (an invariant type)
        annotation = types.for_requests(enum_strings=False).expr(f.type)
    else:
        annotation = types.expr(f.type)
    optional = not f.required or f.read_only or f.write_only  # one side never carries it
    if default is None and optional:
        default = Code("None"), False
        if not types.is_nullable(f.type):
            annotation = or_none(annotation)
    return FieldParts(annotation, default, always)


FieldMemo = dict[Hashable, tuple[tuple[FieldView, bool], frozenset[str]]]
PartsMemo = dict[Hashable, tuple[FieldParts, frozenset[str]]]


@dataclass(slots=True)
class _Memos:
    """What `models_view` computes once per render: field views by `field_key` (for each
    `Types`), and by the field object's identity, field parts by `type_key_of`, docstrings by
    description."""

    fields: FieldMemo
    # `fields`' entry of a field object, by its `id` (the IR shares field objects: GitHub's 39,000
    # model fields are 12,700 objects, so most fields skip building and hashing their key); the
    # objects live through the call that fills it (the index holds them), so no id is reused
    by_id: dict[int, tuple[tuple[FieldView, bool], frozenset[str]]]
    parts: PartsMemo
    docs: dict[str, Docstring]  # attribute docstrings, by description
    class_docs: dict[str, Docstring]  # class docstrings, by text
    keys: dict[int, FieldKey]  # `field_key` of each field object (`views_memo.field_keys`)
    # `_fields` of a model's field tuple, by its `id` (models share their fields' tuple: GitHub's
    # 3,800 models have 3,000; the tuples live through the call, as the field objects do)
    lists: dict[int, FieldList]


# a model's field views, its always-sent and read-only names (`ModelView`'s), the helpers they use
FieldList = tuple[list[FieldView], Code, Code, frozenset[str]]


def _field_view(
    f: ir.Field, parts_key: Hashable, types: Types, line_length: int, memos: _Memos
) -> tuple[FieldView, bool]:
    """A field's view, and whether it is always sent."""
    found = memos.parts.get(parts_key)
    if found is None:
        found = memos.parts[parts_key] = recorded(types, field_parts, f, types)
    else:
        types.used |= found[1]
    parts = found[0]
    annotation = parts.annotation
    value = _field_value(parts.default, f, types)
    text = _string_default(f, types.resolve(f.type))
    long = 4 + len(f"{f.py_name}: {annotation} = {value}") > line_length
    if long and text is not None and value == pystr(text):  # a bare literal too long for its line
        value = split_string(text, line_length - 8)
    annotation = fit_annotation(4, f.py_name, annotation, f" = {value}" if value else "", line_length)
    docs = memos.docs
    doc = docs.get(f.description)
    if doc is None:
        doc = docs[f.description] = _attribute_doc(f.description)
    return FieldView(f.py_name, annotation, value, doc, parts.default is None), parts.always_send


def _model_view(d: ir.ModelDef, types: Types, line_length: int, memos: _Memos) -> ModelView:
    """A model's view; `memos` hold the views of the fields seen before, by `field_key`, for
    this `types` and `line_length` (equal fields, a view computed once: GitHub repeats most)."""
    found = memos.lists.get(id(d.fields))
    if found is None:
        found = memos.lists[id(d.fields)] = _fields(d.fields, types, line_length, memos)
    fields, always_send, read_only, used = found
    if used:
        types.used |= used
    doc = doc_memo(
        memos.class_docs,
        d.title if d.title and d.title != d.description else "",
        d.description,
        fallback=f"The {d.class_name} object.",
        indent=4,
    )
    extra = None
    if d.additional is not None and not isinstance(types.resolve(d.additional), ir.AnyType):
        extra = types.expr(d.additional)
    dependent = None
    if d.dependent_required:
        entries = (f"{pystr(key)}: ({''.join(pystr(n) + ', ' for n in names)})" for key, names in d.dependent_required)
        dependent = Code("{" + ", ".join(entries) + "}")
    closed = d.closed and d.additional is None
    open_ = not closed and (d.open or d.additional is not None)
    return ModelView(d.class_name, doc, fields, always_send, read_only, extra, dependent, closed, open_)


def _fields(fields: tuple[ir.Field, ...], types: Types, line_length: int, memos: _Memos) -> FieldList:
    """The views of a model's fields (`FieldList`); each field's through `memos`."""
    memo, by_id = memos.fields, memos.by_id
    views: list[FieldView] = []
    always: list[str] = []
    used: set[str] = set()
    for f in fields:
        found = by_id.get(id(f))
        if found is None:
            key = keyed(memos.keys, f)
            found = memo.get(key)
            if found is None:
                found = memo[key] = recorded(types, _field_view, f, key[0], types, line_length, memos)
            by_id[id(f)] = found
        if found[1]:
            used |= found[1]
        view, always_sent = found[0]
        if always_sent:
            always.append(f.py_name)
        views.append(view)
    read_only = Code(", ".join([pystr(f.wire_name) for f in fields if f.read_only]))
    return views, Code(", ".join([pystr(a) for a in always])), read_only, frozenset(used)


def _alias_doc(text: str) -> Docstring:
    """The docstring under a module-level alias: formatters leave it as written (it documents an
    assignment), so a longer or multi-line one ends with a newline, its closing quotes on a line
    of their own (the space `docstring` puts after a final quote goes: W291)."""
    body = docstring(text)
    return Docstring(body.rstrip(" ") + "\n") if "\n" in body or len(body) > 60 else body


def _attribute_doc(text: str) -> Docstring:
    """An attribute docstring: formatters leave it as written, so one line stays one line and
    the lines of a longer one are indented here (blank lines left empty: W293) and the closing
    quotes go on a line of their own (so the space `docstring` puts after a final quote goes: W291)."""
    body = docstring(text)
    if "\n" in body:
        first, *rest = body.rstrip(" ").split("\n")
        return Docstring("\n".join([first, *("    " + line if line else "" for line in rest)]) + "\n    ")
    return Docstring(body + " ") if body.endswith('"') else body


def _string_default(f: ir.Field, resolved: ir.Type) -> str | None:
    """The field's default when it is a string (placed as a bare literal unless merged)."""
    value = resolved.value if isinstance(resolved, ir.Lit) else f.default.value if f.default is not None else None
    return value if isinstance(value, str) else None


def _field_value(default: tuple[Code, bool] | None, f: ir.Field, types: Types) -> Code | None:
    """What follows `name: annotation = `: the default, the wire name, or both in one
    `_p.Field(...)` (a mutable default through `default_factory`). The wire name is given as
    `validation_alias` and `serialization_alias`, not `alias`: type checkers take `alias` for
    the constructor's keyword, and the constructor's keywords are the Python names."""
    alias = ""
    if f.py_name != f.wire_name:
        wire = pystr(f.wire_name)
        alias = f", validation_alias={wire}, serialization_alias={wire}"
    if default is None:
        return Code(f"{types.pydantic('Field')}({alias[2:]})") if alias else None
    code, mutable = default
    if mutable:
        return Code(f"{types.pydantic('Field')}(default_factory={factory(types, code)}{alias})")
    return Code(f"{types.pydantic('Field')}(default={code}{alias})") if alias else code
