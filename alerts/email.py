"""Change emails over SMTP: STARTTLS, implicit TLS, or plain on a loopback host only."""

from __future__ import annotations

import os
import re
import smtplib
import socket
import ssl
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import formatdate

from policywatch.alerts import deadline as limits
from policywatch.alerts.content import AlertContent, header_key, one_line
from policywatch.alerts.deadline import Sockets, deadline
from policywatch.alerts.errors import DeliveryError
from policywatch.alerts.render import render_digest, render_email
from policywatch.storage.hosts import is_loopback_host

TIMEOUT = 30

HEADERS_POLICY = email_policy.default.clone(max_line_length=998)


class EmailDestination:
    def __init__(self, config) -> None:
        self.config = config
        self.name = config.name

    @property
    def digest(self):
        return self.config.digest

    def message(self, content: AlertContent) -> EmailMessage:
        """Headers are folded only past 998 characters (our subjects are at most 200), so no client
        shows a subject that starts on a folded line."""
        if content.kind == "digest":
            subject, text, html = render_digest(content)
        else:
            subject, text, html = render_email(content, self.config.templates)
        msg = EmailMessage(policy=HEADERS_POLICY)
        msg["Subject"] = one_line(subject, 200)
        msg["From"] = self.config.sender
        msg["To"] = ", ".join(self.config.to)
        msg["Date"] = formatdate(usegmt=True)
        msg["Message-ID"] = message_id(content)
        msg["X-Policywatch-Level"] = content.level
        msg.set_content(text)
        msg.add_alternative(html, subtype="html")
        return msg

    def send(self, content: AlertContent) -> None:
        cfg = self.config
        password = None
        if cfg.username:
            password = os.environ.get(cfg.password_env or "", "")
            if not password:
                raise DeliveryError(
                    f"environment variable {cfg.password_env} (alerts.email.password_env) is not set", permanent=True
                )
        if cfg.security == "none" and not is_loopback_host(cfg.host):
            raise DeliveryError(
                "refusing to send mail unencrypted to a remote host: plain SMTP is for a relay "
                "on this machine (set alerts.email.security to starttls or ssl)",
                permanent=True,
            )
        context = ssl.create_default_context(cafile=cfg.ca_file) if cfg.ca_file else ssl.create_default_context()
        with deadline() as sockets:
            try:
                self._exchange(cfg, context, password, content, sockets)
                if sockets.expired:
                    raise smtplib.SMTPServerDisconnected("the deadline closed the connection")
            except smtplib.SMTPAuthenticationError as exc:
                raise DeliveryError(f"SMTP login refused: {exc.smtp_code} {exc.smtp_error!r}", permanent=True) from exc
            except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
                if sockets.expired:
                    raise DeliveryError(
                        f"SMTP {cfg.host}:{cfg.port}: no complete exchange within "
                        f"{limits.DELIVERY_DEADLINE:.0f} s (the server is too slow)"
                    ) from exc
                raise DeliveryError(f"SMTP {cfg.host}:{cfg.port}: {exc.__class__.__name__}: {exc}") from exc

    def _exchange(self, cfg, context, password: str | None, content: AlertContent, sockets: Sockets) -> None:
        if cfg.security == "ssl":
            smtp = _Tracked(smtplib.SMTP_SSL, sockets)(cfg.host, cfg.port, timeout=TIMEOUT, context=context)
        else:
            smtp = _Tracked(smtplib.SMTP, sockets)(cfg.host, cfg.port, timeout=TIMEOUT)
        with smtp:
            smtp.ehlo()
            if cfg.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if cfg.username:
                smtp.login(cfg.username, password)
            smtp.send_message(self.message(content))


def _Tracked(base, sockets: Sockets):
    """``base`` (SMTP or SMTP_SSL) whose connections are handed to the delivery deadline."""

    class Tracked(base):
        def _get_socket(self, host, port, timeout):
            sock = super()._get_socket(host, port, timeout)
            sockets.add(sock)
            return sock

    return Tracked


def message_id(content: AlertContent) -> str:
    """The same on every retry of one alert (receivers de-duplicate by it), different across
    installations and database resets: the alert's creation time (microseconds) and this host."""
    stamp = int(content.created_at.timestamp() * 1_000_000)
    host = re.sub(r"[^A-Za-z0-9.-]", "-", socket.gethostname()) or "localhost"
    return f"<{header_key(content.key)}.{stamp:x}@{host}>"
