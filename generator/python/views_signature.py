"""IR → a generated method's signature: the views of its parameters (`ParamView`), the per-call
and polling options after them, its local names, and `Spelling`, which makes each of these once
per render for every method that has one alike (`operation_memo`).

Path parameters are positional (before `*`), the rest keyword-only, required ones first, then the
body; an annotation is parenthesized where black would wrap it (`fitted`).
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from generator import ir, irquery
from generator.python import views_querystring
from generator.python.escape import Code
from generator.python.naming import METHOD_LOCALS
from generator.python.operation_memo import memo_of
from generator.python.pycode import Types, fit_annotation, or_before_none
from generator.python.views_memo import kept_repr
from generator.python.views_params import body_annotation, numeric_tower

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass


def _source(p: ir.Param | None) -> str:
    return "None" if p is None else f"<Param {p.wire_name!r} in {p.location!r}>"


@dataclass(frozen=True, slots=True, repr=False)
class ParamView:
    """One parameter of a method as generated: path parameters are positional (before `*`),
    the rest keyword-only; `default` is None for a required parameter. `source` is the spec's
    parameter (None: the request body, or an option of the SDK's own), in the `repr` (what unit
    fingerprints digest) by location and wire name: templates cannot read the IR behind a view
    (`render._Sandbox`), and its whole `repr` was two thirds of a resource module's."""

    py_name: str
    annotation: Code
    default: Code | None
    positional: bool
    source: ir.Param | None
    line: Code = field(init=False, repr=False, compare=False)  # `name: annotation = default`, one value
    _repr: str | None = field(default=None, init=False, repr=False, compare=False)  # `kept_repr`

    def __post_init__(self) -> None:  # (made from the fields above, so not in the repr)
        default = f" = {self.default}" if self.default else ""
        object.__setattr__(self, "line", Code(f"{self.py_name}: {self.annotation}{default}"))


kept_repr(ParamView, source=_source)  # type: ignore[arg-type]  # alike parameters: one view (`Spelling`)


# Every method's per-call options, after the spec's parameters: the template writes them, these
# are their names (forwarded by a polling helper). Their annotations use `_base`.
CALL_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout", "max_retries")


# The polling helpers' own options, before the per-call ones.
POLL_OPTIONS = (
    ParamView("poll_interval", Code("float"), Code("2.0"), False, None),
    ParamView("poll_timeout", Code("float"), Code("600.0"), False, None),
)


@dataclass(frozen=True, slots=True, repr=False)
class MethodLocals:
    """The local variables of a method's body, as naming named them (`naming.METHOD_LOCALS`);
    one view for every method naming them alike (`Spelling.locals`), its `repr` made once."""

    response: str
    options: str
    paging: str
    fetch: str
    state: str
    data: str
    _repr: str | None = field(default=None, init=False, repr=False, compare=False)  # `kept_repr`


kept_repr(MethodLocals)


_LOCAL_ROLES = tuple(f"local.{role}" for role in METHOD_LOCALS)  # `MethodLocals`' fields, as `op.names` holds them


class Spelling:
    """A group's namespace (`types`, its module's) with what its methods spell memoized for the
    render (`operation_memo`): the type expressions, the fitted parameters, the body annotations.
    Made once per group; what is found records into `types.used` as making it would."""

    def __init__(self, index: irquery.Index, types: Types, line_length: int) -> None:
        memo = memo_of(index)
        self.types = types
        self.line_length = line_length
        self.expr = memo.exprs(types)
        self.static = memo.exprs(types.as_static())
        self.params = memo.table(f"params:{line_length}", types)  # fitted `ParamView`s
        self.bodies = memo.table("body", types)  # `body_annotation`
        self._locals: dict[tuple[str, ...], MethodLocals] = memo.run.setdefault(MethodLocals, {})

    def locals(self, op: ir.Operation) -> MethodLocals:
        """The method's local names, one view for every method naming them alike (on Graph, all)."""
        roles = dict(op.names.by_role)
        names = tuple([roles[key] for key in _LOCAL_ROLES])
        found = self._locals.get(names)
        if found is None:
            found = self._locals[names] = MethodLocals(*names)
        return found

    def body_annotation(self, body: ir.Body) -> tuple[Code, bool]:
        """`body_annotation`: what decides it is the body's kind and type."""
        bodies = self.bodies
        return bodies.get((body.kind, bodies.type_key(body.type)), body_annotation, body, self.types)  # type: ignore[no-any-return]

    def signature(self, op: ir.Operation) -> list[ParamView]:
        """`fitted(signature_params(op, types))`, a parameter's view shared by every method
        that declares one alike (its name, location, wire name, whether required, its type):
        its `source` is the first such parameter (its `repr` the same)."""
        params = self.params
        type_key = params.type_key
        out: list[ParamView] = []
        for p in _ordered(op.params):
            if p.content is not None:  # 3.2's querystring: rare, spelled as a body
                out.append(self._param(p))
                continue
            out.append(params.get((p.py_name, p.location, p.wire_name, p.required, type_key(p.type)), self._param, p))
        body = op.body
        if body is not None:
            out.append(params.get(("", body.required, body.kind, type_key(body.type)), self._body, body))
        return out

    def _param(self, p: ir.Param) -> ParamView:
        # made inside `Table.get`, which records what it uses: `sent` shares `types.used` then
        types = self.types
        return fitted([_param_view(p, types, types.for_requests())], self.line_length)[0]

    def _body(self, body: ir.Body) -> ParamView:
        return fitted([_body_view(body, self.types, self.body_annotation(body)[0])], self.line_length)[0]


def signature_params(op: ir.Operation, types: Types) -> list[ParamView]:
    """The spec's parameters of an operation's method, in order, unfitted; an enum parameter
    takes the enum's values as strings too (`Literal`)."""
    sent = types.for_requests()
    params = [_param_view(p, types, sent) for p in _ordered(op.params)]
    if op.body is not None:
        params.append(_body_view(op.body, types, body_annotation(op.body, types)[0]))
    return params


def _ordered(params: tuple[ir.Param, ...]) -> list[ir.Param]:
    """A method's parameters in its signature's order: the path's, then the required ones."""
    path = [p for p in params if p.location == "path"]
    return path + sorted((p for p in params if p.location != "path"), key=lambda p: not p.required)


def _param_view(p: ir.Param, types: Types, sent: Types) -> ParamView:
    """The view of one of the spec's parameters (unfitted); `sent`: `types.for_requests()`."""
    if p.location == "path":
        return ParamView(p.py_name, numeric_tower(sent.expr(p.type)), None, True, p)
    annotation = views_querystring.annotation(p, types) or numeric_tower(sent.expr(p.type))
    if p.required:
        return ParamView(p.py_name, annotation, None, False, p)
    return ParamView(p.py_name, _not_given(annotation, types), _NOT_GIVEN, False, p)


def _body_view(body: ir.Body, types: Types, annotation: Code) -> ParamView:
    """The `body` parameter, from `body_annotation` (a model's TypedDict too)."""
    body_type = numeric_tower(annotation)
    if body.required:
        return ParamView("body", body_type, None, False, None)
    return ParamView("body", _not_given(body_type, types), _NOT_GIVEN, False, None)


_NOT_GIVEN = Code("_base.NOT_GIVEN")


def _not_given(annotation: str, types: Types) -> Code:
    if not types.public:
        types.used.add("_base")
        return or_before_none(annotation, "_base.NotGiven")
    return or_before_none(annotation, "NotGiven")


def fitted(params: list[ParamView], line_length: int) -> list[ParamView]:
    """Parameters with annotations parenthesized where black would wrap them (`fit_annotation`)."""
    out = []
    for p in params:
        tail = f" = {p.default}," if p.default else ","
        annotation = fit_annotation(8, p.py_name, p.annotation, tail, line_length)
        out.append(
            p if annotation is p.annotation else ParamView(p.py_name, annotation, p.default, p.positional, p.source)
        )
    return out
