"""Address ranges no watch or webhook may reach unless allowed: an explicit, versioned table.

Taken from IANA's IPv4 and IPv6 Special-Purpose Address Registries and the multicast and reserved
blocks of the address-space registries (checked against the registries of 2025-10). For IPv6,
only global unicast (2000::/3) is reachable at all, minus the special blocks inside it. Addresses
that embed an IPv4 address (IPv4-mapped, 6to4, Teredo, NAT64) are judged by it as well.
"""

from __future__ import annotations

import ipaddress

RANGES_VERSION = "iana-special-purpose-2025-10"

IPv4 = ipaddress.IPv4Network
IPv6 = ipaddress.IPv6Network

# (network, what it is) — the sentence reads "<address> is <what it is>"
IPV4_SPECIAL: tuple[tuple[IPv4, str], ...] = tuple(
    (IPv4(net), what)
    for net, what in (
        ("0.0.0.0/8", "a 'this network' address"),
        ("10.0.0.0/8", "a private-network address"),
        ("100.64.0.0/10", "a carrier-grade NAT address"),
        ("127.0.0.0/8", "a loopback address"),
        ("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
        ("172.16.0.0/12", "a private-network address"),
        ("192.0.0.0/24", "an IETF protocol address"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.88.99.0/24", "a 6to4 relay anycast address"),
        ("192.168.0.0/16", "a private-network address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
        ("255.255.255.255/32", "the broadcast address"),
    )
)

GLOBAL_UNICAST = IPv6("2000::/3")
IPV6_SPECIAL: tuple[tuple[IPv6, str], ...] = tuple(
    (IPv6(net), what)
    for net, what in (
        ("::1/128", "a loopback address"),
        ("::/128", "the unspecified address"),
        ("100::/64", "a discard-only address"),
        ("100:0:0:1::/64", "a dummy-prefix address"),
        ("fc00::/7", "a unique-local address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address"),
        ("ff00::/8", "a multicast address"),
        ("2001:db8::/32", "a documentation address"),
        ("3fff::/20", "a documentation address"),
        ("2001:2::/48", "a benchmarking address"),
        ("2001:10::/28", "a deprecated ORCHID address"),
        ("5f00::/16", "a segment-routing address"),
        ("64:ff9b:1::/48", "a local-use NAT64 address"),
    )
)
# IETF protocol assignments (2001::/23) other than Teredo: anycast services, not web servers
IETF_PROTOCOL = IPv6("2001::/23")
TEREDO = IPv6("2001::/32")
SIX_TO_FOUR = IPv6("2002::/16")
NAT64 = IPv6("64:ff9b::/96")
MAPPED = IPv6("::ffff:0:0/96")
COMPATIBLE = IPv6("::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, str] | None:
    """The IPv4 address an IPv6 one carries, with how it carries it."""
    value = int(ip)
    if ip in MAPPED:
        return ipaddress.IPv4Address(value & 0xFFFFFFFF), "is IPv4-mapped:"
    if ip in NAT64:
        return ipaddress.IPv4Address(value & 0xFFFFFFFF), "is a NAT64 address for"
    if ip in SIX_TO_FOUR:
        return ipaddress.IPv4Address((value >> 80) & 0xFFFFFFFF), "is a 6to4 address for"
    if ip in TEREDO:  # the client's address is stored inverted in the last 32 bits
        return ipaddress.IPv4Address((value & 0xFFFFFFFF) ^ 0xFFFFFFFF), "is a Teredo address for"
    if ip in COMPATIBLE and value > 1:
        return ipaddress.IPv4Address(value & 0xFFFFFFFF), "is IPv4-compatible:"
    return None


def special_range(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address | None, str] | None:
    """None for an ordinary public address; else (embedded IPv4 or None, what the address is).

    An embedded IPv4 address that is itself special makes the whole address refused; a mapped,
    6to4, Teredo or IPv4-compatible address is refused even around a public IPv4 (none is globally
    reachable in IANA's registry), a NAT64 one around a public IPv4 is not."""
    if isinstance(ip, ipaddress.IPv4Address):
        for net, what in IPV4_SPECIAL:
            if ip in net:
                return None, what
        return None
    carried = embedded_ipv4(ip)
    if carried is not None:
        inner, how = carried
        inner_special = special_range(inner)
        if inner_special is not None or ip not in NAT64:
            return inner, how
        return None
    for net, what in IPV6_SPECIAL:
        if ip in net:
            return None, what
    if ip in IETF_PROTOCOL:
        return None, "an IETF protocol address"
    if ip not in GLOBAL_UNICAST:
        return None, "not a global unicast address"
    return None
