"""Webhook posts (json, slack, teams, discord bodies from alerts.formats), optionally HMAC-signed."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Callable
from urllib.parse import urlsplit

import requests

from alerts.content import AlertContent
from alerts.errors import DeliveryError
from alerts.formats import FORMATS

TIMEOUT = (5, 15)  # connect, read


class WebhookDestination:
    """``guard(url)`` says why a URL may not be posted to (the SSRF policy watches obey), or None."""

    def __init__(self, config, guard: Callable[[str], str | None] | None = None) -> None:
        self.config = config
        self.name = config.name
        self.guard = guard

    def body(self, content: AlertContent) -> bytes:
        return json.dumps(FORMATS[self.config.format](content), ensure_ascii=False).encode("utf-8")

    def send(self, content: AlertContent) -> None:
        problem = self.guard(self.config.url) if self.guard else None
        if problem:
            raise DeliveryError(f"webhook {self.name!r}: {problem}", permanent=True)
        body = self.body(content)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "policywatch-webhook/1",
            "Idempotency-Key": content.key,
            "X-Policywatch-Delivery": content.key,
        }
        if self.config.secret_env:
            secret = os.environ.get(self.config.secret_env, "")
            if not secret:
                raise DeliveryError(f"environment variable {self.config.secret_env} (secret_env of webhook "
                                    f"{self.name!r}) is not set", permanent=True)
            digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
            headers["X-Policywatch-Signature"] = f"sha256={digest}"
        try:
            response = requests.post(self.config.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False)
        except requests.RequestException as exc:  # the URL's path often is the secret: keep it out of messages
            secret = urlsplit(self.config.url).path
            detail = str(exc).replace(secret, "/…") if len(secret) > 1 else str(exc)
            raise DeliveryError(f"POST {self.name}: {exc.__class__.__name__}: {detail}") from exc
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"POST {self.name}: HTTP {response.status_code}",
                                permanent=response.status_code in (400, 401, 403, 404, 410))
