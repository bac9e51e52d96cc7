"""The address guard: every request and every redirect hop, and every DNS answer."""

from __future__ import annotations

from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer

from scrapy.resolver import CachingThreadedResolver

from crawler.addresses import forbidden_address, host_ip, url_problem
from crawler.errors import RefusedRequest


class SSRFGuardMiddleware:
    """Refuses non-http(s) URLs and literal private addresses before anything is sent."""

    def __init__(self, allow_private: bool, allowed_networks: tuple[str, ...] = ()) -> None:
        self.allow_private = allow_private
        self.allowed_networks = allowed_networks

    @classmethod
    def from_crawler(cls, crawler):
        return cls(
            crawler.settings.getbool("POLICYWATCH_ALLOW_PRIVATE_NETWORKS"),
            tuple(crawler.settings.getlist("POLICYWATCH_ALLOW_NETWORKS")),
        )

    def process_request(self, request, spider=None):
        problem = url_problem(request.url, allow_private=self.allow_private, allowed_networks=self.allowed_networks)
        if problem:
            raise RefusedRequest(problem)
        return None


class ForbiddenAddressError(DNSLookupError):
    """A host name resolved to an address the guard refuses."""


@implementer(IResolverSimple)
class GuardedResolver(CachingThreadedResolver):
    """Checks the address actually connected to, so DNS names and rebinding cannot reach inside."""

    def __init__(self, reactor, *, allow_private: bool, allowed_networks: tuple[str, ...] = (), timeout: float) -> None:
        super().__init__(reactor, cache_size=10_000, timeout=timeout)
        self.allow_private = allow_private
        self.allowed_networks = allowed_networks

    def getHostByName(self, name, timeout=()):
        d = super().getHostByName(name, timeout)
        if not self.allow_private:
            d.addCallback(self._check, name)
        return d

    def _check(self, address: str, name: str) -> str:
        ip = host_ip(address)
        reason = forbidden_address(ip, self.allowed_networks) if ip is not None else None
        if reason:
            raise ForbiddenAddressError(
                f"refused: {name} resolves to {reason} (set crawler.allow_private_networks to allow)"
            )
        return address


def install_resolver(reactor, *, allow_private: bool, allowed_networks: tuple[str, ...], timeout: float) -> None:
    reactor.installResolver(
        GuardedResolver(reactor, allow_private=allow_private, allowed_networks=allowed_networks, timeout=timeout)
    )


__all__ = ["SSRFGuardMiddleware", "GuardedResolver", "ForbiddenAddressError", "install_resolver"]
