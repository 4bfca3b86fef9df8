"""A local stand-in for an SMS or WeChat batch gateway: counts what it accepts, by client message
id, answers a repeated id with "duplicate" as real gateways do, and can be told to fail the next
requests."""

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
        self.busy: set[str] = set()  # client message ids answered "busy" (once each)
        self.reject: set[str] = set()  # client message ids answered "rejected"
        self.bodies: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.url = ""

    def handle(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.requests += 1
            if self.fail_next > 0:
                self.fail_next -= 1
                return 503, {}
            results = []
            for message in body["messages"]:
                key = message["client_msg_id"]
                if key in self.busy or key in self.reject:
                    status = "busy" if key in self.busy else "rejected"
                    self.busy.discard(key)
                    results.append({"client_msg_id": key, "status": status, "error": "test"})
                    continue
                if key in self.accepted:
                    results.append({"client_msg_id": key, "status": "duplicate"})
                    continue
                self.accepted[key] += 1
                self.bodies.append(message)
                results.append({"client_msg_id": key, "status": "accepted"})
            return 200, {"results": results}


@contextmanager
def fake_gateway() -> Iterator[FakeGateway]:
    gateway = FakeGateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            status, answer = gateway.handle(json.loads(self.rfile.read(length)))
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

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
