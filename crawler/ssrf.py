"""The address guard: every request and redirect hop by URL, and every address a name resolves to."""

from __future__ import annotations

import asyncio
import ipaddress
from functools import partial

from twisted.internet._resolver import GAIResolver
from twisted.internet.interfaces import IHostnameResolver, IResolutionReceiver
from zope.interface import implementer

from policywatch.crawler.addresses import forbidden_address, resolve_guarded, url_problem
from policywatch.crawler.errors import RefusedRequest

# host name -> why its addresses were refused; read when the failed download is described
REFUSED_HOSTS: dict[str, str] = {}


class SSRFGuardMiddleware:
    """Refuses non-http(s) URLs and literal private addresses before anything is sent. With a
    proxy configured, the proxy would resolve the name out of our resolver's sight: the name is
    resolved and judged here first, and only then does the request go to the proxy."""

    def __init__(self, allow_private: bool, allowed_networks: tuple[str, ...] = (), proxy: str | None = None) -> None:
        self.allow_private = allow_private
        self.allowed_networks = allowed_networks
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler):
        return cls(
            crawler.settings.getbool("POLICYWATCH_ALLOW_PRIVATE_NETWORKS"),
            tuple(crawler.settings.getlist("POLICYWATCH_ALLOW_NETWORKS")),
            crawler.settings.get("POLICYWATCH_PROXY"),
        )

    async def process_request(self, request, spider=None):
        problem = url_problem(request.url, allow_private=self.allow_private, allowed_networks=self.allowed_networks)
        if problem:
            raise RefusedRequest(problem)
        if self.proxy:
            if not self.allow_private:
                problem, _ = await asyncio.get_running_loop().run_in_executor(
                    None,
                    partial(resolve_guarded, request.url, allow_private=False, allowed_networks=self.allowed_networks),
                )
                if problem:
                    raise RefusedRequest(problem)
            request.meta["proxy"] = self.proxy
        return None


@implementer(IHostnameResolver)
class GuardedNameResolver:
    """Drops forbidden addresses from every resolution, so a name (or a rebinding DNS) cannot
    lead a connection inside; the connection only ever sees the addresses that passed."""

    def __init__(
        self, reactor, *, allow_private: bool, allowed_networks: tuple[str, ...], trusted_hosts: tuple[str, ...] = ()
    ) -> None:
        self.inner = GAIResolver(reactor)
        self.allow_private = allow_private
        self.allowed_networks = allowed_networks
        self.trusted_hosts = {h.lower() for h in trusted_hosts}  # the configured proxy, chosen by the operator

    def resolveHostName(self, receiver, hostName, portNumber=0, addressTypes=None, transportSemantics="TCP"):
        return self.inner.resolveHostName(
            _Filter(self, receiver, hostName), hostName, portNumber, addressTypes, transportSemantics
        )

    def reason(self, host: str, address: str) -> str | None:
        if self.allow_private or host.lower() in self.trusted_hosts:
            return None
        try:
            ip = ipaddress.ip_address(address.split("%")[0])
        except ValueError:
            return None
        found = forbidden_address(ip, self.allowed_networks)
        if found:
            return f"refused: {host} resolves to {found} (set crawler.allow_private_networks to allow)"
        return None


@implementer(IResolutionReceiver)
class _Filter:
    def __init__(self, guard: GuardedNameResolver, receiver, host: str) -> None:
        self.guard, self.receiver, self.host = guard, receiver, host

    def resolutionBegan(self, resolution) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address) -> None:
        reason = self.guard.reason(self.host, address.host)
        if reason:
            REFUSED_HOSTS[self.host] = reason
            return
        self.receiver.addressResolved(address)

    def resolutionComplete(self) -> None:
        self.receiver.resolutionComplete()


def install_resolver(
    reactor, *, allow_private: bool, allowed_networks: tuple[str, ...], trusted_hosts: tuple[str, ...] = ()
) -> None:
    reactor.installNameResolver(
        GuardedNameResolver(
            reactor, allow_private=allow_private, allowed_networks=allowed_networks, trusted_hosts=trusted_hosts
        )
    )
