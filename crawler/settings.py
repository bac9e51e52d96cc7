"""Crawl settings with documented defaults, and the Scrapy settings they become."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


def _package_version() -> str:
    try:
        return version("policywatch")
    except PackageNotFoundError:
        return "dev"


DEFAULT_USER_AGENT = f"policywatch/{_package_version()} (privacy-policy change monitor; robots.txt obeyed)"


@dataclass(frozen=True)
class BrowserSettings:
    """How pages with ``render: browser`` are rendered (Chromium driven by Playwright)."""

    pages: int = 2  # pages rendered at once; each costs a renderer process (~100 MB)
    timeout: float = 30.0  # seconds for one page: loading, scripts and waiting for the text to settle
    wait_for: str | None = None  # a CSS selector that must appear before the page is read (per watch too)
    executable: str | None = None  # the Chromium binary; default: the system's chromium


def default_robots_cache() -> Path:
    """The user's cache folder ($XDG_CACHE_HOME, else ~/.cache): a cache, not data to back up."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policywatch" / "robots.json"


@dataclass(frozen=True)
class CrawlSettings:
    allow_private_networks: bool = False  # loopback/RFC1918/link-local/CGNAT are refused unless true
    allow_networks: tuple[str, ...] = ()  # CIDRs allowed even when private networks are not, e.g. an intranet
    concurrency: int = 64  # requests in flight across all hosts (per_host keeps each site polite)
    per_host: int = 2  # requests in flight to any one host
    timeout: float = 30.0  # seconds for one download
    max_size: int = 5 * 1024 * 1024  # bytes; larger bodies are refused
    retries: int = 2  # extra attempts for transient errors (timeouts, 5xx, 429)
    user_agent: str = DEFAULT_USER_AGENT
    obey_robots: bool = True
    # robots.txt rules kept between runs (a file; None: kept only while the process runs)
    robots_cache: str | None = field(default_factory=lambda: str(default_robots_cache()))
    read_processes: int = field(default_factory=lambda: min(os.cpu_count() or 1, 4))  # 0: read pages in-process
    # an HTTP proxy for every fetch and webhook; None: direct, and http_proxy/https_proxy in the
    # environment are ignored (a proxy resolves names itself, out of the address guard's sight)
    proxy: str | None = None
    browser: BrowserSettings = field(default_factory=BrowserSettings)


def scrapy_settings(crawl: CrawlSettings) -> dict:
    return {
        "TWISTED_REACTOR": ASYNCIO_REACTOR,
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": False,  # our own middleware below, without the parser race
        "POLICYWATCH_OBEY_ROBOTS": crawl.obey_robots,
        "POLICYWATCH_ALLOW_PRIVATE_NETWORKS": crawl.allow_private_networks,
        "POLICYWATCH_ALLOW_NETWORKS": list(crawl.allow_networks),
        "POLICYWATCH_PROXY": crawl.proxy,
        "HTTPPROXY_ENABLED": crawl.proxy is not None,
        "TELNETCONSOLE_ENABLED": False,
        "LOGSTATS_INTERVAL": 0,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DNS_TIMEOUT": min(crawl.timeout, 15),
        "DOWNLOAD_MAXSIZE": crawl.max_size,
        "DOWNLOAD_WARNSIZE": 0,
        "CONCURRENT_REQUESTS": crawl.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.per_host,
        "DOWNLOADER": "policywatch.crawler.downloader.PoliteDownloader",  # keeps the per-host limit
        "CONCURRENT_ITEMS": 1,  # callbacks yield nothing; Scrapy would start 100 asyncio tasks per response
        # bytes of responses still being read (policywatch.app waits for each reading) before Scrapy
        # holds back new requests: what keeps a pass of 10,000 watches as small as one of 1,000
        "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 5_000_000,
        "RETRY_TIMES": crawl.retries,
        "RETRY_GIVE_UP_LOG_LEVEL": "INFO",  # the failed check records it
        "REDIRECT_MAX_TIMES": 10,
        "COOKIES_ENABLED": False,
        "AUTOTHROTTLE_ENABLED": False,
        # many watches on one slow or Crawl-delayed host must not hold back the other hosts
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
        "HTTPCACHE_ENABLED": False,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "policywatch.crawler.ssrf.SSRFGuardMiddleware": 40,
            "policywatch.crawler.robots.RobotsMiddleware": 100,
            "policywatch.crawler.conditional.ConditionalGetMiddleware": 450,
        },
        # The base list itself: disabling an extension by name still imports it, and the remote control
        # imports aiohttp. A pass needs no telnet, items, feeds, job state or remote control.
        "EXTENSIONS_BASE": {
            f"scrapy.extensions.{name}": 0
            for name in ("corestats.CoreStats", "logcount.LogCount", "memusage.MemoryUsage", "closespider.CloseSpider")
        },
        # one request per watch and no links followed: no depth or URL-length bookkeeping
        "SPIDER_MIDDLEWARES": {
            f"scrapy.spidermiddlewares.{name}": None
            for name in (
                "urllength.UrlLengthMiddleware",
                "depth.DepthMiddleware",
                "metacopy.MetaCopyDetectionMiddleware",
            )
        },
        "DOWNLOADER_STATS": False,
    }
