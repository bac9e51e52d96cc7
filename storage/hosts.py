"""Hosts: the politeness key of a URL (requests to one key share one limit, whichever worker sends
them), and what a host name or literal address names. Pure functions, used by every layer above."""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}$", re.IGNORECASE)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def host_key(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return f"{parts.hostname.lower()}{'' if port in (None, default) else f':{port}'}"


def host_ip(host: str) -> IPAddress | None:
    """The address a host names literally, including legacy spellings like 2130706433 or 0x7f.1."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` names this machine (for settings that are safe only locally, like plain SMTP)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    ip = host_ip(host)
    return ip is not None and ip.is_loopback
