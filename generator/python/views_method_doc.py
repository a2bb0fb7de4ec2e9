"""IR → the docstring of one generated method: summary, description, route, arguments (with
their server-side defaults), how a pager is used, deprecation (`views_operations`)."""

from __future__ import annotations

from generator import http_methods, ir
from generator.python.escape import Docstring
from generator.python.pycode import data_literal
from generator.python.views_models import doc_text


def method_doc(op: ir.Operation) -> Docstring:
    lines = [op.summary, op.description if op.description != op.summary else ""]
    lines.append(f"`{http_methods.wire(op.method)} {op.path}`")
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
        lines.append(
            "Returns the first page (await it in the async client): `.data` holds its items.\n"
            "Iterate it (`for`, `async for`) for every item across pages, or walk page by page\n"
            "with `.has_next_page()`, `.next_page()` and `.iter_pages()`."
        )
    if op.deprecated:
        lines.append("Deprecated.")
    return doc_text(*lines, fallback=op.py_name, indent=8)  # a method's
