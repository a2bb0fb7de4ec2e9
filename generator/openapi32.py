"""What OpenAPI 3.2 adds that the SDK does not do, said as diagnostics ("unsupported-3.2"), and
the small 3.2 readings other stages share.

Supported elsewhere: the `query` method and `additionalOperations` (`http_methods.py`), tags'
`parent`, `kind` and `summary` (`tag_tree.py`), `in: querystring` (`querystring.py`), the
security fields `oauth2MetadataUrl` and `deprecated` and the `deviceAuthorization` flow
(`normalize`), a Security Requirement naming its scheme by URI (`scheme_key`), examples'
`dataValue` (`spec_examples.py`), `Server.name` and `Response.summary` (descriptions where
there are none). Without effect on the wire, and so not reported: `Example.serializedValue`,
XML `nodeType` (an XML body is sent and read as text), `Info`/`Tag` texts beyond the above.

Reported, since the wire would differ from what the spec says:
- `prefixEncoding` / `itemEncoding` of a request body's media type, and an Encoding Object's own
  `encoding`, `prefixEncoding` or `itemEncoding` (positional and nested multipart parts): each
  part is encoded by its content instead;
- a cookie parameter of `style: cookie` with `explode: true` (each array item or object member
  its own cookie): it is sent as one `name=a,b` cookie.
"""

from __future__ import annotations

from typing import Any

from generator import http_methods
from generator.diagnostics import Diagnostic, pointer_get, pointer_join

UNSUPPORTED = "unsupported-3.2"
_SCHEMES = "#/components/securitySchemes/"


def scheme_key(name: str) -> str:
    """A Security Requirement's name: a scheme's component name, or (3.2) the scheme's URI
    within the document (`#/components/securitySchemes/api_key`), read as the name."""
    if name.startswith(_SCHEMES) and "/" not in name[len(_SCHEMES) :]:
        return name[len(_SCHEMES) :].replace("~1", "/").replace("~0", "~")
    return name


def unsupported(doc: dict[str, Any]) -> list[Diagnostic]:
    """The 3.2 features of `doc` the SDK does not honour, each where it is written."""
    if not str(doc.get("openapi", "")).startswith("3.2"):
        return []
    out: list[Diagnostic] = []
    paths = doc.get("paths")
    for path, item in (paths if isinstance(paths, dict) else {}).items():
        if not isinstance(item, dict):
            continue
        item_ptr = pointer_join("#/paths", path)
        _params(item.get("parameters"), pointer_join(item_ptr, "parameters"), doc, out)
        extra = item.get("additionalOperations")
        ops = [(pointer_join(item_ptr, m), item.get(m)) for m in http_methods.FIXED]
        ops += [(pointer_join(item_ptr, "additionalOperations", k), v) for k, v in _items(extra)]
        for op_ptr, op in ops:
            if isinstance(op, dict):
                _params(op.get("parameters"), pointer_join(op_ptr, "parameters"), doc, out)
                _body(op.get("requestBody"), pointer_join(op_ptr, "requestBody"), doc, out)
    for name, body in _items(_dict(doc.get("components")).get("requestBodies")):
        _body(body, pointer_join("#/components/requestBodies", name), doc, out)
    return _unique(out)


def _params(raw: Any, pointer: str, doc: dict[str, Any], out: list[Diagnostic]) -> None:
    for i, entry in enumerate(raw if isinstance(raw, list) else []):
        param, where = _resolve(entry, pointer_join(pointer, i), doc)
        if param.get("in") == "cookie" and param.get("style") == "cookie" and param.get("explode") is True:
            message = "`style: cookie` with `explode: true` is not supported: the value is sent as one cookie (a,b)"
            out.append(Diagnostic("warning", pointer_join(where, "style"), message, UNSUPPORTED))


def _body(raw: Any, pointer: str, doc: dict[str, Any], out: list[Diagnostic]) -> None:
    body, where = _resolve(raw, pointer, doc)
    for media, obj in _items(body.get("content")):
        media_ptr = pointer_join(where, "content", media)
        for key in ("prefixEncoding", "itemEncoding"):
            if key in _dict(obj):
                message = f"`{key}` is not supported: each part is encoded by its content"
                out.append(Diagnostic("warning", pointer_join(media_ptr, key), message, UNSUPPORTED))
        for name, entry in _items(_dict(obj).get("encoding")):
            for key in ("encoding", "prefixEncoding", "itemEncoding"):
                if key in _dict(entry):
                    message = f"a nested `{key}` is not supported: the part {name!r} is encoded by its content"
                    out.append(
                        Diagnostic("warning", pointer_join(media_ptr, "encoding", name, key), message, UNSUPPORTED)
                    )


def _resolve(node: Any, pointer: str, doc: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A local `$ref` followed (a few steps), with the pointer of what it names."""
    for _ in range(8):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#"):
            break
        pointer, node = ref, pointer_get(doc, ref)
    return _dict(node), pointer


def _unique(found: list[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic per place (a component several operations share is reported once)."""
    seen: dict[tuple[str, str], Diagnostic] = {}
    for d in found:
        seen.setdefault((d.pointer, d.message), d)
    return list(seen.values())


def _items(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, dict) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
