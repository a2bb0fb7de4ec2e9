"""The kinds of change `diff.compare` reports, each with its fixed level and its rule.

A kind's level never depends on the case: where the direction matters (a field sent or read),
there is one kind per direction. `major` is breaking for the SDK's user, `minor` adds or
relaxes, `patch` changes something that neither breaks nor adds. `kinds_table()` prints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

Level = Literal["major", "minor", "patch"]
Bump = Literal["major", "minor", "patch", "none"]
RANK: dict[str, int] = {"none": 0, "patch": 1, "minor": 2, "major": 3}


@dataclass(frozen=True, slots=True)
class KindRule:
    kind: str
    level: Level
    rule: str


def _k(kind: str, level: Level, rule: str) -> KindRule:
    return KindRule(kind, level, rule)


# Every kind `compare` emits, with its level and the rule that produces it.
KINDS: tuple[KindRule, ...] = (
    _k("package-renamed", "major", "the Python package has another name: every import changes"),
    _k("client-renamed", "major", "the client class has another name"),
    _k("client-parameter-added-required", "major", "a new global parameter the client refuses to start without"),
    _k("client-parameter-added-optional", "minor", "a new credential or optional global parameter"),
    _k("client-parameter-removed", "major", "a client constructor parameter is gone"),
    _k("client-parameter-became-required", "major", "a global parameter became required"),
    _k("client-parameter-became-optional", "minor", "a global parameter became optional"),
    _k("client-parameter-type-widened", "minor", "a client parameter accepts more values"),
    _k("client-parameter-type-changed", "major", "a client parameter no longer accepts every value it did"),
    _k("server-added", "minor", "a new server (selectable with `server=`)"),
    _k("server-removed", "major", "a server index is gone: `server=<index>` fails or picks another"),
    _k("server-url-changed", "patch", "a server's URL changed (the same index)"),
    _k("server-variable-added", "minor", "a new server variable (it has a default)"),
    _k("server-variable-removed", "major", "a server variable is gone: passing it fails"),
    _k("server-variable-value-added", "minor", "a server variable allows more values"),
    _k("server-variable-value-removed", "major", "a server variable no longer allows a value"),
    _k("server-variable-default-changed", "patch", "a server variable's default changed"),
    _k("group-added", "minor", "a new resource group"),
    _k("group-removed", "major", "a resource group is gone"),
    _k("group-renamed", "major", "a group has another name: the same operations are reached through it"),
    _k("group-class-renamed", "major", "a group's class or module has another name (importable by name)"),
    _k("method-added", "minor", "a new method (including `<x>_and_wait` helpers)"),
    _k("method-removed", "major", "a method is gone"),
    _k("method-renamed", "major", "a method has another name or group: the same operation (HTTP method and path)"),
    _k("method-return-added", "minor", "a method that returned None now returns a value"),
    _k("method-return-changed", "major", "a method may return values it did not (pagination is part of the type)"),
    _k("method-return-narrowed", "patch", "a method returns a subset of what it did"),
    _k("method-endpoint-changed", "patch", "the same method calls another HTTP method or path"),
    _k("method-deprecated", "patch", "a method is now deprecated"),
    _k("method-undeprecated", "patch", "a method is no longer deprecated"),
    _k("parameter-added-required", "major", "a new required parameter"),
    _k("parameter-added-optional", "minor", "a new optional parameter"),
    _k("parameter-removed", "major", "a parameter is gone"),
    _k("parameter-became-required", "major", "an optional parameter became required"),
    _k("parameter-became-optional", "minor", "a required parameter became optional"),
    _k("parameter-type-widened", "minor", "a parameter accepts every value it did, and more"),
    _k("parameter-type-changed", "major", "a parameter no longer accepts every value it did"),
    _k("parameter-moved", "major", "a positional (path) parameter has another position"),
    _k("parameter-became-keyword-only", "major", "a positional (path) parameter became keyword-only"),
    _k("parameter-became-positional", "minor", "a keyword-only parameter became positional (path)"),
    _k("parameter-wire-changed", "patch", "the same parameter is sent under another name or location"),
    _k("error-body-added", "minor", "an error status now has its body decoded as a model"),
    _k("error-body-removed", "major", "an error status no longer has its body decoded as the model"),
    _k("error-body-changed", "major", "an error body may be decoded as a type it was not"),
    _k("error-body-narrowed", "patch", "an error body is decoded as a subset of what it was"),
    _k("model-added", "minor", "a new model"),
    _k("model-removed", "major", "a model is gone"),
    _k("typed-dict-added", "minor", "a request body now reaches the model: its `<Model>Param` TypedDict is new"),
    _k("typed-dict-removed", "major", "no request body reaches the model: its `<Model>Param` TypedDict is gone"),
    _k("enum-added", "minor", "a new enum"),
    _k("enum-removed", "major", "an enum is gone"),
    _k("alias-added", "minor", "a new type alias"),
    _k("alias-removed", "major", "a type alias is gone"),
    _k("definition-kind-changed", "major", "a name is now another kind of definition (an enum became an alias…)"),
    _k("request-field-added-required", "major", "a sent model has a new field its constructor requires"),
    _k("request-field-added-optional", "minor", "a sent model has a new optional field"),
    _k("response-field-added", "minor", "a read model has a new field"),
    _k("request-field-removed", "major", "a field of a sent model is gone"),
    _k("response-field-removed", "major", "a field of a read model is gone"),
    _k("request-field-became-required", "major", "a field of a sent model became required"),
    _k("request-field-became-optional", "minor", "a field of a sent model became optional"),
    _k("request-field-type-widened", "minor", "a field of a sent model accepts every value it did, and more"),
    _k("request-field-type-changed", "major", "a field of a sent model no longer accepts every value it did"),
    _k("response-field-became-optional", "major", "a field of a read model may now be None (absent or null)"),
    _k("response-field-type-changed", "major", "a field of a read model may hold values it did not"),
    _k("response-field-type-narrowed", "patch", "a field of a read model holds a subset of what it did"),
    _k("request-field-became-read-only", "major", "a field of a sent model is no longer sent"),
    _k("response-field-became-write-only", "major", "a field of a read model is no longer returned"),
    _k("field-access-changed", "patch", "a field's read-only/write-only flag changed without hiding it from a side"),
    _k("field-wire-name-changed", "major", "a field is sent and accepted under another wire name"),
    _k("field-default-changed", "patch", "a field's default changed"),
    _k("enum-member-added", "minor", "an enum the user sends has a new member"),
    _k("enum-member-added-open-response", "minor", "a response-only enum has a new member (open: not breaking)"),
    _k("enum-member-removed", "major", "an enum member is gone"),
    _k("enum-member-value-changed", "major", "an enum member stands for another wire value"),
    _k("enum-base-changed", "major", "an enum's values changed type (str/int)"),
    _k("alias-type-widened", "minor", "a sent alias accepts every value it did, and more"),
    _k("alias-type-narrowed", "patch", "a read alias holds a subset of what it did"),
    _k("alias-type-changed", "major", "an alias no longer accepts, or may now hold, values it did not"),
    _k("error-class-added", "minor", "a new class in errors.py"),
    _k("error-class-removed", "major", "a class of errors.py is gone"),
)
RULES: dict[str, KindRule] = {k.kind: k for k in KINDS}


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    path: str  # `client.projects.runs.start(run_id)`, `models.RunResult.status`, `errors.NotFoundError`
    breaking: bool
    message: str
    level: Level
    py_paths: tuple[str, ...] = ()  # the generated objects concerned; `func(param)` for a parameter

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "path": self.path,
            "breaking": self.breaking,
            "level": self.level,
            "message": self.message,
        }


def kinds_table() -> str:
    """The change kinds as a Markdown table (for docs and `sdkgen diff --kinds`)."""
    rows = ["| kind | level | rule |", "|---|---|---|"]
    rows += [f"| `{k.kind}` | {k.level} | {k.rule} |" for k in KINDS]
    return "\n".join(rows) + "\n"
