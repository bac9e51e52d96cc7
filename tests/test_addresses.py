from __future__ import annotations

import ipaddress

import pytest

from policywatch.crawler.addresses import forbidden_address, host_ip, url_problem


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost.127.0.0.1.nip/".replace(".nip", "") if False else "http://127.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://172.16.3.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
        "http://[fe80::1]/",
    ],
)
def test_private_and_special_addresses_are_refused(url):
    problem = url_problem(url, allow_private=False)
    assert problem and problem.startswith("refused: "), url
    assert url_problem(url, allow_private=True) is None


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/", "gopher://x/", "javascript:alert(1)", "http://"]
)
def test_only_http_and_https(url):
    assert url_problem(url, allow_private=True)


def test_public_addresses_and_names_pass_the_url_check():
    assert url_problem("https://93.184.215.14/privacy", allow_private=False) is None
    assert url_problem("https://example.org/privacy", allow_private=False) is None  # names are checked when resolved


def test_allowed_networks_open_one_range_only():
    assert forbidden_address(ipaddress.ip_address("10.1.2.3"), ("10.1.2.0/24",)) is None
    assert forbidden_address(ipaddress.ip_address("10.1.3.3"), ("10.1.2.0/24",))


def test_host_ip_spellings():
    assert str(host_ip("2130706433")) == "127.0.0.1"
    assert str(host_ip("0x7f.1")) == "127.0.0.1"
    assert host_ip("example.org") is None


# IANA IPv4 and IPv6 Special-Purpose Address Registries (2025): blocks not globally reachable, plus
# multicast and reserved space. Written out here, apart from crawler/ranges.py, so a slip in either
# shows up.
NOT_GLOBAL = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/29",
    "192.0.0.8/32",
    "192.0.0.170/32",
    "192.0.0.171/32",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "240.0.0.0/4",
    "255.255.255.255/32",
    "224.0.0.0/4",
    "::1/128",
    "::/128",
    "::ffff:0:0/96",
    "64:ff9b:1::/48",
    "100::/64",
    "100:0:0:1::/64",
    "2001::/23",
    "2001:2::/48",
    "2001:db8::/32",
    "3fff::/20",
    "5f00::/16",
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "ff00::/8",
]
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "151.101.1.69",
    "2606:4700:4700::1111",
    "2a00:1450:4001:82b::200e",
    "64:ff9b::808:808",
]
EMBEDDING = {  # 127.0.0.1 and 169.254.169.254 carried inside IPv6
    "6to4": ["2002:7f00:1::1", "2002:a9fe:a9fe::"],
    "Teredo": ["2001:0:4136:e378:8000:63bf:80ff:fffe", "2001:0:4136:e378:8000:63bf:5601:5601"],
    "NAT64": ["64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe"],
    "mapped": ["::ffff:127.0.0.1", "::ffff:169.254.169.254"],
    "compatible": ["::127.0.0.1", "::169.254.169.254"],
}


def _edges(block: str):
    net = ipaddress.ip_network(block)
    return [net.network_address, net.broadcast_address, net.network_address + (net.num_addresses // 2)]


@pytest.fixture
def no_ipaddress_flags(monkeypatch):
    """The guard must answer from its table: the flags changed between Python releases."""

    def refuse(self):
        raise AssertionError("the address guard consulted an ipaddress flag")

    for cls in (ipaddress.IPv4Address, ipaddress.IPv6Address):
        for flag in (
            "is_private",
            "is_global",
            "is_reserved",
            "is_loopback",
            "is_link_local",
            "is_multicast",
            "is_unspecified",
            "is_site_local",
        ):
            if hasattr(cls, flag):
                monkeypatch.setattr(cls, flag, property(refuse))


@pytest.mark.parametrize("block", NOT_GLOBAL)
def test_every_special_purpose_block_is_refused(block, no_ipaddress_flags):
    for ip in _edges(block):
        assert forbidden_address(ip), f"{ip} (in {block}) passed the guard"


@pytest.mark.parametrize("address", PUBLIC)
def test_public_controls_pass(address, no_ipaddress_flags):
    assert forbidden_address(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("kind", list(EMBEDDING))
def test_ipv6_carrying_loopback_or_metadata_is_refused(kind, no_ipaddress_flags):
    for address in EMBEDDING[kind]:
        reason = forbidden_address(ipaddress.ip_address(address))
        assert reason and ("loopback" in reason or "link-local" in reason), (address, reason)


def test_the_range_table_names_its_version():
    from policywatch.crawler.ranges import RANGES_VERSION

    assert RANGES_VERSION.startswith("iana-special-purpose-")
