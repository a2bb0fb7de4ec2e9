"""Stage 3, normalize: a validated document → `ir.Api`.

Operations are read in path order and a fixed method order; parameters are merged path-level
then operation-level; the resource tree and the method words come from `resource_shape` (tags,
else the path's resource segments; explicit names, else the operation's shape or its
operationId). Global parameters (`x-speakeasy-globals-hidden`, or a path parameter every operation
has) move to the client. Responses keep every media type, each with how it is decoded.
Schemas are delegated to `schemas.SchemaConverter`; nothing here returns a raw dict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from generator import http_methods, ir, media_types, openapi32, querystring, resource_shape, tag_tree
from generator.diagnostics import BadInput, Diagnostic, pointer_get, pointer_join
from generator.irquery import body_kind, content_kind
from generator.part_encoding import part_encodings
from generator.schema_sharing import SharedParams, token
from generator.schemas import SchemaConverter, ir_diag
from generator.sequential import item_body, item_content, media_object
from generator.servers import cross_origin, origin, origins, read_servers
from generator.spec_examples import object_example, schema_description
from generator.spec_keys import path_items, statuses
from generator.spec_security import TOKEN, metadata_url, security_alternatives, security_scheme
from generator.values import check_model_defaults, checked
from generator.words import singular

METHODS = http_methods.FIXED  # and 3.2's `additionalOperations` (`_item_operations`)


@dataclass(frozen=True, slots=True)
class Options:
    method_names: Mapping[str, str]  # operationId or "METHOD /path" → method name
    trusted_origins: tuple[str, ...] = ()  # the config's `allow_credentials_to`
    strip_path_prefix: str = ""
    groups: Mapping[str, str] = field(default_factory=dict)  # tag or path prefix → dotted group

    def levers(self) -> resource_shape.Levers:
        return resource_shape.Levers(self.method_names, self.strip_path_prefix, self.groups)


def normalize(document: dict[str, Any], options: Options, source: str) -> tuple[ir.Api, list[Diagnostic]]:
    normalizer = _Normalizer(document, options, source)
    try:
        return normalizer.run()
    except RecursionError:  # a chain of $refs (or models nested through them) hundreds deep
        stack = normalizer.schemas.resolving  # the $refs under resolution, innermost last
        message = f"$refs nest {len(stack)} deep here (through aliases or models): deeper than Python converts"
        raise BadInput(source, message, pointer=next(reversed(stack), "")) from None


class _Normalizer:
    def __init__(self, document: dict[str, Any], options: Options, source: str) -> None:
        self.doc = document
        self.options = options
        self.source = source
        self.schemas = SchemaConverter(document)
        self.diagnostics: list[Diagnostic] = []
        self.trusted: set[tuple[str, str, int]] = set()  # the origins of the document's servers
        self.servers_seen: set[str] = set()  # pointers of path-item servers already reported
        self.shared = SharedParams(self.schemas, self.diagnostics, querystring.QUERYSTRING)
        self._media: dict[tuple[int, bool], list[tuple[str, str]]] = {}  # `_media_types`'s
        self._shared_responses: dict[tuple[int, str], ir.Response] = {}  # `_responses`'s
        self._listed: tuple[str, dict[int, tuple[Any, Any, str, int]]] = (
            "",
            {},
        )  # `_param_pointer`'s, of one operation

    def run(self) -> tuple[ir.Api, list[Diagnostic]]:
        info = _dict(self.doc.get("info"))
        self.schemas.define_components()
        raw_ops = list(self._raw_operations())
        if not raw_ops:  # valid in 3.1 (webhooks, components only): an SDK of models
            self.diagnostics.append(
                ir_diag("#/paths", "the spec has no operations; the SDK has models only", "no-operations")
            )
        servers, problems = read_servers(self.doc.get("servers"), "#/servers")
        self.diagnostics += problems + openapi32.unsupported(self.doc)
        self.trusted = origins(servers) | {o for url in self.options.trusted_origins if (o := origin(url))}
        global_keys = self._global_keys(raw_ops)
        endpoints = [resource_shape.Endpoint(r.path, r.method, r.op, r.pointer) for r in raw_ops]
        tags, problems = tag_tree.read_tags(self.doc.get("tags"))
        named, unused = resource_shape.name_operations(endpoints, self.options.levers(), tags)
        self.diagnostics += problems
        self.diagnostics += unused
        raw_ops = [replace(r, group=n.group) for r, n in zip(raw_ops, named, strict=True)]
        method_words = [n.words for n in named]
        operations: list[ir.Operation] = []
        globals_: dict[tuple[str, str], ir.Param] = {}
        for raw, words in zip(raw_ops, method_words, strict=True):
            op, found = self._operation(raw, words, global_keys)
            operations.append(op)
            for param in found:
                globals_.setdefault((param.wire_name, param.location), param)
        definitions = self.schemas.definitions
        self.diagnostics += check_model_defaults(definitions, self.schemas.property_pointers)
        api = ir.Api(
            title=_text(info.get("title")) or "API",
            version=_text(info.get("version")),
            description=_text(info.get("description")),
            servers=servers,
            security_schemes=self._security_schemes(),
            globals=tuple(globals_.values()),
            operations=tuple(operations),
            definitions=tuple(definitions[k] for k in sorted(definitions)),
            root=_tree(operations, tags.descriptions()),
            trusted_origins=self.options.trusted_origins,
        )
        return api, self.diagnostics + self.schemas.diagnostics

    # ---------------------------------------------------------------- operations
    def _raw_operations(self) -> list[_RawOp]:
        out = []
        for path, item in path_items(self.doc.get("paths")):  # `/` keys only: no extension is a path
            item_ptr = pointer_join("#/paths", path)
            item = self._deref(item)
            if not isinstance(item, dict):
                continue
            for method, op, ptr in self._item_operations(item, item_ptr):
                if isinstance(op, dict):
                    params = self._params(item.get("parameters"), op.get("parameters"), ptr)
                    params = querystring.check_locations(params, ptr, self.diagnostics)
                    if op.get("servers"):
                        servers = (op["servers"], f"{ptr}/servers")
                    else:
                        servers = (item.get("servers"), f"{item_ptr}/servers")
                    out.append(_RawOp(path, method, op, ptr, params, (), servers))
        return out

    def _item_operations(self, item: dict[str, Any], pointer: str) -> list[tuple[str, Any, str]]:
        """(method, operation, pointer) of a path item: its fixed fields, then 3.2's
        `additionalOperations` by key (a key that is no method token is reported, left out); the
        methods an item lacks are left out too (a method is a plain token: no pointer escaping)."""
        out = [(m, op, f"{pointer}/{m}") for m in METHODS if (op := item.get(m)) is not None]
        extra = _dict(item.get("additionalOperations"))
        extra_ptr = pointer_join(pointer, "additionalOperations") if extra else ""
        for key, op in extra.items():
            problem = http_methods.additional_problem(key)
            if problem is not None:
                self.diagnostics.append(ir_diag(pointer_join(extra_ptr, key), problem, "invalid-method"))
                continue
            out.append((key, op, pointer_join(extra_ptr, key)))
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

    def _operation(
        self, raw: _RawOp, words: tuple[str, ...], global_keys: set[tuple[str, str]]
    ) -> tuple[ir.Operation, list[ir.Param]]:
        op = raw.op
        base_hint = (singular(raw.group[-1]) if raw.group else "", *words)
        params: list[ir.Param] = []
        found_globals: list[ir.Param] = []
        for p in raw.params:
            param = self.shared.param(p, raw.pointer, base_hint, self._param)
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
        servers, problems = read_servers(*raw.servers)
        self.diagnostics += [d for d in problems if d.pointer not in self.servers_seen]
        self.diagnostics += cross_origin(servers, raw.servers[1], self.trusted, self.servers_seen)
        self.servers_seen.update(d.pointer for d in problems)
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
            security=security_alternatives(security_raw),
            security_declared=isinstance(security_raw, list),
            deprecated=op.get("deprecated") is True,
            servers=servers,
            globals=tuple((g.wire_name, g.location) for g in found_globals),
        )
        return operation, found_globals

    def _param(self, p: dict[str, Any], op_pointer: str, hint: tuple[str, ...]) -> ir.Param | None:
        location = p.get("in")
        if location not in ("path", "query", "header", "cookie", querystring.QUERYSTRING):
            self.diagnostics.append(
                ir_diag(op_pointer, f"parameter {p.get('name')!r} has no valid `in`; skipped", "invalid")
            )
            return None
        name = p["name"]
        if location == "header" and name.lower() in ("accept", "content-type", "authorization"):
            return None  # OpenAPI 3: these header parameters are ignored (spec §4.8.12.1)
        if location in ("header", "cookie") and not TOKEN.match(name):
            message = f"{location} name {name!r} is not an RFC 9110 token; the parameter is left out"
            self.diagnostics.append(ir_diag(pointer_join(op_pointer, "parameters", name), message, "invalid-name"))
            return None
        schema = p.get("schema")
        if schema is None and isinstance(p.get("content"), dict) and p["content"]:
            schema = _dict(next(iter(p["content"].values()))).get("schema")
        ptr = pointer_join(op_pointer, "parameters", name)
        typ = self.schemas.convert(schema if schema is not None else {}, ptr, (*hint, name))
        ptr = self._param_pointer(op_pointer, p)  # where its values are, for their diagnostics
        found_content = None
        if location == querystring.QUERYSTRING:  # 3.2: the whole query string, by its media type
            found_content = querystring.content(p, ptr, typ, self.schemas, self.diagnostics)
            if found_content is None:
                return None
        schema_d = _dict(schema)
        defs = self.schemas.definitions
        default = ir.Default(schema_d["default"]) if "default" in schema_d else None
        default, found = checked(default, typ, defs, pointer_join(ptr, "schema", "default"))
        self.diagnostics += found
        style = p.get("style") or ("form" if location in ("query", "cookie") else "simple")
        explode = p.get("explode", style == "form")
        example, where = object_example(p, schema, ptr, pointer_join(ptr, "schema"), self.schemas.lookup)
        kept, found = checked(ir.Default(example) if example is not None else None, typ, defs, where, example=True)
        self.diagnostics += found
        return ir.Param(
            example=kept,
            wire_name=name,
            location=location,
            type=typ,
            required=p.get("required") is True or location == "path",
            default=default,
            description=_text(p.get("description")) or schema_description(schema, self.schemas.lookup),
            style=str(style),
            explode=explode is True,
            deprecated=p.get("deprecated") is True,
            content=found_content,
        )

    def _body(self, raw: Any, op_pointer: str, hint: tuple[str, ...]) -> ir.Body | None:
        body = self._deref(raw)
        if not isinstance(body, dict):
            return None
        content = _dict(body.get("content"))
        chosen = next(iter(self._media_types(content, pointer_join(op_pointer, "requestBody", "content"))), None)
        if chosen is None:
            return None
        media, key = chosen
        where = pointer_join(op_pointer, "requestBody", "content", key)
        media_obj, media_ptr = media_object(content[key], where, self.schemas.lookup)
        items = item_body(media, media_obj, media_ptr, self.schemas, (*hint, "RequestBody"), self.diagnostics)
        schema_ptr = pointer_join(media_ptr, "schema")
        schema = media_obj.get("schema", {})
        typ = items[0] if items else self.schemas.convert(schema, schema_ptr, (*hint, "RequestBody"))
        self.schemas.describe(typ, _text(body.get("description")))
        example, where = object_example(media_obj, media_obj.get("schema"), media_ptr, schema_ptr, self.schemas.lookup)
        kind = items[1] if items else body_kind(media)
        if kind == "multipart":
            media = self._without_boundary(media, media_ptr)
        kept, found = checked(
            ir.Default(example) if example is not None else None, typ, self.schemas.definitions, where, example=True
        )
        self.diagnostics += found
        return ir.Body(
            media,
            typ,
            body.get("required") is True,
            _text(body.get("description")),
            kept,
            part_encodings(media_obj, media_ptr, typ, kind, self.schemas, self.diagnostics),
            kind,
        )

    def _media_types(self, content: dict[str, Any], pointer: str, *, lists: bool = False) -> list[tuple[str, str]]:
        """(media type as sent, its key in `content`), JSON first (plain before `+json`), then the
        rest in the spec's order; a key that is no RFC 9110 media type is left out, reported.
        `lists`: a key may be a comma-separated list (a response's, which only goes into Accept).
        Kept per `content` object when nothing was reported: responses shared through a `$ref`
        (Graph's spec: an error response in each of 11,000 operations) are read once."""
        known = self._media.get((id(content), lists)) if content else None  # (an empty one may be a temporary `{}`)
        if known is not None:
            return known
        reported = len(self.diagnostics)
        out: dict[str, str] = {}
        for key in content:
            try:
                listed = media_types.split_list(key) if lists else [key]
                out.setdefault(", ".join(media_types.canonical(m) for m in listed) or media_types.canonical(key), key)
            except media_types.MediaTypeError as exc:
                message = f"media type {key!r} is left out: {exc}"
                self.diagnostics.append(ir_diag(pointer_join(pointer, key), message, "invalid-media-type"))
        found = [(media, out[media]) for media in _by_preference(out)]
        if content and len(self.diagnostics) == reported:  # the document's objects live as long as this: ids are theirs
            self._media[(id(content), lists)] = found
        return found

    def _without_boundary(self, media: str, pointer: str) -> str:
        """A multipart media type without the spec's `boundary`: every request draws its own."""
        stripped = media_types.canonical(media, drop=("boundary",))
        if stripped != media:
            message = "the multipart boundary fixed in the spec is not used: each request draws a random one"
            self.diagnostics.append(Diagnostic("info", pointer, message, "media-type"))
        return stripped

    def _responses(self, raw: dict[str, Any], op_pointer: str, hint: tuple[str, ...]) -> list[ir.Response]:
        """The responses, `default` last; pointers joined here with `token` (what `pointer_join`
        makes: Graph's spec has 34,000 responses, each with a few pointers).

        A response object reached through a `$ref` (Graph's: 26,000 of them) is read once per
        status, when what it made depends on nothing else: no schema but `$ref`s (an inline one
        would define a model at this operation's pointer, named after its hint) and nothing
        reported (a report names this operation's pointer). Its pointers are virtual, made for
        this operation only: no other conversion meets them."""
        out = []
        lookup = self.schemas.lookup
        for status in sorted(statuses(raw), key=lambda s: (s == "default", s)):
            resp = self._deref(raw[status])
            if not isinstance(resp, dict):
                continue
            # a non-empty object a `$ref` led to is the document's: its id stays its own
            shared = (id(resp), status) if resp and resp is not raw[status] else None
            known = self._shared_responses.get(shared) if shared is not None else None
            if known is not None:
                out.append(known)
                continue
            reported = len(self.diagnostics), len(self.schemas.diagnostics)
            inline = False  # a schema converted that is not a `$ref`, or an item stream
            content = _dict(resp.get("content"))
            contents = []
            content_ptr = f"{op_pointer}/responses/{token(status)}/content"
            for media, key in self._media_types(content, content_ptr, lists=True):
                obj, obj_ptr = media_object(content[key], f"{content_ptr}/{token(key)}", lookup)
                found = item_content(media, obj, obj_ptr, self.schemas, hint, self.diagnostics)
                if found is not None:  # 3.2 `itemSchema`: a stream of items
                    contents.append(found)
                    inline = True
                    continue
                kind = content_kind(media)
                typ = None
                if kind in ("json", "event_stream") and "schema" in obj:
                    ptr = f"{obj_ptr}/schema"
                    suffix = (
                        "Event"
                        if kind == "event_stream"
                        else "Response"
                        if status.startswith("2")
                        else f"{status}Error"
                    )
                    typ = self.schemas.convert(obj["schema"], ptr, (*hint, suffix))
                    inline = inline or not _is_ref(obj["schema"])
                if "*" in media and (typ is None or typ == ir.Prim("bytes")):
                    kind = "binary"  # `*/*` without a structured schema: whatever the server sends
                contents.append(ir.Content(media, typ, kind))
            headers = tuple(sorted(str(h).lower() for h in _dict(resp.get("headers"))))
            text = _text(resp.get("description")) or _text(resp.get("summary"))  # 3.2: `summary`
            response = ir.Response(status, tuple(contents), text, headers)
            if shared is not None and not inline and reported == (len(self.diagnostics), len(self.schemas.diagnostics)):
                self._shared_responses[shared] = response
            out.append(response)
        return out

    # ---------------------------------------------------------------- document level
    def _security_schemes(self) -> tuple[ir.SecurityScheme, ...]:
        out = []
        schemes = _dict(_dict(self.doc.get("components")).get("securitySchemes"))
        for key, raw in schemes.items():
            scheme = _dict(self._deref(raw))
            found = security_scheme(key, scheme)
            if isinstance(found, str):
                ptr = pointer_join("#/components/securitySchemes", key)
                message = f"security scheme {key!r} is left out: {found}; pass its credentials with extra_headers"
                self.diagnostics.append(ir_diag(ptr, message, "unsupported-security"))
                continue
            out.append(replace(found, deprecated=scheme.get("deprecated") is True, metadata_url=metadata_url(scheme)))
        if out and all(s.deprecated for s in out):
            message = "every security scheme is deprecated; the client still supports them"
            self.diagnostics.append(Diagnostic("info", "#/components/securitySchemes", message, "deprecated"))
        return tuple(out)

    def _param_pointer(self, op_pointer: str, param: dict[str, Any]) -> str:
        """The JSON pointer of a parameter object: in the operation's or the path item's list,
        or the component a `$ref` there names."""
        if self._listed[0] != op_pointer:  # an operation's parameters are placed one after another
            self._listed = (op_pointer, self._listed_params(op_pointer))
        node, raw, base, i = self._listed[1].get(id(param), (None, None, "", 0))
        if node is not param:
            return pointer_join(op_pointer, "parameters", str(param.get("name")))
        ref = raw.get("$ref") if isinstance(raw, dict) else None
        return ref if isinstance(ref, str) and ref.startswith("#") else pointer_join(base, "parameters", i)

    def _listed_params(self, op_pointer: str) -> dict[int, tuple[Any, Any, str, int]]:
        """id → (parameter object, as listed, the list's pointer, its index) of each parameter the
        operation or its path item lists, the first listing of an object kept (the operation's
        before the path item's)."""
        item_pointer = op_pointer.rsplit("/", 1)[0]
        out: dict[int, tuple[Any, Any, str, int]] = {}
        for base in (op_pointer, item_pointer):
            listed = _dict(pointer_get(self.doc, base)).get("parameters")
            for i, raw in enumerate(listed if isinstance(listed, list) else []):
                node = self._deref(raw)
                out.setdefault(id(node), (node, raw, base, i))  # the object is kept: its id stays its own
        return out

    def _deref(self, node: Any, depth: int = 0) -> Any:
        """Follow local `$ref`s of non-schema objects (parameters, bodies, responses, path items).
        A reference that resolves to nothing (reported by `dangling.py`) reads as an empty object:
        no parameter, no body, a response without content; nothing invented."""
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            if depth == 32:
                return {}
            node = self.schemas.lookup(node["$ref"])
            depth += 1
        return {} if node is None and depth else node


@dataclass(frozen=True, slots=True)
class _RawOp:
    path: str
    method: str
    op: dict[str, Any]
    pointer: str
    params: list[dict[str, Any]]
    group: tuple[str, ...]  # from `resource_shape`
    servers: tuple[Any, str]  # the operation's `servers`, else its path item's, and their pointer


def _tree(operations: list[ir.Operation], descriptions: dict[str, str]) -> ir.Group:
    paths: dict[tuple[str, ...], list[str]] = {(): []}
    for op in operations:
        for i in range(1, len(op.group) + 1):
            paths.setdefault(op.group[:i], [])
        paths[op.group].append(op.key)

    # Built bottom up, deepest paths first (a path's children are one longer), each group's
    # children in the order of `paths`: no recursive local function, whose closure would be a
    # reference cycle keeping these tables alive until the cyclic collector's next pass.
    built: dict[tuple[str, ...], list[ir.Group]] = {p: [] for p in paths}
    for path in sorted(paths, key=len, reverse=True):
        group = ir.Group(
            path, tuple(paths[path]), tuple(built.pop(path)), description=descriptions.get(".".join(path), "")
        )
        if not path:
            return group
        built[path[:-1]].append(group)
    raise AssertionError("the root path is always in `paths`")  # pragma: no cover


def _by_preference(content: Mapping[str, Any]) -> list[str]:
    """Media types, JSON first (plain before `+json`), then the rest in the spec's order."""

    def rank(media: str) -> int:
        kind = content_kind(media)
        return 0 if media.split(";")[0].strip() == "application/json" else 1 if kind == "json" else 2

    return sorted(content, key=rank)


def _is_ref(schema: Any) -> bool:
    return isinstance(schema, dict) and isinstance(schema.get("$ref"), str)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
