"""IR → template views: every value a template places is computed here, already escaped.

Templates only loop and branch over these views (STYLE 8). A view field is `Code` (escaped or
generated source), an identifier from `naming.py`, a bool, or a list of those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from generator import ir
from generator.escape import Code, docstring, pystr
from generator.pycode import Types, data_literal, definitions_of, fit_annotation

# The style and explode each location has when the spec does not say (OpenAPI 3.1 §4.8.12.4).
DEFAULT_STYLES = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", True),
}
MODEL_IMPORTS = (
    ("_dt.", "import datetime as _dt"),
    ("_decimal.", "import decimal as _decimal"),
    ("_t.", "import typing as _t"),
    ("_uuid.", "import uuid as _uuid"),
)


@dataclass(frozen=True, slots=True)
class FieldView:
    py_name: str
    annotation: Code
    default: Code | None
    doc: Code


@dataclass(frozen=True, slots=True)
class ModelView:
    class_name: str
    doc: Code
    fields: list[FieldView]
    always_send: Code | None
    read_only: Code | None = None
    extra_type: Code | None = None  # the declared type of additionalProperties


@dataclass(frozen=True, slots=True)
class MemberView:
    py_name: str
    value: Code


@dataclass(frozen=True, slots=True)
class EnumView:
    class_name: str
    base: str
    doc: Code
    members: list[MemberView]


@dataclass(frozen=True, slots=True)
class AliasView:
    class_name: str
    expr: Code
    doc: Code


@dataclass(frozen=True, slots=True)
class ModelsView:
    imports: list[Code]
    enums: list[EnumView]
    models: list[ModelView]
    aliases: list[AliasView]
    names: list[str]


def doc_text(*parts: str, fallback: str) -> Code:
    """A docstring body; multi-line or long ones end with a newline so the closing quotes sit on
    their own line, the one layout black and ruff format both keep."""
    text = "\n\n".join(p.strip() for p in parts if p and p.strip())
    body = docstring(text or fallback)
    if "\n" in body or len(body) > 60:
        return Code(body + "\n")
    if body.endswith('"'):  # `..."` then `"""`: black and ruff both write `..." """`
        return Code(body + " ")
    return body


def models_view(api: ir.Api, line_length: int) -> ModelsView:
    types = Types(definitions_of(api))
    enums, models, aliases = [], [], []
    for d in sorted(api.definitions, key=lambda d: d.class_name):
        if isinstance(d, ir.EnumDef):
            members = [
                MemberView(m.py_name, pystr(m.value) if isinstance(m.value, str) else Code(repr(m.value)))
                for m in d.members
            ]
            enums.append(
                EnumView(
                    d.class_name,
                    d.base,
                    doc_text(d.description, fallback=f"Values of {d.class_name}."),
                    members,
                )
            )
        elif isinstance(d, ir.ModelDef):
            models.append(_model_view(d, types, line_length))
        else:
            aliases.append(AliasView(d.class_name, types.expr(d.type), doc_text(d.description, fallback="")))
    text = "\n".join(
        [f.annotation + str(f.default) for m in models for f in m.fields]
        + [a.expr for a in aliases]
        + [(m.always_send or "") + (m.read_only or "") + (m.extra_type or "") for m in models]
    )
    imports = [
        Code(line)
        for prefix, line in MODEL_IMPORTS
        if prefix in text or (prefix == "_t." and (aliases or any(m.always_send or m.read_only for m in models)))
    ]
    imports.append(Code(""))
    if "_p." in text or any(m.extra_type for m in models):
        imports.append(Code("import pydantic as _p"))
        imports.append(Code(""))
    base_imports = []
    if "_checks(" in text:
        base_imports.append("checks as _checks")
    if "_discriminate(" in text:
        base_imports.append("discriminate as _discriminate")
    if enums:
        base_imports.append("OpenEnum as _OpenEnum")
    if models:
        base_imports.append("SDKModel as _SDKModel")
    if base_imports:
        imports.append(Code(f"from .._model_base import {', '.join(base_imports)}"))
    names = sorted([e.class_name for e in enums] + [m.class_name for m in models] + [a.class_name for a in aliases])
    return ModelsView(imports, enums, models, aliases, names)


def _model_view(d: ir.ModelDef, types: Types, line_length: int) -> ModelView:
    fields: list[FieldView] = []
    always: list[str] = []
    for f in d.fields:
        annotation = types.expr(f.type)
        default: Code | None = None
        resolved = types.resolve(f.type)
        if isinstance(resolved, ir.Lit):
            default = types.default(f.type, resolved.value)
            always.append(f.py_name)
        elif f.default is not None:
            default = types.default(f.type, f.default.value)
            if default is not None and f.required:
                always.append(f.py_name)  # required: the default is sent, never left out
        optional = not f.required or f.read_only or f.write_only  # one side never carries it
        if default is None and optional:
            default = Code("None")
            if not types.is_nullable(f.type):
                annotation = Code(f"{annotation} | None")
        value = _field_call(default, f)
        annotation = fit_annotation(4, f.py_name, annotation, f" = {value}" if value else "", line_length)
        doc = _attribute_doc(f.description)
        fields.append(FieldView(f.py_name, annotation, value, doc))
    doc = doc_text(
        d.title if d.title and d.title != d.description else "",
        d.description,
        fallback=f"The {d.class_name} object.",
    )
    always_code = Code("{" + ", ".join(pystr(a) for a in always) + "}") if always else None
    read_only = [f.wire_name for f in d.fields if f.read_only]
    read_only_code = Code("{" + ", ".join(pystr(a) for a in read_only) + "}") if read_only else None
    extra = types.expr(d.additional) if d.additional is not None else None
    if extra == "_t.Any":
        extra = None
    return ModelView(d.class_name, doc, fields, always_code, read_only_code, extra)


def _attribute_doc(text: str) -> Code:
    """An attribute docstring: formatters leave it as written, so one line stays one line and
    the lines of a longer one are indented here."""
    body = docstring(text)
    if "\n" in body:
        return Code(body.replace("\n", "\n    ") + "\n    ")
    return Code(body + " ") if body.endswith('"') else body


def _field_call(default: Code | None, f: ir.Field) -> Code | None:
    """Merge the default and the wire-name alias into one `= ...` expression."""
    if f.py_name == f.wire_name:
        return default
    alias = f"alias={pystr(f.wire_name)}"
    if default is None:
        return Code(f"_p.Field({alias})")
    if default.startswith("_p.Field("):
        return Code(f"{default[:-1]}, {alias})")
    return Code(f"_p.Field(default={default}, {alias})")


# ------------------------------------------------------------------------------ resources
@dataclass(frozen=True, slots=True)
class OperationView:
    py_name: str
    signature: list[Code]
    returns: Code
    parse_type: Code
    doc: Code
    options: Code
    paginated: bool = False
    item_type: Code = Code("")
    cursor_param: Code = Code("")
    items_attr: str = ""
    cursor_attr: str = ""

    def pager_type(self, prefix: str) -> Code:
        return Code(f"_pagination.{prefix or 'Sync'}Pager[{self.item_type}, {self.returns}]")


@dataclass(frozen=True, slots=True)
class ChildView:
    py_name: str
    class_name: str
    module: str
    doc: Code


@dataclass(frozen=True, slots=True)
class GroupView:
    module: str
    class_name: str
    doc: Code
    children: list[ChildView]
    operations: list[OperationView]
    imports: list[Code] = field(default_factory=list)


def child_view(group: ir.Group) -> ChildView:
    return ChildView(group.py_name, group.class_name, group.module, group_doc(group))


def group_doc(group: ir.Group) -> Code:
    return (
        doc_text(
            group.description,
            fallback=f"Operations of the `{'.'.join(g for g in group.path)}` group.",
        )
        if all(re.fullmatch(r"[A-Za-z0-9_.-]+", g) for g in group.path)
        else doc_text(group.description, fallback="Operations of this group.")
    )


def group_view(api: ir.Api, group: ir.Group, ops: dict[str, ir.Operation], line_length: int) -> GroupView:
    members = {ops[key].py_name for key in group.operations} | {c.py_name for c in group.children}
    # A method named `list` shadows the builtin in the class body, where annotations are read.
    types = Types(definitions_of(api), prefix="models.", shadowed=members)
    operations = [operation_view(ops[key], types, line_length) for key in group.operations]
    children = [child_view(c) for c in group.children]
    text = "\n".join([o.options + o.returns + o.parse_type + o.item_type + "".join(o.signature) for o in operations])
    imports = []
    if "_b." in text:
        imports.append(Code("import builtins as _b"))
    if children:
        imports.append(Code("import functools"))
    for prefix, line in MODEL_IMPORTS:
        uses_cast = any(o.returns != "None" or o.paginated for o in operations)  # `_t.cast(...)`
        if prefix in text or (prefix == "_t." and uses_cast):
            imports.append(Code(line))
    if "Mapping[" in text:
        imports.append(Code("from collections.abc import Mapping"))
    imports.append(Code(""))
    if "_p." in text:
        imports.extend([Code("import pydantic as _p"), Code("")])
    if operations:
        imports.append(Code("from .. import _base" + (", _pagination" if any(o.paginated for o in operations) else "")))
        if "models." in text:
            imports.append(Code("from .. import models"))
    imports.append(Code("from .._transport import AsyncTransport, SyncTransport"))
    for c in children:
        imports.append(Code(f"from .{c.module} import Async{c.class_name}, {c.class_name}"))
    return GroupView(group.module, group.class_name, group_doc(group), children, operations, imports)


def operation_view(op: ir.Operation, types: Types, line_length: int) -> OperationView:
    signature: list[Code] = []

    def param(name: str, annotation: str, default: str | None = None) -> Code:
        tail = f" = {default}," if default else ","
        fitted = fit_annotation(8, name, Code(annotation), tail, line_length)
        return Code(f"{name}: {fitted}" + (f" = {default}" if default else ""))

    path_params = [p for p in op.params if p.location == "path"]
    others = [p for p in op.params if p.location != "path"]
    for p in path_params:
        signature.append(param(p.py_name, types.expr(p.type)))
    signature.append(Code("*"))
    for p in sorted(others, key=lambda p: not p.required):
        annotation = types.expr(p.type)
        if p.required:
            signature.append(param(p.py_name, annotation))
        else:
            signature.append(param(p.py_name, f"{annotation} | _base.NotGiven", "_base.NOT_GIVEN"))
    body_arg = Code("_base.NOT_GIVEN")
    if op.body is not None:
        body_type = types.expr(op.body.type)
        if isinstance(types.resolve(op.body.type), ir.Ref):
            body_type = Code(f"{body_type} | Mapping[str, _t.Any]")
        if op.body.required:
            signature.append(param("body", body_type))
        else:
            signature.append(param("body", f"{body_type} | _base.NotGiven", "_base.NOT_GIVEN"))
        body_arg = Code("body")
    signature += [
        Code("extra_headers: Mapping[str, str] | None = None"),
        Code("extra_query: Mapping[str, object] | None = None"),
        Code("timeout: _base.Timeout | _base.NotGiven = _base.NOT_GIVEN"),
        Code("max_retries: int | _base.NotGiven = _base.NOT_GIVEN"),
    ]
    success = op.success
    body_type_ = success.type if success is not None else None
    returns = types.as_static().expr(body_type_) if body_type_ is not None else Code("None")
    parse_type = types.expr(body_type_) if body_type_ is not None else Code("None")
    by_location: dict[str, list[str]] = {"path": [], "query": [], "header": [], "cookie": []}
    for p in op.params:
        by_location[p.location].append(f"{pystr(p.wire_name)}: {p.py_name}")
    idempotency = "_base.new_idempotency_key()" if op.method in ("post", "patch") else "None"
    cookies = f"cookies={{{', '.join(by_location['cookie'])}}}, " if by_location["cookie"] else ""
    styled = [
        f"{pystr(p.wire_name)}: ({pystr(p.style)}, {p.explode})"
        for p in op.params
        if (p.style, p.explode) != DEFAULT_STYLES[p.location]
    ]
    styles = f"styles={{{', '.join(styled)}}}, " if styled else ""
    body_kind = ""
    if op.body is not None and body_kind_of(op.body.media_type) != "json":
        body_kind = f"body_kind={pystr(body_kind_of(op.body.media_type))}, media_type={pystr(op.body.media_type)}, "
    security = "(" + "".join("(" + "".join(f"{pystr(k)}, " for k in alt) + "), " for alt in op.security) + ")"
    options = Code(
        "_base.RequestOptions("
        f"method={pystr(op.method.upper())}, path={pystr(op.path)}, "
        f"path_params={{{', '.join(by_location['path'])}}}, "
        f"query={{{', '.join(by_location['query'])}}}, "
        f"headers={{{', '.join(by_location['header'])}}}, "
        f"{cookies}{styles}"
        f"body={body_arg}, {body_kind}security={security}, "
        "extra_headers=extra_headers, extra_query=extra_query, timeout=timeout, max_retries=max_retries, "
        f"idempotency_key={idempotency})"
    )
    doc = _operation_doc(op, types)
    view = OperationView(op.py_name, signature, returns, parse_type, doc, options)
    if op.pagination is not None and success is not None and isinstance(success.type, ir.Ref):
        model = types.defs[success.type.key]
        assert isinstance(model, ir.ModelDef)
        attrs = {f.wire_name: f.py_name for f in model.fields}
        view = replace(
            view,
            paginated=True,
            item_type=types.expr(op.pagination.item_type),
            cursor_param=pystr(op.pagination.param),
            items_attr=attrs[op.pagination.items_field],
            cursor_attr=attrs[op.pagination.cursor_field],
        )
    return view


def body_kind_of(media_type: str) -> str:
    """How the runtime encodes a request body of this media type (`_base.encode_body`)."""
    base = media_type.split(";")[0].strip().lower()
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base.startswith("multipart/"):
        return "multipart"
    return "text" if base.startswith("text/") else "binary"


def _operation_doc(op: ir.Operation, types: Types) -> Code:
    lines = [op.summary, op.description if op.description != op.summary else ""]
    lines.append(f"`{op.method.upper()} {op.path}`")
    args = [p for p in op.params if p.description]
    if args or op.body is not None:
        arg_lines = ["Args:"]
        for p in op.params:
            default = f" Defaults to {data_literal(p.default.value)} on the server." if p.default else ""
            arg_lines.append(f"    {p.py_name}: {' '.join(p.description.split()) or p.wire_name}{default}")
        if op.body is not None:
            arg_lines.append(f"    body: {' '.join(op.body.description.split()) or 'The request body.'}")
        lines.append("\n".join(arg_lines))
    if op.pagination is not None:
        lines.append("Returns a pager: iterate it for every item across pages, or call `.pages()`.")
    if op.deprecated:
        lines.append("Deprecated.")
    return doc_text(*lines, fallback=op.py_name)
