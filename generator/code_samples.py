"""Code samples for docs platforms: an OpenAPI Overlay (1.0.0) adding `x-codeSamples` to each
operation of a spec, the SDK call each target's docs show for it.

Docs platforms (Mintlify, Redocly, Scalar, ReadMe) show an operation's `x-codeSamples` (each a
`lang`, a `label` and a `source`) next to its reference. The overlay leaves the spec as it is
written: a user applies it where the docs are built (`openapi-format spec.yaml --overlayFile
samples.yaml`, or any Overlay 1.0 tool). An action targets one operation object by a JSONPath
of its JSON pointer's tokens, each quoted (RFC 9535 name selectors: no spec text is read as
syntax), and merges `{"x-codeSamples": [...]}` into it: an array the operation already has is
appended to, as Overlay 1.0 merges arrays, so the spec's own samples stay first; where the spec
has its own sample in a language the SDK's samples are in, the SDK's replaces it (`_actions`).

Language-neutral: a target gives the samples (`Target.samples`); this module makes the document
and writes it, as YAML (a block scalar per source, as a reader expects one) or JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator import http_methods, ir
from generator.diagnostics import pointer_get, pointer_split

OVERLAY_VERSION = "1.0.0"


@dataclass(frozen=True, slots=True)
class Sample:
    """One entry of `x-codeSamples`: the language's name as docs platforms know it, the tab's
    label, and a whole program."""

    lang: str
    label: str
    source: str


def json_path(pointer: str) -> str | None:
    """The JSONPath (RFC 9535) of the node at a local JSON pointer (`#/paths/~1pets/get` →
    `$['paths']['/pets']['get']`); None for a pointer into another file."""
    if not pointer.startswith("#/"):
        return None
    return "$" + "".join(f"['{_quoted(token)}']" for token in pointer_split(pointer))


def _quoted(name: str) -> str:
    """`name` inside a single-quoted JSONPath string literal: `\\` and `'` escaped, and every
    character that RFC 9535 does not allow there as it is (the controls) as `\\uXXXX`."""
    out = []
    for c in name:
        if c in "\\'":
            out.append("\\" + c)
        elif ord(c) < 0x20:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def overlay(
    api: ir.Api, samples: dict[str, list[Sample]], version: str, document: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The Overlay document: the actions for each operation that has samples, in the spec's
    order of operations. `samples`: by operation key (its JSON pointer); `version`: the
    overlay's own (the SDK's, which the samples are written for); `document`: the spec as
    loaded, whose own `x-codeSamples` are read (`_actions`). An operation of a path item that
    is a `$ref` has none: its object is another path's too, whose docs would show both calls."""
    actions = []
    for op in api.operations:
        found = samples.get(op.key)
        target = json_path(op.key)
        node = pointer_get(document, op.key) if document is not None else {}
        if found and target is not None and isinstance(node, dict):  # (not one of a `$ref`'d path item)
            written = node.get(_KEY)
            described = op.operation_id or f"{http_methods.wire(op.method)} {op.path}"
            actions += _actions(target, described, found, written)
    title = f"Code samples for {api.title}" if api.title else "Code samples"
    return {"overlay": OVERLAY_VERSION, "info": {"title": title, "version": version}, "actions": actions}


_KEY = "x-codeSamples"


def _actions(target: str, described: str, samples: list[Sample], written: Any) -> list[dict[str, Any]]:
    """One operation's actions. Overlay 1.0 appends an array to the one the operation has, and
    cannot replace one of its entries: where the spec has its own sample in a language of ours
    (an older SDK's, say), its array is removed, then written again with its samples in other
    languages, as they are, and ours after them. Else ours are appended to the spec's."""
    ours = [{"lang": s.lang, "label": s.label, "source": s.source} for s in samples]
    update = {"target": target, "description": f"SDK samples for {described}"}
    languages = {s.lang.lower() for s in samples}
    if not isinstance(written, list) or not any(_lang(entry) in languages for entry in written):
        return [{**update, "update": {_KEY: ours}}]
    kept = [entry for entry in written if _lang(entry) not in languages]
    removed = f"{_KEY} of {described}, which has a sample in a language of the SDK's"
    return [
        {"target": f"{target}['{_KEY}']", "description": f"remove the {removed}", "remove": True},
        {**update, "update": {_KEY: [*kept, *ours]}},
    ]


def _lang(entry: Any) -> str | None:
    lang = entry.get("lang") if isinstance(entry, dict) else None
    return lang.lower() if isinstance(lang, str) else None


def dump(document: dict[str, Any], *, as_json: bool) -> str:
    """The document as JSON, or as YAML with each multi-line string a literal block."""
    if as_json:
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None  # PyYAML falls back to a quoted scalar where a block cannot hold it
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, text)
    out: str = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    return out
