"""The spider: one request per watch, every response or failure handed to a callback."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

import scrapy

from policywatch.crawler.browser import describe_render_failure, render_failure_is_transient
from policywatch.crawler.failures import describe_failure, is_transient, too_large
from policywatch.monitor.fetch import CheckTarget, FetchResult

log = logging.getLogger(__name__)
HANDLED_STATUSES = [304, *range(400, 600)]
DROPPED_HEADERS = {"set-cookie"}

# A sink may return an awaitable (the page being read elsewhere): the response then stays with
# Scrapy's scraper until it is done, and Scrapy stops sending requests once SCRAPER_SLOT_MAX_ACTIVE_SIZE
# bytes of responses wait. Memory stays flat however many watches a pass has.
ResultSink = Callable[[CheckTarget, FetchResult], Awaitable[None] | None]


class PolicySpider(scrapy.Spider):
    name = "policywatch"

    def __init__(
        self,
        targets: Sequence[CheckTarget],
        sink: ResultSink,
        browser=None,
        browser_unavailable: str | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.browser_unavailable = browser_unavailable
        self.targets = targets
        self.sink = sink
        self.browser = browser  # a crawler.browser.BrowserSession when some targets render in a browser

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        crawler.signals.connect(spider.count_bytes, signal=scrapy.signals.bytes_received)
        return spider

    def count_bytes(self, data: bytes, request, spider) -> None:
        """So that a download cut off at the size limit can say so (Scrapy only cancels it)."""
        request.meta["pw_bytes"] = request.meta.get("pw_bytes", 0) + len(data)

    async def start(self):
        for target in self.targets:
            try:
                request = None if target.render == "browser" and self.browser_unavailable else self._request(target)
                error = self.browser_unavailable
            except Exception as exc:  # one unusable URL fails its own watch, never the start list
                request, error = None, f"the request could not be built: {exc}"
            if request is None:
                meta = {"pw_target": target, "pw_started_at": datetime.now(UTC), "pw_started": time.monotonic()}
                await self._deliver(
                    meta, FetchResult(url=target.url, started_at=meta["pw_started_at"], duration_ms=0, error=error)
                )
                continue
            yield request

    def _request(self, target: CheckTarget) -> scrapy.Request:
        rendered = target.render == "browser" and self.browser is not None
        meta = {
            "pw_target": target,
            "pw_started_at": datetime.now(UTC),
            "pw_started": time.monotonic(),
            # a browser sends no validators: a 304 would leave it nothing to render
            "pw_validators": (None, None) if rendered else (target.etag, target.last_modified),
            "handle_httpstatus_list": HANDLED_STATUSES,
        }
        if rendered:
            meta.update(self.browser.meta(target.wait_for))
        return scrapy.Request(
            target.url, callback=self.on_response, errback=self.on_failure, dont_filter=True, meta=meta
        )

    async def on_response(self, response):
        meta = response.meta
        problem = self._rendering_problem(meta, response) if meta.get("pw_page_guard") else None
        if problem:
            await self._deliver(meta, _result(meta, final_url=response.url, error=problem))
            return
        await self._deliver(
            meta,
            _result(
                meta,
                status=response.status,
                final_url=response.url,
                headers=_headers(response.headers),
                body=response.body,
                redirects=tuple(meta.get("redirect_urls", ())),
            ),
        )

    def _rendering_problem(self, meta: dict, response) -> str | None:
        """What the browser blocked is named; a refused navigation or an oversized DOM fails the check."""
        guard = meta["pw_page_guard"]
        for url, why in guard.blocked:
            log.warning("%s: the browser blocked %s (%s)", meta["pw_target"].name, url, why)
        if guard.navigation_refused:
            return f"refused: {guard.navigation_refused}"
        if len(response.body) > self.max_size:
            return too_large(self.max_size, " once rendered")
        return None

    async def on_failure(self, failure):
        meta = failure.request.meta
        rendered = describe_render_failure(failure.value, meta)
        await self._deliver(
            meta,
            _result(
                meta,
                redirects=tuple(meta.get("redirect_urls", ())),
                error=rendered or describe_failure(failure, self.max_size),
                transient=render_failure_is_transient(failure.value)
                if rendered
                else is_transient(failure.value, failure.request.url),
            ),
        )

    async def _deliver(self, meta: dict, result: FetchResult) -> None:
        try:
            pending = self.sink(meta["pw_target"], result)
            if pending is not None:
                await pending
        except Exception:  # one watch's trouble must not stop the pass
            log.exception("handling the result for %s failed", meta["pw_target"].name)


def _result(meta: dict, **fields) -> FetchResult:
    return FetchResult(
        url=meta["pw_target"].url, started_at=meta["pw_started_at"], duration_ms=_duration_ms(meta), **fields
    )


def _duration_ms(meta: dict) -> int:
    latency = meta.get("download_latency")
    seconds = latency if latency is not None else time.monotonic() - meta["pw_started"]
    return int(seconds * 1000)


def _headers(headers) -> dict[str, str]:
    out = {}
    for key, values in headers.items():
        name = key.decode("latin-1").lower()
        if name not in DROPPED_HEADERS:
            out[name] = b", ".join(values).decode("latin-1")
    return out
