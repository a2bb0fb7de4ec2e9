"""The document's tags as a tree of resource groups (OpenAPI 3.2's `parent` and `kind`).

A tag with `parent` nests under that tag: an operation tagged `runs`, whose tag has `parent:
projects`, lands in `projects.runs`; the chain is followed to the root, and each name in it may
still be dotted (`a.b` is two levels), as a tag without a parent is. Only navigation tags make
groups: a tag whose `kind` is absent or `nav`. Other kinds (the registry's `badge` and
`audience`, or any other value) label operations without grouping them, so an operation's group
comes from its first navigation tag. A tag's `summary` is its group's short description, before
its `description`.

Problems are diagnostics, never a refusal: a `parent` naming no tag is ignored ("invalid"), and
a cycle of parents ("tag-cycle") is broken at the tag of the cycle listed first in `tags`,
which becomes a root. Deterministic: the result depends only on the document's `tags`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic, pointer_join
from generator.words import split_words

NAVIGATION = "nav"  # the registry's kind for tags that organize the API (the default)


@dataclass(frozen=True, slots=True)
class TagTree:
    parents: Mapping[str, str] = field(default_factory=dict)  # tag → its parent tag (acyclic)
    hidden: frozenset[str] = frozenset()  # tags of another kind than navigation: no group
    texts: Mapping[str, str] = field(default_factory=dict)  # tag → summary and description

    def first(self, op: Mapping[str, Any]) -> str:
        """The operation's grouping tag: its first navigation tag, "" when that has no words."""
        tags = op.get("tags")
        for tag in tags if isinstance(tags, list) else []:
            if isinstance(tag, str) and tag not in self.hidden:
                return tag if split_words(tag) else ""
        return ""

    def chain(self, tag: str) -> tuple[str, ...]:
        """The tag's ancestors, root first, and the tag."""
        out = [tag]
        while out[-1] in self.parents:
            out.append(self.parents[out[-1]])
        return tuple(reversed(out))

    def group(self, tag: str) -> tuple[str, ...]:
        """The group path of an operation whose grouping tag is `tag`."""
        return tuple(part for name in self.chain(tag) for part in name.split(".") if split_words(part))

    def descriptions(self) -> dict[str, str]:
        """Dotted group path → the text of the tag that makes it."""
        return {".".join(self.group(t)): text for t, text in self.texts.items() if text and t not in self.hidden}


def read_tags(raw: Any) -> tuple[TagTree, list[Diagnostic]]:
    """The tree of the document's `tags` list, and what was wrong with it."""
    diagnostics: list[Diagnostic] = []
    declared: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, tag in enumerate(raw if isinstance(raw, list) else []):
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            declared.setdefault(tag["name"], (i, tag))
    parents: dict[str, str] = {}
    for name, (i, tag) in declared.items():
        parent = tag.get("parent")
        if parent is None:
            continue
        if isinstance(parent, str) and parent in declared and parent != name:
            parents[name] = parent
        else:
            message = f"tag {name!r} names the parent {parent!r}, which is no other tag; it stays a top-level group"
            diagnostics.append(Diagnostic("warning", pointer_join("#/tags", i, "parent"), message, "invalid"))
    _break_cycles(parents, declared, diagnostics)
    hidden = frozenset(name for name, (_, tag) in declared.items() if tag.get("kind", NAVIGATION) != NAVIGATION)
    texts = {name: _text(tag) for name, (_, tag) in declared.items()}
    return TagTree(parents, hidden, texts), diagnostics


def _break_cycles(
    parents: dict[str, str], declared: Mapping[str, tuple[int, dict[str, Any]]], diagnostics: list[Diagnostic]
) -> None:
    """Each cycle of parents loses the parent of its member listed first in `tags`."""
    for start in sorted(declared, key=lambda n: declared[n][0]):
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in path:
            path.append(node)
            node = parents.get(node)
        if node is None:
            continue
        cycle = path[path.index(node) :]
        root = min(cycle, key=lambda n: declared[n][0])
        loop = " → ".join([*cycle[cycle.index(root) :], *cycle[: cycle.index(root)], root])
        message = f"tag parents form a cycle ({loop}); {root!r} is taken as a top-level group"
        where = pointer_join("#/tags", declared[root][0], "parent")
        diagnostics.append(Diagnostic("warning", where, message, "tag-cycle"))
        del parents[root]


def _text(tag: Mapping[str, Any]) -> str:
    parts = [tag.get("summary"), tag.get("description")]
    return "\n\n".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
