"""IR → template views of the models: every value a template places is computed here, already escaped.

Templates only loop and branch over these views (STYLE 8). A view field is `Code` (escaped or
generated source), an identifier from `naming.py`, a bool, or a list of those. Resources are in
`views_resources.py`, the client and project files in `views_project.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import ir
from generator.python.escape import Code, docstring, pystr
from generator.python.pycode import Types, definitions_of, fit_annotation

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
    required: bool  # no default: the constructor needs it


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
        fields.append(FieldView(f.py_name, annotation, value, doc, default is None))
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
