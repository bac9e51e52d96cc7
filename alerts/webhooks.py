"""Webhook posts (json, slack, teams, discord bodies from alerts.formats), optionally HMAC-signed."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool

from alerts.content import AlertContent, header_key
from alerts.errors import DeliveryError
from alerts.formats import FORMATS

TIMEOUT = (5, 15)  # connect, read


class WebhookDestination:
    """``guard(url)`` gives (why the URL may not be posted to, the address to connect to): the SSRF
    policy watches obey, applied once; the post then goes to that address and nowhere else.
    ``proxy``: post through it (its own name resolution is then trusted); the environment's proxy
    variables are never used."""

    def __init__(self, config, guard: Callable[[str], tuple[str | None, str | None]] | None = None,
                 proxy: str | None = None) -> None:
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
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "policywatch-webhook/1",
            "Idempotency-Key": header_key(content.key),
            "X-Policywatch-Delivery": header_key(content.key),
        }
        if self.config.secret_env:
            secret = os.environ.get(self.config.secret_env, "")
            if not secret:
                raise DeliveryError(f"environment variable {self.config.secret_env} (secret_env of webhook "
                                    f"{self.name!r}) is not set", permanent=True)
            digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
            headers["X-Policywatch-Signature"] = f"sha256={digest}"
        try:
            with session(None if self.proxy else address, self.proxy) as http:
                response = http.post(self.config.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False)
        except requests.RequestException as exc:  # the URL's path often is the secret: keep it out of messages
            secret = urlsplit(self.config.url).path
            detail = str(exc).replace(secret, "/…") if len(secret) > 1 else str(exc)
            raise DeliveryError(f"POST {self.name}: {exc.__class__.__name__}: {detail}") from exc
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"POST {self.name}: HTTP {response.status_code}",
                                permanent=response.status_code in (400, 401, 403, 404, 410))


def session(address: str | None, proxy: str | None = None) -> requests.Session:
    """A session that ignores the environment's proxies and, given ``address``, connects there
    while the URL's host name stays in the Host header, the TLS server name and the certificate
    check."""
    http = requests.Session()
    http.trust_env = False
    if proxy:
        http.proxies = {"http": proxy, "https": proxy}
    if address:
        adapter = HTTPAdapter(max_retries=0)
        adapter.poolmanager.pool_classes_by_scheme = {"http": _pinned_pool(HTTPConnectionPool, address),
                                                      "https": _pinned_pool(HTTPSConnectionPool, address)}
        http.mount("http://", adapter)
        http.mount("https://", adapter)
    return http


def _pinned_pool(pool_class, address: str):
    class Pinned(pool_class.ConnectionCls):
        def _new_conn(self):
            named, self._dns_host = self._dns_host, address
            try:
                return super()._new_conn()
            finally:
                self._dns_host = named

    return type(f"Pinned{pool_class.__name__}", (pool_class,), {"ConnectionCls": Pinned})
