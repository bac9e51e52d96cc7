"""Apprise (optional extra ``policywatch[apprise]``): one destination reaching any of the 100+
services Apprise knows (chat, mail, SMS, push), configured by Apprise URLs.

The URLs hold secrets, so the config names the environment variable that holds them (``urls_env``),
never the URLs. Each URL's host, when it names one, passes the address guard before anything is sent
(a service's fixed public API host is Apprise's own).
"""

from __future__ import annotations

import os
import re
from typing import Any

from policywatch.alerts.content import AlertContent, one_line
from policywatch.alerts.destinations import Destination, register
from policywatch.alerts.errors import DeliveryError
from policywatch.alerts.formats import plain_text

SPLIT = re.compile(r"[\s,]+")


@register
class AppriseDestination(Destination):
    kind = "apprise"
    keys = {"urls_env": True}
    secret_keys = ("urls_env",)

    @classmethod
    def configure(cls, read, fields, key) -> dict[str, Any]:
        return {"urls_env": read.env_name(fields["urls_env"][1], f"{key}.urls_env")}

    def _urls(self) -> list[str]:
        env = self.config.settings["urls_env"]
        urls = [u for u in SPLIT.split(os.environ.get(env, "")) if u]
        if not urls:
            raise DeliveryError(
                f"environment variable {env} (urls_env of {self.name!r}) holds no Apprise URL", permanent=True
            )
        return urls

    def send(self, content: AlertContent) -> None:
        try:
            import apprise
        except ImportError:
            raise DeliveryError(
                f"{self.name!r} needs Apprise: pip install 'policywatch[apprise]'", permanent=True
            ) from None
        notifier = apprise.Apprise()
        for i, url in enumerate(self._urls(), 1):
            plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
            if plugin is None:  # never echo the URL: it holds the secret
                raise DeliveryError(f"{self.name!r}: Apprise URL {i} is not one Apprise understands", permanent=True)
            host = getattr(plugin, "host", None)
            if host and self.context.guard:
                scheme = "https" if getattr(plugin, "secure", False) else "http"
                problem, _ = self.context.guard(f"{scheme}://{host}/")
                if problem:
                    raise DeliveryError(
                        f"{self.name!r}: Apprise URL {i}: {problem}", permanent="does not resolve" not in problem
                    )
            notifier.add(plugin)
        kind = {"material": apprise.NotifyType.FAILURE, "minor": apprise.NotifyType.WARNING}.get(
            content.level, apprise.NotifyType.INFO
        )
        sent = notifier.notify(
            title=one_line(f"{content.watch}: {content.headline}", 250),
            body=plain_text(content),
            notify_type=kind,
            body_format=apprise.NotifyFormat.TEXT,
        )
        if not sent:
            raise DeliveryError(f"{self.name!r}: Apprise could not deliver to every service (see its log)")
