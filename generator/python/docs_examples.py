"""Runnable usage examples for the docs and README: one call per operation.

Values come from the spec's examples where it has them (a parameter's or body's, checked when
normalized; a required property's, checked here), else from a placeholder of the right type (a
value of the format for a formatted string); every value is written with `pycode.data_literal`,
so spec text stays escaped. Where the body takes a file (a binary body, a binary property of a
form or multipart body) the example uploads one, `pathlib.Path("report.pdf")`, named after the
content type the spec declares.
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from generator import ir, irquery
from generator.config import SdkConfig
from generator.irquery import Index
from generator.python.code_layout import lay_out
from generator.python.escape import Code, pystr
from generator.python.operation_memo import memo_of
from generator.python.pycode import Types, data_literal
from generator.python.views_memo import json_key
from generator.python.views_operations import mode_of
from generator.python.views_params import python_keys
from generator.python.views_streams import stream_class
from generator.sample_values import prim_matches, prim_value
from generator.values import problem

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

PLACEHOLDERS: dict[str, ir.JsonValue] = {
    "str": "string",
    "int": 1,
    "float": 1.0,
    "bool": True,
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "datetime": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00",
    "decimal": "1.5",
}


# The file an example uploads, by the content type the spec declares for it.
FILE_NAMES = {
    "application/pdf": "report.pdf",
    "application/json": "data.json",
    "application/zip": "archive.zip",
    "audio/mpeg": "audio.mp3",
    "image/gif": "image.gif",
    "image/jpeg": "photo.jpg",
    "image/png": "image.png",
    "image/webp": "image.webp",
    "image/*": "image.png",
    "text/csv": "data.csv",
    "text/plain": "notes.txt",
    "video/mp4": "video.mp4",
}
DEFAULT_FILE = "report.pdf"


@dataclass(frozen=True, slots=True)
class Upload:
    """A file an example uploads, written `pathlib.Path("<name>")`."""

    name: str


def example_call(index: Index, op: ir.Operation, attr: str, config: SdkConfig, *, wait: bool = False) -> Code:
    """A script that calls `op` and prints what it returns; `wait` calls its polling helper.
    The client's arguments, and each alike required parameter's, are made once per render
    (`operation_memo`: Graph's 11,400 examples)."""
    api = index.api
    client_name = api.names["client"]
    memo = memo_of(index)
    found = memo.run.get(_CLIENT)
    if found is None:
        found = memo.run[_CLIENT] = _client_arguments(index)
    types, ctor, client_modules = found
    modules = set(client_modules)  # the standard modules the example imports
    arguments = memo.run.setdefault(_ARGUMENTS, {})
    args = []
    for p in op.params:
        if p.required:
            key = (p.py_name, memo.type_key(p.type), None if p.example is None else json_key(p.example.value))
            made = arguments.get(key)
            if made is None:
                added: set[str] = set()
                text = f"{p.py_name}={argument(_value(p.example, p.type, types), p.type, types, added)}"
                made = arguments[key] = (text, frozenset(added))
            args.append(made[0])
            modules |= made[1]
    if op.body is not None:
        body = op.body
        example = None if body.example is None else json_key(body.example.value)
        encoding = tuple((part.name, part.content_types) for part in body.encoding)
        shape = (memo.type_key(body.type), example, body.required, body.kind, body.media_type, encoding)
        bodies = memo.run.setdefault(_BODIES, {})
        text = bodies.get(shape)
        if text is None:
            text = bodies[shape] = _body_argument(index, body, types)
        if text:
            if "pathlib.Path(" in text:
                modules.add("pathlib")
            args.append(f"body={text}")
    method = op.polling.py_name if wait and op.polling is not None else op.py_name
    call = f"client.{attr}.{method}({', '.join(args)})"
    lines = [
        *(f"import {module}" for module in sorted(modules)),
        "",
        f"from {config.package_name} import {client_name}",
        "",
        f"with {client_name}({', '.join(ctor)}) as client:",
    ]
    mode = mode_of(op)
    if mode == "paginated":
        lines += [  # the first page only: `for item in page` would fetch every page
            f"    page = {call}",
            "    for item in page.data:",
            "        print(item)",
            '    print("more pages:", page.has_next_page())',
        ]
    elif mode == "binary":
        lines += [f"    with {call} as download:", "        print(len(download.read()), download.content_type)"]
    elif mode == "stream" and stream_class(op) == "ItemStream":
        lines += [f"    with {call} as items:", "        for item in items:", "            print(item)"]
    elif mode == "stream":
        lines += [f"    with {call} as events:", "        for event in events:", "            print(event.data)"]
    elif mode == "none":  # nothing to print but that it went through
        lines += [f"    {call}", '    print("done")']
    else:
        lines += [f"    result = {call}", "    print(result)"]
    text = "\n".join(lines)
    laid = lay_out(text, config.line_length, memo.run.setdefault(_LINES, {}))
    if laid is None:
        return Code(text)
    memo.run.setdefault(_SETTLED, set()).add(laid)
    return Code(laid)


def settled(index: Index, example: str) -> bool:
    """Whether `example`, made by `example_call` in this render, is as ruff writes it: `lay_out`
    laid it out (or it fit), its long lines among them (a call whose head alone is too long: ruff
    leaves it so). A docs page of such examples needs no ruff pass."""
    return example in memo_of(index).run.get(_SETTLED, ())


_CLIENT, _ARGUMENTS, _BODIES = "example: client", "example: arguments", "example: bodies"  # `OperationMemo.run` keys
_LINES, _SETTLED = "example: lines laid out", "example: as ruff writes"


def _body_argument(index: Index, body: ir.Body, types: Types) -> str:
    """The example's body ("": none, when the body is optional, without an example or a file)."""
    if not (body.required or body.example is not None or file_fields(body, types)):
        return ""
    value = with_files(_value(body.example, body.type, types), body, types)
    if body.kind not in ("binary", "text"):  # a dict as the body's TypedDict keys it
        value = python_keys(value, body.type, index.defs)  # type: ignore[arg-type]  # Uploads pass through
    return literal(value)


def _client_arguments(index: Index) -> tuple[Types, list[str], frozenset[str]]:
    """The `Types` the examples spell values with, the client's arguments (its global parameters,
    its credentials from the environment), and the standard modules they import."""
    api = index.api
    types = Types(index.defs)
    ctor = []
    modules = {"os"}
    for g in api.globals:  # the client takes each as text (it may come from the environment)
        value = _value(g.example, g.type, types)
        ctor.append(f"{g.py_name}={data_literal(value if isinstance(value, str) else json.dumps(value))}")
    for s in api.security_schemes:
        ctor.append(f'{s.py_name}=os.getenv({pystr(s.env_vars[0])}, "")')
    return types, ctor, frozenset(modules)


# Formatted strings a parameter takes as Python objects: (module, constructor, its check).
_OBJECTS: dict[str, tuple[str, str, Callable[[str], object]]] = {
    "date": ("datetime", "datetime.date.fromisoformat", datetime.date.fromisoformat),
    "datetime": ("datetime", "datetime.datetime.fromisoformat", datetime.datetime.fromisoformat),
    "time": ("datetime", "datetime.time.fromisoformat", datetime.time.fromisoformat),
    "uuid": ("uuid", "uuid.UUID", uuid.UUID),
    "decimal": ("decimal", "decimal.Decimal", decimal.Decimal),
}


def argument(value: ir.JsonValue, t: ir.Type, types: Types, modules: set[str]) -> Code:
    """A parameter's value as the method's annotation takes it: a date, date-time, time, UUID
    or decimal as that object (`datetime.date.fromisoformat("2024-01-31")`, the spec's text
    kept; a text Python does not read becomes the placeholder), anything else as data."""
    t = types.resolve(t)
    if isinstance(t, ir.Nullable):
        t = types.resolve(t.inner)
    if isinstance(t, ir.Array) and isinstance(value, list):
        return Code("[" + ", ".join(argument(v, t.item, types, modules) for v in value) + "]")
    found = _OBJECTS.get(t.name) if isinstance(t, ir.Prim) and isinstance(value, str) else None
    if found is None or not isinstance(value, str):
        return data_literal(value)
    module, constructor, check = found
    try:
        check(value)
    except (ValueError, ArithmeticError):
        value = str(PLACEHOLDERS.get(t.name if isinstance(t, ir.Prim) else "", "0"))
    modules.add(module)
    return Code(f"{constructor}({pystr(value)})")


def file_fields(body: ir.Body, types: Types) -> dict[str, bool]:
    """The body's properties that take files (wire name → whether a list of them); "" for a
    binary body itself."""
    if _file_kind(body.type, types) is not None:
        return {"": False}
    model = irquery.model_of(body.type, types.defs)
    fields = model.fields if model is not None else ()
    return {f.wire_name: kind for f in fields if not f.read_only and (kind := _file_kind(f.type, types)) is not None}


def with_files(value: object, body: ir.Body, types: Types) -> object:
    """The example body with an `Upload` for each file it has (the spec's example text for a
    file is no file), or for the first property that takes one when it has none."""
    files = file_fields(body, types)
    if "" in files:
        return Upload(_file_name((body.media_type,)))
    if not files or not isinstance(value, dict):
        return value
    declared = {p.name: p.content_types for p in body.encoding}
    chosen = [name for name in files if name in value] or list(files)[:1]
    uploads = {name: Upload(_file_name(declared.get(name, ()))) for name in chosen}
    return {**value, **{name: [u] if files[name] else u for name, u in uploads.items()}}


def literal(value: object) -> Code:
    """`data_literal`, with `pathlib.Path(...)` for an `Upload`."""
    if isinstance(value, Upload):
        return Code(f"pathlib.Path({pystr(value.name)})")
    if isinstance(value, list):
        return Code("[" + ", ".join(literal(v) for v in value) + "]")
    if isinstance(value, dict):
        return Code("{" + ", ".join(f"{pystr(str(k))}: {literal(v)}" for k, v in value.items()) + "}")
    return data_literal(value)


def _file_kind(t: ir.Type, types: Types) -> bool | None:
    """Whether `t` takes files: False for one, True for a list of them, None for no file."""
    t = irquery.resolve(t, types.defs, nullable=True)
    many = isinstance(t, ir.Array)
    if isinstance(t, ir.Array):
        t = irquery.resolve(t.item, types.defs, nullable=True)
    return many if isinstance(t, ir.Prim) and t.name == "bytes" else None


def _file_name(media_types: tuple[str, ...]) -> str:
    for media in media_types:
        name = FILE_NAMES.get(media.split(";")[0].strip().lower())
        if name is not None:
            return name
    return DEFAULT_FILE


def _value(example: ir.Default | None, t: ir.Type, types: Types, depth: int = 0) -> ir.JsonValue:
    if example is not None:
        return example.value
    t = types.resolve(t)
    match t:
        case ir.Nullable(inner=inner):
            return _value(None, inner, types, depth)
        case ir.Prim(name=name, format=fmt):  # a readable placeholder, unless the constraints refuse it
            placeholder = PLACEHOLDERS.get(name, "string")
            if fmt is not None and name == "str":  # `format: email` and the like: a value of the format
                return prim_value(t)
            return placeholder if prim_matches(placeholder, t) else prim_value(t)
        case ir.Lit(value=value):
            return value
        case ir.Prim() | ir.Array() | ir.Map() if t.constraints.const is not None:
            return json.loads(t.constraints.const)  # type: ignore[no-any-return]
        case ir.Array(item=item) if depth < 4:
            return [_value(None, item, types, depth + 1)]
        case ir.Tuple(items=items) if depth < 4:
            return [_value(None, item, types, depth + 1) for item in items]
        case ir.Union(variants=variants) if variants:
            return _value(None, variants[0], types, depth)
        case ir.Ref(key=key) if depth < 4:
            d = types.defs[key]
            if isinstance(d, ir.EnumDef):
                return d.members[0].value
            if isinstance(d, ir.ModelDef):
                return {
                    f.wire_name: _value(_fitting(f.example, f.type, types), f.type, types, depth + 1)
                    for f in d.fields
                    if f.required and not f.read_only
                }
    return {} if isinstance(t, ir.Map | ir.Ref) else None


def _fitting(example: ir.Default | None, t: ir.Type, types: Types) -> ir.Default | None:
    """A property's spec example if its schema accepts it (normalization reports bad examples
    of parameters and bodies, but keeps a property's unchecked), else None."""
    if example is None or problem(t, example.value, types.defs, default=False) is not None:
        return None
    return example
