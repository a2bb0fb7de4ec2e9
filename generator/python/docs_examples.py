"""Runnable usage examples for the docs and README: one call per operation.

Values come from the spec's examples where it has them, else from a placeholder of the right
type; every value is written with `pycode.data_literal`, so spec text stays escaped.
"""

from __future__ import annotations

import json

from generator import ir
from generator.config import SdkConfig
from generator.irquery import Index
from generator.python.escape import Code, pystr
from generator.python.pycode import Types, data_literal
from generator.python.views_operations import mode_of
from generator.python.views_params import python_keys

PLACEHOLDERS: dict[str, ir.JsonValue] = {
    "str": "string",
    "int": 1,
    "float": 1.0,
    "bool": True,
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "datetime": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
}


def example_call(index: Index, op: ir.Operation, attr: str, config: SdkConfig, *, wait: bool = False) -> Code:
    """A script that calls `op` and prints what it returns; `wait` calls its polling helper."""
    api = index.api
    client_name = api.names["client"]
    types = Types(index.defs)
    ctor = []
    for g in api.globals:
        ctor.append(f"{g.py_name}={data_literal(_value(g.example, g.type, types))}")
    for s in api.security_schemes:
        ctor.append(f'{s.py_name}=os.getenv({pystr(s.env_vars[0])}, "")')
    args = []
    for p in op.params:
        if p.required:
            args.append(f"{p.py_name}={data_literal(_value(p.example, p.type, types))}")
    if op.body is not None and (op.body.required or op.body.example is not None):
        body = _value(op.body.example, op.body.type, types)
        if op.body.kind not in ("binary", "text"):  # a dict as the body's TypedDict keys it
            body = python_keys(body, op.body.type, index.defs)
        args.append(f"body={data_literal(body)}")
    method = op.polling.py_name if wait and op.polling is not None else op.py_name
    call = f"client.{attr}.{method}({', '.join(args)})"
    lines = [
        "import os",
        "",
        f"from {config.package_name} import {client_name}",
        "",
        f"with {client_name}({', '.join(ctor)}) as client:",
    ]
    mode = mode_of(op)
    if mode == "paginated":
        lines += [f"    for item in {call}:", "        print(item)"]
    elif mode == "binary":
        lines += [f"    with {call} as download:", "        print(len(download.read()), download.content_type)"]
    elif mode == "stream":
        lines += [f"    with {call} as events:", "        for event in events:", "            print(event.data)"]
    else:
        lines += [f"    result = {call}", "    print(result)"]
    return Code("\n".join(lines))


def _value(example: ir.Default | None, t: ir.Type, types: Types, depth: int = 0) -> ir.JsonValue:
    if example is not None:
        return example.value
    t = types.resolve(t)
    match t:
        case ir.Nullable(inner=inner):
            return _value(None, inner, types, depth)
        case ir.Prim(name=name):
            return PLACEHOLDERS.get(name, "string")
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
                    f.wire_name: _value(None, f.type, types, depth + 1)
                    for f in d.fields
                    if f.required and not f.read_only
                }
    return {} if isinstance(t, ir.Map | ir.Ref) else None
