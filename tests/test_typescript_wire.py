"""The TypeScript packages over real HTTP, as a user's programs meet them: retries with the same
body and idempotency key, typed errors and timeouts, raw responses, pages, polling, streams,
form and multipart bodies, servers and the origins credentials go to, OAuth 2 client
credentials, against the local fault server."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.conftest import TSC, ensure_prism
from tests.fault_server import FaultServer, Reply, Slow
from tests.helpers import sdkgen
from tests.ts_packages import build_features, build_packages, consumer, node


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_packages(tmp_path_factory.mktemp("ts"))


@pytest.fixture(scope="module")
def features(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_features(tmp_path_factory.mktemp("features"))


WIRE = """import { IntunedClient, NotFoundError, APIConnectionTimeoutError } from "@intuned/client";
import { ProcessRunsClient } from "process-runs-client";

const base = process.env["FAULT_URL"] ?? "";
const client = new IntunedClient({ workspaceId: "ws-1", apiKey: "k", baseURL: base });
const kind = process.argv[2];
if (kind === "retry") {
  const run = await client.projects.runs.start("my project", { parameters: { a: 1 }, api: "x" });
  console.log(JSON.stringify(run));
} else if (kind === "error") {
  try {
    await client.projects.runs.result("p", "r", { maxRetries: 0 });
  } catch (error) {
    if (error instanceof NotFoundError) console.log(JSON.stringify([error.status, error.body]));
    else throw error;
  }
} else if (kind === "timeout") {
  try {
    await client.projects.runs.result("p", "r", { maxRetries: 0, timeout: 300 });
  } catch (error) {
    if (error instanceof APIConnectionTimeoutError) console.log("timed out");
    else throw error;
  }
} else if (kind === "raw") {
  const { data, response } = await client.projects.runs.result("p", "r").withResponse();
  const failed = await client.projects.runs.result("p", "r", { maxRetries: 0 }).catch((e: unknown) => e);
  const requestId = response.headers.get("x-request-id");
  console.log(JSON.stringify([data, response.status, requestId, failed instanceof NotFoundError]));
} else if (kind === "wait") {
  const done = await client.projects.runs.startAndWait("p", { parameters: {}, api: "x" }, { pollInterval: 10 });
  console.log(JSON.stringify(done));
} else {
  const runs = new ProcessRunsClient({ apiKey: "k", baseURL: base });
  const ids: string[] = [];
  for await (const r of runs.runs.list({ process_id: "p1", agent_id: "a1" })) ids.push(r.id);
  console.log(JSON.stringify(ids));
}
"""


@pytest.fixture(scope="module")
def wire(packages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return consumer(tmp_path_factory.mktemp("wire"), packages, {"wire": WIRE})


@pytest.mark.slow
def test_retries_resend_the_same_body_and_idempotency_key(wire: Path) -> None:
    with FaultServer() as server:
        server.script = [
            Reply(500, {"message": "busy"}),
            Reply(429, {"message": "slow down"}, headers={"retry-after-ms": "10"}),
            Reply(200, {"runId": "r1", "status": "pending"}),
        ]
        printed = node("wire.js", "retry", cwd=wire, env={"FAULT_URL": server.url})
        assert json.loads(printed) == {"runId": "r1", "status": "pending"}
        assert len(server.seen) == 3
        assert {s.path for s in server.seen} == {"/ws-1/projects/my%20project/run/start"}
        keys = {s.headers.get("Idempotency-Key") or s.headers.get("idempotency-key") for s in server.seen}
        assert len(keys) == 1 and None not in keys
        assert {s.body for s in server.seen} == {b'{"parameters":{"a":1},"api":"x"}'}
        assert all(s.headers.get("x-api-key") == "k" for s in server.seen)


@pytest.mark.slow
def test_typed_errors_and_timeouts(wire: Path) -> None:
    with FaultServer() as server:
        server.script = [Reply(404, {"message": "no such run"}), Slow(3, Reply(200, {}))]
        assert json.loads(node("wire.js", "error", cwd=wire, env={"FAULT_URL": server.url})) == [
            404,
            {"message": "no such run"},
        ]
        assert node("wire.js", "timeout", cwd=wire, env={"FAULT_URL": server.url}).strip() == "timed out"


@pytest.mark.slow
def test_with_response_gives_the_status_and_headers(wire: Path) -> None:
    """`.withResponse()` on a call; `.catch` on one that fails (the result is a whole Promise)."""
    with FaultServer() as server:
        server.script = [Reply(200, {"status": "completed"}, headers={"x-request-id": "req-7"}), Reply(404, {})]
        printed = node("wire.js", "raw", cwd=wire, env={"FAULT_URL": server.url})
        assert json.loads(printed) == [{"status": "completed"}, 200, "req-7", True]


@pytest.mark.slow
def test_for_await_walks_every_page(wire: Path) -> None:
    run = {"process_id": "p1", "agent_id": "a1", "status": "completed"}
    with FaultServer() as server:
        server.script = [
            Reply(200, {"items": [{**run, "id": "r1"}, {**run, "id": "r2"}], "continuation_token": "t2"}),
            Reply(200, {"items": [{**run, "id": "r3"}], "continuation_token": None}),
        ]
        printed = node("wire.js", "pages", cwd=wire, env={"FAULT_URL": server.url})
        assert json.loads(printed) == ["r1", "r2", "r3"]
        assert server.seen[0].query == {"process_id": ["p1"], "agent_id": ["a1"]}
        assert server.seen[1].query["continuation_token"] == ["t2"]


@pytest.mark.slow
def test_start_and_wait_polls_until_the_status_is_not_pending(wire: Path) -> None:
    with FaultServer() as server:
        server.script = [
            Reply(200, {"runId": "r9", "status": "pending"}),
            Reply(200, {"runId": "r9", "status": "started"}),
            Reply(200, {"runId": "r9", "status": "completed", "result": 1}),
        ]
        printed = node("wire.js", "wait", cwd=wire, env={"FAULT_URL": server.url})
        assert json.loads(printed) == {"runId": "r9", "status": "completed", "result": 1}
        assert [s.path for s in server.seen] == ["/ws-1/projects/p/run/start"] + ["/ws-1/projects/p/run/r9/result"] * 2


STREAMS = """import { Streams32Client } from "streams-32-client";

const client = new Streams32Client({ baseURL: process.env["FAULT_URL"] ?? "" });
const seen: number[] = [];
for await (const tick of await client.ticks.stream()) seen.push(tick.n);
const lines: string[] = [];
for await (const entry of await client.logs.stream()) lines.push(JSON.stringify(entry));
console.log(JSON.stringify({ seen, lines: lines.length }));
"""


@pytest.mark.slow
def test_server_sent_events_and_json_lines_stream(features: Path, tmp_path: Path) -> None:
    folder = features / "streams_32"
    node(str(TSC), "-p", "tsconfig.build.json", cwd=folder)
    out = consumer(tmp_path, {"streams-32-client": folder}, {"main": STREAMS})
    # an event split across lines and chunks, a comment, CRLF line ends, then [DONE]
    events = b': hello\r\ndata: {"n"\r\ndata: : 1}\r\n\r\nevent: tick\ndata: {"n": 2}\n\ndata: [DONE]\n\n'
    with FaultServer() as server:
        server.script = [
            Reply(200, content=events, content_type="text/event-stream"),
            Reply(200, content=b'{"level": "info"}\n{"level": "warn"}\n', content_type="application/jsonl"),
        ]
        printed = node(str(out / "main.js"), cwd=tmp_path, env={"FAULT_URL": server.url})
        assert json.loads(printed) == {"seen": [1, 2], "lines": 2}
        assert server.seen[0].headers.get("Accept") == "text/event-stream"


FORMS_SPEC = """
openapi: 3.1.0
info: {title: Forms, version: 1.0.0}
servers: [{url: "https://api.example.com"}]
paths:
  /charges:
    post:
      operationId: createCharge
      tags: [charges]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [amount]
              properties:
                amount: {type: integer}
                note: {type: string}
                expand: {type: array, items: {type: string}}
                tags: {type: array, items: {type: string}}
                metadata: {type: object, additionalProperties: {type: string}}
                line_items:
                  type: array
                  items: {type: object, properties: {price: {type: string}, quantity: {type: integer}}}
            encoding:
              expand: {style: form, explode: true}
              tags: {style: form, explode: false}
              metadata: {style: deepObject, explode: true}
              line_items: {style: deepObject, explode: true}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
    get:
      operationId: listCharges
      tags: [charges]
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {}, additionalProperties: false}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
  /files:
    post:
      operationId: uploadFile
      tags: [files]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                purpose: {type: string}
                meta: {type: object, properties: {a: {type: integer}}}
                video: {type: string, format: binary}
                avatar: {type: string, format: binary}
                doc: {type: string, format: binary}
            encoding:
              video: {contentType: "video/mp4, video/webm"}
              avatar: {contentType: "image/*"}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
"""

FORMS = """import { createReadStream, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FormsClient } from "forms-client";

const notes = join(tmpdir(), `notes-${process.pid}.txt`);
writeFileSync(notes, "hello");

const client = new FormsClient({ baseURL: process.env["FAULT_URL"] ?? "" });
await client.charges.create({
  amount: 100,
  note: "a b&c",
  expand: ["x", "y"],
  tags: ["t1", "t2"],
  metadata: { order: "42" },
  line_items: [{ price: "p_1", quantity: 2 }],
});
await client.files.upload({
  file: new Uint8Array([104, 105]),
  purpose: "fine-tune",
  meta: { a: 1 },
  video: new File(["v"], "clip.webm", { type: "video/webm" }),
  avatar: new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array([97, 98]));
      controller.close();
    },
  }),
  doc: createReadStream(notes),
});
await client.charges.list();
const failed = await client.charges.list().catch((e: unknown) => e);
console.log(failed instanceof Error ? failed.message : "no error");
"""


@pytest.mark.slow
def test_form_and_multipart_bodies_on_the_wire(tmp_path: Path) -> None:
    """What a user means, on the wire: a form body by each property's `encoding` (Stripe's
    deepObject nesting, form arrays exploded or joined), a multipart upload from bytes."""
    ensure_prism()
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "forms.yaml").write_text(FORMS_SPEC, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.sdkgen.sdk]]\nspec = "specs/forms.yaml"\npython = false\ntypescript = { output = "out/forms" }\n',
        encoding="utf-8",
    )
    result = sdkgen("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "forms"
    node(str(TSC), "-p", "tsconfig.build.json", cwd=folder)
    user = consumer(tmp_path / "user", {"forms-client": folder}, {"main": FORMS})
    with FaultServer() as server:
        server.script = [
            Reply(200, {}),
            Reply(200, {}),
            Reply(200, {}),
            Reply(404, {"error": {"message": "No such charge", "code": "resource_missing"}}),
        ]
        printed = node(str(user / "main.js"), cwd=user, env={"FAULT_URL": server.url}).strip()
    assert printed == "404 No such charge"  # the message of Stripe's (and OpenAI's) error object
    form, upload, listed, _ = server.seen
    assert (listed.method, listed.body) == ("GET", b"")  # a GET sends no body (fetch can't)
    form_headers = {k.lower(): v for k, v in form.headers.items()}
    upload_headers = {k.lower(): v for k, v in upload.headers.items()}
    assert form_headers["content-type"] == "application/x-www-form-urlencoded"
    assert form.body.decode() == (
        "amount=100&note=a+b%26c&expand=x&expand=y&tags=t1%2Ct2&metadata%5Border%5D=42"
        "&line_items%5B0%5D%5Bprice%5D=p_1&line_items%5B0%5D%5Bquantity%5D=2"
    )
    assert upload_headers["content-type"].startswith("multipart/form-data; boundary=")
    body = upload.body.decode()
    assert 'name="file"; filename="file"\r\nContent-Type: application/octet-stream\r\n\r\nhi\r\n' in body
    assert 'name="purpose"\r\n\r\nfine-tune\r\n' in body
    assert 'name="meta"\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n' in body  # a field, not a file
    assert 'name="video"; filename="clip.webm"\r\nContent-Type: video/webm\r\n' in body  # the file's own type
    octets = "Content-Type: application/octet-stream\r\n\r\n"
    assert f'name="avatar"; filename="avatar"\r\n{octets}ab\r\n' in body  # a web stream; not image/*
    assert 'name="doc"; filename="notes-' in body and f'.txt"\r\n{octets}hello\r\n' in body  # a Node file stream
    assert body.endswith("--\r\n") and body.count("Content-Disposition") == 6


SERVERS = """import { Runtime31Client } from "runtime-31-client";

const seen: string[] = [];
const record: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  const key = headers.get("x-api-key") ?? "-";
  seen.push(`${String(input)} ${key} ${headers.get("x-team") ?? "-"}`);
  return new Response(null, { status: 204 });
};
type Choice = { server?: number; serverVariables?: Record<string, string>; baseURL?: string };
const make = (more: Choice) =>
  new Runtime31Client({ apiKey: "k", fetch: record, defaultHeaders: { "x-team": "t" }, ...more });
await make({}).items.report("i1");
await make({ serverVariables: { region: "us", version: "v2" } }).items.report("i1");
await make({ server: 1 }).items.report("i1");
await make({}).auth.elsewhere();
await make({ baseURL: "https://mine.example.com" }).auth.elsewhere();
const refused: string[] = [];
const wrong: Choice[] = [{ serverVariables: { region: "mars" } }, { serverVariables: { zone: "a" } }, { server: 2 }];
for (const more of wrong) {
  try {
    make(more);
  } catch (error) {
    refused.push(String(error));
  }
}
console.log(JSON.stringify({ seen, refused }));
"""

OAUTH = """import { Runtime31Client } from "runtime-31-client";

const client = new Runtime31Client({
  clientId: "id",
  clientSecret: "secret",
  baseURL: process.env["FAULT_URL"] ?? "",
  maxRetries: 0,
});
await client.auth.oauthOnly();
await client.auth.oauthOnly();
await client.auth.oauthOnly();
console.log("done");
"""


LINKS = """import { Runtime31Client } from "runtime-31-client";

const client = new Runtime31Client({ apiKey: "k", baseURL: process.env["FAULT_URL"] ?? "", maxRetries: 0 });
const ids: string[] = [];
for await (const item of client.items.listLinked({ per_page: 1 })) ids.push(item.id);
let refused = "";
try {
  await client.items.report("..");
} catch (error) {
  refused = String(error);
}
console.log(JSON.stringify({ ids, refused }));
"""


@pytest.fixture(scope="module")
def runtime31(features: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's project with the runtime feature spec's package (servers, every scheme)."""
    folder = features / "runtime_31"
    node(str(TSC), "-p", "tsconfig.build.json", cwd=folder)
    base = tmp_path_factory.mktemp("runtime31")
    return consumer(base, {"runtime-31-client": folder}, {"servers": SERVERS, "oauth": OAUTH, "links": LINKS})


@pytest.mark.slow
def test_servers_variables_and_credentials_only_to_trusted_origins(runtime31: Path) -> None:
    """`server` and `serverVariables` pick and fill the spec's server (its enums enforced); an
    operation's own server is used when the base URL came from the spec, and being on another
    origin it gets neither the API key nor the default headers."""
    printed = json.loads(node(str(runtime31 / "servers.js"), cwd=runtime31))
    assert printed["seen"] == [
        "https://eu.api.example.com/v1/items/i1/report k t",
        "https://us.api.example.com/v2/items/i1/report k t",
        "https://sandbox.example.com/items/i1/report k t",
        "https://other.example.com/base/auth/elsewhere - -",
        "https://mine.example.com/auth/elsewhere k t",
    ]
    assert [r.split(":")[0] for r in printed["refused"]] == ["TypeError", "TypeError", "RangeError"]
    assert "must be one of eu, us, not mars" in printed["refused"][0]
    assert "unknown server variable(s) zone" in printed["refused"][1]


@pytest.mark.slow
def test_oauth_client_credentials_fetch_reuse_and_renew_the_token(runtime31: Path) -> None:
    """A token asked for once with the client id and secret (HTTP basic, the scheme's scopes),
    reused while fresh, asked for again after a 401, and the call then repeated."""
    with FaultServer() as server:
        server.script = [
            Reply(200, {"access_token": "t1", "expires_in": 3600}),
            Reply(204),
            Reply(401, {"message": "expired"}),
            Reply(200, {"access_token": "t2"}),
            Reply(204),
            Reply(204),
        ]
        assert node(str(runtime31 / "oauth.js"), cwd=runtime31, env={"FAULT_URL": server.url}).strip() == "done"
    calls = [(s.method, s.path, s.headers.get("Authorization")) for s in server.seen]
    basic = "Basic " + base64.b64encode(b"id:secret").decode()
    assert calls == [
        ("POST", "/oauth/token", basic),
        ("GET", "/auth/oauth", "Bearer t1"),
        ("GET", "/auth/oauth", "Bearer t1"),
        ("POST", "/oauth/token", basic),
        ("GET", "/auth/oauth", "Bearer t2"),
        ("GET", "/auth/oauth", "Bearer t2"),
    ]
    assert server.seen[0].body == b"grant_type=client_credentials&scope=read"


@pytest.mark.slow
def test_link_pages_whose_urls_hold_commas_and_no_dot_segment_in_a_path(runtime31: Path) -> None:
    """GitHub's `Link` header: a next URL with a comma in its query is followed (the header is
    not split on commas); a path parameter `..` is refused, not resolved to another endpoint."""
    with FaultServer() as server:
        nxt = f"{server.url}/items/linked?labels=bug,ui&page=2"
        server.script = [
            Reply(
                200,
                [{"id": "a"}],
                headers={"Link": f'<{nxt}>; rel="next", <{server.url}/items/linked?page=9>; rel="last"'},
            ),
            Reply(200, [{"id": "b"}], headers={"Link": f'<{server.url}/items/linked?page=1>; rel="prev"'}),
        ]
        printed = json.loads(node(str(runtime31 / "links.js"), cwd=runtime31, env={"FAULT_URL": server.url}))
    assert printed["ids"] == ["a", "b"]
    assert server.seen[1].query == {"labels": ["bug,ui"], "page": ["2"]}
    assert "cannot be" in printed["refused"] and len(server.seen) == 2
