"""ntfy (https://ntfy.sh or a self-hosted server): a push notification per alert, posted to a topic.

The topic URL passes the same address guard as webhooks, and a material change is sent at high
priority so phones ring for it and not for a reworded paragraph.
"""

from __future__ import annotations

import os
from typing import Any

from policywatch.alerts.content import AlertContent, header_key, one_line
from policywatch.alerts.destinations import Destination, register
from policywatch.alerts.errors import DeliveryError
from policywatch.alerts.formats import plain_text
from policywatch.alerts.webhooks import judged, post, retry_after

PRIORITY = {"material": "high", "minor": "default", "none": "low"}
TAGS = {"material": "warning", "minor": "memo", "none": "information_source"}
MESSAGE_LIMIT = 4000  # ntfy turns longer messages into attachments


@register
class NtfyDestination(Destination):
    kind = "ntfy"
    keys = {"topic": True, "server": False, "token_env": False}
    secret_keys = ("token_env",)

    @classmethod
    def configure(cls, read, fields, key) -> dict[str, Any]:
        topic = read.string(fields["topic"][1], f"{key}.topic")
        if not all(c.isalnum() or c in "-_" for c in topic) or len(topic) > 64:
            raise read.error(fields["topic"][1], f"{key}.topic", "a topic is 1-64 letters, digits, - or _")
        server = read.http_url(fields["server"][1], f"{key}.server") if "server" in fields else "https://ntfy.sh"
        token_env = read.env_name(fields["token_env"][1], f"{key}.token_env") if "token_env" in fields else None
        return {"url": f"{server.rstrip('/')}/{topic}", "token_env": token_env}

    def send(self, content: AlertContent) -> None:
        url = self.config.settings["url"]
        address = judged(f"ntfy {self.name}", url, self.context.guard)
        headers = {
            # HTTP headers travel as bytes: UTF-8 bytes through requests' latin-1, as ntfy (Go) reads them
            "Title": one_line(f"{content.watch}: {content.headline}", 250).encode("utf-8").decode("latin-1"),
            "Priority": PRIORITY.get(content.level, "default"),
            "Tags": TAGS.get(content.level, "memo"),
            "Content-Type": "text/plain; charset=utf-8",
            "User-Agent": "policywatch-ntfy/1",
            "X-Policywatch-Delivery": header_key(content.key),
        }
        link = content.viewer_url or content.url
        if link:
            headers["Click"] = link
        env = self.config.settings.get("token_env")
        if env:
            token = os.environ.get(env, "")
            if not token:
                raise DeliveryError(
                    f"environment variable {env} (token_env of {self.name!r}) is not set", permanent=True
                )
            headers["Authorization"] = f"Bearer {token}"
        response = post(
            f"ntfy {self.name}",
            url,
            plain_text(content, MESSAGE_LIMIT).encode("utf-8"),
            headers,
            address,
            self.context.proxy,
        )
        if not 200 <= response.status_code < 300:
            raise DeliveryError(
                f"POST ntfy {self.name}: HTTP {response.status_code}",
                permanent=response.status_code in (400, 401, 403, 404),
                retry_after=retry_after(response.headers.get("Retry-After")),
            )
