"""Renames between two surfaces: a method (or a group) that is gone while another calls the same
operations is the same thing under a new name, so `diff` says "renamed" instead of "removed"
and "added", and compares the pair like any other method.

An operation is known by its HTTP method and path (`Method.endpoint`), which naming never
changes; a `<start>_and_wait` helper by the same and its being a helper. A method is paired
only when exactly one gone and one new method call its operation; a group when the operations
reached through it (its subgroups' too) are the same, non-empty set before and after.
"""

from __future__ import annotations

from generator.surface.extract import Method, Surface

MethodKey = tuple[str, str]  # (dotted group, method name)


def method_path(m: Method) -> str:
    return f"client.{m.group}.{m.name}"


def method_paths(m: Method) -> tuple[str, ...]:
    """The method's object paths: on the sync, async and raw-response classes."""
    return m.mirrors or (m.py_path,)


def _operation(m: Method) -> tuple[str, bool]:
    return (m.endpoint, bool(m.helper_of))


def method_renames(old: Surface, new: Surface) -> dict[MethodKey, MethodKey]:
    """Old (group, name) → new (group, name) of every method renamed."""
    before = {(m.group, m.name): m for m in old.methods}
    after = {(m.group, m.name): m for m in new.methods}
    gone: dict[tuple[str, bool], list[MethodKey]] = {}
    added: dict[tuple[str, bool], list[MethodKey]] = {}
    for key in before.keys() - after.keys():
        if before[key].endpoint:
            gone.setdefault(_operation(before[key]), []).append(key)
    for key in after.keys() - before.keys():
        if after[key].endpoint:
            added.setdefault(_operation(after[key]), []).append(key)
    return {
        keys[0]: added[op][0] for op, keys in sorted(gone.items()) if len(keys) == 1 and len(added.get(op, ())) == 1
    }


def group_renames(old: Surface, new: Surface) -> dict[str, str]:
    """Old dotted group path → new, for every group renamed."""
    before = {g.path for g in old.groups}
    after = {g.path for g in new.groups}

    def reached(surface: Surface, path: str) -> frozenset[tuple[str, bool]]:
        return frozenset(_operation(m) for m in surface.methods if m.group == path or m.group.startswith(path + "."))

    gone = {path: reached(old, path) for path in sorted(before - after)}
    added = {path: reached(new, path) for path in sorted(after - before)}
    out: dict[str, str] = {}
    for same_name in (True, False):  # `a.runs` → `b.runs` first, then what is left
        for path, ops in gone.items():
            if path in out or not ops:
                continue
            matches = [
                p
                for p, found in added.items()
                if found == ops and p not in out.values() and (not same_name or _last(p) == _last(path))
            ]
            if len(matches) == 1:
                out[path] = matches[0]
    return dict(sorted(out.items()))


def _last(path: str) -> str:
    return path.rsplit(".", 1)[-1]
