"""A small scripted HTTP server on 127.0.0.1 for retry, timeout and pagination tests.

Each test queues behaviours (`Reply`, `Reset`, `Slow`, `Partial`, `Chunks`); the server answers
requests in order and records every request it saw (method, path, raw query, headers, body),
whatever its method (`QUERY`, `COPY` and other tokens included).
Real sockets, no mocks.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """A response: `body` as JSON, or `content` as raw bytes of `content_type`."""

    status: int = 200
    body: object = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    content_type: str = "application/octet-stream"

    def payload(self) -> tuple[bytes, str | None]:
        if self.content is not None:
            return self.content, self.content_type
        if self.body is None:
            return b"", None
        return json.dumps(self.body).encode(), "application/json"


@dataclass
class Partial:
    """Send the status line, the headers and the first `sent` bytes of the body, then reset."""

    reply: Reply
    sent: int = 10


@dataclass
class Chunks:
    """A chunked response written piece by piece (an event stream)."""

    parts: list[bytes]
    content_type: str = "text/event-stream"
    after_first: Callable[[], object] | None = None  # called once the first part is sent


@dataclass
class Reset:
    """Close the connection without answering."""


@dataclass
class Slow:
    seconds: float
    reply: Reply


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    raw_query: str = ""


Behaviour = Reply | Reset | Slow | Partial | Chunks | Callable[[Seen], Reply]

# What writing to or reading from a client that hung up raises (it timed out and closed the
# connection, or reset it): the client's business, not a fault of the server.
DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # not waited for by server_close(): a handler may outlive its test

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.active = 0  # requests being handled
        self.idle = threading.Condition()

    def process_request(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        with self.idle:
            self.active += 1
        super().process_request(request, client_address)

    def process_request_thread(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)  # handle_error included
        finally:
            with self.idle:
                self.active -= 1
                self.idle.notify_all()

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        """socketserver prints every handler exception's traceback to stderr, where it lands
        in some test's output. A client that hung up is expected (timeout tests do it on
        purpose): silent. Anything else is a bug of the server or of a scripted behaviour:
        printed as before."""
        if isinstance(sys.exc_info()[1], DISCONNECTS):
            return
        super().handle_error(request, client_address)


class FaultServer:
    def __init__(self) -> None:
        self.script: list[Behaviour] = []
        self.default: Behaviour | None = None
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                seen = Seen(
                    self.command,
                    parts.path,
                    parse_qs(parts.query, keep_blank_values=True),
                    dict(self.headers.items()),
                    body,
                    parts.query,
                )
                with server._lock:
                    server.seen.append(seen)
                    behaviour = server.script.pop(0) if server.script else server.default
                if behaviour is None:
                    behaviour = Reply(500, {"error": "no scripted reply"})
                if callable(behaviour) and not isinstance(behaviour, Reply | Reset | Slow | Partial | Chunks):
                    behaviour = behaviour(seen)
                if isinstance(behaviour, Reset):
                    self._reset()
                    return
                if isinstance(behaviour, Slow):
                    time.sleep(behaviour.seconds)
                    behaviour = behaviour.reply
                if isinstance(behaviour, Chunks):
                    self.send_response(200)
                    self.send_header("content-type", behaviour.content_type)
                    self.send_header("transfer-encoding", "chunked")
                    self.end_headers()
                    for i, part in enumerate(behaviour.parts):
                        self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                        self.wfile.flush()
                        if i == 0 and behaviour.after_first is not None:
                            behaviour.after_first()
                    self.wfile.write(b"0\r\n\r\n")
                    return
                reply = behaviour.reply if isinstance(behaviour, Partial) else behaviour
                assert isinstance(reply, Reply)
                data, content_type = reply.payload()
                self.send_response(reply.status)
                if content_type is not None:
                    self.send_header("content-type", content_type)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                if isinstance(behaviour, Partial):
                    self.wfile.write(data[: behaviour.sent])
                    self.wfile.flush()
                    self._reset()
                    return
                if self.command != "HEAD":  # a HEAD response has headers only (RFC 9110 §9.3.2)
                    self.wfile.write(data)

            def _reset(self) -> None:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.connection.close()
                self.close_connection = True

            def __getattr__(self, name: str) -> Any:
                """Every method is handled alike: `do_GET`, `do_QUERY`, `do_COPY`..."""
                if name.startswith("do_"):
                    return self._handle
                raise AttributeError(name)

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        # a short poll interval: shutdown() waits for it, once per test
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def wait_idle(self, timeout: float = 10) -> None:
        """Wait until every request is handled to its end (a late write to a client that left
        included); a keep-alive connection the client still holds open is a request too."""
        with self.httpd.idle:
            assert self.httpd.idle.wait_for(lambda: self.httpd.active == 0, timeout), "a request is still handled"

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
