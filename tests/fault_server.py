"""A small scripted HTTP server on 127.0.0.1 for retry, timeout and pagination tests.

Each test queues behaviours (`Reply`, `Reset`, `Slow`); the server answers requests in order and
records every request it saw (method, path, query, headers, body). Real sockets, no mocks.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: object = None
    headers: dict[str, str] = field(default_factory=dict)


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


Behaviour = Reply | Reset | Slow | Callable[[Seen], Reply]


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
                    parse_qs(parts.query),
                    dict(self.headers.items()),
                    body,
                )
                with server._lock:
                    server.seen.append(seen)
                    behaviour = server.script.pop(0) if server.script else server.default
                if behaviour is None:
                    behaviour = Reply(500, {"error": "no scripted reply"})
                if callable(behaviour) and not isinstance(behaviour, Reply | Reset | Slow):
                    behaviour = behaviour(seen)
                if isinstance(behaviour, Reset):
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.connection.close()
                    self.close_connection = True
                    return
                if isinstance(behaviour, Slow):
                    time.sleep(behaviour.seconds)
                    behaviour = behaviour.reply
                assert isinstance(behaviour, Reply)
                data = b"" if behaviour.body is None else json.dumps(behaviour.body).encode()
                self.send_response(behaviour.status)
                if behaviour.body is not None:
                    self.send_header("content-type", "application/json")
                for k, v in behaviour.headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
