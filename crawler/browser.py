"""Pages that exist only in a browser: ``render: browser`` watches rendered by Chromium inside the crawl.

scrapy-playwright is the download handler for these requests only, so robots.txt, per-host limits,
retries and the pipeline stay the same path as for every other page; other requests keep Scrapy's
own handler. The browser starts with the first page that needs it and closes with the pass. Every
request the page makes goes through :class:`crawler.browserguard.GuardProxy`, and is first sorted
here: images, media and fonts are not fetched, other schemes are refused, popups are closed, and a
refused request or navigation is named on the check.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from policywatch.crawler.addresses import url_problem
from policywatch.crawler.settings import CrawlSettings

log = logging.getLogger("policywatch.browser")
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})
SYSTEM_CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SETTLE_TICK_MS = 250
SETTLE_TICKS = 3  # the page's text unchanged this many ticks in a row: the scripts are done writing it

# Resolves once the body's text has stopped changing (or after ``cap`` ms): text inserted by a
# script after the load event is waited for without a selector.
SETTLE_SCRIPT = """(cap) => new Promise((resolve) => {
  const started = Date.now(); let last = -1, same = 0;
  const tick = () => {
    const size = document.body ? document.body.innerText.length : 0;
    same = size === last ? same + 1 : 0; last = size;
    if (same >= TICKS || Date.now() - started > cap) { resolve(size); } else { setTimeout(tick, TICK_MS); }
  };
  tick();
})""".replace("TICKS", str(SETTLE_TICKS)).replace("TICK_MS", str(SETTLE_TICK_MS))


class BrowserUnavailable(Exception):
    """No Chromium to render with: the watch fails with how to fix it."""


def chromium_path(configured: str | None) -> str:
    if configured:
        found = shutil.which(configured)
        if not found:
            raise BrowserUnavailable(f"crawler.browser.executable {configured!r} is not an executable")
        return found
    for name in SYSTEM_CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserUnavailable(
        "render: browser needs Chromium: install it (Debian: apt-get install chromium) "
        "or set crawler.browser.executable"
    )


def handler_settings(crawl: CrawlSettings, proxy_url: str) -> dict:
    """The Scrapy settings that route ``render: browser`` requests through Chromium."""
    try:
        import scrapy_playwright  # noqa: F401
    except ImportError:
        raise BrowserUnavailable(
            "render: browser needs scrapy-playwright: pip install 'policywatch[browser]'"
        ) from None
    browser = crawl.browser
    return {
        "DOWNLOAD_HANDLERS": {
            "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
            "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        },
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": chromium_path(browser.executable),
            "headless": True,
            # every request through the guard, loopback included (Chromium bypasses proxies for it by default)
            "proxy": {"server": proxy_url, "bypass": "<-loopback>"},
            "args": [
                "--proxy-bypass-list=<-loopback>",
                "--dns-prefetch-disable",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--disable-features=NetworkPrediction,InterestFeedContentSuggestions,Translate",
            ],
            "timeout": browser.timeout * 1000,
        },
        "PLAYWRIGHT_CONTEXTS": {
            "default": {
                "accept_downloads": False,
                "service_workers": "block",
                "java_script_enabled": True,
                "user_agent": crawl.user_agent,
                "ignore_https_errors": False,
            }
        },
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": browser.pages,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": browser.timeout * 1000,
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": False,  # closed on stop, it must stay closed
    }


@dataclass
class PageGuard:
    """What one rendered page tried and was refused; kept on the Scrapy request's meta."""

    blocked: list[tuple[str, str]] = field(default_factory=list)  # (url, why)
    navigation_refused: str | None = None  # the page tried to leave for a refused address

    def block(self, url: str, why: str) -> None:
        if len(self.blocked) < 50 and (url, why) not in self.blocked:
            self.blocked.append((url, why))


class BrowserSession:
    """The browser side of one pass: request meta for each browser watch, and the page hooks."""

    def __init__(self, crawl: CrawlSettings, refused_hosts: dict[str, str]) -> None:
        self.crawl = crawl
        self.refused_hosts = refused_hosts  # the guard proxy's refusals, by host
        self._browsers: set = set()

    async def close(self) -> None:
        """Close the browser now: a stopping daemon must not wait for a page's own timeout."""
        for browser in list(self._browsers):
            try:
                await browser.close()
            except Exception:  # already gone
                pass
        self._browsers.clear()

    def meta(self, wait_for: str | None) -> dict:
        from scrapy_playwright.page import PageMethod

        browser = self.crawl.browser
        selector = wait_for or browser.wait_for
        timeout_ms = browser.timeout * 1000
        wait = (
            PageMethod("wait_for_selector", selector, state="attached", timeout=timeout_ms)
            if selector
            else PageMethod("evaluate", SETTLE_SCRIPT, min(10_000, timeout_ms / 2))
        )
        return {
            "playwright": True,
            "playwright_context": "default",
            "playwright_page_init_callback": self.init_page,
            "playwright_page_goto_kwargs": {"wait_until": "load", "timeout": timeout_ms},
            "playwright_page_methods": [wait],
            "pw_page_guard": PageGuard(),
            "pw_render_timeout": browser.timeout,
        }

    async def init_page(self, page, request) -> None:
        guard: PageGuard = request.meta["pw_page_guard"]
        first = {"done": False}
        if page.context.browser is not None:
            self._browsers.add(page.context.browser)

        async def route(route, pw_request) -> None:
            url = pw_request.url
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                guard.block(url, f"not an http(s) URL ({scheme}:)")
                return await route.abort("blockedbyclient")
            if pw_request.resource_type in SKIPPED_RESOURCES:
                return await route.abort("blockedbyclient")
            problem = url_problem(
                url, allow_private=self.crawl.allow_private_networks, allowed_networks=self.crawl.allow_networks
            )
            main = pw_request.is_navigation_request() and pw_request.frame == page.main_frame
            if problem:
                guard.block(url, problem)
                if main and first["done"]:
                    guard.navigation_refused = f"the page navigated to {url}: {problem}"
                return await route.abort("blockedbyclient")
            if main:
                first["done"] = True
            await route.fallback()

        def failed(pw_request) -> None:
            host = (urlsplit(pw_request.url).hostname or "").lower()
            why = self.refused_hosts.get(host)
            if why is None:
                return
            guard.block(pw_request.url, why)
            if pw_request.is_navigation_request() and pw_request.frame == page.main_frame:
                guard.navigation_refused = f"{pw_request.url}: {why}"

        async def popup(other) -> None:
            guard.block(other.url, "a popup window (closed)")
            await other.close()

        await page.route("**/*", route)
        page.on("requestfailed", failed)
        page.on("popup", popup)


def render_failure_is_transient(exc: BaseException) -> bool:
    """A page that did not finish loading in time may load next time; other render failures stay."""
    return type(exc).__name__ == "TimeoutError"


def describe_render_failure(exc: BaseException, meta: dict) -> str | None:
    """The reason for a failed render, or None when it is an ordinary download failure."""
    guard: PageGuard | None = meta.get("pw_page_guard")
    if guard is None:
        return None
    if guard.navigation_refused:
        return f"refused: {guard.navigation_refused}"
    if not type(exc).__module__.startswith("playwright"):
        return None  # refused by the guard or robots.txt before the browser was asked, or a plain download error
    name = type(exc).__name__
    text = str(exc)
    if name == "TimeoutError" or "Timeout" in text and "exceeded" in text:
        waited = meta.get("pw_render_timeout")
        return f"the page did not finish loading in the browser within {waited:g} s (crawler.browser.timeout)" + (
            "; or the wait_for selector never appeared" if "wait_for_selector" in text else ""
        )
    if "Executable doesn't exist" in text or "Failed to launch" in text:
        return f"the browser could not be started: {text.splitlines()[0]}"
    first = text.strip().splitlines()[0] if text.strip() else name
    return f"the browser could not render the page: {first}"
