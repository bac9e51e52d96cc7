"""JSON over HTTP (the contract's schema, optionally HMAC-signed) or a chat service's own body
(Slack, Teams, Discord). ``alerts.webhooks`` entries are read by this kind's ``configure`` too."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from policywatch.alerts.content import AlertContent
from policywatch.alerts.destinations import DeliveryContext, Destination, DestinationConfig, register
from policywatch.alerts.formats import FORMATS
from policywatch.alerts.webhooks import WebhookDestination

WEBHOOK_FORMATS = tuple(FORMATS)


@register
class WebhookKind(Destination):
    kind = "webhook"
    keys = {"url": True, "format": False, "secret_env": False}
    secret_keys = ("secret_env",)

    @classmethod
    def configure(cls, read, fields, key) -> dict[str, Any]:
        return {
            "url": read.http_url(fields["url"][1], f"{key}.url"),
            "format": read.string(fields["format"][1], f"{key}.format", choices=WEBHOOK_FORMATS)
            if "format" in fields
            else "json",
            "secret_env": read.env_name(fields["secret_env"][1], f"{key}.secret_env")
            if "secret_env" in fields
            else None,
        }

    def __init__(self, config: DestinationConfig, context: DeliveryContext) -> None:
        super().__init__(config, context)
        settings = SimpleNamespace(name=config.name, **config.settings)
        self._hook = WebhookDestination(settings, guard=context.guard, proxy=context.proxy)

    def send(self, content: AlertContent) -> None:
        self._hook.send(content)
