"""robots.txt per RFC 9309, with every request waiting for its host's rules.

Scrapy's own middleware let requests through while robots.txt was still downloading; here the
first request for a host creates a shared future that all later requests await. Rules are kept for
a day across passes of one process (RFC 9309 §2.4), and a host's ``Crawl-delay`` spaces our
requests to it, across passes too.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego
from scrapy import Request
from scrapy.http.request import NO_CALLBACK

from policywatch.crawler.errors import RefusedRequest
from policywatch.crawler.failures import describe_exception, refusal

log = logging.getLogger(__name__)
ALLOW_ALL = Protego.parse("")
DISALLOW_ALL = Protego.parse("User-agent: *\nDisallow: /")
ROBOTS_PRIORITY = 1000
CACHE_SECONDS = 24 * 3600  # RFC 9309: a crawler should not use cached rules for more than 24 hours
FAILURE_CACHE_SECONDS = 300  # an unreachable robots.txt is asked again sooner
MAX_CRAWL_DELAY = 60.0  # seconds; larger values are capped (and logged) so a pass still ends


@dataclass
class HostRules:
    rules: Protego
    reason: str | None
    expires: float
    last_seen: float = 0.0  # monotonic time of our last response from this origin, for Crawl-delay
    body: str | None = None  # the robots.txt the rules were read from, kept across runs (None: not kept)
    fetched_at: float = 0.0  # wall-clock time it was fetched


class RobotsCache:
    """Rules per origin, shared by every crawl in this process."""

    def __init__(self) -> None:
        self.hosts: dict[str, HostRules] = {}

    def get(self, origin: str) -> HostRules | None:
        entry = self.hosts.get(origin)
        if entry is not None and entry.expires <= time.monotonic():
            del self.hosts[origin]
            return None
        return entry

    def put(
        self, origin: str, rules: Protego, reason: str | None, body: str | None = None, fetched_at: float | None = None
    ) -> HostRules:
        """``body``: the file the rules came from, so a later run may reuse them; ``fetched_at``
        (wall clock) when that was read, for rules kept by an earlier run (default: now)."""
        fetched_at = time.time() if fetched_at is None else fetched_at
        ttl = (CACHE_SECONDS if reason is None else FAILURE_CACHE_SECONDS) - max(0.0, time.time() - fetched_at)
        entry = self.hosts.get(origin)
        if entry is None:
            entry = HostRules(rules, reason, time.monotonic() + ttl)
            self.hosts[origin] = entry
        else:  # a refreshed host keeps its politeness clock
            entry.rules, entry.reason, entry.expires = rules, reason, time.monotonic() + ttl
        entry.body, entry.fetched_at = (body if reason is None else None), fetched_at
        return entry

    def clear(self) -> None:
        self.hosts.clear()


CACHE = RobotsCache()


class RobotsMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("POLICYWATCH_OBEY_ROBOTS", True)
        self.user_agent = crawler.settings.get("USER_AGENT")
        self.cache = CACHE
        self._pending: dict[str, asyncio.Future] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        if not self.enabled or request.meta.get("dont_obey_robotstxt"):
            return None
        parts = urlsplit(request.url)
        origin = f"{parts.scheme}://{parts.netloc}"
        host = await self._host_rules(origin)
        if not host.rules.can_fetch(request.url, self.user_agent):
            raise RefusedRequest(host.reason or f"disallowed by robots.txt for {parts.path or '/'}")
        delay = self._crawl_delay(host, origin)
        if delay:
            # Scrapy's own slot delay spaces the requests; the last response of an earlier pass counts too
            _, slot = self.crawler.engine.downloader._get_slot(request)
            if slot.delay < delay:
                slot.delay, slot.jitter, slot.concurrency = delay, 0.0, 1
            slot.lastseen = max(slot.lastseen, host.last_seen)
        return None

    def process_response(self, request, response, spider=None):
        self._seen(request)
        return response

    def process_exception(self, request, exception, spider=None):
        self._seen(request)
        return None

    def _seen(self, request) -> None:
        if self.enabled:
            parts = urlsplit(request.url)
            host = self.cache.hosts.get(f"{parts.scheme}://{parts.netloc}")
            if host is not None:
                host.last_seen = time.monotonic()

    async def _host_rules(self, origin: str) -> HostRules:
        cached = self.cache.get(origin)
        if cached is not None:
            return cached
        future = self._pending.get(origin)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._pending[origin] = future
            entry = HostRules(
                DISALLOW_ALL, "robots.txt fetch was cancelled", 0.0
            )  # waiting requests are refused, not let through
            try:
                rules, reason, body = await self._fetch(origin)
                entry = self.cache.put(origin, rules, reason, body)
            finally:
                del self._pending[origin]
                future.set_result(entry)
        return await asyncio.shield(future)

    def _crawl_delay(self, host: HostRules, origin: str) -> float:
        try:
            delay = float(host.rules.crawl_delay(self.user_agent) or 0)
        except (TypeError, ValueError):
            return 0.0
        if delay > MAX_CRAWL_DELAY:
            log.info("Crawl-delay %.0f s for %s capped at %.0f s", delay, origin, MAX_CRAWL_DELAY)
            return MAX_CRAWL_DELAY
        return max(delay, 0.0)

    async def _fetch(self, origin: str) -> tuple[Protego, str | None, str | None]:
        """(rules, why the host is refused or None, the file the rules can be read again from)."""
        request = Request(
            f"{origin}/robots.txt",
            priority=ROBOTS_PRIORITY,
            meta={"dont_obey_robotstxt": True, "handle_httpstatus_list": list(range(400, 600))},
            callback=NO_CALLBACK,
            dont_filter=True,
        )
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # unreachable robots.txt: RFC 9309 says assume complete disallow
            refused = refusal(exc, request.url)
            log.info("robots.txt for %s unreachable: %s", origin, exc)
            return (
                DISALLOW_ALL,
                refused
                or f"{describe_exception(exc, request.url)} (while fetching robots.txt, so the page was not requested)",
                None,
            )
        if 200 <= response.status < 300:
            text = response.body.decode("utf-8", "replace")
            try:
                return Protego.parse(text), None, text
            except Exception as exc:  # a broken file must not stop the crawl
                log.info("robots.txt for %s unparseable: %s", origin, exc)
                return ALLOW_ALL, None, ""
        if 400 <= response.status < 500:
            return ALLOW_ALL, None, ""
        return (
            DISALLOW_ALL,
            f"robots.txt answered HTTP {response.status}, so the page was not requested "
            "(a server error there means: stay away for now)",
            None,
        )
