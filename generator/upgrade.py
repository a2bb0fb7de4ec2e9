"""Swagger 2.0 → OpenAPI 3.0, done by the loader so every later stage sees one dialect.

What moves where (OpenAPI 3.0 §4 against Swagger 2.0):
- `host` + `basePath` + `schemes` → `servers`;
- `definitions` / `parameters` / `responses` / `securityDefinitions` → `components/*`, and every
  `$ref` rewritten to match (a body parameter becomes `components/requestBodies`);
- `in: body` → `requestBody` with the operation's (or the document's) `consumes`;
  `in: formData` → a form or multipart `requestBody` object schema (`type: file` → binary);
- other parameters: type, format, items, enum, default, bounds move into `schema`;
  `collectionFormat` → `style`/`explode`;
- response `schema` → `content` per `produces`; response headers get a `schema`;
- `x-nullable` → `nullable`, `type: file` → binary string, `discriminator: name` → object form;
- `basic` → HTTP basic, `oauth2` flows renamed (`application` → `clientCredentials`, …).
Unknown keys and `x-` extensions are kept.
"""

from __future__ import annotations

from typing import Any

from generator.diagnostics import pointer_join
from generator.spec_keys import is_path, is_status

SCHEMA_KEYS = (
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
)
COLLECTION_FORMATS = {
    "csv": ("form", False),
    "multi": ("form", True),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "tsv": ("form", False),
}
FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


def upgrade(doc: dict[str, Any]) -> dict[str, Any]:
    """The 3.0 form of a Swagger 2.0 document (a new tree; `doc` is not changed)."""
    return _Upgrade(doc).run()


class _Upgrade:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.consumes = _list(doc.get("consumes")) or ["application/json"]
        self.produces = _list(doc.get("produces")) or ["application/json"]
        params = doc.get("parameters")
        self.body_params = {
            name for name, p in (params.items() if isinstance(params, dict) else ()) if _dict(p).get("in") == "body"
        }

    def run(self) -> dict[str, Any]:
        doc = self.doc
        out: dict[str, Any] = {"openapi": "3.0.3"}
        for key, value in doc.items():
            if key not in (
                "swagger",
                "host",
                "basePath",
                "schemes",
                "consumes",
                "produces",
                "definitions",
                "parameters",
                "responses",
                "securityDefinitions",
                "paths",
            ):
                out[key] = self.refs(value)
        out["servers"] = self.servers()
        components: dict[str, Any] = {}
        if isinstance(doc.get("definitions"), dict):
            components["schemas"] = {k: self.schema(v) for k, v in doc["definitions"].items()}
        if isinstance(doc.get("parameters"), dict):
            for name, p in doc["parameters"].items():
                if name in self.body_params:
                    body = self.body(p, self.consumes)
                    components.setdefault("requestBodies", {})[name] = body
                elif _dict(p).get("in") != "formData":
                    components.setdefault("parameters", {})[name] = self.parameter(p)
        if isinstance(doc.get("responses"), dict):
            components["responses"] = {k: self.response(v, self.produces) for k, v in doc["responses"].items()}
        if isinstance(doc.get("securityDefinitions"), dict):
            components["securitySchemes"] = {k: self.security(v) for k, v in doc["securityDefinitions"].items()}
        if components:
            out["components"] = components
        out["paths"] = {
            path: self.path_item(item) if is_path(path) else self.refs(item)
            for path, item in _dict(doc.get("paths")).items()
        }
        return out

    def servers(self) -> list[dict[str, str]]:
        host = self.doc.get("host")
        base = self.doc.get("basePath") if isinstance(self.doc.get("basePath"), str) else ""
        if not isinstance(host, str) or not host:
            return [{"url": base or "/"}]
        schemes = [s for s in _list(self.doc.get("schemes")) if s in ("https", "http")] or ["https"]
        return [{"url": f"{scheme}://{host}{base}"} for scheme in schemes]

    def path_item(self, item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        out: dict[str, Any] = {}
        shared = [p for p in _list(item.get("parameters"))]
        for key, value in item.items():
            if key in METHODS and isinstance(value, dict):
                out[key] = self.operation(value, shared)
            elif key != "parameters":
                out[key] = self.refs(value)
        plain = [self.parameter(p) for p in shared if not self.is_body_or_form(p)]
        if plain:
            out["parameters"] = plain
        return out

    def operation(self, op: dict[str, Any], shared: list[Any]) -> dict[str, Any]:
        consumes = _list(op.get("consumes")) or self.consumes
        produces = _list(op.get("produces")) or self.produces
        out: dict[str, Any] = {}
        for key, value in op.items():
            if key not in ("parameters", "responses", "consumes", "produces", "schemes"):
                out[key] = self.refs(value)
        params = [*shared, *_list(op.get("parameters"))]
        body = next((p for p in params if self.is_body(p)), None)
        form = [p for p in params if _dict(p).get("in") == "formData"]
        plain = [self.parameter(p) for p in _list(op.get("parameters")) if not self.is_body_or_form(p)]
        if plain:
            out["parameters"] = plain
        if body is not None:
            out["requestBody"] = self.body(body, consumes)
        elif form:
            out["requestBody"] = self.form_body(form, consumes)
        responses = _dict(op.get("responses"))
        out["responses"] = {
            str(code): self.response(r, produces) if is_status(str(code)) else self.refs(r)
            for code, r in responses.items()
        } or {"default": {"description": "response"}}
        return out

    def is_body(self, param: Any) -> bool:
        ref = _dict(param).get("$ref")
        if isinstance(ref, str) and ref.startswith("#/parameters/"):
            return ref.split("/")[-1] in self.body_params
        return _dict(param).get("in") == "body"

    def is_body_or_form(self, param: Any) -> bool:
        ref = _dict(param).get("$ref")
        if isinstance(ref, str) and ref.startswith("#/parameters/"):
            target = _dict(_dict(self.doc.get("parameters")).get(ref.split("/")[-1]))
            return target.get("in") in ("body", "formData")
        return _dict(param).get("in") in ("body", "formData")

    def body(self, param: Any, consumes: list[str]) -> dict[str, Any]:
        ref = _dict(param).get("$ref")
        if isinstance(ref, str):
            return {"$ref": "#/components/requestBodies/" + ref.split("/")[-1]}
        p = _dict(param)
        schema = self.schema(p.get("schema", {}))
        media = [m for m in consumes if "form" not in m] or ["application/json"]
        out: dict[str, Any] = {"content": {m: {"schema": schema} for m in media}}
        if p.get("required") is True:
            out["required"] = True
        if isinstance(p.get("description"), str):
            out["description"] = p["description"]
        for key, value in p.items():
            if key.startswith("x-"):
                out[key] = value
        return out

    def form_body(self, params: list[Any], consumes: list[str]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required = []
        has_file = False
        for raw in params:
            p = _dict(raw)
            if p.get("type") == "file":
                has_file = True
            schema = self.schema({k: v for k, v in p.items() if k in SCHEMA_KEYS})
            if isinstance(p.get("description"), str):
                schema["description"] = p["description"]
            if isinstance(p.get("name"), str):
                properties[p["name"]] = schema
                if p.get("required") is True:
                    required.append(p["name"])
        media = (
            "multipart/form-data"
            if has_file or "multipart/form-data" in consumes
            else "application/x-www-form-urlencoded"
        )
        schema_obj: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema_obj["required"] = required
        return {"content": {media: {"schema": schema_obj}}, "required": bool(required)}

    def parameter(self, param: Any) -> Any:
        p = _dict(param)
        if isinstance(p.get("$ref"), str):
            return self.refs(p)
        out: dict[str, Any] = {}
        schema: dict[str, Any] = {}
        for key, value in p.items():
            if key in SCHEMA_KEYS:
                schema[key] = value
            elif key != "collectionFormat":
                out[key] = self.refs(value)
        out["schema"] = self.schema(schema)
        fmt = p.get("collectionFormat")
        if p.get("type") == "array" and isinstance(fmt, str) and fmt in COLLECTION_FORMATS:
            out["style"], out["explode"] = COLLECTION_FORMATS[fmt]
        return out

    def response(self, response: Any, produces: list[str]) -> Any:
        r = _dict(response)
        if isinstance(r.get("$ref"), str):
            return {"$ref": "#/components/responses/" + r["$ref"].split("/")[-1]}
        out: dict[str, Any] = {"description": r.get("description", "") if isinstance(r.get("description"), str) else ""}
        if "schema" in r:
            schema = self.schema(r["schema"])
            examples = _dict(r.get("examples"))
            out["content"] = {}
            for media in produces:
                entry: dict[str, Any] = {"schema": schema}
                if media in examples:
                    entry["example"] = examples[media]
                out["content"][media] = entry
        if isinstance(r.get("headers"), dict):
            out["headers"] = {
                name: {
                    **({"description": h["description"]} if isinstance(_dict(h).get("description"), str) else {}),
                    "schema": self.schema({k: v for k, v in _dict(h).items() if k in SCHEMA_KEYS}),
                }
                for name, h in r["headers"].items()
            }
        for key, value in r.items():
            if key.startswith("x-"):
                out[key] = value
        return out

    def security(self, scheme: Any) -> Any:
        s = dict(_dict(scheme))
        if s.get("type") == "basic":
            return {"type": "http", "scheme": "basic", **{k: v for k, v in s.items() if k != "type"}}
        if s.get("type") == "oauth2":
            flow = FLOWS.get(str(s.get("flow")), "clientCredentials")
            body: dict[str, Any] = {k: s[k] for k in ("authorizationUrl", "tokenUrl") if k in s}
            body["scopes"] = _dict(s.get("scopes"))
            rest = {k: v for k, v in s.items() if k not in ("type", "flow", "authorizationUrl", "tokenUrl", "scopes")}
            return {"type": "oauth2", "flows": {flow: body}, **rest}
        return s

    def schema(self, node: Any) -> Any:
        """A 2.0 schema in 3.0 form: refs rewritten, x-nullable, file, discriminator."""
        if isinstance(node, list):
            return [self.schema(v) for v in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                out[key] = self.ref(value)
            elif key == "x-nullable":
                out["nullable"] = value is True
            elif key == "discriminator" and isinstance(value, str):
                out[key] = {"propertyName": value}
            elif key == "type" and value == "file":
                out["type"], out["format"] = "string", "binary"
            elif key in ("properties", "definitions", "patternProperties") and isinstance(value, dict):
                out[key] = {k: self.schema(v) for k, v in value.items()}
            elif key == "example" or key == "default" or key == "enum":
                out[key] = value
            else:
                out[key] = self.schema(value)
        return out

    def refs(self, node: Any) -> Any:
        """Rewrite `$ref`s anywhere in a non-schema node."""
        if isinstance(node, dict):
            return {k: (self.ref(v) if k == "$ref" and isinstance(v, str) else self.refs(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [self.refs(v) for v in node]
        return node

    def ref(self, ref: str) -> str:
        for old, new in (("#/definitions/", "#/components/schemas/"), ("#/responses/", "#/components/responses/")):
            if ref.startswith(old):
                return new + ref[len(old) :]
        if ref.startswith("#/parameters/"):
            name = ref[len("#/parameters/") :]
            kind = "requestBodies" if name in self.body_params else "parameters"
            return pointer_join("#/components", kind) + "/" + name
        return ref


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
