"""IR → the request bodies' TypedDicts (`models/_params.py`) and the `body=` annotation that takes
them, as data for the templates.

Every model a request body reaches (naming gave it a `typed_dict` name, `<Model>Param`) gets a
`TypedDict`, so a dict body is checked by mypy and pyright the way openai-python's are:
- keys are the model's Python names, the names its constructor and attributes use (for APIs whose
  wire names are snake_case, such as Stripe's, GitHub's and Increase's, the wire names);
  `Required[...]` marks what the constructor requires, the class is otherwise `total=False`;
  read-only fields are left out (a request never carries them);
- a model is its TypedDict, an enum its class or one of its values as a string (`Literal`), an
  array any sequence, a map any mapping, a date, time, UUID or decimal also its text: what the
  model's validation takes. Constraints are the model's to check, at run time.
At run time the SDK validates a dict body through the model (`_body_check.request_body`), by either
name, and sends it by wire name; these types are for the checkers only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, replace
from typing import TYPE_CHECKING

from generator import ir, irquery
from generator.irquery import Index
from generator.python.escape import Code, Docstring
from generator.python.pycode import Types, fit_annotation
from generator.python.views_models import MODEL_MODULE_IMPORTS, ModelView, doc_text

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

# Primitives a model also validates from their text (ISO 8601, a UUID's or a number's text).
TEXT_FORMS = frozenset({"datetime", "date", "time", "uuid", "decimal"})
TYPED_DICT = "typed_dict"  # the naming role of a model's TypedDict


@dataclass(frozen=True, slots=True)
class KeyView:
    py_name: str
    annotation: Code
    doc: Docstring
    # `name: annotation`, the key's line as one value (made from the fields above, so left out of the repr)
    line: Code = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "line", Code(f"{self.py_name}: {self.annotation}"))


@dataclass(frozen=True, slots=True)
class TypedDictView:
    class_name: str
    doc: Docstring
    keys: list[KeyView]


@dataclass(frozen=True, slots=True)
class ParamsView:
    imports: list[Code]
    enums: list[str]  # imported from the models module
    typed_dicts: list[TypedDictView]
    names: list[str]


def typed_dict_name(d: ir.ModelDef) -> str | None:
    """The model's TypedDict, if a request body reaches it."""
    return next((name for role, name in d.names.by_role if role == TYPED_DICT), None)


class ParamTypes:
    """Type expressions of what a dict body may hold, in the namespace of `types` (the params
    module, a resource module, or the public spelling), recording into its `used`."""

    def __init__(self, types: Types) -> None:
        self.types = Types(
            types.defs,
            types.namespace,
            types.shadowed,
            static=True,
            constraints=False,
            public=types.public,
            used=types.used,
            enum_strings=True,
        )
        self.enums: set[str] = set()  # the enum classes used (the params module imports them)
        self.typed_dicts = 0  # how many TypedDicts the expressions named

    def expr(self, t: ir.Type, seen: frozenset[str] = frozenset()) -> Code:
        types = self.types
        match t:
            case ir.Prim(name=name):
                plain = types.expr(ir.Prim(name))
                return Code(f"{plain} | str") if name in TEXT_FORMS else plain
            case ir.Array(item=item):
                return Code(f"{types.typing('Sequence')}[{self.expr(item, seen)}]")
            case ir.Tuple(items=items):
                inner = ", ".join(self.expr(item, seen) for item in items) if items else "()"
                return Code(f"{types.builtin('tuple')}[{inner}]")
            case ir.Map(value=value):
                return Code(f"{types.typing('Mapping')}[str, {self.expr(value, seen)}]")
            case ir.Nullable(inner=inner):
                return union([self.expr(inner, seen), Code("None")], types.any_name)
            case ir.Union(variants=variants):
                return union([self.expr(v, seen) for v in variants], types.any_name)
            case ir.Ref(key=key):
                d = types.defs[key]
                if isinstance(d, ir.AliasDef):
                    return types.typing("Any") if key in seen else self.expr(d.type, seen | {key})
                if isinstance(d, ir.EnumDef):
                    self.enums.add(d.class_name)
                    return types.enum_or_values(d)
                typed_dict = typed_dict_name(d) if isinstance(d, ir.ModelDef) else None
                if typed_dict is not None:
                    self.typed_dicts += 1
                    return types.class_ref(typed_dict)
                return types.expr(t)
            case _:
                return types.expr(t)


def union(parts: list[Code], any_name: str) -> Code:
    """`A | B` of type expressions (each maybe a union itself): members once, literals merged
    into one `Literal[...]`, `None` last; `Any` absorbs the rest."""
    members: list[str] = []
    literals: list[str] = []
    for part in parts:
        for member in split_union(part):
            if member == any_name:
                return Code(any_name)
            if member.endswith("]") and member.split("[", 1)[0] in ("_t.Literal", "Literal"):
                head, values = member.split("[", 1)
                if not literals:
                    members.append(head)  # where the merged literal goes
                literals += [v for v in split_top(values[:-1], ",") if v not in literals]
            elif member not in members:
                members.append(member)
    merged = [f"{m}[{', '.join(literals)}]" if m in ("_t.Literal", "Literal") else m for m in members]
    merged = [m for m in merged if m != "None"] + (["None"] if "None" in members else [])
    return Code(" | ".join(merged))


def numeric_tower(annotation: Code) -> Code:
    """A parameter's annotation without an `int` beside `float`, which takes one (PEP 484's
    numeric tower; PYI041). Only a signature's: the value is sent as given, an integer stays one,
    where a model's `float` field would turn it into a float."""
    if "int" not in annotation:  # no member to drop (most annotations): no split
        return annotation
    members = split_union(annotation)
    kept = [m for m in members if not (m.endswith("int") and m.removesuffix("int") + "float" in members)]
    return annotation if len(kept) == len(members) else Code(" | ".join(kept))


def split_union(annotation: str) -> list[str]:
    """The top-level members of a union expression."""
    return split_top(annotation, "|")


def split_top(text: str, sep: str) -> list[str]:
    if sep not in text:  # one member: no walk through the text
        return [text.strip()] if text.strip() else []
    out, depth, start = [], 0, 0
    quote, escaped = "", False
    for i, ch in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    out.append(text[start:].strip())
    return [p for p in out if p]


def body_annotation(body: ir.Body, types: Types) -> tuple[Code, bool]:
    """The `body=` annotation, and whether a dict body is validated through the model: the
    body's type, and where it reaches a model, the TypedDicts that stand for it too."""
    if body.kind in ("json_lines", "json_seq") and isinstance(body.type, ir.Array):  # 3.2 `itemSchema`
        item, checked = body_annotation(replace(body, type=body.type.item, kind="json"), types)
        return Code(f"{types.typing('Iterable')}[{item}]"), checked
    model = types.expr(body.type)
    if body.kind in ("binary", "text"):
        return model, False
    params = ParamTypes(types)
    typed = params.expr(body.type)
    if not params.typed_dicts:
        return model, False
    return union([model, typed], types.any_name), True


def params_view(index: Index, models: list[ModelView], line_length: int) -> ParamsView:
    """The TypedDicts of the models request bodies reach, sorted by name, with their imports."""
    types = Types(index.defs, constraints=False, static=True)
    params = ParamTypes(types)
    by_class = {m.class_name: m for m in models}
    out = []
    for d in sorted(index.api.definitions, key=lambda d: d.class_name):
        name = typed_dict_name(d) if isinstance(d, ir.ModelDef) else None
        if name is None or not isinstance(d, ir.ModelDef):
            continue
        keys = []
        for f, view in zip(d.fields, by_class[d.class_name].fields, strict=True):
            if f.read_only:
                continue
            annotation = params.expr(f.type)
            if view.required or (f.write_only and f.required and f.default is None):  # required where sent
                annotation = Code(f"{params.types.typing('Required')}[{annotation}]")
            keys.append(KeyView(f.py_name, fit_annotation(4, f.py_name, annotation, "", line_length), view.doc))
        doc = doc_text(
            f"`{d.class_name}` as a dict, for request bodies: its fields by their Python names.",
            fallback="",
            indent=4,
        )
        out.append(TypedDictView(name, doc, keys))
    # `_t.TypedDict` in every class; the enums come from the models module
    imports = [Code(line) for alias, line in MODEL_MODULE_IMPORTS if alias in params.types.used or alias == "_t"]
    if "_File" in params.types.used:  # a binary field of a dict body: whatever a file may be given as
        imports += [Code(""), Code("from .._files import FileTypes as _File")]
    return ParamsView(imports if out else [], sorted(params.enums), out, [v.class_name for v in out])


def python_keys(
    value: ir.JsonValue,
    t: ir.Type,
    defs: Mapping[str, ir.Definition],
    dropped: list[str] | None = None,
    depth: int = 0,
) -> ir.JsonValue:
    """Wire data of a request body (a spec example, a sample) keyed as its TypedDicts are: each
    declared field by its Python name. An undeclared key is kept where the model allows
    additional properties and dropped elsewhere (the SDK would refuse it; listed in `dropped`).
    A union's dict takes the keys of the variant that declares most of them."""
    dropped = [] if dropped is None else dropped
    if depth > 50:
        return value
    t = irquery.resolve(t, defs, nullable=True)
    match t:
        case ir.Array(item=item) if isinstance(value, list):
            return [python_keys(v, item, defs, dropped, depth + 1) for v in value]
        case ir.Map(value=inner) if isinstance(value, dict):
            return {k: python_keys(v, inner, defs, dropped, depth + 1) for k, v in value.items()}
        case ir.Union() if isinstance(value, dict):
            best = best_model(value, t, defs)
            if best is not None:
                return python_keys(value, ir.Ref(best.key), defs, dropped, depth + 1)
        case ir.Ref(key=key) if isinstance(value, dict) and isinstance(defs[key], ir.ModelDef):
            model = defs[key]
            assert isinstance(model, ir.ModelDef)
            fields = {f.wire_name: f for f in model.fields}
            by_name = {f.py_name: f for f in model.fields}
            open_ = not model.closed and (model.open or model.additional is not None)
            out: dict[str, ir.JsonValue] = {}
            for k, v in value.items():
                f = fields.get(k) or by_name.get(k)
                if f is not None and f.read_only:
                    continue  # never sent
                if f is not None:
                    out[f.py_name] = python_keys(v, f.type, defs, dropped, depth + 1)
                elif open_:
                    out[k] = v
                else:
                    dropped.append(k)
            return out
    return value


def best_model(value: dict[str, ir.JsonValue], t: ir.Type, defs: Mapping[str, ir.Definition]) -> ir.ModelDef | None:
    """The model `t` is (or, for a union, the variant declaring most of the dict's keys)."""
    t = irquery.resolve(t, defs, nullable=True)
    variants = t.variants if isinstance(t, ir.Union) else (t,)
    models = [m for m in (irquery.model_of(v, defs) for v in variants) if m is not None]
    return max(models, key=lambda m: len({f.wire_name for f in m.fields} & value.keys()), default=None)
