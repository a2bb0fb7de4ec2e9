"""Stage 3b, infer: behaviours the spec implies by its shape but never names.

Input: the `ir.Api` from `normalize` (before naming). Output: the same API with
`Operation.pagination` (`infer_pagination.py`) and `Operation.polling` (`infer_polling.py`) set
where the shape is unambiguous. Nothing is guessed from a single weak signal: pagination needs a
GET whose success body holds exactly one array (or is the array) and a query parameter, the last
item's id or a response header that selects the next page; polling needs a start operation whose
response carries an id and a status of a job's vocabulary, and a GET that reads what it made.
"""

from __future__ import annotations

from generator import ir
from generator.infer_pagination import pagination
from generator.infer_polling import with_polling
from generator.ir import replace
from generator.irquery import definitions


def infer(api: ir.Api) -> ir.Api:
    defs = definitions(api)
    operations = tuple(_with(op, pagination(op, defs)) for op in api.operations)
    return replace(api, operations=with_polling(operations, defs))


def _with(op: ir.Operation, found: ir.Pagination | None) -> ir.Operation:
    """`op` with its pagination; itself when that changes nothing (most operations)."""
    return op if found == op.pagination else replace(op, pagination=found)
