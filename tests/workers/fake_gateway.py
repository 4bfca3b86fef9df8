"""A local stand-in for an SMS or WeChat gateway: counts what it accepts, by client message id,
answers a repeated id with 409 as real gateways do, and can be told to fail the next requests."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeGateway:
    def __init__(self) -> None:
        self.accepted: Counter[str] = Counter()  # client message id -> deliveries (must stay 1)
        self.requests = 0
        self.fail_next = 0  # answer this many requests with 503
        self.delay = 0.0  # seconds each request takes, so that a batch takes a while
        self.bodies: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.url = ""

    def handle(self, body: dict[str, Any]) -> int:
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.requests += 1
            if self.fail_next > 0:
                self.fail_next -= 1
                return 503
            key = body["client_msg_id"]
            if key in self.accepted:
                return 409
            self.accepted[key] += 1
            self.bodies.append(body)
            return 200


@contextmanager
def fake_gateway() -> Iterator[FakeGateway]:
    gateway = FakeGateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            status = gateway.handle(json.loads(self.rfile.read(length)))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
