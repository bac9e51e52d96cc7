"""Which URLs and addresses a watch (or webhook) may reach. Pure functions, no Scrapy."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from policywatch.storage.hosts import IPAddress, host_ip, is_loopback_host  # noqa: F401  (used here, and re-exported)

ALLOWED_SCHEMES = ("http", "https")


def forbidden_address(ip: IPAddress, allowed_networks: tuple[str, ...] = ()) -> str | None:
    """Why fetching from ``ip`` is refused when private networks are not allowed, or None.

    Judged by the explicit table in :mod:`crawler.ranges` (IANA's special-purpose registries), not
    by ``ipaddress`` flags, whose answers changed between Python releases; an IPv6 address that
    carries an IPv4 one (mapped, 6to4, Teredo, NAT64) is judged by that IPv4 address too."""
    from policywatch.crawler.ranges import special_range

    plain = ip.ipv4_mapped or ip if isinstance(ip, ipaddress.IPv6Address) else ip
    if any(plain in ipaddress.ip_network(net, strict=False) for net in allowed_networks):
        return None
    found = special_range(ip)
    if found is None:
        return None
    embedded, reason = found
    if embedded is None:
        return f"{ip} is {reason}"
    inner = forbidden_address(embedded, allowed_networks)
    if reason == "is a NAT64 address for" and inner is None:
        return None
    if reason == "is IPv4-mapped:":
        return inner or f"{ip} is an IPv4-mapped address (write {embedded} itself)"
    return f"{ip} {reason} {inner}" if inner else f"{ip} {reason} {embedded} (a tunnel the guard cannot see through)"


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
    problem = _syntax_problem(parts)
    if problem:
        return problem
    if allow_private:
        return None
    ip = host_ip(parts.hostname)
    if ip is not None:
        reason = forbidden_address(ip, allowed_networks)
        if reason:
            return f"refused: {reason} (set crawler.allow_private_networks to allow)"
    return None


def _syntax_problem(parts) -> str | None:
    """What makes a URL impossible to request: caught at config load, never mid-pass."""
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        return "invalid port: a port is a number from 1 to 65535"
    host = parts.hostname
    if "[" in parts.netloc or ":" in host:
        try:
            ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            return f"invalid IPv6 address {host!r}"
        return None
    if any(c.isspace() or c in '<>"{}|\\^`%' for c in host):
        return f"invalid host name {host!r}"
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as exc:
        return f"invalid host name {host!r}: {exc}"
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or any(not label or len(label) > 63 for label in labels):
        return f"invalid host name {host!r}: each dot-separated part must hold 1 to 63 characters"
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", ascii_host):
        return f"invalid host name {host!r}"
    return None


def resolved_problem(url: str, *, allow_private: bool, allowed_networks: tuple[str, ...] = ()) -> str | None:
    """``url_problem``, plus the addresses the host name resolves to now."""
    return resolve_guarded(url, allow_private=allow_private, allowed_networks=allowed_networks)[0]


Resolve = Callable[..., list]


def resolve_guarded(
    url: str, *, allow_private: bool, allowed_networks: tuple[str, ...] = (), resolve: Resolve = socket.getaddrinfo
) -> tuple[str | None, str | None]:
    """(why ``url`` may not be reached, the one address to connect to) for clients without our
    Twisted resolver, such as webhook posts: they connect to that address and never resolve the
    name again, so a rebinding DNS has no second answer to give. Every address the name has must
    pass; a name that does not resolve is a problem, named."""
    problem = url_problem(url, allow_private=allow_private, allowed_networks=allowed_networks)
    if problem:
        return problem, None
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = host_ip(host)
    if literal is not None:
        return None, str(literal)
    try:
        infos = resolve(host, parts.port or (443 if parts.scheme == "https" else 80), proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        return f"{host} does not resolve: {exc}", None
    addresses = [info[4][0].split("%")[0] for info in infos]
    if not addresses:
        return f"{host} does not resolve to any address", None
    if not allow_private:
        for address in addresses:
            reason = forbidden_address(ipaddress.ip_address(address), allowed_networks)
            if reason:
                return f"refused: {host} resolves to {reason} (set crawler.allow_private_networks to allow)", None
    return None, addresses[0]
