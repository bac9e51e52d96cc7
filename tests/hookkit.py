"""A real HTTP receiver on 127.0.0.1 for webhook posts, answering with a scripted list of statuses."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# the JSON body's schema, shipped with the package: what receivers may validate against
SCHEMA = json.loads((Path(__file__).parents[1] / "alerts" / "schema" / "webhook-v1.schema.json").read_text())


class HookReceiver:
    def __init__(
        self,
        statuses: list[int] | None = None,
        host: str = "127.0.0.1",
        delay: float = 0.0,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.posts: list[tuple[dict, bytes, int]] = []  # (headers, body, status answered)
        self.paths: list[str] = []  # the path of each post, in order
        self.statuses = list(statuses or [])
        self.delay = delay  # seconds each answer takes (a slow receiver)
        self.headers = dict(headers or {})  # sent with every answer (e.g. Retry-After)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.delay:
                    time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                receiver.posts.append((dict(self.headers), body, status))
                receiver.paths.append(self.path)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(b"ok")

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def delivered(self) -> list[dict]:
        return [json.loads(body) for _, body, status in self.posts if 200 <= status < 300]
