"""robots.txt per RFC 9309, with every request waiting for its host's rules.

Scrapy's own middleware let requests through while robots.txt was still downloading; here the
first request for a host creates a shared future that all later requests await.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from protego import Protego
from scrapy import Request
from scrapy.http.request import NO_CALLBACK

from crawler.errors import RefusedRequest
from crawler.failures import describe_exception, refusal

log = logging.getLogger(__name__)
ALLOW_ALL = Protego.parse("")
DISALLOW_ALL = Protego.parse("User-agent: *\nDisallow: /")
ROBOTS_PRIORITY = 1000


class RobotsMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("POLICYWATCH_OBEY_ROBOTS", True)
        self.user_agent = crawler.settings.get("USER_AGENT")
        self._rules: dict[str, asyncio.Future] = {}
        self._reasons: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        if not self.enabled or request.meta.get("dont_obey_robotstxt"):
            return None
        parts = urlsplit(request.url)
        origin = f"{parts.scheme}://{parts.netloc}"
        future = self._rules.get(origin)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._rules[origin] = future
            rules = DISALLOW_ALL  # if the fetch is cancelled, waiting requests are refused, not let through
            try:
                rules = await self._fetch(origin)
            finally:
                future.set_result(rules)
        rules: Protego = await asyncio.shield(future)
        if not rules.can_fetch(request.url, self.user_agent):
            reason = self._reasons.get(origin)
            raise RefusedRequest(reason if reason and reason.startswith("refused") else f"{reason or 'disallowed by robots.txt'} for {parts.path or '/'}")
        return None

    async def _fetch(self, origin: str) -> Protego:
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
            self._reasons[origin] = refused or (
                f"robots.txt could not be fetched ({describe_exception(exc, request.url)}): treated as disallowing"
            )
            log.info("robots.txt for %s unreachable: %s", origin, exc)
            return DISALLOW_ALL
        if 200 <= response.status < 300:
            try:
                return Protego.parse(response.body.decode("utf-8", "replace"))
            except Exception as exc:  # a broken file must not stop the crawl
                log.info("robots.txt for %s unparseable: %s", origin, exc)
                return ALLOW_ALL
        if 400 <= response.status < 500:
            return ALLOW_ALL
        self._reasons[origin] = f"robots.txt answered HTTP {response.status}: treated as disallowing"
        return DISALLOW_ALL
