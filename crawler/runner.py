"""Running the spider in-process on the asyncio reactor.

The reactor must be installed before anything imports ``twisted.internet.reactor``; both the
one-shot ``check`` and the daemon go through :func:`install_asyncio_reactor` first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from policywatch.crawler.settings import ASYNCIO_REACTOR, CrawlSettings, scrapy_settings
from policywatch.monitor.fetch import CheckTarget

log = logging.getLogger(__name__)


def install_asyncio_reactor() -> None:
    from scrapy.utils.reactor import install_reactor, is_reactor_installed, verify_installed_reactor

    if is_reactor_installed():
        verify_installed_reactor(ASYNCIO_REACTOR)
    else:
        install_reactor(ASYNCIO_REACTOR)


async def crawl(
    targets: Sequence[CheckTarget], settings: CrawlSettings, sink, runner_holder: list | None = None
) -> None:
    """Fetch every target once; ``sink(target, FetchResult)`` is called for each, success or not.

    ``runner_holder`` receives the crawler runner, so a daemon shutting down can stop the crawl.
    """
    if not targets:
        return
    with _kept_robots(settings):
        await _crawl(targets, settings, sink, runner_holder)


@contextmanager
def _kept_robots(settings: CrawlSettings) -> Iterator[None]:
    """robots.txt rules an earlier run kept are used, and this run's are kept for the next."""
    if not (settings.obey_robots and settings.robots_cache):
        yield
        return
    from policywatch.crawler import robotsfile
    from policywatch.crawler.robots import CACHE

    path = Path(settings.robots_cache)
    robotsfile.load(CACHE, path)
    try:
        yield
    finally:
        robotsfile.save(CACHE, path)


async def _crawl(targets: Sequence[CheckTarget], settings: CrawlSettings, sink, runner_holder: list | None) -> None:
    from scrapy.crawler import AsyncCrawlerRunner
    from twisted.internet import reactor

    from policywatch.crawler.spider import PolicySpider
    from policywatch.crawler.ssrf import install_resolver

    install_resolver(
        reactor,
        allow_private=settings.allow_private_networks,
        allowed_networks=settings.allow_networks,
        trusted_hosts=(urlsplit(settings.proxy).hostname,) if settings.proxy else (),
    )
    if not any(t.render == "browser" for t in targets):
        await _run(AsyncCrawlerRunner(scrapy_settings(settings)), PolicySpider, targets, sink, None, runner_holder)
        return
    from policywatch.crawler.browser import BrowserSession, BrowserUnavailable, handler_settings
    from policywatch.crawler.browserguard import GuardProxy

    logging.getLogger("scrapy-playwright").setLevel(
        logging.ERROR
    )  # each failed page with a traceback: the check says why

    async with GuardProxy(
        allow_private=settings.allow_private_networks, allowed_networks=settings.allow_networks, upstream=settings.proxy
    ) as guard:
        unavailable, extra = None, {}
        try:
            extra = handler_settings(settings, guard.url)
        except BrowserUnavailable as exc:  # the browser watches fail with the fix; the others are fetched
            unavailable = str(exc)
        session = None if unavailable else BrowserSession(settings, guard.refused)
        runner = AsyncCrawlerRunner({**scrapy_settings(settings), **extra})
        await _run(runner, PolicySpider, targets, sink, session, runner_holder, unavailable)


async def _run(
    runner, spider, targets, sink, session, runner_holder: list | None, unavailable: str | None = None
) -> None:
    if runner_holder is not None:
        runner_holder.append(runner)
    try:
        await runner.crawl(spider, targets=list(targets), sink=sink, browser=session, browser_unavailable=unavailable)
    finally:
        if runner_holder is not None:
            runner_holder.remove(runner)


async def stop_crawl(runner) -> None:
    """Stop a crawl at once, closing its browser first: a rendering page would otherwise hold the
    stop until its own timeout."""
    for crawler in list(runner.crawlers):
        session = getattr(getattr(crawler, "spider", None), "browser", None)
        if session is not None:
            await session.close()
    await runner.stop()


def run_blocking(main: Callable[[], Awaitable[None]]) -> None:
    """Run ``main()`` on the asyncio reactor until it finishes; Ctrl-C stops it cleanly."""
    install_asyncio_reactor()
    from twisted.internet import reactor

    errors: list[BaseException] = []

    async def wrapper() -> None:
        try:
            await main()
        except BaseException as exc:  # re-raised below, outside the reactor
            errors.append(exc)
        finally:
            if reactor.running:
                reactor.stop()

    reactor.callWhenRunning(lambda: asyncio.ensure_future(wrapper()))
    reactor.run()
    if errors:
        raise errors[0]
