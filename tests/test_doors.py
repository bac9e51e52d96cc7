"""The doors the SSRF guard left open: environment proxies, a configured proxy, and webhook names
that resolve differently at check time and at connect time."""

from __future__ import annotations

import socket
from datetime import UTC

import pytest

from policywatch.alerts.content import AlertContent
from policywatch.alerts.errors import DeliveryError
from policywatch.alerts.webhooks import WebhookDestination
from policywatch.config import WebhookConfig
from policywatch.crawler.addresses import resolve_guarded
from policywatch.demo.site import LocalSite
from tests.conftest import ROBOTS_ALLOW, summary
from tests.hookkit import HookReceiver
from tests.proxykit import LoggingProxy


@pytest.fixture
def proxy():
    server = LoggingProxy()
    yield server
    server.close()


def test_environment_proxies_are_ignored_so_the_guard_sees_every_name(site, seeds, project, proxy, monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, proxy.url)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    site.html("/admin", seeds["ionect-privacy-policy"])
    project.crawler = {"retries": 0, "timeout": 5}  # the guard on
    project.write([{"name": "Admin", "url": site.url("/admin").replace("127.0.0.1", "localhost")}])
    result = project.run("check")
    assert result.returncode == 1
    assert "refused: localhost resolves to 127.0.0.1 is a loopback address" in result.stderr, result.stderr[-2000:]
    assert proxy.requests == [], "the environment's proxy was asked to fetch a guarded name"
    assert site.hits["/admin"] == 0
    assert project.query("SELECT count(*) FROM versions") == [(0,)]


def test_with_a_proxy_configured_a_guarded_name_is_refused_before_the_proxy_sees_it(site, seeds, project, proxy):
    site.html("/admin", seeds["ionect-privacy-policy"])
    project.crawler = {"retries": 0, "timeout": 5, "proxy": proxy.url}
    project.write([{"name": "Admin", "url": site.url("/admin").replace("127.0.0.1", "localhost")}])
    result = project.run("check")
    assert result.returncode == 1
    assert "refused: localhost resolves to 127.0.0.1 is a loopback address" in result.stderr, result.stderr[-2000:]
    assert proxy.requests == [] and site.hits["/admin"] == 0


def test_a_configured_proxy_carries_the_allowed_fetches(seeds, project, proxy):
    with LocalSite(host="127.0.0.2") as intranet:
        intranet.pages["/robots.txt"] = ROBOTS_ALLOW
        intranet.html("/p", seeds["ionect-privacy-policy"])
        project.crawler = {"allow_networks": ["127.0.0.2/32"], "retries": 0, "timeout": 5, "proxy": proxy.url}
        project.write([{"name": "Intranet", "url": intranet.url("/p")}])
        result = project.run("check")
    assert result.returncode == 0, result.stderr[-2000:]
    assert summary(result) == "1 checked, 1 new, 0 changed, 0 unchanged, 0 failed"
    assert f"GET {intranet.url('/p')}" in proxy.requests


def test_a_proxy_url_with_credentials_is_refused_at_load(project):
    project.crawler = {"proxy": "http://user:secret@127.0.0.1:3128/"}
    project.write([{"name": "A", "url": "http://127.0.0.1:9/"}])
    result = project.run("watches")
    assert result.returncode == 2 and "crawler.proxy" in result.stderr and "secret" not in result.stderr


# -- webhooks connect where the guard looked ----------------------------------------------------


def _content() -> AlertContent:
    from datetime import datetime

    return AlertContent(
        key="policywatch-1-v2-hook",
        kind="change",
        watch="W",
        url="https://w.example/",
        level="minor",
        subject="s",
        headline="h",
        created_at=datetime.now(UTC),
        old_version=1,
        new_version=2,
    )


class RebindingDNS:
    """Answers a public address for the first lookup of a name and 127.0.0.1 for every later one."""

    def __init__(self, public: str = "203.0.114.10") -> None:
        self.public = public
        self.lookups = 0
        self.real = socket.getaddrinfo

    def __call__(self, host, port, *args, **kwargs):
        if host != "rebind.test":
            return self.real(host, port, *args, **kwargs)
        self.lookups += 1
        address = self.public if self.lookups == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]


def test_a_webhook_name_that_rebinds_to_loopback_never_reaches_it(monkeypatch):
    hook = HookReceiver()
    dns = RebindingDNS()
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    port = hook.server.server_address[1]
    url = f"http://rebind.test:{port}/hook"
    destination = WebhookDestination(
        WebhookConfig(name="hook", url=url), guard=lambda u: resolve_guarded(u, allow_private=False, resolve=dns)
    )
    try:
        with pytest.raises(DeliveryError) as failed:
            destination.send(_content())
    finally:
        hook.close()
    assert hook.posts == [], "the post went to the address of a second lookup"
    assert dns.lookups == 1, "the name was resolved again after the guard"
    assert "203.0.114.10" in str(failed.value) or "POST hook" in str(failed.value)


def test_a_webhook_connects_to_the_guarded_address_and_keeps_its_host_name(monkeypatch):
    """The pinned connection still sends the URL's name as Host (virtual hosts and TLS need it)."""
    hook = HookReceiver()
    dns = RebindingDNS(public="127.0.0.1")
    port = hook.server.server_address[1]
    destination = WebhookDestination(
        WebhookConfig(name="hook", url=f"http://rebind.test:{port}/hook"),
        guard=lambda u: resolve_guarded(u, allow_private=True, resolve=dns),
    )
    try:
        destination.send(_content())
    finally:
        hook.close()
    [(headers, _, status)] = hook.posts
    assert status == 200 and headers["Host"] == f"rebind.test:{port}"


def test_a_webhook_name_that_does_not_resolve_is_named_and_retried():
    def nowhere(host, port, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    destination = WebhookDestination(
        WebhookConfig(name="hook", url="https://hooks.invalid/x"),
        guard=lambda u: resolve_guarded(u, allow_private=False, resolve=nowhere),
    )
    with pytest.raises(DeliveryError) as failed:
        destination.send(_content())
    assert "hooks.invalid does not resolve" in str(failed.value) and not failed.value.permanent


def test_webhooks_ignore_environment_proxies(monkeypatch, proxy):
    monkeypatch.setenv("http_proxy", proxy.url)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    hook = HookReceiver()
    try:
        WebhookDestination(
            WebhookConfig(name="hook", url=hook.url), guard=lambda u: resolve_guarded(u, allow_private=True)
        ).send(_content())
    finally:
        hook.close()
    assert len(hook.posts) == 1 and proxy.requests == []
