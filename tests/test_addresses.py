from __future__ import annotations

import ipaddress

import pytest

from crawler.addresses import forbidden_address, host_ip, url_problem


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost.127.0.0.1.nip/".replace(".nip", "") if False else "http://127.1/",
    "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://10.0.0.5/", "http://192.168.1.1/",
    "http://172.16.3.4/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://[::1]/",
    "http://[::ffff:127.0.0.1]/", "http://[fd00::1]/", "http://0.0.0.0/", "http://[fe80::1]/",
])
def test_private_and_special_addresses_are_refused(url):
    problem = url_problem(url, allow_private=False)
    assert problem and problem.startswith("refused: "), url
    assert url_problem(url, allow_private=True) is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "gopher://x/", "javascript:alert(1)", "http://"])
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
