"""The spider: one request per watch, every response or failure handed to a callback."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timezone

import scrapy

from crawler.failures import describe_failure
from monitor.fetch import CheckTarget, FetchResult

log = logging.getLogger(__name__)
HANDLED_STATUSES = [304, *range(400, 600)]
DROPPED_HEADERS = {"set-cookie"}

# A sink may return an awaitable (the page being read elsewhere): the response then stays with
# Scrapy's scraper until it is done, and Scrapy stops sending requests once SCRAPER_SLOT_MAX_ACTIVE_SIZE
# bytes of responses wait. Memory stays flat however many watches a pass has.
ResultSink = Callable[[CheckTarget, FetchResult], Awaitable[None] | None]


class PolicySpider(scrapy.Spider):
    name = "policywatch"

    def __init__(self, targets: Sequence[CheckTarget], sink: ResultSink, **kwargs) -> None:
        super().__init__(**kwargs)
        self.targets = targets
        self.sink = sink

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
                request = self._request(target)
            except Exception as exc:  # one unusable URL fails its own watch, never the start list
                meta = {"pw_target": target, "pw_started_at": datetime.now(timezone.utc), "pw_started": time.monotonic()}
                await self._deliver(meta, FetchResult(url=target.url, started_at=meta["pw_started_at"], duration_ms=0,
                                                      error=f"the request could not be built: {exc}"))
                continue
            yield request

    def _request(self, target: CheckTarget) -> scrapy.Request:
        return scrapy.Request(
            target.url,
            callback=self.on_response,
            errback=self.on_failure,
            dont_filter=True,
            meta={
                "pw_target": target,
                "pw_started_at": datetime.now(timezone.utc),
                "pw_started": time.monotonic(),
                "pw_validators": (target.etag, target.last_modified),
                "handle_httpstatus_list": HANDLED_STATUSES,
            },
        )

    async def on_response(self, response):
        meta = response.meta
        await self._deliver(
            meta,
            FetchResult(
                url=meta["pw_target"].url,
                started_at=meta["pw_started_at"],
                duration_ms=_duration_ms(meta),
                status=response.status,
                final_url=response.url,
                headers=_headers(response.headers),
                body=response.body,
                redirects=tuple(meta.get("redirect_urls", ())),
            ),
        )

    async def on_failure(self, failure):
        meta = failure.request.meta
        await self._deliver(
            meta,
            FetchResult(
                url=meta["pw_target"].url,
                started_at=meta["pw_started_at"],
                duration_ms=_duration_ms(meta),
                redirects=tuple(meta.get("redirect_urls", ())),
                error=describe_failure(failure, self.max_size),
            ),
        )

    async def _deliver(self, meta: dict, result: FetchResult) -> None:
        try:
            pending = self.sink(meta["pw_target"], result)
            if pending is not None:
                await pending
        except Exception:  # one watch's trouble must not stop the pass
            log.exception("handling the result for %s failed", meta["pw_target"].name)


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
