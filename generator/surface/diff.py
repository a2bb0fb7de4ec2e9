"""Two `Surface`s → the change between them, each change classified for the SDK's *user*.

Input: the old and the new surface (`surface.extract`, or `Surface.from_json` of a stored one).
Output: `SurfaceDiff(changes, bump)`. Every change has a kind from `KINDS`, whose level is fixed:
`major` (breaking: code that worked may fail to type-check or to run), `minor` (something new,
or a relaxation: code that worked still works), `patch` (no new capability and nothing breaks:
a narrowed result, a moved endpoint, a changed default, a deprecation). The bump is the highest
level found, `none` when the surfaces are equal.

Direction decides (see `surface.Direction`): the user *sends* parameters, request-body models
and their fields, and *reads* results, response models and their fields. What is sent may
accept more and not less; what is read may return less and not more (`surface_types`). A
model, enum or alias reached from both sides (or from neither, so nothing is assumed) follows
both rules; a read-only field follows the response rule only, a write-only one the request
rule only. Response enums are open (an unknown value becomes the `UNKNOWN` member), so a new
member is never breaking. `error.body` is typed `object`; the model it is decoded as is
compared like a result.

Not compared: docstrings and descriptions, the order of keyword-only parameters and of model
fields (both are passed by name), the per-call and client options every SDK has.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.directions import Direction
from generator.python.escape import terminal
from generator.surface.extract import Alias, Enum, Field, Group, Method, Model, Parameter, Surface
from generator.surface.kinds import KINDS, RANK, RULES, Bump, Change, KindRule, Level, kinds_table
from generator.surface.renames import group_renames, method_path, method_paths, method_renames
from generator.surface.types import accepts, members, narrows, without

__all__ = [
    "KINDS",
    "RULES",
    "Bump",
    "Change",
    "KindRule",
    "Level",
    "SurfaceDiff",
    "compare",
    "diff_json",
    "kinds_table",
    "render_json",
    "render_text",
    "version_after",
]


@dataclass(frozen=True, slots=True)
class SurfaceDiff:
    changes: list[Change] = field(default_factory=list)

    @property
    def bump(self) -> Bump:
        levels = {c.level for c in self.changes}
        for level in ("major", "minor", "patch"):
            if level in levels:
                return level
        return "none"

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaking]


class _Out:
    """Collects changes (every kind must be in `KINDS`) and compares types, knowing the enums of
    both sides (a str enum is a str)."""

    def __init__(self, old: Surface, new: Surface) -> None:
        self.changes: list[Change] = []
        self.bases = {e.name: e.base for e in (*old.enums, *new.enums)}

    def accepts(self, new: str, old: str) -> bool:
        return accepts(new, old, self.bases)

    def narrows(self, new: str, old: str) -> bool:
        return narrows(new, old, self.bases)

    def add(self, kind: str, path: str, message: str, *py_paths: str) -> None:
        rule = RULES[kind]
        self.changes.append(Change(kind, path, rule.level == "major", message, rule.level, tuple(py_paths)))


def compare(old: Surface, new: Surface) -> SurfaceDiff:
    """The classified change from `old` to `new` (see the module docstring)."""
    out = _Out(old, new)
    if old.package != new.package:
        out.add("package-renamed", "package", f"`{old.package}` is now `{new.package}`", old.package)
    if old.client != new.client:
        exported = (f"{old.package}.{old.client}", f"{old.package}.Async{old.client}")
        out.add("client-renamed", "client", f"`{old.client}` is now `{new.client}`", *_client_paths(old), *exported)
    # the constructor and `with_options` (alias `copy`) take the same client parameters
    init = tuple(f"{path}.{m}" for path in _client_paths(new) for m in ("__init__", "with_options", "copy"))
    _params(old.client_params, new.client_params, "client", init, out, "client-parameter")
    _servers(old, new, out)
    _groups(old, new, out)
    _methods(old, new, out)
    _definitions(old, new, out)
    for name in sorted(set(old.errors) - set(new.errors)):  # errors.py, re-exported by the package
        out.add(
            "error-class-removed", f"errors.{name}", "removed", f"{old.package}.errors.{name}", f"{old.package}.{name}"
        )
    for name in sorted(set(new.errors) - set(old.errors)):
        out.add("error-class-added", f"errors.{name}", "added", f"{new.package}.errors.{name}", f"{new.package}.{name}")
    changes = sorted(out.changes, key=lambda c: (-RANK[c.level], c.path, c.kind))
    return SurfaceDiff(changes)


def _servers(old: Surface, new: Surface, out: _Out) -> None:
    for i in range(max(len(old.servers), len(new.servers))):
        path = f"client.servers[{i}]"
        if i >= len(new.servers):
            out.add("server-removed", path, f"`{old.servers[i].url}` removed", old.client_path)
            continue
        if i >= len(old.servers):
            out.add("server-added", path, f"`{new.servers[i].url}` added", new.client_path)
            continue
        before, after = old.servers[i], new.servers[i]
        if before.url != after.url:
            out.add("server-url-changed", path, f"`{before.url}` is now `{after.url}`", new.client_path)
        old_vars, new_vars = {v.name: v for v in before.variables}, {v.name: v for v in after.variables}
        for name in sorted(old_vars.keys() - new_vars.keys()):
            out.add("server-variable-removed", f"{path}.{name}", "removed", new.client_path)
        for name in sorted(new_vars.keys() - old_vars.keys()):
            out.add("server-variable-added", f"{path}.{name}", f"added (default `{new_vars[name].default}`)")
        for name in sorted(old_vars.keys() & new_vars.keys()):
            was, now = old_vars[name], new_vars[name]
            lost = sorted(set(was.enum) - set(now.enum)) if now.enum else []
            if now.enum and not was.enum:
                out.add("server-variable-value-removed", f"{path}.{name}", f"now limited to {_list(now.enum)}")
            elif lost:
                out.add("server-variable-value-removed", f"{path}.{name}", f"no longer allows {_list(lost)}")
            gained = sorted(set(now.enum) - set(was.enum)) if was.enum else []
            if was.enum and not now.enum:
                out.add("server-variable-value-added", f"{path}.{name}", "now allows any value")
            elif gained:
                out.add("server-variable-value-added", f"{path}.{name}", f"now allows {_list(gained)}")
            if was.default != now.default:
                out.add("server-variable-default-changed", f"{path}.{name}", f"`{was.default}` is now `{now.default}`")


def _groups(old: Surface, new: Surface, out: _Out) -> None:
    before, after = {g.path: g for g in old.groups}, {g.path: g for g in new.groups}
    moved = group_renames(old, new)
    for path, to in moved.items():
        message = f"renamed: `client.{path}` → `client.{to}`"
        out.add("group-renamed", f"client.{to}", message, *_group_paths(old.package, before[path]))
    for path in sorted(before.keys() - after.keys() - moved.keys()):
        g = before[path]
        out.add("group-removed", f"client.{path}", "removed", *_group_paths(old.package, g))
    for path in sorted(after.keys() - before.keys() - set(moved.values())):
        out.add("group-added", f"client.{path}", "added", after[path].py_path)
    for path in sorted(before.keys() & after.keys()):
        was, now = before[path], after[path]
        if (was.class_name, was.module) != (now.class_name, now.module):
            out.add(
                "group-class-renamed",
                f"client.{path}",
                f"`resources.{was.module}.{was.class_name}` is now `resources.{now.module}.{now.class_name}`",
                *_group_paths(old.package, was, accessors=False),
            )


def _client_paths(surface: Surface) -> tuple[str, ...]:
    """The client class and its async and raw-response twins (a record older than the twins in
    the surface: the class alone)."""
    return surface.client_mirrors or (surface.client_path,)


def _group_paths(package: str, g: Group, *, accessors: bool = True) -> tuple[str, ...]:
    """A group's module, its class family and (with `accessors`) the attributes that reach them."""
    module_path = f"{package}.resources.{g.module}"
    family = tuple(m for m in g.mirrors if m.startswith(module_path + ".")) or (f"{module_path}.{g.class_name}",)
    reached = tuple(m for m in g.mirrors if m not in family) or (g.py_path,)
    return (module_path, *family, *(reached if accessors else ()))


def _methods(old: Surface, new: Surface, out: _Out) -> None:
    before = {(m.group, m.name): m for m in old.methods}
    after = {(m.group, m.name): m for m in new.methods}
    moved = method_renames(old, new)  # the same operation under another name: compared as one
    for key, to in moved.items():
        was, now = before[key], after[to]
        message = f"renamed: `{method_path(was)}` → `{method_path(now)}` (`{now.endpoint}`)"
        out.add("method-renamed", method_path(now), message, *method_paths(was))
    for key in sorted(before.keys() - after.keys() - moved.keys()):
        m = before[key]
        out.add("method-removed", method_path(m), f"removed (`{m.endpoint}`)", *method_paths(m))
    for key in sorted(after.keys() - before.keys() - set(moved.values())):
        m = after[key]
        out.add("method-added", method_path(m), f"added (`{m.endpoint}`)", *method_paths(m))
    for was_key, now_key in sorted([*((k, k) for k in before.keys() & after.keys()), *moved.items()]):
        _method(before[was_key], after[now_key], out)


def _method(was: Method, now: Method, out: _Out) -> None:
    path = method_path(now)
    _params(was.params, now.params, path, method_paths(now), out, "parameter")
    if was.returns != now.returns:
        change = f"returns `{now.returns}` instead of `{was.returns}`"
        if was.returns == "None":
            out.add("method-return-added", path, change, *method_paths(now))
        elif out.narrows(now.returns, was.returns):
            out.add("method-return-narrowed", path, change, *method_paths(now))
        else:
            out.add("method-return-changed", path, change, *method_paths(now))
    if was.endpoint != now.endpoint:
        out.add("method-endpoint-changed", path, f"calls `{now.endpoint}` instead of `{was.endpoint}`")
    if was.deprecated != now.deprecated:
        out.add(
            "method-deprecated" if now.deprecated else "method-undeprecated",
            path,
            "deprecated" if now.deprecated else "no longer deprecated",
        )
    errors_before, errors_after = dict(was.errors), dict(now.errors)
    for status in sorted(errors_before.keys() - errors_after.keys()):
        out.add(
            "error-body-removed",
            f"{path}[{status}]",
            f"a {status} error body is no longer decoded as `{errors_before[status]}`",
        )
    for status in sorted(errors_after.keys() - errors_before.keys()):
        out.add(
            "error-body-added", f"{path}[{status}]", f"a {status} error body is decoded as `{errors_after[status]}`"
        )
    for status in sorted(errors_before.keys() & errors_after.keys()):
        b, a = errors_before[status], errors_after[status]
        if a != b:
            kind = "error-body-narrowed" if out.narrows(a, b) else "error-body-changed"
            out.add(kind, f"{path}[{status}]", f"a {status} error body is decoded as `{a}` instead of `{b}`")


def _params(
    old: Iterable[Parameter], new: Iterable[Parameter], path: str, py_paths: tuple[str, ...], out: _Out, prefix: str
) -> None:
    """Parameters are sent: a new one must be optional, an existing one may only accept more."""
    before, after = {p.name: p for p in old}, {p.name: p for p in new}

    def where(name: str) -> str:
        return f"{path}({name})" if prefix == "parameter" else f"client({name})"

    def py(name: str) -> tuple[str, ...]:
        return tuple(f"{m}({name})" for m in py_paths)

    for name in [p for p in before if p not in after]:
        out.add(f"{prefix}-removed", where(name), f"`{name}` removed", *py(name))
    for name in [p for p in after if p not in before]:
        p = after[name]
        required = "required" if p.required else "optional"
        out.add(f"{prefix}-added-{required}", where(name), f"new {required} `{name}: {_bare(p.annotation)}`", *py(name))
    positions_before = [n for n, p in before.items() if p.positional]
    positions_after = [n for n, p in after.items() if p.positional]
    for name in [p for p in after if p in before]:
        was, now = before[name], after[name]
        if was.required != now.required:
            state = "required" if now.required else "optional"
            out.add(f"{prefix}-became-{state}", where(name), f"`{name}` is now {state}", *py(name))
        old_type, new_type = _bare(was.annotation), _bare(now.annotation)
        if old_type != new_type:
            kind = "type-widened" if out.accepts(new_type, old_type) else "type-changed"
            out.add(f"{prefix}-{kind}", where(name), f"`{name}: {new_type}` instead of `{old_type}`", *py(name))
        if prefix != "parameter":
            continue
        if was.positional and not now.positional:
            out.add("parameter-became-keyword-only", where(name), f"`{name}` must now be passed by name", *py(name))
        elif now.positional and not was.positional:
            out.add("parameter-became-positional", where(name), f"`{name}` may now be passed by position", *py(name))
        elif was.positional and positions_before.index(name) != positions_after.index(name):
            moved = f"position {positions_before.index(name) + 1} is now {positions_after.index(name) + 1}"
            out.add("parameter-moved", where(name), f"`{name}`: {moved}", *py(name))
        if (was.location, was.wire_name) != (now.location, now.wire_name):
            out.add(
                "parameter-wire-changed",
                where(name),
                f"sent as {now.location} `{now.wire_name}` instead of {was.location} `{was.wire_name}`",
            )


def _bare(annotation: str) -> str:
    """A parameter's type without the `NotGiven` an optional one adds."""
    return without(annotation, "NotGiven")


# ------------------------------------------------------------------------------ definitions
def _definition_paths(d: Model | Enum | Alias) -> tuple[str, ...]:
    """Where the definition is, and where `models/__init__.py` re-exports it; a model's
    TypedDict too (its keys are the model's fields)."""
    paths: tuple[str, ...] = (d.py_path, re.sub(r"\.models\.\w+\.(?=\w+$)", ".models.", d.py_path))
    if isinstance(d, Model) and d.typed_dict:
        paths += (d.typed_dict, re.sub(r"\.models\.\w+\.(?=\w+$)", ".models.", d.typed_dict))
    return paths


def _field_paths(was: Model, now: Model, name: str) -> tuple[str, ...]:
    """A field of the model, and the same key of its TypedDict before and after."""
    return (f"{now.py_path}.{name}", *(f"{m.typed_dict}.{name}" for m in (was, now) if m.typed_dict))


def _kind(d: Model | Enum | Alias) -> str:
    return "model" if isinstance(d, Model) else "enum" if isinstance(d, Enum) else "alias"


def _by_name(surface: Surface) -> dict[str, Model | Enum | Alias]:
    found: list[Model | Enum | Alias] = [*surface.models, *surface.enums, *surface.aliases]
    return {d.name: d for d in found}


def _definitions(old: Surface, new: Surface, out: _Out) -> None:
    before = _by_name(old)
    after = _by_name(new)
    for name in sorted(before.keys() - after.keys()):
        out.add(f"{_kind(before[name])}-removed", f"models.{name}", "removed", *_definition_paths(before[name]))
    for name in sorted(after.keys() - before.keys()):
        out.add(f"{_kind(after[name])}-added", f"models.{name}", "added", *_definition_paths(after[name]))
    for name in sorted(before.keys() & after.keys()):
        was, now = before[name], after[name]
        path = f"models.{name}"
        sides = _sides(was.direction, now.direction)
        if isinstance(was, Model) and isinstance(now, Model):
            _model(was, now, sides, out)
        elif isinstance(was, Enum) and isinstance(now, Enum):
            _enum(was, now, sides, out)
        elif isinstance(was, Alias) and isinstance(now, Alias):
            if was.annotation != now.annotation:
                _alias(path, was.annotation, now.annotation, sides, out, was.py_path)
        else:
            kinds = f"{_article(_kind(was))} is now {_article(_kind(now))}"
            # an enum lives with its one user, an alias in its own module: both places
            out.add("definition-kind-changed", path, kinds, *_definition_paths(was), *_definition_paths(now))


def _sides(*directions: Direction) -> set[str]:
    """The sides a definition is on, before or after; neither → both (nothing assumed)."""
    sides = {s for d in directions for s in (("request", "response") if d == "both" else (d,)) if s != "none"}
    return sides or {"request", "response"}


def _alias(path: str, was: str, now: str, sides: set[str], out: _Out, py_path: str) -> None:
    wider, narrower = out.accepts(now, was), out.narrows(now, was)
    change = f"`{now}` instead of `{was}`"
    if "request" in sides and not wider or "response" in sides and not narrower:
        out.add("alias-type-changed", path, change, py_path)
    elif "request" in sides:
        out.add("alias-type-widened", path, change, py_path)
    else:
        out.add("alias-type-narrowed", path, change, py_path)


def _enum(was: Enum, now: Enum, sides: set[str], out: _Out) -> None:
    path = f"models.{now.name}"
    if was.base != now.base:
        out.add("enum-base-changed", path, f"values are {now.base} instead of {was.base}", was.py_path)
    before, after = dict(was.members), dict(now.members)
    for name in sorted(before.keys() - after.keys()):
        out.add("enum-member-removed", f"{path}.{name}", f"`{before[name]!r}` removed", f"{was.py_path}.{name}")
    added = "enum-member-added" if "request" in sides else "enum-member-added-open-response"
    for name in sorted(after.keys() - before.keys()):
        out.add(added, f"{path}.{name}", f"`{after[name]!r}` added", f"{now.py_path}.{name}")
    for name in sorted(before.keys() & after.keys()):
        if before[name] != after[name]:
            out.add("enum-member-value-changed", f"{path}.{name}", f"`{after[name]!r}` instead of `{before[name]!r}`")


def _model(was: Model, now: Model, sides: set[str], out: _Out) -> None:
    before, after = {f.name: f for f in was.fields}, {f.name: f for f in now.fields}
    path = f"models.{now.name}"
    for name in sorted(before.keys() - after.keys()):
        f = before[name]
        kind = "response-field-removed" if _on(f, sides, "response") else "request-field-removed"
        out.add(kind, f"{path}.{name}", "removed", *_field_paths(was, was, name))
    for name in sorted(after.keys() - before.keys()):
        f = after[name]
        if _on(f, sides, "request"):
            kind = "request-field-added-required" if f.required else "request-field-added-optional"
        else:
            kind = "response-field-added"
        out.add(kind, f"{path}.{name}", f"new `{name}: {f.annotation}`", *_field_paths(now, now, name))
    for name in sorted(before.keys() & after.keys()):
        _field(f"{path}.{name}", before[name], after[name], sides, out, _field_paths(was, now, name))
    if was.typed_dict and not now.typed_dict and "request" in sides:
        out.add("typed-dict-removed", path, "no request body takes it any more", *_definition_paths(was)[2:])
    elif now.typed_dict and not was.typed_dict:
        out.add("typed-dict-added", path, "a request body takes it now", *_definition_paths(now)[2:])


def _on(f: Field, sides: set[str], side: str) -> bool:
    """Whether the field is on that side: its model is, and its access does not hide it."""
    hidden = f.read_only if side == "request" else f.write_only
    return side in sides and not hidden


def _field(path: str, was: Field, now: Field, sides: set[str], out: _Out, py_paths: tuple[str, ...]) -> None:
    if was.wire_name != now.wire_name:
        out.add("field-wire-name-changed", path, f"wire name `{now.wire_name}` instead of `{was.wire_name}`", *py_paths)
    if now.read_only and not was.read_only and "request" in sides:
        out.add("request-field-became-read-only", path, "read-only: no longer sent", *py_paths)
    elif now.write_only and not was.write_only and "response" in sides:
        out.add("response-field-became-write-only", path, "write-only: no longer returned", *py_paths)
    elif (was.read_only, was.write_only) != (now.read_only, now.write_only):
        out.add("field-access-changed", path, _access(now), *py_paths)
    # The rules of the sides that see the field before and after (a side it left or joined is
    # the access change above); a field no side ever sees follows both, nothing assumed.
    request = _on(was, sides, "request") and _on(now, sides, "request")
    response = _on(was, sides, "response") and _on(now, sides, "response")
    if not any(_on(f, sides, side) for f in (was, now) for side in ("request", "response")):
        request = response = True
    flipped = was.required != now.required
    if flipped and request:
        state = "required" if now.required else "optional"
        out.add(f"request-field-became-{state}", path, f"now {state}", *py_paths)
    if was.annotation != now.annotation:
        # A field that became optional gains `| None` (its default); that is the flip, reported above.
        sent_old, sent_new = (
            (without(was.annotation, "None"), without(now.annotation, "None"))
            if flipped
            else (was.annotation, now.annotation)
        )
        change = f"`{now.annotation}` instead of `{was.annotation}`"
        if request and not out.accepts(sent_new, sent_old):
            out.add("request-field-type-changed", path, change, *py_paths)
        elif response and not out.narrows(now.annotation, was.annotation):
            gained_none = "None" in members(now.annotation) and "None" not in members(was.annotation)
            only_none = gained_none and out.narrows(without(now.annotation, "None"), was.annotation)
            out.add(
                "response-field-became-optional" if only_none else "response-field-type-changed",
                path,
                change,
                *py_paths,
            )
        elif request and sent_old != sent_new:
            out.add("request-field-type-widened", path, change, *py_paths)
        elif response:
            out.add("response-field-type-narrowed", path, change, *py_paths)
    if was.default != now.default and not flipped:
        out.add("field-default-changed", path, f"default `{now.default}` instead of `{was.default}`", *py_paths)


def _access(f: Field) -> str:
    return "read-only" if f.read_only else "write-only" if f.write_only else "read and written"


def _list(values: Iterable[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


# ------------------------------------------------------------------------------ versions and output
_VERSION = re.compile(r"^(\d+(?:\.\d+)*)((?:a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


def version_after(version: str, bump: Bump) -> str:
    """The PEP 440 version after a change of level `bump`.

    1.y.z and up: major → (x+1).0.0, minor → x.(y+1).0, patch → x.y.(z+1). Below 1.0 Cargo's
    convention: on 0.y.z a breaking change bumps y (0.(y+1).0) and anything else bumps z; on
    0.0.z every change bumps z. Missing parts count as 0 (`2` is 2.0.0) and parts past the third
    are dropped; a pre-release, post or dev suffix is dropped and the release bumped from its
    numbers (1.2.0rc1 + patch → 1.2.1). `none` returns the version unchanged.
    """
    match = _VERSION.match(version.strip())
    if match is None:
        raise ValueError(f"{version!r} is not a PEP 440 version this tool can bump")
    if bump == "none":
        return version
    x, y, z = ([int(p) for p in match.group(1).split(".")] + [0, 0])[:3]
    if x == 0 and y == 0:
        return f"0.0.{z + 1}"
    if x == 0:
        return f"0.{y + 1}.0" if bump == "major" else f"0.{y}.{z + 1}"
    if bump == "major":
        return f"{x + 1}.0.0"
    return f"{x}.{y + 1}.0" if bump == "minor" else f"{x}.{y}.{z + 1}"


def render_text(diff: SurfaceDiff) -> str:
    """One line per change, breaking ones first; the last line is the bump."""
    lines = [f"{c.level:<5}  {terminal(c.path)}: {terminal(c.message)} [{c.kind}]" for c in diff.changes]
    breaking = len(diff.breaking)
    if not diff.changes:
        lines.append("bump: none (no change to the public surface)")
    else:
        lines.append(f"bump: {diff.bump} ({breaking} breaking, {len(diff.changes) - breaking} non-breaking changes)")
    return "\n".join(lines) + "\n"


def render_json(diff: SurfaceDiff) -> str:
    return json.dumps(diff_json(diff), indent=2, sort_keys=True) + "\n"  # ASCII: no raw control text


def diff_json(diff: SurfaceDiff) -> dict[str, object]:
    return {"bump": diff.bump, "changes": [c.to_json() for c in diff.changes]}


def _article(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
