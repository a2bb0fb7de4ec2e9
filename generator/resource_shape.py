"""Resource groups and method words from the API's shape: part of the naming stage that every
target shares (words only; a target's naming policy cases them).

Groups come from the operations' tags when the spec has useful ones (at least half of the
operations tagged; a tag nests under its 3.2 `parent`, and a dotted tag nests: `projects.jobs.runs`;
only navigation tags group, `tag_tree.py`), else from the path's resource
segments after the prefix every path shares and a leading version segment (`/v1`, `/api/v3`,
`/2022-11-28`): `/v1/accounts/{account}/people/{person}` → `accounts.people`. A static segment
is a resource when something follows it in any path, when several HTTP methods act on it, or
when it is a plural noun (`/v1/accounts/{account}/login_links` → `accounts.login_links`); a
last segment that is none of these is an action of the resource before it
(`/v1/charges/{charge}/capture` → `capture` in `charges`).

Method words, first found wins:
1. `x-speakeasy-name-override` / `x-sdk-name`, then the config's `method_names` (by
   operationId or by `"METHOD /path"`);
2. the shape, when the operationId is absent or mechanical (the HTTP method and the path's
   words, as Stripe's `PostCustomersCustomer`): GET collection → `list`, POST collection →
   `create`, GET item → `retrieve`, POST/PUT/PATCH item → `update`, DELETE item → `delete`, an
   action segment → its words;
3. the operationId: with path groups, its words without the group's (compared by stem:
   `simulate` is `simulations`), of a sentence (one with an article) only the leading phrase
   (`create_an_account_number` in `account_numbers` → `create`), an action whose words it
   contains naming it (`cancel_a_pending_ach_transfer` at `/ach_transfers/{id}/cancel` →
   `cancel`), the shape when nothing is left; with tag groups, the operationId without the
   group's words and the leading words all unnamed siblings share. No article, preposition or
   conjunction is left before a removed word whose phrase it introduced
   (`get-webhook-config-for-app` in `apps` → `get_webhook_config`).

The config's `groups` maps a tag or a path prefix to a dotted group; `strip_path_prefix` is
removed before grouping. Deterministic: the result depends only on the spec and the config.
Collisions are resolved later, by the target's naming (`generator.naming.Namer`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from generator import http_methods
from generator.diagnostics import Diagnostic
from generator.tag_tree import TagTree
from generator.words import singular, split_words

if TYPE_CHECKING:  # type checkers read the classes as the dataclasses they are
    from dataclasses import dataclass
else:  # the same classes, made with less generated code (`ir_class.py`)
    from generator.ir_class import dataclass

HTTP_METHODS = http_methods.FIXED
# Words that only join others: never a method name's first or last word.
STOP_WORDS = frozenset("a an the for of to in on by with from and or".split())
# `v1`, `v2beta1`, `v1.0`, `2022-11-28`, `2.1`
_VERSION = re.compile(r"^(v\d+(?:[._-]\d+)*(?:[a-z]+\d*)?|\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)+)$", re.IGNORECASE)
# First words that make a plural last segment an action rather than a sub-collection
# (`verify_microdeposits`, `process_payments`).
_VERBS = frozenset(
    """accept activate add apply approve archive attach cancel capture charge check clear close complete
    confirm copy create deactivate decline delete deliver detach disable disconnect enable expire export
    fail finalize find fund generate get import increment invite list lock mark merge move pay post
    present preview process publish reactivate redact refresh refund reject release remove rename reopen
    replace request resend reset restore resume retry return reverse revoke rotate run search send set
    ship start stop submit succeed suspend sync test transfer trigger undo unlock update upload validate
    verify void""".split()
)
# What the shape names an operation, by position and HTTP method.
_CRUD = {
    "item": {"get": "retrieve", "delete": "delete", "post": "update", "put": "update", "patch": "update"},
    "collection": {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete"},
    "singleton": {"get": "retrieve", "put": "update", "patch": "update", "post": "create", "delete": "delete"},
}


@dataclass(frozen=True, slots=True)
class Levers:
    """The config's naming levers (`[tool.sdkgen.sdk]`)."""

    method_names: Mapping[str, str] = field(default_factory=dict)  # operationId or "METHOD /path" → name
    strip_path_prefix: str = ""
    groups: Mapping[str, str] = field(default_factory=dict)  # tag or "/path/prefix" → dotted group


@dataclass(frozen=True, slots=True)
class Endpoint:
    """What naming reads of one operation."""

    path: str
    method: str  # lower case
    op: dict[str, Any]
    pointer: str


@dataclass(frozen=True, slots=True)
class Named:
    group: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(slots=True)
class _Shape:
    group: list[str]  # the path's resource segments
    position: str  # item, collection, singleton or action
    action: str = ""  # the action segment
    leaf_group: bool = False  # the last segment became a group only because it is plural
    methods: frozenset[str] = frozenset()  # the HTTP methods of the operation's path
    segments: tuple[str, ...] = ()  # the path's segments after the prefixes


def name_operations(
    endpoints: list[Endpoint], levers: Levers, tags: TagTree | None = None
) -> tuple[list[Named], list[Diagnostic]]:
    """The group and method words of every operation, in order, and what the levers did not match;
    `tags`: the document's tag tree (3.2's `parent` and `kind`, `tag_tree.py`)."""
    return _Naming(endpoints, levers, tags or TagTree()).run()


def endpoint_key(method: str, path: str) -> str:
    """`POST /v1/charges/{charge}/capture`: how the config's `method_names` may name an operation."""
    return f"{http_methods.wire(method)} {path}"


class _Naming:
    def __init__(self, endpoints: list[Endpoint], levers: Levers, tags: TagTree) -> None:
        self.endpoints = endpoints
        self.levers = levers
        self.tags = tags
        self.diagnostics: list[Diagnostic] = []
        self.used: set[str] = set()  # lever keys that matched an operation
        self.segments = [self._strip(e.path) for e in endpoints]
        self._drop_common_prefix()
        self.trie = _Trie()
        for e, segs in zip(endpoints, self.segments, strict=True):
            self.trie.add(segs, e.method)
        tagged = sum(1 for e in endpoints if tags.first(e.op))
        self.tags_useful = bool(endpoints) and 2 * tagged >= len(endpoints)

    # ------------------------------------------------------------------ prefixes
    def _strip(self, path: str) -> list[str]:
        segs = [s for s in path.split("/") if s]
        prefix = [s for s in self.levers.strip_path_prefix.split("/") if s]
        if prefix and segs[: len(prefix)] == prefix:
            self.used.add("strip_path_prefix")
            return segs[len(prefix) :]
        return segs

    def _drop_common_prefix(self) -> None:
        """Remove the leading segments every path shares, as long as each path keeps a static
        segment, then a leading version segment when the spec has only one."""
        if not self.segments:
            return
        common = 0
        first = self.segments[0]
        while all(len(s) > common and s[common] == first[common] for s in self.segments) and all(
            any(not _is_param(x) for x in s[common + 1 :]) for s in self.segments
        ):
            common += 1
        self.segments = [s[common:] for s in self.segments]
        leading = {s[0] for s in self.segments if s and _VERSION.match(s[0]) and len(s) > 1}
        if len(leading) == 1:
            self.segments = [s[1:] if s and s[0] in leading and len(s) > 1 else s for s in self.segments]

    # ------------------------------------------------------------------ per operation
    def run(self) -> tuple[list[Named], list[Diagnostic]]:
        shapes = [self._demoted(e, self._shape(segs)) for e, segs in zip(self.endpoints, self.segments, strict=True)]
        groups: list[tuple[str, ...]] = []
        modes: list[str] = []
        for e, shape in zip(self.endpoints, shapes, strict=True):
            group, mode = self._group(e, shape)
            groups.append(group)
            modes.append(mode)
        explicit = [self._explicit(e) for e in self.endpoints]
        words: list[list[str]] = []
        for e, shape, group, mode in zip(self.endpoints, shapes, groups, modes, strict=True):
            words.append(self._derived(e, shape, group, mode))
        self._drop_shared_leading(groups, modes, explicit, words)
        self._undo_colliding(groups, modes, explicit, words)
        self._report_unused()
        named = [Named(g, x if x is not None else tuple(w)) for g, x, w in zip(groups, explicit, words, strict=True)]
        return named, self.diagnostics

    def _shape(self, segs: list[str]) -> _Shape:
        shape = self._walk(segs)
        shape.segments = tuple(segs)
        return shape

    def _walk(self, segs: list[str]) -> _Shape:
        group: list[str] = []
        position = "singleton"
        node = self.trie
        for i, seg in enumerate(segs):
            node = node.children[_key(seg)]
            if _is_param(seg):
                if group:
                    position = "item"
                continue
            last = i == len(segs) - 1
            if last and group and not node.children and len(node.methods) < 2:
                words = split_words(seg)
                plural = bool(words) and singular(words[-1]) != words[-1] and words[0] not in _VERBS
                if not plural:
                    return _Shape(group, "action", seg, methods=frozenset(node.methods))
                group.append(seg)
                return _Shape(group, "collection", leaf_group=True, methods=frozenset(node.methods))
            group.append(seg)
            words = split_words(seg)
            collection = "{}" in node.children or (bool(words) and singular(words[-1]) != words[-1])
            position = "collection" if collection else "singleton"
        return _Shape(group, position if group else "singleton", methods=frozenset(node.methods))

    def _demoted(self, e: Endpoint, shape: _Shape) -> _Shape:
        """A GET of a plural last segment that the operationId names as what it reads, not as a
        list (`retrieve_sensitive_details_for_a_card` at `/cards/{card_id}/details`): an action."""
        op_id = _text(e.op.get("operationId"))
        if not shape.leaf_group or e.method != "get" or not op_id:
            return shape
        if _mechanical(op_id, e, list(shape.segments)):
            return shape
        words, last = split_words(op_id), shape.group[-1]
        stems = _group_stems(tuple(shape.group))
        lead = [w for w in _lead(words) if _stem(w) not in stems]
        if lead and lead != ["list"] and _contains(words, split_words(last)):
            return _Shape(shape.group[:-1], "action", last, methods=shape.methods, segments=shape.segments)
        return shape

    def _group(self, e: Endpoint, shape: _Shape) -> tuple[tuple[str, ...], str]:
        """The group and how it was found: `tag` or `path`."""
        mapped = self._mapped_prefix(e, shape)
        if mapped is not None:
            return mapped, "path"
        tag = self.tags.first(e.op)
        if tag and tag in self.levers.groups:
            self.used.add(tag)
            return _dotted(self.levers.groups[tag]), "tag"
        if tag and self.tags_useful:
            return self.tags.group(tag), "tag"
        group = tuple(g for g in shape.group if split_words(g))
        return (group or ("default",)), "path"

    def _mapped_prefix(self, e: Endpoint, shape: _Shape) -> tuple[str, ...] | None:
        """The group of a path under a prefix the config maps: the mapped group, then the path's
        groups below the prefix (the longest prefix wins)."""
        best = ""
        for prefix in self.levers.groups:
            if prefix.startswith("/") and _under(e.path, prefix) and len(prefix) > len(best):
                best = prefix
        if not best:
            return None
        self.used.add(best)
        inside = {s for s in best.split("/") if s}
        below = list(shape.group)
        while below and below[0] in inside:
            below.pop(0)
        return (*_dotted(self.levers.groups[best]), *(g for g in below if split_words(g)))

    def _explicit(self, e: Endpoint) -> tuple[str, ...] | None:
        name = e.op.get("x-speakeasy-name-override") or e.op.get("x-sdk-name")
        if not isinstance(name, str) or not split_words(name):
            names = self.levers.method_names
            op_id = _text(e.op.get("operationId"))
            key = endpoint_key(e.method, e.path)
            for candidate in (key, op_id):
                if candidate and candidate in names:
                    self.used.add(candidate)
                    name = names[candidate]
                    break
        if isinstance(name, str) and split_words(name):
            return tuple(split_words(name))
        return None

    def _derived(self, e: Endpoint, shape: _Shape, group: tuple[str, ...], mode: str) -> list[str]:
        op_id = _text(e.op.get("operationId"))
        shaped = self._shaped(e, shape)
        if not op_id or _mechanical(op_id, e, list(shape.segments)):
            if mode == "tag":  # the path's resources the tag does not name follow the verb
                tag_words = _group_words(group)
                extra = [w for g in shape.group for w in split_words(g) if singular(w) not in tag_words]
                return shaped + extra if shape.position != "action" else shaped
            return shaped
        words = split_words(op_id)
        if mode == "tag":
            drop = _group_words(group)
            return _without_group(words, lambda w: w in drop) or words or _method_words(e.method)
        stems = _group_stems(group)
        if shape.position == "action" and _contains(words, split_words(shape.action)):
            return split_words(shape.action)
        # a sentence (`create_an_account_number`): its leading phrase; else its words
        lead = _lead(words) if any(w in ("a", "an", "the") for w in words) else words
        kept = _without_group(lead, lambda w: _stem(w) in stems)
        if not kept and shape.position == "singleton" and lead:  # `search` at `/search`: no `create`
            return lead
        return kept or shaped

    def _shaped(self, e: Endpoint, shape: _Shape) -> list[str]:
        if shape.position == "action":
            words = split_words(shape.action)
            if e.method == "delete" and words and words[0] not in _VERBS:
                return ["delete", *words]
            return words or _method_words(e.method)
        verb = _CRUD[shape.position].get(e.method)
        if verb is None:  # QUERY, and 3.2's other methods (`COPY`): the method's own words
            return _method_words(e.method)
        if shape.position == "singleton" and e.method == "post" and "get" in shape.methods:
            verb = "update"
        return [verb]

    def _drop_shared_leading(
        self,
        groups: list[tuple[str, ...]],
        modes: list[str],
        explicit: list[tuple[str, ...] | None],
        words: list[list[str]],
    ) -> None:
        """With tag groups: the leading words every unnamed sibling shares are dropped."""
        by_group: dict[tuple[str, ...], list[int]] = {}
        for i, group in enumerate(groups):
            if explicit[i] is None and modes[i] == "tag":
                by_group.setdefault(group, []).append(i)
        for members in by_group.values():
            if len(members) < 2:
                continue
            prefix = _common_prefix([words[i] for i in members])
            if prefix and all(len(words[i]) > len(prefix) for i in members):
                for i in members:
                    words[i] = words[i][len(prefix) :]

    def _undo_colliding(
        self,
        groups: list[tuple[str, ...]],
        modes: list[str],
        explicit: list[tuple[str, ...] | None],
        words: list[list[str]],
    ) -> None:
        """With tag groups, a name that dropping an article or preposition made equal to a
        sibling's keeps them (`check_user_can_be_assigned_to` next to `check_user_can_be_assigned`)."""
        seen: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
        for i, group in enumerate(groups):
            key = (group, explicit[i] or tuple(words[i]))
            seen[key] = seen.get(key, 0) + 1
        for i, group in enumerate(groups):
            if modes[i] != "tag" or explicit[i] is not None or seen[(group, tuple(words[i]))] < 2:
                continue
            op_id = _text(self.endpoints[i].op.get("operationId"))
            drop = _group_words(group)
            plain = [w for w in split_words(op_id) if w not in drop]
            if plain and plain != words[i] and (group, tuple(plain)) not in seen:
                words[i] = plain

    def _report_unused(self) -> None:
        levers = self.levers
        unused = [f"method_names entry {k!r}" for k in levers.method_names if k not in self.used]
        unused += [f"groups entry {k!r}" for k in levers.groups if k not in self.used]
        if levers.strip_path_prefix and "strip_path_prefix" not in self.used:
            unused.append(f"strip_path_prefix {levers.strip_path_prefix!r}")
        for what in unused:
            self.diagnostics.append(Diagnostic("warning", "#/paths", f"{what} matches no operation", "unused-config"))


class _Trie:
    __slots__ = ("children", "methods")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.methods: set[str] = set()

    def add(self, segs: list[str], method: str) -> None:
        node = self
        for seg in segs:
            node = node.children.setdefault(_key(seg), _Trie())
        node.methods.add(method)


# ---------------------------------------------------------------------- words
def _is_param(seg: str) -> bool:
    return "{" in seg


def _key(seg: str) -> str:
    return "{}" if _is_param(seg) else seg


def _under(path: str, prefix: str) -> bool:
    prefix = prefix.rstrip("/")
    return path == prefix or path.startswith(prefix + "/")


def _dotted(group: str) -> tuple[str, ...]:
    return tuple(part for part in group.split(".") if split_words(part))


def _method_words(method: str) -> list[str]:
    return split_words(method) or ["call"]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


@lru_cache(maxsize=4096)
def _group_words(group: tuple[str, ...]) -> frozenset[str]:
    """The words of a group's path, and their singulars (memoized: asked for each operation,
    and an API has far fewer groups than operations)."""
    words = {w for g in group for w in split_words(g)}
    return frozenset(words | {singular(w) for w in words})


@lru_cache(maxsize=4096)
def _group_stems(group: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_stem(w) for w in _group_words(group))


def _without_group(words: list[str], dropped: Callable[[str], bool]) -> list[str]:
    """The words without the group's (`dropped`), leaving no dangling word: an article
    right before a removed word goes with it, and so does a preposition or conjunction whose
    phrase the removal emptied (`get_webhook_config_for_app` in `apps` → `get_webhook_config`,
    but `assign_team_to_org_role` in `orgs` → `assign_team_to_role`)."""
    gone = [dropped(w) for w in words]
    after = len(words)  # the first word kept after the one looked at
    for i in reversed(range(len(words))):
        if not gone[i] and words[i] in STOP_WORDS and i + 1 < len(words) and gone[i + 1]:
            gone[i] = words[i] in ("a", "an", "the") or after == len(words) or words[after] in STOP_WORDS
        if not gone[i]:
            after = i
    kept = [w for w, g in zip(words, gone, strict=True) if not g]
    lead = next((i for i, g in enumerate(gone) if not g), len(words))
    if lead > 0:  # the first words were removed: no article or preposition starts the name
        kept = _lstripped(kept)
    return kept


def _lstripped(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) and words[i] in STOP_WORDS:
        i += 1
    return words[i:]


def _lead(words: list[str]) -> list[str]:
    """The leading phrase: the words before the first article, preposition or conjunction
    (leading ones skipped)."""
    out: list[str] = []
    for w in words:
        if w in STOP_WORDS:
            if out:
                break
            continue
        out.append(w)
    return out


_SUFFIXES = ("ments", "ment", "ings", "ing", "ions", "ion", "es", "ed", "s")


def _stem(word: str) -> str:
    """A crude stem, enough to tell `simulate`, `simulates` and `simulations` are one word."""
    word = singular(word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return n > 0 and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _mechanical(op_id: str, e: Endpoint, grouped: list[str]) -> bool:
    """The operationId says nothing the HTTP method and the path do not: `PostCustomersCustomer`,
    `get_customers_customer` (with or without the version and parameter segments), for a path of
    two segments or more."""
    words = split_words(op_id)
    segs = [s for s in e.path.split("/") if s]
    if not words or words[0] != e.method.lower() or len(segs) < 2:  # `getUsers` for `/users` may be a person's choice
        return False
    forms = [segs, [s for s in segs if not _VERSION.match(s)], grouped]
    for form in forms:
        for with_params in (True, False):
            path_words = [w for s in form if with_params or not _is_param(s) for w in split_words(s)]
            if words[1:] == path_words:
                return True
    return False


def _common_prefix(lists: list[list[str]]) -> list[str]:
    prefix: list[str] = []
    for column in zip(*lists, strict=False):
        if len(set(column)) != 1:
            break
        prefix.append(column[0])
    return prefix
