#!/usr/bin/env python3
"""The ceiling for our stack: a bare Scrapy spider that fetches the URLs in a file and only hashes bodies.

python bench/ceiling.py urls.txt [concurrency]
"""

from __future__ import annotations

import hashlib
import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class HashSpider(scrapy.Spider):
    name = "ceiling"

    def __init__(self, urls: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.urls = urls
        self.digests = 0

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, dont_filter=True)

    def parse(self, response):
        hashlib.sha256(response.body).hexdigest()
        self.digests += 1


def main() -> None:
    urls = open(sys.argv[1]).read().split()
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    process = CrawlerProcess(
        {
            "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
            "LOG_LEVEL": "ERROR",
            "TELNETCONSOLE_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "COOKIES_ENABLED": False,
            "RETRY_ENABLED": False,
        }
    )
    process.crawl(HashSpider, urls=urls)
    process.start()
    print(f"{len(urls)} fetched")


if __name__ == "__main__":
    main()
