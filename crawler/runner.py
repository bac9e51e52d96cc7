"""Running the spider in-process on the asyncio reactor.

The reactor must be installed before anything imports ``twisted.internet.reactor``; both the
one-shot ``check`` and the daemon go through :func:`install_asyncio_reactor` first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlsplit

from crawler.settings import ASYNCIO_REACTOR, CrawlSettings, scrapy_settings
from monitor.fetch import CheckTarget

log = logging.getLogger(__name__)


def install_asyncio_reactor() -> None:
    from scrapy.utils.reactor import install_reactor, is_reactor_installed, verify_installed_reactor

    if is_reactor_installed():
        verify_installed_reactor(ASYNCIO_REACTOR)
    else:
        install_reactor(ASYNCIO_REACTOR)


async def crawl(targets: Sequence[CheckTarget], settings: CrawlSettings, sink, runner_holder: list | None = None) -> None:
    """Fetch every target once; ``sink(target, FetchResult)`` is called for each, success or not.

    ``runner_holder`` receives the crawler runner, so a daemon shutting down can stop the crawl.
    """
    from scrapy.crawler import AsyncCrawlerRunner
    from twisted.internet import reactor

    from crawler.spider import PolicySpider
    from crawler.ssrf import install_resolver

    if not targets:
        return
    install_resolver(
        reactor,
        allow_private=settings.allow_private_networks,
        allowed_networks=settings.allow_networks,
        trusted_hosts=(urlsplit(settings.proxy).hostname,) if settings.proxy else (),
    )
    runner = AsyncCrawlerRunner(scrapy_settings(settings))
    if runner_holder is not None:
        runner_holder.append(runner)
    try:
        await runner.crawl(PolicySpider, targets=list(targets), sink=sink)
    finally:
        if runner_holder is not None:
            runner_holder.remove(runner)


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
