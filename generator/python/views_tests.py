"""IR → the views of the generated end-to-end tests: one sync and one async test per operation.

The generated project's `tests/test_<group>.py` (one module per group, the group's module's
name: a change to one group's operations renders and formats that module alone) calls each of
the group's operations against a mock server of the spec (Prism validates each request and
answers from the spec), with every parameter and the body set to values built to validate
against the spec's schemas (`samples.py`, optional fields included; an optional parameter or
body no value satisfies is left out), and checks that the answer parses as the declared type.
`tests/_mock_server.py` holds what they share: the server's URL (the modules are skipped
without one), the clients, and a response hook that fails a request the server lists in
`sl-violations` (Prism answers an invalid request with a declared status all the same).
Values reach the files through `data_literal`; names are the SDK's own.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import field
from typing import TYPE_CHECKING

from generator import ir
from generator.irquery import Index
from generator.python.escape import Code, Docstring, docstring, pystr
from generator.python.imports_sorted import import_order
from generator.python.operation_memo import memo_of
from generator.python.pycode import Types, data_literal
from generator.python.views_memo import type_key
from generator.python.views_operations import mode_of
from generator.python.views_params import best_model, python_keys
from generator.samples import Parts, Prims, sample, valid

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

CREDENTIALS = {"api_key": "test-key", "http_bearer": "test-token", "oauth2": "test-token"}
RUNTIME_CLASSES = {"str": "str", "int": "int", "float": "(int, float)", "bool": "bool"}


@dataclass(frozen=True, slots=True)
class CaseView:
    name: str
    method: Code  # the method after `client.`
    args: Code  # its keyword arguments
    mode: str  # the operation's mode (views_resources), or "error" / "any" / "undeclared" (below)
    check: Code  # an assertion about `result` (or `status`), or "" when the call succeeding is the check


@dataclass(frozen=True, slots=True)
class MockServerView:
    """`tests/_mock_server.py`: the clients every test module calls the mock server with."""

    client_args: Code
    env_name: str
    env_base_url: Code
    skip_reason: Code
    names: Code  # what it imports from the SDK's package, in isort's order


@dataclass(frozen=True, slots=True)
class TestsView:
    """`tests/test_<group>.py`: the tests of one group's operations."""

    group: Docstring  # the group's attribute path, for the docstring
    cases: list[CaseView]
    uses: dict[str, bool]  # which modules the file imports
    sdk_names: Code  # what it imports from the SDK's package ("errors, models"), "" for nothing
    helpers: Code  # what it imports from `_mock_server`, in isort's order


@dataclass(slots=True)
class SampleMemo:
    """The values of one run's test modules, each made once per type for all of them (large
    specs repeat their body and parameter types across groups); a value is only read."""

    literals: dict[ir.Type, Code | None] = field(default_factory=dict)  # a valid sample, None if none
    # `literals[t]` by the type's identity (each entry holds its type, so no other takes its id):
    # an IR type hashes by walking it, and Graph's 52,000 inputs have 9,000 type objects
    by_id: dict[int, tuple[ir.Type, Code | None]] = field(default_factory=dict)
    bodies: dict[ir.Type, tuple[Code, bool]] = field(default_factory=dict)  # a body's, by Python names
    samples: dict[tuple[Hashable, bool], ir.JsonValue] = field(default_factory=dict)  # `sample` (strictly keyed)
    prims: Prims = field(default_factory=dict)  # the values of primitive types, for every sample
    parts: Parts = field(default_factory=dict)  # the values of definitions, for every sample


def mock_server_view(index: Index) -> MockServerView:
    api = index.api
    args = [f"{g.py_name}={data_literal(sample(g.type, index.defs))}" for g in api.globals]
    for s in api.security_schemes:
        if s.kind == "http_basic":
            user, password = s.arguments
            args.append(f'{user}="user", {password}="pass"')
        else:
            args.append(f"{s.py_name}={pystr(CREDENTIALS[s.kind])}")
    args += ["base_url=BASE_URL", "max_retries=0", 'event_hooks={"response": [reject_violations]}']
    env = api.names["env.test_base_url"]
    reason = pystr(f"no mock server: set {env}")
    names = Code(", ".join(import_order([api.names["async"], api.names["client"], "errors"])))
    return MockServerView(Code(", ".join(args)), env, pystr(env), reason, names)


def tests_view(index: Index, group: ir.Group, memo: SampleMemo) -> TestsView:
    """The tests of `group`'s operations (`memo`: shared by the run's test modules)."""
    defs, ops = index.defs, index.ops
    types = Types(defs, prefix="models.")
    cases = []
    uses_models = False  # a body literal names a model class

    def sampled(t: ir.Type, optional: bool) -> ir.JsonValue:
        """`sample(t, defs, optional=optional)`, computed once per type (a sample is only read)."""
        key = (type_key(t), optional)
        if key not in memo.samples:
            memo.samples[key] = sample(t, defs, optional=optional, prims=memo.prims, parts=memo.parts)
        return memo.samples[key]

    attr = memo_of(index).attr(group)
    literals, bodies, by_id = memo.literals, memo.bodies, memo.by_id
    for key in group.operations:
        op = ops[key]
        inputs = [(p.py_name, p.type, p.required) for p in op.params]
        if op.body is not None:
            inputs.append(("body", op.body.type, op.body.required))
        values = []
        for arg, t, required in inputs:
            found = by_id.get(id(t))
            if found is None or found[0] is not t:
                if t not in literals:
                    value = sampled(t, True)
                    literals[t] = data_literal(value) if valid(value, t, defs) else None
                found = by_id[id(t)] = (t, literals[t])
            valid_literal = found[1]
            if valid_literal is not None or required:  # an optional one no value satisfies is left out
                literal = valid_literal or data_literal(sampled(t, False))
                if arg == "body" and op.body is not None and op.body.kind not in ("binary", "text"):
                    if t not in bodies:
                        body_types = Types(defs, prefix="models.")
                        code = _body_literal(sampled(t, valid_literal is not None), t, body_types)
                        bodies[t] = (code, "models" in body_types.used)
                    literal, models = bodies[t]
                    uses_models = uses_models or models
                values.append(f"{arg}={literal}")
        name = op.names["test"]
        call = (Code(f"{attr}.{op.py_name}"), Code(", ".join(values)))
        if op.success is None and any(r.status.lower() == "default" for r in op.responses):
            # `default` stands for every status: a success (the call returns) or an error
            cases.append(CaseView(name, *call, "any", Code("")))
        elif op.success is None and op.responses:  # only errors declared: one of them must come
            cases.append(CaseView(name, *call, "error", _status_check(op.responses)))
        elif op.success is None:  # nothing declared: a mock can only fail; the request must pass
            cases.append(CaseView(name, *call, "undeclared", Code("")))
        else:
            cases.append(CaseView(name, *call, mode_of(op), _check(op, mode_of(op), types)))
    uses = {
        "models": uses_models or "models" in types.used,  # a body or a check names a model class
        "itertools": any(c.mode == "stream" for c in cases),
        "errors": any(c.mode in ("error", "any", "undeclared") for c in cases),
        "contextlib": any(c.mode in ("any", "undeclared") for c in cases),
    }
    helpers = ["async_client", "client", *(["status_of"] if any(c.mode == "error" for c in cases) else [])]
    sdk_names = Code(", ".join(m for m in ("errors", "models") if uses[m]))
    return TestsView(docstring(attr), cases, uses, sdk_names, Code(", ".join(import_order(helpers))))


def _body_literal(value: ir.JsonValue, t: ir.Type, types: Types) -> Code:
    """A body as the dict its TypedDict describes (Python names). A sample that must carry a
    key its model does not declare (one that tells `oneOf` variants apart, for a server that
    validates JSON Schema) is a model read from the wire data instead, which keeps such keys."""
    dropped: list[str] = []
    keyed = python_keys(value, t, types.defs, dropped)
    model = best_model(value, t, types.defs) if dropped and isinstance(value, dict) else None
    if model is None:
        return data_literal(keyed)
    return Code(f"{types.class_ref(model.class_name)}.model_validate({data_literal(value)})")


def _status_check(responses: tuple[ir.Response, ...]) -> Code:
    """`status` is one of the declared ones (`4XX` a range; `default` any)."""
    statuses = [r.status.upper() for r in responses]
    if "DEFAULT" in statuses:
        return Code("")
    exact = [s for s in statuses if s.isdigit()]
    ranges = [int(s[0]) * 100 for s in statuses if s.endswith("XX") and s[0].isdigit()]
    terms = [f"status in ({', '.join(exact)},)"] if exact else []
    terms += [f"{low} <= status < {low + 100}" for low in ranges]
    return Code("assert " + " or ".join(terms)) if terms else Code("")


def _check(op: ir.Operation, mode: str, types: Types) -> Code:
    """An assertion on `result` that holds only if the answer parsed as the declared type."""
    if mode == "none":
        return Code("")  # the method returns None by its signature: the call succeeding is the check
    if mode == "binary":
        return Code("assert isinstance(result, bytes)")
    if mode in ("paginated", "stream"):
        return Code("assert isinstance(result, list)")
    if mode != "parse" or op.success is None or op.success.type is None:
        return Code("")
    t = types.resolve(op.success.type)
    if isinstance(t, ir.Nullable):  # e.g. a model whose component accepts null: None parses too
        inner = _instance_of(types.resolve(t.inner), types)
        return Code(f"assert result is None or isinstance(result, {inner})") if inner else Code("")
    found = _instance_of(t, types)
    return Code(f"assert isinstance(result, {found})") if found else Code("")


def _instance_of(t: ir.Type, types: Types) -> str:
    """The class every value of `t` is an instance of, if there is one to check."""
    match t:
        case ir.Ref(key=key) if isinstance(types.defs[key], ir.ModelDef | ir.EnumDef):
            return types.expr(t)
        case ir.Array():
            return "list"
        case ir.Map():
            return "dict"
        case ir.Tuple():
            return "tuple"
        case ir.Prim(name=name) if name in RUNTIME_CLASSES:
            return RUNTIME_CLASSES[name]
    return ""
