"""Which URLs and addresses a watch (or webhook) may reach. Pure functions, no Scrapy."""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}$", re.IGNORECASE)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


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


def forbidden_address(ip: IPAddress, allowed_networks: tuple[str, ...] = ()) -> str | None:
    """Why fetching from ``ip`` is refused when private networks are not allowed, or None."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in ipaddress.ip_network(net, strict=False) for net in allowed_networks):
        return None
    if ip.is_loopback:
        return f"{ip} is a loopback address"
    if ip.is_link_local:
        return f"{ip} is a link-local address (cloud metadata lives here)"
    if ip in ipaddress.ip_network("100.64.0.0/10"):
        return f"{ip} is a carrier-grade NAT address"
    if ip.is_private:
        return f"{ip} is a private-network address"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return f"{ip} is not a public address"
    return None


def url_problem(url: str, *, allow_private: bool, allowed_networks: tuple[str, ...] = ()) -> str | None:
    """Why ``url`` may not be fetched, judged from the URL alone (names are checked when resolved)."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"invalid URL: {exc}"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return f"only http and https URLs are fetched, not {parts.scheme or 'a URL without scheme'!r}"
    if not parts.hostname:
        return "the URL has no host"
    if allow_private:
        return None
    ip = host_ip(parts.hostname)
    if ip is not None:
        reason = forbidden_address(ip, allowed_networks)
        if reason:
            return f"refused: {reason} (set crawler.allow_private_networks to allow)"
    return None


def resolved_problem(url: str, *, allow_private: bool, allowed_networks: tuple[str, ...] = ()) -> str | None:
    """``url_problem``, plus the addresses the host name resolves to now (for clients without our
    resolver, such as webhook posts). A name that does not resolve is left to the client to report."""
    problem = url_problem(url, allow_private=allow_private, allowed_networks=allowed_networks)
    if problem or allow_private:
        return problem
    parts = urlsplit(url)
    if host_ip(parts.hostname or "") is not None:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return None
    for info in infos:
        reason = forbidden_address(ipaddress.ip_address(info[4][0].split("%")[0]), allowed_networks)
        if reason:
            return f"refused: {parts.hostname} resolves to {reason} (set crawler.allow_private_networks to allow)"
    return None
