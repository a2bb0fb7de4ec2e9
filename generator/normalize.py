"""Stage 3, normalize: a validated document → `ir.Api`.

Operations are read in path order and a fixed method order; parameters are merged path-level
then operation-level; the resource tree comes from dotted tags (`projects.jobs.runs`) or, without
tags, from the first path segment; method names from `x-speakeasy-name-override`/`x-sdk-name`,
then the config, then the operationId with the group's words and the group's shared leading words
removed. Global parameters (`x-speakeasy-globals-hidden`, or a path parameter every operation
has) move to the client. Cursor pagination is inferred from the shape of request and response.
Schemas are delegated to `schemas.SchemaConverter`; nothing here returns a raw dict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from generator import ir
from generator.diagnostics import Diagnostic, pointer_join
from generator.schemas import SchemaConverter, ir_diag
from generator.words import singular, split_words

_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # RFC 9110 §5.6.2, header and cookie names
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
CURSOR_WORDS = (
    "continuation_token",
    "cursor",
    "next_cursor",
    "page_token",
    "next_page_token",
    "next_token",
    "starting_after",
    "after",
    "next",
)


@dataclass(frozen=True, slots=True)
class Options:
    method_names: Mapping[str, str]  # operationId → method name


def normalize(document: dict[str, Any], options: Options, source: str) -> tuple[ir.Api, list[Diagnostic]]:
    return _Normalizer(document, options, source).run()


class _Normalizer:
    def __init__(self, document: dict[str, Any], options: Options, source: str) -> None:
        self.doc = document
        self.options = options
        self.source = source
        self.schemas = SchemaConverter(document)
        self.diagnostics: list[Diagnostic] = []

    def run(self) -> tuple[ir.Api, list[Diagnostic]]:
        info = _dict(self.doc.get("info"))
        self.schemas.define_components()
        raw_ops = list(self._raw_operations())
        if not raw_ops:  # valid in 3.1 (webhooks, components only): an SDK of models
            self.diagnostics.append(
                ir_diag("#/paths", "the spec has no operations; the SDK has models only", "no-operations")
            )
        global_keys = self._global_keys(raw_ops)
        method_words = self._method_words(raw_ops)
        operations: list[ir.Operation] = []
        globals_: dict[tuple[str, str], ir.Param] = {}
        for raw, words in zip(raw_ops, method_words, strict=True):
            op, found = self._operation(raw, words, global_keys)
            operations.append(op)
            for param in found:
                globals_.setdefault((param.wire_name, param.location), param)
        api = ir.Api(
            title=_text(info.get("title")) or "API",
            version=_text(info.get("version")),
            description=_text(info.get("description")),
            servers=self._servers(),
            security_schemes=self._security_schemes(),
            globals=tuple(globals_.values()),
            operations=tuple(operations),
            definitions=tuple(self.schemas.definitions[k] for k in sorted(self.schemas.definitions)),
            root=_tree(operations, self._tag_descriptions()),
            openapi=_text(self.doc.get("openapi")),
        )
        return api, self.diagnostics + self.schemas.diagnostics

    # ---------------------------------------------------------------- operations
    def _raw_operations(self) -> list[_RawOp]:
        out = []
        for path, item in _dict(self.doc.get("paths")).items():
            item_ptr = pointer_join("#/paths", path)
            item = self._deref(item)
            if not isinstance(item, dict):
                continue
            for method in METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    ptr = pointer_join(item_ptr, method)
                    params = self._params(item.get("parameters"), op.get("parameters"), ptr)
                    out.append(_RawOp(path, method, op, ptr, params, _group(op, path)))
        return out

    def _params(self, path_level: Any, op_level: Any, pointer: str) -> list[dict[str, Any]]:
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for level in (path_level, op_level):
            for raw in level if isinstance(level, list) else []:
                param = self._deref(raw)
                if isinstance(param, dict) and isinstance(param.get("name"), str):
                    merged[(param["name"], str(param.get("in")))] = param
        return list(merged.values())

    def _global_keys(self, raw_ops: list[_RawOp]) -> set[tuple[str, str]]:
        """Parameters set once on the client: marked hidden-global, or a path parameter that every
        operation has (such as a workspace id)."""
        marked = {
            (p["name"], p.get("in", ""))
            for raw in raw_ops
            for p in raw.params
            if p.get("x-speakeasy-globals-hidden") is True or p.get("x-sdk-global") is True
        }
        for name in _dict(self.doc.get("x-speakeasy-globals")).get("parameters", []) or []:
            param = self._deref(name)
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                marked.add((param["name"], param.get("in", "")))
        if marked:
            return marked  # the spec chose its globals; do not infer more
        common = None
        for raw in raw_ops:
            keys = {(p["name"], "path") for p in raw.params if p.get("in") == "path"}
            common = keys if common is None else common & keys
        return (common or set()) if len(raw_ops) > 1 else set()

    def _method_words(self, raw_ops: list[_RawOp]) -> list[tuple[str, ...]]:
        """Method-name words per operation: explicit names win; otherwise the operationId minus
        the group's words, minus the leading words all unnamed siblings in the group share."""
        explicit: list[tuple[str, ...] | None] = []
        derived: list[list[str]] = []
        for raw in raw_ops:
            op = raw.op
            name = op.get("x-speakeasy-name-override") or op.get("x-sdk-name")
            op_id = _text(op.get("operationId"))
            if not isinstance(name, str) and op_id in self.options.method_names:
                name = self.options.method_names[op_id]
            explicit.append(tuple(split_words(name)) if isinstance(name, str) and split_words(name) else None)
            static = " ".join(seg for seg in raw.path.split("/") if seg and not seg.startswith("{"))
            source = op_id or f"{raw.method} {static}"
            group_words = {w for g in raw.group for w in split_words(g)}
            group_words |= {singular(w) for w in group_words}
            words = [w for w in split_words(source) if w not in group_words] or split_words(source)
            derived.append(words or [raw.method])
        by_group: dict[tuple[str, ...], list[int]] = {}
        for i, raw in enumerate(raw_ops):
            if explicit[i] is None:
                by_group.setdefault(raw.group, []).append(i)
        for members in by_group.values():
            if len(members) < 2:
                continue
            prefix = _common_prefix([derived[i] for i in members])
            if prefix and all(len(derived[i]) > len(prefix) for i in members):
                for i in members:
                    derived[i] = derived[i][len(prefix) :]
        return [e if e is not None else tuple(d) for e, d in zip(explicit, derived, strict=True)]

    def _operation(
        self, raw: _RawOp, words: tuple[str, ...], global_keys: set[tuple[str, str]]
    ) -> tuple[ir.Operation, list[ir.Param]]:
        op = raw.op
        base_hint = (singular(raw.group[-1]) if raw.group else "", *words)
        params: list[ir.Param] = []
        found_globals: list[ir.Param] = []
        for p in raw.params:
            param = self._param(p, raw.pointer, base_hint)
            if param is None:
                continue
            if (param.wire_name, param.location) in global_keys:
                found_globals.append(param)
            else:
                params.append(param)
        body = self._body(op.get("requestBody"), raw.pointer, base_hint)
        responses = self._responses(_dict(op.get("responses")), raw.pointer, base_hint)
        success = next((r for r in responses if r.status.startswith("2")), None)
        security_raw = op["security"] if isinstance(op.get("security"), list) else self.doc.get("security")
        operation = ir.Operation(
            key=raw.pointer,
            operation_id=_text(op.get("operationId")),
            group=raw.group,
            name_hint=words,
            method=raw.method,
            path=raw.path,
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            params=tuple(params),
            body=body,
            responses=tuple(responses),
            success=success,
            security=_security(security_raw),
            deprecated=op.get("deprecated") is True,
        )
        return replace(operation, pagination=self._pagination(operation)), found_globals

    def _param(self, p: dict[str, Any], op_pointer: str, hint: tuple[str, ...]) -> ir.Param | None:
        location = p.get("in")
        if location not in ("path", "query", "header", "cookie"):
            self.diagnostics.append(
                ir_diag(op_pointer, f"parameter {p.get('name')!r} has no valid `in`; skipped", "invalid")
            )
            return None
        name = p["name"]
        if location == "header" and name.lower() in ("accept", "content-type", "authorization"):
            return None  # OpenAPI 3: these header parameters are ignored (spec §4.8.12.1)
        if location in ("header", "cookie") and not _TOKEN.match(name):
            message = f"{location} name {name!r} is not an RFC 9110 token; the parameter is left out"
            self.diagnostics.append(ir_diag(pointer_join(op_pointer, "parameters", name), message, "invalid-name"))
            return None
        schema = p.get("schema")
        if schema is None and isinstance(p.get("content"), dict) and p["content"]:
            schema = _dict(next(iter(p["content"].values()))).get("schema")
        ptr = pointer_join(op_pointer, "parameters", name)
        typ = self.schemas.convert(schema if schema is not None else {}, ptr, (*hint, name))
        schema_d = _dict(schema)
        default = ir.Default(schema_d["default"]) if "default" in schema_d else None
        style = p.get("style") or ("form" if location in ("query", "cookie") else "simple")
        explode = p.get("explode", style == "form")
        example = p.get("example", schema_d.get("example"))
        if example is None and isinstance(schema_d.get("examples"), list) and schema_d["examples"]:
            example = schema_d["examples"][0]
        return ir.Param(
            example=ir.Default(example) if example is not None else None,
            wire_name=name,
            location=location,
            type=typ,
            required=p.get("required") is True or location == "path",
            default=default,
            description=_text(p.get("description")),
            style=str(style),
            explode=explode is True,
            deprecated=p.get("deprecated") is True,
        )

    def _body(self, raw: Any, op_pointer: str, hint: tuple[str, ...]) -> ir.Body | None:
        body = self._deref(raw)
        if not isinstance(body, dict):
            return None
        content = _dict(body.get("content"))
        media = _pick_media(content)
        if media is None:
            return None
        ptr = pointer_join(op_pointer, "requestBody", "content", media, "schema")
        media_obj = _dict(content[media])
        typ = self.schemas.convert(media_obj.get("schema", {}), ptr, (*hint, "RequestBody"))
        self.schemas.describe(typ, _text(body.get("description")))
        example = media_obj.get("example", _dict(media_obj.get("schema")).get("example"))
        return ir.Body(
            media,
            typ,
            body.get("required") is True,
            _text(body.get("description")),
            ir.Default(example) if example is not None else None,
        )

    def _responses(self, raw: dict[str, Any], op_pointer: str, hint: tuple[str, ...]) -> list[ir.Response]:
        out = []
        for status in sorted(raw, key=lambda s: (s == "default", s)):
            resp = self._deref(raw[status])
            if not isinstance(resp, dict):
                continue
            content = _dict(resp.get("content"))
            media = _pick_media(content)
            typ = None
            if media is not None:
                ptr = pointer_join(op_pointer, "responses", status, "content", media, "schema")
                suffix = "Response" if status.startswith("2") else f"{status}Error"
                typ = self.schemas.convert(_dict(content[media]).get("schema", {}), ptr, (*hint, suffix))
            out.append(ir.Response(status, media, typ, _text(resp.get("description"))))
        return out

    def _pagination(self, op: ir.Operation) -> ir.CursorPagination | None:
        """Cursor pagination: a query parameter named like a cursor, and a success response model
        with a field of the same name (or `next_<name>`) and exactly one array field."""
        if op.method != "get" or op.success is None or not isinstance(op.success.type, ir.Ref):
            return None
        model = self.schemas.definitions.get(op.success.type.key)
        if not isinstance(model, ir.ModelDef):
            return None
        fields = {f.wire_name: f for f in model.fields}
        arrays = [f for f in model.fields if isinstance(_strip_null(f.type), ir.Array)]
        if len(arrays) != 1:
            return None
        for param in op.params:
            if param.location != "query" or "_".join(split_words(param.wire_name)) not in CURSOR_WORDS:
                continue
            for candidate in (param.wire_name, f"next_{param.wire_name}", "next_cursor", "next"):
                if candidate in fields:
                    array = _strip_null(arrays[0].type)
                    assert isinstance(array, ir.Array)
                    return ir.CursorPagination(param.wire_name, candidate, arrays[0].wire_name, array.item)
        return None

    # ---------------------------------------------------------------- document level
    def _servers(self) -> tuple[ir.Server, ...]:
        out = []
        for raw in self.doc.get("servers") or []:
            if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
                continue
            variables = tuple(
                ir.ServerVariable(
                    name=name,
                    default=str(_dict(v).get("default", "")),
                    enum=tuple(str(e) for e in _dict(v).get("enum", []) or []),
                    description=_text(_dict(v).get("description")),
                )
                for name, v in _dict(raw.get("variables")).items()
            )
            out.append(ir.Server(raw["url"], _text(raw.get("description")), variables))
        return tuple(out)

    def _security_schemes(self) -> tuple[ir.SecurityScheme, ...]:
        out = []
        schemes = _dict(_dict(self.doc.get("components")).get("securitySchemes"))
        for key, raw in schemes.items():
            scheme = _dict(self._deref(raw))
            kind, location, wire = None, "header", ""
            if scheme.get("type") == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
                kind, location, wire = "api_key", scheme["in"], _text(scheme.get("name"))
            elif scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
                kind = "http_bearer"
            elif scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "basic":
                kind = "http_basic"
            if kind is None:
                ptr = pointer_join("#/components/securitySchemes", key)
                self.diagnostics.append(
                    ir_diag(
                        ptr,
                        f"security scheme type {scheme.get('type')!r} is not supported yet; "
                        "pass credentials with extra_headers",
                        "unsupported-security",
                    )
                )
                continue
            description = _text(scheme.get("description"))
            out.append(ir.SecurityScheme(key, kind, location, wire, description))  # type: ignore[arg-type]
        return tuple(out)

    def _tag_descriptions(self) -> dict[str, str]:
        return {
            t["name"]: _text(t.get("description"))
            for t in self.doc.get("tags") or []
            if isinstance(t, dict) and isinstance(t.get("name"), str)
        }

    def _deref(self, node: Any, depth: int = 0) -> Any:
        """Follow local `$ref`s of non-schema objects (parameters, bodies, responses, path items)."""
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 32:
            node = self.schemas.lookup(node["$ref"])
            depth += 1
        return node


@dataclass(frozen=True, slots=True)
class _RawOp:
    path: str
    method: str
    op: dict[str, Any]
    pointer: str
    params: list[dict[str, Any]]
    group: tuple[str, ...]


def _group(op: dict[str, Any], path: str) -> tuple[str, ...]:
    tags = op.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str) and split_words(tags[0]):
        return tuple(part for part in tags[0].split(".") if split_words(part))
    for segment in path.split("/"):
        if segment and not segment.startswith("{") and split_words(segment):
            return (segment,)
    return ("default",)


def _tree(operations: list[ir.Operation], descriptions: dict[str, str]) -> ir.Group:
    paths: dict[tuple[str, ...], list[str]] = {(): []}
    for op in operations:
        for i in range(1, len(op.group) + 1):
            paths.setdefault(op.group[:i], [])
        paths[op.group].append(op.key)

    def build(path: tuple[str, ...]) -> ir.Group:
        children = tuple(build(p) for p in paths if len(p) == len(path) + 1 and p[: len(path)] == path)
        return ir.Group(path, tuple(paths[path]), children, description=descriptions.get(".".join(path), ""))

    return build(())


def _security(raw: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(tuple(sorted(r)) for r in raw if isinstance(r, dict))


def _pick_media(content: dict[str, Any]) -> str | None:
    types = list(content)
    for want in ("application/json",):
        if want in types:
            return want
    for t in types:
        if t.split(";")[0].strip().endswith("+json") or t.startswith("application/json"):
            return t
    return types[0] if types else None


def _strip_null(t: ir.Type) -> ir.Type:
    return t.inner if isinstance(t, ir.Nullable) else t


def _common_prefix(lists: list[list[str]]) -> list[str]:
    prefix: list[str] = []
    for column in zip(*lists, strict=False):
        if len(set(column)) != 1:
            break
        prefix.append(column[0])
    return prefix


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
