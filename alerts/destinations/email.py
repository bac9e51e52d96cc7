"""Email through an SMTP server (STARTTLS, implicit TLS, or plain to a relay on this machine), with
sandboxed user templates. ``alerts.email`` is read by this kind's ``configure`` too."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from policywatch.alerts.content import AlertContent
from policywatch.alerts.destinations import DeliveryContext, Destination, DestinationConfig, register
from policywatch.alerts.email import EmailDestination
from policywatch.storage.hosts import is_loopback_host

EMAIL_SECURITY = ("starttls", "ssl", "none")
TEMPLATE_NAMES = ("subject", "text", "html")


def _address(value: str) -> bool:
    return "@" in value and not any(c in value for c in "\r\n,;<>")


@register
class EmailKind(Destination):
    kind = "email"
    keys = {
        "host": True,
        "port": False,
        "security": False,
        "username": False,
        "password_env": False,
        "from": True,
        "to": True,
        "ca_file": False,
        "templates": False,
    }
    secret_keys = ("password_env",)

    @classmethod
    def configure(cls, read, fields, key) -> dict[str, Any]:
        to = read.strings(fields["to"][1], f"{key}.to")
        for i, address in enumerate(to):
            if not _address(address):
                raise read.error(fields["to"][1], f"{key}.to[{i}]", f"not an email address: {address!r}")
        host = read.string(fields["host"][1], f"{key}.host")
        security = (
            read.string(fields["security"][1], f"{key}.security", choices=EMAIL_SECURITY)
            if "security" in fields
            else "starttls"
        )
        if security == "none" and not is_loopback_host(host):
            raise read.error(
                fields["security"][1],
                f"{key}.security",
                f"plain SMTP is for a relay on this machine only; {host!r} is remote: use starttls or ssl",
            )
        sender = read.string(fields["from"][1], f"{key}.from")
        if "@" not in sender or any(c in sender for c in "\r\n"):
            raise read.error(fields["from"][1], f"{key}.from", f"not an email address: {sender!r}")
        templates: dict[str, str] = {}
        if "templates" in fields:
            named = read.mapping(fields["templates"][1], f"{key}.templates", dict.fromkeys(TEMPLATE_NAMES, False))
            templates = {n: read.existing_file(v, f"{key}.templates.{n}") for n, (_, v) in named.items()}
        return {
            "host": host,
            "port": read.integer(fields["port"][1], f"{key}.port", minimum=1, maximum=65535)
            if "port" in fields
            else 587,
            "security": security,
            "username": read.string(fields["username"][1], f"{key}.username") if "username" in fields else None,
            "password_env": read.env_name(fields["password_env"][1], f"{key}.password_env")
            if "password_env" in fields
            else None,
            "sender": sender,
            "to": to,
            "ca_file": read.existing_file(fields["ca_file"][1], f"{key}.ca_file") if "ca_file" in fields else None,
            "templates": templates,
        }

    def __init__(self, config: DestinationConfig, context: DeliveryContext) -> None:
        super().__init__(config, context)
        self._mail = EmailDestination(SimpleNamespace(name=config.name, digest=config.digest, **config.settings))

    def send(self, content: AlertContent) -> None:
        self._mail.send(content)
