"""The address guard for the browser: a forward proxy on 127.0.0.1 that every browser request goes through.

Chromium resolves names itself, out of the Twisted resolver's sight. So the browser is started with
this proxy as its only way out: for each request (plain HTTP, or a CONNECT tunnel for HTTPS) the
proxy resolves the name, judges every address with the same rules as any fetch, and connects to the
address it judged, so a rebinding DNS has no second answer to give. Refusals are kept by host so the
page that asked can say what was blocked.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from urllib.parse import urlsplit

from policywatch.crawler.addresses import resolve_guarded

log = logging.getLogger(__name__)
HEAD_LIMIT = 64 * 1024  # bytes of a request head; more is not a browser's request
CONNECT_TIMEOUT = 15.0


class GuardProxy:
    """``async with GuardProxy(...) as proxy``: ``proxy.url`` for the browser, ``proxy.refused`` host -> why."""

    def __init__(
        self, *, allow_private: bool, allowed_networks: tuple[str, ...] = (), upstream: str | None = None, resolve=None
    ) -> None:
        self.allow_private = allow_private
        self._resolve = {"resolve": resolve} if resolve else {}
        self.allowed_networks = allowed_networks
        self.upstream = urlsplit(upstream) if upstream else None  # the operator's proxy, after our judgement
        self.refused: dict[str, str] = {}
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task] = set()

    @property
    def url(self) -> str:
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def __aenter__(self) -> GuardProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc) -> None:
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._tasks.add(task)
        try:
            await self._handle(reader, writer)
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass
        except Exception:  # one browser request's trouble must not stop the proxy
            log.exception("the browser's guard proxy failed on a request")
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        if len(head) > HEAD_LIMIT:
            return await _answer(writer, 431, "request head too large")
        request_line, _, rest = head.partition(b"\r\n")
        try:
            method, target, version = request_line.decode("latin-1").split(" ")
        except ValueError:
            return await _answer(writer, 400, "bad request line")
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            url = f"https://{host}:{port}/"
        else:
            url = target
            if not url.startswith("http://"):
                return await _answer(writer, 400, "only http:// requests and CONNECT tunnels")
        problem, address = await asyncio.get_running_loop().run_in_executor(
            None,
            partial(
                resolve_guarded,
                url,
                allow_private=self.allow_private,
                allowed_networks=self.allowed_networks,
                **self._resolve,
            ),
        )
        parts = urlsplit(url)
        if problem:
            self.refused[(parts.hostname or "").lower()] = problem
            if method == "CONNECT":
                await _answer(writer, 403, problem)
            return  # a plain request gets no answer at all: the browser sees a failed request, not a page
        port = parts.port or (443 if method == "CONNECT" else 80)
        upstream_reader, upstream_writer = await self._open(address, port, parts, method == "CONNECT")
        try:
            if method == "CONNECT":
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                await writer.drain()
                await _pipe_both(reader, writer, upstream_reader, upstream_writer)
                return
            upstream_writer.write(_origin_form(method, parts, version, rest, absolute=self.upstream is not None))
            length = _content_length(rest)
            if length:
                upstream_writer.write(await reader.readexactly(length))
            await upstream_writer.drain()
            await _pipe_both(reader, writer, upstream_reader, upstream_writer, requests=1)
        finally:
            upstream_writer.close()

    async def _open(self, address: str, port: int, parts, tunnel: bool):
        if self.upstream is None:
            return await asyncio.wait_for(asyncio.open_connection(address, port), CONNECT_TIMEOUT)
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(self.upstream.hostname, self.upstream.port or 80), CONNECT_TIMEOUT
        )
        if tunnel:  # the judged address, so the upstream proxy cannot resolve the name differently
            target = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
            writer.write(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode("latin-1"))
            await writer.drain()
            answer = await reader.readuntil(b"\r\n\r\n")
            if b" 200 " not in answer.split(b"\r\n", 1)[0] + b" ":
                writer.close()
                raise ConnectionError("the upstream proxy refused the tunnel")
        return reader, writer


def _origin_form(method: str, parts, version: str, rest: bytes, absolute: bool) -> bytes:
    """The request as sent on: one request per connection (the browser may not reuse it for another host)."""
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    target = parts.geturl() if absolute else path
    lines = [
        line
        for line in rest.split(b"\r\n")
        if line
        and not line.lower().startswith((b"proxy-connection:", b"connection:", b"keep-alive:", b"proxy-authorization:"))
    ]
    return b"\r\n".join([f"{method} {target} {version}".encode("latin-1"), *lines, b"Connection: close", b"", b""])


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return int(value.strip())
    return 0


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        if writer.can_write_eof():
            try:
                writer.write_eof()
            except OSError:
                pass


async def _pipe_both(client_reader, client_writer, upstream_reader, upstream_writer, requests: int = 0) -> None:
    """Bytes both ways until the server side ends; with ``requests``, the client's side carries only
    the body of its one request (a reused connection would carry the next request to this host)."""
    down = asyncio.ensure_future(_pipe(upstream_reader, client_writer))
    up = asyncio.ensure_future(_pipe(client_reader, upstream_writer)) if not requests else None
    try:
        await down
    finally:
        if up is not None:
            up.cancel()
            await asyncio.gather(up, return_exceptions=True)


async def _answer(writer: asyncio.StreamWriter, status: int, reason: str) -> None:
    body = reason.encode("utf-8")
    writer.write(
        f"HTTP/1.1 {status} Refused\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode("latin-1")
        + body
    )
    await writer.drain()
