"""A real HTTP server on 127.0.0.1 with programmable pages, and seed policies dressed as web pages.

The demo serves the seed policies with it; the tests and the benchmarks use it as their website.
It only ever listens on a loopback address.
"""

from __future__ import annotations

import hashlib
import html
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SEEDS = Path(__file__).parent / "seeds"


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the response starts
    etag: bool = True  # answer conditional requests with 304 when the ETag matches
    nonce: bool = False  # put a fresh token in every response, as CSRF-protected pages do


class LocalSite:
    """``site.pages['/path'] = Page(...)``; ``site.url('/path')``; ``site.hits['/path']``."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.pages: dict[str, Page] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.times: list[tuple[str, float]] = []  # (path, time.monotonic()) of every request
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                try:
                    self.respond()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeouts are tested on purpose)

            def respond(self) -> None:
                path = self.path.split("?")[0]
                with site.lock:
                    site.hits[path] += 1
                    site.requests.append((path, dict(self.headers)))
                    site.times.append((path, time.monotonic()))
                    page = site.pages.get(path)
                if page is None:
                    page = Page(b"<html><body><h1>Not found</h1></body></html>", status=404)
                if page.delay:
                    time.sleep(page.delay)
                body = page.body
                if page.nonce:
                    token = hashlib.sha1(str(time.perf_counter_ns()).encode()).hexdigest()
                    body = body.replace(b"</head>", f'<meta name="csrf-token" content="{token}"></head>'.encode(), 1)
                tag = '"' + hashlib.sha256(page.body).hexdigest()[:16] + '"'
                if page.etag and page.status == 200 and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(body)))
                if page.etag and page.status == 200:
                    self.send_header("ETag", tag)
                for k, v in page.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.host, self.port = self.server.server_address[:2]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LocalSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def html(self, path: str, text: str, **kwargs) -> Page:
        page = Page(policy_page(text).encode("utf-8"), **kwargs)
        self.pages[path] = page
        return page


def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def policy_page(text: str, title: str | None = None) -> str:
    """A plain-text policy as a realistic page: nav, cookie banner, main article, footer, scripts.

    The structure (headings, lists, tables) comes from policywatch's own plain-text reading, so the
    page has the headings a real site would mark up.
    """
    from monitor.structure import parse_sections

    sections = parse_sections(text)
    title = title or next((s.title for s in sections if s.title), "Privacy policy")
    parts: list[str] = []
    for section in sections:
        if section.heading:
            level = min(max(section.level, 1), 6)
            parts.append(f"<h{level}>{html.escape(section.heading)}</h{level}>")
        kind, group = "", []

        def close() -> None:
            if kind == "item":
                parts.append("<ul>" + "".join(f"<li>{html.escape(b.text)}</li>" for b in group) + "</ul>")
            elif kind in ("row", "header"):
                head = [b for b in group if b.kind == "header"]
                rows = [b for b in group if b.kind == "row"]
                cells = lambda b: b.cells  # noqa: E731
                table = "<table>"
                if head:
                    table += "<thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in cells(head[0])) + "</tr></thead>"
                table += "<tbody>" + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells(b)) + "</tr>"
                                             for b in rows) + "</tbody></table>"
                parts.append(table)
            else:
                parts.extend(f"<p>{html.escape(b.text)}</p>" for b in group)

        for block in section.blocks:
            block_kind = "row" if block.kind == "header" else block.kind
            if block_kind != kind and group:
                close()
                group = []
            kind = block_kind
            group.append(block)
        if group:
            close()
    body = "\n".join(parts)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif}}</style><script>window.dataLayer=[];</script></head>
<body>
<header><nav><a href="/">Home</a> <a href="/products">Products</a> <a href="/contact">Contact</a></nav></header>
<div id="cookie-banner" class="cookie-banner">We use cookies. <button>Accept all</button></div>
<main><article>
{body}
</article></main>
<footer><p>&copy; 2025 Example Company. All rights reserved.</p><nav><a href="/privacy">Privacy</a></nav></footer>
<script src="/static/app.js"></script>
</body></html>
"""
