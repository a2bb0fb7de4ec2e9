"""IR types as TypeScript type expressions. Properties keep their wire names; enums are
string-literal unions, open (`(string & {})`) so that a value the spec does not list yet still
type-checks; discriminated unions narrow on their tag; nullable is `| null`, optional is `?`."""

from __future__ import annotations

import json

from generator import ir
from generator.typescript.escape import doc, key, string

Names = dict[str, str]  # definition key → type name


def literal(value: str | int | bool | None) -> str:
    return "null" if value is None else string(value) if isinstance(value, str) else json.dumps(value)


# a file field's content: bytes, text, or a stream (read whole before the first attempt)
FILE = "Blob | Uint8Array | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>"


def expr(t: ir.Type, names: Names, prefix: str = "") -> str:
    """The type expression of `t`; `prefix` qualifies a named type (`Models.`). Bytes are text
    where the format is base64 (`byte`), else a file's content: a `Blob`, bytes or text."""
    match t:
        case ir.Prim(name=name):
            if name in ("int", "float"):
                return "number"
            if name == "bool":
                return "boolean"
            if name == "bytes":  # base64 text in JSON; a file's content in a form or multipart body
                return "string" if t.format == "byte" else FILE
            return "string"
        case ir.Lit(value=value):
            return literal(value)
        case ir.Array(item=item):
            return f"Array<{expr(item, names, prefix)}>"
        case ir.Tuple(items=items):
            return "[" + ", ".join(expr(i, names, prefix) for i in items) + "]"
        case ir.Map(value=value):
            return f"{{ [key: string]: {expr(value, names, prefix)} }}"
        case ir.Union(variants=variants, discriminator=disc):
            parts = [_variant(v, disc, names, prefix) for v in variants]
            return " | ".join(dict.fromkeys(parts)) or "unknown"
        case ir.Nullable(inner=inner):
            inner_text = expr(inner, names, prefix)
            return inner_text if inner_text in ("unknown", "null") else f"{inner_text} | null"
        case ir.Ref(key=ref):
            return prefix + names[ref] if ref in names else "unknown"
        case _:
            return "unknown"


def _variant(v: ir.Type, disc: ir.Discriminator | None, names: Names, prefix: str) -> str:
    text = expr(v, names, prefix)
    if isinstance(v, ir.Union | ir.Nullable):
        text = f"({text})"
    if disc is None or not isinstance(v, ir.Ref):
        return text
    values = [value for value, target in disc.mapping if target == v.key]
    if not values:
        return text
    tag = " | ".join(string(value) for value in values)
    return f"({text} & {{ {key(disc.wire_name)}: {tag} }})"


def model(d: ir.ModelDef, names: Names) -> str:
    """`export interface Name { … }`: each field by its wire name, optional unless required."""
    lines = [doc(_described(d.description or d.title, d.deprecated)), f"export interface {d.class_name} {{\n"]
    for f in d.fields:
        lines.append(doc(_described(f.description, f.deprecated, f.read_only), "  "))
        mark = "" if f.required else "?"
        lines.append(f"  {key(f.wire_name)}{mark}: {expr(f.type, names)};\n")
    if (d.open or d.additional is not None) and not d.closed:
        lines.append("  [key: string]: unknown;\n")
    lines.append("}\n")
    return "".join(lines)


def enum(d: ir.EnumDef) -> str:
    """A literal union, open: `"a" | "b" | (string & {})`."""
    values = [literal(m.value) for m in d.members]
    values.append("(string & {})" if d.base == "str" else "(number & {})")
    return doc(d.description) + f"export type {d.class_name} = {' | '.join(values)};\n"


def alias(d: ir.AliasDef, names: Names) -> str:
    return doc(d.description) + f"export type {d.class_name} = {expr(d.type, names)};\n"


def _described(text: str, deprecated: bool, read_only: bool = False) -> str:
    notes = [text] if text else []
    if read_only:
        notes.append("Read only: set by the server.")
    if deprecated:
        notes.append("@deprecated")
    return "\n\n".join(notes)
