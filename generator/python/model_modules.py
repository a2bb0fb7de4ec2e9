"""Where each model, enum, alias and TypedDict lives (`models/_<name>.py`), and each module's view.

One module per model, holding its `<Model>Param` TypedDict and the models of its inline schemas
too; an enum lives with the one module that uses it, or in its own module when several do (or
none); an alias in its own module. Small
modules keep importing one model cheap and keep every file far below what an editor's analysis
gives up on (pyright's "Code is too complex to analyze" on a 2.9 MB models file).

Models refer to each other across modules, in cycles too (Stripe's `Customer` → `Subscription`
→ `Customer`). A model module imports the models it names at its bottom, after its classes: by
the time a cycle comes back to a module its classes exist, and pydantic, which leaves a model
naming a class not defined yet incomplete, resolves the names (the module's globals) when the
model is first used. (`defer_build` was measured: no gain on Stripe's first call, and a chain of
100 inline objects then overflowed the stack on first use.) What is evaluated while the class
body runs (an enum member as a default) comes from an enum module, imported at the top: enum
modules import nothing of the SDK's models, so they close no cycle. Alias modules evaluate their
expression at import, so they import at the top; no model module imports an alias (the models'
annotations expand aliases), so they close no cycle either.

The placement is computed from the IR alone (`placement`), so `sdkgen diff` (`surface/`) finds
each class where the render puts it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from generator import ir
from generator.irquery import Index
from generator.python.escape import Code, Docstring, pystr
from generator.python.imports_sorted import from_import, module_order
from generator.python.naming import snake
from generator.python.views_memo import quick_init
from generator.python.views_models import (
    MODEL_BASE_HELPERS,
    MODEL_MODULE_IMPORTS,
    AliasView,
    EnumView,
    FieldView,
    ModelView,
    doc_text,
    models_view,
)
from generator.python.views_params import TypedDictView, params_view, typed_dict_name

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass


@quick_init
@dataclass(frozen=True, slots=True)
class ModelModule:
    module: str  # the file's stem: `_customer`
    doc: Docstring
    imports: list[Code]  # the top of the module
    late_imports: list[Code]  # the bottom: models of other modules, after this module's classes
    enums: list[EnumView]
    models: list[ModelView]
    aliases: list[AliasView]
    typed_dicts: list[TypedDictView]
    names: list[str]  # every class it defines, sorted
    # made from `module` and `names`, so left out of the repr: the classes as one import list
    # (`A, B`, identifier-shaped) and the module's entry of `models/__init__.py`'s `_MODULES`
    # (`"_m": ("A", "B"),`): one output each per module, not one or two per name
    names_list: str = field(init=False, repr=False, compare=False)
    entry: Code = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = self.names
        _SET_NAMES_LIST(self, ", ".join(names))
        strings = ", ".join(map(_literal, names)) + ("," if len(names) == 1 else "")
        _SET_ENTRY(self, Code(f"{_literal(self.module)}: ({strings}),"))


def _literal(name: str) -> str:
    """A class name's or a module stem's string literal: an ASCII identifier's is the text in
    quotes (what `pystr` gives it), made without `pystr`."""
    return f'"{name}"' if name.isascii() and name.isidentifier() else pystr(name)


# the slots' own stores, as `quick_init`'s (the class is frozen: `object.__setattr__` otherwise)
_SET_NAMES_LIST = ModelModule.__dict__["names_list"].__set__
_SET_ENTRY = ModelModule.__dict__["entry"].__set__
_OPEN_ENUM = [Code("from .._model_base import OpenEnum as _OpenEnum")]  # an enum module's imports


def placement(definitions: Sequence[ir.Definition]) -> dict[str, str]:
    """Class name (a model's TypedDict too) → the module stem it lives in, from the IR alone."""
    defs = {d.key: d for d in definitions}
    taken: set[str] = set()
    own: dict[str, str] = {}

    def claim(name: str) -> str:
        base = "_" + snake(name, "model")
        module, n = base, 1
        while module.lower() in taken:
            n += 1
            module = f"{base}_{n}"
        taken.add(module.lower())
        return module

    models = {d.key: d for d in definitions if isinstance(d, ir.ModelDef)}
    roots = {key: _root(key, models) for key in models}
    for m in sorted(models.values(), key=lambda m: m.class_name):
        if roots[m.key] == m.key:
            own[m.class_name] = claim(m.class_name)
    for m in models.values():
        own[m.class_name] = own[models[roots[m.key]].class_name]
    users: dict[str, set[str]] = {}
    for d in definitions:
        if isinstance(d, ir.ModelDef):
            types = [f.type for f in d.fields] + ([d.additional] if d.additional is not None else [])
            for key in _enum_refs(types, defs):
                users.setdefault(key, set()).add(own[d.class_name])
    for d in sorted(definitions, key=lambda d: d.class_name):
        if isinstance(d, ir.EnumDef):
            homes = users.get(d.key, set())
            own[d.class_name] = next(iter(homes)) if len(homes) == 1 else claim(d.class_name)
        elif isinstance(d, ir.AliasDef):
            own[d.class_name] = claim(d.class_name)
    for d in definitions:
        if isinstance(d, ir.ModelDef) and (typed_dict := typed_dict_name(d)) is not None:
            own[typed_dict] = own[d.class_name]
    return own


def _root(key: str, models: dict[str, ir.ModelDef]) -> str:
    """The outermost model whose schema holds this one inline (`#/components/schemas/A` for
    `#/components/schemas/A/properties/b`): they share a module, so a chain of inline objects is
    one module, built as one."""
    at = key.find("/")
    while at != -1:  # each prefix ending before a `/`, shortest first
        if key[:at] in models:
            return key[:at]
        at = key.find("/", at + 1)
    return key


_LEAVES = (ir.Prim, ir.Lit, ir.AnyType)


def _enum_refs(types: Iterable[ir.Type], defs: dict[str, ir.Definition]) -> set[str]:
    """The enums these types name, through aliases (which the models' annotations expand)."""
    found: set[str] = set()
    seen: set[str] = set()
    stack = list(types)
    while stack:
        t = stack.pop()
        if t.__class__ in _LEAVES:  # most field types: nothing below them
            continue
        match t:
            case ir.Ref(key=key) if key not in seen:
                seen.add(key)
                d = defs.get(key)
                if isinstance(d, ir.EnumDef):
                    found.add(key)
                elif isinstance(d, ir.AliasDef):
                    stack.append(d.type)
            case ir.Array(item=item):
                stack.append(item)
            case ir.Tuple(items=items):
                stack.extend(items)
            case ir.Map(value=value):
                stack.append(value)
            case ir.Union(variants=variants):
                stack.extend(variants)
            case ir.Nullable(inner=inner):
                stack.append(inner)
    return found


_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_NAME = re.compile(r"(?<![\w.])[A-Za-z_]\w*")


def _names(codes: Iterable[str | None], memo: dict[str, list[str]]) -> set[str]:
    """The names the expressions read (not an attribute after a dot, nothing inside a string);
    `memo` has those of each expression seen before (most annotations recur)."""
    found: set[str] = set()
    for code in codes:
        if code:
            names = memo.get(code)
            if names is None:
                names = memo[code] = _NAME.findall(_STRING.sub("''", code))
            found.update(names)
    return found


def model_modules(
    definitions: Sequence[ir.Definition],
    enums: list[EnumView],
    models: list[ModelView],
    aliases: list[AliasView],
    typed_dicts: list[TypedDictView],
    line_length: int,
) -> list[ModelModule]:
    """The views grouped by module, each with the imports its code uses (wrapped past
    `line_length` as ruff's isort wraps them)."""
    where = placement(definitions)
    by_module: dict[str, tuple[list[EnumView], list[ModelView], list[AliasView], list[TypedDictView]]] = {}

    def slot(name: str) -> tuple[list[EnumView], list[ModelView], list[AliasView], list[TypedDictView]]:
        found = by_module.get(where[name])  # not `setdefault`: four new lists per class (Graph: 13,600)
        if found is None:
            found = by_module[where[name]] = ([], [], [], [])
        return found

    for e in enums:
        slot(e.class_name)[0].append(e)
    for m in models:
        slot(m.class_name)[1].append(m)
    for a in aliases:
        slot(a.class_name)[2].append(a)
    for td in typed_dicts:
        slot(td.class_name)[3].append(_file_types(td))
    enum_only = {module for module, (_, ms, als, tds) in by_module.items() if not ms and not als and not tds}
    memo: dict[str, list[str]] = {}
    by_field: dict[int, set[str]] = {}
    return [
        _module(module, *parts, where, enum_only, memo, by_field, line_length)
        for module, parts in sorted(by_module.items())
    ]


def _file_types(td: TypedDictView) -> TypedDictView:
    """A TypedDict's file type (`FileTypes`, what a dict body may hold) is `_FileTypes`: `_File` is
    the models' pydantic-aware `File` in the same module."""
    if not any("_File" in k.annotation for k in td.keys):
        return td
    keys = [dataclasses.replace(k, annotation=Code(re.sub(r"\b_File\b", "_FileTypes", k.annotation))) for k in td.keys]
    return dataclasses.replace(td, keys=keys)


def _used(
    models: list[ModelView],
    aliases: list[AliasView],
    tds: list[TypedDictView],
    memo: dict[str, list[str]],
    by_field: dict[int, set[str]],
) -> set[str]:
    """The names a module's code reads; those of a model's field views found once for each list
    of them (`by_field`, by the list's identity: models with the same fields share one, and the
    views outlive the call), and of each field view once (by its identity: equal fields share it)."""
    used = _names((m.extra_type for m in models), memo)
    get = by_field.get
    for m in models:
        names = get(id(m.fields))
        if names is None:
            views = m.fields
            of_fields = [found if (found := get(id(f))) is not None else _field_names(f, by_field, memo) for f in views]
            names = by_field[id(m.fields)] = set().union(*of_fields)
        used |= names
    used |= _names((a.expr for a in aliases), memo)
    used |= _names((k.annotation for td in tds for k in td.keys), memo)
    return used


def _field_names(f: FieldView, by_field: dict[int, set[str]], memo: dict[str, list[str]]) -> set[str]:
    """The names a field view's code reads, kept in `by_field` by its identity."""
    names = by_field[id(f)] = _names((f.annotation, f.default), memo)
    return names


def _module(
    module: str,
    enums: list[EnumView],
    models: list[ModelView],
    aliases: list[AliasView],
    tds: list[TypedDictView],
    where: dict[str, str],
    enum_only: set[str],
    memo: dict[str, list[str]],
    by_field: dict[int, set[str]],
    line_length: int,
) -> ModelModule:
    if not models and not aliases and not tds:
        # enums alone (most of Graph's 11,000 modules): their code reads no name but their base,
        # so the general way below comes to this
        names = [enums[0].class_name] if len(enums) == 1 else sorted({e.class_name for e in enums})
        return ModelModule(module, _module_doc(names), list(_OPEN_ENUM) if enums else [], [], enums, [], [], [], names)
    used = _used(models, aliases, tds, memo, by_field)
    if (
        aliases
        or tds
        or any(m.always_send or m.read_only or m.dependent_required or m.closed or m.open for m in models)
    ):
        used.add("_t")  # `_t.TypeAlias`, `_t.TypedDict`, `_t.ClassVar`
    if any(m.extra_type for m in models):
        used.add("_p")  # `_p.Field(init=False)`
    # The import block as ruff's isort writes it (so that `format.py` can leave the module out of
    # its pass): a blank line after each group, one `as` import a line, classes before functions.
    imports = [Code(line) for alias, line in MODEL_MODULE_IMPORTS if alias in used]
    if imports:
        imports.append(Code(""))
    if "_p" in used:
        imports += [Code("import pydantic as _p"), Code("")]
    if "_File" in used:
        imports.append(Code("from .._files import File as _File"))
    if "_FileTypes" in used:
        imports.append(Code("from .._files import FileTypes as _FileTypes"))
    helpers = ["OpenEnum as _OpenEnum"] if enums else []
    helpers += ["SDKModel as _SDKModel"] if models else []
    helpers += [name for alias, name in MODEL_BASE_HELPERS if alias in used]
    imports += [Code(f"from .._model_base import {name}") for name in helpers]
    defined = {e.class_name for e in enums} | {m.class_name for m in models}
    defined |= {a.class_name for a in aliases} | {td.class_name for td in tds}
    early: dict[str, list[str]] = {}
    late: dict[str, list[str]] = {}
    for name in sorted(used - defined):
        home = where.get(name)
        if home is None or home == module:
            continue
        (early if aliases or home in enum_only else late).setdefault(home, []).append(name)
    imports += [Code(from_import(f".{home}", names, line_length)) for home, names in sorted(early.items())]
    while imports and not imports[-1]:
        imports.pop()  # the lines after the block are the template's: one before an alias, two before a class
    late_imports = [Code(from_import(f".{home}", names, line_length)) for home, names in sorted(late.items())]
    names = sorted(defined)
    return ModelModule(module, _module_doc(names), imports, late_imports, enums, models, aliases, tds, names)


def _module_doc(names: list[str]) -> Docstring:
    """A models module's docstring: the names it defines."""
    return doc_text(", ".join(f"`{n}`" for n in names) + ".", fallback="")


@dataclass(frozen=True, slots=True)
class PackageInit:
    """What `models/__init__.py` lists of its modules, each line as ruff writes it at the line
    length: the imports type checkers read (each module's, `from_import`'s way, in isort's order),
    and each module's entry of `_MODULES` (its names in a tuple, one a line past the length)."""

    imports: list[Code]
    entries: list[Code]


def package_init(modules: Sequence[ModelModule], line_length: int) -> PackageInit:
    by_module = {m.module: m for m in modules}
    imports = [
        Code(from_import(f".{stem}", by_module[stem].names, line_length, "    "))
        for stem in module_order(list(by_module))
    ]
    entries = []
    for m in modules:
        entry = m.entry
        if len(entry) + 4 > line_length:  # as ruff splits a tuple: an element a line, each with its comma
            lines = [f"{_literal(m.module)}: (", *(f"        {_literal(n)}," for n in m.names), "    ),"]
            entry = Code("\n".join(lines))
        entries.append(Code("    " + entry))
    return PackageInit(imports, entries)


def models_package(index: Index, line_length: int) -> list[ModelModule]:
    """The modules of `models/`, sorted by name."""
    view = models_view(index, line_length)
    params = params_view(index, view.models, line_length)
    return model_modules(index.api.definitions, view.enums, view.models, view.aliases, params.typed_dicts, line_length)
