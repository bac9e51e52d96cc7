"""Webhook posts (json, slack, teams, discord bodies from alerts.formats), optionally HMAC-signed."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable
from datetime import UTC
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool

from policywatch.alerts import deadline as limits
from policywatch.alerts.content import AlertContent, header_key
from policywatch.alerts.deadline import Sockets, deadline
from policywatch.alerts.errors import DeliveryError
from policywatch.alerts.formats import FORMATS, minimal_payload

TIMEOUT = (5, 15)  # connect, read


class WebhookDestination:
    """``guard(url)`` gives (why the URL may not be posted to, the address to connect to): the SSRF
    policy watches obey, applied once; the post then goes to that address and nowhere else.
    ``proxy``: post through it (its own name resolution is then trusted); the environment's proxy
    variables are never used."""

    def __init__(
        self, config, guard: Callable[[str], tuple[str | None, str | None]] | None = None, proxy: str | None = None
    ) -> None:
        self.config = config
        self.name = config.name
        self.guard = guard
        self.proxy = proxy

    def body(self, content: AlertContent) -> bytes:
        return json.dumps(FORMATS[self.config.format](content), ensure_ascii=False).encode("utf-8")

    def send(self, content: AlertContent) -> None:
        problem, address = self.guard(self.config.url) if self.guard else (None, None)
        if problem:
            raise DeliveryError(f"webhook {self.name!r}: {problem}", permanent="does not resolve" not in problem)
        body = self.body(content)
        headers = self._headers(content, body)
        response = self._post(body, headers, address)
        if response.status_code == 400 and self.config.format != "json":
            # the service refused our payload (too long, or a markup it rejects): say less, not nothing
            body = json.dumps(minimal_payload(self.config.format, content), ensure_ascii=False).encode("utf-8")
            response = self._post(body, self._headers(content, body), address)
        if not 200 <= response.status_code < 300:
            raise DeliveryError(
                f"POST {self.name}: HTTP {response.status_code}",
                permanent=response.status_code in (401, 403, 404, 410),
                retry_after=retry_after(response.headers.get("Retry-After")),
            )

    def _headers(self, content: AlertContent, body: bytes) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "policywatch-webhook/1",
            "Idempotency-Key": header_key(content.key),
            "X-Policywatch-Delivery": header_key(content.key),
        }
        if self.config.secret_env:
            secret = os.environ.get(self.config.secret_env, "")
            if not secret:
                raise DeliveryError(
                    f"environment variable {self.config.secret_env} (secret_env of webhook {self.name!r}) is not set",
                    permanent=True,
                )
            digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
            headers["X-Policywatch-Signature"] = f"sha256={digest}"
        return headers

    def _post(self, body: bytes, headers: dict, address: str | None) -> requests.Response:
        return post(self.name, self.config.url, body, headers, address, self.proxy)


def post(name: str, url: str, body: bytes, headers: dict, address: str | None, proxy: str | None) -> requests.Response:
    """One POST to the address the guard judged (or through ``proxy``), within the delivery deadline.
    A URL's path is often its secret: it is kept out of every message."""
    with deadline() as sockets:
        try:
            with session(None if proxy else address, proxy, sockets) as http:
                response = http.post(url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False)
            if sockets.expired:  # cut off mid-answer: what was read may parse, but it is not an answer
                raise requests.ConnectionError("the deadline closed the connection")
            return response
        except requests.RequestException as exc:
            if sockets.expired:
                raise DeliveryError(
                    f"POST {name}: no complete answer within {limits.DELIVERY_DEADLINE:.0f} s "
                    "(the receiver is too slow)"
                ) from exc
            secret = urlsplit(url).path
            detail = str(exc).replace(secret, "/…") if len(secret) > 1 else str(exc)
            raise DeliveryError(f"POST {name}: {exc.__class__.__name__}: {detail}") from exc


def judged(name: str, url: str, guard) -> str | None:
    """The address to post to, once the guard let ``url`` pass; a refusal is a DeliveryError (permanent
    unless the name did not resolve, which may be a passing DNS fault)."""
    problem, address = guard(url) if guard else (None, None)
    if problem:
        raise DeliveryError(f"{name!r}: {problem}", permanent="does not resolve" not in problem)
    return address


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        from datetime import datetime
        from email.utils import parsedate_to_datetime

        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def session(address: str | None, proxy: str | None = None, sockets: Sockets | None = None) -> requests.Session:
    """A session that ignores the environment's proxies and, given ``address``, connects there
    while the URL's host name stays in the Host header, the TLS server name and the certificate
    check. ``sockets`` collects the connections it opens (for the delivery deadline)."""
    http = requests.Session()
    http.trust_env = False
    if proxy:
        http.proxies = {"http": proxy, "https": proxy}
    adapter = HTTPAdapter(max_retries=0)
    adapter.poolmanager.pool_classes_by_scheme = {
        "http": _pinned_pool(HTTPConnectionPool, address, sockets),
        "https": _pinned_pool(HTTPSConnectionPool, address, sockets),
    }
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http


def _pinned_pool(pool_class, address: str | None, sockets: Sockets | None):
    class Pinned(pool_class.ConnectionCls):
        def _new_conn(self):
            named = self._dns_host
            if address:
                self._dns_host = address
            try:
                sock = super()._new_conn()
            finally:
                self._dns_host = named
            if sockets is not None:
                sockets.add(sock)
            return sock

    return type(f"Pinned{pool_class.__name__}", (pool_class,), {"ConnectionCls": Pinned})
